"""Applying suggested edits to a draft: each edit replaces exactly ``text[start:end]`` and nothing else.

Suggestions and findings carry offsets into the text they were computed on; once one edit is applied, every later
offset moves. ``apply`` therefore applies a whole batch against the *original* offsets and returns an
``OffsetMap`` so the caller can move any other span (remaining findings, a cursor, a selection) into the new text
instead of re-analysing blindly."""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Iterable

from analyzer.errors import UsageError


@dataclass(frozen=True)
class Edit:
    start: int
    end: int
    replacement: str
    expected: str | None = None   # what text[start:end] must be; guards against applying a stale edit

    def to_dict(self) -> dict:
        d = {"start": self.start, "end": self.end, "replacement": self.replacement}
        if self.expected is not None:
            d["expected"] = self.expected
        return d


@dataclass(frozen=True)
class OffsetMap:
    """Old offsets -> new offsets. ``changes`` are (old_start, old_end, new_start, new_end), sorted, disjoint."""
    changes: tuple[tuple[int, int, int, int], ...] = ()
    _starts: tuple[int, ...] = field(default=(), repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_starts", tuple(c[0] for c in self.changes))

    def map(self, pos: int, *, side: str = "left") -> int:
        """Where old position ``pos`` is in the new text. A position strictly inside a replaced span has no exact
        image: ``side="left"`` maps it to the start of the replacement, ``"right"`` to its end. For an insertion
        made exactly at ``pos``, "left" keeps ``pos`` with the text after it (the insertion comes before), "right"
        with the text before it (the insertion comes after): a span's start maps left, its end right."""
        i = bisect_right(self._starts, pos) - 1
        if side == "right":
            while i >= 0 and self.changes[i][0] == self.changes[i][1] == pos:
                i -= 1
        if i < 0:
            return pos
        os_, oe, ns, ne = self.changes[i]
        if pos >= oe:
            return pos + (ne - oe)
        if pos == os_:
            return ns
        return ns if side == "left" else ne

    def map_span(self, start: int, end: int) -> tuple[int, int] | None:
        """The new span of an old span no edit touched, or None when an edit overlaps it (the span is gone).
        An insertion at either boundary stays outside the span."""
        lo = max(0, bisect_right(self._starts, start) - 1)
        for os_, oe, _, _ in self.changes[lo:bisect_right(self._starts, end)]:
            if (os_ < end and oe > start) or (os_ == oe and start < os_ < end):
                return None
        new_start = self.map(start, side="left")
        return new_start, (self.map(end, side="right") if end > start else new_start)


@dataclass(frozen=True)
class EditResult:
    text: str
    offsets: OffsetMap


def apply(text: str, edits: Edit | Iterable[Edit]) -> EditResult:
    """Apply one or several non-overlapping edits (offsets into ``text``). Raises ``UsageError`` on an edit out of
    range, two edits that overlap (two insertions at the same point count as overlapping: their order would be a
    guess), or an ``expected`` text that no longer matches."""
    batch = [edits] if isinstance(edits, Edit) else list(edits)
    batch.sort(key=lambda e: (e.start, e.end))
    for e in batch:
        if not (0 <= e.start <= e.end <= len(text)):
            raise UsageError(f"修改位置越界：[{e.start}, {e.end})，全文共 {len(text)} 字")
        if e.expected is not None and text[e.start:e.end] != e.expected:
            raise UsageError(f"修改位置 [{e.start}, {e.end}) 处的原文已变（应为“{e.expected}”，"
                             f"实为“{text[e.start:e.end]}”），请重新分析后再应用")
    for a, b in zip(batch, batch[1:]):
        if b.start < a.end or (b.start == a.start and (a.start == a.end or b.start == b.end)):
            raise UsageError(f"两处修改重叠：[{a.start}, {a.end}) 与 [{b.start}, {b.end})")
    parts: list[str] = []
    changes: list[tuple[int, int, int, int]] = []
    pos = shift = 0
    for e in batch:
        parts.append(text[pos:e.start])
        parts.append(e.replacement)
        ns = e.start + shift
        changes.append((e.start, e.end, ns, ns + len(e.replacement)))
        shift += len(e.replacement) - (e.end - e.start)
        pos = e.end
    parts.append(text[pos:])
    return EditResult("".join(parts), OffsetMap(tuple(changes)))


def edits_between(old: str, new: str) -> list[Edit]:
    """The edits that turn ``old`` into ``new``, in ``old``'s offsets: lines compared first (a long draft stays
    fast), changed lines character by character. A run of new lines after a kept line is one insertion starting
    with a line break (new paragraphs); a removed line goes with its line break."""
    from difflib import SequenceMatcher
    old_lines, new_lines = old.split("\n"), new.split("\n")
    starts = [0]
    for line in old_lines:
        starts.append(starts[-1] + len(line) + 1)
    out: list[Edit] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old_lines, new_lines, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        paired = min(i2 - i1, j2 - j1) if tag == "replace" else 0
        for k in range(paired):
            base = starts[i1 + k]
            a, b = old_lines[i1 + k], new_lines[j1 + k]
            for t, x1, x2, y1, y2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
                if t != "equal":
                    out.append(Edit(base + x1, base + x2, b[y1:y2], expected=a[x1:x2]))
        for k in range(i1 + paired, i2):        # old lines with no counterpart: removed with their line break
            if k + 1 < len(old_lines):
                out.append(Edit(starts[k], starts[k + 1], "", expected=old_lines[k] + "\n"))
            elif k > 0:
                out.append(Edit(starts[k] - 1, starts[k] + len(old_lines[k]), "", expected="\n" + old_lines[k]))
            else:
                out.append(Edit(0, len(old_lines[k]), "", expected=old_lines[k]))
        extra = new_lines[j1 + paired:j2]
        if extra:
            at_line = i1 + paired - 1 if i1 + paired > 0 else None
            if at_line is None or at_line >= len(old_lines):
                at = 0
                out.append(Edit(at, at, "\n".join(extra) + "\n", expected=""))
            else:
                at = starts[at_line] + len(old_lines[at_line])
                out.append(Edit(at, at, "\n" + "\n".join(extra), expected=""))
    merged: list[Edit] = []
    for e in sorted(out, key=lambda e: (e.start, e.end)):   # two insertions at one place are one
        if merged and merged[-1].start == merged[-1].end == e.start == e.end:
            merged[-1] = Edit(e.start, e.end, merged[-1].replacement + e.replacement, expected="")
        else:
            merged.append(e)
    return merged
