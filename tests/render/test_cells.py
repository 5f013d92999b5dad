"""Untrusted text (a document's first line, a file name) never becomes a live formula in csv or xlsx output."""
from __future__ import annotations

import csv
import io
import zipfile

import openpyxl
from click.testing import CliRunner

from analyzer.cli.commands import cli
from conftest import SAMPLES

TITLE = "=cmd|' /C calc'!A0"
NAME = '=HYPERLINK("x.invalid","点我").txt'


def _inputs(tmp_path):
    body = (SAMPLES / "speech.txt").read_text(encoding="utf-8")
    d = tmp_path / "in"
    d.mkdir()
    (d / "a.txt").write_text(TITLE + "\n" + body, encoding="utf-8")
    (d / NAME).write_text(body, encoding="utf-8")
    return d


def test_xlsx_cells_with_formula_starts_are_text(tmp_path):
    out = tmp_path / "r.xlsx"
    res = CliRunner().invoke(cli, ["check", str(_inputs(tmp_path)), "--no-store", "--format", "xlsx", "--out", str(out)])
    assert res.exit_code == 0, res.output
    with zipfile.ZipFile(out) as z:
        sheets = [z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
    assert sheets and not any("<f>" in s or "<f " in s for s in sheets)     # no formula anywhere
    ws = openpyxl.load_workbook(out)["文稿"]
    values = [c.value for row in ws.iter_rows(min_row=2) for c in row]
    assert TITLE in values
    assert any(isinstance(v, str) and v.startswith("=HYPERLINK") for v in values)


def test_csv_cells_with_formula_starts_are_quoted(tmp_path):
    res = CliRunner().invoke(cli, ["check", str(_inputs(tmp_path)), "--no-store", "--format", "csv"])
    assert res.exit_code == 0, res.output
    cells = [c for row in csv.reader(io.StringIO(res.stdout)) for c in row]
    assert "'" + TITLE in cells and TITLE not in cells
    assert not any(c.startswith(("=", "+", "@")) for c in cells)
    assert any(c.startswith("'=HYPERLINK") for c in cells)
