"""The document back to its author with native Word review comments on the flagged text.

Report offsets index the extracted text; Word comments anchor on whole runs. So: find each Word paragraph's text
in the extracted text (in document order, compared after length-preserving normalisation, so a reader that
strips or joins differently still aligns), cut runs at every span boundary (copies keep the run's formatting),
then anchor each comment from the first to the last run of its span. A .txt or .pdf input gets a new .docx of its
text, built paragraph by paragraph, with the same comments."""
from __future__ import annotations

import copy
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.oxml.ns import qn
from docx.text.run import Run

from analyzer.model import Report
from analyzer.text.normalize import normalize
from analyzer.render.vocabulary import (HOLLOW_ADVICE, SEVERITIES, Positions, hollow_note, severity_label,
                                        shown_hollow, theme_gaps)

AUTHOR = "审稿"
INITIALS = "SG"
# Run children that carry plain text and can be cut and rewritten without losing anything.
_SIMPLE_CHILDREN = {qn("w:rPr"), qn("w:t"), qn("w:tab")}


@dataclass(frozen=True)
class Comment:
    start: int
    end: int
    text: str


@dataclass
class Annotated:
    data: bytes
    placed: list[Comment] = field(default_factory=list)
    unplaced: list[Comment] = field(default_factory=list)  # spans in text Word does not hold (rare)


def report_comments(report: Report, *, severities=SEVERITIES, hollow: bool = True, lexicon=None) -> list[Comment]:
    """What to say where: every finding (with suggestion and basis), every hollow sentence, and one note on the
    first paragraph listing missing required themes with the wording to use. A paged original (PDF, OFD, scan)
    becomes a Word document without its pages: each comment says where the text stands in the original."""
    where = Positions(report.document)
    at = (lambda s: f"（原文{where.label(s)}）") if where.paged else (lambda s: "")
    out = []
    for f in report.findings:
        if f.severity not in severities or f.end <= f.start:
            continue
        lines = [f"【{severity_label(f.severity)}】{at(f.start)}{f.message}"]
        if f.suggestions:
            lines.append("建议：" + "／".join(f.suggestions))
        if f.basis:
            lines.append("依据：" + f.basis)
        out.append(Comment(f.start, f.end, "\n".join(lines)))
    if hollow:
        for s in shown_hollow(report):
            out.append(Comment(s.start, s.end, f"【空话】{at(s.start)}{hollow_note(s)}。建议{HOLLOW_ADVICE}。"))
    missing = [g for g in theme_gaps(report, lexicon, required_only=True) if g.status == "missing"]
    if missing and report.document.paragraphs:
        p = report.document.paragraphs[0]
        items = [f"“{g.name}”" + (f"（可用表述：{g.wording}）" if g.wording else "") for g in missing]
        out.append(Comment(p.start, p.end, "【缺少主题】本文未涉及：" + "；".join(items)))
    return sorted(out, key=lambda c: (c.start, -c.end))


def annotate_docx(report: Report, original: bytes | None = None, *, severities=SEVERITIES, hollow: bool = True,
                  lexicon=None, author: str = AUTHOR) -> Annotated:
    """``original`` is the uploaded .docx (for a docx report); without it a new document is built from the text."""
    comments = report_comments(report, severities=severities, hollow=hollow, lexicon=lexicon)
    document = None
    if original is not None and report.document.format == "docx":
        try:
            document = docx.Document(io.BytesIO(original))
            paragraphs = align_paragraphs(document, report.document.text)
        except Exception:  # a package our reader accepted but python-docx cannot open: fall back to the text
            document = None
    if document is None:
        document, paragraphs = _document_from_text(report)
    placed, unplaced = _place(document, paragraphs, comments, author)
    buf = io.BytesIO()
    document.save(buf)
    return Annotated(buf.getvalue(), placed, unplaced)


def annotated_name(path: str, taken=()) -> str:
    """``报告.docx`` -> ``报告_批注.docx`` (``报告_pdf_批注.docx`` when a same-stem name is already taken)."""
    p = Path(path)
    name = f"{p.stem}_批注.docx"
    if name in taken:
        name = f"{p.stem}_{p.suffix.lstrip('.')}_批注.docx"
    n = 2
    while name in taken:
        name = f"{p.stem}_{n}_批注.docx"
        n += 1
    return name


# -- alignment -------------------------------------------------------------------------------------------------

_P, _R = qn("w:p"), qn("w:r")
_HIDDEN = {qn("w:txbxContent"), "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"}
_NEAR = 200  # how far past the previous match a short fragment may be found


@dataclass
class _Para:
    """A Word paragraph and, for each character of its runs' text, its offset in the report text (-1: absent)."""
    element: object
    where: list[int]


def _runs(p_el) -> list:
    """The paragraph's own runs in order (in hyperlinks, insertions, fields…), not those of text boxes inside it."""
    return [r for r in p_el.iter(_R) if _owner(r) is p_el]


def _owner(el):
    el = el.getparent()
    while el is not None and el.tag != _P:
        el = el.getparent()
    return el


def _visible(p_el) -> bool:
    el = p_el.getparent()
    while el is not None:
        if el.tag in _HIDDEN:
            return False
        el = el.getparent()
    return True


def align_paragraphs(document, text: str) -> list[_Para]:
    """Every Word paragraph (body and table cells, in order) whose text is found in ``text``.

    Fast path: the paragraph's whole text at or after the previous match. Otherwise its non-blank fragments one
    by one, which absorbs what readers do differently (trimming, splitting at line breaks, collapsing spaces in
    table cells, joining cells with tabs)."""
    norm = normalize(text)
    cursor = 0
    out = []
    for p in document.element.body.iter(_P):
        if not _visible(p):
            continue
        ptext = normalize("".join(r.text for r in _runs(p)))
        if not ptext.strip():
            continue
        where = [-1] * len(ptext)
        pos = norm.find(ptext, cursor)
        if pos >= 0:
            where = list(range(pos, pos + len(ptext)))
            cursor = pos + len(ptext)
        else:
            first = True
            for m in re.finditer(r"\S+", ptext):
                frag = m.group()
                pos = norm.find(frag, cursor)
                if pos < 0 or (pos - cursor > _NEAR and not (first and len(frag) >= 4)):
                    continue
                where[m.start():m.end()] = range(pos, pos + len(frag))
                cursor = pos + len(frag)
                first = False
        if any(w >= 0 for w in where):
            out.append(_Para(p, where))
    return out


def _document_from_text(report: Report):
    document = docx.Document()
    doc = report.document
    out = []
    for para in doc.paragraphs:
        ptext = doc.text[para.start:para.end]
        if para.kind == "heading" and para.level:
            p = document.add_heading(ptext, level=min(para.level, 4))
        else:
            p = document.add_paragraph(ptext)
        out.append(_Para(p._p, list(range(para.start, para.end))))
    return document, out


# -- run surgery ---------------------------------------------------------------------------------------------

def _run_table(p_el) -> list[tuple[object, int, int]]:
    """(run, local start, local end) with local offsets into the paragraph's text."""
    table, pos = [], 0
    for r in _runs(p_el):
        n = len(r.text)
        table.append((r, pos, pos + n))
        pos += n
    return table


def _split_run(r, k: int):
    """Cut run ``r`` after its k-th character; both halves keep its properties."""
    full = r.text
    tail = copy.deepcopy(r)
    r.text = full[:k]
    tail.text = full[k:]
    r.addnext(tail)


def _cut(p_el, cuts: set[int]) -> None:
    for pos in sorted(cuts, reverse=True):  # right to left: earlier offsets stay valid
        for r, rs, re_ in _run_table(p_el):
            if rs < pos < re_:
                if all(child.tag in _SIMPLE_CHILDREN for child in r):
                    _split_run(r, pos - rs)
                break  # a complex run (field, drawing) stays whole: the comment then covers all of it


def _local_range(para: _Para, start: int, end: int) -> tuple[int, int] | None:
    """The paragraph-local [a, b) covering the report span [start, end), or None if none of it is here."""
    inside = [i for i, w in enumerate(para.where) if start <= w < end]
    return (inside[0], inside[-1] + 1) if inside else None


def _place(document, paragraphs: list[_Para], comments: list[Comment], author: str):
    if not paragraphs:
        return [], list(comments)
    firsts = [next(w for w in p.where if w >= 0) for p in paragraphs]
    lasts = [max(p.where) + 1 for p in paragraphs]
    ranges: list[list[tuple[int, tuple[int, int]]]] = []
    for c in comments:
        hits = []
        for i, para in enumerate(paragraphs):
            if lasts[i] <= c.start or firsts[i] >= c.end:
                continue
            rng = _local_range(para, c.start, c.end)
            if rng:
                hits.append((i, rng))
        ranges.append(hits)
    cuts: dict[int, set[int]] = {}
    for hits in ranges:
        for i, (a, b) in hits:
            cuts.setdefault(i, set()).update((a, b))
    for i, cs in cuts.items():
        _cut(paragraphs[i].element, cs)
    tables = {i: _run_table(paragraphs[i].element) for i in cuts}
    placed, unplaced = [], []
    for c, hits in zip(comments, ranges):
        runs = []
        for i, (a, b) in hits:
            runs.extend(r for r, rs, re_ in tables[i] if re_ > rs and re_ > a and rs < b)
        if not runs:
            unplaced.append(c)
            continue
        document.add_comment([Run(runs[0], None), Run(runs[-1], None)], text=c.text, author=author,
                             initials=INITIALS)
        placed.append(c)
    return placed, unplaced


def write_annotated_docs(reports: list[Report], out: str | Path, *, lexicon=None, severities=SEVERITIES) -> list[Path]:
    """``check --format docx``: one annotated .docx per input into the folder ``out`` (created if needed); a docx
    input is re-read from its path so its own formatting is kept."""
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    written, taken = [], set()
    for r in reports:
        original = None
        if r.document.format == "docx" and r.document.path and Path(r.document.path).is_file():
            original = Path(r.document.path).read_bytes()
        name = annotated_name(r.path, taken)
        taken.add(name)
        target = folder / name
        target.write_bytes(annotate_docx(r, original, severities=severities, lexicon=lexicon).data)
        written.append(target)
    return written
