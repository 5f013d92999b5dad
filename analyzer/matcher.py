"""Phrase matching over raw text with Aho-Corasick: multi-word formulas must not depend on how a segmenter
splits them. Patterns and text are both normalised (``analyzer.text.normalize``: same length), so offsets found
in the normalised text are offsets in the original."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Iterator

import ahocorasick

from .text import normalize


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    phrase: str          # the pattern as written in the lexicon
    payloads: tuple      # everything registered under this (normalised) pattern


class PhraseMatcher:
    """Compile once (per Lexicon, via ``Lexicon.compiled``), search many texts."""

    def __init__(self, items: Iterable[tuple[str, Any]]):
        table: dict[str, tuple[str, list]] = {}
        for phrase, payload in items:
            key = normalize(phrase)
            if not key:
                continue
            table.setdefault(key, (phrase, []))[1].append(payload)
        self._auto = ahocorasick.Automaton()
        for key, (phrase, payloads) in table.items():
            self._auto.add_word(key, (len(key), phrase, tuple(payloads)))
        self.size = len(table)
        if table:
            self._auto.make_automaton()

    def iter_all(self, text: str, normalized: str | None = None) -> Iterator[Hit]:
        """Every occurrence of every pattern, overlapping ones included."""
        if not self.size:
            return
        norm = normalized if normalized is not None else normalize(text)
        for end_idx, (length, phrase, payloads) in self._auto.iter(norm):
            yield Hit(end_idx - length + 1, end_idx + 1, phrase, payloads)

    def find(self, text: str, normalized: str | None = None) -> list[Hit]:
        """Leftmost-longest, non-overlapping: "习近平新时代中国特色社会主义思想" wins over "中国特色社会主义"."""
        return [Hit(*t) for t in self.find_raw(text, normalized)]

    def find_raw(self, text: str, normalized: str | None = None) -> list[tuple[int, int, str, tuple]]:
        """``find`` as plain (start, end, phrase, payloads) tuples: a long document has tens of thousands of hits,
        and building a Hit for each costs more than the search."""
        if not self.size:
            return []
        norm = normalized if normalized is not None else normalize(text)
        # (start, -length) never ties: one pattern per (start, length), so phrase and payloads are never compared
        hits = sorted([(e - n + 1, -n, phrase, payloads) for e, (n, phrase, payloads) in self._auto.iter(norm)])
        out: list[tuple[int, int, str, tuple]] = []
        last_end = -1
        for start, neg, phrase, payloads in hits:
            if start >= last_end:
                last_end = start - neg
                out.append((start, last_end, phrase, payloads))
        return out
