"""Features of hollowness, per sentence, computed once over a whole document.

Why whole-document passes: the corpus is ~700k characters in ~20k sentences, and the budget is a few seconds, so
every scan (phrase automaton, number regexes, rjieba's tagger) runs once over the text and its hits are bucketed
into sentences by offset, instead of running per sentence. rjieba's ``tag`` gives jieba's dictionary and POS
tags at a fraction of ``jieba.posseg``'s cost; jieba's bundled IDF table (read directly, no jieba import of the
analyse package) measures how specific the vocabulary is.

The features are deliberately few and readable, because a writer is told the reasons behind each score:
concreteness (numbers, dates, names, a specific actor, uncommon nouns outside the phrase lexicon, decisive verbs
of a measure), stock-phrase coverage, intensifiers, vocabulary specificity, exhortation, four-character chains,
slogans repeated within the document, stock self-criticism. The sentence's words are kept for the word model
that ``hollowness`` stacks on top."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache, reduce
from operator import add, itemgetter
from pathlib import Path

from analyzer.text import jieba_tables
from analyzer.lexicon import Lexicon
from analyzer.text.matcher import PhraseMatcher
from analyzer.text.normalize import normalize, sentence_spans

FEATURE_NAMES = ("num", "date", "name", "actor", "stock", "intens", "idf", "exhort", "fourrun", "length",
                 "repeat", "selfcrit", "object", "measure")

# Groups whose characters count as formulaic ("share of characters inside formulaic phrases").
COVER_GROUPS = frozenset({"stock-phrase", "intensifier", "generic-verb", "exhortation", "self-criticism",
                          "abstract-object"})

_CN_DIGIT = "零〇一二两三四五六七八九十"
_MEASURE = ("分之[一二三四五六七八九十]+|个|次|项|件|名|户|元|万元|亿元|张|篇|期|套|批|轮|天|日|年|月|号|位|座|所|家|"
            "条|场|公里|米|吨|亩|台|辆|份|人|支|倍|成|周|小时|分钟|届|类|种|间|本|册|处|点|块|栋")
NUM_RE = re.compile(r"\d+(?:[.,，]\d{3})*(?:\.\d+)?\s*(?:%|％|‰)?")
CN_NUM_RE = re.compile(rf"[{_CN_DIGIT}百千万亿]*[{_CN_DIGIT}][{_CN_DIGIT}百千万亿]*(?:{_MEASURE})")
DATE_RE = re.compile(      # the lookahead (every branch's first character) only lets the engine skip ahead
    r"(?=[\d〇零一二三四五六七八九十年月每上下今明去当])(?:"
    r"(?:\d{4}|[〇零一二三四五六七八九]{4})年(?:\d{1,2}月(?:\d{1,2}日)?)?"
    r"|\d{1,2}月(?:\d{1,2}日)?(?:底前|底|前|中旬|上旬|下旬)?"
    r"|[一二三四五六七八九十]{1,3}月(?:[一二三四五六七八九十]{1,3}日)?(?:底前|底|前)?"
    r"|年底前|年内|月底前|每季度|每半年|每月|每周|每年|上半年|下半年|今年|明年|去年|当年)")
TITLE_RE = re.compile(r"《[^》\n]{2,40}》")
QUOTE_RE = re.compile(r"[“\"「][^”\"」\n]{1,24}[”\"」]")
_ORG_SUFFIX = ("党支部|党总支|党委|党组|工委|纪委监委|委员会|办公室|中心|局|处|科|"
               "公司|集团|医院|学校|街道|社区|村委会|村|镇|乡|县|旗")
ORG_RE = re.compile(rf"[\u4e00-\u9fff]{{2,8}}?(?:{_ORG_SUFFIX})")
# Every position where an ORG_RE suffix starts, with the alternative ORG_RE would take there (the first listed);
# the leading class (the suffixes' first characters) lets the engine skip ahead. See ``org_matches``.
_ORG_AT = re.compile(rf"(?=[{''.join(dict.fromkeys(a[0] for a in _ORG_SUFFIX.split('|')))}])(?=({_ORG_SUFFIX}))")
_ORG_STOP = ("各", "全", "本", "该", "有的", "基层", "广大", "上级", "下级", "机关", "部分", "一些", "相关", "所在",
             "联系", "我", "贫困", "农村", "城乡", "非贫困", "中央和国家", "地方")
YAO_RE = re.compile(r"(?:^|[，,；;：:。！!\s、]|我们|大家|各级|全党|同志们|我)要(?![求素点害闻么是不然紧])")
SEG_RE = re.compile(r"[^,、;:。!?…—()\n\t]+")     # clauses of the normalised text
_VAGUE_ONE = re.compile(r"[一几半](?!分之)")     # 一个国家、一项任务、几年: an article, not a quantity
NAME_TAGS = frozenset({"ns", "nt", "nr", "nrt", "nrfg"})
_ORG_BREAK = re.compile(r".*[的了个名余报到在把对和与及等将是为从由被向给抽查新建选织展开深入各全本该现让以按要点]")
# Concrete objects: nouns that jieba's IDF table calls uncommon (省界、收费站、门票价格), outside the phrase lexicon.
OBJECT_TAGS = frozenset({"n", "nz", "vn", "j", "nt", "ns", "nr", "nrt", "nrfg", "l"})
OBJECT_IDF = 8.0
_TAG_CLASS = {t: (1 if t in NAME_TAGS else 0) | (2 if t in OBJECT_TAGS else 0) for t in NAME_TAGS | OBJECT_TAGS}
# Decisive verbs of a measure someone can verify (取消所有省界高速公路收费站、启动第三次全国土壤普查).
MEASURE_RE = re.compile(r"取消|设立|建成|出台|开通|启动|新建|关停|免除|清偿|下放|撤销|合并|开工|竣工|投运|投入使用|"
                        r"印发|颁布|制定|修订|举办|召开|成立|组建|签订|挂牌|淘汰|整合|限期|降低|减免|扩大.{0,6}范围|"
                        r"纳入|列入|改造|搬迁|迁建|通过.{0,4}验收|上调|下调|免费|补贴|试点")


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


def han_run_starts(text: str) -> list[int]:
    """For every position, where the run of CJK characters holding it begins (position + 1 if not CJK)."""
    import numpy as np
    cp = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    return _run_starts((cp >= 0x4E00) & (cp <= 0x9FFF))


def _run_starts(han_bool) -> list[int]:
    import numpy as np
    return (np.maximum.accumulate(np.where(han_bool, -1, np.arange(len(han_bool)))) + 1).tolist()


def org_matches(text: str, han_run_start: list[int] | None = None) -> list[tuple[int, str]]:
    """The matches of ``ORG_RE.finditer(text)`` as (start, text), found from the suffixes instead of trying 2..8
    characters before every position (ORG_RE alone costs more than the rest of the regexes together).

    ORG_RE's leftmost match at or after ``pos``: for the nearest suffix position q whose candidate start
    lo = max(pos, q - 8, start of the CJK run holding q - 1) is at most q - 2, the match is text[lo:q] plus the
    first listed suffix at q (a nearer q would give a nearer start; the lazy quantifier takes the nearest q for
    that start). ``han_run_start[x]`` is where the CJK run containing x begins (x + 1 if x is not CJK)."""
    if han_run_start is None:
        han_run_start = han_run_starts(text)
    out: list[tuple[int, str]] = []
    pos = 0
    for m in _ORG_AT.finditer(text):
        q = m.start()
        if q - 2 < pos:
            continue
        lo = max(pos, q - 8, han_run_start[q - 1])
        if lo > q - 2:
            continue
        end = q + len(m.group(1))
        out.append((lo, text[lo:end]))
        pos = end
    return out


def _pick(seq, index) -> list:
    """``[seq[j] for j in index]`` at C speed (``index`` a numpy integer array)."""
    if len(index) == 0:
        return []
    if len(index) == 1:
        return [seq[int(index[0])]]
    return list(itemgetter(*index.tolist())(seq))


def _spans_bounds(sorted_index, k: int) -> list[int]:
    """For items sorted by sentence index, the boundaries of each sentence's items (k + 1 positions)."""
    import numpy as np
    return np.searchsorted(sorted_index, np.arange(k + 1)).tolist()


@dataclass
class Groups:
    """Items found in a document, grouped by sentence: sentence i's are ``items[bounds[i]:bounds[i + 1]]``, in the
    order they were found. One flat list per kind instead of one list per sentence and kind (~20k sentences)."""
    items: list
    bounds: list[int]

    def of(self, i: int) -> list:
        return self.items[self.bounds[i]:self.bounds[i + 1]]

    def counts(self) -> "np.ndarray":
        import numpy as np
        return np.diff(np.asarray(self.bounds, dtype=np.int64))


def _group(sent, items: list, k: int) -> Groups:
    """``items`` (in the order found) with their sentence index (-1: outside every sentence), grouped."""
    import numpy as np
    sent = np.asarray(sent, dtype=np.int64).reshape(-1)
    keep = np.flatnonzero(sent >= 0)
    order = keep[np.argsort(sent[keep], kind="stable")]
    return Groups(_pick(items, order), _spans_bounds(sent[order], k))


def _sentence_index(starts, ends, pos) -> "np.ndarray":
    """The sentence holding each position, -1 for positions between sentences."""
    import numpy as np
    pos = np.asarray(pos, dtype=np.int64).reshape(-1)
    i = np.searchsorted(starts, pos, side="right") - 1
    return np.where((i >= 0) & (pos < ends[np.maximum(i, 0)]), i, -1)


def _inside(starts: list[int], ends: list[int], n: int) -> "np.ndarray":
    """True at every position covered by at least one [start, end)."""
    import numpy as np
    depth = np.bincount(np.asarray(starts, dtype=np.intp), minlength=n + 1)[:n + 1] \
        - np.bincount(np.asarray(ends, dtype=np.intp), minlength=n + 1)[:n + 1]
    return np.cumsum(depth[:n]) > 0


def _log1p_of(counts) -> "np.ndarray":
    """``math.log1p`` of non-negative integer counts, exactly as the per-sentence formula gave them."""
    import numpy as np
    counts = np.asarray(counts, dtype=np.int64)
    top = int(counts.max()) if len(counts) else 0
    return np.array([math.log1p(c) for c in range(top + 1)])[counts]


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


_YAO_AT = re.compile(r"要(?![求素点害闻么是不然紧])")
_YAO_AFTER = frozenset("，,；;：:。！!、")
_YAO_WORDS = ("我们", "大家", "各级", "全党", "同志们", "我")


def yao_positions(text: str) -> list[int]:
    """Where the 要 of ``YAO_RE.finditer(text)`` stand, found from the 要 themselves: trying YAO_RE's prefix
    alternatives at every position costs more than all other regexes but ORG_RE. The prefixes hold no 要, so
    two matches never overlap and each qualifying 要 is one match."""
    out = []
    for m in _YAO_AT.finditer(text):
        j = m.start()
        if j == 0 or text[j - 1] in _YAO_AFTER or text[j - 1].isspace() or text.endswith(_YAO_WORDS, 0, j):
            out.append(j)
    return out


@lru_cache(maxsize=1)
def _space_codes() -> "np.ndarray":
    """The code points ``str.strip()`` removes (all below U+3001)."""
    import numpy as np
    return np.array([c for c in range(0x3001) if chr(c).isspace()], dtype=np.uint32)


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

    spans = sentence_spans(text) if spans is None else spans
    if not spans:
        return None
    n, k = len(text), len(spans)
    norm = normalize(text)
    st = np.array([s for s, _ in spans], dtype=np.int64)
    en = np.array([e for _, e in spans], dtype=np.int64)
    cp = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    han_bool = (cp >= 0x4E00) & (cp <= 0x9FFF)
    han_cum = np.concatenate(([0], np.cumsum(han_bool, dtype=np.int64)))
    han = han_cum[en] - han_cum[st]

    def where(pos) -> np.ndarray:
        return _sentence_index(st, en, pos)

    groups: dict[str, Groups] = {}
    ph = _phrase_pass(text, norm, lexicon, where, k, n)
    groups.update(intensifiers=ph.intensifiers, stock_terms=ph.stock_terms, self_crit=ph.self_crit)
    cover_n = np.concatenate(([0], np.cumsum(ph.cover_at & han_bool, dtype=np.int64)))
    cover_n = cover_n[en] - cover_n[st]
    share = np.where(han > 0, cover_n / np.maximum(han, 1), 0.0)

    rx = _regex_pass(text, cp, ph, han_bool, where, k)
    tok = _token_pass(text, cp, ph, st, en, k)
    names = _group(np.concatenate([where(rx.title_pos), tok.name_sent]), rx.titles + tok.names, k)
    groups.update(numbers=rx.numbers, dates=rx.dates, names=names, actors=rx.actors, words=tok.words,
                  objects=tok.objects, measures=rx.measures)
    four_len, four_run, repeated = _clause_pass(text, norm, st, en, k)
    groups["repeated"] = repeated

    count = {name: grp.counts() for name, grp in groups.items()}
    actor_n = count["actors"] + np.bincount(tok.name_sent, minlength=k)     # names but titles (《…》)
    X = np.column_stack([
        _log1p_of(count["numbers"]), _log1p_of(count["dates"]), _log1p_of(count["names"]), _log1p_of(actor_n),
        share, count["intensifiers"] / np.maximum(han, 1) * 10.0, tok.mean_idf, _log1p_of(rx.yao + ph.exh),
        np.where(four_len >= 2, four_len, 0).astype(float), _log1p_of(han), _log1p_of(count["repeated"]),
        _log1p_of(count["self_crit"]), _log1p_of(count["objects"]), _log1p_of(count["measures"])])
    return DocFeatures(text, list(spans), X, han, share, rx.yao, groups, four_run)


@dataclass
class _Phrases:
    intensifiers: Groups
    stock_terms: Groups
    self_crit: Groups
    exh: "np.ndarray"           # exhortation phrases per sentence
    cover_at: "np.ndarray"      # inside a formulaic phrase
    masked_at: "np.ndarray"     # inside a numbered formula or a short quotation: its numbers are no data
    generic_at: "np.ndarray"    # inside a generic name (各级党组织): no actor


def _phrase_pass(text: str, norm: str, lexicon: Lexicon, where, k: int, n: int) -> _Phrases:
    """The phrase lexicon, once over the text: coverage, intensifiers, self-criticism, masks."""
    import numpy as np
    matcher = _matcher(lexicon)
    phrases, bits_of = lexicon.compiled("hollowness.phrase-bits", lambda lex: _pattern_bits(_matcher(lex)))
    found = np.array(matcher.find_indexes(text, norm), dtype=np.int64).reshape(-1, 3)
    pattern, starts, ends = found[:, 0], found[:, 1], found[:, 2]
    bits = bits_of[pattern]
    sent = where(starts)

    def of(bit: int) -> Groups:
        sel = np.flatnonzero(bits & bit)
        return _group(sent[sel], _pick(phrases, pattern[sel]), k)

    def at(bit: int, extra=((), ())) -> np.ndarray:
        sel = (bits & bit) > 0
        return _inside(np.concatenate([starts[sel], extra[0]]), np.concatenate([ends[sel], extra[1]]), n)

    quotes = [(m.start(), m.end()) for m in QUOTE_RE.finditer(text)]
    exh_sent = sent[((bits & _EXH) > 0) & (sent >= 0)]
    return _Phrases(of(_INTENS), of(_STOCK), of(_SELFC), np.bincount(exh_sent, minlength=k),
                    at(_COVER), at(_NUMBERED, ([q[0] for q in quotes], [q[1] for q in quotes])), at(_GENERIC))


# The characters a match can start with (a regex's leftmost match must start on one of them), for regexes whose
# first character is not a plain class, so that ``re`` would try the pattern at every position of the text.
_CN_NUM_FIRST = _CN_DIGIT + "百千万亿"
_DATE_FIRST = "0123456789〇零一二三四五六七八九十年月每上下今明去当"    # and \d outside ASCII: see _regex_pass


def _starts_at(cp, first: str, more: list[int] = ()) -> list[int]:
    """Positions of ``text`` (code points ``cp``) holding a character of ``first``, plus ``more``, sorted."""
    import numpy as np
    at = np.flatnonzero(_member_of(cp, np.frombuffer(first.encode("utf-32-le"), dtype=np.uint32)))
    return sorted(at.tolist() + list(more)) if more else at.tolist()


def _finditer_from(rx: re.Pattern, text: str, starts: list[int]) -> list[re.Match]:
    """``list(rx.finditer(text))`` for a regex that never matches empty and whose matches start only at
    ``starts``: the leftmost match at or after the end of the previous one, tried at those positions only."""
    out = []
    end = 0
    match = rx.match
    for p in starts:
        if p >= end:
            m = match(text, p)
            if m is not None:
                out.append(m)
                end = m.end()
    return out


@dataclass
class _Regexes:
    numbers: Groups
    dates: Groups
    actors: Groups
    measures: Groups
    titles: list[str]
    title_pos: list[int]
    yao: "np.ndarray"


def _regex_pass(text: str, cp, ph: _Phrases, han_bool, where, k: int) -> _Regexes:
    """Numbers, dates, titles, organisations, decisive verbs, clause-initial 要: each regex once over the text."""
    import numpy as np
    masked_b, cover_b, generic_b = ph.masked_at.tobytes(), ph.cover_at.tobytes(), ph.generic_at.tobytes()
    num_pos, nums = [], []
    digits = []                  # where \d matches outside ASCII: every \d lies inside a match of NUM_RE
    for m in NUM_RE.finditer(text):
        g = m.group()
        if not g.isascii():
            digits += [m.start() + j for j, ch in enumerate(g) if ch.isdecimal() and not ch.isascii()]
        if not masked_b[m.start()]:
            num_pos.append(m.start())
            nums.append(g)
    for m in _finditer_from(CN_NUM_RE, text, _starts_at(cp, _CN_NUM_FIRST)):
        if not (masked_b[m.start()] or _VAGUE_ONE.match(m.group())):
            num_pos.append(m.start())
            nums.append(m.group())
    dates = [(m.start(), m.group()) for m in _finditer_from(DATE_RE, text, _starts_at(cp, _DATE_FIRST, digits))
             if not masked_b[m.start()]]
    titles = [(m.start(), m.group()) for m in TITLE_RE.finditer(text)]
    actors = []
    for gs, g in org_matches(text, _run_starts(han_bool)):
        cut = _ORG_BREAK.match(g[:-1])
        if cut:
            g, gs = g[cut.end():], gs + cut.end()
        if len(g) < 3 or g.startswith(_ORG_STOP) or generic_b[gs]:
            continue
        actors.append((gs, g))
    measures = [(m.start(), m.group()) for m in MEASURE_RE.finditer(text) if not cover_b[m.start()]]
    yao_sent = where(yao_positions(text))

    def grouped(found: list[tuple[int, str]]) -> Groups:
        return _group(where([p for p, _ in found]), [g for _, g in found], k)

    return _Regexes(_group(where(num_pos), nums, k), grouped(dates), grouped(actors), grouped(measures),
                    [g for _, g in titles], [p for p, _ in titles],
                    np.bincount(yao_sent[yao_sent >= 0], minlength=k))


@dataclass
class _Tokens:
    words: Groups
    objects: Groups
    names: list[str]
    name_sent: "np.ndarray"
    mean_idf: "np.ndarray"


_CLASS_SEEN: dict[str, int] = {}      # word -> tag class, for words whose tag does not depend on their context


def tag_classes(words: list[str], positions: list[int], text: str) -> list[int]:
    """The ``_TAG_CLASS`` of each token ``words[i]`` found at ``positions[i]`` of ``text``, exactly as
    ``rjieba.tag(text)`` tags it, at a fraction of its cost: ``rjieba.cut`` gives the same tokens, and a token's
    tag is its tag in jieba's dictionary (``jieba_tables``) or, for a word outside it, the POS HMM's tag of that
    word alone. So each distinct word outside the dictionary is tagged once per process, alone on a line of its
    own; the rare word that comes out split when alone (its tag is then not known to be context-free) is tagged
    where it occurs, within the stretch of text between punctuation marks around it (jieba never joins tokens
    across them, so its tokens there are those of the whole text)."""
    seen = _CLASS_SEEN
    new = [w for w in dict.fromkeys(words) if w not in seen]
    unsure: set[str] = set()
    if new:
        import rjieba
        jieba_tables.look_up(new)
        dict_tag = jieba_tables.DICT_TAG
        outside = []
        for w in new:
            tag = dict_tag[w]
            if tag is None:
                outside.append(w)
            else:
                seen[w] = _TAG_CLASS.get(tag, 0)
        if outside:
            got = _alone_tags(outside, rjieba.tag("\n".join(outside)))
            for w in outside:
                tag = got.get(w)
                if tag is None:
                    unsure.add(w)
                else:
                    seen[w] = _TAG_CLASS.get(tag, 0)
    if not unsure:
        return list(map(seen.__getitem__, words))
    return [seen[w] if w not in unsure else _tag_in_context(text, p, w) for w, p in zip(words, positions)]


def _alone_tags(lines: list[str], pairs: list[tuple[str, str]]) -> dict[str, str]:
    """For ``pairs = rjieba.tag("\\n".join(lines))``: the tag of each line that came out as one token."""
    line_at: dict[int, str] = {}
    at = 0
    for line in lines:
        line_at[at] = line
        at += len(line) + 1
    out: dict[str, str] = {}
    at = 0
    for w, tag in pairs:
        if line_at.get(at) == w:
            out[w] = tag
        at += len(w)
    return out


_BLOCK_EDGE = re.compile(r"[，。；：！？、“”‘’（）《》【】\s]")    # never inside a block jieba segments


def _tag_in_context(text: str, pos: int, word: str) -> int:
    """The tag class of the token at ``pos``, from tagging the stretch between the nearest punctuation marks or
    spaces around it: jieba segments each run of CJK characters, letters and digits on its own."""
    import rjieba
    start = pos
    while start > 0 and not _BLOCK_EDGE.match(text, start - 1):
        start -= 1
    m = _BLOCK_EDGE.search(text, pos)
    at = start
    for w, tag in rjieba.tag(text[start:m.start() if m else len(text)]):
        if at == pos:
            return _TAG_CLASS.get(tag, 0) if w == word else 0
        at += len(w)
    return 0


def _token_pass(text: str, cp, ph: _Phrases, st, en, k: int) -> _Tokens:
    """rjieba's tags, once over the text: the words, named entities and vocabulary specificity.

    A token belongs to the first sentence ending after its start, if that sentence has begun; only CJK-initial
    tokens count."""
    import numpy as np
    import rjieba

    tok_words = rjieba.cut(text)
    tok_len = np.fromiter(map(len, tok_words), dtype=np.int64, count=len(tok_words))
    tok_pos = np.concatenate(([0], np.cumsum(tok_len)[:-1])).astype(np.int64)
    if int(tok_len.sum()) == len(text):   # the tokens tile the text (they always should): first characters from it
        first = cp[tok_pos] if len(tok_pos) else np.zeros(0, dtype=np.uint32)
    else:
        first = np.frombuffer("".join([w[0] for w in tok_words]).encode("utf-32-le"), dtype=np.uint32)
    tok_sent = np.searchsorted(en, tok_pos, side="right")
    begun = st[np.minimum(tok_sent, k - 1)] <= tok_pos
    kept = np.flatnonzero((tok_sent < k) & begun & (first >= 0x4E00) & (first <= 0x9FFF))
    kept_words = _pick(tok_words, kept)
    words = Groups(kept_words, _spans_bounds(tok_sent[kept], k))

    longer = np.flatnonzero(tok_len[kept] >= 2)              # indexes into kept
    long_words = _pick(kept_words, longer)
    long_sent = tok_sent[kept[longer]]
    distinct = jieba_tables.idf_of(long_words)                        # each distinct word searched once
    median = jieba_tables.word_table().median
    long_idf = list(map(distinct.__getitem__, long_words))
    b = _spans_bounds(long_sent, k)
    mean_idf = np.array([reduce(add, long_idf[b[i]:b[i + 1]], 0.0) / (b[i + 1] - b[i]) if b[i + 1] > b[i]
                         else median for i in range(k)])      # in order, as a running sum
    no_name = (ph.masked_at | ph.generic_at | ph.cover_at)[tok_pos[kept[longer]]]
    # a tag matters only where no phrase masks the word (both uses below require ~no_name): the others stay 0,
    # and the tags of the whole text are never copied into a list of their own
    open_at = np.flatnonzero(~no_name)
    tag_class = np.zeros(len(long_words), dtype=np.int8)
    if len(open_at):
        tag_class[open_at] = tag_classes(_pick(long_words, open_at), tok_pos[kept[longer[open_at]]].tolist(), text)
    is_name = ((tag_class & 1) > 0) & ~no_name
    is_object = ((tag_class & 2) > 0) & ~no_name & (np.array(long_idf, dtype=float).reshape(-1) >= OBJECT_IDF)
    name_sel = np.flatnonzero(is_name)
    object_sel = np.flatnonzero(is_object)
    return _Tokens(words, Groups(_pick(long_words, object_sel), _spans_bounds(long_sent[object_sel], k)),
                   _pick(long_words, name_sel), long_sent[name_sel], mean_idf)


_SEG_CHARS = ",、;:。!?…—()\n\t"              # what SEG_RE excludes, for the array form of SEG_RE


def _seg_separators() -> "np.ndarray":
    import numpy as np
    return np.frombuffer(_SEG_CHARS.encode("utf-32-le"), dtype=np.uint32)


def _member_of(codes, members) -> "np.ndarray":
    """``np.isin(codes, members)`` for code points, by a lookup table: isin sorts the whole text when the text
    is short next to the members' range, and checks ranges every call."""
    return _code_table(members.tobytes())[codes]


@lru_cache(maxsize=8)
def _code_table(members: bytes) -> "np.ndarray":
    import numpy as np
    table = np.zeros(0x110000, dtype=bool)
    table[np.frombuffer(members, dtype=np.uint32)] = True
    return table


def _runs(inside) -> tuple["np.ndarray", "np.ndarray"]:
    """[start, end) of every maximal run of True."""
    import numpy as np
    edges = np.diff(np.concatenate(([0], inside.view(np.int8), [0])))
    return np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)


def _occurrence_numbers(items: list[str]) -> "np.ndarray":
    """For each item, how many times it has occurred up to and including this place (1 for a first occurrence)."""
    import numpy as np
    index = {v: i for i, v in enumerate(dict.fromkeys(items))}
    ids = np.fromiter(map(index.__getitem__, items), dtype=np.int64, count=len(items))
    order = np.argsort(ids, kind="stable")          # each item's places, in order
    sorted_ids = ids[order]
    group_start = np.flatnonzero(np.concatenate(([True], sorted_ids[1:] != sorted_ids[:-1])))
    rank = np.arange(len(items)) - np.repeat(group_start, np.diff(np.append(group_start, len(items))))
    nth = np.empty(len(items), dtype=np.int64)
    nth[order] = rank + 1
    return nth


def _clause_pass(text: str, norm: str, st, en, k: int) -> tuple["np.ndarray", dict[int, list[str]], Groups]:
    """Clauses (SEG_RE runs of the normalised text, cut at sentence bounds, stripped): the longest chain of
    four-character clauses per sentence, and clauses of six characters or more repeated in the document.

    SEG_RE runs once over the whole text; a run crossing sentence bounds gives one piece per sentence it
    overlaps, which is what SEG_RE finds inside each sentence alone."""
    import numpy as np
    n = len(norm)
    ncp = np.frombuffer(norm.encode("utf-32-le"), dtype=np.uint32)
    ra, rb = _runs(~_member_of(ncp, _seg_separators()))   # SEG_RE.finditer(norm), as arrays
    four_len = np.zeros(k, dtype=np.int64)
    if not len(ra):
        return four_len, {}, Groups([], [0] * (k + 1))
    i1 = np.searchsorted(en, ra, side="right")          # first sentence ending after the run starts
    i2 = np.searchsorted(st, rb, side="left") - 1       # last sentence starting before the run ends
    cnt = np.maximum(i2 - i1 + 1, 0)
    run_of = np.repeat(np.arange(len(ra)), cnt)
    sent = np.repeat(i1, cnt) + (np.arange(int(cnt.sum())) - np.repeat(np.cumsum(cnt) - cnt, cnt))
    a = np.maximum(ra[run_of], st[sent])
    b = np.minimum(rb[run_of], en[sent])

    solid = ~_member_of(ncp, _space_codes())
    nxt = np.append(np.minimum.accumulate(np.where(solid, np.arange(n), n)[::-1])[::-1], n)
    prv = np.maximum.accumulate(np.where(solid, np.arange(n), -1))
    a2, b2 = nxt[a], prv[b - 1] + 1                     # str.strip()
    length = np.maximum(b2 - a2, 0)
    hcum = np.concatenate(([0], np.cumsum((ncp >= 0x4E00) & (ncp <= 0x9FFF), dtype=np.int64)))
    lo, lo1 = np.minimum(a2, n), np.minimum(a2 + 1, n)
    hi = np.minimum(np.maximum(b2, lo), n)
    four = (((length == 4) & (hcum[hi] - hcum[lo] == 4))     # 要?[\u4e00-\u9fff]{4}
            | ((length == 5) & (ncp[np.minimum(lo, n - 1)] == ord("要")) & (hcum[hi] - hcum[lo1] == 4)))

    best: dict[int, tuple[int, int]] = {}               # sentence -> (first piece, length) of its longest chain
    prev_j, prev_s, run_start, run_len = -2, -1, 0, 0
    for j, s in zip(np.flatnonzero(four).tolist(), sent[four].tolist()):
        if j == prev_j + 1 and s == prev_s:
            run_len += 1
        else:
            run_start, run_len = j, 1
        if run_len > best.get(s, (0, 0))[1]:
            best[s] = (run_start, run_len)
        prev_j, prev_s = j, s
    four_run: dict[int, list[str]] = {}
    for s, (j0, m) in best.items():
        four_len[s] = m
        if m >= 3:
            four_run[s] = [text[max(a2[j], b2[j] - 4):b2[j]] for j in range(j0, j0 + m)]

    long_j = np.flatnonzero(length >= 6)
    la, lb = a2[long_j].tolist(), b2[long_j].tolist()
    nth = _occurrence_numbers(list(map(norm.__getitem__, map(slice, la, lb))))
    again = np.flatnonzero(nth >= 2)
    rep_sent = sent[long_j[again]]
    rep = [(text[la[i]:lb[i]], c) for i, c in zip(again.tolist(), nth[again].tolist())]
    return four_len, four_run, _group(rep_sent, rep, k)
