"""Structure check: 公文 numbering (一、 （一） 1. （1）) and 一是/二是/三是 enumerations without gaps or repeats.

A speechwriter reorders and deletes sections while drafting; a skipped 三、 or a doubled 二是 is the slip a reviewer
spots first. Numbering is checked per level *and per parent*: a （一） list restarts under each 一、. A list that
restarts at 1 is a new list, not an error (precision first: long texts legitimately restart sub-lists)."""
from __future__ import annotations

import re

from analyzer.ingest.structure import match_numbering
from analyzer.model import Document, Finding

CATEGORY = "文稿结构"
HEADING_BASIS = "GB/T 9704—2012《党政机关公文格式》：结构层次序数依次可以用“一、”“（一）”“1.”“（1）”标注"
ENUM_BASIS = "公文写作惯例：“一是、二是、三是”依次列举"
LEVEL_NAMES = {1: "一级标题（一、）", 2: "二级标题（（一））", 3: "三级标题（1.）", 4: "四级标题（（1））"}

_NUMERAL = re.compile(r"\d+|[一二三四五六七八九十百]+")
# 一是 … 十是: at the start of a paragraph or right after punctuation, so 统一是/唯一是/第一是 never count.
_ENUM = re.compile(r"(?:(?<=^)|(?<=[，。；：、！？,.;:!?\s“”\"（）()]))([一二三四五六七八九十]{1,3})是(?![的否非])")
_CN_DIGITS = "零一二三四五六七八九"


def cn_numeral(n: int) -> str:
    """1..99 in Chinese numerals as written in 公文 numbering (十一, 二十, 二十三)."""
    if n < 10:
        return _CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + (_CN_DIGITS[ones] if ones else "")


def _value(numeral: str) -> int | None:
    """Arabic or Chinese sequence number (一 … 九十九) as an int; None for anything else (百, 一二)."""
    if numeral.isdigit():
        return int(numeral)
    tens, sep, ones = numeral.partition("十")
    if not sep:
        return _CN_DIGITS.index(numeral) if len(numeral) == 1 and numeral in _CN_DIGITS[1:] else None
    if len(tens) > 1 or len(ones) > 1 or (tens and tens not in _CN_DIGITS[2:]) or (ones and ones not in _CN_DIGITS[1:]):
        return None
    return (_CN_DIGITS.index(tens) if tens else 1) * 10 + (_CN_DIGITS.index(ones) if ones else 0)


def _renumber(marker: str, numeral: str, n: int) -> str:
    """The same marker with another number, in the same script (四、 -> 三、, （5） -> （4））."""
    return marker.replace(numeral, str(n) if numeral.isdigit() else cn_numeral(n), 1)


def _finding(kind: str, what: str, start: int, marker: str, message: str, suggestion: str | None,
             basis: str) -> Finding:
    return Finding(rule=f"structure-{what}-{kind}", category=CATEGORY, severity="warning", start=start,
                   end=start + len(marker), text=marker, message=message,
                   suggestions=(suggestion,) if suggestion else (), basis=basis)


def _judge(last: int | None, n: int) -> str | None:
    """gap / repeat / order, or None when ``n`` continues (or restarts) the sequence."""
    expected = (last or 0) + 1
    if n == expected or n == 1:
        return None
    if last is not None and n == last:
        return "repeat"
    if n > expected:
        return "gap"
    return "order"


def check_headings(doc: Document) -> list[Finding]:
    """Every paragraph opening with a 公文 sequence number, heading or numbered paragraph alike."""
    out: list[Finding] = []
    last: dict[int, int] = {}            # level -> last number seen under the current parent
    for p in doc.paragraphs:
        found = match_numbering(doc.text[p.start:p.end])
        if found is None:
            continue
        level, m = found
        marker = m.group(0)
        num = _NUMERAL.search(marker)
        n = _value(num.group(0)) if num else None
        if n is None:
            continue
        for deeper in [lv for lv in last if lv > level]:
            del last[deeper]
        prev = last.get(level)
        verdict = _judge(prev, n)
        if verdict:
            expected = (prev or 0) + 1
            want = _renumber(marker, num.group(0), expected)
            name = LEVEL_NAMES[level]
            msg = {
                "gap": f"{name}序号跳号：上一个是“{_renumber(marker, num.group(0), prev) if prev else '（无）'}”，"
                       f"这里应为“{want}”，却是“{marker}”",
                "repeat": f"{name}序号重复：“{marker}”已出现过，这里应为“{want}”",
                "order": f"{name}序号倒序：上一个是“{_renumber(marker, num.group(0), prev)}”，这里应为“{want}”",
            }[verdict]
            out.append(_finding(verdict, "heading", p.start, marker, msg, want, HEADING_BASIS))
        last[level] = n
    return out


def check_enumerations(doc: Document) -> list[Finding]:
    """一是/二是/三是 within a paragraph; a paragraph that opens with the next marker continues the list of the
    paragraph before (many texts give each 二是 its own paragraph)."""
    out: list[Finding] = []
    last: int | None = None
    for p in doc.paragraphs:
        if p.kind == "heading":
            last = None
            continue
        line = doc.text[p.start:p.end]
        hits = list(_ENUM.finditer(line))
        if not hits or hits[0].start() != 0:
            last = None
        for m in hits:
            n = _value(m.group(1))
            if n is None:
                continue
            verdict = _judge(last, n)
            if verdict == "gap" and last is None:
                verdict = None    # a list opening at 二是 may continue text we cannot see (a quotation, a cut)
            if verdict:
                want = cn_numeral((last or 0) + 1) + "是"
                marker = m.group(0)
                msg = {
                    "gap": f"列举跳号：“{cn_numeral(last)}是”之后应为“{want}”，却是“{marker}”",
                    "repeat": f"列举重复：“{marker}”出现两次，这里应为“{want}”",
                    "order": f"列举倒序：“{cn_numeral(last)}是”之后应为“{want}”，却是“{marker}”",
                }[verdict]
                out.append(_finding(verdict, "enum", p.start + m.start(), marker, msg, want, ENUM_BASIS))
            last = n
    return out


def check(doc: Document) -> list[Finding]:
    return sorted(check_headings(doc) + check_enumerations(doc), key=lambda f: (f.start, f.rule))
