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


# --- numbered paragraphs: a run-in heading and its prose -----------------------------------------------------

def _kinds(text):
    from analyzer.ingest import document_from_text
    d = document_from_text(text)
    return [(p.kind, p.level, d.text[p.start:p.end]) for p in d.paragraphs]


@pytest.mark.parametrize("line, head, rest, level", [
    ("（一）加强理论武装。全年组织集中学习24次，撰写心得体会58篇。", "（一）加强理论武装。", "全年组织集中学习24次，撰写心得体会58篇。", 2),
    ("（二）深化作风建设：开展专项整治3次，查纠问题12个。", "（二）深化作风建设：", "开展专项整治3次，查纠问题12个。", 2),
    ("一、坚持政治引领。  局党组始终把党的政治建设摆在首位。", "一、坚持政治引领。", "局党组始终把党的政治建设摆在首位。", 1),
    ("3.抓实基层基础。新建党员活动室2个，整顿软弱涣散支部1个。", "3.抓实基层基础。", "新建党员活动室2个，整顿软弱涣散支部1个。", 3),
])
def test_a_run_in_heading_is_a_heading_and_its_prose_is_body(line, head, rest, level):
    assert _kinds(f"标题\n{line}\n")[1:] == [("heading", level, head), ("body", None, rest)]


@pytest.mark.parametrize("line", [
    "1.坚持把政治建设摆在首位，认真落实第一议题制度，全年召开党组会12次，研究党建事项8项。",
    "3.全年召开党委会12次。研究党建事项8项。",           # a clause with a number is prose, not a heading
    "（一）组织党员集中学习24次，撰写心得体会58篇，举办读书班2期，参学率100%。",
])
def test_a_numbered_paragraph_of_prose_is_body(line):
    assert _kinds(f"标题\n{line}\n")[1:] == [("body", None, line)]


@pytest.mark.parametrize("line, level", [("一、主要工作", 1), ("（一）加强理论武装", 2), ("2．会议听取了工作汇报。", 3),
                                         ("（1）传达学习上级会议精神；", 4)])
def test_headings_and_agenda_items_stay_headings(line, level):
    assert _kinds(f"标题\n{line}\n")[1:] == [("heading", level, line)]


def test_run_in_split_keeps_offsets_and_hollowness_scores_the_prose():
    from analyzer import analyze
    text = "标题\n（一）加强理论武装。要高度重视、精心组织、周密安排，确保各项工作落地落实。\n"
    r = analyze(text=text, as_of="2024-01-01")
    heads = [(p.start, p.end) for p in r.document.paragraphs if p.kind == "heading"]
    assert [text[a:b] for a, b in heads] == ["（一）加强理论武装。"]
    prose = [s for s in r.hollowness.sentences if s.text.startswith("要高度重视")]
    assert prose and prose[0].label == "hollow"
    assert r.hollowness.score > 0        # the prose counts in the document score (a heading would not)
