"""Smoke test in a real browser: start the page, upload a sample through the file input as a user would, and see
scores and the highlighted text. Needs Debian's chromium and chromium-driver (tools/install_browser.sh)."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLES

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)),
                       reason="chromium/chromedriver absent: run tools/install_browser.sh (Debian packages)"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture()
def server(tmp_path):
    port = free_port()
    log = open(tmp_path / "streamlit.log", "wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 120
        while True:
            try:
                if urllib.request.urlopen(url + "/_stcore/health", timeout=2).read() == b"ok":
                    break
            except OSError:
                pass
            if proc.poll() is not None or time.time() > deadline:
                log.flush()
                pytest.fail("streamlit did not start:\n" + (tmp_path / "streamlit.log").read_text(errors="replace"))
            time.sleep(0.5)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture()
def browser(tmp_path):
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--no-first-run",
                 f"--user-data-dir={tmp_path / 'chrome'}", "--window-size=1400,2400", "--lang=zh-CN"):
        opts.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
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
