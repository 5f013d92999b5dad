"""A one-tab page for AppTest: the drafting tab exactly as app.py mounts it."""
import streamlit as st

from analyzer.lexicon import default_lexicon
from analyzer.ui import drafting_tab

drafting_tab.render(st, default_lexicon())
