"""Batches on Dask: the same output as ``--jobs 1`` on a LocalCluster and on a real scheduler with two real
workers over loopback (``dask scheduler`` / ``dask worker`` processes started here); a worker killed mid-run
loses no input; files travel as bytes to workers that cannot see them; the store is written by the client."""
from __future__ import annotations

import json
import os
import signal
import sqlite3
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner

pytest.importorskip("distributed", reason="the dask extra is not installed (pip install -e '.[dask]')")

from analyzer.batch.runner import Checked, Failure, check_batch  # noqa: E402
from benchmarks.dask_cluster import loopback_cluster  # noqa: E402
from analyzer.cli.commands import cli  # noqa: E402
from conftest import SAMPLES  # noqa: E402

def _batch(folder: Path, n: int = 24) -> Path:
    """Real sample texts under many names (a unit's files), plus files no reader accepts: typed failures."""
    folder.mkdir(parents=True, exist_ok=True)
    texts = [(SAMPLES / f"{name}.txt").read_text("utf-8")
             for name in ("annual_summary", "speech", "duty_report", "self_review")]
    for i in range(n):
        t = texts[i % len(texts)]
        # a changed line per file, so no two inputs are the same document
        (folder / f"单位{i:03d}_2024.txt").write_text(t.replace("\n", f"\n第{i}号文件。\n", 1), "utf-8")
    (folder / "空文件.txt").write_bytes(b"")
    (folder / "坏文件.docx").write_bytes(b"PK\x03\x04 not really a docx")
    (folder / "假PDF.pdf").write_bytes(b"this is plain text, not a PDF")
    return folder


def run(*args):
    return CliRunner().invoke(cli, list(map(str, args)))


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    return _batch(tmp_path_factory.mktemp("dask") / "in")


@pytest.fixture(scope="module")
def expected(batch):
    r = run("check", batch, "--format", "json", "--no-store", "--jobs", "1")
    assert r.exit_code == 1        # the three bad files
    return r.output


def test_local_cluster_gives_the_same_json_as_jobs_1(batch, expected):
    r = run("check", batch, "--format", "json", "--no-store", "--scheduler", "local", "--jobs", "2")
    assert r.exit_code == 1, r.output
    assert r.output == expected
    got = json.loads(r.stdout)
    assert {f["error"] for f in got["failures"]} >= {"empty", "corrupt_file"}
    assert len(got["reports"]) + len(got["failures"]) == len(list(batch.iterdir()))


def test_local_cluster_same_table_and_csv(batch, tmp_path):
    for fmt in ("table", "csv"):
        one = run("check", batch, "--format", fmt, "--no-store", "--jobs", "1")
        dist = run("check", batch, "--format", fmt, "--no-store", "--scheduler", "local", "--jobs", "2")
        assert dist.exit_code == one.exit_code == 1
        assert dist.output == one.output, fmt


def test_bad_scheduler_value_is_a_usage_error(batch):
    r = run("check", batch, "--no-store", "--scheduler", "somewhere")
    assert r.exit_code == 2 and "--scheduler" in r.output


# --- a real scheduler and two real workers over loopback -----------------------------------------------------

@contextmanager
def _cluster(tmp_path):
    """``dask scheduler`` and two ``dask worker`` processes (no nanny: a killed worker stays dead), each worker
    in its own working folder; a client connected to them."""
    from distributed import Client
    with loopback_cluster(tmp_path) as (addr, _, workers), Client(addr, timeout="60s") as client:
        yield client, workers


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    with _cluster(tmp_path_factory.mktemp("cluster")) as c:
        yield c


@pytest.fixture(scope="module")
def want(batch):
    return _records(check_batch(sorted(str(p) for p in batch.iterdir()), jobs=1, store=None))


def _records(items) -> tuple[dict, dict]:
    reports, failures = {}, {}
    for it in items:
        if isinstance(it, Failure):
            failures[it.path] = it.to_dict()
        else:
            assert isinstance(it, Checked)
            reports[it.path] = json.loads(it.record.json())
    return reports, failures


def test_scheduler_with_two_workers_matches_jobs_1(batch, cluster, want):
    client, _ = cluster
    files = sorted(str(p) for p in batch.iterdir())
    seen = list(check_batch(files, store=None, client=client))
    assert sorted(it.path for it in seen) == files
    assert _records(seen) == want


def test_files_travel_as_bytes_to_workers_that_cannot_see_them(batch, cluster, want):
    client, _ = cluster
    files = sorted(str(p) for p in batch.iterdir())
    assert _records(check_batch(files, store=None, client=client, transfer="bytes")) == want


def test_relative_paths_reach_workers_in_other_folders(batch, cluster, monkeypatch):
    client, _ = cluster
    monkeypatch.chdir(batch.parent)
    files = sorted(f"in/{p.name}" for p in batch.iterdir())
    here = _records(check_batch(files, jobs=1, store=None))
    assert _records(check_batch(files, store=None, client=client)) == here


def test_a_worker_killed_mid_run_loses_no_input(batch, tmp_path, want):
    files = sorted(str(p) for p in batch.iterdir())
    with _cluster(tmp_path) as (client, workers):
        seen, killed = [], False
        for item in check_batch(files, store=None, client=client):
            seen.append(item)
            if not killed and len(seen) == 3:
                # a worker dies mid-run; its tasks go to the other one
                victim = workers[0]
                os.kill(victim.pid, signal.SIGKILL)
                victim.wait()
                killed = True
        assert killed and workers[1].poll() is None
    assert sorted(it.path for it in seen) == files      # every input once: a report or a typed failure
    assert _records(seen) == want


def test_the_store_is_written_by_the_client_only(batch, cluster, tmp_path):
    """Workers run in their own folders and never see the store: after the run it holds every report, and a
    rerun answers all of them from it without sending any work."""
    from analyzer.batch.store import Store
    client, _ = cluster
    db = tmp_path / "results.sqlite3"
    files = sorted(str(p) for p in batch.iterdir())
    store = Store(db)
    first = list(check_batch(files, store=store, client=client))
    store.close()
    n_reports = sum(isinstance(i, Checked) for i in first)
    store = Store(db)
    again = list(check_batch(files, store=store, client=client))
    store.close()
    assert all(i.from_store for i in again if isinstance(i, Checked))
    assert sum(isinstance(i, Checked) for i in again) == n_reports
    assert sqlite3.connect(db).execute("select count(*) from sqlite_master").fetchone()[0] > 0


def test_dask_diagnostics_are_quiet_on_the_workers_shengao_uses(batch):
    """Dask's profiler and fast diagnostic timers cost CPU by the wall-clock second (benchmarks/bench_dask.py):
    a LocalCluster of ``--scheduler local`` starts without them, and a running cluster's workers are quieted
    by the first batch sent to them."""
    from distributed import Client, LocalCluster

    from analyzer.batch.dask_runner import open_client

    def timers(dask_worker):
        pcs = dask_worker.periodic_callbacks
        return (any(pcs[n].is_running() for n in ("profile", "profile-cycle") if n in pcs),
                pcs["tick"].callback_time, pcs["memory_monitor"].callback_time)

    client, cluster = open_client("local", 1)
    try:
        assert set(client.run(timers).values()) == {(False, 1000, 500)}
    finally:
        client.close()
        cluster.close()
    files = sorted(str(p) for p in batch.iterdir())[:2]
    with LocalCluster(n_workers=1, processes=False, dashboard_address=None) as lc, Client(lc) as c:
        assert set(c.run(timers).values()) == {(True, 20, 100)}       # Dask's defaults
        list(check_batch(files, store=None, client=c))
        assert set(c.run(timers).values()) == {(False, 1000, 500)}
