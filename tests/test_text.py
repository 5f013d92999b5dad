"""Sentence splitting (``analyzer.text``): offsets and the whole-text cache."""
from __future__ import annotations

from analyzer.text import sentence_spans


def test_sentences_are_trimmed_and_split_at_end_marks_and_line_breaks():
    text = "第一句。 第二句！”\n  标题\n”\n第三句？"
    assert [text[s:e] for s, e in sentence_spans(text)] == ["第一句。", "第二句！”", "标题", "第三句？"]
    assert [text[s:e] for s, e in sentence_spans(text, 5, 15)] == ["第二句！”", "标题"]


def test_cached_whole_text_split_hands_out_a_fresh_list_each_time():
    text = "加强党的建设。召开会议3次。"
    spans = sentence_spans(text)
    assert spans == [(0, 7), (7, 14)]
    spans.append((99, 100))
    spans[0] = (1, 2)
    assert sentence_spans(text) == [(0, 7), (7, 14)]
