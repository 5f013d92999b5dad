"""`pair` rules: fixed two-part formulas whose halves must not be crossed or swapped (低级红、高级黑, not
高级红、低级黑). Each half is (modifier, head); the engine looks for two halves side by side (separated by 、 and
quotes) and flags any combination other than first-then-second."""
from __future__ import annotations

from analyzer.lexicon.kinds.rules import PairSpec, Rule
from analyzer.model import Finding
from analyzer.analyses.formulations.common import Context, RuleHit, is_separator, leftmost_longest


def patterns(rule: Rule):
    spec: PairSpec = rule.spec
    (m1, h1), (m2, h2) = spec.first, spec.second
    yield m1 + h1, ("half", "A")
    yield m2 + h2, ("half", "B")
    yield m2 + h1, ("half", "crossed")
    yield m1 + h2, ("half", "crossed")


def check(ctx: Context, rule: Rule, hits: list[RuleHit]) -> list[Finding]:
    spec: PairSpec = rule.spec
    halves = leftmost_longest(hits)
    out = []
    right_a, right_b = "".join(spec.first), "".join(spec.second)
    for x, y in zip(halves, halves[1:]):
        gap = ctx.text[x.end:y.start]
        if not is_separator(ctx.norm[x.end:y.start]):
            continue
        kinds = (x.payload[1], y.payload[1])
        if kinds == ("A", "B") or (kinds == ("B", "A") and not spec.ordered):
            continue
        if ctx.text[x.start:x.end] == ctx.text[y.start:y.end]:
            continue
        if not ctx.excepted(rule, x.start, y.end):
            out.append(ctx.finding(rule, x.start, y.end, [right_a + gap + right_b]))
    return out
