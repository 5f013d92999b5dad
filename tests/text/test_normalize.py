"""Normalisation helpers (``analyzer.text.normalize``): sentence offsets, the whole-text cache, squeeze."""
from __future__ import annotations

import random
import re

from analyzer.text.normalize import SQUEEZE_CHARS, normalize, sentence_spans, squeeze
from conftest import SAMPLES


def test_sentences_are_trimmed_and_split_at_end_marks_and_line_breaks():
    text = "第一句。 第二句！”\n  标题\n”\n第三句？"
    assert [text[s:e] for s, e in sentence_spans(text)] == ["第一句。", "第二句！”", "标题", "第三句？"]
    assert [text[s:e] for s, e in sentence_spans(text, 5, 15)] == ["第二句！”", "标题"]


def test_cached_whole_text_split_hands_out_a_fresh_list_each_time():
    text = "加强党的建设。召开会议3次。"
    spans = sentence_spans(text)
    assert spans == [(0, 7), (7, 14)]
    spans.append((99, 100))
    spans[0] = (1, 2)
    assert sentence_spans(text) == [(0, 7), (7, 14)]


# --- sentence splitting: the one-pass regex equals the per-line split it replaced -------------------------------

_OLD_END = re.compile(r"[。！？!?…]+[”’」』）)》]*|[；;](?=\s*$)")


def _reference_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The former implementation: lines, cut after each sentence end, each piece stripped, closer-only pieces
    dropped."""
    spans = []
    for line in re.finditer(r"[^\n]+", text[start:end]):
        ls, le = start + line.start(), start + line.end()
        pieces, pos = [], ls
        for m in _OLD_END.finditer(text, ls, le):
            pieces.append((pos, m.end()))
            pos = m.end()
        pieces.append((pos, le))
        for s, e in pieces:
            seg = text[s:e]
            core = seg.strip()
            if core and core.strip("”’」』）)》"):
                s += len(seg) - len(seg.lstrip())
                spans.append((s, s + len(core)))
    return spans


def test_sentence_spans_equal_the_per_line_split_on_random_texts():
    rng = random.Random(3)
    alphabet = "ab 。！？!?…；;”’」』）)》\n\t\u3000\r\u2028\x85《"
    for _ in range(30000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 16)))
        start = rng.randint(0, len(text))
        end = rng.choice([None, rng.randint(start, len(text))])
        expected = _reference_spans(text, start, len(text) if end is None else end)
        assert sentence_spans(text, start, end) == expected, (text, start, end)


def test_sentence_spans_equal_the_per_line_split_on_the_corpus(corpus):
    for path in corpus + sorted(SAMPLES.glob("*.txt")):
        text = path.read_text("utf-8")
        assert sentence_spans(text) == _reference_spans(text, 0, len(text)), path.name


# --- squeeze: the array path and the single regex pass equal the former per-character loop ---------------------

def _reference_squeeze(text: str, drop: re.Pattern = SQUEEZE_CHARS) -> tuple[str, list[int]]:
    shifts, removed = [], 0
    for m in drop.finditer(text):
        for pos in range(m.start(), m.end()):
            shifts.append(pos - removed)
            removed += 1
    return (drop.sub("", text) if shifts else text), shifts


def test_squeeze_equals_the_per_character_loop(corpus):
    """Both paths of ``squeeze`` (the kernel for long texts is compared with the plain one in tests/kernels)."""
    rng = random.Random(4)
    alphabet = "ab \n\t\"'“”‘’「」『』＂＇\u3000\u00a0\ud800😀"
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12))) for _ in range(5000)]
    texts += [normalize(p.read_text("utf-8")) for p in corpus]
    for text in texts:
        assert squeeze(text) == _reference_squeeze(text)
        assert squeeze(text, re.compile("a*")) == _reference_squeeze(text, re.compile("a*"))   # empty matches
