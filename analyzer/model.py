"""The data model shared by every stage: file -> Document -> annotations -> Report.

Offsets everywhere are 0-based [start, end) character offsets into ``Document.text``, the exact text that
``shengao extract`` prints, so a reviewer can always find a flagged span again."""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal, Mapping, NamedTuple

ParagraphKind = Literal["heading", "body", "table"]
Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True)
class Paragraph:
    start: int
    end: int
    kind: ParagraphKind = "body"
    level: int | None = None  # heading level: 1 for 一、, 2 for （一）, 3 for 1., 4 for （1）


@dataclass
class Document:
    text: str
    paragraphs: list[Paragraph]
    format: str = "txt"  # txt | md | docx | pdf
    title: str | None = None
    date: dt.date | None = None
    sha256: str = ""
    path: str | None = None
    ocr: dict | None = None  # {"pages": [1-based], "engine", "low_confidence": [{"start", "end"}]} when OCR read it
    damage: dict | None = None   # {"pages": [1-based], "start", "end"}: the reader found damaged content (text
                                 # may be missing); [start, end) is the text where it begins
    date_span: tuple[int, int] | None = None     # where ``date`` stands in ``text``
    meta_date: dt.date | None = None             # the file's own properties (docx core, PDF info): weak evidence
    meta_label: str | None = None                # which property, in words (e.g. "Word 文档属性“修改时间”")
    unread_pages: list[tuple[int, int]] = field(default_factory=list)  # (page, offset): scans left unread (--no-ocr)
    page_starts: list[int] | None = None         # where each page starts in ``text`` (PDF, OFD, scans): 第N页

    def __post_init__(self) -> None:
        if not self.sha256:
            self.sha256 = hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def paragraph_text(self, p: Paragraph) -> str:
        return self.text[p.start:p.end]

    def headings(self) -> list[Paragraph]:
        return [p for p in self.paragraphs if p.kind == "heading"]

    def blocks(self) -> list[tuple[int, int]]:
        """[start, end) of each source paragraph, in order: what the writer typed as one paragraph. A numbered
        paragraph that opens with a run-in heading ("（一）加强理论武装。全年……") is two Paragraphs (the heading
        and its prose, ``analyzer.ingest.structure``) on one line, and one block."""
        out: list[tuple[int, int]] = []
        for p in self.paragraphs:
            if out and "\n" not in self.text[out[-1][1]:p.start]:
                out[-1] = (out[-1][0], p.end)
            else:
                out.append((p.start, p.end))
        return out


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True)
class Finding:
    rule: str
    category: str
    severity: Severity
    start: int
    end: int
    text: str
    message: str
    suggestions: tuple[str, ...] = ()
    basis: str = ""

    def __post_init__(self) -> None:
        if not 0 <= self.start < self.end:
            raise ValueError(f"Finding {self.rule}: empty or negative span [{self.start}, {self.end})")

    def check_in(self, text: str) -> None:
        """``0 <= start < end <= len(text)`` and ``text[start:end] == self.text``; ``ValueError`` otherwise. The
        part the constructor cannot check without the document (the engine calls this for every finding)."""
        if self.end > len(text) or text[self.start:self.end] != self.text:
            raise ValueError(f"Finding {self.rule} at [{self.start}, {self.end}) does not match the text "
                             f"of {len(text)} characters: {self.text!r}")

    def to_dict(self) -> dict:
        return {"rule": self.rule, "category": self.category, "severity": self.severity,
                "start": self.start, "end": self.end, "text": self.text, "message": self.message,
                "suggestions": list(self.suggestions), "basis": self.basis}


@dataclass
class ThemeResult:
    id: str
    name: str
    category: str
    required: bool
    weight: float
    status: Literal["covered", "shallow", "missing", "not_applicable"]
    mentions: int
    depth: float
    evidence: list[Span] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"id": self.id, "name": self.name, "category": self.category, "required": self.required,
                "weight": self.weight, "status": self.status, "mentions": self.mentions,
                "depth": round(float(self.depth), 4), "evidence": [e.to_dict() for e in self.evidence]}


# A theme's share of its weight in the coverage score, by status (missing and not_applicable: none)
CREDIT = {"covered": 1.0, "shallow": 0.5, "missing": 0.0}


@dataclass
class Coverage:
    score: float = 0.0
    themes: list[ThemeResult] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"score": round(float(self.score), 2), "themes": [t.to_dict() for t in self.themes]}

    def category_scores(self, *, required_only: bool = False) -> list[tuple[str, float, int, int]]:
        """(category, score 0..100, covered themes, applicable themes) in first-seen order: a covered theme counts
        fully, a shallow one half, weighted by the theme's weight. ``required_only``: over the profile's required
        themes, with the same credit as the headline score."""
        acc: dict[str, list[float]] = {}
        for t in self.themes:
            if t.status == "not_applicable" or (required_only and not t.required):
                continue
            a = acc.setdefault(t.category, [0.0, 0.0, 0, 0])
            w = float(t.weight) or 1.0
            a[0] += w * CREDIT.get(t.status, 0.0)
            a[1] += w
            a[2] += t.status == "covered"
            a[3] += 1
        return [(c, 100.0 * got / total if total else 0.0, n_cov, n) for c, (got, total, n_cov, n) in acc.items()]


class Reason(NamedTuple):
    """Why a sentence is hollow, as a code and its parameters (``analyses/hollowness/reasons.py`` lists the codes
    and renders them in Chinese)."""
    code: str
    params: Mapping[str, object] = MappingProxyType({})


@dataclass
class SentenceScore:
    start: int
    end: int
    text: str
    score: float
    label: Literal["hollow", "mixed", "concrete"]
    reasons: list[str] = field(default_factory=list)          # Chinese, as the report shows them
    codes: list[Reason] = field(default_factory=list)         # the same reasons, structured (not serialised)

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text, "score": round(float(self.score), 4),
                "label": self.label, "reasons": list(self.reasons)}


@dataclass
class Hollowness:
    score: float = 0.0
    sentences: list[SentenceScore] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"score": round(float(self.score), 2), "sentences": [s.to_dict() for s in self.sentences]}


@dataclass(frozen=True)
class Passage:
    """A passage of this document [start, end) found again in another at [other_start, other_end)."""
    start: int
    end: int
    other_start: int
    other_end: int

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "other_start": self.other_start, "other_end": self.other_end}


@dataclass
class ReuseResult:
    other: str
    passages: list[Passage] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"other": self.other, "passages": [p.to_dict() for p in self.passages]}


# What each kind of date evidence is called in the reports (one place: table, page and exports read it)
DATE_EVIDENCE_NAMES = {
    "option": "指定日期",
    "full_date": "文中日期",
    "period": "文中的报告期",
    "anniversary": "文中的周年纪念",
    "event": "文中提到的事件（文稿不早于此）",
    "metadata": "文件属性中的日期",
    "today": "今天（文中未找到日期线索）",
}
TODAY_FALLBACK_HINT = "文中没有找到能判断成文日期的信息，按今天的规范审查；如文稿写于别的时间，请指定审查日期（--as-of YYYY-MM-DD）。"
TODAY_FALLBACK_PAGE_HINT = ("文中没有找到能判断成文日期的信息，按今天的规范审查；如文稿写于别的时间，请在上方“审查设置”中填写"
                            "审查日期（YYYY-MM-DD，回车生效）。")


@dataclass(frozen=True)
class DateEvidence:
    """What the judged date rests on: ``kind`` is option|full_date|period|anniversary|event|metadata|today;
    ``text``/``start``/``end`` the span of the document it was read from (None when it is not in the text)."""
    kind: str
    text: str | None = None
    start: int | None = None
    end: int | None = None

    def to_dict(self) -> dict:
        return {"kind": self.kind, "text": self.text, "start": self.start, "end": self.end}

    def describe(self) -> str:
        """The basis in words: 文中的报告期“2023年度”."""
        name = DATE_EVIDENCE_NAMES.get(self.kind, self.kind)
        return f"{name}“{self.text}”" if self.text else name


@dataclass
class Profile:
    id: str
    name: str
    evidence: dict | None = None     # how the genre was recognised: {"source": title|body|option|default, ...}


@dataclass
class Report:
    document: Document
    as_of: dt.date
    as_of_source: Literal["option", "document", "today"]
    profile: Profile
    sentences: int = 0
    coverage: Coverage = field(default_factory=Coverage)
    hollowness: Hollowness = field(default_factory=Hollowness)
    findings: list[Finding] = field(default_factory=list)
    reuse: list[ReuseResult] | None = None
    include_text: bool = False
    as_of_evidence: DateEvidence | None = None

    @property
    def path(self) -> str:
        return self.document.path or "<text>"

    @property
    def as_of_fallback(self) -> bool:
        """True when nothing in the document dated it and it was judged at today's date: the reviewer should be
        told, and offered to set the date (``TODAY_FALLBACK_HINT``)."""
        return self.as_of_source == "today"

    def to_dict(self) -> dict:
        """The Report of schema_version 1 (../shared/report.schema.json), with its optional keys
        ``as_of_evidence``, ``profile.evidence``, ``ocr`` and ``page_starts`` when known."""
        d = {
            "path": self.path,
            "sha256": self.document.sha256,
            "format": self.document.format,
            "title": self.document.title,
            "chars": len(self.document.text),
            "sentences": self.sentences,
            "as_of": self.as_of.isoformat(),
            "as_of_source": self.as_of_source,
            "profile": {"id": self.profile.id, "name": self.profile.name},
            "coverage": self.coverage.to_dict(),
            "hollowness": self.hollowness.to_dict(),
            "findings": [f.to_dict() for f in self.findings],
        }
        if self.profile.evidence is not None:
            d["profile"]["evidence"] = self.profile.evidence
        if self.as_of_evidence is not None:
            d["as_of_evidence"] = self.as_of_evidence.to_dict()
        if self.document.ocr:
            d["ocr"] = self.document.ocr
        if self.document.page_starts:
            d["page_starts"] = list(self.document.page_starts)
        if self.reuse is not None:
            d["reuse"] = [r.to_dict() for r in self.reuse]
        if self.include_text:
            d["text"] = self.document.text
        return d

    @classmethod
    def from_dict(cls, d: dict, *, text: str | None = None, paragraphs: list[Paragraph] | None = None,
                  doc_date: dt.date | None = None, path: str | None = None,
                  include_text: bool | None = None) -> "Report":
        """The Report whose ``to_dict()`` is ``d`` (schema version 1), so a stored or received report renders
        exactly like a fresh one. The document's text is ``d["text"]`` unless given (a report written without
        ``--include-text`` does not carry it); ``paragraphs`` and ``doc_date`` are not in the schema and come from
        the caller (the store keeps them); ``path`` replaces the stored one (the file moved)."""
        if text is None:
            if "text" not in d:
                raise ValueError("报告中没有正文（未用 --include-text 输出），无法还原文档：请同时提供正文")
            text = d["text"]
        doc = Document(text=text, paragraphs=list(paragraphs or ()), format=d["format"], title=d.get("title"),
                       date=doc_date, sha256=d["sha256"], path=path or d["path"], ocr=d.get("ocr"),
                       page_starts=list(d["page_starts"]) if d.get("page_starts") else None)
        if len(text) != d["chars"]:
            raise ValueError(f"正文长度（{len(text)} 字）与报告记载的 {d['chars']} 字不符")
        cov, hol, prof = d["coverage"], d["hollowness"], d["profile"]
        return cls(
            document=doc,
            as_of=dt.date.fromisoformat(d["as_of"]),
            as_of_source=d["as_of_source"],
            as_of_evidence=DateEvidence(**d["as_of_evidence"]) if d.get("as_of_evidence") else None,
            profile=Profile(prof["id"], prof["name"], prof.get("evidence")),
            sentences=d["sentences"],
            coverage=Coverage(score=cov["score"], themes=[
                ThemeResult(id=t["id"], name=t["name"], category=t["category"], required=t["required"],
                            weight=t["weight"], status=t["status"], mentions=t["mentions"], depth=t["depth"],
                            evidence=[Span(e["start"], e["end"], e["text"]) for e in t["evidence"]])
                for t in cov["themes"]]),
            hollowness=Hollowness(score=hol["score"], sentences=[
                SentenceScore(s["start"], s["end"], s["text"], s["score"], s["label"], list(s["reasons"]))
                for s in hol["sentences"]]),
            findings=[Finding(f["rule"], f["category"], f["severity"], f["start"], f["end"], f["text"],
                              f["message"], tuple(f["suggestions"]), f["basis"]) for f in d["findings"]],
            reuse=[ReuseResult(r["other"], [Passage(**p) for p in r["passages"]]) for r in d["reuse"]]
            if "reuse" in d else None,
            include_text="text" in d if include_text is None else include_text,
        )

    def counts(self) -> dict[str, int]:
        out = {"error": 0, "warning": 0, "info": 0}
        for f in self.findings:
            out[f.severity] += 1
        return out
