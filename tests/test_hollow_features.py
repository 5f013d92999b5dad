"""Feature extraction for hollowness: what counts as a number, a date, an actor, a formula, a chain."""
from __future__ import annotations

import pytest

from analyzer.hollow_features import FEATURE_NAMES, extract
from analyzer.text import sentence_spans
from conftest import requires_corpus, corpus_files


def one(text, lexicon):
    feats = extract(text, lexicon, spans=[(0, len(text))])
    assert len(feats) == 1
    return feats[0]


def test_chinese_numerals_with_measure_words_count_but_articles_and_formulas_do_not(lexicon):
    f = one("今年三月，我到联系点黄泥村走访困难党员十一户，发现两户低保未及时续办。", lexicon)
    assert f.numbers == ["三月", "十一户", "两户"]
    assert "三月" in f.dates and "今年" in f.dates
    assert "黄泥村" in f.actors
    f = one("制度优势是一个政党、一个国家的最大优势。", lexicon)
    assert f.numbers == [] and f.value("num") == 0.0
    f = one("引导党员干部增强“四个意识”、坚定“四个自信”、做到两个维护。", lexicon)
    assert f.numbers == []
    f = one("报送基层的报表由31张精简为12张，发文数量同比下降18.6%，通知一律精简三分之一。", lexicon)
    assert f.numbers == ["31", "12", "18.6%", "三分之一"]


def test_named_titles_and_units_are_specific_actors(lexicon):
    f = one("第二党支部书记王丽华牵头编写《不动产登记办事指南》。", lexicon)
    assert "《不动产登记办事指南》" in f.names
    assert "第二党支部" in f.actors
    f = one("各级党组织要切实加强领导。", lexicon)
    assert f.actors == [] and f.names == []


def test_stock_share_intensifiers_four_character_chain_and_yao_chain(lexicon):
    text = "要认清形势、统一思想、提高认识，要高度重视、精心组织、周密安排，要层层压实责任、常抓不懈、久久为功。"
    f = one(text, lexicon)
    assert f.four_run == ["认清形势", "统一思想", "提高认识", "高度重视", "精心组织", "周密安排"]
    assert f.yao == 3
    assert f.stock_share > 0.6
    assert {"认清形势", "统一思想", "提高认识", "高度重视", "常抓不懈", "久久为功"} <= set(f.stock_terms)
    f = one("我们要进一步提高政治站位，切实增强责任意识，扎实推进各项工作。", lexicon)
    assert f.intensifiers == ["进一步", "切实", "扎实"]


def test_clause_repeated_in_the_document_is_counted_from_its_second_occurrence(lexicon):
    slogan = "坚持以高质量党建引领高质量发展"
    text = f"{slogan}，抓好落实。\n今年召开会议3次。\n{slogan}。\n我们始终{slogan}。\n{slogan}！"
    feats = extract(text, lexicon)
    assert [f.repeated for f in feats] == [[], [], [(slogan, 2)], [], [(slogan, 3)]]


@requires_corpus
def test_every_sentence_of_a_corpus_file_gets_features_at_its_offsets(lexicon):
    for path in corpus_files()[:8]:
        text = path.read_text("utf-8")
        feats = extract(text, lexicon)
        assert [(f.start, f.end) for f in feats] == sentence_spans(text)
        assert all(len(f.values) == len(FEATURE_NAMES) for f in feats)
        assert all(0.0 <= f.stock_share <= 1.0 for f in feats)


def test_specific_objects_and_decisive_verbs_of_a_measure(lexicon):
    f = one("取消所有省界高速公路收费站。", lexicon)
    assert f.objects == ["省界", "收费站"]          # 高速公路 is too common in jieba's IDF table to count
    assert f.measures == ["取消"]
    assert f.words == ["取消", "所有", "省界", "高速公路", "收费站"]
    f = one("要进一步提高政治站位，推动各项工作再上新台阶。", lexicon)
    assert f.measures == [] and f.value("measure") == 0.0
    assert "各项" not in f.objects and "新台阶" not in f.objects     # inside stock phrases


# --- speed paths must give the same answers as the plain definitions -------------------------------------------

def test_organisations_found_from_their_suffixes_equal_the_regex():
    from analyzer.hollow_features import ORG_RE, org_matches
    assert org_matches("第二党支部书记王丽华牵头") == [(0, "第二党支部")]
    assert org_matches("县委员会办公室主任") == [(0, "县委员会办公室")]   # 县委 + 员会 is no suffix: it grows
    assert org_matches("党委员会") == []                                # suffixes need two characters before
    crafted = ["县委员会办公室主任", "市纪委监委派驻纪检组", "某某局某某处某某科", "各处处长", "ab党委c", "党组党委党支部"]
    for text in crafted + [p.read_text("utf-8") for p in corpus_files()[:12]]:
        assert org_matches(text) == [(m.start(), m.group()) for m in ORG_RE.finditer(text)]


def test_dates_with_the_first_character_prefilter():
    from analyzer.hollow_features import DATE_RE
    found = [m.group() for m in DATE_RE.finditer("2023年5月底前完成，每季度报告一次，年底前验收，3月10日召开")]
    assert found == ["2023年5月", "每季度", "年底前", "3月10日"]


def test_idf_table_is_kept_in_the_cache_folder_and_read_back(tmp_path, monkeypatch):
    import numpy as np

    from analyzer.hollow_features import idf_index, idf_table
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    idf_index.cache_clear()
    idf_table.cache_clear()
    try:
        table, median = idf_table()
        assert table["劳动防护"] == 13.900677652 and len(table) > 200_000     # jieba's analyse/idf.txt
        (cache,) = (tmp_path / "shengao").glob("idf-*.npz")
        with cache.open("wb") as fh:                                           # proves the next load reads it
            np.savez(fh, words=np.array(["劳动防护"]), values=np.array([1.5]), median=np.float64(2.5))
        idf_index.cache_clear()
        idf_table.cache_clear()
        assert idf_table() == ({"劳动防护": 1.5}, 2.5)
        cache.write_bytes(b"truncated")                                        # a broken cache is parsed over
        idf_index.cache_clear()
        idf_table.cache_clear()
        assert idf_table() == (table, median)
    finally:
        idf_index.cache_clear()
        idf_table.cache_clear()


def test_idf_lookup_gives_what_the_parsed_idf_file_gives():
    """Binary search in the cached sorted table == a dict built straight from jieba's idf.txt, for listed words,
    unlisted ones, words longer than any listed word and words the numpy string type cannot hold."""
    import importlib.util
    from pathlib import Path

    from analyzer.hollow_features import idf_lookup
    source = Path(importlib.util.find_spec("jieba").origin).parent / "analyse" / "idf.txt"
    parsed = {}
    for line in source.read_text("utf-8").splitlines():
        w, _, v = line.partition(" ")
        if v:
            parsed[w] = float(v)
    values = sorted(parsed.values())
    median = values[len(values) // 2]
    words = set(list(parsed)[::97]) | {"劳动防护", "收费站", "不存在的词语甲乙", "党" * 30, "党建\x00", "党建\x00\x00"}
    got = idf_lookup(words)
    assert {w: got[w] for w in words} == {w: parsed.get(w, median) for w in words}
    assert got["劳动防护"] == 13.900677652 and got["不存在的词语甲乙"] == median


@requires_corpus
def test_features_of_a_corpus_file_do_not_depend_on_the_other_files_seen(lexicon):
    """Per-call memo tables (phrase flags, distinct-word IDF) must not leak between documents."""
    a, b = (p.read_text("utf-8") for p in corpus_files()[:2])
    first = extract(a, lexicon)
    extract(b, lexicon)
    assert extract(a, lexicon) == first


def test_yao_found_from_the_yao_equals_the_regex():
    from analyzer.hollow_features import YAO_RE, yao_positions
    crafted = ["要抓好落实", "我们要要求", "同志们要，大家要 要", "全党要我要我们要", "需要要求要"]
    for text in crafted + [p.read_text("utf-8") for p in corpus_files()[:12]]:
        assert yao_positions(text) == [m.end() - 1 for m in YAO_RE.finditer(text)]


def test_clause_runs_as_arrays_equal_the_regex():
    import numpy as np

    from analyzer.hollow_features import SEG_RE, _runs, _seg_separators
    from analyzer.text import normalize
    for text in ["", "，，", "加强, 党建。\n（一）要落实"] + [normalize(p.read_text("utf-8")) for p in corpus_files()[:12]]:
        cp = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
        a, b = _runs(~np.isin(cp, _seg_separators()))
        assert list(zip(a.tolist(), b.tolist())) == [m.span() for m in SEG_RE.finditer(text)]


@requires_corpus
def test_columns_give_the_features_of_every_sentence(lexicon):
    """Pieces of clauses cut at sentence bounds, stripped, chained: the four-character chains and repeated
    slogans of the corpus as the per-sentence definition finds them."""
    import re

    from analyzer.hollow_features import SEG_RE
    for path in corpus_files()[:6]:
        text = path.read_text("utf-8")
        feats = extract(text, lexicon)
        norm = __import__("analyzer.text", fromlist=["normalize"]).normalize(text)
        seen: dict[str, int] = {}
        for f in feats:
            run, best, repeated = [], [], []
            for m in SEG_RE.finditer(norm, f.start, f.end):
                seg = m.group().strip()
                if re.fullmatch(r"要?[\u4e00-\u9fff]{4}", seg):
                    run.append(text[m.start():m.end()].strip()[-4:])
                    best = list(run) if len(run) > len(best) else best
                else:
                    run = []
                if len(seg) >= 6:
                    seen[seg] = seen.get(seg, 0) + 1
                    if seen[seg] >= 2:
                        repeated.append((text[m.start():m.end()].strip(), seen[seg]))
            assert f.four_run == (best if len(best) >= 3 else [])
            assert f.value("fourrun") == (float(len(best)) if len(best) >= 2 else 0.0)
            assert f.repeated == repeated


def test_code_point_membership_table_equals_isin_over_every_code_point():
    import numpy as np

    from analyzer.hollow_features import _member_of, _seg_separators, _space_codes
    every = np.arange(0x110000, dtype=np.uint32)
    for members in (_seg_separators(), _space_codes()):
        got = _member_of(every, members)
        assert np.array_equal(got, np.isin(every, members))
    assert _member_of(np.array([ord("、"), ord("党"), ord("\n")], dtype=np.uint32), _seg_separators()).tolist() \
        == [True, False, True]
    assert _member_of(np.array([ord(" "), ord("\u3000"), ord("党")], dtype=np.uint32), _space_codes()).tolist() \
        == [True, True, False]
