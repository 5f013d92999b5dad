"""Features of hollowness, per sentence, computed once over a whole document.

Why whole-document passes: the corpus is ~700k characters in ~20k sentences, and the budget is a few seconds, so
every scan (phrase automaton, fact regexes, rjieba's tags) runs once over the text and its hits are bucketed into
sentences by offset (``analyzer.kernels.hollowness``), instead of running per sentence.

The features are deliberately few and readable, because a writer is told the reasons behind each score:
concreteness (the facts of ``analyzer.text.facts``: numbers, dates, titles, named actors, decisive verbs of a
measure; plus names and uncommon nouns outside the phrase lexicon from rjieba's tags and jieba's IDF table),
stock-phrase coverage, intensifiers, vocabulary specificity, exhortation, four-character chains, slogans repeated
within the document, stock self-criticism. The sentence's words are kept for the word model (``model``)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import chain
from typing import TYPE_CHECKING

from analyzer.kernels import hollowness as K
from analyzer.kernels.hollowness_tags import context_free_tags, tag_in_context
from analyzer.kernels.regex_anchors import AnchoredPattern
from analyzer.kernels.regex_scan import compile_scanning
from analyzer.lexicon import Lexicon
from analyzer.kernels import jieba_tables
from analyzer.text import facts
from analyzer.text.matcher import PhraseMatcher
from analyzer.text.normalize import normalize, sentence_spans

if TYPE_CHECKING:
    import numpy as np

    from analyzer.kernels.word_ids import Vocabulary

Groups = K.Groups

FEATURE_NAMES = ("num", "date", "name", "actor", "stock", "intens", "idf", "exhort", "fourrun", "length",
                 "repeat", "selfcrit", "object", "measure")

# Groups whose characters count as formulaic ("share of characters inside formulaic phrases").
COVER_GROUPS = frozenset({"stock-phrase", "intensifier", "generic-verb", "exhortation", "self-criticism",
                          "abstract-object"})
QUOTE_RE = re.compile(r"[“\"「][^”\"」\n]{1,24}[”\"」]")      # a short quotation: its numbers are a slogan's
QUOTE_SCAN = AnchoredPattern(QUOTE_RE)      # over a whole document: from its opening quotes, found in one array pass
# A clause-initial 要 (要抓好、我们要、同志们要), not 要求/重要/需要: the 要 itself is the match.
YAO_RE = compile_scanning(r"(?=要)(?:(?<![\s\S])|(?<=[，,；;：:。！!\s、])|(?<=我们|大家|各级|全党)|(?<=同志们)|(?<=我))"
                    r"要(?![求素点害闻么是不然紧])")
NAME_TAGS = frozenset({"ns", "nt", "nr", "nrt", "nrfg"})
# Concrete objects: nouns that jieba's IDF table calls uncommon (省界、收费站、门票价格), outside the phrase lexicon.
OBJECT_TAGS = frozenset({"n", "nz", "vn", "j", "nt", "ns", "nr", "nrt", "nrfg", "l"})
OBJECT_IDF = 8.0
_TAG_CLASS = {t: (1 if t in NAME_TAGS else 0) | (2 if t in OBJECT_TAGS else 0) for t in NAME_TAGS | OBJECT_TAGS}


@dataclass
class SentenceFeatures:
    start: int
    end: int
    han: int                       # CJK characters in the sentence
    values: tuple[float, ...]      # in FEATURE_NAMES order
    numbers: list[str] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)
    intensifiers: list[str] = field(default_factory=list)
    stock_terms: list[str] = field(default_factory=list)
    four_run: list[str] = field(default_factory=list)
    yao: int = 0
    self_crit: list[str] = field(default_factory=list)
    repeated: list[tuple[str, int]] = field(default_factory=list)   # (clause, its occurrence number in the doc)
    stock_share: float = 0.0
    words: list[str] = field(default_factory=list)     # rjieba words (CJK, outside numbers), for the word model
    objects: list[str] = field(default_factory=list)   # specific content nouns outside the phrase lexicon
    measures: list[str] = field(default_factory=list)  # decisive verbs of a concrete measure (取消、建成、开通…)

    def value(self, name: str) -> float:
        return self.values[FEATURE_NAMES.index(name)]


def _matcher(lexicon: Lexicon) -> PhraseMatcher:
    def build(lex: Lexicon) -> PhraseMatcher:
        items = []
        for entry in lex.kind("phrases").values():
            for term in entry.terms:
                items.append((term, (entry.group, entry.weight)))
        return PhraseMatcher(items)
    return lexicon.compiled("hollowness.phrases", build)


# Phrase groups as bits, one int per phrase (kept with the lexicon: a phrase's groups never change).
_COVER, _NUMBERED, _GENERIC, _INTENS, _STOCK, _SELFC, _EXH = (1 << b for b in range(7))


def _pattern_bits(matcher: PhraseMatcher) -> tuple[list[str], "np.ndarray"]:
    """Each pattern's phrase and its groups as bits, by pattern number."""
    import numpy as np
    pats = matcher.patterns
    return [p for p, _ in pats], np.array([_phrase_bits(payloads) for _, payloads in pats], dtype=np.int64)


def _phrase_bits(payloads: tuple) -> int:
    g = frozenset(g for g, _ in payloads)
    return ((_COVER if g & COVER_GROUPS else 0) | (_NUMBERED if "numbered-formula" in g else 0)
            | (_GENERIC if "generic-name" in g else 0) | (_INTENS if "intensifier" in g else 0)
            | (_STOCK if "stock-phrase" in g else 0) | (_SELFC if "self-criticism" in g else 0)
            | (_EXH if "exhortation" in g else 0))


@dataclass
class DocFeatures:
    """Every sentence's features as columns (``X``: one row per sentence, in FEATURE_NAMES order) and the items
    behind them grouped by sentence. Scoring a document reads the columns; ``sentence(i)`` builds the readable
    record of one sentence for tools and tests."""
    text: str
    spans: list[tuple[int, int]]
    X: "np.ndarray"
    han: "np.ndarray"
    stock_share: "np.ndarray"
    yao: "np.ndarray"
    groups: dict[str, Groups]        # keyed by SentenceFeatures field names
    four_run: dict[int, list[str]]   # sentences with a chain of three or more
    vocab: "Vocabulary | None" = None     # the words' ids (of groups["words"].items) in this vocabulary
    word_ids: "np.ndarray | None" = None

    def __len__(self) -> int:
        return len(self.spans)

    def count(self, name: str) -> "np.ndarray":
        return self.groups[name].counts()

    def sentence(self, i: int) -> SentenceFeatures:
        g = {name: grp.of(i) for name, grp in self.groups.items()}
        s, e = self.spans[i]
        return SentenceFeatures(s, e, int(self.han[i]), tuple(self.X[i].tolist()), stock_share=float(self.stock_share[i]),
                                four_run=list(self.four_run.get(i, [])), yao=int(self.yao[i]), **g)


def extract(text: str, lexicon: Lexicon, spans: list[tuple[int, int]] | None = None) -> list[SentenceFeatures]:
    """Features of every sentence of ``text`` (``sentence_spans`` unless ``spans`` is given, sorted, disjoint)."""
    cols = extract_columns(text, lexicon, spans)
    return [cols.sentence(i) for i in range(len(cols))] if cols is not None else []


def extract_columns(text: str, lexicon: Lexicon, spans: list[tuple[int, int]] | None = None) -> DocFeatures | None:
    """``extract`` as columns (None when there is no sentence): every pass runs once over the whole text."""
    import numpy as np

    from analyzer.kernels.codepoints import code_points

    spans = sentence_spans(text) if spans is None else spans
    if not spans:
        return None
    k = len(spans)
    norm = normalize(text)
    st = np.array([s for s, _ in spans], dtype=np.int64)
    en = np.array([e for _, e in spans], dtype=np.int64)
    cp = code_points(text)
    han_bool = K.is_cjk(cp)
    han_cum = np.concatenate(([0], np.cumsum(han_bool, dtype=np.int64)))
    han = han_cum[en] - han_cum[st]

    def where(pos) -> np.ndarray:
        return K.sentence_index(st, en, pos)

    groups: dict[str, Groups] = {}
    ph = _phrase_pass(text, norm, lexicon, where, k)
    groups.update(intensifiers=ph.intensifiers, stock_terms=ph.stock_terms, self_crit=ph.self_crit)
    cover_n = K.covered_counts(ph.cover, han_cum, st, en)
    share = np.where(han > 0, cover_n / np.maximum(han, 1), 0.0)

    rx = _regex_pass(text, ph, where, k)
    tok = _token_pass(text, cp, han_bool, ph, st, en, k)
    names = K.group(np.concatenate([where(rx.title_pos), tok.name_sent]), rx.titles + tok.names, k)
    groups.update(numbers=rx.numbers, dates=rx.dates, names=names, actors=rx.actors, words=tok.words,
                  objects=tok.objects, measures=rx.measures)
    four_len, four_run, repeated = K.clause_pass(text, norm, st, en, k)
    groups["repeated"] = repeated

    count = {name: grp.counts() for name, grp in groups.items()}
    actor_n = count["actors"] + np.bincount(tok.name_sent, minlength=k)     # names but titles (《…》)
    num, date, name, actor, exh, han_log, repeated, self_crit, objects, measures = K.log1p_of(np.stack([
        count["numbers"], count["dates"], count["names"], actor_n, rx.yao + ph.exh, han, count["repeated"],
        count["self_crit"], count["objects"], count["measures"]]))
    X = np.column_stack([
        num, date, name, actor, share, count["intensifiers"] / np.maximum(han, 1) * 10.0, tok.mean_idf, exh,
        np.where(four_len >= 2, four_len, 0).astype(float), han_log, repeated, self_crit, objects, measures])
    return DocFeatures(text, list(spans), X, han, share, rx.yao, groups, four_run, tok.vocab, tok.word_ids)


@dataclass
class _Phrases:
    intensifiers: Groups
    stock_terms: Groups
    self_crit: Groups
    exh: "np.ndarray"           # exhortation phrases per sentence
    # spans (K.spans_union: sorted, disjoint) of the text
    cover: tuple                # formulaic phrases
    masked: tuple               # numbered formulas and short quotations: their numbers are no data
    generic: tuple              # generic names (各级党组织): no actor
    closed: tuple               # any of the three: a word inside has no tag that matters


def _phrase_pass(text: str, norm: str, lexicon: Lexicon, where, k: int) -> _Phrases:
    """The phrase lexicon, once over the text: coverage, intensifiers, self-criticism, masks."""
    import numpy as np
    matcher = _matcher(lexicon)
    phrases, bits_of = lexicon.compiled("hollowness.phrase-bits", lambda lex: _pattern_bits(_matcher(lex)))
    # the (pattern, start, end) tuples read as one run of ints: np.array would work out the shape and type of each
    # tuple (~2,000 instructions a hit, ~600 hits a document)
    hits = matcher.find_indexes(text, norm)
    found = np.fromiter(chain.from_iterable(hits), dtype=np.int64, count=3 * len(hits)).reshape(-1, 3)
    pattern, starts, ends = found[:, 0], found[:, 1], found[:, 2]
    bits = bits_of[pattern]
    sent = where(starts)

    def of(bit: int) -> Groups:
        sel = np.flatnonzero(bits & bit)
        return K.group(sent[sel], K.pick(phrases, pattern[sel]), k)

    def spans(bit: int, extra=((), ())) -> tuple:
        sel = (bits & bit) > 0
        return K.spans_union(np.concatenate([starts[sel], extra[0]]), np.concatenate([ends[sel], extra[1]]))

    quotes = [(m.start(), m.end()) for m in QUOTE_SCAN.finditer(text)]
    exh_sent = sent[((bits & _EXH) > 0) & (sent >= 0)]
    cover, generic = spans(_COVER), spans(_GENERIC)
    masked = spans(_NUMBERED, ([q[0] for q in quotes], [q[1] for q in quotes]))
    closed = K.spans_union(*(np.concatenate(side) for side in zip(cover, masked, generic)))
    return _Phrases(of(_INTENS), of(_STOCK), of(_SELFC), np.bincount(exh_sent, minlength=k),
                    cover, masked, generic, closed)


@dataclass
class _Regexes:
    numbers: Groups
    dates: Groups
    actors: Groups
    measures: Groups
    titles: list[str]
    title_pos: list[int]
    yao: "np.ndarray"


def _regex_pass(text: str, ph: _Phrases, where, k: int) -> _Regexes:
    """The facts (numbers, dates/deadlines/periods, titles, organisations, decisive verbs) and clause-initial 要,
    each pattern once over the text; facts starting inside a span masked by the phrase lexicon are dropped."""
    import numpy as np

    def kept(found, spans: tuple) -> Groups:
        found = list(found)
        pos = np.array([f.start for f in found], dtype=np.int64)
        return K.group(np.where(K.covered(spans, pos), -1, where(pos)), [f.text for f in found], k)  # -1: dropped

    titles = [(f.start, f.text) for f in facts.titles(text)]
    yao_sent = where([m.start() for m in YAO_RE.finditer(text)])
    return _Regexes(kept(facts.numbers(text), ph.masked), kept(facts.times(text), ph.masked),
                    kept(facts.actors(text), ph.generic), kept(facts.measures(text), ph.cover),
                    [g for _, g in titles], [p for p, _ in titles],
                    np.bincount(yao_sent[yao_sent >= 0], minlength=k))


@dataclass
class _Tokens:
    words: Groups
    vocab: "Vocabulary"
    word_ids: "np.ndarray"      # of words.items, in vocab
    objects: Groups
    names: list[str]
    name_sent: "np.ndarray"
    mean_idf: "np.ndarray"


def _word_facts(words: list[str]) -> "np.ndarray":
    """Each word's idf and tag class (bit 1 a name, bit 2 an object tag; -1 when its tag depends on the
    context), kept per word by the vocabulary: computed once per word a process meets."""
    import numpy as np
    idf, dict_tags = jieba_tables.entries(words)
    out = np.zeros(len(words), dtype=[("idf", np.float64), ("tag_class", np.int8)])
    out["idf"] = idf
    out["tag_class"] = [-1 if t is None else _TAG_CLASS.get(t, 0) for t in context_free_tags(words, dict_tags)]
    return out


def _token_pass(text: str, cp, han_at, ph: _Phrases, st, en, k: int) -> _Tokens:
    """rjieba's tags, once over the text (``cp``: its code points, ``han_at``: where they are CJK): the words,
    named entities and vocabulary specificity.

    A token belongs to the first sentence ending after its start, if that sentence has begun; only CJK-initial
    tokens count."""
    import numpy as np
    import rjieba

    from analyzer.kernels import word_ids
    from analyzer.kernels.codepoints import code_points
    tok_words = rjieba.cut(text)
    tok_len = K.lengths(tok_words)
    tok_pos = np.cumsum(tok_len) - tok_len
    tiled = int(tok_len.sum()) == len(text)   # the tokens tile the text (they always should): characters from it
    if tiled:
        cjk = han_at[tok_pos]
    else:
        cjk = K.is_cjk(code_points("".join([w[0] for w in tok_words])))
    tok_sent = K.rank_right(en, tok_pos, len(text))      # the first sentence ending after the token's start
    begun = st[np.minimum(tok_sent, k - 1)] <= tok_pos
    is_kept = (tok_sent < k) & begun & cjk
    kept_words = K.select(tok_words, is_kept)
    kept_sent, kept_pos, kept_len = tok_sent[is_kept], tok_pos[is_kept], tok_len[is_kept]
    words = Groups(kept_words, K.bounds_of(kept_sent, k))
    keys = word_ids.short_keys(cp, kept_pos, kept_len) if tiled else None     # ids without a dict probe
    vocab, ids = word_ids.look_up(kept_words, keys)
    facts = vocab.column("hollowness.word-facts", _word_facts)

    long_k = np.flatnonzero(kept_len >= 2)              # kept-word numbers of the words of 2+ characters
    long_ids = ids[long_k]
    long_sent, long_pos = kept_sent[long_k], kept_pos[long_k]
    long_idf = facts["idf"][long_ids]
    mean_idf = K.sentence_means(long_idf, long_sent, k, jieba_tables.word_table().median)
    # a tag matters only where no phrase masks the word (both uses below require it)
    is_open = ~K.covered_sorted(ph.closed, long_pos)
    tag_class = np.where(is_open, facts["tag_class"][long_ids], 0)
    for j in np.flatnonzero(tag_class < 0).tolist():       # the rare word whose tag depends on its context
        tag_class[j] = _TAG_CLASS.get(tag_in_context(text, int(long_pos[j]), kept_words[long_k[j]]), 0)
    name_sel = np.flatnonzero(tag_class & 1)
    object_sel = np.flatnonzero(((tag_class & 2) > 0) & (long_idf >= OBJECT_IDF))
    objects = Groups(K.pick(kept_words, long_k[object_sel]), K.bounds_of(long_sent[object_sel], k))
    return _Tokens(words, vocab, ids, objects, K.pick(kept_words, long_k[name_sel]), long_sent[name_sel], mean_idf)
