"""``analyzer.kernels.spaced_forms`` against its plain equivalent, the alternation regex: ``dates.named_matches``
against ``dates.named_matches_plain`` on real texts and on the lexicon's own forms broken by quotes, spaces and
line breaks; and ``SpacedForms`` against the regex it replaces for random forms (prefixes of each other,
repeated, overlapping)."""
from __future__ import annotations

import functools
import random
import re

import pytest

from analyzer.ingest.dates import gap_chars, named_matches, named_matches_plain
from analyzer.kernels.spaced_forms import SpacedForms
from analyzer.lexicon import default_lexicon
from kernels.texts import corpus_texts, edge_texts, sample_texts

_GAPS = " \n\t\u3000\u00a0“”\"'‘’「」『』"


def _forms() -> list[str]:
    return [f for e in default_lexicon().kind("dating").values() if e.type in ("year", "event") for f in e.forms]


def _broken(form: str, rng: random.Random) -> str:
    chars = list(form)
    for _ in range(rng.randint(0, 3)):
        chars.insert(rng.randint(0, len(chars)), rng.choice(_GAPS) * rng.randint(1, 2))
    return "".join(chars)


def test_samples_and_corpus_give_the_regex_matches(corpus):
    lex = default_lexicon()
    texts = [t for _, t in sample_texts() + corpus_texts()]
    found = 0
    for t in texts:
        got = named_matches(t, lex)
        assert got == named_matches_plain(t, lex)
        found += len(got)
    assert found > 200


def test_lexicon_forms_broken_by_gaps_give_the_regex_matches():
    lex = default_lexicon()
    forms = _forms()
    assert len(forms) > 50
    rng = random.Random(11)
    found = 0
    for _ in range(2000):
        parts = [rng.choice(["", "党的", "“", " ", "\n", "迎接", "。"]) for _ in range(2)]
        parts += [_broken(rng.choice(forms), rng) for _ in range(rng.randint(1, 3))]
        parts.append(rng.choice(["", "”", rng.choice(forms)[1:], rng.choice(forms)[:2]]))
        text = "".join(parts)
        got = named_matches(text, lex)
        assert got == named_matches_plain(text, lex), text
        found += len(got)
    assert found > 1500
    for t in edge_texts(seed=12, count=200, longest=30):
        assert named_matches(t, lex) == named_matches_plain(t, lex)


@functools.lru_cache(maxsize=None)
def _chars_of(char_class: str) -> str:
    return "".join(c for c in map(chr, range(0x110000)) if re.match(char_class, c))


@pytest.mark.parametrize("seed", range(8))
def test_random_forms_give_the_alternation_matches(seed):
    """Forms of the BMP (the array trie) and forms beyond it (the automaton)."""
    rng = random.Random(seed)
    gap = r"[\s\"'“”]"
    alphabet = "abcde" if seed < 6 else "ab\U00020000d"
    forms = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 4))) for _ in range(rng.randint(1, 12))]
    rng.shuffle(forms)
    regex = re.compile("|".join("(" + f"{gap}*".join(map(re.escape, f)) + ")" for f in forms))
    kernel = SpacedForms(forms, _chars_of(gap))
    assert (kernel.kernel() is None) == (seed >= 6 and any("\U00020000" in f for f in forms))
    for _ in range(400):
        text = "".join(rng.choice(alphabet + " “\n\ud800") for _ in range(rng.randint(0, 30)))
        plain = [(m.start(), m.end(), m.lastindex - 1) for m in regex.finditer(text)]
        got = kernel.finditer(text)
        # a repeated form: the regex names its first alternative, the kernel too
        assert got == plain, (forms, text)


def test_an_empty_form_is_refused():
    with pytest.raises(ValueError):
        SpacedForms(["ab", ""], " ")
    with pytest.raises(ValueError):
        SpacedForms(["a b"], " ")


def test_gap_characters_are_the_regex_class_over_every_code_point():
    assert set(_chars_of(r"[\"'“”‘’「」『』\s]")) == set(gap_chars())
