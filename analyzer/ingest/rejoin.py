"""Hard line breaks re-joined into whole paragraphs: one set of rules for a PDF's lines, OCR'd lines, and text
saved or pasted with a break at every line end.

A break between two lines is a **paragraph break** when the next line *starts* a paragraph — a first-line indent
(公文: two characters), 公文 numbering (一、 （一） 1. （1）), a table row, a blank gap, a centred or right-aligned
line — or when the line before *ends* one: a sentence end (。！？；：…) on a line that stops short of the column,
or a short single line that is no part of a longer paragraph (a title, an unnumbered heading). Every other break
is a wrap and is joined. Where the column's right edge is known, how far a line falls short of it (its *slack*)
is measured against the width of the next line's first unbreakable piece — a number, a Latin word, a character
with the punctuation that may not begin a line — so lines holding half-width digits or Latin, which end short of
the edge, still join. Without first-line indents (block paragraphs, or a paste that lost them) a sentence end
closes the paragraph: a break there cuts no sentence.

Page furniture is not text: page numbers ("— 3 —", "-3-", "第3页", "第 3 页 共 9 页", "3/9") and lines made only
of separators or ellipsis dots ("······", "————", "***") are dropped; in text, a short line that recurs beside
page numbers (a running header pasted with them) too. Readers with geometry (PDF, OCR) find running headers by
position themselves and pass the remaining lines here.

``join_lines`` works on measured lines (readers with geometry); ``rejoin_text`` measures plain text itself
(one line per physical line, widths counted in ems: a CJK character 1, an ASCII character ½) and returns the text
the Document holds, so every offset of a report indexes exactly what ``shengao extract`` prints."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from analyzer.ingest.structure import is_table_row, match_numbering
from analyzer.kernels import regex_cache

# A sentence end, possibly followed by closing quotes/brackets
SENTENCE_END = regex_cache.compile(r"[。！？!?；;：:…]+[”’」』）)》〕】]*$")
# A line ending in one of these is certainly mid-sentence
CONTINUES = tuple("，,、“‘（(《〔【—-")
# A line may not begin with these (禁则): they belong to the character before
NO_LINE_START = "，。、；：？！,.;:?!”’」』）)》〕】…·%％"
NO_LINE_END = "“‘「『（(《〔【"
_FIRST_UNIT = regex_cache.compile(rf"[{NO_LINE_END}]*(?:[A-Za-z0-9][A-Za-z0-9.,%％:/+\-]*|.)"
                                  rf"[{re.escape(NO_LINE_START)}]*")
PAGE_NUMBER = [regex_cache.compile(p) for p in (
    r"^[-—－–~·\s]*\d{1,4}[-—－–~·\s]*$",
    r"^第\s*\d{1,4}\s*页(?:\s*[，,/、]?\s*共\s*\d{1,4}\s*页)?$",
    r"^\d{1,4}\s*/\s*\d{1,4}$",
    r"^(?:page|Page|PAGE)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$",
)]
# A page number drawn with its dashes ("— 3 —", "- 3 -") or in words: never body text, even in a clean .txt
_DECORATED_PAGE_NUMBER = regex_cache.compile(r"^\s*(?:[-—－–~]+\s*\d{1,4}\s*[-—－–~]+|第\s*\d{1,4}\s*页(?:\s*[，,/、]?\s*共\s*"
                                             r"\d{1,4}\s*页)?)\s*$")
# Nothing but separators, dots and symbols: no character a sentence is made of
_ONLY_SYMBOLS = regex_cache.compile(r"^[\s\-—－–_=＝~～*＊#＃·・•.。…⋯<>《》+＋|｜/\\]+$")
# The page numbers, and with them the symbol lines, each as one pattern: one match a line instead of four or five
# (every line of a text is asked)
_ANY_PAGE_NUMBER = regex_cache.compile("|".join(f"(?:{p.pattern})" for p in PAGE_NUMBER))
_FURNITURE = regex_cache.compile(f"{_ANY_PAGE_NUMBER.pattern}|(?:{_ONLY_SYMBOLS.pattern})")
INDENT_EMS = 1.2     # a first-line indent (公文: 2 characters) is at least this
OFF_MARGIN_EMS = 4.5  # further in than this: a centred or right-aligned line (title, 署名, 日期)


@dataclass
class Line:
    text: str
    indent: float | None = None  # ems from the column's left edge (None: unknown)
    slack: float | None = None   # ems from the line's end to the column's right edge (None: unknown)
    gap_before: bool = False     # a blank line or a wider vertical gap before this line
    joins_previous: bool = False  # the reader knows this line continues the one before (a wrapped large title)


def em_width(s: str) -> float:
    """Width in ems as set in a Chinese document: ASCII (half-width digits, Latin) ½, everything else 1."""
    return len(s) - 0.5 * len(s.encode("ascii", "ignore"))


def is_page_number(text: str) -> bool:
    return _ANY_PAGE_NUMBER.match(text.strip()) is not None


def is_furniture(text: str) -> bool:
    """A line that is never part of a sentence: a page number, or only separators/ellipsis dots."""
    s = text.strip()
    return bool(s) and _FURNITURE.match(s) is not None


def ends_sentence(text: str) -> bool:
    return bool(SENTENCE_END.search(text.rstrip()))


def first_unit_width(text: str) -> float:
    m = _FIRST_UNIT.match(text.lstrip())
    return em_width(m.group()) if m else 1.0


_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}


def ordinal(numeral: str) -> int | None:
    """一 → 1, 十二 → 12, 二十 → 20, "3" → 3."""
    if numeral.isdigit():
        return int(numeral)
    if not numeral or any(c not in _CN_DIGITS and c != "十" for c in numeral):
        return None
    if "十" in numeral:
        tens, _, ones = numeral.partition("十")
        return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)
    return _CN_DIGITS[numeral[0]] if len(numeral) == 1 else None


class Numbering:
    """The 公文 numbering seen so far, to tell the next heading ("二、" after "一、", "（一）" under it) from a
    wrap that happens to leave "一、" at a line start."""

    def __init__(self) -> None:
        self.last: dict[int, int] = {}

    def _parse(self, text: str) -> tuple[int, int] | None:
        found = match_numbering(text.lstrip())
        if found is None:
            return None
        level, m = found
        n = ordinal(re.sub(r"[^0-9一二三四五六七八九十]", "", m.group()))
        return None if n is None else (level, n)

    def expects(self, text: str) -> bool:
        """The next number at its level, or the first under a heading one level up: "二、" after "一、",
        "（一）" after "一、". A first "一、" with nothing before it is not expected."""
        got = self._parse(text)
        if got is None:
            return False
        level, n = got
        return (n == self.last.get(level, 0) + 1 and level in self.last) \
            or (n == 1 and level not in self.last and any(k < level for k in self.last))

    def see(self, text: str) -> None:
        got = self._parse(text)
        if got is not None:
            level, n = got
            self.last = {k: v for k, v in self.last.items() if k < level}
            self.last[level] = n


def starts_paragraph(a: Line, b: Line, numbering: Numbering | None = None) -> bool:
    """``numbering``: pass it only where indents do not mark paragraphs (with them, a heading is indented)."""
    if b.text[:1] in NO_LINE_START:
        return False
    if b.gap_before or is_table_row(b.text):
        return True
    if b.indent is not None and b.indent >= INDENT_EMS:
        return True
    # 公文 numbering at the left edge starts a paragraph only after a line that could end one: a wrap can leave
    # "一、" at a line start ("……有机统" / "一、社会成员……")
    return match_numbering(b.text.lstrip()) is not None and not a.text.rstrip().endswith(CONTINUES) \
        and (a.slack is None or ends_sentence(a.text) or _short(a, b)
             or (numbering is not None and numbering.expects(b.text)))


def _short(a: Line, b: Line) -> bool:
    """``a`` stops short of the right edge by more than ``b``'s first unbreakable piece needs (plus slack for
    justification and 禁则): it was not wrapped for want of room."""
    return a.slack is not None and a.slack > first_unit_width(b.text) + 1.0


def is_break(a: Line, b: Line, *, uses_indent: bool, a_continues: bool, numbering: Numbering | None = None) -> bool:
    """Whether the break between ``a`` and ``b`` ends a paragraph. ``a_continues``: ``a`` was itself joined to
    the line before it (it is not a paragraph's first line); ``numbering``: the headings seen so far."""
    if b.joins_previous:
        return False
    if is_table_row(a.text) or (a.indent is not None and a.indent > OFF_MARGIN_EMS):
        return True
    if starts_paragraph(a, b, None if uses_indent else numbering):
        return True
    short = _short(a, b)
    if ends_sentence(a.text):
        return short or not uses_indent
    if a.text.rstrip().endswith(CONTINUES) or b.text[:1] in NO_LINE_START:
        return False
    # a short line standing alone is a title or a heading; inside a paragraph a line may end a little short (a
    # number or a Latin word measured narrower than it is), but not by far more than the next piece needs
    return short and (not a_continues or a.slack > first_unit_width(b.text) + 6)


def join_lines(lines: list[Line], *, uses_indent: bool) -> list[str]:
    """Paragraph texts from measured lines (furniture already removed by the caller)."""
    return join_lines_at(lines, uses_indent=uses_indent)[0]


def join_lines_at(lines: list[Line], *, uses_indent: bool) -> tuple[list[str], list[int]]:
    """``join_lines`` and, for each line, where its text starts in ``"\n".join(paragraphs)`` (the Document's
    text): readers with pages find from it where each page starts."""
    if not lines:
        return [], []
    out: list[str] = []
    cur = lines[0].text.strip()
    base = 0                    # where the current paragraph starts in the joined text
    starts = [0]
    a_continues = False
    numbering = Numbering()
    numbering.see(cur)
    for a, b in zip(lines, lines[1:]):
        piece = b.text.strip()
        if is_break(a, b, uses_indent=uses_indent, a_continues=a_continues, numbering=numbering):
            numbering.see(b.text)
            out.append(cur)
            base += len(cur) + 1
            cur = piece
            a_continues = False
        else:
            cur = glue(cur, piece)
            a_continues = True
        starts.append(base + len(cur) - len(piece))
    out.append(cur)
    return out, starts


def glue(left: str, right: str) -> str:
    """Two pieces of one paragraph: Latin words and numbers keep a space between them, Chinese does not."""
    if left[-1:].isascii() and left[-1:].isalnum() and right[:1].isascii() and right[:1].isalnum():
        return left + " " + right
    return left + right


def uses_indents(indents: list[float]) -> bool:
    """First-line indents mark paragraphs when some lines (1 in 30, or 3) are indented by 1.2–4 ems."""
    n = sum(1 for x in indents if INDENT_EMS <= x <= 4)
    return n >= max(1, min(len(indents) // 30, 3))


# ------------------------------------------------------------------ plain text

_LEAD = regex_cache.compile(r"^[ \t\u3000\u00a0]*")


def _indent_ems(lead: str) -> float:
    return sum(1.0 if c == "\u3000" else (2.0 if c == "\t" else 0.5) for c in lead)


def rejoin_text(text: str) -> str:
    """``text`` (line breaks ``\\n``) with wrapped lines joined and page furniture dropped, when it is
    hard-wrapped; otherwise only decorated page numbers and separator lines are dropped. A text with one
    paragraph per line comes back unchanged."""
    raw = text.split("\n")
    wrapped = _wrap_width(raw)
    keep = [not (_DECORATED_PAGE_NUMBER.match(s) or (s.strip() and _ONLY_SYMBOLS.match(s))
                 or (wrapped and is_page_number(s))) for s in raw]
    if wrapped:
        for i in _running_headers(raw, keep):
            keep[i] = False
    if all(keep) and not wrapped:
        return text
    if not wrapped:
        return "\n".join(s for s, k in zip(raw, keep) if k)
    lines: list[Line] = []
    gap = False
    out_lines: list[list[str]] = []  # physical output lines (blank lines kept as they were)
    for s, k in zip(raw, keep):
        if not k:
            continue
        if not s.strip():
            gap = True
            out_lines.append([""])
            continue
        lead = _LEAD.match(s).group()
        body = s.rstrip()
        indent = _indent_ems(lead)
        lines.append(Line(body[len(lead):], indent=indent,
                          slack=wrapped - em_width(body[len(lead):]) - indent, gap_before=gap))
        out_lines.append([s.rstrip(" \t\u3000")])
        gap = False
    indent_flags = uses_indents([ln.indent for ln in lines if ln.indent is not None])
    # walk the non-blank lines, joining into the output line of the paragraph's first line
    result: list[str] = []
    li = 0
    a_continues = False
    prev: Line | None = None
    numbering = Numbering()
    for piece in out_lines:
        s = piece[0]
        if not s:
            result.append("")
            prev = None if prev is None else prev
            continue
        ln = lines[li]
        li += 1
        if prev is not None and not ln.gap_before and not is_break(prev, ln, uses_indent=indent_flags,
                                                                   a_continues=a_continues, numbering=numbering):
            result[-1] = glue(result[-1], ln.text.strip())
            a_continues = True
        else:
            numbering.see(ln.text)
            result.append(s)
            a_continues = False
        prev = ln
    return "\n".join(result)


def _wrap_width(raw: list[str]) -> float:
    """The column width in ems when the text is hard-wrapped, else 0. Wrapped text has most of its lines within
    a couple of ems of one width, most of those ending mid-sentence; a text with one paragraph per line has
    widths spread from a heading's ten characters to a paragraph's hundreds."""
    rows = [s.rstrip() for s in raw if (t := s.strip()) and "\t" not in t and not _FURNITURE.match(t)]
    if len(rows) < 3:
        return 0.0
    ems = [em_width(s) for s in rows]
    # a tab counts four spaces (2 ems) and an ideographic space two (1 em, as it is already)
    widths = sorted((e + 1.5 * s.count("\t") for s, e in zip(rows, ems)), reverse=True)
    width = widths[max(1, len(widths) // 10) - 1] if len(widths) >= 10 else widths[1]
    if not 12 <= width <= 120:
        return 0.0
    full = [s for s, e in zip(rows, ems) if e >= width - 2.5]
    open_ = [s for s in full if not ends_sentence(s)]
    if len(full) < max(2, 0.25 * len(rows)) or len(open_) < max(2, 0.5 * len(full)):
        return 0.0
    return float(width)


def _running_headers(raw: list[str], keep: list[bool]) -> list[int]:
    """Lines next to a page boundary (a page number, the text's start or end; two non-blank lines either side)
    whose text, digits aside, recurs at such places at least twice: a running header or footer pasted along with
    the pages."""
    pages = [i for i, s in enumerate(raw) if s.strip() and not keep[i] and is_page_number(s)]
    if not pages:
        return []
    near: dict[int, str] = {}
    for p in [-1] + pages + [len(raw)]:
        for step in (-1, 1):
            j, seen = p + step, 0
            while 0 <= j < len(raw) and seen < 2:
                s = raw[j].strip()
                if s and keep[j]:
                    if len(s) <= 40 and not s.endswith(("。", "；", "，")):
                        near[j] = re.sub(r"\d+", "#", s.replace(" ", ""))
                    seen += 1
                j += step
    counts = Counter(near.values())
    return [j for j, key in near.items() if counts[key] >= 2]
