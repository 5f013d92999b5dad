"""Dense ids for the words a process meets, and per-word values kept as columns over those ids.

Plain equivalent: a dict per property (word -> idf, word -> tag, word -> the word model's row), each probed once per
token by its user. A document has ~6,000 tokens and three users probed every one of them; here a token costs one
dict probe (``look_up``), a property is computed once per new word, in one batch (``Vocabulary.column``), and a
document's values are one array index. ``tests/kernels/test_word_ids.py`` compares the columns with the per-word
values they are filled from.

Short words by their code points: a token string that rjieba has just made is new, so the dict probe of
``look_up`` first hashes it (~270 ns a token, ~350,000 tokens a corpus). A caller that knows where each word
stands in its text passes ``short_keys``: each word of one to four BMP characters packed from the text's code
points into one uint64, looked up in the vocabulary's open-addressing table of keys (``KeyTable``, probed for all
words at once by array operations); only the words not found there (new words, longer ones) are probed in the
dict. Plain equivalent: ``look_up`` without keys (the dict alone), which gives the same ids
(``tests/kernels/test_word_ids.py``). The key table holds at most the vocabulary's words (8 MB at ``MAX_WORDS``).

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
        self._columns: dict[Hashable, tuple[np.ndarray, int]] = {}     # each column's array and its length
        self._keys = KeyTable()         # the short_keys of the words met through a keyed look-up
        self._lock = threading.RLock()

    def __len__(self) -> int:
        return len(self.words)

    def _ids(self, words: list[str], keys: np.ndarray | None, room: int | None) -> np.ndarray | None:
        """Each word's id, numbering the new ones; None when they would take the vocabulary past ``room``.
        ``keys``: the words' ``short_keys`` (0 for a word without one), or None to probe the dict for each."""
        index = self.index
        if keys is None:
            got = np.fromiter(map(index.get, words, repeat(-1)), dtype=np.int64, count=len(words))
        else:
            got = self._keys.find(keys)
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
        if keys is not None:
            new_keys, first = np.unique(keys[missing], return_index=True)     # those of the words not found
            self._keys.add(new_keys, got[missing[first]])
        return got

    def column(self, key: Hashable, fill: Callable[[list[str]], np.ndarray]) -> np.ndarray:
        """The values of every word so far under ``key``: ``fill(words)`` gives the values of a list of words (an
        array as long as it), called once for the words met since the last call. A column is kept in an array
        with room to grow (by half its size when full), so that adding a document's new words copies only them,
        not the whole column again."""
        with self._lock:
            got = self._columns.get(key)
            if got is None or got[1] < len(self.words):   # a column even of no words (a text with none kept)
                done = 0 if got is None else got[1]
                more = np.asarray(fill(self.words[done:]))
                if got is None:
                    room = more
                elif got[0].dtype != more.dtype:        # values of another type: numpy's promotion, as concatenate
                    room = np.concatenate([got[0][:done], more])
                else:
                    room = got[0]
                    if len(room) < done + len(more):
                        room = np.empty(max(done + len(more), len(room) * 3 // 2), dtype=room.dtype)
                        room[:done] = got[0][:done]
                    room[done:done + len(more)] = more
                got = self._columns[key] = (room, done + len(more))
            return got[0][:got[1]]


class KeyTable:
    """Nonzero uint64 keys -> ids, by linear probing in a table at most a quarter full (``slots``: 0 where empty;
    ``ids``: -1 there). Every step of a probe is one array operation over all the keys still probing; ~1.2 steps
    a key. Plain equivalent: a dict of the keys."""

    _MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)     # Fibonacci hashing: the product's top bits are the slot

    def __init__(self, bits: int = 12) -> None:
        self.bits = bits
        self.slots = np.zeros(1 << bits, dtype=np.uint64)
        self.ids = np.full(1 << bits, -1, dtype=np.int64)
        self.count = 0

    def _home(self, keys: np.ndarray) -> np.ndarray:
        return (keys * self._MULTIPLIER) >> np.uint64(64 - self.bits)

    def find(self, keys: np.ndarray) -> np.ndarray:
        """The id of each key, -1 for 0 and for keys not in the table."""
        slot = self._home(keys).astype(np.intp)
        at = self.slots[slot]
        got = self.ids[slot]          # right where the key is at its home; -1 at an empty slot
        go_on = np.flatnonzero((at != keys) & (at != 0))     # the keys to look for further, and their slots
        slot = slot[go_on]
        mask = len(self.slots) - 1
        while len(go_on):
            slot = (slot + 1) & mask
            at, wanted = self.slots[slot], keys[go_on]
            got[go_on] = self.ids[slot]
            more = (at != wanted) & (at != 0)
            go_on, slot = go_on[more], slot[more]
        return got

    def add(self, keys: np.ndarray, ids: np.ndarray) -> None:
        """Put the distinct ``keys`` (none in the table yet; 0 is skipped) with their ids."""
        keep = keys != 0
        keys, ids = keys[keep], ids[keep]
        if 4 * (self.count + len(keys)) > len(self.slots):
            old = self.slots != 0
            old_keys, old_ids = self.slots[old], self.ids[old]
            while 4 * (self.count + len(keys)) > (1 << self.bits):
                self.bits += 1
            self.__init__(self.bits)
            self._put(old_keys, old_ids)
        self._put(keys, ids)

    def _put(self, keys: np.ndarray, ids: np.ndarray) -> None:
        slot = self._home(keys).astype(np.intp)
        mask = len(self.slots) - 1
        self.count += len(keys)
        while len(keys):
            free = np.flatnonzero(self.slots[slot] == 0)
            _, first = np.unique(slot[free], return_index=True)     # one key per free slot takes it
            won = free[first]
            self.slots[slot[won]] = keys[won]
            self.ids[slot[won]] = ids[won]
            rest = np.ones(len(keys), dtype=bool)
            rest[won] = False
            keys, ids, slot = keys[rest], ids[rest], (slot[rest] + 1) & mask


_CURRENT = Vocabulary()
_LOCK = threading.Lock()


def short_keys(cp: np.ndarray, pos: np.ndarray, length: np.ndarray) -> np.ndarray:
    """The key of each word ``text[pos[i]:pos[i] + length[i]]`` (``cp``: the text's code points): its one to four
    characters as little-endian uint16 in one uint64, the unused ones 0; 0 for a word of another length, and for
    every word of a text with a character outside 1..0xFFFF (their keys could be ambiguous). Two words have the
    same nonzero key only when they are the same string."""
    keys = np.zeros(len(pos), dtype=np.uint64)
    if not len(pos) or int(cp.min()) == 0 or int(cp.max()) > 0xFFFF:
        return keys
    units = np.zeros(len(cp) + 3, dtype="<u2")
    units[:len(cp)] = cp
    fours = np.ndarray((len(cp),), dtype="<u8", buffer=units, strides=(2,))   # the four characters from each one
    return np.bitwise_and(fours[pos], _MASKS[np.minimum(length, 5)], out=keys)


_MASKS = np.array([0, 0xFFFF, 0xFFFF_FFFF, 0xFFFF_FFFF_FFFF, 0xFFFF_FFFF_FFFF_FFFF, 0], dtype=np.uint64)


def look_up(words: list[str], keys: np.ndarray | None = None) -> tuple[Vocabulary, np.ndarray]:
    """The current vocabulary and the id of each of ``words`` in it (new words numbered). Read the columns of
    the vocabulary returned: a later call may have started another. ``keys``: the words' ``short_keys``, when the
    caller has them (the same ids, fewer dict probes)."""
    global _CURRENT
    with _LOCK:
        vocab = _CURRENT
        with vocab._lock:
            ids = vocab._ids(words, keys, MAX_WORDS)
        if ids is None:
            vocab = _CURRENT = Vocabulary()
            with vocab._lock:
                ids = vocab._ids(words, keys, None)
    return vocab, ids


def current() -> Vocabulary:
    return _CURRENT
