"""Batches and reuse on Dask (issue 17), each run a whole ``shengao`` process, CPU counted over every process:

- ``check`` on the same generated documents (``SHENGAO_BENCH_DASK_DOCS``, default 2,000, as bench_batch):
  ``--jobs 1``, ``--jobs 2``, ``--scheduler local --jobs 2`` (a LocalCluster started and stopped by the run) and
  ``--scheduler tcp://…`` against a running scheduler with 2 warm workers (started here, warmed by one small
  batch first). CPU = utime + stime of the client and all its children (``RUSAGE_CHILDREN``), plus, for the
  running cluster, the scheduler's and workers' own CPU during the run (``/proc/PID/stat``). Targets: the
  distributed CPU <= 1.15x that of ``--jobs 2``; with 2 warm workers >= 1.5x the speed (wall) of ``--jobs 1``.
- ``reuse --archive`` on a LocalCluster of 2 workers over ``SHENGAO_BENCH_REUSE_SCALE_N`` generated 5,000-
  character documents (default 10,000 here; ``make bench-scale`` runs the issue's 100,000), then a rerun with one
  new "year" of ``SHENGAO_BENCH_REUSE_NEW`` (2,000) documents against that archive. Peak memory is the largest
  sum of RSS over the process tree, sampled every 0.2 s (psutil). Targets (100,000 docs): < 10 min, < 4 GB; the
  rerun < 10 % of the full run.

Wall clock on this shared 2-core machine moves with the other tenants' load: read the CPU columns first.

Standalone: ``python benchmarks/bench_dask.py [check|reuse]`` prints the rows."""
from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.common import ROOT, Context, tree_rss
from benchmarks.dask_cluster import loopback_cluster


def _cpu_children() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _proc_cpu(pid: int) -> float:
    """utime + stime of a live process and its reaped children (seconds)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    tick = os.sysconf("SC_CLK_TCK")
    return sum(int(fields[i]) for i in (11, 12, 13, 14)) / tick


class _PeakRSS:
    """The largest sum of RSS over a process and all its descendants, sampled in a thread."""

    def __init__(self, pid: int):
        import psutil
        self.proc, self.peak, self._stop = psutil.Process(pid), 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss(self.proc.pid))
            time.sleep(0.2)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def run_measured(args: list[str], *, extra_pids: tuple[int, ...] = (), peak: bool = False) -> dict:
    """Wall seconds, CPU seconds (this child and its descendants, plus ``extra_pids``' CPU during the run) and,
    with ``peak``, the peak RSS of the process tree (bytes)."""
    extra0 = sum(_proc_cpu(p) for p in extra_pids)
    cpu0 = _cpu_children()
    t0 = time.perf_counter()
    proc = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if peak:
        with _PeakRSS(proc.pid) as rss:
            _, err = proc.communicate()
        mem = rss.peak
    else:
        _, err = proc.communicate()
        mem = None
    wall = time.perf_counter() - t0
    cpu = _cpu_children() - cpu0 + sum(_proc_cpu(p) for p in extra_pids) - extra0
    return {"wall": wall, "cpu": cpu, "rss": mem, "rc": proc.returncode, "err": err.decode("utf-8", "replace")[-500:]}


def _outcome(out: Path) -> str:
    try:
        data = json.loads(out.read_text("utf-8"))
    except (OSError, ValueError):
        return "NO OUTPUT"
    return f"{len(data['reports'])} reports, {len(data['failures'])} failures"


def check_rows(ctx: Context) -> list[dict]:
    from benchmarks.bench_batch import generate
    n = int(os.environ.get("SHENGAO_BENCH_DASK_DOCS", "2000"))
    chars = int(os.environ.get("SHENGAO_BENCH_BATCH_CHARS", "2500"))
    rows = []
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "analyzer")], check=False)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        gen = tmp / "gen"
        gen.mkdir()
        generate(gen, ctx.texts, n, chars)
        out = tmp / "out.json"
        base = [sys.executable, "-m", "analyzer", "check", str(gen), "--no-store", "--format", "json", "--out",
                str(out)]
        j1 = run_measured(base + ["--jobs", "1"])
        o1 = _outcome(out)
        j2 = run_measured(base + ["--jobs", "2"])
        o2 = _outcome(out)
        loc = run_measured(base + ["--scheduler", "local", "--jobs", "2"])
        ol = _outcome(out)
        with loopback_cluster(tmp / "cluster") as (addr, scheduler, workers):
            warm = tmp / "warm"
            warm.mkdir()
            generate(warm, ctx.texts, 20, chars, seed=11)
            run_measured([sys.executable, "-m", "analyzer", "check", str(warm), "--no-store", "--scheduler", addr])
            tcp = run_measured(base + ["--scheduler", addr], extra_pids=(scheduler.pid, *(w.pid for w in workers)))
            ot = _outcome(out)
    label = f"{n} generated docs"
    rows.append({"name": f"check --jobs 1, {label} (wall)", "seconds": j1["wall"], "baseline": None,
                 "baseline_seconds": None, "note": f"CPU {j1['cpu']:.1f} s; {o1}"})
    rows.append({"name": f"check --jobs 2, {label} (CPU, all processes)", "seconds": j2["cpu"], "baseline": None,
                 "baseline_seconds": None, "note": f"wall {j2['wall']:.1f} s; {o2}"})
    rows.append({"name": "check --scheduler local --jobs 2 (CPU, all processes)", "seconds": loc["cpu"],
                 "baseline": "check --jobs 2 (CPU)", "baseline_seconds": j2["cpu"],
                 "note": f"CPU {loc['cpu'] / j2['cpu']:.2f}x of --jobs 2 (target <= 1.15x); wall {loc['wall']:.1f} s, "
                         f"{j1['wall'] / loc['wall']:.2f}x the speed of --jobs 1 (cluster start included); {ol}"})
    rows.append({"name": "check --scheduler tcp:// 2 warm workers (CPU incl. scheduler+workers)", "seconds": tcp["cpu"],
                 "baseline": "check --jobs 2 (CPU)", "baseline_seconds": j2["cpu"],
                 "note": f"CPU {tcp['cpu'] / j2['cpu']:.2f}x of --jobs 2 (target <= 1.15x)"})
    rows.append({"name": "check --scheduler tcp:// 2 warm workers (wall)", "seconds": tcp["wall"],
                 "baseline": "check --jobs 1 (wall)", "baseline_seconds": j1["wall"],
                 "note": f"{j1['wall'] / tcp['wall']:.2f}x the speed of --jobs 1 (target >= 1.5x); {ot}"})
    return rows


def _write_docs(folder: Path, docs: list[tuple[str, str]], prefix: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i, (_, text) in enumerate(docs):
        (folder / f"{prefix}{i:06d}.txt").write_text(text, "utf-8")


def _archive_bytes(db: Path) -> int:
    """The SQLite file and its WAL plus the segment folder beside it."""
    files = [p for p in db.parent.glob(db.name + "*") if p.is_file()]
    lsh = db.with_name(db.name + ".lsh")
    files += [p for p in lsh.iterdir()] if lsh.is_dir() else []
    return sum(p.stat().st_size for p in files)


def reuse_rows(ctx: Context) -> list[dict]:
    from benchmarks.bench_reuse import generate as generate_reuse
    n = int(os.environ.get("SHENGAO_BENCH_REUSE_SCALE_N", "10000"))
    n_new = int(os.environ.get("SHENGAO_BENCH_REUSE_NEW", "2000"))
    jobs = os.environ.get("SHENGAO_BENCH_REUSE_JOBS", "2")
    docs, planted = generate_reuse(n + n_new, ctx.texts)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        _write_docs(tmp / "archive", docs[:n], "a")
        _write_docs(tmp / "new", docs[n:], "n")
        db = tmp / "archive.sqlite3"
        cmd = [sys.executable, "-m", "analyzer", "reuse", "--archive", str(db), "--scheduler", "local",
               "--jobs", jobs, "--format", "json"]
        full = run_measured(cmd[:4] + [str(tmp / "archive")] + cmd[4:], peak=True)
        size = _archive_bytes(db)
        rerun = run_measured(cmd[:4] + [str(tmp / "new")] + cmd[4:], peak=True)
    mb = 1024 * 1024
    return [
        {"name": f"reuse --archive, LocalCluster {jobs} workers, {n} docs x 5,000 chars (wall)",
         "seconds": full["wall"], "baseline": None, "baseline_seconds": None,
         "note": f"CPU {full['cpu']:.0f} s; peak RSS (tree) {full['rss'] / mb:.0f} MB; archive {size / mb:.0f} MB; "
                 f"rc {full['rc']}; target (100,000 docs) < 600 s, < 4096 MB"},
        {"name": f"reuse --archive rerun, {n_new} new docs against {n} (wall)", "seconds": rerun["wall"],
         "baseline": "full run (wall)", "baseline_seconds": full["wall"],
         "note": f"{100 * rerun['wall'] / full['wall']:.1f}% of the full run (target < 10%); CPU {rerun['cpu']:.0f} s "
                 f"({100 * rerun['cpu'] / full['cpu']:.1f}%); peak {rerun['rss'] / mb:.0f} MB; rc {rerun['rc']}"},
    ]


def bench(ctx: Context) -> list[dict]:
    try:
        import distributed  # noqa: F401
    except ImportError:
        return [{"name": "dask benchmarks", "seconds": 0.0, "baseline": None, "baseline_seconds": None,
                 "note": "skipped: pip install -e '.[dask]'"}]
    which = os.environ.get("SHENGAO_BENCH_DASK", "check,reuse").split(",")
    rows = []
    if "check" in which:
        rows += check_rows(ctx)
    if "reuse" in which:
        rows += reuse_rows(ctx)
    return rows


if __name__ == "__main__":
    if len(sys.argv) > 1:
        os.environ["SHENGAO_BENCH_DASK"] = sys.argv[1]
    for r in bench(Context.load()):
        print(json.dumps(r, ensure_ascii=False))
