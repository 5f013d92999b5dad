"""审稿 review page (Streamlit): a thin shell over the library. Each upload is read and analysed in memory by one
library call (``analyzer.batch.runner.check_bytes``) and shown with the renderings' shared vocabulary
(``analyzer.render.vocabulary``); no analysis logic lives here. ``shengao app`` runs it (bound to 127.0.0.1);
``streamlit run app.py`` in a checkout.

The settings sit above the two tabs (one set for both, usable in a narrow window without a sidebar)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from analyzer import __version__
from analyzer.analyses.profiles import profile_names
from analyzer.errors import LexiconError, UsageError
from analyzer.lexicon import default_lexicon
from analyzer.pipeline import parse_date
from analyzer.render.vocabulary import SEVERITIES, SEVERITY_LABELS
from analyzer.ui.review import review_tab
from analyzer.ui.style import PAGE_CSS

AUTO = "自动判断"


@dataclass(frozen=True)
class Settings:
    profile: str | None          # None: detected per document
    as_of: dt.date | None        # None: the document's own date, else today
    extra: str                   # an extra lexicon folder on this machine ("" none)
    severities: tuple[str, ...]
    show_hollow: bool
    show_themes: bool


@st.cache_resource(show_spinner="正在加载词库…")
def get_lexicon(extra_dirs: tuple[str, ...]):
    return default_lexicon(extra_dirs)


def settings_panel(lex) -> Settings:
    with st.expander("审查设置（文种、审查日期、显示哪些问题）", expanded=False):
        c1, c2 = st.columns(2)
        profiles = profile_names(lex)         # the loaded lexicon's, with the extra folder's own profiles
        profile = c1.selectbox("文种", [None, *profiles], key="sg_profile",
                               format_func=lambda pid: AUTO if pid is None else f"{profiles[pid]}（{pid}）",
                               help="自动判断时按标题和文体判断文种。两个标签页共用。")
        typed = c2.text_input("审查日期（YYYY-MM-DD，回车生效）", key="sg_as_of", placeholder="留空：取文中日期，否则取今天",
                              help="按哪一天的规范来审。留空时取文中日期，文中没有日期时取今天。").strip()
        as_of = None
        if typed:
            try:
                as_of = parse_date(typed)
            except UsageError as e:
                c2.error(f"{e}；已改为取文中日期。")
        c3, c4 = st.columns(2)
        c3.markdown("显示的问题级别")
        shown = [s for s in SEVERITIES if c3.checkbox(SEVERITY_LABELS[s], value=True, key=f"sg_sev_{s}")]
        show_hollow = c4.checkbox("标出空话套话", value=True, key="sg_hollow")
        show_themes = c4.checkbox("标出主题表述", value=True, key="sg_themes")
        extra = c4.text_input("追加词库目录（可选）", key="sg_extra", help="本机上的词库文件夹路径。").strip()
    return Settings(profile, as_of, extra, tuple(shown), show_hollow, show_themes)


def load_lexicon(extra: str):
    dirs: tuple[str, ...] = ()
    if extra:
        if not Path(extra).is_dir():
            st.error(f"词库目录不存在：{extra}（已使用内置词库）")
        else:
            dirs = (extra,)
    try:
        return get_lexicon(dirs)
    except LexiconError as e:
        st.error(f"追加词库无效，已使用内置词库。{e.message}")
        return get_lexicon(())


def drafting_tab(lex, settings: Settings):
    from analyzer.ui.drafting_tab import render
    try:
        render(st, lex, profile=settings.profile, as_of=settings.as_of)
    except Exception as e:  # the drafting tab must not take the review tab down
        st.error(f"起草功能出错（{type(e).__name__}）。")


def main():
    st.set_page_config(page_title="审稿", page_icon="📝", layout="wide", initial_sidebar_state="collapsed")
    st.html(f"<style>{PAGE_CSS}</style>")
    st.title("审稿 · 党建文稿审查")
    lex = load_lexicon(st.session_state.get("sg_extra", "").strip())   # the folder typed below, before this run
    settings = settings_panel(lex)
    review, drafting = st.tabs(["审稿", "起草"])
    with review:
        review_tab(lex, settings)
    with drafting:
        drafting_tab(lex, settings)
    st.caption(f"shengao {__version__} · 全部在本机离线处理，文件不会上传到任何服务器。")
