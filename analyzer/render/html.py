"""One self-contained HTML page for a batch: overview table, then each document with its flagged spans in context.

The page is sent to people on intranet machines and opened from mail or a share: no scripts, no fonts, no external
assets, and every string from a document or a lexicon is escaped."""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from html import escape

from analyzer import __version__
from analyzer.analyses.coverage import category_scores
from analyzer.model import Report
from analyzer.render.highlight import (
    CSS as HIGHLIGHT_CSS,
    KIND_LABELS,
    SEVERITIES,
    legend_html,
    marked_html,
    report_marks,
)

STATUS_LABELS = {"covered": "已覆盖", "shallow": "浅提及", "missing": "缺失", "not_applicable": "不适用"}
AS_OF_SOURCE = {"option": "指定", "document": "取自文中日期", "today": "当天"}

PAGE_CSS = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei","PingFang SC",sans-serif;margin:2em auto;
max-width:1100px;color:#222;padding:0 1em;}
table{border-collapse:collapse;margin:.6em 0 1.2em;font-size:14px;}
th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top;}
th{background:#f3f3f3;} td.num{text-align:right;font-variant-numeric:tabular-nums;}
section.doc{border-top:3px solid #b22;margin-top:2.5em;padding-top:.5em;}
.cards{display:flex;gap:1em;flex-wrap:wrap;margin:.5em 0;}
.card{border:1px solid #ddd;border-radius:6px;padding:.5em 1em;min-width:7em;}
.card b{display:block;font-size:1.6em;}
.sev-error{color:#c00;font-weight:bold;} .sev-warning{color:#b07000;} .sev-info{color:#2a5db0;}
.bar{display:inline-block;height:.8em;background:#5aa65a;vertical-align:middle;}
.heat td.cell{text-align:center;min-width:3em;}
.failure{color:#a00;}
"""


def render_html(reports: list[Report], failures=(), *, lexicon=None, severities=SEVERITIES,
                title: str = "审稿报告") -> str:
    """The whole page. ``failures`` are objects with ``path``, ``error`` and ``message`` (batch.Failure)."""
    body = [f"<h1>{escape(title)}</h1>",
            f"<p>共 {len(reports)} 份文稿"
            + (f"，{len(list(failures))} 份无法读取" if failures else "")
            + f"。shengao {escape(__version__)}，生成于 {dt.date.today().isoformat()}。</p>",
            overview_table(reports)]
    if failures:
        body.append(failures_table(failures))
    if len(reports) > 1:
        body.append("<h2>主题覆盖对比</h2>" + heatmap_html(reports))
    for i, r in enumerate(reports):
        body.append(document_section(r, i, lexicon=lexicon, severities=severities))
    return ("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
            f"<title>{escape(title)}</title><style>{PAGE_CSS}{HIGHLIGHT_CSS}</style></head>"
            f"<body>{''.join(body)}</body></html>\n")


def overview_table(reports: list[Report]) -> str:
    rows = []
    for i, r in enumerate(reports):
        c = r.counts()
        rows.append(f'<tr><td><a href="#doc-{i}">{escape(r.path)}</a></td><td>{escape(r.document.title or "")}</td>'
                    f"<td>{escape(r.profile.name)}</td><td>{r.as_of.isoformat()}</td>"
                    f'<td class="num">{r.coverage.score:.1f}</td><td class="num">{r.hollowness.score:.1f}</td>'
                    f'<td class="num">{c["error"]}</td><td class="num">{c["warning"]}</td>'
                    f'<td class="num">{c["info"]}</td></tr>')
    return ('<table class="overview"><tr><th>文件</th><th>标题</th><th>文种</th><th>审查日期</th><th>覆盖度</th>'
            "<th>空话度</th><th>错误</th><th>警告</th><th>提示</th></tr>" + "".join(rows) + "</table>")


def failures_table(failures) -> str:
    rows = "".join(f'<tr class="failure"><td>{escape(str(f.path))}</td><td>{escape(f.error)}</td>'
                   f"<td>{escape(f.message)}</td></tr>" for f in failures)
    return f"<h2>无法读取的文件</h2><table><tr><th>文件</th><th>原因代码</th><th>说明</th></tr>{rows}</table>"


def heatmap_html(reports: list[Report]) -> str:
    """Theme x document table shaded by depth; a missing required theme shows a red cross."""
    names: dict[str, str] = {}
    for r in reports:
        for t in r.coverage.themes:
            names.setdefault(t.id, t.name)
    if not names:
        return "<p>（暂无主题覆盖结果）</p>"
    head = "".join(f"<th>{escape(_short(r.document.title or r.path))}</th>" for r in reports)
    rows = []
    for tid, name in names.items():
        cells = []
        for r in reports:
            t = next((t for t in r.coverage.themes if t.id == tid), None)
            cells.append(_heat_cell(t))
        rows.append(f"<tr><th>{escape(name)}</th>{''.join(cells)}</tr>")
    return f'<table class="heat"><tr><th>主题</th>{head}</tr>{"".join(rows)}</table>'


def _heat_cell(t) -> str:
    if t is None or t.status == "not_applicable":
        return '<td class="cell" style="color:#999">—</td>'
    if t.status == "missing":
        style = "background:#ffd6d6;color:#a00" if t.required else "background:#f6f6f6;color:#888"
        return f'<td class="cell" style="{style}" title="缺失">✗</td>'
    depth = max(0.0, min(1.0, float(t.depth)))
    green = int(235 - 120 * depth)
    return (f'<td class="cell" style="background:rgb({green - 20},{green + 15},{green - 20})" '
            f'title="{STATUS_LABELS[t.status]}，提及 {t.mentions} 次">{t.mentions}</td>')


def theme_wording(lexicon, theme_id: str) -> str:
    """The canonical wording a writer should use for a theme (``canonical`` or ``template`` in the theme entry),
    or "" when the lexicon has none. Entries may be dataclasses or raw mappings."""
    if lexicon is None:
        return ""
    try:
        entry = lexicon.kind("themes").get(theme_id)
    except Exception:  # a lexicon without themes
        return ""
    for key in ("canonical", "template"):
        val = getattr(entry, key, None)
        if val is None and isinstance(entry, Mapping):
            val = entry.get(key)
        if isinstance(val, (list, tuple)):
            val = "；".join(map(str, val))
        if val:
            return str(val)
    return ""


def missing_themes(report: Report, lexicon=None) -> list[tuple[str, str, str, bool]]:
    """(name, category, wording to use, required) for each missing or shallow theme, required ones first."""
    out = [(t.name, t.category, theme_wording(lexicon, t.id), t.required, t.status)
           for t in report.coverage.themes if t.status in ("missing", "shallow")]
    out.sort(key=lambda x: (not x[3], x[4] != "missing"))
    return [x[:4] for x in out]


def document_section(r: Report, index: int, *, lexicon=None, severities=SEVERITIES) -> str:
    c = r.counts()
    parts = [f'<section class="doc" id="doc-{index}"><h2>{escape(r.document.title or r.path)}</h2>',
             f"<p>文件：{escape(r.path)}；文种：{escape(r.profile.name)}；审查日期：{r.as_of.isoformat()}"
             f"（{AS_OF_SOURCE.get(r.as_of_source, r.as_of_source)}）；{len(r.document.text)} 字，{r.sentences} 句</p>",
             '<div class="cards">'
             f'<div class="card">覆盖度<b>{r.coverage.score:.1f}</b></div>'
             f'<div class="card">空话度<b>{r.hollowness.score:.1f}</b></div>'
             f'<div class="card">错误<b class="sev-error">{c["error"]}</b></div>'
             f'<div class="card">警告<b class="sev-warning">{c["warning"]}</b></div>'
             f'<div class="card">提示<b class="sev-info">{c["info"]}</b></div></div>']
    cats = category_scores(r)
    if cats:
        rows = "".join(f"<tr><td>{escape(cat)}</td><td class=\"num\">{n_cov}/{n}</td><td>"
                       f'<span class="bar" style="width:{score * 2:.0f}px"></span> {score:.0f}</td></tr>'
                       for cat, score, n_cov, n in cats)
        parts.append(f"<h3>分类覆盖</h3><table><tr><th>类别</th><th>已覆盖</th><th>得分</th></tr>{rows}</table>")
    missing = missing_themes(r, lexicon)
    if missing:
        rows = "".join(f"<tr><td>{escape(n)}{'（必备）' if req else ''}</td><td>{escape(cat)}</td>"
                       f"<td>{escape(w) or '—'}</td></tr>" for n, cat, w, req in missing)
        parts.append("<h3>缺失或浅提及的主题</h3><table><tr><th>主题</th><th>类别</th><th>建议使用的规范表述</th></tr>"
                     f"{rows}</table>")
    marks = report_marks(r, severities=severities)
    parts.append("<h3>原文标注</h3>" + legend_html()
                 + f'<div class="sg-text">{marked_html(r.document.text, marks, id_prefix=f"d{index}")}</div>')
    parts.append(findings_table(r, severities))
    parts.append("</section>")
    return "".join(parts)


def findings_table(r: Report, severities=SEVERITIES) -> str:
    rows = []
    for f in r.findings:
        if f.severity not in severities:
            continue
        rows.append(f'<tr><td class="num">{f.start}</td><td class="sev-{f.severity}">{KIND_LABELS[f.severity]}</td>'
                    f"<td>{escape(f.text)}</td><td>{escape(f.message)}</td>"
                    f"<td>{escape('／'.join(f.suggestions))}</td><td>{escape(f.basis)}</td>"
                    f"<td>{escape(f.rule)}</td></tr>")
    if not rows:
        return "<h3>问题清单</h3><p>未发现提法问题。</p>"
    return ("<h3>问题清单</h3><table class=\"findings\"><tr><th>位置</th><th>级别</th><th>原文</th><th>问题</th>"
            f"<th>建议</th><th>依据</th><th>规则</th></tr>{''.join(rows)}</table>")


def _short(s: str, n: int = 12) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"
