"""Drafting suggestions: what a speechwriter should add, fix or cut, computed from the same Report a reviewer gets.

Nothing here writes prose. Every sentence offered for insertion is a lexicon template or canonical wording (or, via
``analyzer.exemplars``, a sentence from a real reference document); every fix is a Finding's own suggestion; hollow
sentences get *what kind* of fact is missing, never a made-up fact. The function is pure: text in, Suggestions
out, no I/O, so the CLI, the drafting tab and scripts all show the same thing."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from analyzer.analyses import structure as structure_check
from analyzer.drafting.edits import Edit
from analyzer.drafting.exemplars import Exemplar, ExemplarIndex, ExemplarSet
from analyzer.ingest import document_from_text
from analyzer.lexicon import Lexicon, default_lexicon
from analyzer.ingest.structure import heading_level
from analyzer.text import facts
from analyzer.text.matcher import PhraseMatcher
from analyzer.model import Document, Finding, Report, SentenceScore
from analyzer.pipeline import analyze_document

SLOGAN_GROUPS = ("stock-phrase", "exhortation")    # phrase groups whose repetition a writer should cut
REPEAT_MIN = 3                                     # a stock phrase used this often reads as padding

# What a hollow sentence lacks, and the advice shown for it.
ADDITIONS: dict[str, str] = {
    "number": "补充数字：做了多少、覆盖多少、比例或金额",
    "actor": "写明责任主体：哪个部门、哪个支部、谁牵头",
    "deadline": "写明时限：何时完成、哪个节点",
    "project": "点出具体项目：活动、制度或工程的名称",
    "example": "举出具体事例：时间、事项、经过和后果",
}
# Hollowness reason codes (analyses/hollowness/reasons.py) -> what to add. Codes not listed (intensifiers, stock
# phrases, repeated slogans…) call for cutting, not adding.
ADD_FOR_CODE: dict[str, str] = {
    "no_number": "number",
    "no_actor": "actor",
    "no_deadline": "deadline",
    "no_measure": "project",
    "generic_words": "project",
    "yao_chain": "project",
    "stock_self_criticism": "example",
}
# Without codes to go on (a report read back from JSON or the store): the facts the sentence lacks.
FALLBACK_KINDS = {"number": ("number",), "deadline": ("date", "deadline")}


@dataclass(frozen=True)
class MissingTheme:
    id: str
    name: str
    category: str
    status: str                 # missing | shallow
    weight: float
    canonical: str              # the wording to use (lexicon)
    template: str               # a sentence to insert (lexicon); "" when the lexicon has none
    basis: str
    exemplars: tuple[Exemplar, ...] = ()

    def to_dict(self) -> dict:
        return {"id": self.id, "name": self.name, "category": self.category, "status": self.status,
                "weight": self.weight, "canonical": self.canonical, "template": self.template, "basis": self.basis,
                "exemplars": [e.to_dict() for e in self.exemplars]}


@dataclass(frozen=True)
class Fix:
    """A finding the writer can act on; ``replacement`` is None when the finding has no exact suggestion."""
    kind: str                   # formulation | structure
    rule: str
    severity: str
    start: int
    end: int
    text: str
    replacement: str | None
    alternatives: tuple[str, ...]
    message: str
    basis: str

    @property
    def key(self) -> str:
        return f"{self.rule}@{self.start}-{self.end}"

    def edit(self, replacement: str | None = None) -> Edit:
        rep = replacement if replacement is not None else self.replacement
        if rep is None:
            raise ValueError(f"{self.key} has no replacement")
        return Edit(self.start, self.end, rep, expected=self.text)

    @classmethod
    def from_finding(cls, kind: str, f: Finding) -> "Fix":
        return cls(kind, f.rule, f.severity, f.start, f.end, f.text, f.suggestions[0] if f.suggestions else None,
                   tuple(f.suggestions[1:]), f.message, f.basis)

    def to_dict(self) -> dict:
        return {"kind": self.kind, "rule": self.rule, "severity": self.severity, "start": self.start,
                "end": self.end, "text": self.text, "replacement": self.replacement,
                "alternatives": list(self.alternatives), "message": self.message, "basis": self.basis}


@dataclass(frozen=True)
class HollowSentence:
    start: int
    end: int
    text: str
    score: float
    reasons: tuple[str, ...]
    add: tuple[str, ...]        # keys of ADDITIONS: number | actor | deadline | project | example

    @property
    def advice(self) -> list[str]:
        return [ADDITIONS[k] for k in self.add]

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text, "score": round(self.score, 4),
                "reasons": list(self.reasons), "add": list(self.add), "advice": self.advice}


@dataclass(frozen=True)
class RepeatedSlogan:
    text: str
    count: int
    spans: tuple[tuple[int, int], ...]

    def to_dict(self) -> dict:
        return {"text": self.text, "count": self.count, "spans": [list(s) for s in self.spans]}


@dataclass(frozen=True)
class LengthCheck:
    chars: int                  # characters without whitespace, as 字数 is counted
    limit: int | None           # character budget of the applicable norm, None when no norm applies
    norm: str | None            # norm id
    rule: str                   # the norm in words
    basis: str
    minutes: float | None       # estimated speaking time, for time-based norms
    max_minutes: int | None
    severity: str = "info"

    @property
    def over(self) -> bool:
        return self.limit is not None and self.chars > self.limit

    @property
    def message(self) -> str:
        if self.limit is None:
            return f"全文 {self.chars} 字；本文种在该日期没有适用的篇幅规范。"
        if self.max_minutes is not None:
            est = f"按每分钟约 {round(self.limit / self.max_minutes)} 字估算，约需 {self.minutes:.0f} 分钟"
            verdict = f"超过{self.rule}的要求，宜压缩约 {self.chars - self.limit} 字" if self.over else "符合要求"
            return f"全文 {self.chars} 字，{est}，{verdict}（{self.rule}）。"
        if self.over:
            return f"全文 {self.chars} 字，超出 {self.chars - self.limit} 字（{self.rule}）。"
        return f"全文 {self.chars} 字，未超过 {self.limit} 字（{self.rule}）。"

    def to_dict(self) -> dict:
        return {"chars": self.chars, "limit": self.limit, "norm": self.norm, "rule": self.rule, "basis": self.basis,
                "minutes": round(self.minutes, 1) if self.minutes is not None else None,
                "max_minutes": self.max_minutes, "over": self.over, "severity": self.severity,
                "message": self.message}


@dataclass
class Suggestions:
    profile: str
    profile_name: str
    as_of: dt.date
    as_of_source: str
    chars: int
    missing_themes: list[MissingTheme] = field(default_factory=list)
    fixes: list[Fix] = field(default_factory=list)
    hollow: list[HollowSentence] = field(default_factory=list)
    repeated: list[RepeatedSlogan] = field(default_factory=list)
    structure: list[Fix] = field(default_factory=list)
    length: LengthCheck | None = None

    def applicable(self) -> list[Fix]:
        """Every fix with an exact replacement (formulations and structure), in text order."""
        return sorted((f for f in self.fixes + self.structure if f.replacement is not None),
                      key=lambda f: (f.start, f.end))

    def applicable_together(self) -> list[Fix]:
        """The applicable fixes that can go in one batch: where two overlap, the earlier one wins."""
        out: list[Fix] = []
        for f in self.applicable():
            if not out or (f.start >= out[-1].end and f.start != out[-1].start):
                out.append(f)
        return out

    def to_dict(self) -> dict:
        return {"profile": {"id": self.profile, "name": self.profile_name}, "as_of": self.as_of.isoformat(),
                "as_of_source": self.as_of_source, "chars": self.chars,
                "missing_themes": [m.to_dict() for m in self.missing_themes],
                "fixes": [f.to_dict() for f in self.fixes],
                "hollow": [h.to_dict() for h in self.hollow],
                "repeated": [r.to_dict() for r in self.repeated],
                "structure": [f.to_dict() for f in self.structure],
                "length": self.length.to_dict() if self.length else None}


# --- the parts ---------------------------------------------------------------------------------------------------

def missing_themes(report: Report, lexicon: Lexicon, exemplars: ExemplarIndex | ExemplarSet | None = None,
                   k: int = 2) -> list[MissingTheme]:
    """Required themes the coverage analysis found missing or shallow, heaviest first, with the lexicon's wording."""
    themes = lexicon.kind("themes")
    out = []
    for t in report.coverage.themes:
        if not t.required or t.status not in ("missing", "shallow"):
            continue
        entry = themes[t.id]                # the report's themes come from this lexicon
        ex = tuple(exemplars.for_theme(entry, k)) if exemplars is not None else ()
        out.append(MissingTheme(t.id, t.name, t.category, t.status, t.weight, entry.canonical or t.name,
                                entry.template, entry.basis, ex))
    out.sort(key=lambda m: (m.status != "missing", -m.weight, m.id))
    return out


MIN_HOLLOW_CHARS = 8      # a salutation (同志们：) or a fragment is not a sentence to enrich


def hollow_sentences(report: Report) -> list[HollowSentence]:
    """Hollow body sentences with what to add; headings and the title are labels, not claims, and are skipped."""
    doc = report.document
    headings = [(p.start, p.end) for p in doc.paragraphs if p.kind == "heading"]
    starts = {p.start for p in doc.paragraphs}
    out = []
    for s in report.hollowness.sentences:
        if s.label != "hollow" or len(s.text.replace(" ", "")) < MIN_HOLLOW_CHARS or s.text.endswith(("：", ":")):
            continue
        if s.text == doc.title or any(a <= s.start and s.end <= b for a, b in headings):
            continue
        if _is_run_in_heading(s, starts):
            continue
        out.append(HollowSentence(s.start, s.end, s.text, float(s.score), tuple(s.reasons), additions(s)))
    return out


def additions(s: SentenceScore) -> tuple[str, ...]:
    """What a hollow sentence should add (keys of ADDITIONS), from its reason codes; when it has none, from the
    facts it lacks (``analyzer.text.facts``)."""
    add = list(dict.fromkeys(ADD_FOR_CODE[r.code] for r in s.codes if r.code in ADD_FOR_CODE))
    if not add:
        present = facts.kinds_in(s.text)
        add = [k for k, kinds in FALLBACK_KINDS.items() if not present & set(kinds)]
    return tuple(add)


RUN_IN_HEADING_MAX = 40


def _is_run_in_heading(s, paragraph_starts: set[int]) -> bool:
    """"（一）坚持把党的政治建设摆在首位。局党组……": a numbered first sentence of a paragraph is its heading, run
    into the text as 公文 often does; like a heading it names the topic and is not a claim to enrich."""
    return (s.start in paragraph_starts and len(s.text) <= RUN_IN_HEADING_MAX
            and heading_level(s.text) is not None)


def _slogan_matcher(lexicon: Lexicon) -> PhraseMatcher:
    items = []
    for g in lexicon.kind("phrases").values():
        if getattr(g, "group", None) in SLOGAN_GROUPS:
            items.extend((term, g.id) for term in g.terms)
    return PhraseMatcher(items)


def repeated_slogans(doc: Document, lexicon: Lexicon, minimum: int = REPEAT_MIN) -> list[RepeatedSlogan]:
    matcher = lexicon.compiled("suggest.slogans", _slogan_matcher)
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for hit in matcher.find(doc.text):
        spans[hit.phrase].append((hit.start, hit.end))
    out = [RepeatedSlogan(p, len(s), tuple(s)) for p, s in spans.items() if len(s) >= minimum]
    return sorted(out, key=lambda r: (-r.count, r.spans[0]))


def length_check(doc: Document, lexicon: Lexicon, profile: str, as_of: dt.date) -> LengthCheck:
    chars = sum(1 for c in doc.text if not c.isspace())
    for norm in lexicon.kind("norms").values():
        if norm.applies(profile, as_of):
            minutes = chars / norm.chars_per_minute if norm.max_minutes else None
            return LengthCheck(chars, norm.limit_chars, norm.id, norm.rule, norm.basis, minutes, norm.max_minutes,
                               norm.severity)
    return LengthCheck(chars, None, None, "", "", None, None)


# --- the whole -----------------------------------------------------------------------------------------------------

def suggest(doc_or_text: Document | str, lexicon: Lexicon | None = None, *, profile: str | None = None,
            as_of: str | dt.date | None = None, report: Report | None = None,
            exemplars: ExemplarIndex | ExemplarSet | None = None, today: dt.date | None = None) -> Suggestions:
    """Suggestions for a draft. Pass ``report`` when the draft was just analysed, to reuse it; ``exemplars`` to
    attach reference sentences to each missing theme."""
    lex = lexicon or default_lexicon()
    doc = document_from_text(doc_or_text) if isinstance(doc_or_text, str) else doc_or_text
    if report is None:
        report = analyze_document(doc, lex, as_of=as_of, profile=profile, today=today)
    structure = [Fix.from_finding("structure", f) for f in structure_check.check(doc)]
    return Suggestions(
        profile=report.profile.id, profile_name=report.profile.name, as_of=report.as_of,
        as_of_source=report.as_of_source, chars=len(doc.text),
        missing_themes=missing_themes(report, lex, exemplars),
        fixes=[Fix.from_finding("formulation", f) for f in report.findings],
        hollow=hollow_sentences(report),
        repeated=repeated_slogans(doc, lex),
        structure=structure,
        length=length_check(doc, lex, report.profile.id, report.as_of),
    )


def format_table(s: Suggestions, *, width: int = 60) -> str:
    """Plain text for a terminal: one section per kind of suggestion, in the order a writer works."""
    def clip(t: str) -> str:
        t = t.replace("\n", " ")
        return t if len(t) <= width else t[:width - 1] + "…"

    lines = [f"文种：{s.profile_name}（{s.profile}）  判断日期：{s.as_of.isoformat()}"]
    lines.append(f"\n【缺少或薄弱的主题】{len(s.missing_themes)} 项")
    for m in s.missing_themes:
        lines.append(f"  {m.name}（{m.category}，{'缺少' if m.status == 'missing' else '着墨不足'}）：{m.canonical}")
        if m.template:
            lines.append(f"    可写入：{m.template}")
        for e in m.exemplars:
            lines.append(f"    范例：{clip(e.text)}（{e.title or e.path}{'，' + e.date.isoformat() if e.date else ''}）")
    lines.append(f"\n【提法修改】{len(s.fixes)} 处")
    for f in s.fixes:
        rep = f"→“{f.replacement}”" if f.replacement is not None else "（需人工判断）"
        lines.append(f"  [{f.start}-{f.end}] “{f.text}”{rep}：{f.message}")
    lines.append(f"\n【空话待充实】{len(s.hollow)} 句")
    for h in s.hollow:
        lines.append(f"  [{h.start}-{h.end}] {clip(h.text)}")
        lines.append(f"    建议：{'；'.join(h.advice) or '补充具体内容'}")
    lines.append(f"\n【重复套话】{len(s.repeated)} 个")
    for r in s.repeated:
        lines.append(f"  “{r.text}”出现 {r.count} 次：保留一处，其余换成具体做法或删去")
    lines.append(f"\n【结构检查】{len(s.structure)} 处")
    for f in s.structure:
        lines.append(f"  [{f.start}-{f.end}] {f.message}")
    if s.length:
        lines.append(f"\n【篇幅】{s.length.message}")
        if s.length.basis:
            lines.append(f"  依据：{s.length.basis}")
    return "\n".join(lines)
