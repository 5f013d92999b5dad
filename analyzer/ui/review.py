"""The 审稿 tab: uploads analysed in memory, one document in detail, several compared, downloads built on
click. Layout only: the analysis and every rendering come from the library."""
from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import streamlit as st

from analyzer.batch.runner import Failure
from analyzer.errors import ShengaoError
from analyzer.ingest import read_bytes
from analyzer.pipeline import analyze_document
from analyzer.render.docx_comments import annotate_docx, annotated_name
from analyzer.render.highlight import CSS, KIND_LABELS, legend_html, marked_html, report_marks
from analyzer.render.html import AS_OF_SOURCE, category_scores, heatmap_html, missing_themes, render_html
from analyzer.render.jsonout import dumps, envelope

# Legacy formats are accepted so the reader can say how to convert them, rather than the uploader refusing mutely.
UPLOAD_TYPES = ["txt", "md", "docx", "pdf", "doc", "wps", "rtf"]
CACHE_KEY = "sg_analyses"       # session-only memory of analysed uploads (never on disk)
DOWNLOADS_KEY = "sg_downloads"  # file name -> payload builder, as offered by the download buttons
MAX_CACHED = 64
MAX_SHOWN_CHARS = 300_000  # a browser tab stays responsive; the downloads carry the whole text


def analyse(files, lex, profile, as_of, extra):
    """(reports, failures, originals by path). Each upload is analysed once per settings, kept in session memory."""
    cache = st.session_state.setdefault(CACHE_KEY, {})
    reports, failures, originals = [], [], {}
    for f in files:
        data = f.getvalue()
        key = (hashlib.sha256(data).hexdigest(), f.name, profile, as_of, extra)
        if key not in cache:
            if len(cache) >= MAX_CACHED:
                cache.pop(next(iter(cache)))
            cache[key] = _analyse_one(data, f.name, lex, profile, as_of)
        result = cache[key]
        if isinstance(result, Failure):
            failures.append(result)
        else:
            reports.append(result)
            originals[result.path] = data
    return reports, failures, originals


def _analyse_one(data: bytes, name: str, lex, profile, as_of):
    try:
        doc = read_bytes(data, Path(name).suffix or ".txt", name=name)
        return analyze_document(doc, lex, as_of=as_of, profile=profile)
    except ShengaoError as e:  # IngestError and its kinds carry a Chinese message
        return Failure(name, e.code, e.message)
    except Exception as e:  # a bad file must never take the page down
        return Failure(name, "internal_error", f"分析时出现意外错误（{type(e).__name__}），请将文件另存后重试。")


def show_failures(failures):
    for f in failures:
        st.error(f"无法读取“{f.path}”：{f.message}")


def show_single(r, lex, severities, show_hollow, show_themes, key: str):
    st.subheader(r.document.title or r.path)
    source = AS_OF_SOURCE.get(r.as_of_source, r.as_of_source)
    st.caption(f"文件：{r.path} · 文种：{r.profile.name} · 审查日期：{r.as_of.isoformat()}（{source}） · "
               f"{len(r.document.text)} 字，{r.sentences} 句")
    c = r.counts()
    cols = st.columns(4)
    cols[0].metric("覆盖度", f"{r.coverage.score:.1f}")
    cols[1].metric("空话度", f"{r.hollowness.score:.1f}")
    cols[2].metric("错误", c["error"])
    cols[3].metric("警告", c["warning"])

    cats = category_scores(r)
    left, right = st.columns(2)
    with left:
        st.markdown("**分类覆盖**")
        if cats:
            import pandas as pd
            df = pd.DataFrame({"类别": [x[0] for x in cats], "得分": [round(x[1], 1) for x in cats]})
            st.bar_chart(df, x="类别", y="得分", height=260)
        else:
            st.caption("暂无主题覆盖结果。")
    with right:
        st.markdown("**缺失或浅提及的主题**")
        missing = missing_themes(r, lex)
        if missing:
            st.dataframe([{"主题": n, "类别": cat, "必备": "是" if req else "", "建议使用的规范表述": w or "—"}
                          for n, cat, w, req in missing], hide_index=True)
        else:
            st.caption("没有缺失的主题。")

    st.markdown("**原文标注**（鼠标停在标注处可看问题与建议）")
    marks = report_marks(r, severities=severities, hollow=show_hollow, themes=show_themes)
    shown = r.document.text[:MAX_SHOWN_CHARS]
    st.html(f"<style>{CSS}</style>{legend_html()}"
            f'<div class="sg-text">{marked_html(shown, marks, id_prefix="sg")}</div>')
    if len(shown) < len(r.document.text):
        st.caption(f"全文 {len(r.document.text)} 字，页面只显示前 {MAX_SHOWN_CHARS} 字；完整标注请下载 HTML 报告或 Word 文档。")

    st.markdown("**问题清单**")
    findings = [f for f in r.findings if f.severity in severities]
    cats_f = sorted({f.category for f in findings})
    fc1, fc2 = st.columns([1, 2])
    pick = fc1.multiselect("类别", cats_f, default=cats_f, key=f"cat-{key}")
    query = fc2.text_input("搜索原文或说明", key=f"q-{key}").strip()
    rows = [{"位置": f.start, "级别": KIND_LABELS[f.severity], "类别": f.category, "原文": f.text, "问题": f.message,
             "建议": "／".join(f.suggestions), "依据": f.basis, "规则": f.rule}
            for f in findings if f.category in pick and (not query or query in f.text or query in f.message)]
    if rows:
        st.dataframe(rows, hide_index=True)
    else:
        st.caption("未发现提法问题。")


def show_many(reports, lex):
    st.subheader(f"对比：{len(reports)} 份文稿")
    rows = []
    for r in reports:
        c = r.counts()
        rows.append({"文件": r.path, "标题": r.document.title or "", "文种": r.profile.name,
                     "覆盖度": round(r.coverage.score, 1), "空话度": round(r.hollowness.score, 1),
                     "错误": c["error"], "警告": c["warning"], "提示": c["info"], "字数": len(r.document.text)})
    st.dataframe(rows, hide_index=True)
    st.markdown("**主题 × 文稿**（数字为提及次数，颜色越深越充分；✗ 为缺失）")
    st.html(heatmap_html(reports))
    show_reuse(reports, lex)


def show_reuse(reports, lex):
    st.markdown("**文稿之间的雷同段落**")
    try:
        from analyzer.analyses.reuse.detect import find_pairs
    except ImportError:
        st.caption("雷同检测模块尚未安装。")
        return
    try:
        pairs = list(find_pairs([r.document for r in reports], lexicon=lex))
    except Exception as e:  # the reuse module is another team's; its failure must not hide the rest
        st.caption(f"雷同检测暂不可用（{type(e).__name__}）。")
        return
    if not pairs:
        st.caption("未发现雷同段落。")
        return
    st.dataframe([{"文稿甲": p.a, "文稿乙": p.b, "甲中雷同占比": f"{100 * p.a_share:.0f}%",
                   "乙中雷同占比": f"{100 * p.b_share:.0f}%", "雷同段落数": len(p.passages)} for p in pairs],
                 hide_index=True)
    for p in pairs:
        with st.expander(f"{p.a} ↔ {p.b}：{len(p.passages)} 段"):
            for a0, a1, b0, b1, text in p.passages[:20]:
                st.markdown(f"- 甲 {a0}–{a1} ↔ 乙 {b0}–{b1}：{_clip(text, 120)}")


def _clip(s: str, n: int) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[:n - 1] + "…"


def xlsx_builder(reports, failures):
    """The Excel export lives in analyzer.render.xlsx (another module); None when it is not there. openpyxl saves
    into a BytesIO, so nothing touches the disk."""
    try:
        from analyzer.render.xlsx import write_xlsx
    except ImportError:
        return None

    def build():
        buf = io.BytesIO()
        write_xlsx(buf, reports, failures)
        return buf.getvalue()
    return build


def downloads(reports, failures, originals, lex, severities, key: str):
    """Download buttons; contents are built only when clicked (deferred), so reruns stay fast."""
    lex_version = getattr(lex, "version", "")
    stem = Path(reports[0].path).stem if len(reports) == 1 else "审稿报告"
    offers = {
        f"{stem}.json": ("下载 JSON", "application/json", lambda: dumps(envelope(
            [r.to_dict() for r in reports], [f.to_dict() for f in failures], lex_version)).encode("utf-8")),
        f"{stem}.html": ("下载 HTML 报告", "text/html", lambda: render_html(
            reports, failures, lexicon=lex, severities=severities).encode("utf-8")),
    }
    xb = xlsx_builder(reports, failures)
    if xb is not None:
        offers[f"{stem}.xlsx"] = ("下载 Excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xb)
    docx_mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    if len(reports) == 1:
        r = reports[0]
        offers[annotated_name(r.path)] = ("下载带批注的 Word 文档", docx_mime, lambda: annotate_docx(
            r, originals.get(r.path), severities=severities, lexicon=lex).data)
    else:
        offers[f"{stem}_批注.zip"] = ("下载带批注的 Word 文档（zip）", "application/zip",
                                     lambda: _docx_zip(reports, originals, severities, lex))
    st.session_state[DOWNLOADS_KEY] = {name: build for name, (_, _, build) in offers.items()}
    cols = st.columns(len(offers))
    for col, (name, (label, mime, build)) in zip(cols, offers.items()):
        col.download_button(label, data=build, file_name=name, mime=mime, key=f"dl-{key}-{name}",
                            on_click="ignore")
    if xb is None:
        st.caption("Excel 导出模块尚未安装。")


def _docx_zip(reports, originals, severities, lex) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        used = set()
        for r in reports:
            name = annotated_name(r.path, taken=used)
            used.add(name)
            z.writestr(name, annotate_docx(r, originals.get(r.path), severities=severities, lexicon=lex).data)
    return buf.getvalue()


def review_tab(lex, profile, as_of, extra, severities, show_hollow, show_themes):
    files = st.file_uploader("上传文稿（可多选）：.txt .md .docx .pdf", type=UPLOAD_TYPES, accept_multiple_files=True)
    if not files:
        st.info("请上传一份或多份文稿。支持 Word（.docx）、PDF（含文字层）和纯文本。")
        return
    with st.spinner("正在分析…"):
        reports, failures, originals = analyse(files, lex, profile, as_of, extra)
    show_failures(failures)
    if not reports:
        return
    try:
        if len(reports) == 1:
            show_single(reports[0], lex, severities, show_hollow, show_themes, key="one")
        else:
            show_many(reports, lex)
            st.divider()
            names = [r.path for r in reports]
            pick = st.selectbox("查看单份文稿详情", names)
            show_single(reports[names.index(pick)], lex, severities, show_hollow, show_themes, key="pick")
    except Exception as e:  # a display bug must not hide the downloads below
        st.error(f"显示结果时出错（{type(e).__name__}），仍可下载报告。")
    st.divider()
    downloads(reports, failures, originals, lex, severities, key="all")


