"""`collocation` rules: the verb that governs a formula (增强“四个意识”, 坚定“四个自信”, 做到“两个维护”).

Only a wrong verb *directly* before the formula (quotes and spaces between allowed) is flagged: 坚定不移做到
“两个维护” has 做到 next to the formula and is fine."""
from __future__ import annotations

from analyzer.lexicon.kinds.rules import CollocationSpec, Rule
from analyzer.model import Finding
from analyzer.analyses.formulations.common import Context, RuleHit, normalized

_OPENERS = "\"' 《"


def patterns(rule: Rule):
    yield rule.spec.object, ("object", None)


def check(ctx: Context, rule: Rule, hits: list[RuleHit]) -> list[Finding]:
    spec: CollocationSpec = rule.spec
    out = []
    for h in hits:
        j = h.start
        while j > 0 and ctx.norm[j - 1] in _OPENERS and h.start - j < 2:
            j -= 1
        for verb in spec.wrong_verbs:
            key = normalized(verb)
            if ctx.norm.startswith(key, j - len(key)) and j >= len(key):
                s = j - len(key)
                if not ctx.excepted(rule, s, h.end):
                    out.append(ctx.finding(rule, s, j, [spec.suggest], object=spec.object))
                break
    return out
