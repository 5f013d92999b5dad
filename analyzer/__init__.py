"""shengao (审稿): an offline analyzer for Chinese Party-building documents.

    from analyzer import analyze
    report = analyze("report.docx", as_of="2024-03-01", profile="annual-summary")
    report.to_dict()

The public names resolve on first use (PEP 562): importing a submodule (``analyzer.text`` for ``shengao extract``,
``analyzer.lexicon`` for ``shengao lexicon validate``) must not pay for the analyses' imports (numpy, rjieba)."""
from __future__ import annotations

import importlib

__version__ = "0.1.0"

_LAZY = {
    "IngestError": ".errors", "LexiconError": ".errors", "ShengaoError": ".errors",
    "Lexicon": ".lexicon", "load_lexicon": ".lexicon",
    "analyze": ".pipeline", "analyze_document": ".pipeline", "extract_text": ".pipeline",
}

__all__ = ["analyze", "analyze_document", "extract_text", "load_lexicon", "Lexicon", "IngestError",
           "LexiconError", "ShengaoError", "__version__"]


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'analyzer' has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
