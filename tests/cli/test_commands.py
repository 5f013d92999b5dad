"""The command line over real files: extract reproduces the samples; check reports good files, lists bad ones
with their codes, and exits 0/1/2 as DESIGN.md says."""
from __future__ import annotations

import json
import re
import shutil

import pytest
from click.testing import CliRunner

from analyzer.cli.commands import cli
from conftest import PACK_PROFILE_ID, PACK_PROFILE_NAME, SAMPLES

NAMES = ["annual_summary", "speech", "duty_report", "self_review"]


def run(*args):
    return CliRunner().invoke(cli, list(map(str, args)))


@pytest.mark.parametrize("name", NAMES)
def test_extract_docx_reproduces_source(name):
    r = run("extract", SAMPLES / f"{name}.docx")
    assert r.exit_code == 0
    assert r.output == (SAMPLES / f"{name}.txt").read_text("utf-8").rstrip("\n")


@pytest.mark.parametrize("name", NAMES)
def test_extract_pdf_reproduces_source_up_to_whitespace(name):
    r = run("extract", SAMPLES / f"{name}.pdf")
    assert r.exit_code == 0
    squash = lambda s: re.sub(r"\s+", "", s)  # noqa: E731
    assert squash(r.output) == squash((SAMPLES / f"{name}.txt").read_text("utf-8"))


def test_extract_unreadable_file_exits_1(tmp_path):
    p = tmp_path / "坏.pdf"
    p.write_bytes(b"%PDF-1.4\n garbage")
    r = run("extract", p)
    assert r.exit_code == 1
    assert "corrupt" not in r.output and "截断" in r.output


def test_check_json_reports_every_sample():
    r = run("check", SAMPLES, "--format", "json", "--no-store")
    assert r.exit_code == 0, r.output
    out = json.loads(r.output)
    assert out["schema_version"] == "1" and out["failures"] == []
    by_path = {rep["path"]: rep for rep in out["reports"]}
    assert sorted(by_path) == sorted(str(SAMPLES / f"{n}.{x}") for n in NAMES for x in ("txt", "docx", "pdf"))
    speech = by_path[str(SAMPLES / "speech.docx")]
    assert speech["title"] == "在全市机关党的建设工作会议上的讲话"
    assert speech["as_of"] == "2024-03-08" and speech["as_of_source"] == "document"
    assert speech["chars"] == len((SAMPLES / "speech.txt").read_text("utf-8").rstrip("\n"))
    assert speech["format"] == "docx"


@pytest.fixture
def mixed(tmp_path):
    shutil.copy(SAMPLES / "speech.docx", tmp_path / "good.docx")
    shutil.copy(SAMPLES / "self_review.txt", tmp_path / "good.txt")
    (tmp_path / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    (tmp_path / "cut.pdf").write_bytes((SAMPLES / "duty_report.pdf").read_bytes()[:2000])
    (tmp_path / "empty.txt").write_bytes(b"")
    return tmp_path


def test_mixed_folder_reports_good_lists_bad_exits_1(mixed):
    r = run("check", mixed, "--format", "json", "--no-store")
    assert r.exit_code == 1
    out = json.loads(r.output[r.output.index("{"):r.output.rindex("}") + 1])
    assert sorted(rep["path"].rsplit("/", 1)[1] for rep in out["reports"]) == ["good.docx", "good.txt"]
    codes = {f["path"].rsplit("/", 1)[1]: f["error"] for f in out["failures"]}
    assert codes == {"old.doc": "corrupt_file", "cut.pdf": "corrupt_file", "empty.txt": "empty"}
    assert all(re.search(r"[\u4e00-\u9fff]", f["message"]) for f in out["failures"])


def test_jsonl_streams_one_object_per_line(mixed):
    r = run("check", mixed, "--format", "jsonl", "--no-store")
    assert r.exit_code == 1
    objs = [json.loads(ln) for ln in r.output.splitlines() if ln.startswith("{")]
    assert len(objs) == 5
    assert sum("error" in o for o in objs) == 3 and sum("sha256" in o for o in objs) == 2
    names = [o["path"].rsplit("/", 1)[1] for o in objs]
    assert names == sorted(names)  # in input order, each as soon as it is done


@pytest.mark.parametrize("args", [
    ["check"], ["check", "no/such/file.txt"], ["check", "--format", "yaml", "."],
    ["check", "--as-of", "2024-13-40", "data/samples/speech.txt"], ["frobnicate"], ["app", "--port", "99999"],
])
def test_bad_usage_exits_2(args):
    r = run(*args)
    assert r.exit_code == 2, r.output


def test_app_port_out_of_range_is_a_chinese_usage_error():
    r = run("app", "--port", "99999")
    assert r.exit_code == 2 and "超出范围" in r.output and "1–65535" in r.output and "Traceback" not in r.output


def test_profile_defined_in_a_lexicon_pack_is_accepted(profile_pack):
    r = run("check", SAMPLES / "speech.txt", "--lexicons", profile_pack, "--profile", PACK_PROFILE_ID,
            "--format", "json", "--no-store")
    assert r.exit_code == 0, r.output
    (report,) = json.loads(r.output)["reports"]
    assert (report["profile"]["id"], report["profile"]["name"]) == (PACK_PROFILE_ID, PACK_PROFILE_NAME)
    assert {t["id"]: t["weight"] for t in report["coverage"]["themes"] if t["required"]} == {"sanhui-yike": 3.0,
                                                                                         "liangge-weihu": 1.0}


def test_suggest_uses_a_lexicon_pack_and_its_profile(profile_pack):
    r = run("suggest", SAMPLES / "speech.txt", "--lexicons", profile_pack, "--profile", PACK_PROFILE_ID,
            "--format", "json")
    assert r.exit_code == 0, r.output
    out = json.loads(r.output)
    assert out["profile"] == {"id": PACK_PROFILE_ID, "name": PACK_PROFILE_NAME}
    missing = {t["id"] for t in out["missing_themes"]}          # only the pack profile's two themes are required
    assert "liangge-weihu" in missing and missing <= {"sanhui-yike", "liangge-weihu"}
    assert run("suggest", SAMPLES / "speech.txt", "--profile", PACK_PROFILE_ID).exit_code == 2   # not without it


def test_unknown_profile_exits_2_naming_the_profiles_of_the_loaded_lexicon(profile_pack):
    r = run("check", SAMPLES / "speech.txt", "--profile", PACK_PROFILE_ID, "--no-store")
    assert r.exit_code == 2
    assert f"未知的文种（profile）“{PACK_PROFILE_ID}”" in r.output and "speech（讲话稿）" in r.output
    assert PACK_PROFILE_ID + "（" not in r.output         # without the pack its profile is not offered
    r = run("check", SAMPLES / "speech.txt", "--lexicons", profile_pack, "--profile", "speach", "--no-store")
    assert r.exit_code == 2 and f"{PACK_PROFILE_ID}（{PACK_PROFILE_NAME}）" in r.output
    r = run("suggest", SAMPLES / "speech.txt", "--profile", "speach")
    assert r.exit_code == 2 and "未知的文种（profile）“speach”" in r.output

