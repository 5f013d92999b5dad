"""Titles of Party regulations and central documents inside 《》 (lexicon kind ``titles``): a title one or two
characters off a listed one (《中国共产党党和国家机关基层党组织工作条例》 for …基层组织工作条例), and a title
re-issued under another name used after that date. Every 《…》 of the text is compared with the list; a title
nearly equal to two listed ones is left alone (no unambiguous fix)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from analyzer.lexicon.kinds.titles import Title
from analyzer.model import Finding
from analyzer.analyses.formulations.common import HISTORY_CUES, Context, normalized

CATEGORY = "规范提法"
MAX_TITLE = 60          # 《 and 》 farther apart than this do not enclose a title
LONG = 12               # titles this long may be two characters off; shorter ones one
_YEAR = re.compile(r"(19|20)\d{2}")
HISTORY_WINDOW = 20


@dataclass(frozen=True)
class TitleTable:
    titles: tuple[Title, ...]
    keys: tuple[str, ...]               # normalised titles
    exact: dict

    @classmethod
    def build(cls, titles) -> "TitleTable":
        ts = tuple(titles)
        keys = tuple(normalized(t.title) for t in ts)
        return cls(ts, keys, {k: t for k, t in zip(keys, ts)})


def check(ctx: Context, table: TitleTable) -> list[Finding]:
    if not table.titles:
        return []
    norm = ctx.norm
    out = []
    i = norm.find("《")
    while i != -1:
        j = norm.find("》", i + 1, i + 2 + MAX_TITLE)
        if j == -1:
            i = norm.find("《", i + 1)
            continue
        inner = norm[i + 1:j]
        if "《" not in inner:
            f = _one(ctx, table, inner, i + 1, j)
            if f is not None:
                out.append(f)
        i = norm.find("《", j)
    return out


def _one(ctx: Context, table: TitleTable, inner: str, s: int, e: int) -> Finding | None:
    t = table.exact.get(inner)
    if t is not None:
        if t.until is None or ctx.as_of < t.until or _historical(ctx, s, e, t):
            return None
        return _finding(ctx, t, s, e, t.replaced_by, f"《{t.title}》已于{t.until.isoformat()}由《{t.replaced_by}》取代",
                        "warning")
    best, best_d, tie = None, None, False
    for t, key in zip(table.titles, table.keys):
        allowed = 2 if len(key) >= LONG else 1
        if abs(len(key) - len(inner)) > allowed:
            continue
        d = title_distance(inner, key, allowed)
        if d is None:
            continue
        if best_d is None or d < best_d:
            best, best_d, tie = t, d, False
        elif d == best_d and t.title != best.title:
            tie = True
    if best is None or tie or (best.since and ctx.as_of < best.since):
        return None
    target = best.replaced_by if best.until and ctx.as_of >= best.until else best.title
    return _finding(ctx, best, s, e, target, f"文件名称有误，应为《{target}》",
                    "error" if best.verified and best_d == 1 else "warning")


def _historical(ctx: Context, s: int, e: int, t: Title) -> bool:
    lo, hi = ctx.sentence(s)
    near = ctx.norm[max(lo, s - HISTORY_WINDOW):min(hi, e + HISTORY_WINDOW)]
    return any(c in near for c in HISTORY_CUES) or any(int(m.group()) < t.until.year for m in _YEAR.finditer(near))


def _finding(ctx: Context, t: Title, s: int, e: int, suggestion: str, message: str, severity: str) -> Finding:
    return Finding(rule=t.id, category=CATEGORY, severity=severity, start=s, end=e, text=ctx.text[s:e],
                   message=message, suggestions=(suggestion,), basis=t.basis)


def title_distance(a: str, b: str, limit: int) -> int | None:
    """Levenshtein distance of a and b when it is at most ``limit``, else None (banded, early exit)."""
    if a == b:
        return 0
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        lo = max(1, i - limit)
        hi = min(len(b), i + limit)
        for k in range(1, lo):
            cur[k] = limit + 1
        best = cur[0] if lo == 1 else limit + 1
        for k in range(lo, hi + 1):
            cur[k] = min(prev[k] + 1, cur[k - 1] + 1, prev[k - 1] + (ca != b[k - 1]))
            best = min(best, cur[k])
        for k in range(hi + 1, len(b) + 1):
            cur[k] = limit + 1
        if best > limit:
            return None
        prev = cur
    return prev[-1] if prev[-1] <= limit else None
