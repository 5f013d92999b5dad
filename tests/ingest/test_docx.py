"""docx: the samples read back exactly as their .txt sources; tables, styles, merged cells, page furniture."""
from __future__ import annotations

import io

import pytest

from analyzer.ingest import read_bytes, read_document
from conftest import SAMPLES

NAMES = ["annual_summary", "speech", "duty_report", "self_review"]
HEADER = "内部资料　注意保存"


def _lines(text: str) -> list[str]:
    return [ln.strip() for ln in text.splitlines() if ln.strip()]


@pytest.mark.parametrize("name", NAMES)
def test_sample_round_trips_exactly(name):
    doc = read_document(SAMPLES / f"{name}.docx")
    source = (SAMPLES / f"{name}.txt").read_text("utf-8")
    assert doc.format == "docx"
    assert doc.text == source.rstrip("\n")


@pytest.mark.parametrize("name", NAMES)
def test_paragraph_offsets_index_the_text(name):
    """Each source line is one Paragraph's [start, end), or two when a numbered line opens with a run-in heading
    ("（一）……。" then prose: ingest/structure.py), in order; kinds agree with the txt reader."""
    doc = read_document(SAMPLES / f"{name}.docx")
    txt = read_document(SAMPLES / f"{name}.txt")
    assert [doc.text[a:b] for a, b in doc.blocks()] == _lines(txt.text)
    assert [(p.kind, p.level) for p in doc.paragraphs] == [(p.kind, p.level) for p in txt.paragraphs]


def test_header_and_footer_are_not_extracted():
    for name in NAMES:
        text = read_document(SAMPLES / f"{name}.docx").text
        assert HEADER not in text and "内部资料" not in text
        assert "第 1 页" not in text


def test_table_rows_once_each_cell_once():
    doc = read_document(SAMPLES / "annual_summary.docx")
    rows = [doc.paragraph_text(p) for p in doc.paragraphs if p.kind == "table"]
    assert rows[0] == "党支部\t支部党员大会\t支部委员会会议\t党小组会\t党课"
    assert rows[2] == "规划编制处党支部\t4次\t12次\t22次\t2次"
    assert len(rows) == 4
    assert doc.text.count("不动产登记中心党支部\t5次") == 1


def test_title_and_heading_levels_from_styles():
    doc = read_document(SAMPLES / "speech.docx")
    assert doc.title == "在全市机关党的建设工作会议上的讲话"
    heads = [(doc.paragraph_text(p), p.level) for p in doc.headings()]
    assert ("一、提高政治站位，切实增强做好机关党建工作的责任感使命感", 1) in heads
    assert ("三、突出重点，推动机关党建工作再上新台阶", 1) in heads


def _docx(build) -> bytes:
    import docx
    d = docx.Document()
    build(d)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_merged_cells_are_not_duplicated():
    def build(d):
        d.add_paragraph("表前正文。")
        t = d.add_table(rows=3, cols=3)
        for r in range(3):
            for c in range(3):
                t.cell(r, c).text = f"格{r}{c}"
        a = t.cell(0, 0).merge(t.cell(0, 1))    # horizontal: gridSpan
        a.text = "横向合并单元格"
        b = t.cell(1, 2).merge(t.cell(2, 2))    # vertical: vMerge
        b.text = "纵向合并单元格"
        d.add_paragraph("表后正文。")
    doc = read_bytes(_docx(build), ".docx")
    assert doc.text.count("横向合并单元格") == 1
    assert doc.text.count("纵向合并单元格") == 1
    rows = [doc.paragraph_text(p) for p in doc.paragraphs]
    assert rows == ["表前正文。", "横向合并单元格\t格02", "格10\t格11\t纵向合并单元格", "格20\t格21", "表后正文。"]
    assert [p.kind for p in doc.paragraphs] == ["body", "table", "table", "table", "body"]


def test_heading_style_without_numbering_and_chinese_style_names():
    def build(d):
        d.add_paragraph("加强机关党建", style="Heading 1")
        d.add_paragraph("正文第一段。")
        d.add_paragraph("主要做法", style="Heading 2")
        d.add_paragraph("正文第二段。")
    doc = read_bytes(_docx(build), ".docx")
    assert [(doc.paragraph_text(p), p.kind, p.level) for p in doc.paragraphs] == [
        ("加强机关党建", "heading", 1), ("正文第一段。", "body", None),
        ("主要做法", "heading", 2), ("正文第二段。", "body", None)]


def test_deleted_revision_and_soft_line_break():
    """A tracked deletion is not text; a soft line break splits paragraphs, as a reader sees it."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    def build(d):
        p = d.add_paragraph("保留文字")
        p._p.append(parse_xml(f'<w:del {nsdecls("w")} w:id="1" w:author="a"><w:r><w:delText>已删除文字</w:delText>'
                              "</w:r></w:del>"))
        q = d.add_paragraph("第一行")
        q.add_run().add_break()
        q.add_run("第二行")
    doc = read_bytes(_docx(build), ".docx")
    assert "已删除文字" not in doc.text
    assert [doc.paragraph_text(p) for p in doc.paragraphs] == ["保留文字", "第一行", "第二行"]
