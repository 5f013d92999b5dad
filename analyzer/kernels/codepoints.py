"""Per-character work on a whole text through arrays indexed by code point.

A ``str.translate`` or a regex scan of a long text costs a dict lookup or a regex step per character (~25 ns);
the same work as one numpy ``take`` over the text's code points costs a few ns a character, plus a fixed cost of
building the arrays and converting the text, which pays off from a few thousand characters.

Plain equivalents (compared in ``tests/kernels/test_codepoints.py``):

- ``CharMap(table).translate(text)`` is ``text.translate(table)`` for a table mapping code points to single
  characters, or for a table that is one string indexed by code point: ``analyzer.text.normalize.normalize_plain``.
- ``numbered_table(numbers, base)`` is ``numbered_table_plain(numbers, base)``.
- ``CharSet(chars).squeeze(text)`` is ``analyzer.text.normalize.squeeze_plain(text, drop)`` for a ``drop`` pattern
  matching runs of exactly ``chars``.

Lone surrogates pass through both, as in ``str.translate``."""
from __future__ import annotations

from typing import Iterable, Mapping

import numpy as np

_UNICODE = 0x110000


def code_points(text: str) -> np.ndarray:
    """The code point of every character of ``text`` (lone surrogates included), as uint32. numpy holds a str as
    UCS-4, one code per character: its conversion copies the string's code points in half the time of encoding
    them to UTF-32 (the empty string becomes one NUL there, hence the check)."""
    points = np.array(text).reshape(1).view(np.uint32)
    if len(points) != len(text):
        points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    return points


def from_code_points(points: np.ndarray) -> str:
    return points.astype(np.uint32, copy=False).tobytes().decode("utf-32-le", "surrogatepass")


def table_points(table: Mapping[int, str] | str) -> np.ndarray:
    """What ``str.translate(table)`` makes of each code point from 0 up to the highest the table lists, as code
    points (uint32; a code point the table leaves alone stays itself), for a table of one-character values or one
    string indexed by code point (its i-th character is what code point i becomes)."""
    if isinstance(table, str):
        return code_points(table)
    codes = np.fromiter(table, dtype=np.uint32, count=len(table))
    points = np.arange(int(codes.max(initial=0)) + 1 if len(codes) else 0, dtype=np.uint32)
    points[codes] = np.fromiter(map(ord, table.values()), dtype=np.uint32, count=len(table))
    return points


class CharMap:
    """``str.translate`` with a table of one-character values, as an array indexed by code point."""

    def __init__(self, table: Mapping[int, str] | str):
        self.lut = np.arange(_UNICODE, dtype=np.uint32)
        points = table_points(table)
        self.lut[:len(points)] = points

    def translate(self, text: str) -> str:
        return from_code_points(self.lut.take(code_points(text)))     # take: ~2x fancy indexing


def numbered_table(numbers: str, base: int) -> str:
    """A ``str.translate`` table as one string indexed by code point, from a string of numbers (``chr(1 + n)`` at a
    code point numbered n, NUL at the others, as ``analyzer.text.readings.reading_string``): ``chr(base + n)``
    where numbered, the code point's own character elsewhere. One array operation instead of a character at a time
    (~200,000 of them for the readings)."""
    cp = code_points(numbers)
    table = np.where(cp > 0, cp + np.uint32(base - 1), np.arange(len(cp), dtype=np.uint32))
    if not len(table):
        return ""
    # as a numpy string: half the cost of from_code_points, whose decoder calls its error handler for each of the
    # 2,048 surrogates that stand for themselves; numpy drops trailing NULs, hence the check
    got = str(table.view(f"<U{len(table)}")[0])
    return got if len(got) == len(table) else from_code_points(table)


def numbered_table_plain(numbers: str, base: int) -> str:
    return "".join(chr(base + ord(c) - 1) if c != "\0" else chr(cp) for cp, c in enumerate(numbers))


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
