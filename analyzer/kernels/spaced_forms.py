"""An alternation of literal forms, each allowed gaps (quotes, spaces) between its characters, matched in the text
without its gap characters by the array trie (``analyzer.kernels.trie``; an Aho-Corasick automaton when the forms
do not suit it) instead of a backtracking regex.

Plain equivalent: ``re.compile("|".join(f"({gapped(f)})" for f in forms)).finditer(text)``, where ``gapped`` lets
any run of ``gap`` characters stand between two characters of a form (``analyzer.ingest.dates``: the year
phrases and events of ``lexicons/dating.yaml``, "十四五" or “十四五”; ``dates.named_matches_plain``). That regex
is tried at every position where a form can start (~70 forms, 10,000 characters of pattern: ~60 ms to compile and
~60 ms over the corpus); the automaton does the same in a few milliseconds, and the trie in less again: the
automaton needed the squeezed text made and encoded as UTF-8 and its offsets counted back in characters (~150
instructions a character), the trie reads the code points of the characters that are no gap (~80), and its DFA
cost ~25 M instructions to build in every process.

Why it is the same: a match of the regex starts on a form's first character, so with the gap characters removed
from the text (``squeeze``) it is an occurrence of the form; and every occurrence in the squeezed text is a match
in the text, since only gap characters stood between its characters. The regex takes, at the leftmost position
where any alternative matches, the first alternative in order, then goes on after the match: that is the
automaton's leftmost-first match kind with the forms in the same order, and, from all occurrences the trie finds,
the one of the lowest form number at the leftmost start, then the next that starts after it ends. Positions map
back through the removed characters (a match ends on its last form character, never on a gap after it).

Compared in ``tests/kernels/test_spaced_forms.py``."""
from __future__ import annotations

import re
from bisect import bisect_right

import numpy as np

from analyzer.kernels import trie
from analyzer.kernels.codepoints import CharSet, code_points
from analyzer.kernels.surrogates import has_surrogate


_SURROGATE = re.compile("[\ud800-\udfff]")


class SpacedForms:
    """``forms`` (cores: no gap character in them, none empty) in the order an alternation would try them."""

    def __init__(self, forms: list[str], gap: str):
        if not all(forms) or any(_SURROGATE.search(f) for f in forms) or any(c in gap for f in forms for c in f):
            raise ValueError("an empty form matches everywhere; a lone surrogate is no text to search for; "
                             "a form holds no gap character")
        self.gap = CharSet(gap)         # every character that may stand between two characters of a form
        self.index: dict[str, int] = {}
        for i, f in enumerate(forms):
            self.index.setdefault(f, i)          # a repeated form: the regex always takes its first alternative
        self._forms = list(self.index)
        self._trie = trie.build({f: (("", k),) for k, f in enumerate(self._forms)})    # None: forms beyond the BMP
        if self._trie is not None:      # the form number of each of the trie's entries; the characters kept
            self._number = np.array(self._trie.payloads(), dtype=np.intp)
            self._kept = ~self.gap.lut
        self._automaton = None

    def finditer(self, text: str) -> list[tuple[int, int, int]]:
        """(start, end, form number) of every match, as the alternation's ``finditer`` gives them."""
        if self._trie is None:
            return self._finditer_automaton(text)
        points = code_points(text)
        kept = self._kept.take(points)
        starts, stops, _, entry = self._trie.ordered_points(points[kept])       # the text without its gaps
        if not len(entry):
            return []
        number = self._number.take(entry)                     # the form each occurrence is of
        order = np.lexsort((number, starts))
        out = []
        forms, index = self._forms, self.index
        pos = 0
        for s, e, k in zip(starts.take(order).tolist(), stops.take(order).tolist(), number.take(order).tolist()):
            if s >= pos:                # the leftmost start left, its lowest form number
                out.append((s, e, k))
                pos = e
        if not out:
            return out
        # back to the text: a squeezed position moves on by the gap characters up to it (a removed character
        # stands at squeezed position ``shifts[j]``, its position less the j gaps before it)
        removed = (~kept).nonzero()[0]
        shifts = removed - np.arange(len(removed))
        at = np.array(out, dtype=np.intp)
        first, last = at[:, 0], at[:, 1] - 1
        first = (first + np.searchsorted(shifts, first, "right")).tolist()
        last = (last + np.searchsorted(shifts, last, "right")).tolist()
        return [(a, b + 1, index[forms[k]]) for a, b, (_, _, k) in zip(first, last, out)]

    def kernel(self):
        """The array trie of the forms (``analyzer.kernels.trie.ArrayTrie``), or None when they do not suit it
        (a character beyond the BMP): then an Aho-Corasick automaton finds them."""
        return self._trie

    def _finditer_automaton(self, text: str) -> list[tuple[int, int, int]]:
        if self._automaton is None:
            import ahocorasick_rs
            self._automaton = ahocorasick_rs.AhoCorasick(
                self._forms, matchkind=ahocorasick_rs.MatchKind.LeftmostFirst,
                implementation=ahocorasick_rs.Implementation.DFA)
        squeezed, shifts = self.gap.squeeze(text)     # shifts: per removed character, its squeezed position
        if has_surrogate(squeezed):
            # the automaton needs UTF-8: a lone surrogate (a damaged text) becomes a character no form holds,
            # same length, so no match forms across it, as none does in the regex
            filler = next(c for c in "\ufffd\ufffc\U0010fffd" if not any(c in f for f in self._forms))
            squeezed = _SURROGATE.sub(filler, squeezed)
        out = []
        forms, index = self._forms, self.index
        for k, s, e in self._automaton.find_matches_as_indexes(squeezed):
            start = s + bisect_right(shifts, s)
            last = e - 1 + bisect_right(shifts, e - 1)
            out.append((start, last + 1, index[forms[k]]))
        return out
