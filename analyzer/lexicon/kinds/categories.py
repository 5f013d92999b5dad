"""Lexicon kind ``categories``: the theme categories and their display order.

Themes point to their category by ``id`` (zhengzhi-jianshe); reports show its ``name`` (政治建设), the word a
reviewer reads. A theme naming a category that no pack defines is rejected when the lexicon loads
(``themes.check_categories``)."""
from __future__ import annotations

from dataclasses import dataclass

from analyzer.lexicon.validate import Where, opt, req


@dataclass(frozen=True)
class Category:
    id: str
    name: str            # what ThemeResult.category carries, e.g. 政治建设
    order: int           # display order in tables (ascending)
    label: str           # longer display label, e.g. 纪律建设/廉政; defaults to name
    description: str = ""


def parse(entry: dict, where: Where) -> Category:
    name = req(entry, "name", where).strip()
    order = opt(entry, "order", where, int, 100)
    if isinstance(order, bool):
        raise where.error("order", "字段类型应为 int，实际为 bool")
    label = opt(entry, "label", where, str, name) or name
    return Category(id=entry["id"], name=name, order=order, label=label,
                    description=opt(entry, "description", where, str, "") or "")
