"""From plain text with line breaks to a Document: paragraphs, heading kinds and levels (公文 numbering),
title and date. Shared by every reader so all formats agree on structure."""
from __future__ import annotations

import re

from ..model import Document, Paragraph
from .dates import detect_date

# 公文 heading numbering: 一、 / （一） / 1. 1、 1． / （1）
HEADING_PATTERNS = [
    (1, re.compile(r"^[一二三四五六七八九十百]+、")),
    (2, re.compile(r"^[（(][一二三四五六七八九十百]+[）)]")),
    (3, re.compile(r"^\d{1,2}[.．、](?!\d)")),
    (4, re.compile(r"^[（(]\d{1,2}[）)]")),
]


def match_numbering(line: str) -> tuple[int, re.Match] | None:
    """The level and match of the 公文 sequence number ``line`` opens with (heading or numbered paragraph)."""
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


def build_document(text: str, *, fmt: str = "txt", kinds: list[tuple[int, int, str, int | None]] | None = None,
                   title: str | None = None) -> Document:
    """``kinds`` lets a reader that knows better (docx styles, tables) pass (start, end, kind, level) itself."""
    if kinds is None:
        paragraphs = []
        for m in re.finditer(r"[^\n]+", text):
            s, e = m.start(), m.end()
            while s < e and text[s] in " \t\u3000":
                s += 1
            while e > s and text[e - 1] in " \t\u3000":
                e -= 1
            if s == e:
                continue
            line = text[s:e]
            if is_table_row(line):
                paragraphs.append(Paragraph(s, e, "table", None))
                continue
            level = heading_level(line)
            paragraphs.append(Paragraph(s, e, "heading" if level else "body", level))
    else:
        paragraphs = [Paragraph(s, e, k, lv) for s, e, k, lv in kinds]
    if title is None:
        title = guess_title(text, paragraphs)
    return Document(text=text, paragraphs=paragraphs, format=fmt, title=title, date=detect_date(text))


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
