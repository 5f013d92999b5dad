"""Where a missing theme goes in a draft, and in what words.

A theme's canonical sentence on its own is a slogan: pasted after the closing ("同志们……作出新的更大贡献！") it is in
the wrong place, leaves the theme "shallow" and adds a hollow sentence. Writers weave the formula into a concrete
sentence of the part that deals with it ("局党组深刻领悟“两个确立”的决定性意义，全年召开党组会议‘第一议题’学习28次"). So:

1. the part of the draft the theme belongs to: the section whose heading names the theme's category, else the body;
2. in it, the most concrete sentence (the hollowness model's lowest score, not itself hollow, no heading, outside
   the closing), before which the theme's clause is put (its sentence-final mark becomes a comma);
3. when the draft has no such sentence, the canonical sentence becomes a new paragraph before the closing
   paragraphs (exhortation, signature, date), never after them."""
from __future__ import annotations

import re
from dataclasses import dataclass

from analyzer.drafting.edits import Edit

# The closing of a speech or report: exhortations and rallying calls, then the signature and date lines.
_CLOSING = re.compile(r"^\s*(?:同志们|让我们|最后[，,]|总之[，,])|(?:更大贡献|努力奋斗|团结奋斗|奋勇前进|新篇章|新的更大成绩|"
                      r"新的更大胜利|而不懈奋斗|贡献力量)[！!。]?\s*$")
_DATE_LINE = re.compile(r"^\s*[（(]?\s*(?:\d{4}|[〇○零一二三四五六七八九]{4})\s*年[^。！？]{1,12}日\s*[）)]?\s*$")
_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)])")
_ORDINAL = re.compile(r"^\s*(?:[（(][一二三四五六七八九十]{1,3}[）)]|[一二三四五六七八九十]{1,3}[、．.]|\d{1,2}[、．.])")
_SENTENCE_END = "。！？；"


@dataclass(frozen=True)
class Insertion:
    edit: Edit
    text: str          # the words inserted
    woven: bool        # True: put into a concrete sentence; False: a new paragraph before the closing
    where: int         # the line (1-based) it goes on


def _lines(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def closing_start(text: str) -> int:
    """Index of the first line of the closing block (exhortation, signature, date), or the number of lines."""
    lines = _lines(text)
    i = len(lines)
    while i > 0:
        a, b = lines[i - 1]
        line = text[a:b].strip()
        short_unpunctuated = len(line) <= 30 and not re.search(r"[。！？，,；;：:]", line)
        if not line or _DATE_LINE.match(line) or short_unpunctuated or _CLOSING.search(line):
            i -= 1
            continue
        break
    # the block is a closing only if it begins with one: a report ending on a concrete paragraph has none
    while i < len(lines) and not text[lines[i][0]:lines[i][1]].strip():
        i += 1
    return i


def section_of(text: str, category: str, stop: int) -> tuple[int, int] | None:
    """Line range [first, last) of the section whose heading names ``category``, before line ``stop``."""
    lines = _lines(text)
    key = category.strip()
    for i in range(min(stop, len(lines))):
        a, b = lines[i]
        line = text[a:b]
        if _HEADING.match(line) and key and key in line:
            j = i + 1
            level = "（" if line.lstrip().startswith(("（", "(")) else "、"
            while j < min(stop, len(lines)):
                nxt = text[lines[j][0]:lines[j][1]]
                if _HEADING.match(nxt) and (level == "、" and not nxt.lstrip().startswith(("（", "(")) or level == "（"):
                    break
                j += 1
            return i + 1, j
    return None


def score_draft(text: str, lexicon) -> list:
    from analyzer.analyses.hollowness.scoring import score_sentences
    return score_sentences(text, lexicon)


def clause_of(sentence: str) -> str:
    """A canonical sentence as a leading clause: its final mark becomes a comma."""
    s = sentence.strip()
    return (s[:-1] if s and s[-1] in _SENTENCE_END else s) + "，"


def theme_insertion(text: str, name: str, category: str, sentence: str, lexicon, *,
                    scored: list | None = None) -> Insertion | None:
    """Where and how to add the theme ``name`` (its canonical ``sentence``) to the draft ``text``. ``scored``: the
    draft's sentence scores when the caller has them (one scoring for every missing theme)."""
    if not sentence.strip():
        return None
    lines = _lines(text)
    stop = closing_start(text)
    body_end = lines[stop - 1][1] if stop > 0 else 0
    section = section_of(text, category, stop)
    ranges = [(lines[section[0]][0], lines[section[1] - 1][1])] if section and section[1] > section[0] else []
    ranges.append((0, body_end))
    if scored is None:
        scored = score_draft(text, lexicon)
    starts = {a for a, _ in lines}
    for lo, hi in ranges:
        best = None
        for s in scored:
            if not (lo <= s.start and s.end <= hi) or s.label == "hollow":
                continue
            if s.start in starts and (_HEADING.match(s.text) or _ORDINAL.match(s.text)) and len(s.text) <= 40:
                continue                          # a heading or run-in heading
            if name in s.text or re.search(r"[“\"]", s.text[:2]):
                continue
            if best is None or s.score < best.score:
                best = s
        if best is not None:
            at = best.start + (len(m.group(0)) if (m := _ORDINAL.match(best.text)) else 0)
            words = clause_of(sentence)
            return Insertion(Edit(at, at, words, expected=""), words, True, text.count("\n", 0, at) + 1)
    # no concrete sentence: a paragraph of its own, after the body and before the closing
    at = body_end
    words = "\n" + sentence.strip()
    return Insertion(Edit(at, at, words, expected=""), sentence.strip(), False, stop + 1)
