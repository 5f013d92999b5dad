"""What the OCR engine costs in memory, in one process (docs/robustness.md): VmHWM (peak resident) and VmPeak
(peak address space) from /proc/self/status after each stage, and whether one text page is still recognised under
an address-space limit (RLIMIT_AS), each in a fresh child process.

    .venv/bin/python benchmarks/ocr_memory.py                 # stages: import, engine, blank page, text page, noise
    .venv/bin/python benchmarks/ocr_memory.py --as-limits 1000 1300
"""
from __future__ import annotations

import argparse
import subprocess
import sys

STAGES = r'''
import sys
def status(tag):
    d = {l.split(":")[0]: int(l.split()[1]) // 1024 for l in open("/proc/self/status") if l.startswith(("VmHWM", "VmPeak"))}
    print(f"{tag:<16} VmHWM {d['VmHWM']:>5} MB   VmPeak {d['VmPeak']:>5} MB", flush=True)
limit = int(sys.argv[1])
if limit:
    import resource
    resource.setrlimit(resource.RLIMIT_AS, (limit * 1048576, limit * 1048576))
import numpy as np
from PIL import Image, ImageDraw
status("start")
from analyzer.ingest.ocr import engine
try:
    e = engine()
except Exception as ex:
    print(f"engine failed to load under RLIMIT_AS {limit} MB: {type(ex).__name__}")
    raise SystemExit
status("engine loaded")
page = Image.new("RGB", (1240, 1754), "white")           # A4 at 150 dpi, the size recognise() works at
if not limit:
    e(np.asarray(page), use_cls=False)
    status("blank page")
draw = ImageDraw.Draw(page)
for y in range(100, 1700, 40):
    draw.text((100, y), "Hello world 12345 this is a line of text " * 2, fill="black")
try:
    result, _ = e(np.asarray(page), use_cls=False)
    status(f"text page ({len(result or [])} boxes)")
except Exception as ex:
    print(f"text page failed under RLIMIT_AS {limit} MB: {type(ex).__name__}")
if not limit:
    e((np.random.RandomState(0).rand(1754, 1240, 3) * 255).astype("uint8"), use_cls=False)
    status("noise page")
'''


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--as-limits", type=int, nargs="*", default=[], help="RLIMIT_AS values to try, in MB")
    a = ap.parse_args()
    for limit in a.as_limits or [0]:
        if limit:
            print(f"-- RLIMIT_AS {limit} MB")
        subprocess.run([sys.executable, "-c", STAGES, str(limit)], check=False)


if __name__ == "__main__":
    main()
