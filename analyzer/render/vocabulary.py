"""What every rendering says the same way: labels (severity, as-of source, theme status), the theme gaps a writer
has to fill (missing versus shallow, required first), the themes not yet required at the judged date, the hollow
sentences worth showing a reader, and positions as a reader counts them (第N页第M段 / 第N段 / 第N行). The terminal table, the
HTML report, the Excel and CSV rows, the annotated Word document and the review page all take them from here."""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from analyzer.model import Document, Report, SentenceScore

SEVERITIES = ("error", "warning", "info")
SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}
AS_OF_SOURCE_LABELS = {"option": "指定日期", "document": "取自文中日期", "today": "当天"}
THEME_STATUS_LABELS = {"covered": "已覆盖", "shallow": "浅提及", "missing": "缺失", "not_applicable": "尚不要求"}
THEME_STATUS_HELP = {
    "covered": "有实质内容（数字、时间、具体工作或在以该主题为题的部分中论述）",
    "shallow": "只作为口号出现，缺少具体内容：应写实，不必再加表述",
    "missing": "全文未提及：应补写，可用所列规范表述",
    "not_applicable": "按审查日期该主题尚未提出（或已不再使用），不作要求",
}
SCORE_HELP = {
    "覆盖度": "必备主题写到并写实的程度，0–100，越高越好（已覆盖计满分，浅提及计一半，缺失为零，按权重平均）。",
    "空话度": "正文中空话套话句所占的字数比例，0–100，越低越好（标题、日期、称呼、落款不计）。",
    "错误": "确定有误的提法（顺序、缺项、错字、过时表述），应当改正。",
    "警告": "可能有误、需要人工判断的提法。",
}
LIST_SEP = "；"


def severity_label(severity: str) -> str:
    return SEVERITY_LABELS.get(severity, severity)


def as_of_label(report: Report) -> str:
    """"2024-03-01（取自文中日期）": the date the document was judged at and where it came from."""
    return f"{report.as_of.isoformat()}（{AS_OF_SOURCE_LABELS.get(report.as_of_source, report.as_of_source)}）"


# --- themes ------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ThemeGap:
    """A required (or optional) theme the document lacks or only names. ``wording`` (the canonical statement to
    add) is given only when the theme is missing: for a shallow theme the words are already there."""
    id: str
    name: str
    category: str
    status: str        # missing | shallow
    required: bool
    wording: str = ""

    @property
    def status_label(self) -> str:
        return THEME_STATUS_LABELS[self.status]

    @property
    def advice(self) -> str:
        if self.status == "missing":
            return f"补写：{self.wording}" if self.wording else "补写该主题"
        return "已提及但只有口号：补充具体做法、数字或成效"


def theme_wording(lexicon, theme_id: str) -> str:
    """The wording a writer should add for a missing theme (its ``canonical`` form, which the lexicon fills from
    the first form when the entry gives none); "" without a lexicon or for a theme it does not define."""
    theme = lexicon.kind("themes").get(theme_id) if lexicon is not None else None
    return theme.canonical if theme is not None else ""


def theme_gaps(report: Report, lexicon=None, *, required_only: bool = False) -> list[ThemeGap]:
    """Missing and shallow themes, required before optional, missing before shallow, in lexicon order."""
    out = [ThemeGap(t.id, t.name, t.category, t.status, t.required,
                    theme_wording(lexicon, t.id) if t.status == "missing" else "")
           for t in report.coverage.themes
           if t.status in ("missing", "shallow") and (t.required or not required_only)]
    out.sort(key=lambda g: (not g.required, g.status != "missing"))
    return out


def missing_required(report: Report) -> list[str]:
    """Canonical names of the required themes the document lacks: the first thing a reviewer sends back."""
    return [t.name for t in report.coverage.themes if t.required and t.status == "missing"]


def shallow_required(report: Report) -> list[str]:
    return [t.name for t in report.coverage.themes if t.required and t.status == "shallow"]


def not_yet_required(report: Report) -> list[str]:
    """Themes the profile weighs that the judged date puts outside their time (before ``since``, after
    ``until``): shown so a reviewer sees why a 2015 report is not asked for 两个确立."""
    return [t.name for t in report.coverage.themes if t.weight > 0 and t.status == "not_applicable"]


def required_category_scores(report: Report) -> list[tuple[str, float, int, int]]:
    """(category, score 0..100, covered, required themes) over the profile's REQUIRED themes only, in the
    lexicon's category order: the same credit as the headline score, so the bars add up to it."""
    order = category_order(report)
    return sorted(report.coverage.category_scores(required_only=True), key=lambda row: order.get(row[0], len(order)))


def category_order(report: Report) -> dict[str, int]:
    """Categories in the lexicon's display order. Coverage lists required themes first, each group in lexicon
    order, so the order is read from the (larger) group of other themes, then the required group."""
    order: dict[str, int] = {}
    for group in (False, True):
        for t in report.coverage.themes:
            if t.required is group:
                order.setdefault(t.category, len(order))
    return order


# --- hollow sentences --------------------------------------------------------------------------------------------

# A sentence that only announces what follows ("现将有关情况报告如下。", "具体情况见下表。") says nothing by design.
_SIGNPOST = re.compile(r".{0,30}(?:如下|见下表|见附件|见附表|详见[^。]{0,10})[。：:]?\s*")
# A short numbered sentence opening a paragraph ("（一）深刻领悟“两个确立”的决定性意义。局党组……") is a run-in heading.
_ORDINAL = re.compile(r"\s*(?:[（(][一二三四五六七八九十]{1,3}[）)]|[一二三四五六七八九十]{1,3}[、．.]|\d{1,2}[、．.])")


def shown_hollow(report: Report) -> list[SentenceScore]:
    """Hollow sentences worth showing a reader: body text only (no headings, title or date lines, no signposts
    like "现将有关情况总结如下。"), each with a reason."""
    heads = sorted((p.start, p.end) for p in report.document.paragraphs if p.kind == "heading")
    starts = [a for a, _ in heads]
    para_starts = {p.start for p in report.document.paragraphs}
    out = []
    for s in report.hollowness.sentences:
        if s.label != "hollow" or not s.reasons or s.end <= s.start:
            continue
        i = bisect_right(starts, s.start) - 1
        if i >= 0 and heads[i][0] <= s.start < heads[i][1]:
            continue
        if s.start in para_starts and len(s.text) <= 40 and _ORDINAL.match(s.text):
            continue
        if _SIGNPOST.fullmatch(s.text.strip()):
            continue
        out.append(s)
    return out


def hollow_note(s: SentenceScore) -> str:
    """Why a sentence reads as hollow, for a reader: the reasons, never the raw score."""
    return LIST_SEP.join(s.reasons) if s.reasons else "缺少具体内容"


HOLLOW_ADVICE = "补充具体数字、责任主体、时限或项目名称"
OCR_DOUBT_LABEL = "识别存疑"
# What a reviewer calls each accepted file type; a suffix missing here is still listed (by itself), so the list of
# accepted types shown to people is always ``analyzer.ingest.SUPPORTED``, whatever is added there.
FORMAT_NAMES = {".docx": "Word", ".doc": "Word", ".wps": "WPS 文字", ".rtf": "富文本", ".odt": "开放文档", ".pdf": "PDF",
                ".ofd": "OFD 版式文件", ".txt": "纯文本", ".md": "纯文本", ".png": "扫描图片", ".jpg": "扫描图片",
                ".jpeg": "扫描图片", ".tif": "扫描图片", ".tiff": "扫描图片"}
OCR_DOUBT_HELP = "此处由文字识别（OCR）从扫描件读出，识别把握不大，可能有错字，请对照原件核对"


# --- positions ---------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Position:
    paragraph: int   # 1-based, among the document's paragraphs
    line: int        # 1-based line of the extracted text (``shengao extract``)
    word: bool       # a Word/PDF document: paragraphs are what the reader counts
    page: int | None = None             # 1-based page of a paged document (PDF, OFD, scans)
    page_paragraph: int | None = None   # 1-based paragraph on that page (one running on from the page before is 1)

    @property
    def label(self) -> str:
        if self.page is not None:
            return f"第{self.page}页第{self.page_paragraph}段"
        return f"第{self.paragraph}段" if self.word else f"第{self.line}行"


class Positions:
    """Offsets → 第N页第M段 (a paged document: PDF, OFD, scans) / 第N段 (Word) / 第N行 (text) for one document,
    with the page, paragraph and line starts computed once. The one place positions are worded: the page, the
    terminal table, HTML, Excel/CSV and Word comments all ask it."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.para_starts = [a for a, _ in doc.blocks()]     # a run-in heading shares its paragraph
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", doc.text)]
        self.page_starts = list(doc.page_starts or ())
        self.word = doc.format in ("docx", "pdf") or bool(self.page_starts)

    @property
    def paged(self) -> bool:
        return bool(self.page_starts)

    def at(self, offset: int) -> Position:
        para = max(1, bisect_right(self.para_starts, offset))
        line = bisect_right(self.line_starts, offset)
        if not self.page_starts:
            return Position(para, line, self.word)
        page = max(1, bisect_right(self.page_starts, offset))
        first = max(1, bisect_right(self.para_starts, self.page_starts[page - 1]))
        return Position(para, line, True, page, para - first + 1)

    def label(self, offset: int) -> str:
        return self.at(offset).label


def position_label(doc: Document, offset: int) -> str:
    return Positions(doc).label(offset)


# --- documents: names, labels, what a reader is shown --------------------------------------------------------------

def distinct_names(names: list[str]) -> list[str]:
    """File names made distinct by upload slot: every unit sends "2023年度党建工作总结.docx", and each must stay its
    own document in every table, chart and download. The first keeps its name, later ones get （2）, （3）…"""
    seen: dict[str, int] = {}
    taken = set(names)
    out = []
    for name in names:
        n = seen.get(name, 0) + 1
        seen[name] = n
        if n == 1:
            out.append(name)
            continue
        stem, dot, ext = name.rpartition(".") if "." in name else (name, "", "")
        k = n
        while True:
            cand = f"{stem}（{k}）{dot}{ext}"
            if cand not in taken:
                break
            k += 1
        taken.add(cand)
        out.append(cand)
    return out


def short_label(name: str, limit: int = 16) -> str:
    """The label of a document in tables and charts: its file name without folder and extension, a long one cut
    in the middle (units are told apart by a prefix or a suffix: "第1党支部…" / "…总结-办公室")."""
    stem = name.rsplit("/", 1)[-1]
    stem = stem.rsplit(".", 1)[0] if "." in stem else stem
    if len(stem) <= limit:
        return stem
    head = (limit - 1) // 2
    return stem[:head] + "…" + stem[-(limit - 1 - head):]


def short_labels(names: list[str], limit: int = 16) -> list[str]:
    """Distinct short labels for distinct names: a label two names share gets the upload's number (#3)."""
    labels = [short_label(n, limit) for n in names]
    seen: dict[str, int] = {}
    for lb in labels:
        seen[lb] = seen.get(lb, 0) + 1
    return [f"{lb}#{i + 1}" if seen[lb] > 1 else lb for i, lb in enumerate(labels)]


_FOREIGN_DETAIL = re.compile(r"[（(][^（）()]*[A-Za-z]{2,}\s+[A-Za-z]{2,}[^（）()]*[）)]")


def plain_message(message: str) -> str:
    """A reader's message without the library detail in English that some wrap in brackets
    ("…可能已损坏或被截断（File is not a zip file）。" → "…可能已损坏或被截断。")."""
    return _FOREIGN_DETAIL.sub("", message)


def finding_key(f) -> str:
    """A finding's identity within its document (stable across reruns of the same analysis)."""
    return f"{f.rule}@{f.start}-{f.end}"


def shown_report(report: Report, severities=SEVERITIES, dropped: frozenset[str] | set[str] = frozenset()) -> Report:
    """The report as the reader chose to see it: findings of the chosen severities, minus those set aside
    (``finding_key``). Every view and every download of the page is built from this one object."""
    from dataclasses import replace
    keep = [f for f in report.findings if f.severity in severities and finding_key(f) not in dropped]
    return report if len(keep) == len(report.findings) else replace(report, findings=keep)


def accepted_types(suffixes=None) -> str:
    """The accepted file types in Chinese, grouped by what people call them (in ``FORMAT_NAMES`` order), every
    suffix named: "Word（.docx .doc）、WPS 文字（.wps）、…" (``suffixes``: ``analyzer.ingest.SUPPORTED`` by default)."""
    if suffixes is None:
        from analyzer.ingest import SUPPORTED as suffixes
    order = list(FORMAT_NAMES)
    groups: dict[str, list[str]] = {}
    for suffix in sorted(suffixes, key=lambda x: order.index(x) if x in order else len(order)):
        groups.setdefault(FORMAT_NAMES.get(suffix, suffix), []).append(suffix)
    return "、".join(name if sfx == [name] else f"{name}（{' '.join(sfx)}）" for name, sfx in groups.items())
