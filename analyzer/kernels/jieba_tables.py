"""jieba's two word tables that the hollowness features read: the IDF table (``analyse/idf.txt``: how specific a
word is) and the dictionary with its POS tags (``dict.txt``, the dictionary rjieba embeds too: which words are
names and nouns).

Why a table of our own: parsing the two files costs ~0.7 s and building dicts of their 400k words ~0.15 s per
process, more than looking up a whole corpus. So both are merged once into one sorted array with two columns and
kept in the user's cache folder (like jieba's own dictionary cache), keyed by the source files' paths, sizes and
mtimes; it loads in milliseconds. Words are found by binary search, a batch of them at once (``entries``); the
process remembers the words it met in ``kernels.word_ids``. When the cache folder cannot be read or written, the
files are parsed every time."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

CACHE_FORMAT = 3       # 3: the arrays one after another (.npy each), not a zip archive
_FIELDS = ("chars", "bounds", "idf", "tag", "tags", "median")


@dataclass(frozen=True)
class WordTable:
    """Every word of either file, grouped by length and sorted within a group, so each group is a numpy string
    array of its own width (a view of ``chars``, no copy): the whole table is ~8 MB instead of the 27 MB of one
    array as wide as the longest word, and reads from the cache in a few milliseconds."""
    chars: "np.ndarray"      # uint32 code points of every word, one group after another
    bounds: "np.ndarray"     # int64: the words of length n are rows bounds[n]:bounds[n + 1]
    idf: "np.ndarray"        # float64 per row; ``median`` for words only the dictionary lists
    tag: "np.ndarray"        # int16 per row: index into ``tags``; -1 for words only the IDF table lists
    tags: tuple[str, ...]
    median: float            # median idf of the IDF table, for words it does not list

    def group(self, n: int) -> "np.ndarray":
        """The words of length ``n``, sorted (rows ``bounds[n]:bounds[n + 1]``)."""
        import numpy as np
        if not 0 < n < len(self.bounds) - 1:
            return np.zeros(0, dtype="<U1")
        return self._groups[n]

    @cached_property
    def _groups(self) -> list["np.ndarray"]:
        """Every group's view, made once: a look-up asks for a few groups per document."""
        import numpy as np
        bounds = self.bounds.tolist()
        out, offset = [np.zeros(0, dtype="<U1")], 0
        for n in range(1, len(bounds) - 1):
            size = (bounds[n + 1] - bounds[n]) * n
            out.append(self.chars[offset:offset + size].view(f"<U{n}"))
            offset += size                  # characters of shorter words
        return out


def entries(words: list[str]) -> tuple["np.ndarray", list[str | None]]:
    """Each word's idf (float64; ``median`` for words the IDF table does not list) and its tag in jieba's
    dictionary (None for words outside it), in order: the words grouped by length, each group searched in the
    table's group of that length at once. Callers keep what they need (``kernels.word_ids``): nothing is
    remembered here."""
    import numpy as np
    table = word_table()
    idf = np.full(len(words), table.median, dtype=np.float64)
    tag: list[str | None] = [None] * len(words)
    if not words:
        return idf, tag
    size = np.fromiter(map(len, words), dtype=np.int64, count=len(words))
    by_size = np.argsort(size, kind="stable")
    edges = np.flatnonzero(np.diff(size[by_size])) + 1
    tags = table.tags
    for chunk in np.split(by_size, edges):
        n = int(size[chunk[0]])
        group = table.group(n)
        if not len(group):
            continue
        # the words' code points as one string array of the group's width, sorted (cache-friendly search)
        q = np.frombuffer("".join(_pick(words, chunk)).encode("utf-32-le", "surrogatepass"), dtype=np.uint32) \
            .view(group.dtype)
        order = np.argsort(q, kind="stable")
        q, chunk = q[order], chunk[order]
        i = np.minimum(np.searchsorted(group, q), len(group) - 1)
        found = np.flatnonzero(group[i] == q)    # numpy drops trailing NULs: a word ending in one is never listed
        if not len(found):
            continue
        rows = i[found] + int(table.bounds[n])
        at = chunk[found]
        idf[at] = table.idf[rows]
        for j, t in zip(at.tolist(), table.tag[rows].tolist()):
            if t >= 0:
                tag[j] = tags[t]
    return idf, tag


def _pick(seq: list, index) -> list:
    if len(index) == 1:
        return [seq[int(index[0])]]
    return list(itemgetter(*index.tolist())(seq))


def source_paths() -> tuple[Path, Path]:
    """jieba's IDF table and dictionary, from the installed jieba package (never imported: its import costs)."""
    import importlib.util
    base = Path(importlib.util.find_spec("jieba").origin).parent
    return base / "analyse" / "idf.txt", base / "dict.txt"


@lru_cache(maxsize=1)
def word_table() -> WordTable:
    idf_path, dict_path = source_paths()
    cache = _cache_path(idf_path, dict_path)
    got = _read_cache(cache) if cache else None
    if got is None:
        got = parse(idf_path, dict_path)
        if cache:
            _write_cache(cache, got)
    return got


def parse(idf_path: Path, dict_path: Path) -> WordTable:
    """The two files merged: a word listed twice in a file keeps its last entry, as jieba's loaders do."""
    import numpy as np
    idf: dict[str, float] = {}
    with idf_path.open(encoding="utf-8") as fh:
        for line in fh:
            w, _, v = line.rstrip("\n").partition(" ")
            if v:
                idf[w] = float(v)
    tag: dict[str, str] = {}
    with dict_path.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) == 3:
                tag[parts[0]] = parts[2]
    values = sorted(idf.values())
    median = values[len(values) // 2] if values else 0.0
    words = sorted((idf.keys() | tag.keys()) - {""}, key=lambda w: (len(w), w))
    tags = tuple(sorted(set(tag.values())))
    tag_id = {t: j for j, t in enumerate(tags)}
    longest = len(words[-1]) if words else 0
    bounds = np.searchsorted(np.array([len(w) for w in words], dtype=np.int64), np.arange(longest + 2))
    chars = np.frombuffer("".join(words).encode("utf-32-le"), dtype=np.uint32).copy()
    return WordTable(chars, bounds.astype(np.int64),
                     np.array([idf.get(w, median) for w in words], dtype=np.float64),
                     np.array([tag_id[tag[w]] if w in tag else -1 for w in words], dtype=np.int16),
                     tags, median)


def _cache_path(*sources: Path) -> Path | None:
    import hashlib
    from analyzer.cachefiles import cache_folder
    try:
        key = "|".join(f"{p.resolve()}|{p.stat().st_size}|{p.stat().st_mtime_ns}" for p in sources)
        base = cache_folder()
    except (OSError, RuntimeError):      # a source is missing, or there is no home folder
        return None
    return base / f"words-{CACHE_FORMAT}-{hashlib.sha1(key.encode()).hexdigest()[:16]}.npys"


def _read_cache(cache: Path) -> WordTable | None:
    """The table as ``_write_cache`` wrote it: its arrays in ``_FIELDS`` order, each in .npy format, read straight
    into arrays (an ``.npz`` archive costs importing zipfile and a CRC over its 8 MB, ~40 M instructions)."""
    import numpy as np
    try:
        with cache.open("rb") as fh:
            z = {name: np.load(fh, allow_pickle=False) for name in _FIELDS}
            if fh.read(1):
                return None      # more than the table: not ours
        t = WordTable(z["chars"], z["bounds"], z["idf"], z["tag"], tuple(z["tags"].tolist()), float(z["median"]))
        rows = int(t.bounds[-1])
        ok = (t.chars.dtype == np.uint32 and t.bounds.dtype == np.int64 and t.bounds[0] == 0
              and bool(np.all(np.diff(t.bounds) >= 0)) and t.idf.dtype == np.float64 and t.idf.shape == (rows,)
              and t.tag.dtype == np.int16 and t.tag.shape == (rows,) and int(t.tag.max(initial=-1)) < len(t.tags)
              and len(t.chars) == int(np.dot(np.diff(t.bounds), np.arange(len(t.bounds) - 1))))
        # each group sorted and distinct, as the binary search needs
        ok = ok and all(bool(np.all(g[1:] > g[:-1])) for g in map(t.group, range(1, len(t.bounds) - 1)))
    except Exception:            # absent, truncated or foreign: parse the sources instead
        return None
    return t if ok else None


def _write_cache(cache: Path, t: WordTable) -> None:
    import numpy as np

    from analyzer.cachefiles import write_atomic
    arrays = {"chars": t.chars, "bounds": t.bounds, "idf": t.idf, "tag": t.tag, "tags": np.array(t.tags),
              "median": np.float64(t.median)}

    def write(fh) -> None:
        for name in _FIELDS:
            np.save(fh, arrays[name], allow_pickle=False)
    write_atomic(cache, write)
