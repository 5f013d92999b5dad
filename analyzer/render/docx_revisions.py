"""Accepted fixes back into the author's own .docx as Word tracked changes (``w:del`` + ``w:ins``), so the author
accepts or rejects each one in Word's review pane. Styles, tables and everything else in the package are kept: only
the runs of a replaced span are cut (copies keep their formatting), wrapped in a deletion, and followed by an
insertion that copies the first deleted run's formatting. Alignment of report offsets to runs is the annotated
docx's (``docx_comments.align_paragraphs``). A .txt or .pdf input gets a new .docx of its text with the changes."""
from __future__ import annotations

import copy
import datetime as dt
import io
from dataclasses import dataclass, field

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from analyzer.model import Document, Report
from analyzer.render.docx_comments import AUTHOR, _cut, _document_from_text, _local_range, _run_table, align_paragraphs


@dataclass(frozen=True)
class Change:
    """Replace report text [start, end) by ``replacement``."""
    start: int
    end: int
    replacement: str


@dataclass
class Revised:
    data: bytes
    placed: list[Change] = field(default_factory=list)
    unplaced: list[Change] = field(default_factory=list)   # spans across paragraphs or not found in Word's text


def tracked_changes(report: Report, changes: list[Change], original: bytes | None = None, *,
                    author: str = AUTHOR, when: dt.datetime | None = None) -> Revised:
    """Accepted fixes as tracked changes in the original .docx (a new .docx of the text for other formats)."""
    return revise(report.document, changes, original, tracked=True, author=author, when=when)


def revise(doc: Document, changes: list[Change], original: bytes | None = None, *, tracked: bool,
           author: str = AUTHOR, when: dt.datetime | None = None) -> Revised:
    """``changes`` (offsets into ``doc.text``) made in the Word document: as tracked changes, or in place (the
    drafting tab's export). A replacement inside one paragraph edits its runs; an insertion at a paragraph's end
    whose text starts with a line break adds paragraphs after it, in its paragraph and character style."""
    document = None
    if original is not None and doc.format == "docx":
        try:
            document = docx.Document(io.BytesIO(original))
            paragraphs = align_paragraphs(document, doc.text)
        except Exception:  # a package our reader accepted but python-docx cannot open: fall back to the text
            document = None
    if document is None:
        document, paragraphs = _document_from_text(_Holder(doc))
    stamp = (when or dt.datetime.now(dt.timezone.utc)).strftime("%Y-%m-%dT%H:%M:%SZ")
    ids = iter(range(1, 1_000_000))
    placed, unplaced = [], []
    for c in sorted(changes, key=lambda c: (-c.start, -c.end)):   # right to left: earlier offsets stay valid
        if c.start == c.end and c.replacement.startswith("\n"):
            ok = _new_paragraphs(paragraphs, c, tracked, author, stamp, ids)
        elif not c.replacement and "\n" in doc.text[c.start:c.end]:
            ok = _drop_paragraph(doc.text, paragraphs, c, tracked, author, stamp, ids)
        else:
            ok = _in_paragraph(doc.text, paragraphs, c, tracked, author, stamp, ids)
        (placed if ok else unplaced).append(c)
    buf = io.BytesIO()
    document.save(buf)
    return Revised(buf.getvalue(), placed[::-1], unplaced[::-1])


class _Holder:
    """What ``_document_from_text`` reads of a report: its document."""

    def __init__(self, doc: Document):
        self.document = doc


def _in_paragraph(text: str, paragraphs, c: Change, tracked: bool, author: str, stamp: str, ids) -> bool:
    if c.start == c.end:   # a pure insertion inside a paragraph: anchor on the character before it
        hit = _one_paragraph(paragraphs, c.start - 1, c.start)
        if hit is None:
            return False
        para, (a, b) = hit
        _cut(para.element, {b})
        before = [r for r, rs, re_ in _run_table(para.element) if re_ == b and re_ > rs]
        if not before:
            return False
        new = _run_like(before[-1], c.replacement)
        if tracked:
            wrap = _wrap("w:ins", next(ids), author, stamp)
            wrap.append(new)
            new = wrap
        before[-1].addnext(new)
        return True
    hit = _one_paragraph(paragraphs, c.start, c.end)
    if hit is None or hit[1][1] - hit[1][0] != c.end - c.start:
        return False
    para, (a, b) = hit
    _cut(para.element, {a, b})
    runs = [r for r, rs, re_ in _run_table(para.element) if rs >= a and re_ <= b and re_ > rs]
    if not runs or "".join(r.text for r in runs) != text[c.start:c.end]:
        return False
    new = _run_like(runs[0], c.replacement) if c.replacement else None
    if tracked:
        deletion = _wrap("w:del", next(ids), author, stamp)
        runs[0].addprevious(deletion)
        for r in runs:
            for t in r.iter(qn("w:t")):
                t.tag = qn("w:delText")
            deletion.append(r)
        if new is not None:
            insertion = _wrap("w:ins", next(ids), author, stamp)
            insertion.append(new)
            deletion.addnext(insertion)
    else:
        if new is not None:
            runs[0].addprevious(new)
        for r in runs:
            r.getparent().remove(r)
    return True


def _drop_paragraph(text: str, paragraphs, c: Change, tracked: bool, author: str, stamp: str, ids) -> bool:
    """A whole line removed with its line break: the Word paragraph goes (tracked: its runs and its mark)."""
    line = text[c.start:c.end].strip("\n")
    lo = c.start + (1 if text[c.start:c.end].startswith("\n") else 0)
    host = next((p for p in paragraphs if any(w >= 0 for w in p.where)
                 and min(w for w in p.where if w >= 0) == lo and max(p.where) + 1 == lo + len(line)), None)
    if host is None or not line:
        return False
    if not tracked:
        host.element.getparent().remove(host.element)
        return True
    runs = [r for r, rs, re_ in _run_table(host.element) if re_ > rs]
    deletion = _wrap("w:del", next(ids), author, stamp)
    runs[0].addprevious(deletion)
    for r in runs:
        for t in r.iter(qn("w:t")):
            t.tag = qn("w:delText")
        deletion.append(r)
    ppr = host.element.find(qn("w:pPr"))
    if ppr is None:
        ppr = OxmlElement("w:pPr")
        host.element.insert(0, ppr)
    rpr = ppr.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        ppr.append(rpr)
    rpr.append(_wrap("w:del", next(ids), author, stamp))
    return True


def _one_paragraph(paragraphs, start: int, end: int):
    hit = None
    for para in paragraphs:
        rng = _local_range(para, start, end)
        if rng:
            if hit is not None:   # across paragraphs: not one replacement
                return None
            hit = (para, rng)
    return hit


def _run_like(run, text: str):
    """A run with ``run``'s character formatting and ``text``."""
    new = OxmlElement("w:r")
    rpr = run.find(qn("w:rPr"))
    if rpr is not None:
        new.append(copy.deepcopy(rpr))
    t = OxmlElement("w:t")
    t.text = text
    t.set(qn("xml:space"), "preserve")
    new.append(t)
    return new


def _new_paragraphs(paragraphs, c: Change, tracked: bool, author: str, stamp: str, ids) -> bool:
    """New paragraphs after the one ending at ``c.start``, each with its paragraph style and first run's format."""
    host = next((p for p in paragraphs if any(w >= 0 for w in p.where) and max(p.where) + 1 == c.start), None)
    if host is None:
        return False
    runs = [r for r, rs, re_ in _run_table(host.element) if re_ > rs]
    ppr = host.element.find(qn("w:pPr"))
    anchor = host.element
    for line in c.replacement.split("\n")[1:]:
        p = OxmlElement("w:p")
        if ppr is not None:
            props = copy.deepcopy(ppr)
            for sect in props.findall(qn("w:sectPr")):   # the host may end a section: the copy must not
                props.remove(sect)
            p.append(props)
        if line:
            run = _run_like(runs[0], line) if runs else _run_like(OxmlElement("w:r"), line)
            if tracked:
                wrap = _wrap("w:ins", next(ids), author, stamp)
                wrap.append(run)
                run = wrap
            p.append(run)
        anchor.addnext(p)
        anchor = p
    return True


def _wrap(tag: str, rid: int, author: str, stamp: str):
    el = OxmlElement(tag)
    el.set(qn("w:id"), str(rid))
    el.set(qn("w:author"), author)
    el.set(qn("w:date"), stamp)
    return el


def revised_name(path: str) -> str:
    from pathlib import Path
    return f"{Path(path).stem}_修订.docx"
