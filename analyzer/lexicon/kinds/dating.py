"""Lexicon kind ``dating``: facts that date a document which states no date of its own.

Entry types (see ``lexicons/dating.yaml``):

- ``anniversary`` — a founding event (``names``, ``date``): "今年是中国共产党成立100周年" dates the text to
  1921 + 100; without a cue that the anniversary is the current one (今年/值此/之际…) the mention is only a lower
  bound (a 2024 text cites the 2021 "庆祝中国共产党成立100周年大会").
- ``year`` — a phrase that names a year only when the text speaks of "this year" ("今年是全面贯彻党的二十大精神的
  开局之年" → 2023).
- ``event`` — an event or campaign the text names as having happened (``forms``, ``date``): the document cannot be
  older (党的二十大精神 → on or after 2022-10-22).
- ``cues`` — the words that tie an anniversary or a year phrase to the text's own time (with a year offset:
  明年 −1), the words that put an event ahead of the text (迎接党的二十大), and the words after a year that make it
  a plan (2024年工作要点: the start of that year) or a review (2023年工作回顾: written after that year).

Every entry but ``cues`` carries ``examples``: ``{text: date}`` pairs the example test judges (the date the text
alone is judged at; ``today`` when the text alone does not date it)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from analyzer.lexicon.validate import Where, date_field, opt, req, str_list

TYPES = ("anniversary", "year", "event", "cues")


@dataclass(frozen=True)
class DatingEntry:
    id: str
    type: str
    forms: tuple[str, ...] = ()
    date: dt.date | None = None
    year: int | None = None
    basis: str = ""
    current: tuple[tuple[str, int], ...] = ()       # cues: word -> year offset (今年 0, 明年 -1, 去年 +1)
    explicit: tuple[str, ...] = ()                  # cues: those of ``current`` that name the year outright
    after: tuple[str, ...] = ()                     # cues: words right after an anniversary that make it current
    before: tuple[str, ...] = ()                    # cues: words that put a named event ahead of the text
    past: tuple[str, ...] = ()                      # cues: words after an anniversary that make it a past event
    plan: tuple[str, ...] = ()                      # cues: a year followed by these is the start of that year
    review: tuple[str, ...] = ()                    # cues: a year followed by these was over when the text was written
    examples: tuple[tuple[str, dt.date | None], ...] = field(default=(), compare=False)   # None: "today"
    file: str = field(default="", compare=False)


def parse(entry: dict, where: Where) -> DatingEntry:
    typ = req(entry, "type", where)
    if typ not in TYPES:
        raise where.error("type", f"未知的类型“{typ}”（可用：{'、'.join(TYPES)}）")
    if typ == "cues":
        current = opt(entry, "current", where, dict, {}) or {}
        for k, v in current.items():
            if not isinstance(k, str) or isinstance(v, bool) or not isinstance(v, int):
                raise where.error("current", f"“{k}”的年份偏移应为整数")
        return DatingEntry(id=entry["id"], type=typ, current=tuple(current.items()),
                           explicit=str_list(entry, "explicit", where), after=str_list(entry, "after", where), before=str_list(entry, "before", where),
                           past=str_list(entry, "past", where), plan=str_list(entry, "plan", where),
                           review=str_list(entry, "review", where), file=where.file)
    forms = str_list(entry, "forms", where, required=True)
    date = date_field(entry, "date", where)
    year = opt(entry, "year", where, int)
    if typ in ("anniversary", "event") and date is None:
        raise where.error("date", "缺少必填字段 “date”")
    if typ == "year" and year is None:
        raise where.error("year", "缺少必填字段 “year”")
    raw = opt(entry, "examples", where, dict, {}) or {}
    if not raw:
        raise where.error("examples", "缺少 examples（文句: 判断日期）")
    examples = []
    for text, d in raw.items():
        parsed = None if d == "today" else date_field({"d": d}, "d", where)
        if not isinstance(text, str) or (parsed is None and d != "today"):
            raise where.error("examples", f"例句“{text}”应给出日期")
        examples.append((text, parsed))
    return DatingEntry(id=entry["id"], type=typ, forms=forms, date=date, year=year,
                       basis=req(entry, "basis", where).strip(), examples=tuple(examples), file=where.file)


def check_one_cues(merged: dict[str, dict[str, Any]]) -> None:
    """At most one ``cues`` entry across the packs (a later pack replaces it by using the same id)."""
    cues = [e for e in merged.get("dating", {}).values() if e.type == "cues"]
    if len(cues) > 1:
        raise where_error(cues[1], "dating 的 cues 条目只能有一个（用同一 id 覆盖内置的）")


def where_error(entry: DatingEntry, reason: str):
    return Where(entry.file, entry.id).error("type", reason)


CROSS_CHECKS = [check_one_cues]
