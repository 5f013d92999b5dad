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


# --- judging from all the evidence (judge_date) --------------------------------------------------------------

import calendar
import io

from analyzer.ingest import document_from_text, read_bytes
from analyzer.ingest.dates import cn_int, find_document_date, judge_date

TODAY = dt.date(2026, 12, 2)


def _judge(text, lexicon, today=TODAY):
    return judge_date(document_from_text(text), lexicon, today=today)


def _dating_examples():
    from analyzer.lexicon import default_lexicon
    return [pytest.param(text, d, id=f"{e.id}-{i}")
            for e in default_lexicon().kind("dating").values() for i, (text, d) in enumerate(e.examples)]


@pytest.mark.parametrize("text,expected", _dating_examples())
def test_lexicon_dating_examples(text, expected, lexicon):
    """Every anniversary, year phrase and event of lexicons/dating.yaml dates its own examples."""
    d, source, ev = _judge(text, lexicon)
    assert d == (expected or TODAY), ev
    assert source == ("document" if expected else "today")
    if expected:
        assert text[ev.start:ev.end] == ev.text


@pytest.mark.parametrize("s,n", [("2023", 2023), ("二〇二三", 2023), ("二○二四", 2024), ("十二", 12), ("三十一", 31),
                                 ("一百", 100), ("一百零二", 102), ("七十五", 75), ("十", 10), ("二十", 20)])
def test_cn_int(s, n):
    assert cn_int(s) == n


@pytest.mark.parametrize("title,expected,span", [
    ("2018抓基层党建工作述职报告", dt.date(2018, 12, 31), "2018"),
    ("某局2023年度机关党建工作总结", dt.date(2023, 12, 31), "2023年度"),
    ("二〇二三年度机关党建工作总结", dt.date(2023, 12, 31), "二〇二三年度"),
    ("机关党委2024年上半年党建工作总结", dt.date(2024, 6, 30), "2024年上半年"),
    ("2022年下半年工作总结", dt.date(2022, 12, 31), "2022年下半年"),
    ("党支部2023年第三季度党建工作总结", dt.date(2023, 9, 30), "2023年第三季度"),
    ("党支部2023年一季度工作小结", dt.date(2023, 3, 31), "2023年一季度"),
    ("2021年1-9月党建工作总结", dt.date(2021, 9, 30), "2021年1-9月"),
    ("2020年前三季度党建工作情况", dt.date(2020, 9, 30), "2020年前三季度"),
    ("关于印发2024年党建工作要点的通知", dt.date(2024, 1, 1), "2024年"),
    ("书记在2023年主题教育专题读书班上的讲话", dt.date(2023, 12, 31), "2023年"),
])
def test_period_in_the_title(title, expected, span, lexicon):
    text = f"{title}\n一年来，支部坚持以党建引领业务，各项工作取得新进展。\n"
    d, source, ev = _judge(text, lexicon)
    assert (d, source, ev.kind, ev.text) == (expected, "document", "period", span)
    assert text[ev.start:ev.end] == span


def test_title_on_the_same_line_as_the_body(lexicon):
    text = "学区党支部2021年党建工作总结 一年来，学区党支部坚持以习近平新时代中国特色社会主义思想为指导。"
    d, _, ev = _judge(text, lexicon)
    assert (d, ev.kind, ev.text) == (dt.date(2021, 12, 31), "period", "2021年")


@pytest.mark.parametrize("signature,expected", [
    ("二〇二三年十二月二十日", dt.date(2023, 12, 20)),
    ("二○二三年十二月二十日", dt.date(2023, 12, 20)),
    ("二O二四年一月五日", dt.date(2024, 1, 5)),
    ("2023年12月20日", dt.date(2023, 12, 20)),
    ("2023.12.20", dt.date(2023, 12, 20)),
    ("二〇二三年十二月", dt.date(2023, 12, 31)),
])
def test_signature_dates_beat_everything_else(signature, expected, lexicon):
    # the title's period and an anniversary say otherwise: the signature wins
    text = (f"2022年度党建工作总结\n今年是中国共产党成立100周年。支部开展了系列活动。\n"
            f"中共某某局机关支部委员会\n{signature}\n")
    d, _, ev = _judge(text, lexicon)
    assert (d, ev.kind, ev.text) == (expected, "full_date", signature)


def test_period_at_the_start_of_the_body(lexicon):
    d, _, ev = _judge("关于党建工作情况的报告\n2023年，局党委坚持……全年召开党委会12次。\n", lexicon)
    assert (d, ev.kind, ev.text) == (dt.date(2023, 12, 31), "period", "2023年")
    d, _, ev = _judge("工作报告\n现将我局2024年上半年党建工作情况报告如下。\n", lexicon)
    assert (d, ev.kind, ev.text) == (dt.date(2024, 6, 30), "period", "2024年上半年")


def test_a_year_since_is_a_lower_bound_not_a_period(lexicon):
    d, _, ev = _judge("情况报告\n2019年以来，我们累计培训党员2000人次。\n", lexicon)
    assert (d, ev.kind, ev.text) == (dt.date(2019, 1, 1), "event", "2019年以来")


def test_an_anniversary_cited_as_a_past_event_is_only_a_bound(lexicon):
    text = "学习体会\n深入学习习近平总书记在庆祝中国共产党成立100周年大会上的重要讲话精神，党纪学习教育开展以来……。\n"
    d, _, ev = _judge(text, lexicon)
    assert (d, ev.kind) == (dt.date(2024, 4, 1), "event")      # the later event wins, the speech is no point


def test_an_event_announced_as_ahead_dates_nothing(lexicon):
    d, source, _ = _judge("工作总结\n我们以优异成绩迎接党的二十大胜利召开。\n", lexicon)
    assert (d, source) == (TODAY, "today")


def test_a_bound_overrides_a_weak_period_it_contradicts(lexicon):
    # "2019年，" opens the body but the text speaks of the 2024 党纪学习教育: the year was a memory
    d, _, ev = _judge("情况汇报\n2019年，支部被评为先进党支部。党纪学习教育开展以来，支部……。\n", lexicon)
    assert (d, ev.kind, ev.text) == (dt.date(2024, 4, 1), "event", "党纪学习教育")


def test_body_dates_are_bounds_and_future_deadlines_are_not(lexicon):
    d, _, ev = _judge("工作汇报\n支部于2023年3月5日召开党员大会。要求于2027年6月底前全部完成，2027年6月30日前验收。\n", lexicon)
    assert (d, ev.kind, ev.text) == (dt.date(2023, 3, 5), "full_date", "2023年3月5日")


def test_closing_note_of_a_speech():
    text = "正文第一段。※这是某某同志2020年6月29日在中心组集体学习时的讲话。"
    assert find_document_date(text)[0] == dt.date(2020, 6, 29)


def test_today_last(lexicon):
    d, source, ev = _judge("关于加强作风建设的几点思考\n作风建设永远在路上。\n", lexicon)
    assert (d, source, ev.kind, ev.text, ev.start) == (TODAY, "today", "today", None, None)


def _docx_bytes(text: str, modified: dt.datetime | None) -> bytes:
    import docx
    d = docx.Document()
    for line in text.split("\n"):
        d.add_paragraph(line)
    if modified is not None:
        d.core_properties.modified = modified
        d.core_properties.created = modified - dt.timedelta(days=3)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_docx_core_properties_are_weak_evidence(lexicon):
    undated = "关于加强作风建设的几点思考\n作风建设永远在路上。"
    doc = read_bytes(_docx_bytes(undated, dt.datetime(2023, 12, 20, 9, 30)), ".docx")
    d, source, ev = judge_date(doc, lexicon, today=TODAY)
    assert (d, source, ev.kind, ev.start) == (dt.date(2023, 12, 20), "document", "metadata", None)
    assert "修改时间" in ev.text
    # weaker than anything in the text, and no older than what the text names
    doc = read_bytes(_docx_bytes("2021年度党建工作总结\n正文。", dt.datetime(2023, 12, 20)), ".docx")
    assert judge_date(doc, lexicon, today=TODAY)[0] == dt.date(2021, 12, 31)
    doc = read_bytes(_docx_bytes("思考\n党纪学习教育开展以来，支部……。", dt.datetime(2023, 12, 20)), ".docx")
    assert judge_date(doc, lexicon, today=TODAY)[2].kind == "event"


def test_pdf_info_dictionary_is_weak_evidence(lexicon, monkeypatch):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(calendar.timegm((2022, 5, 17, 12, 0, 0))))
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(595, 842))
    c.setFont("STSong-Light", 12)
    c.drawString(72, 760, "关于加强作风建设的几点思考")
    c.drawString(72, 730, "作风建设永远在路上，要持续用力。")
    c.showPage()
    c.save()
    doc = read_bytes(buf.getvalue(), ".pdf")
    d, source, ev = judge_date(doc, lexicon, today=TODAY)
    assert (d, ev.kind) == (dt.date(2022, 5, 17), "metadata")


@requires_corpus
def test_corpus_judged_dates_against_sources():
    """Judged with no option, against SOURCES.md: the exact date for most, the right year for nearly all (the
    national reports name a year and its plan, not the day of the session), and never a date after the true one
    by more than the season a period or an anniversary spans."""
    from analyzer.ingest import read_document
    from analyzer.lexicon import default_lexicon
    lex = default_lexicon()
    truth = corpus_dates()
    exact = same_year = 0
    for f in corpus_files():
        d, _, ev = judge_date(read_document(f), lex, today=TODAY)
        exact += d == truth[f.name]
        same_year += d.year == truth[f.name].year
        if ev.kind == "full_date":
            assert d == truth[f.name], f.name
    assert exact >= 32 and same_year >= 51, (exact, same_year)
