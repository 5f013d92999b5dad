"""Proofreading of official formulations (规范提法): wrong, incomplete, misordered, misspelled or outdated.

Rules are lexicon data (``kind: rules``, ``lexicons/rules/*.yaml``); the engine in ``analyzer/analyses/formulations/`` implements
each rule type once. One Aho-Corasick pass over the normalised text finds every anchor of every rule; each rule
then checks only around its own hits, so the cost grows with the text, not with the number of rules."""
from __future__ import annotations

from dataclasses import replace
from typing import Mapping

from analyzer.lexicon import Lexicon
from analyzer.lexicon.kinds.rules import Rule
from analyzer.model import Document, Finding
from analyzer.options import Options
from analyzer.analyses.formulations.checkers import CHECKERS
from analyzer.analyses.formulations.common import Context
from analyzer.analyses.formulations.scan import PatternScan


def _compile(lexicon: Lexicon) -> tuple[Mapping[str, Rule], PatternScan]:
    rules = dict(lexicon.kind("rules"))
    items = []
    for rid, rule in rules.items():
        for phrase, payload in CHECKERS[rule.type].patterns(rule):
            items.append((phrase, (rid, payload)))

    def radius(rid: str, payload) -> int | None:
        rule = rules[rid]
        of = getattr(CHECKERS[rule.type], "radius", None)
        return None if of is None else of(rule, payload)

    return rules, PatternScan(items, radius)


def check_text(text: str, lexicon: Lexicon, options: Options, normalized: str | None = None) -> list[Finding]:
    """All formulation findings for ``text`` at ``options.as_of``, sorted by position."""
    rules, scan = lexicon.compiled("formulations", _compile)
    ctx = Context(text, options.as_of, normalized or "")
    findings: list[Finding] = []
    for rid, hits in scan.by_rule(text, ctx.norm).items():   # rule order is immaterial: see _dedupe
        rule = rules[rid]
        if rule.type != "sequence" and not rule.applies(ctx.as_of):
            continue                    # sequence rules judge their own dates (earlier forms in ``history``)
        findings.extend(CHECKERS[rule.type].check(ctx, rule, hits))
    if lexicon.relevel:                 # a user pack's ``relevel`` counts before overlapping findings are ranked
        findings = [replace(f, severity=lexicon.relevel[f.rule]) if f.rule in lexicon.relevel else f
                    for f in findings]
    return _dedupe(findings)


def run(doc: Document, lexicon: Lexicon, options: Options) -> list[Finding]:
    return check_text(doc.text, lexicon, options)


def _dedupe(findings: list[Finding]) -> list[Finding]:
    """One finding per span: when two rules flag overlapping text, keep the more severe, then the longer. Findings
    of two rules never tie in the sort key, so the order the rules were checked in does not matter."""
    rank = {"error": 0, "warning": 1, "info": 2}
    best: list[Finding] = []
    for f in sorted(findings, key=lambda f: (rank[f.severity], -(f.end - f.start), f.start, f.rule)):
        if not any(f.start < g.end and g.start < f.end and f.rule == g.rule for g in best) and \
                not any(f.start == g.start and f.end == g.end for g in best):
            best.append(f)
    return sorted(best, key=lambda f: (f.start, f.end, f.rule))
