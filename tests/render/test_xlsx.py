"""The Excel workbook, reopened with openpyxl: layout reviewers rely on, and values equal to the JSON report."""
from __future__ import annotations

import json
import re

import openpyxl
from click.testing import CliRunner

from analyzer.cli.commands import cli
from conftest import requires_corpus
from render.test_rows import expected_row


@requires_corpus
def test_workbook_matches_json(corpus, tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    for p in corpus[::7]:
        (d / p.name).write_bytes(p.read_bytes())
    (d / "空白.txt").write_bytes(b"")
    out = tmp_path / "r.xlsx"
    runner = CliRunner()
    res = runner.invoke(cli, ["check", str(d), "--no-store", "--format", "xlsx", "--out", str(out)])
    assert res.exit_code == 1  # the empty file
    js = json.loads(runner.invoke(cli, ["check", str(d), "--no-store", "--format", "json"]).stdout)

    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["文稿", "问题清单", "无法读取"]
    ws = wb["文稿"]
    headers = [c.value for c in ws[1]]
    assert ws.freeze_panes == "C2"
    assert ws.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(len(headers))}{len(js['reports']) + 1}"
    assert ws.column_dimensions["B"].width == 36
    rows = [dict(zip(headers, (c.value for c in row))) for row in ws.iter_rows(min_row=2)]
    assert [r["文件"] for r in rows] == [r["path"] for r in js["reports"]]
    for row, rep in zip(rows, js["reports"]):
        want = expected_row(rep)
        for k, v in want.items():
            assert row[k] == (v if v != "" else None), k
        stem = rep["path"].rsplit("/", 1)[1].rsplit(".", 1)[0]
        assert row["单位"] and not re.search(r"(19|20)\d\d", row["单位"]) and set(row["单位"]) <= set(stem)

    # conditional colours: coverage low red / high green, errors > 0 red
    col = {h: openpyxl.utils.get_column_letter(i + 1) for i, h in enumerate(headers)}
    rules = {str(rng.sqref): [r for r in rng.rules] for rng in ws.conditional_formatting}
    n = len(rows) + 1
    cov = rules[f"{col['覆盖度']}2:{col['覆盖度']}{n}"]
    assert any("<60" in r.formula[0] for r in cov) and any(">=80" in r.formula[0] for r in cov)
    assert rules[f"{col['错误']}2:{col['错误']}{n}"][0].formula == ["0"]
    assert rules[f"{col['错误']}2:{col['错误']}{n}"][0].operator == "greaterThan"

    findings = list(wb["问题清单"].iter_rows(min_row=2, values_only=True))
    assert len(findings) == sum(len(r["findings"]) for r in js["reports"])
    flat = [(f["rule"], f["start"], f["end"], f["text"]) for r in js["reports"] for f in r["findings"]]
    assert [(x[2], x[6], x[7], x[8]) for x in findings] == flat
    assert all(re.fullmatch(r"第\d+[段行]", x[5]) for x in findings)   # where a reader finds it

    fails = list(wb["无法读取"].iter_rows(min_row=2, values_only=True))
    assert fails == [(f["path"], f["error"], f["message"]) for f in js["failures"]]
    assert fails[0][0].endswith("空白.txt") and fails[0][1] == "empty"


def test_xlsx_without_out_is_a_usage_error(tmp_path):
    (tmp_path / "a.txt").write_text("某局党建工作总结\n全年开展学习12次。", encoding="utf-8")
    res = CliRunner().invoke(cli, ["check", str(tmp_path), "--no-store", "--format", "xlsx"])
    assert res.exit_code == 2
    assert "用法错误：--format xlsx 需要用 --out 指定Excel 文件（.xlsx）" in res.stderr
