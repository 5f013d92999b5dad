"""Plain terminal table of a batch: what a reviewer reads first.

One summary line per document, then per document its coverage by category (required themes covered / shallow /
missing, and how many other themes it mentions) and the missing required themes by their canonical names,
which is what the writer has to add. Columns are padded by display width (a Chinese character takes two)."""
from __future__ import annotations

import unicodedata

from analyzer.model import Report, ThemeResult


def render_table(reports: list[Report], failures: list) -> str:
    widths = (30, 16, 10, 6, 6, 4, 4)
    lines = [_row(("文件", "文种", "判断日期", "覆盖度", "空话度", "错误", "警告"), widths, left=3)]
    for r in reports:
        c = r.counts()
        lines.append(_row((_short(r.path, 30), r.profile.name, r.as_of.isoformat(), f"{r.coverage.score:.1f}",
                           f"{r.hollowness.score:.1f}", str(c["error"]), str(c["warning"])), widths, left=3))
    for f in failures:
        lines.append(f"{_pad(_short(f.path, 30), 30)} 无法读取［{f.error}］：{f.message}")
    for r in reports:
        block = (render_coverage(r) if r.coverage.themes else []) + render_findings(r) + render_hollow(r)
        if block:
            lines += ["", *block]
    return "\n".join(lines)


SEVERITY_NAMES = {"error": "错误", "warning": "警告", "info": "提示"}


def _line_no(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def render_findings(r: Report) -> list[str]:
    """Every formulation finding: where (line), what, the first suggestion, why."""
    if not r.findings:
        return []
    if not r.coverage.themes:
        out = [f"{r.path}："]
    else:
        out = []
    out.append(f"  规范提法问题 {len(r.findings)} 处：")
    for f in r.findings:
        fix = f" → {f.suggestions[0]}" if f.suggestions else ""
        out.append(f"    [{SEVERITY_NAMES.get(f.severity, f.severity)}] 第{_line_no(r.document.text, f.start)}行"
                   f"“{f.text}”{fix}：{f.message}")
    return out


HOLLOW_SHOWN = 3


def render_hollow(r: Report) -> list[str]:
    """The hollowest body sentences (at most three) with their reasons: where a writer should start."""
    heads = [(p.start, p.end) for p in r.document.paragraphs if p.kind == "heading"]
    body = [s for s in r.hollowness.sentences
            if s.label == "hollow" and s.reasons and not any(a <= s.start < b for a, b in heads)]
    hollow = sorted(body, key=lambda s: (-s.score, s.start))[:HOLLOW_SHOWN]
    if not hollow:
        return []
    total = sum(s.label == "hollow" for s in r.hollowness.sentences)
    out = [f"  空话套话 {total} 句，最空的{len(hollow)}句："]
    for s in hollow:
        out.append(f"    第{_line_no(r.document.text, s.start)}行“{_short_text(s.text, 40)}”：{'；'.join(s.reasons[:2])}")
    return out


def _short_text(s: str, n: int) -> str:
    return s if len(s) <= n else s[:n - 1] + "…"


def render_coverage(r: Report) -> list[str]:
    """The coverage block of one report."""
    themes = r.coverage.themes
    source = {"option": "指定", "document": "文中日期", "today": "今天"}.get(r.as_of_source, r.as_of_source)
    out = [f"{r.path}：{r.profile.name}，按 {r.as_of.isoformat()}（{source}）判断，主题覆盖度 {r.coverage.score:.1f}"]
    widths = (14, 6, 6, 6, 6, 8)
    out.append("  " + _row(("类别", "必备", "已覆盖", "浅表", "缺失", "其他提及"), widths))
    for cat in _categories(themes):
        req = [t for t in themes if t.category == cat and t.required]
        other = [t for t in themes if t.category == cat and not t.required and t.mentions > 0]
        if not req and not other:
            continue
        counts = [sum(t.status == s for t in req) for s in ("covered", "shallow", "missing")]
        out.append("  " + _row((cat, str(len(req)), *map(str, counts), str(len(other))), widths))
    missing = [t.name for t in themes if t.required and t.status == "missing"]
    shallow = [t.name for t in themes if t.required and t.status == "shallow"]
    not_yet = [t.name for t in themes if t.weight > 0 and t.status == "not_applicable"]
    out.append("  缺少的必备主题：" + ("；".join(missing) if missing else "无"))
    if shallow:
        out.append("  仅有口号、缺少具体内容：" + "；".join(shallow))
    if not_yet:
        out.append("  按判断日期尚不要求：" + "；".join(not_yet))
    return out


def _categories(themes: list[ThemeResult]) -> list[str]:
    """Categories in the lexicon's display order. Coverage lists required themes first, each group in that
    order, so the order is read from the (larger) group of other themes, then the required group."""
    order: dict[str, int] = {}
    for group in (False, True):
        for t in themes:
            if t.required is group:
                order.setdefault(t.category, len(order))
    return sorted(order, key=order.get)


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def _pad(s: str, w: int) -> str:
    return s + " " * max(0, w - _width(s))


def _row(cells, widths, left: int = 1) -> str:
    """The first ``left`` cells left-aligned, the rest (numbers) right-aligned."""
    out = []
    for i, (c, w) in enumerate(zip(cells, widths)):
        out.append(_pad(c, w) if i < left else " " * max(0, w - _width(c)) + c)
    return " ".join(out)


def _short(s: str, n: int) -> str:
    return s if len(s) <= n else "…" + s[-(n - 1):]
