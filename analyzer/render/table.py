"""Plain terminal table of a batch: what a reviewer reads first.

One summary line per document, then per document its coverage by category (required themes covered / shallow /
missing, and how many other themes it mentions) and the missing required themes by their canonical names,
which is what the writer has to add. Columns are padded by display width (a Chinese character takes two)."""
from __future__ import annotations

import unicodedata

from analyzer.model import TODAY_FALLBACK_HINT, Report
from analyzer.render.vocabulary import (LIST_SEP, Positions, as_of_label, category_order,
                                        missing_required, not_yet_required, severity_label, shallow_required,
                                        shown_hollow)


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


def render_findings(r: Report) -> list[str]:
    """Every formulation finding: where (line), what, the first suggestion, why."""
    if not r.findings:
        return []
    if not r.coverage.themes:
        out = [f"{r.path}："]
    else:
        out = []
    out.append(f"  规范提法问题 {len(r.findings)} 处：")
    where = Positions(r.document)
    for f in r.findings:
        fix = f" → {f.suggestions[0]}" if f.suggestions else ""
        out.append(f"    [{severity_label(f.severity)}] {where.label(f.start)}“{f.text}”{fix}：{f.message}")
    return out


HOLLOW_SHOWN = 3


def render_hollow(r: Report) -> list[str]:
    """The hollowest body sentences (at most three) with their reasons: where a writer should start."""
    shown = shown_hollow(r)
    hollow = sorted(shown, key=lambda s: (-s.score, s.start))[:HOLLOW_SHOWN]
    if not hollow:
        return []
    total = len(shown)
    out = [f"  空话套话 {total} 句，最空的{len(hollow)}句："]
    where = Positions(r.document)
    for s in hollow:
        out.append(f"    {where.label(s.start)}“{_short_text(s.text, 40)}”：{LIST_SEP.join(s.reasons[:2])}")
    return out


def _short_text(s: str, n: int) -> str:
    return s if len(s) <= n else s[:n - 1] + "…"


def render_coverage(r: Report) -> list[str]:
    """The coverage block of one report."""
    themes = r.coverage.themes
    out = [f"{r.path}：{r.profile.name}，按 {as_of_label(r)}判断，主题覆盖度 {r.coverage.score:.1f}"]
    if r.as_of_fallback:
        out.append(f"  注意：{TODAY_FALLBACK_HINT}")
    elif r.as_of_source == "document" and r.as_of_evidence is not None:
        out.append(f"  日期依据：{r.as_of_evidence.describe()}")
    widths = (14, 6, 6, 6, 6, 8)
    out.append("  " + _row(("类别", "必备", "已覆盖", "浅表", "缺失", "其他提及"), widths))
    for cat in category_order(r):
        req = [t for t in themes if t.category == cat and t.required]
        other = [t for t in themes if t.category == cat and not t.required and t.mentions > 0]
        if not req and not other:
            continue
        counts = [sum(t.status == s for t in req) for s in ("covered", "shallow", "missing")]
        out.append("  " + _row((cat, str(len(req)), *map(str, counts), str(len(other))), widths))
    missing, shallow, not_yet = missing_required(r), shallow_required(r), not_yet_required(r)
    out.append("  缺少的必备主题：" + (LIST_SEP.join(missing) if missing else "无"))
    if shallow:
        out.append("  仅有口号、缺少具体内容：" + LIST_SEP.join(shallow))
    if not_yet:
        out.append("  按判断日期尚不要求：" + LIST_SEP.join(not_yet))
    return out


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
