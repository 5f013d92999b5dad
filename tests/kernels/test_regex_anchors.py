"""``analyzer.kernels.regex_anchors.AnchoredPattern.finditer`` finds what the plain ``finditer`` of its pattern finds
(spans and groups): the fact and date patterns over the samples, the corpus, their normalised forms and slices of
them; and generated patterns (lookbehinds first, adjacent and repeated matches, unbounded repeats, branches,
negated classes) over random strings long enough for the arrays."""
from __future__ import annotations

import random
import re

from analyzer.analyses.hollowness.features import QUOTE_RE
from analyzer.ingest.dates import CN_DATE_RE, DATE_RE
from analyzer.kernels.regex_anchors import ARRAY_FROM, SPACE_RANGES, AnchoredPattern
from analyzer.text import facts
from analyzer.text.normalize import normalize
from kernels.texts import corpus_texts, edge_texts, sample_texts

FACT_PATTERNS = (facts.TIME_RE, facts.NUMBER_RE, DATE_RE, CN_DATE_RE, facts.RESULT_RE, facts.MEASURE_RE,
                 facts.ACTIVITY_RE, QUOTE_RE)
# shapes: a lookbehind before the anchor, an unbounded run before it, a lookahead, a negated class, ANY, a repeat
# of a group, alternatives with and without an anchor of their own, a lazy repeat, \s and \d
SHAPES = (r"(?<![一二])[一二三]+年", r"\d+\s*个?月内", r"(?=[上下])(?:上|下)半年|每[年月]", r"[^，。]{1,3}?期",
          r"(?:截至.)?\d{1,2}月(?:\d日)?", r"(?:[一二]年){2,}", r"年|月内|(?<=第)[一二]", r"一.{0,3}二",
          r"(?:\d+|[一二三]+) ?个?(?:工作日|日|天)内", r"(?<!\d)\d\d(?!\d)", r"[一二][^\S\n]*[年]")
ALPHABET = "一二三年月日天内上下半每截至第期个工作0１２ 　\n，。党建要\U00020000"
FILLER = "党建要我们的"


def _found(rx, text: str, pos: int = 0, endpos: int | None = None) -> list:
    endpos = len(text) if endpos is None else endpos
    return [(m.span(), m.groups()) for m in rx.finditer(text, pos, endpos)]


def _assert_same(patterns, texts: list[str], seed: int) -> int:
    rng = random.Random(seed)
    found = 0
    for rx in patterns:
        fast = AnchoredPattern(rx)
        for text in texts:
            got = _found(fast, text)
            assert got == _found(rx, text), (rx.pattern[:40], text[:60])
            found += len(got)
            for _ in range(3):
                s = rng.randrange(len(text) + 1)
                e = rng.randrange(s, len(text) + 1)
                assert _found(fast, text, s, e) == _found(rx, text, s, e), (rx.pattern[:40], s, e)
    return found


def test_the_time_pattern_has_anchors_and_few_starts():
    fast = AnchoredPattern(facts.TIME_RE)
    assert fast.anchors and fast.anchors <= set("年月季度截至内前限期每")
    text = "要坚持一张蓝图绘到底，上下一心，本着实事求是的原则，第一时间推进。" * 100
    assert fast.starts(text, 0, len(text)) == []


def test_starts_skip_a_first_character_whose_anchor_is_beyond_the_longest_match():
    """一 begins a match only when 年 follows within the pattern's longest match (5 characters) through characters
    the pattern can hold (好 坏); a start further from its anchor, or cut off from it by a character no match holds, is
    skipped."""
    fast = AnchoredPattern(re.compile(r"[一二三][好坏]{0,3}年"))
    near, far, cut = "一好年", "一好好好好好好年", "二好，年"
    text = (near + "。" + far + "。" + cut + "。") * 200
    starts = fast.starts(text, 0, len(text))
    unit = len(near + far + cut) + 3
    assert starts == [i * unit for i in range(200)]
    assert [m.start() for m in fast.finditer(text)] == [m.start() for m in fast.pattern.finditer(text)]


def test_samples_find_what_the_plain_patterns_find():
    samples = [t for _, t in sample_texts() if t]
    texts = ["\n".join(samples)] + [t * (ARRAY_FROM // len(t) + 1) for t in samples]      # long enough for the arrays
    texts += [normalize(t) for t in texts]
    assert _assert_same(FACT_PATTERNS, texts, 1) > 100


def test_corpus_finds_what_the_plain_patterns_find(corpus):
    texts = [t for _, t in corpus_texts()]
    texts += [normalize(t) for t in texts]
    assert _assert_same(FACT_PATTERNS, texts, 2) > 10000


def test_generated_patterns_over_random_texts():
    rng = random.Random(3)
    texts = []
    for sparse in (0.0, 0.8, 0.95):         # dense texts fall back to finditer; sparse ones are tried start by start
        texts += ["".join(rng.choice(FILLER if rng.random() < sparse else ALPHABET)
                          for _ in range(rng.randint(ARRAY_FROM, 2 * ARRAY_FROM))) for _ in range(20)]
    texts += ["年" * ARRAY_FROM, "一二年" * ARRAY_FROM, "一" * ARRAY_FROM + "年"]
    assert _assert_same([re.compile(p) for p in SHAPES] + list(FACT_PATTERNS), texts, 4) > 1000


def test_edge_texts_and_patterns_kept_plain():
    long = ["".join(edge_texts(seed=s, count=200, longest=30)) for s in range(5)]
    assert _assert_same(FACT_PATTERNS, long + edge_texts(seed=9, count=50, longest=20), 5) > 0
    for p in (r"a?b", r"(?i)年", r"x*", r"(?a)\d+年"):
        fast = AnchoredPattern(re.compile(p))
        text = "年b" * ARRAY_FROM
        assert fast.starts(text, 0, len(text)) is None
        assert _found(fast, text) == _found(re.compile(p), text)


def test_the_space_ranges_are_what_backslash_s_matches():
    listed = {c for a, b in SPACE_RANGES for c in range(a, b + 1)}
    assert listed == {c for c in range(0x110000) if chr(c).isspace()}
    assert all(re.fullmatch(r"\s", chr(c)) for c in listed)
