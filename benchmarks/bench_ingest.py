"""Ingest, and ``shengao check`` as a whole process versus plain jieba over the same texts.

Rows:
- ingest of every corpus file (read, decode, paragraphs, title, date), in-process, best of 3;
- ``shengao check ../shared/corpus --no-store --format jsonl --jobs 1`` as a whole process (interpreter start,
  imports, lexicon load, every analysis, JSON out) against a whole process ``python -c`` that only reads the same
  files and runs ``jieba.lcut`` on each: the ratio says what the analyses cost over bare segmentation;
- the sample PDFs through pdfplumber (the default) against pypdfium2, and the sample docx files;
- re-joining (``rejoin_figures``): 公文 PDFs and hard-wrapped pastes generated from the samples and every sixth
  corpus file (``tests/ingest/gongwen.py``), lines broken mid-sentence and paragraph breaks lost."""
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
    t, fig = timed(lambda: rejoin_figures(ctx), repeat=1)
    rows.append({"name": "rejoin: 公文 PDFs (12/16/20 pt, header, page numbers, tables)", "seconds": t,
                 "baseline": None, "baseline_seconds": None,
                 "note": f"{fig['pdf']['lines']} lines, {fig['pdf']['mid']} broken mid-sentence, "
                         f"{fig['pdf']['merged']} paragraphs merged, {fig['pdf']['furniture']} with furniture left"})
    rows.append({"name": "rejoin: hard-wrapped pastes (20/28/36 ems)", "seconds": 0.0, "baseline": None,
                 "baseline_seconds": None,
                 "note": f"{fig['paste']['lines']} lines, {fig['paste']['mid']} broken mid-sentence, "
                         f"{fig['paste']['merged']} paragraph breaks lost"})
    return rows


def rejoin_figures(ctx) -> dict:
    sys.path.insert(0, str(ROOT / "tests"))
    from ingest.gongwen import break_errors, text_pdf, with_latin, wrapped_text

    from analyzer.ingest import read_bytes
    header = "中共江屿市委员会办公室"
    files = sorted(SAMPLES.glob("*.txt")) + list(ctx.paths[::6])
    fig = {"pdf": dict(lines=0, mid=0, merged=0, furniture=0), "paste": dict(lines=0, mid=0, merged=0)}
    for f in files:
        base = "\n".join([ln.strip() for ln in f.read_text("utf-8").splitlines() if ln.strip()][:60])
        for src in (base, with_latin(base, 3)):
            for size in (12.0, 16.0, 20.0):
                pdf, n = text_pdf(src, size=size, header=header)
                doc = read_bytes(pdf, ".pdf")
                e = break_errors(src, [doc.paragraph_text(p) for p in doc.paragraphs])
                fig["pdf"]["lines"] += n
                fig["pdf"]["mid"] += e["mid_sentence"]
                fig["pdf"]["merged"] += e["merged"]
                fig["pdf"]["furniture"] += (not e["same_text"])
            for width in (20, 28, 36):
                for indent in (True, False):
                    for paged in (0, 22):
                        t = wrapped_text(src, width, indent=indent, header=header if paged else None,
                                         page_lines=paged)
                        doc = read_bytes(t.encode("utf-8"), ".txt")
                        e = break_errors(src, [doc.paragraph_text(p) for p in doc.paragraphs])
                        fig["paste"]["lines"] += t.count("\n") + 1
                        fig["paste"]["mid"] += e["mid_sentence"]
                        fig["paste"]["merged"] += e["merged"]
    return fig
