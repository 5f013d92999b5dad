"""Scanned pages among text pages read with ``--no-ocr``: never dropped silently. The report holds a warning of
category 文稿完整性 (which pages, how to get them read) on the sentence where their text is missing, the terminal
says so too, and no paragraph is joined across the missing page."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from PIL import Image, ImageDraw

from analyzer.analyses.unread import RULE
from analyzer.cli.commands import cli
from ingest.gongwen import mixed_pdf

PAGE1 = "第一页正文：本年度基层党组织按期换届"        # ends mid-sentence: page 3 would continue it
PAGE3 = "11个，发展党员3名。"
PAGE4 = "第四页正文：全年开展主题党日活动12次。"


def _scan():
    """A page image without a text layer (its content is never read under --no-ocr)."""
    img = Image.new("RGB", (1240, 1754), "white")
    d = ImageDraw.Draw(img)
    for k in range(20):
        d.rectangle([160, 200 + 60 * k, 1080, 230 + 60 * k], fill=(20, 20, 20))
    return img


def _check(tmp_path, pages, *options):
    path = tmp_path / "通知.pdf"
    path.write_bytes(mixed_pdf(pages))
    r = CliRunner().invoke(cli, ["check", str(path), "--format", "json", "--no-store", "--include-text", *options])
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)["reports"][0], r.stderr


def test_a_scanned_page_skipped_by_no_ocr_is_reported_where_it_is_missing(tmp_path):
    report, stderr = _check(tmp_path, [PAGE1, _scan(), PAGE3, PAGE4], "--no-ocr")
    assert report["text"].split("\n") == [PAGE1, PAGE3, PAGE4]        # not joined across the missing page
    [f] = [f for f in report["findings"] if f["rule"] == RULE]
    assert f["severity"] == "warning" and f["category"] == "文稿完整性"
    assert f["text"] == PAGE3 and report["text"][f["start"]:f["end"]] == PAGE3
    assert "此段之前缺第 2 页" in f["message"] and "去掉 --no-ocr" in f["message"]
    assert "注意" in stderr and "第 2 页" in stderr and "通知.pdf" in stderr
    assert "ocr" not in report


def test_scanned_pages_at_the_end_and_in_a_run(tmp_path):
    report, _ = _check(tmp_path, [_scan(), PAGE4, _scan(), _scan()], "--no-ocr")
    found = [f for f in report["findings"] if f["rule"] == RULE]
    assert found[0]["message"].startswith("此段之前缺第 1 页：该页是扫描页")
    assert found[1]["message"].startswith("文件末尾缺第 3、4 页：这些页是扫描页")
    assert [f["text"] for f in found] == [PAGE4, PAGE4]


def test_table_output_shows_it(tmp_path):
    path = tmp_path / "通知.pdf"
    path.write_bytes(mixed_pdf([PAGE1, _scan(), PAGE4]))
    r = CliRunner().invoke(cli, ["check", str(path), "--no-store", "--no-ocr"])
    assert r.exit_code == 0, r.output
    assert "此段之前缺第 2 页" in r.stdout


def test_nothing_to_say_when_ocr_reads_the_page(tmp_path):
    pytest.importorskip("rapidocr_onnxruntime")
    report, stderr = _check(tmp_path, [PAGE1, _scan(), PAGE4])
    assert not [f for f in report["findings"] if f["rule"] == RULE] and "注意" not in stderr
