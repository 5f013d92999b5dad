"""The formulation rule engine: one module per rule type, each implemented once (Vale's closed set of checks).

Each module exposes ``patterns(rule) -> [(phrase, payload)]`` (what the single Aho-Corasick pass must find for
the rule) and ``check(ctx, rule, hits) -> [Finding]`` (local checks around those hits), and may expose
``radius(rule, payload) -> int | None``: how near another hit of the rule must be for a hit to matter, so the scan
can leave lone hits out (``scan.PatternScan.lone``). No rule has its own code."""
from __future__ import annotations

from analyzer.analyses.formulations import collocation, near_miss, outdated, pair, sequence

CHECKERS = {
    "sequence": sequence,
    "near-miss": near_miss,
    "outdated": outdated,
    "collocation": collocation,
    "pair": pair,
}
