"""Re-joining hard line breaks: 公文 PDFs laid out at several widths (half-width digits and Latin in the lines,
running header, "— N —" page numbers, tables) and text pasted with a break at every line end come back as the
source's paragraphs; clean text comes back unchanged."""
from __future__ import annotations

import pytest

from analyzer import analyze
from analyzer.ingest import read_bytes, read_document
from analyzer.ingest.rejoin import Line, join_lines, rejoin_text
from analyzer.text.normalize import sentence_spans
from conftest import SAMPLES, corpus_files, requires_corpus
from ingest.gongwen import break_errors, squash, text_pdf, with_latin, wrapped_text

NAMES = ["annual_summary", "speech", "duty_report", "self_review"]
HEADER = "中共江屿市委员会办公室"


def _sources():
    for name in NAMES:
        base = (SAMPLES / f"{name}.txt").read_text("utf-8")
        yield name, base
        yield name + "+latin", with_latin(base, seed=7, every=20)


@pytest.mark.parametrize("size", [12.0, 16.0, 20.0])  # 36, 27 and 21 characters a line
def test_gongwen_pdf_lines_rejoin(size):
    lines = mid = 0
    for name, source in _sources():
        pdf, n = text_pdf(source, size=size, header=HEADER)
        doc = read_bytes(pdf, ".pdf")
        e = break_errors(source, [doc.paragraph_text(p) for p in doc.paragraphs])
        assert e["same_text"], name          # no header, no page number left; nothing lost
        assert e["merged"] == 0, name        # every heading and paragraph kept apart
        lines, mid = lines + n, mid + e["mid_sentence"]
        assert HEADER not in doc.text and "— " not in doc.text
    assert lines > 400
    assert mid <= 0.02 * lines


@pytest.mark.parametrize("width", [20, 28, 36])
@pytest.mark.parametrize("indent", [True, False])
def test_pasted_wrapped_text_rejoins(width, indent):
    merged = paragraphs = 0
    for name, source in _sources():
        pasted = wrapped_text(source, width, indent=indent, header=HEADER, page_lines=22)
        assert pasted.count("\n") > source.count("\n") * 1.5
        doc = read_bytes(pasted.encode("utf-8"), ".txt")
        e = break_errors(source, [doc.paragraph_text(p) for p in doc.paragraphs])
        assert e["same_text"], name
        assert e["mid_sentence"] == 0, (name, e["examples"])
        if indent:  # every sentence of the source is one sentence of the document
            sentences = {squash(source[s:t]) for s, t in sentence_spans(source) if source[t - 1] in "。！？"}
            got = {squash(doc.text[s:t]) for s, t in sentence_spans(doc.text)}
            assert sentences <= got, sorted(sentences - got)[:3]
        merged, paragraphs = merged + e["merged"], paragraphs + len(source.splitlines())
    # a paste keeps no alignment: a signature or heading nearly as wide as the column may run into the next line
    assert merged <= 0.08 * paragraphs


def test_half_width_digits_and_latin_end_short_of_the_edge():
    """The issue's cases: a line holding "130" or a quote pushed by 禁则 ends short of the right edge."""
    lines = [Line("　　2023年，我市深化“放管服”改革，全市行政许可事项缩减到130", indent=2, slack=1.5),
             Line("项，“一网通办”事项占比达到98%。推行“街长", indent=0, slack=6.0),
             Line("制”，由街道党工委委员担任街长。", indent=0, slack=12.0),
             Line("　　第二段。", indent=2, slack=20.0)]
    lines[0].text = lines[0].text.strip()
    assert join_lines(lines, uses_indent=True) == [
        "2023年，我市深化“放管服”改革，全市行政许可事项缩减到130项，“一网通办”事项占比达到98%。推行“街长制”，"
        "由街道党工委委员担任街长。", "第二段。"]


def test_paste_as_analysed():
    """Text pasted from a PDF: the analysis sees whole sentences, and its offsets index the re-joined text."""
    source = (SAMPLES / "speech.txt").read_text("utf-8")
    pasted = wrapped_text(source, 26, indent=False, header=HEADER, page_lines=20)
    report = analyze(text=pasted, as_of="2024-03-08")
    text = report.document.text
    assert squash(text) == squash(source)
    for s in report.hollowness.sentences:
        assert text[s.start:s.end] == s.text
    assert len(report.hollowness.sentences) == len(sentence_spans(source))
    # asked not to re-join (the spaCy adapter): offsets index the string as given
    raw = analyze(text=pasted, as_of="2024-03-08", rejoin=False)
    assert raw.document.text == pasted.replace("\r\n", "\n")


def test_furniture_is_not_a_sentence():
    pasted = ("关于加强机关党建工作的通知\n各党支部：\n　　为深入学习贯彻党的二十大精神，进一步加强机关党的\n建设，现就有关事项通知如下。\n"
              "······\n————————\n— 2 —\n＊＊＊\n　　一、提高政治站位\n　　各支部要把学习贯彻党的二十大精神作为首要政治任\n"
              "务，结合实际制定学习计划。")
    doc = read_bytes(pasted.encode("utf-8"), ".txt")
    assert doc.text.split("\n") == ["关于加强机关党建工作的通知", "各党支部：",
                                    "　　为深入学习贯彻党的二十大精神，进一步加强机关党的建设，现就有关事项通知如下。",
                                    "　　一、提高政治站位",
                                    "　　各支部要把学习贯彻党的二十大精神作为首要政治任务，结合实际制定学习计划。"]
    assert all(any("\u4e00" <= c <= "\u9fff" for c in doc.text[s:e]) for s, e in sentence_spans(doc.text))


def test_separator_lines_dropped_from_a_clean_text():
    doc = read_bytes("第一段。\n······\n第二段。\n— 3 —\n第三段。".encode("utf-8"), ".md")
    assert doc.text == "第一段。\n第二段。\n第三段。"


@pytest.mark.parametrize("name", NAMES)
def test_clean_text_unchanged(name):
    data = (SAMPLES / f"{name}.txt").read_bytes()
    assert read_bytes(data, ".txt").text == data.decode("utf-8").replace("\r\n", "\n")


@requires_corpus
def test_clean_corpus_unchanged():
    for path in corpus_files():
        text = path.read_text("utf-8").replace("\r\n", "\n")
        assert rejoin_text(text) == text, path.name


def test_single_line_pages_are_not_running_headers():
    """A multi-page PDF with one line per page (the same line on each) must not come out empty."""
    import io

    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(595, 842))
    for _ in range(3):
        c.setFont("STSong-Light", 16)
        c.drawString(80, 700, "此页只有一行。")
        c.showPage()
    c.save()
    doc = read_bytes(buf.getvalue(), ".pdf")
    assert doc.text.split("\n") == ["此页只有一行。"] * 3


def test_sample_pdfs_still_read_whole():
    for name in NAMES:
        doc = read_document(SAMPLES / f"{name}.pdf")
        src = (SAMPLES / f"{name}.txt").read_text("utf-8")
        assert break_errors(src, [doc.text[a:b] for a, b in doc.blocks()])["broken"] == 0
