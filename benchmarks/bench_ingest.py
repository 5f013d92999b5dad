"""Ingest, and ``shengao check`` as a whole process versus plain jieba over the same texts.

Rows:
- ingest of every corpus file (read, decode, paragraphs, title, date), in-process, best of 3;
- ``shengao check ../shared/corpus --no-store --format jsonl --jobs 1`` as a whole process (interpreter start,
  imports, lexicon load, every analysis, JSON out) against a whole process ``python -c`` that only reads the same
  files and runs ``jieba.lcut`` on each: the ratio says what the analyses cost over bare segmentation;
- the sample PDFs through pdfplumber (the default) against pypdfium2, and the sample docx files."""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from benchmarks.common import ROOT, timed

SAMPLES = ROOT / "data" / "samples"
JIEBA_SCRIPT = """
import sys, jieba
jieba.setLogLevel(60)
n = 0
for p in sys.argv[1:]:
    n += len(jieba.lcut(open(p, encoding='utf-8').read()))
print(n)
"""


def _process(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - t0


def bench(ctx) -> list[dict]:
    from analyzer.ingest import iter_input_files, read_document
    from analyzer.ingest.pdf import read_pdf

    rows = []
    if ctx.paths:
        mb = sum(p.stat().st_size for p in ctx.paths) / 1e6
        t, _ = timed(lambda: [read_document(p) for p in ctx.paths])
        rows.append({"name": f"ingest corpus ({len(ctx.paths)} txt)", "seconds": t, "baseline": None,
                     "baseline_seconds": None, "note": f"{mb:.2f} MB, {mb / t:.0f} MB/s"})

        inputs = [str(p) for p in iter_input_files([ctx.corpus_dir])]  # what check reads (SOURCES.md included)
        shengao = str(Path(sys.executable).with_name("shengao"))
        check_cmd = [shengao, "check", str(ctx.corpus_dir), "--no-store", "--format", "jsonl", "--jobs", "1"]
        if not Path(shengao).exists():
            check_cmd = [sys.executable, "-m", "analyzer"] + check_cmd[1:]
        t_check = _process(check_cmd)
        t_jieba = _process([sys.executable, "-c", JIEBA_SCRIPT, *inputs])
        rows.append({"name": "shengao check corpus (process, --jobs 1)", "seconds": t_check,
                     "baseline": "jieba.lcut process", "baseline_seconds": t_jieba,
                     "note": f"{len(inputs)} files; one wall-clock run each (keeps the bench short)"})

    pdfs = sorted(SAMPLES.glob("*.pdf"))
    if pdfs:
        blobs = [p.read_bytes() for p in pdfs]
        t_plumber, _ = timed(lambda: [read_pdf(b, backend="pdfplumber") for b in blobs])
        t_pdfium, _ = timed(lambda: [read_pdf(b, backend="pypdfium2") for b in blobs])
        import pypdfium2
        pages = sum(len(pypdfium2.PdfDocument(b)) for b in blobs)
        rows.append({"name": f"ingest sample pdf x{len(pdfs)} (pdfplumber, default)", "seconds": t_plumber,
                     "baseline": "pypdfium2 backend", "baseline_seconds": t_pdfium,
                     "note": f"{pages} pages; ratio = how much slower the default is"})
    docxs = sorted(SAMPLES.glob("*.docx"))
    if docxs:
        t, _ = timed(lambda: [read_document(p) for p in docxs])
        rows.append({"name": f"ingest sample docx x{len(docxs)}", "seconds": t, "baseline": None,
                     "baseline_seconds": None, "note": "python-docx + body XML walk"})
    return rows
