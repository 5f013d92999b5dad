"""Profile detection from title and genre cues, and profile names."""
from __future__ import annotations

import pytest

from analyzer.ingest import document_from_text, read_document
from analyzer.analyses.profiles import PROFILE_NAMES, detect_profile, get_profile
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
    assert {p: get_profile(p, lexicon).name for p in PROFILE_NAMES} == PROFILE_NAMES


@requires_corpus
def test_corpus_speeches_with_a_title_line_are_speeches(corpus, lexicon):
    doc = read_document(next(p for p in corpus if p.name == "xi_2020-02-03_pbsc_yiqing.txt"))
    assert "的讲话" in doc.title
    assert detect_profile(doc, lexicon) == "speech"
    # a government work report has no party-building genre cue
    gwr = read_document(next(p for p in corpus if p.name == "gwr_2023.txt"))
    assert detect_profile(gwr, lexicon) == "general"


def _reference_detect(doc, lexicon) -> str:
    """The former detection: cues normalised per document, the body window normalised on its own."""
    from analyzer.analyses.profiles import BODY_WINDOW, DEFAULT_PROFILE, _title
    from analyzer.text.normalize import normalize

    def best(profiles, text, field):
        best_key, best_id = None, None
        for p in profiles:
            ends = [text.rfind(c_n) + len(c_n) for c in getattr(p, field) if (c_n := normalize(c)) in text]
            if ends and (best_key is None or (p.priority, -max(ends), p.id) < best_key):
                best_key, best_id = (p.priority, -max(ends), p.id), p.id
        return best_id

    profiles = [p for p in lexicon.kind("profiles").values() if p.id != DEFAULT_PROFILE]
    title = normalize(_title(doc))
    found = best(profiles, title, "title_cues") if title else None
    if found is None:
        found = best(profiles, normalize(doc.text[:BODY_WINDOW]), "body_cues")
    return found or DEFAULT_PROFILE


def test_detection_with_precompiled_cues_equals_the_per_document_way(corpus, lexicon):
    from conftest import SAMPLES
    paths = corpus + sorted(SAMPLES.glob("*.txt"))
    docs = [read_document(p) for p in paths]
    docs += [document_from_text(read_document(p).text[400:]) for p in paths]    # no title: body cues decide
    for doc in docs:
        assert detect_profile(doc, lexicon) == _reference_detect(doc, lexicon)
    assert {detect_profile(d, lexicon) for d in docs} >= {"speech", "general"}
