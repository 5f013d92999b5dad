"""Lexicon kind `titles`: official titles of Party regulations and central documents (《中国共产党纪律处分条例》 …),
with the dates they hold. A title written inside 《》 one or two characters off a listed one is a near miss; a
title listed with ``until`` and ``replaced_by`` (a regulation re-issued under a new name) is outdated after that
date. Like rules, each entry carries examples: ``[[…]]`` marks the title text a bad example must flag."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from analyzer.lexicon.kinds.rules import Examples, _examples
from analyzer.lexicon.validate import date_field, opt, req


@dataclass(frozen=True)
class Title:
    id: str
    title: str
    basis: str
    verified: bool
    since: dt.date | None
    until: dt.date | None
    replaced_by: str | None
    examples: Examples
    file: str = field(default="", compare=False)


def parse(entry: dict, where) -> Title:
    title = req(entry, "title", where).strip()
    if title.startswith("《") or title.endswith("》"):
        raise where.error("title", "title 不含书名号《》")
    if len(title) < 6:
        raise where.error("title", f"文件名称过短：“{title}”（近似匹配至少需要 6 个字）")
    since, until = date_field(entry, "since", where), date_field(entry, "until", where)
    replaced_by = opt(entry, "replaced_by", where)
    if (until is None) != (replaced_by is None):
        raise where.error("until", "until 与 replaced_by 须同时写明（何时起由哪个新名称取代）")
    if since and until and until <= since:
        raise where.error("until", "until 应晚于 since")
    return Title(entry["id"], title, req(entry, "basis", where), opt(entry, "verified", where, bool, default=False),
                 since, until, replaced_by, _examples(entry, where), where.file)


def _cross_check(entries: dict) -> None:
    titles = entries.get("titles", {})
    known = {t.title for t in titles.values()}
    for t in titles.values():
        if t.replaced_by and t.replaced_by not in known:
            from analyzer.lexicon.validate import Where
            raise Where(t.file, t.id).error("replaced_by", f"replaced_by 指向的《{t.replaced_by}》不在 titles 中")


CROSS_CHECKS = [_cross_check]
