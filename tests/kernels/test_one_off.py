"""``analyzer.kernels.one_off`` against its plain equivalent: ``NearScan.find`` (long texts drop the windows that are no
near miss by array operations) equals ``NearScan.find_plain`` (every key window looked at) for the lexicon's
formulas, on real files and on generated texts dense with formulas, their near misses and edge characters."""
from __future__ import annotations

import random

from analyzer.analyses.formulations.engine import compiled
from analyzer.analyses.formulations.scan import ARRAY_FROM
from analyzer.text.normalize import normalize
from kernels.texts import EDGE_ALPHABET, corpus_texts, edge_texts, sample_texts


def _assert_same(near, texts) -> int:
    """Both paths agree on every text (each repeated past ARRAY_FROM too); the number of near misses compared."""
    found = 0
    for name, text in texts:
        for t in (text, text * (ARRAY_FROM // max(len(text), 1) + 1) if text else ""):
            norm = normalize(t)
            fast = near.find(norm)
            assert fast == near.find_plain(norm), name
            found += len(fast)
    return found


def test_samples(lexicon):
    texts = sample_texts()
    assert len(texts) == 12
    assert _assert_same(compiled(lexicon).near, texts) > 0


def test_corpus(lexicon, corpus):
    texts = corpus_texts()
    assert len(texts) >= 50
    assert _assert_same(compiled(lexicon).near, texts) > 100


def test_generated_texts(lexicon):
    """Formulas written right, with one character changed to a homophone, a near form or anything else, with two
    changed, cut short, between separators and edge characters."""
    near = compiled(lexicon).near
    rng = random.Random(5)
    sound = sorted({c for t in near.targets for c in t[0]})
    pieces = []
    for text, _ in near.targets:
        pieces.append(text)
        for changes in (1, 1, 2):
            chars = list(text)
            for _ in range(changes):
                chars[rng.randrange(len(chars))] = rng.choice(sound + list(EDGE_ALPHABET))
            pieces.append("".join(chars))
        pieces.append(text[:rng.randint(1, len(text))])
    pieces += list(EDGE_ALPHABET) + ["、", "，", "和", "\n"]
    texts = [(f"generated {n}", "".join(rng.choice(pieces) for _ in range(n))) for n in (0, 1, 5, 50, 400, 3000)]
    texts += [(repr(t), t) for t in edge_texts(seed=6, count=30, longest=30)]
    assert _assert_same(near, texts) > 50
