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


def test_clause_initial_yao_is_counted_not_yaoqiu_or_zhongyao(lexicon):
    f = one("要抓好落实，我们要带头，同志们要，大家要 要，我要我们要，需要要求重要。", lexicon)
    assert f.yao == 7


@requires_corpus
def test_features_of_a_corpus_file_do_not_depend_on_the_other_files_seen(lexicon):
    """Per-call memo tables (phrase flags, distinct-word IDF) must not leak between documents."""
    a, b = (p.read_text("utf-8") for p in corpus_files()[:2])
    first = extract(a, lexicon)
    extract(b, lexicon)
    assert extract(a, lexicon) == first


@requires_corpus
def test_columns_give_the_features_of_every_sentence(lexicon):
    """Pieces of clauses cut at sentence bounds, stripped, chained: the four-character chains and repeated
    slogans of the corpus as the per-sentence definition finds them."""
    import re

    from analyzer.kernels.hollowness import SEG_SEPARATORS
    SEG_RE = re.compile("[^" + re.escape(SEG_SEPARATORS) + "]+")
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


def test_names_and_objects_are_those_of_the_tags_of_the_whole_text(lexicon, monkeypatch):
    """The tags come from the words' remembered context-free tags (``kernels.word_ids``, ``hollowness_tags``);
    with every word's tag read from ``rjieba.tag`` of the whole text instead, the names and objects are the same."""
    import rjieba

    from analyzer.analyses.hollowness import features as hf
    from analyzer.kernels import word_ids
    texts = [p.read_text("utf-8") for p in sorted(SAMPLES.glob("*.txt"))] + \
        [p.read_text("utf-8") for p in corpus_files()[:6]]
    want = []
    for text in texts:
        cols = hf.extract_columns(text, lexicon)
        want.append((cols.groups["names"], cols.groups["objects"], cols.X.tolist()))
    monkeypatch.setattr(word_ids, "_CURRENT", word_ids.Vocabulary())
    monkeypatch.setattr(hf, "context_free_tags", lambda words, dict_tags: [None] * len(words))
    for text, (names, objects, X) in zip(texts, want):
        at, whole = 0, {}
        for w, tag in rjieba.tag(text):
            whole[at] = tag
            at += len(w)
        monkeypatch.setattr(hf, "tag_in_context", lambda t, pos, word: whole[pos])
        cols = hf.extract_columns(text, lexicon)
        assert (cols.groups["names"], cols.groups["objects"], cols.X.tolist()) == (names, objects, X)
