"""The shared rendering vocabulary, on the real samples: positions as a reader counts them, missing versus shallow
themes, the hollow sentences shown, distinct names for same-name uploads, the view every download is built from."""
from __future__ import annotations

import re

import pytest

from analyzer.ingest import read_document
from analyzer.model import Finding, Hollowness, SentenceScore
from analyzer.pipeline import analyze_document
from analyzer.render.vocabulary import (Positions, distinct_names, finding_key, plain_message, short_label,
                                        short_labels, shown_hollow, shown_report, theme_gaps)

from conftest import SAMPLES


def report_of(lexicon, name, **kw):
    path = SAMPLES / name
    if not path.is_file():
        pytest.skip(f"sample {name} is absent")
    return analyze_document(read_document(path), lexicon, **kw)


def test_positions_count_paragraphs_in_word_and_lines_in_text(lexicon):
    docx_r = report_of(lexicon, "annual_summary.docx")
    where = Positions(docx_r.document)
    for i, (start, end) in enumerate(docx_r.document.blocks(), 1):    # Word's paragraphs: a run-in heading
        assert where.label(start) == f"第{i}段"                          # and its prose are one
        assert where.label(end - 1) == f"第{i}段"
    assert len(docx_r.document.blocks()) == docx_r.document.text.count("\n") + 1
    txt_r = report_of(lexicon, "annual_summary.txt")
    text = txt_r.document.text
    where = Positions(txt_r.document)
    for f in txt_r.findings:
        assert where.label(f.start) == f"第{text[:f.start].count(chr(10)) + 1}行"


def test_shallow_themes_get_no_wording_to_add_missing_ones_do(lexicon):
    r = report_of(lexicon, "annual_summary.docx")
    gaps = theme_gaps(r, lexicon)
    shallow = [g for g in gaps if g.status == "shallow"]
    missing = [g for g in gaps if g.status == "missing"]
    assert shallow and missing
    assert all(g.wording == "" for g in shallow)        # the words are already in the text: write it out instead
    assert any(g.wording for g in missing)
    sige = next(g for g in gaps if g.name == "四个自信")
    assert sige.status == "shallow" and "坚定“四个自信”" not in sige.advice
    # required before optional, missing before shallow
    keys = [(not g.required, g.status != "missing") for g in gaps]
    assert keys == sorted(keys)


def test_hollow_sentences_shown_leave_out_headings_and_signposts(lexicon):
    r = report_of(lexicon, "annual_summary.docx")
    text = r.document.text
    heads = [(p.start, p.end) for p in r.document.paragraphs if p.kind == "heading"]
    shown = shown_hollow(r)
    assert shown and all(not (a <= s.start < b) for s in shown for a, b in heads)
    assert "（一）深刻领悟“两个确立”的决定性意义。" not in [s.text for s in shown]   # a run-in heading
    # a signpost sentence scored hollow is still not shown
    start = text.index("。") + 1
    fake = SentenceScore(0, start, text[:start], 0.9, "hollow", ["无数据"])
    sign = "现将有关情况总结如下。"
    r2 = analyze_document(read_document(SAMPLES / "annual_summary.docx"), lexicon)
    r2.document.text += "\n" + sign
    n = len(r2.document.text)
    r2.hollowness = Hollowness(10.0, [fake, SentenceScore(n - len(sign), n, sign, 0.95, "hollow", ["无数据"])])
    assert [s.text for s in shown_hollow(r2)] == [fake.text]


def test_same_name_uploads_get_distinct_names_and_labels():
    names = ["2023年度党建工作总结.docx", "2023年度党建工作总结.docx", "其他.pdf", "2023年度党建工作总结.docx"]
    got = distinct_names(names)
    assert len(set(got)) == 4 and got[0] == names[0] and got[2] == "其他.pdf"
    assert len({short_label(n) for n in got}) == 4
    assert all(n.endswith(".docx") for n in (got[1], got[3]))
    # long names told apart only by their ends keep distinct labels (the middle is cut, never an end)
    units = [f"2023年度机关党建工作总结-{u}.docx" for u in ("办公室党支部", "规划编制处党支部", "不动产登记中心党支部")]
    units += [f"{u}2023年度机关党建工作总结报告.docx" for u in ("第一党支部", "第二党支部")]
    labels = short_labels(units)
    assert len(set(labels)) == len(units) and all(len(lb) <= 19 for lb in labels)


def test_plain_message_drops_wrapped_english_detail_only():
    msg = "不是有效的 Word（.docx）文件，可能已损坏或被截断（File is not a zip file）。"
    assert plain_message(msg) == "不是有效的 Word（.docx）文件，可能已损坏或被截断。"


def test_shown_report_is_what_every_view_and_download_gets(lexicon):
    r = report_of(lexicon, "annual_summary.docx")
    sev = {f.severity for f in r.findings}
    assert {"error", "warning"} <= sev
    only_warnings = shown_report(r, ("warning",))
    assert only_warnings.findings and all(f.severity == "warning" for f in only_warnings.findings)
    assert only_warnings.counts()["error"] == 0
    first = r.findings[0]
    dropped = shown_report(r, dropped={finding_key(first)})
    assert first not in dropped.findings and len(dropped.findings) == len(r.findings) - 1
    assert r.findings[0] is first          # the analysis itself is untouched
    assert isinstance(first, Finding)


def test_accepted_types_name_every_supported_suffix_once():
    from analyzer.ingest import SUPPORTED
    from analyzer.render.vocabulary import accepted_types
    label = accepted_types()
    for suffix in SUPPORTED:
        assert len(re.findall(re.escape(suffix) + r"(?![a-z])", label)) == 1, (suffix, label)
    assert label.count("Word（") == 1 and "Word（.docx .doc）" in label        # grouped by what people call them
    assert accepted_types((".docx", ".xyz")) == "Word（.docx）、.xyz"          # a new suffix is never left out


def test_low_confidence_ocr_spans_are_marked(lexicon):
    from analyzer.render.highlight import legend_html, marked_html, report_marks
    doc = read_document(SAMPLES / "annual_summary.txt")
    plain = report_marks(analyze_document(doc, lexicon))
    assert "识别存疑" not in legend_html(plain)
    doc.ocr = {"pages": [1], "engine": "RapidOCR", "low_confidence": [{"start": 3, "end": 9}]}
    marks = report_marks(analyze_document(doc, lexicon))
    [m] = [m for m in marks if m.kind == "ocr"]
    assert (m.start, m.end) == (3, 9) and m.tip().startswith("【识别存疑】此处由文字识别（OCR）")
    assert "识别存疑" in legend_html(marks)
    html = marked_html(doc.text, marks)
    assert 'class="sg' in html and "sg-ocr" in html
