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
def reading_ids() -> dict[int, int]:
    """``number_readings(readings())``, from the cache when it is there."""
    cache = _cache_path()
    got = _read_cache(cache) if cache else None
    if got is None:
        got = number_readings(readings())
        if cache:
            _write_cache(cache, got)
    return got


@lru_cache(maxsize=1)
def keys(base: int) -> dict[int, str]:
    """Code point -> one character per distinct reading (``chr(base + n)``, n numbering the readings in the
    table's order): two characters get the same key exactly when they are homophones."""
    ids = reading_ids()
    chars = [chr(base + i) for i in range(max(ids.values(), default=-1) + 1)]
    return dict(zip(ids, map(chars.__getitem__, ids.values())))


def homophones(a: str, b: str) -> bool:
    """Two different characters with the same first reading (without tone)."""
    ids = reading_ids()
    ra, rb = ids.get(ord(a)), ids.get(ord(b))
    return a != b and ra is not None and ra == rb


CACHE_FORMAT = 2       # 2: ü kept apart from u


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


def _read_cache(cache: Path) -> dict[int, int] | None:
    import marshal
    try:
        got = marshal.loads(cache.read_bytes())
    except Exception:       # absent, truncated or foreign: read the table instead
        return None
    ok = (isinstance(got, dict) and len(got) > 0 and all(type(k) is int for k in got)
          and set(map(type, got.values())) == {int})
    return got if ok else None


def _write_cache(cache: Path, ids: dict[int, int]) -> None:
    import marshal
    from analyzer.cachefiles import write_atomic
    write_atomic(cache, lambda fh: fh.write(marshal.dumps(ids)))
