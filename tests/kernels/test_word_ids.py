"""``kernels.word_ids``: one id per word, and columns that hold what their fill function gives each word."""
from __future__ import annotations

import numpy as np
import rjieba

from analyzer.kernels import word_ids as V
from conftest import SAMPLES, corpus_files


def _words(paths):
    return [w for p in paths for w in rjieba.cut(p.read_text("utf-8"))]


def test_ids_number_each_word_once_and_columns_give_each_word_its_value(monkeypatch):
    monkeypatch.setattr(V, "_CURRENT", V.Vocabulary())
    texts = sorted(SAMPLES.glob("*.txt")) + corpus_files()[:5]
    filled = []

    def fill(words):
        filled.append(list(words))
        return np.fromiter(map(len, words), dtype=np.int64, count=len(words))

    for path in texts:
        words = _words([path])
        vocab, ids = V.look_up(words)
        assert [vocab.words[i] for i in ids.tolist()] == words
        assert vocab.column("len", fill)[ids].tolist() == [len(w) for w in words]
    seen = [w for batch in filled for w in batch]
    assert len(seen) == len(set(seen)) == len(V.current())       # each word's value computed once
    assert V.look_up([])[1].tolist() == []


def test_the_vocabulary_is_bounded_and_earlier_ids_stay_valid_with_theirs(monkeypatch):
    monkeypatch.setattr(V, "_CURRENT", V.Vocabulary())
    monkeypatch.setattr(V, "MAX_WORDS", 300)
    held = []
    for path in sorted(SAMPLES.glob("*.txt")):
        words = _words([path])
        vocab, ids = V.look_up(words)
        assert len(vocab) <= max(300, len(set(words)))
        held.append((vocab, ids, words))
    assert len({id(v) for v, _, _ in held}) > 1          # new vocabularies were started
    assert held[-1][0] is V.current()                   # and the newest one is the one later words go to
    for vocab, ids, words in held:                      # each document still reads its own words
        assert vocab.column("word", lambda ws: np.array(ws, dtype=object))[ids].tolist() == words


def test_a_new_vocabulary_gives_an_empty_column_and_a_text_with_no_kept_word_analyses(monkeypatch):
    """A process's first text may keep no word (no CJK at all): its column is empty, not missing."""
    from analyzer import analyze
    from analyzer.ingest import document_from_text

    monkeypatch.setattr(V, "_CURRENT", V.Vocabulary())
    vocab, ids = V.look_up([])
    assert vocab.column("len", lambda ws: np.fromiter(map(len, ws), dtype=np.int64, count=len(ws))).tolist() == []
    for text in ("\U00036606", "2024 年 ABC。", "。。。"):
        monkeypatch.setattr(V, "_CURRENT", V.Vocabulary())
        report = analyze(document_from_text(text))
        assert report.hollowness is not None
