"""One flat row per document, the shape reviewers sort and filter in Excel; shared by csv and xlsx so both
always carry the same columns and the same numbers as the JSON report (rounded as ``Report.to_dict`` rounds)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from analyzer.model import Report
from analyzer.render.vocabulary import LIST_SEP, Positions, missing_required, severity_label


@dataclass(frozen=True)
class Column:
    key: str
    header: str         # Chinese, what the reviewer reads
    kind: str = "text"  # text | score (0..100) | count
    width: int = 12     # in Excel character units


BASE_COLUMNS = (
    Column("unit", "单位", "text", 22),
    Column("file", "文件", "text", 36),
    Column("title", "标题", "text", 36),
    Column("as_of", "判断日期", "text", 11),
    Column("profile", "文种", "text", 16),
    Column("coverage", "覆盖度", "score", 9),
)
TAIL_COLUMNS = (
    Column("hollowness", "空话度", "score", 9),
    Column("errors", "错误", "count", 7),
    Column("warnings", "警告", "count", 7),
    Column("missing", "缺失主题", "text", 40),
)
FINDING_COLUMNS = (
    Column("file", "文件", "text", 36), Column("unit", "单位", "text", 22), Column("rule", "规则", "text", 24),
    Column("category", "类别", "text", 12), Column("severity", "严重程度", "text", 10),
    Column("where", "位置", "text", 10),
    Column("start", "起", "count", 8), Column("end", "止", "count", 8), Column("text", "原文", "text", 30),
    Column("message", "说明", "text", 50), Column("suggestions", "建议", "text", 30),
    Column("basis", "依据", "text", 30),
)
FAILURE_COLUMNS = (Column("file", "文件", "text", 48), Column("error", "错误代码", "text", 18),
                   Column("message", "说明", "text", 70))


def category_key(category: str) -> str:
    return f"category:{category}"


def columns_for(reports: list[Report]) -> list[Column]:
    """The base columns, one coverage column per category (in the order the lexicon lists them), the tail."""
    cats: list[str] = []
    for r in reports:
        for t in r.coverage.themes:
            if t.category not in cats:
                cats.append(t.category)
    return [*BASE_COLUMNS, *(Column(category_key(c), f"覆盖度·{c}", "score", 10) for c in cats), *TAIL_COLUMNS]


def document_row(report: Report, unit: str | None = None) -> dict:
    counts = report.counts()
    row = {
        "unit": unit if unit is not None else Path(report.path).stem,
        "file": report.path,
        "title": report.document.title or "",
        "as_of": report.as_of.isoformat(),
        "profile": report.profile.name,
        "coverage": round(float(report.coverage.score), 2),
        "hollowness": round(float(report.hollowness.score), 2),
        "errors": counts["error"],
        "warnings": counts["warning"],
        "missing": LIST_SEP.join(missing_required(report)),
    }
    for cat, score, _covered, _n in report.coverage.category_scores():
        row[category_key(cat)] = round(score, 2)
    return row


def document_rows(reports: list[Report], units: list[str] | None = None) -> tuple[list[Column], list[list]]:
    """Columns and one row of values per report, ``None`` where a category does not apply to a document."""
    cols = columns_for(reports)
    rows = []
    for i, r in enumerate(reports):
        d = document_row(r, units[i] if units else None)
        rows.append([d.get(c.key) for c in cols])
    return cols, rows


def finding_rows(reports: list[Report], units: list[str] | None = None) -> list[list]:
    out = []
    for i, r in enumerate(reports):
        unit = units[i] if units else Path(r.path).stem
        where = Positions(r.document)
        for f in r.findings:
            out.append([r.path, unit, f.rule, f.category, severity_label(f.severity), where.label(f.start), f.start,
                        f.end, f.text, f.message, LIST_SEP.join(f.suggestions), f.basis])
    return out


def failure_rows(failures) -> list[list]:
    return [[f.path, f.error, f.message] for f in failures]
