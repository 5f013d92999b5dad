"""Readings of Chinese characters without tone, from pypinyin's character table (``pypinyin/pinyin_dict.py``):
what makes two characters homophones (同音) for the formula checks.

Why not ``import pypinyin``: the package's ``__init__`` loads its phrase dictionary and trains a segmenter
(~0.2 s per process), and only the character table is needed. So the table's own module file is executed alone
(~30 ms), and each of its ~8,600 distinct values is reduced once, not each of its ~42,000 characters (~0.25 s
before). The result, a number per character (one per distinct reading), is kept in the user's cache folder like
jieba's tables (``analyzer.kernels.jieba_tables``), keyed by the table file's path, size and mtime: it loads in ~3 ms.
When the folder cannot be read or written, the table is read every time."""
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
    """A toned reading without its tone mark, ``ü`` written ``v`` as pypinyin's plain style writes it: ``lǜ`` reads
    ``lv``, not ``lu`` (绿 and 路, 女 and 努 are no homophones)."""
    nfd = unicodedata.normalize("NFD", reading).replace("u\u0308", "v")
    return "".join(c for c in nfd if not unicodedata.combining(c))


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


def number_readings(table: dict[int, str]) -> dict[int, int]:
    """Code point -> the number of its reading, readings numbered in the order the table first gives them."""
    ids: dict[str, int] = {}
    return {cp: ids.setdefault(r, len(ids)) for cp, r in table.items()}


@lru_cache(maxsize=1)
def reading_string() -> str:
    """``number_readings(readings())`` as one string indexed by code point, up to the last listed character:
    ``chr(1 + n)`` for a character of reading number n, NUL for one pypinyin does not list. From the cache when it
    is there: one string loads in a fraction of a million instructions, where the dict of ~42,000 entries it stands
    for took ~60 M to load and check (and keys() ~40 M more to build from it)."""
    cache = _cache_path()
    got = _read_cache(cache) if cache else None
    if got is None:
        got = as_string(number_readings(readings()))
        if cache:
            _write_cache(cache, got)
    return got


def as_string(ids: dict[int, int]) -> str:
    """``reading_string()``'s form of a code point -> reading number table."""
    chars = ["\0"] * (max(ids, default=-1) + 1)
    for cp, n in ids.items():
        chars[cp] = chr(1 + n)
    return "".join(chars)


@lru_cache(maxsize=1)
def reading_ids() -> dict[int, int]:
    """``number_readings(readings())`` (code point -> the number of its reading), in code point order."""
    return {cp: ord(c) - 1 for cp, c in enumerate(reading_string()) if c != "\0"}


@lru_cache(maxsize=1)
def keys(base: int) -> dict[int, str]:
    """Code point -> one character per distinct reading (``chr(base + n)``, n numbering the readings in the
    table's order): two characters get the same key exactly when they are homophones."""
    return {cp: chr(base + ord(c) - 1) for cp, c in enumerate(reading_string()) if c != "\0"}


@lru_cache(maxsize=1)
def key_map(base: int) -> str:
    """``keys(base)`` as a ``str.translate`` table that is one string indexed by code point (an unlisted
    character maps to itself, one past the end is left as it is): ``text.translate(key_map(base)) ==
    text.translate(keys(base))``, without building a dict of ~42,000 entries in every process."""
    from analyzer.kernels.codepoints import numbered_table
    return numbered_table(reading_string(), base)


def homophones(a: str, b: str) -> bool:
    """Two different characters with the same first reading (without tone)."""
    numbers = reading_string()
    ia, ib = ord(a), ord(b)
    return a != b and ia < len(numbers) and ib < len(numbers) and numbers[ia] == numbers[ib] != "\0"


CACHE_FORMAT = 3       # 2: ü kept apart from u; 3: reading_string() instead of a dict


def _cache_path() -> Path | None:
    import hashlib
    from analyzer.cachefiles import cache_folder
    try:
        p = table_path().resolve()
        key = f"{p}|{p.stat().st_size}|{p.stat().st_mtime_ns}"
        base = cache_folder()
    except (OSError, RuntimeError, AttributeError, TypeError):     # no pypinyin table, or no home folder
        return None
    return base / f"readings-{CACHE_FORMAT}-{hashlib.sha1(key.encode()).hexdigest()[:16]}.marshal"


def _read_cache(cache: Path) -> str | None:
    import marshal
    try:
        got = marshal.loads(cache.read_bytes())
    except Exception:       # absent, truncated or foreign: read the table instead
        return None
    return got if type(got) is str and got and got[-1] != "\0" else None


def _write_cache(cache: Path, numbers: str) -> None:
    import marshal
    from analyzer.cachefiles import write_atomic
    write_atomic(cache, lambda fh: fh.write(marshal.dumps(numbers)))
