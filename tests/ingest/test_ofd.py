"""OFD: packages written in the test (OFD.xml → Document.xml → Pages/Page_N/Content.xml with TextObject/TextCode)
read back as the source text, in page and reading order; hostile and broken packages are typed failures."""
from __future__ import annotations

import io
import zipfile

import pytest

from analyzer.errors import CorruptFile, Empty, ZipBomb
from analyzer.ingest import Limits, read_bytes
from conftest import SAMPLES
from ingest.gongwen import break_errors, ofd_package, similarity, with_latin

NAMES = ["annual_summary", "speech", "duty_report", "self_review"]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("size", [12.0, 16.0])
def test_ofd_reads_as_the_source(name, size):
    source = with_latin((SAMPLES / f"{name}.txt").read_text("utf-8"), seed=5)
    doc = read_bytes(ofd_package(source, size=size, template="机密★启用前"), ".ofd")
    assert doc.format == "ofd"
    assert similarity(source, doc.text) >= 0.995
    e = break_errors(source, [doc.paragraph_text(p) for p in doc.paragraphs])
    assert e["same_text"] and e["mid_sentence"] == 0 and e["merged"] == 0
    assert "机密" not in doc.text and "中共江屿市委员会办公室" not in doc.text   # template, running header


def test_table_rows_and_title():
    doc = read_bytes(ofd_package((SAMPLES / "speech.txt").read_text("utf-8")), ".ofd")
    assert [doc.paragraph_text(p) for p in doc.paragraphs if p.kind == "table"][0] == "重点任务\t牵头单位\t完成时限"
    assert doc.title == "在全市机关党的建设工作会议上的讲话"


def _replace(data: bytes, member: str, content: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in src.infolist():
            zf.writestr(info.filename, content if info.filename == member else src.read(info.filename))
    return buf.getvalue()


def test_entity_expansion_refused():
    bomb = (b'<?xml version="1.0"?><!DOCTYPE p [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
            b'<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content><ofd:Layer><ofd:TextObject '
            b'Boundary="0 0 100 10" Size="5"><ofd:TextCode X="0" Y="5">&b;</ofd:TextCode></ofd:TextObject>'
            b'</ofd:Layer></ofd:Content></ofd:Page>')
    data = _replace(ofd_package("标题\n正文一句。"), "Doc_0/Pages/Page_0/Content.xml", bomb)
    with pytest.raises(CorruptFile) as e:
        read_bytes(data, ".ofd")
    assert "DTD" in e.value.message


def test_zip_bomb_refused():
    data = ofd_package("标题\n正文一句。", extra={"Doc_0/Res/big.bin": b"\0" * (3 * 1024 * 1024)})
    with pytest.raises(ZipBomb):
        read_bytes(data, ".ofd", limits=Limits(max_unzipped_bytes=1024 * 1024))


@pytest.mark.parametrize("data,error", [
    (b"not a zip at all", CorruptFile),
    (b"PK\x03\x04" + b"\0" * 100, CorruptFile),
])
def test_broken_packages(data, error):
    with pytest.raises(error):
        read_bytes(data, ".ofd")


def test_missing_parts_and_no_text():
    data = ofd_package("标题\n正文一句。")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        src = zipfile.ZipFile(io.BytesIO(data))
        for n in src.namelist():
            if "Page_0" not in n:
                zf.writestr(n, src.read(n))
    with pytest.raises(CorruptFile) as e:
        read_bytes(buf.getvalue(), ".ofd")
    assert "Page_0" in e.value.message
    empty = _replace(data, "Doc_0/Pages/Page_0/Content.xml",
                     b'<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content/></ofd:Page>')
    with pytest.raises(Empty):
        read_bytes(empty, ".ofd")
