"""Date detection: the date a document speaks from (a dated line under the title, "——2023年3月5日在…",
or a signature line at the end)."""
from __future__ import annotations

import datetime as dt
import re

_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
DATE_RE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
CN_DATE_RE = re.compile(r"([〇○零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日")


def _cn_num(s: str) -> int:
    if all(c in _CN_DIGITS for c in s):
        return int("".join(str(_CN_DIGITS[c]) for c in s))
    if s == "十":
        return 10
    if s.startswith("十"):
        return 10 + _CN_DIGITS[s[1]]
    if s.endswith("十"):
        return _CN_DIGITS[s[0]] * 10
    a, b = s.split("十")
    return _CN_DIGITS[a] * 10 + _CN_DIGITS[b]


def _to_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _dates_in(line: str) -> list[dt.date]:
    out = [d for d in (_to_date(int(a), int(b), int(c)) for a, b, c in DATE_RE.findall(line)) if d]
    for a, b, c in CN_DATE_RE.findall(line):
        try:
            d = _to_date(_cn_num(a), _cn_num(b), _cn_num(c))
        except (KeyError, ValueError):
            d = None
        if d:
            out.append(d)
    return out


# "（2018年2月12日）" or "——2023年3月5日在…" right after a title, even when the title runs on into the body
_TITLE_DATE_RE = re.compile(r"(?:[（(]\s*|——\s*)(\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|"
                            r"[〇○零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日)")
# a news dateline: "（新华社北京3月6日电）" has no year; the paper's issue line beside it does
_DATELINE_RE = re.compile(r"新华社[^\d（）()]{0,10}?(\d{1,2})月(\d{1,2})日电")
_CITATION_RE = re.compile(r"^《\s*[^》]+》\s*[（(]")


def _edge_lines(text: str) -> tuple[list[str], list[str]]:
    """The first six and the last five non-blank lines, stripped: ``lines[:6]`` and ``lines[-5:]`` of them all,
    without stripping the thousands of lines in between."""
    lines = text.splitlines()
    return _first_non_blank(lines, 6), _first_non_blank(reversed(lines), 5)[::-1]


def _first_non_blank(lines, n: int) -> list[str]:
    out = []
    for ln in lines:
        ln = ln.strip()
        if ln:
            out.append(ln)
            if len(out) == n:
                break
    return out


def detect_date(text: str) -> dt.date | None:
    """Look where a date of issue stands: a short line among the first six (under the title), a "（…年…月…日）"
    or "——…年…月…日在…" right after the title, a news dateline, or a short line among the last five
    (signature). Dates inside body sentences ("2023年3月5日，我们召开…") are events, not the document's date,
    and a newspaper's issue date ("《人民日报》（2020年01月09日 02 版）") is a day after the speech."""
    head, tail = _edge_lines(text)
    for ln in head:
        if _CITATION_RE.match(ln):
            continue
        if ln.startswith(("——", "—", "－－")) or (len(ln) <= 40 and not ln.endswith("。")):
            ds = _dates_in(ln)
            if ds:
                return ds[0]
    first = "\n".join(ln for ln in head if not _CITATION_RE.match(ln))[:200]
    m = _TITLE_DATE_RE.search(first[:first.find("。")] if "。" in first else first)
    if m:
        ds = _dates_in(m.group(1))
        if ds:
            return ds[0]
    edge = head + tail
    for ln in edge:
        dl = _DATELINE_RE.search(ln)
        if dl:
            near = [ln[dl.end():dl.end() + 60]] + [other for other in edge if len(other) <= 60]
            years = [d.year for other in near for d in _dates_in(other)]
            if years:
                d = _to_date(years[0], int(dl.group(1)), int(dl.group(2)))
                if d:
                    return d
    for ln in reversed(tail):
        if len(ln) <= 40 and not _CITATION_RE.match(ln):
            ds = _dates_in(ln)
            if ds:
                return ds[-1]
    return None
