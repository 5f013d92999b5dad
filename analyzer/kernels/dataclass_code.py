"""The methods ``dataclasses`` writes for each class, compiled once and kept between processes.

``@dataclass`` writes each class's ``__init__``, ``__repr__``, ``__eq__`` (and for a frozen class ``__setattr__``,
``__delattr__``, ``__hash__``) as source text and compiles it with ``exec``: for the ~65 dataclasses a ``check``
defines that was ~200 M instructions of parsing and compiling per process, about 2 % of a check over the corpus.
``install()`` gives the ``dataclasses`` module an ``exec`` of its own that runs the code object compiled from the
same text (``compile(text, "<string>", "exec", dont_inherit=True)``, what ``exec`` of a string does), taking it
from the cache folder (``analyzer.cachefiles``) when a previous process compiled that text, in a file named by the
Python version and its bytecode's magic number, as ``.pyc`` files are. Plain equivalent: ``exec(text, globals,
locals)``; ``tests/kernels/test_dataclass_code.py`` checks that both make equal code for the classes of a check.

Only the command-line shell installs it (``analyzer.cli``), before it imports the analyses: a process that
imports the library keeps ``dataclasses`` as it is. The file holds what the last processes used, at most ``KEPT``
texts, written atomically at exit when one was new; a folder that cannot be read or written only costs the
compiling."""
from __future__ import annotations

import builtins
import marshal
from functools import lru_cache
from importlib.util import MAGIC_NUMBER
from types import CodeType

KEPT = 2048         # texts in the file (a check writes ~300 methods)


def install() -> None:
    """From now on, ``dataclasses`` compiles the methods it writes through ``compiled``."""
    import dataclasses
    dataclasses.exec = cached_exec


def cached_exec(source, globals=None, locals=None) -> None:    # noqa: A002 - exec's own parameter names
    """``exec(source, globals, locals)``, a text compiled once (``compiled``)."""
    builtins.exec(compiled(source) if isinstance(source, str) else source, globals, locals)


def compiled(text: str):
    """``compile(text, "<string>", "exec", dont_inherit=True)``, from the cache folder when a process compiled
    ``text`` before."""
    store = _store()
    blob = store.stored.get(text)
    if blob is not None:
        try:
            code = marshal.loads(blob)
        except (ValueError, EOFError, TypeError):   # damaged entry (it is the user's folder): compile again
            code = None
        if isinstance(code, CodeType):
            store.use(text, blob)
            return code
    code = builtins.compile(text, "<string>", "exec", dont_inherit=True)   # not this module's __future__ flags
    store.use(text, marshal.dumps(code), new=True)
    return code


@lru_cache(maxsize=1)
def _store():
    from analyzer.cachefiles import KeptEntries, interpreter_tag
    return KeptEntries(f"dataclass-code-{interpreter_tag()}-{MAGIC_NUMBER.hex()}.marshal", KEPT)
