"""Accepted fixes as Word tracked changes in the author's own .docx: reopened with python-docx, styles and tables
are kept, each change is a w:del of the original words followed by a w:ins of the fix, and accepting every change
(dropping deletions, keeping insertions) gives the fixed text."""
from __future__ import annotations

import io
import zipfile

import docx
import pytest
from docx.oxml.ns import qn

from analyzer.ingest import read_document
from analyzer.pipeline import analyze_document
from analyzer.render.docx_revisions import Change, tracked_changes

from conftest import SAMPLES


def accepted_text(p_el) -> str:
    """The paragraph as Word shows it after 'accept all': text of runs outside w:del."""
    out = []
    for t in p_el.iter(qn("w:t")):
        anc = t.getparent()
        while anc is not None and anc.tag not in (qn("w:del"), qn("w:p")):
            anc = anc.getparent()
        if anc is None or anc.tag != qn("w:del"):
            out.append(t.text or "")
    return "".join(out)


@pytest.mark.parametrize("name", ["annual_summary.docx", "speech.docx"])
def test_accepted_fixes_become_tracked_changes_in_the_original(lexicon, name):
    path = SAMPLES / name
    if not path.is_file():
        pytest.skip(f"sample {name} is absent")
    data = path.read_bytes()
    r = analyze_document(read_document(path), lexicon)
    fixes = [f for f in r.findings if f.suggestions]
    assert fixes, "the sample carries formulation errors with a fix"
    out = tracked_changes(r, [Change(f.start, f.end, f.suggestions[0]) for f in fixes], data)
    assert len(out.placed) == len(fixes) and not out.unplaced
    before, after = docx.Document(io.BytesIO(data)), docx.Document(io.BytesIO(out.data))
    assert [p.style.name for p in after.paragraphs] == [p.style.name for p in before.paragraphs]
    assert [p.alignment for p in after.paragraphs] == [p.alignment for p in before.paragraphs]
    assert len(after.tables) == len(before.tables)
    xml = zipfile.ZipFile(io.BytesIO(out.data)).read("word/document.xml").decode("utf-8")
    assert xml.count("<w:del ") == len(fixes) and xml.count("<w:ins ") == len(fixes)
    body = after.element.body
    dels = ["".join(t.text for t in d.iter(qn("w:delText"))) for d in body.iter(qn("w:del"))]
    ins = ["".join(t.text for t in i.iter(qn("w:t"))) for i in body.iter(qn("w:ins"))]
    assert sorted(dels) == sorted(f.text for f in fixes)
    assert sorted(ins) == sorted(f.suggestions[0] for f in fixes)
    # accept all: the original text with each fix applied, paragraph by paragraph
    fixed = r.document.text
    for f in sorted(fixes, key=lambda f: -f.start):
        fixed = fixed[:f.start] + f.suggestions[0] + fixed[f.end:]
    shown = [accepted_text(p._p) for p in after.paragraphs if accepted_text(p._p).strip()]
    for line in shown:
        assert line in fixed


def test_text_input_gets_a_new_docx_with_the_changes(lexicon):
    path = SAMPLES / "annual_summary.txt"
    if not path.is_file():
        pytest.skip("sample is absent")
    r = analyze_document(read_document(path), lexicon)
    f = next(f for f in r.findings if f.suggestions)
    out = tracked_changes(r, [Change(f.start, f.end, f.suggestions[0])])
    d = docx.Document(io.BytesIO(out.data))
    assert [t.text for t in d.element.body.iter(qn("w:delText"))] == [f.text]
