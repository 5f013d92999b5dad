"""Skip a regular expression over a text that cannot hold a match: the characters every match must contain, read
from the pattern's own syntax tree.

A placeholder pattern such as ``(?<![A-Za-z0-9])[XxＸｘ]{2,}`` starts with a lookbehind, so ``re`` tries it at
every position of the text (~10 ms per pattern over the corpus); but no text without an X can hold a match, and
whether a text holds one of four characters is a few ``str.__contains__`` calls.

``needed(pattern)`` gives sets of characters such that every match of the pattern contains at least one character
of each set; ``may_match(text, sets)`` is False only when some set has no character in ``text``, and then
``pattern.finditer(text)`` finds nothing. Plain equivalent: running the pattern over every text
(``analyzer.analyses.placeholders.find_plain``); compared in ``tests/kernels/test_regex_chars.py``.

Lookarounds and anchors consume nothing and add no set; a part that may match nothing (``?``, ``*``, ``{0,n}``) adds
none; a branch adds the union of one set from each alternative, or none when an alternative has none; a set is kept
only if small (``WIDEST`` characters: a CJK range is no filter). Case-insensitive patterns (``re.I`` anywhere) get
no sets at all: case folding maps characters in ways a set of literals does not show."""
from __future__ import annotations

import re
from typing import Iterable

try:
    from re import _parser as _sre
except ImportError:                     # Python < 3.11
    import sre_parse as _sre            # type: ignore[no-redef]

WIDEST = 32

_c = _sre   # opcodes are module constants of the parser (shared with sre_constants)
_REPEATS = {_c.MAX_REPEAT, _c.MIN_REPEAT, *([_c.POSSESSIVE_REPEAT] if hasattr(_c, "POSSESSIVE_REPEAT") else [])}


def needed(pattern: re.Pattern) -> tuple[frozenset[str], ...]:
    """Sets of characters, each of which every match of ``pattern`` contains one of (possibly no set)."""
    if not isinstance(pattern.pattern, str) or pattern.flags & re.IGNORECASE:
        return ()
    try:
        tree = _sre.parse(pattern.pattern, pattern.flags)
    except Exception:           # a form this parser does not read as re.compile did: no filter
        return ()
    try:
        return tuple(dict.fromkeys(_sequence(list(tree))))
    except _CaseFolds:
        return ()


def may_match(text: str, sets: Iterable[frozenset[str]]) -> bool:
    """Whether ``text`` has a character of every set (False: the pattern the sets came from cannot match)."""
    return all(any(c in text for c in s) for s in sets)


class _CaseFolds(Exception):
    pass


def _sequence(items: list) -> list[frozenset[str]]:
    out: list[frozenset[str]] = []
    for op, av in items:
        out.extend(_item(op, av))
    return out


def _item(op, av) -> list[frozenset[str]]:
    if op is _c.LITERAL:
        return [frozenset(chr(av))]
    if op is _c.IN:
        chars = _charset(av)
        return [chars] if chars is not None else []
    if op is _c.SUBPATTERN:
        _group, add_flags, _del_flags, sub = av
        if add_flags & re.IGNORECASE:
            raise _CaseFolds
        return _sequence(list(sub))
    if getattr(_c, "ATOMIC_GROUP", None) is not None and op is _c.ATOMIC_GROUP:
        return _sequence(list(av))
    if op in _REPEATS:
        low, _high, sub = av
        inner = _sequence(list(sub))
        return inner if low >= 1 else []
    if op is _c.BRANCH:
        _none, alternatives = av
        union: set[str] = set()
        for alt in alternatives:
            sets = _sequence(list(alt))
            if not sets:
                return []
            union |= min(sets, key=len)
        return [frozenset(union)] if len(union) <= WIDEST else []
    if op in (_c.ASSERT, _c.ASSERT_NOT):
        _sequence(list(av[1]))          # only to refuse a case-insensitive group inside
        return []
    if op is _c.GROUPREF_EXISTS:
        _group, yes, no = av
        _sequence(list(yes))
        if no is not None:
            _sequence(list(no))
        return []
    return []           # AT, ANY, NOT_LITERAL, GROUPREF, ...: nothing a set can say


def _charset(items) -> frozenset[str] | None:
    chars: set[str] = set()
    for op, av in items:
        if op is _c.LITERAL:
            chars.add(chr(av))
        elif op is _c.RANGE and av[1] - av[0] < WIDEST:
            chars.update(map(chr, range(av[0], av[1] + 1)))
        else:                           # NEGATE, CATEGORY (\d, \s, \w), a wide RANGE: no small set
            return None
        if len(chars) > WIDEST:
            return None
    return frozenset(chars)
