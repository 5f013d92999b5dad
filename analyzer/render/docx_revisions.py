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

from analyzer.model import Report
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
    document = None
    if original is not None and report.document.format == "docx":
        try:
            document = docx.Document(io.BytesIO(original))
            paragraphs = align_paragraphs(document, report.document.text)
        except Exception:  # a package our reader accepted but python-docx cannot open: fall back to the text
            document = None
    if document is None:
        document, paragraphs = _document_from_text(report)
    stamp = (when or dt.datetime.now(dt.timezone.utc)).strftime("%Y-%m-%dT%H:%M:%SZ")
    placed, unplaced = [], []
    next_id = 1
    for c in sorted(changes, key=lambda c: -c.start):   # right to left: earlier offsets stay valid
        hit = None
        for para in paragraphs:
            rng = _local_range(para, c.start, c.end)
            if rng:
                if hit is not None:   # a change across paragraphs: not as one tracked replacement
                    hit = None
                    break
                hit = (para, rng)
        if hit is None or hit[1][1] - hit[1][0] != c.end - c.start:
            unplaced.append(c)
            continue
        para, (a, b) = hit
        _cut(para.element, {a, b})
        runs = [r for r, rs, re_ in _run_table(para.element) if rs >= a and re_ <= b and re_ > rs]
        if not runs or "".join(r.text for r in runs) != report.document.text[c.start:c.end]:
            unplaced.append(c)
            continue
        ins_run = copy.deepcopy(runs[0])
        deletion = _wrap("w:del", next_id, author, stamp)
        runs[0].addprevious(deletion)
        for r in runs:
            for t in r.iter(qn("w:t")):
                t.tag = qn("w:delText")
            deletion.append(r)
        insertion = _wrap("w:ins", next_id + 1, author, stamp)
        for child in list(ins_run):
            if child.tag != qn("w:rPr"):
                ins_run.remove(child)
        t = OxmlElement("w:t")
        t.text = c.replacement
        t.set(qn("xml:space"), "preserve")
        ins_run.append(t)
        insertion.append(ins_run)
        deletion.addnext(insertion)
        next_id += 2
        placed.append(c)
    buf = io.BytesIO()
    document.save(buf)
    return Revised(buf.getvalue(), placed[::-1], unplaced[::-1])


def _wrap(tag: str, rid: int, author: str, stamp: str):
    el = OxmlElement(tag)
    el.set(qn("w:id"), str(rid))
    el.set(qn("w:author"), author)
    el.set(qn("w:date"), stamp)
    return el


def revised_name(path: str) -> str:
    from pathlib import Path
    return f"{Path(path).stem}_修订.docx"
