"""The one vocabulary of facts: numbers, dates, deadlines, periods, titles, activities, actors, measures, results.

Besides the hand-written sentences, every kind is checked on generated variations of its forms (full- and
half-width digits, Chinese numerals, a space between a number and its unit, each unit and suffix of the tables)
placed inside sentences it did not come from."""
from __future__ import annotations

import itertools
import random

import pytest

from analyzer.text import facts
from analyzer.text.facts import find, gives_example, has_substance
from analyzer.text.normalize import normalize
from conftest import SAMPLES, corpus_files, requires_corpus


def kinds_texts(text, kinds=facts.KINDS):
    return [(f.kind, f.text) for f in find(text, kinds)]


def texts(text, kind):
    return [f.text for f in find(text, (kind,))]


def test_a_report_sentence():
    got = kinds_texts("今年三月，我到联系点黄泥村走访困难党员十一户，发现两户低保未及时续办。")
    assert got == [("period", "今年"), ("date", "三月"), ("number", "三月"), ("actor", "黄泥村"),
                   ("number", "十一户"), ("number", "两户")]


def test_numbers_articles_ordinals_and_formula_names():
    assert texts("报送基层的报表由31张精简为12张，发文数量同比下降18.6%，通知一律精简三分之一。", "number") == \
        ["31", "12", "18.6%", "三分之一"]
    assert texts("制度优势是一个政党、一个国家的最大优势，打通最后一公里。", "number") == []
    assert texts("向第二个百年奋斗目标进军，制定第三个历史决议，第一次。", "number") == []
    assert texts("明确“十个明确”“十四个坚持”，统筹两个大局，用好两种资源。", "number") == []
    assert texts("全国八百三十二个贫困县全部摘帽，拥有九千六百多万名党员，比重达百分之十八点五。", "number") == \
        ["八百三十二个", "九千六百多万名", "百分之十八点五"]
    assert texts("党的十九届六中全会，庆祝建党一百周年，五年来", "number") == []
    assert texts("中国共产党第十九次全国代表大会，启动第三次全国土壤普查，“三期叠加”", "number") == ["十九次", "三次"]
    assert texts("坚持百花齐放、百家争鸣，国内生产总值突破百万亿元大关", "number") == ["百万亿元"]
    assert texts("全年发展党员三百余人，培训一千二百人次，投入资金三万元。", "number") == \
        ["三百余人", "一千二百人次", "三万元"]


def test_dates_deadlines_and_periods():
    got = kinds_texts("2023年5月底前完成，每季度报告一次，年底前验收，3月10日召开", facts.TIME_KINDS)
    assert got == [("deadline", "2023年5月底前"), ("period", "每季度"), ("deadline", "年底前"), ("date", "3月10日")]
    got = kinds_texts("二〇二三年十二月二十日，截至2023年底，2024年上半年，第三季度，截至目前，30个工作日内，限期",
                      facts.TIME_KINDS)
    assert got == [("date", "二〇二三年十二月二十日"), ("date", "截至2023年底"), ("date", "2024年上半年"),
                   ("date", "第三季度"), ("date", "截至目前"), ("deadline", "30个工作日内"), ("deadline", "限期")]
    assert kinds_texts("上半年召开两次，今年要抓好落实", facts.TIME_KINDS) == [("period", "上半年"), ("period", "今年")]
    assert kinds_texts("酿成十年内乱", facts.TIME_KINDS) == []          # 年内 inside a span of years is no deadline


def test_titles_activities_actors_measures_results():
    text = "第二党支部书记王丽华牵头编写《不动产登记办事指南》，开展“百名书记讲党课”活动，取消收费站，累计办结了120件。"
    assert texts(text, "title") == ["《不动产登记办事指南》"]
    assert texts(text, "activity") == ["“百名书记讲党课”活动"]
    assert texts(text, "actor") == ["第二党支部"]
    assert texts(text, "measure") == ["取消"]
    assert texts(text, "result") == ["累计", "办结了"]
    assert texts("各级党组织要切实加强领导，本单位党委、基层党委认真落实。", "actor") == []


# --- generated variations ----------------------------------------------------------------------------------------

_FULL = str.maketrans("0123456789.%", "０１２３４５６７８９．％")
_CN_DIGIT = dict(zip("0123456789", "〇一二三四五六七八九"))
FRAMES = ["{}", "我们{}。", "全年{}，成效明显", "（一）{}；", "据统计，{}以上。"]


def _cn_small(n: int) -> str:
    """1..99 in Chinese numerals, as a writer spells them."""
    tens, ones = divmod(n, 10)
    return (("" if tens == 1 else _CN_DIGIT[str(tens)]) + "十" if tens else "") + (_CN_DIGIT[str(ones)] if ones else "")


def _digit_forms(n: int) -> list[str]:
    s = str(n)
    return [s, s.translate(_FULL)]


@pytest.mark.parametrize("unit", [u for u in facts.UNITS if "(" not in u] + ["周"])
def test_every_unit_after_arabic_and_chinese_numerals_with_or_without_a_space(unit):
    rng = random.Random(unit)
    for n in rng.sample(range(2, 99), 6):
        for number in _digit_forms(n) + [_cn_small(n)]:
            for space in ("", " "):
                frame = rng.choice(FRAMES)
                form = f"{number}{space}{unit}"
                sentence = frame.format(f"办理{form}")
                found = texts(sentence, "number")
                if number[0].isdecimal():
                    assert found and found[0].startswith(number), (sentence, found)
                elif len(number) == 1 and unit in ("个", "种", "类"):
                    assert found == [], (sentence, found)
                else:
                    assert form in found, (sentence, found)


def test_generated_dates_in_every_digit_form_are_found_whole():
    rng = random.Random(7)
    for _ in range(200):
        y, m, d = rng.randint(2000, 2030), rng.randint(1, 12), rng.randint(1, 28)
        ys = rng.choice([str(y), str(y).translate(_FULL), "".join(_CN_DIGIT[c] for c in str(y))])
        ms = rng.choice([str(m), str(m).translate(_FULL), _cn_small(m)])
        ds = rng.choice([str(d), str(d).translate(_FULL), _cn_small(d)])
        sp = rng.choice(["", " "])
        tail, kind = rng.choice([("", "date"), ("底前", "deadline"), ("前", "deadline"), ("底", "date")])
        day = rng.choice([True, False]) and not tail.startswith("底")
        form = f"{ys}{sp}年{sp}{ms}{sp}月" + (f"{sp}{ds}{sp}日" if day else "") + tail
        sentence = rng.choice(FRAMES).format(f"于{form}完成")
        got = kinds_texts(sentence, facts.TIME_KINDS)
        assert got[:1] == [(kind, form)], (sentence, got)
    for q, (quarter, half) in itertools.product(["2024年", "２０２４年", "二〇二四年", ""],
                                                 [("第一季度", "上半年"), ("第四季度", "下半年"), ("三季度", "上半年")]):
        for part in (quarter, half):
            kind = "period" if not q and "半年" in part else "date"
            assert kinds_texts(f"{q}{part}召开会议", facts.TIME_KINDS) == [(kind, q + part)]


def test_facts_are_the_same_on_raw_and_normalised_text():
    """Coverage looks on the normalised text, hollowness on the raw one: the same facts at the same places
    (only the characters of a fact may differ, by width and quote style)."""
    texts_ = [p.read_text("utf-8") for p in sorted(SAMPLES.glob("*.txt"))]
    texts_.append("截至２０２３年底，开展“百名书记讲党课”活动１２场，比重１８．６％，制定《实施办法》。")
    for text in texts_:
        raw = [(f.kind, f.start, f.end) for f in find(text)]
        norm = [(f.kind, f.start, f.end) for f in find(normalize(text))]
        assert raw == norm


def test_an_example_with_a_concrete_event_is_recognised():
    assert gives_example("比如，在学习贯彻习近平新时代中国特色社会主义思想主题教育时，我们组织了专题读书班。")
    assert gives_example("例如：2023年我们在走访联系点时发现两户低保未及时续办。")
    assert gives_example("如在推进“四下基层”活动中，支部书记带队走访了联系村。")
    assert not gives_example("比如学习不够深入、标准不够高、作风不够实。")
    assert not gives_example("如何提高政治站位，是摆在我们面前的课题。")


def test_substance_is_what_coverage_counts():
    assert has_substance("全年召开支部委员会会议84次。")
    assert has_substance("各支部于年底前完成专题学习。")
    assert not has_substance("今年要深刻领悟其决定性意义。")                 # a period alone
    assert not has_substance("市委要坚决扛起政治责任。")                     # an actor alone


@requires_corpus
def test_every_fact_of_the_corpus_lies_inside_one_sentence_line_and_has_text():
    for path in corpus_files()[:10]:
        text = path.read_text("utf-8")
        for f in find(text):
            assert text[f.start:f.end] == f.text and f.text and "\n" not in f.text.strip(), (path.name, f)
