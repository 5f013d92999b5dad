"""Gapped literal forms followed by a tail that ends on a fixed anchor, found only where the anchor occurs: the fast
form of ``re.compile("(?:(F0)|(F1)|…)" + tail).finditer(text)``, each ``Fi`` a form that lets gap characters
(quotes, spaces) stand between its characters (as in ``analyzer.kernels.spaced_forms``).

Plain equivalent: that regex (``analyzer.ingest.dates.anniversaries_plain``: "中国共产党成立100周年" and the other
anniversaries of ``lexicons/dating.yaml``, every match ending on 周年). With ~30 forms, each gap a class of quotes
and spaces, the regex costs ~20 ms to compile in every process, and is tried wherever a form may begin (党, 人, 中,
建 …: a good part of any Party text); ``tests/kernels/test_anchored_forms.py`` compares the two.

Why it is the same: every match ends on the anchor and holds only characters of ``inside`` (the forms', the gaps',
the tail's) and decimal digits, so it starts inside the run of such characters that ends at an occurrence of the
anchor; only those starts are tried, in order, from the end of the last match, as ``finditer`` goes on. At a start,
the forms are tried in the alternation's order: a gapped form matches in one way at most (a gap run must stop at the
form's next character, which is no gap character), and where it ends the tail is matched by the same regex the
alternation would go on with; the first form whose tail matches is the regex's match."""
from __future__ import annotations

import re


class AnchoredForms:
    """``forms`` (cores: no gap character in them, none empty) in alternation order, then ``tail`` (a regex whose
    every match ends with ``anchor`` and holds only characters of ``inside``, gap characters and decimal digits)."""

    def __init__(self, forms: list[str], gap: str, tail: str, anchor: str, inside: str):
        if not anchor or not all(forms) or any(c in gap for f in forms for c in f):
            raise ValueError("an empty anchor or form; a form holds no gap character")
        self.forms = forms
        self.gap = frozenset(gap)
        self.tail = re.compile(tail)
        self.anchor = anchor
        self.inside = frozenset(inside) | self.gap | frozenset("".join(forms)) | frozenset(anchor)
        self.by_first: dict[str, list[int]] = {}
        for k, f in enumerate(forms):
            self.by_first.setdefault(f[0], []).append(k)

    def finditer(self, text: str) -> list[tuple[int, int, int, re.Match]]:
        """(start, end, form number, the tail's match) of every match, as the regex's ``finditer`` gives them."""
        out: list[tuple[int, int, int, re.Match]] = []
        pos = 0                     # where the regex's search goes on: the end of the last match
        tried = 0                   # starts before this are tried already (none of them matched)
        z = text.find(self.anchor)
        while z >= 0:
            r = z
            floor = max(pos, tried)
            while r > floor and self._inside(text[r - 1]):
                r -= 1
            p = max(r, floor)
            while p < z:
                found = self._match_at(text, p) if text[p] in self.by_first else None
                if found is None:
                    p += 1
                    continue
                k, m = found
                out.append((p, m.end(), k, m))
                pos = p = m.end()
            tried = max(tried, p)
            z = text.find(self.anchor, max(z + 1, pos))
        return out

    def _inside(self, c: str) -> bool:
        return c in self.inside or c.isdecimal()

    def _match_at(self, text: str, p: int) -> tuple[int, re.Match] | None:
        n, gap = len(text), self.gap
        for k in self.by_first[text[p]]:
            i = p + 1
            for ch in self.forms[k][1:]:
                while i < n and text[i] in gap:
                    i += 1
                if i >= n or text[i] != ch:
                    break
                i += 1
            else:
                m = self.tail.match(text, i)
                if m:
                    return k, m
        return None
