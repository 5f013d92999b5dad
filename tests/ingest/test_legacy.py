"""Legacy word-processor files through LibreOffice: .doc, .rtf and .odt made by LibreOffice itself from the sample
.docx (the test runs soffice), .wps as Kingsoft writes it (the Word 97 binary format under a .wps name); the text
must match the sample's .txt source. Skipped with a reason when LibreOffice is not installed (CI installs it)."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from analyzer.errors import CorruptFile, MissingComponent, TooLarge
from analyzer.ingest import Limits, iter_input_files, read_bytes, read_document
from analyzer.ingest.legacy import PACKAGE, soffice
from conftest import SAMPLES
from ingest.gongwen import similarity

requires_lo = pytest.mark.skipif(soffice() is None and not os.environ.get("CI"),
                                 reason=f"LibreOffice is not installed (apt-get install {PACKAGE})")


@pytest.fixture(scope="module")
def converted(tmp_path_factory) -> dict[str, Path]:
    """speech.docx converted by LibreOffice to .doc, .rtf and .odt in one soffice run; .wps = the .doc bytes."""
    out = tmp_path_factory.mktemp("legacy")
    src = out / "speech.docx"
    shutil.copy(SAMPLES / "speech.docx", src)
    files = {}
    for fmt in ("doc", "rtf", "odt"):
        subprocess.run([soffice(), f"-env:UserInstallation={(out / 'profile').as_uri()}", "--headless",
                        "--convert-to", fmt, "--outdir", str(out), str(src)], check=True, timeout=300,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        files[fmt] = out / f"speech.{fmt}"
    files["wps"] = out / "speech.wps"
    files["wps"].write_bytes(files["doc"].read_bytes())
    return files


@requires_lo
@pytest.mark.parametrize("fmt", ["doc", "rtf", "odt", "wps"])
def test_legacy_formats_read_as_the_source(converted, fmt):
    path = converted[fmt]
    assert path.read_bytes()[:4] in {"doc": [b"\xd0\xcf\x11\xe0"], "wps": [b"\xd0\xcf\x11\xe0"], "rtf": [b"{\\rt"],
                                     "odt": [b"PK\x03\x04"]}[fmt]
    doc = read_document(path)
    source = (SAMPLES / "speech.txt").read_text("utf-8")
    assert doc.format == fmt
    assert similarity(source, doc.text) >= 0.995
    assert [doc.paragraph_text(p) for p in doc.paragraphs if p.kind == "table"][0] == "重点任务\t牵头单位\t完成时限"
    assert doc.title == "在全市机关党的建设工作会议上的讲话"


@requires_lo
def test_damaged_file_is_a_typed_failure():
    with pytest.raises(CorruptFile) as e:
        read_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + os.urandom(3000), ".doc", name="坏.doc")
    assert e.value.code == "corrupt_file" and "已损坏" in e.value.message


@requires_lo
def test_conversion_time_limit(converted):
    with pytest.raises(TooLarge) as e:
        read_bytes(converted["odt"].read_bytes(), ".odt", limits=Limits(convert_seconds=0.05))
    assert "秒" in e.value.message


def test_missing_libreoffice_names_the_package(monkeypatch):
    monkeypatch.setattr("analyzer.ingest.legacy.soffice", lambda: None)
    with pytest.raises(MissingComponent) as e:
        read_bytes(b"{\\rtf1 text}", ".rtf", name="a.rtf")
    assert e.value.code == "missing_component" and PACKAGE in e.value.message


def test_docx_named_doc_is_read_without_libreoffice(monkeypatch):
    monkeypatch.setattr("analyzer.ingest.legacy.soffice", lambda: None)
    doc = read_bytes((SAMPLES / "speech.docx").read_bytes(), ".doc")
    assert doc.title == "在全市机关党的建设工作会议上的讲话"


def test_folders_yield_every_format(tmp_path):
    names = ["a.doc", "b.wps", "c.rtf", "d.odt", "e.ofd", "f.docx", "g.xls"]
    for n in names:
        (tmp_path / n).write_bytes(b"x")
    assert [p.name for p in iter_input_files([tmp_path])] == names[:-1]
