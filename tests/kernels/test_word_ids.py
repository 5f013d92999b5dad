"""``kernels.word_ids``: one id per word, and columns that hold what their fill function gives each word; the ids
found by short keys are those of the dict."""
from __future__ import annotations

import numpy as np
import rjieba

from analyzer.kernels import word_ids as V
from conftest import SAMPLES, corpus_files


def _words(paths):
    return [w for p in paths for w in rjieba.cut(p.read_text("utf-8"))]


def _tokens(text):
    """rjieba's tokens of ``text`` with their starts and lengths (they tile the text)."""
    words = rjieba.cut(text)
    length = np.array([len(w) for w in words], dtype=np.int64)
    return words, np.cumsum(length) - length, length


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
    for n, path in enumerate(sorted(SAMPLES.glob("*.txt"))):
        text = path.read_text("utf-8")
        words, pos, length = _tokens(text)
        keys = V.short_keys(np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32), pos, length)
        vocab, ids = V.look_up(words, keys if n % 2 else None)     # with keys and without
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


def test_keyed_look_up_gives_the_ids_of_the_plain_one(monkeypatch):
    """``short_keys`` and the key table number every word as the dict alone does, document after document."""
    texts = [p.read_text("utf-8") for p in sorted(SAMPLES.glob("*.txt")) + corpus_files()[:8]]
    monkeypatch.setattr(V, "_CURRENT", V.Vocabulary())
    plain = [V.look_up(_tokens(t)[0])[1] for t in texts]
    plain_words = list(V.current().words)
    monkeypatch.setattr(V, "_CURRENT", V.Vocabulary())
    for text, want in zip(texts, plain):
        words, pos, length = _tokens(text)
        keys = V.short_keys(np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32), pos, length)
        assert ((keys != 0) == (length <= 4)).all()              # the corpus is all BMP: every short word has one
        vocab, ids = V.look_up(words, keys)
        assert ids.tolist() == want.tolist()
    assert V.current().words == plain_words


def test_short_keys_tell_apart_exactly_the_different_words():
    text = "中国中国人中国人民中\U00020000国人民大会堂中中国"
    cp = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    spans = [(0, 1), (0, 2), (2, 3), (2, 4), (5, 4), (0, 1), (18, 1), (18, 2), (11, 5), (12, 4)]
    pos, length = np.array([s for s, _ in spans]), np.array([n for _, n in spans])
    assert V.short_keys(cp, pos, length).tolist() == [0] * len(spans)     # a character past the BMP: no keys
    bmp = text.replace("\U00020000", "国")
    keys = V.short_keys(np.frombuffer(bmp.encode("utf-32-le"), dtype=np.uint32), pos, length).tolist()
    words = [bmp[s:s + n] for s, n in spans]
    assert [k == 0 for k in keys] == [n > 4 for n in length.tolist()]
    for a, ka in zip(words, keys):
        for b, kb in zip(words, keys):
            if ka and kb:
                assert (ka == kb) == (a == b)
    nul = "中\x00中"
    assert V.short_keys(np.frombuffer(nul.encode("utf-32-le"), dtype=np.uint32), np.array([0, 0]),
                        np.array([1, 2])).tolist() == [0, 0]        # 中 and 中\0 would share a key
    assert V.short_keys(cp[:0], np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)).tolist() == []


def test_the_key_table_finds_what_a_dict_of_the_keys_finds():
    rng = np.random.default_rng(5)
    table, plain = V.KeyTable(bits=4), {}
    for batch in range(30):          # grows from 16 slots: keys probe past others
        keys = np.unique(np.concatenate([rng.integers(1, 1 << 63, 40, dtype=np.uint64),
                                         rng.integers(1, 300, 40).astype(np.uint64)]))
        keys = np.array([k for k in keys.tolist() if k not in plain], dtype=np.uint64)
        ids = rng.integers(0, 1 << 40, len(keys))
        table.add(np.append(keys, np.uint64(0)), np.append(ids, 7))     # a 0 key is skipped
        plain.update(zip(keys.tolist(), ids.tolist()))
        asked = np.concatenate([np.array(list(plain), dtype=np.uint64), rng.integers(1, 1 << 63, 50, dtype=np.uint64),
                                np.zeros(3, dtype=np.uint64)])
        assert table.find(asked).tolist() == [plain.get(k, -1) for k in asked.tolist()]
    assert 4 * table.count <= len(table.slots)


def test_columns_grow_in_place_and_keep_numpy_s_promotion(monkeypatch):
    """A column gets a document's new words only; a fill of another dtype (longer strings) is promoted."""
    monkeypatch.setattr(V, "_CURRENT", V.Vocabulary())
    for path in sorted(SAMPLES.glob("*.txt")):
        words = _words([path])
        vocab, ids = V.look_up(words)
        held = vocab.column("text", lambda ws: np.array(ws, dtype=str))
        assert held[ids].tolist() == words
        assert len(held) == len(vocab)
