"""shengao (审稿): an offline analyzer for Chinese Party-building documents.

    from analyzer import analyze
    report = analyze("report.docx", as_of="2024-03-01", profile="annual-summary")
    report.to_dict()
"""
from __future__ import annotations

__version__ = "0.1.0"

from .errors import IngestError, LexiconError, ShengaoError  # noqa: E402
from .lexicon import Lexicon, load_lexicon  # noqa: E402
from .pipeline import analyze, analyze_document, extract_text  # noqa: E402

__all__ = ["analyze", "analyze_document", "extract_text", "load_lexicon", "Lexicon", "IngestError",
           "LexiconError", "ShengaoError", "__version__"]
