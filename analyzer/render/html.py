"""One self-contained HTML page for a batch: overview table, then each document with its flagged spans in context.

The page is sent to people on intranet machines and opened from mail or a share: no scripts, no fonts, no external
assets, and every string from a document or a lexicon is escaped."""
from __future__ import annotations

import datetime as dt
from html import escape

from analyzer import __version__
from analyzer.model import Report
from analyzer.render.highlight import CSS as HIGHLIGHT_CSS, legend_html, marked_html, report_marks
from analyzer.render.vocabulary import (
    SEVERITIES,
    THEME_STATUS_LABELS,
    Positions,
    as_of_label,
    not_yet_required,
    required_category_scores,
    severity_label,
    theme_gaps,
)

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
                title: str = "审稿报告", note: str = "") -> str:
    """The whole page. ``failures`` are objects with ``path``, ``error`` and ``message`` (batch.Failure)."""
    body = [f"<h1>{escape(title)}</h1>",
            f"<p>共 {len(reports)} 份文稿"
            + (f"，{len(list(failures))} 份无法读取" if failures else "")
            + f"。shengao {escape(__version__)}，生成于 {dt.date.today().isoformat()}。</p>"
            + (f"<p><b>{escape(note)}</b></p>" if note else ""),
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


HEAT_LEGEND = ("数字为提及次数，绿色越深写得越充分；"
               '<span class="heat-miss">✗</span> 缺少必备主题；<span class="heat-opt">✗</span> 未提及（非必备）；'
               '<span class="heat-na">—</span> 按审查日期尚不要求。')
HEAT_CSS = """
.heat-wrap{overflow-x:auto;max-width:100%;}
.heat{border-collapse:collapse;table-layout:fixed;margin:0;font-size:13px;}
.heat th,.heat td{border:1px solid #ddd;padding:2px 3px;width:2.6em;text-align:center;overflow:hidden;}
.heat th.theme{width:10em;text-align:left;white-space:nowrap;text-overflow:ellipsis;}
.heat th.doc{height:7.5em;vertical-align:bottom;}
.heat th.doc span{writing-mode:vertical-rl;white-space:nowrap;max-height:7.5em;overflow:hidden;display:inline-block;}
.heat-wrap details summary{cursor:pointer;list-style:none;} .heat-wrap details summary::-webkit-details-marker{display:none;}
.heat-miss{color:#a00;background:#ffd6d6;padding:0 .2em;} .heat-opt{color:#888;background:#f6f6f6;padding:0 .2em;}
.heat-na{color:#999;} .heat-cat{background:#f3f3f3;text-align:left;} .heat-legend{font-size:13px;color:#444;}
""" + "".join(f".heat td.h{k}{{background:rgb({g - 20},{g + 15},{g - 20});}}"
              for k, g in ((k, int(235 - 120 * k / 5)) for k in range(6)))
# A cell is its class and its text: with 24 documents the map has ~2,600 cells, so no per-cell style or tooltip
# where the legend says it (✗, —); shaded cells keep their status and count as a tooltip.


def heatmap_html(reports: list[Report], labels: list[str] | None = None, *, open_all: bool | None = None) -> str:
    """Theme x document, grouped by category: each category a collapsible block whose summary row gives the
    category's required-theme score per document; inside, one row per theme shaded by depth. Columns are the
    documents' short labels (the same labels as every other table). With many documents the blocks start closed."""
    from analyzer.render.vocabulary import category_order, required_category_scores, short_label
    labels = labels or [short_label(r.path) for r in reports]
    themes: dict[str, tuple[str, str]] = {}
    order: dict[str, int] = {}
    for r in reports:
        for t in r.coverage.themes:
            themes.setdefault(t.id, (t.name, t.category))
        for c, i in category_order(r).items():
            order.setdefault(c, len(order) + i)
    if not themes:
        return "<p>（暂无主题覆盖结果）</p>"
    opened = len(reports) <= 4 if open_all is None else open_all
    cols = '<colgroup><col style="width:10em">' + '<col style="width:2.6em">' * len(reports) + "</colgroup>"
    head = "".join(f'<th class="doc" title="{escape(lb)}"><span>{escape(lb)}</span></th>' for lb in labels)
    by_id = [{t.id: t for t in r.coverage.themes} for r in reports]
    cat_scores = [dict((c, sc) for c, sc, _n, _m in required_category_scores(r)) for r in reports]
    blocks = [f'<table class="heat">{cols}<tr><th class="theme">主题</th>{head}</tr></table>']
    for cat in sorted({c for _, c in themes.values()}, key=lambda c: order.get(c, len(order))):
        ids = [tid for tid, (_, c) in themes.items() if c == cat]
        summary = "".join(f'<td class="heat-cat">{f"{m[cat]:.0f}" if cat in m else ""}</td>' for m in cat_scores)
        rows = []
        for tid in ids:
            cells = "".join(_heat_cell(m.get(tid)) for m in by_id)
            rows.append(f'<tr><th class="theme" title="{escape(themes[tid][0])}">{escape(themes[tid][0])}</th>{cells}</tr>')
        blocks.append(f'<details{" open" if opened else ""}><summary><table class="heat">{cols}<tr>'
                      f'<th class="theme heat-cat" title="点击展开或收起">▸ {escape(cat)}（{len(ids)}）</th>{summary}</tr>'
                      f'</table></summary><table class="heat">{cols}{"".join(rows)}</table></details>')
    return (f'<style>{HEAT_CSS}</style><p class="heat-legend">{HEAT_LEGEND} 类别行的数字为该类必备主题得分（0–100）。</p>'
            f'<div class="heat-wrap">{"".join(blocks)}</div>')


def _heat_cell(t) -> str:
    if t is None or t.status == "not_applicable":
        return '<td class="heat-na">—</td>'
    if t.status == "missing":
        return f'<td class="{"heat-miss" if t.required else "heat-opt"}">✗</td>'
    shade = round(5 * max(0.0, min(1.0, float(t.depth))))
    return f'<td class="h{shade}" title="{THEME_STATUS_LABELS[t.status]}，提及 {t.mentions} 次">{t.mentions}</td>'


def document_section(r: Report, index: int, *, lexicon=None, severities=SEVERITIES) -> str:
    c = r.counts()
    parts = [f'<section class="doc" id="doc-{index}"><h2>{escape(r.document.title or r.path)}</h2>',
             f"<p>文件：{escape(r.path)}；文种：{escape(r.profile.name)}；审查日期：{as_of_label(r)}；"
             f"{len(r.document.text)} 字，{r.sentences} 句</p>",
             '<div class="cards">'
             f'<div class="card">覆盖度<b>{r.coverage.score:.1f}</b></div>'
             f'<div class="card">空话度<b>{r.hollowness.score:.1f}</b></div>'
             f'<div class="card">错误<b class="sev-error">{c["error"]}</b></div>'
             f'<div class="card">警告<b class="sev-warning">{c["warning"]}</b></div>'
             f'<div class="card">提示<b class="sev-info">{c["info"]}</b></div></div>']
    cats = required_category_scores(r)
    if cats:
        rows = "".join(f"<tr><td>{escape(cat)}</td><td class=\"num\">{n_cov}/{n}</td><td>"
                       f'<span class="bar" style="width:{score * 2:.0f}px"></span> {score:.0f}</td></tr>'
                       for cat, score, n_cov, n in cats)
        parts.append("<h3>分类覆盖（必备主题，0–100）</h3><table><tr><th>类别</th><th>已覆盖</th><th>得分</th></tr>"
                     f"{rows}</table>")
    gaps = theme_gaps(r, lexicon)
    if gaps:
        rows = "".join(f"<tr><td>{escape(g.name)}{'（必备）' if g.required else ''}</td><td>{escape(g.category)}</td>"
                       f"<td>{g.status_label}</td><td>{escape(g.advice)}</td></tr>" for g in gaps)
        parts.append("<h3>缺失或浅提及的主题</h3><table><tr><th>主题</th><th>类别</th><th>情况</th><th>怎么改</th></tr>"
                     f"{rows}</table>")
    not_yet = not_yet_required(r)
    if not_yet:
        parts.append(f"<p>按审查日期尚不要求：{escape('；'.join(not_yet))}</p>")
    marks = report_marks(r, severities=severities)
    parts.append("<h3>原文标注</h3>" + legend_html(marks)
                 + f'<div class="sg-text">{marked_html(r.document.text, marks, id_prefix=f"d{index}")}</div>')
    parts.append(findings_table(r, severities))
    parts.append("</section>")
    return "".join(parts)


def findings_table(r: Report, severities=SEVERITIES) -> str:
    rows = []
    where = Positions(r.document)
    for f in r.findings:
        if f.severity not in severities:
            continue
        rows.append(f'<tr><td>{where.label(f.start)}</td><td class="sev-{f.severity}">{severity_label(f.severity)}</td>'
                    f"<td>{escape(f.text)}</td><td>{escape(f.message)}</td>"
                    f"<td>{escape('／'.join(f.suggestions))}</td><td>{escape(f.basis)}</td>"
                    f"<td>{escape(f.rule)}</td></tr>")
    if not rows:
        return "<h3>问题清单</h3><p>未发现提法问题。</p>"
    return ("<h3>问题清单</h3><table class=\"findings\"><tr><th>位置</th><th>级别</th><th>原文</th><th>问题</th>"
            f"<th>建议</th><th>依据</th><th>规则</th></tr>{''.join(rows)}</table>")
