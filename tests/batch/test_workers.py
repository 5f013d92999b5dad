"""Worker processes: bounded in number and never outliving the batch that started them."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from analyzer.batch.runner import effective_jobs
from conftest import SAMPLES


def test_jobs_are_capped_at_the_core_count_unless_forced():
    cores = os.cpu_count() or 1
    assert effective_jobs(1000) == cores
    assert effective_jobs(0) == cores
    assert effective_jobs(1) == 1
    assert effective_jobs(1000, force=True) == 1000


def _children(pid: int) -> set[int]:
    out = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            out |= {int(x) for x in (task / "children").read_text().split()}
        except OSError:
            pass
    return out


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_workers_die_with_their_parent(tmp_path, sig):
    d = tmp_path / "in"
    d.mkdir()
    for i in range(40):
        shutil.copy(SAMPLES / "annual_summary.txt", d / f"u{i:02d}.txt")
    proc = subprocess.Popen([sys.executable, "-m", "analyzer", "check", str(d), "--jobs", "2", "--force-jobs",
                             "--no-store", "--format", "json"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    workers: set[int] = set()
    while time.monotonic() < deadline and len(workers) < 2:
        workers = _children(proc.pid)
        time.sleep(0.05)
    assert len(workers) >= 2, "the pool never started"
    proc.send_signal(sig)
    proc.wait(timeout=60)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and any(_alive(w) for w in workers):
        time.sleep(0.1)
    left = [w for w in workers if _alive(w)]
    for w in left:
        os.kill(w, signal.SIGKILL)
    assert not left, f"workers {left} outlived their parent"
