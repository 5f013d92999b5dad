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


def test_bad_profile_and_date_are_usage_errors():
    with pytest.raises(UsageError):
        analyze(text="文字。", profile="no-such")
    with pytest.raises(UsageError):
        analyze(text="文字。", as_of="2024/01/01")


def test_report_counts_sentences_and_chars():
    d = analyze(text="第一句。第二句！\n标题行\n第三句？").to_dict()
    assert d["chars"] == len("第一句。第二句！\n标题行\n第三句？")
    assert d["sentences"] == 4
