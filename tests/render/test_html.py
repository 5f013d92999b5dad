"""The HTML report (and the highlight logic it shares with the page): offline, escaped, and every flagged span
marked at its exact place with its message and suggestion."""
from __future__ import annotations

import html
import re

import pytest

from analyzer.batch.runner import Failure
from analyzer.ingest import document_from_text, read_document
from analyzer.model import Coverage, Finding, Hollowness, SentenceScore, Span, ThemeResult
from analyzer.pipeline import analyze_document
from analyzer.render.highlight import report_marks, segments
from analyzer.render.html import render_html
from analyzer.render.vocabulary import required_category_scores

from conftest import SAMPLES


def sample_report(lexicon, name="annual_summary.txt"):
    path = SAMPLES / name
    if not path.is_file():
        pytest.skip(f"sample {name} is absent")
    return analyze_document(read_document(path), lexicon, as_of="2024-03-01")


def add_finding(report, phrase, severity="error", message=None, suggestion="规范表述"):
    start = report.document.text.index(phrase)
    f = Finding("test-rule", "规范提法", severity, start, start + len(phrase), phrase,
                message or f"“{phrase}”表述有误", (suggestion,), "测试依据")
    report.findings = sorted([*report.findings, f], key=lambda x: x.start)
    return f


def visible_text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def text_div(page: str, index: int = 0) -> str:
    return re.findall(r'<div class="sg-text">(.*?)</div>', page, re.S)[index]


def test_finding_is_marked_in_place_with_message_and_suggestion(lexicon):
    r = sample_report(lexicon)
    f = add_finding(r, "两个确立", suggestion="“两个确立”")
    page = render_html([r], [])
    m = re.search(rf'<mark id="d0-{f.start}" class="sg ([^"]*)" data-start="{f.start}" data-end="(\d+)" '
                  r'data-tip="([^"]*)">([^<]*)</mark>', page)
    assert m, "the finding's span is not marked"
    assert "sg-error" in m.group(1).split()
    tip = html.unescape(m.group(3))
    assert "【错误】“两个确立”表述有误；建议：“两个确立”" in tip
    # the marked pieces starting at the finding cover exactly its text
    pieces = re.findall(r'data-start="(\d+)" data-end="(\d+)"', page)
    covered = "".join(r.document.text[int(a):int(b)] for a, b in pieces if f.start <= int(a) < f.end)
    assert covered == "两个确立"
    # the highlighted text, tags stripped, is the document text exactly
    assert visible_text(text_div(page)) == r.document.text
    # and the findings list names it
    assert "测试依据" in page and "test-rule" in page


def test_everything_is_escaped_and_nothing_is_external(lexicon):
    text = "关于<script>alert('x')</script>的报告\n要增强“四个意识”，<b>坚决</b>做到&nbsp;“两个维护”。"
    doc = document_from_text(text, path="<img src=x onerror=alert(1)>.txt")
    r = analyze_document(doc, lexicon, as_of="2024-03-01")
    add_finding(r, "<b>坚决</b>", message='含有"引号"与<i>标签</i>', suggestion="</mark><script>")
    page = render_html([r], [Failure("坏<文件>.docx", "corrupt_file", "文档已损坏<br>")])
    assert "<script" not in page and "<img" not in page and "<b>坚决" not in page and "<i>标签" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "坏&lt;文件&gt;.docx" in page and "文档已损坏&lt;br&gt;" in page
    assert visible_text(text_div(page)) == text
    assert not re.search(r"<[^>]*\s(?:src|href)\s*=\s*(?![\"']?#)", page), "a tag loads or links something"
    for external in ("@import", "url(", "<link", "<iframe"):
        assert external not in page
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page


def test_overlapping_marks_split_into_segments_with_every_kind(lexicon):
    r = sample_report(lexicon)
    text = r.document.text
    s = text.index("2023年，局机关党委") if "2023年，局机关党委" in text else r.document.paragraphs[2].start
    e = text.index("。", s) + 1
    r.hollowness = Hollowness(40.0, [SentenceScore(s, e, text[s:e], 0.8, "hollow", ["口号堆砌"])])
    phrase = text[s + 5:s + 9]
    f = add_finding(r, phrase, severity="warning")
    marks = report_marks(r)
    pieces = list(segments(len(text), marks))
    assert "".join(text[a:b] for a, b, _ in pieces) == text  # the pieces tile the text
    inner = [kinds for a, b, kinds in pieces if a == f.start]
    assert [m.kind for m in inner[0]][:2] == ["warning", "hollow"]
    page = render_html([r], [])
    assert re.search(rf'id="d0-{f.start}" class="sg sg-warning sg-hollow"', page)
    tip = html.unescape(re.search(rf'id="d0-{f.start}"[^>]*data-tip="([^"]*)"', page).group(1))
    assert "【警告】" in tip and "【空话】空话套话：口号堆砌" in tip and "0.80" not in tip   # reasons, not raw scores
    # the rest of the sentence is hollow only
    assert re.search(rf'id="d0-{s}" class="sg sg-hollow"', page)


def test_severity_filter_drops_marks_and_rows(lexicon):
    r = sample_report(lexicon)
    add_finding(r, "两个确立", severity="info", message="仅供参考的提示")
    page = render_html([r], [], severities=("error", "warning"))
    assert "仅供参考的提示" not in page
    assert "仅供参考的提示" in render_html([r], [])


def test_overview_heatmap_and_missing_theme_wording(lexicon):
    a = sample_report(lexicon, "annual_summary.txt")
    b = sample_report(lexicon, "speech.txt")
    ev = a.document.text.index("两个确立")
    a.coverage = Coverage(75.0, [
        ThemeResult("liangge-queli", "两个确立", "政治建设", True, 2.0, "covered", 3, 0.9,
                    [Span(ev, ev + 4, "两个确立")]),
        ThemeResult("baxiang-guiding", "中央八项规定精神", "作风建设", True, 1.0, "missing", 0, 0.0)])
    b.coverage = Coverage(20.0, [ThemeResult("liangge-queli", "两个确立", "政治建设", True, 2.0, "shallow", 1, 0.2)])
    page = render_html([a, b], [])
    overview = re.search(r'<table class="overview">.*?</table>', page, re.S).group(0)
    assert overview.count("<tr>") == 3 and "75.0" in overview and "20.0" in overview
    heat = re.search(r'<div class="heat-wrap">.*?</div>', page, re.S).group(0)
    assert "中央八项规定精神" in heat and '<td class="heat-miss">✗</td>' in heat
    # grouped by category, in the lexicon's order, each with its required-theme score per document
    assert re.findall(r"▸ (\S+)（", heat) == ["政治建设", "作风建设"]
    assert '<td class="heat-cat">100</td><td class="heat-cat">50</td>' in heat
    # theme evidence is highlighted with the theme's name in its tooltip
    assert re.search(rf'id="d0-{ev}" class="sg[^"]*sg-theme', page)
    # missing required theme listed (no lexicon given: no wording to quote); shallow told apart, no wording
    assert "中央八项规定精神（必备）</td><td>作风建设</td><td>缺失</td><td>补写该主题</td>" in page
    assert "两个确立（必备）</td><td>政治建设</td><td>浅提及</td><td>已提及但只有口号" in page
    assert required_category_scores(a) == [("政治建设", 100.0, 1, 1), ("作风建设", 0.0, 0, 1)]
    assert required_category_scores(b) == [("政治建设", 50.0, 0, 1)]


def test_check_format_html_writes_the_page(tmp_path):
    from click.testing import CliRunner

    from analyzer.cli.commands import cli
    inputs = [SAMPLES / "annual_summary.txt", SAMPLES / "speech.docx"]
    if not all(p.is_file() for p in inputs):
        pytest.skip("samples are absent")
    out = tmp_path / "report.html"
    res = CliRunner().invoke(cli, ["check", *map(str, inputs), "--format", "html", "--out", str(out), "--no-store"])
    assert res.exit_code == 0, res.output
    page = out.read_text("utf-8")
    overview = re.search(r'<table class="overview">.*?</table>', page, re.S).group(0)
    assert overview.count("<tr>") == 3 and "speech.docx" in overview and "annual_summary.txt" in overview
    assert page.count('<div class="sg-text">') == 2
    assert "在全市机关党的建设工作会议上的讲话" in page
