"""``analyzer.kernels.regex_scan`` against its plain equivalent: every pattern compiled by ``compile_scanning`` finds
what ``re.compile`` of the same pattern finds (spans and groups), over the samples, the corpus, edge texts and
slices of them; its ``\\d`` superset holds every character ``\\d`` matches."""
from __future__ import annotations

import random
import re

from analyzer.analyses.hollowness.features import YAO_RE
from analyzer.ingest.dates import CN_DATE_RE, DATE_RE
from analyzer.kernels.facts_orgs import org_matches
from analyzer.kernels.regex_scan import DIGIT_RANGES, compile_scanning
from analyzer.text import facts
from analyzer.text.normalize import normalize
from kernels.texts import corpus_texts, edge_texts, sample_texts

SCANNED = (facts.NUMBER_RE, facts.TIME_RE, facts.RESULT_RE, DATE_RE, CN_DATE_RE, YAO_RE)
# shapes whose first characters are known: a repeat, a lookbehind first, a group, a branch, an anchor
FAST_SHAPES = (r"\d+年", r"(?<![“\"])\d+", r"(?:(?<=党)[建委]|[一二]{2,})(?!年)", r"\b(\d)\d?月", r"(?<!某)某+(?=[年月])|[第]\d",
               r"[季\d]+度",           # one literal first character beside \d: not searched as that literal alone
               r"(?<![一])年(?:底|内)", r"(?=[要])(?<=[，我])要(?!求)|(?<![\s\S])要", r"(?<=我)(a)b", r"(?<=x)é+")
# the last four have one first character: searched for as a literal prefix that the matcher does not skip
# shapes that keep the plain compile: a match that may be empty, case folding, re's own literal prefix, any
# character first, an optional first element, a negated class
PLAIN_SHAPES = (r"(?=[一二])[一二]*", r"(?i)(?=[ab])ab", r"某某(?=[年月日])", r".x", r"a?b", r"[^a]b")


def _found(rx: re.Pattern, text: str, pos: int = 0, endpos: int | None = None) -> list:
    endpos = len(text) if endpos is None else endpos
    return [(m.span(), m.groups()) for m in rx.finditer(text, pos, endpos)]


def _assert_same(texts: list[str], seed: int) -> int:
    rng = random.Random(seed)
    found = 0
    for rx in SCANNED + tuple(map(compile_scanning, FAST_SHAPES)):
        plain = re.compile(rx.pattern)
        for text in texts:
            got = _found(rx, text)
            assert got == _found(plain, text), (rx.pattern[:40], text[:60])
            found += len(got)
            for _ in range(3):
                s = rng.randrange(len(text) + 1)
                e = rng.randrange(s, len(text) + 1)
                assert _found(rx, text, s, e) == _found(plain, text, s, e)
    return found


def test_the_fact_and_date_patterns_take_the_fast_path():
    for rx in SCANNED:
        assert rx is not re.compile(rx.pattern)        # compiled by the kernel, not by re's own cache
    for p in FAST_SHAPES:
        assert compile_scanning(p) is not re.compile(p)


def test_other_shapes_are_compiled_as_re_compiles_them():
    for p in PLAIN_SHAPES:
        assert compile_scanning(p) is re.compile(p)


def test_samples_find_what_the_plain_patterns_find():
    texts = [t for _, t in sample_texts()]
    texts += [normalize(t) for t in texts]
    assert _assert_same(texts, 1) > 100


def test_corpus_finds_what_the_plain_patterns_find(corpus):
    texts = [t for _, t in corpus_texts()]
    texts += [normalize(t) for t in texts]
    assert _assert_same(texts, 2) > 10000
    for text in texts[:20]:
        assert org_matches(text, facts.ORG_SUFFIXES) == [(m.start(), m.group()) for m in facts.ORG_RE.finditer(text)]


def test_edge_texts_find_what_the_plain_patterns_find():
    digits = "0９٣𝟘〇○零一二两三四五六七八九十百千万亿年月日每上下今明去当本截限第季度底前内要我们，、“党建委某 完成了累计"
    rng = random.Random(5)
    texts = edge_texts(seed=7, count=300, longest=30)
    texts += ["".join(rng.choice(digits) for _ in range(rng.randint(1, 25))) for _ in range(2000)]
    assert _assert_same(texts, 3) > 1000


def test_the_digit_superset_holds_every_digit():
    digit = re.compile(r"\d")
    missing = [c for c in range(0x110000) if digit.match(chr(c)) and not any(a <= c <= b for a, b in DIGIT_RANGES)]
    assert missing == []
