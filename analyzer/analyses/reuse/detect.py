"""Reuse (雷同): passages copied between documents, located passage by passage.

Two stages, so that a batch of thousands of reports is not compared pair by pair:

1. **Candidates** — every document is cleaned (normalised, punctuation and whitespace removed, with a map back to
   the original offsets) and cut into *windows*: ``WINDOW`` cleaned characters starting at a sentence start. A
   window's start depends only on the text, so a copied passage yields the same windows in both documents,
   whatever surrounds it. Each window gets a MinHash signature over its character ``SHINGLE``-grams (computed
   vectorised in numpy) and goes into a datasketch ``MinHashLSH`` index; documents whose windows share a bucket
   (and whose signatures agree on at least half their values) are candidate pairs. This finds a few copied
   paragraphs inside a long report, which a whole-document similarity would drown.
2. **Alignment** — each candidate pair is aligned exactly (``analyzer.reuse_align``): seeds of 12 identical
   characters, extended to maximal passages, merged across small edits.

What is not copying: text made of required formulas (theme forms and canonical sentences from the lexicon, stock
phrases) and text that recurs in a large share of the batch (a k-gram found in more than
``max(5, 20% of the documents)`` documents is common material — a template or a quotation from a central
document — not evidence that one unit copied another). A passage counts only if at least ``min_chars`` of its
characters are neither.

All lengths (``min_chars``, shares) count *content* characters: Chinese characters, letters and digits, not
punctuation or whitespace, so two printings of one text that differ only in spacing are identical."""
from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations
from typing import Iterable

import numpy as np

from analyzer.model import Document, Passage, ReuseResult
from analyzer.analyses.reuse.align import SEED_K, Aligned, align, kgram_hashes, trim

WINDOW = 100          # cleaned characters per LSH window
SHINGLE = 5           # character shingle for MinHash: one edited character costs a 100-char window only 5 of 96
NUM_PERM = 20
BANDS = (5, 4)        # LSH bands x rows: P(candidate) 0.99 at Jaccard 0.9 (one edit in a window), 0.94 at 0.81
                      # (two edits), 0.28 at 0.5, < 0.01 at 0.2 (windows that merely share stock phrases)
MIN_TAIL = 30         # a sentence this close to the end still starts a (shorter) window
MIN_SIGNATURE_AGREEMENT = 0.5
COMMON_SHARE = 0.2    # a k-gram in more than this share of the batch (and in more than COMMON_MIN_DOCS) is common
COMMON_MIN_DOCS = 5
COMMON_SAMPLE = 4     # DF is counted on k-grams whose hash is 0 mod this (a consistent sample, cheap)
DATASKETCH_MAX_WINDOWS = 50_000  # above this many windows the LSH banding runs vectorised (same buckets)
MAX_BUCKET_WINDOWS = 256  # a bucket this crowded holds common material; pairs are not enumerated from it
DENSE_LIMIT = 20_000_000  # above this many cleaned characters per batch, windows start at every 2nd sentence (sampled)
MIN_FORMULA_CHARS = 4
_BOUNDARIES = "。!?;\n…"

_rng = np.random.RandomState(20240601)
_PERM_A = (_rng.randint(0, 2 ** 31, NUM_PERM).astype(np.uint32) * np.uint32(2) + np.uint32(1))
_PERM_B = _rng.randint(0, 2 ** 31, NUM_PERM).astype(np.uint32)


@dataclass
class ReusePair:
    """Two documents sharing passages. ``a_share`` is the fraction of a's content characters inside shared
    passages; each passage is (a_start, a_end, b_start, b_end, text) with offsets into each ``doc.text``."""
    a: str
    b: str
    a_share: float
    b_share: float
    passages: list[tuple[int, int, int, int, str]] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"a": self.a, "b": self.b, "a_share": round(self.a_share, 4), "b_share": round(self.b_share, 4),
                "passages": [{"a_start": a0, "a_end": a1, "b_start": b0, "b_end": b1, "text": t}
                             for a0, a1, b0, b1, t in self.passages]}


# --- cleaning ----------------------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _tables() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """BMP lookup tables: normalised code (same mapping as ``analyzer.text.normalize``, plus ASCII lower case),
    whether a normalised character is content, whether it ends a sentence."""
    from analyzer.text.normalize import normalize
    bmp = normalize("".join(map(chr, range(0x10000))))   # length-preserving by contract
    norm = np.frombuffer(bmp.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).copy()
    upper = (norm >= ord("A")) & (norm <= ord("Z"))
    norm[upper] += 32
    content = np.fromiter((chr(c).isalnum() for c in range(0x10000)), dtype=bool, count=0x10000)
    content[0xD800:0xE000] = False
    boundary = np.zeros(0x10000, dtype=bool)
    for ch in _BOUNDARIES:
        boundary[ord(ch)] = True
    return norm, content, boundary


@dataclass
class _Clean:
    codes: np.ndarray    # uint32 normalised content characters
    pos: np.ndarray      # int64: original offset of each content character
    anchors: np.ndarray  # cleaned offsets where a sentence starts


def clean(text: str) -> _Clean:
    """Content characters of ``text`` (normalised) with their original offsets and sentence starts."""
    norm, content, boundary = _tables()
    raw = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    big = raw >= 0x10000
    mapped = np.where(big, raw, norm[np.where(big, 0, raw)])
    # 796 BMP characters normalise to characters outside the BMP (traditional -> simplified): judge by the mapped one
    astral = mapped >= 0x10000
    inside = np.where(astral, 0, mapped)
    keep = astral | content[inside]
    pos = np.nonzero(keep)[0]
    ends = np.nonzero(~astral & boundary[inside])[0]
    anchors = np.unique(np.concatenate(([0], np.searchsorted(pos, ends))))
    anchors = anchors[anchors < len(pos)]
    return _Clean(mapped[pos], pos, anchors)


# --- stage 1: windows, signatures, LSH ----------------------------------------------------------------------------

def _window_starts(c: _Clean, hs: np.ndarray, sample: int) -> np.ndarray:
    """Where windows start (cleaned offsets): at sentence starts not too near the end, every ``sample``-th by
    hash; one window from 0 when the text is no longer than a window or no sentence qualifies."""
    n = len(c.codes)
    if n <= WINDOW:
        return np.array([0])
    starts = c.anchors[c.anchors <= n - MIN_TAIL]
    if sample > 1 and len(starts):
        starts = starts[hs[starts] % sample == 0]
    return starts if len(starts) else np.array([0])


def _shingle_hashes(c: _Clean) -> np.ndarray:
    return (kgram_hashes(c.codes, SHINGLE) >> np.uint64(32)).astype(np.uint32)


def window_signatures(c: _Clean, sample: int) -> np.ndarray:
    """MinHash signatures (n_windows, NUM_PERM) of the windows of one document (a sliding-window minimum:
    ``analyzer.kernels.minhash``; plain equivalent ``window_signatures_plain``)."""
    from analyzer.kernels.minhash import window_minhash
    if len(c.codes) < SHINGLE:
        return np.zeros((0, NUM_PERM), dtype=np.uint32)
    hs = _shingle_hashes(c)
    return window_minhash(hs, _window_starts(c, hs, sample), WINDOW - SHINGLE + 1, _PERM_A, _PERM_B)


def window_signatures_plain(c: _Clean, sample: int) -> np.ndarray:
    """``window_signatures`` the obvious way: every window's shingle values, then their minimum (windows near the end
    are cut short by the text's end: the last shingle repeats, same set)."""
    if len(c.codes) < SHINGLE:
        return np.zeros((0, NUM_PERM), dtype=np.uint32)
    hs = _shingle_hashes(c)
    starts = _window_starts(c, hs, sample)
    idx = np.minimum(starts[:, None] + np.arange(WINDOW - SHINGLE + 1)[None, :], len(hs) - 1)
    with np.errstate(over="ignore"):
        return (hs[idx][:, :, None] * _PERM_A + _PERM_B).min(axis=1)


def _common_fingerprints(c: _Clean) -> np.ndarray:
    h = kgram_hashes(c.codes, SEED_K)
    return np.unique(h[h % np.uint64(COMMON_SAMPLE) == 0])


def _max_df(n_docs: int) -> int:
    return max(COMMON_MIN_DOCS, int(COMMON_SHARE * n_docs))


def _candidates(cleaned: Iterable[_Clean], n_docs: int, sample: int, only: int | None,
                fingerprints: list | None) -> set[tuple[int, int]]:
    """Candidate document pairs (i < j) from LSH buckets. Fills ``fingerprints`` (per document) on the way."""
    sig_blocks, doc_blocks = [], []
    for d, c in enumerate(cleaned):
        sigs = window_signatures(c, sample)
        if fingerprints is not None:
            fingerprints.append(_common_fingerprints(c))
        sig_blocks.append(sigs)
        doc_blocks.append(np.full(len(sigs), d, dtype=np.int32))
    if not sig_blocks:
        return set()
    sigs = np.concatenate(sig_blocks)
    win_doc = np.concatenate(doc_blocks)
    if not len(sigs):
        return set()
    buckets = lsh_buckets(sigs) if len(sigs) <= DATASKETCH_MAX_WINDOWS else banded_buckets(sigs, win_doc)
    max_df = _max_df(n_docs)
    pairs: set[tuple[int, int]] = set()
    for ks in buckets:
        if len(ks) > MAX_BUCKET_WINDOWS:
            continue
        docs = win_doc[ks]
        if docs.min() == docs.max():
            continue
        udocs = np.unique(docs)
        if len(udocs) < 2 or len(udocs) > max_df or (only is not None and only not in udocs):
            continue
        s = sigs[ks]
        agree = (s[:, None, :] == s[None, :, :]).mean(axis=2) >= MIN_SIGNATURE_AGREEMENT
        for x, y in zip(*np.nonzero(np.triu(agree, 1))):
            da, db = int(docs[x]), int(docs[y])
            if da != db and (only is None or only in (da, db)):
                pairs.add((min(da, db), max(da, db)))
    return pairs


def lsh_buckets(sigs: np.ndarray) -> list[np.ndarray]:
    """Buckets (arrays of row numbers, two or more rows) of a datasketch ``MinHashLSH`` holding every row."""
    from datasketch import LeanMinHash, MinHashLSH
    lsh = MinHashLSH(num_perm=NUM_PERM, params=BANDS)
    with lsh.insertion_session() as session:
        for key, row in enumerate(sigs):
            session.insert(key, LeanMinHash(seed=1, hashvalues=row, scheme="affine32"), check_duplication=False)
    out = []
    for table in lsh.hashtables:
        for h in table.keys():
            keys = table.get(h)
            if len(keys) >= 2:
                out.append(np.fromiter(keys, dtype=np.int64, count=len(keys)))
    return out


def banded_buckets(sigs: np.ndarray, win_doc: np.ndarray | None = None) -> list[np.ndarray]:
    """The same buckets as ``lsh_buckets`` (same bands, exact equality of each band's rows; tested equal),
    computed with sorts: datasketch's per-key insert costs ~25-45 us and ~2 KB of Python objects per window,
    too much for a million windows."""
    bands, rows = BANDS
    out = []
    for band in range(bands):
        cols = sigs[:, band * rows:(band + 1) * rows]
        order = np.lexsort(cols.T[::-1])
        sc = cols[order]
        new = np.ones(len(sc), dtype=bool)
        new[1:] = (sc[1:] != sc[:-1]).any(axis=1)
        starts = np.nonzero(new)[0]
        sizes = np.diff(np.append(starts, len(sc)))
        keep = sizes >= 2
        if win_doc is not None and keep.any():
            # buckets whose windows all come from one document (overlapping windows of one text) cannot pair
            d = win_doc[order]
            keep &= np.minimum.reduceat(d, starts) != np.maximum.reduceat(d, starts)
        for st, size in zip(starts[keep].tolist(), sizes[keep].tolist()):
            out.append(order[st:st + size])
    return out


def _common_set(fingerprints: list[np.ndarray], n_docs: int) -> np.ndarray:
    if n_docs <= COMMON_MIN_DOCS or not fingerprints:
        return np.zeros(0, dtype=np.uint64)
    vals, counts = np.unique(np.concatenate(fingerprints), return_counts=True)
    return vals[counts > _max_df(n_docs)]


# --- stage 2: alignment and discounting ---------------------------------------------------------------------------

def _as_str(codes: np.ndarray) -> str:
    return codes.astype(np.uint32).tobytes().decode("utf-32-le", "surrogatepass")


def _formula_matcher(lexicon):
    if lexicon is None:
        return None
    from analyzer.text.matcher import PhraseMatcher

    def build(lex):
        # matched on cleaned text, so quotes, commas and spaces inside a formula never prevent a match
        keys = {_as_str(clean(s).codes) for s in lex.formulas()}
        return PhraseMatcher((k, None) for k in keys if len(k) >= MIN_FORMULA_CHARS)
    return lexicon.compiled("reuse-formulas", build)


@dataclass
class _Prepared:
    clean: _Clean
    hashes: np.ndarray   # SEED_K-gram hashes
    common: np.ndarray   # bool per cleaned char: common material of the batch (trimmed off passage edges)
    discount: np.ndarray  # bool per cleaned char: common material or formula (not counted as copied)


class _Batch:
    """Documents of one call, prepared lazily for alignment (a small cache: a 10,000-document batch is never
    held cleaned in memory at once)."""

    def __init__(self, docs: list[Document], matcher, common: np.ndarray, cache_size: int = 512):
        self.docs, self.matcher, self.common = docs, matcher, common
        self._cache: OrderedDict[int, _Prepared] = OrderedDict()
        self.cache_size = cache_size

    def get(self, i: int) -> _Prepared:
        if i in self._cache:
            self._cache.move_to_end(i)
            return self._cache[i]
        c = clean(self.docs[i].text)
        h = kgram_hashes(c.codes, SEED_K)
        common = np.zeros(len(c.codes), dtype=bool)
        if len(self.common) and len(h):
            hit = np.nonzero(np.isin(h, self.common))[0]
            common[(hit[:, None] + np.arange(SEED_K)[None, :]).ravel()] = True
        discount = common.copy()
        if self.matcher is not None and self.matcher.size and len(c.codes):
            cleaned = _as_str(c.codes)
            for hit in self.matcher.iter_all(cleaned, cleaned):
                discount[hit.start:hit.end] = True
        prep = _Prepared(c, h, common, discount)
        self._cache[i] = prep
        if len(self._cache) > self.cache_size:
            self._cache.popitem(last=False)
        return prep


def _passages(pa: _Prepared, pb: _Prepared, min_chars: int) -> list[Aligned]:
    out = []
    for p in align(pa.clean.codes, pb.clean.codes, hashes=(pa.hashes, pb.hashes)):
        if p.length < min_chars:
            continue
        p = trim(p, pa.common)
        if p is None or p.length < min_chars:
            continue
        own_a = p.a_end - p.a_start - int(pa.discount[p.a_start:p.a_end].sum())
        own_b = p.b_end - p.b_start - int(pb.discount[p.b_start:p.b_end].sum())
        if min(own_a, own_b) >= min_chars:
            out.append(p)
    return out


def _share(spans: list[tuple[int, int]], n: int) -> float:
    if not n:
        return 0.0
    covered = np.zeros(n, dtype=bool)
    for s, e in spans:
        covered[s:e] = True
    return float(covered.sum()) / n


def _name(doc: Document, i: int) -> str:
    return doc.path or f"<文档 {i + 1}>"


def _run(docs: list[Document], min_chars: int, lexicon, only: int | None) -> list[tuple[int, int, list[Aligned],
                                                                                      _Batch]]:
    if lexicon is None:
        from analyzer.lexicon import default_lexicon
        lexicon = default_lexicon()
    n = len(docs)
    if n < 2:
        return []
    total = sum(len(d.text) for d in docs)
    sample = 2 if total > DENSE_LIMIT else 1
    fingerprints: list[np.ndarray] | None = [] if n > COMMON_MIN_DOCS else None
    pairs = _candidates((clean(d.text) for d in docs), n, sample, only, fingerprints)
    batch = _Batch(docs, _formula_matcher(lexicon), _common_set(fingerprints or [], n))
    out = []
    for i, j in sorted(pairs):
        found = _passages(batch.get(i), batch.get(j), min_chars)
        if found:
            out.append((i, j, found, batch))
    return out


def find_pairs(docs: list[Document], *, min_chars: int = 50, lexicon=None) -> list[ReusePair]:
    """Every pair of ``docs`` sharing at least one passage of ``min_chars`` content characters that is not
    formula or common material; most-shared first. ``a`` is the earlier document of ``docs``."""
    result = []
    for i, j, found, batch in _run(docs, min_chars, lexicon, None):
        pa, pb = batch.get(i), batch.get(j)
        ta = docs[i].text
        passages = []
        for p in found:
            a0, a1 = int(pa.clean.pos[p.a_start]), int(pa.clean.pos[p.a_end - 1]) + 1
            b0, b1 = int(pb.clean.pos[p.b_start]), int(pb.clean.pos[p.b_end - 1]) + 1
            passages.append((a0, a1, b0, b1, ta[a0:a1]))
        result.append(ReusePair(_name(docs[i], i), _name(docs[j], j),
                                _share([(p.a_start, p.a_end) for p in found], len(pa.clean.codes)),
                                _share([(p.b_start, p.b_end) for p in found], len(pb.clean.codes)), passages))
    result.sort(key=lambda r: (-max(r.a_share, r.b_share), r.a, r.b))
    return result


def against(doc: Document, others: list[Document], *, min_chars: int = 50, lexicon=None) -> list[ReuseResult]:
    """Passages of ``doc`` found in each of ``others`` (for ``check --against``); offsets ``start``/``end`` index
    ``doc.text``, ``other_start``/``other_end`` the other's text. Others sharing nothing are left out."""
    docs = [doc, *others]
    out = []
    for i, j, found, batch in _run(docs, min_chars, lexicon, 0):
        me, other = (i, j) if i == 0 else (j, i)
        pm, po = batch.get(me), batch.get(other)
        passages = []
        for p in found:
            ms, me_, os_, oe = (p.a_start, p.a_end, p.b_start, p.b_end) if me == i else \
                (p.b_start, p.b_end, p.a_start, p.a_end)
            passages.append(Passage(int(pm.clean.pos[ms]), int(pm.clean.pos[me_ - 1]) + 1,
                                    int(po.clean.pos[os_]), int(po.clean.pos[oe - 1]) + 1))
        passages.sort(key=lambda p: p.start)
        out.append(ReuseResult(_name(docs[other], other), passages))
    return out
