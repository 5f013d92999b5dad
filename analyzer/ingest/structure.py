"""From plain text with line breaks to a Document: paragraphs, heading kinds and levels (公文 numbering),
title and date. Shared by every reader so all formats agree on structure."""
from __future__ import annotations

import re

from analyzer.kernels import regex_cache
from analyzer.model import Document, Paragraph
from analyzer.ingest.dates import find_document_date

# 公文 heading numbering: 一、 / （一） / 1. 1、 1． / （1）
HEADING_PATTERNS = [
    (1, regex_cache.compile(r"^[一二三四五六七八九十百]+、")),
    (2, regex_cache.compile(r"^[（(][一二三四五六七八九十百]+[）)]")),
    (3, regex_cache.compile(r"^\d{1,2}[.．、](?!\d)")),
    (4, regex_cache.compile(r"^[（(]\d{1,2}[）)]")),
]


# All four at once: most lines open with no number, and one failed match is cheaper than four
_ANY_NUMBERING = regex_cache.compile("|".join(pat.pattern for _, pat in HEADING_PATTERNS))


def match_numbering(line: str) -> tuple[int, re.Match] | None:
    """The level and match of the 公文 sequence number ``line`` opens with (heading or numbered paragraph)."""
    if not _ANY_NUMBERING.match(line):
        return None
    for level, pat in HEADING_PATTERNS:
        m = pat.match(line)
        if m:
            return level, m
    return None


NUMBERED_PROSE = 40      # characters after the number from which a line ending in a full stop is prose


def heading_level(line: str) -> int | None:
    """The 公文 level of a line that looks like a numbered heading, else None. A line ending in a full stop
    that is long, or runs on over several clauses, is a numbered paragraph, not a heading
    ("1.坚持把政治建设摆在首位，认真落实……，全年召开党组会12次。")."""
    s = line.strip()
    found = match_numbering(s)
    if found is None:
        return None
    if s.endswith(("。", "！", "？")):
        words = s[found[1].end():]
        if (len(words) > NUMBERED_PROSE or words.count("，") + words.count(",") >= 2 or len(s) > 60
                or any(c in words[:-1] for c in "。！？")):
            return None     # several clauses or sentences: prose
    return found[0]


RUN_IN_MAX = 30          # characters of a run-in heading after its number ("（一）加强理论武装。")
RUN_IN_REST = 8          # shortest prose after it for the paragraph to be split


def run_in_heading(line: str) -> int | None:
    """Where the heading part of a numbered paragraph ends, when the paragraph is a short heading followed by
    prose on the same line ("（一）加强理论武装。全年组织集中学习24次……" -> after "。"); else None. The heading part
    is one short phrase: no comma, at most ``RUN_IN_MAX`` characters after the number."""
    found = match_numbering(line)
    if found is None:
        return None
    num_end = found[1].end()
    m = _RUN_IN_END.search(line, num_end, num_end + RUN_IN_MAX + 1)
    if m is None or m.start() == num_end:
        return None
    head = line[num_end:m.start()]
    if "，" in head or "," in head or _DIGIT.search(head) or len(line) - m.end() < RUN_IN_REST:
        return None     # a clause with a number is prose ("1.全年召开党委会12次。研究……")
    return m.end()


_RUN_IN_END = regex_cache.compile(r"[。！？!?：:]")
_DIGIT = regex_cache.compile(r"\d")


def is_table_row(line: str) -> bool:
    """Tab-separated cells: how every reader writes a table row (and how a table pasted from Excel looks)."""
    return "\t" in line and sum(1 for c in line.split("\t") if c.strip()) >= 2


# A paragraph: a line without the spaces, tabs and ideographic spaces around it (lines of only those are none)
_PARAGRAPH = regex_cache.compile(r"[^\n \t\u3000](?:[^\n]*[^\n \t\u3000])?")


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
    paragraphs = _split_run_in(text, paragraphs)
    if title is None:
        title = guess_title(text, paragraphs)
    found = find_document_date(text)
    return Document(text=text, paragraphs=paragraphs, format=fmt, title=title, date=found[0] if found else None,
                    sha256=sha256, date_span=found[1:] if found else None)


def _split_run_in(text: str, paragraphs: list[Paragraph]) -> list[Paragraph]:
    """A numbered paragraph that opens with a short heading and goes on in prose becomes two paragraphs: the
    heading (a heading of its level) and the prose (body, scored like any other)."""
    out = []
    for p in paragraphs:
        if p.kind != "table":
            cut = run_in_heading(text[p.start:p.end])
            if cut is not None:
                rest = p.start + cut
                while rest < p.end and text[rest] in " \t\u3000":
                    rest += 1
                level = p.level or match_numbering(text[p.start:p.end])[0]
                out += [Paragraph(p.start, p.start + cut, "heading", level), Paragraph(rest, p.end, "body", None)]
                continue
        out.append(p)
    return out


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
