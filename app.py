"""审稿 review page for ``streamlit run app.py`` in a checkout; the page itself ships in the package
(``analyzer.ui.page``) and ``shengao app`` runs it from any install."""
from analyzer.ui.page import main

main()
