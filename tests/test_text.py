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


def test_long_text_normalised_through_the_array_equals_str_translate():
    """The numpy lookup path of ``normalize`` (long texts, numpy loaded) must give exactly ``str.translate``:
    full-width forms, quote styles, traditional characters, characters beyond the BMP, lone surrogates."""
    import numpy  # noqa: F401  (the array path is taken only when numpy is loaded)

    from analyzer.text import _ARRAY_FROM, _char_table, normalize
    text = "全角ＡＢＣ１２３，“引號”（括號）\u3000臺灣發展\ud800孤\udfff𠀀😀党建。" * (_ARRAY_FROM // 20 + 1)
    assert len(text) >= _ARRAY_FROM
    expected = text.translate(_char_table())
    assert "ABC123,\"引号\"(括号) 台湾发展" in expected          # the table does map these
    assert normalize(text) == expected


def test_corpus_normalised_through_the_array_equals_str_translate(corpus):
    import numpy  # noqa: F401

    from analyzer.text import _char_table, _translate_array
    assert len(corpus) >= 50
    for path in corpus:
        text = path.read_text("utf-8")
        assert _translate_array(text) == text.translate(_char_table()), path.name
