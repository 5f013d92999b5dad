"""Where a document's title stands: the detected title line, or the head of a first line that runs on into the
body ("学区党支部2021年党建工作总结 一年来，……"). Date and genre detection read their title evidence here."""
from __future__ import annotations

import re

from analyzer.model import Document

MAX_TITLE = 60
# the head of a first line that carries the body too: up to the first run of spaces, or up to the first 。，：
_HEAD = re.compile(r"[^\s。，,：:！？；]{4,%d}(?=[ \t\u3000]+\S)" % MAX_TITLE)


def title_span(doc: Document) -> tuple[int, int] | None:
    """[start, end) of the title in ``doc.text``, or None."""
    text = doc.text
    if doc.title:
        limit = doc.paragraphs[3].start if len(doc.paragraphs) > 3 else len(text)
        i = text.find(doc.title, 0, limit + len(doc.title))
        if i >= 0:
            return i, i + len(doc.title)
    for p in doc.paragraphs[:1]:
        line = text[p.start:p.end]
        if len(line) <= MAX_TITLE and not line.endswith(("。", "：", ":")):
            return p.start, p.end
        m = _HEAD.match(line)
        if m:
            return p.start, p.start + m.end()
    return None


def title_text(doc: Document) -> str:
    span = title_span(doc)
    return doc.text[span[0]:span[1]] if span else ""
