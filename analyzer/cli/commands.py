"""The ``shengao`` command: a thin shell over the library. Parse options, call the library, render.

Exit status: 0 every input analysed; 1 at least one input could not be read; 2 bad usage or invalid lexicon."""
from __future__ import annotations

import gc
import re
import sys

import click

from analyzer import __version__
from analyzer.errors import IngestError, LexiconError, OutputError, UsageError

PROFILE_HELP = "文种 id（shengao lexicon list --kind profiles 列出）；缺省时按标题和文体自动判断。"


class ShengaoGroup(click.Group):
    """Maps the library's typed errors to exit codes in one place."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except LexiconError as e:
            click.echo(f"错误：{e}", err=True)
            sys.exit(2)
        except UsageError as e:
            click.echo(f"用法错误：{e}", err=True)
            sys.exit(2)
        except IngestError as e:
            click.echo(f"无法读取：{e}", err=True)
            sys.exit(1)
        except OutputError as e:
            click.echo(f"错误：{e}", err=True)
            sys.exit(1)
        except click.UsageError as e:
            _usage_exit(e)

    def parse_args(self, ctx, args):
        """The group's own options (``shengao --bogus``) fail here, before ``invoke``."""
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as e:
            _usage_exit(e)


def _usage_exit(e: click.UsageError):
    if isinstance(e, getattr(click.exceptions, "NoArgsIsHelpError", ())):
        raise e  # `shengao lexicon` alone prints its help
    where = f"（运行 {e.ctx.command_path} --help 查看用法）" if e.ctx else ""
    click.echo(f"用法错误：{usage_message(e)}{where}", err=True)
    sys.exit(2)


_PATH_ERRORS = {"does not exist": "不存在", "is a directory": "是文件夹，这里需要文件", "is a file": "是文件，这里需要文件夹",
                "is not readable": "没有读取权限", "is not writable": "没有写入权限"}


def usage_message(e: click.UsageError) -> str:
    """Click's own usage errors in Chinese: its messages are English and ship no translation."""
    x = click.exceptions
    msg = e.format_message() if not isinstance(e, x.BadParameter) else e.message
    if isinstance(e, x.NoSuchOption):
        more = f"，是否想用 {'、'.join(e.possibilities)}？" if e.possibilities else "。"
        return f"没有选项 {e.option_name}{more}"
    if isinstance(e, x.BadOptionUsage):
        return f"选项 {e.option_name} 用法有误（缺少取值或取值过多）。"
    if isinstance(e, x.BadParameter):
        param = e.param
        name = e.param_hint or (param.get_error_hint(e.ctx) if param is not None and e.ctx else "参数")
        if isinstance(name, (list, tuple)):
            name = " / ".join(name)
        if isinstance(e, x.MissingParameter):
            return f"缺少{'参数' if param is not None and param.param_type_name == 'argument' else '选项'} {name}。"
        m = re.match(r"(?:File|Directory|Path) '(.*)' (does not exist|is a directory|is a file|is not readable|is "
                     r"not writable)", msg)
        if m:
            return f"{name}：路径“{m.group(1)}”{_PATH_ERRORS[m.group(2)]}。"
        value = re.match(r"'(.*?)'", msg)
        got = f"“{value.group(1)}”" if value else ""
        if param is not None and isinstance(param.type, click.Choice):
            return f"{name} 的取值{got}无效，可选：{'、'.join(map(str, param.type.choices))}。"
        if param is not None and isinstance(param.type, (click.IntRange, click.FloatRange)) and "not in the range" in msg:
            low, high = param.type.min, param.type.max
            return f"{name} 的取值{got or _first_number(msg)}超出范围，应在 {low}–{high} 之间。"
        if param is not None and isinstance(param.type, (click.types.IntParamType, click.types.FloatParamType)):
            return f"{name} 应为数字，收到{got}。"
        return f"{name} 的取值{got}无效（{msg}）。"
    m = re.match(r"No such command '(.*)'", msg)
    if m:
        return f"没有命令“{m.group(1)}”，可用：{'、'.join(cli.commands)}。"
    m = re.match(r"Got unexpected extra arguments? \((.*)\)", msg)
    if m:
        return f"多余的参数：{m.group(1)}。"
    return f"命令行有误（{msg}）。"


def _first_number(msg: str) -> str:
    m = re.search(r"-?\d+(?:\.\d+)?", msg)
    return f"“{m.group(0)}”" if m else ""


@click.group(cls=ShengaoGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="shengao")
def cli():
    """审稿（shengao）：离线分析党建文稿——主题覆盖、规范提法、空话套话、雷同检测。"""


def _lexicon(dirs):
    from analyzer.lexicon import default_lexicon
    return default_lexicon(dirs)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--profile", metavar="ID", help=PROFILE_HELP.replace("列出）", "列出，--lexicons 词库中定义的也可用）"))
@click.option("--as-of", "as_of", metavar="YYYY-MM-DD", help="按哪一天的规范来审（缺省：文中日期，否则今天）。")
@click.option("--lexicons", "lexicons", multiple=True, type=click.Path(exists=True, file_okay=False),
              help="追加词库目录（可重复）。")
@click.option("--against", multiple=True, type=click.Path(exists=True), help="与这些文件比对雷同段落。")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "jsonl", "csv", "xlsx", "html", "docx"]),
              default="table", show_default=True)
@click.option("--out", type=click.Path(dir_okay=True), help="输出文件（xlsx、html、docx 必须指定）。")
@click.option("--jobs", type=int, default=1, show_default=True, help="并行进程数（0 = 每个核心一个；不超过核心数）。")
@click.option("--force-jobs", "force_jobs", is_flag=True, help="允许 --jobs 超过本机核心数。")
@click.option("--scheduler", metavar="tcp://HOST:PORT|local",
              help="在 Dask 集群上运行（需 pip install 'shengao[dask]'）：调度器地址，或 local 在本机启动 --jobs 个工作进程。")
@click.option("--include-text", is_flag=True, help="在报告中附带全文。")
@click.option("--db", type=click.Path(dir_okay=False), help="结果库（SQLite）路径。")
@click.option("--no-store", is_flag=True, help="不读写结果库。")
@click.option("--no-ocr", "no_ocr", is_flag=True, help="不对扫描件和图片做文字识别（OCR）。")
@click.option("--unit-pattern", "unit_pattern", metavar="REGEX",
              help="从文件名取单位名的正则（取 unit 命名组或第一组）；缺省为去掉年份后的文件名。")
def check(paths, profile, as_of, lexicons, against, fmt, out, jobs, include_text, db, no_store, no_ocr, unit_pattern,
          force_jobs, scheduler):
    """审查文稿：主题覆盖、规范提法、空话套话。

    Example: shengao check data/samples --format json
    """
    from analyzer.cli.check import run_check
    sys.exit(run_check(paths, profile=profile, as_of=as_of, lexicons=lexicons, against=against, fmt=fmt, out=out,
                       jobs=jobs, include_text=include_text, db=db, no_store=no_store, unit_pattern=unit_pattern,
                       force_jobs=force_jobs, scheduler=scheduler, ocr=not no_ocr))


@cli.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--no-ocr", "no_ocr", is_flag=True, help="不对扫描件和图片做文字识别（OCR）。")
def extract(file, no_ocr):
    """打印分析器所见的原文（报告中的位置均指向此文本）。

    Example: shengao extract data/samples/annual_summary.docx
    """
    from analyzer.ingest import DEFAULT_LIMITS
    from analyzer.pipeline import extract_text
    import dataclasses
    click.echo(extract_text(file, dataclasses.replace(DEFAULT_LIMITS, ocr=not no_ocr)), nl=False)


@cli.group()
def lexicon():
    """词库：校验与列出。"""


@lexicon.command("validate")
@click.option("--lexicons", "lexicons", multiple=True, type=click.Path(exists=True, file_okay=False))
def lexicon_validate(lexicons):
    """校验词库（出错时指明文件、条目和原因，退出码 2）。

    Example: shengao lexicon validate --lexicons my_pack/
    """
    lex = _lexicon(lexicons)
    counts = "，".join(f"{k} {len(v)} 条" for k, v in sorted(lex.entries.items()))
    click.echo(f"词库有效（版本 {lex.version}）：{counts}")


@lexicon.command("list")
@click.option("--lexicons", "lexicons", multiple=True, type=click.Path(exists=True, file_okay=False))
@click.option("--kind", help="只列出某一类（themes、rules、profiles、phrases…）。")
def lexicon_list(lexicons, kind):
    """列出词库条目。

    Example: shengao lexicon list --kind themes
    """
    lex = _lexicon(lexicons)
    for k, entries in sorted(lex.entries.items()):
        if kind and k != kind:
            continue
        for eid, e in entries.items():
            name = getattr(e, "name", "") or ""           # kinds without a name or category leave the column empty
            category = getattr(e, "category", "") or ""
            click.echo(f"{eid}\t{k}\t{name}\t{category}")


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--min-chars", type=int, default=50, show_default=True, help="雷同段落的最短字数。")
@click.option("--archive", type=click.Path(dir_okay=False),
              help="雷同档案（SQLite）：与档案中的往年文稿比对，并把本次文稿加入档案（往年的签名不重算）。")
@click.option("--scheduler", metavar="tcp://HOST:PORT|local",
              help="在 Dask 集群上计算签名和比对（需 pip install 'shengao[dask]'）；不给 --archive 时用临时档案。")
@click.option("--jobs", type=int, default=2, show_default=True, help="--scheduler local 时的工作进程数。")
def reuse(paths, fmt, min_chars, archive, scheduler, jobs):
    """检测文稿之间的雷同段落（抄袭、套用往年材料）。

    Example: shengao reuse reports/2025 --archive 雷同档案.sqlite3 --format json
    """
    from analyzer.ingest import SUPPORTED_LIST, iter_input_files
    from analyzer.batch.runner import read_all
    from analyzer.analyses.reuse.detect import find_pairs
    from analyzer.render.pairs import render_pairs
    found = len(iter_input_files(paths))
    if found < (1 if archive else 2):
        raise UsageError(f"雷同检测需要至少两份文稿，所给路径中只找到 {found} 份（支持 {SUPPORTED_LIST}）。")
    if archive or scheduler:
        from analyzer.batch.reuse_archive import run_archive_reuse
        pairs, failures = run_archive_reuse(paths, archive, scheduler, jobs, min_chars)
    else:
        docs, failures = read_all(paths)
        pairs = find_pairs(docs, min_chars=min_chars)
    click.echo(render_pairs(pairs, fmt))
    for f in failures:
        click.echo(f"无法读取 {f.path}：{f.message}", err=True)
    sys.exit(1 if failures else 0)


@cli.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--profile", metavar="ID", help=PROFILE_HELP)
@click.option("--as-of", "as_of", metavar="YYYY-MM-DD")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--lexicons", "lexicons", multiple=True, type=click.Path(exists=True, file_okay=False),
              help="追加词库目录（可重复）：其中的主题、提法和文种也用于建议。")
@click.option("--exemplars", "exemplars", multiple=True, type=click.Path(exists=True, file_okay=False),
              help="追加参考文稿文件夹（可重复）；缺省只用随软件提供的公开文件。")
def suggest(file, profile, as_of, fmt, lexicons, exemplars):
    """起草建议：缺少的主题及规范表述（附参考范例）、提法修改、空话改写方向、结构检查。

    Example: shengao suggest draft.docx --profile speech --exemplars 本单位往年材料/
    """
    from analyzer.pipeline import analyze
    from analyzer.drafting.exemplars import exemplar_set
    from analyzer.drafting.suggest import format_table, suggest as make_suggestions
    lex = _lexicon(lexicons)
    report = analyze(file, as_of=as_of, profile=profile, lexicon=lex)
    result = make_suggestions(report.document, lex, report=report, exemplars=exemplar_set(exemplars))
    if fmt == "json":
        import json
        click.echo(json.dumps({"path": report.path, **result.to_dict()}, ensure_ascii=False, indent=2))
    else:
        click.echo(format_table(result))


@cli.command()
@click.option("--port", type=click.IntRange(1, 65535), default=8501, show_default=True, help="端口（1–65535）。")
def app(port):
    """启动审稿页面（Streamlit，仅本机访问）。

    Example: shengao app --port 8600
    """
    import subprocess
    from analyzer.ui.server import streamlit_command
    click.echo(f"审稿页面：http://127.0.0.1:{port}（仅本机可访问，按 Ctrl+C 退出）")
    try:  # the privacy settings travel as flags: a wheel install has no .streamlit/config.toml
        sys.exit(subprocess.call(streamlit_command(port)))
    except KeyboardInterrupt:
        sys.exit(0)


def main():
    """The ``shengao`` program (console script, ``python -m analyzer``): the process ends when it returns."""
    _collect_cycles_less_often()
    try:
        cli(prog_name="shengao")
    finally:
        # The exit's own collection would walk every object once more to free nothing (0.75 % of the instructions
        # of a corpus check: kept for another reason). Without it, after a failed .xlsx write (full disk) the exit
        # finalises an openpyxl writer generator, which prints "Exception ignored ... SerialisationError"
        # (tests/cli/test_output.py); the writer should be closed where the error is caught.
        gc.freeze()


def _collect_cycles_less_often() -> None:
    """A run allocates millions of short-lived objects and next to no reference cycles, yet by default CPython looks
    for cycles every 700 allocations and now and then walks every live object. Worth 1.70 % of the instructions of a
    corpus check (callgrind) but ~5 % of its CPU time (the walks are memory-bound; docs/batch.md, round six): kept."""
    gc.set_threshold(50_000, 10, 10)


if __name__ == "__main__":
    main()
