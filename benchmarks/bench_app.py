"""The review page's warm path on a 20,000-character document (issue 7 budget: results in < 2 s warm), and in a real
browser (issue 16): a 33,000-character document ready ≤ 1.5 s after upload, 24 files ≤ 2.5 s.

Rows: analysis alone; analysis + the page's highlighted text; the full HTML report; the annotated docx; the whole
page script through Streamlit's AppTest, re-analysing the upload after a settings change (lexicon cached); and
``shengao app`` driven by headless Debian Chromium: upload through the file input until the page is drawn, in a new
browser session each time (server warm), wall clock and the server's CPU time. Each round uploads files with new
content (a round number in each file's first line), so nothing is served from the server's memory of analysed
uploads; a last row uploads one round's 24 files again in a new session (the analyses are reused, the page is
still built and drawn). The load average of the machine is given with the wall-clock figures: on a shared machine
the server's CPU time is the robust figure."""
from __future__ import annotations

import time
from pathlib import Path

from benchmarks.common import ROOT, timed

TARGET = 20_000
BUDGET = 2.0


def _text(ctx) -> str:
    """About 20k characters of real official text, cut at a line end."""
    joined = "\n".join(ctx.texts)
    cut = joined.rfind("\n", 0, TARGET)
    return joined[:cut if cut > TARGET // 2 else TARGET]


def bench(ctx) -> list[dict]:
    from analyzer.ingest import document_from_text
    from analyzer.lexicon import default_lexicon
    from analyzer.pipeline import analyze_document
    from analyzer.render.docx_comments import annotate_docx
    from analyzer.render.highlight import marked_html, report_marks
    from analyzer.render.html import render_html

    text = _text(ctx)
    lex = default_lexicon()
    analyze_document(document_from_text(text), lex)  # warm: matchers compiled, segmenter loaded

    def analyse():
        return analyze_document(document_from_text(text), lex)

    t_an, report = timed(analyse)

    def page_view():
        r = analyse()
        return marked_html(r.document.text, report_marks(r))

    t_view, _ = timed(page_view)
    t_html, _ = timed(render_html, [report], [], lexicon=lex)
    t_docx, _ = timed(annotate_docx, report, None, lexicon=lex)
    rows = [
        {"name": f"app: analyze {len(text)} chars (warm)", "seconds": t_an, "baseline": None,
         "baseline_seconds": None, "note": f"{len(report.findings)} findings"},
        {"name": "app: analyze + highlighted text (page warm)", "seconds": t_view, "baseline": None,
         "baseline_seconds": BUDGET, "note": f"budget {BUDGET} s"},
        {"name": "app: full HTML report", "seconds": t_html, "baseline": None, "baseline_seconds": None,
         "note": "download, built on click"},
        {"name": "app: annotated docx", "seconds": t_docx, "baseline": None, "baseline_seconds": None,
         "note": "download, built on click"},
    ]
    rows.append(_apptest_row(text))
    rows.extend(_browser_rows(ctx))
    return rows


def _apptest_row(text: str) -> dict:
    """The page script end to end: upload once (cold), then switch the profile so the upload is analysed again
    with the cached lexicon; the second run is what a reviewer waits for."""
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_file(str(Path(ROOT) / "app.py"), default_timeout=120)
    at.run()
    at.file_uploader[0].set_value(("bench.txt", text.encode("utf-8"), "text/plain"))
    at.run()
    best = float("inf")
    for choice in ("讲话稿（speech）", "述职报告（duty-report）", "通用（general）"):
        at.selectbox(key="sg_profile").select(choice)
        t0 = time.perf_counter()
        at.run()
        best = min(best, time.perf_counter() - t0)
    assert not at.exception, at.exception
    return {"name": "app: page rerun with new analysis (AppTest, warm)", "seconds": best, "baseline": None,
            "baseline_seconds": BUDGET, "note": f"budget {BUDGET} s; whole script incl. widgets"}


BROWSER_ONE = 1.5     # seconds: a 33,000-character document, upload -> drawn
BROWSER_MANY = 2.5    # seconds: 24 files


def _browser_rows(ctx) -> list[dict]:
    """Real-browser rows; none (with a note) when Debian's chromium is absent."""
    import os
    import statistics
    import sys
    import tempfile
    if not (os.path.exists("/usr/bin/chromium") and os.path.exists("/usr/bin/chromedriver")):
        return [{"name": "app in a browser", "seconds": None, "baseline": None, "baseline_seconds": None,
                 "note": "skipped: chromium absent (tools/install_browser.sh)"}]
    sys.path.insert(0, str(Path(ROOT) / "tests"))
    from ui.browserkit import Page, Server, children, chrome

    tmp = Path(tempfile.mkdtemp(prefix="shengao-bench-app-"))
    joined = "\n".join(ctx.texts)
    cut = joined.rfind("\n", 0, 33_000)

    def big(round_: int) -> Path:
        """The 33,000-character document, new content each round (its last line carries the round)."""
        p = tmp / f"big{round_}" / "big.txt"
        p.parent.mkdir()
        p.write_text(joined[:cut] + f"\n（第{round_}轮）", "utf-8")
        return p

    def many(round_: int) -> list[Path]:
        """24 units' files, new content each round (the first line carries the round)."""
        folder = tmp / f"round{round_}"
        folder.mkdir()
        out = []
        for i in range(24):
            part = ctx.texts[i % len(ctx.texts)] if ctx.texts else joined[:5000]
            p = folder / f"第{i + 1}单位.txt"
            p.write_text(f"第{i + 1}单位（第{round_}轮）\n" + part[:6000], "utf-8")
            out.append(p)
        return out
    server = Server(tmp / "server.log")
    try:
        worker = (children(server.proc.pid) or [server.proc.pid])[0]

        def cpu() -> float:
            fields = Path(f"/proc/{worker}/stat").read_text().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

        def once(files, ready: str, n: int) -> tuple[float, float]:
            dl = tmp / f"dl{n}"
            dl.mkdir()
            driver = chrome(tmp / f"chrome{n}", dl)
            try:
                page = Page(driver, server.url, dl)
                c0, t0 = cpu(), time.perf_counter()
                page.css("input[type=file]")[0].send_keys("\n".join(map(str, files)))
                page.wait.until(lambda d: d.execute_script(
                    "return !!document.querySelector(arguments[0]) && !document.querySelector("
                    "'[data-testid=stStatusWidget] [data-testid=stStatusWidgetRunningIcon], [data-testid=stSpinner]');",
                    ready))
                return time.perf_counter() - t0, cpu() - c0
            finally:
                driver.quit()

        once([big(0)], "div.sg-text", 0)                  # warm: lexicon, segmenter, models loaded
        one = [once([big(k)], "div.sg-text", k) for k in range(1, 4)]
        rounds = {k: many(k) for k in range(4, 8)}
        once(rounds[4], ".heat-wrap", 4)                  # warm: the reuse detector's libraries
        lots = [once(rounds[k], ".heat-wrap", k) for k in range(5, 8)]
        again = [once(rounds[7], ".heat-wrap", 8 + k) for k in range(2)]
        load = os.getloadavg()[0]
    finally:
        server.stop()
    med = lambda xs, i: statistics.median(x[i] for x in xs)
    return [
        {"name": f"app in Chromium: {len(joined[:cut])}-char document, upload -> drawn (warm)",
         "seconds": med(one, 0), "baseline": None, "baseline_seconds": BROWSER_ONE,
         "note": f"budget {BROWSER_ONE} s; wall {', '.join(f'{x[0]:.2f}' for x in one)} s; server CPU "
                 f"{', '.join(f'{x[1]:.2f}' for x in one)} s"},
        {"name": "app in Chromium: 24 files, upload -> compared and drawn (warm)",
         "seconds": med(lots, 0), "baseline": None, "baseline_seconds": BROWSER_MANY,
         "note": f"budget {BROWSER_MANY} s; wall {', '.join(f'{x[0]:.2f}' for x in lots)} s; server CPU "
                 f"{', '.join(f'{x[1]:.2f}' for x in lots)} s; load average {load:.1f} on {os.cpu_count()} cores"},
        {"name": "app in Chromium: the same 24 files again, new session (analyses reused)",
         "seconds": med(again, 0), "baseline": None, "baseline_seconds": BROWSER_MANY,
         "note": f"wall {', '.join(f'{x[0]:.2f}' for x in again)} s; server CPU "
                 f"{', '.join(f'{x[1]:.2f}' for x in again)} s; load average {load:.1f}"},
    ]
