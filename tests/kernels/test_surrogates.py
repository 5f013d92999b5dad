"""kernels.surrogates.has_surrogate answers as the regex search it replaces."""
from __future__ import annotations

import re

from analyzer.kernels.surrogates import has_surrogate
from kernels.texts import corpus_texts, edge_texts, sample_texts

SURROGATE = re.compile("[\ud800-\udfff]")


def _same(text: str) -> None:
    assert has_surrogate(text) == (SURROGATE.search(text) is not None), repr(text[:80])


def _real(texts) -> None:
    for _, text in texts:
        _same(text)
        _same(text[:len(text) // 2] + "\udc80" + text[len(text) // 2:])


def test_samples():
    _real(sample_texts())


def test_corpus(corpus):
    _real(corpus_texts())


def test_edge_texts():
    for text in edge_texts(seed=12, count=3000, longest=30):
        _same(text)
    for c in ("\ud7ff", "\ud800", "\udbff", "\udc00", "\udfff", "\ue000", "\U0010ffff", "\x00", "é"):
        _same(c)
        _same("党" + c + "a")
