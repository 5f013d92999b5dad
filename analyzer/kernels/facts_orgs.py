"""Organisations found from their suffixes: the fast form of ``analyzer.text.facts.ORG_RE.finditer``.

Plain equivalent: ``[(m.start(), m.group()) for m in ORG_RE.finditer(text)]``; ``tests/kernels/test_facts_orgs.py``
compares the two over the samples, the corpus and crafted strings. ``facts.actors`` uses it for texts of
``facts.KERNEL_FROM`` characters or more (a whole document), the plain regex below that (a sentence)."""
from __future__ import annotations

import re
from functools import lru_cache

from analyzer.kernels.hollowness import han_run_starts
from analyzer.kernels.regex_scan import compile_scanning


def org_matches(text: str, org_suffixes: tuple[str, ...], han_run_start: list[int] | None = None) \
        -> list[tuple[int, str]]:
    """The matches of ``re.finditer(r"[\\u4e00-\\u9fff]{2,8}?(?:S1|S2|…)", text)`` (the suffixes in that order) as
    (start, text), found from the suffixes instead of trying 2..8 characters before every position (the plain
    regex costs ~4x: more than the other fact regexes together over a document).

    The leftmost match at or after ``pos``: for the nearest suffix position q whose candidate start
    lo = max(pos, q - 8, start of the CJK run holding q - 1) is at most q - 2, the match is text[lo:q] plus the
    first listed suffix at q (a nearer q would give a nearer start; the lazy quantifier takes the nearest q for
    that start). ``han_run_start[x]`` is where the CJK run containing x begins (x + 1 if x is not CJK)."""
    if han_run_start is None:
        han_run_start = han_run_starts(text)
    out: list[tuple[int, str]] = []
    pos = 0
    for m in _suffix_finder(org_suffixes).finditer(text):
        q = m.start()
        if q - 2 < pos:
            continue
        lo = max(pos, q - 8, han_run_start[q - 1])
        if lo > q - 2:
            continue
        end = q + len(m.group(1))
        out.append((lo, text[lo:end]))
        pos = end
    return out


@lru_cache(maxsize=4)
def _suffix_finder(org_suffixes: tuple[str, ...]) -> re.Pattern:
    """Every position where a suffix starts, with the first listed suffix there (a lookahead: overlapping; the
    match is the suffix's first character, so that ``re`` searches from the suffixes' first characters only,
    ``analyzer.kernels.regex_scan``)."""
    alts = "|".join(org_suffixes)
    first = "".join(dict.fromkeys(s[0] for s in org_suffixes))
    return compile_scanning(rf"(?=[{first}])(?=({alts})).")
