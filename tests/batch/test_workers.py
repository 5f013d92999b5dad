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


def _limited_batch(tmp_path, env_limits: dict) -> tuple[subprocess.CompletedProcess, dict]:
    """A real ``check --jobs 2`` over three sample files and one small PDF whose two pages show 250,000 characters
    each (1.4 KB on disk, within the PDF reader's budgets: ~0.65 GB and ~13 s of CPU in pdfminer), with the
    limits lowered by the environment."""
    import json
    from ingest.test_pdf_limits import pdf_with_pages, show
    d = tmp_path / "in"
    d.mkdir()
    for name in ("speech.txt", "speech.pdf", "annual_summary.docx"):
        shutil.copy(SAMPLES / name, d / name)
    (d / "heavy.pdf").write_bytes(pdf_with_pages([show(250_000)] * 2))
    res = subprocess.run([sys.executable, "-m", "analyzer", "check", str(d), "--jobs", "2", "--force-jobs",
                          "--no-store", "--format", "json"], capture_output=True, text=True, timeout=600,
                         env={**os.environ, **env_limits})
    return res, json.loads(res.stdout)


def _only_heavy_failed(res, out: dict, code: str) -> dict:
    assert res.returncode == 1, res.stderr
    assert sorted(Path(r["path"]).name for r in out["reports"]) == ["annual_summary.docx", "speech.pdf", "speech.txt"]
    [failure] = out["failures"]
    assert Path(failure["path"]).name == "heavy.pdf" and failure["error"] == code
    assert "Traceback" not in res.stderr
    return failure


def test_a_worker_over_its_memory_cap_fails_its_file_and_is_replaced(tmp_path):
    res, out = _limited_batch(tmp_path, {"SHENGAO_WORKER_MEMORY_MB": "300"})
    failure = _only_heavy_failed(res, out, "memory_limit")
    assert "内存占用超过上限（300 MB）" in failure["message"]


def test_a_file_over_its_time_limit_fails_and_its_worker_is_replaced(tmp_path):
    """CPU seconds: a sample's first analysis in a fresh worker takes ~0.6 s, the heavy file ~13 s."""
    res, out = _limited_batch(tmp_path, {"SHENGAO_DOCUMENT_SECONDS": "4"})
    failure = _only_heavy_failed(res, out, "time_limit")
    assert "超过 4 秒" in failure["message"]
