"""A real page in a real browser for the browser tests: ``shengao app`` started on a free port, headless Debian
Chromium driven by Selenium (no browser download), a download folder, and helpers that act as a reviewer does."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--disable-sync", "--lang=zh-CN")
SETTINGS_READY = "标出空话套话"   # the settings' last checkbox: drawn once the expander is open
WAIT = 180   # a loaded CI machine: the first analysis also loads the lexicon

needs_browser = [
    pytest.mark.browser,
    pytest.mark.skipif(not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)),
                       reason="chromium/chromedriver absent: run tools/install_browser.sh (Debian packages)"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def shengao_app(port: int) -> list[str]:
    """The page as users start it: ``shengao app --port N`` (privacy flags included)."""
    return [sys.executable, "-m", "analyzer", "app", "--port", str(port)]


class Server:
    """A page server on a free port (``command(port)``, by default ``shengao app``), answering its health
    endpoint, until ``stop`` (which ends the command's children too: ``shengao app`` runs streamlit as one)."""

    def __init__(self, log: Path, command=shengao_app, cwd: Path | None = None, env: dict | None = None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(log, "wb")
        self.proc = subprocess.Popen(command(self.port), stdout=self.log, stderr=subprocess.STDOUT, cwd=cwd, env=env)
        deadline = time.time() + 120
        while True:
            try:
                if urllib.request.urlopen(self.url + "/_stcore/health", timeout=2).read() == b"ok":
                    return
            except OSError:
                pass
            if self.proc.poll() is not None or time.time() > deadline:
                self.stop()
                pytest.fail("the page did not start:\n" + log.read_text(errors="replace"))
            time.sleep(0.5)

    def stop(self) -> None:
        for pid in children(self.proc.pid):
            try:
                os.kill(pid, 15)
            except OSError:
                pass
        self.proc.terminate()
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


def children(pid: int) -> list[int]:
    """Process ids whose parent is ``pid`` (from /proc)."""
    out = []
    for p in Path("/proc").iterdir():
        if p.name.isdigit():
            try:
                if int((p / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    out.append(int(p.name))
            except (OSError, IndexError, ValueError):
                pass
    return out


def chrome(profile: Path, downloads: Path, width: int = 1400, height: int = 1000):
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for flag in (*FLAGS, f"--user-data-dir={profile}", f"--window-size={width},{height}"):
        opts.add_argument(flag)
    opts.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                           "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    return driver


class Page:
    """The review page in one browser tab, driven as a reviewer would."""

    def __init__(self, driver, url: str, downloads: Path):
        from selenium.webdriver.support.ui import WebDriverWait
        self.d = driver
        self.downloads = downloads
        self.wait = WebDriverWait(driver, WAIT)
        driver.get(url)
        self.wait.until(lambda d: d.find_elements("css selector", "input[type=file]"))

    def css(self, selector: str):
        return self.d.find_elements("css selector", selector)

    def upload(self, *paths: Path, ready: str = "div.sg-text") -> None:
        self.css("input[type=file]")[0].send_keys("\n".join(str(p) for p in paths))
        self.settle(ready)
        if ready == "div.sg-text":   # the detail view is drawn once its four score cards are
            self.wait.until(lambda _: len(self.metrics()) == 4)

    def settle(self, ready: str = "div.sg-text") -> None:
        """Wait until the script has finished its run and ``ready`` is on the page."""
        time.sleep(0.3)
        self.wait.until(lambda d: d.find_elements("css selector", ready) and not d.find_elements(
            "css selector", '[data-testid="stStatusWidget"] [data-testid="stStatusWidgetRunningIcon"], '
                            '[data-testid="stSpinner"]'))
        time.sleep(0.3)

    def pick(self, box, index: int) -> list[str]:
        """Open a select box, return its option texts and choose option ``index``."""
        box.find_element("css selector", "input").click()
        self.wait.until(lambda d: d.find_elements("css selector", '[role="option"]'))
        options = self.css('[role="option"]')
        texts = [o.text for o in options]
        options[index].click()
        self.settle()
        return texts

    def wait_text(self, text: str, present: bool = True) -> str:
        """Wait until ``text`` is (or is no longer) on screen; the page's text then."""
        got = ""

        def check(_):
            nonlocal got
            got = self.visible_text()
            return (text in got) == present
        self.wait.until(check)
        return got

    def metrics(self) -> dict[str, str]:
        from selenium.common.exceptions import StaleElementReferenceException
        try:
            labels = [e.text for e in self.css('[data-testid="stMetricLabel"]')]
            values = [e.text for e in self.css('[data-testid="stMetricValue"]')]
        except StaleElementReferenceException:
            return {}
        return dict(zip(labels, values))

    def button(self, text: str):
        from selenium.common.exceptions import StaleElementReferenceException
        for b in self.css("button"):
            try:
                if b.text.strip() == text:
                    return b
            except StaleElementReferenceException:
                continue
        raise AssertionError(f"no button {text!r}: {[b.text for b in self.css('button')]}")

    def press(self, text: str) -> None:
        """Click the button ``text``; a rerun may replace it under the cursor (stale element): find it again."""
        from selenium.common.exceptions import ElementClickInterceptedException, StaleElementReferenceException
        for attempt in range(5):
            try:
                b = self.button(text)
                self.d.execute_script("arguments[0].scrollIntoView({block: 'center'});", b)
                b.click()
                return
            except (StaleElementReferenceException, ElementClickInterceptedException, AssertionError):
                if attempt == 4:
                    raise
                time.sleep(0.5)

    def click(self, text: str, ready: str = "div.sg-text") -> None:
        self.press(text)
        self.settle(ready)

    def download(self, label: str, name: str) -> bytes:
        """Click the download button ``label`` and return the bytes of the file ``name`` it saves."""
        target = self.downloads / name
        if target.exists():
            target.unlink()
        self.settle("body")
        for attempt in range(3):      # a click that landed on a button a rerun replaced: click again
            self.press(label)
            deadline = time.time() + WAIT / 3
            while time.time() < deadline:
                if target.exists() and target.stat().st_size > 0 and not any(
                        p.suffix == ".crdownload" for p in self.downloads.iterdir()):
                    return target.read_bytes()
                time.sleep(0.2)
        raise AssertionError(f"{name} was not downloaded: {sorted(p.name for p in self.downloads.iterdir())}")

    def open_settings(self) -> None:
        """Open the settings expander and wait until its content is drawn (a loaded machine takes seconds)."""
        exp = [e for e in self.css('[data-testid="stExpander"] summary') if "审查设置" in e.text][0]
        if exp.find_element("xpath", "..").get_attribute("open") is None:
            exp.click()
        self.checkbox(SETTINGS_READY)

    def checkbox(self, label: str):
        """The checkbox labelled ``label``, waiting for it: a rerun redraws the settings under the cursor."""
        from selenium.common.exceptions import StaleElementReferenceException, TimeoutException
        found = None

        def look(_):
            nonlocal found
            try:
                found = next((c for c in self.css('[data-testid="stCheckbox"]')
                              if c.is_displayed() and c.text.strip() == label), None)
            except StaleElementReferenceException:
                found = None
            return found is not None
        try:
            self.wait.until(look)
        except TimeoutException:
            raise AssertionError(f"no checkbox {label!r}") from None
        return found

    def visible_text(self) -> str:
        """What a reader sees: the page's text without icon ligatures (Material icons are drawn from names)."""
        return self.d.execute_script("""
            const root = document.querySelector('[data-testid="stApp"]') || document.body;
            const out = [];
            const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
            while (walk.nextNode()) {
              const n = walk.currentNode, el = n.parentElement;
              if (!el || el.closest('[data-testid="stIconMaterial"], svg, script, style')) continue;
              const cs = getComputedStyle(el);
              if (cs.display === 'none' || cs.visibility === 'hidden' || el.getClientRects().length === 0) continue;
              if (cs.fontSize === '0px') continue;
              const r = el.getBoundingClientRect();
              if (r.right <= 0 || r.bottom <= -window.scrollY || r.width <= 1 || r.height <= 1) continue;  // off-screen
              out.push(n.textContent);
            }
            for (const el of root.querySelectorAll('input[placeholder], textarea[placeholder]'))
              if (!el.value && el.getClientRects().length) out.push(el.getAttribute('placeholder'));
            for (const el of root.querySelectorAll('*')) {   // text drawn by CSS (the uploader's Chinese)
              for (const pseudo of ['::before', '::after']) {
                const c = getComputedStyle(el, pseudo).content;
                if (c && c !== 'none' && c !== 'normal' && c.startsWith('"')) out.push(c.slice(1, -1));
              }
            }
            return out.join('\\n');""")
