"""Segmentation: the curated user dictionary generated from the theme forms, and formulas segmented whole."""
from __future__ import annotations

import re

from analyzer.text.segment import cut, tokenize, user_dict_text, user_words
from conftest import requires_corpus


def test_user_words_are_curated_from_the_themes(lexicon):
    words = user_words(lexicon)
    assert {"两个确立", "两个维护", "四个意识", "四个自信", "三会一课", "习近平新时代中国特色社会主义思想"} <= set(words)
    assert all(re.fullmatch(r"[\u4e00-\u9fff]{3,16}", w) for w in words)    # no lists, no 2-char words
    assert "政治意识、大局意识、核心意识、看齐意识" not in words
    assert len(words) == len(set(words)) < 200


def test_no_two_entries_partially_overlap(lexicon):
    words = user_words(lexicon)
    for a in words:
        for b in words:
            if a != b and a not in b and b not in a:
                assert not any(a[-n:] == b[:n] for n in range(2, min(len(a), len(b)))), (a, b)


def test_formulas_come_out_whole_with_offsets(lexicon):
    text = "坚决捍卫“两个确立”、做到“两个维护”，落实三会一课和中央八项规定精神。"
    words = cut(text, lexicon)
    assert {"两个确立", "两个维护", "三会一课", "中央八项规定精神"} <= set(words)
    assert all(text[t.start:t.end] == t.text for t in tokenize(text, lexicon))
    assert user_dict_text(lexicon).splitlines()[0].split(" ")[1] == "100000"


@requires_corpus
def test_every_corpus_occurrence_of_a_dictionary_word_is_one_token(corpus, lexicon):
    """Measured: the plain jieba dictionary keeps about a sixth of these occurrences whole."""
    words = user_words(lexicon)
    pattern = re.compile("|".join(sorted(map(re.escape, words), key=len, reverse=True)))
    total = 0
    for path in corpus[::4]:                  # a quarter of the corpus keeps the test short
        text = path.read_text("utf-8")
        tokens = tokenize(text, lexicon)
        starts = [t.start for t in tokens]
        from bisect import bisect_right
        for m in pattern.finditer(text):
            t = tokens[bisect_right(starts, m.start()) - 1]
            assert t.start <= m.start() and m.end() <= t.end, (path.name, m.group(), t.text)
            total += 1
    assert total > 100
