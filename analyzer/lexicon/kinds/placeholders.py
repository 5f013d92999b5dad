"""Lexicon kind ``placeholders``: template placeholders a writer forgot to replace (XX局, ×××同志, 党的XX大,
201x年, 不忘**、牢记**, _总书记, ____). Each entry is a regular expression over the raw text; a hit is a finding
of category 文稿完整性 ("未替换的占位符"), a warning: a human must fill it in.

Precision first: the patterns are written so that correct official text never matches (二〇〇八年 is a year,
张某某 is how a 通报 anonymises a person, 3×4 is arithmetic). ``skip_formats`` switches an entry off for some
input formats (Markdown's **bold** is not a placeholder). Every entry carries ``examples: {bad: [...],
good: [...]}``; ``[[…]]`` marks the span a bad example must yield (tests/analyses/test_placeholders.py runs them)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from analyzer.kernels import regex_cache
from analyzer.lexicon.validate import Where, opt, req, severity_field, str_list

CATEGORY = "文稿完整性"
MESSAGE = "未替换的占位符"
_MARK = regex_cache.compile(r"\[\[(.+?)\]\]")


@dataclass(frozen=True)
class Example:
    text: str
    span: tuple[int, int] | None = None


@dataclass(frozen=True)
class PlaceholderRule:
    id: str
    pattern: re.Pattern
    message: str
    severity: str
    basis: str
    skip_formats: tuple[str, ...] = ()      # input formats where the pattern means something else (md: **bold**)
    bad: tuple[Example, ...] = field(default=(), compare=False)
    good: tuple[Example, ...] = field(default=(), compare=False)
    file: str = field(default="", compare=False)


def _example(raw: str, where: Where, marked: bool) -> Example:
    m = _MARK.search(raw)
    if marked and not m:
        raise where.error("examples", f"反例“{raw}”缺少 [[…]] 标记")
    if not m:
        return Example(raw)
    text = raw[:m.start()] + m.group(1) + raw[m.end():]
    return Example(text, (m.start(), m.start() + len(m.group(1))))


def parse(entry: dict, where: Where) -> PlaceholderRule:
    raw = req(entry, "pattern", where)
    try:
        pattern = regex_cache.compile(raw)
    except re.error as e:
        raise where.error("pattern", f"正则表达式无效：{e}") from None
    examples = opt(entry, "examples", where, dict, {}) or {}
    bad = str_list(examples, "bad", where, required=True)
    good = str_list(examples, "good", where, required=True)
    return PlaceholderRule(
        id=entry["id"], pattern=pattern, message=(opt(entry, "message", where, str, MESSAGE) or MESSAGE).strip(),
        severity=severity_field(entry, where, "warning"), basis=req(entry, "basis", where).strip(),
        skip_formats=str_list(entry, "skip_formats", where), bad=tuple(_example(b, where, True) for b in bad),
        good=tuple(_example(g, where, False) for g in good), file=where.file)
