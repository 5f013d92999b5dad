"""Checks derived from a formula's data (issue 13): count words, near misses of names and items, verbs and nouns,
earlier names, enumerated points, titles in 《》; each with an ordinary phrase that must stay silent."""
from __future__ import annotations

import datetime as dt
import textwrap

import pytest

from analyzer.analyses.formulations.confusable import Confusables, homophones
from analyzer.analyses.formulations.engine import check_text
from analyzer.analyses.formulations.sequence import count_slot, numeral, numeral_value, wrong_counts
from analyzer.analyses.formulations.titles import title_distance
from analyzer.errors import LexiconError
from analyzer.lexicon import default_lexicon, load_lexicon
from analyzer.options import Options

D = dt.date(2024, 6, 1)


def _found(text, as_of=D):
    return [(f.rule, f.text, f.suggestions[0] if f.suggestions else None, f.severity)
            for f in check_text(text, default_lexicon(), Options(as_of=as_of))]


# The examples of issue 13 ("pass silently today"), each now caught where it is wrong, with its fix.
@pytest.mark.parametrize("text, rule, span, fix, as_of", [
    ("做到“两个围护”。", "liangge-weihu-order", "两个围护", "两个维护", D),
    ("深刻领悟“三个确立”的决定性意义。", "liangge-queli-order", "三个确立", "两个确立", D),
    ("增强“五个意识”。", "sige-yishi-order", "五个意识", "四个意识", D),
    ("统筹推进“六位一体”总体布局。", "wuwei-yiti-order", "六位一体", "五位一体", D),
    ("坚定理论自信、制度自信、文化自信。", "sige-zixin-order", "理论自信、制度自信、文化自信",
     "道路自信、理论自信、制度自信、文化自信", D),
    ("一体推进不能腐、不想腐。", "sanbufu-order", "不能腐、不想腐", "不敢腐、不能腐、不想腐", D),
    ("以习近平新时代中国特色社会主义思相为指导。", "xi-sixiang-fullname", "习近平新时代中国特色社会主义思相",
     "习近平新时代中国特色社会主义思想", D),
    ("深刻领悟“两个确立”的重大意义。", "liangge-queli-order", "重大意义", "决定性意义", D),
    ("学习《中国共产党党和国家机关基层党组织工作条例》。", "title-jiguan-jiceng-zuzhi-tiaoli",
     "中国共产党党和国家机关基层党组织工作条例", "中国共产党党和国家机关基层组织工作条例", D),
    ("以加强党的执政能力建设、先进性和纯洁性建设为主线。", "dangjian-zhuxian-changqi", "执政能力建设",
     "长期执政能力建设", dt.date(2020, 6, 1)),
    ("开展学习贯彻习近平新时代中国特色社会主义思想主要教育。", "zhuti-jiaoyu-2023-mingcheng",
     "学习贯彻习近平新时代中国特色社会主义思想主要教育", "学习贯彻习近平新时代中国特色社会主义思想主题教育", D),
    ("坚持君众路线。", "qunzhong-luxian-order", "君众路线", "群众路线", D),
    ("不断增强政治意识、大局意识、核心意识、看其意识。", "sige-yishi-order", "看其意识", "看齐意识", D),
    ("要坚定“四个意识”。", "sige-yishi-order", "坚定", "增强", D),
    ("统筹推进“五位一体”战略布局。", "wuwei-yiti-order", "战略布局", "总体布局", D),
    ("坚定“三个自信”。", "sige-zixin-order", "三个自信", "四个自信", D),
])
def test_issue_examples_are_caught(text, rule, span, fix, as_of):
    found = [f for f in _found(text, as_of) if f[0] == rule]
    assert [(f[1], f[2]) for f in found] == [(span, fix)], _found(text, as_of)


@pytest.mark.parametrize("text, as_of", [
    ("构建“三位一体”工作格局。", D),                                  # an ordinary phrase, not a miscounted 五位一体
    ("坚定“三个自信”。", dt.date(2015, 3, 5)),                        # the name of the time
    ("党的十八大提出“三个自信”，此后发展为“四个自信”。", D),           # a passage on the past
    ("要看其意识形态属性。", D),                                      # 看其 outside any list of the 四个意识
    ("强化不敢腐的震慑，扎牢不能腐的笼子。", D),                      # two items, not a list
    ("党要团结带领人民进行伟大斗争、推进伟大事业、实现伟大梦想。", D),   # an official subset, no cue
    ("把生态文明建设放在突出地位，融入经济建设、政治建设、文化建设、社会建设各方面。", D),
    ("学习《中国共产党纪律处分条例》和《中国共产党党内监督条例》。", D),
    ("落实《中国共产党党内监督条例（试行）》，2003年印发的这一条例……", D),
    ("一是提高政治判断力。二是提高政治领悟力。三是提高政治执行力。", D),
    ("增强“四个意识”、坚定“四个自信”、做到“两个维护”。", D),
    ("深刻领悟“两个确立”的决定性意义。", D),
])
def test_correct_text_stays_silent(text, as_of):
    assert [f for f in _found(text, as_of) if f[3] != "info"] == []


def test_enumerated_points_are_a_list():
    text = "一是提高政治判断力，看清方向。二是提高政治执行力，抓好落实。三是提高政治领悟力，深刻领会。"
    assert _found(text) == [("zhengzhi-sanli-order", "政治执行力", "政治领悟力", "error")]
    four = "一是增强政治意识。二是增强大局意识。三是增强看齐意识。"
    assert [f[:2] for f in _found(four)] == [("sige-yishi-order", "政治意识")]


def test_numerals_and_count_slots():
    assert [numeral_value(s) for s in ("两", "五", "十", "十四", "二十", "二十三", "十十", "两十")] == \
        [2, 5, 10, 14, 20, 23, None, None]
    assert [numeral(n) for n in (2, 5, 10, 14, 20)] == ["两", "五", "十", "十四", "二十"]
    assert count_slot("五位一体", {5}) == (0, 1) and count_slot("十四个坚持", {14}) == (0, 2)
    assert count_slot("三会一课", {4}) is None and count_slot("三严三实", {6}) is None


def test_wrong_counts_come_from_the_data_and_spare_the_counts_it_ever_had():
    spec = default_lexicon().get("rules", "sige-zixin-order").spec
    names = {w for w, _, _ in wrong_counts(spec)}
    assert "五个自信" in names and "三个自信" not in names and "四个自信" not in names


def test_homophones_and_near_forms():
    assert homophones("维", "围") and homophones("想", "相") and not homophones("群", "君")
    conf = Confusables(["群君", "识帜"])
    assert conf.similar("君", "群") == "形近" and conf.similar("围", "维") == "同音" and conf.similar("甲", "乙") is None


def test_title_distance():
    assert title_distance("abc", "abc", 1) == 0 and title_distance("abxc", "abc", 1) == 1
    assert title_distance("axyc", "abc", 1) is None and title_distance("axyc", "abc", 2) == 2


# --- validation of the new fields, with Chinese messages naming file, entry and key ---------------------------

_FORMULA = """\
  - id: test-formula
    type: sequence
    severity: {severity}
    verified: {verified}
    message: “{{name}}”{{problem}}
    name: 四个自信
    items: [道路自信, 理论自信, 制度自信, 文化自信]
    nouns: [{nouns}]
    basis: 测试
    examples: {{bad: ["[[理论自信、道路自信、制度自信、文化自信]]"], good: [道路自信]}}
"""


@pytest.mark.parametrize("severity, verified, nouns, key, reason", [
    ("error", "false", "总体布局", "verified", "未核验"),
    ("warning", "false", "布局", "nouns", "过短"),
    ("warning", "maybe", "总体布局", "verified", "类型"),
])
def test_formula_fields_are_validated(tmp_path, severity, verified, nouns, key, reason):
    (tmp_path / "r.yaml").write_text("kind: rules\nentries:\n" + _FORMULA.format(
        severity=severity, verified=verified, nouns=nouns), encoding="utf-8")
    with pytest.raises(LexiconError) as e:
        load_lexicon([tmp_path], builtin=False)
    assert e.value.entry_id == "test-formula" and e.value.key == key and reason in e.value.reason


@pytest.mark.parametrize("kind, body, key, reason", [
    ("confusables", "  - {id: test-x, chars: 确, basis: 测试}\n", "chars", "至少"),
    ("confusables", "  - {id: test-x, chars: 确a, basis: 测试}\n", "chars", "只能含汉字"),
    ("titles", textwrap.dedent("""\
      - id: test-t
        title: 中国共产党某某工作条例（试行）
        until: 2019-01-01
        replaced_by: 中国共产党某某工作条例
        basis: 测试
        examples: {bad: ["《[[中国共产党某某工作条列（试行）]]》"], good: [无]}
    """), "replaced_by", "不在 titles 中"),
    ("titles", "  - {id: test-t, title: 《条例》, basis: 测试, examples: {bad: ['《[[条例]]》'], good: [无]}}\n",
     "title", "书名号"),
])
def test_confusables_and_titles_are_validated(tmp_path, kind, body, key, reason):
    if kind == "titles" and not body.startswith("  - {"):
        body = textwrap.indent(body, "  ")
    (tmp_path / "x.yaml").write_text(f"kind: {kind}\nentries:\n" + body, encoding="utf-8")
    with pytest.raises(LexiconError) as e:
        load_lexicon([tmp_path], builtin=False)
    assert e.value.key == key and reason in e.value.reason
