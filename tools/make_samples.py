"""Regenerate data/samples/*.docx and *.pdf from the .txt sources (the source of truth), deterministically.

Usage: .venv/bin/python tools/make_samples.py [data/samples]

Layout of a source .txt: line 1 is the title; short unpunctuated lines right under it (speaker, date) are
centred; lines with tabs are table rows (cells separated by a tab; the first row is the header); a line that
starts with 公文 numbering (一、 （一） 1. （1）) is a heading; the last lines without a full stop after the body
are the signature. The docx gets a Title style, Heading 1/2 styles for short numbered headings, a table, and a
header and footer (page text the readers must NOT extract); the pdf gets wrapped, justified paragraphs with a
first-line indent, a running header and "— N —" page numbers."""
from __future__ import annotations

import io
import re
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analyzer.ingest.structure import heading_level  # noqa: E402

FIXED_ZIP_TIME = (2024, 1, 1, 0, 0, 0)
HEADER_TEXT = "内部资料　注意保存"   # the running header in both docx and pdf; tests assert it is not extracted


@dataclass
class Block:
    kind: str          # title | meta | heading | body | table | signature
    lines: list[str]
    level: int | None = None


def parse_source(text: str) -> list[Block]:
    lines = [ln for ln in text.splitlines() if ln.strip()]
    blocks: list[Block] = [Block("title", [lines[0]])]
    i = 1
    while i < len(lines) and len(lines[i]) <= 40 and not re.search(r"[。：，]$", lines[i]) and not heading_level(lines[i]):
        blocks.append(Block("meta", [lines[i]]))
        i += 1
    tail = len(lines)
    while tail - 1 > i and len(lines[tail - 1]) <= 40 and not re.search(r"[。！？：]$", lines[tail - 1]):
        tail -= 1
    for ln in lines[i:tail]:
        if "\t" in ln:
            if blocks[-1].kind == "table":
                blocks[-1].lines.append(ln)
            else:
                blocks.append(Block("table", [ln]))
            continue
        level = heading_level(ln)
        short = level is not None and len(ln) <= 40 and not ln.endswith("。")
        blocks.append(Block("heading" if short else "body", [ln], level if short else None))
    blocks.extend(Block("signature", [ln]) for ln in lines[tail:])
    return blocks


# ---------------------------------------------------------------- docx

def make_docx(blocks: list[Block]) -> bytes:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    d = docx.Document()
    d.core_properties.author = "shengao samples"
    for name in ("Normal", "Title", "Heading 1", "Heading 2"):
        st = d.styles[name]
        st.font.name = "SimSun"
        st.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")
    d.styles["Normal"].font.size = Pt(12)
    sec = d.sections[0]
    sec.header.paragraphs[0].text = HEADER_TEXT
    fp = sec.footer.paragraphs[0]
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fp.add_run("第 ")
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), "PAGE")
    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = "1"
    r.append(t)
    fld.append(r)
    fp._p.append(fld)
    fp.add_run(" 页")

    for b in blocks:
        if b.kind == "title":
            d.add_paragraph(b.lines[0], style="Title").alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif b.kind == "meta":
            d.add_paragraph(b.lines[0]).alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif b.kind == "signature":
            d.add_paragraph(b.lines[0]).alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif b.kind == "heading":
            d.add_paragraph(b.lines[0], style=f"Heading {min(b.level, 2)}" if b.level <= 2 else None)
        elif b.kind == "table":
            rows = [ln.split("\t") for ln in b.lines]
            table = d.add_table(rows=len(rows), cols=max(map(len, rows)))
            table.style = "Table Grid"
            for i, row in enumerate(rows):
                for j, cell in enumerate(row):
                    table.cell(i, j).text = cell
        else:
            p = d.add_paragraph()
            p.paragraph_format.first_line_indent = Pt(24)
            text = b.lines[0]
            m = re.match(r"^([（(][一二三四五六七八九十]+[）)][^。]*。)", text) if heading_level(text) else None
            if m:  # an inline run-in heading: bold up to its full stop, as 公文 writers do
                p.add_run(m.group(1)).bold = True
                text = text[m.end():]
            p.add_run(text)
    buf = io.BytesIO()
    d.save(buf)
    return _fixed_zip_times(buf.getvalue())


def _fixed_zip_times(data: bytes) -> bytes:
    """python-docx stamps every member with the current time; rewrite them so reruns give identical bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, FIXED_ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = info.external_attr
            dst.writestr(zi, src.read(info.filename))
    return out.getvalue()


# ---------------------------------------------------------------- pdf

def make_pdf(blocks: list[Block]) -> bytes:
    from xml.sax.saxutils import escape

    from reportlab import rl_config
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    rl_config.invariant = 1  # no timestamps or random ids: identical bytes on every run
    font = "STSong-Light"
    pdfmetrics.registerFont(UnicodeCIDFont(font))
    base = dict(fontName=font, fontSize=12, leading=20, wordWrap="CJK")
    styles = {
        "title": ParagraphStyle("title", **{**base, "fontSize": 16, "leading": 26}, alignment=TA_CENTER, spaceAfter=6),
        "meta": ParagraphStyle("meta", **base, alignment=TA_CENTER),
        "heading": ParagraphStyle("heading", **{**base, "fontSize": 13, "leading": 22}, firstLineIndent=26,
                                  spaceBefore=4),
        "body": ParagraphStyle("body", **base, alignment=TA_JUSTIFY, firstLineIndent=24),
        "signature": ParagraphStyle("signature", **base, alignment=TA_RIGHT),
    }

    def decorate(canvas, doc):
        canvas.saveState()
        canvas.setFont(font, 9)
        w, h = A4
        canvas.drawCentredString(w / 2, h - 15 * mm, HEADER_TEXT)
        canvas.line(25 * mm, h - 17 * mm, w - 25 * mm, h - 17 * mm)
        canvas.setFont(font, 11)
        canvas.drawCentredString(w / 2, 14 * mm, f"— {doc.page} —")
        canvas.restoreState()

    story = []
    for b in blocks:
        if b.kind == "table":
            rows = [ln.split("\t") for ln in b.lines]
            t = Table(rows, hAlign="CENTER")
            t.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), font, 10.5), ("GRID", (0, 0), (-1, -1), 0.5, "black"),
                                   ("LEFTPADDING", (0, 0), (-1, -1), 8), ("RIGHTPADDING", (0, 0), (-1, -1), 8)]))
            story += [Spacer(1, 4), t, Spacer(1, 6)]
        else:
            story.append(Paragraph(escape(b.lines[0]), styles[b.kind]))
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=28 * mm, rightMargin=26 * mm, topMargin=30 * mm,
                            bottomMargin=28 * mm, title="", author="", subject="", creator="shengao samples")
    doc.build(story, onFirstPage=decorate, onLaterPages=decorate)
    return buf.getvalue()


def main(folder: str | Path = ROOT / "data" / "samples") -> list[Path]:
    written = []
    for src in sorted(Path(folder).glob("*.txt")):
        blocks = parse_source(src.read_text("utf-8"))
        for suffix, make in ((".docx", make_docx), (".pdf", make_pdf)):
            out = src.with_suffix(suffix)
            out.write_bytes(make(blocks))
            written.append(out)
    return written


if __name__ == "__main__":
    for p in main(*sys.argv[1:]):
        print(p)
