"""Readings of Chinese characters without tone, from pypinyin's character table (``pypinyin/pinyin_dict.py``):
what makes two characters homophones (同音) for the formula checks.

Why not ``import pypinyin``: the package's ``__init__`` loads its phrase dictionary and trains a segmenter
(~0.2 s per process), and only the character table is needed. So the table's own module file is executed alone
(from its bytecode, ~20 ms), and each of its ~8,600 distinct values is reduced once, not each of its ~42,000
characters (~0.25 s before)."""
from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path


def table_path() -> Path:
    """pypinyin's character table, found without importing the package."""
    import importlib.util
    spec = importlib.util.find_spec("pypinyin")
    return Path(next(iter(spec.submodule_search_locations))) / "pinyin_dict.py"


def _load_table() -> dict[int, str]:
    """``pypinyin.pinyin_dict.pinyin_dict`` (code point -> comma-separated toned readings, most common first)."""
    import importlib.util
    spec = importlib.util.spec_from_file_location("_shengao_pinyin_dict", table_path())
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.pinyin_dict


def toneless(reading: str) -> str:
    """A toned reading without its marks. Every combining mark is dropped, the diaeresis of ``ü`` too: ``lǜ`` and
    ``lü`` read ``lu`` (so 绿 and 路 share a reading here, where pypinyin writes ``lv`` and ``lu``)."""
    return "".join(c for c in unicodedata.normalize("NFD", reading) if not unicodedata.combining(c))


@lru_cache(maxsize=1)
def readings() -> dict[int, str]:
    """Code point -> its first (most common) reading without tone, for every character pypinyin lists."""
    first: dict[str, str] = {}
    out = {}
    for cp, value in _load_table().items():
        r = first.get(value)
        if r is None:
            r = first[value] = toneless(value.split(",")[0])
        out[cp] = r
    return out


@lru_cache(maxsize=1)
def keys(base: int) -> dict[int, str]:
    """Code point -> one character per distinct reading (``chr(base + n)``, n numbering the readings in the
    table's order): two characters get the same key exactly when they are homophones."""
    ids: dict[str, int] = {}
    return {cp: chr(base + ids.setdefault(r, len(ids))) for cp, r in readings().items()}


def homophones(a: str, b: str) -> bool:
    """Two different characters with the same first reading (without tone)."""
    r = readings()
    ra, rb = r.get(ord(a)), r.get(ord(b))
    return a != b and ra is not None and ra == rb
