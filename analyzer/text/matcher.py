"""Phrase matching over raw text with Aho-Corasick: multi-word formulas must not depend on how a segmenter
splits them. Patterns and text are both normalised (``analyzer.text.normalize``: same length), so offsets found
in the normalised text are offsets in the original.

The automaton is ahocorasick-rs (the Rust aho-corasick crate) as a DFA: ~50 MB/s over Chinese text with a few
hundred patterns, where pyahocorasick's trie, which scans a node's children one by one, managed ~7 MB/s; three
automata run over every document (themes, formulation rules, stock phrases). An automaton that serves only a few
short texts is better a contiguous NFA (``dfa=False``): same matches, a build ~7x cheaper, a slower scan."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Iterable, Iterator

from operator import itemgetter

import ahocorasick_rs

from analyzer.kernels.surrogates import has_surrogate
from analyzer.text.normalize import normalize


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    phrase: str          # the pattern as written in the lexicon
    payloads: tuple      # everything registered under this (normalised) pattern


class PhraseMatcher:
    """Compile once (per Lexicon, via ``Lexicon.compiled``), search many texts."""

    def __init__(self, items: Iterable[tuple[str, Any]], *, dfa: bool = True):
        self._implementation = ahocorasick_rs.Implementation.DFA if dfa else ahocorasick_rs.Implementation.ContiguousNFA
        table: dict[str, tuple[str, list]] = {}
        for phrase, payload in items:
            key = normalize(phrase)
            if not key:
                continue
            table.setdefault(key, (phrase, []))[1].append(payload)
        self._keys = list(table)
        self._values = [(phrase, tuple(payloads)) for phrase, payloads in table.values()]
        self.size = len(table)

    def _searchable(self, norm: str) -> str:
        """``norm`` with lone surrogates (a damaged text may hold them; the automaton needs UTF-8) replaced by a
        character no pattern contains: same length, so offsets stay, and no match can form across them."""
        if not has_surrogate(norm):
            return norm
        filler = next(c for c in "\ufffd\ufffc\U0010fffd" if not any(c in k for k in self._keys))
        return _SURROGATE.sub(filler, norm)

    @cached_property
    def _every(self) -> "ahocorasick_rs.AhoCorasick":
        """The automaton reporting every occurrence (``iter_all``)."""
        return _automaton(self._keys, ahocorasick_rs.MatchKind.Standard, self._implementation)

    @cached_property
    def _leftmost_longest(self) -> "ahocorasick_rs.AhoCorasick":
        """The automaton reporting leftmost-longest, non-overlapping matches (``find``)."""
        return _automaton(self._keys, ahocorasick_rs.MatchKind.LeftmostLongest, self._implementation)

    def _matches(self, norm: str) -> list[tuple[int, int, int]]:
        """(pattern, start, end) of every occurrence, overlapping ones included, in the order of a classic
        Aho-Corasick scan: by end, then longest first (one pattern per (end, length): patterns are distinct)."""
        found = self._every.find_matches_as_indexes(self._searchable(norm), overlapping=True)
        found.sort(key=_END_THEN_START)
        return found

    def iter_all(self, text: str, normalized: str | None = None) -> Iterator[Hit]:
        """Every occurrence of every pattern, overlapping ones included."""
        if not self.size:
            return
        norm = normalized if normalized is not None else normalize(text)
        values = self._values
        for j, start, end in self._matches(norm):
            phrase, payloads = values[j]
            yield Hit(start, end, phrase, payloads)

    def find(self, text: str, normalized: str | None = None) -> list[Hit]:
        """Leftmost-longest, non-overlapping: "习近平新时代中国特色社会主义思想" wins over "中国特色社会主义"."""
        return [Hit(*t) for t in self.find_raw(text, normalized)]

    def find_indexes(self, text: str, normalized: str | None = None) -> list[tuple[int, int, int]]:
        """``find`` as (pattern number, start, end): for callers that keep their own table per pattern
        (``patterns[number]`` is its (phrase, payloads))."""
        if not self.size:
            return []
        norm = normalized if normalized is not None else normalize(text)
        return self._leftmost_longest.find_matches_as_indexes(self._searchable(norm))

    @property
    def patterns(self) -> list[tuple[str, tuple]]:
        """(phrase as written, payloads) of every pattern, by pattern number."""
        return self._values

    def find_raw(self, text: str, normalized: str | None = None) -> list[tuple[int, int, str, tuple]]:
        """``find`` as plain (start, end, phrase, payloads) tuples: a long document has tens of thousands of hits,
        and building a Hit for each costs more than the search."""
        if not self.size:
            return []
        norm = normalized if normalized is not None else normalize(text)
        values = self._values
        found = self._leftmost_longest.find_matches_as_indexes(self._searchable(norm))
        return [(start, end, *values[j]) for j, start, end in found]


def _automaton(keys: list[str], kind, implementation) -> "ahocorasick_rs.AhoCorasick":
    return ahocorasick_rs.AhoCorasick(keys, matchkind=kind, implementation=implementation)


_END_THEN_START = itemgetter(2, 1)
_SURROGATE = re.compile("[\ud800-\udfff]")
