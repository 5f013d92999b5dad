"""``token_tags`` gives each token the tag ``rjieba.tag`` gives it in the whole text."""
from __future__ import annotations

import rjieba

from analyzer.kernels import hollowness_tags as T
from conftest import SAMPLES, corpus_files


def _tagged(text):
    """(word, position, tag) of the CJK tokens of two characters or more, straight from ``rjieba.tag(text)``."""
    out, at = [], 0
    for w, tag in rjieba.tag(text):
        if len(w) >= 2 and "\u4e00" <= w[0] <= "\u9fff":
            out.append((w, at, tag))
        at += len(w)
    return out


def test_token_tags_equal_rjieba_tag_including_words_split_when_alone():
    text = "不忘初心，牢记使命。\n北京市在西安设立研究中心。\n初心如磐，使命在肩。"
    assert rjieba.cut("不忘") != ["不忘"] and "不忘" in rjieba.cut(text)      # the in-context path is exercised
    words, pos, tags = zip(*_tagged(text))
    assert T.token_tags(list(words), list(pos), text) == list(tags)
    assert T.context_free_tags(["不忘", "西安", "北京"], [None, None, "ns"]) == [None, "ns", "ns"]
    assert T.tag_in_context(text, text.index("西安"), "西安") == "ns"
    assert T.tag_in_context(text, text.index("西安") + 1, "安") == ""
    for t in [p.read_text("utf-8") for p in sorted(SAMPLES.glob("*.txt"))] + [p.read_text("utf-8") for p in corpus_files()]:
        words, pos, tags = zip(*_tagged(t))
        assert T.token_tags(list(words), list(pos), t) == list(tags)
