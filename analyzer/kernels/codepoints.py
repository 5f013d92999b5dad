"""Per-character work on a whole text through arrays indexed by code point.

A ``str.translate`` or a regex scan of a long text costs a dict lookup or a regex step per character (~25 ns);
the same work as one numpy ``take`` over the text's code points costs a few ns a character, plus a fixed cost of
building the arrays and converting the text, which pays off from a few thousand characters.

Plain equivalents (compared in ``tests/kernels/test_codepoints.py``):

- ``CharMap(table).translate(text)`` is ``text.translate(table)`` for a table mapping code points to single
  characters: ``analyzer.text.normalize.normalize_plain``.
- ``CharSet(chars).squeeze(text)`` is ``analyzer.text.normalize.squeeze_plain(text, drop)`` for a ``drop`` pattern
  matching runs of exactly ``chars``.

Lone surrogates pass through both, as in ``str.translate``."""
from __future__ import annotations

from typing import Iterable, Mapping

import numpy as np

_UNICODE = 0x110000


def code_points(text: str) -> np.ndarray:
    """The code point of every character of ``text`` (lone surrogates included), as uint32."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def from_code_points(points: np.ndarray) -> str:
    return points.astype(np.uint32, copy=False).tobytes().decode("utf-32-le", "surrogatepass")


class CharMap:
    """``str.translate`` with a table of one-character values, as an array indexed by code point."""

    def __init__(self, table: Mapping[int, str]):
        self.lut = np.arange(_UNICODE, dtype=np.uint32)
        self.lut[np.fromiter(table, dtype=np.uint32, count=len(table))] = \
            np.fromiter(map(ord, table.values()), dtype=np.uint32, count=len(table))

    def translate(self, text: str) -> str:
        return from_code_points(self.lut.take(code_points(text)))     # take: ~2x fancy indexing


class CharSet:
    """A set of characters to remove from a text, keeping what is needed to map positions back."""

    def __init__(self, chars: Iterable[str]):
        self.lut = np.zeros(_UNICODE, dtype=bool)
        self.lut[[ord(c) for c in chars]] = True

    def squeeze(self, text: str) -> tuple[str, list[int]]:
        """``text`` without the set's characters, and for the k-th removed character (k from 0) its position in
        the squeezed text (original position - k): removed positions minus their rank."""
        cp = code_points(text)
        dropped = self.lut.take(cp)
        removed = np.flatnonzero(dropped)
        if not len(removed):
            return text, []
        return from_code_points(cp[~dropped]), (removed - np.arange(len(removed))).tolist()
