"""``shengao check``: batch over the inputs, render in the chosen format. Kept out of cli.py so the command
itself stays a few lines; heavy renderers (openpyxl, html) are imported only for the format that needs them."""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
import sys
from contextlib import ExitStack, nullcontext

import click

from analyzer.analyses.profiles import check_profile
from analyzer.batch.runner import Checked, Failure, check_batch, read_all
from analyzer.cli.output import atomic_open, atomic_path, check_out
from analyzer.errors import UsageError
from analyzer.ingest import DEFAULT_LIMITS, SUPPORTED_LIST, iter_input_files
from analyzer.lexicon import default_lexicon
from analyzer.pipeline import parse_date
from analyzer.render.jsonout import dumps, envelope

NEEDS_OUT = {"xlsx": "Excel 文件（.xlsx）", "html": "网页文件（.html）", "docx": "输出文件夹"}
STREAMED = ("json", "jsonl", "table")     # formats written through one text stream (stdout or --out)


@dataclass
class CheckRun:
    """A ``check`` invocation with every option validated: usage errors surface before any document is read."""
    files: list
    fmt: str
    out: str | None
    lexicon: object
    batch: dict                           # keyword arguments of ``check_batch``
    against: object = None                # reuse function for --against, or None
    others: list = field(default_factory=list)
    failures: list = field(default_factory=list)
    checked: list = field(default_factory=list)


def run_check(paths, *, profile, as_of, lexicons, against, fmt, out, jobs, include_text, db, no_store,
              unit_pattern=None, force_jobs=False, scheduler=None, ocr=True) -> int:
    """The whole command: validate, run the batch (jsonl lines leave as documents finish), render, report failures.
    Exit status 1 when an input could not be read (DESIGN.md)."""
    run = plan(paths, profile=profile, as_of=as_of, lexicons=lexicons, against=against, fmt=fmt, out=out, jobs=jobs,
               include_text=include_text, unit_pattern=unit_pattern, force_jobs=force_jobs, scheduler=scheduler,
               ocr=ocr)
    with ExitStack() as outputs:   # --out files: written beside the target, renamed into place when complete
        stream = outputs.enter_context(atomic_open(out, encoding="utf-8")) if out and fmt in STREAMED else None
        fh = stream or sys.stdout
        collect(run, _store(db, no_store), fh)
        RENDERERS[fmt](run, fh)
    if not ocr:   # scanned pages skipped: said on the terminal too, whatever the output format
        from analyzer.analyses.unread import notes
        for c in run.checked:
            for note in notes(c.record.to_dict()):
                click.echo(f"注意：{c.path}：{note}", err=True)
    from analyzer.analyses import integrity
    for c in run.checked:       # damaged files: said on the terminal whatever the output format
        if f'"{integrity.RULE}"' in c.record.json_text:
            for note in integrity.notes(c.record.to_dict()):
                click.echo(f"注意：{c.path}：{note}", err=True)
    for f in run.failures:
        click.echo(f"无法读取 {f.path}［{f.error}］：{f.message}", err=True)
    return 1 if run.failures else 0


def plan(paths, *, profile, as_of, lexicons, against, fmt, out, jobs, include_text, unit_pattern, force_jobs,
         scheduler, ocr) -> CheckRun:
    """Check every option and the inputs before any work (a bad --out must not cost a whole analysis)."""
    if fmt in NEEDS_OUT and not out:
        raise UsageError(f"--format {fmt} 需要用 --out 指定{NEEDS_OUT[fmt]}，例如：--out 结果.{fmt}")
    if unit_pattern:
        try:
            re.compile(unit_pattern)
        except re.error as e:
            raise UsageError(f"--unit-pattern 不是有效的正则表达式：{e}") from None
    if scheduler is not None:
        from analyzer.batch.dask_runner import check_address
        scheduler = check_address(scheduler)
    lex = default_lexicon(lexicons)
    check_profile(profile, lex)             # ids come from the loaded lexicon, packs included
    as_of_date = parse_date(as_of)
    files = iter_input_files(paths)
    if not files:
        raise UsageError(f"没有找到可分析的文件：所给文件夹中没有 {SUPPORTED_LIST} 文件。")
    check_out(out, folder=fmt == "docx", inputs=[*files, *iter_input_files(against)] if against else files)
    reuse_against, others, failures = _against(against)
    batch = dict(lexicon_dirs=lexicons, jobs=jobs, as_of=as_of_date, profile=profile,
                 include_text=include_text, unit_pattern=unit_pattern, force_jobs=force_jobs, scheduler=scheduler,
                 documents=fmt not in ("json", "jsonl") or reuse_against is not None,
                 limits=DEFAULT_LIMITS if ocr else replace(DEFAULT_LIMITS, ocr=False))
    return CheckRun(files, fmt, out, lex, batch, reuse_against, others, failures)


def _store(db, no_store):
    if no_store:
        return None
    from analyzer.batch.store import default_db_path, open_store
    return open_store(db or default_db_path(), warn=lambda message: click.echo(message, err=True))


def collect(run: CheckRun, store, fh) -> None:
    """Run the batch into ``run.checked`` / ``run.failures`` (sorted by path); ``--format jsonl`` writes each
    document's line as soon as it is done."""
    try:
        with _progress(len(run.files)) as advance:
            for item in check_batch(run.files, store=store, **run.batch):
                advance()
                if isinstance(item, Failure):
                    run.failures.append(item)
                else:
                    if run.against is not None:
                        doc = item.report.document
                        item.record.reuse = run.against(doc, [o for o in run.others if o.path != doc.path],
                                                        min_chars=50)
                    run.checked.append(item)
                if run.fmt == "jsonl":
                    fh.write((dumps(item.to_dict()) if isinstance(item, Failure) else item.record.json()) + "\n")
                    fh.flush()
    finally:
        if store is not None:
            store.close()
    run.checked.sort(key=lambda c: c.path)
    run.failures.sort(key=lambda f: f.path)


def _reports(run: CheckRun) -> list:
    return [c.report for c in run.checked]


def _json(run: CheckRun, fh) -> None:
    write_envelope(fh, [c.record.json() for c in run.checked], [f.to_dict() for f in run.failures],
                   run.lexicon.version)


def _table(run: CheckRun, fh) -> None:
    from analyzer.render.table import render_table
    fh.write(render_table(_reports(run), run.failures) + "\n")
    fh.flush()


def _csv(run: CheckRun, fh) -> None:
    from analyzer.render.csvout import render_csv, write_csv
    units = [c.unit for c in run.checked]
    if run.out:
        with atomic_path(run.out) as tmp:
            write_csv(tmp, _reports(run), units)
    else:
        click.echo(render_csv(_reports(run), units), nl=False)


def _xlsx(run: CheckRun, fh) -> None:
    from analyzer.render.xlsx import write_xlsx
    with atomic_path(run.out) as tmp:
        write_xlsx(tmp, _reports(run), run.failures, [c.unit for c in run.checked])


def _html(run: CheckRun, fh) -> None:
    from analyzer.render.html import render_html
    with atomic_open(run.out, encoding="utf-8") as page:
        page.write(render_html(_reports(run), run.failures, lexicon=run.lexicon))


def _docx(run: CheckRun, fh) -> None:
    from analyzer.render.docx_comments import write_annotated_docs
    write_annotated_docs(_reports(run), run.out, lexicon=run.lexicon)


RENDERERS = {"json": _json, "jsonl": lambda run, fh: None, "table": _table, "csv": _csv, "xlsx": _xlsx,
             "html": _html, "docx": _docx}


def write_envelope(fh, report_texts: list[str], failures: list[dict], lexicon_version: str) -> None:
    """The ``--format json`` envelope, each report's JSON written as is: for a big batch this is tens of MB, so
    no decode/re-encode and no one giant string."""
    text = dumps(envelope([], failures, lexicon_version))
    cut = text.index('"reports": []') + len('"reports": [')
    fh.write(text[:cut])
    for i, t in enumerate(report_texts):
        if i:
            fh.write(", ")
        fh.write(t)
    fh.write(text[cut:] + "\n")
    fh.flush()


def _against(paths) -> tuple:
    """The ``--against`` documents, read once; (function, documents, failures)."""
    if not paths:
        return None, [], []
    from analyzer.analyses.reuse.detect import against
    docs, failures = read_all(paths)
    return against, docs, failures


def _progress(total: int):
    """A progress bar on stderr when a person is watching (a TTY); nothing in pipes, logs and tests."""
    if total < 2 or not sys.stderr.isatty():
        return nullcontext(lambda: None)
    return _RichProgress(total)


class _RichProgress:
    def __init__(self, total: int):
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
        self.progress = Progress(TextColumn("审查中"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                                 console=Console(stderr=True), transient=True)
        self.total = total

    def __enter__(self):
        self.progress.__enter__()
        task = self.progress.add_task("check", total=self.total)
        return lambda: self.progress.advance(task)

    def __exit__(self, *exc):
        return self.progress.__exit__(*exc)
