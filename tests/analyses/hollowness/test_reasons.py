"""Reasons are codes with parameters, rendered to Chinese in one place; an example given is not "未举具体事例"."""
from __future__ import annotations

import re

import pytest

from analyzer.analyses.hollowness.reasons import MISSING, TEMPLATES, render, render_one
from analyzer.analyses.hollowness.scoring import score_sentences
from analyzer.model import Reason


def score_one(text, lexicon, profile="general"):
    [s] = score_sentences(text, lexicon, spans=[(0, len(text))], profile=profile)
    return s


def test_every_reason_given_is_a_known_code_and_its_rendering_is_the_report_text(lexicon):
    text = ("要认清形势、统一思想、提高认识，要高度重视、精心组织、周密安排，要层层压实责任、常抓不懈、久久为功。"
            "我们要进一步提高政治站位，要切实增强责任意识，要扎实推进各项工作落地落实。")
    seen = set()
    for s in score_sentences(text, lexicon):
        assert all(r.code in TEMPLATES for r in s.codes)
        assert s.reasons == render(s.codes)
        seen |= {r.code for r in s.codes}
    assert {"no_number", "no_actor", "no_deadline", "four_char_run", "yao_chain", "intensifiers"} <= seen


def test_missing_facts_are_one_phrase_in_a_fixed_order():
    assert render([Reason("no_deadline"), Reason("no_number")]) == ["缺少具体数字、时间或时限"]
    assert render([Reason("no_actor"), Reason("generic_words")]) == \
        ["缺少责任单位或责任人", "用词笼统，应写出具体名称（项目、制度、活动）"]
    assert render([Reason("intensifiers", {"words": ("进一步", "切实", "扎实", "持续", "全面")})]) == \
        ["“进一步、切实、扎实、持续…”等程度词叠用，不如写出实际举措或数字"]
    assert set(MISSING) <= set(TEMPLATES)


def test_a_reason_reads_as_its_template_filled_by_format_map():
    """render_one joins a template's parts instead of parsing it each time: the same text as ``str.format_map``
    with each list named up to its limit (repeats once, "…" past it), every other value as ``format`` gives it."""
    lists = ([], ["发展"], ["发展", "发展"], ("坚持", "社会主义", "发展", "坚持", "站位", "氛围"), ["a{b}", "}"])
    for code, (template, limit) in TEMPLATES.items():
        names = re.findall(r"\{(\w+)\}", template)
        for items in lists:
            for other in (3, "（时间）", 12.5):
                params = {n: (items if n in ("words", "terms", "items") else other) for n in names + ["share"]}
                first = list(dict.fromkeys(items))
                named = "、".join(first[:limit]) + ("…" if len(first) > limit else "")
                expected = template.format_map({n: named if type(v) in (list, tuple) else v
                                                for n, v in params.items()})
                assert render_one(Reason(code, params)) == expected, (code, items, other)
        assert render_one(Reason(code)) == template


def test_reasons_show_no_score_and_say_what_to_write():
    """Issue 16 item 6: a reviewer reads what is wrong and what to do, never a model's share or weight."""
    params = {"words": ("坚持", "社会主义", "发展"), "terms": ("提高政治站位", "各项工作"), "share": 76,
              "count": 4, "items": ("认清形势", "统一思想", "提高认识"), "clause": "坚持以高质量党建引领高质量发展",
              "nth": 3, "hint": ""}
    for code, (template, _) in TEMPLATES.items():
        keys = re.findall(r"{(\w+)}", template)
        [text] = render([Reason(code, {k: params[k] for k in keys})])
        assert not re.search(r"\d+(\.\d+)?\s*%|0\.\d|（\d\.\d+）", text), text
        assert "76" not in text and "多见于空泛句" not in text
        if code not in MISSING:
            assert re.search(r"应|不如|可删去|未说明|写出|写明", text), text
    assert render([Reason("hollow_words", {"words": params["words"]})]) == \
        ["只有原则性提法（坚持、社会主义、发展），未说明具体做法"]


def test_the_parameters_carry_what_the_text_names(lexicon):
    s = score_one("我们要进一步提高政治站位，切实增强责任意识，扎实推进各项工作。", lexicon)
    [intens] = [r for r in s.codes if r.code == "intensifiers"]
    assert list(intens.params["words"]) == ["进一步", "切实", "扎实"]


# Sentences written for this test: self-criticism in 对照检查材料 followed by an example with a concrete event.
EXAMPLES = [
    "学习不够深入，比如，在学习贯彻习近平新时代中国特色社会主义思想主题教育时，我们组织了专题研讨，但我只准备了发言提纲。",
    "调查研究不够深入，例如到联系点走访时，我只听取了汇报，没有入户了解群众诉求。",
    "标准不够高，如在推进“一网通办”工作中，对群众反映的材料重复提交问题没有及时跟进整改。",
]


@pytest.mark.parametrize("text", EXAMPLES)
def test_a_sentence_that_gives_an_example_is_not_told_it_gives_none(text, lexicon):
    for profile in ("self-review", "general"):
        s = score_one(text, lexicon, profile=profile)
        assert not any(r.code == "stock_self_criticism" for r in s.codes), (profile, s.reasons)
        assert not any("未举具体事例" in r for r in s.reasons)


def test_stock_self_criticism_without_an_example_still_is(lexicon):
    s = score_one("学习不够深入，标准不够高，比如理论联系实际还不够紧密。", lexicon, profile="self-review")
    assert s.label == "hollow"
    assert any(r.code == "stock_self_criticism" for r in s.codes)
