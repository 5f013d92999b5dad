"""Organisations found from their suffixes: the fast form of ``analyzer.text.facts.ORG_RE.finditer``.

Plain equivalent: ``[(m.start(), m.group()) for m in ORG_RE.finditer(text)]``; ``tests/kernels/test_facts_orgs.py``
compares the two over the samples, the corpus and crafted strings. ``facts.actors`` uses it for texts of
``facts.KERNEL_FROM`` characters or more (a whole document), the plain regex below that (a sentence)."""
from __future__ import annotations

from functools import lru_cache

from analyzer.kernels.regex_anchors import AnchoredPattern
from analyzer.kernels.regex_scan import compile_scanning


def org_matches(text: str, org_suffixes: tuple[str, ...]) -> list[tuple[int, str]]:
    """The matches of ``re.finditer(r"[\\u4e00-\\u9fff]{2,8}?(?:S1|S2|…)", text)`` (the suffixes in that order) as
    (start, text), found from the suffixes instead of trying 2..8 characters before every position (the plain
    regex costs ~4x: more than the other fact regexes together over a document).

    The leftmost match at or after ``pos``: for the nearest suffix position q whose candidate start
    lo = max(pos, q - 8, start of the CJK run holding q - 1) is at most q - 2, the match is text[lo:q] plus the
    first listed suffix at q (a nearer q would give a nearer start; the lazy quantifier takes the nearest q for
    that start). The run's start is looked for by stepping back from q - 1, at most to max(pos, q - 8): a corpus
    has ~5,000 suffix positions in ~650,000 characters, so this beats listing every position's run start."""
    out: list[tuple[int, str]] = []
    pos = 0
    for m in _suffix_finder(org_suffixes).finditer(text):
        q = m.start()
        if q - 2 < pos:
            continue
        bound = max(pos, q - 8)
        lo = q
        while lo > bound and "\u4e00" <= text[lo - 1] <= "\u9fff":
            lo -= 1
        if lo > q - 2:
            continue
        end = q + len(m.group(1))
        out.append((lo, text[lo:end]))
        pos = end
    return out


@lru_cache(maxsize=4)
def _suffix_finder(org_suffixes: tuple[str, ...]) -> AnchoredPattern:
    """Every position where a suffix starts, with the first listed suffix there (a lookahead: overlapping; the
    match is the suffix's first character). Tried only where a suffix's first character stands: found in one array
    pass over the text (``analyzer.kernels.regex_anchors``; ``re``'s own search from a first-character set,
    ``analyzer.kernels.regex_scan``, tests every character against the set, ~40 % more over the corpus)."""
    alts = "|".join(org_suffixes)
    first = "".join(dict.fromkeys(s[0] for s in org_suffixes))
    return AnchoredPattern(compile_scanning(rf"(?=[{first}])(?=({alts}))."))
