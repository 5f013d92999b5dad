"""Shared benchmark context. Each ``benchmarks/bench_<topic>.py`` exposes ``bench(ctx) -> list[dict]``; rows are
``{"name", "seconds", "baseline": name or None, "baseline_seconds": float or None, "note": str}``.
``benchmarks/run.py`` discovers them, runs each, prints a table with ratios (seconds / baseline_seconds)."""
from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("SHENGAO_SHARED") or ROOT.parent / "shared") / "corpus"


@dataclass
class Context:
    corpus_dir: Path = CORPUS
    paths: list[Path] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)

    @property
    def total_chars(self) -> int:
        return sum(map(len, self.texts))

    @classmethod
    def load(cls, corpus_dir: Path = CORPUS) -> "Context":
        paths = sorted(corpus_dir.glob("*.txt"))
        return cls(corpus_dir, paths, [p.read_text("utf-8") for p in paths])


def timed(fn, *args, repeat: int = 3, **kw) -> tuple[float, object]:
    """Best of ``repeat`` wall-clock runs (seconds) and the last result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn(*args, **kw)
        best = min(best, time.perf_counter() - t0)
    return best, result


def count_occurrences(texts: list[str], patterns) -> int:
    """The naive baseline for phrase matching: one ``str.find`` loop per pattern over every text."""
    n = 0
    for t in texts:
        for p in patterns:
            i = t.find(p)
            while i != -1:
                n += 1
                i = t.find(p, i + 1)
    return n


def tree_rss(pid: int) -> int:
    """Resident memory of a process and all its descendants, in bytes (0 when it is gone)."""
    import psutil
    try:
        p = psutil.Process(pid)
        procs = [p, *p.children(recursive=True)]
    except psutil.Error:
        return 0
    total = 0
    for q in procs:
        try:
            total += q.memory_info().rss
        except psutil.Error:
            pass
    return total
