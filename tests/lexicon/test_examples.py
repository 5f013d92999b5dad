"""Every formulation rule carries its own tests (LanguageTool's PatternRuleTest): each bad example gives exactly
one finding from that rule, at the [[marked]] span, with the expected first suggestion; putting the suggestion in
gives none; each good example gives none. Also: the loader rejects malformed rules, naming file and entry."""
from __future__ import annotations

import datetime as dt
import textwrap

import pytest

from analyzer.errors import LexiconError
from analyzer.analyses.formulations.engine import check_text
from analyzer.lexicon import load_lexicon
from analyzer.options import Options

LEX = load_lexicon()
RULES = LEX.kind("rules")
TODAY = dt.date.today()


def _cases(kind: str):
    for rid, rule in sorted(RULES.items()):
        for i, ex in enumerate(getattr(rule.examples, kind)):
            yield pytest.param(rid, ex, id=f"{rid}-{kind}{i + 1}")


def _from_rule(rid, text, as_of):
    return [f for f in check_text(text, LEX, Options(as_of=as_of or TODAY)) if f.rule == rid]


def test_every_rule_type_is_present_and_ids_unique():
    assert {r.type for r in RULES.values()} == {"sequence", "near-miss", "outdated", "collocation", "pair"}
    sequence = [r for r in RULES.values() if r.type == "sequence"]
    assert len(sequence) >= 40
    ids = [r.id for r in RULES.values()]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("rid, ex", list(_cases("bad")))
def test_bad_example_is_flagged_once_at_marker(rid, ex):
    found = _from_rule(rid, ex.text, ex.as_of)
    assert len(found) == 1, [(f.text, f.message) for f in found]
    f = found[0]
    assert (f.start, f.end) == ex.span
    assert f.text == ex.text[f.start:f.end]
    assert f.message and f.basis and f.suggestions
    if ex.correction is not None:
        assert f.suggestions[0] == ex.correction
    fixed = ex.text[:f.start] + f.suggestions[0] + ex.text[f.end:]
    assert _from_rule(rid, fixed, ex.as_of) == [], fixed


@pytest.mark.parametrize("rid, ex", list(_cases("good")))
def test_good_example_is_not_flagged(rid, ex):
    assert _from_rule(rid, ex.text, ex.as_of) == []


GOOD_ENTRY = """\
  - id: test-rule
    type: outdated
    severity: warning
    message: 应为“{suggestion}”
    swap: {旧说法: 新说法}
    since: 2020-01-01
    basis: 测试
    examples: {bad: ["[[旧说法]]"], good: [新说法]}
"""


def _pack(tmp_path, entry: str):
    (tmp_path / "r.yaml").write_text("kind: rules\nentries:\n" + entry, encoding="utf-8")
    return tmp_path


def test_a_valid_user_pack_loads_and_works(tmp_path):
    lex = load_lexicon([_pack(tmp_path, GOOD_ENTRY)], builtin=False)
    found = check_text("这是旧说法。", lex, Options(as_of=dt.date(2024, 1, 1)))
    assert [(f.rule, f.text, f.suggestions) for f in found] == [("test-rule", "旧说法", ("新说法",))]


@pytest.mark.parametrize("old, new, key, reason", [
    ("type: outdated", "type: misspelling", "type", "未知的规则类型"),
    ("    message: 应为“{suggestion}”\n", "", "message", "缺少必填字段"),
    ("severity: warning", "severity: fatal", "severity", "严重程度"),
    ("since: 2020-01-01", 'since: "2020-13-45"', "since", "日期无效"),
    ("since: 2020-01-01", "since: last year", "since", "日期无法解析"),
    ('    examples: {bad: ["[[旧说法]]"], good: [新说法]}\n', "", "examples", "examples"),
    ('good: [新说法]', 'good: []', "examples.good", "非空"),
    ('["[[旧说法]]"]', '["旧说法"]', "examples.bad[1]", "[[…]]"),
    ("应为“{suggestion}”", "应为“{replacement}”", "message", "未知占位符"),
])
def test_validation_names_file_entry_and_key(tmp_path, old, new, key, reason):
    assert old in GOOD_ENTRY
    pack = _pack(tmp_path, GOOD_ENTRY.replace(old, new))
    with pytest.raises(LexiconError) as e:
        load_lexicon([pack], builtin=False)
    err = e.value
    assert err.file.endswith("r.yaml") and err.entry_id == "test-rule" and err.key == key
    assert reason in err.reason
    assert "r.yaml" in str(err) and "test-rule" in str(err)


def test_unquoted_impossible_date_names_the_file(tmp_path):
    pack = _pack(tmp_path, GOOD_ENTRY.replace("since: 2020-01-01", "since: 2020-13-45"))
    with pytest.raises(LexiconError) as e:
        load_lexicon([pack], builtin=False)
    assert e.value.file.endswith("r.yaml") and "日期" in e.value.reason


def test_duplicate_id_is_rejected(tmp_path):
    pack = _pack(tmp_path, GOOD_ENTRY + GOOD_ENTRY)
    with pytest.raises(LexiconError) as e:
        load_lexicon([pack], builtin=False)
    assert e.value.entry_id == "test-rule" and "重复" in e.value.reason


def test_sequence_history_must_be_an_ordered_subset(tmp_path):
    entry = textwrap.dedent("""\
      - id: test-seq
        type: sequence
        message: “{name}”{problem}
        name: 四个自信
        items: [道路自信, 理论自信, 制度自信, 文化自信]
        history: [{items: [理论自信, 道路自信], until: 2016-07-01}]
        basis: 测试
        examples: {bad: ["[[理论自信、道路自信、制度自信]]"], good: [道路自信]}
    """)
    with pytest.raises(LexiconError) as e:
        load_lexicon([_pack(tmp_path, textwrap.indent(entry, "  "))], builtin=False)
    assert e.value.entry_id == "test-seq" and "history" in (e.value.key or "")


# --- titles of Party regulations (lexicon kind ``titles``): the same example contract as rules -----------------

TITLES = LEX.kind("titles")


def _title_cases(kind: str):
    for tid, t in sorted(TITLES.items()):
        for i, ex in enumerate(getattr(t.examples, kind)):
            yield pytest.param(tid, ex, id=f"{tid}-{kind}{i + 1}")


@pytest.mark.parametrize("tid, ex", list(_title_cases("bad")))
def test_bad_title_example_is_flagged_once_at_marker(tid, ex):
    found = [f for f in check_text(ex.text, LEX, Options(as_of=ex.as_of or TODAY)) if f.rule == tid]
    assert len(found) == 1, [(f.rule, f.text) for f in check_text(ex.text, LEX, Options(as_of=ex.as_of or TODAY))]
    f = found[0]
    assert (f.start, f.end) == ex.span and f.basis and f.message
    if ex.correction is not None:
        assert f.suggestions[0] == ex.correction
    fixed = ex.text[:f.start] + f.suggestions[0] + ex.text[f.end:]
    assert [g for g in check_text(fixed, LEX, Options(as_of=ex.as_of or TODAY)) if g.start < f.start + len(
        f.suggestions[0]) and g.end > f.start] == [], fixed


@pytest.mark.parametrize("tid, ex", list(_title_cases("good")))
def test_good_title_example_is_not_flagged(tid, ex):
    assert check_text(ex.text, LEX, Options(as_of=ex.as_of or TODAY)) == []


def test_every_title_has_examples_and_replacements_exist():
    assert len(TITLES) >= 20
    known = {t.title for t in TITLES.values()}
    assert all(t.replaced_by in known for t in TITLES.values() if t.replaced_by)
