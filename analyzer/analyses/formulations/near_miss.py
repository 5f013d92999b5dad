"""`near-miss` rules: a long fixed formula written with a wrong, extra or missing character.

Two sources of matches, both anchored by the one Aho-Corasick pass: explicit wrong variants (``wrong:``), and,
with ``fuzzy: true``, any one-character edit of the canonical form found between its own head and tail (the first
and last characters must agree, so a formula that merely continues differently is not a near miss). A wrong variant
may mark the erroneous part with ``[[…]]`` (心怀“[[国之大事]]”): the whole is matched, only the part is flagged,
and ``canonical`` is then the replacement for that part. Punctuation variants (、 for ，) are the same formula; ``exceptions:`` (official variants) are never flagged."""
from __future__ import annotations

from functools import lru_cache

from analyzer.lexicon.kinds.rules import NearMissSpec, Rule
from analyzer.model import Finding
from analyzer.analyses.formulations.common import PHRASE_MEMO, Context, RuleHit, normalized, punct_variants

ANCHOR = 4
NEAR_MIN = 6            # canonical forms this long are also searched for one homophone or near-form character
_FOLD = {",": "、", "，": "、", ";": "、"}
_PUNCT = str.maketrans(_FOLD)


def patterns(rule: Rule):
    spec: NearMissSpec = rule.spec
    for i, w in enumerate(spec.wrong):
        for v in punct_variants(w.text):
            yield v, ("wrong", i)
    if spec.fuzzy:
        for v in punct_variants(spec.canonical):
            yield v, ("exact", None)
        yield spec.canonical[:ANCHOR], ("head", None)
        yield spec.canonical[-ANCHOR:], ("tail", None)


def check(ctx: Context, rule: Rule, hits: list[RuleHit]) -> list[Finding]:
    spec: NearMissSpec = rule.spec
    spans: set[tuple[int, int]] = set()
    exact = [(h.start, h.end) for h in hits if h.payload[0] == "exact"]
    for h in hits:
        kind = h.payload[0]
        if kind == "wrong":
            w = spec.wrong[h.payload[1]]
            spans.add((h.start + w.start, h.start + w.end))
        elif kind == "near":            # one homophone or near-form character (confusable.NearScan)
            spans.add((h.start, h.end))
        elif kind in ("head", "tail"):
            span = _fuzzy(ctx, spec.canonical, h, kind == "head")
            if span and not any(s <= span[0] < e or span[0] <= s < span[1] for s, e in exact):
                spans.add(span)
    out = []
    for s, e in sorted(spans):
        if not ctx.excepted(rule, s, e):
            out.append(ctx.finding(rule, s, e, [spec.canonical]))
    return out


def _fuzzy(ctx: Context, canonical: str, h: RuleHit, head: bool) -> tuple[int, int] | None:
    key = _folded(canonical)
    n = len(key)
    norm = ctx.norm
    for d in (0, 1, -1):
        length = n + d
        s, e = (h.start, h.start + length) if head else (h.end - length, h.end)
        if s < 0 or e > len(norm):
            continue
        if _FOLD.get(norm[s], norm[s]) != key[0] or _FOLD.get(norm[e - 1], norm[e - 1]) != key[-1]:
            continue            # neither the key nor a near miss of it: both begin and end as the key does
        window = norm[s:e].translate(_PUNCT)
        if window == key:
            return None
        if "\n" not in window and one_edit(window, key):
            return s, e
    return None


@lru_cache(maxsize=PHRASE_MEMO)
def _folded(canonical: str) -> str:
    """The canonical form normalised, its list punctuation folded to 、 (once per process, not at every anchor)."""
    return normalized(canonical).translate(_PUNCT)


def one_edit(a: str, b: str) -> bool:
    """True when a and b differ by exactly one substitution, insertion or deletion."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1:]
