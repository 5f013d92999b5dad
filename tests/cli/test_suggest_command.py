"""``shengao suggest``: exemplars attached to missing themes come from the shipped reference set by default, and
from ``--exemplars DIR`` folders too; never from data/samples."""
from __future__ import annotations

import json

from click.testing import CliRunner

from analyzer.cli.commands import cli
from analyzer.drafting.reference import STATE_ORGAN_FILES, load_reference
from conftest import SAMPLES


def run(*args):
    return CliRunner().invoke(cli, list(map(str, args)))


def test_json_attaches_exemplars_from_the_shipped_reference_set():
    r = run("suggest", SAMPLES / "speech.txt", "--format", "json")
    assert r.exit_code == 0, r.output
    missing = json.loads(r.output)["missing_themes"]
    assert missing and all(m["exemplars"] for m in missing)
    shipped = {(s.path, s.start, s.end): s.text for s in load_reference().sentences}
    for m in missing:
        for e in m["exemplars"]:
            assert STATE_ORGAN_FILES.match(e["path"]) and e["title"] and e["url"]
            assert shipped[(e["path"], e["start"], e["end"])] == e["text"]


def test_exemplars_folder_adds_the_units_own_sentences(tmp_path):
    own = "我局全年组织全体党员深入学习党的二十大精神，举办专题读书班4期、培训党员326人次。"
    (tmp_path / "往年总结.txt").write_text(f"某局2023年度党建工作总结\n{own}\n", "utf-8")
    r = run("suggest", SAMPLES / "speech.txt", "--format", "json", "--exemplars", tmp_path)
    assert r.exit_code == 0, r.output
    hits = [e for m in json.loads(r.output)["missing_themes"] for e in m["exemplars"]]
    assert any(e["text"] == own and e["path"] == str(tmp_path / "往年总结.txt") for e in hits)
    assert not any(e["path"].startswith(str(SAMPLES)) for e in hits)


def test_table_names_the_source_document():
    r = run("suggest", SAMPLES / "speech.txt")
    assert r.exit_code == 0
    assert "范例：" in r.output and "报告" in r.output


def test_missing_exemplars_folder_is_a_usage_error(tmp_path):
    r = run("suggest", SAMPLES / "speech.txt", "--exemplars", tmp_path / "nope")
    assert r.exit_code == 2 and "不存在" in r.output
