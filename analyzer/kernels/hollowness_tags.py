"""rjieba's POS tags of a document's tokens without tagging the whole document.

Plain equivalent: ``rjieba.tag(text)`` and the tag of each token. ``rjieba.cut`` gives the same tokens at a
fraction of the cost, and a token's tag is its tag in jieba's dictionary (``jieba_tables``) or, for a word outside
it, the POS HMM's tag of that word alone. So each distinct word outside the dictionary is tagged once, alone on a
line of its own; the rare word that comes out split when alone (its tag is then not known to be context-free) is
tagged where it occurs, within the stretch of text between punctuation marks around it (jieba never joins tokens
across them, so its tokens there are those of the whole text). ``tests/kernels/test_hollowness_tags.py`` compares
``token_tags`` with ``rjieba.tag`` over the samples and the corpus."""
from __future__ import annotations

import re
from typing import Sequence
from analyzer.kernels import jieba_tables

MAX_REMEMBERED = 200_000        # words whose tag is remembered across documents (the page runs for days)
_SEEN: dict[str, str] = {}      # word -> tag, for words whose tag does not depend on their context; bounded


def token_tags(words: list[str], positions: Sequence[int], text: str) -> list[str]:
    """The tag of each token ``words[i]`` found at ``positions[i]`` of ``text``, as ``rjieba.tag(text)`` tags it
    ("" for a token ``rjieba.tag`` would not give whole there). ``positions`` may be a numpy array: they are read
    only for the rare word whose tag depends on its context."""
    seen = _SEEN
    new = [w for w in dict.fromkeys(words) if w not in seen]
    if len(seen) + len(new) > MAX_REMEMBERED:
        seen.clear()
        new = list(dict.fromkeys(words))
    unsure: set[str] = set()
    if new:
        import rjieba
        jieba_tables.look_up(new)
        dict_tag = jieba_tables.DICT_TAG
        outside = []
        for w in new:
            tag = dict_tag[w]
            if tag is None:
                outside.append(w)
            else:
                seen[w] = tag
        if outside:
            got = _alone_tags(outside, rjieba.tag("\n".join(outside)))
            for w in outside:
                tag = got.get(w)
                if tag is None:
                    unsure.add(w)
                else:
                    seen[w] = tag
    if not unsure:
        return list(map(seen.__getitem__, words))
    return [seen[w] if w not in unsure else tag_in_context(text, int(p), w) for w, p in zip(words, positions)]


def remembered() -> int:
    """How many words' tags are remembered (never more than ``MAX_REMEMBERED``)."""
    return len(_SEEN)


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
