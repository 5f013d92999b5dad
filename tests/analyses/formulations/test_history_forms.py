"""Lists judged against the form in force at the document's date (issue 16 item 10).

Cases are generated from the lexicon's own data: for every sequence formula with earlier forms (``history``), its
current list and each earlier list, in order and with each pair of neighbours swapped, written in two frames (a
neutral one and the formula's own verb), dated before and after the change. Nothing here names a formula."""
from __future__ import annotations

import datetime as dt

import pytest

from analyzer.analyses.formulations.engine import check_text
from analyzer.lexicon import default_lexicon
from analyzer.options import Options

MARGIN = dt.timedelta(days=200)


def _changes():
    """(rule id, earlier form, date before the change, date after it) for every formula with history."""
    out = []
    for rule in default_lexicon().kind("rules").values():
        if rule.type != "sequence" or not rule.spec.history:
            continue
        for form in rule.spec.history:
            before = form.until - MARGIN
            if form.since is not None:
                before = max(before, form.since)
            after = form.until + MARGIN
            out.append(pytest.param(rule.id, form, before, after, id=f"{rule.id}-{form.name or len(form.items)}"))
    return out


CHANGES = _changes()


def test_the_lexicon_has_formulas_with_history():
    assert CHANGES, "no sequence formula with history: nothing to generate from"


def _frames(spec):
    yield "会议强调，要始终坚持{}。"
    for verb in spec.verbs[:1]:
        yield "我们要" + verb + "{}。"


def _swaps(items):
    for i in range(len(items) - 1):
        s = list(items)
        s[i], s[i + 1] = s[i + 1], s[i]
        yield s


def _found(rule_id, text, as_of):
    return [f for f in check_text(text, default_lexicon(), Options(as_of=as_of)) if f.rule == rule_id]


def _spec(rule_id):
    return default_lexicon().get("rules", rule_id).spec


@pytest.mark.parametrize("rule_id, form, before, after", CHANGES)
def test_the_current_list_before_it_existed_is_judged_only_on_the_earlier_items(rule_id, form, before, after):
    """Before the change the current list is no list of that date: in order, or with an item only the later form
    has moved, it is not judged; but two items of the earlier form exchanged are out of that form's own order."""
    spec = _spec(rule_id)
    name = form.name or spec.name
    for frame in _frames(spec):
        assert _found(rule_id, frame.format("、".join(spec.items)), before) == []
        for i, items in enumerate(_swaps(spec.items)):
            text = frame.format("、".join(items))
            found = _found(rule_id, text, before)
            if spec.items[i] in form.items and spec.items[i + 1] in form.items:
                assert [f.text for f in found] == ["、".join(items)], (text, before)
                assert f"“{name}”顺序有误" in found[0].message and found[0].message.endswith("、".join(form.items))
            else:
                assert found == [], (text, before)


@pytest.mark.parametrize("rule_id, form, before, after", CHANGES)
def test_the_current_list_is_judged_after_the_change(rule_id, form, before, after):
    spec = _spec(rule_id)
    canonical = "、".join(spec.items)
    for frame in _frames(spec):
        assert _found(rule_id, frame.format(canonical), after) == []
        for items in _swaps(spec.items):
            text = frame.format("、".join(items))
            found = _found(rule_id, text, after)
            assert [(f.text, f.suggestions[0]) for f in found] == [("、".join(items), canonical)], text
            assert f"“{spec.name}”顺序有误" in found[0].message and found[0].message.endswith(canonical)


@pytest.mark.parametrize("rule_id, form, before, after", CHANGES)
def test_the_earlier_list_is_judged_against_itself_before_the_change(rule_id, form, before, after):
    spec = _spec(rule_id)
    canonical = "、".join(form.items)
    name = form.name or spec.name
    for frame in _frames(spec):
        assert _found(rule_id, frame.format(canonical), before) == []
        for items in _swaps(form.items):
            text = frame.format("、".join(items))
            found = _found(rule_id, text, before)
            assert [(f.text, f.suggestions[0]) for f in found] == [("、".join(items), canonical)], text
            assert f"“{name}”顺序有误" in found[0].message and found[0].message.endswith(canonical)
            assert found[0].severity == ("error" if spec.verified else "warning")


@pytest.mark.parametrize("rule_id, form, before, after", CHANGES)
def test_the_earlier_list_after_the_change(rule_id, form, before, after):
    """In order it is at most incomplete (a warning naming what the new form added); out of order it is
    misordered against the current form."""
    spec = _spec(rule_id)
    added = [x for x in spec.items if x not in form.items]
    for frame in _frames(spec):
        text = frame.format("、".join(form.items))
        for f in _found(rule_id, text, after):
            assert f.severity == "warning" and any(f"缺少“{x}”" in f.message for x in added), (text, f)
        for items in _swaps(form.items):
            text = frame.format("、".join(items))
            found = _found(rule_id, text, after)
            assert [(f.text, f.suggestions[0]) for f in found] == [("、".join(items), "、".join(form.items))], text
            assert f"“{spec.name}”顺序有误" in found[0].message
