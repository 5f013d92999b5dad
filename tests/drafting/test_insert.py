"""Missing themes go where they belong: woven into the most concrete sentence of the draft (never after the
closing), so the theme counts as covered and no hollow sentence is added; checked with the real analysis."""
from __future__ import annotations

import pytest

from analyzer.drafting.edits import apply
from analyzer.drafting.insert import closing_start, theme_insertion
from analyzer.drafting.suggest import suggest
from analyzer.pipeline import analyze

from conftest import SAMPLES


@pytest.mark.parametrize("name", ["speech.txt", "annual_summary.txt", "duty_report.txt", "self_review.txt"])
def test_each_missing_theme_ends_covered_in_a_concrete_sentence_before_the_closing(lexicon, name):
    path = SAMPLES / name
    if not path.is_file():
        pytest.skip("sample is absent")
    text = path.read_text("utf-8")
    s = suggest(text, lexicon)
    missing = [m for m in s.missing_themes if m.status == "missing" and (m.template or m.canonical)]
    if not missing:
        pytest.skip(f"{name} misses no theme with a canonical sentence")
    lines = text.split("\n")
    closing = "\n".join(lines[closing_start(text):]).strip()
    for m in missing:
        ins = theme_insertion(text, m.name, m.category, m.template or m.canonical, lexicon)
        new = apply(text, [ins.edit]).text
        if closing:
            assert new.rstrip().endswith(closing), m.name          # the closing stays the closing
        r = analyze(text=new, lexicon=lexicon, profile=s.profile)
        theme = next(t for t in r.coverage.themes if t.id == m.id)
        assert theme.status == "covered", (m.name, theme.status)
        at = ins.edit.start
        sentence = next(x for x in r.hollowness.sentences if x.start <= at < x.end)
        assert sentence.label != "hollow", (m.name, sentence.text)


def test_closing_of_a_speech_is_the_exhortation_and_signature():
    text = "关于机关党建的讲话\n一、成绩\n全年召开会议6次。\n同志们，让我们为建设美丽江屿作出新的更大贡献！\n某某局\n2024年1月15日\n"
    lines = text.split("\n")
    assert lines[closing_start(text)].startswith("同志们")
