"""rjieba's POS tags of a document's tokens without tagging the whole document.

Plain equivalent: ``rjieba.tag(text)`` and the tag of each token. ``rjieba.cut`` gives the same tokens at a
fraction of the cost, and a token's tag is its tag in jieba's dictionary (``jieba_tables``) or, for a word outside
it, the POS HMM's tag of that word alone. So each distinct word outside the dictionary is tagged once, alone on a
line of its own (``context_free_tags``); the rare word that comes out split when alone (its tag is then not known
to be context-free) is tagged where it occurs, within the stretch of text between punctuation marks around it
(``tag_in_context``: jieba never joins tokens across them, so its tokens there are those of the whole text). A
word's context-free tag never changes: callers remember it (``kernels.word_ids``).
``tests/kernels/test_hollowness_tags.py`` compares ``token_tags`` with ``rjieba.tag`` over the samples and the
corpus, with the tags made in the process and read back from the cache folder.

Tags kept between processes: ``rjieba.tag`` guesses the tag of a word outside its dictionary with a POS HMM whose
tables it unpacks on first use, ~180 M instructions per process (2.4 % of a check over the corpus) for the ~1,600
words and ~20 stretches a check tags. So each word's context-free tag and each stretch's tags are kept in the
cache folder (``analyzer.cachefiles.KeptEntries``, at most ``KEPT``), in a file named by rjieba's binary (path,
size, mtime): a process that meets only words a previous one tagged never starts the HMM."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Sequence

from analyzer.kernels import jieba_tables

KEPT = 50_000       # words and stretches in the file (a check over the corpus tags ~1,600)


def context_free_tags(words: list[str], dict_tags: list[str | None]) -> list[str | None]:
    """The tag ``rjieba.tag`` gives each of the distinct ``words`` wherever it is a token, None where that
    depends on the context; ``dict_tags``: their tags in jieba's dictionary (``jieba_tables.entries``)."""
    outside = [w for w, t in zip(words, dict_tags) if t is None]
    if not outside:
        return list(dict_tags)
    store = _store()
    alone: dict[str, str | None] = {}
    todo = []
    for w in outside:
        got = store.used.get(w, store.stored.get(w))      # False: the word comes out split when alone
        if type(got) is str or got is False:
            alone[w] = None if got is False else got
            store.use(w, got)
        else:
            todo.append(w)
    if todo:
        import rjieba
        made = _alone_tags(todo, rjieba.tag("\n".join(todo)))
        for w in todo:
            t = alone[w] = made.get(w)
            store.use(w, False if t is None else t, new=True)
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
    start = pos
    while start > 0 and not _BLOCK_EDGE.match(text, start - 1):
        start -= 1
    m = _BLOCK_EDGE.search(text, pos)
    at = start
    for w, tag in _stretch_tags(text[start:m.start() if m else len(text)]):
        if at == pos:
            return tag if w == word else ""
        at += len(w)
    return ""


def _stretch_tags(stretch: str) -> list:
    """``rjieba.tag(stretch)``, kept (keyed apart from the words: a tuple)."""
    store, key = _store(), ("stretch", stretch)
    got = store.used.get(key, store.stored.get(key))
    if type(got) is tuple and all(type(p) is tuple and len(p) == 2 for p in got):
        store.use(key, got)
        return list(got)
    import rjieba
    pairs = rjieba.tag(stretch)
    store.use(key, tuple(tuple(p) for p in pairs), new=True)
    return pairs


@lru_cache(maxsize=1)
def _store():
    """The kept tags of this rjieba (its binary's path, size and mtime name the file)."""
    import hashlib
    import os

    import rjieba.rjieba as binary
    from analyzer.cachefiles import KeptEntries
    try:
        st = os.stat(binary.__file__)
        key = f"{binary.__file__}|{st.st_size}|{st.st_mtime_ns}"
    except (OSError, TypeError, AttributeError):      # no file to name it by: nothing read, nothing kept
        key = None
    store = KeptEntries(f"tags-{hashlib.sha1(str(key).encode()).hexdigest()[:16]}.marshal", KEPT)
    if key is None:
        store.path, store.stored = None, {}
    return store
