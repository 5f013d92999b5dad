"""The script ``shengao app`` hands to ``streamlit run``: the page lives in ``analyzer.ui.page``."""
from analyzer.ui.page import main

main()
