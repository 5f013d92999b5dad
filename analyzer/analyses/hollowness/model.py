"""The hollowness score model: a capped bag-of-words model stacked under two ordinal logistic regressions over
the readable features, read from ``analyzer/data/hollowness_model.json`` (written by
``tools/calibrate_hollowness.py``); only numpy is needed at run time."""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import repeat
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Literal

from analyzer.analyses.hollowness import features as hf
from analyzer.data import DATA_DIR
from analyzer.kernels.hollowness import bounds_of, distinct

if TYPE_CHECKING:
    import numpy as np

    from analyzer.kernels.word_ids import Vocabulary

MODEL_PATH = DATA_DIR / "hollowness_model.json"
Label = Literal["hollow", "mixed", "concrete"]


WORD_FEATURE = "words"      # the word model's output, the last input of the score model


@dataclass(frozen=True)
class WordModel:
    """Bag of words (rjieba words present in the sentence) -> two linear scores, "at least mixed" and "hollow".

    Fitted on the training part of the devset; its vocabulary is capped and stored as plain JSON. It learns what
    the hand features cannot name: which policy nouns make a measure specific (收费站、门票价格) and which words
    this genre uses without content (站位、氛围、新台阶)."""
    weights: dict[str, tuple[float, float]]
    intercepts: tuple[float, float]

    @classmethod
    def from_dict(cls, d: dict) -> "WordModel":
        return cls({w: (float(a), float(b)) for w, (a, b) in d["weights"].items()},
                   (float(d["intercepts"][0]), float(d["intercepts"][1])))

    def score(self, words: Iterable[str]) -> float:
        a, b = self.intercepts
        for ab in filter(None, map(self.weights.get, set(words))):     # the words it knows, in set order
            a += ab[0]
            b += ab[1]
        return (a + b) / 2.0

    @cached_property
    def _table(self) -> tuple[dict[str, int], "np.ndarray", "np.ndarray"]:
        """Word -> row, and the rows' two weights, for scoring a whole document at once."""
        import numpy as np
        index = {w: j for j, w in enumerate(self.weights)}
        ab = np.array(list(self.weights.values()), dtype=float).reshape(-1, 2)
        return index, ab[:, 0].copy(), ab[:, 1].copy()

    def ids(self, words: list[str]) -> "np.ndarray":
        """Each word's row in the model, -1 for words it does not know."""
        import numpy as np
        index = self._table[0]
        return np.fromiter(map(index.get, words, repeat(-1)), dtype=np.int64, count=len(words))

    @cached_property
    def _column_key(self) -> object:
        """This model's key for its column of rows in a vocabulary (the model itself is not hashable)."""
        return object()

    def rows(self, vocab: "Vocabulary", word_ids: "np.ndarray") -> "np.ndarray":
        """``ids`` of the words numbered ``word_ids`` in ``vocab`` (``kernels.word_ids``): each word's row is
        looked up once per vocabulary, not once per token."""
        import numpy as np
        index = self._table[0]
        column = vocab.column(self._column_key, lambda words: np.fromiter(map(index.get, words, repeat(-1)),
                                                                         dtype=np.int64, count=len(words)))
        return column[word_ids]

    def score_groups(self, words: hf.Groups, ids: "np.ndarray") -> "np.ndarray":
        """``score`` of every sentence's words at once (``ids``: ``self.ids(words.items)``), each known word once
        per sentence. The sums run in another order than ``score``'s set order (itself hash-seed dependent),
        which moves a score by float rounding (~1e-16) only."""
        import numpy as np
        index, wa, wb = self._table
        k = len(words.bounds) - 1
        sent = np.repeat(np.arange(k, dtype=np.int64), np.diff(words.bounds))
        known = ids >= 0
        pairs = distinct(sent[known] * max(len(index), 1) + ids[known])
        s, w = np.divmod(pairs, max(len(index), 1))
        a = self.intercepts[0] + np.bincount(s, weights=wa[w], minlength=k)
        b = self.intercepts[1] + np.bincount(s, weights=wb[w], minlength=k)
        return (a + b) / 2.0

    @cached_property
    def _vocab(self) -> list[str]:
        return list(self.weights)

    @cached_property
    def _word_rank(self) -> "np.ndarray":
        """Each row's rank among the model's words in string order (to break ties as ``sorted`` does)."""
        import numpy as np
        words = list(self.weights)
        rank = np.empty(len(words), dtype=np.int64)
        rank[sorted(range(len(words)), key=words.__getitem__)] = np.arange(len(words))
        return rank

    def top_leaning(self, words: hf.Groups, ids: "np.ndarray", n: int, floor: float) -> hf.Groups:
        """``leaning(words.of(i), n=n, floor=floor)`` of every sentence i at once (``ids``:
        ``self.ids(words.items)``): its distinct known words pulling towards hollow by at least ``floor``, the
        strongest first, ties by the word in reverse string order, at most ``n``."""
        import numpy as np
        lean, order, place = self._by_lean
        k = len(words.bounds) - 1
        size = max(len(lean), 1)
        sent = np.repeat(np.arange(k, dtype=np.int64), np.diff(words.bounds))
        pick = (ids >= 0) & (lean[np.maximum(ids, 0)] >= floor)
        # distinct (sentence, word) pairs, sorted by sentence and then by the word's place: strongest first
        s, p = np.divmod(distinct(sent[pick] * size + place[ids[pick]]), size)
        w = order[p]
        starts = np.searchsorted(s, np.arange(k + 1))
        keep = np.flatnonzero(np.arange(len(s)) - starts[s] < n)
        vocab = self._vocab
        return hf.Groups([vocab[j] for j in w[keep].tolist()], bounds_of(s[keep], k))

    @cached_property
    def _by_lean(self) -> tuple["np.ndarray", "np.ndarray", "np.ndarray"]:
        """Each row's pull towards hollow, the rows in ``top_leaning``'s order (pull, then word in reverse string
        order, both descending) and each row's place in it: made once per model, so a document's words are
        ordered by one integer key instead of a three-key sort."""
        import numpy as np
        _, wa, wb = self._table
        lean = (wa + wb) / 2.0
        order = np.lexsort((-self._word_rank, -lean))
        place = np.empty(len(order), dtype=np.int64)
        place[order] = np.arange(len(order))
        return lean, order, place

    @cached_property
    def _lean(self) -> dict[str, float]:
        """Each word's pull towards hollow, computed once instead of per sentence."""
        return {w: sum(ab) / 2.0 for w, ab in self.weights.items()}

    def leaning(self, words: Iterable[str], hollow: bool = True, n: int = 4, floor: float = 0.25) -> list[str]:
        """The sentence's words that pushed its score most towards hollow (or towards concrete)."""
        lean = self._lean
        if hollow:
            scored = [(v, w) for w in set(words) if (v := lean.get(w)) is not None and v >= floor]
        else:
            scored = [(v, w) for w in set(words) if (u := lean.get(w)) is not None and (v := -1.0 * u) >= floor]
        return [w for _, w in sorted(scored, reverse=True)[:n]]


@dataclass(frozen=True)
class HollowModel:
    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coefs: tuple[np.ndarray, np.ndarray]        # "at least mixed", "hollow"
    intercepts: tuple[float, float]
    concrete_below: float = 0.35
    hollow_from: float = 0.65
    words: WordModel | None = None

    @classmethod
    def from_dict(cls, d: dict) -> "HollowModel":
        import numpy as np
        feats = tuple(d["features"])
        words = WordModel.from_dict(d["word_model"]) if "word_model" in d else None
        expected = hf.FEATURE_NAMES + ((WORD_FEATURE,) if words else ())
        if feats != expected:
            raise ValueError("hollowness_model.json 的特征与 hollow_features.FEATURE_NAMES 不一致：请重新运行 "
                             "tools/calibrate_hollowness.py")
        m = d["models"]
        th = d.get("thresholds", {})
        return cls(feats, np.array(d["mean"]), np.array(d["scale"]),
                   (np.array(m["ge_mixed"]["coef"]), np.array(m["ge_hollow"]["coef"])),
                   (float(m["ge_mixed"]["intercept"]), float(m["ge_hollow"]["intercept"])),
                   float(th.get("concrete_below", 0.35)), float(th.get("hollow_from", 0.65)), words)

    def matrix(self, feats: list[hf.SentenceFeatures]) -> np.ndarray:
        """The score model's inputs: the hand features, then the word model's score."""
        import numpy as np
        X = np.array([f.values for f in feats], dtype=float).reshape(len(feats), len(hf.FEATURE_NAMES))
        if self.words is None:
            return X
        return np.column_stack([X, [self.words.score(f.words) for f in feats]])

    def score_matrix(self, X: np.ndarray) -> np.ndarray:
        import numpy as np
        if len(X) == 0:
            return np.zeros(0)
        Z = (np.asarray(X, dtype=float) - self.mean) / self.scale
        p1 = 1.0 / (1.0 + np.exp(-(Z @ self.coefs[0] + self.intercepts[0])))
        p2 = 1.0 / (1.0 + np.exp(-(Z @ self.coefs[1] + self.intercepts[1])))
        return (p1 + p2) / 2.0

    def labels_of(self, scores: np.ndarray) -> np.ndarray:
        """0 concrete, 1 mixed, 2 hollow."""
        import numpy as np
        return np.where(scores >= self.hollow_from, 2, np.where(scores < self.concrete_below, 0, 1))

    def label(self, score: float) -> Label:
        return "hollow" if score >= self.hollow_from else "concrete" if score < self.concrete_below else "mixed"


@lru_cache(maxsize=4)
def load_model(path: str | None = None) -> HollowModel:
    p = Path(path) if path else MODEL_PATH
    if not p.is_file():
        raise FileNotFoundError(f"找不到空话评分模型 {p}（安装不完整，或需运行 tools/calibrate_hollowness.py）")
    return HollowModel.from_dict(json.loads(p.read_text("utf-8")))
