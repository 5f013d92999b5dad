"""Pages of paged documents (PDF, OFD, scans): ``Document.page_starts`` says where each page starts in the text,
so positions read 第N页第M段. Checked on generated multi-page layouts of the samples (the page each line was drawn
on is known), on a finding placed on page 2, and in every rendering a reader sees."""
from __future__ import annotations

import io
import json
import random
import zipfile

import pytest
from click.testing import CliRunner

from analyzer.cli.commands import cli
from analyzer.ingest import read_bytes
from analyzer.ingest.rejoin import Line, join_lines, join_lines_at
from analyzer.model import Report
from analyzer.render.vocabulary import Positions
from ingest.gongwen import FILLERS, cjk_font, em_measure, images_pdf, layout, ofd_package, scan_pages, similarity, \
    squash, text_pdf, two_page_pdf

from conftest import SAMPLES

SOURCES = ["annual_summary", "speech", "duty_report", "self_review"]


def _source(name: str) -> str:
    path = SAMPLES / f"{name}.txt"
    if not path.is_file():
        pytest.skip(f"sample {name}.txt is absent")
    return path.read_text("utf-8")


def _first_lines(source: str, measure, size: float = 16.0) -> list[str]:
    """The first line of body text drawn on each page (no running header, no page number), from the layout."""
    ops, pages = layout(source, measure, size=size)
    top, bottom = 104.0, 842.0 - 100.0
    out = []
    for p in range(1, pages + 1):
        body = [op for op in ops if op.page == p and top < op.y <= bottom]
        out.append(min(body, key=lambda op: (op.y, op.x)).text)
    return out


def _pdf_measure():
    from ingest.gongwen import pdf_measure
    return pdf_measure()


def _check_pages(doc, firsts: list[str]) -> None:
    starts = doc.page_starts
    assert len(starts) == len(firsts) >= 2
    assert starts[0] == 0 and starts == sorted(starts) and len(set(starts)) == len(starts)
    for start, line in zip(starts, firsts):
        assert squash(doc.text[start:start + len(line) + 4]).startswith(squash(line)), (start, line)


@pytest.mark.parametrize("name", SOURCES)
def test_pdf_page_starts_are_where_each_page_begins(name):
    source = _source(name)
    data, _ = text_pdf(source)
    _check_pages(read_bytes(data, ".pdf"), _first_lines(source, _pdf_measure()))


@pytest.mark.parametrize("name", SOURCES)
def test_ofd_page_starts_are_where_each_page_begins(name):
    source = _source(name)
    doc = read_bytes(ofd_package(source), ".ofd")
    _check_pages(doc, _first_lines(source, lambda s, sz: em_measure(s) * sz))


@pytest.mark.skipif(cjk_font() is None, reason="no CJK font to render scans (fonts-noto-cjk)")
def test_scanned_pdf_pages_are_kept():
    pytest.importorskip("rapidocr_onnxruntime")
    source = _source("duty_report")
    images = scan_pages(source, seal=False, seed=5)
    assert len(images) >= 2
    doc = read_bytes(images_pdf(images[:2]), ".pdf")
    assert doc.ocr["pages"] == [1, 2] and len(doc.page_starts) == 2 and doc.page_starts[0] == 0
    firsts = _first_lines(source, lambda s, sz: em_measure(s) * sz)
    second = doc.text[doc.page_starts[1]:doc.page_starts[1] + len(firsts[1])]
    assert similarity(firsts[1], second) >= 0.9


def test_line_starts_index_the_joined_text():
    """Generated lines (wraps, indents, Latin pieces glued with a space): each line's start is where its text is."""
    rnd = random.Random(7)
    pieces = ["党建工作", "2024年", "ABC", "共3次", "。", "，", "加强理论武装", "12", "x"]
    for _ in range(300):
        lines = [Line("".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 6))) + rnd.choice(["", " ", "\u3000"]),
                      indent=rnd.choice([0.0, 2.0, None]), slack=rnd.choice([0.0, 5.0, None]),
                      gap_before=rnd.random() < 0.1) for _ in range(rnd.randint(1, 12))]
        uses = rnd.random() < 0.5
        paragraphs, starts = join_lines_at(lines, uses_indent=uses)
        assert paragraphs == join_lines(lines, uses_indent=uses)
        text = "\n".join(paragraphs)
        assert len(starts) == len(lines) and starts == sorted(starts)
        for ln, s in zip(lines, starts):
            assert text[s:s + len(ln.text.strip())] == ln.text.strip()


# --- a finding on page 2, in every rendering ------------------------------------------------------------------------

def test_a_finding_on_page_two_says_so_everywhere(tmp_path):
    path = tmp_path / "两页.pdf"
    path.write_bytes(two_page_pdf())
    doc = read_bytes(path.read_bytes(), ".pdf")
    assert doc.text.split("\n")[:2] == FILLERS[:2]
    assert doc.text.split("\n")[2] == "机关党委把学习贯彻党的二十大精神作为首要政治任务，制定学习计划，明确责任人，全年开展专题研讨6次。"
    assert doc.page_starts == [0, doc.text.index("明确责任人")]         # page 2 starts mid-paragraph
    want = "第2页第3段"      # 1: the paragraph from page 1, 2: the filler, 3: the list
    runner = CliRunner()
    r = runner.invoke(cli, ["check", str(path), "--format", "json", "--no-store", "--include-text"])
    report = json.loads(r.stdout)["reports"][0]
    assert report["page_starts"] == doc.page_starts
    [f] = [f for f in report["findings"] if f["rule"] == "sige-yishi-order"]
    assert report["text"] == doc.text
    assert Report.from_dict(report).document.page_starts == doc.page_starts      # kept by the store's JSON
    assert Positions(doc).label(f["start"]) == want and Positions(doc).label(0) == "第1页第1段"
    table = runner.invoke(cli, ["check", str(path), "--no-store"]).stdout
    assert f"{want}“{f['text']}”" in table
    runner.invoke(cli, ["check", str(path), "--no-store", "--format", "html", "--out", str(tmp_path / "r.html")])
    assert f"<td>{want}</td>" in (tmp_path / "r.html").read_text("utf-8")
    out = tmp_path / "r.xlsx"
    runner.invoke(cli, ["check", str(path), "--no-store", "--format", "xlsx", "--out", str(out)])
    import openpyxl
    cells = {c.value for row in openpyxl.load_workbook(out).worksheets[1].iter_rows() for c in row}
    assert want in cells
    folder = tmp_path / "批注"
    runner.invoke(cli, ["check", str(path), "--no-store", "--format", "docx", "--out", str(folder)])
    [annotated] = list(folder.glob("*.docx"))
    with zipfile.ZipFile(annotated) as z:
        comments = z.read("word/comments.xml").decode("utf-8")
    assert f"（原文{want}）" in comments


def test_a_page_left_unread_starts_where_the_next_one_does():
    """--no-ocr: a scanned page between text pages has no text; its start is the next page's, so an offset is
    always on the page that holds it."""
    from PIL import Image

    from analyzer.ingest import Limits
    from ingest.gongwen import mixed_pdf
    data = mixed_pdf(["第一页正文：基层党组织按期换届11个。", Image.new("RGB", (300, 420), "white"),
                      "第三页正文：发展党员3名。"])
    doc = read_bytes(data, ".pdf", limits=Limits(ocr=False))
    third = doc.text.index("第三页正文")
    assert doc.page_starts == [0, third, third]
    assert Positions(doc).label(third) == "第3页第1段" and Positions(doc).label(0) == "第1页第1段"
