"""Placeholders left in a text (lexicon kind ``placeholders``): findings of category 文稿完整性, and the spans
other analyses must not credit — "***新时代中国特色社会主义思想" is a masked formula, not a mention of the
Thought (``analyzer.analyses.coverage`` drops a theme mention that touches a placeholder)."""
from __future__ import annotations

from functools import lru_cache

from analyzer.kernels.regex_chars import may_match, needed
from analyzer.kernels.regex_scan import compile_scanning
from analyzer.lexicon import Lexicon
from analyzer.lexicon.kinds.placeholders import CATEGORY
from analyzer.model import Document, Finding
from analyzer.options import Options

# characters that may stand between a placeholder and the formula it masks (quotes, spaces)
_JOINERS = set(" \t\u3000\"'“”‘’「」『』")


def find(text: str, lexicon: Lexicon, fmt: str = "txt") -> list[tuple[int, int, object]]:
    """(start, end, rule) of every placeholder, in order; where the patterns of several entries overlap, the
    longest span (then the earliest entry) is kept. A pattern runs only over a text that holds the characters
    every match of it needs (``analyzer.kernels.regex_chars``; most texts have no X, ×, *, ○ or _ at all), and is
    searched from the characters its matches begin with (``analyzer.kernels.regex_scan``)."""
    return _find(text, lexicon, fmt, lambda pattern: may_match(text, _needed(pattern)),
                 lambda pattern: compile_scanning(pattern.pattern, pattern.flags))


def find_plain(text: str, lexicon: Lexicon, fmt: str = "txt") -> list[tuple[int, int, object]]:
    """``find`` running every pattern, as compiled, over the whole text."""
    return _find(text, lexicon, fmt, lambda pattern: True, lambda pattern: pattern)


@lru_cache(maxsize=1024)
def _needed(pattern):
    return needed(pattern)


def _find(text: str, lexicon: Lexicon, fmt: str, worth, compiled) -> list[tuple[int, int, object]]:
    hits = []
    for order, rule in enumerate(lexicon.kind("placeholders").values()):
        if fmt in rule.skip_formats or not worth(rule.pattern):
            continue
        for m in compiled(rule.pattern).finditer(text):
            if m.end() > m.start():
                hits.append((m.start(), -(m.end() - m.start()), order, m.end(), rule))
    hits.sort(key=lambda h: h[:3])
    out: list[tuple[int, int, object]] = []
    for s, _, _, e, rule in hits:
        if out and s < out[-1][1]:
            continue
        out.append((s, e, rule))
    return out


def touches(spans: list[tuple[int, int, object]], text: str, start: int, end: int) -> bool:
    """Whether a placeholder overlaps [start, end) or stands right beside it (quotes and spaces between)."""
    for s, e, _ in spans:
        if s < end and start < e:
            return True
        if e <= start and all(c in _JOINERS for c in text[e:start]):
            return True
        if end <= s and all(c in _JOINERS for c in text[end:s]):
            return True
    return False


def run(doc: Document, lexicon: Lexicon, options: Options) -> list[Finding]:
    text = doc.text
    return [Finding(rule=rule.id, category=CATEGORY, severity=lexicon.relevel.get(rule.id, rule.severity),
                    start=s, end=e, text=text[s:e], message=rule.message, suggestions=(), basis=rule.basis)
            for s, e, rule in find(text, lexicon, doc.format)]
