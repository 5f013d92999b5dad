"""Placeholders left in a text (lexicons/placeholders.yaml): every entry's examples, masked formulas, formats,
and silence on real official text."""
from __future__ import annotations

import datetime as dt

import pytest

from analyzer import analyze
from analyzer.analyses.placeholders import find
from analyzer.ingest import read_document
from analyzer.lexicon import load_lexicon
from conftest import SAMPLES, requires_corpus

LEX = load_lexicon()
RULES = LEX.kind("placeholders")


def _cases(kind):
    for rid, rule in sorted(RULES.items()):
        for i, ex in enumerate(getattr(rule, kind)):
            yield pytest.param(rid, ex, id=f"{rid}-{kind}{i + 1}")


def test_every_entry_has_examples_of_both_kinds():
    assert len(RULES) >= 8
    assert all(r.bad and r.good for r in RULES.values())


@pytest.mark.parametrize("rid, ex", list(_cases("bad")))
def test_bad_example_is_flagged_once_at_marker(rid, ex):
    found = [(s, e) for s, e, rule in find(ex.text, LEX) if rule.id == rid]
    assert found == [ex.span], ex.text


@pytest.mark.parametrize("rid, ex", list(_cases("good")))
def test_good_example_is_not_flagged_by_any_entry(rid, ex):
    assert [(ex.text[s:e], r.id) for s, e, r in find(ex.text, LEX)] == []


def test_placeholders_are_warnings_of_their_own_category():
    text = "某某局2023年度党建工作总结\n深入学习贯彻党的XX大精神，全体党员要不忘**、牢记**。\n本人于____年入党。\n"
    r = analyze(text=text, as_of="2024-01-10")
    holes = [f for f in r.findings if f.category == "文稿完整性"]
    assert [f.text for f in holes] == ["某某", "XX", "**", "**", "____"]
    assert {(f.severity, f.message) for f in holes} == {("warning", "未替换的占位符")}
    assert all(text[f.start:f.end] == f.text and f.basis for f in holes)
    assert r.to_dict()["findings"][0]["category"] == "文稿完整性"


@pytest.mark.parametrize("sentence, theme", [
    ("深入学习***新时代中国特色社会主义思想，做到学思用贯通。", "xi-sixiang"),
    ("深入学习“XXX新时代中国特色社会主义思想”。", "xi-sixiang"),
    ("牢固树立“四个意识”，坚定“四个××”。", None),
    ("坚决做到两个维护**。", "liangge-weihu"),
])
def test_a_masked_formula_never_covers_a_theme(sentence, theme):
    r = analyze(text=f"学习体会\n{sentence}\n", as_of="2024-01-10")
    assert any(f.category == "文稿完整性" for f in r.findings)
    if theme:
        t = next(t for t in r.coverage.themes if t.id == theme)
        assert t.mentions == 0 and t.status != "covered"
    # the same sentence without the placeholder does cover it
    clean = sentence.replace("***", "习近平").replace("XXX", "习近平").replace("**", "")
    if theme:
        r = analyze(text=f"学习体会\n{clean}\n", as_of="2024-01-10")
        assert next(t for t in r.coverage.themes if t.id == theme).mentions == 1


def test_markdown_bold_is_not_a_placeholder(tmp_path):
    p = tmp_path / "a.md"
    p.write_text("# 学习体会\n\n要**坚定理想信念**，不忘**、牢记***。\n", encoding="utf-8")
    r = analyze(p, as_of="2024-01-10")
    assert [f.text for f in r.findings if f.category == "文稿完整性"] == ["***"]
    p = tmp_path / "a.txt"
    p.write_text("要坚定理想信念，不忘**、牢记**。\n", encoding="utf-8")
    assert [f.text for f in analyze(p, as_of="2024-01-10").findings if f.category == "文稿完整性"] == ["**", "**"]


def test_samples_have_no_placeholders():
    for p in sorted(SAMPLES.glob("*.txt")):
        assert find(read_document(p).text, LEX) == [], p.name


@requires_corpus
def test_unmodified_corpus_has_no_placeholder_findings(corpus):
    for p in corpus:
        hits = find(read_document(p).text, LEX)
        assert hits == [], (p.name, [(s, e, r.id) for s, e, r in hits])
