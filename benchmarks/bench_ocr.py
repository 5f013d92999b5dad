"""OCR of generated 公文 scans: the four samples rendered at 150 dpi with a red seal, slight skew, speckle noise and
JPEG compression (``tests/ingest/gongwen.py: scan_pages``), put into scanned PDFs and read by ``read_bytes`` (RapidOCR,
seal removal, page furniture dropped, lines re-joined). Two rows: onnxruntime with one thread per core (a single
``shengao check``, the page) and with one thread (each worker of ``--jobs``). ``seconds`` is the median CPU seconds
per page (``resource.getrusage``): the machine is shared, wall time mostly measures the other tenants, so it is
given in the note with the 1-minute load average. Each row has the similarity to the true text (difflib ratio
without whitespace). Baseline: Tesseract 5 (Debian tesseract-ocr + tesseract-ocr-chi-sim, ``--psm 4``, one thread)
on the same seal-removed page images, its lines filtered by the same page-number rule and with the running header
dropped, when ``tesseract`` is installed."""
from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import ROOT

SAMPLES = ROOT / "data" / "samples"
HEADER = "中共江屿市委员会办公室"


def _cpu(who=resource.RUSAGE_SELF) -> float:
    r = resource.getrusage(who)
    return r.ru_utime + r.ru_stime


def bench(ctx) -> list[dict]:
    sys.path.insert(0, str(ROOT / "tests"))
    from ingest.gongwen import cjk_font, images_pdf, scan_pages, similarity

    from analyzer.ingest import read_bytes
    from analyzer.ingest.ocr import _threads, engine, use_threads
    if cjk_font() is None:
        return [{"name": "ocr", "seconds": 0.0, "baseline": None, "baseline_seconds": None,
                 "note": "skipped: no CJK font to render scans (fonts-noto-cjk)"}]
    scans = []
    for k, f in enumerate(sorted(SAMPLES.glob("*.txt"))):
        source = f.read_text("utf-8")
        pages = scan_pages(source, dpi=150, seal=True, skew=0.6, jpeg=70, seed=k, header=HEADER)
        scans.append((source, pages, images_pdf(pages)))
    rows = []
    for threads in (None, 1):
        use_threads(threads)
        engine()  # loaded once per process, not counted per page
        n = _threads()
        sims, walls, cpus, load = [], [], [], os.getloadavg()[0]
        for source, pages, data in scans:
            c0, t0 = _cpu(), time.perf_counter()
            doc = read_bytes(data, ".pdf")
            walls.append((time.perf_counter() - t0) / len(pages))
            cpus.append((_cpu() - c0) / len(pages))
            sims.append(similarity(source, doc.text))
        rows.append({"name": f"OCR 公文 scans x{len(sims)}, {sum(len(p) for _, p, _ in scans)} pages (RapidOCR, "
                             f"{n} thread{'s' if n > 1 else ''})",
                     "seconds": statistics.median(cpus), "baseline": None, "baseline_seconds": None,
                     "note": f"similarity {min(sims):.3f}–{max(sims):.3f}; median per page: CPU "
                             f"{statistics.median(cpus):.2f} s, wall {statistics.median(walls):.2f} s at load "
                             f"{load:.1f} on {os.cpu_count()} cores"})
    use_threads(None)
    t_sims, t_cpus = [], []
    for source, pages, _ in scans:
        if shutil.which("tesseract"):
            text, wall, cpu = _tesseract(pages)
            t_sims.append(similarity(source, text))
            t_cpus.append(cpu / len(pages))
    if t_cpus:
        rows[-1]["baseline"], rows[-1]["baseline_seconds"] = "Tesseract chi_sim, 1 thread", statistics.median(t_cpus)
        rows[-1]["note"] += f"; Tesseract similarity {min(t_sims):.3f}–{max(t_sims):.3f}"
    return rows


def _tesseract(pages) -> tuple[str, float, float]:
    import numpy as np
    from PIL import Image

    from analyzer.ingest.ocr import remove_seal
    from analyzer.ingest.rejoin import is_page_number
    out, wall, cpu = [], 0.0, 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for i, page in enumerate(pages):
            p = Path(tmp) / f"p{i}.png"
            Image.fromarray(remove_seal(np.asarray(page))).save(p)
            c0, t0 = _cpu(resource.RUSAGE_CHILDREN), time.perf_counter()
            got = subprocess.run(["tesseract", str(p), "-", "-l", "chi_sim", "--psm", "4"], capture_output=True,
                                 env={"OMP_THREAD_LIMIT": "1", "PATH": "/usr/bin:/bin"}).stdout.decode("utf-8")
            wall += time.perf_counter() - t0
            cpu += _cpu(resource.RUSAGE_CHILDREN) - c0
            lines = [ln for ln in got.splitlines() if ln.strip() and not is_page_number(ln)
                     and ln.replace(" ", "") != HEADER]
            out.extend(lines)
    return "\n".join(out), wall, cpu
