"""Patterns compiled so that ``re`` skips to the characters a match can begin with, instead of trying the whole
pattern at every position.

``re`` scans fast (a tight C loop over the characters) only when a pattern's first element is a literal, a class or
a branch of literals: then its search tests each character against that set and starts the matcher only where it
passes. A pattern that opens with a lookaround (``(?=[\\d〇一二…])``, ``(?<![A-Za-z0-9])[XxＸｘ]{2,}``), a repeat
(``\\d{4}``) or a group gets no such set, and the matcher is started at every position of the text: over the
corpus that was most of the cost of the fact regexes (``analyzer.text.facts``: numbers and times over every
document), of the dates and anniversaries of ``analyzer.ingest.dates`` and of the placeholder patterns.

``compile_scanning(pattern)`` compiles ``pattern`` as ``re.compile`` does and puts the class its matches begin
with (``first_class``: a leading lookahead's class, else the first consuming element's, past lookbehinds and
anchors) into the search's information block as the set of possible first characters. Nothing else changes: a
match at a position whose character is outside that class is impossible, so starting the matcher only inside it
finds the same matches. Plain equivalent: ``re.compile(pattern)``; ``tests/kernels/test_regex_scan.py`` compares
the two over the samples, the corpus and random strings. A pattern whose first characters are not known this
way, a match that may be empty, a case-insensitive pattern, one ``re`` already scans fast, or a Python whose
compiler differs gets ``re.compile`` as it is. The code made is kept between processes (``kernels.regex_cache``)."""
from __future__ import annotations

import re
from functools import lru_cache

from analyzer.kernels import regex_cache

try:
    from re import _compiler, _parser
    from re._constants import (ASSERT, ASSERT_NOT, AT, BRANCH, CATEGORY, CATEGORY_DIGIT, IN, INFO, LITERAL,
                               MAX_REPEAT, MIN_REPEAT, NEGATE, POSSESSIVE_REPEAT, RANGE, SRE_INFO_CHARSET,
                               SRE_INFO_PREFIX, SUBPATTERN)
    _REPEATS = (MAX_REPEAT, MIN_REPEAT, POSSESSIVE_REPEAT)
    MAXCODE = _compiler.MAXCODE
except ImportError:                     # Python < 3.11: no fast path
    _compiler = None


# The form of the code made here, part of its key in the cache folder: 2 since a single first character became a
# literal prefix (code kept by a process before that is not read)
CODE_FORM = 2


@lru_cache(maxsize=64)
def compile_scanning(pattern: str, flags: int = 0) -> re.Pattern:
    """``re.compile(pattern, flags)``, searching only from the characters its matches can begin with."""
    fast = None
    if _compiler is not None and not flags & re.IGNORECASE:
        flags = int(flags)
        fast = regex_cache.cached(("scan", CODE_FORM, pattern, flags), lambda: _first_chars_parts(pattern, flags))
    return fast or re.compile(pattern, flags)


def _first_chars_parts(pattern: str, flags: int) -> tuple | None:
    """``_sre.compile``'s arguments for the scanning pattern (``regex_cache.parts``); None when there is none."""
    try:
        return _with_first_chars(pattern, flags)
    except Exception:                   # a compiler this module does not know: the plain pattern
        return None


def _with_first_chars(pattern: str, flags: int) -> tuple | None:
    p = _parser.parse(pattern, flags)
    flags = p.state.flags | flags
    if flags & re.IGNORECASE:
        return None
    chars = first_class(list(p.data))
    if not chars or any(op is NEGATE for op, _ in chars):
        return None
    lo, hi = p.getwidth()
    if lo == 0:
        return None     # a match may be empty: re's first-character search does not step past an empty match
    code = _compiler._code(p, flags)
    if code[0] != INFO or code[2] & (SRE_INFO_PREFIX | SRE_INFO_CHARSET):
        return None     # re found a literal prefix or a first-character set of its own
    info = [INFO, 0, SRE_INFO_CHARSET, min(lo, MAXCODE), min(hi, MAXCODE)]
    digits = any(op is CATEGORY and av is CATEGORY_DIGIT for op, av in chars)
    others = [(op, av) for op, av in chars if not (op is CATEGORY and av is CATEGORY_DIGIT)]
    charset, hascased = _compiler._optimize_charset(others) if others else ([], False)
    if hascased:
        return None
    if not digits and len(charset) == 1 and charset[0][0] is LITERAL:
        # one first character: a literal prefix of one character that the matcher does not skip (prefix_skip 0,
        # the whole pattern is matched from there), which re finds by comparing characters in a tight loop, ~20x
        # cheaper than testing each against a set (prefix length, skip, the character, its overlap table)
        info = [INFO, 0, SRE_INFO_PREFIX, min(lo, MAXCODE), min(hi, MAXCODE), 1, 0, charset[0][1], 0]
        info[1] = len(info) - 1
        return regex_cache.parts(pattern, flags, info + code[1 + code[1]:], p)
    # \d (a Unicode category, tested by a function call per character) as DIGIT_RANGES, a superset (the matcher
    # decides), added after the table is built: tabling its ranges costs more than the ranges' few comparisons
    _compiler._compile_charset(charset + [(RANGE, r) for r in DIGIT_RANGES] * digits, flags, info)
    info[1] = len(info) - 1
    return regex_cache.parts(pattern, flags, info + code[1 + code[1]:], p)


def first_class(items: list) -> list | None:
    """Class items (``re``'s parsed form) that hold the first character of every match of ``items``, or None.

    A lookahead on one class (``(?=[…])``) gives its class; other lookarounds and anchors consume nothing and are
    passed over; then the first element that consumes gives the class it starts with: a literal, a class, a
    repeat of at least one, a group, or a branch (the union of its alternatives')."""
    for op, av in items:
        if op is ASSERT and av[0] == 1 and len(av[1].data) == 1 and av[1].data[0][0] in (LITERAL, IN):
            return first_class(list(av[1].data))
        if op in (ASSERT, ASSERT_NOT, AT):
            continue
        if op is LITERAL:
            return [(LITERAL, av)]
        if op is IN:
            return list(av)
        if op is SUBPATTERN:
            return first_class(list(av[3].data))
        if op in _REPEATS:
            return first_class(list(av[2].data)) if av[0] >= 1 else None
        if op is BRANCH:
            union = []
            for alt in av[1]:
                first = first_class(list(alt.data))
                if not first:
                    return None
                union += first
            return union
        return None
    return None


# Where the characters ``\d`` matches lie (``tests/kernels/test_regex_scan.py`` checks all of Unicode): a superset
# that leaves out what Chinese text is made of (CJK punctuation, ideographs, full-width punctuation).
DIGIT_RANGES = ((0x30, 0x39), (0x660, 0x1C59), (0xA620, 0xABF9), (0xFF10, 0xFF19), (0x10000, 0x10FFFF))

