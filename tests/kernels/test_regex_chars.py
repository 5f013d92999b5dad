"""``analyzer.kernels.regex_chars`` against its plain equivalent: ``placeholders.find`` (patterns skipped over texts
that lack the characters they need) against ``placeholders.find_plain`` (every pattern over every text), on real
texts, on real texts with placeholder characters sprinkled in, and on the lexicon's own examples; and the sets
themselves checked against every match of many patterns over random strings."""
from __future__ import annotations

import random
import re

import pytest

from analyzer.analyses.placeholders import find, find_plain
from analyzer.kernels.regex_chars import WIDEST, may_match, needed
from analyzer.lexicon import default_lexicon
from kernels.texts import EDGE_ALPHABET, corpus_texts, edge_texts, sample_texts

# the characters the shipped placeholder patterns are about, and their neighbours in those patterns
_HOLES = "XxＸｘ×✕╳*＊○〇◯某_＿12０年月日第的二〇张aZ9"


def _sprinkled(text: str, rng: random.Random, n: int) -> str:
    chars = list(text)
    for _ in range(n):
        i = rng.randrange(len(chars) + 1)
        chars[i:i] = rng.choice(_HOLES) * rng.randint(1, 4)
    return "".join(chars)


def _assert_same(texts) -> int:
    lex = default_lexicon()
    found = 0
    for t in texts:
        for fmt in ("txt", "md"):
            got = find(t, lex, fmt)
            assert got == find_plain(t, lex, fmt), t[:80]
            found += len(got)
    return found


def test_samples_and_their_mutations_find_what_the_plain_scan_finds():
    rng = random.Random(3)
    texts = [t for _, t in sample_texts()]
    assert _assert_same(texts) == 0
    assert _assert_same([_sprinkled(t, rng, 40) for t in texts]) > 100


def test_corpus_and_its_mutations_find_what_the_plain_scan_finds(corpus):
    rng = random.Random(4)
    texts = [t for _, t in corpus_texts()]
    assert len(texts) >= 50
    _assert_same(texts)
    assert _assert_same([_sprinkled(t, rng, 30) for t in texts]) > 500


def test_lexicon_examples_and_edge_texts_find_what_the_plain_scan_finds():
    rules = default_lexicon().kind("placeholders").values()
    examples = [ex.text for r in rules for ex in (*r.bad, *r.good)]
    assert len(examples) > 40
    assert _assert_same(examples) > 20
    _assert_same(edge_texts(seed=9, count=300, longest=30))


_PATTERNS = [r.pattern for r in default_lexicon().kind("placeholders").values()] + [re.compile(p) for p in (
    "abc", "a|bc", "(?:ab|c)+d", "a?b*c{0,3}", "[^a]b", r"\d+X", "(a)(?(1)b|c)", "(?<=x)y(?=z)", "(?:a|)b",
    "a{2,}|b{1,2}c", "(?>a+)b", "a++b", "[a-f]{3}|[x-z]", r"\bab\b", "(?:(?:a|b)|(?:c|d))e", "某某(?=[年月日])",
    "[abc]+?d", "a.c", r"(a)\1")]


@pytest.mark.parametrize("pattern", _PATTERNS, ids=lambda p: p.pattern[:30])
def test_every_match_holds_a_character_of_every_set(pattern):
    sets = needed(pattern)
    assert all(0 < len(s) <= WIDEST for s in sets)
    # the pattern's own characters (its literals, lookaround contexts) and a few others, so that matches happen
    rng = random.Random(pattern.pattern)
    own = sorted({c for c in pattern.pattern if c not in "()[]{}?*+|^$\\.<=!>:,-"})
    alphabet = "".join(rng.sample(own, min(len(own), 24))) + "abxz07" + "".join(sorted({c for s in sets for c in s}))
    alphabet += "X某年二张"
    matched = 0
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        for m in pattern.finditer(text):
            if m.end() > m.start():
                matched += 1
                assert all(set(m.group()) & s for s in sets), (text, m.group(), sets)
        if pattern.search(text):
            assert may_match(text, sets)
    assert matched > 0


def test_sets_read_from_the_syntax():
    assert needed(re.compile("abc")) == (frozenset("a"), frozenset("b"), frozenset("c"))
    assert needed(re.compile("a|bc")) == (frozenset("ab"),)
    assert needed(re.compile("(?:a|)b")) == (frozenset("b"),)
    assert needed(re.compile("[^a]b|c")) == (frozenset("bc"),)
    assert needed(re.compile("[^a]|c")) == ()         # an alternative with no set: no set for the branch
    assert needed(re.compile(r"[\u4e00-\u9fff]X")) == (frozenset("X"),)     # a CJK range is no filter
    assert needed(re.compile("(?i)x")) == () and needed(re.compile("a(?i:b)")) == ()
    assert needed(re.compile("a(?=(?i:b))")) == ()
    assert needed(re.compile("x|y+z+w")) == (frozenset("xy"),)      # one set from each alternative
    assert not may_match("zw", needed(re.compile("x|y+z+w"))) and may_match("wy", needed(re.compile("x|y+z+w")))
