"""Profile detection from title and genre cues, and profile names."""
from __future__ import annotations

import pytest

from analyzer.ingest import document_from_text, read_document
from analyzer.analyses.profiles import detect, detect_profile, get_profile, profile_names
from conftest import requires_corpus


@pytest.mark.parametrize("title, expected", [
    ("关于2023年度机关党建工作的总结", "annual-summary"),
    ("市委办公室2023年上半年党建工作总结", "annual-summary"),
    ("在全市机关党的建设工作会议上的讲话", "speech"),
    ("在“不忘初心、牢记使命”主题教育总结大会上的讲话", "speech"),      # the genre word comes last
    ("2023年度党组书记抓基层党建工作述职报告", "duty-report"),
    ("2023年度述责述廉报告", "duty-report"),
    ("2023年度民主生活会个人对照检查材料", "self-review"),
    ("在2023年度民主生活会上的对照检查发言", "self-review"),
    ("主题教育专题民主生活会个人检视剖析材料", "self-review"),
    ("在七一专题党课上的讲话", "party-lecture"),
    ("深刻把握“两个确立”的决定性意义——专题党课讲稿", "party-lecture"),
    ("关于加强耕地保护的实施意见", "general"),
])
def test_title_cues(title, expected, lexicon):
    doc = document_from_text(f"{title}\n正文第一段。\n")
    assert detect_profile(doc, lexicon) == expected


def test_body_cues_when_the_title_says_nothing(lexicon):
    assert detect_profile(document_from_text("同志们：\n今天召开会议。\n"), lexicon) == "speech"
    text = "各位党员同志：\n今天给大家讲一次党课，题目是……\n"
    assert detect_profile(document_from_text(text), lexicon) == "party-lecture"
    assert detect_profile(document_from_text("今年以来，我们做了三件事。\n"), lexicon) == "general"


def test_names_come_from_the_lexicon(lexicon):
    names = {"annual-summary": "年度党建工作总结", "speech": "讲话稿", "duty-report": "述职报告",
             "self-review": "对照检查材料", "party-lecture": "党课讲稿", "general": "通用"}     # profiles.yaml
    assert profile_names(lexicon) == names
    assert {p: get_profile(p, lexicon).name for p in names} == names


@requires_corpus
def test_corpus_speeches_with_a_title_line_are_speeches(corpus, lexicon):
    doc = read_document(next(p for p in corpus if p.name == "xi_2020-02-03_pbsc_yiqing.txt"))
    assert "的讲话" in doc.title
    assert detect_profile(doc, lexicon) == "speech"
    # a government work report has no party-building genre cue
    gwr = read_document(next(p for p in corpus if p.name == "gwr_2023.txt"))
    assert detect_profile(gwr, lexicon) == "general"


@pytest.mark.parametrize("text, expected, cue", [
    # a lecture opener, even under a title that reads like a speech
    ("坚定理想信念 筑牢思想根基\n同志们：\n今天给大家讲一堂党课，题目是……\n", "party-lecture", "讲一堂党课"),
    ("在机关党支部主题党日上的讲话\n同志们：\n今天，我和大家一起上一堂党课。\n", "party-lecture", "上一堂党课"),
    ("各位党员：\n这次党课，我想同大家交流三个问题。\n", "party-lecture", "这次党课"),
    # the title on the same line as the body
    ("学区党支部2021年党建工作总结 一年来，学区党支部坚持……。\n二、存在的问题\n", "annual-summary", "工作总结"),
    # the standard duty-report opener
    ("根据上级党委统一安排，现将我履行基层党建工作第一责任人职责情况报告如下：\n一、履职情况\n", "duty-report",
     "第一责任人职责情况"),
    ("同志们：\n现将本人2023年度抓基层党建工作述职如下。\n", "duty-report", "述职如下"),
    # a news report about a 民主生活会 is not a self-review
    ("某局党组召开2023年度民主生活会\n近日，某局党组召开2023年度民主生活会。会上，班子成员逐一作对照检查。\n",
     "general", "召开"),
    ("近日，某局党组召开专题民主生活会。会上，班子成员逐一作对照检查材料发言，开展批评和自我批评。\n", "general",
     "近日，"),
    # essays
    ("关于新时代基层党建工作的几点思考\n基层党组织是党的全部工作和战斗力的基础。\n", "general", "几点思考"),
    ("学习党的二十大精神心得体会\n通过学习，我深刻认识到……。\n", "general", "心得体会"),
])
def test_openings_and_layouts(text, expected, cue, lexicon):
    doc = document_from_text(text)
    found = detect(doc, lexicon)
    assert (found.profile, found.cue) == (expected, cue)
    assert doc.text[found.start:found.end] == cue          # the evidence points at the cue in the text


def test_a_summary_that_mentions_a_lecture_stays_a_summary(lexicon):
    text = "2023年度党支部工作总结\n今年，支部书记讲一堂党课、开展主题党日12次。\n"
    assert detect_profile(document_from_text(text), lexicon) == "annual-summary"


def test_report_carries_the_genre_evidence():
    from analyzer import analyze
    d = analyze(text="各位党员：\n这次党课，我想同大家交流三个问题。\n").to_dict()
    assert d["profile"] == {"id": "party-lecture", "name": "党课讲稿",
                            "evidence": {"source": "body", "cue": "这次党课", "start": 6, "end": 10}}
    d = analyze(text="随便一段话。\n", profile="speech").to_dict()
    assert d["profile"]["evidence"]["source"] == "option"
    d = analyze(text="今年以来，我们做了三件事。\n").to_dict()
    assert d["profile"]["id"] == "general" and d["profile"]["evidence"]["source"] == "default"
