"""The one pass that finds every anchor of every rule: all occurrences of all patterns, overlapping ones included.

``PatternScan.by_rule`` gives, for each rule with a hit, its ``RuleHit`` list in the order
``PhraseMatcher.iter_all`` yields the hits (by end, then longest first), lone hits left out. A text of
``ARRAY_FROM`` characters or more is scanned by ``analyzer.kernels.trie`` (a trie walked by array lookups at every
position at once) when the patterns suit it; ``by_rule_plain`` (the automaton) is the plain equivalent, and
``tests/kernels/test_trie.py`` checks that both give the same hits."""
from __future__ import annotations

from functools import partial
from typing import Any, Callable, Iterable

from analyzer.text.matcher import PhraseMatcher
from analyzer.text.normalize import normalize
from analyzer.analyses.formulations.common import RuleHit

ARRAY_FROM = 1024      # below this many characters the array set-up costs more than the automaton
_new_hit = partial(tuple.__new__, RuleHit)      # RuleHit from a (start, end, payload) tuple, without Python code
_FAR = 1 << 62          # the distance to no neighbour


class PatternScan:
    """Compile once per Lexicon (via ``Lexicon.compiled``), scan many texts. ``items`` are
    ``(phrase, (rule id, payload))``, as for a PhraseMatcher. ``radius(rule id, payload)``, when given, says how
    near another hit of the same rule must be for a hit to matter (None: it always does); lone hits are left out
    (see ``lone``)."""

    def __init__(self, items: Iterable[tuple[str, tuple[str, Any]]],
                 radius: Callable[[str, Any], int | None] | None = None):
        self._items = list(items)
        self._radius = radius
        table: dict[str, list] = {}
        for phrase, payload in self._items:        # grouped as PhraseMatcher groups them: same payload tuples
            key = normalize(phrase)
            if key:
                table.setdefault(key, []).append(payload)
        self._table = {k: tuple(v) for k, v in table.items()}
        self.size = len(table)
        self._matcher: PhraseMatcher | None = None
        self._trie: Any = None          # the array trie, built on first use; False when the patterns do not suit

    def by_rule(self, text: str, norm: str) -> dict[str, list[RuleHit]]:
        """Each rule's hits in ``norm`` (``text`` normalised), in the automaton's order, lone hits left out; the
        rules themselves come in no meaningful order, and a rule left with no hit is not listed."""
        if not self.size:
            return {}
        if len(norm) >= ARRAY_FROM:
            kernel = self.kernel()
            if kernel is not None:
                return kernel.by_rule(norm, _new_hit)
        return self.by_rule_plain(text, norm)

    def kernel(self):
        """The ``analyzer.kernels.trie.ArrayTrie`` of these patterns (built on first use), or None when they do not
        suit it."""
        if self._trie is None:
            from analyzer.kernels import trie
            self._trie = trie.build(self._table, self._radius) or False
        return self._trie or None

    def by_rule_plain(self, text: str, norm: str) -> dict[str, list[RuleHit]]:
        """``by_rule`` by the Aho-Corasick automaton, whatever the text's length."""
        if not self.size:
            return {}
        if self._matcher is None:
            # only texts shorter than ARRAY_FROM come here: a few per batch, so the automaton cheapest to build
            # (the DFAs of the three scans cost 0.45 % of the instructions of a corpus check more than these)
            self._matcher = PhraseMatcher(self._items, dfa=False)
        per_rule: dict[str, list[RuleHit]] = {}
        for hit in self._matcher.iter_all(text, norm):
            for rid, payload in hit.payloads:
                per_rule.setdefault(rid, []).append(RuleHit(hit.start, hit.end, payload))
        if self._radius is None:
            return per_rule
        kept = {rid: [h for h, lone in zip(hits, self.lone(rid, hits)) if not lone] for rid, hits in per_rule.items()}
        return {rid: hits for rid, hits in kept.items() if hits}

    def lone(self, rid: str, hits: list[RuleHit]) -> list[bool]:
        """For each of a rule's hits, whether it is lone: farther than its radius from every other hit of the rule
        (the gap between two spans; overlapping ones are at a distance <= 0). A rule type that gives a radius
        promises that leaving out all its lone hits at once changes none of its findings."""
        radii = [self._radius(rid, h.payload) for h in hits]
        if all(r is None for r in radii):
            return [False] * len(hits)
        nearest = [_FAR] * len(hits)
        furthest_end = None                         # among the hits before, in order of start
        order = sorted(range(len(hits)), key=lambda i: hits[i].start)
        for a, b in zip(order, order[1:]):          # the next start is the nearest on the right
            nearest[a] = hits[b].start - hits[a].end
        for i in order:                             # the furthest end so far is the nearest on the left
            if furthest_end is not None:
                nearest[i] = min(nearest[i], hits[i].start - furthest_end)
            furthest_end = hits[i].end if furthest_end is None else max(furthest_end, hits[i].end)
        return [r is not None and d > r for d, r in zip(nearest, radii)]
