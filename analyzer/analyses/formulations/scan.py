"""The one pass that finds every anchor of every rule: all occurrences of all patterns, overlapping ones included.

``PatternScan.by_rule`` gives, for each rule with a hit, its ``RuleHit`` list in the order
``PhraseMatcher.iter_all`` yields the hits (by end, then longest first). Even with the automaton's fast scan, a
Python object per hit and per payload was most of the check's cost. When numpy is already loaded (the hollowness analysis needs it anyway) a long
text is scanned instead as a trie walk run for every position at once: the first ``_LEVELS`` characters by array
lookups (one table for the first two, one for the third), where ~99 % of the positions drop out, the survivors
checked in Python; the hits are then sorted and shared out among the rules by array operations too. Short texts, a
process without numpy, or patterns the tables do not suit use the automaton; ``tests/analyses/formulations/test_engine.py`` checks
that both give the same hits."""
from __future__ import annotations

import sys
from functools import partial
from types import SimpleNamespace
from typing import Any, Callable, Iterable

from analyzer.text.matcher import PhraseMatcher
from analyzer.text.normalize import normalize
from analyzer.analyses.formulations.common import RuleHit

_LEVELS = 3             # trie depths walked by array lookups; at depth 3 ~1 % of corpus positions are left
_ARRAY_FROM = 1024      # below this many characters the array set-up costs more than the automaton
_BMP = 0x10000
_MAX_PAIRS = 1 << 21    # entries of the pair table (8 MB) beyond which the automaton is used instead
_new_hit = partial(tuple.__new__, RuleHit)      # RuleHit from a (start, end, payload) tuple, without Python code
_FAR = 1 << 62          # the distance to no neighbour, and the radius of a hit that always matters


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
        self.size = len(table)
        self._matcher: PhraseMatcher | None = None
        self._build_trie({k: tuple(v) for k, v in table.items()})
        self._arrays: Any = None

    def _build_trie(self, table: dict[str, tuple]) -> None:
        """Nodes numbered breadth first (every prefix of depth d before any of depth d+1), so the nodes the array
        levels step from are the first rows of the transition table."""
        ids: dict[str, int] = {"": 0}
        for d in range(1, max(map(len, table), default=0) + 1):
            for key in table:
                if len(key) >= d and key[:d] not in ids:
                    ids[key[:d]] = len(ids)
        self._kids: list[dict[str, int]] = [{} for _ in ids]     # children by character
        self._out: list[tuple] = [()] * len(ids)                 # the (rule id, payload) pairs a node ends
        self._depth = [0] * len(ids)
        self._prefix = list(ids)                                   # node -> its text
        self._one_char = any(len(key) == 1 for key in table)
        for prefix, i in ids.items():
            if prefix:
                self._kids[ids[prefix[:-1]]][prefix[-1]] = i
                self._depth[i] = len(prefix)
        for key, payloads in table.items():
            self._out[ids[key]] = payloads
        # for each node at depth _LEVELS, the longer patterns it begins: (key, length, node)
        self._below: list[list[tuple[str, int, int]]] = [[] for _ in ids]
        for key in table:
            if len(key) > _LEVELS:
                self._below[ids[key[:_LEVELS]]].append((key, len(key), ids[key]))

    def by_rule(self, text: str, norm: str) -> dict[str, list[RuleHit]]:
        """Each rule's hits in ``norm`` (``text`` normalised), in the automaton's order, lone hits left out; the
        rules themselves come in no meaningful order, and a rule left with no hit is not listed."""
        if not self.size:
            return {}
        if len(norm) >= _ARRAY_FROM and "numpy" in sys.modules and self._tables():
            return self._by_rule_arrays(norm)
        return self._by_rule_automaton(text, norm)

    def _by_rule_automaton(self, text: str, norm: str) -> dict[str, list[RuleHit]]:
        if self._matcher is None:
            self._matcher = PhraseMatcher(self._items)
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

    def _tables(self):
        """The array side of the trie, built on first use, or ``False`` when the patterns do not suit it (a character
        beyond the BMP, or so many first characters that the pair table would be large).

        Character ids: 1..f for the first characters of patterns, then every other pattern character, 0 for the
        rest. ``pairs[a * k + b]`` is the depth-2 node reached by ids (a, b) (index past the end, for an ``a`` that
        starts no pattern, clips to the final 0), ``trans[node * k + c]`` the child of a node above depth 3, and
        ``ends`` says which nodes end a pattern. Then the (rule id, payload) pairs of all nodes as one list of
        entries: a node's are ``entry_count[node]`` entries from ``entry_first[node]``."""
        if self._arrays is None:
            import numpy as np
            first = sorted(self._kids[0])
            chars = first + sorted({c for kids in self._kids for c in kids} - set(first))
            k = len(chars) + 1
            if max(map(ord, chars)) >= _BMP or (len(first) + 1) * k > _MAX_PAIRS:
                self._arrays = False
                return False
            cid = {c: i + 1 for i, c in enumerate(chars)}
            lut = np.zeros(_BMP + 1, dtype=np.intp)     # the last entry: every code beyond the BMP clips to it
            lut[[ord(c) for c in chars]] = np.arange(1, k)
            pairs = np.zeros((len(first) + 1) * k + 1, dtype=np.int32)
            rows = sum(1 for d in self._depth if d < _LEVELS)
            trans = np.zeros(rows * k, dtype=np.int32)
            for node in range(rows):
                for c, kid in self._kids[node].items():
                    trans[node * k + cid[c]] = kid
                    if self._depth[kid] == 2:
                        pairs[cid[self._prefix[node]] * k + cid[c]] = kid
            ends = np.array([bool(o) for o in self._out])
            self._arrays = SimpleNamespace(lut=lut, pairs=pairs, trans=trans, ends=ends, k=k,
                                           **self._entries(np), **self._longer_tables(np))
        return self._arrays

    def _entries(self, np) -> dict:
        rules: dict[str, int] = {}
        first, count, entry_rule, entry_payload, entry_radius = [], [], [], [], []
        for out in self._out:
            first.append(len(entry_payload))
            count.append(len(out))
            for rid, payload in out:
                entry_rule.append(rules.setdefault(rid, len(rules)))
                entry_payload.append(payload)
                radius = self._radius(rid, payload) if self._radius else None
                entry_radius.append(_FAR if radius is None else radius)
        return dict(entry_first=np.array(first, dtype=np.intp), entry_count=np.array(count, dtype=np.intp),
                    entry_rule=np.array(entry_rule, dtype=np.intp), entry_payload=entry_payload, rule_ids=list(rules),
                    entry_radius=np.array(entry_radius, dtype=np.int64),
                    any_radius=any(r < _FAR for r in entry_radius))

    def _longer_tables(self, np) -> dict:
        """``_below`` as arrays: a node's longer patterns are ``below_count[node]`` entries from
        ``below_first[node]``, each with its length, node and text."""
        first, count, length, node, key = [], [], [], [], []
        for below in self._below:
            first.append(len(key))
            count.append(len(below))
            for text, n, i in below:
                length.append(n)
                node.append(i)
                key.append(text)
        return dict(below_first=np.array(first, dtype=np.intp), below_count=np.array(count, dtype=np.intp),
                    below_len=np.array(length, dtype=np.intp), below_node=np.array(node, dtype=np.intp), below_key=key)

    def _by_rule_arrays(self, norm: str) -> dict[str, list[RuleHit]]:
        """The hits of ``_locate`` expanded to one entry per (rule id, payload) of each, in the order of the
        automaton's pass within each rule: sorted by rule, then end, then start (a stable sort: a node's entries
        keep their order)."""
        import numpy as np
        t = self._arrays
        starts, stops, nodes = self._locate(norm, np)
        if not len(nodes):
            return {}
        count = t.entry_count.take(nodes)
        before = count.cumsum() - count                     # entries of the hits before each hit
        entry = np.arange(count.sum()) + np.repeat(t.entry_first.take(nodes) - before, count)
        starts, stops, rule = np.repeat(starts, count), np.repeat(stops, count), t.entry_rule.take(entry)
        if t.any_radius:
            keep = self._not_lone(starts, stops, rule, t.entry_radius.take(entry), np)
            starts, stops, rule, entry = starts[keep], stops[keep], rule[keep], entry[keep]
            if not len(entry):
                return {}
        order = np.lexsort((starts, stops, rule))
        rule = rule.take(order)
        hits = list(map(_new_hit, zip(starts.take(order).tolist(), stops.take(order).tolist(),
                                      map(t.entry_payload.__getitem__, entry.take(order).tolist()))))
        lo = [0, *(np.diff(rule).nonzero()[0] + 1).tolist()]        # where each rule's hits begin
        hi = lo[1:] + [len(hits)]
        return {t.rule_ids[r]: hits[a:b] for r, a, b in zip(rule.take(lo).tolist(), lo, hi)}

    @staticmethod
    def _not_lone(starts, stops, rule, radius, np):
        """``lone`` for every entry at once: in order of rule, then start, the nearest hit on the right is the next
        one of the same rule, and on the left the one reaching furthest among the earlier ones (a running maximum
        of ``rule * span + end``, which never reaches back into the previous rule's entries)."""
        order = np.lexsort((starts, rule))
        s, e, r = starts.take(order), stops.take(order), rule.take(order)
        same = r[1:] == r[:-1]
        nearest = np.full(len(s), _FAR, dtype=np.int64)
        nearest[:-1] = np.where(same, s[1:] - e[:-1], _FAR)
        span = int(e.max()) + 1
        reach = np.maximum.accumulate(r * span + e)[:-1] - r[1:] * span    # furthest end before, if same rule
        nearest[1:] = np.minimum(nearest[1:], np.where(reach >= 0, s[1:] - reach, _FAR))
        keep = np.empty(len(s), dtype=bool)
        keep[order] = nearest <= radius.take(order)
        return keep

    def _locate(self, norm: str, np):
        """(starts, ends, nodes) of every occurrence, in no order."""
        t = self._arrays
        n, k = len(norm), t.k
        cids = np.empty(n + 1, dtype=np.intp)
        cids[n] = 0                                 # padding: a pair read past the end meets id 0
        t.lut.take(_code_points(norm, np), out=cids[:n], mode="clip")
        pair = cids[:n] * k
        pair += cids[1:]
        node = t.pairs.take(pair, mode="clip")      # the depth-2 node starting at each position, or 0
        pos = (node != 0).nonzero()[0]              # (a boolean mask is the cheaper one to search)
        two = node.take(pos)
        three = t.trans.take(two * k + cids.take(pos + 2))     # depth-3 node, or 0 (pos + 2 <= n: padding)
        found = [(pos, two, 2), (pos, three, 3)]
        if self._one_char:                          # patterns of one character (none in the built-in lexicon)
            found.append((np.arange(n), t.trans.take(cids[:n]), 1))    # row 0: the root's children
        found = [(p[end], p[end] + d, v[end]) for p, v, d in found for end in [t.ends.take(v)]]
        found.append(self._longer(norm, pos, three, np))
        starts, stops, nodes = (np.concatenate(column) for column in zip(*found))
        return starts, stops, nodes

    def _longer(self, norm: str, pos, state, np) -> tuple:
        """The patterns longer than ``_LEVELS`` begun at ``pos`` (their depth-3 nodes ``state``, 0 for none): each
        (position, pattern it may begin) pair checked whole by ``startswith``, called by ``map``, not a loop."""
        t = self._arrays
        count = t.below_count.take(state)           # 0 for the root: a position that did not reach depth 3
        before = count.cumsum() - count
        total = len(count) and int(before[-1] + count[-1])
        cand = np.arange(total) + np.repeat(t.below_first.take(state) - before, count)
        pos = np.repeat(pos, count)
        ok = np.fromiter(map(norm.startswith, map(t.below_key.__getitem__, cand.tolist()), pos.tolist()),
                         dtype=bool, count=total)
        pos, cand = pos[ok], cand[ok]
        return pos, pos + t.below_len.take(cand), t.below_node.take(cand)


def _code_points(norm: str, np):
    """The code point of every character of ``norm`` as an array. numpy holds a str as UCS-4, one code per
    character (its conversion copies the string's buffer; encoding to UTF-32 costs three times as much)."""
    points = np.array(norm).reshape(1).view(np.uint32)
    if len(points) != len(norm):        # never seen; kept so a numpy that stored str otherwise stays correct
        points = np.frombuffer(norm.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    return points
