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
    """An empty cache folder."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    jt.word_table.cache_clear()
    yield tmp_path
    jt.word_table.cache_clear()


def test_entries_give_what_the_files_give(fresh):
    """Listed words of every length, words only one file lists, unlisted words, words longer than any listed
    word and words the numpy string type cannot hold; each in its place, repeated or not."""
    idf, tag, median = _parsed()
    words = sorted(set(list(idf)[::97]) | set(list(tag)[::89]) | {
        "劳动防护", "收费站", "不存在的词语甲乙", "党" * 30, "党建\x00", "党建\x00\x00", "A股"})
    words += sorted(w for w in tag if len(w) >= 12) + words[:50]
    got_idf, got_tag = jt.entries(words)
    assert got_idf.tolist() == [idf.get(w, median) for w in words]
    assert got_tag == [tag.get(w) for w in words]
    few_idf, few_tag = jt.entries(["劳动防护", "不存在的词语甲乙", "北京"])
    assert few_idf.tolist() == [13.900677652, median, idf["北京"]] and few_tag == [tag.get("劳动防护"), None, "ns"]
    assert jt.entries([])[0].tolist() == [] and jt.entries([])[1] == []


def test_entries_of_real_text_words(fresh):
    import rjieba
    from conftest import SAMPLES
    idf, tag, median = _parsed()
    words = [w for p in sorted(SAMPLES.glob("*.txt")) for w in rjieba.cut(p.read_text("utf-8"))]
    got_idf, got_tag = jt.entries(words)
    assert got_idf.tolist() == [idf.get(w, median) for w in words] and got_tag == [tag.get(w) for w in words]


def test_the_table_is_kept_in_the_cache_folder_and_read_back(fresh):
    import numpy as np
    first = jt.word_table()
    (cache,) = (fresh / "shengao").glob("words-*.npys")
    assert cache.stat().st_size < 12_000_000            # grouped by length: not 370k rows of the longest width
    fake = jt.WordTable(np.frombuffer("劳动防护".encode("utf-32-le"), dtype=np.uint32).copy(),
                        np.array([0, 0, 0, 0, 0, 1], dtype=np.int64), np.array([1.5]),
                        np.array([0], dtype=np.int16), ("n",), 2.5)
    jt._write_cache(cache, fake)                          # proves the next load reads the cache
    jt.word_table.cache_clear()
    got_idf, got_tag = jt.entries(["劳动防护", "北京"])
    assert (got_idf.tolist(), got_tag) == ([1.5, 2.5], ["n", None])
    cache.write_bytes(b"truncated")                       # a broken cache is parsed over, and rewritten
    jt.word_table.cache_clear()
    again = jt.word_table()
    assert np.array_equal(again.chars, first.chars) and np.array_equal(again.idf, first.idf)
    assert jt._read_cache(cache) is not None


def test_an_unsorted_cache_is_not_trusted(fresh):
    import numpy as np
    jt.word_table()
    (cache,) = (fresh / "shengao").glob("words-*.npys")
    bad = jt.WordTable(np.frombuffer("防护劳动".encode("utf-32-le"), dtype=np.uint32).copy(),
                       np.array([0, 0, 2], dtype=np.int64), np.array([1.0, 2.0]),
                       np.array([-1, -1], dtype=np.int16), (), 1.5)
    jt._write_cache(cache, bad)
    assert jt._read_cache(cache) is None


def test_a_cache_with_more_or_with_arrays_of_other_lengths_is_not_trusted(fresh):
    """A file holding the table and something after it, or a table whose tag or idf column does not cover its
    rows, is parsed over: reading it would give words another word's values."""
    import numpy as np
    jt.word_table()
    (cache,) = (fresh / "shengao").glob("words-*.npys")
    good = jt._read_cache(cache)
    assert good is not None
    cache.write_bytes(cache.read_bytes() + b"\x93NUMPY")
    assert jt._read_cache(cache) is None
    for short in ({"tag": good.tag[:-1]}, {"idf": good.idf[:-1]}):
        fields = {"chars": good.chars, "bounds": good.bounds, "idf": good.idf, "tag": good.tag, **short}
        jt._write_cache(cache, jt.WordTable(fields["chars"], fields["bounds"], fields["idf"], fields["tag"],
                                            good.tags, good.median))
        assert jt._read_cache(cache) is None
