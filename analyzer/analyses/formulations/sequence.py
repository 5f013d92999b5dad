"""`sequence` rules: a numbered formula's components in official order (四个意识, 四个自信, 五位一体 …).

A list occurrence is a *run*: components of one rule separated only by 、，和 及 与 and quotes (plus the rule's
``joiners``, a word repeated before each item: 必须坚持人民至上，必须坚持自信自立…), inside one sentence.
Official texts often name two items of a list in another order for other reasons ("制度自信和理论自信"), so a run
counts as the list only with ``min_run`` components (default max(3, n-1)) or with the short name next to it.
Lists that changed over time carry their earlier forms (``history``), judged at the document's date."""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache

from analyzer.kernels import regex_cache
from analyzer.lexicon.kinds.rules import Rule, SequenceSpec
from analyzer.model import Finding
from analyzer.text.normalize import normalize
from analyzer.analyses.formulations.common import (
    MAX_SEP,
    PHRASE_MEMO,
    Context,
    RuleHit,
    HISTORY_CUES,
    cap,
    is_separator,
    leftmost_longest,
    may_start_separator,
    normalized,
    punct_variants,
)

NAME_DISTANCE = 12      # a short name this close (same sentence) marks the run as the list
SIBLING_GAP = 20        # widest gap searched for an unknown sibling item (…意识 among the 四个意识)
_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_NUMERAL_RUN = regex_cache.compile(r"[一二两三四五六七八九十]+")
DISTINCT_ALONE = 4      # a name this long (besides its numeral) is itself the context: 中央六项规定, 君众路线
OMISSION_ALONE = 5      # a list this long with one item missing is an omission without any other cue
GOVERNED_GAP = 4        # characters allowed between a governing verb and the list it governs
MAX_COUNT = 10          # wrong counts tried for a counted name: 2..max(this, n + 2)


@dataclass
class _Elem:
    start: int
    end: int
    slot: int | None          # component index, None for a wrong sibling
    wrong: bool = False
    near: object = None       # a confusable.NearHit when the item is written with one wrong character


def numeral_value(s: str) -> int | None:
    """二 2, 十四 14, 二十 20: the value of a Chinese numeral of one or two places, None otherwise."""
    if not s or any(c not in _DIGITS for c in s):
        return None
    if len(s) == 1:
        return _DIGITS[s]
    if s == "十" or "十" not in s or s.count("十") > 1:
        return None
    tens, _, units = s.partition("十")
    t = _DIGITS[tens] if tens else 1
    u = _DIGITS[units] if units else 0
    if t >= 10 or u >= 10 or tens in ("两",) or units in ("两",):
        return None
    return t * 10 + u


def numeral(n: int, two: str = "两") -> str:
    if n < 10:
        return two if n == 2 else "一二三四五六七八九"[n - 1]
    tens, units = divmod(n, 10)
    return ("" if tens == 1 else numeral(tens, "二")) + "十" + ("" if units == 0 else numeral(units, "二"))


def count_slot(name: str, counts: set[int]) -> tuple[int, int] | None:
    """Where a name states how many items its list has: the numeral run worth one of ``counts`` (五位一体 5, 政治三力
    3, 十四个坚持 14). None when no run is (三会一课 has four items, 三严三实 six: their numerals count something
    else)."""
    found = [m.span() for m in _NUMERAL_RUN.finditer(name) if numeral_value(m.group()) in counts]
    return found[0] if len(found) == 1 else None


def valid_counts(spec: SequenceSpec) -> set[int]:
    return {len(spec.items)} | {len(h.items) for h in spec.history}


def counted_names(spec: SequenceSpec) -> list[tuple[str, tuple[int, int]]]:
    """The formula's names that state its count, with where the numeral is."""
    ok = valid_counts(spec)
    out = []
    for n in (spec.name, *spec.names, *(h.name for h in spec.history if h.name)):
        span = count_slot(n, ok)
        if span is not None:
            out.append((n, span))
    return out


def wrong_counts(spec: SequenceSpec, taken: frozenset[str] = frozenset()) -> list[tuple[str, int, str]]:
    """Every name of the formula with its numeral changed to a count the formula never had (五个意识, 六位一体):
    ``(wrong name, wrong count, right name)``. Names of other formulas (``taken``) are left out."""
    ok = valid_counts(spec)
    out = []
    for n, (a, b) in counted_names(spec):
        two = "两" if n[b:b + 1] in ("个", "种", "大", "项", "条") else "二"
        for v in range(2, max(MAX_COUNT, len(spec.items) + 2) + 1):
            if v in ok:
                continue
            w = n[:a] + numeral(v, two) + n[b:]
            if w not in taken and w != n:
                out.append((w, v, n))
    return out


def patterns(rule: Rule, taken: frozenset[str] = frozenset()):
    spec: SequenceSpec = rule.spec
    for i, item in enumerate(spec.items):
        for text in (item, *spec.aliases.get(item, ())):
            for v in punct_variants(text):
                yield v, ("slot", i)
    for x in spec.intruders:
        for v in punct_variants(x):
            yield v, ("wrong", x)
    names = {spec.name, *spec.names} | {h.name for h in spec.history if h.name}
    for n in names:
        yield n, ("name", n)
    seen = set()
    for w, v, right in wrong_counts(spec, taken):
        if w not in seen:
            seen.add(w)
            yield w, ("count", v, right)


def radius(rule: Rule, payload: tuple) -> int | None:
    """How near another hit of the rule must be for a hit to matter (see ``PatternScan.lone``). A list item
    farther than the widest joining gap from every other hit of the rule is in no run, and leaving it out joins
    no other two. A name or a count word matters anywhere: its verb, its noun and its quotes are checked too."""
    return None if payload[0] in ("count", "name") else _reach(rule.spec.joiners)


@dataclass(frozen=True)
class _InForce:
    """A form of the list official at the document's date: its items (as slots of the current list, in order),
    the name it went by and its canonical wording."""
    slots: tuple[int, ...]
    name: str
    canonical: str


def _forms(rule: Rule, ctx: Context) -> list[_InForce]:
    """The forms of the list that are official at the document's date: the current one from ``since``, each
    earlier form (``history``) within its own dates. A list is judged against these only (四个自信 dates from
    2016-07-01: a 2015 text is judged against the 三个自信)."""
    spec: SequenceSpec = rule.spec
    out = []
    if rule.applies(ctx.as_of):
        out.append(_InForce(tuple(range(len(spec.items))), spec.name, "、".join(spec.items)))
    for h in spec.history:
        if (h.since is None or ctx.as_of >= h.since) and ctx.as_of < h.until:
            out.append(_InForce(tuple(spec.items.index(x) for x in h.items), h.name or spec.name, "、".join(h.items)))
    return out


def _form_of(forms: list[_InForce], slots) -> _InForce | None:
    """The smallest official form holding every item written, or None: a list naming an item that only a later
    form has (文化自信 in 2015) is no list of that date, so it is not judged (neither misordered nor incomplete)."""
    have = set(slots)
    fits = [f for f in forms if have <= set(f.slots)]
    return min(fits, key=lambda f: len(f.slots)) if fits else None


@lru_cache(maxsize=PHRASE_MEMO)
def _sibling_shape(items: tuple[str, ...]) -> tuple[str, str, int, int] | None:
    """An unknown item shaped like the others (…意识 among 政治意识、大局意识 …): (prefix, suffix, fewest and most
    CJK characters between them), or None when the items share too little or the shape is not all CJK."""
    pre = os.path.commonprefix(items)
    suf = os.path.commonprefix([s[::-1] for s in items])[::-1]
    if len(pre) + len(suf) < 2 or any(len(s) <= len(pre) + len(suf) for s in items):
        return None
    if not _all_cjk(pre + "一" + suf):
        return None             # no sibling could pass the CJK check (r"^[\u4e00-\u9fff]+$") on its text
    lo, hi = min(map(len, items)), max(map(len, items))
    return pre, suf, max(1, lo - len(pre) - len(suf)), hi - len(pre) - len(suf)


def _all_cjk(s: str) -> bool:
    """``re.match(r"^[\u4e00-\u9fff]+$", s)`` without compiling a 21,000-character class (~1.3 ms)."""
    body = s[:-1] if s.endswith("\n") else s        # ``$`` also matches before a final newline
    return bool(body) and all("\u4e00" <= c <= "\u9fff" for c in body)


@lru_cache(maxsize=PHRASE_MEMO)
def _sibling_re(shape: tuple[str, str, int, int]) -> re.Pattern:
    """Compiled on first need only (~1.3 ms each): most documents never have a gap holding both ends of a shape."""
    pre, suf, fewest, most = shape
    return re.compile(rf"{re.escape(pre)}[\u4e00-\u9fff]{{{fewest},{most}}}{re.escape(suf)}")


def _reach(joiners: tuple[str, ...]) -> int:
    """The widest gap that can join two items: an unknown sibling's, or a separator and a joiner."""
    return max(SIBLING_GAP, MAX_SEP + max(map(len, joiners))) if joiners else SIBLING_GAP


def _runs(ctx: Context, hits: list[RuleHit], items: tuple[str, ...],
          joiners: tuple[str, ...] = ()) -> list[list[_Elem]]:
    """The runs of two or more elements among ``hits`` (leftmost-longest, in text order). A lone item can be
    neither a finding nor the list, so it is never built. Most hits stand alone (创新 in prose): a gap of none or
    of more than ``reach`` characters, or one that no separator can begin, joins nothing whatever it holds (a
    joiner or an unknown sibling only ever follows a separator)."""
    reach = _reach(joiners)
    norm = ctx.norm
    runs: list[list[_Elem]] = []
    run: list[_Elem] | None = None          # the run the previous hit closes, once it has two elements
    prev: RuleHit | None = None
    for h in hits:                          # h[0], h[1]: start and end
        joined = None
        if prev is not None and 0 < h[0] - prev[1] <= reach and may_start_separator(norm[prev[1]]):
            joined = _join(ctx, prev[1], h, items, joiners)
        if joined is None:
            run = None
        else:
            if run is None:
                run = [_elem(prev)]
                runs.append(run)
            run.extend(joined)
        prev = h
    return runs


def _join(ctx: Context, lo: int, h: RuleHit, items: tuple[str, ...],
          joiners: tuple[str, ...]) -> list[_Elem] | None:
    """What ``h`` adds to the run ending at ``lo``: itself after a separator (or a separator and a joiner), itself
    and an unknown sibling standing between them, or nothing (``None``) when the gap holds anything else."""
    gap = ctx.norm[lo:h.start]
    if is_separator(gap) or any(gap.endswith(j) and is_separator(gap[:-len(j)]) for j in joiners):
        return [_elem(h)]
    mid = _interior_sibling(ctx, lo, h.start, items)
    return None if mid is None else [mid, _elem(h)]


def _elem(h: RuleHit) -> _Elem:
    kind, value = h.payload[0], h.payload[1]
    return _Elem(h.start, h.end, value if kind in ("slot", "nslot") else None, kind == "wrong",
                 h.payload[2] if kind == "nslot" else None)


def _interior_sibling(ctx: Context, lo: int, hi: int, items: tuple[str, ...]) -> _Elem | None:
    if hi - lo > SIBLING_GAP:
        return None
    shape = _sibling_shape(items)
    if shape is None:
        return None
    gap = ctx.norm[lo:hi]
    if shape[0] not in gap or shape[1] not in gap:
        return None                     # every match holds both: no need for the regex
    for m in _sibling_re(shape).finditer(gap):
        if is_separator(gap[:m.start()]) and is_separator(gap[m.end():]):
            return _Elem(lo + m.start(), lo + m.end(), None, False)
    return None


def check(ctx: Context, rule: Rule, hits: list[RuleHit]) -> list[Finding]:
    """Every check is derived from the formula's data: its lists (order, omission, intrusion, duplicates and
    one-character near misses of items, as runs of two or more items), then its names (the count they state,
    their near misses, the verbs and nouns that go with them)."""
    spec: SequenceSpec = rule.spec
    forms = _forms(rule, ctx)
    if not forms:
        return []
    names = [h for h in hits if h.payload[0] == "name"]
    parts = [h for h in hits if h.payload[0] in ("slot", "wrong", "nslot")]
    out: list[Finding] = []
    listed: list[tuple[int, int, int]] = []     # runs that clearly are this list: start, end, items named
    if len(parts) >= 2:
        for run in _runs(ctx, leftmost_longest(parts), spec.items, spec.joiners):
            found, is_list = _check_run(ctx, rule, run, names, forms)
            if is_list:
                listed.append((run[0].start, run[-1].end, len({e.slot for e in run if e.slot is not None})))
            out.extend(f for f in found if not ctx.excepted(rule, f.start, f.end))
    if len(parts) >= 2:
        out.extend(f for f in _enumerations(ctx, rule, parts, forms) if not ctx.excepted(rule, f.start, f.end))
    if rule.applies(ctx.as_of):
        out.extend(f for f in _name_checks(ctx, rule, hits, listed) if not ctx.excepted(rule, f.start, f.end))
    return out


_ORDINAL = regex_cache.compile(r"([一二三四五六七八九十]{1,2})是")
ENUM_GAP = 400          # farthest apart two consecutive points of an enumeration (一是……二是……) may be
ENUM_LEAD = 4           # characters allowed between 一是 and the item (一是提高政治判断力)


def _enumerations(ctx: Context, rule: Rule, parts: list[RuleHit], forms: list[_InForce]) -> list[Finding]:
    """A list written as points (一是政治判断力……二是政治领悟力……三是政治执行力), one item per point in one paragraph,
    checked as a list: an item out of its place, or one item missing from an enumeration that stops there."""
    spec: SequenceSpec = rule.spec
    points = []                             # (ordinal, hit) for items right after 一是, 二是 …
    for h in leftmost_longest([p for p in parts if p.payload[0] == "slot"]):
        lead = ctx.norm[max(0, h.start - ENUM_LEAD - 3):h.start]
        m = None
        for m in _ORDINAL.finditer(lead):
            pass
        if m is None or len(lead) - m.end() > ENUM_LEAD or not _all_cjk(lead[m.end():] or "一"):
            continue
        k = numeral_value(m.group(1))
        if k is not None:
            points.append((k, h))
    out = []
    group: list[tuple[int, RuleHit]] = []
    for k, h in points + [(0, None)]:
        if h is not None and group and k == group[-1][0] + 1 and h.start - group[-1][1].end <= ENUM_GAP \
                and "\n" not in ctx.norm[group[-1][1].end:h.start]:
            group.append((k, h))
            continue
        if len(group) >= 2 and group[0][0] == 1:
            out.extend(_check_points(ctx, rule, group, forms))
        group = [(k, h)] if h is not None else []
    return out


def _check_points(ctx: Context, rule: Rule, group: list[tuple[int, RuleHit]],
                  forms: list[_InForce]) -> list[Finding]:
    spec: SequenceSpec = rule.spec
    slots = [h.payload[1] for _, h in group]
    form = _form_of(forms, slots)
    if len(set(slots)) != len(slots) or form is None:
        return []
    name, canonical = form.name, form.canonical
    if slots != sorted(slots):
        expected = sorted(slots)
        for (k, h), want in zip(group, expected):
            if h.payload[1] != want:
                return [ctx.finding(rule, h.start, h.end, [spec.items[want]], severity=_severity(rule),
                                    name=name, canonical=canonical,
                                    problem=f"顺序有误：第{numeral(k, '二')}点应为“{spec.items[want]}”")]
    last = group[-1][1]
    after = ctx.norm[last.end:last.end + ENUM_GAP]
    nxt = numeral(group[-1][0] + 1, "二") + "是"
    if len(slots) == len(form.slots) - 1 and nxt not in after.split("\n")[0]:
        missing = (set(form.slots) - set(slots)).pop()
        first = group[0][1]
        return [ctx.finding(rule, first.start, first.end, [],
                            severity=cap(rule.severity, "warning"), name=name, canonical=canonical,
                            problem=f"分点列举缺少“{spec.items[missing]}”")]
    return []


def _severity(rule: Rule, certain: bool = True) -> str:
    return rule.severity if (certain and rule.spec.verified) else cap(rule.severity, "warning")


def _name_checks(ctx: Context, rule: Rule, hits: list[RuleHit], listed: list[tuple[int, int]]) -> list[Finding]:
    """Around every name of the formula (right, with a wrong count, or one character off): the count it states, a
    near miss, the verb before it and the noun after it. A wrong count or a near-missed name is flagged only in the
    formula's context (its list in the sentence, a governing verb, a noun of its own, or quotes), so an ordinary
    phrase that happens to look like one is left alone."""
    spec: SequenceSpec = rule.spec
    canonical = "、".join(spec.items)
    out = []
    for h in hits:
        kind = h.payload[0]
        if kind not in ("name", "count", "nname"):
            continue
        verb = _verb_before(ctx, h.start)
        noun = _noun_after(ctx, h.end)
        quoted = _quoted(ctx, h.start, h.end)
        sent = ctx.sentence(h.start)
        in_list = any(sent[0] <= s and e <= sent[1] for s, e, _ in listed)
        full_list = any(sent[0] <= s and e <= sent[1] and k == len(spec.items) for s, e, k in listed)
        strong = verb is not None or (noun is not None and noun[3]) or in_list
        if kind == "count":
            wrong_n, right_name = h.payload[1], h.payload[2]
            if strong or (quoted and _free_after(ctx, spec, h.end)) or \
                    len(right_name) - _numeral_length(right_name, spec) >= DISTINCT_ALONE:
                out.append(ctx.finding(rule, h.start, h.end, [right_name], severity=_severity(rule, strong),
                                       name=right_name, canonical=canonical,
                                       problem=f"数词有误：“{right_name}”共{numeral(len(spec.items), '两')}项，"
                                               f"不是{numeral(wrong_n, '两')}项"))
        elif kind == "nname":
            right_name, near = h.payload[1], h.payload[2]
            distinct = len(right_name) >= DISTINCT_ALONE
            if strong or quoted or distinct:
                out.append(ctx.finding(rule, h.start, h.end, [right_name],
                                       severity=_severity(rule, strong or len(right_name) > DISTINCT_ALONE),
                                       name=right_name, canonical=canonical,
                                       problem=f"有错字：“{near.wrong}”应为“{near.right}”（{near.how}）"))
        if kind == "name" and h.payload[1] not in (spec.name, *spec.names):
            f = _outdated_name(ctx, rule, h, strong, full_list, canonical)
            if f is not None:
                out.append(f)
        if spec.verbs and verb is not None and verb[2] not in spec.verbs:
            out.append(ctx.finding(rule, verb[0], verb[1], [spec.verbs[0]], severity=cap(rule.severity, "warning"),
                                   name=spec.name, canonical=canonical,
                                   problem=f"搭配不当：应与“{'”“'.join(spec.verbs)}”搭配，不用“{verb[2]}”"))
        if spec.nouns and noun is not None and noun[2] not in spec.nouns:
            right = [n for n in spec.nouns if n.endswith(noun[2][-2:])] or list(spec.nouns)
            out.append(ctx.finding(rule, noun[0], noun[1], right, severity=cap(rule.severity, "warning"),
                                   name=spec.name, canonical=canonical,
                                   problem=f"搭配不当：应为“{'”“'.join(right)}”，不是“{noun[2]}”"))
    return out


_QUOTES = "\"'"
# In the sentence of an earlier name, these mark a passage about the past (党的十八大提出“三个自信”，此后发展为…)
HISTORY_WINDOW = 20     # characters either side of an earlier name searched for those cues
_CONGRESS = regex_cache.compile(r"十[一二三四五六七八九]?大")


def _outdated_name(ctx: Context, rule: Rule, h: RuleHit, strong: bool, full_list: bool,
                   canonical: str) -> Finding | None:
    """An earlier name of the list (三个自信, 四位一体) used after it was replaced, outside a passage about the
    past (the current name, a congress or a history cue in the same sentence)."""
    spec: SequenceSpec = rule.spec
    old = h.payload[1]
    form = next((f for f in spec.history if f.name == old), None)
    if form is None:
        return None
    if full_list:               # the sentence lists more items than the old name counts
        return ctx.finding(rule, h.start, h.end, [spec.name], severity=_severity(rule), name=spec.name,
                           canonical=canonical, problem=f"数词有误：所列为{numeral(len(spec.items))}项")
    if ctx.as_of < form.until:
        return None
    s, e = ctx.sentence(h.start)
    near = ctx.norm[max(s, h.start - HISTORY_WINDOW):min(e, h.end + HISTORY_WINDOW)]
    if normalized(spec.name) in ctx.norm[s:e] or _CONGRESS.search(near) or any(c in near for c in HISTORY_CUES):
        return None
    return ctx.finding(rule, h.start, h.end, [spec.name], severity=_severity(rule, strong), name=spec.name,
                       canonical=canonical, problem=f"已过时：{form.until.isoformat()}起“{old}”已为“{spec.name}”")


def _free_after(ctx: Context, spec: SequenceSpec, e: int) -> bool:
    """Quotes make a miscounted name the formula's, unless the formula says which nouns follow it and another
    word does (“三位一体”工作格局 is an ordinary phrase; “三位一体”总体布局 a miscount of the 五位一体)."""
    if not spec.nouns:
        return True
    k = e + 1
    nxt = ctx.norm[k:k + 1]
    if not nxt or not "\u4e00" <= nxt <= "\u9fff" or nxt in "的和与及":
        return True
    return any(ctx.norm.startswith(normalized(n), k) for n in spec.nouns)


def _numeral_length(name: str, spec: SequenceSpec) -> int:
    span = count_slot(name, valid_counts(spec))
    return 0 if span is None else span[1] - span[0]


def _quoted(ctx: Context, s: int, e: int) -> bool:
    n = ctx.norm
    return s > 0 and e < len(n) and n[s - 1] in _QUOTES and n[e] in _QUOTES


def _verb_before(ctx: Context, s: int) -> tuple[int, int, str] | None:
    """The longest governing verb of any formula (``Context.verbs``) right before ``s`` (a quote between allowed)."""
    n = ctx.norm
    j = s - 1 if s > 0 and n[s - 1] in _QUOTES else s
    for v in ctx.verbs:                 # longest first
        if j >= len(v) and n.startswith(v, j - len(v)):
            return j - len(v), j, v
    return None


def _noun_after(ctx: Context, e: int) -> tuple[int, int, str, bool] | None:
    """A noun phrase right after ``e`` (a quote and 的 between allowed) ending in the head of a formula's noun
    (意义, 布局 …: ``Context.noun_heads``), with one to four characters before the head: (start, end, phrase,
    whether it is one of the formulas' nouns)."""
    n = ctx.norm
    k = e + 1 if e < len(n) and n[e] in _QUOTES else e
    if n.startswith("的", k):
        k += 1
    for head in ctx.noun_heads:
        p = n.find(head, k + 1, k + 5 + len(head))
        if p != -1 and all("\u4e00" <= c <= "\u9fff" and c != "的" for c in n[k:p]):
            phrase = n[k:p + len(head)]
            return k, p + len(head), phrase, phrase in ctx.nouns
    return None


def _near_name(ctx: Context, run: list[_Elem], names: list[RuleHit]) -> bool:
    s, e = run[0].start, run[-1].end
    sent = ctx.sentence(s)
    return any(sent[0] <= n.start < sent[1] and (0 <= s - n.end <= NAME_DISTANCE or 0 <= n.start - e <= NAME_DISTANCE)
               for n in names)


def _all_forms(spec: SequenceSpec) -> list[tuple[int, ...]]:
    """Every official form the list ever had: an older complete list is not an omission (whether it is outdated
    at the date is the outdated check's business)."""
    return [tuple(spec.items.index(x) for x in h.items) for h in spec.history]


def _governed(ctx: Context, spec: SequenceSpec, s: int) -> bool:
    """One of the formula's own verbs, or a verb of the same head (全面推进, 大力推进 for 统筹推进), before ``s``,
    with at most a quote or a short modifier (社会主义) between."""
    n = ctx.norm
    j = s - 1 if s > 0 and n[s - 1] in _QUOTES else s
    before = n[max(0, j - GOVERNED_GAP - 4):j]
    for v in spec.verbs:
        head = normalized(v)[-2:]
        k = before.rfind(head)
        if k != -1 and all("\u4e00" <= c <= "\u9fff" for c in before[k + 2:]) and len(before) - k - 2 <= GOVERNED_GAP:
            return True
    return False


def _said_in_sentence(ctx: Context, pos: int, item: str) -> bool:
    """The item left out of the run is named elsewhere in the sentence (把生态文明建设放在突出地位，融入经济建设、
    政治建设、文化建设、社会建设各方面): the run is not the list with an item missing."""
    s, e = ctx.sentence(pos)
    return ctx.norm.find(normalized(item), s, e) != -1


def _named_in_sentence(ctx: Context, run: list[_Elem], names: list[RuleHit]) -> bool:
    sent = ctx.sentence(run[0].start)
    return any(sent[0] <= n.start < sent[1] for n in names)


def _check_run(ctx: Context, rule: Rule, run: list[_Elem], names: list[RuleHit],
               forms: list[_InForce]) -> tuple[list[Finding], bool]:
    """Judge a run against the official form of the date that holds its items (its items, order and count)."""
    spec: SequenceSpec = rule.spec
    slots = [e.slot for e in run if e.slot is not None]
    wrong = [e for e in run if e.slot is None]
    if len(run) < 2 or len(wrong) > 1:
        return [], False                        # two strangers: not this list
    form = _form_of(forms, slots)
    if form is None:
        return _later_items_aside(ctx, rule, run, names, forms) if not wrong else ([], False)
    full, name, canonical = form.slots, form.name, form.canonical
    n = len(full)
    near = bool(names) and _near_name(ctx, run, names)
    need = 2 if near else spec.min_run
    start, end = run[0].start, run[-1].end
    if len(set(slots)) != len(slots):
        return _duplicate(ctx, rule, run, slots, wrong, need, form)
    ordered = slots == sorted(slots)
    if wrong:
        missing = sorted(set(full) - set(slots))
        w = wrong[0]
        if len(slots) != n - 1 or len(missing) != 1 or not ordered or not (len(slots) + 1 >= need):
            return [], False
        m = missing[0]
        if [e.slot for e in run].index(None) != full.index(m):   # the stranger must stand in the missing item's place
            return [], True
        sev = rule.severity if w.wrong else cap(rule.severity, "warning")
        return [ctx.finding(rule, w.start, w.end, [spec.items[m]], severity=sev, name=name,
                            problem=f"中“{ctx.text[w.start:w.end]}”应为“{spec.items[m]}”",
                            canonical=canonical)], True
    omission = False
    fs = [f.slots for f in forms]
    if (ordered and len(full) - len(slots) == 1
            and not any(set(f) <= set(slots) for f in fs)
            and (near or not _said_in_sentence(ctx, start, spec.items[(set(full) - set(slots)).pop()]))):
        # cued: the formula is named in the sentence, its list quoted or governed by its own verb (or one of the
        # same head: 全面推进 for 统筹推进); uncued, only a long list with one item missing that is no earlier form
        # of the list (a passage on an earlier period: 党领导人民进行经济建设、政治建设、文化建设、社会建设)
        omission = (_named_in_sentence(ctx, run, names) or _quoted(ctx, start, end)
                    or _governed(ctx, spec, start)
                    or (len(full) >= OMISSION_ALONE and not any(set(f) <= set(slots) for f in _all_forms(spec))))
    if len(slots) < need and not (omission and len(slots) >= 2):
        return [], False
    if not ordered:
        return [ctx.finding(rule, start, end, [_reorder(ctx, run, spec)], severity=_severity(rule), name=name,
                            problem="顺序有误", canonical=canonical)], True
    nears = _near_items(ctx, rule, run, form)
    if nears:
        return nears, True
    if omission:
        m = (set(full) - set(slots)).pop()
        return [ctx.finding(rule, start, end, [_insert(ctx, run, m, spec)], severity=cap(rule.severity, "warning"),
                            name=name, problem=f"缺少“{spec.items[m]}”", canonical=canonical)], True
    return [], True


def _later_items_aside(ctx: Context, rule: Rule, run: list[_Elem], names: list[RuleHit],
                       forms: list[_InForce]) -> tuple[list[Finding], bool]:
    """A list that also names an item only a later form has (生态文明建设 after the 四位一体 in 2010, 文化自信 in
    2015) is no list of that date, so neither its count nor an omission is judged; but the items the form of the
    date does hold keep their official order and spelling, so those are judged with the later items set aside."""
    spec: SequenceSpec = rule.spec
    have = {e.slot for e in run}
    form = max(forms, key=lambda f: (len(have & set(f.slots)), -len(f.slots)))
    kept = [e for e in run if e.slot in form.slots]
    need = 2 if names and _near_name(ctx, run, names) else spec.min_run
    if len(kept) < max(2, need) or len({e.slot for e in kept}) != len(kept):
        return [], False
    start, end = run[0].start, run[-1].end
    rank = {slot: i for i, slot in enumerate(form.slots)}
    if [rank[e.slot] for e in kept] != sorted(rank[e.slot] for e in kept):
        return [ctx.finding(rule, start, end, [_reorder(ctx, run, spec)], severity=_severity(rule), name=form.name,
                            problem="顺序有误", canonical=form.canonical)], True
    return _near_items(ctx, rule, kept, form), True


def _near_items(ctx: Context, rule: Rule, run: list[_Elem], form: _InForce) -> list[Finding]:
    """One finding per item written with a one-character near miss (社挥建设 for 社会建设)."""
    out = []
    for e in run:
        if e.near is None:
            continue
        h = e.near
        fixed = ctx.text[e.start:e.end]
        fixed = fixed[:h.pos] + h.right + fixed[h.pos + 1:]
        out.append(ctx.finding(rule, e.start, e.end, [fixed], severity=_severity(rule), name=form.name,
                               problem=f"有错字：“{h.wrong}”应为“{h.right}”（{h.how}）", canonical=form.canonical))
    return out


def _duplicate(ctx: Context, rule: Rule, run: list[_Elem], slots: list[int], wrong: list[_Elem], need: int,
               form: _InForce) -> tuple[list[Finding], bool]:
    """An item written twice: in the place of a missing item (suggest that item), or as one too many (suggest the
    list without it). Anything else with a repeated item is not taken for this list."""
    spec: SequenceSpec = rule.spec
    full, name, canonical = list(form.slots), form.name, form.canonical
    n = len(full)
    if wrong or len(set(slots)) < max(need, n - 1) or len(slots) > n + 1:
        return [], False
    seen: set[int] = set()
    for i, e in enumerate(run):
        if e.slot in seen:
            dup = i
            break
        seen.add(e.slot)
    rest = run[:dup] + run[dup + 1:]
    if len(slots) == n:                                  # stands where the missing item belongs
        missing = sorted(set(full) - set(slots))
        order = [e.slot for e in run]
        order[dup] = missing[0]
        if order != full:
            return [], False
        e = run[dup]
        return [ctx.finding(rule, e.start, e.end, [spec.items[missing[0]]], severity=_severity(rule), name=name,
                            problem=f"中“{ctx.text[e.start:e.end]}”重复，应为“{spec.items[missing[0]]}”",
                            canonical=canonical)], True
    if [e.slot for e in rest] != full:
        return [], False
    lo = run[dup - 1].end
    e = run[dup]
    return [ctx.finding(rule, lo, e.end, [""], severity=_severity(rule), name=name,
                        problem=f"中“{ctx.text[e.start:e.end]}”重复", canonical=canonical)], True


def _reorder(ctx: Context, run: list[_Elem], spec: SequenceSpec) -> str:
    """The same components in official order, each separator left where it was (a near-missed item corrected)."""
    texts = [spec.items[e.slot] if e.near is not None else ctx.text[e.start:e.end]
             for e in sorted(run, key=lambda e: e.slot)]
    out = [texts[0]]
    for i in range(1, len(run)):
        out.append(ctx.text[run[i - 1].end:run[i].start])
        out.append(texts[i])
    return "".join(out)


def _insert(ctx: Context, run: list[_Elem], missing: int, spec: SequenceSpec) -> str:
    texts = [ctx.text[e.start:e.end] for e in run]
    gaps = [ctx.text[run[i - 1].end:run[i].start] for i in range(1, len(run))]
    pos = sum(1 for e in run if e.slot < missing)
    sep = gaps[0] if gaps and normalize(gaps[0]) == "、" else "、"
    texts.insert(pos, spec.items[missing])
    gaps.insert(min(pos, len(gaps)), sep)
    out = [texts[0]]
    for g, t in zip(gaps, texts[1:]):
        out.extend([g, t])
    return "".join(out)
