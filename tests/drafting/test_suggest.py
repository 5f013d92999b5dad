"""Drafting suggestions: missing themes with lexicon wording, applicable fixes, hollow advice, repeated slogans,
structure and length, and the `shengao suggest` command."""
import json

import pytest
from click.testing import CliRunner

from analyzer.cli.commands import cli
from analyzer.drafting.edits import apply
from analyzer.drafting.suggest import suggest

# A draft written for these tests: an annual summary that never mentions 三会一课 or 中央八项规定精神.
DRAFT = """机关党委2024年度党建工作总结
2024年12月20日
一、坚持政治引领
全年召开党委会议14次，研究党建议题23项，制定《机关党建工作要点》1份。
二、加强理论武装
组织集中学习12次，举办读书班2期，覆盖党员320名。
四、推进业务融合
今年重点抓好三项工作：一是健全制度；三是压实责任。
"""


def _theme_by_name(lexicon, name):
    for t in lexicon.kind("themes").values():
        if getattr(t, "name", None) == name:
            return t
    return None


def test_missing_sanhui_yike_and_baxiang_guiding_are_named_with_canonical_text(lexicon):
    wanted = {name: _theme_by_name(lexicon, name) for name in ("三会一课", "中央八项规定精神")}
    if not all(wanted.values()):
        pytest.skip("the theme lexicon does not have 三会一课 and 中央八项规定精神 yet")
    s = suggest(DRAFT, lexicon, profile="annual-summary")
    from analyzer.pipeline import analyze
    if not analyze(text=DRAFT, lexicon=lexicon, profile="annual-summary").coverage.themes:
        pytest.skip("coverage analysis has not landed yet")
    by_name = {m.name: m for m in s.missing_themes}
    for name, theme in wanted.items():
        assert name in by_name, f"{name} not suggested; got {sorted(by_name)}"
        m = by_name[name]
        assert m.status == "missing"
        assert m.canonical == theme.canonical and m.canonical
        assert m.template == theme.template


def test_structure_fixes_apply_and_change_exactly_their_span(lexicon):
    s = suggest(DRAFT, lexicon, profile="annual-summary")
    fixes = {f.rule: f for f in s.structure}
    assert set(fixes) == {"structure-heading-gap", "structure-enum-gap"}
    for f in s.applicable():
        out = apply(DRAFT, f.edit())
        assert out.text == DRAFT[:f.start] + f.replacement + DRAFT[f.end:]
    fixed = apply(DRAFT, [f.edit() for f in s.structure]).text
    assert "三、推进业务融合" in fixed and "一是健全制度；二是压实责任" in fixed
    assert suggest(fixed, lexicon, profile="annual-summary").structure == []


def test_formulation_fixes_are_the_findings_own_suggestions(lexicon):
    text = "全体党员要牢固树立“四个意识”，坚定“三个自信”，做到“两个维护”。"
    s = suggest(text, lexicon, profile="general", as_of="2024-01-01")
    if not s.fixes:
        pytest.skip("no formulation rules have landed yet")
    for f in s.applicable():
        assert text[f.start:f.end] == f.text
        out = apply(text, f.edit())
        assert out.text == text[:f.start] + f.replacement + text[f.end:]


def test_repeated_stock_phrases_are_counted_at_their_places(lexicon):
    text = "我们要形成合力。各部门要形成合力。全系统要形成合力，确保落到实处。"
    s = suggest(text, lexicon, profile="general", as_of="2024-01-01")
    rep = {r.text: r for r in s.repeated}
    assert rep["形成合力"].count == 3
    assert [text[a:b] for a, b in rep["形成合力"].spans] == ["形成合力"] * 3
    assert "落到实处" not in rep     # once is fine


def test_length_against_the_2024_norms(lexicon):
    sentence = "本支部全年组织主题党日活动12次，参加党员人数累计386人次。\n"
    long_summary = "2024年度党建工作总结\n" + sentence * 200          # 6,000 characters of text
    s = suggest(long_summary, lexicon, profile="annual-summary", as_of="2025-01-15")
    assert s.length.limit == 5000 and s.length.over
    assert s.length.chars == sum(1 for c in long_summary if not c.isspace())
    assert "超出" in s.length.message and "5000" in s.length.basis
    before = suggest(long_summary, lexicon, profile="annual-summary", as_of="2024-03-01")
    assert before.length.limit is None and not before.length.over      # the rules date from 2024-08
    speech = suggest("讲话\n" + sentence * 500, lexicon, profile="speech", as_of="2025-01-15")
    assert speech.length.max_minutes == 60 and speech.length.over and speech.length.minutes > 60


def test_hollow_sentences_say_what_to_add(lexicon):
    text = "我们要进一步提高政治站位，切实增强责任感使命感，扎实推动各项工作再上新台阶。\n全年开展集中学习12次。"
    s = suggest(text, lexicon, profile="general", as_of="2024-01-01")
    from analyzer.pipeline import analyze
    if not analyze(text=text, lexicon=lexicon).hollowness.sentences:
        pytest.skip("hollowness analysis has not landed yet")
    assert len(s.hollow) >= 1
    h = s.hollow[0]
    assert h.text.startswith("我们要进一步提高政治站位") and text[h.start:h.end] == h.text
    assert "number" in h.add and any("数字" in a for a in h.advice)
    assert all("12次" not in x.text for x in s.hollow)
    # headings, the title and the salutation are labels, not claims to enrich
    d = suggest(DRAFT + "同志们：\n", lexicon, profile="annual-summary")
    assert not [x.text for x in d.hollow if x.text.startswith(("一、", "二、", "四、", "机关党委", "同志们"))]


def test_to_dict_is_json_and_complete(lexicon):
    d = suggest(DRAFT, lexicon, profile="annual-summary").to_dict()
    json.dumps(d, ensure_ascii=False)
    assert set(d) == {"profile", "as_of", "as_of_source", "chars", "missing_themes", "fixes", "hollow", "repeated",
                      "structure", "length"}
    assert d["as_of"] == "2024-12-20" and d["as_of_source"] == "document"
    assert d["structure"][0]["replacement"] == "三、"


def test_cli_suggest_json_and_table(tmp_path):
    p = tmp_path / "draft.txt"
    p.write_text(DRAFT, "utf-8")
    r = CliRunner().invoke(cli, ["suggest", str(p), "--profile", "annual-summary", "--format", "json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.output)
    assert d["path"] == str(p) and d["profile"]["id"] == "annual-summary"
    assert [f["text"] for f in d["structure"]] == ["四、", "三是"]
    r = CliRunner().invoke(cli, ["suggest", str(p), "--as-of", "2025-01-01"])
    assert r.exit_code == 0
    assert "【结构检查】2 处" in r.output and "应为“三、”" in r.output and "判断日期：2025-01-01" in r.output


def test_run_in_numbered_headings_are_not_sentences_to_enrich(lexicon):
    """（一）坚持抓班子带队伍。 opens a paragraph as its heading: a label, not a hollow claim."""
    from analyzer import analyze
    from analyzer.drafting.suggest import hollow_sentences
    text = ("关于2023年度抓基层党建工作的述职报告\n"
            "（一）坚持抓班子带队伍。全年召开党组会议24次，研究党建事项31项。\n"
            "我们要进一步提高政治站位，要切实增强责任意识，要扎实推进各项工作落地落实，不断开创新局面。\n")
    report = analyze(text=text, as_of="2024-01-20", profile="duty-report", lexicon=lexicon)
    labels = {s.text: s.label for s in report.hollowness.sentences}
    assert labels["（一）坚持抓班子带队伍。"] == "hollow"          # the scorer still sees a slogan
    flagged = [h.text for h in hollow_sentences(report)]
    assert "（一）坚持抓班子带队伍。" not in flagged
    assert "我们要进一步提高政治站位，要切实增强责任意识，要扎实推进各项工作落地落实，不断开创新局面。" in flagged


def test_advice_follows_the_reason_codes_never_their_wording():
    from analyzer.drafting.suggest import ADDITIONS, ADD_FOR_CODE, additions
    from analyzer.analyses.hollowness.reasons import TEMPLATES
    from analyzer.model import Reason, SentenceScore
    assert set(ADD_FOR_CODE) <= set(TEMPLATES) and set(ADD_FOR_CODE.values()) <= set(ADDITIONS)
    codes = [Reason("no_actor"), Reason("no_deadline"), Reason("stock_self_criticism", {"terms": ("学习不够深入",), "hint": ""})]
    s = SentenceScore(0, 10, "学习不够深入，标准不够高。", 0.9, "hollow", ["任意措辞"], codes)
    assert additions(s) == ("actor", "deadline", "example")
    reworded = SentenceScore(0, 10, s.text, 0.9, "hollow", ["无数据、无责任主体、无时限"], [Reason("intensifiers", {"words": ("切实",)})])
    assert additions(reworded) == ("number", "deadline")        # nothing to add named: the facts it lacks


def test_without_codes_the_facts_the_sentence_lacks_are_asked_for():
    """A report read back from JSON has the Chinese reasons only: advice from the facts of the sentence."""
    from analyzer.drafting.suggest import additions
    from analyzer.model import SentenceScore
    def add(text):
        return additions(SentenceScore(0, len(text), text, 0.9, "hollow", ["无数据"], []))
    assert add("要进一步提高政治站位。") == ("number", "deadline")
    assert add("年底前要进一步提高政治站位。") == ("number",)
    assert add("全年召开专题会议十二次。") == ("deadline",)
