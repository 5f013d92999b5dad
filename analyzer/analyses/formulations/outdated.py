"""`outdated` rules (substitution with since/until): a form no longer current at the document's as-of date.

A historical reference is not an error: a sentence holding one of the rule's ``history_cues`` (十九大以来,
党的十九大提出, 当时 …) is left alone, and so is an ``exceptions:`` text overlapping the match."""
from __future__ import annotations

from analyzer.lexicon.kinds.rules import OutdatedSpec, Rule
from analyzer.model import Finding
from analyzer.analyses.formulations.common import Context, RuleHit, punct_variants

HISTORY_WINDOW = 30     # a history cue counts this near the old form (a long sentence mixes past and present)


def patterns(rule: Rule):
    spec: OutdatedSpec = rule.spec
    for i, (marked, _) in enumerate(spec.swap):
        for v in punct_variants(marked.text):
            yield v, ("old", i)


def check(ctx: Context, rule: Rule, hits: list[RuleHit]) -> list[Finding]:
    if not rule.applies(ctx.as_of):
        return []
    spec: OutdatedSpec = rule.spec
    out = []
    for h in hits:
        marked, current = spec.swap[h.payload[1]]
        s, e = h.start + marked.start, h.start + marked.end
        if spec.history_cues and ctx.near_has(h.start, h.end, spec.history_cues, HISTORY_WINDOW):
            continue
        if not ctx.excepted(rule, s, e):
            out.append(ctx.finding(rule, s, e, [current]))
    return out
