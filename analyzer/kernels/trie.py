"""Every occurrence of a set of patterns in a text, found at all positions at once: a trie walked by array lookups.

Plain equivalent: ``analyzer.analyses.formulations.scan.PatternScan.by_rule_plain`` (the Aho-Corasick pass of
``analyzer.text.matcher.PhraseMatcher``, each hit shared out to its rules, lone hits left out by
``PatternScan.lone``); ``tests/kernels/test_trie.py`` compares the two through ``PatternScan``'s public methods.

Even with the automaton's fast scan, a Python object per hit and per payload was most of a check's cost. Here the
first ``LEVELS`` characters of the trie are walked by array lookups for every position at once (one table for the
first two characters, one for the third), where ~99 % of the positions drop out; the survivors that a longer
pattern may begin are checked whole by comparing character ids (``_longer``); the hits are sorted and shared out
among the rules by array operations too."""
from __future__ import annotations

from types import SimpleNamespace
from typing import Any, Callable, Mapping

import numpy as np

from analyzer.kernels.codepoints import code_points, table_points

LEVELS = 3              # trie depths walked by array lookups; at depth 3 ~1 % of corpus positions are left
_BMP = 0x10000
_MAX_PAIRS = 1 << 21    # entries of the pair table (8 MB) beyond which the patterns do not suit the arrays
FAR = 1 << 62           # the distance to no neighbour, and the radius of a hit that always matters

Payloads = tuple[tuple[str, Any], ...]         # the (rule id, payload) pairs a pattern carries


def build(table: Mapping[str, Payloads], radius: Callable[[str, Any], int | None] | None = None) -> "ArrayTrie | None":
    """The trie of ``table`` (normalised pattern -> its (rule id, payload) pairs), or None when the patterns do not
    suit the arrays (a character beyond the BMP, or so many first characters that the pair table would be large).
    ``radius(rule id, payload)``: how near another hit of the same rule must be for a hit to matter (None: always)."""
    trie = _Trie(table)
    first = sorted(trie.kids[0])
    chars = first + sorted(trie.chars - set(first))
    if not chars or max(map(ord, chars)) >= _BMP or (len(first) + 1) * (len(chars) + 1) > _MAX_PAIRS:
        return None
    return ArrayTrie(trie, first, chars, radius)


class _Trie:
    """Nodes numbered breadth first (every prefix of depth d before any of depth d+1), so the nodes the array
    levels step from are the first rows of the transition table. Only the prefixes the arrays walk (depth up to
    ``LEVELS``) are nodes, and after them the patterns longer than that, each one node that ends it: the prefixes
    in between are never stepped through (``startswith`` checks a longer pattern whole), and building them was
    most of the set-up for patterns of up to ~100 characters."""

    def __init__(self, table: Mapping[str, Payloads]):
        ids: dict[str, int] = {"": 0}
        for d in range(1, LEVELS + 1):
            for key in table:
                if len(key) >= d and key[:d] not in ids:
                    ids[key[:d]] = len(ids)
        for key in table:
            if key not in ids:
                ids[key] = len(ids)
        self.kids: list[dict[str, int]] = [{} for _ in ids]     # children by character, down to depth LEVELS
        self.out: list[Payloads] = [()] * len(ids)              # the (rule id, payload) pairs a node ends
        self.depth = [0] * len(ids)
        self.prefix = list(ids)                                   # node -> its text
        self.chars = set().union(*table)                          # every character of every pattern
        self.one_char = any(len(key) == 1 for key in table)
        for prefix, i in ids.items():
            if prefix:
                if len(prefix) <= LEVELS:
                    self.kids[ids[prefix[:-1]]][prefix[-1]] = i
                self.depth[i] = len(prefix)
        for key, payloads in table.items():
            self.out[ids[key]] = payloads
        # for each node at depth LEVELS, the longer patterns it begins: (key, length, node)
        self.below: list[list[tuple[str, int, int]]] = [[] for _ in ids]
        for key in table:
            if len(key) > LEVELS:
                self.below[ids[key[:LEVELS]]].append((key, len(key), ids[key]))


class ArrayTrie:
    """Character ids: 1..f for the first characters of patterns, then every other pattern character, 0 for the
    rest. ``pairs[a * k + b]`` is the depth-2 node reached by ids (a, b) (index past the end, for an ``a`` that
    starts no pattern, clips to the final 0), ``trans[node * k + c]`` the child of a node above depth 3, and
    ``ends`` says which nodes end a pattern. Then the (rule id, payload) pairs of all nodes as one list of
    entries: a node's are ``entry_count[node]`` entries from ``entry_first[node]``."""

    def __init__(self, trie: _Trie, first: list[str], chars: list[str], radius):
        k = len(chars) + 1
        cid = {c: i + 1 for i, c in enumerate(chars)}
        lut = np.zeros(_BMP + 1, dtype=np.intp)     # the last entry: every code beyond the BMP clips to it
        lut[[ord(c) for c in chars]] = np.arange(1, k)
        pairs = np.zeros((len(first) + 1) * k + 1, dtype=np.int32)
        rows = sum(1 for d in trie.depth if d < LEVELS)
        trans = np.zeros(rows * k, dtype=np.int32)
        for node in range(rows):
            for c, kid in trie.kids[node].items():
                trans[node * k + cid[c]] = kid
                if trie.depth[kid] == 2:
                    pairs[cid[trie.prefix[node]] * k + cid[c]] = kid
        self.one_char = trie.one_char
        self.t = SimpleNamespace(lut=lut, pairs=pairs, trans=trans, ends=np.array([bool(o) for o in trie.out]), k=k,
                                 **_entries(trie, radius), **_longer_tables(trie, cid))

    def by_rule(self, norm: str, make: Callable[[tuple[int, int, Any]], Any]) -> dict[str, list]:
        """Each rule's hits in ``norm``, made by ``make((start, end, payload))``, lone ones left out, in the order of
        the automaton's pass within each rule: sorted by rule, then end, then start (a stable sort: a node's entries
        keep their order). A rule left with no hit is not listed."""
        t = self.t
        starts, stops, rule, entry = self.ordered(norm)
        if not len(entry):
            return {}
        hits = list(map(make, zip(starts.tolist(), stops.tolist(),
                                  map(t.entry_payload.__getitem__, entry.tolist()))))
        lo = [0, *(np.diff(rule).nonzero()[0] + 1).tolist()]        # where each rule's hits begin
        hi = lo[1:] + [len(hits)]
        return {t.rule_ids[r]: hits[a:b] for r, a, b in zip(rule.take(lo).tolist(), lo, hi)}

    def ordered(self, norm: str):
        """``by_rule``'s hits as arrays, before any object is made: (starts, ends, rule numbers, entries), in
        ``by_rule``'s order; ``payloads()[entry]`` is a hit's payload. For a caller that drops most hits by array
        operations (``analyzer.kernels.one_off``)."""
        return self.ordered_points(code_points(norm))

    def ordered_points(self, points):
        """``ordered`` of the text whose code points are ``points`` (an integer array): for a caller that has them
        already, or that maps a text's code points to those of another text (``analyzer.kernels.one_off``: the key
        texts) without making that text."""
        t = self.t
        starts, stops, nodes = self._locate(points)
        if not len(nodes):
            return starts, stops, nodes, nodes
        count = t.entry_count.take(nodes)
        before = count.cumsum() - count                     # entries of the hits before each hit
        entry = np.arange(count.sum()) + np.repeat(t.entry_first.take(nodes) - before, count)
        starts, stops, rule = np.repeat(starts, count), np.repeat(stops, count), t.entry_rule.take(entry)
        if t.any_radius:
            keep = _not_lone(starts, stops, rule, t.entry_radius.take(entry))
            starts, stops, rule, entry = starts[keep], stops[keep], rule[keep], entry[keep]
        order = np.lexsort((starts, stops, rule))
        return starts.take(order), stops.take(order), rule.take(order), entry.take(order)

    def through(self, table: Mapping[int, str] | str) -> "ArrayTrie":
        """This trie reading a text through a ``str.translate`` table (code points to one-character strings, or one
        string indexed by code point): ``through(table).ordered(text) == ordered(text.translate(table))``. The
        table is folded into the character ids by code point, once, so a scan of a key text (``analyzer.kernels
        .one_off``) neither makes that text nor maps each character twice."""
        lut = self.t.lut
        points = table_points(table)
        ids = np.zeros(max(len(lut), len(points) + 1), dtype=lut.dtype)    # one past the table: beyond clips to 0
        ids[:len(lut)] = lut
        ids[:len(points)] = lut.take(points, mode="clip")
        keyed = object.__new__(ArrayTrie)
        keyed.one_char = self.one_char
        keyed.t = SimpleNamespace(**{**vars(self.t), "lut": ids})
        return keyed

    def payloads(self) -> list:
        """Every entry's payload, by entry number (``ordered``'s entries index it)."""
        return self.t.entry_payload

    def _locate(self, points):
        """(starts, ends, nodes) of every occurrence in the text of code points ``points``, in no order."""
        t = self.t
        n, k = len(points), t.k
        cids = np.empty(n + 1, dtype=np.intp)
        cids[n] = 0                                 # padding: a pair read past the end meets id 0
        t.lut.take(points, out=cids[:n], mode="clip")
        pair = cids[:n] * k
        pair += cids[1:]
        node = t.pairs.take(pair, mode="clip")      # the depth-2 node starting at each position, or 0
        pos = (node != 0).nonzero()[0]              # (a boolean mask is the cheaper one to search)
        two = node.take(pos)
        three = t.trans.take(two * k + cids.take(pos + 2))     # depth-3 node, or 0 (pos + 2 <= n: padding)
        found = [(pos, two, 2), (pos, three, 3)]
        if self.one_char:                           # patterns of one character (none in the built-in lexicon)
            found.append((np.arange(n), t.trans.take(cids[:n]), 1))    # row 0: the root's children
        found = [(p[end], p[end] + d, v[end]) for p, v, d in found for end in [t.ends.take(v)]]
        found.append(self._longer(cids, pos, three))
        starts, stops, nodes = (np.concatenate(column) for column in zip(*found))
        return starts, stops, nodes

    def _longer(self, cids, pos, state) -> tuple:
        """The patterns longer than ``LEVELS`` begun at ``pos`` (their depth-3 nodes ``state``, 0 for none): each
        (position, pattern it may begin) pair checked whole on the character ids ``cids`` (the text's, then one
        padding 0), all pairs at once: first their next character, then the rest of the survivors. A text character
        equals a pattern character exactly when their ids do (every pattern character has an id of its own, every
        other character 0, as has a position past the end); ``str.startswith`` per pair cost ~0.2 us of a Python
        call, on ~15,000 pairs a corpus of which ~80 % fail."""
        t = self.t
        count = t.below_count.take(state)           # 0 for the root: a position that did not reach depth 3
        before = count.cumsum() - count
        total = len(count) and int(before[-1] + count[-1])
        if not total:
            return pos[:0], pos[:0], pos[:0]
        cand = np.arange(total) + np.repeat(t.below_first.take(state) - before, count)
        pos = np.repeat(pos, count)
        ok = cids.take(pos + LEVELS, mode="clip") == t.below_next.take(cand)
        pos, cand = pos[ok], cand[ok]
        rest = t.below_len.take(cand) - (LEVELS + 1)            # characters after the next one
        total = int(rest.sum())
        if total:
            first = rest.cumsum() - rest
            within = np.arange(total) - np.repeat(first, rest)
            differ = cids.take(np.repeat(pos + (LEVELS + 1), rest) + within, mode="clip") != \
                t.below_ids.take(np.repeat(t.below_at.take(cand), rest) + within)
            ok = np.ones(len(cand), dtype=bool)
            ok[np.repeat(np.arange(len(cand)), rest)[differ]] = False
            pos, cand = pos[ok], cand[ok]
        return pos, pos + t.below_len.take(cand), t.below_node.take(cand)


def _entries(trie: _Trie, radius) -> dict:
    rules: dict[str, int] = {}
    first, count, entry_rule, entry_payload, entry_radius = [], [], [], [], []
    for out in trie.out:
        first.append(len(entry_payload))
        count.append(len(out))
        for rid, payload in out:
            entry_rule.append(rules.setdefault(rid, len(rules)))
            entry_payload.append(payload)
            r = radius(rid, payload) if radius else None
            entry_radius.append(FAR if r is None else r)
    return dict(entry_first=np.array(first, dtype=np.intp), entry_count=np.array(count, dtype=np.intp),
                entry_rule=np.array(entry_rule, dtype=np.intp), entry_payload=entry_payload, rule_ids=list(rules),
                entry_radius=np.array(entry_radius, dtype=np.int64), any_radius=any(r < FAR for r in entry_radius))


def _longer_tables(trie: _Trie, cid: Mapping[str, int]) -> dict:
    """``below`` as arrays: a node's longer patterns are ``below_count[node]`` entries from ``below_first[node]``,
    each with its length, node, the id of its character after the first ``LEVELS`` (``below_next``) and where the
    ids of its characters after that one begin in ``below_ids``."""
    first, count, length, node, nxt, at, ids = [], [], [], [], [], [], []
    for below in trie.below:
        first.append(len(length))
        count.append(len(below))
        for text, n, i in below:
            length.append(n)
            node.append(i)
            nxt.append(cid[text[LEVELS]])
            at.append(len(ids))
            ids.extend(cid[c] for c in text[LEVELS + 1:])
    return dict(below_first=np.array(first, dtype=np.intp), below_count=np.array(count, dtype=np.intp),
                below_len=np.array(length, dtype=np.intp), below_node=np.array(node, dtype=np.intp),
                below_next=np.array(nxt, dtype=np.intp), below_at=np.array(at, dtype=np.intp),
                below_ids=np.array(ids, dtype=np.intp))


def _not_lone(starts, stops, rule, radius):
    """``PatternScan.lone`` for every entry at once: in order of rule, then start, the nearest hit on the right is
    the next one of the same rule, and on the left the one reaching furthest among the earlier ones (a running
    maximum of ``rule * span + end``, which never reaches back into the previous rule's entries)."""
    order = np.lexsort((starts, rule))
    s, e, r = starts.take(order), stops.take(order), rule.take(order)
    same = r[1:] == r[:-1]
    nearest = np.full(len(s), FAR, dtype=np.int64)
    nearest[:-1] = np.where(same, s[1:] - e[:-1], FAR)
    span = int(e.max()) + 1
    reach = np.maximum.accumulate(r * span + e)[:-1] - r[1:] * span    # furthest end before, if same rule
    nearest[1:] = np.minimum(nearest[1:], np.where(reach >= 0, s[1:] - reach, FAR))
    keep = np.empty(len(s), dtype=bool)
    keep[order] = nearest <= radius.take(order)
    return keep

