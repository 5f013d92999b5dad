"""formulations analysis (placeholder until its issue lands: returns an empty result)."""
from __future__ import annotations

from .lexicon import Lexicon
from .model import Document
from .options import Options


def run(doc: Document, lexicon: Lexicon, options: Options):
    return None
