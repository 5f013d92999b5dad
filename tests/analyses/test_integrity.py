"""A damaged PDF that loses text says so: a warning of category 文稿完整性 in the report, the terminal and every
output built from findings; an intact file never gets it."""
from __future__ import annotations

import json

from click.testing import CliRunner

from analyzer import analyze
from analyzer.cli.commands import cli
from conftest import SAMPLES


def damaged_speech(tmp_path):
    """speech.pdf with one byte changed in the middle of page 1's content stream (ASCII85 over Flate): still a
    valid ASCII85 character, so the damage shows only when the Flate data breaks off."""
    data = bytearray((SAMPLES / "speech.pdf").read_bytes())
    start = data.index(b"stream", data.index(b"9 0 obj")) + len(b"stream\n")
    end = data.index(b"endstream", start)
    at = (start + end) // 2
    data[at] = 33 + (data[at] - 33 + 7) % 85                # another ASCII85 digit
    path = tmp_path / "讲话.pdf"
    path.write_bytes(bytes(data))
    return path


def test_damaged_pdf_is_analysed_with_a_warning_that_text_may_be_missing(tmp_path):
    intact = analyze(SAMPLES / "speech.pdf")
    report = analyze(damaged_speech(tmp_path))
    assert report.document.damage["pages"] == [1]
    assert len(report.document.text) < len(intact.document.text) - 100     # text was lost, and it says so
    [warning] = [f for f in report.findings if f.rule == "damaged-file"]
    assert warning.severity == "warning" and warning.category == "文稿完整性"
    assert "第 1 页的内容无法完整读出" in warning.message
    assert report.document.text[warning.start:warning.end] == warning.text
    assert not [f for f in intact.findings if f.rule == "damaged-file"]


def test_the_warning_reaches_json_and_the_terminal(tmp_path):
    path = damaged_speech(tmp_path)
    r = CliRunner().invoke(cli, ["check", str(path), "--no-store", "--format", "json"])
    assert r.exit_code == 0, r.output
    [report] = json.loads(r.stdout)["reports"]
    assert [f["message"] for f in report["findings"] if f["rule"] == "damaged-file"][0].startswith("文件已损坏")
    assert "注意：" in r.stderr and "文件已损坏：第 1 页的内容无法完整读出" in r.stderr   # whatever the format
    r = CliRunner().invoke(cli, ["check", str(path), "--no-store"])
    assert "文件已损坏：第 1 页的内容无法完整读出" in r.stdout
    clean = CliRunner().invoke(cli, ["check", str(SAMPLES / "speech.pdf"), "--no-store", "--format", "json"])
    assert "文件已损坏" not in clean.output
