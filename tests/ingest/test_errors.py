"""Every reader error, each from a file crafted here: the code (stable, English) and a Chinese message."""
from __future__ import annotations

import io
import subprocess
import sys
import zipfile

import pytest

from analyzer.errors import (
    BadEncoding,
    CorruptFile,
    Empty,
    Encrypted,
    NoTextLayer,
    TooLarge,
    UnsupportedFormat,
    ZipBomb,
)
from analyzer.ingest import Limits, read_bytes, read_document
from conftest import SAMPLES


def _has_chinese(s: str) -> bool:
    return any("\u4e00" <= c <= "\u9fff" for c in s)


def _pdf(draw, **kw) -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, **kw)
    draw(c)
    c.save()
    return buf.getvalue()


def _raises(exc, data: bytes, suffix: str, code: str, **kw):
    with pytest.raises(exc) as info:
        read_bytes(data, suffix, name="x" + suffix, **kw)
    assert info.value.code == code
    assert type(info.value) is exc
    assert _has_chinese(info.value.message), info.value.message
    return info.value


def test_truncated_pdf_is_corrupt():
    data = (SAMPLES / "speech.pdf").read_bytes()
    for cut in (len(data) // 5, len(data) * 9 // 10):
        e = _raises(CorruptFile, data[:cut], ".pdf", "corrupt_file")
    assert "截断" in e.message


def test_encrypted_pdf():
    def draw(c):
        c.setFont("STSong-Light", 12)
        c.drawString(100, 700, "加密的党建工作总结")
    e = _raises(Encrypted, _pdf(draw, encrypt="secret"), ".pdf", "encrypted")
    assert "密码" in e.message


def test_pdf_without_text_layer_says_scanned():
    def draw(c):  # only drawings, as in a scan
        c.rect(50, 50, 300, 400, fill=1)
        c.showPage()
        c.rect(60, 60, 200, 200)
    e = _raises(NoTextLayer, _pdf(draw), ".pdf", "no_text_layer")
    assert "扫描件" in e.message and "文字层" in e.message


def test_not_a_pdf_named_pdf():
    e = _raises(CorruptFile, (SAMPLES / "speech.docx").read_bytes(), ".pdf", "corrupt_file")
    assert "不是 PDF" in e.message


def test_truncated_docx_is_corrupt():
    data = (SAMPLES / "speech.docx").read_bytes()
    _raises(CorruptFile, data[: len(data) // 2], ".docx", "corrupt_file")


def test_zip_without_word_part_is_corrupt():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "不是 Word 文档")
    e = _raises(CorruptFile, buf.getvalue(), ".docx", "corrupt_file")
    assert "document.xml" in e.message


def _bomb(size: int) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w") as f:
            chunk = b"\0" * (1 << 20)
            for _ in range(size >> 20):
                f.write(chunk)
    return buf.getvalue()


def test_zip_bomb_over_total_limit():
    data = _bomb(24 << 20)
    assert len(data) < 100_000  # a tiny file on disk ...
    e = _raises(ZipBomb, data, ".docx", "zip_bomb", limits=Limits(max_unzipped_bytes=16 << 20))
    assert "压缩炸弹" in e.message
    assert isinstance(e, TooLarge)


def test_zip_bomb_by_ratio_under_default_limit():
    e = _raises(ZipBomb, _bomb(40 << 20), ".docx", "zip_bomb")  # 40 MB < 200 MB, but ~1000x compression
    assert "压缩比" in e.message


def test_pdf_named_docx():
    e = _raises(CorruptFile, (SAMPLES / "speech.pdf").read_bytes(), ".docx", "corrupt_file")
    assert "PDF" in e.message


def test_binary_garbage_named_txt():
    import random
    rnd = random.Random(7)
    garbage = bytes(rnd.randrange(256) for _ in range(4000))
    _raises(BadEncoding, garbage, ".txt", "bad_encoding")
    _raises(BadEncoding, b"\x89PNG\r\n\x1a\n" + garbage, ".md", "bad_encoding")


def test_docx_named_txt_is_refused_not_decoded():
    e = _raises(BadEncoding, (SAMPLES / "speech.docx").read_bytes(), ".txt", "bad_encoding")
    assert "扩展名" in e.message


@pytest.mark.parametrize("data,suffix", [(b"", ".txt"), (b"   \r\n\n\t\xe3\x80\x80\n", ".txt"), (b"", ".docx")])
def test_empty(data, suffix):
    _raises(Empty, data, suffix, "empty")


def test_docx_without_text_is_empty():
    import docx
    buf = io.BytesIO()
    docx.Document().save(buf)
    _raises(Empty, buf.getvalue(), ".docx", "empty")


def test_empty_file_on_disk(tmp_path):
    p = tmp_path / "空.txt"
    p.write_bytes(b"")
    with pytest.raises(Empty):
        read_document(p)


@pytest.mark.parametrize("suffix", [".doc", ".wps", ".docx"])
def test_ole_file_without_a_text_stream_is_corrupt(tmp_path, suffix):
    """.doc/.wps are read through LibreOffice (tests/ingest/test_legacy.py), and so is a Word 97 file named .docx;
    an OLE container with no WordDocument stream is damaged, whatever its name."""
    p = tmp_path / ("旧文件" + suffix)
    p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    with pytest.raises(CorruptFile) as info:
        read_document(p)
    assert info.value.code == "corrupt_file"
    assert "已损坏" in info.value.message and "WordDocument" in info.value.message


def test_real_docx_named_doc_is_read(tmp_path):
    p = tmp_path / "其实是新格式.doc"
    p.write_bytes((SAMPLES / "speech.docx").read_bytes())
    doc = read_document(p)
    assert doc.format == "docx"
    assert doc.title == "在全市机关党的建设工作会议上的讲话"


def test_unknown_suffix(tmp_path):
    p = tmp_path / "a.xlsx"
    p.write_bytes(b"PK\x03\x04")
    with pytest.raises(UnsupportedFormat) as info:
        read_document(p)
    assert ".xlsx" in info.value.message


def test_size_limit(tmp_path):
    p = tmp_path / "big.txt"
    p.write_bytes("机关党建".encode() * 1000)
    with pytest.raises(TooLarge) as info:
        read_document(p, Limits(max_bytes=5000))
    assert info.value.code == "too_large" and "上限" in info.value.message
    assert read_document(p, Limits(max_bytes=20000)).text.startswith("机关党建")


def test_char_limit():
    with pytest.raises(TooLarge):
        read_bytes("党建".encode() * 100, ".txt", limits=Limits(max_chars=50))


def test_password_protected_docx():
    """Word stores an encrypted .docx as an OLE compound file with an EncryptedPackage stream."""
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500 + "EncryptedPackage".encode("utf-16-le") + b"\0" * 100
    e = _raises(Encrypted, data, ".docx", "encrypted")
    assert "密码" in e.message


def _lying_docx(real: int, declared: int = 4096) -> bytes:
    """The sample docx with one more member of ``real`` zero bytes whose local and central headers declare
    ``declared`` bytes: zipfile trusts the declaration and inflated the whole member in one call (8.5 MB of
    file took 2.1 GB). Built in 1 MB steps; ~1 KB of file per MB inflated."""
    import struct
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO((SAMPLES / "speech.docx").read_bytes())) as src, \
            zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            z.writestr(info, src.read(info))
        with z.open("word/media/image1.bin", "w") as f:
            chunk = b"\0" * (1 << 20)
            for _ in range(real >> 20):
                f.write(chunk)
    data = bytearray(buf.getvalue())
    name = b"word/media/image1.bin"
    local = data.rindex(b"PK\x03\x04", 0, data.index(name) + 1)
    data[local + 22:local + 26] = struct.pack("<I", declared)          # local header: uncompressed size
    central = data.rindex(b"PK\x01\x02", 0, data.rindex(name) + 1)
    data[central + 24:central + 28] = struct.pack("<I", declared)      # central directory: uncompressed size
    return bytes(data)


def test_docx_whose_members_lie_about_their_size_is_refused_with_bounded_memory(tmp_path):
    data = _lying_docx(512 << 20)                           # 512 MB of zeros in ~0.6 MB, declared as 4 KB
    assert len(data) < 1_000_000
    e = _raises(ZipBomb, data, ".docx", "zip_bomb")
    assert "image1.bin 解压后超过其声明的大小" in e.message
    f = tmp_path / "谎报大小.docx"
    f.write_bytes(data)
    code = ("from analyzer.ingest import read_document\nfrom analyzer.errors import ZipBomb\n"
            f"try:\n    read_document({str(f)!r})\nexcept ZipBomb as e:\n    print(e.code)\n"
            "print([l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')][0])")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    lines = res.stdout.split()
    assert lines and lines[0] == "zip_bomb", res.stderr
    assert int(lines[-1]) < 300 * 1024                      # KB: one chunk at a time, not the 512 MB member


def test_ofd_whose_members_lie_about_their_size_is_refused():
    from ingest.gongwen import ofd_package
    data = bytearray(ofd_package("标题\n正文一句。", extra={"Doc_0/Res/big.bin": b"\0" * (3 * 1024 * 1024)}))
    import struct
    name = b"Doc_0/Res/big.bin"
    local = data.rindex(b"PK\x03\x04", 0, data.index(name) + 1)
    data[local + 22:local + 26] = struct.pack("<I", 100)
    central = data.rindex(b"PK\x01\x02", 0, data.rindex(name) + 1)
    data[central + 24:central + 28] = struct.pack("<I", 100)
    e = _raises(ZipBomb, bytes(data), ".ofd", "zip_bomb")
    assert "big.bin 解压后超过其声明的大小" in e.message
