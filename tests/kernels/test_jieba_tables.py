"""jieba's IDF table and dictionary tags, merged into one cached table and looked up by binary search."""
from __future__ import annotations

import pytest

from analyzer.kernels import jieba_tables as jt


def _parsed():
    """The two files read the plain way: word -> idf, word -> tag, and the idf median."""
    idf_path, dict_path = jt.source_paths()
    idf, tag = {}, {}
    for line in idf_path.read_text("utf-8").splitlines():
        w, _, v = line.partition(" ")
        if v:
            idf[w] = float(v)
    for line in dict_path.read_text("utf-8").splitlines():
        parts = line.split()
        if len(parts) == 3:
            tag[parts[0]] = parts[2]
    values = sorted(idf.values())
    return idf, tag, values[len(values) // 2]


@pytest.fixture
def fresh(monkeypatch, tmp_path):
    """An empty cache folder and empty per-process memos."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(jt, "IDF", {})
    monkeypatch.setattr(jt, "DICT_TAG", {})
    jt.word_table.cache_clear()
    yield tmp_path
    jt.word_table.cache_clear()


def test_look_up_gives_what_the_files_give(fresh):
    """Listed words of every length, words only one file lists, unlisted words, words longer than any listed
    word and words the numpy string type cannot hold."""
    idf, tag, median = _parsed()
    words = set(list(idf)[::97]) | set(list(tag)[::89]) | {
        "劳动防护", "收费站", "不存在的词语甲乙", "党" * 30, "党建\x00", "党建\x00\x00", "A股"}
    words |= {w for w in tag if len(w) >= 12}
    jt.look_up(words)
    assert {w: jt.IDF[w] for w in words} == {w: idf.get(w, median) for w in words}
    assert {w: jt.DICT_TAG[w] for w in words} == {w: tag.get(w) for w in words}
    assert jt.IDF["劳动防护"] == 13.900677652 and jt.IDF["不存在的词语甲乙"] == median
    assert jt.idfs(["北京"]).tolist() == [idf["北京"]] and jt.DICT_TAG["北京"] == "ns"


def test_idfs_give_each_word_its_idf_in_order_looked_up_or_not(fresh):
    """Real text's words, half of them looked up before: one value per word, in order, as the files give."""
    import rjieba
    from conftest import SAMPLES
    idf, _, median = _parsed()
    words = [w for p in sorted(SAMPLES.glob("*.txt")) for w in rjieba.cut(p.read_text("utf-8"))]
    jt.look_up(words[::2])
    assert jt.idfs(words).tolist() == [idf.get(w, median) for w in words]
    assert jt.idfs([]).tolist() == []


def test_the_table_is_kept_in_the_cache_folder_and_read_back(fresh):
    import numpy as np
    first = jt.word_table()
    (cache,) = (fresh / "shengao").glob("words-*.npz")
    assert cache.stat().st_size < 12_000_000            # grouped by length: not 370k rows of the longest width
    fake = jt.WordTable(np.frombuffer("劳动防护".encode("utf-32-le"), dtype=np.uint32).copy(),
                        np.array([0, 0, 0, 0, 0, 1], dtype=np.int64), np.array([1.5]),
                        np.array([0], dtype=np.int16), ("n",), 2.5)
    jt._write_cache(cache, fake)                          # proves the next load reads the cache
    jt.word_table.cache_clear()
    jt.look_up(["劳动防护", "北京"])
    assert (jt.IDF["劳动防护"], jt.DICT_TAG["劳动防护"], jt.IDF["北京"], jt.DICT_TAG["北京"]) == (1.5, "n", 2.5, None)
    cache.write_bytes(b"truncated")                       # a broken cache is parsed over, and rewritten
    jt.word_table.cache_clear()
    again = jt.word_table()
    assert np.array_equal(again.chars, first.chars) and np.array_equal(again.idf, first.idf)
    assert jt._read_cache(cache) is not None


def test_an_unsorted_cache_is_not_trusted(fresh):
    import numpy as np
    jt.word_table()
    (cache,) = (fresh / "shengao").glob("words-*.npz")
    bad = jt.WordTable(np.frombuffer("防护劳动".encode("utf-32-le"), dtype=np.uint32).copy(),
                       np.array([0, 0, 2], dtype=np.int64), np.array([1.0, 2.0]),
                       np.array([-1, -1], dtype=np.int16), (), 1.5)
    jt._write_cache(cache, bad)
    assert jt._read_cache(cache) is None


def test_memos_stay_bounded_and_still_hold_each_look_up(fresh, monkeypatch):
    """Many distinct words, as a long-running page process sees them: the memos never pass ``MAX_WORDS`` (or one
    call's own words), and after each call they hold that call's words with the files' values."""
    idf, tag, median = _parsed()
    monkeypatch.setattr(jt, "MAX_WORDS", 500)
    listed = sorted(idf)[::50]
    for i in range(40):
        words = listed[i * 150:(i + 1) * 150] + [f"未登录词{i}-{j}" for j in range(60)]
        jt.look_up(words)
        assert len(jt.IDF) <= 500 and len(jt.DICT_TAG) <= 500
        assert {w: jt.IDF[w] for w in words} == {w: idf.get(w, median) for w in words}
        assert {w: jt.DICT_TAG[w] for w in words} == {w: tag.get(w) for w in words}
    big = listed[:800]                                        # one call with more words than the bound
    assert jt.idfs(big).tolist() == [idf[w] for w in big] and len(jt.IDF) == 800
