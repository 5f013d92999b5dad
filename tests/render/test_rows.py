"""One flat row per document: the csv/xlsx values must be the JSON report's values."""
from __future__ import annotations

import csv
import json

from click.testing import CliRunner

from analyzer.cli.commands import cli
from analyzer.pipeline import analyze
from analyzer.render.rows import columns_for, document_rows, finding_rows
from conftest import requires_corpus

CREDIT = {"covered": 1.0, "shallow": 0.5, "missing": 0.0}


def expected_row(report: dict) -> dict:
    """The row a reviewer should see, computed from the JSON report alone (the documented formulas)."""
    counts = {"error": 0, "warning": 0}
    for f in report["findings"]:
        counts[f["severity"]] = counts.get(f["severity"], 0) + 1
    row = {"文件": report["path"], "标题": report["title"] or "", "判断日期": report["as_of"],
           "文种": report["profile"]["name"], "覆盖度": report["coverage"]["score"],
           "空话度": report["hollowness"]["score"], "错误": counts["error"], "警告": counts["warning"],
           "缺失主题": "；".join(t["name"] for t in report["coverage"]["themes"]
                              if t["required"] and t["status"] == "missing")}
    acc: dict[str, list[float]] = {}
    for t in report["coverage"]["themes"]:
        if t["status"] != "not_applicable":
            a = acc.setdefault(t["category"], [0.0, 0.0])
            w = float(t["weight"]) or 1.0
            a[0] += w * CREDIT[t["status"]]
            a[1] += w
    for cat, (got, total) in acc.items():
        row[f"覆盖度·{cat}"] = round(100 * got / total, 2) if total else 0.0
    return row


@requires_corpus
def test_rows_equal_the_json_reports(corpus):
    reports = [analyze(p) for p in corpus[:8]]
    cols, rows = document_rows(reports, [f"u{i}" for i in range(len(reports))])
    headers = [c.header for c in cols]
    assert headers[:6] == ["单位", "文件", "标题", "判断日期", "文种", "覆盖度"]
    assert headers[-4:] == ["空话度", "错误", "警告", "缺失主题"]
    for i, (r, row) in enumerate(zip(reports, rows)):
        got = dict(zip(headers, row))
        assert got.pop("单位") == f"u{i}"
        want = expected_row(r.to_dict())
        assert {k: v for k, v in got.items() if v is not None} == want
    n_findings = sum(len(r.findings) for r in reports)
    assert len(finding_rows(reports)) == n_findings


def test_category_columns_follow_the_lexicon_order():
    r = analyze(text="某局党建工作总结\n坚持以习近平新时代中国特色社会主义思想为指导，全年开展主题党日12次。")
    cats = []
    for t in r.coverage.themes:
        if t.category not in cats:
            cats.append(t.category)
    assert [c.header for c in columns_for([r]) if c.key.startswith("category:")] == [f"覆盖度·{c}" for c in cats]


@requires_corpus
def test_csv_file_equals_json(corpus, tmp_path):
    paths = [str(p) for p in corpus[1::9]]
    out = tmp_path / "r.csv"
    runner = CliRunner()
    res = runner.invoke(cli, ["check", *paths, "--no-store", "--format", "csv", "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel needs the BOM to read Chinese
    js = json.loads(runner.invoke(cli, ["check", *paths, "--no-store", "--format", "json"]).stdout)
    with open(out, encoding="utf-8-sig", newline="") as fh:
        table = list(csv.DictReader(fh))
    assert [row["文件"] for row in table] == [r["path"] for r in js["reports"]] == sorted(paths)
    for row, rep in zip(table, js["reports"]):
        want = expected_row(rep)
        for k, v in want.items():
            assert row[k] == ("" if v is None else str(v)), k
