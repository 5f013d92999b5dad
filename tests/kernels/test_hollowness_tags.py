"""``token_tags`` gives each token the tag ``rjieba.tag`` gives it in the whole text, with the tags made in the
process and read back from the cache folder by another."""
from __future__ import annotations

import os
import subprocess
import sys

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



_TAG_CASES = """
import json, sys
import rjieba
from analyzer.kernels import hollowness_tags as T
if sys.argv[2] == "read":
    def tag(text):
        raise AssertionError("tagged again: the cache was not read")
    rjieba.tag = tag
for text, (words, pos, tags) in json.load(open(sys.argv[1], encoding="utf-8")):
    assert T.token_tags(words, pos, text) == tags
print("ok")
"""


def test_tags_are_read_back_from_the_cache_folder(tmp_path):
    """A second process tags the samples' words, split-when-alone ones included, from the file alone, as
    ``rjieba.tag`` does; a damaged file only costs the tagging."""
    import json
    texts = [p.read_text("utf-8") for p in sorted(SAMPLES.glob("*.txt"))]
    texts.append("不忘初心，牢记使命。\n北京市在西安设立研究中心。")     # 不忘 is split when alone
    cases = tmp_path / "cases.json"
    cases.write_text(json.dumps([(t, list(zip(*_tagged(t)))) for t in texts]), "utf-8")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}

    def run(step: str) -> None:
        done = subprocess.run([sys.executable, "-c", _TAG_CASES, str(cases), step], capture_output=True, text=True,
                              env=env)
        assert done.stdout.strip() == "ok", done.stderr
    run("write")
    run("read")
    (kept,) = (tmp_path / "shengao").glob("tags-*.marshal")
    kept.write_bytes(b"\x00damaged")
    run("write")
