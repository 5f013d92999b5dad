"""``shengao check``: batch over the inputs, render in the chosen format. Kept out of cli.py so the command
itself stays a few lines."""
from __future__ import annotations

import sys

import click

from .batch import Failure, check_paths
from .lexicon import default_lexicon
from .pipeline import parse_date
from .render.jsonout import dumps, envelope


def run_check(paths, *, profile, as_of, lexicons, against, fmt, out, jobs, include_text, db, no_store) -> int:
    lex = default_lexicon(lexicons)
    as_of_date = parse_date(as_of)
    reports, failures = [], []
    stream = open(out, "w", encoding="utf-8") if (out and fmt in ("json", "jsonl", "table", "csv")) else None
    emit = (lambda s: print(s, file=stream)) if stream else click.echo
    for item in check_paths(paths, lex, as_of=as_of_date, profile=profile, include_text=include_text):
        if isinstance(item, Failure):
            failures.append(item)
            if fmt == "jsonl":
                emit(dumps(item.to_dict()))
        else:
            reports.append(item)
            if fmt == "jsonl":
                emit(dumps(item.to_dict()))
    if fmt == "json":
        emit(dumps(envelope([r.to_dict() for r in reports], [f.to_dict() for f in failures], lex.version)))
    elif fmt == "table":
        from .render.table import render_table
        emit(render_table(reports, failures))
    elif fmt != "jsonl":
        raise click.UsageError(f"格式 {fmt} 尚未实现")
    if stream:
        stream.close()
    for f in failures:
        click.echo(f"无法读取 {f.path}［{f.error}］：{f.message}", err=True)
    return 1 if failures else 0
