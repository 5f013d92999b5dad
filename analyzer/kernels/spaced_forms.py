"""An alternation of literal forms, each allowed gaps (quotes, spaces) between its characters, matched by one
Aho-Corasick automaton instead of a backtracking regex.

Plain equivalent: ``re.compile("|".join(f"({gapped(f)})" for f in forms)).finditer(text)``, where ``gapped`` lets
any run of ``gap`` characters stand between two characters of a form (``analyzer.ingest.dates``: the year
phrases and events of ``lexicons/dating.yaml``, "十四五" or “十四五”; ``dates.named_matches_plain``). That regex
is tried at every position where a form can start (~70 forms, 10,000 characters of pattern: ~60 ms to compile and
~60 ms over the corpus); the automaton does the same in a few milliseconds.

Why it is the same: a match of the regex starts on a form's first character, so with the gap characters removed
from the text (``squeeze``) it is an occurrence of the form; and every occurrence in the squeezed text is a match
in the text, since only gap characters stood between its characters. The regex takes, at the leftmost position
where any alternative matches, the first alternative in order, then goes on after the match: that is the
automaton's leftmost-first match kind with the forms in the same order. Positions map back through the removed
characters (a match ends on its last form character, never on a gap after it).

Compared in ``tests/kernels/test_spaced_forms.py``."""
from __future__ import annotations

import re
from bisect import bisect_right

import ahocorasick_rs

from analyzer.kernels.codepoints import CharSet
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
        self._automaton = ahocorasick_rs.AhoCorasick(self._forms, matchkind=ahocorasick_rs.MatchKind.LeftmostFirst,
                                                     implementation=ahocorasick_rs.Implementation.DFA)

    def finditer(self, text: str) -> list[tuple[int, int, int]]:
        """(start, end, form number) of every match, as the alternation's ``finditer`` gives them."""
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
