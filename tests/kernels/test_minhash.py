"""``analyzer.kernels.minhash`` against its plain equivalent: ``window_signatures`` (the sliding-window minimum)
equals ``window_signatures_plain`` (every window's shingle values, then their minimum) on real files, the corpus
when present, generated edge cases, texts of every length around the window and shingle sizes, and with sampled
window starts."""
from __future__ import annotations

import random

import numpy as np

from analyzer.analyses.reuse.detect import (NUM_PERM, SHINGLE, WINDOW, clean, window_signatures,
                                            window_signatures_plain)
from analyzer.kernels.minhash import window_minhash
from kernels.texts import corpus_texts, edge_texts, sample_texts


def _assert_same(texts) -> None:
    for name, text in texts:
        c = clean(text)
        for sample in (1, 2):
            got, want = window_signatures(c, sample), window_signatures_plain(c, sample)
            assert got.dtype == want.dtype == np.uint32 and got.shape == want.shape, name
            assert np.array_equal(got, want), name


def test_real_files():
    texts = sample_texts()
    assert texts
    _assert_same(texts)
    assert any(len(window_signatures(clean(t), 1)) > 10 for _, t in texts)    # many overlapping windows


def test_corpus():
    _assert_same(corpus_texts())


def test_edge_texts_and_every_length_around_the_window():
    _assert_same(("edge", t) for t in edge_texts(17, 200, 400))
    rng = random.Random(3)
    base = "".join(rng.choice("党建工作会议学习制度。，组织生活！基层") for _ in range(3 * WINDOW))
    lengths = list(range(0, SHINGLE + 3)) + list(range(WINDOW - 8, WINDOW + 40)) + [2 * WINDOW, 3 * WINDOW]
    _assert_same((f"len {n}", base[:n]) for n in lengths)


def test_kernel_on_arbitrary_starts():
    """Any starts, including windows running past the end and starts on block edges."""
    rng = np.random.default_rng(5)
    a = rng.integers(1, 2 ** 32, NUM_PERM, dtype=np.uint64).astype(np.uint32) | np.uint32(1)
    b = rng.integers(0, 2 ** 32, NUM_PERM, dtype=np.uint64).astype(np.uint32)
    for n, width in ((1, 96), (5, 96), (96, 96), (97, 96), (500, 96), (300, 7), (64, 1)):
        hs = rng.integers(0, 2 ** 32, n, dtype=np.uint64).astype(np.uint32)
        starts = np.unique(np.concatenate([[0, n - 1], rng.integers(0, n, 30), np.arange(0, n, width)]))
        idx = np.minimum(starts[:, None] + np.arange(width)[None, :], n - 1)
        with np.errstate(over="ignore"):
            want = (hs[idx][:, :, None] * a + b).min(axis=1)
        assert np.array_equal(window_minhash(hs, starts, width, a, b), want), (n, width)
