"""``analyzer.kernels.anchored_forms`` against its plain equivalent: ``dates.anniversaries`` (forms tried only where
周年 is) against ``dates.anniversaries_plain`` (the alternation regex) on the samples, the corpus, the lexicon's
examples and random strings of its forms, gaps, numbers and 周年; and the class itself against a regex of crafted
forms."""
from __future__ import annotations

import random
import re

from analyzer.ingest.dates import anniversaries, anniversaries_plain
from analyzer.kernels.anchored_forms import AnchoredForms
from analyzer.lexicon import default_lexicon
from kernels.texts import corpus_texts, edge_texts, sample_texts

_GAPS = " “”「』\"'\n\t\u3000"


def _forms() -> list[str]:
    return [f for e in default_lexicon().kind("dating").values() if e.type == "anniversary" for f in e.forms]


def _assert_same(texts) -> int:
    lex = default_lexicon()
    found = 0
    for t in texts:
        got = anniversaries(t, lex)
        assert got == anniversaries_plain(t, lex), t[:80]
        found += len(got)
    return found


def _random_texts(seed: int, count: int, forms: list[str]) -> list[str]:
    rng = random.Random(seed)
    alpha = list(set("".join(forms))) + list("的一二十百零〇0１٣周年，。中") + list(_GAPS)

    def gapped(f: str) -> str:
        return "".join(c + ("".join(rng.choice(_GAPS) for _ in range(rng.randint(0, 2))) if rng.random() < 0.3 else "")
                       for c in f)
    texts = []
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(1, 7)):
            r = rng.random()
            if r < 0.3:
                parts.append(gapped(rng.choice(forms)))
            elif r < 0.45:
                parts.append(rng.choice(["周年", "100周年", "的 七十 周年", "五十", "1"]))
            else:
                parts.append("".join(rng.choice(alpha) for _ in range(rng.randint(0, 4))))
        texts.append("".join(parts))
    return texts


def test_samples_and_lexicon_examples_find_what_the_regex_finds():
    assert _assert_same([t for _, t in sample_texts()]) >= 0
    examples = [text for e in default_lexicon().kind("dating").values() if e.type == "anniversary"
                for text, _ in e.examples]
    assert len(examples) > 5
    assert _assert_same(examples) > 5


def test_corpus_finds_what_the_regex_finds(corpus):
    assert _assert_same([t for _, t in corpus_texts()]) > 20


def test_random_and_edge_texts_find_what_the_regex_finds():
    assert _assert_same(_random_texts(3, 5000, _forms())) > 200
    _assert_same(edge_texts(seed=11, count=300, longest=30))


def test_the_class_equals_its_regex_on_crafted_forms():
    forms = ["党成立", "党", "建党", "成立", "党成"]             # overlapping, one a prefix of another
    tail = r"\s*的?\s*(\d{1,3}|[一二三十百]{1,5})\s*周年"
    gap = "".join(sorted(set(_GAPS)))
    gapped = [("[" + re.escape(gap) + "]*").join(map(re.escape, f)) for f in forms]
    plain = re.compile("(?:" + "|".join(f"({g})" for g in gapped) + ")" + tail)
    fast = AnchoredForms(forms, gap, tail, "周年", "的一二三十百周年")
    for text in _random_texts(5, 3000, forms) + ["建党100周年党成立十周年", "党“成立”的 三十 周年周年"]:
        want = [(m.start(), m.end(), next(i for i in range(len(forms)) if m.group(i + 1) is not None),
                 m.group(m.lastindex)) for m in plain.finditer(text)]
        assert [(s, e, k, m.group(1)) for s, e, k, m in fast.finditer(text)] == want, text
