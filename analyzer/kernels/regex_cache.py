"""Compiled regexes kept between processes, so that a ``check`` does not compile its ~100 patterns again each run.

``re.compile`` parses a pattern and translates it into the matcher's code in Python; for the patterns a check
compiles at import and lexicon load (Chinese ranges such as ``[\\u4e00-\\u9fff]``, which ``re`` tables one
character at a time; the placeholder rules; the fact and date regexes) that was ~210 M instructions per process,
about 2 % of a check over the corpus. ``compile(pattern, flags)`` gives the same ``re.Pattern`` from the code a
previous process made: the arguments of ``_sre.compile`` (code, groups, group names) are kept in the cache folder
(``analyzer.cachefiles``), keyed by the pattern and its flags, in a file named by the Python version and its
matcher's version, so another interpreter never reads them. A pattern not in the file is compiled as ``re`` does
and added at exit. Plain equivalent: ``re.compile(pattern, flags)``; ``tests/kernels/test_regex_cache.py`` checks
that both give equal patterns (``re.Pattern`` equality compares the code) for the patterns of a check.

The file holds what the last processes used, at most ``KEPT`` patterns; it is written atomically, so concurrent
processes each see a whole file (the last writer's); a folder that cannot be read or written only costs the
compiling. ``cached(key, parts)`` serves other compilers of ``_sre`` code the same way (``kernels.regex_scan``)."""
from __future__ import annotations

import marshal
import re
from functools import lru_cache
from typing import Callable

try:
    import _sre
    from re import _compiler, _parser
except ImportError:                     # an interpreter without re's Python compiler: plain re.compile
    _sre = None

KEPT = 2048         # patterns in the file (a check compiles ~100; lexicon packs add their own)

Parts = tuple       # the arguments of _sre.compile: (pattern, flags, code, groups, groupindex, indexgroup)


def compile(pattern: str, flags: int = 0) -> re.Pattern:    # noqa: A001 - re.compile's name, on purpose
    """``re.compile(pattern, flags)``, its code made once and kept in the cache folder. Raises ``re.error`` as
    ``re.compile`` does."""
    if _sre is None or not isinstance(pattern, str):
        return re.compile(pattern, flags)
    flags = int(flags)
    return cached(("re", pattern, flags), lambda: plain_parts(pattern, flags)) or re.compile(pattern, flags)


def plain_parts(pattern: str, flags: int) -> Parts:
    """What ``re.compile`` passes to ``_sre.compile`` (``re._compiler.compile``, step by step)."""
    p = _parser.parse(pattern, flags)
    return parts(pattern, p.state.flags | flags, _compiler._code(p, flags), p)


def parts(pattern: str, flags: int, code: list, parsed) -> Parts:
    """``_sre.compile``'s arguments for ``code`` compiled from the parsed pattern ``parsed``."""
    groupindex = dict(parsed.state.groupdict)
    indexgroup = [None] * parsed.state.groups
    for k, i in groupindex.items():
        indexgroup[i] = k
    return (pattern, int(flags), [int(c) for c in code], parsed.state.groups - 1, groupindex, tuple(indexgroup))


def cached(key: tuple, build: Callable[[], Parts | None]) -> re.Pattern | None:
    """The pattern whose ``_sre.compile`` arguments ``build()`` makes, from the cache folder when a process made
    them before under ``key``; None when ``build()`` says there is no such pattern (kept too). Exceptions of
    ``build`` (``re.error``) pass."""
    store = _store()
    got = store.stored.get(key)
    if got is not None:
        try:
            pattern = _sre.compile(*got) if got else None
            store.use(key, got)
            return pattern
        except Exception:               # damaged entry (it is the user's folder): build it again
            pass
    made = build()
    got = tuple(made) if made is not None else ()
    try:
        pattern = _sre.compile(*got) if got else None
    except Exception:                   # code the matcher refuses (a compiler's change): no such pattern
        got, pattern = (), None
    store.use(key, got, new=True)
    return pattern


@lru_cache(maxsize=1)
def _store():
    from analyzer.cachefiles import KeptEntries, interpreter_tag
    return KeptEntries(f"regex-{interpreter_tag()}-sre{_sre.MAGIC}-m{marshal.version}.marshal", KEPT)
