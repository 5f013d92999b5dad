"""Date detection: where a document states its own date, and where a date is only an event."""
from __future__ import annotations

import datetime as dt

import pytest

from analyzer.ingest.dates import detect_date
from conftest import corpus_dates, corpus_files, requires_corpus


@pytest.mark.parametrize("text,expected", [
    ("某局2023年度机关党建工作总结\n（2024年1月15日）\n正文。", dt.date(2024, 1, 15)),
    ("政府工作报告\n——2023年3月5日在第十四届全国人民代表大会第一次会议上\n国务院总理\n各位代表：", dt.date(2023, 3, 5)),
    ("对照检查材料\n正文第一段。\n正文第二段。\n中共某某局委员会\n2024年1月18日", dt.date(2024, 1, 18)),
    ("讲话稿\n二〇二三年三月五日\n同志们：", dt.date(2023, 3, 5)),
    ("总结\n正文。\n某某局\n二〇二四年一月三十一日", dt.date(2024, 1, 31)),
    ("在座谈会上的讲话（2018年2月12日）习近平同志们，今天……。后文。", dt.date(2018, 2, 12)),
    ("同志们：\n正文。\n（新华社北京3月6日电）\n《 人民日报 》（ 2020年03月07日 02 版）", dt.date(2020, 3, 6)),
])
def test_detects(text, expected):
    assert detect_date(text) == expected


@pytest.mark.parametrize("text", [
    "工作总结\n2023年3月5日，我们召开了全体党员大会，传达学习全国两会精神，并对全年工作作出部署安排。\n正文。",
    "讲话\n正文里提到2023年2月30日这个不存在的日子。",
    "没有日期的文稿\n正文。",
    "总结\n《 人民日报 》（ 2020年01月09日 02 版）",
])
def test_no_document_date(text):
    assert detect_date(text) is None


@requires_corpus
def test_corpus_dates_are_right_when_found():
    """Against SOURCES.md: every date found is the real one; most dated speeches are found."""
    truth = corpus_dates()
    found = {}
    for f in corpus_files():
        d = detect_date(f.read_text("utf-8"))
        if d is not None:
            found[f.name] = d
    assert {k: v for k, v in found.items() if truth.get(k) != v} == {}
    assert len(found) >= 25
    assert found["xi_2018-02-12_jingzhun_tuopin.txt"] == dt.date(2018, 2, 12)
