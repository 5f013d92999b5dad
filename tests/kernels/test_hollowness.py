"""The hollowness array kernels give what their plain equivalents give (named in each docstring)."""
from __future__ import annotations

import math
import random
import re
from collections import Counter

import numpy as np

from analyzer.kernels import hollowness as K
from analyzer.kernels.codepoints import code_points
from analyzer.kernels.regex_anchors import SPACES
from analyzer.text.normalize import normalize, sentence_spans
from conftest import SAMPLES, corpus_files

TEXTS = [p.read_text("utf-8") for p in sorted(SAMPLES.glob("*.txt"))]
CRAFTED = ["", "，，", "加强, 党建。\n（一）要落实", "要认清形势、统一思想、提高认识。\n  \t要认清形势。"]


def _texts(n_corpus=8):
    return CRAFTED + TEXTS + [p.read_text("utf-8") for p in corpus_files()[:n_corpus]]


def test_group_equals_a_list_per_sentence():
    rng = random.Random(1)
    for k in (1, 5, 40):
        sent = [rng.randrange(-1, k) for _ in range(300)]
        items = [f"x{i}" for i in range(300)]
        g = K.group(sent, items, k)
        assert [g.of(i) for i in range(k)] == [[it for s, it in zip(sent, items) if s == i] for i in range(k)]
        assert g.counts().tolist() == [sum(1 for s in sent if s == i) for i in range(k)]


def test_sentence_index_equals_the_containing_span():
    for text in _texts(3):
        spans = sentence_spans(text)
        if not spans:
            continue
        st = np.array([s for s, _ in spans]); en = np.array([e for _, e in spans])
        pos = list(range(0, len(text), 7))
        plain = [next((i for i, (s, e) in enumerate(spans) if s <= p < e), -1) for p in pos]
        assert K.sentence_index(st, en, pos).tolist() == plain


def test_rank_right_equals_searchsorted_over_the_tokens_of_real_text():
    import rjieba
    for text in _texts(4):
        ends = np.array([e for _, e in sentence_spans(text)], dtype=np.int64)
        lengths = [len(w) for w in rjieba.cut(text)]
        pos = np.array([0] + lengths, dtype=np.int64).cumsum()         # every token start, and the text's end
        pos = np.concatenate([pos, pos + 3])                              # past the end too
        assert np.array_equal(K.rank_right(ends, pos, len(text)), np.searchsorted(ends, pos, side="right"))


def test_lengths_equal_len_of_each_word():
    import rjieba
    for words in [rjieba.cut(t) for t in _texts(4)] + [[], [""], ["", "甲"], ["a\x00b", "乙"], ["\x00"], ["丙", ""]]:
        assert K.lengths(words).tolist() == [len(w) for w in words]
        assert K.lengths(words).dtype == np.int64


def test_select_equals_a_filtering_loop():
    import rjieba
    rng = random.Random(4)
    for text in _texts(3):
        words = rjieba.cut(text)
        for p in (0.0, 0.3, 1.0):
            mask = np.array([rng.random() < p for _ in words], dtype=bool)
            assert K.select(words, mask) == [w for w, m in zip(words, mask) if m]


def test_spans_union_covered_and_counts_equal_the_mask_of_every_position():
    from analyzer.analyses.hollowness.features import QUOTE_RE
    rng = random.Random(2)
    cases = []
    for n in (1, 10, 200):
        for m in (0, 1, 30):
            spans = [(a, min(n, a + rng.randrange(0, 9))) for a in (rng.randrange(0, n) for _ in range(m))]
            cases.append((n, spans, [rng.random() < 0.6 for _ in range(n)]))
    for text in _texts(4):      # real spans: the short quotations (nested and touching ones among them)
        spans = [m.span() for m in QUOTE_RE.finditer(text)] + [(m.start(), m.end() + 3) for m in re.finditer("“", text)]
        cases.append((len(text) + 3, spans, [0x4E00 <= ord(c) <= 0x9FFF for c in text] + [False] * 3))
    for n, spans, flags in cases:
        mask = [any(s <= x < e for s, e in spans) for x in range(n)]
        union = K.spans_union([s for s, _ in spans], [e for _, e in spans])
        runs = [(m.start(), m.end()) for m in re.finditer("1+", "".join("1" if b else "0" for b in mask))]
        assert list(zip(union[0].tolist(), union[1].tolist())) == runs
        pos = list(range(n))
        assert K.covered(union, pos).tolist() == mask
        assert K.covered_sorted(union, pos).tolist() == mask
        some = sorted(rng.sample(pos, len(pos) // 3))
        assert K.covered(union, some).tolist() == K.covered_sorted(union, some).tolist() == [mask[x] for x in some]
        cum = np.concatenate(([0], np.cumsum(flags, dtype=np.int64)))
        c = np.concatenate(([0], np.cumsum(np.array(mask, dtype=bool) & np.array(flags, dtype=bool))))
        st = np.array(sorted(rng.randrange(0, n + 1) for _ in range(20)))
        en = np.minimum(st + np.array([rng.randrange(0, 30) for _ in range(20)]), n)
        assert K.covered_counts(union, cum, st, en).tolist() == (c[en] - c[st]).tolist()


def test_log1p_equals_its_loop():
    rng = random.Random(2)
    counts = [rng.randrange(0, 50) for _ in range(100)]
    assert K.log1p_of(counts).tolist() == [math.log1p(c) for c in counts]
    columns = [[rng.randrange(0, 50) for _ in range(20)] for _ in range(3)]      # stacked: one table for all
    assert K.log1p_of(np.array(columns)).tolist() == [[math.log1p(c) for c in col] for col in columns]


def test_runs_equal_the_clause_regex():
    sep = re.compile("[^" + re.escape(K.SEG_SEPARATORS) + "]+")
    for text in [normalize(t) for t in _texts(12)]:
        a, b = K.runs(K.code_bits(code_points(text), K.SEG_SEPARATORS) == 0)
        assert list(zip(a.tolist(), b.tolist())) == [m.span() for m in sep.finditer(text)]


def test_code_point_membership_equals_isin_over_every_code_point():
    every = np.arange(0x110000, dtype=np.uint32)
    for members in ((K.SEG_SEPARATORS,), (SPACES,), (K.SEG_SEPARATORS, SPACES), ("甲乙", "", "乙丙")):
        plain = sum(np.isin(every, [ord(c) for c in m]).astype(np.uint8) << i for i, m in enumerate(members))
        assert np.array_equal(K.code_bits(every, *members), plain)
    assert set(SPACES) == {chr(c) for c in range(0x3001) if chr(c).isspace()}
    assert all(not c.isspace() for c in map(chr, range(0x3001, 0x110000)) if c not in "\u3000")  # none above


def test_occurrence_numbers_equal_a_running_count():
    rng = random.Random(3)
    lists = [[], ["甲"], [rng.choice("甲乙丙丁") for _ in range(200)]] + [re.findall(r"[^，。\n]+", t) for t in TEXTS]
    for items in lists:
        seen, expected = Counter(), []
        for v in items:
            seen[v] += 1
            expected.append(seen[v])
        assert K.occurrence_numbers(items).tolist() == expected


def test_clause_pass_equals_the_per_sentence_definition():
    """Four-character chains and repeated clauses, as the docstring of ``clause_pass`` defines them sentence by
    sentence, over samples and corpus files, and generated texts whose clauses begin and end with spaces (which
    ``str.strip`` takes off before a clause is measured or compared)."""
    for text in _texts(6) + _spaced_clause_texts():
        _assert_clause_pass_equals_definition(text)


def _spaced_clause_texts() -> list[str]:
    rng = random.Random(11)
    pieces = ["加强领导", "要抓落实", "落实责任", "提高站位", "狠抓落实见实效", "重视学习", "全面从严治党"]
    spaces = [" ", "\u3000", "\xa0", "  ", ""]
    texts = []
    for _ in range(40):
        parts = []
        for _ in range(rng.randrange(3, 12)):
            parts.append(rng.choice(spaces) + rng.choice(pieces) + rng.choice(spaces) + rng.choice("，，、；。"))
        texts.append("".join(parts))
    return texts


def _assert_clause_pass_equals_definition(text: str) -> None:
    sep = re.compile("[^" + re.escape(K.SEG_SEPARATORS) + "]+")
    spans = sentence_spans(text)
    if not spans:
        return
    norm = normalize(text)
    st = np.array([s for s, _ in spans], dtype=np.int64); en = np.array([e for _, e in spans], dtype=np.int64)
    four_len, four_run, repeated = K.clause_pass(text, norm, st, en, len(spans))
    seen: Counter = Counter()
    for i, (s, e) in enumerate(spans):
        run, best, rep = [], [], []
        for m in sep.finditer(norm, s, e):
            seg = m.group().strip()
            if re.fullmatch(r"要?[\u4e00-\u9fff]{4}", seg):
                run.append(text[m.start():m.end()].strip()[-4:])
                if len(run) > len(best):
                    best = list(run)
            else:
                run = []
            if len(seg) >= 6:
                seen[seg] += 1
                if seen[seg] >= 2:
                    rep.append((text[m.start():m.end()].strip(), seen[seg]))
        assert four_len[i] == len(best), (text[s:e], best)
        assert four_run.get(i, []) == (best if len(best) >= 3 else [])
        assert repeated.of(i) == rep


def test_distinct_equals_np_unique():
    rng = np.random.default_rng(12)
    cases = [np.zeros(0, dtype=np.int64), np.array([5]), np.array([3, 3, 3]), np.array([-2, 7, -2, 0, 7])]
    cases += [rng.integers(-50, 50, size=n).astype(dtype) for n in (2, 17, 1000) for dtype in (np.int64, np.uint32)]
    cases += [rng.integers(0, 2**62, size=500, dtype=np.int64)]
    for a in cases:
        got, want = K.distinct(a), np.unique(a)
        assert got.dtype == want.dtype and got.tolist() == want.tolist()


def test_sentence_means_equal_a_running_sum_per_sentence():
    """Bit for bit: the same additions in the same order as ``reduce(add, ...)`` over each sentence's values,
    through the table and through the fallback for one very long sentence among many."""
    from functools import reduce
    from operator import add
    rng = random.Random(3)
    for k, n in ((1, 0), (1, 5), (7, 40), (300, 5000), (5000, 5000)):
        sent = sorted(rng.randrange(k) for _ in range(n))
        if k == 5000:
            sent = [0] * 4000 + sent[4000:]          # width x k past the table's bound
        values = [rng.uniform(2.0, 14.0) for _ in range(n)]
        plain = [reduce(add, [v for s, v in zip(sent, values) if s == i], 0.0) / c if (c := sent.count(i)) else 9.5
                 for i in range(k)]
        assert K.sentence_means(np.array(values), np.array(sent, dtype=np.int64), k, 9.5).tolist() == plain
