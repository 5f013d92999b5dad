"""Smoke test in a real browser: start the page, upload a sample through the file input as a user would, and see
scores and the highlighted text. Needs Debian's chromium and chromium-driver (tools/install_browser.sh)."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLES
from ui.browserkit import Server, chrome, needs_browser

pytestmark = needs_browser


@pytest.fixture()
def server(tmp_path):
    """The checkout's launcher: ``streamlit run app.py`` from the project folder."""
    srv = Server(tmp_path / "streamlit.log", cwd=ROOT, command=lambda port: [
        sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless", "true",
        "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"])
    try:
        yield srv.url
    finally:
        srv.stop()


@pytest.fixture()
def browser(tmp_path):
    driver = chrome(tmp_path / "chrome", tmp_path / "downloads", width=1400, height=2400)
    try:
        yield driver
    finally:
        driver.quit()


def test_upload_shows_scores_and_highlights(server, browser, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    from analyzer import analyze
    from analyzer.render.highlight import report_marks

    sample = SAMPLES / "annual_summary.docx"
    if not sample.is_file():
        pytest.skip("sample annual_summary.docx is absent")
    report = analyze(sample)
    wait = WebDriverWait(browser, 180)  # a loaded CI machine: first analysis also loads the lexicon
    browser.get(server)
    upload = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "input[type=file]")))
    upload.send_keys(str(sample))
    text_div = wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "div.sg-text")))
    labels = [e.text for e in browser.find_elements(By.CSS_SELECTOR, '[data-testid="stMetricLabel"]')]
    values = [e.text for e in browser.find_elements(By.CSS_SELECTOR, '[data-testid="stMetricValue"]')]
    assert labels == ["覆盖度", "空话度", "错误", "警告"]
    assert values[:2] == [f"{report.coverage.score:.1f}", f"{report.hollowness.score:.1f}"]
    assert report.document.title in text_div.text
    # the legend proves the page's own stylesheet and marks survive Streamlit's HTML sanitiser
    legend = browser.find_elements(By.CSS_SELECTOR, ".sg-legend mark.sg-error")
    assert legend and legend[0].value_of_css_property("background-color") == "rgba(255, 214, 214, 1)"
    marks = browser.find_elements(By.CSS_SELECTOR, "div.sg-text mark.sg")
    expected = report_marks(report)
    assert bool(marks) == bool(expected)
    if marks:
        tip = marks[0].get_attribute("data-tip")
        assert tip and tip.split("\n")[0].startswith("【")
    shot = Path(os.environ.get("SHENGAO_SCREENSHOT", tmp_path / "review_page.png"))
    assert browser.save_screenshot(str(shot))
    assert shot.stat().st_size > 10_000
