"""Run every benchmark: discover ``benchmarks/bench_*.py``, call each ``bench(ctx)``, print one table and write
``benchmarks/results/latest.json``.

Usage: .venv/bin/python benchmarks/run.py [NAME ...]      (NAME filters by module, e.g. ``ingest``)

A benchmark that raises is reported as a row with its error and does not stop the others."""
from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import os
import platform
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.common import Context  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "latest.json"


def discover(only: list[str]) -> list[str]:
    names = sorted(p.stem for p in (ROOT / "benchmarks").glob("bench_*.py"))
    return [n for n in names if not only or any(o in n for o in only)]


def run(names: list[str], ctx: Context) -> list[dict]:
    rows = []
    for name in names:
        t0 = time.perf_counter()
        try:
            mod = importlib.import_module(f"benchmarks.{name}")
            got = mod.bench(ctx)
        except Exception as e:  # one broken benchmark must not hide the others' figures
            traceback.print_exc()
            got = [{"name": "(failed)", "seconds": None, "baseline": None, "baseline_seconds": None,
                    "note": f"{type(e).__name__}: {e}"}]
        for r in got:
            r = {"name": r.get("name"), "seconds": r.get("seconds"), "baseline": r.get("baseline"),
                 "baseline_seconds": r.get("baseline_seconds"), "note": r.get("note", "")}
            r["ratio"] = (round(r["seconds"] / r["baseline_seconds"], 3)
                          if r["seconds"] is not None and r["baseline_seconds"] else None)
            rows.append({"bench": name, **r})
        print(f"# {name}: {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return rows


def table(rows: list[dict]) -> str:
    fmt = lambda v: "" if v is None else (f"{v:.4f}" if isinstance(v, float) else str(v))  # noqa: E731
    head = ["bench", "name", "seconds", "baseline", "ratio", "note"]
    cells = [[fmt(r["bench"]), fmt(r["name"]), fmt(r["seconds"]),
              (f"{r['baseline']} ({r['baseline_seconds']:.4f})" if r["baseline"] and r["baseline_seconds"] else ""),
              (f"{r['ratio']:.2f}x" if r["ratio"] is not None else ""), fmt(r["note"])] for r in rows]
    widths = [max(len(h), *(len(c[i]) for c in cells)) if cells else len(h) for i, h in enumerate(head)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(head, widths)), "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths)) for row in cells]
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("only", nargs="*", help="run only benchmarks whose module name contains one of these")
    ap.add_argument("--out", type=Path, default=RESULTS)
    args = ap.parse_args(argv)
    ctx = Context.load()
    if not ctx.texts:
        print(f"note: {ctx.corpus_dir} is absent; corpus benchmarks will have nothing to time", file=sys.stderr)
    rows = run(discover(args.only), ctx)
    print(table(rows))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    meta = {"date": dt.datetime.now().isoformat(timespec="seconds"), "python": platform.python_version(),
            "machine": platform.machine(), "cpus": os.cpu_count(), "corpus_files": len(ctx.paths),
            "corpus_chars": ctx.total_chars}
    args.out.write_text(json.dumps({"meta": meta, "rows": rows}, ensure_ascii=False, indent=1), "utf-8")
    print(f"wrote {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
