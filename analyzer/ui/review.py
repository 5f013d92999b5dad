"""The 审稿 tab: uploads analysed in memory (one library call each), several compared, one in detail with its
findings beside the text, accept / ignore per finding with undo, downloads built on click from the same view.

A document's identity is its content and upload slot, never its name: two units' "2023年度党建工作总结.docx" stay
two documents, with distinct names and labels (``vocabulary.distinct_names``) in every table, chart and download."""
from __future__ import annotations

import hashlib
import io
import threading
import zipfile
from collections import OrderedDict
from dataclasses import dataclass
from html import escape

import streamlit as st

from analyzer.model import TODAY_FALLBACK_PAGE_HINT
from analyzer.batch.runner import Failure, check_bytes
from analyzer.render.docx_comments import annotate_docx, annotated_name
from analyzer.render.docx_revisions import Change, revised_name, tracked_changes
from analyzer.render.highlight import legend_html, marked_html, report_marks
from analyzer.render.html import heatmap_html, render_html
from analyzer.render.jsonout import dumps, envelope
from analyzer.render.vocabulary import (
    SCORE_HELP,
    SEVERITIES,
    OCR_DOUBT_LABEL,
    SEVERITY_LABELS,
    THEME_STATUS_HELP,
    Positions,
    accepted_types,
    as_of_label,
    distinct_names,
    finding_key,
    hollow_note,
    missing_required,
    not_yet_required,
    plain_message,
    required_category_scores,
    short_label,
    short_labels,
    shown_hollow,
    shown_report,
    theme_gaps,
)

CACHE_KEY = "sg_analyses"       # session-only memory of analysed uploads (never on disk)
PAIRS_KEY = "sg_pairs"          # session memory of the reuse pairs of the current set of uploads
DOWNLOADS_KEY = "sg_downloads"  # file name -> payload builder, as offered by the download buttons
DECISIONS_KEY = "sg_decisions"  # document id -> {finding key: "accepted" | "ignored"}
UNDO_KEY = "sg_undo"            # [(document id, finding key, previous decision or None)]
MAX_CACHED = 64
MAX_SHARED = 256                # analyses kept in the server process's memory for any session (never on disk)
MAX_SHOWN_CHARS = 300_000  # a browser tab stays responsive; the downloads carry the whole text
DECISION_LABELS = {"accepted": "已接受", "ignored": "已忽略"}
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
UPLOAD_HELP = "扫描件（PDF 中没有文字层的页面）和图片会自动做文字识别（OCR），每页需几秒。"


@dataclass
class Upload:
    slot: int
    name: str        # distinct among the uploads (the report's path)
    label: str       # short label in tables and charts
    data: bytes
    sha: str
    result: object   # Report | Failure

    @property
    def doc_id(self) -> str:
        return f"{self.sha[:16]}#{self.slot}"

    @property
    def ok(self) -> bool:
        return not isinstance(self.result, Failure)


# --- analysis -----------------------------------------------------------------------------------------------------

_SHARED: OrderedDict = OrderedDict()    # (content hash, name, settings, lexicon) -> Report | Failure; reuse pairs
_SHARED_LOCK = threading.Lock()


def _shared_analysis(key, compute):
    """An upload's analysis, once per server process: the same bytes uploaded again (another browser tab, a page
    reload, the same unit's file in a later batch) are not analysed again. In memory only, least recently used
    dropped first. Reports are never changed in place (views are copies), so sessions can share them."""
    with _SHARED_LOCK:
        if key in _SHARED:
            _SHARED.move_to_end(key)
            return _SHARED[key]
    value = compute()
    with _SHARED_LOCK:
        _SHARED[key] = value
        while len(_SHARED) > MAX_SHARED:
            _SHARED.popitem(last=False)
    return value


def analyse(files, lex, settings) -> list[Upload]:
    """Every upload once per settings: read -> analyse by ``check_bytes``, keyed by the bytes' hash (session
    memory first, then the server's)."""
    cache = st.session_state.setdefault(CACHE_KEY, {})
    names = distinct_names([f.name for f in files])
    labels = short_labels(names)
    out = []
    for slot, (f, name, label) in enumerate(zip(files, names, labels)):
        data = f.getvalue()
        sha = hashlib.sha256(data).hexdigest()
        key = (sha, name, settings.profile, settings.as_of, settings.extra, getattr(lex, "version", ""))
        if key not in cache:
            if len(cache) >= MAX_CACHED:
                cache.pop(next(iter(cache)))
            cache[key] = _shared_analysis(key, lambda: check_bytes(data, name, lex, as_of=settings.as_of,
                                                                    profile=settings.profile))
        out.append(Upload(slot, name, label, data, sha, cache[key]))
    return out


def reuse_pairs(uploads: list[Upload], lex) -> list:
    """The reuse pairs of this set of uploads, found once: a rerun (a click on a finding, another document
    picked, a filter changed) finds them in session memory, the same set uploaded again in the server's."""
    from analyzer.analyses.reuse.detect import find_pairs
    key = ("reuse", tuple((u.sha, u.name) for u in uploads), getattr(lex, "version", ""))
    memo = st.session_state.get(PAIRS_KEY)
    if memo is None or memo[0] != key:
        memo = (key, _shared_analysis(key, lambda: list(find_pairs([u.result.document for u in uploads],
                                                                   lexicon=lex))))
        st.session_state[PAIRS_KEY] = memo
    return memo[1]


_WARMED: set[int] = set()


def warm_up(lex) -> None:
    """Get the reuse detector ready in the background, once per server process and lexicon, while the reviewer
    picks files: its libraries (datasketch pulls in scipy: ~0.8 s) and the lexicon's formula matcher (~0.15 s),
    so the first comparison of several files does not wait for them."""
    if id(lex) in _WARMED:
        return
    _WARMED.add(id(lex))

    def load():
        try:
            import datasketch  # noqa: F401
            from analyzer.analyses.reuse.detect import find_pairs
            from analyzer.ingest import document_from_text
            find_pairs([document_from_text("一"), document_from_text("二")], lexicon=lex)
        except Exception:  # noqa: BLE001 — only a head start: the real call reports any problem
            pass
    threading.Thread(target=load, name="shengao-warm-up", daemon=True).start()


def decisions(u: Upload) -> dict[str, str]:
    return st.session_state.setdefault(DECISIONS_KEY, {}).setdefault(u.doc_id, {})


def view(u: Upload, settings):
    """The report as shown and downloaded: chosen severities, ignored findings set aside."""
    dropped = {k for k, v in decisions(u).items() if v == "ignored"}
    return shown_report(u.result, settings.severities, dropped)


def _decide(doc_id: str, fkey: str, value: str | None) -> None:
    book = st.session_state.setdefault(DECISIONS_KEY, {}).setdefault(doc_id, {})
    st.session_state.setdefault(UNDO_KEY, []).append((doc_id, fkey, book.get(fkey)))
    if value is None:
        book.pop(fkey, None)
    else:
        book[fkey] = value


def _undo() -> None:
    stack = st.session_state.get(UNDO_KEY) or []
    if not stack:
        return
    doc_id, fkey, previous = stack.pop()
    book = st.session_state.setdefault(DECISIONS_KEY, {}).setdefault(doc_id, {})
    if previous is None:
        book.pop(fkey, None)
    else:
        book[fkey] = previous


# --- the tab ------------------------------------------------------------------------------------------------------

def review_tab(lex, settings) -> None:
    # Any file type is taken: the reader says in Chinese what is wrong with an .exe (the uploader would only
    # show a red chip with an English message).
    warm_up(lex)
    files = st.file_uploader(f"上传文稿（可多选）：{accepted_types()}", accept_multiple_files=True, key="sg_upload",
                             help=UPLOAD_HELP)
    if not files:
        st.info(f"请上传一份或多份文稿。支持 {accepted_types()}。{UPLOAD_HELP}")
        return
    with st.spinner("正在分析…"):
        uploads = analyse(files, lex, settings)
    for u in uploads:
        if not u.ok:
            st.error(f"无法读取“{u.name}”：{plain_message(u.result.message)}")
    good = [u for u in uploads if u.ok]
    if not good:
        return
    try:
        if len(good) == 1:
            show_single(good[0], lex, settings)
        else:
            show_many(good, lex, settings)
            st.divider()
            labels = [u.label for u in good]
            pick = st.selectbox("查看单份文稿详情", range(len(good)), format_func=lambda i: labels[i],
                                key="sg_pick")
            show_single(good[pick], lex, settings)
    except Exception as e:  # a display bug must not hide the downloads below
        st.error(f"显示结果时出错（{type(e).__name__}），仍可下载报告。")
    st.divider()
    downloads(uploads, lex, settings)


def _hidden_note(u: Upload, settings) -> str:
    r = u.result
    hidden = [s for s in SEVERITIES if s not in settings.severities]
    parts = []
    counts = r.counts()
    n_hidden = sum(counts.get(s, 0) for s in hidden)
    if n_hidden:
        parts.append(f"按设置隐藏了{'、'.join(SEVERITY_LABELS[s] for s in hidden)} {n_hidden} 条")
    n_ignored = sum(v == "ignored" for v in decisions(u).values())
    if n_ignored:
        parts.append(f"已忽略 {n_ignored} 条")
    return "；".join(parts)


def show_single(u: Upload, lex, settings) -> None:
    r = u.result
    v = view(u, settings)
    where = Positions(r.document)
    st.subheader(r.document.title or u.label)
    st.caption(f"文件：{u.name} · 文种：{r.profile.name} · 审查日期：{as_of_label(r)} · "
               f"{len(r.document.text)} 字，{r.sentences} 句")
    if r.as_of_fallback:
        st.warning(TODAY_FALLBACK_PAGE_HINT)
    if r.document.ocr:
        doubt = len(r.document.ocr.get("low_confidence", ()))
        st.caption(f"扫描件：第 {'、'.join(map(str, r.document.ocr['pages']))} 页由文字识别（OCR）读出"
                   + (f"；{doubt} 处{OCR_DOUBT_LABEL}（原文中虚线框出），请对照原件核对。" if doubt else "。"))
    c = v.counts()
    cols = st.columns(4)
    cols[0].metric("覆盖度", f"{r.coverage.score:.1f}", help=SCORE_HELP["覆盖度"])
    cols[1].metric("空话度", f"{r.hollowness.score:.1f}", help=SCORE_HELP["空话度"])
    cols[2].metric("错误", c["error"] if "error" in settings.severities else "—", help=SCORE_HELP["错误"])
    cols[3].metric("警告", c["warning"] if "warning" in settings.severities else "—", help=SCORE_HELP["警告"])
    note = _hidden_note(u, settings)
    if note:
        st.caption(f"问题数、问题清单和下载都按当前设置：{note}。")

    left, right = st.columns([2, 3])
    with left:
        st.markdown("**分类覆盖**（只计必备主题，0–100，越高越好）")
        st.html(category_bars(r))
    with right:
        gaps = theme_gaps(r, lex, required_only=False)
        missing = [g for g in gaps if g.status == "missing" and g.required]
        shallow = [g for g in gaps if g.status == "shallow" and g.required]
        st.markdown("**缺少的必备主题**（需补写）")
        if missing:
            st.dataframe([{"主题": g.name, "类别": g.category, "可用的规范表述": g.wording or "—"} for g in missing],
                         hide_index=True, use_container_width=True,
                         column_config={"可用的规范表述": st.column_config.TextColumn(width="large")})
        else:
            st.caption("必备主题都已写到。")
        st.markdown("**只有口号的必备主题**（已提及，需写实：补具体做法、数字或成效，不必再加表述）")
        st.caption("、".join(g.name for g in shallow) if shallow else "无。")
        later = not_yet_required(r)
        if later:
            st.caption(f"按审查日期尚不要求：{'、'.join(later)}（{THEME_STATUS_HELP['not_applicable']}）。")

    text_col, panel_col = st.columns([3, 2])
    marks = report_marks(v, severities=settings.severities, hollow=settings.show_hollow,
                         themes=settings.show_themes)
    shown = r.document.text[:MAX_SHOWN_CHARS]
    with text_col:
        st.markdown("**原文标注**（鼠标停在标注处可看问题与建议）")
        st.html(f'{legend_html(marks)}<div class="sg-pane" id="sg-pane"><div class="sg-text">'
                f'{marked_html(shown, marks, id_prefix="sg")}</div></div>')
        if len(shown) < len(r.document.text):
            st.caption(f"全文 {len(r.document.text)} 字，页面只显示前 {MAX_SHOWN_CHARS} 字；完整标注请下载。")
    with panel_col:
        findings_panel(u, v, where, settings)
    hollow_list(r, where)


def category_bars(r) -> str:
    """Required-theme score per category on a fixed 0–100 axis, in the lexicon's category order."""
    cats = required_category_scores(r)
    if not cats:
        return '<p class="sg-help">暂无必备主题。</p>'
    rows = "".join(f'<div class="row"><span class="cat">{escape(c)}</span><span class="track">'
                   f'<span class="fill" style="display:block;width:{score:.0f}%"></span></span>'
                   f'<span class="val">{score:.0f}</span></div>' for c, score, _n, _m in cats)
    return f'<div class="sg-bars">{rows}<div class="axis"><span>0</span><span>50</span><span>100</span></div></div>'


def findings_panel(u: Upload, v, where: Positions, settings) -> None:
    book = decisions(u)
    findings = [f for f in u.result.findings if f.severity in settings.severities]
    st.markdown(f"**问题清单**（{len(v.findings)} 条；点位置跳到原文）")
    if st.session_state.get(UNDO_KEY):
        st.button("撤销上一步", key=f"undo-{u.doc_id}", on_click=_undo)
    if not findings:
        st.caption("未发现提法问题。" if not u.result.findings else "按当前设置没有要显示的问题。")
        return
    with st.container(height=min(600, 120 + 150 * len(findings)), border=False):
        for f in findings:
            k = finding_key(f)
            state = book.get(k)
            fix = f" → **{f.suggestions[0]}**" if f.suggestions else ""
            status = f"（{DECISION_LABELS[state]}）" if state else ""
            st.markdown(f"[{where.label(f.start)}](#sg-{f.start}) · {SEVERITY_LABELS[f.severity]}{status}  \n"
                        f"“{_md(f.text)}”{fix}  \n{_md(f.message)}")
            if f.basis:
                st.caption(f"依据：{f.basis}")
            b1, b2, _ = st.columns([1, 1, 2])
            if state is None:
                if f.suggestions:
                    b1.button("接受", key=f"acc-{u.doc_id}-{k}", on_click=_decide, args=(u.doc_id, k, "accepted"))
                b2.button("忽略", key=f"ign-{u.doc_id}-{k}", on_click=_decide, args=(u.doc_id, k, "ignored"))
            else:
                b1.button("恢复", key=f"rst-{u.doc_id}-{k}", on_click=_decide, args=(u.doc_id, k, None))


def hollow_list(r, where: Positions) -> None:
    hollow = shown_hollow(r)
    with st.expander(f"空话套话（{len(hollow)} 句）：逐句原因", expanded=False):
        if not hollow:
            st.caption("没有判为空话的句子。")
            return
        st.dataframe([{"位置": where.label(s.start), "句子": s.text, "原因": hollow_note(s)} for s in hollow],
                     hide_index=True, use_container_width=True,
                     column_config={"句子": st.column_config.TextColumn(width="large"),
                                    "原因": st.column_config.TextColumn(width="medium")})


def _md(text: str) -> str:
    from analyzer.ui.drafting_tab import md
    return md(text)


# --- several documents --------------------------------------------------------------------------------------------

def show_many(uploads: list[Upload], lex, settings) -> None:
    st.subheader(f"对比：{len(uploads)} 份文稿")
    rows = []
    for u in uploads:
        r, c = u.result, view(u, settings).counts()
        rows.append({"文稿": u.label, "覆盖度": round(r.coverage.score, 1), "空话度": round(r.hollowness.score, 1),
                     "错误": c["error"], "警告": c["warning"], "缺少必备主题": len(missing_required(r)),
                     "文种": r.profile.name, "字数": len(r.document.text)})
    rows.sort(key=lambda x: (-x["覆盖度"], x["空话度"]))
    for i, row in enumerate(rows, 1):
        row["排名"] = i
    st.markdown("**排名**（按覆盖度从高到低，点列名可重新排序）")
    st.dataframe(rows, hide_index=True, use_container_width=True, height=min(38 + 35 * len(rows), 400),
                 column_order=["排名", "文稿", "覆盖度", "空话度", "错误", "警告", "缺少必备主题", "文种", "字数"],
                 column_config={
                     "覆盖度": st.column_config.ProgressColumn("覆盖度", help=SCORE_HELP["覆盖度"], min_value=0,
                                                             max_value=100, format="%.1f"),
                     "空话度": st.column_config.NumberColumn("空话度", help=SCORE_HELP["空话度"], format="%.1f"),
                     "排名": st.column_config.NumberColumn("排名", width="small"),
                 })
    st.markdown("**主题 × 文稿**（按类别分组，点类别展开）")
    st.html(heatmap_html([u.result for u in uploads], [u.label for u in uploads]))
    show_reuse(uploads, lex)


def show_reuse(uploads: list[Upload], lex) -> None:
    st.markdown("**文稿之间的雷同段落**")
    try:
        pairs = reuse_pairs(uploads, lex)
    except Exception as e:  # a reuse failure must not hide the rest
        st.caption(f"雷同检测暂不可用（{type(e).__name__}）。")
        return
    floor = st.slider("只显示雷同占比不低于（%）", 0, 100, 5, key="sg_reuse_floor")
    pairs = [p for p in pairs if 100 * max(p.a_share, p.b_share) >= max(floor, 0.5)]
    if not pairs:
        st.caption("未发现雷同段落。" if floor <= 5 else "没有达到该比例的雷同。")
        return
    by_name = {u.name: u for u in uploads}
    st.dataframe([{"文稿甲": by_name[p.a].label, "文稿乙": by_name[p.b].label,
                   "甲中雷同占比": f"{100 * p.a_share:.0f}%", "乙中雷同占比": f"{100 * p.b_share:.0f}%",
                   "雷同段落数": len(p.passages)} for p in pairs], hide_index=True, use_container_width=True)
    for p in pairs:
        a, b = by_name[p.a], by_name[p.b]
        with st.expander(f"{a.label} ↔ {b.label}：{len(p.passages)} 段"):
            wa, wb = Positions(a.result.document), Positions(b.result.document)
            for a0, a1, b0, b1, _text in p.passages[:20]:
                st.html(f'<div class="sg-reuse"><div><b>{escape(a.label)} {wa.label(a0)}</b>\n'
                        f'{_context(a.result.document.text, a0, a1)}</div><div><b>{escape(b.label)} {wb.label(b0)}'
                        f'</b>\n{_context(b.result.document.text, b0, b1)}</div></div>')


def _context(text: str, a: int, b: int, around: int = 40) -> str:
    s, e = max(0, a - around), min(len(text), b + around)
    return (("…" if s else "") + escape(text[s:a]) + f"<mark>{escape(text[a:b])}</mark>" + escape(text[b:e])
            + ("…" if e < len(text) else ""))


# --- downloads ----------------------------------------------------------------------------------------------------

def _accepted_changes(u: Upload) -> list[Change]:
    book = decisions(u)
    return [Change(f.start, f.end, f.suggestions[0]) for f in u.result.findings
            if f.suggestions and book.get(finding_key(f)) == "accepted"]


def downloads(uploads: list[Upload], lex, settings) -> None:
    """Every download is built from the same view as the page (severities, ignored findings); built on click."""
    good = [u for u in uploads if u.ok]
    failures = [u.result for u in uploads if not u.ok]
    views = [view(u, settings) for u in good]
    note = _download_note(good, settings)
    lex_version = getattr(lex, "version", "")
    stem = short_label(good[0].name, 60) if len(good) == 1 else "审稿报告"
    offers = {
        f"{stem}.json": ("下载 JSON", "application/json", lambda: dumps(envelope(
            [r.to_dict() for r in views], [f.to_dict() for f in failures], lex_version)).encode("utf-8")),
        f"{stem}.html": ("下载 HTML 报告", "text/html", lambda: render_html(
            views, failures, lexicon=lex, severities=settings.severities, note=note).encode("utf-8")),
        f"{stem}.xlsx": ("下载 Excel", XLSX_MIME, lambda: _xlsx(views, failures, [u.label for u in good])),
    }
    if len(good) == 1:
        u, r = good[0], views[0]
        offers[annotated_name(u.name)] = ("下载带批注的 Word 文档", DOCX_MIME, lambda: annotate_docx(
            r, u.data if r.document.format == "docx" else None, severities=settings.severities, lexicon=lex).data)
    else:
        offers[f"{stem}_批注.zip"] = ("下载带批注的 Word 文档（zip）", "application/zip",
                                     lambda: _docx_zip(good, views, settings, lex))
    # decisions are read now: the builders run on click, outside this script run (no session state there)
    revisable = [(u, changes) for u in good if (changes := _accepted_changes(u))]
    if len(revisable) == 1 and len(good) == 1:
        u, changes = revisable[0]
        offers[revised_name(u.name)] = ("下载修订版 Word（已接受的修改为修订痕迹）", DOCX_MIME, lambda: tracked_changes(
            u.result, changes, u.data if u.result.document.format == "docx" else None).data)
    elif revisable:
        offers["修订版.zip"] = ("下载修订版 Word（zip，已接受的修改为修订痕迹）", "application/zip",
                              lambda: _revised_zip(revisable))
    st.session_state[DOWNLOADS_KEY] = {name: build for name, (_, _, build) in offers.items()}
    if note:
        st.caption(f"下载内容{note}。")
    items = list(offers.items())
    for row in range(0, len(items), 3):   # rows of three: readable in a narrow window too
        cols = st.columns(3)
        for col, (name, (label, mime, build)) in zip(cols, items[row:row + 3]):
            col.download_button(label, data=build, file_name=name, mime=mime, key=f"dl-{name}", on_click="ignore")


def _download_note(good: list[Upload], settings) -> str:
    hidden = [SEVERITY_LABELS[s] for s in SEVERITIES if s not in settings.severities]
    ignored = sum(sum(v == "ignored" for v in decisions(u).values()) for u in good)
    parts = []
    if hidden:
        parts.append(f"不含{'、'.join(hidden)}（按页面设置隐藏）")
    if ignored:
        parts.append(f"不含已忽略的 {ignored} 条")
    return "，".join(parts)


def _xlsx(reports, failures, units) -> bytes:
    from analyzer.render.xlsx import write_xlsx
    buf = io.BytesIO()
    write_xlsx(buf, reports, failures, units)
    return buf.getvalue()


def _docx_zip(uploads: list[Upload], views, settings, lex) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        used: set[str] = set()
        for u, r in zip(uploads, views):
            name = annotated_name(u.name, taken=used)
            used.add(name)
            original = u.data if r.document.format == "docx" else None
            z.writestr(name, annotate_docx(r, original, severities=settings.severities, lexicon=lex).data)
    return buf.getvalue()


def _revised_zip(revisable: list[tuple[Upload, list[Change]]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for u, changes in revisable:
            original = u.data if u.result.document.format == "docx" else None
            z.writestr(revised_name(u.name), tracked_changes(u.result, changes, original).data)
    return buf.getvalue()
