"""Structure check: numbering gaps, repeats and reversals per level and per parent; 一是/二是 enumerations."""
import pytest

from analyzer.ingest import document_from_text
from analyzer.analyses.structure import check, cn_numeral
from conftest import requires_corpus, corpus_files


def _check(text):
    return check(document_from_text(text))


def test_catches_a_skipped_first_level_heading():
    text = "关于加强机关党建的讲话\n一、提高政治站位\n内容。\n二、抓好理论武装\n内容。\n四、加强作风建设\n内容。\n"
    fs = _check(text)
    assert [(f.rule, f.text, f.suggestions) for f in fs] == [("structure-heading-gap", "四、", ("三、",))]
    f = fs[0]
    assert text[f.start:f.end] == "四、" and f.start == text.index("四、")
    assert "三、" in f.message and f.severity == "warning"


def test_catches_yishi_then_sanshi_within_a_paragraph():
    text = "今年重点抓好三项工作：一是健全制度；三是压实责任。\n"
    fs = _check(text)
    assert [(f.rule, f.text, f.suggestions) for f in fs] == [("structure-enum-gap", "三是", ("二是",))]
    assert text[fs[0].start:fs[0].end] == "三是"


def test_sub_numbering_restarts_under_each_parent():
    text = ("一、总体要求\n（一）指导思想\n（二）工作目标\n二、重点任务\n（一）抓学习\n1. 学原文\n2. 悟原理\n"
            "（二）抓落实\n1. 建台账\n2. 抓整改\n")
    assert _check(text) == []


def test_repeats_and_reversals_at_every_level():
    text = ("一、甲\n（一）子\n（二）子\n（二）子\n1．条\n3．条\n（1）款\n（2）款\n（2）款\n二、乙\n三、丙\n二、丁\n")
    got = [(f.rule, f.text, f.suggestions[0]) for f in _check(text)]
    assert got == [("structure-heading-repeat", "（二）", "（三）"),
                   ("structure-heading-gap", "3．", "2．"),
                   ("structure-heading-repeat", "（2）", "（3）"),
                   ("structure-heading-order", "二、", "四、")]


def test_enumeration_continues_across_paragraphs_and_ignores_words():
    text = "主要做法：一是学。\n二是做。\n三是改。\n坚持统一是前提，唯一是方向，第一是关键。\n"
    assert _check(text) == []
    fs = _check("主要做法：一是学。\n二是做。\n二是改。\n")
    assert [(f.rule, f.text) for f in fs] == [("structure-enum-repeat", "二是")]


def test_cn_numeral():
    assert [cn_numeral(n) for n in (1, 10, 11, 20, 23)] == ["一", "十", "十一", "二十", "二十三"]


@requires_corpus
def test_official_texts_raise_no_heading_alarm():
    """632 numbered paragraphs (一、 and （一）) in the corpus; official numbering is consistent, so any heading
    finding there would be a false alarm."""
    texts = [p.read_text("utf-8") for p in corpus_files()]
    heading = [f for t in texts for f in check(document_from_text(t)) if f.rule.startswith("structure-heading")]
    assert heading == []
    n_headings = sum(1 for t in texts for line in t.splitlines() if line.strip("\u3000 ").startswith(("一、", "（一）")))
    assert n_headings > 100


@requires_corpus
def test_finds_the_duplicated_enumeration_in_the_2010_report():
    """gwr_2010.txt (as extracted) carries the sentence “四是加强风险管理…” twice in a row."""
    from conftest import CORPUS
    text = (CORPUS / "gwr_2010.txt").read_text("utf-8")
    fs = [f for f in check(document_from_text(text)) if f.rule == "structure-enum-repeat"]
    assert len(fs) == 1 and text[fs[0].start:fs[0].start + 8] == "四是加强风险管理"
