"""analyze(): the Report frame, as-of resolution and profile validation."""
import datetime as dt

import pytest

from analyzer import analyze
from analyzer.errors import UsageError


def test_as_of_from_option_document_and_today():
    text = "关于2023年度机关党建工作的总结\n（2024年1月10日）\n一、主要工作\n全年开展主题党日12次。\n"
    assert analyze(text=text).as_of == dt.date(2024, 1, 10)
    assert analyze(text=text).as_of_source == "document"
    r = analyze(text=text, as_of="2022-05-01")
    assert (r.as_of, r.as_of_source) == (dt.date(2022, 5, 1), "option")
    r = analyze(text="没有日期的一段话。", today=dt.date(2026, 1, 2))
    assert (r.as_of, r.as_of_source) == (dt.date(2026, 1, 2), "today")


def test_as_of_evidence_says_what_the_date_rests_on():
    text = "某局2023年度机关党建工作总结\n一年来，局机关党委坚持……。\n"
    d = analyze(text=text, today=dt.date(2026, 1, 2)).to_dict()
    assert (d["as_of"], d["as_of_source"]) == ("2023-12-31", "document")
    assert d["as_of_evidence"] == {"kind": "period", "text": "2023年度", "start": 2, "end": 8}
    assert analyze(text=text, as_of="2022-05-01").to_dict()["as_of_evidence"] == {
        "kind": "option", "text": None, "start": None, "end": None}
    r = analyze(text="没有日期的一段话。", today=dt.date(2026, 1, 2))
    assert r.to_dict()["as_of_evidence"]["kind"] == "today" and r.as_of_fallback
    # an anniversary changes what is required: 两个确立 (2021-11-11) is not yet due in mid-2021
    r = analyze(text="学习体会\n今年是中国共产党成立100周年，支部开展了党史学习教育。\n", today=dt.date(2026, 1, 2))
    assert r.as_of == dt.date(2021, 7, 1)
    assert {t.id: t.status for t in r.coverage.themes}["liangge-queli"] == "not_applicable"


def test_bad_profile_and_date_are_usage_errors():
    with pytest.raises(UsageError):
        analyze(text="文字。", profile="no-such")
    with pytest.raises(UsageError):
        analyze(text="文字。", as_of="2024/01/01")


def test_report_counts_sentences_and_chars():
    d = analyze(text="第一句。第二句！\n标题行\n第三句？").to_dict()
    assert d["chars"] == len("第一句。第二句！\n标题行\n第三句？")
    assert d["sentences"] == 4


def test_a_finding_off_its_text_raises():
    from analyzer.model import Finding
    with pytest.raises(ValueError):
        Finding("r", "规范提法", "error", 5, 5, "", "空区间")
    with pytest.raises(ValueError):
        Finding("r", "规范提法", "error", -1, 2, "两个", "负的起点")
    f = Finding("r", "规范提法", "error", 4, 8, "两个维护", "……")
    f.check_in("坚决做到两个维护。")
    for text in ("坚决做到两个", "坚决做到两个拥护。"):          # too short; not the flagged text
        with pytest.raises(ValueError):
            f.check_in(text)
