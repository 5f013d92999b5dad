"""Hostile and broken inputs through the readers (``read_bytes``, ``read_document``, ``analyze``): every file is
built here at run time; each gets a typed error with a Chinese message, or its text, never a hang or a raw
``OSError``."""
from __future__ import annotations

import io
import multiprocessing as mp
import re
import zipfile

import pytest

from analyzer import analyze
from analyzer.errors import BadEncoding, CorruptFile, Empty, IngestError, NoTextLayer, TooLarge, Unreadable
from analyzer.ingest import Limits, iter_input_files, read_bytes, read_document
from conftest import SAMPLES, requires_corpus
from ingest.test_errors import _pdf

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
LINE = "一年来，我们坚持以习近平新时代中国特色社会主义思想为指导，全年开展主题党日活动12次。"
TEXT = "关于2024年度党建工作情况的报告\n" + "\n".join(f"{i}. {LINE}" for i in range(1, 41)) + "\n"


def cjk(s: str) -> bool:
    return re.search(r"[\u4e00-\u9fff]", s) is not None


def refused(exc, data: bytes, suffix: str, **kw) -> IngestError:
    with pytest.raises(exc) as info:
        read_bytes(data, suffix, name="x" + suffix, **kw)
    assert type(info.value) is exc and cjk(info.value.message), info.value.message
    return info.value


# ------------------------------------------------------------------ builders

def raw_pdf(objects: list[str]) -> bytes:
    """A hand-written PDF with a correct xref table (reportlab cannot write a PDF without pages)."""
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def docx_with(body: str, prolog: str = "") -> bytes:
    """The speech sample's package with its word/document.xml replaced: every other part stays valid."""
    xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}'
           f"<w:document {W_NS}><w:body>{body}</w:body></w:document>")
    src = zipfile.ZipFile(SAMPLES / "speech.docx")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            z.writestr(info.filename, xml if info.filename == "word/document.xml" else src.read(info.filename))
    return buf.getvalue()


def para(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def _child(conn, data, suffix):
    try:
        doc = read_bytes(data, suffix, name="x" + suffix)
        conn.send(("text", doc.text))
    except IngestError as e:
        conn.send((type(e).__name__, e.message))
    except BaseException as e:  # noqa: BLE001 - reported to the parent as a failure
        conn.send(("crash", repr(e)))


def read_in_child(data: bytes, suffix: str, timeout: float = 20) -> tuple[str, str]:
    """Read in a forked process, killed after ``timeout`` s: an entity bomb must fail the test, not hang it."""
    parent, child = mp.get_context("fork").Pipe()
    proc = mp.get_context("fork").Process(target=_child, args=(child, data, suffix))
    proc.start()
    proc.join(timeout)
    if proc.is_alive():
        proc.kill()
        proc.join()
        pytest.fail(f"reading took more than {timeout} s")
    assert parent.poll(), f"the reader process died (exit code {proc.exitcode})"
    return parent.recv()


# ------------------------------------------------------------------ PDF

def test_pdf_with_no_pages_is_empty_not_scanned():
    e = refused(Empty, raw_pdf(["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [] /Count 0 >>"]), ".pdf")
    assert e.message == "PDF 文件没有任何页面。"


def test_pdf_of_images_only_is_a_scan():
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    page = ImageReader(Image.new("L", (300, 400), 200))

    def draw(c):
        for _ in range(3):
            c.drawImage(page, 50, 50, 300, 400)
            c.showPage()
    e = refused(NoTextLayer, _pdf(draw), ".pdf")
    assert "扫描件" in e.message


def _pages(n: int) -> bytes:
    def draw(c):
        for i in range(n):
            c.setFont("STSong-Light", 12)
            c.drawString(72, 700, f"第{i + 1}部分：{LINE[:20 + i % 7]}。")
            c.showPage()
    return _pdf(draw)


def test_500_page_pdf_is_read_whole():
    doc = read_bytes(_pages(500), ".pdf")
    lines = doc.text.split("\n")
    assert len(lines) == 500
    assert lines[0] == "第1部分：" + LINE[:20] + "。" and lines[499] == "第500部分：" + LINE[:20 + 499 % 7] + "。"


def test_pdf_over_the_page_limit_is_too_large():
    e = refused(TooLarge, _pages(120), ".pdf", limits=Limits(max_pages=100))
    assert e.message == "PDF 共 120 页，超过单个文件上限 100 页，请拆分后分别提交。"


def test_pdf_with_broken_xref_yields_the_same_text():
    good = (SAMPLES / "speech.pdf").read_bytes()
    start = list(re.finditer(rb"startxref\s+(\d+)", good))[-1]
    wrong_start = good[:start.start(1)] + b"999" + good[start.end(1):]
    table = good.rfind(b"\nxref\n")
    wrong_offsets = good[:table] + re.sub(rb"\d{10} \d{5} n", b"0000000001 00000 n", good[table:])
    expected = read_bytes(good, ".pdf").text
    assert "同志们" in expected
    for broken in (wrong_start, wrong_offsets):
        assert broken != good
        assert read_bytes(broken, ".pdf").text == expected


# ------------------------------------------------------------------ Word

def test_zip_with_word_parts_but_no_document_xml():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/styles.xml", "<w:styles/>")
    e = refused(CorruptFile, buf.getvalue(), ".docx")
    assert "word/document.xml" in e.message


def test_external_entity_is_refused_and_never_read():
    xxe = docx_with(para("开头&x;结尾"), '<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/hostname">]>')
    kind, message = read_in_child(xxe, ".docx")
    assert kind == "CorruptFile" and "DTD" in message and cjk(message)


@pytest.mark.parametrize("levels", [3, 9])
def test_billion_laughs_is_refused_without_expanding(levels):
    decls = '<!ENTITY a "哈哈哈哈哈哈哈哈哈哈">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(levels))
    kind, message = read_in_child(docx_with(para(f"开头&{chr(97 + levels)};结尾"), f"<!DOCTYPE d [{decls}]>"), ".docx")
    assert kind == "CorruptFile", (kind, message[:200])
    assert "DTD" in message and "恶意" in message


def test_5000_paragraphs_and_a_200_by_20_table():
    rows = "".join("<w:tr>" + "".join(f"<w:tc>{para(f'行{r}列{c}')}</w:tc>" for c in range(20)) + "</w:tr>"
                   for r in range(200))
    data = docx_with("".join(para(f"第{i}段，推进党建工作。") for i in range(5000)) + f"<w:tbl>{rows}</w:tbl>")
    doc = read_bytes(data, ".docx")
    kinds = [p.kind for p in doc.paragraphs]
    assert kinds.count("table") == 200 and len(kinds) == 5200
    assert doc.paragraph_text(doc.paragraphs[4999]) == "第4999段，推进党建工作。"
    assert doc.paragraph_text(doc.paragraphs[-1]) == "\t".join(f"行199列{c}" for c in range(20))


def _nested(levels: int) -> str:
    body = para("最内层的文字")
    for i in range(levels):
        body = f"<w:tbl><w:tr><w:tc>{para(f'第{i}层')}{body}</w:tc></w:tr></w:tbl>"
    return body


def test_deeply_nested_tables_are_read_once_or_refused_clearly():
    doc = read_bytes(docx_with(_nested(40)), ".docx")
    assert doc.text.count("最内层的文字") == 1 and doc.text.startswith("第39层 第38层")
    kind, message = read_in_child(docx_with(_nested(120)), ".docx")
    assert kind == "CorruptFile" and "嵌套过深" in message


# ------------------------------------------------------------------ text encodings

def test_nul_bytes_become_spaces_and_a_binary_file_is_refused():
    data = TEXT.encode().replace("主题党日".encode(), "主题\0\0党日".encode(), 1)
    doc = read_bytes(data, ".txt")
    assert "\0" not in doc.text and "主题  党日" in doc.text
    assert len(doc.text) == len(TEXT) + 2  # two NULs, two spaces: every later offset is unchanged
    e = refused(BadEncoding, b"\0".join(TEXT.encode()[i:i + 8] for i in range(0, 3000, 8)), ".txt")
    assert "UTF-8" in e.message


def test_gb18030_file_with_a_pasted_utf8_paragraph():
    pasted = "二、加强作风建设，落实中央八项规定精神。"
    data = TEXT.encode("gb18030") + pasted.encode("utf-8") + b"\n" + "三、结语部分。".encode("gb18030")
    doc = read_bytes(data, ".txt")
    assert doc.text == TEXT + pasted + "\n三、结语部分。"


def test_a_damaged_byte_costs_one_character_not_the_file():
    utf8 = bytearray(TEXT.encode())
    at = utf8.index("特色".encode())
    utf8[at + 1] = 0xFF
    doc = read_bytes(bytes(utf8), ".txt")
    assert doc.text == TEXT.replace("特", "\ufffd" * 3, 1)  # the 3 bytes of 特, each replaced; all else intact
    gb = TEXT.encode("gb18030")
    at = gb.index("指导".encode("gb18030"))
    doc = read_bytes(gb[:at] + b"\xff\xff" + gb[at:], ".txt")
    assert doc.text == TEXT.replace("指导", "\ufffd\ufffd指导", 1)


def test_utf16_without_bom_even_without_ascii():
    pure = "坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神。"
    for enc in ("utf-16-le", "utf-16-be"):
        assert read_bytes(TEXT.encode(enc), ".txt").text == TEXT
        assert read_bytes(pure.encode(enc), ".txt").text == pure


def test_six_megabyte_text_is_read_or_too_large_with_advice():
    chinese = (TEXT * 2600).encode()[: 6 * 1024 * 1024]
    chinese = chinese[: chinese.rfind(b"\n") + 1]
    assert len(chinese) > 6_000_000
    assert len(read_bytes(chinese, ".txt").text) == len(chinese.decode())  # ~2 million characters: within limits
    digits = b"2024 12 31 ok\n" * (6 * 1024 * 1024 // 14)
    e = refused(TooLarge, digits, ".txt")
    assert e.message == f"文字过多（{len(digits):,} 字），超过单个文件上限 5,000,000 字，请拆分为几个文件后分别提交。"


# ------------------------------------------------------------------ paths

def test_unreadable_paths_are_typed_errors_with_chinese_messages(tmp_path):
    (tmp_path / "x.txt").mkdir()
    (tmp_path / "broken.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    cases = {"x.txt": "文件夹", "broken.txt": "链接已失效", "loop.txt": "符号链接循环", "gone.txt": "文件不存在"}
    for name, words in cases.items():
        for entry in (read_document, analyze):
            with pytest.raises(Unreadable) as info:
                entry(tmp_path / name)
            assert info.value.code == "unreadable" and words in info.value.message, info.value.message


def test_path_with_spaces_and_chinese(tmp_path):
    folder = tmp_path / "党建 材料" / "2024 年"
    folder.mkdir(parents=True)
    target = folder / "机关 党委 总结.txt"
    target.write_bytes((SAMPLES / "annual_summary.txt").read_bytes())
    report = analyze(target)
    assert report.path == str(target) and report.document.text == read_document(SAMPLES / "annual_summary.txt").text


def test_folders_with_link_loops_and_broken_links(tmp_path):
    inbox, linked = tmp_path / "inbox", tmp_path / "linked"
    inbox.mkdir()
    linked.mkdir()
    (inbox / "a.txt").write_text(TEXT, "utf-8")
    (linked / "b.txt").write_text(TEXT, "utf-8")
    (inbox / "self").symlink_to(inbox)          # a loop back to itself
    (inbox / "more").symlink_to(linked)         # a linked folder is followed, once
    (linked / "back").symlink_to(inbox)
    (inbox / "dead.txt").symlink_to(tmp_path / "deleted.txt")
    files = iter_input_files([inbox])
    assert [f.relative_to(inbox).as_posix() for f in files] == ["a.txt", "dead.txt", "more/b.txt"]
    with pytest.raises(Unreadable):
        read_document(files[1])


@requires_corpus
def test_real_texts_survive_mixed_and_bomless_encodings(corpus):
    """Every corpus document re-encoded as GB18030 with a UTF-8 paragraph pasted in, and as UTF-16 without a BOM,
    reads back exactly: no GBK line is mistaken for UTF-8, no UTF-16 file for GBK."""
    texts = [read_document(p).text for p in corpus]
    for i, text in enumerate(texts):
        pasted = texts[(i + 1) % len(texts)].split("\n")[1]
        mixed = text.encode("gb18030", errors="replace") + b"\n" + pasted.encode("utf-8")
        expected = text.encode("gb18030", errors="replace").decode("gb18030") + "\n" + pasted
        assert read_bytes(mixed, ".txt", name=corpus[i].name).text == expected, corpus[i].name
        assert read_bytes(text.encode("utf-16-le"), ".txt", name=corpus[i].name).text == text, corpus[i].name
