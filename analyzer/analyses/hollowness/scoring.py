"""Hollowness (空话套话): a score 0..1 per sentence (1 = hollow), a label, and the reasons a writer can act on.

The score is a small fitted model (``analyzer/data/hollowness_model.json``, written by
``tools/calibrate_hollowness.py`` from the labelled ``data/hollowness/devset.tsv``) over the readable features of
``hollow_features`` plus the score of a capped bag-of-words model (stacked); only numpy is needed at run time.
Reasons are not the model's coefficients but the facts behind them (no number, no actor, no deadline, no
specific object or measure; the intensifiers, stock phrases, four-character chains, 要-chains, repeated slogans
found; the sentence's words the word model weighs as hollow), so a writer knows what to add or cut.

Headings are scored and labelled by the same model (a heading made of stock phrases is hollow, one with a year
or a named object is not), but the document score counts body text only: headings are slogans by the genre's
convention and would otherwise dominate short documents."""
from __future__ import annotations

import re

import json
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from itertools import repeat
from typing import TYPE_CHECKING, Iterable, Literal

from analyzer.data import DATA_DIR
from analyzer.analyses.hollowness import features as hf
from analyzer.lexicon import Lexicon
from analyzer.model import Document, Hollowness, SentenceScore
from analyzer.options import Options
from analyzer.text.normalize import sentence_spans

if TYPE_CHECKING:
    import numpy as np

MODEL_PATH = DATA_DIR / "hollowness_model.json"
Label = Literal["hollow", "mixed", "concrete"]
LOW_IDF = 7.0          # mean IDF below this: only the commonest words (jieba's IDF table)


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

    def score_groups(self, words: hf.Groups, ids: "np.ndarray") -> "np.ndarray":
        """``score`` of every sentence's words at once (``ids``: ``self.ids(words.items)``), each known word once
        per sentence. The sums run in another order than ``score``'s set order (itself hash-seed dependent),
        which moves a score by float rounding (~1e-16) only."""
        import numpy as np
        index, wa, wb = self._table
        k = len(words.bounds) - 1
        sent = np.repeat(np.arange(k, dtype=np.int64), np.diff(np.asarray(words.bounds, dtype=np.int64)))
        known = ids >= 0
        pairs = np.sort(sent[known] * max(len(index), 1) + ids[known])    # np.unique, without its hash pass
        pairs = pairs[np.concatenate(([True], pairs[1:] != pairs[:-1]))] if len(pairs) else pairs
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
        _, wa, wb = self._table
        lean = (wa + wb) / 2.0
        k = len(words.bounds) - 1
        size = max(len(lean), 1)
        sent = np.repeat(np.arange(k, dtype=np.int64), np.diff(np.asarray(words.bounds, dtype=np.int64)))
        pick = (ids >= 0) & (lean[np.maximum(ids, 0)] >= floor)
        pairs = np.unique(sent[pick] * size + ids[pick])          # distinct (sentence, word)
        s, w = np.divmod(pairs, size)
        order = np.lexsort((-self._word_rank[w], -lean[w], s))   # by sentence, then lean and word descending
        s, w = s[order], w[order]
        starts = np.searchsorted(s, np.arange(k + 1))
        keep = np.flatnonzero(np.arange(len(s)) - starts[s] < n)
        vocab = self._vocab
        return hf.Groups([vocab[j] for j in w[keep].tolist()], np.searchsorted(s[keep], np.arange(k + 1)).tolist())

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


def _first(items: Iterable[str], n: int = 4) -> str:
    uniq = list(dict.fromkeys(items))
    return "、".join(uniq[:n]) + ("…" if len(uniq) > n else "")


# Words the word model leans on that a writer cannot act on (pronouns, the country, the people): not named.
_UNACTIONABLE = frozenset({"我们", "我国", "中国", "人民", "同志", "大家", "他们", "自己", "一个", "这个", "这些"})


_MISSING = ("无数据", "无责任主体", "无时限")
LEAN_FLOOR = 0.08


def reasons_all(cols: hf.DocFeatures, labels: list[str], *, self_review: bool = False,
                model: HollowModel | None = None, word_ids: "np.ndarray | None" = None) -> list[list[str]]:
    """Why each sentence is hollow or mixed, in words a writer can act on (nothing for concrete sentences).

    The conditions are read from the document's columns at once; the lists behind a reason (the intensifiers,
    the repeated clause…) are read only for the sentences that give it."""
    import numpy as np
    g = cols.groups
    c = {name: grp.counts() for name, grp in g.items()}
    col = {name: cols.X[:, j] for j, name in enumerate(hf.FEATURE_NAMES)}
    nums, dates, actors = c["numbers"] > 0, c["dates"] > 0, c["actors"] > 0
    missing = (~nums * 1 | (col["actor"] <= 0) * 2 | ~dates * 4).tolist()      # actor: actors or named entities
    missing_text = ["、".join(m for b, m in enumerate(_MISSING) if code >> b & 1) for code in range(8)]
    long_enough = cols.han >= 8
    yao3 = cols.yao >= 3
    intens = (c["intensifiers"] >= 2).tolist()
    stock = ((cols.stock_share >= 0.35) & (c["stock_terms"] > 0)).tolist()
    repeated = (c["repeated"] > 0).tolist()
    selfc = ((c["self_crit"] > 0) & ~(nums | dates | actors)).tolist()
    no_measure = (~((c["objects"] > 0) | (c["measures"] > 0) | nums | yao3) & long_enough).tolist()
    low_idf = ((col["idf"] < LOW_IDF) & long_enough).tolist()
    yao, share = cols.yao.tolist(), cols.stock_share.tolist()
    words = model.words if model is not None else None
    if words is not None:
        if word_ids is None:        # the words' rows in the word model, when the caller has not looked them up
            word_ids = words.ids(g["words"].items)
        top = words.top_leaning(g["words"], word_ids, 8, LEAN_FLOOR)
    out: list[list[str]] = []
    for i, label in enumerate(labels):
        r: list[str] = []
        out.append(r)
        if label == "concrete":
            continue
        if missing[i]:
            r.append(missing_text[missing[i]])
        if intens[i]:
            r.append(f"强化词堆叠：{_first(g['intensifiers'].of(i))}")
        if stock[i]:
            r.append(f"套话占比{round(share[i] * 100)}%：{_first(g['stock_terms'].of(i))}")
        if i in cols.four_run:
            run = cols.four_run[i]
            r.append(f"四字格连用{len(run)}组：{_first(run, 3)}")
        if yao[i] >= 3:
            r.append(f"“要……要……要……”连用{yao[i]}次，缺少具体对象和措施")
        if repeated[i]:
            for clause, nth in g["repeated"].of(i)[:2]:
                r.append(f"口号重复：“{clause}”（全文第{nth}次）")
        if selfc[i]:
            hint = "，未举具体事例（时间、事项、后果）" if self_review else "，未举具体事例"
            r.append(f"检视问题停留在套话：“{_first(g['self_crit'].of(i), 2)}”{hint}")
        if no_measure[i]:
            r.append("缺少具体对象或措施（如“取消/建成/开通”某一具体事项）")
        if low_idf[i]:
            r.append("用词泛化，缺少具体名词")
        if words is not None and top.bounds[i + 1] > top.bounds[i]:
            lean = [w for w in top.of(i) if len(w) >= 2 and w not in _UNACTIONABLE]
            if lean:
                r.append(f"多见于空泛句的用词：{_first(lean, 3)}")
    return out


def score_sentences(text: str, lexicon: Lexicon, *, spans: list[tuple[int, int]] | None = None,
                    profile: str = "general", model: HollowModel | None = None) -> list[SentenceScore]:
    """Every sentence of ``text`` (``sentence_spans``), in order, with its score, label and reasons."""
    import numpy as np
    model = model or load_model()
    cols = hf.extract_columns(text, lexicon, spans)
    if cols is None:
        return []
    X = cols.X
    word_ids = None
    if model.words is not None:
        words = cols.groups["words"]
        word_ids = model.words.ids(words.items)
        X = np.column_stack([X, model.words.score_groups(words, word_ids)])
    scores = model.score_matrix(X)
    self_review = profile == "self-review"
    if self_review:
        # Document-type rule on top of the model: in 对照检查材料 a stock deficit with no example is hollow.
        g = cols.groups
        bare = (g["self_crit"].counts() > 0) & ~((g["numbers"].counts() > 0) | (g["dates"].counts() > 0)
                                                  | (g["actors"].counts() > 0))
        scores = np.where(bare & (scores < model.hollow_from), model.hollow_from, scores)
    codes = model.labels_of(scores).tolist()
    labels: list[Label] = [("concrete", "mixed", "hollow")[c] for c in codes]
    reasons = reasons_all(cols, labels, self_review=self_review, model=model, word_ids=word_ids)
    return [SentenceScore(s, e, text[s:e], sc, label, r)
            for (s, e), sc, label, r in zip(cols.spans, scores.tolist(), labels, reasons)]


def _body_mask(doc: Document, sentences: list[SentenceScore],
               exclude: list[tuple[int, int]] = ()) -> list[bool]:
    """True for sentences outside headings and ``exclude`` spans (document score counts body text only)."""
    heads = sorted([(p.start, p.end) for p in doc.paragraphs if p.kind == "heading"] + list(exclude))
    out = []
    j = 0
    for s in sentences:
        while j < len(heads) and heads[j][1] <= s.start:
            j += 1
        out.append(not (j < len(heads) and heads[j][0] <= s.start < heads[j][1]))
    return out


def document_score(doc: Document, sentences: list[SentenceScore], exclude: list[tuple[int, int]] = ()) -> float:
    """Share of body characters inside hollow sentences, 0..100 (headings and framing lines left out)."""
    body = _body_mask(doc, sentences, exclude)
    total = sum(s.end - s.start for s, b in zip(sentences, body) if b)
    hollow = sum(s.end - s.start for s, b in zip(sentences, body) if b and s.label == "hollow")
    return 100.0 * hollow / total if total else 0.0


@dataclass(frozen=True)
class ParagraphScore:
    start: int
    end: int
    kind: str
    sentences: int
    score: float           # character-weighted mean of its sentences' scores, 0..1
    hollow_share: float    # share of its characters inside hollow sentences, 0..1
    label: Label

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "kind": self.kind, "sentences": self.sentences,
                "score": round(self.score, 4), "hollow_share": round(self.hollow_share, 4), "label": self.label}


def paragraph_scores(doc: Document, hollowness: Hollowness, model: HollowModel | None = None) -> list[ParagraphScore]:
    """Per-paragraph aggregates of a Hollowness result (for the review page's paragraph view)."""
    model = model or load_model()
    sents = hollowness.sentences
    out = []
    j = 0
    for p in doc.paragraphs:
        while j < len(sents) and sents[j].end <= p.start:
            j += 1
        k = j
        weight = score = hollow = 0.0
        while k < len(sents) and sents[k].start < p.end:
            w = sents[k].end - sents[k].start
            weight += w
            score += w * sents[k].score
            hollow += w if sents[k].label == "hollow" else 0.0
            k += 1
        if weight:
            mean = score / weight
            out.append(ParagraphScore(p.start, p.end, p.kind, k - j, mean, hollow / weight, model.label(mean)))
        j = k
    return out


_DATE_LINE = re.compile(r"[（(]?\s*(?:\d{4}|[〇○零一二三四五六七八九]{4})\s*年[^。！？，,]{1,12}日\s*[）)]?")
_SALUTATION = re.compile(r"[^。！？，,]{1,16}[：:]")


def meta_paragraphs(doc: Document) -> list[tuple[int, int]]:
    """Paragraphs that frame a document rather than say something: the title, a date line, a salutation
    (同志们：), a byline (a short unpunctuated line among the first four), a signature (one among the last three). Scoring them as prose would tell a
    writer that "2024年1月15日" lacks an actor, or that a signature repeats a slogan."""
    out = []
    paras = doc.paragraphs
    for i, p in enumerate(paras):
        line = doc.text[p.start:p.end].strip()
        if p.kind == "table" or not line:
            continue
        is_title = i < 3 and doc.title is not None and line == doc.title.strip()
        is_date = _DATE_LINE.fullmatch(line) is not None
        is_salutation = _SALUTATION.fullmatch(line) is not None
        unpunctuated = p.kind != "heading" and not re.search(r"[。！？!?，,；;：:]", line)
        is_byline = i < 4 and unpunctuated and len(line) <= 40          # subtitle, speaker, unit
        is_signature = i >= len(paras) - 3 and unpunctuated and len(line) <= 30
        if is_title or is_date or is_salutation or is_byline or is_signature:
            out.append((p.start, p.end))
    return out


def run(doc: Document, lexicon: Lexicon, options: Options) -> Hollowness:
    sentences = score_sentences(doc.text, lexicon, spans=sentence_spans(doc.text), profile=options.profile)
    meta = meta_paragraphs(doc)
    if meta:
        j = 0
        for i, sent in enumerate(sentences):
            while j < len(meta) and meta[j][1] <= sent.start:
                j += 1
            if j < len(meta) and meta[j][0] <= sent.start < meta[j][1]:
                sentences[i] = SentenceScore(sent.start, sent.end, sent.text, 0.0, "concrete", [])
    return Hollowness(score=document_score(doc, sentences, exclude=meta), sentences=sentences)


# --- metrics shared by the calibration tool and its test (numpy only) -----------------------------------------

def _ranks(x: np.ndarray) -> np.ndarray:
    import numpy as np
    order = np.argsort(x, kind="mergesort")
    ranks = np.empty(len(x))
    xs = x[order]
    i = 0
    while i < len(x):
        j = i
        while j + 1 < len(x) and xs[j + 1] == xs[i]:
            j += 1
        ranks[order[i:j + 1]] = (i + j) / 2.0 + 1.0
        i = j + 1
    return ranks


def auc(scores: np.ndarray, positive: np.ndarray) -> float:
    """ROC AUC (Mann-Whitney, ties count half)."""
    import numpy as np
    scores, positive = np.asarray(scores, dtype=float), np.asarray(positive, dtype=bool)
    n_pos, n_neg = int(positive.sum()), int((~positive).sum())
    if not n_pos or not n_neg:
        return float("nan")
    r = _ranks(scores)
    return float((r[positive].sum() - n_pos * (n_pos + 1) / 2.0) / (n_pos * n_neg))


def spearman(a: np.ndarray, b: np.ndarray) -> float:
    import numpy as np
    ra, rb = _ranks(np.asarray(a, dtype=float)), _ranks(np.asarray(b, dtype=float))
    if ra.std() == 0 or rb.std() == 0:
        return 0.0
    return float(np.corrcoef(ra, rb)[0, 1])
