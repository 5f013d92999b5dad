"""Feature extraction for hollowness: what counts as a number, a date, an actor, a formula, a chain."""
from __future__ import annotations

import pytest

from analyzer.analyses.hollowness.features import FEATURE_NAMES, extract
from analyzer.text.normalize import sentence_spans
from conftest import SAMPLES, requires_corpus, corpus_files


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
    from analyzer.analyses.hollowness.features import ORG_RE, org_matches
    assert org_matches("第二党支部书记王丽华牵头") == [(0, "第二党支部")]
    assert org_matches("县委员会办公室主任") == [(0, "县委员会办公室")]   # 县委 + 员会 is no suffix: it grows
    assert org_matches("党委员会") == []                                # suffixes need two characters before
    crafted = ["县委员会办公室主任", "市纪委监委派驻纪检组", "某某局某某处某某科", "各处处长", "ab党委c", "党组党委党支部"]
    for text in crafted + [p.read_text("utf-8") for p in corpus_files()[:12]]:
        assert org_matches(text) == [(m.start(), m.group()) for m in ORG_RE.finditer(text)]


def test_dates_with_the_first_character_prefilter():
    from analyzer.analyses.hollowness.features import DATE_RE
    found = [m.group() for m in DATE_RE.finditer("2023年5月底前完成，每季度报告一次，年底前验收，3月10日召开")]
    assert found == ["2023年5月", "每季度", "年底前", "3月10日"]


@requires_corpus
def test_features_of_a_corpus_file_do_not_depend_on_the_other_files_seen(lexicon):
    """Per-call memo tables (phrase flags, distinct-word IDF) must not leak between documents."""
    a, b = (p.read_text("utf-8") for p in corpus_files()[:2])
    first = extract(a, lexicon)
    extract(b, lexicon)
    assert extract(a, lexicon) == first


def test_yao_found_from_the_yao_equals_the_regex():
    from analyzer.analyses.hollowness.features import YAO_RE, yao_positions
    crafted = ["要抓好落实", "我们要要求", "同志们要，大家要 要", "全党要我要我们要", "需要要求要"]
    for text in crafted + [p.read_text("utf-8") for p in corpus_files()[:12]]:
        assert yao_positions(text) == [m.end() - 1 for m in YAO_RE.finditer(text)]


def test_clause_runs_as_arrays_equal_the_regex():
    import numpy as np

    from analyzer.analyses.hollowness.features import SEG_RE, _runs, _seg_separators
    from analyzer.text.normalize import normalize
    for text in ["", "，，", "加强, 党建。\n（一）要落实"] + [normalize(p.read_text("utf-8")) for p in corpus_files()[:12]]:
        cp = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
        a, b = _runs(~np.isin(cp, _seg_separators()))
        assert list(zip(a.tolist(), b.tolist())) == [m.span() for m in SEG_RE.finditer(text)]


@requires_corpus
def test_columns_give_the_features_of_every_sentence(lexicon):
    """Pieces of clauses cut at sentence bounds, stripped, chained: the four-character chains and repeated
    slogans of the corpus as the per-sentence definition finds them."""
    import re

    from analyzer.analyses.hollowness.features import SEG_RE
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

    from analyzer.analyses.hollowness.features import _member_of, _seg_separators, _space_codes
    every = np.arange(0x110000, dtype=np.uint32)
    for members in (_seg_separators(), _space_codes()):
        got = _member_of(every, members)
        assert np.array_equal(got, np.isin(every, members))
    assert _member_of(np.array([ord("、"), ord("党"), ord("\n")], dtype=np.uint32), _seg_separators()).tolist() \
        == [True, False, True]
    assert _member_of(np.array([ord(" "), ord("\u3000"), ord("党")], dtype=np.uint32), _space_codes()).tolist() \
        == [True, True, False]


def _classes_by_tag(text):
    """Tag classes of the CJK tokens of two characters or more, straight from ``rjieba.tag(text)``."""
    import rjieba

    from analyzer.analyses.hollowness.features import _TAG_CLASS
    words, pos, classes, at = [], [], [], 0
    for w, tag in rjieba.tag(text):
        if len(w) >= 2 and "\u4e00" <= w[0] <= "\u9fff":
            words.append(w)
            pos.append(at)
            classes.append(_TAG_CLASS.get(tag, 0))
        at += len(w)
    return words, pos, classes


def test_tag_classes_from_cut_equal_the_classes_of_tag_including_words_split_when_alone(monkeypatch):
    """``tag_classes`` takes dictionary words' tags from jieba's dictionary and tags each other distinct word alone
    (cached per process) instead of tagging the whole text; a word outside the dictionary that the HMM joins only
    in its context (不忘 in 不忘初心) is tagged where it occurs, between the punctuation around it."""
    import rjieba

    from analyzer.analyses.hollowness import features as hf
    monkeypatch.setattr(hf, "_CLASS_SEEN", {})
    text = "不忘初心，牢记使命。\n北京市在西安设立研究中心。\n初心如磐，使命在肩。"
    assert rjieba.cut("不忘") != ["不忘"] and "不忘" in rjieba.cut(text)      # the fallback path is exercised
    words, pos, expected = _classes_by_tag(text)
    assert hf.tag_classes(words, pos, text) == expected
    assert "不忘" not in hf._CLASS_SEEN and hf._CLASS_SEEN["西安"] == expected[words.index("西安")] == 3
    at = text.index("西安")
    assert hf._tag_in_context(text, at, "西安") == 3 and hf._tag_in_context(text, at + 1, "安") == 0
    assert hf._tag_in_context(text, text.index("研究"), "研究") == expected[words.index("研究")] == 2
    samples = [p.read_text("utf-8") for p in sorted(SAMPLES.glob("*.txt"))]
    for t in samples + [p.read_text("utf-8") for p in corpus_files()]:
        words, pos, expected = _classes_by_tag(t)
        assert hf.tag_classes(words, pos, t) == expected


def test_numbers_and_dates_tried_only_where_they_can_start_equal_the_regexes(lexicon):
    """CN_NUM_RE and DATE_RE are tried only at the characters they can start with, \\d outside ASCII included
    (fullwidth and Arabic-Indic digits), with the result of a plain ``finditer`` over the whole text."""
    import numpy as np

    from analyzer.analyses.hollowness import features as hf
    crafted = ["２０２４年３月底前完成三百二十五项，٢٠٢٤年٣月，十二月底前，三分之一，一二三四年",
               "二〇二四年十二月三十一日前建成3个、4.5%，年底前，每季度；一个、几年、半年"]
    texts = crafted + [p.read_text("utf-8") for p in sorted(SAMPLES.glob("*.txt"))] + \
        [p.read_text("utf-8") for p in corpus_files()]
    for text in texts:
        cp = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
        digits = [i for i, ch in enumerate(text) if ch.isdecimal() and not ch.isascii()]
        for rx, first, more in ((hf.CN_NUM_RE, hf._CN_NUM_FIRST, []), (hf.DATE_RE, hf._DATE_FIRST, digits)):
            fast = [(m.start(), m.group()) for m in hf._finditer_from(rx, text, hf._starts_at(cp, first, more))]
            assert fast == [(m.start(), m.group()) for m in rx.finditer(text)]
    dates = one(crafted[0], lexicon).dates
    assert "٢٠٢٤年٣月" in dates and "２０２４年３月" in dates and "十二月底前" in dates


def test_occurrence_numbers_equal_a_running_count():
    import random

    from analyzer.analyses.hollowness.features import SEG_RE, _occurrence_numbers
    rng = random.Random(3)
    lists = [[], ["甲"], [rng.choice("甲乙丙丁") for _ in range(200)]]
    lists += [[m.group() for m in SEG_RE.finditer(p.read_text("utf-8"))] for p in sorted(SAMPLES.glob("*.txt"))]
    for items in lists:
        seen, expected = {}, []
        for v in items:
            seen[v] = seen.get(v, 0) + 1
            expected.append(seen[v])
        assert _occurrence_numbers(items).tolist() == expected
    assert max(_occurrence_numbers(lists[2]).tolist()) > 40
