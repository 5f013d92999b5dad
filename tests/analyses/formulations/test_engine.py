"""formulations.run over real official text: no errors on unmodified documents at their own dates, each rule
type catches one error injected into corpus text and into the project's samples, and the known tricky
non-errors (2012's 三个自信 list, Xi's own 新时代中国特色社会主义思想, 十九大以来 as history) stay silent."""
from __future__ import annotations

import datetime as dt

import pytest

from analyzer.analyses.formulations.engine import check_text, run
from analyzer.ingest import document_from_text
from analyzer.options import Options
from conftest import CORPUS, SAMPLES, corpus_dates, requires_corpus


def _check(text, as_of):
    return check_text(text, _lex(), Options(as_of=as_of))


def _lex():
    from analyzer.lexicon import default_lexicon
    return default_lexicon()


def _read(name):
    return (CORPUS / name).read_text("utf-8")


@requires_corpus
def test_corpus_at_its_own_dates_has_no_errors_and_exact_spans(corpus):
    dates = corpus_dates()
    errors, warnings = [], []
    for path in corpus:
        text = path.read_text("utf-8")
        for f in _check(text, dates[path.name]):
            assert text[f.start:f.end] == f.text
            assert f.message and f.basis and f.category
            (errors if f.severity == "error" else warnings).append((path.name, f.rule, f.text))
    assert errors == []
    print("corpus warnings:", warnings)


def _inject(name, old, new, as_of=None):
    """Replace the first ``old`` in a corpus document; return (text, start of the replacement, findings)."""
    text = _read(name)
    i = text.index(old)
    text = text[:i] + new + text[i + len(old):]
    return text, i, _check(text, as_of or corpus_dates()[name])


def _one(findings, rule):
    hits = [f for f in findings if f.rule == rule]
    assert len(hits) == 1, [(f.rule, f.text) for f in findings]
    return hits[0]


@requires_corpus
def test_injected_misorder_in_history_resolution():
    old = "道路自信、理论自信、制度自信、文化自信"
    text, i, found = _inject("cpc_history_resolution_2021.txt", old, "道路自信、制度自信、理论自信、文化自信")
    f = _one(found, "sige-zixin-order")
    assert (f.start, f.end, f.severity) == (i, i + len(old), "error")
    assert f.suggestions[0] == old
    assert "顺序有误" in f.message


@requires_corpus
def test_injected_substitution_in_a_list_of_four():
    text, i, found = _inject("cpc_history_resolution_2021.txt", "政治意识、大局意识、核心意识、看齐意识",
                             "政治意识、大局意识、责任意识、看齐意识")
    f = _one(found, "sige-yishi-order")
    assert f.text == "责任意识" and f.start == i + len("政治意识、大局意识、")
    assert f.suggestions == ("核心意识",) and f.severity == "error"


@requires_corpus
def test_injected_near_miss_outdated_collocation_and_pair():
    _, i, found = _inject("cpc_history_resolution_2021.txt", "习近平新时代中国特色社会主义思想", "习近平中国特色社会主义思想")
    f = _one(found, "xi-sixiang-fullname")
    assert (f.start, f.text, f.suggestions[0]) == (i, "习近平中国特色社会主义思想", "习近平新时代中国特色社会主义思想")

    _, i, found = _inject("gwr_2019.txt", "两个维护", "两个拥护")
    assert (_one(found, "liangge-weihu-spelling").start, found[0].severity) == (i, "error")

    _, i, found = _inject("gwr_2018.txt", "以习近平同志为核心的党中央", "以习近平同志为总书记的党中央")
    f = _one(found, "zongshuji-dangzhongyang")
    assert (f.start, f.severity, f.suggestions[0]) == (i, "error", "以习近平同志为核心的党中央")

    _, i, found = _inject("cpc20_report.txt", "增强“四个意识”", "坚定“四个意识”")
    f = _one(found, "sige-yishi-order")
    assert (f.start, f.end, f.text, f.suggestions[0], f.severity) == (i, i + 2, "坚定", "增强", "warning")

    text = _read("seed_speech_model_organs.txt")
    a, b = text.index("低级红"), text.index("高级黑")
    swapped = text[:a] + "高级红" + text[a + 3:b] + "低级黑" + text[b + 3:]
    f = _one(_check(swapped, corpus_dates()["seed_speech_model_organs.txt"]), "dijihong-gaojihei")
    assert (f.start, f.end) == (a, b + 3) and f.suggestions[0] == text[a:b + 3]


@requires_corpus
def test_injected_three_confidences_after_2016_and_wrong_count_word():
    _, i, found = _inject("gwr_2019.txt", "四个自信", "三个自信")
    f = _one(found, "sige-zixin-order")
    assert (f.start, f.text, f.suggestions[0], f.severity) == (i, "三个自信", "四个自信", "error")
    _, i, found = _inject("cpc_history_resolution_2021.txt", "政治意识、大局意识", "增强“三个意识”，即政治意识、大局意识")
    f = _one(found, "sige-yishi-order")
    assert f.text == "三个意识" and f.suggestions[0] == "四个意识"


@requires_corpus
def test_2012_congress_report_three_confidences_correct_then():
    text = _read("cpc18_report.txt")
    assert "道路自信、理论自信、制度自信" in text
    assert _check(text, dt.date(2012, 11, 8)) == []
    assert _check("坚定“三个自信”。", dt.date(2012, 11, 8)) == []
    assert [f.rule for f in _check("坚定“三个自信”。", dt.date(2024, 1, 1))] == ["sige-zixin-order"]


@requires_corpus
def test_xi_own_form_without_his_name_is_accepted():
    text = _read("cpc20_report.txt")
    assert "全面贯彻新时代中国特色社会主义思想" in text
    assert [f for f in _check(text, dt.date(2022, 10, 16)) if f.rule == "xi-sixiang-fullname"] == []


def test_nineteenth_congress_as_history_is_not_outdated():
    as_of = dt.date(2024, 3, 1)
    assert _check("党的十九大以来，我们深入学习贯彻党的十九大精神，取得显著成效。", as_of) == []
    assert _check("过去五年，全面贯彻党的十九大和十九届历次全会精神。", as_of) == []
    found = _check("今年要深入学习贯彻党的十九大精神。", as_of)
    assert [(f.rule, f.text, f.severity) for f in found] == [("shijiuda-jingshen", "党的十九大精神", "warning")]


def test_two_items_in_another_order_are_not_a_list():
    as_of = dt.date(2024, 3, 1)
    assert _check("要特别增强制度自信和理论自信。", as_of) == []
    assert _check("加强党的政治建设、思想建设，推进经济建设、政治建设、文化建设、社会建设、生态文明建设。", as_of) == []


def test_run_takes_a_document_and_official_variants_pass():
    doc = document_from_text("坚决维护习近平同志党中央的核心、全党的核心地位，坚决维护党中央权威和集中统一领导。"
                             "以党的自我革命引领社会革命。")
    assert run(doc, _lex(), Options(as_of=dt.date(2024, 1, 1))) == []


SAMPLE_EXPECTATIONS = {
    "annual_summary": [("sige-zixin-order", "道路自信、制度自信、理论自信、文化自信", "道路自信、理论自信、制度自信、文化自信"),
                       ("sige-yishi-order", "坚定", "增强")],
    "speech": [("zongshuji-dangzhongyang", "以习近平同志为总书记的党中央", "以习近平同志为核心的党中央"),
               ("sige-zixin-order", "三个自信", "四个自信"),
               ("xi-sixiang-fullname", "习近平中国特色社会主义思想", "习近平新时代中国特色社会主义思想")],
    "duty_report": [("liangge-weihu-spelling", "两个拥护", "两个维护"),
                    ("sige-yishi-order", "政治意识、核心意识、大局意识、看齐意识", "政治意识、大局意识、核心意识、看齐意识")],
}


@pytest.mark.parametrize("stem", sorted(SAMPLE_EXPECTATIONS))
def test_planted_errors_in_samples(stem):
    paths = sorted(SAMPLES.glob(f"*{stem}*.txt"))
    if not paths:
        pytest.skip(f"data/samples/*{stem}*.txt not written yet")
    text = paths[0].read_text("utf-8")
    found = _check(text, dt.date(2024, 12, 31))
    assert [f for f in found if f.severity == "error" and f.rule not in {r for r, _, _ in SAMPLE_EXPECTATIONS[stem]}] == []
    for rule, span, suggestion in SAMPLE_EXPECTATIONS[stem]:
        hits = [f for f in found if f.rule == rule and f.text == span]
        assert hits, (rule, span, [(f.rule, f.text) for f in found])
        assert hits[0].suggestions[0] == suggestion
        assert text[hits[0].start:hits[0].end] == span


# --- user packs: pack.yaml ``disable`` and ``relevel`` (Vale's ``Style.Rule = NO`` / re-levelling) -------------

_OUTDATED = "我们要紧密团结在以习近平同志为总书记的党中央周围。"


def _pack(tmp_path, meta: str):
    d = tmp_path / "pack"
    d.mkdir()
    (d / "pack.yaml").write_text(meta, encoding="utf-8")
    return d


def test_relevel_changes_a_rules_severity_in_reports(tmp_path):
    from analyzer import analyze
    from analyzer.lexicon import load_lexicon
    base = analyze(text=_OUTDATED, as_of="2024-01-01", lexicon=load_lexicon())
    assert [(f.rule, f.severity) for f in base.findings] == [("zongshuji-dangzhongyang", "error")]
    lex = load_lexicon([_pack(tmp_path, "name: mine\nrelevel: {zongshuji-dangzhongyang: warning}\n")])
    got = analyze(text=_OUTDATED, as_of="2024-01-01", lexicon=lex)
    assert [(f.rule, f.severity) for f in got.findings] == [("zongshuji-dangzhongyang", "warning")]


def test_disable_switches_a_rule_off(tmp_path):
    from analyzer import analyze
    from analyzer.lexicon import load_lexicon
    lex = load_lexicon([_pack(tmp_path, "name: mine\ndisable: [zongshuji-dangzhongyang]\n")])
    assert "zongshuji-dangzhongyang" not in lex.kind("rules")
    assert analyze(text=_OUTDATED, as_of="2024-01-01", lexicon=lex).findings == []


@pytest.mark.parametrize("meta, reason", [
    ("relevel: {no-such-rule: warning}\n", "要改级别的规则不存在"),
    ("relevel: {zongshuji-dangzhongyang: fatal}\n", "严重程度无效"),
    ("disable: [no-such-rule]\n", "要停用的条目不存在"),
])
def test_bad_pack_meta_names_file_and_entry(tmp_path, meta, reason):
    from analyzer.errors import LexiconError
    from analyzer.lexicon import load_lexicon
    d = _pack(tmp_path, meta)
    with pytest.raises(LexiconError) as e:
        load_lexicon([d])
    assert str(d / "pack.yaml") in str(e.value) and reason in str(e.value)
