"""A pattern that begins with a lookahead on a character class, compiled so that ``re`` skips to the characters of
that class instead of trying the whole pattern at every position.

``re`` scans fast (a tight C loop over the characters) only when a pattern's first *consumed* element is a literal
or a class: then its search tests each character against that set and starts the matcher only where it passes.
A pattern that opens with a lookaround (``(?=[\\d〇一二…])``, ``(?<![“\\"])``) gets no such set, and the matcher
is started at every position of the text: over the corpus that is most of the cost of the fact regexes
(``analyzer.text.facts``: numbers and times over every document) and of the anniversaries of
``analyzer.ingest.dates``.

``compile_scanning(pattern)`` compiles ``pattern`` as ``re.compile`` does and puts the class of its leading
lookahead into the search's information block as the set of possible first characters. Nothing else changes: a
position outside the class fails the lookahead at once, so starting the matcher only inside it finds the same
matches. Plain equivalent: ``re.compile(pattern)``; ``tests/kernels/test_regex_scan.py`` compares the two over
the samples, the corpus and random strings. A pattern of another shape (no leading lookahead on one class, a
match that may be empty, case-insensitive) or a Python whose compiler differs gets ``re.compile`` as it is."""
from __future__ import annotations

import re
from functools import lru_cache

try:
    import _sre
    from re import _compiler, _parser
    from re._constants import (ASSERT, CATEGORY, CATEGORY_DIGIT, IN, INFO, LITERAL, NEGATE, RANGE,
                               SRE_INFO_CHARSET)
    MAXCODE = _compiler.MAXCODE
except ImportError:                     # Python < 3.11: no fast path
    _compiler = None


@lru_cache(maxsize=64)
def compile_scanning(pattern: str, flags: int = 0) -> re.Pattern:
    """``re.compile(pattern, flags)``, searching only from the characters of its leading lookahead's class."""
    fast = None
    if _compiler is not None and not flags & re.IGNORECASE:
        try:
            fast = _with_first_chars(pattern, flags)
        except Exception:               # a compiler this module does not know: the plain pattern
            fast = None
    return fast or re.compile(pattern, flags)


def _with_first_chars(pattern: str, flags: int) -> re.Pattern | None:
    p = _parser.parse(pattern, flags)
    flags = p.state.flags | flags
    if flags & re.IGNORECASE or not p.data:
        return None
    op, av = p.data[0]
    if op is not ASSERT or av[0] != 1 or len(av[1].data) != 1:
        return None                     # not a lookahead (a lookbehind has direction -1)
    first_op, first_av = av[1].data[0]
    if first_op is LITERAL:
        chars = [(LITERAL, first_av)]
    elif first_op is IN:
        chars = [item for op, av in first_av for item in _cheap(op, av)]
    else:
        return None
    lo, hi = p.getwidth()
    if lo == 0:
        return None     # a match may be empty: re's first-character search does not step past an empty match
    code = _compiler._code(p, flags)
    if code[0] != INFO:
        return None
    info = [INFO, 0, SRE_INFO_CHARSET, min(lo, MAXCODE), min(hi, MAXCODE)]
    if chars is None or any(op is NEGATE for op, _ in chars):
        return None
    charset, hascased = _compiler._optimize_charset(chars)
    if hascased:
        return None
    _compiler._compile_charset(charset, flags, info)
    info[1] = len(info) - 1
    code = info + code[1 + code[1]:]
    groupindex = p.state.groupdict
    indexgroup = [None] * p.state.groups
    for k, i in groupindex.items():
        indexgroup[i] = k
    return _sre.compile(pattern, flags, code, p.state.groups - 1, groupindex, tuple(indexgroup))


# Where the characters ``\d`` matches lie (``tests/kernels/test_regex_scan.py`` checks all of Unicode): a superset
# that leaves out what Chinese text is made of (CJK punctuation, ideographs, full-width punctuation) and is small
# enough to be tabled quickly.
DIGIT_RANGES = ((0x30, 0x39), (0x660, 0x1C59), (0xA620, 0xABF9), (0xFF10, 0xFF19), (0x10000, 0x10FFFF))


def _cheap(op, av) -> list:
    """A class item as items ``re`` tests by table: ``\\d`` (a Unicode category, tested by a function call per
    character) as ``DIGIT_RANGES`` (a superset: the matcher decides)."""
    if op is CATEGORY and av is CATEGORY_DIGIT:
        return [(RANGE, r) for r in DIGIT_RANGES]
    return [(op, av)]
