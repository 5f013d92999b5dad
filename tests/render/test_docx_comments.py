"""The annotated .docx: each Word comment must sit on exactly the text its finding names, in the original document
(docx inputs) or in a new one (txt/pdf inputs), and cutting runs must keep their formatting."""
from __future__ import annotations

import io
import zipfile

import docx
import pytest
from docx.shared import Pt
from lxml import etree

from analyzer.ingest import read_bytes
from analyzer.model import Finding, Hollowness, Report, SentenceScore
from analyzer.pipeline import analyze_document
from analyzer.render.docx_comments import annotate_docx, annotated_name

from conftest import SAMPLES

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def anchored(data: bytes) -> dict[str, tuple[str, str]]:
    """comment id -> (anchored text, comment text), read from the raw XML as Word would."""
    z = zipfile.ZipFile(io.BytesIO(data))
    comments = {}
    for c in etree.fromstring(z.read("word/comments.xml")).iter(W + "comment"):
        comments[c.get(W + "id")] = "\n".join("".join(t.text or "" for t in p.iter(W + "t"))
                                              for p in c.iter(W + "p"))
    body = etree.fromstring(z.read("word/document.xml"))
    open_ids: set[str] = set()
    text: dict[str, list[str]] = {}
    for el in body.iter():
        if el.tag == W + "commentRangeStart":
            open_ids.add(el.get(W + "id"))
            text.setdefault(el.get(W + "id"), [])
        elif el.tag == W + "commentRangeEnd":
            open_ids.discard(el.get(W + "id"))
        elif el.tag in (W + "t", W + "tab"):
            s = el.text or "" if el.tag == W + "t" else "\t"
            for i in open_ids:
                text[i].append(s)
    return {i: ("".join(text.get(i, [])), comments[i]) for i in comments}


def finding_at(text: str, phrase: str, severity="error", nth: int = 0) -> Finding:
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return Finding("test-rule", "规范提法", severity, start, start + len(phrase), phrase, f"“{phrase}”表述有误",
                   ("规范表述",), "测试依据")


def report_with(doc, findings, lexicon) -> Report:
    r = analyze_document(doc, lexicon, as_of="2024-03-01")
    r.findings = sorted(list(r.findings) + findings, key=lambda f: f.start)
    return r


def sample(name: str) -> bytes:
    path = SAMPLES / name
    if not path.is_file():
        pytest.skip(f"sample {name} is absent")
    return path.read_bytes()


@pytest.mark.parametrize("name", ["annual_summary.docx", "speech.docx", "self_review.docx", "duty_report.docx"])
def test_comments_anchor_on_finding_text_in_sample_docx(name, lexicon):
    data = sample(name)
    doc = read_bytes(data, ".docx", name=name)
    # phrases taken from the document itself: the second sentence's first 6 characters, and a span across runs
    # of a table row when there is one
    phrases = [doc.text[p.start:p.end][2:8] for p in doc.paragraphs[2:5]]
    added = [finding_at(doc.text, ph) for ph in phrases]
    table_rows = [p for p in doc.paragraphs if p.kind == "table"]
    if table_rows:
        row = table_rows[-1]
        cell = doc.text[row.start:row.end].split("\t")[-1]
        added.append(finding_at(doc.text, cell[:4], nth=doc.text[:row.start].count(cell[:4])))
    report = report_with(doc, added, lexicon)
    out = annotate_docx(report, data)
    assert out.unplaced == []
    got = anchored(out.data)
    ours = [v for v in got.values() if "测试依据" in v[1]]
    assert sorted(t for t, _ in ours) == sorted(f.text for f in added)
    for f in added:
        assert any(t == f.text and f.message in c and "规范表述" in c for t, c in ours)
    # the document's text is unchanged by the run surgery
    again = read_bytes(out.data, ".docx", name=name)
    assert again.text == doc.text


def test_every_report_comment_lands_on_its_span(lexicon):
    """Whatever the analyses report (findings and hollow sentences), each comment's anchor is its span's text."""
    data = sample("speech.docx")
    doc = read_bytes(data, ".docx", name="speech.docx")
    report = analyze_document(doc, lexicon, as_of="2024-03-01")
    sent = next(p for p in doc.paragraphs if p.kind == "body" and p.end - p.start > 30)
    end = doc.text.index("。", sent.start) + 1
    report.hollowness = Hollowness(50.0, [SentenceScore(sent.start, end, doc.text[sent.start:end], 0.9, "hollow",
                                                        ["只有口号，没有具体措施"])])
    out = annotate_docx(report, data)
    got = anchored(out.data)
    expected = [f.text for f in report.findings] + [doc.text[sent.start:end]]
    assert sorted(t for t, c in got.values() if not c.startswith("【缺少主题】")) == sorted(expected)
    assert any("只有口号，没有具体措施" in c for _, c in got.values())


def test_split_runs_keep_formatting_and_cross_run_spans(lexicon):
    d = docx.Document()
    d.add_paragraph("某支部2024年工作总结")
    p = d.add_paragraph()
    p.add_run("我们深刻领悟")
    b = p.add_run("“两个确立”的决定性意义")
    b.bold = True
    b.font.size = Pt(16)
    p.add_run("，树牢“三个自信”。")
    t = d.add_table(rows=1, cols=2)
    t.cell(0, 0).text = "三会一课  落实情况"   # two spaces: the reader collapses them
    t.cell(0, 1).text = "全年召开支部党员大会4次"
    buf = io.BytesIO()
    d.save(buf)
    data = buf.getvalue()
    doc = read_bytes(data, ".docx", name="made.docx")
    spans = ["领悟“两个确立”", "三个自信", "落实情况", "支部党员大会"]
    report = report_with(doc, [finding_at(doc.text, s) for s in spans], lexicon)
    out = annotate_docx(report, data)
    got = {t for t, c in anchored(out.data).values() if "测试依据" in c}
    assert got == set(spans)
    d2 = docx.Document(io.BytesIO(out.data))
    runs = [(r.text, r.bold, r.font.size) for r in d2.paragraphs[1].runs if r.text]
    assert ("“两个确立”", True, Pt(16)) in runs
    assert ("的决定性意义", True, Pt(16)) in runs
    assert "".join(r[0] for r in runs) == "我们深刻领悟“两个确立”的决定性意义，树牢“三个自信”。"


@pytest.mark.parametrize("name", ["annual_summary.txt", "annual_summary.pdf"])
def test_txt_and_pdf_get_a_new_docx_with_comments(name, lexicon):
    data = sample(name)
    try:
        doc = read_bytes(data, name[name.rindex("."):], name=name)
    except ImportError:
        pytest.skip("the pdf reader is not installed yet")
    phrase = "两个确立"
    report = report_with(doc, [finding_at(doc.text, phrase, "warning")], lexicon)
    out = annotate_docx(report, data)
    got = [(t, c) for t, c in anchored(out.data).values() if "测试依据" in c]
    assert got and got[0][0] == phrase and got[0][1].startswith("【警告】")
    d = docx.Document(io.BytesIO(out.data))
    body = "\n".join(p.text for p in d.paragraphs)
    assert body == "\n".join(doc.text[p.start:p.end] for p in doc.paragraphs)


def test_missing_required_theme_note_on_first_paragraph(lexicon):
    from analyzer.model import Coverage, ThemeResult
    data = sample("annual_summary.docx")
    doc = read_bytes(data, ".docx", name="annual_summary.docx")
    report = analyze_document(doc, lexicon, as_of="2024-03-01")
    report.coverage = Coverage(50.0, [ThemeResult("zhongyang-baxiang", "中央八项规定精神", "作风建设", True, 1.0,
                                                   "missing", 0, 0.0)])
    got = anchored(annotate_docx(report, data).data)
    notes = [(t, c) for t, c in got.values() if c.startswith("【缺少主题】")]
    assert notes == [(doc.text[doc.paragraphs[0].start:doc.paragraphs[0].end], "【缺少主题】本文未涉及：“中央八项规定精神”")]


def test_annotated_name():
    assert annotated_name("材料/报告.docx") == "报告_批注.docx"
    assert annotated_name("a.pdf", taken={"a_批注.docx"}) == "a_pdf_批注.docx"


def test_check_format_docx_writes_one_annotated_file_per_input(tmp_path):
    from click.testing import CliRunner

    from analyzer.cli.commands import cli
    docx_in, txt_in = SAMPLES / "speech.docx", SAMPLES / "speech.txt"
    if not (docx_in.is_file() and txt_in.is_file()):
        pytest.skip("samples are absent")
    res = CliRunner().invoke(cli, ["check", str(docx_in), str(txt_in), "--format", "docx", "--out",
                                   str(tmp_path / "out"), "--no-store", "--as-of", "2024-03-08"])
    assert res.exit_code == 0, res.output
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == sorted(["speech_批注.docx", "speech_txt_批注.docx"])
    original = read_bytes(docx_in.read_bytes(), ".docx")
    annotated = (tmp_path / "out" / "speech_批注.docx").read_bytes()
    assert read_bytes(annotated, ".docx").text == original.text
    from analyzer.pipeline import analyze_document
    from analyzer.lexicon import default_lexicon
    report = analyze_document(original, default_lexicon(), as_of="2024-03-08")
    got = anchored(annotated)
    for f in report.findings:
        assert any(t == f.text and f.message in c for t, c in got.values())
