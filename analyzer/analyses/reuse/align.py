"""Exact alignment of two texts that are already known to share something (the LSH stage said so).

Works on *cleaned* code arrays (content characters only, see ``analyzer.reuse``), so punctuation, spaces and line
breaks that differ between two printings of the same text never break a passage. Steps, all vectorised except the
last two small loops:

1. hash every k-gram of both texts (a rolling polynomial hash, 64 bits: collisions are negligible);
2. seed: every (i, j) with equal k-gram hashes (k-grams repeated many times in one text are skipped: they are
   stock phrases, not evidence);
3. seeds on the same diagonal with consecutive positions are one maximal exact match (a *run*);
4. greedy string tiling: longest runs first, each character used at most once on each side, so a phrase that
   occurs ten times cannot pair with all ten copies;
5. runs that follow each other on both sides with small gaps (a changed year, a unit's name, a few words) are
   merged into one passage, as long as the passage stays mostly matched.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

SEED_K = 12          # seed length in cleaned characters
MAX_GAP = 15         # largest edit (in cleaned characters, on either side) bridged inside one passage
MIN_MATCHED = 0.8    # a merged passage must stay at least this matched (matched chars / longer side)
MAX_OCCURRENCES = 16  # k-grams repeated more often than this in one text are not used as seeds

_BASE = np.uint64(0x100000001B3)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)


def kgram_hashes(codes: np.ndarray, k: int) -> np.ndarray:
    """64-bit hash of every k-gram of ``codes`` (length ``len(codes) - k + 1``, empty if shorter than k)."""
    n = len(codes) - k + 1
    if n <= 0:
        return np.zeros(0, dtype=np.uint64)
    c = codes.astype(np.uint64)
    h = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(k):
            h = h * _BASE + c[j:j + n]
        h ^= h >> np.uint64(31)
        h *= _MIX1
        h ^= h >> np.uint64(29)
        h *= _MIX2
        h ^= h >> np.uint64(32)
    return h


@dataclass(frozen=True)
class Aligned:
    """One shared passage in cleaned coordinates: a[a_start:a_end] ~ b[b_start:b_end]; ``matched`` characters
    are identical on both sides (the rest are the small edits bridged)."""
    a_start: int
    a_end: int
    b_start: int
    b_end: int
    matched: int
    tiles: tuple[tuple[int, int, int], ...] = ()   # the exact matches (a, b, length) it is made of, in order

    @property
    def length(self) -> int:
        return min(self.a_end - self.a_start, self.b_end - self.b_start)


def _seeds(ha: np.ndarray, hb: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """All (i, j) with ha[i] == hb[j], skipping k-grams that are too frequent in either text."""
    if not len(ha) or not len(hb):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    order_b = np.argsort(hb, kind="stable")
    sb = hb[order_b]
    left = np.searchsorted(sb, ha, "left")
    right = np.searchsorted(sb, ha, "right")
    cnt = right - left
    ok = (cnt > 0) & (cnt <= MAX_OCCURRENCES)
    if ok.any():
        # frequency in A as well: a k-gram repeated in A pairs with each of its B copies
        ua, inv, ca = np.unique(ha, return_inverse=True, return_counts=True)
        ok &= ca[inv] <= MAX_OCCURRENCES
    i_idx = np.nonzero(ok)[0]
    if not len(i_idx):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    cnt = cnt[i_idx]
    i_rep = np.repeat(i_idx, cnt)
    starts = np.repeat(left[i_idx], cnt)
    within = np.arange(len(i_rep)) - np.repeat(np.cumsum(cnt) - cnt, cnt)
    j_rep = order_b[starts + within]
    return i_rep.astype(np.int64), j_rep.astype(np.int64)


def exact_runs(ha: np.ndarray, hb: np.ndarray, k: int) -> np.ndarray:
    """Maximal exact matches as an (n, 3) array of (a_start, b_start, length), length >= k."""
    i, j = _seeds(ha, hb)
    if not len(i):
        return np.zeros((0, 3), dtype=np.int64)
    d = j - i
    order = np.lexsort((i, d))
    i, d = i[order], d[order]
    brk = np.ones(len(i), dtype=bool)
    brk[1:] = (d[1:] != d[:-1]) | (i[1:] != i[:-1] + 1)
    starts = np.nonzero(brk)[0]
    ends = np.append(starts[1:], len(i))
    a0 = i[starts]
    length = (ends - starts) + (k - 1)
    return np.stack([a0, a0 + d[starts], length], axis=1)


def tile(runs: np.ndarray, n_a: int, n_b: int, k: int) -> list[tuple[int, int, int]]:
    """Greedy string tiling: longest run first; a run overlapping earlier tiles keeps its longest free stretch."""
    used_a = np.zeros(n_a, dtype=bool)
    used_b = np.zeros(n_b, dtype=bool)
    out: list[tuple[int, int, int]] = []
    for a, b, length in runs[np.argsort(-runs[:, 2], kind="stable")].tolist():
        free = ~(used_a[a:a + length] | used_b[b:b + length])
        if not free.all():
            s, e = _longest_true(free)
            if e - s < k:
                continue
            a, b, length = a + s, b + s, e - s
        used_a[a:a + length] = True
        used_b[b:b + length] = True
        out.append((a, b, length))
    return out


def _first_clear(mask: np.ndarray, k: int) -> int:
    """Index where the first run of k unmarked characters begins (marks are sampled, so single holes in a
    marked stretch do not count); 0 when there is none."""
    if not mask.any():
        return 0
    clear = np.concatenate(([0], np.cumsum(~mask)))
    runs = np.nonzero(clear[k:] - clear[:-k] == k)[0]
    return int(runs[0]) if len(runs) else 0


def _longest_true(mask: np.ndarray) -> tuple[int, int]:
    padded = np.concatenate(([False], mask, [False])).astype(np.int8)
    edges = np.diff(padded)
    starts, ends = np.nonzero(edges == 1)[0], np.nonzero(edges == -1)[0]
    if not len(starts):
        return 0, 0
    best = int(np.argmax(ends - starts))
    return int(starts[best]), int(ends[best])


def merge(tiles: list[tuple[int, int, int]], max_gap: int = MAX_GAP) -> list[Aligned]:
    """Chain tiles that follow each other on both sides (gaps <= max_gap) into passages. A tile may attach to any
    of the last few open passages, so a stray short match between two halves of a passage does not split it."""
    passages: list[list] = []   # [a_start, a_end, b_start, b_end, matched, tiles]
    for a, b, length in sorted(tiles):
        best, best_cost = None, None
        for p in passages[-8:]:
            ga, gb = a - p[1], b - p[3]
            if 0 <= ga <= max_gap and 0 <= gb <= max_gap:
                matched = p[4] + length
                span = max(a + length - p[0], b + length - p[2])
                if matched >= MIN_MATCHED * span and (best_cost is None or ga + gb < best_cost):
                    best, best_cost = p, ga + gb
        if best is None:
            passages.append([a, a + length, b, b + length, length, [(a, b, length)]])
        else:
            best[1], best[3], best[4] = a + length, b + length, best[4] + length
            best[5].append((a, b, length))
    return [Aligned(*p[:5], tuple(p[5])) for p in passages]


def trim(p: Aligned, drop: np.ndarray, k: int = SEED_K) -> Aligned | None:
    """``p`` without the material at its edges marked in ``drop`` (per character of a): leading/trailing tiles
    mostly in ``drop`` go, and the first/last kept tile loses its dropped prefix/suffix (exact on both sides,
    since a tile is one diagonal). None when nothing of at least k characters is left."""
    tiles = list(p.tiles)
    while tiles and drop[tiles[0][0]:tiles[0][0] + tiles[0][2]].mean() > 0.5:
        tiles.pop(0)
    while tiles and drop[tiles[-1][0]:tiles[-1][0] + tiles[-1][2]].mean() > 0.5:
        tiles.pop()
    if not tiles:
        return None
    a, b, length = tiles[0]
    cut = _first_clear(drop[a:a + length], k)
    tiles[0] = (a + cut, b + cut, length - cut)
    a, b, length = tiles[-1]
    cut = _first_clear(drop[a:a + length][::-1], k)
    tiles[-1] = (a, b, length - cut)
    if tiles[0][2] <= 0 or tiles[-1][2] <= 0:
        return None
    first, last = tiles[0], tiles[-1]
    out = Aligned(first[0], last[0] + last[2], first[1], last[1] + last[2], sum(t[2] for t in tiles), tuple(tiles))
    return out if out.length >= k else None


def align(codes_a: np.ndarray, codes_b: np.ndarray, *, k: int = SEED_K, max_gap: int = MAX_GAP,
          hashes: tuple[np.ndarray, np.ndarray] | None = None) -> list[Aligned]:
    """Shared passages of two cleaned texts, in the order they appear in ``a``."""
    ha, hb = hashes if hashes is not None else (kgram_hashes(codes_a, k), kgram_hashes(codes_b, k))
    runs = exact_runs(ha, hb, k)
    if not len(runs):
        return []
    return merge(tile(runs, len(codes_a), len(codes_b), k), max_gap)
