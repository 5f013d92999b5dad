"""Pages a reader left unread — scanned pages among text pages, read with OCR switched off (``--no-ocr``) — as a
warning of category 文稿完整性 on the sentence where their text is missing (the first one after the gap; the last
sentence when they end the file), one per run of unread pages: a reviewer must not take the report for the whole
file."""
from __future__ import annotations

from itertools import groupby

from analyzer.lexicon import Lexicon
from analyzer.lexicon.kinds.placeholders import CATEGORY
from analyzer.model import Document, Finding
from analyzer.options import Options
from analyzer.text.normalize import sentence_spans

RULE = "unread_scanned_pages"
BASIS = "扫描页没有文字层，只能经文字识别（OCR）读取"


def message(pages: list[int], *, at_end: bool) -> str:
    where = "文件末尾" if at_end else "此段之前"
    it = "该页" if len(pages) == 1 else "这些页"
    return (f"{where}缺第 {'、'.join(map(str, pages))} 页：{it}是扫描页（没有文字层），因文字识别（OCR）已关闭"
            f"（--no-ocr）未读取，其内容未经检查。去掉 --no-ocr 重新检查即可识别并检查{it}。")


def run(doc: Document, lexicon: Lexicon, options: Options) -> list[Finding]:
    if not doc.unread_pages:
        return []
    sentences = sentence_spans(doc.text)
    out = []
    for at, gap in groupby(doc.unread_pages, key=lambda u: u[1]):
        after = [s for s in sentences if s[0] >= at]
        span = after[0] if after else (sentences[-1] if sentences else None)
        if span is None:
            continue
        out.append(Finding(rule=RULE, category=CATEGORY, severity="warning", start=span[0], end=span[1],
                           text=doc.text[span[0]:span[1]], message=message([p for p, _ in gap], at_end=not after),
                           suggestions=(), basis=BASIS))
    return out


def notes(report: dict) -> list[str]:
    """The unread-page messages of a report (its dict), for the terminal."""
    return [f["message"] for f in report.get("findings", ()) if f["rule"] == RULE]
