"""rjieba's POS tags of a document's tokens without tagging the whole document.

Plain equivalent: ``rjieba.tag(text)`` and the tag of each token. ``rjieba.cut`` gives the same tokens at a
fraction of the cost, and a token's tag is its tag in jieba's dictionary (``jieba_tables``) or, for a word outside
it, the POS HMM's tag of that word alone. So each distinct word outside the dictionary is tagged once, alone on a
line of its own (``context_free_tags``); the rare word that comes out split when alone (its tag is then not known
to be context-free) is tagged where it occurs, within the stretch of text between punctuation marks around it
(``tag_in_context``: jieba never joins tokens across them, so its tokens there are those of the whole text). A
word's context-free tag never changes: callers remember it (``kernels.word_ids``).
``tests/kernels/test_hollowness_tags.py`` compares ``token_tags`` with ``rjieba.tag`` over the samples and the
corpus."""
from __future__ import annotations

import re
from typing import Sequence

from analyzer.kernels import jieba_tables


def context_free_tags(words: list[str], dict_tags: list[str | None]) -> list[str | None]:
    """The tag ``rjieba.tag`` gives each of the distinct ``words`` wherever it is a token, None where that
    depends on the context; ``dict_tags``: their tags in jieba's dictionary (``jieba_tables.entries``)."""
    outside = [w for w, t in zip(words, dict_tags) if t is None]
    if not outside:
        return list(dict_tags)
    import rjieba
    alone = _alone_tags(outside, rjieba.tag("\n".join(outside)))
    return [t if t is not None else alone.get(w) for w, t in zip(words, dict_tags)]


def token_tags(words: list[str], positions: Sequence[int], text: str) -> list[str]:
    """The tag of each token ``words[i]`` found at ``positions[i]`` of ``text``, as ``rjieba.tag(text)`` tags it
    ("" for a token ``rjieba.tag`` would not give whole there)."""
    distinct = list(dict.fromkeys(words))
    free = dict(zip(distinct, context_free_tags(distinct, jieba_tables.entries(distinct)[1])))
    return [t if (t := free[w]) is not None else tag_in_context(text, int(p), w) for w, p in zip(words, positions)]


def _alone_tags(lines: list[str], pairs: list[tuple[str, str]]) -> dict[str, str]:
    """For ``pairs = rjieba.tag("\\n".join(lines))``: the tag of each line that came out as one token."""
    line_at: dict[int, str] = {}
    at = 0
    for line in lines:
        line_at[at] = line
        at += len(line) + 1
    out: dict[str, str] = {}
    at = 0
    for w, tag in pairs:
        if line_at.get(at) == w:
            out[w] = tag
        at += len(w)
    return out


_BLOCK_EDGE = re.compile(r"[，。；：！？、“”‘’（）《》【】\s]")    # never inside a block jieba segments


def tag_in_context(text: str, pos: int, word: str) -> str:
    """The tag of the token at ``pos``, from tagging the stretch between the nearest punctuation marks or
    spaces around it: jieba segments each run of CJK characters, letters and digits on its own."""
    import rjieba
    start = pos
    while start > 0 and not _BLOCK_EDGE.match(text, start - 1):
        start -= 1
    m = _BLOCK_EDGE.search(text, pos)
    at = start
    for w, tag in rjieba.tag(text[start:m.start() if m else len(text)]):
        if at == pos:
            return tag if w == word else ""
        at += len(w)
    return ""
