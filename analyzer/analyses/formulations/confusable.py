"""One-character near misses of a formula's name or items: a homophone (同音, read through pypinyin) or a near-form
character (形近, the lexicon's ``confusables``) in place of the right one (两个围护, 政治意识、大局意识、核心意识、看其意识).

Nothing is listed per wrong variant. The text is mapped to two *key* texts of the same length: every character
to its reading without tone (all homophones share one key), and every character of the 形近 table to its group's
first character. The names and items of every formula, mapped the same way, are searched in both key texts with
the engine's own ``PatternScan``; a window whose key equals a formula's key but whose characters differ from it in
exactly one place, where the two characters really are homophones or 形近, is a near miss. Whether it matters is
for the formula check to say: a near-miss item only inside a list of that formula, a name only in a formula's
context (quotes, its verbs or nouns), so that ordinary words are never flagged."""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterable, NamedTuple

from analyzer.analyses.formulations.scan import ARRAY_FROM as SCAN_ARRAY_FROM, PatternScan
from analyzer.text import readings
from analyzer.text.readings import homophones
from analyzer.text.normalize import normalize

if TYPE_CHECKING:
    from analyzer.kernels.one_off import OneOff

_KEY_BASE = 0xE000          # keys are Private Use Area characters: one per toneless reading
_MIN_LEN = 2                # a one-character item has no near miss worth the noise


class NearHit(NamedTuple):
    start: int
    end: int
    pos: int                # index of the differing character in the window
    wrong: str              # the character written
    right: str              # the formula's character
    how: str                # "同音" or "形近"


class Confusables:
    """The 形近 table (pairs of characters) and the two key maps, built once per lexicon."""

    def __init__(self, groups: Iterable[str]):
        self.pairs: set[tuple[str, str]] = set()
        parent: dict[str, str] = {}

        def find(c: str) -> str:
            while parent.get(c, c) != c:
                c = parent[c]
            return c
        for g in groups:
            for a in g:
                for b in g:
                    if a != b:
                        self.pairs.add((a, b))
            for c in g[1:]:
                ra, rb = find(g[0]), find(c)
                if ra != rb:
                    parent[rb] = ra
        self.shape_table = {ord(c): find(c) for c in {x for p in self.pairs for x in p}}
        self.sound_table = readings.key_map(_KEY_BASE)     # one string indexed by code point
        self._maps = None               # the two tables as code-point arrays, built for the first long text

    def similar(self, wrong: str, right: str) -> str | None:
        if (wrong, right) in self.pairs:
            return "形近"
        if homophones(wrong, right):
            return "同音"
        return None

    def keys(self, text: str) -> tuple[str, str]:
        """``text`` through the sound table and through the shape table (``str.translate``); a long text through
        code-point arrays (``analyzer.kernels.codepoints.CharMap``, ~10x faster from a few thousand characters)."""
        if len(text) < ARRAY_FROM:
            return text.translate(self.sound_table), text.translate(self.shape_table)
        if self._maps is None:      # from the tables already built: the reading table has ~42,000 entries
            from analyzer.kernels.codepoints import CharMap
            self._maps = CharMap(self.sound_table), CharMap(self.shape_table)
        sound, shape = self._maps
        return sound.translate(text), shape.translate(text)


ARRAY_FROM = 4096       # texts from this length are translated through arrays


class NearScan:
    """Compile once per lexicon: ``targets`` are (text, payload) — formula names and items — and ``find`` gives, per
    payload, the near misses of its text in a normalised document."""

    def __init__(self, targets: Iterable[tuple[str, tuple]], conf: Confusables):
        self.conf = conf
        self.targets = [(normalize(t), p) for t, p in targets if len(t) >= _MIN_LEN]
        sound, shape = [], []
        for i, (t, _) in enumerate(self.targets):
            ks, kf = conf.keys(t)
            sound.append((ks, ("t", i)))
            if any(ord(c) in conf.shape_table for c in t):   # else no 形近 near miss is possible
                shape.append((kf, ("t", i)))
        self._sound = PatternScan(sound)
        self._shape = PatternScan(shape)
        self._one_off: dict[PatternScan, OneOff | None] = {}     # per scan, built for the first long text

    def find(self, norm: str) -> list[tuple[tuple, NearHit]]:
        """Every near miss in ``norm``, per payload: (payload, NearHit), sound ones first. A long text's windows
        that differ from their formula in other than one character are left out by array operations
        (``analyzer.kernels.one_off``); ``find_plain`` is the plain equivalent."""
        return self._find(norm, self._windows)

    def find_plain(self, norm: str) -> list[tuple[tuple, NearHit]]:
        """``find`` looking at every window whose key matches a formula's."""
        return self._find(norm, self._windows_plain)

    def _find(self, norm: str, windows) -> list[tuple[tuple, NearHit]]:
        out = []
        seen = set()
        for start, end, i in windows(norm):
            text, payload = self.targets[i]
            if (start, i) in seen or norm.startswith(text, start):
                continue
            window = norm[start:end]
            diff = [k for k, (a, b) in enumerate(zip(window, text)) if a != b]
            if len(diff) != 1:
                continue
            k = diff[0]
            how = self.conf.similar(window[k], text[k])
            if how is None:
                continue
            seen.add((start, i))
            out.append((payload, NearHit(start, end, k, window[k], text[k], how)))
        return out

    def _windows_plain(self, norm: str) -> list[tuple[int, int, int]]:
        """(start, end, target number) of every window of the sound key text, then of the shape key text, that
        matches a formula's key."""
        ks, kf = self.conf.keys(norm)
        return _key_windows(self._sound, ks) + _key_windows(self._shape, kf)

    def _windows(self, norm: str) -> list[tuple[int, int, int]]:
        """``_windows_plain`` without the windows that differ from their formula in other than one character. A long
        text's code points are scanned through the key tables (``ArrayTrie.through``): no key text is made."""
        if len(norm) < SCAN_ARRAY_FROM:
            return self._windows_plain(norm)
        from analyzer.kernels.codepoints import code_points       # numpy: imported for the first long text
        points = code_points(norm)
        out, keys = [], None
        for k, (scan, table) in enumerate(((self._sound, self.conf.sound_table), (self._shape, self.conf.shape_table))):
            one_off = self._one_off_of(scan, table)
            if one_off:
                out += one_off.windows(points)
            else:                   # patterns that do not suit the arrays, or none: the key text, made once
                keys = keys or self.conf.keys(norm)
                out += _key_windows(scan, keys[k])
        return out

    def _one_off_of(self, scan: PatternScan, table):
        if scan not in self._one_off:
            from analyzer.kernels.one_off import OneOff
            kernel = scan.kernel()
            self._one_off[scan] = kernel and OneOff(kernel.through(table), [t for t, _ in self.targets])
        return self._one_off[scan]


def _key_windows(scan: PatternScan, key: str) -> list[tuple[int, int, int]]:
    """(start, end, target number) of every window of ``key`` that matches a formula's key."""
    return [(h.start, h.end, h.payload) for hits in scan.by_rule(key, key).values() for h in hits]
