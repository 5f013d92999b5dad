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

from analyzer.lexicon.kinds.rules import Rule, SequenceSpec
from analyzer.model import Finding
from analyzer.text.normalize import normalize
from analyzer.analyses.formulations.common import (
    MAX_SEP,
    Context,
    RuleHit,
    cap,
    is_separator,
    leftmost_longest,
    may_start_separator,
    punct_variants,
)

NUMERALS = "两三四五六七八九十"
NAME_RE = re.compile(r"^([一两二三四五六七八九十]+)([个大种项条])(.+)$")
NAME_DISTANCE = 12      # a short name this close (same sentence) marks the run as the list
SIBLING_GAP = 20        # widest gap searched for an unknown sibling item (…意识 among the 四个意识)


@dataclass
class _Elem:
    start: int
    end: int
    slot: int | None          # component index, None for a wrong sibling
    wrong: bool = False


def _numeral(n: int) -> str:
    return NUMERALS[n - 2] if 2 <= n <= 10 else str(n)


def valid_counts(spec: SequenceSpec) -> set[str]:
    return {_numeral(len(spec.items))} | {_numeral(len(h.items)) for h in spec.history}


def patterns(rule: Rule):
    spec: SequenceSpec = rule.spec
    for i, item in enumerate(spec.items):
        for text in (item, *spec.aliases.get(item, ())):
            for v in punct_variants(text):
                yield v, ("slot", i)
    for x in spec.intruders:
        for v in punct_variants(x):
            yield v, ("wrong", x)
    names = {spec.name} | {h.name for h in spec.history if h.name}
    for n in names:
        yield n, ("name", n)
    m = NAME_RE.match(spec.name)
    if m:
        ok = valid_counts(spec)
        for num in NUMERALS:
            if num not in ok:
                yield f"{num}{m.group(2)}{m.group(3)}", ("count", num)


def radius(rule: Rule, payload: tuple) -> int | None:
    """How near another hit of the rule must be for a hit to matter (see ``PatternScan.lone``). A list item
    farther than the widest joining gap from every other hit of the rule is in no run, and leaving it out joins
    no other two; a short name that far is near no run (NAME_DISTANCE <= SIBLING_GAP). A count word matters
    anywhere in the sentence of a listed run."""
    return None if payload[0] == "count" else _reach(rule.spec.joiners)


def _forms(rule: Rule, ctx: Context) -> list[tuple[int, ...]]:
    """Slot lists that are official at the document's date."""
    spec: SequenceSpec = rule.spec
    out = []
    if rule.applies(ctx.as_of):
        out.append(tuple(range(len(spec.items))))
    for h in spec.history:
        if (h.since is None or ctx.as_of >= h.since) and ctx.as_of < h.until:
            out.append(tuple(spec.items.index(x) for x in h.items))
    return out


@lru_cache(maxsize=None)
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


@lru_cache(maxsize=None)
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
    kind, value = h.payload
    return _Elem(h.start, h.end, value if kind == "slot" else None, kind == "wrong")


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
    """Findings come only from runs of two or more items, so most calls (a rule's items scattered through the
    text) end before anything else is computed, the official forms at the date included."""
    parts = [h for h in hits if h.payload[0] in ("slot", "wrong")]
    if len(parts) < 2:
        return []           # no run of two: no finding, and no list for a count word to contradict
    spec: SequenceSpec = rule.spec
    runs = _runs(ctx, leftmost_longest(parts), spec.items, spec.joiners)
    if not runs:
        return []
    forms = _forms(rule, ctx)
    if not forms:
        return []
    names = [h for h in hits if h.payload[0] == "name"]
    out: list[Finding] = []
    listed: list[tuple[int, int]] = []      # runs that clearly are this list (for the count-word check)
    for run in runs:
        f, is_list = _check_run(ctx, rule, run, names, forms)
        if is_list:
            listed.append((run[0].start, run[-1].end))
        if f is not None and not ctx.excepted(rule, f.start, f.end):
            out.append(f)
    if listed:
        out.extend(_count_words(ctx, rule, hits, listed))
    return out


def _count_words(ctx: Context, rule: Rule, hits: list[RuleHit], listed: list[tuple[int, int]]) -> list[Finding]:
    """A wrong count word (三个意识) in the same sentence as a run that clearly is the list."""
    spec: SequenceSpec = rule.spec
    out = []
    for c in hits:
        if c.payload[0] != "count":
            continue
        sent = ctx.sentence(c.start)
        if any(sent[0] <= s and e <= sent[1] for s, e in listed):
            right = spec.name
            out.append(ctx.finding(rule, c.start, c.end, [right], name=spec.name,
                                   problem=f"数词有误：所列为{_numeral(len(spec.items))}项",
                                   canonical="、".join(spec.items)))
    return out


def _near_name(ctx: Context, run: list[_Elem], names: list[RuleHit]) -> bool:
    s, e = run[0].start, run[-1].end
    sent = ctx.sentence(s)
    return any(sent[0] <= n.start < sent[1] and (0 <= s - n.end <= NAME_DISTANCE or 0 <= n.start - e <= NAME_DISTANCE)
               for n in names)


def _check_run(ctx: Context, rule: Rule, run: list[_Elem], names: list[RuleHit],
               forms: list[tuple[int, ...]]) -> tuple[Finding | None, bool]:
    spec: SequenceSpec = rule.spec
    n = len(spec.items)
    slots = [e.slot for e in run if e.slot is not None]
    wrong = [e for e in run if e.slot is None]
    if len(run) < 2 or len(set(slots)) != len(slots) or len(wrong) > 1:
        return None, False                      # a lone item, an item twice, or two strangers: not this list
    near = bool(names) and _near_name(ctx, run, names)
    need = 2 if near else spec.min_run
    ordered = slots == sorted(slots)
    canonical = "、".join(spec.items)
    start, end = run[0].start, run[-1].end
    if wrong:
        missing = sorted(set(range(n)) - set(slots))
        w = wrong[0]
        if len(slots) != n - 1 or len(missing) != 1 or not ordered or not (len(slots) + 1 >= need):
            return None, False
        m = missing[0]
        if [e.slot for e in run].index(None) != m:   # the stranger must stand in the missing item's place
            return None, True
        sev = rule.severity if w.wrong else cap(rule.severity, "warning")
        return ctx.finding(rule, w.start, w.end, [spec.items[m]], severity=sev, name=spec.name,
                           problem=f"中“{ctx.text[w.start:w.end]}”应为“{spec.items[m]}”",
                           canonical=canonical), True
    if len(slots) < need:
        return None, False
    if not ordered:
        return ctx.finding(rule, start, end, [_reorder(ctx, run)], name=spec.name,
                           problem="顺序有误", canonical=canonical), True
    if near and not any(set(f) <= set(slots) for f in forms):
        full = forms[0]
        if len(full) - len(slots) == 1 and set(slots) <= set(full):
            m = (set(full) - set(slots)).pop()
            return ctx.finding(rule, start, end, [_insert(ctx, run, m, spec)], severity=cap(rule.severity, "warning"),
                               name=spec.name, problem=f"缺少“{spec.items[m]}”", canonical=canonical), True
    return None, True


def _reorder(ctx: Context, run: list[_Elem]) -> str:
    """The same components in official order, each separator left where it was."""
    texts = [ctx.text[e.start:e.end] for e in sorted(run, key=lambda e: e.slot)]
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
