"""pdf: the samples read back as their .txt sources; page furniture gone; no sentence broken at a line wrap."""
from __future__ import annotations

import io
import re

import pytest

from analyzer.ingest import read_bytes, read_document
from analyzer.ingest.pdf import read_pdf
from analyzer.text.normalize import sentence_spans
from conftest import SAMPLES

NAMES = ["annual_summary", "speech", "duty_report", "self_review"]


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


@pytest.mark.parametrize("name", NAMES)
def test_sample_round_trips_up_to_whitespace(name):
    doc = read_document(SAMPLES / f"{name}.pdf")
    source = (SAMPLES / f"{name}.txt").read_text("utf-8")
    assert doc.format == "pdf"
    assert _squash(doc.text) == _squash(source)
    # paragraph for paragraph: the layout's wraps are re-joined, real breaks kept
    src_lines = [ln for ln in source.splitlines() if ln.strip()]
    assert [_squash(doc.text[a:b]) for a, b in doc.blocks()] == [_squash(x) for x in src_lines]


@pytest.mark.parametrize("name", NAMES)
def test_every_source_sentence_is_whole(name):
    text = read_document(SAMPLES / f"{name}.pdf").text
    source = (SAMPLES / f"{name}.txt").read_text("utf-8")
    sentences = [source[s:e] for s, e in sentence_spans(source)]
    assert len(sentences) > 20
    broken = [s for s in sentences if s not in text and s.replace("\u3000", " ") not in text]
    assert broken == []


def test_page_numbers_and_running_header_removed():
    for name in NAMES:
        raw = (SAMPLES / f"{name}.pdf").read_bytes()
        text = read_document(SAMPLES / f"{name}.pdf").text
        assert "内部资料" not in text
        assert "—" not in text.replace("——", "")  # no "— 2 —" left anywhere
        assert not any(re.fullmatch(r"[-—\s\d]+", ln) for ln in text.splitlines())
        assert raw.startswith(b"%PDF")


def test_table_rows_keep_their_cells():
    doc = read_document(SAMPLES / "speech.pdf")
    rows = [doc.paragraph_text(p) for p in doc.paragraphs if p.kind == "table"]
    assert rows == ["重点任务\t牵头单位\t完成时限",
                    "“四强”党支部创建提升行动\t市直机关工委组织部\t2024年12月",
                    "机关党务干部全员轮训\t市直机关工委宣传部\t2024年9月",
                    "党建与业务融合示范点建设\t各市直单位党组（党委）\t2024年11月"]


def test_title_and_date_detected():
    doc = read_document(SAMPLES / "duty_report.pdf")
    assert doc.title == "江屿市水利局党组书记2023年度抓基层党建工作述职报告"
    assert doc.date.isoformat() == "2024-01-22"


@pytest.mark.parametrize("name", ["annual_summary", "speech", "self_review"])
def test_pdfium_backend_agrees(name):
    data = (SAMPLES / f"{name}.pdf").read_bytes()
    assert read_pdf(data, backend="pypdfium2").text == read_pdf(data, backend="pdfplumber").text


def _canvas_pdf(pages: list[list[tuple[float, float, str]]], footer: str | None) -> bytes:
    """Each page: (x, y, text) lines drawn at 12 pt; footer formatted with page and total."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(595, 842))
    for i, lines in enumerate(pages, 1):
        c.setFont("STSong-Light", 12)
        for x, y, t in lines:
            c.drawString(x, y, t)
        if footer:
            c.setFont("STSong-Light", 10)
            c.drawCentredString(297, 40, footer.format(page=i, total=len(pages)))
        c.showPage()
    c.save()
    return buf.getvalue()


@pytest.mark.parametrize("footer", ["第 {page} 页 共 {total} 页", "第{page}页", "-{page}-", "{page}/{total}", "{page}"])
def test_footer_page_number_styles(footer):
    units = "甲乙丙丁戊己庚辛壬"
    pages = [[(100, 750 - 20 * k, f"{units[3 * p + k]}单位机关党建工作围绕中心、服务大局。") for k in range(3)]
             for p in range(3)]
    doc = read_bytes(_canvas_pdf(pages, footer), ".pdf")
    assert doc.text.splitlines() == [f"{u}单位机关党建工作围绕中心、服务大局。" for u in units]


def test_block_paragraphs_without_indent_split_at_full_stop_and_gap():
    """No first-line indents: a wrapped line continues; a line ending in 。 ends its paragraph."""
    a1, a2 = "第一段第一行文字一直写到右边距没有结束而是继续", "写到第二行才结束。"
    b1, b2 = "第二段第一行同样写满了整整一行文字然后换行接着", "写完。"
    lines = [(72, 750, a1), (72, 730, a2), (72, 710, b1), (72, 690, b2)]
    doc = read_bytes(_canvas_pdf([lines], None), ".pdf")
    assert doc.text == a1 + a2 + "\n" + b1 + b2


def test_diagonal_watermark_is_dropped():
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(595, 842))
    c.setFont("STSong-Light", 12)
    c.drawString(72, 750, "正文只有这一句。")
    c.saveState()
    c.translate(300, 400)
    c.rotate(45)
    c.setFont("STSong-Light", 40)
    c.drawString(0, 0, "机密水印")
    c.restoreState()
    c.save()
    for backend in ("pdfplumber", "pypdfium2"):
        assert read_pdf(buf.getvalue(), backend=backend).text == "正文只有这一句。"
