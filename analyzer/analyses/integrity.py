"""Damage the reader found in a file (PDF pages whose content streams could not be read whole,
``analyzer.ingest.pdf_limits``): the text of those pages may be missing or wrong, so every score may be off for that
reason alone. One warning of category 文稿完整性, on the text where the damage begins, naming the pages."""
from __future__ import annotations

from analyzer.lexicon import Lexicon
from analyzer.lexicon.kinds.placeholders import CATEGORY
from analyzer.model import Document, Finding
from analyzer.options import Options

RULE = "damaged-file"
BASIS = "文件读取检查：PDF 页面内容流解压失败或中途截断，其后的文字无法读出"


def message(pages: list[int]) -> str:
    where = "、".join(str(n) for n in pages)
    return (f"文件已损坏：第 {where} 页的内容无法完整读出，这些页的文字可能缺失或有误，覆盖度、空话度等结果可能因此"
            "不准。请重新获取原文件后再审。")


def run(doc: Document, lexicon: Lexicon, options: Options) -> list[Finding]:
    damage = doc.damage
    if not damage:
        return []
    s, e = damage["start"], damage["end"]
    return [Finding(rule=RULE, category=CATEGORY, severity="warning", start=s, end=e, text=doc.text[s:e],
                    message=message(damage["pages"]), basis=BASIS)]


def notes(report: dict) -> list[str]:
    """The damage messages of a report (its dict), for the terminal."""
    return [f["message"] for f in report.get("findings", ()) if f["rule"] == RULE]
