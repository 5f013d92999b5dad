"""The 起草 (drafting) tab: write or paste a draft, see the suggestions update, apply fixes with one click, export.

Layout only: suggestions come from ``analyzer.suggest``, fixes are applied with ``analyzer.edits.apply``, reference
sentences come from ``analyzer.drafting.exemplars`` (the shipped reference set plus an optional folder of the
unit's own); this module wires widgets to them. ``app.py`` calls ``render(st,
lexicon)`` inside its 起草 tab; every widget key starts with ``draft_`` so nothing clashes with the review tab."""
from __future__ import annotations

import datetime as dt
import io
import re
from contextlib import contextmanager
from typing import Any, Iterator, Sized

from analyzer.drafting.edits import Edit, apply, edits_between
from analyzer.drafting.insert import score_draft, theme_insertion
from analyzer.errors import ShengaoError
from analyzer.drafting.exemplars import exemplar_set
from analyzer.ingest import read_bytes
from analyzer.analyses.profiles import profile_names
from analyzer.drafting.suggest import Fix, Suggestions, suggest

TEXT = "draft_text"            # the draft itself (the text area's state)
UPLOAD_SIG = "draft_upload_sig"
MEMO = "draft_memo"            # (text, profile, as_of) -> Suggestions of the last run
EXPORT = "draft_export"        # the .docx bytes offered for download (kept for tests and reruns)
EXPORT_FOR = "draft_export_for"  # the text those bytes were built from
NOTICE = "draft_notice"        # (kind, message) shown once after a click
ORIGINAL = "draft_original"    # (bytes, file name, Document) of an uploaded .docx: the export edits it in place
HISTORY = "draft_history"      # earlier drafts, for undo
MAX_HISTORY = 50
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DEFAULT_PROFILE = "speech"
_MD_SPECIAL = re.compile(r"([\\`*_\[\]()#+\-.!|<>~{}])")


def md(text: str) -> str:
    """Draft text shown inside markdown must not turn into lists, links or emphasis."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def draft_docx(text: str) -> bytes:
    """The revised draft as a .docx, one Word paragraph per line, built in memory (nothing touches the disk)."""
    from docx import Document as DocxDocument
    doc = DocxDocument()
    for line in text.split("\n"):
        doc.add_paragraph(line)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def text_from_upload(data: bytes, name: str) -> str:
    suffix = "." + name.rsplit(".", 1)[-1] if "." in name else ""
    return read_bytes(data, suffix, name=name).text


# --- callbacks (run before the next rerun, so they may set the text area's state) ------------------------------

def _apply_edits(st, edits: list[Edit], label: str) -> None:
    before = st.session_state.get(TEXT, "")
    try:
        st.session_state[TEXT] = apply(before, edits).text
        st.session_state[NOTICE] = ("success", label)
        history = st.session_state.setdefault(HISTORY, [])
        history.append(before)
        del history[:-MAX_HISTORY]
    except ShengaoError as e:
        st.session_state[NOTICE] = ("error", e.message)


def _undo(st) -> None:
    history = st.session_state.get(HISTORY) or []
    if history:
        st.session_state[TEXT] = history.pop()
        st.session_state[NOTICE] = ("info", "已撤销上一步修改。")


def _insert_theme(st, name: str, category: str, sentence: str, lexicon) -> None:
    """Put the theme where it belongs in the draft as it is at click time (``analyzer.drafting.insert``)."""
    text = st.session_state.get(TEXT, "")
    ins = theme_insertion(text, name, category, sentence, lexicon)
    if ins is None:
        st.session_state[NOTICE] = ("error", f"词库中没有“{name}”的规范表述。")
        return
    how = "写入该处最具体的一句" if ins.woven else "作为新段落放在结尾之前"
    _apply_edits(st, [ins.edit], f"已在第{ins.where}行{how}：“{ins.text.strip()}”。")


# --- the tab -----------------------------------------------------------------------------------------------------

_OWN = object()   # render() called alone (tests, a one-tab page): the tab shows its own profile/date controls


def render(st, lexicon, *, profile=_OWN, as_of=None) -> Suggestions | None:
    """Lay out the drafting tab; returns the suggestions shown (None for an empty draft). The review page passes
    its one set of settings (``profile`` None: detected from the draft)."""
    state = st.session_state
    state.setdefault(TEXT, "")
    _upload(st)
    if profile is _OWN:
        profile, as_of = _settings(st, lexicon)
    else:
        st.caption("文种和审查日期按页面上方的“审查设置”（两个标签页共用）。")
    st.text_area("文稿（粘贴、输入，或从上方文件开始）", key=TEXT, height=360,
                 help="修改后按 Ctrl+Enter 或点击空白处，建议即时更新。")
    notice = state.pop(NOTICE, None)
    if notice:
        getattr(st, notice[0])(notice[1])
    if state.get(HISTORY):
        st.button("撤销上一步", key="draft_undo", on_click=_undo, args=(st,))
    text = state[TEXT]
    if not text.strip():
        st.info("输入或粘贴文稿后，这里会列出缺少的主题、提法修改、空话改写方向、结构和篇幅检查。")
        return None
    s = _suggestions(st, text, lexicon, profile, as_of)
    _summary(st, s)
    _missing_panel(st, s, text, lexicon)
    _fixes_panel(st, s)
    _hollow_panel(st, s)
    _repeated_panel(st, s)
    _structure_panel(st, s)
    _length_panel(st, s)
    _exemplar_panel(st, s, lexicon)
    _export(st, text)
    return s


def _upload(st) -> None:
    up = st.file_uploader("从文件开始（.docx / .txt / .md，可选）", type=["docx", "txt", "md"], key="draft_upload")
    if up is None:
        return
    data = up.getvalue()
    sig = (up.name, len(data), hash(data))
    if st.session_state.get(UPLOAD_SIG) == sig:
        return
    st.session_state[UPLOAD_SIG] = sig
    suffix = "." + up.name.rsplit(".", 1)[-1] if "." in up.name else ""
    try:
        doc = read_bytes(data, suffix, name=up.name)
    except ShengaoError as e:
        st.error(f"无法读取“{up.name}”：{e.message}")
        return
    st.session_state[TEXT] = doc.text
    st.session_state[HISTORY] = []
    st.session_state[ORIGINAL] = (data, up.name, doc) if doc.format == "docx" else None


def _settings(st, lexicon) -> tuple[str, dt.date | None]:
    names = profile_names(lexicon)
    ids = list(names)
    left, right = st.columns(2)
    profile = left.selectbox("文种", ids, index=ids.index(DEFAULT_PROFILE) if DEFAULT_PROFILE in ids else 0,
                             key="draft_profile", format_func=lambda pid: f"{names[pid]}（{pid}）")
    as_of = None
    if right.checkbox("指定日期", key="draft_fix_date", help="不指定时取文中日期，否则取今天。"):
        as_of = right.date_input("按哪一天的规范", value=dt.date.today(), key="draft_as_of",
                                 min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31))
    return profile, as_of


def _suggestions(st, text: str, lexicon, profile: str | None, as_of: dt.date | None) -> Suggestions:
    key = (text, profile, as_of, id(lexicon))
    memo = st.session_state.get(MEMO)
    if memo and memo[0] == key:
        return memo[1]
    s = suggest(text, lexicon, profile=profile, as_of=as_of)
    st.session_state[MEMO] = (key, s)
    return s


def _summary(st, s: Suggestions) -> None:
    cols = st.columns(5)
    cols[0].metric("缺少的主题", len(s.missing_themes))
    cols[1].metric("提法修改", len(s.fixes))
    cols[2].metric("空话", len(s.hollow))
    cols[3].metric("结构问题", len(s.structure))
    cols[4].metric("字数", s.length.chars if s.length else s.chars)
    from analyzer.render.vocabulary import AS_OF_SOURCE_LABELS
    st.caption(f"文种：{s.profile_name}；判断日期：{s.as_of.isoformat()}"
               f"（{AS_OF_SOURCE_LABELS.get(s.as_of_source, s.as_of_source)}）")


@contextmanager
def _panel(st, title: str, items: Sized, empty: str, expanded: bool | None = None) -> Iterator[None]:
    """An expander titled with its count, saying ``empty`` when there is nothing in it."""
    with st.expander(f"{title}（{len(items)}）", expanded=bool(items) if expanded is None else expanded):
        if not items:
            st.write(empty)
        yield


def _missing_panel(st, s: Suggestions, text: str, lexicon) -> None:
    with _panel(st, "缺少或薄弱的主题", s.missing_themes, "本文种要求的主题都已涉及。"):
        scored = score_draft(text, lexicon) if s.missing_themes else []
        for m in s.missing_themes:
            status = "缺少" if m.status == "missing" else "只有口号，需写实"
            st.markdown(f"**{md(m.name)}**（{md(m.category)}，{status}）  \n规范表述：{md(m.canonical)}")
            sentence = m.template or m.canonical
            if m.status == "missing" and sentence:
                ins = theme_insertion(text, m.name, m.category, sentence, lexicon, scored=scored)
                if ins is not None:
                    where = (f"写入第{ins.where}行最具体的一句之前" if ins.woven
                             else f"作为新段落放在第{ins.where}行（结尾之前）")
                    st.markdown(f"建议{where}：{md(ins.text.strip())}")
                    st.button("插入到合适位置", key=f"draft_insert_{m.id}", on_click=_insert_theme,
                              args=(st, m.name, m.category, sentence, lexicon))
            elif m.status == "shallow":
                st.caption("文中已有该表述：请在相应段落补充具体做法、数字或成效，不必再加口号。")
            if m.basis:
                st.caption(f"依据：{m.basis}")


def _fix_row(st, f: Fix) -> None:
    st.markdown(f"“{md(f.text)}” → “{md(f.replacement)}”：{md(f.message)}")
    if f.basis:
        st.caption(f"依据：{f.basis}")
    st.button(f"改为“{f.replacement}”", key=f"draft_fix_{f.key}", on_click=_apply_edits,
              args=(st, [f.edit()], f"已将“{f.text}”改为“{f.replacement}”。"))


def _fixes_panel(st, s: Suggestions) -> None:
    fixes = [f for f in s.fixes if f.replacement is not None]
    notes = [f for f in s.fixes if f.replacement is None]
    with _panel(st, "提法修改", s.fixes, "没有发现需要修改的提法。"):
        if len(s.applicable()) > 1:
            chosen = s.applicable_together()
            st.button(f"全部应用（{len(chosen)} 处）", key="draft_fix_all", on_click=_apply_edits,
                      args=(st, [f.edit() for f in chosen], f"已应用 {len(chosen)} 处修改。"))
        for f in fixes:
            _fix_row(st, f)
        for f in notes:
            st.markdown(f"“{md(f.text)}”：{md(f.message)}（需人工判断）")


def _hollow_panel(st, s: Suggestions) -> None:
    with _panel(st, "空话待充实", s.hollow, "没有判为空话的句子。", expanded=False):
        for h in s.hollow:
            st.markdown(f"> {md(h.text)}")
            st.markdown("建议：" + "；".join(md(a) for a in h.advice) if h.advice else "建议：补充具体内容。")
            if h.reasons:
                st.caption("原因：" + "；".join(h.reasons))


def _repeated_panel(st, s: Suggestions) -> None:
    with _panel(st, "重复套话", s.repeated, "没有反复出现的套话。", expanded=False):
        for r in s.repeated:
            st.markdown(f"“{md(r.text)}”出现 {r.count} 次：保留一处，其余换成具体做法或删去。")


def _structure_panel(st, s: Suggestions) -> None:
    with _panel(st, "结构检查", s.structure, "标题序号和“一是、二是”列举连续、无重复。"):
        for f in s.structure:
            _fix_row(st, f)


def _length_panel(st, s: Suggestions) -> None:
    if s.length is None:
        return
    with st.expander("篇幅", expanded=s.length.over):
        (st.warning if s.length.over else st.write)(s.length.message)
        if s.length.basis:
            st.caption(f"依据：{s.length.basis}")


def _exemplar_panel(st, s: Suggestions, lexicon) -> None:
    with st.expander("参考范例：别人是怎么写的", expanded=False):
        st.caption("范例取自随软件提供的公开文件（政府工作报告、党代会报告等国家机关公文），可追加本单位的材料文件夹。")
        folder = st.text_input("追加参考文稿文件夹（可选）", value="", key="draft_ex_folder",
                               help="本机文件夹，递归读取其中的 .txt .md .docx .pdf；索引建一次后保存在本机数据目录。")
        themes = {t.id: t for t in lexicon.kind("themes").values()}
        missing = [m.id for m in s.missing_themes if m.id in themes]
        options = missing + sorted(set(themes) - set(missing), key=lambda i: getattr(themes[i], "name", i))
        mode = st.radio("查找", ["按主题", "按句子"], horizontal=True, key="draft_ex_mode")
        if mode == "按主题":
            if not options:
                st.write("词库中没有主题。")
                return
            tid = st.selectbox("主题", options, key="draft_ex_theme",
                               format_func=lambda i: getattr(themes[i], "name", i))
            query: Any = themes[tid]
        else:
            query = st.text_input("句子", key="draft_ex_sentence").strip()
        if not st.button("查找范例", key="draft_ex_go"):
            return
        index = exemplar_set([folder.strip()] if folder.strip() else [])
        if folder.strip() and not index.indexes[-1].sentences:
            st.warning("追加的文件夹中没有可读的文稿，只在随软件提供的参考文件中查找。")
        hits = index.for_theme(query, 5) if mode == "按主题" else index.for_sentence(query, 5)
        if not hits:
            st.write("没有找到相近的句子。")
        for h in hits:
            st.markdown(f"> {md(h.text)}")
            where = f"{h.title}（{h.path}）" if h.title else h.path
            st.caption(f"{where}{'，' + h.date.isoformat() if h.date else ''} · 相似度 {h.score:.2f}")


def _export(st, text: str) -> None:
    """A .docx upload is edited in place (styles, tables, headers kept; only changed paragraphs touched); other
    drafts become a new .docx, one paragraph per line."""
    original = st.session_state.get(ORIGINAL)
    if st.session_state.get(EXPORT_FOR) != (text, bool(original)):   # rebuild only when the draft changed
        if original:
            from analyzer.render.docx_revisions import revise
            data, _name, doc = original
            revised = revise(doc, edits_between(doc.text, text), data, tracked=False)
            st.session_state[EXPORT] = revised.data
            st.session_state["draft_export_unplaced"] = len(revised.unplaced)
        else:
            st.session_state[EXPORT] = draft_docx(text)
            st.session_state["draft_export_unplaced"] = 0
        st.session_state[EXPORT_FOR] = (text, bool(original))
    name = f"{original[1].rsplit('.', 1)[0]}_修改稿.docx" if original else "起草稿.docx"
    st.download_button("导出修改后的文稿（.docx）", data=st.session_state[EXPORT], file_name=name,
                       key="draft_export_btn", mime=DOCX_MIME)
    if original:
        st.caption("导出的是上传的 Word 文件本身，只改动修改过的段落，标题样式、居中和表格保持不变。")
        if st.session_state.get("draft_export_unplaced"):
            st.warning(f"有 {st.session_state['draft_export_unplaced']} 处修改跨越段落或表格，未能写入原文件，请在 Word 中手工处理。")
