"""``shengao check --format json`` validates against ../shared/report.schema.json (read at run time)."""
from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from analyzer.cli.commands import cli
from conftest import ROOT, SAMPLES

SCHEMA = ROOT.parent / "shared" / "report.schema.json"
requires_schema = pytest.mark.skipif(not SCHEMA.is_file(), reason="../shared/report.schema.json is absent")


@requires_schema
def test_samples_json_matches_schema():
    jsonschema = pytest.importorskip("jsonschema")
    r = CliRunner().invoke(cli, ["check", str(SAMPLES), "--format", "json", "--no-store"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.output)
    jsonschema.validate(out, json.loads(SCHEMA.read_text("utf-8")))
    assert out["schema_version"] == "1" and len(out["reports"]) == 12
    for rep in out["reports"]:  # evidence offsets index the extracted text
        text = CliRunner().invoke(cli, ["extract", rep["path"]]).output
        assert rep["chars"] == len(text)
        for s in rep["hollowness"]["sentences"]:
            assert text[s["start"]:s["end"]] == s["text"]
        for f in rep["findings"]:
            assert text[f["start"]:f["end"]] == f["text"]


@requires_schema
def test_failures_match_schema(tmp_path):
    jsonschema = pytest.importorskip("jsonschema")
    shutil.copy(SAMPLES / "speech.txt", tmp_path / "ok.txt")
    (tmp_path / "bad.docx").write_bytes(b"not a zip")
    r = CliRunner().invoke(cli, ["check", str(tmp_path), "--format", "json", "--no-store"])
    assert r.exit_code == 1
    out = json.loads(r.output[r.output.index("{"):r.output.rindex("}") + 1])
    jsonschema.validate(out, json.loads(SCHEMA.read_text("utf-8")))
    assert [f["error"] for f in out["failures"]] == ["corrupt_file"]
