"""analyzer/analyses/formulations/sequence.py: what makes a run of components *the* list, and what is wrong with it."""
from __future__ import annotations

import datetime as dt

from analyzer.analyses.formulations.engine import check_text
from analyzer.lexicon import default_lexicon
from analyzer.options import Options

D = dt.date(2024, 6, 1)


def _found(text, as_of=D):
    return [(f.rule, f.text, f.suggestions[0], f.severity) for f in check_text(text, default_lexicon(), Options(as_of))]


def test_quotes_and_conjunctions_separate_items():
    assert _found("增强“政治意识”“看齐意识”“大局意识”和“核心意识”。") == [
        ("sige-yishi-order", "政治意识”“看齐意识”“大局意识”和“核心意识",
         "政治意识”“大局意识”“核心意识”和“看齐意识", "error")]


def test_unknown_sibling_in_the_missing_slot_is_a_warning():
    # 担当意识 is in no intruder list: only its shape (…意识) and place make it a substitution, so only a warning
    assert _found("政治意识、担当意识、核心意识、看齐意识。") == [
        ("sige-yishi-order", "担当意识", "大局意识", "warning")]


def test_fifth_item_after_a_complete_list_is_not_a_substitution():
    assert _found("经济建设、政治建设、文化建设、社会建设、生态文明建设和党的建设。") == []


def test_short_name_makes_two_items_enough():
    assert _found("“政治三力”即政治领悟力、政治判断力。")[0][:2] == ("zhengzhi-sanli-order", "政治领悟力、政治判断力")
    assert _found("提高政治领悟力、政治判断力。") == []


def test_list_changed_over_time():
    old = "协调推进全面建成小康社会、全面深化改革、全面推进依法治国、全面从严治党战略布局。"
    assert _found(old, dt.date(2016, 3, 5)) == []
    assert [r for r, *_ in _found(old, D)] == ["sige-quanmian-shouxiang"]   # outdated first item, not a misorder
    assert _found("坚定道路自信、理论自信、制度自信，即“三个自信”。", dt.date(2013, 3, 5)) == []


def test_rule_does_not_apply_before_the_list_existed():
    assert _found("政治判断力、政治执行力、政治领悟力。", dt.date(2019, 1, 1)) == []
    assert _found("政治判断力、政治执行力、政治领悟力。")[0][0] == "zhengzhi-sanli-order"


def test_items_containing_enumeration_commas():
    assert _found("践行初心、担当使命，坚持真理、坚守理想，不怕牺牲、英勇斗争，对党忠诚、不负人民。")[0][2] == \
        "坚持真理、坚守理想，践行初心、担当使命，不怕牺牲、英勇斗争，对党忠诚、不负人民"


def test_joiner_repeated_before_each_item_keeps_the_run():
    # 必须坚持 before every item: still one list, so the substitution in slot 2 is found
    text = "必须坚持人民至上，必须坚持自信自强，必须坚持守正创新，必须坚持问题导向，必须坚持系统观念，必须坚持胸怀天下。"
    assert _found(text) == [("liuge-bixu-jianchi-order", "自信自强", "自信自立", "warning")]
    assert _found(text.replace("自信自强", "自信自立")) == []
