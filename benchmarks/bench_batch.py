"""Batch checking, each run timed as a whole process (imports, lexicon load, reading, analysis, rendering):

- ``check --no-store --jobs 1`` over the corpus vs plain ``jieba.lcut`` over the same texts (target ratio <= 0.5):
  ``PAIRS`` (5) interleaved pairs of whole processes, each measured in CPU time (user + sys of the child, from
  ``os.wait4``) and wall time; the figure is the median of the pairs' CPU ratios, reported with their spread. CPU
  time, because the machine is shared: other tenants stretch wall time, not a process's own CPU time;
- ``--jobs 2`` vs ``--jobs 1`` over generated documents (target speed-up >= 1.7x on 2 cores);
- a rerun with nothing changed vs the first run, with the results store (target < 10%).

Generated documents are built at run time in a temporary folder from corpus paragraphs, never stored in the repo.
``SHENGAO_BENCH_BATCH_DOCS`` (default 2000) and ``SHENGAO_BENCH_BATCH_CHARS`` (default 2500) scale them."""
from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.common import ROOT, Context

UNITS = ["财政局", "教育局", "卫健委", "民政局", "交通运输局", "住建局", "审计局", "统计局", "司法局", "商务局"]


PAIRS = 5


def _run(args: list[str], *, env: dict | None = None) -> float:
    t0 = time.perf_counter()
    subprocess.run(args, check=False, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


def _cpu_run(args: list[str]) -> tuple[float, float]:
    """(CPU seconds: user + sys of the process and its children it waited for, wall seconds) of one process."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = 0             # reaped by wait4: keep Popen from waiting again
    return usage.ru_utime + usage.ru_stime, wall


def interleaved(a: list[str], b: list[str], pairs: int = PAIRS) -> dict:
    """``pairs`` runs of ``a`` and ``b``, alternating (a, b, b, a, a, b, ...: neither always goes first)."""
    got: dict[str, list[tuple[float, float]]] = {"a": [], "b": []}
    for i in range(pairs):
        order = ("a", "b") if i % 2 == 0 else ("b", "a")
        for k in order:
            got[k].append(_cpu_run(a if k == "a" else b))
    ratios = sorted(x[0] / y[0] for x, y in zip(got["a"], got["b"]))
    walls = sorted(x[1] / y[1] for x, y in zip(got["a"], got["b"]))
    med = statistics.median
    return {"cpu_a": med(x[0] for x in got["a"]), "cpu_b": med(x[0] for x in got["b"]),
            "wall_a": med(x[1] for x in got["a"]), "wall_b": med(x[1] for x in got["b"]),
            "ratio": med(ratios), "ratios": ratios, "wall_ratio": med(walls), "wall_ratios": walls}


def corpus_row(ctx: Context, out: str, pairs: int = PAIRS) -> dict:
    """``check --no-store --jobs 1`` over the corpus against ``jieba.lcut`` over the same files."""
    corpus = [str(p) for p in ctx.paths]
    jieba = [sys.executable, "-c", JIEBA_CODE, *corpus]
    check = check_cmd(*corpus, "--no-store", "--jobs", "1", "--format", "json", "--out", out)
    _run(jieba[:4])         # build jieba's dictionary cache once, as a user would
    _run(check)             # and shengao's word table cache
    r = interleaved(check, jieba, pairs)
    spread = lambda xs: f"{xs[0]:.2f}–{xs[-1]:.2f}"  # noqa: E731
    return {"name": f"check --no-store --jobs 1, corpus {ctx.total_chars / 1e6:.2f} M chars (process CPU)",
            "seconds": r["cpu_a"], "baseline": "jieba.lcut (process CPU)", "baseline_seconds": r["cpu_b"],
            "note": (f"median of {pairs} interleaved pairs: CPU ratio {r['ratio']:.2f} ({spread(r['ratios'])}), "
                     f"wall ratio {r['wall_ratio']:.2f} ({spread(r['wall_ratios'])}; wall {r['wall_a']:.2f} s vs "
                     f"{r['wall_b']:.2f} s); target CPU ratio <= 0.5; {outcome(out)}")}


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


JIEBA_CODE = ("import sys, jieba\njieba.setLogLevel(60)\n"
              "for p in sys.argv[1:]:\n    jieba.lcut(open(p, encoding='utf-8').read())\n")


def bench(ctx: Context, corpus_only: bool = False) -> list[dict]:
    rows = []
    # Installed packages run from bytecode (pip compiles site-packages, jieba's included); a checkout under
    # PYTHONDONTWRITEBYTECODE=1 would recompile analyzer/ in every timed process. Compile it once, like an install.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "analyzer")], check=False)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        out = str(tmp / "out.json")
        rows.append(corpus_row(ctx, out))
        if corpus_only:
            return rows

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
    # ``bench_batch.py corpus``: the corpus ratio only
    for r in bench(Context.load(), corpus_only=sys.argv[1:] == ["corpus"]):
        ratio = r["seconds"] / r["baseline_seconds"] if r["baseline_seconds"] else float("nan")
        print(f"{r['name']:<62} {r['seconds']:7.2f}s  vs {r['baseline']:<22} {r['baseline_seconds']:7.2f}s  "
              f"ratio {ratio:5.2f}  {r['note']}")
