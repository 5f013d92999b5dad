"""Word segmentation with rjieba (jieba-rs), taught the lexicon's formulas so they come out as one token.

Matching never depends on segmentation (coverage uses Aho-Corasick over raw text); segmentation serves the
analyses that count words (hollowness, reuse shingles). Feeding jieba a large overlapping user dictionary
degrades its segmentation (DESIGN.md: 63% of formulas whole with 2,000 overlapping entries, 98% with 86
curated ones), so the user dictionary is generated small and curated from the theme forms:

- only theme names and forms made of Chinese characters alone (no 、，: a list is segmented item by item);
- 3 to 16 characters (2-character forms are ordinary words to jieba; long statements are not words);
- non-overlapping: when the end of one entry is the start of another (two characters or more), jieba would
  have to choose between them and tends to break both, so the longer entry of such a pair is left out."""
from __future__ import annotations

import re
from dataclasses import dataclass

import rjieba

from analyzer.lexicon import Lexicon
from analyzer.lexicon.kinds.themes import match_key

_CJK_ONLY = re.compile(r"^[\u4e00-\u9fff]+$")
MIN_CHARS, MAX_CHARS = 3, 16
MIN_OVERLAP = 2


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int


def user_words(lexicon: Lexicon) -> tuple[str, ...]:
    """The curated user dictionary, in a stable order."""
    cands: dict[str, None] = {}
    for theme in lexicon.kind("themes").values():
        for w in (theme.name, *theme.forms):
            w = match_key(w)
            if MIN_CHARS <= len(w) <= MAX_CHARS and _CJK_ONLY.match(w):
                cands[w] = None
    words = sorted(cands, key=lambda w: (len(w), w))
    kept: list[str] = []
    for w in words:                      # shortest first: a longer entry that overlaps a kept one is dropped
        if not any(_overlaps(w, k) for k in kept):
            kept.append(w)
    return tuple(sorted(kept))


def _overlaps(a: str, b: str) -> bool:
    """A proper suffix of one is a proper prefix of the other (containment is not overlap: jieba handles it)."""
    if a in b or b in a:
        return False
    for x, y in ((a, b), (b, a)):
        for n in range(MIN_OVERLAP, min(len(x), len(y))):
            if x[-n:] == y[:n]:
                return True
    return False


def user_dict_text(lexicon: Lexicon) -> str:
    """The same dictionary in jieba's file format (``word freq``), for ``jieba.load_userdict``."""
    return "".join(f"{w} {_FREQ}\n" for w in user_words(lexicon))


_FREQ = 100_000


def _build(lexicon: Lexicon) -> rjieba.Jieba:
    seg = rjieba.Jieba()
    for w in user_words(lexicon):
        seg.add_word(w, _FREQ, None)
    return seg


def segmenter(lexicon: Lexicon) -> rjieba.Jieba:
    """One rjieba instance per lexicon, built once."""
    return lexicon.compiled("segment.jieba", _build)


def tokenize(text: str, lexicon: Lexicon) -> list[Token]:
    """Tokens with offsets into ``text`` (rjieba's offsets are character offsets)."""
    return [Token(w, s, e) for w, s, e in segmenter(lexicon).tokenize(text)]


def cut(text: str, lexicon: Lexicon) -> list[str]:
    return segmenter(lexicon).cut(text)
