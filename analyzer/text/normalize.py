"""Text utilities that keep offsets valid: every transformation here maps one character to one character,
so a position in the normalised text is the same position in the extracted text."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from analyzer.data import DATA_DIR
from analyzer.kernels import regex_cache
from analyzer.kernels.regex_anchors import SPACE_RANGES

# Single-character traditional -> simplified pairs (from zhconv; regenerate with tools/build_t2s.py).
_T2S_FILE = DATA_DIR / "t2s.txt"

# A sentence, found in one regex pass (no Python work per line or per piece): leading whitespace is skipped (across
# line breaks too: a blank piece yields nothing), then either words (spaces inside the line allowed) up to a sentence
# end or to the last non-space character of the line, or a sentence end alone. A run of 。！？!?… takes the closing
# quotes/brackets after it; ；/; ends a sentence only at the end of its line (elsewhere it belongs to the sentence).
# A piece made only of closing quotes/brackets is not a sentence. The spaces are exactly ``\s``'s (``str.isspace``),
# written out: re tables a class of characters and ranges as a bitmap, while a class holding ``\s`` tests the
# category and then each character (the sentence scan took ~25 % longer so).
_SPACES = "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in SPACE_RANGES)
_INLINE_SPACES = "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in SPACE_RANGES if not a <= ord("\n") <= b) + r"\t\x0b-\r"
_INLINE_SPACE = f"[{_INLINE_SPACES}]"
_AT_LINE_END = rf"{_INLINE_SPACE}*(?:\n|\Z)"
_WORDS = rf"(?:[^{_SPACES}。！？!?…；;]+|[；;](?!{_AT_LINE_END}))"
_SENT_END = r"(?:[。！？!?…]+[”’」』）)》]*|[；;])"
_SENTENCE = regex_cache.compile(rf"[{_SPACES}]*(?![”’」』）)》]+{_AT_LINE_END})"
                                rf"({_WORDS}(?:{_INLINE_SPACE}*{_WORDS})*(?:{_INLINE_SPACE}*{_SENT_END})?|{_SENT_END})")

_PUNCT_MAP = {
    "“": '"', "”": '"', "„": '"', "＂": '"', "「": '"', "」": '"', "『": '"', "』": '"',
    "‘": "'", "’": "'", "＇": "'",
    "，": ",", "；": ";", "：": ":", "（": "(", "）": ")", "！": "!", "？": "?",
    "\u3000": " ", "\u00a0": " ",
}


@lru_cache(maxsize=1)
def _char_table() -> dict[int, str]:
    """Full-width ASCII -> half-width, quote styles unified, traditional -> simplified (single characters only,
    so the length never changes)."""
    table: dict[int, str] = {}
    for cp in range(0xFF01, 0xFF5F):
        table[cp] = chr(cp - 0xFEE0)
    for k, v in _PUNCT_MAP.items():
        table[ord(k)] = v
    trad, simp = _T2S_FILE.read_text("utf-8").split("\n")[:2]
    for t, s in zip(trad, simp):
        table.setdefault(ord(t), s)
    return table


@lru_cache(maxsize=32)
def normalize(text: str) -> str:
    """Same length as ``text``; used for matching only, never shown. Cached: every analysis of a document
    normalises the same text. A text of ``ARRAY_FROM`` characters or more goes through a code-point lookup array
    (``analyzer.kernels.codepoints.CharMap``, ~7x faster than ``str.translate``'s dict lookup per character);
    ``normalize_plain`` is the plain equivalent, and gives the same string."""
    if len(text) >= ARRAY_FROM:
        return _char_map().translate(text)
    return normalize_plain(text)


def normalize_plain(text: str) -> str:
    """``normalize`` without its cache and fast path: ``str.translate`` through the character table."""
    return text.translate(_char_table())


ARRAY_FROM = 4096       # below this many characters, building the arrays costs more than the plain way


@lru_cache(maxsize=1)
def _char_map():
    from analyzer.kernels.codepoints import CharMap
    return CharMap(_char_table())


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Split text[start:end] into sentences at 。！？… and line breaks; leading/trailing whitespace trimmed.

    Paragraph breaks always end a sentence: a heading without a full stop is its own sentence. The whole-text
    split is cached (a fresh list each call): the pipeline, coverage and hollowness all split the same text."""
    if start == 0 and end is None:
        return list(_whole_text_spans(text))
    return _sentence_spans(text, start, len(text) if end is None else end)


@lru_cache(maxsize=8)
def _whole_text_spans(text: str) -> tuple[tuple[int, int], ...]:
    return tuple(_sentence_spans(text, 0, len(text)))


def _sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [m.span(1) for m in _SENTENCE.finditer(text, start, end)]


# Quotes and spaces inside a formula (增强“四个意识” vs 增强四个意识, 三会 一课 in a PDF) must not stop a match.
# ``squeeze`` removes them for matching and keeps what is needed to map positions back: this one step changes
# length, so it returns the removed positions instead of pretending to keep offsets.
SQUEEZE_CHARS = regex_cache.compile(r"[\s\"'“”‘’「」『』＂＇]+")


def squeeze(text: str, drop: re.Pattern = SQUEEZE_CHARS) -> tuple[str, list[int]]:
    """``text`` without the characters ``drop`` matches, and ``shifts``: for the k-th removed character
    (k from 0), its position in the squeezed text, i.e. original position - k. Use with ``unsqueeze``.

    With the default ``drop``, a text of ``ARRAY_FROM`` characters or more goes through a code-point lookup array
    (``analyzer.kernels.codepoints.CharSet``, ~6x faster than the regex scan); ``squeeze_plain`` is the plain
    equivalent, and gives the same result."""
    if drop is SQUEEZE_CHARS and len(text) >= ARRAY_FROM:
        return _squeeze_set().squeeze(text)
    return squeeze_plain(text, drop)


def squeeze_plain(text: str, drop: re.Pattern = SQUEEZE_CHARS) -> tuple[str, list[int]]:
    """``squeeze`` by one regex scan."""
    shifts: list[int] = []
    kept: list[str] = []
    pos = 0
    for m in drop.finditer(text):
        s, e = m.span()
        if s == e:
            continue
        shifts += [s - len(shifts)] * (e - s)   # every character of a run lands on the same squeezed position
        kept.append(text[pos:s])
        pos = e
    if not shifts:
        return text, shifts
    kept.append(text[pos:])
    return "".join(kept), shifts


def squeeze_chars() -> str:
    """Every character ``SQUEEZE_CHARS`` removes. ``\\s`` matches nothing above U+3000 (Unicode White_Space; a test
    checks every code point), so the class is read off the characters below U+3010 and the full-width quotes."""
    candidates = "".join(map(chr, range(0x3010))) + "\uff02\uff07"
    return "".join(SQUEEZE_CHARS.findall(candidates))


@lru_cache(maxsize=1)
def _squeeze_set():
    from analyzer.kernels.codepoints import CharSet
    return CharSet(squeeze_chars())


def unsqueeze(shifts: list[int], start: int, end: int) -> tuple[int, int]:
    """Map a [start, end) span of the squeezed text back to the original text. Characters removed inside the
    span (a quote inside a formula) end up inside the original span; those at its edges stay outside."""
    if not shifts:
        return start, end
    from bisect import bisect_right
    s = start + bisect_right(shifts, start)
    last = end - 1
    return s, last + bisect_right(shifts, last) + 1
