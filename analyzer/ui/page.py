"""审稿 review page (Streamlit): a thin shell over the library. Uploads are read from memory
(``analyzer.ingest.read_bytes``), analysed with ``analyzer.analyze_document`` and rendered with ``analyzer.render``;
no analysis logic lives here. ``shengao app`` runs it (bound to 127.0.0.1); ``streamlit run app.py`` in a checkout."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import streamlit as st

from analyzer import __version__
from analyzer.analyses.profiles import PROFILE_NAMES
from analyzer.errors import LexiconError
from analyzer.lexicon import default_lexicon
from analyzer.render.highlight import KIND_LABELS, SEVERITIES
from analyzer.ui.review import review_tab

AUTO = "自动判断"


@st.cache_resource(show_spinner="正在加载词库…")
def get_lexicon(extra_dirs: tuple[str, ...]):
    return default_lexicon(extra_dirs)


def sidebar():
    sb = st.sidebar
    sb.header("审查设置")
    names = [AUTO] + [f"{name}（{pid}）" for pid, name in PROFILE_NAMES.items()]
    choice = sb.selectbox("文种", names, help="自动判断时按标题和文体判断文种。")
    profile = None if choice == AUTO else list(PROFILE_NAMES)[names.index(choice) - 1]
    as_of = None
    if sb.checkbox("指定审查日期", help="不指定时取文中日期，否则取今天。"):
        as_of = sb.date_input("审查日期", value=dt.date.today(), min_value=dt.date(1990, 1, 1),
                              max_value=dt.date(2100, 12, 31))
    extra = sb.text_input("追加词库目录", help="本机上的词库文件夹路径（可选）。").strip()
    labels = [KIND_LABELS[s] for s in SEVERITIES]
    chosen = sb.multiselect("显示的问题级别", labels, default=labels)
    severities = tuple(s for s in SEVERITIES if KIND_LABELS[s] in chosen)
    show_hollow = sb.checkbox("标出空话套话", value=True)
    show_themes = sb.checkbox("标出主题表述", value=True)
    sb.caption(f"shengao {__version__} · 全部在本机离线处理，文件不会上传到任何服务器。")
    return profile, as_of, extra, severities, show_hollow, show_themes


def load_lexicon(extra: str):
    dirs: tuple[str, ...] = ()
    if extra:
        if not Path(extra).is_dir():
            st.sidebar.error(f"词库目录不存在：{extra}（已使用内置词库）")
        else:
            dirs = (extra,)
    try:
        return get_lexicon(dirs)
    except LexiconError as e:
        st.sidebar.error(f"追加词库无效，已使用内置词库。{e.message}")
        return get_lexicon(())


def drafting_tab(lex):
    from analyzer.ui.drafting_tab import render
    try:
        render(st, lex)
    except Exception as e:  # the drafting tab must not take the review tab down
        st.error(f"起草功能出错（{type(e).__name__}）。")


def main():
    st.set_page_config(page_title="审稿", page_icon="📝", layout="wide")
    profile, as_of, extra, severities, show_hollow, show_themes = sidebar()
    lex = load_lexicon(extra)
    st.title("审稿 · 党建文稿审查")
    review, drafting = st.tabs(["审稿", "起草"])
    with review:
        review_tab(lex, profile, as_of, extra, severities, show_hollow, show_themes)
    with drafting:
        drafting_tab(lex)

