"""Reuse against an archive: the pairs are those ``find_pairs`` gives over archive + NEW (restricted to pairs
with a NEW document), the archived documents are never read again (their files may be gone), a rerun adds
nothing twice, and signatures and alignment on Dask workers give the same pairs."""
from __future__ import annotations

import json
import shutil
import sqlite3

import pytest
from click.testing import CliRunner

from analyzer.analyses.reuse.detect import find_pairs
from analyzer.batch.reuse_archive import Archive, reuse_with_archive
from analyzer.batch.runner import read_all
from analyzer.cli.commands import cli
from conftest import CORPUS, requires_corpus

OLD = ["cpc20_report.txt", "npc_gwr_resolution_2014.txt", "npc_gwr_resolution_2024.txt",
       "xi_2020-01-08_zhutijiaoyu_zongjie.txt", "xi_2020-10-23_kangmei_yuanchao.txt", "gwr_2023.txt", "gwr_2024.txt"]
NEW = ["cpc20_report_alt.txt", "npc_gwr_resolution_2015.txt", "npc_gwr_resolution_2025.txt",
       "xi_2020-01-08_zhutijiaoyu_zongjie_alt.txt", "xi_2020-10-23_kangmei_yuanchao_alt.txt", "gwr_2025.txt"]


def _dicts(pairs):
    return [p.to_dict() for p in pairs]


@pytest.fixture()
def years(tmp_path):
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is absent (it is not part of the repo)")
    old, new = tmp_path / "2024", tmp_path / "2025"
    for folder, names in ((old, OLD), (new, NEW)):
        folder.mkdir()
        for n in names:
            shutil.copy(CORPUS / n, folder / n)
    return old, new


@requires_corpus
def test_archive_run_equals_find_pairs_over_archive_and_new(years, tmp_path):
    old, new = years
    db = tmp_path / "archive.sqlite3"
    first, failures = reuse_with_archive([old], db)
    assert not failures
    old_docs, _ = read_all([old])
    assert _dicts(first) == _dicts(find_pairs(old_docs))          # an empty archive: a plain batch

    new_docs, _ = read_all([new])
    new_paths = {d.path for d in new_docs}
    want = [p for p in find_pairs(old_docs + new_docs) if p.a in new_paths or p.b in new_paths]
    shutil.rmtree(old)                     # archived documents come from the archive, not from their files
    got, failures = reuse_with_archive([new], db)
    assert not failures
    assert _dicts(got) == _dicts(want)
    names = {(p.a.rsplit("/", 1)[-1], p.b.rsplit("/", 1)[-1]) for p in got}
    assert ("cpc20_report.txt", "cpc20_report_alt.txt") in names      # a second transcription, found across years
    assert len(Archive(db)) == len(OLD) + len(NEW)


@requires_corpus
def test_rerun_adds_nothing_twice(years, tmp_path):
    old, new = years
    db = tmp_path / "archive.sqlite3"
    reuse_with_archive([old, new], db)
    rows = sqlite3.connect(db).execute("select count(*), sum(windows) from docs").fetchone()
    again, _ = reuse_with_archive([new], db)
    assert again == []                     # nothing new: its pairs were reported when it was added
    assert sqlite3.connect(db).execute("select count(*), sum(windows) from docs").fetchone() == rows


@requires_corpus
def test_on_a_local_cluster_the_same_pairs(years, tmp_path):
    pytest.importorskip("distributed", reason="the dask extra is not installed")
    from distributed import Client, LocalCluster
    old, new = years
    plain = tmp_path / "plain.sqlite3"
    reuse_with_archive([old], plain)
    want, _ = reuse_with_archive([new], plain)
    with LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster, Client(cluster) as c:
        db = tmp_path / "dask.sqlite3"
        reuse_with_archive([old], db, client=c)
        got, _ = reuse_with_archive([new], db, client=c)
    assert want and _dicts(got) == _dicts(want)


@requires_corpus
def test_cli_archive(years, tmp_path):
    old, new = years
    db = tmp_path / "a.sqlite3"
    r = CliRunner().invoke(cli, ["reuse", str(old), "--archive", str(db), "--format", "json"])
    assert r.exit_code == 0, r.output
    r = CliRunner().invoke(cli, ["reuse", str(new), "--archive", str(db), "--format", "json"])
    assert r.exit_code == 0, r.output
    pairs = json.loads(r.output)["pairs"]
    assert pairs and all(p["b"].startswith(str(new)) or p["a"].startswith(str(new)) for p in pairs)


def test_an_archive_of_other_parameters_is_refused(tmp_path):
    db = tmp_path / "a.sqlite3"
    Archive(db).close()
    con = sqlite3.connect(db)
    con.execute("update meta set value = '{}' where key = 'params'")
    con.commit()
    docs = tmp_path / "in"
    docs.mkdir()
    (docs / "a.txt").write_text("全年开展“三会一课”48次，参学党员覆盖率100%。\n", "utf-8")
    r = CliRunner().invoke(cli, ["reuse", str(docs), "--archive", str(db)])
    assert r.exit_code == 2 and "不同版本或参数" in r.output


@requires_corpus
def test_workers_that_cannot_see_the_inputs_get_their_bytes(years, tmp_path):
    """A real scheduler and two real workers over loopback, the workers in a mount namespace where the input
    folders are empty: the client sends the files' bytes, and the pairs are those of a plain run."""
    pytest.importorskip("distributed", reason="the dask extra is not installed")
    from distributed import Client

    from benchmarks.dask_cluster import can_hide, loopback_cluster
    if not can_hide():
        pytest.skip("this machine allows no unprivileged mount namespace (unshare -r -m): workers cannot be blinded")
    old, new = years
    plain = tmp_path / "plain.sqlite3"
    reuse_with_archive([old], plain)
    want, _ = reuse_with_archive([new], plain)
    (tmp_path / "bad.txt").write_bytes(b"")                     # refused before its content: reported by the client
    with loopback_cluster(tmp_path / "cluster", hide=old.parent) as (addr, _, _), Client(addr) as c:
        probe = str(old / OLD[0])
        assert not any(c.run(lambda: __import__("os").path.exists(probe)).values())   # really blind
        db = tmp_path / "dask.sqlite3"
        first, failures = reuse_with_archive([old, tmp_path / "bad.txt"], db, client=c)
        assert [f.error for f in failures] == ["empty"]
        got, failures = reuse_with_archive([new], db, client=c)
    assert not failures and want and _dicts(got) == _dicts(want)
