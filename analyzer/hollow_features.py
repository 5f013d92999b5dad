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
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache, reduce
from itertools import repeat
from operator import add, itemgetter
from pathlib import Path

from .lexicon import Lexicon
from .matcher import PhraseMatcher
from .text import normalize, sentence_spans

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
_FOUR = re.compile(r"要?[\u4e00-\u9fff]{4}")
_VAGUE_ONE = re.compile(r"[一几半](?!分之)")     # 一个国家、一项任务、几年: an article, not a quantity
NAME_TAGS = frozenset({"ns", "nt", "nr", "nrt", "nrfg"})
_ORG_BREAK = re.compile(r".*[的了个名余报到在把对和与及等将是为从由被向给抽查新建选织展开深入各全本该现让以按要点]")
_HAN = re.compile(r"[\u4e00-\u9fff]")
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


@lru_cache(maxsize=1)
def idf_table() -> tuple[dict[str, float], float]:
    """jieba's bundled IDF table (word -> idf) and its median, used for words it does not list.

    Parsing its 270k lines costs ~0.3 s, a fifth of checking the whole 2 MB corpus, so the parsed table is kept in
    the user's cache folder (like jieba's own dictionary cache), keyed by the source file's path, size and mtime;
    when that folder cannot be read or written, the table is parsed every time."""
    import importlib.util
    spec = importlib.util.find_spec("jieba")
    path = Path(spec.origin).parent / "analyse" / "idf.txt"
    cache = _idf_cache_path(path)
    got = _read_idf_cache(cache) if cache else None
    if got is not None:
        return got
    table: dict[str, float] = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            w, _, v = line.rstrip("\n").partition(" ")
            if v:
                table[w] = float(v)
    values = sorted(table.values())
    got = table, values[len(values) // 2]
    if cache:
        _write_idf_cache(cache, got)
    return got


def _idf_cache_path(source: Path) -> Path | None:
    import hashlib
    import os
    try:
        st = source.stat()
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "shengao"
    except (OSError, RuntimeError):      # no home folder
        return None
    tag = hashlib.sha1(f"{source.resolve()}|{st.st_size}|{st.st_mtime_ns}".encode()).hexdigest()[:16]
    return base / f"idf-{tag}.pickle"


def _read_idf_cache(cache: Path) -> tuple[dict[str, float], float] | None:
    import pickle
    try:
        with cache.open("rb") as fh:
            table, median = pickle.load(fh)
    except Exception:            # absent, truncated or foreign: parse the source instead
        return None
    return (table, median) if isinstance(table, dict) and isinstance(median, float) else None


def _write_idf_cache(cache: Path, value: tuple[dict[str, float], float]) -> None:
    import os
    import pickle
    tmp = cache.with_name(f"{cache.name}.{os.getpid()}.tmp")
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        with tmp.open("wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, cache)          # atomic: a concurrent reader sees the old state or the whole file
    except OSError:
        try:
            tmp.unlink()
        except OSError:
            pass


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


def extract(text: str, lexicon: Lexicon, spans: list[tuple[int, int]] | None = None) -> list[SentenceFeatures]:
    """Features of every sentence of ``text`` (``sentence_spans`` unless ``spans`` is given, sorted, disjoint)."""
    import numpy as np
    import rjieba

    spans = sentence_spans(text) if spans is None else spans
    if not spans:
        return []
    n = len(text)
    norm = normalize(text)
    starts = [s for s, _ in spans]

    def sent_of(pos: int) -> int:
        i = bisect_right(starts, pos) - 1
        return i if i >= 0 and pos < spans[i][1] else -1

    k = len(spans)
    cp = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    han_bool = (cp >= 0x4E00) & (cp <= 0x9FFF)
    han_mask = han_bool.astype(np.int32)
    han_cum = np.concatenate(([0], np.cumsum(han_mask))).tolist()

    # 1. phrase lexicon: coverage, intensifiers, self-criticism, masks for numbered formulas and generic names
    intens: list[list[str]] = [[] for _ in range(k)]
    stock: list[list[str]] = [[] for _ in range(k)]
    selfc: list[list[str]] = [[] for _ in range(k)]
    exh = [0] * k
    edges: dict[str, tuple[list[int], list[int]]] = {"cover": ([], []), "masked": ([], []), "generic": ([], [])}
    flags_of: dict[str, tuple[bool, ...]] = {}
    for hit in _matcher(lexicon).find(text, norm):
        flags = flags_of.get(hit.phrase)
        if flags is None:
            g = frozenset(g for g, _ in hit.payloads)
            flags = flags_of[hit.phrase] = (
                bool(g & COVER_GROUPS), "numbered-formula" in g, "generic-name" in g, "intensifier" in g,
                "stock-phrase" in g, "self-criticism" in g, "exhortation" in g)
        is_cover, is_numbered, is_generic, is_intens, is_stock, is_selfc, is_exh = flags
        if is_cover:
            edges["cover"][0].append(hit.start)
            edges["cover"][1].append(hit.end)
        if is_numbered:
            edges["masked"][0].append(hit.start)
            edges["masked"][1].append(hit.end)
        if is_generic:
            edges["generic"][0].append(hit.start)
            edges["generic"][1].append(hit.end)
        if not (is_intens or is_stock or is_selfc or is_exh):
            continue
        i = sent_of(hit.start)
        if i < 0:
            continue
        if is_intens:
            intens[i].append(hit.phrase)
        if is_stock:
            stock[i].append(hit.phrase)
        if is_selfc:
            selfc[i].append(hit.phrase)
        if is_exh:
            exh[i] += 1
    for m in QUOTE_RE.finditer(text):
        edges["masked"][0].append(m.start())
        edges["masked"][1].append(m.end())

    def inside(name: str):
        """True at every position covered by at least one [start, end) of ``edges[name]``."""
        s, e = edges[name]
        depth = np.bincount(np.asarray(s, dtype=np.intp), minlength=n + 1)[:n + 1] \
            - np.bincount(np.asarray(e, dtype=np.intp), minlength=n + 1)[:n + 1]
        return np.cumsum(depth[:n]) > 0

    cover_at, masked_at, generic_at = inside("cover"), inside("masked"), inside("generic")
    cover_cum = np.concatenate(([0], np.cumsum(cover_at.astype(np.int32) * han_mask))).tolist()
    masked_b, cover_b, generic_b = masked_at.tobytes(), cover_at.tobytes(), generic_at.tobytes()

    # 2. regexes: numbers, dates, titles, organisations, clause-initial 要
    nums: list[list[str]] = [[] for _ in range(k)]
    dates: list[list[str]] = [[] for _ in range(k)]
    names: list[list[str]] = [[] for _ in range(k)]
    actors: list[list[str]] = [[] for _ in range(k)]
    yao = [0] * k
    for rx, out in ((NUM_RE, nums), (CN_NUM_RE, nums), (DATE_RE, dates)):
        for m in rx.finditer(text):
            if masked_b[m.start()] or (rx is CN_NUM_RE and _VAGUE_ONE.match(m.group())):
                continue
            i = sent_of(m.start())
            if i >= 0:
                out[i].append(m.group())
    for m in TITLE_RE.finditer(text):
        i = sent_of(m.start())
        if i >= 0:
            names[i].append(m.group())
    for gs, g in org_matches(text, _run_starts(han_bool)):
        cut = _ORG_BREAK.match(g[:-1])
        if cut:
            g, gs = g[cut.end():], gs + cut.end()
        if len(g) < 3 or g.startswith(_ORG_STOP) or generic_b[gs]:
            continue
        i = sent_of(gs)
        if i >= 0:
            actors[i].append(g)
    measures: list[list[str]] = [[] for _ in range(k)]
    for m in MEASURE_RE.finditer(text):
        if cover_b[m.start()]:
            continue
        i = sent_of(m.start())
        if i >= 0:
            measures[i].append(m.group())
    for m in YAO_RE.finditer(text):
        i = sent_of(m.end() - 1)
        if i >= 0:
            yao[i] += 1

    # 3. rjieba tags: named entities and vocabulary specificity. Vectorised over tokens: a token belongs to the
    # first sentence ending after its start, if that sentence has begun; only CJK-initial tokens count.
    idf, median = idf_table()
    pairs = rjieba.tag(text)
    tok_words, tok_tags = zip(*pairs) if pairs else ((), ())
    tok_len = np.fromiter(map(len, tok_words), dtype=np.int64, count=len(tok_words))
    tok_pos = np.concatenate(([0], np.cumsum(tok_len)[:-1]))
    if int(tok_len.sum()) == n:         # the tokens tile the text (they always should): first characters from it
        first = cp[tok_pos]
    else:
        first = np.frombuffer("".join([w[0] for w in tok_words]).encode("utf-32-le"), dtype=np.uint32)
    sent_ends = np.array([e for _, e in spans])
    tok_sent = np.searchsorted(sent_ends, tok_pos, side="right")
    begun = np.array(starts)[np.minimum(tok_sent, k - 1)] <= tok_pos
    kept = np.flatnonzero((tok_sent < k) & begun & (first >= 0x4E00) & (first <= 0x9FFF))
    kept_words = _pick(tok_words, kept)
    b = _spans_bounds(tok_sent[kept], k)
    words = [kept_words[b[i]:b[i + 1]] for i in range(k)]

    longer = np.flatnonzero(tok_len[kept] >= 2)              # indexes into kept
    long_words = _pick(kept_words, longer)
    long_sent = tok_sent[kept[longer]]
    distinct = {w: idf.get(w, median) for w in set(long_words)}     # each distinct word looked up once
    long_idf = list(map(distinct.__getitem__, long_words))
    b = _spans_bounds(long_sent, k)
    idf_n = [b[i + 1] - b[i] for i in range(k)]
    idf_sum = [reduce(add, long_idf[b[i]:b[i + 1]], 0.0) for i in range(k)]   # in order, as a running sum
    no_name = (masked_at | generic_at | cover_at)[tok_pos[kept[longer]]]
    tag_class = np.fromiter(map(_TAG_CLASS.get, _pick(tok_tags, kept[longer]), repeat(0)),
                            dtype=np.int8, count=len(long_words))
    is_name = ((tag_class & 1) > 0) & ~no_name
    is_object = ((tag_class & 2) > 0) & ~no_name & (np.array(long_idf, dtype=float).reshape(-1) >= OBJECT_IDF)
    objects: list[list[str]] = [[] for _ in range(k)]
    sel = np.flatnonzero(is_name | is_object)
    for j, i, a_name, an_object in zip(sel.tolist(), long_sent[sel].tolist(), is_name[sel].tolist(),
                                      is_object[sel].tolist()):
        if a_name:
            names[i].append(long_words[j])
        if an_object:
            objects[i].append(long_words[j])

    # 4. per-sentence structure: four-character chains, clause repetition across the document
    seen: dict[str, int] = {}
    out: list[SentenceFeatures] = []
    log1p = math.log1p
    four = _FOUR.fullmatch
    for i, (s, e) in enumerate(spans):
        han = han_cum[e] - han_cum[s]
        run, best = [], []
        repeated = []
        for m in SEG_RE.finditer(norm, s, e):
            seg = m.group().strip()
            if four(seg):
                run.append(text[m.start():m.end()].strip()[-4:])
                if len(run) > len(best):
                    best = list(run)
            else:
                run = []
            if len(seg) >= 6:
                c = seen[seg] = seen.get(seg, 0) + 1
                if c >= 2:
                    repeated.append((text[m.start():m.end()].strip(), c))
        share = float(cover_cum[e] - cover_cum[s]) / han if han else 0.0
        mean_idf = idf_sum[i] / idf_n[i] if idf_n[i] else median
        actor_n = len(actors[i]) + sum(1 for w in names[i] if not w.startswith("《"))
        values = (
            log1p(len(nums[i])),
            log1p(len(dates[i])),
            log1p(len(names[i])),
            log1p(actor_n),
            share,
            len(intens[i]) / max(han, 1) * 10.0,
            mean_idf,
            log1p(yao[i] + exh[i]),
            float(len(best)) if len(best) >= 2 else 0.0,
            log1p(han),
            log1p(len(repeated)),
            log1p(len(selfc[i])),
            log1p(len(objects[i])),
            log1p(len(measures[i])),
        )
        out.append(SentenceFeatures(s, e, han, values, nums[i], dates[i], names[i], actors[i], intens[i], stock[i],
                                    best if len(best) >= 3 else [], yao[i], selfc[i], repeated, share,
                                    words[i], objects[i], measures[i]))
    return out
