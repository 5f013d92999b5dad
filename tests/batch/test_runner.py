"""Batch checking: bad files never sink a batch, parallel equals sequential, reruns come from the store, a lexicon
change re-analyses. Bad files are crafted here; good ones are real corpus texts or short texts written here."""
from __future__ import annotations

import importlib.util
import json
import shutil
import sqlite3
import zipfile

import pytest
from click.testing import CliRunner

from analyzer.batch.runner import Checked, Failure, check_batch
from analyzer.cli.commands import cli
from analyzer.batch.store import Store
from conftest import CORPUS, SAMPLES, requires_corpus

UNIT_TEXT = ("{unit}{year}年度党建工作总结\n"
             "{year}年，{unit}党组坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻党的二十大精神。\n"
             "一、政治建设\n全年召开党组理论学习中心组学习会{n}次，开展主题党日活动{m}次。\n"
             "二、作风建设\n严格落实中央八项规定精神，整治形式主义、官僚主义问题{k}个。\n")


def write_unit(folder, unit: str, year: int, n: int = 12):
    p = folder / f"{unit}_{year}年度党建总结.txt"
    p.write_text(UNIT_TEXT.format(unit=unit, year=year, n=n, m=n // 2, k=n % 7 + 1), encoding="utf-8")
    return p


def zip_bomb(path, unzipped_mb: int = 210) -> None:
    """A structurally plausible .docx whose document.xml inflates to more than the 200 MB limit."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        with zf.open("word/document.xml", "w", force_zip64=True) as fh:
            chunk = b"\0" * (1 << 20)
            for _ in range(unzipped_mb):
                fh.write(chunk)


def encrypted_pdf(path) -> None:
    from reportlab.pdfgen import canvas
    c = canvas.Canvas(str(path), encrypt="open-sesame")
    c.drawString(72, 720, "secret")
    c.save()


@pytest.fixture
def bad_batch(tmp_path):
    d = tmp_path / "batch"
    d.mkdir()
    good = [write_unit(d, "财政局", 2023), write_unit(d, "教育局", 2023, 9)]
    (d / "损坏.docx").write_bytes(b"PK\x03\x04 this is not really a zip archive" * 20)
    encrypted_pdf(d / "加密.pdf")
    zip_bomb(d / "炸弹.docx")
    return d, good


def run(args):
    return CliRunner().invoke(cli, args, catch_exceptions=False)


def test_bad_files_are_listed_and_the_batch_completes(bad_batch):
    d, good = bad_batch
    res = run(["check", str(d), "--format", "json", "--no-store", "--jobs", "2"])
    assert res.exit_code == 1
    out = json.loads(res.stdout)
    assert sorted(r["path"] for r in out["reports"]) == sorted(map(str, good))
    assert all(r["chars"] > 50 for r in out["reports"])
    assert sorted(f["path"].rsplit("/", 1)[1] for f in out["failures"]) == ["加密.pdf", "损坏.docx", "炸弹.docx"]
    for name in ("加密.pdf", "损坏.docx", "炸弹.docx"):
        assert f"无法读取 {d / name}" in res.stderr


@pytest.mark.skipif(importlib.util.find_spec("analyzer.ingest.pdf") is None
                    or importlib.util.find_spec("analyzer.ingest.docx") is None,
                    reason="the pdf/docx readers (ingest engineer) have not landed yet")
def test_bad_files_get_their_typed_error_codes(bad_batch):
    d, _ = bad_batch
    res = run(["check", str(d), "--format", "json", "--no-store"])
    codes = {f["path"].rsplit("/", 1)[1]: f["error"] for f in json.loads(res.stdout)["failures"]}
    assert codes == {"加密.pdf": "encrypted", "损坏.docx": "corrupt_file", "炸弹.docx": "zip_bomb"}


def test_jsonl_streams_one_line_per_input(bad_batch):
    d, good = bad_batch
    res = run(["check", str(d), "--format", "jsonl", "--no-store", "--jobs", "2"])
    lines = [json.loads(line) for line in res.stdout.splitlines()]
    assert res.exit_code == 1
    assert len(lines) == 5
    assert sorted(x["path"] for x in lines if "sha256" in x) == sorted(map(str, good))
    assert len([x for x in lines if "error" in x and "sha256" not in x]) == 3


@requires_corpus
def test_jobs_2_gives_the_same_reports_as_jobs_1(corpus):
    paths = [str(p) for p in corpus[::4]]
    one = run(["check", *paths, "--format", "json", "--no-store", "--jobs", "1", "--as-of", "2024-01-01"])
    two = run(["check", *paths, "--format", "json", "--no-store", "--jobs", "2", "--as-of", "2024-01-01"])
    assert one.exit_code == two.exit_code == 0
    a, b = json.loads(one.stdout), json.loads(two.stdout)
    assert len(a["reports"]) == len(paths)
    assert a == b


def test_rerun_comes_from_the_store_and_changed_files_are_reanalysed(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    files = [write_unit(d, u, y) for u in ("财政局", "教育局", "卫健委") for y in (2022, 2023)]
    db = tmp_path / "r.sqlite3"
    with Store(db) as store:
        first = list(check_batch([d], store=store, jobs=2))
    assert [type(x) for x in first] == [Checked] * 6
    assert not any(c.from_store for c in first)
    with Store(db) as store:
        assert store.count("analyses") == 6 and store.count("documents") == 6
        stamps = {r["sha256"]: r["analysed_at"] for r in store.analysis_rows()}
        second = list(check_batch([d], store=store))
        assert all(c.from_store for c in second)
        assert store.count("analyses") == 6
        rows = store.analysis_rows()
        assert {r["sha256"]: r["analysed_at"] for r in rows} == stamps
        assert [r["hits"] for r in rows] == [1] * 6
    # the stored report is the fresh one, byte for byte
    fresh = {c.report.path: c.report.to_dict() for c in first}
    assert {c.report.path: c.report.to_dict() for c in second} == fresh
    # correct one file: only it is analysed again
    write_unit(d, "教育局", 2023, n=30)
    with Store(db) as store:
        third = {c.report.path: c.from_store for c in check_batch([d], store=store)}
        assert store.count("analyses") == 7
    assert third.pop(str(d / "教育局_2023年度党建总结.txt")) is False
    assert all(third.values())


def test_lexicon_change_reanalyses(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    write_unit(d, "财政局", 2023)
    write_unit(d, "财政局", 2024)
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "pack.yaml").write_text('name: local\nversion: "1"\n', encoding="utf-8")
    db = str(tmp_path / "r.sqlite3")
    assert run(["check", str(d), "--db", db, "--format", "json"]).exit_code == 0
    assert run(["check", str(d), "--db", db, "--format", "json"]).exit_code == 0
    con = sqlite3.connect(db)
    assert con.execute("SELECT COUNT(*), SUM(hits) FROM analyses").fetchone() == (2, 2)
    a = run(["check", str(d), "--db", db, "--format", "json"]).stdout
    assert a == run(["check", str(d), "--no-store", "--format", "json"]).stdout  # stored output == fresh output
    res = run(["check", str(d), "--db", db, "--lexicons", str(pack), "--format", "json"])
    assert res.exit_code == 0
    versions = [v for (v,) in con.execute("SELECT DISTINCT lexicon_version FROM analyses ORDER BY 1")]
    assert len(versions) == 2 and any("local@1" in v for v in versions)
    assert con.execute("SELECT COUNT(*) FROM analyses").fetchone() == (4,)
    assert json.loads(res.stdout)["tool"]["lexicon_version"] in versions


def test_no_store_neither_reads_nor_writes(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    d = tmp_path / "in"
    d.mkdir()
    write_unit(d, "财政局", 2023)
    assert run(["check", str(d), "--no-store"]).exit_code == 0
    assert not (tmp_path / "xdg").exists()
    assert run(["check", str(d)]).exit_code == 0
    db = tmp_path / "xdg" / "shengao" / "results.sqlite3"
    assert sqlite3.connect(db).execute("SELECT unit, year FROM units").fetchall() == [("财政局_年度党建总结", 2023)]


def test_as_of_and_profile_options_are_part_of_the_key(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    write_unit(d, "财政局", 2023)
    with Store(tmp_path / "r.db") as store:
        import datetime as dt
        a = next(check_batch([d], store=store, as_of=dt.date(2020, 1, 1)))
        b = next(check_batch([d], store=store, as_of=dt.date(2024, 1, 1)))
        c = next(check_batch([d], store=store, as_of=dt.date(2024, 1, 1), profile="speech"))
        again = next(check_batch([d], store=store, as_of=dt.date(2020, 1, 1)))
        assert [x.from_store for x in (a, b, c, again)] == [False, False, False, True]
        assert again.report.as_of == dt.date(2020, 1, 1) and c.report.profile.id == "speech"
        assert store.count("analyses") == 3 and store.count("documents") == 1


def test_xlsx_and_html_need_out(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    write_unit(d, "财政局", 2023)
    res = run(["check", str(d), "--format", "xlsx", "--no-store"])
    assert res.exit_code == 2
    assert "--format xlsx 需要用 --out 指定" in res.stderr


def test_reader_bug_in_one_file_is_a_typed_failure_not_a_crash(tmp_path, monkeypatch):
    """A reader bug (here: a broken decoder for one file) becomes that file's corrupt_file failure (the readers'
    boundary types it); the other file is still reported."""
    import analyzer.ingest.txt as txt
    d = tmp_path / "in"
    d.mkdir()
    ok = write_unit(d, "财政局", 2023)
    boom = write_unit(d, "教育局", 2023)
    real = txt.read_txt

    def flaky(data, *, name="<text>", **kw):
        if "教育局" in name:
            raise ValueError("decoder bug")
        return real(data, name=name, **kw)

    monkeypatch.setattr(txt, "read_txt", flaky)
    items = list(check_batch([d]))
    fails = [x for x in items if isinstance(x, Failure)]
    assert [f.path for f in fails] == [str(boom)] and fails[0].error == "corrupt_file"
    assert "ValueError" in fails[0].message and "损坏" in fails[0].message
    assert [x.report.path for x in items if isinstance(x, Checked)] == [str(ok)]


def test_analysis_bug_in_one_file_is_an_internal_error_not_a_crash(tmp_path, monkeypatch):
    import analyzer.batch.runner as runner
    d = tmp_path / "in"
    d.mkdir()
    ok = write_unit(d, "财政局", 2023)
    boom = write_unit(d, "教育局", 2023)
    real = runner.analyze_document

    def flaky(doc, lex, **kw):
        if "教育局" in (doc.path or ""):
            raise ValueError("analysis bug")
        return real(doc, lex, **kw)

    monkeypatch.setattr(runner, "analyze_document", flaky)
    items = list(check_batch([d]))
    fails = [x for x in items if isinstance(x, Failure)]
    assert [f.path for f in fails] == [str(boom)] and fails[0].error == "internal_error"
    assert "analysis bug" in fails[0].message
    assert [x.report.path for x in items if isinstance(x, Checked)] == [str(ok)]


@pytest.mark.skipif(not SAMPLES.is_dir() or not any(SAMPLES.glob("*.txt")), reason="data/samples is empty")
def test_samples_folder_checks_in_parallel(tmp_path):
    src = tmp_path / "s"
    shutil.copytree(SAMPLES, src)
    res = run(["check", str(src), "--format", "json", "--no-store", "--jobs", "2"])
    out = json.loads(res.stdout)
    from analyzer.ingest import iter_input_files
    inputs = iter_input_files([src])
    assert len(out["reports"]) + len(out["failures"]) == len(inputs) > 0
    assert [r["path"] for r in out["reports"]] == sorted(r["path"] for r in out["reports"])


def test_no_progress_bar_when_stderr_is_not_a_terminal(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    for y in (2022, 2023, 2024):
        write_unit(d, "财政局", y)
    res = run(["check", str(d), "--no-store", "--format", "json"])
    assert res.exit_code == 0 and res.stderr == ""
    assert len(json.loads(res.stdout)["reports"]) == 3


@requires_corpus
def test_against_fills_reuse_also_for_stored_reports(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    shutil.copy(CORPUS / "cpc20_report.txt", a)
    shutil.copy(CORPUS / "cpc20_report_alt.txt", b)
    db = str(tmp_path / "r.db")
    outs = []
    for _ in range(2):  # the second run takes the report from the store; reuse is computed afresh
        res = run(["check", str(a), "--against", str(b), "--db", db, "--format", "json"])
        assert res.exit_code == 0
        outs.append(json.loads(res.stdout)["reports"][0])
    assert outs[0] == outs[1]
    reuse = outs[0]["reuse"]
    assert [r["other"] for r in reuse] == [str(b / "cpc20_report_alt.txt")]
    shared = sum(p["end"] - p["start"] for p in reuse[0]["passages"])
    assert shared > 0.9 * outs[0]["chars"]  # the same report printed by two outlets


def test_parallel_workers_leave_documents_out_when_only_json_is_wanted(tmp_path):
    """``documents=False`` without a store: the workers send each report's JSON without the document text (it
    would cross the pipe for nothing); the JSON is the same as with the documents, in one process or two."""
    d = tmp_path / "in"
    d.mkdir()
    for y, n in ((2022, 3), (2023, 9), (2024, 14)):
        write_unit(d, "财政局", y, n)
    full = {c.path: c.record.json() for c in check_batch([d], jobs=2)}
    lean = list(check_batch([d], jobs=2, documents=False))
    assert {c.path: c.record.json() for c in lean} == full == {c.path: c.record.json() for c in check_batch([d])}
    assert all(c.record.paragraphs is None for c in lean)
    with pytest.raises(RuntimeError, match="未带文档正文"):
        lean[0].record.text
    assert all(c.record.paragraphs is not None for c in check_batch([d], jobs=2))


def test_check_bytes_is_the_page_s_one_call_per_upload(lexicon):
    from analyzer.batch.runner import Failure, check_bytes
    from conftest import SAMPLES
    path = SAMPLES / "speech.docx"
    if not path.is_file():
        import pytest
        pytest.skip("sample is absent")
    r = check_bytes(path.read_bytes(), "单位甲（2）.docx", lexicon)
    assert r.path == "单位甲（2）.docx" and r.document.format == "docx" and r.findings
    bad = check_bytes(b"PK\x03\x04 not a zip", "坏.docx", lexicon)
    assert isinstance(bad, Failure) and bad.path == "坏.docx" and bad.error == "corrupt_file" and "损坏" in bad.message
    exe = check_bytes(b"MZ\x90\x00" * 64, "setup.exe", lexicon)
    assert isinstance(exe, Failure) and exe.error == "unsupported_format"
