"""A regex's matches in a long text, tried only at the starts that can lead to one: the fast form of
``pattern.finditer(text, start, end)``.

Plain equivalent: that ``finditer`` (over whole documents: ``TIME_RE`` and ``NUMBER_RE`` of ``analyzer.text.facts``,
the full dates of ``analyzer.ingest.dates``). Even searched from its first characters (``analyzer.kernels.regex_scan``),
a pattern whose first characters are common (一二三…十 上 下 本 年 月 第 每) starts its matcher at a good part of all
positions, and nearly every attempt fails; the search also tests every character against the first-character set,
one at a time. Here, from the pattern's parsed form:

- ``first``: the characters a match can begin with (``regex_scan``'s first class);
- ``anchors``: characters of which every match holds at least one (年 月 季 截 内 限 每 for TIME_RE), found in the
  pattern's structure: a literal or a small class that a sequence cannot do without, the union over a branch's
  alternatives; among a sequence's required elements the smallest set is taken, then the one whose characters the
  pattern uses most often (上半年 gives 年, shared with the other alternatives, not 上);
- ``inside``: the characters a match can hold at all (every consuming element's class, \\d as a superset), and the
  longest a match can be.

All three are found for every character of the text at once (a lookup table indexed by code point), and a start
``s`` is tried only if its character is in ``first`` and the next anchor at or after ``s`` is near enough to belong
to a match from ``s`` (before the first character outside ``inside``, and within the longest match). Any other
start has no match, so trying the kept starts in order with ``pattern.match(text, s, end)`` and going on from the
end of each match is what ``finditer`` does: the matcher is the same, a lookbehind sees the text before ``s`` as it
does there, and ``end`` bounds the text as ``finditer``'s ``endpos``. Only the matches' ``pos`` differ (``s``).

A pattern that may match the empty string, that ignores case (or has ASCII or LOCALE classes), or whose first
characters are not known is searched by ``finditer`` as it is, and so is a text shorter than ``ARRAY_FROM`` (the
arrays' fixed cost) or one where too many starts remain. ``tests/kernels/test_regex_anchors.py`` compares the
two."""
from __future__ import annotations

import re
from collections import Counter
from functools import cached_property
from typing import Iterator

from analyzer.kernels.regex_scan import DIGIT_RANGES, first_class

try:
    from re import _parser
    from re._constants import (ANY, ASSERT, ASSERT_NOT, AT, ATOMIC_GROUP, BRANCH, CATEGORY, CATEGORY_DIGIT,
                               CATEGORY_SPACE, IN, LITERAL, MAX_REPEAT, MAXREPEAT, MIN_REPEAT, NEGATE, NOT_LITERAL,
                               POSSESSIVE_REPEAT, RANGE, SUBPATTERN)
    _REPEATS = (MAX_REPEAT, MIN_REPEAT, POSSESSIVE_REPEAT)
except ImportError:             # a Python whose regex internals differ: plain finditer
    _parser = None

ARRAY_FROM = 2000               # characters from which the arrays pay
_UNICODE = 0x110000
_ALL = ((0, _UNICODE - 1),)
_FIRST, _ANCHOR, _INSIDE = 1, 2, 4
_SMALL = 64                     # a class of at most this many characters can serve as anchors
_SPARSE = 1000                  # at most this many CJK ideographs known to a pattern: starts found among few positions
# Every character ``\s`` matches in a str pattern (str.isspace; ``tests/kernels/test_regex_anchors.py`` checks all of
# Unicode): written out, as listing them takes ~5 M instructions for each \s of a pattern
SPACE_RANGES = ((0x09, 0x0D), (0x1C, 0x20), (0x85, 0x85), (0xA0, 0xA0), (0x1680, 0x1680), (0x2000, 0x200A),
                (0x2028, 0x2029), (0x202F, 0x202F), (0x205F, 0x205F), (0x3000, 0x3000))
SPACES = "".join(chr(c) for a, b in SPACE_RANGES for c in range(a, b + 1))   # the same, as characters in order


class AnchoredPattern:
    """``pattern.finditer`` over long texts, trying only the starts that can lead to a match. What it needs of
    the pattern is worked out at its first long text."""

    def __init__(self, pattern: re.Pattern):
        self.pattern = pattern

    @cached_property
    def _table(self):
        """(lookup table of _FIRST/_ANCHOR/_INSIDE bits by code point, longest match, anchors, whether the
        characters it knows are few), or None."""
        if _parser is None or self.pattern.flags & (re.IGNORECASE | re.ASCII | re.LOCALE):
            return None
        try:
            return self._derive()
        except Exception:       # a parsed form this module does not know: plain finditer
            return None

    def _derive(self):
        import numpy as np
        p = _parser.parse(self.pattern.pattern, self.pattern.flags)
        lo, hi = p.getwidth()
        first = first_class(list(p.data))
        if lo == 0 or not first:
            return None
        lut = np.zeros(_UNICODE, dtype=np.uint8)
        for a, b in _class_ranges(first):
            lut[a:b + 1] |= _FIRST
        counts = Counter()
        _count_literals(list(p.data), counts)
        anchors = _required(list(p.data), counts) or frozenset()
        lut[[ord(c) for c in anchors]] |= _ANCHOR
        for a, b in _merged(_consumed(list(p.data), bool(self.pattern.flags & re.DOTALL))):
            lut[a:b + 1] |= _INSIDE
        # few characters a match can hold (not the CJK ideographs at large): the starts are found among the
        # positions of those characters only (``starts``)
        sparse = int(np.count_nonzero(lut[0x4E00:0xA000])) <= _SPARSE
        return lut, hi, anchors, sparse

    @property
    def anchors(self) -> frozenset[str]:
        """The characters of which every match holds one (empty: none known)."""
        return self._table[2] if self._table else frozenset()

    def finditer(self, text: str, start: int = 0, end: int | None = None) -> Iterator[re.Match]:
        """The matches ``self.pattern.finditer(text, start, end)`` gives, in order."""
        n = len(text)
        end = n if end is None else max(0, min(end, n))
        start = max(0, min(start, n))
        if end - start < ARRAY_FROM:
            return self.pattern.finditer(text, start, end)
        starts = self.starts(text, start, end)
        if starts is None:
            return self.pattern.finditer(text, start, end)
        return self._matches(text, starts, start, end)

    def starts(self, text: str, start: int, end: int) -> list[int] | None:
        """The positions of ``text[start:end]`` where a match may begin (offsets into ``text``), or None where
        they are not known or too many are left for trying them one by one to pay."""
        if self._table is None:
            return None
        import numpy as np
        from analyzer.kernels.codepoints import code_points
        lut, longest, anchors, sparse = self._table
        flags = lut.take(code_points(text[start:end]))
        if not anchors:
            cand = ((flags & _FIRST) > 0).nonzero()[0]
        elif sparse:
            # Every test on the positions whose character the pattern knows at all (a first character, an anchor
            # or one a match can hold): a few percent of ordinary text, so one search of the flags finds them all.
            some = (flags > 0).nonzero()[0]     # searched as a boolean mask: ~7x faster than the uint8 flags
            kind = flags.take(some)
            first = ((kind & _FIRST) > 0).nonzero()[0]                  # indices into ``some``
            at = ((kind & _ANCHOR) > 0).nonzero()[0]
            if not len(at):
                first = at
            nxt = at.take(np.searchsorted(at, first), mode="clip")     # the first anchor at or after, if any
            cand, anchor = some.take(first), some.take(nxt)
            ok = anchor >= cand
            if longest < MAXREPEAT:
                ok &= anchor - cand < longest
            # every position from the start to that anchor holds a character a match can hold: the positions
            # between them are all among ``some`` (as many indices apart as positions), none of them outside
            ok &= anchor - cand == nxt - first
            outside = np.cumsum(kind < _INSIDE, dtype=np.int32)
            ok &= outside.take(nxt) - outside.take(first) + (kind.take(first) < _INSIDE) == 0
            cand = cand[ok]
        else:                   # first characters and anchors are few: one pass finds both
            some = ((flags & (_FIRST | _ANCHOR)) > 0).nonzero()[0]
            kind = flags[some]
            cand, at = some[(kind & _FIRST) > 0], some[(kind & _ANCHOR) > 0]
            n = len(flags)
            nxt = np.append(at, n)[np.searchsorted(at, cand)]           # the first anchor at or after
            ok = nxt < n
            if longest < MAXREPEAT:
                ok &= nxt - cand < longest
            # no character outside the match's characters from the start to that anchor
            outside = np.cumsum(flags < _INSIDE, dtype=np.int32)        # up to and including each position
            near = np.minimum(nxt, n - 1)
            ok &= outside[near] - outside[cand] + (flags[cand] < _INSIDE) == 0
            cand = cand[ok]
        if len(cand) * 8 > len(flags):
            return None
        return (cand + start).tolist()

    def _matches(self, text: str, starts: list[int], start: int, end: int) -> Iterator[re.Match]:
        match = self.pattern.match
        pos = start
        for s in starts:
            if s < pos:
                continue
            m = match(text, s, end)
            if m is not None:
                yield m
                pos = m.end()


def _class_ranges(items: list) -> list[tuple[int, int]]:
    """Code point ranges holding (a superset of) the class ``items`` (re's parsed form)."""
    ranges, negate = [], False
    for op, av in items:
        if op is NEGATE:
            negate = True
        elif op is LITERAL:
            ranges.append((av, av))
        elif op is RANGE:
            ranges.append(av)
        elif op is CATEGORY and av is CATEGORY_DIGIT and not negate:
            ranges += DIGIT_RANGES                  # a superset
        elif op is CATEGORY and av is CATEGORY_SPACE:
            ranges += SPACE_RANGES                  # exact
        else:           # another category, or the complement of a superset: any character
            return list(_ALL)
    return _complement(_merged(ranges)) if negate else ranges


def _merged(ranges: list) -> list[tuple[int, int]]:
    out: list[list[int]] = []
    for a, b in sorted(ranges):
        if out and a <= out[-1][1] + 1:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


def _complement(ranges: list) -> list[tuple[int, int]]:
    out, nxt = [], 0
    for a, b in ranges:
        if a > nxt:
            out.append((nxt, a - 1))
        nxt = b + 1
    if nxt < _UNICODE:
        out.append((nxt, _UNICODE - 1))
    return out


def _count_literals(items: list, counts: Counter) -> None:
    """How often the pattern names each character as a literal (its consuming parts)."""
    for op, av in items:
        if op is LITERAL:
            counts[chr(av)] += 1
        elif op is SUBPATTERN:
            _count_literals(list(av[3].data), counts)
        elif op in _REPEATS:
            _count_literals(list(av[2].data), counts)
        elif op is ATOMIC_GROUP:
            _count_literals(list(av.data), counts)
        elif op is BRANCH:
            for alt in av[1]:
                _count_literals(list(alt.data), counts)


def _required(items: list, counts: Counter) -> frozenset[str] | None:
    """Characters of which every match of the sequence ``items`` holds one, or None: the best of what its
    elements require (smallest, then most used by the pattern, then first)."""
    options = [o for o in (_element(op, av, counts) for op, av in items) if o]
    if not options:
        return None
    return min(options, key=lambda o: (len(o), -max(counts[c] for c in o)))


def _element(op, av, counts: Counter) -> frozenset[str] | None:
    if op is LITERAL:
        return frozenset(chr(av))
    if op is IN:
        chars = set()
        for iop, iav in av:
            if iop is LITERAL:
                chars.add(chr(iav))
            elif iop is RANGE and iav[1] - iav[0] < _SMALL:
                chars.update(map(chr, range(iav[0], iav[1] + 1)))
            else:
                return None
        return frozenset(chars) if len(chars) <= _SMALL else None
    if op is SUBPATTERN:
        return _required(list(av[3].data), counts)
    if op in _REPEATS:
        return _required(list(av[2].data), counts) if av[0] >= 1 else None
    if op is ATOMIC_GROUP:
        return _required(list(av.data), counts)
    if op is BRANCH:
        union = set()
        for alt in av[1]:
            req = _required(list(alt.data), counts)
            if not req:
                return None
            union |= req
        return frozenset(union)
    return None         # lookarounds and anchors consume nothing; anything else: unknown


def _consumed(items: list, dotall: bool) -> list[tuple[int, int]]:
    """Code point ranges of every character the sequence ``items`` can consume (a superset)."""
    out: list = []
    for op, av in items:
        if op in (ASSERT, ASSERT_NOT, AT):
            continue
        if op is LITERAL:
            out.append((av, av))
        elif op is NOT_LITERAL:
            out += _complement([(av, av)])
        elif op is IN:
            out += _class_ranges(list(av))
        elif op is ANY:
            out += _ALL if dotall else _complement([(10, 10)])
        elif op is SUBPATTERN:
            out += _consumed(list(av[3].data), dotall)
        elif op in _REPEATS:
            out += _consumed(list(av[2].data), dotall)
        elif op is ATOMIC_GROUP:
            out += _consumed(list(av.data), dotall)
        elif op is BRANCH:
            for alt in av[1]:
                out += _consumed(list(alt.data), dotall)
        else:           # a back reference, a conditional group: any character
            return list(_ALL)
    return out
