"""Why a sentence is hollow: structured reasons (a code and its parameters) and their Chinese wording.

``reasons_all`` decides which reasons each sentence gets, from the document's feature columns; ``render`` is the
one place that turns them into the Chinese a writer reads (the report's ``reasons: [str]``). Other modules act on
the codes (``analyzer.drafting.suggest`` maps them to advice) and never on the wording.

| code | parameters | when |
| --- | --- | --- |
| ``no_number``, ``no_actor``, ``no_deadline`` | — | no number / no named unit or person / no date, deadline or period |
| ``intensifiers`` | words | two or more intensifiers (进一步、切实…) |
| ``stock_phrases`` | share (%), terms | stock phrases cover ≥ 35 % of the characters |
| ``four_char_run`` | count, items | a chain of three or more four-character clauses |
| ``yao_chain`` | count | three or more clause-initial 要 |
| ``repeated_slogan`` | clause, nth | a clause of six characters or more seen earlier in the document |
| ``stock_self_criticism`` | terms, hint | a stock deficit (学习不够深入) with no fact and no example |
| ``no_measure`` | — | no uncommon noun, decisive verb, number or 要-chain |
| ``generic_words`` | — | only the commonest words (mean IDF < 7) |
| ``hollow_words`` | words | the sentence's words the word model weighs most towards hollow |
"""
from __future__ import annotations

from itertools import compress
from typing import TYPE_CHECKING, Iterable

from analyzer.analyses.hollowness import features as hf
from analyzer.model import Reason
from analyzer.text import facts

if TYPE_CHECKING:
    import numpy as np

    from analyzer.analyses.hollowness.model import HollowModel

LOW_IDF = 7.0          # mean IDF below this: only the commonest words (jieba's IDF table)
LEAN_FLOOR = 0.08      # the word model's pull towards hollow from which a word is named
# Words the word model leans on that a writer cannot act on (pronouns, the country, the people): not named.
_UNACTIONABLE = frozenset({"我们", "我国", "中国", "人民", "同志", "大家", "他们", "自己", "一个", "这个", "这些"})

MISSING = ("no_number", "no_actor", "no_deadline")      # rendered together, in this order, as one "缺少……"
# code -> (Chinese template, how many items of a list parameter are named before "…"). Each says what is wrong in
# a reviewer's words and what to write instead; none shows a score (a parameter like ``share`` stays in the code).
TEMPLATES: dict[str, tuple[str, int]] = {
    "no_number": ("具体数字", 0),
    "no_actor": ("责任单位或责任人", 0),
    "no_deadline": ("时间或时限", 0),
    "intensifiers": ("“{words}”等程度词叠用，不如写出实际举措或数字", 4),
    "stock_phrases": ("多是常用套话（{terms}），应写出本单位具体做了什么", 4),
    "four_char_run": ("四字短语连用{count}组（{items}），应改为具体事项", 3),
    "yao_chain": ("连用{count}个“要”，只提要求：应写明谁来做、做什么、何时完成", 0),
    "repeated_slogan": ("“{clause}”在文中已是第{nth}次出现，可删去或换成新的内容", 0),
    "stock_self_criticism": ("查摆问题只有套话（“{terms}”），应举出具体事例{hint}", 2),
    "no_measure": ("没有落到具体事项：应写明做成了哪件事（如建成、开通、取消了什么）", 0),
    "generic_words": ("用词笼统，应写出具体名称（项目、制度、活动）", 0),
    "hollow_words": ("只有原则性提法（{words}），未说明具体做法", 3),
}
MISSING_LEAD = "缺少"      # 缺少具体数字、责任单位或责任人、时间或时限
SELF_REVIEW_HINT = "（时间、事项、后果）"     # what an example in 对照检查材料 should give


def _first(items: Iterable[str], n: int) -> str:
    uniq = list(dict.fromkeys(items)) if len(items) > 1 else items
    return "、".join(uniq[:n]) + ("…" if len(uniq) > n else "")


def _parts(template: str) -> tuple[tuple[str, str | None], ...]:
    """A template as (text, parameter) pairs, the last without one: how ``str.format_map`` reads it (the
    templates have no braces of their own, conversions nor specs)."""
    out, rest = [], template
    while "{" in rest:
        text, _, rest = rest.partition("{")
        name, _, rest = rest.partition("}")
        out.append((text, name))
    return tuple(out) + ((rest, None),)


# code -> (template's parts, the list limit): ``render_one`` joins them instead of parsing the template each time
_PARTS = {code: (_parts(template), limit) for code, (template, limit) in TEMPLATES.items()}


def render_one(reason: Reason) -> str:
    code, params = reason
    return _filled(code, params) if params else TEMPLATES[code][0]


def _filled(code: str, params) -> str:
    """A template with its parameters: most have one, written as its text, value and the rest."""
    parts, limit = _PARTS[code]
    if len(parts) == 2:
        (text, name), (rest, _) = parts
        v = params[name]
        return text + (_first(v, limit) if type(v) in (list, tuple) else format(v)) + rest
    out = []
    for text, name in parts:
        out.append(text)
        if name is not None:
            v = params[name]
            out.append(_first(v, limit) if type(v) in (list, tuple) else format(v))
    return "".join(out)


_MISSING_BIT = {code: 1 << b for b, code in enumerate(MISSING)}
_MISSING_TEXT = [MISSING_LEAD + "、".join(TEMPLATES[c][0] for b, c in enumerate(MISSING) if bits >> b & 1)
                 for bits in range(8)]
# The reasons without parameters, made once (a document gives thousands).
NO_NUMBER, NO_ACTOR, NO_DEADLINE = (Reason(c) for c in MISSING)
NO_MEASURE, GENERIC_WORDS = Reason("no_measure"), Reason("generic_words")


_FIXED_TEXT = {code: template for code, (template, _) in TEMPLATES.items()}     # a reason without parameters


def render(reasons: Iterable[Reason]) -> list[str]:
    """The Chinese of each reason, in order; the missing facts (no_number, no_actor, no_deadline) as one phrase."""
    if not reasons:
        return []
    missing = 0
    out = []
    for code, params in reasons:
        if code in _MISSING_BIT:
            missing |= _MISSING_BIT[code]
        else:
            out.append(_filled(code, params) if params else _FIXED_TEXT[code])
    if missing:
        out.insert(0, _MISSING_TEXT[missing])
    return out


def bare_self_criticism(cols: hf.DocFeatures) -> "np.ndarray":
    """Sentences whose deficit is a stock phrase with no number, date or unit and no example (比如……时，我们……):
    the self-criticism that 对照检查材料 must not stop at."""
    import numpy as np
    c = {name: cols.groups[name].counts() for name in ("self_crit", "numbers", "dates", "actors")}
    bare = (c["self_crit"] > 0) & ~((c["numbers"] > 0) | (c["dates"] > 0) | (c["actors"] > 0))
    for i in np.flatnonzero(bare).tolist():
        s, e = cols.spans[i]
        if facts.gives_example(cols.text, s, e):
            bare[i] = False
    return bare


def reasons_all(cols: hf.DocFeatures, labels: list[str], *, self_review: bool = False,
                model: "HollowModel | None" = None, word_ids: "np.ndarray | None" = None,
                bare: "np.ndarray | None" = None) -> list[list[Reason]]:
    """Why each sentence is hollow or mixed (nothing for concrete sentences), as structured reasons.

    The conditions are read from the document's columns at once; the lists behind a reason (the intensifiers,
    the repeated clause…) are read only for the sentences that give it."""
    import numpy as np
    g = cols.groups
    c = {name: g[name].counts() for name in ("numbers", "dates", "intensifiers", "stock_terms", "repeated",
                                              "objects", "measures")}
    idf, actor = cols.X[:, hf.FEATURE_NAMES.index("idf")], cols.X[:, hf.FEATURE_NAMES.index("actor")]
    nums, dates = c["numbers"] > 0, c["dates"] > 0
    long_enough = cols.han >= 8
    yao3 = cols.yao >= 3
    intens = c["intensifiers"] >= 2
    stock = (cols.stock_share >= 0.35) & (c["stock_terms"] > 0)
    repeated = c["repeated"] > 0
    selfc = bare if bare is not None else bare_self_criticism(cols)
    four_run = np.zeros(len(labels), dtype=bool)
    four_run[np.fromiter(cols.four_run, dtype=np.intp, count=len(cols.four_run))] = True
    # the reasons without parameters as bits: the missing facts lead, no_measure and generic_words follow the others
    head = ~nums * 1 + (actor <= 0) * 2 + ~dates * 4
    tail = (~((c["objects"] > 0) | (c["measures"] > 0) | nums | yao3) & long_enough) * 1 \
        + ((idf < LOW_IDF) & long_enough) * 2
    concrete = np.fromiter(map("concrete".__eq__, labels), dtype=bool, count=len(labels))
    # every sentence's reasons without parameters, made as one list each from the tuples of those (nothing for
    # concrete sentences); the few sentences with other reasons are made again below, hollow_words appended
    out: list[list[Reason]] = list(map(list, map(_BARE.__getitem__, np.where(concrete, _CONCRETE, head + 8 * tail)
                                                  .tolist())))
    # the sentences with a reason that has parameters (but hollow_words)
    other = (intens | stock | four_run | yao3 | repeated | selfc) & ~concrete
    head, tail, yao, share = head.tolist(), tail.tolist(), cols.yao.tolist(), cols.stock_share.tolist()
    # lists: indexing a numpy array makes a numpy scalar each time (~1,000 instructions)
    intens, stock, repeated, selfc = intens.tolist(), stock.tolist(), repeated.tolist(), selfc.tolist()
    hint = SELF_REVIEW_HINT if self_review else ""
    for i in np.flatnonzero(other).tolist():
        r = list(_HEAD[head[i]])
        if intens[i]:
            r.append(Reason("intensifiers", {"words": g["intensifiers"].of(i)}))
        if stock[i]:
            r.append(Reason("stock_phrases", {"share": round(share[i] * 100), "terms": g["stock_terms"].of(i)}))
        if i in cols.four_run:
            run = cols.four_run[i]
            r.append(Reason("four_char_run", {"count": len(run), "items": run}))
        if yao[i] >= 3:
            r.append(Reason("yao_chain", {"count": yao[i]}))
        if repeated[i]:
            for clause, nth in g["repeated"].of(i)[:2]:
                r.append(Reason("repeated_slogan", {"clause": clause, "nth": nth}))
        if selfc[i]:
            r.append(Reason("stock_self_criticism", {"terms": g["self_crit"].of(i), "hint": hint}))
        r += _TAIL[tail[i]]
        out[i] = r
    words = model.words if model is not None else None
    if words is not None:
        if word_ids is None:        # the words' rows in the word model, when the caller has not looked them up
            word_ids = words.ids(g["words"].items)
        top = words.top_leaning(g["words"], word_ids, 8, LEAN_FLOOR)
        # the words a writer can act on, kept in their sentences' order: one pass over all, not one per sentence
        keep = [len(w) >= 2 and w not in _UNACTIONABLE for w in top.items]
        lean = list(compress(top.items, keep))
        kept = np.zeros(len(keep) + 1, dtype=np.int64)
        np.cumsum(np.fromiter(keep, dtype=bool, count=len(keep)), out=kept[1:])
        bounds = kept[top.bounds]
        ends = bounds.tolist()
        for i in np.flatnonzero((np.diff(bounds) > 0) & ~concrete).tolist():
            out[i].append(Reason("hollow_words", {"words": lean[ends[i]:ends[i + 1]]}))
    return out


# The reasons without parameters by their bits (see reasons_all), as tuples made once.
_HEAD = [tuple(r for b, r in enumerate((NO_NUMBER, NO_ACTOR, NO_DEADLINE)) if bits >> b & 1) for bits in range(8)]
_TAIL = [(), (NO_MEASURE,), (GENERIC_WORDS,), (NO_MEASURE, GENERIC_WORDS)]
_BARE = [h + t for t in _TAIL for h in _HEAD] + [()]      # head bits + 8 * tail bits; a concrete sentence's last
_CONCRETE = len(_BARE) - 1
