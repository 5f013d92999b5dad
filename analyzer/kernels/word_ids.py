"""Dense ids for the words a process meets, and per-word values kept as columns over those ids.

Plain equivalent: a dict per property (word -> idf, word -> tag, word -> the word model's row), each probed once per
token by its user. A document has ~6,000 tokens and three users probed every one of them; here a token costs one
dict probe (``look_up``), a property is computed once per new word, in one batch (``Vocabulary.column``), and a
document's values are one array index. ``tests/kernels/test_word_ids.py`` compares the columns with the per-word
values they are filled from.

Bounded: a vocabulary holds at most ``MAX_WORDS`` words (or one call's own distinct words). A call that would pass
it starts a new vocabulary; the ids a caller got stay valid with the vocabulary they came from, so a document in
progress in another thread (the review page) keeps reading its own columns."""
from __future__ import annotations

import threading
from itertools import repeat
from typing import Callable, Hashable

import numpy as np

from analyzer.kernels.hollowness import pick

MAX_WORDS = 100_000     # the 55-document corpus has ~14,500 distinct words; a page process runs for days


class Vocabulary:
    """Words numbered in the order first met; columns of per-word values, filled for new words on demand."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self.words: list[str] = []
        self._columns: dict[Hashable, np.ndarray] = {}
        self._lock = threading.RLock()

    def __len__(self) -> int:
        return len(self.words)

    def _ids(self, words: list[str], room: int | None) -> np.ndarray | None:
        """Each word's id, numbering the new ones; None when they would take the vocabulary past ``room``."""
        index = self.index
        got = np.fromiter(map(index.get, words, repeat(-1)), dtype=np.int64, count=len(words))
        missing = np.flatnonzero(got < 0)
        if not len(missing):
            return got
        at = pick(words, missing)
        new = [w for w in dict.fromkeys(at) if w not in index]
        if room is not None and len(self.words) + len(new) > room:
            return None
        index.update(zip(new, range(len(self.words), len(self.words) + len(new))))
        self.words.extend(new)
        got[missing] = np.fromiter(map(index.__getitem__, at), dtype=np.int64, count=len(at))
        return got

    def column(self, key: Hashable, fill: Callable[[list[str]], np.ndarray]) -> np.ndarray:
        """The values of every word so far under ``key``: ``fill(words)`` gives the values of a list of words (an
        array as long as it), called once for the words met since the last call."""
        with self._lock:
            have = self._columns.get(key)
            done = 0 if have is None else len(have)
            if have is None or done < len(self.words):   # a column even of no words (a text with none kept)
                more = np.asarray(fill(self.words[done:]))
                have = more if have is None else np.concatenate([have, more])
                self._columns[key] = have
            return have


_CURRENT = Vocabulary()
_LOCK = threading.Lock()


def look_up(words: list[str]) -> tuple[Vocabulary, np.ndarray]:
    """The current vocabulary and the id of each of ``words`` in it (new words numbered). Read the columns of
    the vocabulary returned: a later call may have started another."""
    global _CURRENT
    with _LOCK:
        vocab = _CURRENT
        with vocab._lock:
            ids = vocab._ids(words, MAX_WORDS)
        if ids is None:
            vocab = _CURRENT = Vocabulary()
            with vocab._lock:
                ids = vocab._ids(words, None)
    return vocab, ids


def current() -> Vocabulary:
    return _CURRENT
