"""Exemplars: "how have others written about X" — the best sentences from reference documents.

Suggestions must never invent wording, so the drafting assistant only ever shows sentences that exist in the
lexicon or in real documents. This module ranks sentences against a theme (its names and forms from the lexicon)
or against a sentence the writer selected, by TF-IDF cosine over character 1–3-grams plus rjieba words: characters
catch formulas however a segmenter splits them, words weigh the content terms.

Where the sentences come from: the reference set shipped in the package (public documents of state organs,
``analyzer.drafting.reference``), plus any folder the user adds (``--exemplars DIR``, the page's folder setting).
Building an index costs seconds (a TF-IDF fit over ~10,000 sentences), so an index is built once and stored: the
shipped one by ``tools/build_reference_set.py``, a user folder's in the user's data folder keyed by a hash of the
folder's content; loading a stored index takes a fraction of a second. ``data/samples/`` (demo files with
deliberate errors) is never a source of exemplars."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np

from analyzer.errors import IngestError
from analyzer.ingest import iter_input_files, read_document
from analyzer.lexicon import Lexicon
from analyzer.lexicon.kinds.themes import Theme
from analyzer.text.normalize import sentence_spans

MIN_CHARS, MAX_CHARS = 12, 300      # shorter is a heading or fragment; longer is a run-on paragraph, not a model
MIN_SCORE = 0.08                     # below this a "hit" shares only common characters with the query
_WORD = re.compile(r"\w", re.UNICODE)
INDEX_FORMAT = 1                     # bump when the stored layout or the features change
_SEP = "\x1e"                        # joins vocabulary terms in a stored index (never inside a term)


@dataclass(frozen=True)
class Exemplar:
    """A reference sentence: ``text == source_text[start:end]`` of the document ``path`` (for the shipped set, the
    file name in the public corpus it was built from); ``title`` and ``url`` name its source when known."""
    text: str
    path: str
    date: dt.date | None
    start: int
    end: int
    score: float
    title: str | None = None
    url: str | None = None

    def to_dict(self) -> dict:
        return {"text": self.text, "path": self.path, "date": self.date.isoformat() if self.date else None,
                "start": self.start, "end": self.end, "score": round(float(self.score), 4),
                "title": self.title, "url": self.url}


@dataclass(frozen=True)
class _Sentence:
    path: str
    date: dt.date | None
    start: int
    end: int
    text: str


def word_features(text: str) -> list[str]:
    """Words from the segmenter taught the lexicon's formulas (``analyzer.segment``), so 四个意识 or 全面从严治党
    is one feature, not two or three generic ones."""
    from analyzer.lexicon import default_lexicon
    from analyzer.text.segment import cut
    return [w for w in cut(text, default_lexicon()) if _WORD.search(w)]


class _Queries:
    """Theme, category and sentence queries over any ``search``."""

    def for_theme(self, theme: Theme, k: int = 5) -> list[Exemplar]:
        """Sentences for a theme entry of the lexicon (its name, canonical wording and surface forms)."""
        return self.search(" ".join(theme_terms(theme)), k)

    def for_category(self, lexicon: Lexicon, category_id: str, k: int = 5) -> list[Exemplar]:
        """Sentences for a whole category (zuofeng-jianshe: 作风建设 …): its name plus the terms of all its themes."""
        terms = [lexicon.get("categories", category_id).name]
        for theme in lexicon.kind("themes").values():
            if theme.category == category_id:
                terms.extend(t for t in theme_terms(theme) if t not in terms)
        return self.search(" ".join(terms), k)

    def for_sentence(self, sentence: str, k: int = 5) -> list[Exemplar]:
        return self.search(sentence, k, exclude=sentence)


class ExemplarIndex(_Queries):
    """TF-IDF over a set of sentences. ``index_for(folder)`` builds (or loads) a folder's; ``reference_index()`` is
    the shipped set; ``save``/``load`` store one (the term counts and vocabularies; TF-IDF weights are recomputed
    by the same scikit-learn code at load, so a loaded index ranks exactly as the one that was saved)."""

    def __init__(self, sentences: list[_Sentence], failures: list[tuple[str, str]] | None = None,
                 sources: dict[str, dict] | None = None, *, _counts=None):
        from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer, TfidfVectorizer
        self.sentences = sentences
        self.failures = failures or []
        self.sources = sources or {}        # path -> {"title", "url"}
        texts = [s.text for s in sentences]
        if _counts is None:
            char_counter = CountVectorizer(analyzer="char", ngram_range=(1, 3), min_df=1)
            word_counter = CountVectorizer(analyzer=word_features)
            counts = (char_counter.fit_transform(texts), word_counter.fit_transform(texts)) if texts else None
            vocabs = (char_counter.vocabulary_, word_counter.vocabulary_) if texts else ({}, {})
        else:
            counts, vocabs = _counts
        self._counts = counts
        self._chars = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True, min_df=1,
                                      vocabulary=vocabs[0] or None)
        self._words = TfidfVectorizer(analyzer=word_features, sublinear_tf=True, vocabulary=vocabs[1] or None)
        self._matrix = None
        if counts is not None:
            # what TfidfVectorizer.fit_transform does after counting: fit the IDF, weight, normalise
            blocks = []
            for vec, c in zip((self._chars, self._words), counts):
                tfidf = TfidfTransformer(sublinear_tf=True).fit(c)
                vec.idf_ = tfidf.idf_
                blocks.append(tfidf.transform(c))
            self._matrix = self._stack(*blocks)

    # --- storing ---------------------------------------------------------------------------------------------

    def save(self, path: str | Path) -> None:
        """Write the index to one ``.npz`` file (no pickles)."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        meta = {"format": INDEX_FORMAT, "sources": self.sources, "failures": self.failures,
                "sentences": [[s.path, s.date.isoformat() if s.date else None, s.start, s.end, s.text]
                              for s in self.sentences]}
        arrays = {"meta": np.array(json.dumps(meta, ensure_ascii=False))}
        if self._counts is not None:
            for name, vec, c in zip(("chars", "words"), (self._chars, self._words), self._counts):
                c = c.tocsr()
                c.sort_indices()
                vocab = sorted(vec.vocabulary_, key=vec.vocabulary_.__getitem__)
                arrays[f"{name}_vocab"] = np.array(_SEP.join(vocab))
                arrays[f"{name}_indptr"] = c.indptr.astype(np.int64)
                arrays[f"{name}_delta"] = _delta_encode(c.indices, c.indptr)
                arrays[f"{name}_counts"] = c.data.astype(np.uint16 if c.data.max() > 255 else np.uint8)
        tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
        with open(tmp, "wb") as fh:
            np.savez_compressed(fh, **arrays)
        os.replace(tmp, path)

    @classmethod
    def load(cls, path: str | Path) -> "ExemplarIndex":
        from scipy.sparse import csr_matrix
        with np.load(path, allow_pickle=False) as z:
            meta = json.loads(str(z["meta"]))
            if meta.get("format") != INDEX_FORMAT:
                raise ValueError(f"{path}: index format {meta.get('format')}, expected {INDEX_FORMAT}")
            sentences = [_Sentence(p, dt.date.fromisoformat(d) if d else None, a, b, t)
                         for p, d, a, b, t in meta["sentences"]]
            counts, vocabs = None, ({}, {})
            if "chars_vocab" in z.files:
                counts, vocabs = [], []
                for name in ("chars", "words"):
                    terms = str(z[f"{name}_vocab"]).split(_SEP)
                    indptr = z[f"{name}_indptr"]
                    indices = _delta_decode(z[f"{name}_delta"], indptr)
                    counts.append(csr_matrix((z[f"{name}_counts"].astype(np.int64), indices, indptr),
                                             shape=(len(sentences), len(terms))))
                    vocabs.append(dict(zip(terms, range(len(terms)))))
        return cls(sentences, [tuple(f) for f in meta["failures"]], meta["sources"],
                   _counts=(counts, vocabs) if counts is not None else None)

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
            src = self.sources.get(s.path, {})
            out.append(Exemplar(s.text, s.path, s.date, s.start, s.end, float(scores[i]),
                                src.get("title"), src.get("url")))
        return out


def theme_terms(theme: Theme) -> list[str]:
    """Name, canonical wording, forms and related terms of a theme, each once."""
    return list(dict.fromkeys(t for t in (theme.name, theme.canonical, *theme.forms, *theme.related) if t.strip()))


def _delta_encode(indices: np.ndarray, indptr: np.ndarray) -> np.ndarray:
    """Sorted column numbers of each CSR row as differences (small numbers: compress several times better)."""
    d = indices.astype(np.int64)
    d[1:] -= indices[:-1]
    starts = indptr[:-1][np.diff(indptr) > 0]
    d[starts] = indices[starts]
    return d.astype(np.int32)


def _delta_decode(d: np.ndarray, indptr: np.ndarray) -> np.ndarray:
    cs = np.cumsum(d.astype(np.int64))
    lengths = np.diff(indptr)
    before = np.where(indptr[:-1] > 0, cs[np.maximum(indptr[:-1] - 1, 0)], 0) if len(cs) else indptr[:-1]
    return (cs - np.repeat(before, lengths)).astype(np.int32)


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


def cache_dir() -> Path:
    """Stored indexes of user folders: ``$XDG_DATA_HOME/shengao/exemplars/`` (else ``~/.local/share/...``)."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "shengao" / "exemplars"


def content_key(files: Sequence[Path]) -> str:
    """Hash of the files' names and bytes (and of what shapes an index): equal content, equal key, wherever the
    folder was copied; any edited, added or removed file gives another key."""
    from analyzer.lexicon import default_lexicon
    h = hashlib.sha256(f"{INDEX_FORMAT}|{MIN_CHARS}|{MAX_CHARS}|{default_lexicon().version}".encode())
    for f in files:
        h.update(str(f).encode("utf-8", "surrogatepass") + b"\0")
        try:
            h.update(hashlib.sha256(f.read_bytes()).digest())
        except OSError:
            h.update(b"unreadable")
    return h.hexdigest()


_CACHE: dict[str, tuple[tuple, ExemplarIndex]] = {}
INDEXES_KEPT = 4        # folders whose index stays in memory (the least recently built go first)


def _folder_files(folder: Path) -> list[Path]:
    # a folder's own notes are not reference text
    return [f for f in iter_input_files([folder]) if not f.name.upper().startswith(("README", "SOURCES"))] \
        if folder.is_dir() else []


def index_for(folder: str | Path, *, store: bool = True) -> ExemplarIndex:
    """The index of a folder's documents. Kept in memory while the file list, sizes and mtimes stay the same,
    and on disk (``cache_dir()``) by content hash, so another process or a later session loads it instead of
    rebuilding it. ``store=False`` neither reads nor writes the disk cache."""
    folder = Path(folder)
    files = _folder_files(folder)
    key = str(folder.resolve())
    fp = _fingerprint(files)
    hit = _CACHE.get(key)
    if hit is not None and hit[0] == fp:
        return hit[1]
    index = None
    stored = cache_dir() / f"{content_key(files)}.npz" if store and files else None
    if stored is not None and stored.is_file():
        try:
            index = ExemplarIndex.load(stored)
        except (OSError, ValueError, KeyError):
            index = None                     # a damaged or older file is rebuilt and replaced
    if index is None:
        index = ExemplarIndex(*read_sentences(files))
        if stored is not None:
            try:
                index.save(stored)
            except OSError:
                pass                         # a read-only data folder costs a rebuild next time, nothing more
    _CACHE.pop(key, None)
    while len(_CACHE) >= INDEXES_KEPT:
        del _CACHE[next(iter(_CACHE))]
    _CACHE[key] = (fp, index)
    return index


def reference_index() -> ExemplarIndex:
    """The reference set shipped in the package (see ``analyzer.drafting.reference``), loaded once per process."""
    from analyzer.drafting.reference import load_reference
    return load_reference()


class ExemplarSet(_Queries):
    """Several indexes searched as one: each ranks its own sentences, the best ``k`` of all are kept (cosine
    scores of L2-normalised TF-IDF vectors, comparable across indexes), identical sentences shown once."""

    def __init__(self, indexes: Sequence[ExemplarIndex]):
        self.indexes = list(indexes)

    @property
    def sentences(self) -> list[_Sentence]:
        return [s for ix in self.indexes for s in ix.sentences]

    @property
    def failures(self) -> list[tuple[str, str]]:
        return [f for ix in self.indexes for f in ix.failures]

    def search(self, query: str, k: int = 5, *, exclude: str | None = None) -> list[Exemplar]:
        hits = [h for ix in self.indexes for h in ix.search(query, k, exclude=exclude)]
        hits.sort(key=lambda h: -h.score)
        out, seen = [], set()
        for h in hits:
            key = re.sub(r"\s", "", h.text)
            if key not in seen:
                seen.add(key)
                out.append(h)
        return out[:k]


def exemplar_set(folders: Iterable[str | Path] = (), *, reference: bool = True) -> ExemplarSet:
    """What ``shengao suggest`` and the drafting tab search: the shipped reference set plus each of ``folders``."""
    indexes = [reference_index()] if reference else []
    indexes += [index_for(f) for f in folders if str(f).strip()]
    return ExemplarSet(indexes)
