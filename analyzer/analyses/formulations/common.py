"""What every rule type needs around its hits: the text, its normalised twin, sentences, exceptions, findings."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter
from typing import NamedTuple

from analyzer.kernels import regex_cache
from analyzer.lexicon.kinds.rules import Rule
from analyzer.model import Finding
from analyzer.text.normalize import normalize

# Between two items of a list: enumeration commas, conjunctions, quotes, spaces (normalised text).
LIST_SEP = regex_cache.compile(r"(?:[\s、,;:\"'《》]|以及|和|及|与|并|又)+")
_SEP_FIRST = frozenset("、,;:\"'《》以和及与并又")     # what a LIST_SEP match can begin with, besides \s
MAX_SEP = 6
MAX_SENTENCE = 500                     # look no further for a sentence end
_ENDS = ("。", "!", "?", "\n")       # sentence ends in normalised text (！？ become !?)
# Near an earlier wording, these mark a passage about the past (党的十八大提出“三个自信”，此后发展为…)
HISTORY_CUES = ("基础上", "发展为", "拓展为", "扩展为", "增加", "提出", "当时", "时期", "以来", "此前", "之前", "过去",
                "印发的", "制定的")
_SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


class RuleHit(NamedTuple):
    start: int
    end: int
    payload: tuple


_START, _END = itemgetter(0), itemgetter(1)


def is_separator(gap: str) -> bool:
    return 0 < len(gap) <= MAX_SEP and LIST_SEP.fullmatch(gap) is not None


def may_start_separator(c: str) -> bool:
    r"""False when no separator can begin with the character ``c``: the cheap test before ``is_separator`` (re's
    ``\s`` is ``str.isspace``, checked for every code point in tests/analyses/formulations/test_sequence.py)."""
    return c in _SEP_FIRST or c.isspace()


def punct_variants(phrase: str) -> list[str]:
    """A formula written with ，instead of 、 (or the reverse) is the same formula."""
    out = [phrase]
    for a, b in (("、", "，"), ("，", "、")):
        if a in phrase:
            out.append(phrase.replace(a, b))
    return out


def leftmost_longest(hits: list[RuleHit]) -> list[RuleHit]:
    """Non-overlapping hits, each the longest at the leftmost free start (equal spans: the first given)."""
    # by start, then longest first, equal spans in the given order: two stable sorts with C-level keys
    out: list[RuleHit] = []
    last_end = -1
    for h in sorted(sorted(hits, key=_END, reverse=True), key=_START):
        if h[0] >= last_end:            # h.start (indexing a NamedTuple is the cheaper access)
            out.append(h)
            last_end = h[1]
    return out


PHRASE_MEMO = 8192      # entries of each per-phrase memo of the rule types (bounded: see ``normalized``)


@lru_cache(maxsize=PHRASE_MEMO)
def normalized(phrase: str) -> str:
    """``normalize`` of a lexicon phrase (exception, history cue, verb, canonical form), memoised for the process:
    they are few and wanted at every hit, and passing them through ``normalize``'s own small cache would push the
    documents' normalised texts out of it. Bounded (``PHRASE_MEMO``: the built-in lexicon has a few hundred), for
    the long-running page process that may load many lexicon packs."""
    return normalize(phrase)


def cap(severity: str, ceiling: str) -> str:
    return severity if _SEVERITY_RANK[severity] <= _SEVERITY_RANK[ceiling] else ceiling


@dataclass
class Context:
    """One document being proofread at one date."""
    text: str
    as_of: dt.date
    norm: str = ""
    verbs: tuple[str, ...] = ()          # every formula's governing verbs, normalised, longest first
    nouns: frozenset[str] = frozenset()  # every formula's nouns (决定性意义, 总体布局 …)
    noun_heads: tuple[str, ...] = ()     # their heads (意义, 布局 …)

    def __post_init__(self) -> None:
        if not self.norm:
            self.norm = normalize(self.text)

    def sentence(self, pos: int) -> tuple[int, int]:
        """The sentence around ``pos``: from after the previous 。！？ or line break to the next one. Found by a
        local scan, so a document with few hits never pays for splitting all of it."""
        n = self.norm
        lo, hi = max(0, pos - MAX_SENTENCE), min(len(n), pos + MAX_SENTENCE)
        s = max(max(n.rfind(c, lo, pos) for c in _ENDS) + 1, lo)
        ends = [i for i in (n.find(c, pos, hi) for c in _ENDS) if i != -1]
        return s, (min(ends) + 1 if ends else hi)

    def sentence_has(self, pos: int, needles: tuple[str, ...]) -> bool:
        s, e = self.sentence(pos)
        seg = self.norm[s:e]
        return any(normalized(n) in seg for n in needles)

    def near_has(self, start: int, end: int, needles: tuple[str, ...], window: int) -> bool:
        """One of ``needles`` within ``window`` characters of [start, end), inside its sentence."""
        s, e = self.sentence(start)
        seg = self.norm[max(s, start - window):min(e, end + window)]
        return any(normalized(n) in seg for n in needles)

    def excepted(self, rule: Rule, start: int, end: int) -> bool:
        """An official variant (``exceptions:``) overlapping the span: never flagged."""
        for exc in rule.exceptions:
            key = normalized(exc)
            lo = max(0, start - len(key))
            i = self.norm.find(key, lo, end + len(key))
            while i != -1 and i < end:
                if i + len(key) > start:
                    return True
                i = self.norm.find(key, i + 1, end + len(key))
        return False

    def finding(self, rule: Rule, start: int, end: int, suggestions: list[str] | tuple[str, ...],
                severity: str | None = None, **slots: str) -> Finding:
        match = self.text[start:end]
        values = {"match": match, "suggestion": suggestions[0] if suggestions else ""}
        values.update(slots)
        return Finding(rule=rule.id, category=rule.category, severity=severity or rule.severity,
                       start=start, end=end, text=match, message=rule.message.format_map(_Slots(values)),
                       suggestions=tuple(suggestions), basis=rule.basis)


class _Slots(dict):
    def __missing__(self, key: str) -> str:
        return ""
