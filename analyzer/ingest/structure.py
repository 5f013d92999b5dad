"""From plain text with line breaks to a Document: paragraphs, heading kinds and levels (公文 numbering),
title and date. Shared by every reader so all formats agree on structure."""
from __future__ import annotations

import re

from analyzer.model import Document, Paragraph
from analyzer.ingest.dates import find_document_date

# 公文 heading numbering: 一、 / （一） / 1. 1、 1． / （1）
HEADING_PATTERNS = [
    (1, re.compile(r"^[一二三四五六七八九十百]+、")),
    (2, re.compile(r"^[（(][一二三四五六七八九十百]+[）)]")),
    (3, re.compile(r"^\d{1,2}[.．、](?!\d)")),
    (4, re.compile(r"^[（(]\d{1,2}[）)]")),
]


# All four at once: most lines open with no number, and one failed match is cheaper than four
_ANY_NUMBERING = re.compile("|".join(pat.pattern for _, pat in HEADING_PATTERNS))


def match_numbering(line: str) -> tuple[int, re.Match] | None:
    """The level and match of the 公文 sequence number ``line`` opens with (heading or numbered paragraph)."""
    if not _ANY_NUMBERING.match(line):
        return None
    for level, pat in HEADING_PATTERNS:
        m = pat.match(line)
        if m:
            return level, m
    return None


def heading_level(line: str) -> int | None:
    """The 公文 level of a line that looks like a numbered heading, else None. A long line ending in a full
    stop is a numbered paragraph, not a heading."""
    s = line.strip()
    found = match_numbering(s)
    if found is None or (len(s) > 60 and s.endswith("。")):
        return None
    return found[0]


def is_table_row(line: str) -> bool:
    """Tab-separated cells: how every reader writes a table row (and how a table pasted from Excel looks)."""
    return "\t" in line and sum(1 for c in line.split("\t") if c.strip()) >= 2


# A paragraph: a line without the spaces, tabs and ideographic spaces around it (lines of only those are none)
_PARAGRAPH = re.compile(r"[^\n \t\u3000](?:[^\n]*[^\n \t\u3000])?")


def build_document(text: str, *, fmt: str = "txt", kinds: list[tuple[int, int, str, int | None]] | None = None,
                   title: str | None = None, sha256: str = "") -> Document:
    """``kinds`` lets a reader that knows better (docx styles, tables) pass (start, end, kind, level) itself.
    ``sha256``: the file bytes' hash when the reader has it, so the Document need not hash its text."""
    if kinds is None:
        paragraphs = []
        for m in _PARAGRAPH.finditer(text):
            line = m.group()
            if is_table_row(line):
                paragraphs.append(Paragraph(m.start(), m.end(), "table", None))
                continue
            level = heading_level(line)
            paragraphs.append(Paragraph(m.start(), m.end(), "heading" if level else "body", level))
    else:
        paragraphs = [Paragraph(s, e, k, lv) for s, e, k, lv in kinds]
    if title is None:
        title = guess_title(text, paragraphs)
    found = find_document_date(text)
    return Document(text=text, paragraphs=paragraphs, format=fmt, title=title, date=found[0] if found else None,
                    sha256=sha256, date_span=found[1:] if found else None)


def guess_title(text: str, paragraphs: list[Paragraph]) -> str | None:
    """The first short line that is not a salutation, a date line or a numbered heading."""
    for p in paragraphs[:3]:
        line = text[p.start:p.end].strip()
        if not line or len(line) > 60 or line.endswith(("：", ":", "。")) or p.level:
            continue
        if re.fullmatch(r"[（(]?\s*\d{4}\s*年.*日\s*[）)]?", line):
            continue
        return line
    return None
