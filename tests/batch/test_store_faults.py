"""The results store survives concurrency, damage, read-only media and tampering; the analysis never depends on it."""
from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys

from conftest import SAMPLES


def units(tmp_path, n):
    d = tmp_path / "in"
    d.mkdir()
    body = (SAMPLES / "annual_summary.txt").read_text(encoding="utf-8")
    for i in range(n):
        (d / f"单位{i:03d}.txt").write_text(body.replace("2023", str(1990 + i % 30)) + f"\n第{i}号单位。",
                                            encoding="utf-8")
    return d


def check(*args):
    return subprocess.Popen([sys.executable, "-m", "analyzer", "check", *map(str, args), "--format", "json"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(proc):
    out, err = proc.communicate(timeout=900)
    return proc.returncode, out, err


def test_two_runs_on_one_store_both_report_every_file(tmp_path):
    d = units(tmp_path, 40)
    db = tmp_path / "s.db"
    first, second = check(d, "--db", db), check(d, "--db", db)
    for rc, out, err in (finish(first), finish(second)):
        assert rc == 0, err
        assert "locked" not in err and "Traceback" not in err
        assert len(json.loads(out)["reports"]) == 40
    assert sqlite3.connect(db).execute("SELECT COUNT(*) FROM analyses").fetchone()[0] == 40


def _report(db, d, extra=()):
    rc, out, err = finish(check(d, "--db", db, *extra))
    return rc, json.loads(out), err


def test_a_truncated_store_is_moved_aside_and_replaced(tmp_path):
    d = units(tmp_path, 2)
    db = tmp_path / "s.db"
    assert _report(db, d)[0] == 0
    data = db.read_bytes()
    for f in tmp_path.glob("s.db-*"):
        f.unlink()
    db.write_bytes(data[:1000])
    rc, out, err = _report(db, d)
    assert rc == 0 and len(out["reports"]) == 2
    assert "结果库已损坏" in err and "Traceback" not in err
    assert list(tmp_path.glob("s.db.damaged-*"))
    rc, out, err = _report(db, d)                         # the next run uses the new store quietly
    assert rc == 0 and "已损坏" not in err and len(out["reports"]) == 2


def test_a_file_that_is_not_a_database_is_moved_aside(tmp_path):
    d = units(tmp_path, 1)
    db = tmp_path / "s.db"
    db.write_bytes(b"\x00garbage" * 500)
    rc, out, err = _report(db, d)
    assert rc == 0 and len(out["reports"]) == 1 and "结果库已损坏" in err


def test_a_store_on_read_only_media_is_skipped_with_a_message(tmp_path):
    d = units(tmp_path, 1)
    rc, out, err = _report("/proc/shengao/results.sqlite3", d)     # /proc is read-only, for root too
    assert rc == 0 and len(out["reports"]) == 1
    assert "无法使用结果库" in err and "Traceback" not in err


def test_a_tampered_report_is_analysed_again(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    shutil.copy(SAMPLES / "speech.txt", d / "speech.txt")
    db = tmp_path / "s.db"
    rc, first, _ = _report(db, d)
    score = first["reports"][0]["coverage"]["score"]
    conn = sqlite3.connect(db)
    stored = conn.execute("SELECT report FROM analyses").fetchone()[0]
    needle = f'"coverage": {{"score": {score}'
    assert needle in stored
    conn.execute("UPDATE analyses SET report = ?", (stored.replace(needle, '"coverage": {"score": 90.0', 1),))
    conn.commit()
    conn.close()
    rc, again, _ = _report(db, d)
    assert again["reports"][0]["coverage"]["score"] == score != 90.0


def test_a_run_waits_for_another_writer_instead_of_failing(tmp_path):
    """Another run holding the write lock for longer than sqlite's default 5 s busy timeout."""
    import threading
    import time
    d = units(tmp_path, 3)
    db = tmp_path / "s.db"
    assert _report(db, d)[0] == 0
    (d / "新文件.txt").write_text((SAMPLES / "speech.txt").read_text(encoding="utf-8"), encoding="utf-8")
    holder = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")                      # the write lock, as a long store commit holds it
    threading.Timer(8.0, lambda: holder.execute("COMMIT")).start()
    t0 = time.monotonic()
    rc, out, err = _report(db, d)
    assert rc == 0, err
    assert "locked" not in err and len(out["reports"]) == 4
    assert time.monotonic() - t0 >= 7.0                   # it waited for the lock rather than skipping the store
    holder.close()
