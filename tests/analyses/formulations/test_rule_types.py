"""analyzer/analyses/formulations/{outdated,collocation,pair}.py: the smaller rule types' edge cases."""
from __future__ import annotations

import datetime as dt

from analyzer.analyses.formulations.engine import check_text
from analyzer.lexicon import default_lexicon
from analyzer.options import Options


def _found(text, as_of=dt.date(2024, 6, 1)):
    return [(f.rule, f.text, f.suggestions[0]) for f in check_text(text, default_lexicon(), Options(as_of))]


def test_outdated_respects_since_and_history_cues():
    s = "在以习近平同志为总书记的党中央坚强领导下。"
    assert _found(s, dt.date(2016, 10, 26)) == []
    assert _found(s, dt.date(2016, 10, 27)) == [("zongshuji-dangzhongyang", "以习近平同志为总书记的党中央", "以习近平同志为核心的党中央")]
    assert _found("决议在党的十九大提出的“八个明确”基础上作了拓展。") == []


def test_collocation_needs_the_verb_right_before_the_formula():
    assert _found("坚定不移做到“两个维护”，坚定“四个自信”。") == []
    assert _found("要坚定四个意识。") == [("sige-yishi-order", "坚定", "增强")]


def test_pair_crossed_and_reversed_halves():
    assert _found("防止高级红、低级黑。") == [("dijihong-gaojihei", "高级红、低级黑", "低级红、高级黑")]
    assert _found("不忘初心，牢记使命。") == []
