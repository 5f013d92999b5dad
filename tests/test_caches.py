"""Every process-wide memo is bounded: the page is one long-running process that sees many documents and packs.
Module-level memo dicts have their own tests (``word_ids.MAX_WORDS``, ``default_lexicon``, ``index_for``); here
every ``functools`` cache of every module must have a ``maxsize``."""
from __future__ import annotations

import importlib
import pkgutil

import analyzer

_SKIP = ("analyzer.ui.page", "analyzer.ui.review", "analyzer.__main__")       # pages and launchers run on import


def _modules():
    for info in pkgutil.walk_packages(analyzer.__path__, "analyzer."):
        if not info.name.startswith(_SKIP):
            yield importlib.import_module(info.name)


def test_every_functools_cache_has_a_maxsize():
    caches, unbounded = 0, []
    for module in _modules():
        for name, obj in vars(module).items():
            targets = [obj, *(vars(obj).values() if isinstance(obj, type) else ())]
            for t in targets:
                t = getattr(t, "__func__", t)
                info = getattr(t, "cache_info", None)
                if callable(info) and getattr(t, "__module__", None) == module.__name__:
                    caches += 1
                    if info().maxsize is None:
                        unbounded.append(f"{module.__name__}.{name}")
    assert caches >= 15
    assert unbounded == []
