"""Array kernels of the hollowness features: whole-document passes as numpy columns instead of per-sentence loops.

Each function names its plain equivalent; ``tests/kernels/test_hollowness.py`` compares the two through these
public functions over samples, the corpus and crafted strings. They are used for every input (a document's
features are always computed as columns); nothing here is analysis logic, only how to compute it fast."""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache, reduce
from itertools import compress, count
from operator import add, itemgetter

from analyzer.kernels.regex_anchors import SPACES

CJK_FIRST, CJK_LAST = 0x4E00, 0x9FFF


def is_cjk(points) -> "np.ndarray":
    """Whether each code point is a CJK unified ideograph of the basic block (what the features count as 汉字)."""
    return (points >= CJK_FIRST) & (points <= CJK_LAST)


def pick(seq, index) -> list:
    """``[seq[j] for j in index]`` at C speed (``index`` a numpy integer array)."""
    if len(index) == 0:
        return []
    if len(index) == 1:
        return [seq[int(index[0])]]
    return list(itemgetter(*index.tolist())(seq))


def select(seq, mask) -> list:
    """``[x for x, m in zip(seq, mask) if m]`` at C speed (``mask`` a numpy bool array as long as ``seq``): its
    bytes drive ``itertools.compress``, without the Python ints an index list needs."""
    return list(compress(seq, mask.tobytes()))


def lengths(words: list[str]) -> "np.ndarray":
    """``[len(w) for w in words]`` as int64, from the words joined by NUL and the NULs' places instead of a call
    per word (a document has ~6,000 tokens); the plain way when a word holds a NUL itself."""
    import numpy as np
    from analyzer.kernels.codepoints import code_points
    cps = code_points("\x00".join(words))
    seps = np.flatnonzero(cps == 0)
    if len(seps) != len(words) - 1:
        return np.fromiter(map(len, words), dtype=np.int64, count=len(words))
    return np.diff(np.concatenate(([-1], seps, [len(cps)]))).astype(np.int64) - 1


def rank_right(values, pos, n: int) -> "np.ndarray":
    """``np.searchsorted(values, pos, side="right")`` (how many of the sorted ``values`` are <= each position) for
    values within 0..n, from a table of the counts at every position 0..n instead of a binary search per
    position: a document has ~20 times more tokens than sentences."""
    import numpy as np
    upto = np.cumsum(np.bincount(np.asarray(values, dtype=np.intp), minlength=n + 1))
    return upto[np.minimum(pos, n)]


def bounds_of(sorted_index, k: int) -> "np.ndarray":
    """For items sorted by sentence index, the boundaries of each sentence's items (k + 1 positions, int64); plain:
    ``[sum(1 for s in sorted_index if s < i) for i in range(k + 1)]``."""
    import numpy as np
    return np.searchsorted(sorted_index, np.arange(k + 1)).astype(np.int64, copy=False)


def sentence_means(values, sent, k: int, empty: float) -> "np.ndarray":
    """The mean of each sentence's values (``sent``: their sentence indexes, sorted), ``empty`` for a sentence
    without any; plain: ``reduce(add, values_of_i, 0.0) / len(values_of_i)`` per sentence, a running sum in order.
    Here the values stand in a table, one column per sentence and one row per rank within it (zeros below a
    sentence's last), summed down the rows by ``np.add.reduce`` over axis 0, a row at a time added to the running
    row: the same additions in the same order, as one call instead of a Python step per sentence, without the
    table of partial sums ``np.add.accumulate`` wrote. numpy sums pairwise (in another order) only along the
    contiguous axis, as it would the one column of a table of one sentence, and ``np.add.reduceat``."""
    import numpy as np
    counts = np.bincount(np.asarray(sent, dtype=np.intp), minlength=k)
    width = int(counts.max()) if k else 0
    if width * k > 1 << 22:         # one very long sentence among many: the table would be too big
        b = [0] + np.cumsum(counts).tolist()
        v = np.asarray(values, dtype=np.float64).tolist()
        return np.array([reduce(add, v[b[i]:b[i + 1]], 0.0) / (b[i + 1] - b[i]) if b[i + 1] > b[i] else empty
                         for i in range(k)])
    table = np.zeros((max(width, 1), max(k, 2)))   # two columns at least: one would be summed pairwise
    start = np.cumsum(counts) - counts
    table[np.arange(len(sent)) - start[sent], sent] = values
    sums = np.add.reduce(table, axis=0)[:k]
    return np.where(counts > 0, sums / np.maximum(counts, 1), empty)


@dataclass(eq=False)
class Groups:
    """Items found in a document, grouped by sentence: sentence i's are ``items[bounds[i]:bounds[i + 1]]``, in the
    order they were found. One flat list per kind instead of one list per sentence and kind (~20k sentences). The
    bounds stay an int64 array: the counts per sentence are read from them several times per document, and a
    list would be converted back each time."""
    items: list
    bounds: "np.ndarray"

    def of(self, i: int) -> list:
        return self.items[self.bounds[i]:self.bounds[i + 1]]

    def counts(self) -> "np.ndarray":
        import numpy as np
        return np.diff(self.bounds)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Groups) and self.items == other.items and \
            list(map(int, self.bounds)) == list(map(int, other.bounds))


def group(sent, items: list, k: int) -> Groups:
    """``items`` (in the order found) with their sentence index (-1: outside every sentence), grouped; plain:
    ``[[it for s, it in zip(sent, items) if s == i] for i in range(k)]``."""
    import numpy as np
    sent = np.asarray(sent, dtype=np.int64).reshape(-1)
    keep = np.flatnonzero(sent >= 0)
    order = keep[np.argsort(sent[keep], kind="stable")]
    return Groups(pick(items, order), bounds_of(sent[order], k))


def sentence_index(starts, ends, pos) -> "np.ndarray":
    """The sentence holding each position, -1 for positions between sentences; plain: for each p, the i with
    ``starts[i] <= p < ends[i]``, else -1 (sentences sorted and disjoint)."""
    import numpy as np
    pos = np.asarray(pos, dtype=np.int64).reshape(-1)
    i = np.searchsorted(starts, pos, side="right") - 1
    return np.where((i >= 0) & (pos < ends[np.maximum(i, 0)]), i, -1)


def spans_union(starts, ends) -> tuple["np.ndarray", "np.ndarray"]:
    """The positions covered by at least one [start, end) as sorted disjoint spans (starts, ends; int64), an
    empty span covering nothing; plain: the maximal runs of ``[any(s <= x < e for s, e in zip(starts, ends)) for x
    in range(n)]``. A document's phrase spans are a few hundred where its text is thousands of characters: its
    masks are asked at a few positions (``covered``, ``covered_counts``) instead of being made as long as it."""
    import numpy as np
    s = np.asarray(starts, dtype=np.int64).reshape(-1)
    e = np.asarray(ends, dtype=np.int64).reshape(-1)
    keep = e > s
    s, e = s[keep], e[keep]
    if not len(s):
        return s, e
    order = np.argsort(s, kind="stable")
    s, reach = s[order], np.maximum.accumulate(e[order])
    first = np.flatnonzero(np.concatenate(([True], s[1:] > reach[:-1])))     # a span past all before it
    return s[first], reach[np.append(first[1:] - 1, len(s) - 1)]


def covered(spans, pos) -> "np.ndarray":
    """Whether each position lies in one of ``spans`` (``spans_union``'s); plain: ``[any(s <= p < e for s, e in
    spans) for p in pos]``: the span holding it, found as ``sentence_index`` finds a sentence (sorted, disjoint)."""
    import numpy as np
    starts, ends = spans
    if not len(starts):
        return np.zeros(np.size(pos), dtype=bool)
    return sentence_index(starts, ends, pos) >= 0


def covered_sorted(spans, pos) -> "np.ndarray":
    """``covered`` for positions in ascending order (a document's tokens): each span's first and last position
    found among them (a binary search per span, not per position: tokens are ~20 times more); the stretches of
    positions between, in turn outside and inside a span, repeated into flags."""
    import numpy as np
    starts, ends = spans
    pos = np.asarray(pos, dtype=np.int64).reshape(-1)
    bounds = np.empty(2 * len(starts) + 2, dtype=np.int64)
    bounds[0], bounds[-1] = 0, len(pos)
    bounds[1:-1:2] = np.searchsorted(pos, starts, side="left")
    bounds[2:-1:2] = np.searchsorted(pos, ends, side="left")
    inside = np.zeros(2 * len(starts) + 1, dtype=bool)
    inside[1::2] = True
    return np.repeat(inside, np.diff(bounds))


def covered_counts(spans, cum, st, en) -> "np.ndarray":
    """For each [st[i], en[i]): how many of its positions lie in ``spans`` (``spans_union``'s) and count, where
    ``cum[x]`` is the number of positions before x that count (n + 1 long); plain: with ``at`` the mask of the
    spans and ``flags`` that of the positions that count, ``c = np.cumsum(at & flags)`` differenced at the bounds.
    Here the count up to x is that of the whole spans before the last one starting before x, plus the part of that
    one before x."""
    import numpy as np
    starts, ends = spans
    if not len(starts):
        return np.zeros(len(st), dtype=np.int64)
    cum = np.asarray(cum, dtype=np.int64)
    whole = np.concatenate(([0], np.cumsum(cum[ends] - cum[starts])))

    def upto(x) -> "np.ndarray":
        x = np.asarray(x, dtype=np.int64)
        j = np.searchsorted(starts, x, side="left")          # the spans starting before x
        last = np.maximum(j - 1, 0)
        return np.where(j > 0, whole[last] + cum[np.minimum(ends[last], x)] - cum[starts[last]], 0)
    return upto(en) - upto(st)


def log1p_of(counts) -> "np.ndarray":
    """``[math.log1p(c) for c in counts]`` for non-negative integer counts, bit for bit; counts of any shape (the
    columns of a document, stacked, share one table)."""
    import numpy as np
    counts = np.asarray(counts, dtype=np.int64)
    top = int(counts.max()) if counts.size else 0
    return np.array([math.log1p(c) for c in range(top + 1)])[counts]


def distinct(values) -> "np.ndarray":
    """``np.unique(values)`` for a 1-d integer array: sorted, each value once. Without np.unique's hash pass and
    its first-call import of numpy.ma (~13 ms per process)."""
    import numpy as np
    out = np.sort(values)
    return out[np.concatenate(([True], out[1:] != out[:-1]))] if len(out) else out


def runs(flags) -> tuple["np.ndarray", "np.ndarray"]:
    """[start, end) of every maximal run of True; plain: ``re.finditer`` of a class over the matching text. The
    places where a flag differs from the one before (False before the first and after the last) are a run's start
    and end in turn."""
    import numpy as np
    flags = np.asarray(flags, dtype=bool)
    edges = np.flatnonzero(np.concatenate(([False], flags)) != np.concatenate((flags, [False])))
    return edges[0::2], edges[1::2]


def code_bits(cps, *members: str) -> "np.ndarray":
    """For each code point, bit i set when it is one of ``members[i]`` (uint8, up to eight strings); plain:
    ``sum(np.isin(cps, [ord(c) for c in m]) << i for i, m in enumerate(members))``, by a lookup table: isin sorts
    the whole text when the text is short next to the members' range, and checks ranges every call; one table
    for several sets reads the text once."""
    return _code_table(members)[cps]


@lru_cache(maxsize=8)
def _code_table(members: tuple[str, ...]) -> "np.ndarray":
    import numpy as np
    from analyzer.kernels.codepoints import code_points
    table = np.zeros(0x110000, dtype=np.uint8)
    for i, m in enumerate(members):
        table[code_points(m)] |= 1 << i
    return table


def occurrence_numbers(items: list[str]) -> "np.ndarray":
    """For each item, how many times it has occurred up to and including this place (1 for a first occurrence);
    plain: a running ``Counter``."""
    import numpy as np
    first: dict[str, int] = {}          # each item's first place: the same number for the same item
    ids = np.fromiter(map(first.setdefault, items, count()), dtype=np.int64, count=len(items))
    order = np.argsort(ids, kind="stable")          # each item's places, in order
    sorted_ids = ids[order]
    group_start = np.flatnonzero(np.concatenate(([True], sorted_ids[1:] != sorted_ids[:-1])))
    rank = np.arange(len(items)) - np.repeat(group_start, np.diff(np.append(group_start, len(items))))
    nth = np.empty(len(items), dtype=np.int64)
    nth[order] = rank + 1
    return nth


# --- clauses: four-character chains and repeated clauses -------------------------------------------------------

SEG_SEPARATORS = ",、;:。!?…—()\n\t"        # clauses are the runs of other characters of the normalised text


def clause_pass(text: str, norm: str, st, en, k: int) -> tuple["np.ndarray", dict[int, list[str]], Groups]:
    """Per sentence: the longest chain of four-character clauses (and its clauses when three or more), and the
    clauses of six characters or more already seen earlier in the document with their occurrence number.

    Plain equivalent (``tests/kernels/test_hollowness.py``): for each sentence, ``re.finditer(r"[^SEP]+", norm,
    start, end)``, each piece stripped; a piece is four-character when it is ``要?`` plus four CJK characters;
    chains are consecutive such pieces; pieces of six characters or more are counted in a running dict over the
    document. Here the runs come from one array pass over the whole text, cut at sentence bounds."""
    import numpy as np
    from analyzer.kernels.codepoints import code_points
    n = len(norm)
    ncp = code_points(norm)
    bits = code_bits(ncp, SEG_SEPARATORS, SPACES)       # 1: a separator, 2: one of str.strip()'s characters
    ra, rb = runs((bits & 1) == 0)
    four_len = np.zeros(k, dtype=np.int64)
    if not len(ra):
        return four_len, {}, Groups([], np.zeros(k + 1, dtype=np.int64))
    i1 = np.searchsorted(en, ra, side="right")          # first sentence ending after the run starts
    i2 = np.searchsorted(st, rb, side="left") - 1       # last sentence starting before the run ends
    cnt = np.maximum(i2 - i1 + 1, 0)
    run_of = np.repeat(np.arange(len(ra)), cnt)
    sent = np.repeat(i1, cnt) + (np.arange(int(cnt.sum())) - np.repeat(np.cumsum(cnt) - cnt, cnt))
    a = np.maximum(ra[run_of], st[sent])
    b = np.minimum(rb[run_of], en[sent])

    a2, b2 = a.copy(), b.copy()                         # str.strip(): past the run of spaces at either end
    blank = np.flatnonzero(bits >= 2)                  # a bool array: nonzero counts it fast
    if len(blank):
        # the runs of spaces, from their few positions (runs() would make three arrays as long as the text: +15 M)
        bs, be = spans_union(blank, blank + 1)
        lead, trail = np.flatnonzero(bits[a] >= 2), np.flatnonzero(bits[b - 1] >= 2)
        a2[lead] = be[np.searchsorted(bs, a[lead], side="right") - 1]
        b2[trail] = bs[np.searchsorted(bs, b[trail] - 1, side="right") - 1]
    length = np.maximum(b2 - a2, 0)
    hcum = np.concatenate(([0], np.cumsum(is_cjk(ncp), dtype=np.int64)))
    lo, lo1 = np.minimum(a2, n), np.minimum(a2 + 1, n)
    hi = np.minimum(np.maximum(b2, lo), n)
    four = (((length == 4) & (hcum[hi] - hcum[lo] == 4))     # 要?[\u4e00-\u9fff]{4}
            | ((length == 5) & (ncp[np.minimum(lo, n - 1)] == ord("要")) & (hcum[hi] - hcum[lo1] == 4)))

    best: dict[int, tuple[int, int]] = {}               # sentence -> (first piece, length) of its longest chain
    prev_j, prev_s, run_start, run_len = -2, -1, 0, 0
    for j, s in zip(np.flatnonzero(four).tolist(), sent[four].tolist()):
        if j == prev_j + 1 and s == prev_s:
            run_len += 1
        else:
            run_start, run_len = j, 1
        if run_len > best.get(s, (0, 0))[1]:
            best[s] = (run_start, run_len)
        prev_j, prev_s = j, s
    four_run: dict[int, list[str]] = {}
    for s, (j0, m) in best.items():
        four_len[s] = m
        if m >= 3:
            four_run[s] = [text[max(a2[j], b2[j] - 4):b2[j]] for j in range(j0, j0 + m)]

    long_j = np.flatnonzero(length >= 6)
    la, lb = a2[long_j].tolist(), b2[long_j].tolist()
    nth = occurrence_numbers(list(map(norm.__getitem__, map(slice, la, lb))))
    again = np.flatnonzero(nth >= 2)
    rep_sent = sent[long_j[again]]
    rep = [(text[la[i]:lb[i]], c) for i, c in zip(again.tolist(), nth[again].tolist())]
    return four_len, four_run, group(rep_sent, rep, k)
