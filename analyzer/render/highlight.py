"""Highlights shared by the HTML report, the review page and the annotated docx: which spans of a Report to mark,
and how overlapping marks cut the text into segments.

Marks overlap freely (a wrong formulation inside a hollow sentence inside theme evidence), so rendering walks the
boundaries once and gives each segment every mark that covers it; the colour comes from the most important one."""
from __future__ import annotations

import html
from dataclasses import dataclass

from analyzer.model import Report
from analyzer.render.vocabulary import (
    HOLLOW_ADVICE,
    OCR_DOUBT_HELP,
    OCR_DOUBT_LABEL,
    SEVERITIES,
    SEVERITY_LABELS,
    hollow_note,
    shown_hollow,
)

# Most important first: a segment's colour is that of its first kind in this order. "ocr" (text OCR read with low
# confidence) is drawn as a dashed outline, so it shows whatever colour the segment has.
KINDS = ("error", "warning", "info", "hollow", "theme", "ocr")
KIND_LABELS = {**SEVERITY_LABELS, "hollow": "空话", "theme": "主题", "ocr": OCR_DOUBT_LABEL}


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    kind: str              # one of KINDS
    label: str             # rule id, theme name, or "空话套话"
    message: str
    suggestions: tuple[str, ...] = ()

    def tip(self) -> str:
        """One line of tooltip text, in Chinese: what is wrong and what to write instead."""
        line = f"【{KIND_LABELS[self.kind]}】{self.message}"
        if self.suggestions:
            line += "；建议：" + "／".join(self.suggestions)
        return line


def report_marks(report: Report, *, severities=SEVERITIES, hollow: bool = True, themes: bool = True,
                 ocr: bool = True) -> list[Mark]:
    """Every span of the report worth showing in context, filtered by severity and kind; ``ocr``: the spans read
    from a scan with low confidence (``report.document.ocr["low_confidence"]``)."""
    marks = [Mark(f.start, f.end, f.severity, f.rule, f.message, tuple(f.suggestions))
             for f in report.findings if f.severity in severities and f.end > f.start]
    if hollow:
        for s in shown_hollow(report):
            marks.append(Mark(s.start, s.end, "hollow", "空话套话", f"空话套话：{hollow_note(s)}", (HOLLOW_ADVICE,)))
    if themes:
        for t in report.coverage.themes:
            for ev in t.evidence:
                if ev.end > ev.start:
                    marks.append(Mark(ev.start, ev.end, "theme", t.name, f"主题“{t.name}”（{t.category}）的表述"))
    if ocr and report.document.ocr:
        for span in report.document.ocr.get("low_confidence", ()):
            if span["end"] > span["start"]:
                marks.append(Mark(span["start"], span["end"], "ocr", OCR_DOUBT_LABEL, OCR_DOUBT_HELP))
    return sorted(marks, key=lambda m: (m.start, -m.end, KINDS.index(m.kind)))


def segments(length: int, marks: list[Mark]):
    """Cut [0, length) at every mark boundary, yielding (start, end, covering marks, most important first).
    Unmarked pieces are included, so the pieces tile the text exactly. A sweep with an active set: O((n+k) log n)."""
    events: dict[int, list[tuple[int, int]]] = {}
    for i, m in enumerate(marks):
        s, e = max(0, min(m.start, length)), max(0, min(m.end, length))
        if e > s:
            events.setdefault(s, []).append((1, i))
            events.setdefault(e, []).append((0, i))
    cuts = sorted(set(events) | {0, length})
    active: set[int] = set()
    for a, b in zip(cuts, cuts[1:]):
        for opening, i in events.get(a, ()):
            (active.add if opening else active.discard)(i)
        yield a, b, sorted((marks[i] for i in active), key=lambda m: (KINDS.index(m.kind), m.start, m.label))


def marked_html(text: str, marks: list[Mark], *, id_prefix: str = "sg") -> str:
    """The text as escaped HTML with <mark> elements (class per kind, ``data-tip`` holding the tooltip lines).
    Line breaks are kept as characters: the container must use ``white-space: pre-wrap``."""
    parts = []
    for a, b, covering in segments(len(text), marks):
        piece = html.escape(text[a:b])
        if not covering:
            parts.append(piece)
            continue
        kinds = []
        for m in covering:
            if m.kind not in kinds:
                kinds.append(m.kind)
        classes = " ".join(f"sg-{k}" for k in kinds)
        tip = "\n".join(dict.fromkeys(m.tip() for m in covering))
        parts.append(f'<mark id="{id_prefix}-{a}" class="sg {classes}" data-start="{a}" data-end="{b}" '
                     f'data-tip="{html.escape(tip, quote=True)}">{piece}</mark>')
    return "".join(parts)


CSS = """
.sg-text{white-space:pre-wrap;line-height:1.9;font-size:15px;font-family:"Noto Serif CJK SC","Source Han Serif SC",
"SimSun","Songti SC",serif;}
mark.sg{position:relative;padding:0;border-radius:2px;color:inherit;cursor:help;}
mark.sg-theme{background:#dff3df;border-bottom:2px solid #5aa65a;}
mark.sg-hollow{background:#ececec;text-decoration:underline dotted #777;}
mark.sg-info{background:#e1ecfb;border-bottom:2px solid #4a7fd0;}
mark.sg-warning{background:#fff0bf;border-bottom:2px solid #e0a000;}
mark.sg-error{background:#ffd6d6;border-bottom:2px solid #d23030;}
mark.sg-ocr{outline:1px dashed #8a4b00;outline-offset:1px;}
mark.sg-ocr:not(.sg-error):not(.sg-warning):not(.sg-info):not(.sg-hollow):not(.sg-theme){background:#fbeee0;}
mark.sg[data-tip]:hover::after{content:attr(data-tip);position:absolute;left:0;top:100%;z-index:10;min-width:16em;
max-width:32em;white-space:pre-wrap;background:#333;color:#fff;font-size:13px;line-height:1.5;padding:6px 8px;
border-radius:4px;box-shadow:0 2px 6px rgba(0,0,0,.3);font-family:sans-serif;}
.sg-legend mark{margin-right:.8em;padding:0 .3em;}
"""


def legend_html(marks: list[Mark] | None = None) -> str:
    """The colour key; "识别存疑" only when such marks are shown (most documents were not scanned)."""
    shown = [k for k in KINDS if k != "ocr" or any(m.kind == "ocr" for m in marks or ())]
    return ('<div class="sg-legend">' + "".join(
        f'<mark class="sg sg-{k}">{KIND_LABELS[k]}</mark>' for k in shown) + "</div>")
