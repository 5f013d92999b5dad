"""Streamlit pieces that ``app.py`` mounts. They only lay out widgets over library results (no analysis here), and
take the ``streamlit`` module as an argument so the page owns its imports and tests can drive them with AppTest."""
