"""The SQLite results store: unit keys, round trips of real reports, staleness rules, WAL, unit history."""
from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from analyzer.batch.runner import check_batch
from analyzer.model import Report
from analyzer.pipeline import analyze
from analyzer.render.jsonout import dumps
from analyzer.batch.store import (
    AnalysisKey,
    ReportRecord,
    Store,
    default_db_path,
    unit_history,
    unit_key,
    year_of,
)
from conftest import requires_corpus
from batch.test_runner import write_unit


@pytest.mark.parametrize("name, pattern, unit", [
    ("财政局_2023年度党建总结.docx", None, "财政局_年度党建总结"),
    ("2024_教育局党建工作总结.txt", None, "教育局党建工作总结"),
    ("gwr_2015.txt", None, "gwr"),
    ("卫健委党建总结.pdf", None, "卫健委党建总结"),
    ("市财政局-2023-总结.docx", r"^(?P<unit>[^-]+)-", "市财政局"),
    ("市财政局-2023-总结.docx", r"^(\w+?局)", "市财政局"),
    ("市财政局-2023-总结.docx", r"^X(\d+)", "市财政局--总结"),   # no match: the default applies
])
def test_unit_key(name, pattern, unit):
    assert unit_key(f"/data/2023/{name}", pattern) == unit


def test_year_of_prefers_the_file_name():
    assert year_of("财政局_2023年度党建总结.docx") == 2023
    assert year_of("财政局党建总结.docx") is None
    r = analyze(text="财政局党建工作总结\n全年开展学习12次。\n2021年12月30日")
    assert r.as_of_source == "document"
    assert year_of("财政局党建总结.docx", r) == r.as_of.year == 2021


def test_default_path_follows_xdg(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_db_path() == tmp_path / "shengao" / "results.sqlite3"
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_db_path() == tmp_path / "home" / ".local" / "share" / "shengao" / "results.sqlite3"


def test_store_uses_wal_and_creates_its_folder(tmp_path):
    path = tmp_path / "deep" / "er" / "r.sqlite3"
    with Store(path) as s:
        assert s.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert path.is_file()


@requires_corpus
def test_real_reports_round_trip_exactly(corpus, tmp_path):
    with Store(tmp_path / "r.db") as store:
        for p in corpus[:6]:
            fresh = analyze(p)
            key = AnalysisKey(fresh.document.sha256, "v1")
            store.save(key, ReportRecord.from_report(fresh), unit=unit_key(p), year=year_of(p, fresh))
            rec = store.lookup(key, path=str(p))
            assert rec.json() == dumps(fresh.to_dict())        # the fast path: stored text as is
            assert rec.to_dict() == fresh.to_dict()
            back = rec.report()                                # rebuilt objects, for table/xlsx/html
            assert back.to_dict() == fresh.to_dict()
            assert back.document.text == fresh.document.text
            assert back.document.paragraphs == fresh.document.paragraphs
            assert back.counts() == fresh.counts()
            moved = store.lookup(key, path="别处/" + p.name, include_text=True)
            assert moved.json() == dumps({**fresh.to_dict(), "path": "别处/" + p.name, "text": fresh.document.text})
            assert store.lookup(AnalysisKey(fresh.document.sha256, "v2")) is None
        assert store.count("documents") == 6


def test_report_from_dict_keeps_include_text_and_new_path():
    r = analyze(text="某局党建工作总结\n全年开展主题党日12次。")
    d = r.to_dict()
    back = Report.from_dict(d, text=r.document.text, paragraphs=r.document.paragraphs, path="移动后/a.txt",
                            include_text=True)
    out = back.to_dict()
    assert out.pop("text") == r.document.text
    assert out.pop("path") == "移动后/a.txt"
    d.pop("path")
    assert out == d


def test_date_and_genre_evidence_survive_the_store(tmp_path):
    r = analyze(text="某局2023年度机关党建工作总结\n一年来，局机关党委坚持……。\n", today=dt.date(2025, 3, 1))
    key = AnalysisKey(r.document.sha256, "v1")
    with Store(tmp_path / "r.db") as s:
        s.save(key, ReportRecord.from_report(r), unit="某局", year=None)
        back = s.lookup(key).report()
    assert back.as_of_evidence == r.as_of_evidence and back.as_of_evidence.kind == "period"
    assert back.profile == r.profile
    assert back.to_dict() == r.to_dict()


def test_a_report_judged_at_today_is_not_reused_tomorrow(tmp_path):
    r = analyze(text="某局党建工作总结\n全年开展主题党日12次。", today=dt.date(2025, 3, 1))
    assert r.as_of_source == "today"
    key = AnalysisKey(r.document.sha256, "v1")
    with Store(tmp_path / "r.db") as s:
        s.save(key, ReportRecord.from_report(r), unit="某局", year=None)
        assert s.lookup(key, today=dt.date(2025, 3, 1)) is not None
        assert s.lookup(key, today=dt.date(2025, 3, 2)) is None


def test_unit_history_across_years(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    for year, n in ((2021, 3), (2023, 20), (2022, 8)):
        write_unit(d, "财政局", year, n)
    write_unit(d, "教育局", 2023)
    db = tmp_path / "r.db"
    with Store(db) as store:
        results = {c.report.path: c.report for c in check_batch([d], store=store)}
    hist = unit_history(db, "财政局_年度党建总结")
    assert [h["year"] for h in hist] == [2021, 2022, 2023]
    assert [h["path"] for h in hist] == [str(d / f"财政局_{y}年度党建总结.txt") for y in (2021, 2022, 2023)]
    for h in hist:
        r = results[h["path"]]
        assert h["sha256"] == r.document.sha256
        assert h["coverage"] == r.to_dict()["coverage"]["score"]
        assert h["hollowness"] == r.to_dict()["hollowness"]["score"]
        assert h["errors"] == r.counts()["error"]
    assert [h["year"] for h in unit_history(db, "教育局_年度党建总结")] == [2023]
    assert unit_history(db, "不存在的单位") == []
    # the store's own key is the sha256 of the file bytes
    raw = (d / "教育局_2023年度党建总结.txt").read_bytes()
    import hashlib
    assert sqlite3.connect(db).execute("SELECT COUNT(*) FROM documents WHERE sha256=?",
                                       (hashlib.sha256(raw).hexdigest(),)).fetchone() == (1,)


def test_unit_pattern_groups_files(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "A局-2022-总结.txt").write_text("A局2022年党建工作总结\n全年开展学习12次。", encoding="utf-8")
    (d / "A局-2023-述职.txt").write_text("A局2023年党建工作总结\n全年开展学习15次。", encoding="utf-8")
    db = tmp_path / "r.db"
    with Store(db) as store:
        list(check_batch([d], store=store, unit_pattern=r"^(?P<unit>[^-]+)-"))
    assert [h["year"] for h in unit_history(db, "A局")] == [2022, 2023]


def test_a_rerun_for_json_output_leaves_the_document_text_in_the_store(tmp_path):
    """``documents=False`` (the CLI's json/jsonl output): stored reports come back without their text, give the
    same JSON as when analysed, and refuse to rebuild the document instead of giving a wrong one."""
    d = tmp_path / "in"
    d.mkdir()
    write_unit(d, "财政局", 2023, 5)
    write_unit(d, "教育局", 2023)
    db = tmp_path / "r.db"
    with Store(db) as store:
        first = {c.path: c.record.json() for c in check_batch([d], store=store)}
    with Store(db) as store:
        again = list(check_batch([d], store=store, documents=False))
    assert all(c.from_store for c in again) and {c.path: c.record.json() for c in again} == first
    with pytest.raises(RuntimeError, match="未带文档正文"):
        again[0].report
    with Store(db) as store:
        full = list(check_batch([d], store=store))
    assert all(c.from_store for c in full) and "主题党日" in full[0].report.document.text


def test_no_ocr_and_ocr_readings_are_stored_apart(tmp_path):
    """The same scanned PDF read with --no-ocr and with OCR gives two texts: neither stored report (nor stored
    text) may be served for the other, and each is reused by a rerun with the same switch."""
    pytest.importorskip("rapidocr_onnxruntime")
    from analyzer.ingest import Limits
    from ingest.gongwen import cjk_font, mixed_pdf, scan_pages
    if cjk_font() is None:
        pytest.skip("no CJK font to render scans (fonts-noto-cjk)")
    scanned = "关于开展主题党日活动的通知\n各党支部：\n定于2024年3月15日开展主题党日活动，请按时参加。\n中共江屿市委员会办公室"
    [scan] = scan_pages(scanned, seal=False, seed=7, header=None)
    d = tmp_path / "in"
    d.mkdir()
    (d / "通知.pdf").write_bytes(mixed_pdf(["第一页正文：基层党组织按期换届11个。", scan]))
    db = tmp_path / "r.db"
    no_ocr, ocr = Limits(ocr=False), Limits()

    def run(limits):
        with Store(db) as store:
            [c] = check_batch([d], store=store, limits=limits)
        return c, c.report.document.text

    c, text = run(no_ocr)
    assert not c.from_store and "主题党日" not in text and c.report.document.ocr is None
    c, text = run(ocr)
    assert not c.from_store and "主题党日" in text and c.report.document.ocr["pages"] == [2]
    c, text = run(no_ocr)
    assert c.from_store and "主题党日" not in text
    c, text = run(ocr)
    assert c.from_store and "主题党日" in text and c.report.to_dict()["ocr"]["pages"] == [2]
