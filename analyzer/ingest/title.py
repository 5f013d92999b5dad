"""Where a document's title stands: the detected title line, or the head of a first line that runs on into the
body ("学区党支部2021年党建工作总结 一年来，……"). Date and genre detection read their title evidence here."""
from __future__ import annotations


from analyzer.kernels import regex_cache
from analyzer.model import Document

MAX_TITLE = 60
# the head of a first line that carries the body too: the space-separated segments before the first one with
# sentence punctuation ("坚定理想信念 筑牢信仰之基 同志们：今天……" -> "坚定理想信念 筑牢信仰之基")
_SEGMENT = regex_cache.compile(r"[^ \t\u3000]+")
_SENTENCE_MARKS = regex_cache.compile(r"[。，,：:！？；;]")


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
        end = 0
        for m in _SEGMENT.finditer(line):
            if _SENTENCE_MARKS.search(m.group()) or m.end() > MAX_TITLE:
                break
            end = m.end()
        if 4 <= end < len(line):
            return p.start, p.start + end
    return None


def title_text(doc: Document) -> str:
    span = title_span(doc)
    return doc.text[span[0]:span[1]] if span else ""
