"""Where the review page's server time goes for 24 uploads: the page script run through Streamlit's AppTest under
cProfile (the script runs in AppTest's own thread, so the page's ``main`` is profiled from inside), once for a new
upload of 24 files of ~6,000 characters from the corpus and once for a rerun with the same files.

Usage: .venv/bin/python benchmarks/profile_page.py [TAG] [--top N]     (TAG changes the files' content)
Prints the CPU time of both runs and the top functions by cumulative time."""
from __future__ import annotations

import argparse
import cProfile
import pstats
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("tag", nargs="?", default="a")
    ap.add_argument("--top", type=int, default=40)
    args = ap.parse_args()
    from streamlit.testing.v1 import AppTest

    import analyzer.ui.page as page
    from benchmarks.common import Context
    ctx = Context.load()
    files = [(f"第{i + 1}单位.txt", (f"第{i + 1}单位{args.tag}\n" + ctx.texts[i % len(ctx.texts)][:6000]).encode(),
              "text/plain") for i in range(24)]
    profiles = []
    original = page.main

    def profiled():
        pr = cProfile.Profile()
        pr.enable()
        try:
            original()
        finally:
            pr.disable()
            profiles.append(pr)
    page.main = profiled
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    at.run()
    at.file_uploader[0].set_value([("warm.txt", ctx.texts[0][:3000].encode(), "text/plain")])
    at.run()                                    # warm: lexicon, segmenter, models
    time.sleep(3)                               # the page's background warm-up of the reuse detector
    at.file_uploader[0].set_value(files)
    for what in ("24 new files", "rerun, same files"):
        c0, t0 = cpu(), time.perf_counter()
        at.run()
        print(f"{what}: CPU {cpu() - c0:.2f} s, wall {time.perf_counter() - t0:.2f} s")
    assert not at.exception, at.exception
    for what, pr in zip(("24 new files", "rerun"), profiles[-2:]):
        print(f"=== {what}")
        pstats.Stats(pr).sort_stats("cumulative").print_stats(args.top)


if __name__ == "__main__":
    main()
