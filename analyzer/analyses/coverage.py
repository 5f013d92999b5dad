"""Theme coverage: which themes a document carries, how seriously, and a score weighted by its profile.

A reviewer's question is not only "is 两个维护 there?" but "is it a slogan dropped once, or a section with
measures and results?". So every mention is weighed by its context (see ``docs/coverage.md``):

- a mention in a sentence with concrete content (``analyzer.text.facts.SUBSTANTIVE``: a number, a date or
  deadline, a named document or activity, a result) or in the body of a section whose heading names the theme
  counts as substance;
- slogan-only mentions saturate fast: however many, they never reach ``covered`` on their own.

Matching runs over the raw text (normalised, quotes and spaces squeezed out) with one Aho-Corasick automaton
built once per lexicon; within a theme the longest match wins, across themes a span may evidence several
(the full 两个确立 statement also names the Thought)."""
from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from operator import attrgetter

from analyzer.analyses import placeholders
from analyzer.lexicon import Lexicon
from analyzer.lexicon.kinds.themes import match_key
from analyzer.text.matcher import PhraseMatcher
from analyzer.model import CREDIT, Coverage, Document, Span, ThemeResult
from analyzer.options import Options
from analyzer.text import facts
from analyzer.text.normalize import normalize, sentence_spans, squeeze, unsqueeze

RELATED_STRENGTH = 0.5      # a related term is half the evidence of a form
SLOGAN_CAP = 0.3            # what any number of slogan-only mentions can add up to
SLOGAN_HALF = 0.5           # each further slogan closes half of the remaining gap to the cap
SUBSTANCE = 0.4             # a mention with concrete content, or in the body under a heading naming the theme
SUBSTANCE_BOTH = 0.55       # both at once
COVERED_AT = 0.35           # depth from which a theme counts as covered (slogans alone stay below)
MAX_EVIDENCE = 20           # spans listed per theme (mentions counts them all)

_MASK = "□"

# Numbered formulas (四个意识、三会一课、十四五…) are masked with the theme mentions before looking for facts: their
# numerals are part of a name, not a count.
NUMBERED_FORMULA_GROUP = "numbered-formula"


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    strength: float     # 1.0 form, RELATED_STRENGTH related


ENUMERATION_SPAN = 120      # characters an enumerated list (一是…二是…三是…) may spread over
ENUMERATION_ITEM = 3        # shortest list item matched on its own (学纪、知纪 are too short to stand alone)


@dataclass(frozen=True)
class _Compiled:
    matcher: PhraseMatcher
    lists: tuple[tuple[str, tuple[str, ...]], ...] = ()     # (theme id, normalised items) of list forms
    # the lists whose items the automaton finds in its pass (patterns are normalised: an item must be its own
    # normal form); the items of the others are looked for one by one
    matched_lists: frozenset[int] = frozenset()


def _list_items(form: str) -> tuple[str, ...] | None:
    """The items of a form that is an ordered list (政治判断力、政治领悟力、政治执行力), else None."""
    key = match_key(form)
    items = tuple(normalize(i) for i in key.split("、"))
    if len(items) >= 3 and not any(c in key for c in "，,；;") and all(len(i) >= ENUMERATION_ITEM for i in items):
        return items
    return None


_FORMULA = "#formula"        # payload id of a numbered formula in the automaton (masked, never a theme)
_ITEM = "#item"              # payload id of a list form's item: (_ITEM, (list number, item number))


def _build(lexicon: Lexicon) -> _Compiled:
    lists = []
    for tid, theme in lexicon.kind("themes").items():
        for f in theme.forms:
            found = _list_items(f)
            if found:
                lists.append((tid, found))
    items = []
    for tid, theme in lexicon.kind("themes").items():
        items += [(match_key(f), (tid, 1.0)) for f in theme.forms]
        items += [(match_key(f), (tid, RELATED_STRENGTH)) for f in theme.related]
        items += [(match_key(f), (tid, None)) for f in theme.exceptions]
    formulas = [t for e in lexicon.kind("phrases").values() if e.group == NUMBERED_FORMULA_GROUP for t in e.terms]
    items += [(match_key(t), (_FORMULA, None)) for t in dict.fromkeys(formulas)]
    matched = frozenset(n for n, (_, found) in enumerate(lists) if all(normalize(i) == i for i in found))
    items += [(item, (_ITEM, (n, k))) for n in sorted(matched) for k, item in enumerate(lists[n][1])]
    return _Compiled(PhraseMatcher(items), tuple(lists), matched)


def _occurrences(squeezed: str, items: tuple[str, ...]) -> list[tuple[int, int, int]]:
    """(start, end, item number) of every occurrence of every item in ``squeezed``, overlapping ones included:
    what the automaton's pass gives for the items it holds. Empty when an item is missing."""
    occ = []
    for k, item in enumerate(items):
        i = squeezed.find(item)
        if i < 0:
            return []
        while i >= 0:
            occ.append((i, i + len(item), k))
            i = squeezed.find(item, i + 1)
    return occ


def _enumerations(occ: list[tuple[int, int, int]], items: tuple[str, ...]) -> list[tuple[int, int]]:
    """Spans where every item of a list stands within ``ENUMERATION_SPAN`` characters, in any layout:
    "一是提高政治判断力……二是提高政治领悟力……三是提高政治执行力", "…和…", one item a line. ``occ``: the items'
    occurrences in the squeezed text (``_occurrences``), in any order."""
    if len({k for _, _, k in occ}) < len(items):
        return []
    occ.sort()
    out: list[tuple[int, int]] = []
    counts = [0] * len(items)
    have = 0
    left = 0
    for right, (s, e, k) in enumerate(occ):
        if out and s < out[-1][1]:
            left = right + 1
            continue
        counts[k] += 1
        have += counts[k] == 1
        while occ[left][0] < e - ENUMERATION_SPAN:
            lk = occ[left][2]
            counts[lk] -= 1
            have -= counts[lk] == 0
            left += 1
        if have == len(items):
            out.append((occ[left][0], max(o[1] for o in occ[left:right + 1])))
            counts = [0] * len(items)
            have = 0
            left = right + 1
    return out


def find_mentions(text: str, lexicon: Lexicon, fmt: str = "txt") -> dict[str, list[Mention]]:
    """Theme id -> its mentions in ``text`` (offsets into ``text``), in order. Within a theme, leftmost-longest
    and non-overlapping; a hit inside one of the theme's ``exceptions`` does not count, nor one a placeholder
    touches ("***新时代中国特色社会主义思想" is a masked formula, not the Thought)."""
    return _scan(text, lexicon, fmt)[0]


def formula_spans(text: str, lexicon: Lexicon) -> list[tuple[int, int]]:
    """Where the lexicon's numbered formulas (四个意识、三会一课…) stand in ``text``: masked before looking for facts."""
    return _scan(text, lexicon)[1]


def _scan(text: str, lexicon: Lexicon, fmt: str = "txt") -> tuple[dict[str, list[Mention]], list[tuple[int, int]]]:
    """One pass of the automaton: the themes' mentions and the numbered formulas' spans."""
    compiled = lexicon.compiled("coverage.themes", _build)
    holes = placeholders.find(text, lexicon, fmt)
    squeezed, shifts = squeeze(normalize(text))
    per_theme: dict[str, list[tuple[int, int, float]]] = {}
    blocked: dict[str, list[tuple[int, int]]] = {}
    listed: dict[int, list[tuple[int, int, int]]] = {}     # list number -> its items' occurrences
    for hit in compiled.matcher.iter_all(text, normalized=squeezed):
        for tid, strength in hit.payloads:
            if strength is None:
                blocked.setdefault(tid, []).append((hit.start, hit.end))
            elif tid == _ITEM:
                listed.setdefault(strength[0], []).append((hit.start, hit.end, strength[1]))
            else:
                per_theme.setdefault(tid, []).append((hit.start, hit.end, strength))
    # enumerated lists count for their themes (positions into ``squeezed``, like the automaton's)
    for n, (tid, items) in enumerate(compiled.lists):
        occ = listed.get(n, []) if n in compiled.matched_lists else _occurrences(squeezed, items)
        for s, e in _enumerations(occ, items):
            per_theme.setdefault(tid, []).append((s, e, 1.0))
    out: dict[str, list[Mention]] = {}
    for tid, hits in per_theme.items():
        exc = blocked.get(tid, ())
        hits.sort(key=lambda h: (h[0], -(h[1] - h[0]), -h[2]))
        chosen: list[Mention] = []
        last_end = -1
        for s, e, strength in hits:
            if s < last_end or any(a <= s and e <= b for a, b in exc):
                continue
            os_, oe = unsqueeze(shifts, s, e)
            last_end = e
            if holes and placeholders.touches(holes, text, os_, oe):
                continue
            chosen.append(Mention(os_, oe, strength))
        if chosen:
            out[tid] = chosen
    return out, [unsqueeze(shifts, s, e) for s, e in blocked.get(_FORMULA, ())]


class _Context:
    """Per-document lookups shared by all themes: sentence of a position, its concreteness, heading chain."""

    def __init__(self, doc: Document, mentions: dict[str, list[Mention]], masked: list[tuple[int, int]] = ()):
        self.doc = doc
        self.sentences = sentence_spans(doc.text)
        self.sent_starts = [s for s, _ in self.sentences]
        # normalize maps character by character and leaves _MASK alone, so masking the (cached) normalised text
        # equals normalising the masked one; a sentence is then searched in place, without slicing
        self.masked = _mask(normalize(doc.text),
                            [(m.start, m.end) for ms in mentions.values() for m in ms] + list(masked))
        self._concrete: dict[int, bool] = {}
        self._section: dict[int, bool] = {}
        self.paragraphs = sorted(doc.paragraphs, key=attrgetter("start"))
        self.par_starts = [p.start for p in self.paragraphs]
        self.chains = _heading_chains(self.paragraphs)

    def concrete(self, pos: int) -> bool:
        i = bisect_right(self.sent_starts, pos) - 1
        if i < 0:
            return False
        if i not in self._concrete:
            s, e = self.sentences[i]
            self._concrete[i] = facts.has_substance(self.masked, s, e)
        return self._concrete[i]

    def section_concrete(self, heading: int) -> bool:
        """Whether the section a heading opens (up to the next heading of the same or a higher level) has a
        sentence with concrete content: then the heading stands for a section of measures and results."""
        if heading not in self._section:
            level = self.paragraphs[heading].level or 1
            found = False
            for p in self.paragraphs[heading + 1:]:
                if p.kind == "heading":
                    if (p.level or 1) <= level:
                        break
                    continue
                if any(self.concrete(s) for s, _ in sentence_spans(self.doc.text, p.start, p.end)):
                    found = True
                    break
            self._section[heading] = found
        return self._section[heading]

    def paragraph(self, pos: int) -> int | None:
        i = bisect_right(self.par_starts, pos) - 1
        if i >= 0 and pos < self.paragraphs[i].end:
            return i
        return None


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    if not spans:
        return text
    parts, pos = [], 0
    for s, e in sorted(spans):
        if e <= pos:
            continue
        s = max(s, pos)
        parts += [text[pos:s], _MASK * (e - s)]
        pos = e
    parts.append(text[pos:])
    return "".join(parts)


def _heading_chains(paragraphs) -> list[tuple[int, ...]]:
    """For each paragraph, the indices of the headings it sits under (outermost first); a heading's own chain
    is its ancestors. Headings without a level are treated as level 1."""
    chains: list[tuple[int, ...]] = []
    stack: list[tuple[int, int]] = []       # (level, paragraph index)
    under: tuple[int, ...] = ()             # the chain of the paragraphs after the last heading (one shared tuple)
    for i, p in enumerate(paragraphs):
        if p.kind == "heading":
            level = p.level or 1
            while stack and stack[-1][0] >= level:
                stack.pop()
            chains.append(tuple(j for _, j in stack))
            stack.append((level, i))
            under = tuple(j for _, j in stack)
        else:
            chains.append(under)
    return chains


def theme_depth(mentions: list[Mention], ctx: _Context) -> float:
    """0..1; see docs/coverage.md for the formula."""
    heading_pars = set()
    for m in mentions:
        pi = ctx.paragraph(m.start)
        if pi is not None and ctx.paragraphs[pi].kind == "heading":
            heading_pars.add(pi)
    slogans = 0.0
    remaining = 1.0
    for m in mentions:
        pi = ctx.paragraph(m.start)
        in_heading = pi is not None and ctx.paragraphs[pi].kind == "heading"
        under = (not in_heading and pi is not None and any(h in heading_pars for h in ctx.chains[pi]))
        concrete = ctx.section_concrete(pi) if in_heading else ctx.concrete(m.start)
        if concrete or under:
            remaining *= 1.0 - m.strength * (SUBSTANCE_BOTH if (concrete and under) else SUBSTANCE)
        else:
            slogans += m.strength
    slogan_part = SLOGAN_CAP * (1.0 - SLOGAN_HALF ** slogans)
    return 1.0 - (1.0 - slogan_part) * remaining


def status_of(mentions: int, depth: float) -> str:
    if mentions == 0:
        return "missing"
    return "covered" if depth >= COVERED_AT - 1e-9 else "shallow"


def score(results: list[ThemeResult]) -> float:
    """100 x weighted share of required themes credited (covered 1, shallow 0.5, missing 0); 100 when the
    profile requires nothing at this date."""
    total = sum(r.weight for r in results if r.required)
    if total <= 0:
        return 100.0
    got = sum(r.weight * CREDIT[r.status] for r in results if r.required)
    return 100.0 * got / total


def run(doc: Document, lexicon: Lexicon, options: Options) -> Coverage:
    if not lexicon.kind("themes"):
        return Coverage(score=100.0, themes=[])
    mentions, formulas = _scan(doc.text, lexicon, doc.format)
    ctx = _Context(doc, mentions, formulas)
    text = doc.text
    results = []
    for tid, name, category, required, weight, applies in _plan(lexicon, options.profile, options.as_of):
        ms = mentions.get(tid)
        if not ms:
            results.append(ThemeResult(id=tid, name=name, category=category, required=required, weight=weight,
                                       status=status_of(0, 0.0) if applies else "not_applicable", mentions=0,
                                       depth=0.0, evidence=[]))
            continue
        depth = theme_depth(ms, ctx)
        evidence = [Span(m.start, m.end, text[m.start:m.end]) for m in ms[:MAX_EVIDENCE]]
        results.append(ThemeResult(id=tid, name=name, category=category, required=required, weight=weight,
                                   status=status_of(len(ms), depth) if applies else "not_applicable",
                                   mentions=len(ms), depth=round(depth, 4), evidence=evidence))
    return Coverage(score=round(score(results), 2), themes=results)


_PlanRow = tuple[str, str, str, bool, float, bool]     # id, name, category, required, weight, applies


@lru_cache(maxsize=64)
def _plan(lexicon: Lexicon, profile_id: str, as_of: dt.date) -> tuple[_PlanRow, ...]:
    """What the themes' results look like before any document is read, in report order (required first, then by
    category order, then lexicon order): it depends only on the profile and the date, so it is worked out once
    per (lexicon, profile, date) rather than for every theme of every document; and the date counts only through
    which themes apply at it, so documents of different dates mostly share one plan."""
    return _plan_applying(lexicon, profile_id, tuple(t.applies(as_of) for t in lexicon.kind("themes").values()))


@lru_cache(maxsize=64)
def _plan_applying(lexicon: Lexicon, profile_id: str, applying: tuple[bool, ...]) -> tuple[_PlanRow, ...]:
    """``_plan`` for the themes that apply (``applying``: for each theme, in lexicon order)."""
    profile = lexicon.kind("profiles").get(profile_id)
    weights = {t.theme: t.weight for t in profile.themes} if profile is not None else {}
    categories = lexicon.kind("categories")         # every theme's category exists (checked at load)
    rows = []
    for pos, ((tid, theme), applies) in enumerate(zip(lexicon.kind("themes").items(), applying)):
        required = applies and tid in weights
        category = categories[theme.category]
        rows.append(((not required, category.order, pos),
                     (tid, theme.name, category.name, required, weights.get(tid, 0.0), applies)))
    return tuple(row for _, row in sorted(rows, key=lambda r: r[0]))
