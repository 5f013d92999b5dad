"""Batch checking, each run timed as a whole process (imports, lexicon load, reading, analysis, rendering):

- ``check --no-store --jobs 1`` over the corpus vs plain ``jieba.lcut`` over the same texts (target ratio <= 0.5);
- ``--jobs 2`` vs ``--jobs 1`` over generated documents (target speed-up >= 1.7x on 2 cores);
- a rerun with nothing changed vs the first run, with the results store (target < 10%).

Generated documents are built at run time in a temporary folder from corpus paragraphs, never stored in the repo.
``SHENGAO_BENCH_BATCH_DOCS`` (default 2000) and ``SHENGAO_BENCH_BATCH_CHARS`` (default 2500) scale them."""
from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.common import ROOT, Context

UNITS = ["财政局", "教育局", "卫健委", "民政局", "交通运输局", "住建局", "审计局", "统计局", "司法局", "商务局"]


def _run(args: list[str], *, env: dict | None = None) -> float:
    t0 = time.perf_counter()
    subprocess.run(args, check=False, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


def _best(args: list[str], repeat: int = 2) -> float:
    return min(_run(args) for _ in range(repeat))


def check_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "analyzer", "check", *args]


def outcome(out: str) -> str:
    """How many reports and failures the timed run produced: a run that failed fast is no result."""
    try:
        data = json.loads(Path(out).read_text("utf-8"))
    except (OSError, ValueError):
        return "NO OUTPUT"
    bad = len(data["failures"])
    return f"{len(data['reports'])} reports" + (f", {bad} FAILURES: figure invalid" if bad else "")


def generate(folder: Path, texts: list[str], n: int, chars: int, seed: int = 7) -> list[Path]:
    """``n`` annual-summary-like files named ``<unit>_<year>年度党建总结.txt``, body from random corpus paragraphs."""
    rng = random.Random(seed)
    paras = [p.strip() for t in texts for p in t.split("\n") if 40 <= len(p.strip()) <= 600]
    out = []
    for i in range(n):
        unit = f"{UNITS[i % len(UNITS)]}{i // (len(UNITS) * 16)}"
        year = 2010 + (i // len(UNITS)) % 16
        body, size = [f"{unit}{year}年度党建工作总结"], 0
        while size < chars:
            p = rng.choice(paras)
            body.append(p)
            size += len(p)
        path = folder / f"{unit}_{year}年度党建总结.txt"
        path.write_text("\n".join(body) + "\n", encoding="utf-8")
        out.append(path)
    return out


def bench(ctx: Context) -> list[dict]:
    rows = []
    corpus = [str(p) for p in ctx.paths]
    jieba_code = ("import sys, jieba\njieba.setLogLevel(60)\n"
                  "for p in sys.argv[1:]:\n    jieba.lcut(open(p, encoding='utf-8').read())\n")
    _run([sys.executable, "-c", jieba_code, corpus[0]])  # build jieba's dictionary cache once, as a user would
    # Installed packages run from bytecode (pip compiles site-packages, jieba's included); a checkout under
    # PYTHONDONTWRITEBYTECODE=1 would recompile analyzer/ in every timed process. Compile it once, like an install.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "analyzer")], check=False)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        out = str(tmp / "out.json")
        t_jieba = _best([sys.executable, "-c", jieba_code, *corpus])
        t_check = _best(check_cmd(*corpus, "--no-store", "--jobs", "1", "--format", "json", "--out", out))
        rows.append({"name": f"check --no-store --jobs 1, corpus {ctx.total_chars / 1e6:.1f} M chars (process)",
                     "seconds": t_check, "baseline": "jieba.lcut (process)", "baseline_seconds": t_jieba,
                     "note": f"target ratio <= 0.5; {outcome(out)}"})

        n = int(os.environ.get("SHENGAO_BENCH_BATCH_DOCS", "2000"))
        chars = int(os.environ.get("SHENGAO_BENCH_BATCH_CHARS", "2500"))
        gen = tmp / "gen"
        gen.mkdir()
        files = generate(gen, ctx.texts, n, chars)
        total = sum(f.stat().st_size for f in files) / 3 / 1e6
        t1 = _run(check_cmd(str(gen), "--no-store", "--jobs", "1", "--format", "json", "--out", out))
        note1 = outcome(out)
        t2 = _run(check_cmd(str(gen), "--no-store", "--jobs", "2", "--format", "json", "--out", out))
        rows.append({"name": f"check --jobs 2, {n} generated docs (~{total:.1f} M chars)", "seconds": t2,
                     "baseline": "check --jobs 1", "baseline_seconds": t1,
                     "note": f"speed-up {t1 / t2:.2f}x (target >= 1.7x); jobs 1: {note1}; jobs 2: {outcome(out)}"})

        db = str(tmp / "r.sqlite3")
        first = _run(check_cmd(str(gen), "--db", db, "--jobs", "2", "--format", "json", "--out", out))
        rerun = _run(check_cmd(str(gen), "--db", db, "--jobs", "2", "--format", "json", "--out", out))
        note = outcome(out)
        rows.append({"name": f"rerun, nothing changed, {n} docs (store)", "seconds": rerun,
                     "baseline": "first run (store)", "baseline_seconds": first,
                     "note": f"{100 * rerun / first:.1f}% of the first run (target < 10%); {note}"})
    return rows


if __name__ == "__main__":
    for r in bench(Context.load()):
        ratio = r["seconds"] / r["baseline_seconds"] if r["baseline_seconds"] else float("nan")
        print(f"{r['name']:<62} {r['seconds']:7.2f}s  vs {r['baseline']:<22} {r['baseline_seconds']:7.2f}s  "
              f"ratio {ratio:5.2f}  {r['note']}")
