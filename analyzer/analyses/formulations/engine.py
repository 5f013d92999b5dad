"""Proofreading of official formulations (规范提法): wrong, incomplete, misordered, misspelled or outdated.

Rules are lexicon data (``kind: rules``, ``lexicons/rules/*.yaml``); the engine in ``analyzer/analyses/formulations/`` implements
each rule type once. One Aho-Corasick pass over the normalised text finds every anchor of every rule; each rule
then checks only around its own hits, so the cost grows with the text, not with the number of rules."""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Mapping

from analyzer.lexicon import Lexicon
from analyzer.lexicon.kinds.rules import Rule
from analyzer.model import Document, Finding
from analyzer.options import Options
from analyzer.analyses.formulations.checkers import CHECKERS
from analyzer.analyses.formulations import near_miss, sequence, titles
from analyzer.analyses.formulations.common import Context, RuleHit, normalized
from analyzer.analyses.formulations.confusable import Confusables, NearScan
from analyzer.analyses.formulations.scan import PatternScan


@dataclass(frozen=True)
class Compiled:
    rules: Mapping[str, Rule]
    scan: PatternScan
    near: NearScan
    verbs: tuple[str, ...]
    nouns: frozenset[str]
    noun_heads: tuple[str, ...]
    titles: titles.TitleTable


def _compile(lexicon: Lexicon) -> Compiled:
    rules = dict(lexicon.kind("rules"))
    formulas = {rid: r for rid, r in rules.items() if r.type == "sequence"}
    taken = {p for r in formulas.values() for p, payload in sequence.patterns(r) if payload[0] == "name"}
    items = []
    for rid, rule in rules.items():
        for phrase, payload in CHECKERS[rule.type].patterns(rule):
            if payload[0] == "count" and phrase in taken:
                continue                # another formula's own name (十个坚持 is not a miscount of 十四个坚持)
            items.append((phrase, (rid, payload)))
    targets = []
    for rid, r in formulas.items():
        for i, item in enumerate(r.spec.items):
            targets.append((item, (rid, "nslot", i)))
        for name in (r.spec.name, *r.spec.names):
            targets.append((name, (rid, "nname", name)))
    for rid, r in rules.items():        # a near-miss rule's canonical form: its one-character homophones too
        if r.type == "near-miss" and len(r.spec.canonical) >= near_miss.NEAR_MIN:
            targets.append((r.spec.canonical, (rid, "near", r.spec.canonical)))
    conf = Confusables(g.chars for g in lexicon.kind("confusables").values())
    verbs = {normalized(v) for r in formulas.values() for v in r.spec.verbs}
    nouns = {normalized(n) for r in formulas.values() for n in r.spec.nouns}

    def radius(rid: str, payload) -> int | None:
        rule = rules[rid]
        of = getattr(CHECKERS[rule.type], "radius", None)
        return None if of is None else of(rule, payload)

    return Compiled(rules, PatternScan(items, radius), NearScan(targets, conf),
                    tuple(sorted(verbs, key=len, reverse=True)), frozenset(nouns),
                    tuple(sorted({n[-2:] for n in nouns})), titles.TitleTable.build(lexicon.kind("titles").values()))


def compiled(lexicon: Lexicon) -> Compiled:
    """The lexicon's rules and pattern scans, built once per lexicon."""
    return lexicon.compiled("formulations", _compile)


def check_text(text: str, lexicon: Lexicon, options: Options, norm: str | None = None) -> list[Finding]:
    """All formulation findings for ``text`` at ``options.as_of``, sorted by position."""
    c = compiled(lexicon)
    rules = c.rules
    ctx = Context(text, options.as_of, norm or "", c.verbs, c.nouns, c.noun_heads)
    findings: list[Finding] = []
    by_rule = c.scan.by_rule(text, ctx.norm)
    for (rid, kind, value), near in c.near.find(ctx.norm):
        by_rule.setdefault(rid, []).append(RuleHit(near.start, near.end, (kind, value, near)))
    for rid, hits in by_rule.items():   # rule order is immaterial: see _dedupe
        rule = rules[rid]
        if rule.type != "sequence" and not rule.applies(ctx.as_of):
            continue                    # sequence rules judge their own dates (earlier forms in ``history``)
        findings.extend(CHECKERS[rule.type].check(ctx, rule, hits))
    findings.extend(titles.check(ctx, c.titles))
    if lexicon.relevel:                 # a user pack's ``relevel`` counts before overlapping findings are ranked
        findings = [replace(f, severity=lexicon.relevel[f.rule]) if f.rule in lexicon.relevel else f
                    for f in findings]
    return _dedupe(findings)


def run(doc: Document, lexicon: Lexicon, options: Options) -> list[Finding]:
    return check_text(doc.text, lexicon, options)


def _dedupe(findings: list[Finding]) -> list[Finding]:
    """One finding per span: when two rules flag overlapping text, keep the more severe, then the longer (a finding
    inside a kept one of another rule is the same error seen twice: 杜会 inside 习近平…杜会主义思想). Findings
    of two rules never tie in the sort key, so the order the rules were checked in does not matter."""
    rank = {"error": 0, "warning": 1, "info": 2}
    best: list[Finding] = []
    for f in sorted(findings, key=lambda f: (rank[f.severity], -(f.end - f.start), f.start, f.rule)):
        if not any(f.start < g.end and g.start < f.end and f.rule == g.rule for g in best) and \
                not any(g.start <= f.start and f.end <= g.end for g in best):
            best.append(f)
    return sorted(best, key=lambda f: (f.start, f.end, f.rule))
