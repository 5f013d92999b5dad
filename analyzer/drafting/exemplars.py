"""Exemplars: "how have others written about X" — the best sentences from reference documents the user points to.

Suggestions must never invent wording, so the drafting assistant only ever shows sentences that exist in the
lexicon or in real documents. This module ranks sentences of a folder (default ``data/samples/``;
``../shared/corpus`` works too) against a theme (its names and forms from the lexicon) or against a sentence the
writer selected, by TF-IDF cosine over character 1–3-grams plus rjieba words: characters catch formulas however a
segmenter splits them, words weigh the content terms.

The index is built once per folder state (file list + sizes + mtimes) and kept in memory."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

import numpy as np

from analyzer.errors import IngestError
from analyzer.ingest import iter_input_files, read_document
from analyzer.lexicon import builtin_dir
from analyzer.text.normalize import sentence_spans

MIN_CHARS, MAX_CHARS = 12, 300      # shorter is a heading or fragment; longer is a run-on paragraph, not a model
MIN_SCORE = 0.08                     # below this a "hit" shares only common characters with the query
THEME_FIELDS = ("name", "canonical", "forms", "surface_forms", "aliases", "variants", "related", "terms")
_WORD = re.compile(r"\w", re.UNICODE)


def default_folder() -> Path:
    return builtin_dir().parent / "data" / "samples"


@dataclass(frozen=True)
class Exemplar:
    text: str
    path: str
    date: dt.date | None
    start: int
    end: int
    score: float

    def to_dict(self) -> dict:
        return {"text": self.text, "path": self.path, "date": self.date.isoformat() if self.date else None,
                "start": self.start, "end": self.end, "score": round(float(self.score), 4)}


@dataclass(frozen=True)
class _Sentence:
    path: str
    date: dt.date | None
    start: int
    end: int
    text: str


def _words(text: str) -> list[str]:
    """Words from the segmenter taught the lexicon's formulas (``analyzer.segment``), so 四个意识 or 全面从严治党
    is one feature, not two or three generic ones."""
    from analyzer.lexicon import default_lexicon
    from analyzer.text.segment import cut
    return [w for w in cut(text, default_lexicon()) if _WORD.search(w)]


class ExemplarIndex:
    """TF-IDF over the sentences of one folder. Build with ``index_for(folder)`` to share the cache."""

    def __init__(self, sentences: list[_Sentence], failures: list[tuple[str, str]] | None = None):
        from sklearn.feature_extraction.text import TfidfVectorizer
        self.sentences = sentences
        self.failures = failures or []
        self._chars = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True, min_df=1)
        self._words = TfidfVectorizer(analyzer=_words, sublinear_tf=True)
        texts = [s.text for s in sentences]
        self._matrix = self._stack(self._chars.fit_transform(texts), self._words.fit_transform(texts)) \
            if texts else None

    @staticmethod
    def _stack(chars, words):
        from scipy.sparse import hstack
        from sklearn.preprocessing import normalize
        return normalize(hstack([chars, words]).tocsr())

    def _vector(self, query: str):
        return self._stack(self._chars.transform([query]), self._words.transform([query]))

    def search(self, query: str, k: int = 5, *, exclude: str | None = None) -> list[Exemplar]:
        """The ``k`` sentences most similar to ``query``; identical texts (a document and its alternate copy)
        appear once; ``exclude`` drops the query sentence itself when it comes from the folder."""
        if self._matrix is None or not query.strip():
            return []
        scores = (self._matrix @ self._vector(query).T).toarray().ravel()
        order = np.argsort(-scores, kind="stable")
        out: list[Exemplar] = []
        seen: set[str] = set()
        for i in order:
            if scores[i] < MIN_SCORE or len(out) >= k:
                break
            s = self.sentences[i]
            key = re.sub(r"\s", "", s.text)
            if key in seen or (exclude is not None and key == re.sub(r"\s", "", exclude)):
                continue
            seen.add(key)
            out.append(Exemplar(s.text, s.path, s.date, s.start, s.end, float(scores[i])))
        return out

    def for_theme(self, theme: Any, k: int = 5) -> list[Exemplar]:
        """Sentences for a theme entry of the lexicon (its name, canonical wording and surface forms)."""
        return self.search(" ".join(theme_terms(theme)), k)

    def for_category(self, lexicon: Any, category: str, k: int = 5) -> list[Exemplar]:
        """Sentences for a whole category (作风建设, 组织建设 …): its name plus the terms of all its themes."""
        terms = [category]
        for theme in lexicon.kind("themes").values():
            if getattr(theme, "category", None) == category:
                terms.extend(t for t in theme_terms(theme) if t not in terms)
        return self.search(" ".join(terms), k)

    def for_sentence(self, sentence: str, k: int = 5) -> list[Exemplar]:
        return self.search(sentence, k, exclude=sentence)


def theme_terms(theme: Any) -> list[str]:
    """Names and forms of a theme entry (a dataclass or a mapping; fields read by name, absent ones skipped)."""
    terms: list[str] = []
    for key in THEME_FIELDS:
        val = getattr(theme, key, None)
        if val is None and hasattr(theme, "get"):
            val = theme.get(key)
        for v in ([val] if isinstance(val, str) else list(val or ())):
            if isinstance(v, str) and v.strip() and v not in terms:
                terms.append(v)
    return terms


def _fingerprint(files: list[Path]) -> tuple:
    out = []
    for f in files:
        st = f.stat()
        out.append((str(f), st.st_size, st.st_mtime_ns))
    return tuple(out)


def read_sentences(files: Iterable[Path]) -> tuple[list[_Sentence], list[tuple[str, str]]]:
    """Sentences of every readable file with its detected date; unreadable files are listed, not fatal."""
    sentences: list[_Sentence] = []
    failures: list[tuple[str, str]] = []
    for f in files:
        try:
            doc = read_document(f)
        except IngestError as e:
            failures.append((str(f), e.message))
            continue
        for s, e in sentence_spans(doc.text):
            if MIN_CHARS <= e - s <= MAX_CHARS:
                sentences.append(_Sentence(str(f), doc.date, s, e, doc.text[s:e]))
    return sentences, failures


_CACHE: dict[str, tuple[tuple, ExemplarIndex]] = {}


def index_for(folder: str | Path | None = None) -> ExemplarIndex:
    """The index of a folder's documents, rebuilt only when a file was added, removed or changed."""
    folder = Path(folder) if folder is not None else default_folder()
    files = [f for f in iter_input_files([folder]) if not f.name.upper().startswith(("README", "SOURCES"))] \
        if folder.is_dir() else []      # a folder's own notes are not reference text
    key = str(folder.resolve())
    fp = _fingerprint(files)
    hit = _CACHE.get(key)
    if hit is not None and hit[0] == fp:
        return hit[1]
    index = ExemplarIndex(*read_sentences(files))
    _CACHE[key] = (fp, index)
    return index
