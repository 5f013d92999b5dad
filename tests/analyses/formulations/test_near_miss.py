"""analyzer/analyses/formulations/near_miss.py: explicit wrong variants and the bounded one-edit search."""
from __future__ import annotations

import datetime as dt

from analyzer.analyses.formulations.engine import check_text
from analyzer.lexicon import default_lexicon
from analyzer.options import Options
from analyzer.analyses.formulations.near_miss import one_edit


def _found(text):
    return [(f.rule, f.text, f.suggestions[0]) for f in check_text(text, default_lexicon(), Options(dt.date(2024, 6, 1)))]


def test_one_edit():
    assert one_edit("abc", "abd") and one_edit("abc", "abxc") and one_edit("abxc", "abc")
    assert not one_edit("abc", "abc") and not one_edit("abc", "axy") and not one_edit("abc", "abcde")


def test_fuzzy_finds_a_typo_inside_the_formula():
    assert _found("以习近平新时代中国特色杜会主义思想为指导。") == [
        ("xi-sixiang-fullname", "习近平新时代中国特色杜会主义思想", "习近平新时代中国特色社会主义思想")]


def test_fuzzy_tolerates_punctuation_and_leaves_longer_formulas_alone():
    assert _found("确立习近平同志党中央的核心，全党的核心地位。") == []
    assert _found("学习习近平新时代中国特色社会主义外交思想。") == []


def test_official_variant_in_exceptions_is_not_flagged():
    assert _found("坚决维护习近平同志党中央的核心、全党的核心地位。") == []
    assert _found("坚决维护习近平总书记在党中央和全党的核心地位。")[0][0] == "liangge-weihu-hexin"


def test_marked_wrong_variant_flags_only_its_part():
    assert _found("领导干部要心怀“国之大事”。") == [("guozhi-dazhe-typo", "国之大事", "国之大者")]
    assert _found("国之大事，在祀与戎。") == []


def test_since_applies_to_near_miss_rules():
    text = "思想建设是党的根本性建设。"
    assert [r for r, *_ in _found(text)] == ["genbenxing-jianshe"]
    assert check_text(text, default_lexicon(), Options(dt.date(2016, 1, 1))) == []
