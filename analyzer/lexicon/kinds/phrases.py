"""Lexicon kind `phrases`: word lists that the hollowness scorer weighs (it never flags them one by one: these
words are normal in official writing, only their density and the absence of facts make a sentence hollow).

    kind: phrases
    entries:
      - id: intensifiers-degree
        group: intensifier          # closed set, see GROUPS
        terms: [进一步, 切实, 扎实]
        weight: 1.0                 # optional, default 1.0
        basis: 参考表 §14
"""
from __future__ import annotations

from collections import Counter

from dataclasses import dataclass

from analyzer.lexicon.validate import Where, opt, str_list

GROUPS = {
    "stock-phrase": "套话短语",
    "intensifier": "强化词",
    "generic-verb": "空泛动词",
    "exhortation": "号召语",
    "formalism": "形式主义信号",
    "self-criticism": "检视问题套话",
    "abstract-object": "抽象宾语",
    "numbered-formula": "编号提法",
    "generic-name": "泛指名称",
}


@dataclass(frozen=True)
class PhraseGroup:
    id: str
    group: str
    terms: tuple[str, ...]
    weight: float = 1.0
    basis: str = ""
    note: str = ""

    def formulas(self) -> tuple[str, ...]:
        """Stock and numbered phrases: wording every report is expected to repeat."""
        return self.terms


def parse(entry: dict, where: Where) -> PhraseGroup:
    group = entry.get("group", entry.get("class"))
    if not isinstance(group, str) or not group:
        raise where.error("group", "缺少必填字段 “group”")
    if group not in GROUPS:
        raise where.error("group", f"未知的 group “{group}”（可用：{'、'.join(GROUPS)}）")
    terms = str_list(entry, "terms", where, required=True)
    if len(set(terms)) != len(terms):
        dup = sorted(t for t, n in Counter(terms).items() if n > 1)     # linear: packs may list 200k terms
        raise where.error("terms", f"词语重复：{'、'.join(dup)}")
    weight = opt(entry, "weight", where, (int, float), 1.0)
    if isinstance(weight, bool) or not 0 < float(weight) <= 5:
        raise where.error("weight", "weight 应为 0 到 5 之间的正数")
    return PhraseGroup(id=entry["id"], group=group, terms=tuple(t.strip() for t in terms), weight=float(weight),
                       basis=opt(entry, "basis", where, str, ""), note=opt(entry, "note", where, str, ""))
