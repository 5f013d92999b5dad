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

from ..lexicon_kinds.rules import Rule, SequenceSpec
from ..model import Finding
from ..text import normalize
from .common import Context, RuleHit, cap, is_separator, leftmost_longest, punct_variants

NUMERALS = "两三四五六七八九十"
NAME_RE = re.compile(r"^([一两二三四五六七八九十]+)([个大种项条])(.+)$")
NAME_DISTANCE = 12      # a short name this close (same sentence) marks the run as the list
CJK = re.compile(r"^[\u4e00-\u9fff]+$")


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


def _sibling_shape(spec: SequenceSpec) -> re.Pattern | None:
    """An unknown item shaped like the others (…意识 among 政治意识、大局意识 …)."""
    return _shape_of(spec.items)


@lru_cache(maxsize=None)
def _shape_of(items: tuple[str, ...]) -> re.Pattern | None:
    """Built once per item list, not once per document and rule (~6 µs each, ~800 times over the corpus)."""
    pre = os.path.commonprefix(items)
    suf = os.path.commonprefix([s[::-1] for s in items])[::-1]
    if len(pre) + len(suf) < 2 or any(len(s) <= len(pre) + len(suf) for s in items):
        return None
    lo, hi = min(map(len, items)), max(map(len, items))
    return re.compile(rf"{re.escape(pre)}[\u4e00-\u9fff]{{{max(1, lo - len(pre) - len(suf))},"
                      rf"{hi - len(pre) - len(suf)}}}{re.escape(suf)}")


def _runs(ctx: Context, elems: list[_Elem], sibling: re.Pattern | None,
          joiners: tuple[str, ...] = ()) -> list[list[_Elem]]:
    runs: list[list[_Elem]] = []
    for e in elems:
        if runs:
            prev = runs[-1][-1]
            gap = ctx.norm[prev.end:e.start]
            if is_separator(gap) or any(gap.endswith(j) and is_separator(gap[:-len(j)]) for j in joiners):
                runs[-1].append(e)
                continue
            mid = _interior_sibling(ctx, prev.end, e.start, sibling)
            if mid is not None:
                runs[-1].extend([mid, e])
                continue
        runs.append([e])
    return runs


def _interior_sibling(ctx: Context, lo: int, hi: int, sibling: re.Pattern | None) -> _Elem | None:
    if sibling is None or hi - lo > 20:
        return None
    gap = ctx.norm[lo:hi]
    for m in sibling.finditer(gap):
        if is_separator(gap[:m.start()]) and is_separator(gap[m.end():]) and CJK.match(m.group()):
            return _Elem(lo + m.start(), lo + m.end(), None, False)
    return None


def check(ctx: Context, rule: Rule, hits: list[RuleHit]) -> list[Finding]:
    forms = _forms(rule, ctx)
    if not forms:
        return []
    spec: SequenceSpec = rule.spec
    parts = [h for h in hits if h.payload[0] in ("slot", "wrong")]
    names = [h for h in hits if h.payload[0] == "name"]
    counts = [h for h in hits if h.payload[0] == "count"]
    elems = [_Elem(h.start, h.end, h.payload[1] if h.payload[0] == "slot" else None, h.payload[0] == "wrong")
             for h in leftmost_longest(parts)]
    out: list[Finding] = []
    listed: list[tuple[int, int]] = []      # runs that clearly are this list (for the count-word check)
    for run in _runs(ctx, elems, _sibling_shape(spec), spec.joiners):
        f, is_list = _check_run(ctx, rule, run, names, forms)
        if is_list:
            listed.append((run[0].start, run[-1].end))
        if f is not None and not ctx.excepted(rule, f.start, f.end):
            out.append(f)
    for c in counts:
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
