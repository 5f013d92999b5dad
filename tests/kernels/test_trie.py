"""``analyzer.kernels.trie`` against its plain equivalent, the automaton: ``PatternScan.by_rule`` (long texts take
the array trie) equals ``PatternScan.by_rule_plain`` for the lexicon's own patterns (the rule anchors)
on real files and generated texts, and for generated pattern sets (one-character patterns, characters beyond the
BMP, payloads with and without a radius)."""
from __future__ import annotations

import random

import pytest

from analyzer.analyses.formulations.common import RuleHit
from analyzer.analyses.formulations.engine import compiled
from analyzer.analyses.formulations.scan import ARRAY_FROM, PatternScan
from analyzer.kernels import trie
from analyzer.text.normalize import normalize
from kernels.texts import EDGE_ALPHABET, corpus_texts, edge_texts, sample_texts


@pytest.fixture(scope="module")
def scans(lexicon):
    return [compiled(lexicon).scan]


def _long(text: str) -> str:
    return text * (ARRAY_FROM // max(len(text), 1) + 1) if text else ""


def _assert_same(scans, texts) -> int:
    """Both paths agree on every text (each repeated past ARRAY_FROM too); the number of hits compared."""
    hits = 0
    for scan in scans:
        for name, text in texts:
            for t in (text, _long(text)):
                norm = normalize(t)
                fast = scan.by_rule(t, norm)
                assert fast == scan.by_rule_plain(t, norm), name
                hits += sum(map(len, fast.values()))
    return hits


def test_lexicon_patterns_on_the_samples(scans):
    assert all(scan.kernel() is not None for scan in scans)        # the lexicon's patterns suit the arrays
    texts = sample_texts()
    assert len(texts) == 12
    assert _assert_same(scans, texts) > 100


def test_lexicon_patterns_on_the_corpus(scans, corpus):
    texts = corpus_texts()
    assert len(texts) >= 50
    assert _assert_same(scans, texts) > 1000


def test_lexicon_patterns_on_generated_texts(scans, lexicon):
    """Texts made of the patterns themselves, pieces of them, separators and edge characters: dense, overlapping
    hits, lone and clustered ones (the radius)."""
    rng = random.Random(11)
    phrases = _lexicon_phrases(lexicon)
    pieces = phrases + [p[:rng.randint(1, len(p))] for p in phrases] + list(EDGE_ALPHABET) + ["、", "，", "和", "\n"]
    texts = [(f"generated {n}", "".join(rng.choice(pieces) for _ in range(n))) for n in (0, 1, 5, 50, 400, 2000)]
    texts += [(repr(t), t) for t in edge_texts(seed=12, count=30, longest=30)]
    assert _assert_same(scans, texts) > 1000


def _lexicon_phrases(lexicon) -> list[str]:
    c = compiled(lexicon)
    return sorted({normalize(r.spec.name) for r in c.rules.values() if r.type == "sequence"} |
                  {normalize(i) for r in c.rules.values() if r.type == "sequence" for i in r.spec.items})


def _random_items(rng: random.Random, alphabet: str) -> list[tuple[str, tuple]]:
    items = []
    for i in range(rng.randint(1, 40)):
        phrase = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 6)))
        radius = rng.choice([None, 0, 1, 3, 10])
        items.append((phrase, (f"r{rng.randint(0, 5)}", (radius, i))))
    return items


@pytest.mark.parametrize("alphabet", ["党建政治意识大局、，", "ab党😀\U00020000", "党建" + "".join(map(chr, range(0x4e00, 0x4e40)))])
def test_generated_pattern_sets(alphabet):
    """Random patterns (one-character ones, repeated ones, some rules with a radius) over random texts. Patterns
    beyond the BMP do not suit the arrays: ``trie.build`` says so and ``by_rule`` keeps the automaton."""
    rng = random.Random(alphabet)
    for _ in range(40):
        items = _random_items(rng, alphabet)
        scan = PatternScan(items, lambda rid, payload: payload[0])
        plain = PatternScan(items)                                  # no radius: every hit kept
        table: dict[str, list] = {}
        for phrase, payload in items:
            table.setdefault(normalize(phrase), []).append(payload)
        kernel = trie.build({k: tuple(v) for k, v in table.items()}, lambda rid, payload: payload[0])
        assert (kernel is None) == any(ord(c) >= 0x10000 for c in alphabet)
        for _ in range(5):
            text = "".join(rng.choice(alphabet + "\n ") for _ in range(rng.choice([0, 3, 300, 2 * ARRAY_FROM])))
            norm = normalize(text)
            fast = scan.by_rule(text, norm)
            assert fast == scan.by_rule_plain(text, norm)
            assert plain.by_rule(text, norm) == plain.by_rule_plain(text, norm)
            if kernel is not None:
                assert kernel.by_rule(norm, lambda h: RuleHit(*h)) == scan.by_rule_plain(text, norm)


@pytest.mark.parametrize("alphabet", ["党建政治意识大局、，", "ab党建\U00020000\U0002a6d6"])
def test_through_a_table_is_the_scan_of_the_translated_text(alphabet):
    """``ArrayTrie.through(table)`` scans a text as the trie scans ``text.translate(table)``, for a table that is a
    dict and one that is a string indexed by code point, mapping characters beyond the BMP too (the readings key
    text maps some to private-use characters)."""
    rng = random.Random(alphabet + "through")
    targets = "党建政治意识"
    for _ in range(30):
        items = _random_items(rng, targets)
        table: dict[str, list] = {}
        for phrase, payload in items:
            table.setdefault(normalize(phrase), []).append(payload)
        kernel = trie.build({k: tuple(v) for k, v in table.items()}, lambda rid, payload: payload[0])
        as_dict = {ord(c): rng.choice(targets + "x") for c in rng.sample(alphabet, rng.randint(0, len(alphabet)))}
        top = max(map(ord, alphabet)) + rng.randint(1, 3)
        as_string = "".join(as_dict.get(i, chr(i)) for i in range(top))
        for key_table in (as_dict, as_string):
            keyed = kernel.through(key_table)
            for _ in range(5):
                text = "".join(rng.choice(alphabet + targets + "\n ") for _ in range(rng.choice([0, 3, 300, 2000])))
                got, want = keyed.ordered(text), kernel.ordered(text.translate(key_table))
                assert all(a.tolist() == b.tolist() for a, b in zip(got, want))
