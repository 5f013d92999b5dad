"""Property-based fuzzing (hypothesis) of the readers and the text pipeline, with a bounded budget so CI stays fast:
every input ends as a Document or a typed IngestError, and every Document analyses into a valid Report."""
from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analyzer import analyze
from analyzer.errors import IngestError
from analyzer.ingest import document_from_text, read_bytes
from conftest import SAMPLES

BUDGET = settings(max_examples=40, deadline=None, derandomize=True,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
SEEDS = {suffix: (SAMPLES / f"speech{suffix}").read_bytes() for suffix in (".txt", ".docx", ".pdf")}


@st.composite
def mutated(draw, suffix):
    """The sample file with a few byte runs overwritten, cut short or duplicated: damaged, not random noise, so the
    parsers get far enough to meet the damage."""
    data = bytearray(SEEDS[suffix])
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["flip", "overwrite", "truncate", "duplicate"]))
        at = draw(st.integers(0, len(data) - 1))
        if kind == "flip":
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif kind == "overwrite":
            run = draw(st.binary(min_size=1, max_size=64))
            data[at:at + len(run)] = run
        elif kind == "truncate":
            del data[max(1, at):]
        else:
            data[at:at] = data[at:at + draw(st.integers(1, 2048))]
    return bytes(data)


def _read(data, suffix):
    try:
        return read_bytes(data, suffix, name=f"fuzz{suffix}")
    except IngestError as e:
        assert e.code and e.message and not e.message.isascii()     # typed, with a Chinese message
        return None


@pytest.mark.parametrize("suffix", sorted(SEEDS))
def test_damaged_files_give_a_document_or_a_typed_error(suffix):
    @BUDGET
    @given(mutated(suffix))
    def prop(data):
        doc = _read(data, suffix)
        if doc is not None:
            doc.text.encode("utf-8")                                    # no lone surrogates
            assert all(0 <= p.start <= p.end <= len(doc.text) for p in doc.paragraphs)
    prop()


@BUDGET
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400) |
       st.lists(st.sampled_from(["两个确立", "四个意识", "、", "。", "XX", "\n", "党的二十大", "“", "”", "\ud800",
                                 "习近平新时代中国特色社会主义思想", "2023年", "一是", "　", "…"]), max_size=60).map("".join))
def test_any_text_analyses_into_a_valid_report(text):
    report = analyze(text=text, as_of="2024-03-01")
    d = json.loads(json.dumps(report.to_dict(), ensure_ascii=False))
    n = d["chars"]
    for f in d["findings"]:
        assert 0 <= f["start"] < f["end"] <= n
    for s in d["hollowness"]["sentences"]:
        assert 0 <= s["start"] <= s["end"] <= n
    assert 0 <= d["coverage"]["score"] <= 100


def test_lone_surrogates_become_replacement_characters_with_offsets_kept():
    doc = document_from_text("第一句\ud800话。第二句。")
    assert doc.text == "第一句\ufffd话。第二句。"


def _docx_with(document_xml_edit):
    import io
    import zipfile
    src = zipfile.ZipFile(io.BytesIO(SEEDS[".docx"]))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for n in src.namelist():
            b = src.read(n)
            z.writestr(n, document_xml_edit(b) if n == "word/document.xml" else b)
    return out.getvalue()


W_NS = b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"
BROKEN_DOCX = {
    "wrong_namespace": lambda b: b.replace(W_NS, b"http://example.invalid/w"),
    "no_body": lambda b: b[:b.index(b"<w:body>")] + b[b.index(b"</w:body>") + len(b"</w:body>"):],
}


@pytest.mark.parametrize("case", sorted(BROKEN_DOCX))
def test_structurally_broken_docx_is_a_typed_failure_everywhere(tmp_path, case):
    import subprocess
    import sys
    data = _docx_with(BROKEN_DOCX[case])
    with pytest.raises(IngestError) as e:
        read_bytes(data, ".docx", name="x.docx")
    assert e.value.code == "corrupt_file" and "损坏" in e.value.message
    f = tmp_path / "讲话.docx"
    f.write_bytes(data)
    for cmd in (["extract", f], ["suggest", f], ["check", f, "--no-store", "--format", "json"]):
        res = subprocess.run([sys.executable, "-m", "analyzer", *map(str, cmd)], capture_output=True, text=True,
                             timeout=300)
        assert res.returncode == 1, (cmd, res.stderr)
        assert "Traceback" not in res.stderr and "损坏" in (res.stderr + res.stdout)
