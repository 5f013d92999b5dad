"""The review page (Streamlit), shipped inside the package: ``page`` lays out the page, ``review`` and
``drafting_tab`` its two tabs, ``server`` the privacy settings ``shengao app`` starts Streamlit with. They only lay
out widgets over library results (no analysis here)."""
