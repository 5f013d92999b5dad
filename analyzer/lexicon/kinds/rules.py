"""Lexicon kind `rules`: formulation rules (规范提法) as typed data.

Like Vale's ``extends``, every rule names one of a closed set of types; the engine (``analyzer/analyses/formulations/``) implements
each type once, so a new rule never needs code. Every entry shares one header (id, type, category, severity,
message, basis, since/until, exceptions, examples) and adds only its type's keys. Rules carry their own tests
(LanguageTool style): ``examples: {bad: [...], good: [...]}``, ``[[…]]`` marking the expected span of a bad one."""
from __future__ import annotations

import datetime as dt
import string
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Callable, Mapping, Union

from analyzer.kernels import regex_cache
from analyzer.lexicon.validate import (
    Where,
    date_field,
    in_window,
    message_template,
    opt,
    req,
    severity_field,
    str_list,
)

TYPES = ("sequence", "near-miss", "outdated", "collocation", "pair")
DEFAULT_CATEGORY = "规范提法"
MARKER = regex_cache.compile(r"\[\[(.+?)\]\]")

# Placeholders a message may use, per type (anything else is a typo the author should hear about at load time).
MESSAGE_SLOTS = {
    "sequence": {"match", "suggestion", "name", "problem", "canonical"},
    "near-miss": {"match", "suggestion"},
    "outdated": {"match", "suggestion"},
    "collocation": {"match", "suggestion", "object"},
    "pair": {"match", "suggestion"},
}


@dataclass(frozen=True)
class Example:
    text: str                            # markers removed
    span: tuple[int, int] | None = None  # where the finding must be (bad examples)
    correction: str | None = None        # expected first suggestion
    as_of: dt.date | None = None         # date the example is judged at (default: today)


@dataclass(frozen=True)
class Examples:
    bad: tuple[Example, ...]
    good: tuple[Example, ...]


@dataclass(frozen=True)
class Marked:
    """A pattern with an optional ``[[…]]`` part: the whole is matched, only the part is flagged."""
    text: str
    start: int
    end: int

    @classmethod
    def parse(cls, raw: str) -> "Marked":
        m = MARKER.search(raw)
        if not m:
            return cls(raw, 0, len(raw))
        text = raw[:m.start()] + m.group(1) + raw[m.end():]
        return cls(text, m.start(), m.start() + len(m.group(1)))


@dataclass(frozen=True)
class Form:
    """An earlier official form of a list, valid before ``until`` (e.g. 三个自信 before 2016-07-01)."""
    items: tuple[str, ...]
    name: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None


@dataclass(frozen=True)
class SequenceSpec:
    name: str                                   # short name, e.g. 四个意识
    items: tuple[str, ...]                      # components in official order
    aliases: Mapping[str, tuple[str, ...]]      # item -> accepted variants of that slot
    intruders: tuple[str, ...]                  # known wrong siblings (忧患意识 in 四个意识)
    history: tuple[Form, ...]                   # earlier forms, each a subset of items in order
    min_run: int                                # components needed before a run clearly *is* the list
    joiners: tuple[str, ...] = ()               # words repeated before each item (必须坚持人民至上，必须坚持…)
    verified: bool = False                      # ✅ in the reference: findings may be errors; else warnings only
    verbs: tuple[str, ...] = ()                 # the verbs that govern the formula's name (增强“四个意识”)
    nouns: tuple[str, ...] = ()                 # the nouns it goes with (“五位一体”总体布局, “两个确立”的决定性意义)
    names: tuple[str, ...] = ()                 # other names of the same list (五大发展理念)

    def formulas(self) -> tuple[str, ...]:
        """The list's fixed wordings: its names, each item and accepted variant, the items in order (as one run,
        and with the joiner repeated before each), and every earlier form."""
        out = [self.name, *self.names, *self.items, *(v for vs in self.aliases.values() for v in vs),
               "".join(self.items), *("".join(j + i for i in self.items) for j in self.joiners)]
        for form in self.history:
            out.extend(([form.name] if form.name else []) + ["".join(form.items)])
        return tuple(out)


@dataclass(frozen=True)
class NearMissSpec:
    canonical: str
    wrong: tuple[Marked, ...]
    fuzzy: bool = False       # also search one-character edits near anchors of the canonical form

    def formulas(self) -> tuple[str, ...]:
        return (self.canonical,)


@dataclass(frozen=True)
class OutdatedSpec:
    swap: tuple[tuple[Marked, str], ...]        # old pattern (with optional [[…]]) -> current form
    history_cues: tuple[str, ...] = ()          # same-sentence words that mark a historical reference

    def formulas(self) -> tuple[str, ...]:
        """The current forms (the outdated ones are what a report should no longer repeat)."""
        return tuple(new for _, new in self.swap)


@dataclass(frozen=True)
class CollocationSpec:
    object: str
    wrong_verbs: tuple[str, ...]
    suggest: str

    def formulas(self) -> tuple[str, ...]:
        return (self.object, self.suggest + self.object)


@dataclass(frozen=True)
class PairSpec:
    first: tuple[str, str]     # (modifier, head), e.g. (低级, 红)
    second: tuple[str, str]    # (高级, 黑)
    ordered: bool = True       # also flag the two halves in reverse order

    def formulas(self) -> tuple[str, ...]:
        return ("".join(self.first), "".join(self.second), "".join(self.first + self.second))


Spec = Union[SequenceSpec, NearMissSpec, OutdatedSpec, CollocationSpec, PairSpec]


@dataclass(frozen=True)
class Rule:
    id: str
    type: str
    category: str
    severity: str
    message: str
    basis: str
    since: dt.date | None
    until: dt.date | None
    exceptions: tuple[str, ...]
    examples: Examples
    spec: Spec
    file: str = field(default="", compare=False)

    def formulas(self) -> tuple[str, ...]:
        """The fixed wordings this rule holds (what a correct document repeats verbatim)."""
        return self.spec.formulas()

    def applies(self, as_of: dt.date) -> bool:
        return in_window(as_of, self.since, self.until)


def parse(entry: dict, where: Where) -> Rule:
    rtype = req(entry, "type", where)
    if rtype not in SPEC_PARSERS:
        raise where.error("type", f"未知的规则类型 “{rtype}”（可用：{'、'.join(TYPES)}）")
    message = req(entry, "message", where)
    _check_slots(message, rtype, where)
    since, until = date_field(entry, "since", where), date_field(entry, "until", where)
    if since and until and until <= since:
        raise where.error("until", "until 应晚于 since")
    return Rule(
        id=entry["id"], type=rtype,
        category=opt(entry, "category", where, default=DEFAULT_CATEGORY),
        severity=severity_field(entry, where, default="warning"),
        message=message, basis=req(entry, "basis", where),
        since=since, until=until,
        exceptions=str_list(entry, "exceptions", where),
        examples=_examples(entry, where),
        spec=SPEC_PARSERS[rtype](entry, where),
        file=where.file,
    )


def _check_slots(message: str, rtype: str, where: Where) -> None:
    message_template(message, MESSAGE_SLOTS[rtype], where)


def _examples(entry: dict, where: Where) -> Examples:
    ex = entry.get("examples")
    if not isinstance(ex, dict):
        raise where.error("examples", "缺少 examples（应含非空的 bad 与 good 列表）")
    out = {}
    for kind in ("bad", "good"):
        items = ex.get(kind)
        if not isinstance(items, list) or not items:
            raise where.error(f"examples.{kind}", f"examples.{kind} 应为非空列表")
        out[kind] = tuple(_example(item, kind, i, where) for i, item in enumerate(items))
    return Examples(**out)


def _example(item: object, kind: str, i: int, where: Where) -> Example:
    key = f"examples.{kind}[{i + 1}]"
    if isinstance(item, str):
        item = {"text": item}
    if not isinstance(item, dict) or not isinstance(item.get("text"), str) or not item["text"].strip():
        raise where.error(key, "示例应为字符串或含 text 的映射")
    raw = item["text"]
    markers = MARKER.findall(raw)
    as_of = date_field(item, "as_of", where)
    correction = item.get("correction")
    if correction is not None and not isinstance(correction, str):
        raise where.error(key, "correction 应为字符串")
    if kind == "good":
        if markers:
            raise where.error(key, "正确示例不应含 [[…]] 标记")
        return Example(raw, as_of=as_of)
    if len(markers) != 1:
        raise where.error(key, "错误示例应恰含一处 [[…]] 标记，标出应报告的位置")
    m = Marked.parse(raw)
    return Example(m.text, (m.start, m.end), correction, as_of)


# --- type-specific keys --------------------------------------------------------------------------------------

def _sequence(entry: dict, where: Where) -> SequenceSpec:
    name = req(entry, "name", where)
    items = str_list(entry, "items", where, required=True)
    if len(items) < 2:
        raise where.error("items", "序列至少应有 2 项")
    if len(set(items)) != len(items):
        raise where.error("items", "items 有重复项")
    raw_aliases = opt(entry, "aliases", where, dict, default={})
    aliases = {}
    for k, v in raw_aliases.items():
        if k not in items:
            raise where.error("aliases", f"别名的键 “{k}” 不在 items 中")
        aliases[k] = str_list(raw_aliases, k, where)
    history = []
    for i, h in enumerate(opt(entry, "history", where, list, default=[])):
        hw = Where(where.file, where.entry_id)
        if not isinstance(h, dict):
            raise hw.error(f"history[{i + 1}]", "应为映射（items、until）")
        h_items = str_list(h, "items", hw, required=True)
        idx = [items.index(x) if x in items else -1 for x in h_items]
        if -1 in idx or idx != sorted(idx):
            raise hw.error(f"history[{i + 1}].items", "历史表述的各项应是 items 中按序排列的子集")
        until = date_field(h, "until", hw)
        if until is None:
            raise hw.error(f"history[{i + 1}].until", "历史表述须写明 until（何时起不再使用）")
        history.append(Form(h_items, opt(h, "name", hw), date_field(h, "since", hw), until))
    n = len(items)
    default_run = 2 if n == 2 else max(3, n - 1)
    min_run = opt(entry, "min_run", where, int, default=default_run)
    if not 2 <= min_run <= n:
        raise where.error("min_run", f"min_run 应在 2 与 {n} 之间")
    verified = opt(entry, "verified", where, bool, default=False)
    if not verified and entry.get("severity") == "error":
        raise where.error("verified", "未核验（verified: false）的提法最高只能报 warning，不能把 severity 设为 error")
    verbs, nouns = str_list(entry, "verbs", where), str_list(entry, "nouns", where)
    for key, words in (("verbs", verbs), ("nouns", nouns)):
        if len(set(words)) != len(words):
            raise where.error(key, f"{key} 有重复项")
    for noun in nouns:
        if len(noun) < 3:
            raise where.error("nouns", f"搭配名词“{noun}”过短：应为“修饰语+中心词”，如“决定性意义”“总体布局”")
    names = str_list(entry, "names", where)
    if name in names:
        raise where.error("names", f"names 中重复了简称“{name}”")
    return SequenceSpec(name, items, MappingProxyType(aliases), str_list(entry, "intruders", where),
                        tuple(history), min_run, str_list(entry, "joiners", where), verified, verbs, nouns, names)


def _near_miss(entry: dict, where: Where) -> NearMissSpec:
    canonical = req(entry, "canonical", where)
    wrong = tuple(Marked.parse(w) for w in str_list(entry, "wrong", where))
    fuzzy = opt(entry, "fuzzy", where, bool, default=False)
    if not wrong and not fuzzy:
        raise where.error("wrong", "near-miss 规则需要 wrong（错误写法列表）或 fuzzy: true")
    if fuzzy and len(canonical) < 8:
        raise where.error("fuzzy", "fuzzy 只用于 8 字以上的固定表述（短词的一字之差多是别的词）")
    for w in wrong:
        if w.text == canonical:
            raise where.error("wrong", f"错误写法与规范表述相同：“{w.text}”")
    return NearMissSpec(canonical, wrong, fuzzy)


def _outdated(entry: dict, where: Where) -> OutdatedSpec:
    swap = req(entry, "swap", where, dict)
    pairs = []
    for k, v in swap.items():
        if not isinstance(k, str) or not isinstance(v, str) or not k.strip() or not v.strip():
            raise where.error("swap", "swap 应为 {过时写法: 现行写法}")
        pairs.append((Marked.parse(k), v))
    if entry.get("since") is None:
        raise where.error("since", "outdated 规则须写明 since（自何时起过时）")
    return OutdatedSpec(tuple(pairs), str_list(entry, "history_cues", where))


def _collocation(entry: dict, where: Where) -> CollocationSpec:
    return CollocationSpec(req(entry, "object", where), str_list(entry, "wrong_verbs", where, required=True),
                           req(entry, "suggest", where))


def _pair(entry: dict, where: Where) -> PairSpec:
    halves = []
    for key in ("first", "second"):
        v = str_list(entry, key, where, required=True)
        if len(v) != 2:
            raise where.error(key, f"{key} 应为 [修饰语, 中心语] 两项，如 [低级, 红]")
        halves.append((v[0], v[1]))
    return PairSpec(halves[0], halves[1], opt(entry, "ordered", where, bool, default=True))


SPEC_PARSERS: dict[str, Callable[[dict, Where], Spec]] = {
    "sequence": _sequence,
    "near-miss": _near_miss,
    "outdated": _outdated,
    "collocation": _collocation,
    "pair": _pair,
}
