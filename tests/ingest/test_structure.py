"""公文 structure: heading levels, titles, table rows."""
from __future__ import annotations

import pytest

from analyzer.ingest.structure import build_document, guess_title, heading_level, is_table_row


@pytest.mark.parametrize("line,level", [
    ("一、坚持以政治建设为统领", 1), ("十二、其他", 1), ("（一）严格落实制度", 2), ("(三) 半角括号", 2),
    ("1.加强学习", 3), ("2、完善制度", 3), ("3．全角点", 3), ("（1）具体措施", 4),
    ("2023年，全局召开会议28次。", None), ("1.5倍的增长", None), ("一是学习不够深入。", None),
    ("（一）" + "很长的编号段落正文" * 8 + "。", None),
])
def test_heading_level(line, level):
    assert heading_level(line) == level


def test_title_skips_date_and_salutation():
    doc = build_document("（2024年1月15日）\n某局2023年度机关党建工作总结\n正文。")
    assert doc.title == "某局2023年度机关党建工作总结"
    assert build_document("同志们：\n今天召开会议。").title is None
    assert build_document("一、基本情况\n正文。").title is None


def test_table_row():
    assert is_table_row("党支部\t党员大会\t支委会")
    assert not is_table_row("\t首行用制表符缩进的正文。")
    assert guess_title("a", []) is None
