"""The page's own CSS: Streamlit's uploader texts in Chinese (Streamlit ships no translation: its English strings
are hidden and Chinese ones drawn in their place), a calmer layout at narrow widths, and the review panes."""
from analyzer.render.highlight import CSS as HIGHLIGHT_CSS

UPLOADER_CSS = """
[data-testid="stFileUploaderDropzoneInstructions"] span,
[data-testid="stFileUploaderDropzoneInstructions"] small { display: none; }
[data-testid="stFileUploaderDropzoneInstructions"] > div::after {
  content: "把文件拖到这里，或点击按钮选择；每个文件不超过 50 MB"; font-size: 14px; color: rgba(49, 51, 63, .6); }
[data-testid="stFileUploaderDropzone"] button[data-testid="stBaseButton-secondary"] p { font-size: 0; }
[data-testid="stFileUploaderDropzone"] button[data-testid="stBaseButton-secondary"] p::after {
  content: "选择文件"; font-size: 14px; }
[data-testid="stFileUploaderPagination"] small { display: none; }
[data-testid="stFileUploaderFileErrorMessage"] { display: none; }
/* the tables' hover toolbar (download as CSV, search, full screen) has English tooltips and no Chinese option */
[data-testid="stElementToolbar"] { display: none; }
"""

PANE_CSS = """
.sg-pane { max-height: 70vh; overflow-y: auto; border: 1px solid #e6e6e6; border-radius: 6px; padding: .6em .9em; }
.sg-pane .sg-text { white-space: pre-wrap; line-height: 1.9; }
mark.sg { scroll-margin-top: 5rem; }
.sg-help { font-size: 13px; color: #555; }
.sg-bars { font-size: 13px; }
.sg-bars .row { display: flex; align-items: center; gap: .5em; margin: 2px 0; }
.sg-bars .cat { width: 7em; flex: none; text-align: right; }
.sg-bars .track { flex: 1; background: #f0f0f0; height: 14px; position: relative; }
.sg-bars .fill { background: #5aa65a; height: 14px; }
.sg-bars .val { width: 3em; flex: none; font-variant-numeric: tabular-nums; }
.sg-bars .axis { display: flex; justify-content: space-between; margin-left: 7.5em; margin-right: 3.5em;
  color: #888; font-size: 11px; }
.sg-reuse { display: flex; gap: 1em; } .sg-reuse > div { flex: 1; min-width: 0; border: 1px solid #eee;
  padding: .4em .6em; white-space: pre-wrap; line-height: 1.8; }
.sg-reuse mark { background: #ffe08a; }
@media (max-width: 900px) {
  .block-container { padding-left: 1rem; padding-right: 1rem; }
  [data-testid="stMetricValue"] { font-size: 1.6rem; }
}
"""

PAGE_CSS = UPLOADER_CSS + PANE_CSS + HIGHLIGHT_CSS
