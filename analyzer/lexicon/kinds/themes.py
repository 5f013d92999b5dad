"""Lexicon kind ``themes``: what a document should talk about, and the surface forms that show it does.

``forms`` are strong evidence (the short name, the full statement, accepted official variants); ``related`` terms
are weaker evidence (seed terms that usually accompany the theme) and count half in the depth score;
``exceptions`` are longer phrases in which a form must not count (precision: "安全生产主体责任" is not the
Party's 主体责任). ``examples: {covered: [...], absent: [...]}`` are sentences that must and must not show the
theme (variants such as 批评与自我批评 carry theirs). A theme applies to documents judged on or after ``since`` and before ``until``."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from analyzer.errors import LexiconError
from analyzer.kernels import regex_cache
from analyzer.lexicon.validate import Where, date_field, in_window, opt, req, str_list
# matched on the formula itself, so 增强“四个意识” and 增强四个意识 are the same text to the matcher.
IGNORED_IN_FORMS = regex_cache.compile(r"[\s\"'“”‘’「」『』＂＇\u3000]")
MIN_FORM_CHARS = 2


@dataclass(frozen=True)
class Theme:
    id: str
    name: str                       # canonical short name, e.g. 两个确立
    category: str                   # a category id from categories.yaml (reports show the category's name)
    forms: tuple[str, ...]
    related: tuple[str, ...] = ()
    exceptions: tuple[str, ...] = ()
    since: dt.date | None = None
    until: dt.date | None = None
    basis: str = ""
    canonical: str = ""             # the wording to recommend
    template: str = ""              # a sentence a writer can insert (canonical text, no invented facts)
    note: str = ""
    file: str = ""
    # sentences that must show the theme, and sentences that must not (tests/analyses/test_coverage.py runs them)
    examples_covered: tuple[str, ...] = field(default=(), compare=False)
    examples_absent: tuple[str, ...] = field(default=(), compare=False)

    def formulas(self) -> tuple[str, ...]:
        """The theme's fixed wordings: its forms, the canonical wording and the template sentence."""
        return tuple(s for s in (*self.forms, self.canonical, self.template) if s)

    def applies(self, as_of: dt.date) -> bool:
        """Whether a document judged at ``as_of`` can be expected to carry this theme."""
        return in_window(as_of, self.since, self.until)


def match_key(form: str) -> str:
    """The form as the matcher sees it: quotes and spaces removed."""
    return IGNORED_IN_FORMS.sub("", form)


def _forms(entry: dict, key: str, where: Where, required: bool) -> tuple[str, ...]:
    out = str_list(entry, key, where, required=required)
    for i, f in enumerate(out):
        if len(match_key(f)) < MIN_FORM_CHARS:
            raise where.error(key, f"第 {i + 1} 项“{f}”去掉引号和空格后不足 {MIN_FORM_CHARS} 个字，无法可靠匹配")
    return out


def parse(entry: dict, where: Where) -> Theme:
    name = req(entry, "name", where).strip()
    category = req(entry, "category", where).strip()
    forms = _forms(entry, "forms", where, required=True)
    related = _forms(entry, "related", where, required=False)
    exceptions = str_list(entry, "exceptions", where)
    since = date_field(entry, "since", where)
    until = date_field(entry, "until", where)
    if since and until and until <= since:
        raise where.error("until", f"until（{until}）应晚于 since（{since}）")
    basis = req(entry, "basis", where).strip()
    canonical = opt(entry, "canonical", where, str, "") or forms[0]
    examples = opt(entry, "examples", where, dict, {}) or {}
    return Theme(id=entry["id"], name=name, category=category, forms=forms, related=related,
                 exceptions=exceptions, since=since, until=until, basis=basis, canonical=canonical.strip(),
                 template=(opt(entry, "template", where, str, "") or "").strip(),
                 note=(opt(entry, "note", where, str, "") or "").strip(), file=where.file,
                 examples_covered=str_list(examples, "covered", where), examples_absent=str_list(examples, "absent", where))


def check_categories(merged: dict[str, dict[str, Any]]) -> None:
    """Every theme's category must be the id of a category some pack defines."""
    cats = merged.get("categories", {})
    by_name = {c.name: c.id for c in cats.values()}
    for tid, theme in merged.get("themes", {}).items():
        if theme.category not in cats:
            hint = f"，应写类别 id“{by_name[theme.category]}”" if theme.category in by_name else ""
            known = "、".join(f"{c.id}（{c.name}）" for c in cats.values()) or "（无）"
            raise LexiconError(theme.file, tid, "category",
                               f"未知的类别“{theme.category}”{hint}（已定义：{known}）")


CROSS_CHECKS = [check_categories]
