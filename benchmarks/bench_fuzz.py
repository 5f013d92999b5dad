"""Mutation fuzz of a whole batch (issue 18): ~1,500 damaged .txt/.docx/.pdf files made from data/samples (bits
flipped, runs overwritten, files cut short, blocks duplicated, zip members and PDF streams damaged), checked by
``shengao check --jobs 2`` as a user would. Counts what a batch must never do: internal errors, tracebacks, lost
inputs; and the peak memory of the whole process tree.

    .venv/bin/python benchmarks/bench_fuzz.py [--n 1500] [--seed 1]     # standalone, prints the figures
    .venv/bin/python benchmarks/bench_fuzz.py --damage --n 400 --seed 5  # PDF bit flips: text lost, warned or not
    .venv/bin/python benchmarks/run.py fuzz                               # as a row of make bench
"""
from __future__ import annotations

import argparse
import collections
import json
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.common import tree_rss  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"


def mutate(data: bytes, rng: random.Random) -> bytes:
    b = bytearray(data)
    for _ in range(rng.randint(1, 6)):
        kind = rng.choice(["flip", "overwrite", "truncate", "duplicate", "zeros"])
        at = rng.randrange(len(b))
        if kind == "flip":
            b[at] ^= 1 << rng.randrange(8)
        elif kind == "overwrite":
            b[at:at + 16] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
        elif kind == "truncate":
            del b[max(1, at):]
        elif kind == "duplicate":
            b[at:at] = b[at:at + rng.randint(1, 4096)]
        else:
            b[at:at + 64] = bytes(min(64, len(b) - at))
    return bytes(b)


def make_inputs(folder: Path, n: int, seed: int) -> int:
    rng = random.Random(seed)
    seeds = sorted(p for p in SAMPLES.iterdir() if p.suffix in (".txt", ".docx", ".pdf"))
    for i in range(n):
        src = seeds[i % len(seeds)]
        (folder / f"m{i:05d}{src.suffix}").write_bytes(mutate(src.read_bytes(), rng))
    return n


def run(n: int = 1500, seed: int = 1, jobs: int = 2) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        make_inputs(folder, n, seed)
        t0 = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "analyzer", "check", str(folder), "--jobs", str(jobs),
                                 "--no-store", "--format", "jsonl"], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, cwd=ROOT)
        peak = [0]

        def watch():
            while proc.poll() is None:
                peak[0] = max(peak[0], tree_rss(proc.pid))
                time.sleep(0.2)
        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        out, err = proc.communicate()
        watcher.join()
        wall = time.perf_counter() - t0
    reports, failures = 0, collections.Counter()
    seen = set()
    for line in out.splitlines():
        d = json.loads(line)
        seen.add(d["path"])
        if "error" in d and "findings" not in d:
            failures[d["error"]] += 1
        else:
            reports += 1
    return {"inputs": n, "analysed": reports, "failures": dict(failures.most_common()),
            "internal_errors": failures.get("internal_error", 0), "tracebacks": err.count("Traceback"),
            "lost": n - len(seen), "exit": proc.returncode, "peak_rss_mb": round(peak[0] / 1048576),
            "seconds": round(wall, 1)}


def damage_survey(n: int = 400, seed: int = 5) -> dict:
    """One flipped bit anywhere in each sample PDF, ``n`` times: how often text is lost (under 95 % of the intact
    characters) with and without the reader's damage warning (``Document.damage``), and how often it is kept."""
    from analyzer.errors import IngestError
    from analyzer.ingest import read_bytes
    out = {}
    for src in sorted(SAMPLES.glob("*.pdf")):
        data = src.read_bytes()
        base = len(read_bytes(data, ".pdf", name=src.name).text)
        rng = random.Random(seed)
        counts: collections.Counter = collections.Counter()
        for _ in range(n):
            b = bytearray(data)
            b[rng.randrange(len(b))] ^= 1 << rng.randrange(8)
            try:
                doc = read_bytes(bytes(b), ".pdf", name=src.name)
            except IngestError as e:
                counts[f"failed ({e.code})"] += 1
                continue
            lost = "text lost" if len(doc.text) < 0.95 * base else "text kept"
            counts[f"{lost}, {'warned' if doc.damage else 'silent'}"] += 1
        out[src.name] = dict(sorted(counts.items()))
    return out


def bench(ctx) -> list[dict]:
    r = run()
    return [{"name": f"mutation fuzz x{r['inputs']} (txt/docx/pdf, check --jobs 2)", "seconds": r["seconds"],
             "baseline": None, "baseline_seconds": None,
             "note": f"analysed {r['analysed']}, failures {r['failures']}, internal errors {r['internal_errors']}, "
                     f"tracebacks {r['tracebacks']}, lost {r['lost']}, peak RSS {r['peak_rss_mb']} MB"}]


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1500)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--damage", action="store_true", help="single bit flips of the sample PDFs: text lost, warned")
    a = ap.parse_args()
    result = damage_survey(a.n, a.seed) if a.damage else run(a.n, a.seed, a.jobs)
    print(json.dumps(result, ensure_ascii=False, indent=1))
