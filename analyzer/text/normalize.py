"""Text utilities that keep offsets valid: every transformation here maps one character to one character,
so a position in the normalised text is the same position in the extracted text."""
from __future__ import annotations

import re
import sys
from functools import lru_cache
from pathlib import Path

from analyzer.data import DATA_DIR

# Single-character traditional -> simplified pairs (from zhconv; regenerate with tools/build_t2s.py).
_T2S_FILE = DATA_DIR / "t2s.txt"

# A sentence, found in one regex pass (no Python work per line or per piece): leading whitespace is skipped (across
# line breaks too: a blank piece yields nothing), then either words (spaces inside the line allowed) up to a sentence
# end or to the last non-space character of the line, or a sentence end alone. A run of 。！？!?… takes the closing
# quotes/brackets after it; ；/; ends a sentence only at the end of its line (elsewhere it belongs to the sentence).
# A piece made only of closing quotes/brackets is not a sentence. ``\s`` is exactly ``str.isspace``.
_INLINE_SPACE = r"[^\S\n]"
_AT_LINE_END = rf"{_INLINE_SPACE}*(?:\n|\Z)"
_WORDS = rf"(?:[^\s。！？!?…；;]+|[；;](?!{_AT_LINE_END}))"
_SENT_END = r"(?:[。！？!?…]+[”’」』）)》]*|[；;])"
_SENTENCE = re.compile(rf"\s*(?![”’」』）)》]+{_AT_LINE_END})"
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
    normalises the same text, and ``str.translate`` of a long text costs ~0.15 s per MB (a dict lookup per
    character). When numpy is already loaded (the hollowness analysis needs it anyway), a long text goes through
    a code-point lookup array instead, ~7x faster; both give the same string."""
    if len(text) >= _ARRAY_FROM and "numpy" in sys.modules:
        return _translate_array(text)
    return text.translate(_char_table())


_ARRAY_FROM = 4096      # below this, building the arrays costs more than translate


@lru_cache(maxsize=1)
def _char_lut() -> "np.ndarray":
    """``_char_table`` as an array indexed by code point (every table value is one character)."""
    import numpy as np
    table = _char_table()
    lut = np.arange(0x110000, dtype=np.uint32)
    lut[np.fromiter(table, dtype=np.uint32, count=len(table))] = np.fromiter(map(ord, table.values()),
                                                                               dtype=np.uint32, count=len(table))
    return lut


def _translate_array(text: str) -> str:
    """``text.translate(_char_table())`` through ``_char_lut`` (lone surrogates pass through, as in translate)."""
    import numpy as np
    cp = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    return _char_lut().take(cp).tobytes().decode("utf-32-le", "surrogatepass")     # take: ~2x fancy indexing


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
SQUEEZE_CHARS = re.compile(r"[\s\"'“”‘’「」『』＂＇]+")


def squeeze(text: str, drop: re.Pattern = SQUEEZE_CHARS) -> tuple[str, list[int]]:
    """``text`` without the characters ``drop`` matches, and ``shifts``: for the k-th removed character
    (k from 0), its position in the squeezed text, i.e. original position - k. Use with ``unsqueeze``.

    A regex scan of a long text costs ~25 ns a character; with numpy loaded (as for ``normalize``), the default
    ``drop`` goes through a code-point lookup array instead, ~6x faster, same result."""
    if drop is SQUEEZE_CHARS and len(text) >= _ARRAY_FROM and "numpy" in sys.modules:
        return _squeeze_array(text)
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


@lru_cache(maxsize=1)
def _squeeze_lut() -> "np.ndarray":
    """Code point -> whether ``SQUEEZE_CHARS`` drops it. ``\\s`` matches nothing above U+3000 (Unicode White_Space;
    a test checks every code point), so the class is read off the characters below U+3010 and the full-width quotes."""
    import numpy as np
    candidates = "".join(map(chr, range(0x3010))) + "\uff02\uff07"
    lut = np.zeros(0x110000, dtype=bool)
    lut[[ord(c) for run in SQUEEZE_CHARS.findall(candidates) for c in run]] = True
    return lut


def _squeeze_array(text: str) -> tuple[str, list[int]]:
    """``squeeze(text)`` through ``_squeeze_lut``: removed positions minus their rank are the shifts."""
    import numpy as np
    cp = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    dropped = _squeeze_lut().take(cp)
    removed = np.flatnonzero(dropped)
    if not len(removed):
        return text, []
    shifts = (removed - np.arange(len(removed))).tolist()
    return cp[~dropped].tobytes().decode("utf-32-le", "surrogatepass"), shifts


def unsqueeze(shifts: list[int], start: int, end: int) -> tuple[int, int]:
    """Map a [start, end) span of the squeezed text back to the original text. Characters removed inside the
    span (a quote inside a formula) end up inside the original span; those at its edges stay outside."""
    if not shifts:
        return start, end
    from bisect import bisect_right
    s = start + bisect_right(shifts, start)
    last = end - 1
    return s, last + bisect_right(shifts, last) + 1
