"""OCR of pages without a text layer (RapidOCR, offline): a 公文 scan with a red seal, skew and JPEG noise, as an
image and as a scanned page inside a text PDF; --no-ocr; limits and damaged images as typed failures. The scans
are rendered by the test from known text (tests/ingest/gongwen.py); similarity is measured against that text."""
from __future__ import annotations

import io
import json

import pytest
from click.testing import CliRunner

from analyzer.cli.commands import cli
from analyzer.errors import CorruptFile, NoTextLayer, TooLarge
from analyzer.ingest import Limits, read_bytes
from ingest.gongwen import cjk_font, mixed_pdf, scan_pages, similarity

pytest.importorskip("rapidocr_onnxruntime")
requires_font = pytest.mark.skipif(cjk_font() is None, reason="no CJK font to render scans (fonts-noto-cjk)")

NOTICE = ("关于开展主题党日活动的通知\n各党支部：\n为深入学习贯彻党的二十大精神，经研究，定于2024年3月15日开展主题党日活动，"
          "现将有关事项通知如下。\n一、活动内容\n组织党员集中学习《中国共产党纪律处分条例》，每名党员撰写1篇心得体会，"
          "字数不少于800字。\n中共江屿市委员会办公室\n2024年3月1日")
TEXT_PAGE = "关于报送2023年度党建工作总结的通知\n各党支部：\n请于2024年1月10日前报送本支部年度党建工作总结。"


def _png(img) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


@requires_font
def test_scanned_image_with_seal_and_skew(tmp_path):
    [page] = scan_pages(NOTICE, seal=True, skew=0.8, jpeg=60, seed=3)
    path = tmp_path / "通知.png"
    path.write_bytes(_png(page))
    r = CliRunner().invoke(cli, ["check", str(path), "--format", "json", "--no-store", "--include-text"])
    assert r.exit_code == 0, r.output
    report = json.loads(r.stdout)["reports"][0]
    assert report["format"] == "png"
    assert report["ocr"]["pages"] == [1] and "RapidOCR" in report["ocr"]["engine"]
    assert similarity(NOTICE, report["text"]) >= 0.98
    assert "江屿市委员会办公室" in report["text"].split("\n")[-2]       # the seal did not eat the signature
    assert report["text"].endswith("2024年3月1日")


@requires_font
def test_upside_down_scan_is_turned():
    """A page fed into the scanner the wrong way round reads as well as the upright one."""
    from PIL import Image
    [page] = scan_pages(NOTICE, seal=True, skew=0.5, jpeg=70, seed=5)
    doc = read_bytes(_png(page.transpose(Image.Transpose.ROTATE_180)), ".png")
    assert similarity(NOTICE, doc.text) >= 0.98
    assert doc.text.startswith("关于开展主题党日活动的通知")


@requires_font
def test_scanned_page_inside_a_text_pdf():
    """Page 2 of 3 is a scan: it is read by OCR, the others from their text layer, in page order."""
    [scan] = scan_pages(NOTICE, seal=False, seed=4, header=None)
    data = mixed_pdf(["第一页正文：基层党组织按期换届11个。", scan, "第三页正文：发展党员3名。"])
    doc = read_bytes(data, ".pdf")
    assert doc.ocr["pages"] == [2]
    lines = doc.text.split("\n")
    assert lines[0] == "第一页正文：基层党组织按期换届11个。" and lines[-1] == "第三页正文：发展党员3名。"
    assert similarity(NOTICE, "\n".join(lines[1:-1])) >= 0.98
    # --no-ocr: the text pages only, no OCR record
    off = read_bytes(data, ".pdf", limits=Limits(ocr=False))
    assert off.text.split("\n") == [lines[0], lines[-1]] and off.ocr is None


def test_no_ocr_refuses_an_image():
    from PIL import Image
    with pytest.raises(NoTextLayer) as e:
        read_bytes(_png(Image.new("RGB", (60, 80), "white")), ".png", limits=Limits(ocr=False))
    assert "--no-ocr" in e.value.message


def test_pixel_limit_checked_before_decoding():
    from PIL import Image
    with pytest.raises(TooLarge) as e:
        read_bytes(_png(Image.new("RGB", (2000, 2000), "white")), ".png", limits=Limits(ocr_max_pixels=1_000_000))
    assert "像素" in e.value.message


@pytest.mark.parametrize("suffix", [".png", ".jpg", ".tif"])
def test_damaged_image_is_corrupt(suffix):
    with pytest.raises(CorruptFile) as e:
        read_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 50, suffix)
    assert "图片" in e.value.message


def test_page_limit():
    from PIL import Image
    frames = [Image.new("RGB", (40, 40), "white") for _ in range(3)]
    buf = io.BytesIO()
    frames[0].save(buf, "TIFF", save_all=True, append_images=frames[1:])
    with pytest.raises(TooLarge) as e:
        read_bytes(buf.getvalue(), ".tiff", limits=Limits(ocr_max_pages=2))
    assert "3 页" in e.value.message


@requires_font
def test_jobs_workers_forked_after_ocr_in_the_parent(tmp_path):
    """The parent read a scan (its engine runs a thread pool); worker processes forked after that load their own
    engine instead of using or freeing the inherited one (which crashed or hung them)."""
    from analyzer.batch.runner import check_batch
    [page] = scan_pages(NOTICE, seal=True, skew=0.5, jpeg=70, seed=6)
    read_bytes(_png(page), ".png")
    for k in range(2):
        (tmp_path / f"通知{k}.png").write_bytes(_png(page))
    done = list(check_batch([tmp_path], jobs=2, force_jobs=True))
    assert len(done) == 2 and all(c.report.to_dict()["ocr"]["pages"] == [1] for c in done)


def _ocr_tripwire(monkeypatch):
    """Loading the engine costs ~350 MB of detection per process: these inputs must never reach it."""
    import analyzer.ingest.ocr as ocr

    def no_engine():
        raise AssertionError("the OCR engine was loaded")
    monkeypatch.setattr(ocr, "engine", no_engine)


def test_blank_page_of_a_text_pdf_never_loads_the_engine(monkeypatch):
    from reportlab.pdfgen import canvas
    _ocr_tripwire(monkeypatch)
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(595, 842))
    c.setFont("Helvetica", 12)
    c.drawString(80, 700, "Page one has text.")
    c.showPage()
    c.showPage()                                  # an empty page: nothing drawn
    c.save()
    doc = read_bytes(buf.getvalue(), ".pdf")
    assert doc.text == "Page one has text." and doc.ocr is None


def test_damaged_text_page_is_read_from_its_text_layer_not_by_ocr(monkeypatch):
    """A Flate stream damaged mid-way: pdfminer drops the page's whole content stream (no character), PDFium
    still reads the text before the damage; OCR of a text page (and its engine) is not needed."""
    import zlib
    from ingest.test_pdf_limits import pdf_with_pages
    _ocr_tripwire(monkeypatch)
    import random
    rng = random.Random(7)                        # varied lines: the stream's bytes spread over the whole page
    lines = [f"Line {i:02d} of the damaged page " + " ".join(str(rng.randrange(10**6)) for _ in range(6))
             for i in range(40)]
    content = b"BT /F1 12 Tf 14 TL 60 780 Td " + b" ".join(b"(%s) '" % ln.encode() for ln in lines) + b" ET"
    data = pdf_with_pages([content])
    stream = zlib.compress(content, 9)
    for share in (0.4, 0.5, 0.6, 0.7):                 # damage somewhere in the middle of the stream
        damaged = bytearray(data)
        damaged[data.index(stream) + int(len(stream) * share)] ^= 0xFF
        doc = read_bytes(bytes(damaged), ".pdf")
        assert doc.ocr is None and doc.text.startswith("Line 00 of the damaged page")
