"""Checking many files: one bad file never stops a batch; each input yields a Report or a Failure."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from .errors import IngestError
from .ingest import DEFAULT_LIMITS, Limits, iter_input_files, read_document
from .lexicon import Lexicon
from .model import Report
from .pipeline import analyze_document


@dataclass(frozen=True)
class Failure:
    path: str
    error: str     # stable English code, e.g. "encrypted"
    message: str   # Chinese, for the reader

    def to_dict(self) -> dict:
        return {"path": self.path, "error": self.error, "message": self.message}


def check_one(path: Path, lex: Lexicon, *, as_of=None, profile=None, include_text=False,
              limits: Limits = DEFAULT_LIMITS) -> Report | Failure:
    try:
        doc = read_document(path, limits)
    except IngestError as e:
        return Failure(str(path), e.code, e.message)
    except OSError as e:
        return Failure(str(path), "unreadable", f"无法读取文件：{e.strerror or e}")
    return analyze_document(doc, lex, as_of=as_of, profile=profile, include_text=include_text)


def check_paths(paths: Iterable[str | Path], lex: Lexicon, **kw) -> Iterator[Report | Failure]:
    for p in iter_input_files(paths):
        yield check_one(p, lex, **kw)
