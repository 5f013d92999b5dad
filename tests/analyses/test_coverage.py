"""Theme coverage: matching over raw text, depth, status, the profile-weighted score, and the ground truth of
five key themes over the real corpus."""
from __future__ import annotations

import datetime as dt
import re
import textwrap

import pytest

from analyzer.analyses.coverage import find_mentions, run
from analyzer.ingest import document_from_text, read_document
from analyzer.lexicon import load_lexicon
from analyzer.options import Options
from conftest import SAMPLES, corpus_dates, requires_corpus

# Written from ../shared/reference/formulations.md §1/§2a/§12, independently of the lexicon and the matcher:
# the short name or the full statement (with the official 习近平同志 / 2017 variants of 两个维护), over the text
# with quotes and whitespace removed.
GROUND_TRUTH = {
    "liangge-queli": re.compile(r"两个确立|确立习近平同志党中央的核心、全党的核心地位"),
    "liangge-weihu": re.compile(r"两个维护|坚决维护习近平(?:总书记|同志)(?:党中央的核心、全党的核心地位"
                                r"|作为党中央的核心、全党的核心的地位)"),
    "sige-yishi": re.compile(r"四个意识|政治意识、大局意识、核心意识、看齐意识"),
    "sige-zixin": re.compile(r"四个自信|道路自信、理论自信、制度自信、文化自信"),
    "xi-sixiang": re.compile(r"新时代中国特色社会主义思想"),
}
STRIP = re.compile(r"[“”\"‘’'\s]")


def cov(text: str, as_of="2024-01-01", profile="general", lexicon=None):
    lex = lexicon or load_lexicon()
    return run(document_from_text(text), lex, Options(as_of=dt.date.fromisoformat(as_of), profile=profile))


def theme(c, tid):
    return next(t for t in c.themes if t.id == tid)


@requires_corpus
def test_key_themes_are_found_exactly_when_the_text_states_them(corpus, lexicon):
    dates = corpus_dates()
    checked = {tid: 0 for tid in GROUND_TRUTH}
    for path in corpus:
        doc = read_document(path)
        found = find_mentions(doc.text, lexicon)
        stripped = STRIP.sub("", doc.text)
        for tid, rx in GROUND_TRUTH.items():
            expected = len(rx.findall(stripped))
            got = len(found.get(tid, []))
            assert got == expected, f"{path.name}: {tid} mentions {got}, text states it {expected} times"
            checked[tid] += expected > 0
        c = run(doc, lexicon, Options(as_of=dates[path.name], profile="annual-summary"))
        for t in c.themes:
            assert all(doc.text[e.start:e.end] == e.text for e in t.evidence)
    assert all(n > 0 for n in checked.values())


@requires_corpus
def test_history_resolution_and_2016_report_use_the_full_forms_only(corpus, lexicon):
    by_name = {p.name: p for p in corpus}
    res = read_document(by_name["cpc_history_resolution_2021.txt"])
    m = find_mentions(res.text, lexicon)["liangge-queli"]
    assert [res.text[x.start:x.end] for x in m] == ["确立习近平同志党中央的核心、全党的核心地位"]
    gwr = read_document(by_name["gwr_2016.txt"])
    assert "四个意识" not in gwr.text
    m = find_mentions(gwr.text, lexicon)["sige-yishi"]
    assert [gwr.text[x.start:x.end] for x in m] == ["政治意识、大局意识、核心意识、看齐意识"]


@requires_corpus
def test_themes_are_not_required_before_they_existed(corpus, lexicon):
    doc = read_document(next(p for p in corpus if p.name == "gwr_2015.txt"))
    c = run(doc, lexicon, Options(as_of=dt.date(2015, 3, 5), profile="annual-summary"))
    for tid in ("liangge-queli", "liangge-weihu", "sige-yishi", "sige-zixin", "xi-sixiang", "ershi-da-jingshen"):
        t = theme(c, tid)
        assert (t.status, t.required) == ("not_applicable", False), tid
    assert theme(c, "quanmian-congyan").required is True       # since 2014-10-08


def test_quotes_spaces_fullwidth_and_traditional_keep_offsets():
    text = "要堅決做到「兩個維護」，增强 四个 意识，坚定＂四个自信＂。"
    found = find_mentions(text, load_lexicon())
    spans = {tid: [text[m.start:m.end] for m in ms] for tid, ms in found.items()}
    assert spans["liangge-weihu"] == ["兩個維護"]
    assert spans["sige-yishi"] == ["四个 意识"]
    assert spans["sige-zixin"] == ["四个自信"]


def test_quote_inside_a_full_statement_still_matches():
    text = "全党必须增强政治意识、“大局意识”、核心意识、看齐意识。"
    [m] = find_mentions(text, load_lexicon())["sige-yishi"]
    assert text[m.start:m.end] == "政治意识、“大局意识”、核心意识、看齐意识"


def test_longest_form_wins_within_a_theme_and_spans_may_serve_two_themes():
    text = "确立习近平同志党中央的核心、全党的核心地位，确立习近平新时代中国特色社会主义思想的指导地位。"
    found = find_mentions(text, load_lexicon())
    assert [text[m.start:m.end] for m in found["xi-sixiang"]] == ["习近平新时代中国特色社会主义思想"]
    assert len(found["liangge-queli"]) == 1
    text = "推动全面从严治党向纵深发展，从严治党永远在路上。"
    assert [text[m.start:m.end] for m in find_mentions(text, load_lexicon())["quanmian-congyan"]] == \
        ["全面从严治党", "从严治党"]


def test_exceptions_and_ambiguous_short_forms_do_not_count():
    found = find_mentions("必须坚持统筹国内国际两个大局。落实企业安全生产主体责任。召开三会。", load_lexicon())
    assert "liangge-daju" not in found and "zhuti-zeren" not in found and "sanhui-yike" not in found


def test_slogans_saturate_and_never_reach_covered():
    one = theme(cov("坚决做到“两个维护”。"), "liangge-weihu")
    five = theme(cov("坚决做到“两个维护”。" * 5), "liangge-weihu")
    assert (one.mentions, one.status, one.depth) == (1, "shallow", 0.15)          # 0.3 * (1 - 0.5)
    assert (five.mentions, five.status, five.depth) == (5, "shallow", 0.2906)      # 0.3 * (1 - 0.5 ** 5)


def test_concrete_sentence_counts_as_substance():
    t = theme(cov("全年各支部落实“三会一课”制度，召开支部委员会会议84次。"), "sanhui-yike")
    assert (t.status, t.depth) == ("covered", 0.4)
    # the 四 of 四个意识 is not a number: masked before looking for concrete content
    t = theme(cov("增强“四个意识”、坚定“四个自信”。"), "sige-yishi")
    assert (t.status, t.depth) == ("shallow", 0.15)


def test_heading_naming_the_theme_gives_weight_to_its_section():
    text = "一、严格落实“三会一课”制度\n各党支部坚持“三会一课”，党员参加更加经常。\n二、其他工作\n略。\n"
    t = theme(cov(text), "sanhui-yike")
    # heading mention: its section has no concrete sentence -> slogan 0.15; body mention under it -> 0.4
    assert (t.mentions, t.status, t.depth) == (2, "covered", round(1 - 0.85 * 0.6, 4))
    text = "一、严格落实“三会一课”制度\n全年共组织集中学习28次。\n"
    t = theme(cov(text), "sanhui-yike")
    assert (t.mentions, t.status, t.depth) == (1, "covered", 0.4)


def test_evidence_is_exact_text_and_listed_in_order():
    text = "第一句讲“两个确立”。\n第二句讲“两个确立”和“两个维护”。"
    t = theme(cov(text), "liangge-queli")
    assert [(e.start, e.end, e.text) for e in t.evidence] == [(5, 9, "两个确立"), (17, 21, "两个确立")]


def small_pack(tmp_path):
    d = tmp_path / "small"
    d.mkdir()
    (d / "all.yaml").write_text(textwrap.dedent("""\
        kind: themes
        entries:
          - {id: zhu-ti-a, name: 甲主题, category: zhengzhi-jianshe, forms: [甲甲甲], basis: 测试}
          - {id: zhu-ti-b, name: 乙主题, category: zuzhi-jianshe, forms: [乙乙乙], basis: 测试}
          - {id: zhu-ti-c, name: 丙主题, category: zuofeng-jianshe, forms: [丙丙丙], basis: 测试}
          - {id: zhu-ti-d, name: 丁主题, category: zuofeng-jianshe, forms: [丁丁丁], basis: 测试, since: 2030-01-01}
        """), encoding="utf-8")
    (d / "profiles.yaml").write_text(textwrap.dedent("""\
        kind: profiles
        entries:
          - id: ce-shi
            name: 测试文种
            themes: {zhu-ti-a: 3, zhu-ti-b: 1, zhu-ti-c: 2, zhu-ti-d: 5}
        """), encoding="utf-8")
    return load_lexicon([d])


def test_score_is_the_weighted_credit_of_required_themes(tmp_path):
    lex = small_pack(tmp_path)
    c = cov("甲甲甲开展了12次。乙乙乙。", profile="ce-shi", lexicon=lex)
    # a covered (weight 3, credit 1), b shallow (1, 0.5), c missing (2, 0); d not yet applicable (since 2030)
    assert c.score == round(100 * (3 * 1 + 1 * 0.5 + 2 * 0) / 6, 2)
    assert [(t.id, t.status, t.required, t.weight) for t in c.themes[:3]] == [
        ("zhu-ti-a", "covered", True, 3.0), ("zhu-ti-b", "shallow", True, 1.0), ("zhu-ti-c", "missing", True, 2.0)]
    assert all(not t.required for t in c.themes[3:])
    d = theme(c, "zhu-ti-d")
    assert (d.status, d.required, d.weight) == ("not_applicable", False, 5.0)
    assert len(c.themes) == len(lex.kind("themes"))


def test_no_required_theme_scores_100(tmp_path):
    lex = small_pack(tmp_path)
    assert cov("甲甲甲", as_of="2024-01-01", profile="no-such-profile", lexicon=lex).score == 100.0


# Coverage of each sample document (data/samples, written for the project): stable, and explained by the text.
SAMPLE_EXPECTED = {
    # file: (profile detected, as_of, covered, shallow, missing) among the profile's required themes
    "annual_summary.txt": ("annual-summary", "2024-01-15",
                           {"liangge-queli", "liangge-weihu", "xi-sixiang", "ershi-da-jingshen", "sanhui-yike",
                            "zhuti-dangri", "fazhan-dangyuan", "baxiang-guiding", "xingshi-guanliao",
                            "quanmian-congyan", "zhuti-zeren", "jingshi-jiaoyu", "yishi-xingtai-zerenzhi",
                            "shendu-ronghe"},
                           {"sige-yishi", "sige-zixin"},
                           {"zuzhi-shenghuohui", "yi-renmin-wei-zhongxin"}),
    # "（四）坚持全面从严治党。局党组与局属单位签订……" opens with a run-in heading: the section under it is concrete
    "duty_report.txt": ("duty-report", "2024-01-22",
                        {"xi-sixiang", "yishi-xingtai-zerenzhi", "quanmian-congyan"}, set(),
                        {"liangge-queli", "liangge-weihu", "zhuti-zeren", "yigang-shuangze", "baxiang-guiding",
                         "sanhui-yike", "shendu-ronghe"}),
    # the 组合句 shares its sentence with "2023年度民主生活会": a date, so it counts as concrete (documented)
    # run-in headings ("（四）严守纪律规矩。严格落实中央八项规定……") are headings, their prose is body
    "self_review.txt": ("self-review", "2024-01-18",
                        {"liangge-queli", "liangge-weihu", "sige-yishi", "sige-zixin", "xi-sixiang", "baxiang-guiding"},
                        {"quanmian-congyan"},
                        {"piping-ziwo", "xingshi-guanliao", "yi-renmin-wei-zhongxin"}),
    # "三个自信" and "习近平中国特色社会主义思想" are planted errors: they are not the themes
    "speech.txt": ("speech", "2024-03-08", {"xi-sixiang"}, {"ershi-da-jingshen", "xingshi-guanliao"},
                   {"liangge-queli", "liangge-weihu", "quanmian-congyan", "yi-renmin-wei-zhongxin"}),
}


@pytest.mark.parametrize("name", sorted(SAMPLE_EXPECTED))
def test_sample_documents(name, lexicon):
    path = SAMPLES / name
    if not path.is_file():
        pytest.skip(f"{path} not written yet")
    from analyzer.analyses.profiles import detect_profile
    doc = read_document(path)
    profile, as_of, covered, shallow, missing = SAMPLE_EXPECTED[name]
    assert detect_profile(doc, lexicon) == profile
    assert doc.date == dt.date.fromisoformat(as_of)
    c = run(doc, lexicon, Options(as_of=doc.date, profile=profile))
    req = {t.id: t.status for t in c.themes if t.required}
    assert {k for k, v in req.items() if v == "covered"} == covered
    assert {k for k, v in req.items() if v == "shallow"} == shallow
    assert {k for k, v in req.items() if v == "missing"} == missing
    again = run(read_document(path), lexicon, Options(as_of=doc.date, profile=profile))
    assert again.to_dict() == c.to_dict()


# Precision audit (tools/audit_coverage.py, docs/coverage.md): hits that had the form but not the theme. Each row:
# theme, file, a phrase near the wrong hit, a file and phrase near a correct hit of the same theme. Phrases are
# short anchors into ../shared/corpus, read at run time.
AUDIT_FIXES = [
    ("zhuti-jiaoyu", "cpc19_report.txt", "担当强军重任", "cpc19_report.txt", "在全党开展“不忘初心"),
    ("yigang-shuangze", "gwr_2016.txt", "实行党政同责", "hailar_gwr_2018.txt", "党风廉政建设“一岗双责"),
    ("yigang-shuangze", "cpc_history_resolution_2021.txt", "环境保护“党政同责", "annual_summary.txt", "明确班子成员"),
    ("ziwo-geming", "gwr_2014.txt", "这是政府的自我革命", "gwr_2024.txt", "发扬自我革命精神"),
    ("ziwo-geming", "gwr_2015.txt", "政府要勇于自我革命", "cpc20_report.txt", "最彻底的自我革命"),
    ("ziwo-geming", "gwr_2019.txt", "深入推进简政放权", "cpc19_report.txt", "（十四）坚持全面从严治党"),
    ("hao-ganbu", "cpc_history_resolution_2021.txt", "明确军队好干部", "cpc_history_resolution_2021.txt",
     "清正廉洁的新时代好干部标准"),
]


def _near(text: str, mentions, anchor: str, reach: int = 20) -> list[str]:
    """The mentions whose surroundings (``reach`` characters each side) contain ``anchor``."""
    return [text[m.start:m.end] for m in mentions
            if anchor in text[max(0, m.start - reach):m.end + reach]]


@requires_corpus
@pytest.mark.parametrize("tid,bad_file,bad_anchor,good_file,good_anchor", AUDIT_FIXES)
def test_audited_false_hits_are_gone_and_true_hits_stay(tid, bad_file, bad_anchor, good_file, good_anchor, lexicon):
    from conftest import CORPUS
    paths = {p.name: p for p in [*CORPUS.glob("*.txt"), *SAMPLES.glob("*.txt")]}
    bad = read_document(paths[bad_file]).text
    assert bad_anchor in bad, f"{bad_file} no longer contains the audited sentence"
    assert _near(bad, find_mentions(bad, lexicon).get(tid, []), bad_anchor) == []
    good = read_document(paths[good_file]).text
    assert good_anchor in good
    assert _near(good, find_mentions(good, lexicon).get(tid, []), good_anchor), f"{tid} lost in {good_file}"


# --- fast paths equal the plain computations they replaced --------------------------------------------------------

@pytest.mark.parametrize("sentence", [
    "各支部于6月底前完成两个确立专题学习。",            # a deadline
    "二〇二三年十二月，各支部开展两个确立专题学习。",     # a Chinese-numeral date
    "围绕两个确立，全年举办专题读书班三期。",            # a Chinese numeral with a unit
    "围绕两个确立，组织学习《习近平著作选读》。",        # a title
])
def test_a_mention_with_a_fact_is_substance(sentence, lexicon):
    doc = document_from_text(sentence)
    [t] = [t for t in run(doc, lexicon, Options(as_of=dt.date(2024, 1, 1))).themes if t.id == "liangge-queli"]
    assert t.status == "covered", (sentence, t)


@pytest.mark.parametrize("sentence", [
    "要深刻领悟两个确立的决定性意义，增强四个意识。",     # the 四 of a formula is no count
    "今年要深刻领悟两个确立的决定性意义。",               # a period alone frames a slogan
    "深刻领悟两个确立，落实三会一课，坚持一以贯之。",
])
def test_a_mention_with_only_formulas_or_a_period_is_a_slogan(sentence, lexicon):
    doc = document_from_text(sentence)
    [t] = [t for t in run(doc, lexicon, Options(as_of=dt.date(2024, 1, 1))).themes if t.id == "liangge-queli"]
    assert t.status == "shallow", (sentence, t)


@pytest.mark.parametrize("as_of", [dt.date(2012, 1, 1), dt.date(2019, 7, 1), dt.date(2024, 6, 1)])
def test_every_theme_is_reported_once_with_the_profile_weight_in_report_order(as_of, lexicon):
    """The report's theme list follows from the lexicon alone: every theme once; required = in force at the date
    and named by the profile, with the profile's weight; not in force = not_applicable; required first, then the
    categories' order, then lexicon order. Checked for every profile at three dates against the lexicon data."""
    doc = read_document(SAMPLES / "annual_summary.docx")
    themes, categories = lexicon.kind("themes"), lexicon.kind("categories")
    position = {tid: i for i, tid in enumerate(themes)}
    for pid, profile in lexicon.kind("profiles").items():
        weights = {t.theme: t.weight for t in profile.themes}
        results = run(doc, lexicon, Options(as_of=as_of, profile=pid)).themes
        assert [r.id for r in results] == sorted(themes, key=lambda tid: (
            not (themes[tid].applies(as_of) and tid in weights), categories[themes[tid].category].order,
            position[tid]))
        for r in results:
            theme = themes[r.id]
            assert (r.name, r.category) == (theme.name, categories[theme.category].name)
            assert r.required == (theme.applies(as_of) and r.id in weights)
            assert r.weight == weights.get(r.id, 0.0)
            assert (r.status == "not_applicable") == (not theme.applies(as_of))


# --- variants as lexicon data, and enumerated lists --------------------------------------------------------

def _theme_examples(kind):
    from analyzer.lexicon import default_lexicon
    for t in default_lexicon().kind("themes").values():
        for i, ex in enumerate(getattr(t, f"examples_{kind}")):
            yield pytest.param(t.id, ex, id=f"{t.id}-{kind}{i + 1}")


@pytest.mark.parametrize("theme, sentence", list(_theme_examples("covered")))
def test_theme_example_is_found(theme, sentence, lexicon):
    from analyzer.analyses.coverage import find_mentions
    assert theme in find_mentions(sentence, lexicon), sentence


@pytest.mark.parametrize("theme, sentence", list(_theme_examples("absent")))
def test_theme_counter_example_is_not_found(theme, sentence, lexicon):
    from analyzer.analyses.coverage import find_mentions
    assert theme not in find_mentions(sentence, lexicon), sentence


def test_the_variants_of_issue_14_have_examples(lexicon):
    themes = lexicon.kind("themes")
    for tid, variant in [("piping-ziwo", "批评与自我批评"), ("ershi-da-jingshen", "党的二十大及历次全会精神"),
                         ("zhengzhi-jianshe-tongling", "以政治建设为统领"), ("dangyuan-jiaoyu", "党员教育和管理")]:
        assert any(variant in ex for ex in themes[tid].examples_covered), tid


@pytest.mark.parametrize("text", [
    "一是提高政治判断力，自觉从政治上看问题；二是提高政治领悟力，准确把握党中央精神；三是提高政治执行力，坚决抓好落实。",
    "要增强政治判断力和政治领悟力，更要增强政治执行力。",
    "（一）提高政治判断力。\n（二）提高政治领悟力。\n（三）提高政治执行力。",
    "不断提高政治执行力、政治领悟力、政治判断力。",       # misordered: a formulation finding, still the theme
])
def test_an_enumerated_list_counts_for_its_theme(text, lexicon):
    from analyzer.analyses.coverage import find_mentions
    found = find_mentions(text, lexicon)["zhengzhi-sanli"]
    assert len(found) == 1
    m = found[0]
    assert text[m.start:m.end].startswith("政治") and text[m.start:m.end].endswith("力")


def test_list_items_far_apart_or_incomplete_are_not_the_theme(lexicon):
    from analyzer.analyses.coverage import ENUMERATION_SPAN, find_mentions
    far = "提高政治判断力。" + "支部全年开展学习活动，" * (ENUMERATION_SPAN // 10) + "提高政治领悟力，提高政治执行力。"
    assert "zhengzhi-sanli" not in find_mentions(far, lexicon)
    assert "zhengzhi-sanli" not in find_mentions("提高政治判断力和政治领悟力。", lexicon)
