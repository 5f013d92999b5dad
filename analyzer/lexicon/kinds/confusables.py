"""Lexicon kind `confusables`: groups of near-form characters (形近字) that writers confuse (确/碓, 相/想 …).

Homophones need no table (pypinyin reads them); near forms do. A group says every two of its characters look
alike; the formulation checks use the table only inside a formula's own name or items, so an ordinary word that
happens to contain one of these characters is never flagged."""
from __future__ import annotations

from dataclasses import dataclass, field

from analyzer.lexicon.validate import req


@dataclass(frozen=True)
class ConfusableGroup:
    id: str
    chars: str
    basis: str
    file: str = field(default="", compare=False)


def parse(entry: dict, where) -> ConfusableGroup:
    chars = req(entry, "chars", where)
    chars = "".join(chars.split())
    if len(chars) < 2:
        raise where.error("chars", "形近字组至少应有 2 个字")
    if len(set(chars)) != len(chars):
        raise where.error("chars", f"形近字组有重复的字：“{chars}”")
    if not all("\u4e00" <= c <= "\u9fff" for c in chars):
        raise where.error("chars", f"形近字组只能含汉字：“{chars}”")
    return ConfusableGroup(entry["id"], chars, req(entry, "basis", where), where.file)
