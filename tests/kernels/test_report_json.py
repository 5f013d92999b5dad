"""``analyzer.kernels.report_json``, the fast writer of a Report's JSON, against its plain equivalent
``jsonout.report_json_plain`` (``dumps(report.to_dict())``): on real reports (samples, corpus), and on the values
the plain encoder treats specially (quotes, control characters, astral and lone surrogate characters, empty
strings, -0.0, 1 vs 1.0, nan)."""
from __future__ import annotations

import datetime as dt
import math
import random

import pytest

from analyzer.ingest import iter_input_files
from analyzer.model import (
    Coverage,
    Document,
    Finding,
    Hollowness,
    Paragraph,
    Passage,
    Profile,
    Report,
    ReuseResult,
    SentenceScore,
    Span,
    ThemeResult,
)
from analyzer.kernels.report_json import report_json, round4, round4_all
from analyzer.pipeline import analyze
from analyzer.render import jsonout
from analyzer.render.jsonout import dumps, report_json_plain
from conftest import SAMPLES


def _same_reports(paths, lexicon):
    for p in paths:
        r = analyze(p, lexicon=lexicon)
        assert report_json(r) == report_json_plain(r) == jsonout.report_json(r), p
        r.include_text, r.reuse = True, [ReuseResult("b.txt", [Passage(0, 5, 10, 15)])]
        assert report_json(r) == report_json_plain(r), p


def test_sample_reports(lexicon):
    paths = [p for p in iter_input_files([SAMPLES]) if not p.name.startswith("README")]
    assert len(paths) == 12
    _same_reports(paths, lexicon)


def test_corpus_reports(corpus, lexicon):
    _same_reports(corpus, lexicon)


def _report(themes, sentences, title='某局"党建"\\总结') -> Report:
    text = "x" * 200
    doc = Document(text=text, paragraphs=[Paragraph(0, 200)], title=title, path='a/"b".txt')
    return Report(document=doc, as_of=dt.date(2024, 6, 1), as_of_source="option", profile=Profile("general", "通用"),
                  sentences=len(sentences), coverage=Coverage(0.5, themes), hollowness=Hollowness(-0.0, sentences),
                  findings=[Finding("r", "c", "error", 1, 3, "xx", "改为“yy”", ("yy",), "依据")])


def test_odd_values_are_written_as_the_plain_encoder_writes_them():
    odd_texts = ['说"引号"', "反\\斜杠", "制表\t符", "\x01控制", "", "emoji 😀", "\u2028分隔", "\U00020000", "孤\ud800"]
    themes = [ThemeResult("t", name, "类别", required, weight, status, mentions, depth, evidence)
              for name, required, weight, status, mentions, depth, evidence in [
                  ("甲", True, 3.0, "missing", 0, 0.0, []),
                  ("甲", True, 3, "missing", 0, 0.0, []),           # equal to the one above, but written "3"
                  ("甲", 1, 3.0, "missing", 0, 0.0, []),            # 1, not true
                  ("甲", True, 3.0, "missing", 0, -0.0, []),        # -0.0
                  ("甲", True, -0.0, "missing", 0, 0.0, []),
                  ("甲", None, 3.0, "missing", 0, 0.0, []),         # null
                  ('乙"', False, 1.5, "covered", 2, 0.123456, [Span(1, 3, t) for t in odd_texts]),
                  ('乙"', False, 1.5, "covered", 2, 0.123456, []),
                  ("丙", True, float("nan"), "shallow", 1, float("inf"), [Span(0, 1, "x")]),
              ]] * 2
    sentences = [SentenceScore(i, i + 1, t, score, label, reasons)
                 for i, (t, score, label, reasons) in enumerate(zip(
                     odd_texts * 3, [0.0, -0.0, 1.0, 0.99995, 0.00005, 0.123449999, 1e12, float("nan"), float("-inf"),
                                     -3.25, 2.0 ** -30, 5e-5, 0.5, 7, True, 0.1, 0.2, 0.3, 0.4, 0.6, 0.7],
                     ["hollow", "mixed", "concrete"] * 9,
                     [[], ["无数据"], ["无数据", '说"'], ("元组",), ["无数据"], [], ["\n"], ["、"], ["😀"]] * 3))]
    r = _report(themes, sentences)
    assert len(sentences) == 21 and report_json(r) == report_json_plain(r)
    assert report_json(_report([], [], title=None)) == report_json_plain(_report([], [], title=None))


def test_round4_is_json_of_round():
    rng = random.Random(7)
    values = [0.0, -0.0, 0.5, 1.0, -1.0, 0.00005, 0.00015, 0.99995, 123456789.12345, -987654321.00005, 1e9, 1e15,
              1e300, 5e-324, math.pi, float("nan"), float("inf"), float("-inf")]
    values += [rng.random() for _ in range(20000)] + [rng.uniform(-1e6, 1e6) for _ in range(20000)]
    values += [round(rng.random(), 4) + d for d in (0.00005, -0.00005, 5e-17) for _ in range(2000)]
    for x in values:
        assert round4(x) == dumps(round(float(x), 4)), repr(x)
    np = pytest.importorskip("numpy")
    assert round4(np.float64(0.12345)) == dumps(round(float(np.float64(0.12345)), 4))


def test_round4_all_is_round4_of_each():
    """The batch (one "%" for a list of floats within range) against ``round4`` one value at a time, and lists
    that take the value-by-value way: a value out of range, not finite, not a float."""
    rng = random.Random(8)
    values = [0.0, -0.0, 0.5, 1.0, -1.0, 0.00005, 0.00015, 0.99995, 10.0, 100.0, -10.0, 123456789.12345,
              -987654321.00005, 999999999.99995, 5e-324, math.pi]
    values += [rng.uniform(-1, 1) for _ in range(20000)] + [rng.uniform(-1e9, 1e9) for _ in range(5000)]
    values += [round(rng.uniform(-2, 2), rng.randint(0, 5)) for _ in range(20000)]
    assert round4_all(values) == [round4(x) for x in values]
    odd = [1e9, -1e9, 1e12, float("nan"), float("inf"), float("-inf"), True, 7, 0.5, -0.0]
    for _ in range(2000):
        chunk = rng.sample(values, rng.randint(0, 6)) + rng.sample(odd, rng.randint(0, 2))
        rng.shuffle(chunk)
        assert round4_all(chunk) == [round4(x) for x in chunk], chunk
    np = pytest.importorskip("numpy")
    assert round4_all([np.float64(0.12345), 0.5]) == [round4(np.float64(0.12345)), "0.5"]
