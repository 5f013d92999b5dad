"""A Report's JSON text written without the detour through ~20,000 dicts per corpus.

Plain equivalent: ``analyzer.render.jsonout.report_json_plain``, i.e. ``json.dumps(report.to_dict(),
ensure_ascii=False)``; ``tests/kernels/test_report_json.py`` compares the two on real reports and on the values the
plain encoder treats specially. Worth 5.5 % of the instructions of a corpus check (docs/batch.md, round six).

Why: a corpus has ~15,000 sentence scores and ~5,500 theme results; building a dict for each, only for the encoder
to walk it again, cost more than the rest of the record. Here the report is encoded with those two lists left empty,
and their JSON, written directly, is spliced in (JSON escapes every quote inside a string, so the first
``"themes": []`` and the ``"sentences": []`` after ``"hollowness": {`` are the lists' own)."""
from __future__ import annotations

import json
from dataclasses import replace
from functools import lru_cache
from json.encoder import encode_basestring as _string  # what dumps() writes for a str (ensure_ascii=False)
from math import copysign, isfinite

from analyzer.model import Report, SentenceScore, ThemeResult


def _dumps(obj) -> str:
    return json.dumps(obj, ensure_ascii=False)


def report_json(report: Report) -> str:
    """Exactly ``json.dumps(report.to_dict(), ensure_ascii=False)``, about three times faster."""
    bare = replace(report, coverage=replace(report.coverage, themes=[]),
                   hollowness=replace(report.hollowness, sentences=[]))
    text = _dumps(bare.to_dict())
    themes = text.index('"themes": []') + len('"themes": [')
    sentences = text.index('"sentences": []', text.index('"hollowness": {', themes)) + len('"sentences": [')
    return "".join((text[:themes], _themes_json(report.coverage.themes), text[themes:sentences],
                    _sentences_json(report.hollowness.sentences), text[sentences:]))


def _sentences_json(sentences: list[SentenceScore]) -> str:
    """The items of ``[s.to_dict() for s in sentences]`` as dumps() writes them (offsets are ints, texts str).
    Most sentences end in one of a few label-and-reasons tails ("hollow", ["无数据、无时限"]), each written once."""
    tails: dict[tuple, str] = {}
    out = []
    for s, score in zip(sentences, round4_all([s.score for s in sentences])):
        key = (s.label, *s.reasons)
        tail = tails.get(key)
        if tail is None:
            tail = tails[key] = f', "label": {_string(s.label)}, "reasons": [{", ".join(map(_string, key[1:]))}]}}'
        out.append(f'{{"start": {s.start}, "end": {s.end}, "text": {_string(s.text)}, "score": {score}{tail}')
    return ", ".join(out)


def round4_all(values: list) -> list[str]:
    """``[round4(x) for x in values]``: when every value is a float within round4's range, all are formatted by one
    "%" and their trailing zeros dropped by four replaces over the whole text (each line has four decimals), instead
    of a call and three string operations each (a corpus has ~15,000 sentence scores). The two regex passes they
    replace cost ~25 M instructions over a corpus, the replaces ~3.5 M (re tried a match at most positions)."""
    if not values or not set(map(type, values)) <= {float} or not isfinite(sum(values)) \
            or not (-1e9 < min(values) and max(values) < 1e9):
        return [round4(x) for x in values]
    text = ("%.4f\n" * len(values)) % tuple(values)
    # rstrip("0") of each line (at most four zeros end one), then "0" put back after a "." left last
    text = text.replace("000\n", "\n").replace("00\n", "\n").replace("0\n", "\n").replace(".\n", ".0\n")
    return text.split("\n")[:-1]


def round4(x) -> str:
    """``json.dumps(round(float(x), 4))``, ~2x cheaper. "%.4f" rounds as round() does (correctly, from the binary
    value), and a decimal of at most 15 significant digits, trailing zeros dropped, is the shortest repr of the
    float nearest to it, which is what repr() and so dumps() write. Larger and non-finite values go the plain way."""
    x = float(x)
    if not -1e9 < x < 1e9:
        return _dumps(round(x, 4))
    s = ("%.4f" % x).rstrip("0")
    return s + "0" if s[-1] == "." else s


def _themes_json(themes: list[ThemeResult]) -> str:
    """The items of ``[t.to_dict() for t in themes]``. Most of a report's ~100 themes have no evidence (not
    mentioned) and read the same in every report of a batch: their JSON is looked up, not rebuilt."""
    out = []
    for t in themes:
        if copysign(1.0, t.weight) < 0 or copysign(1.0, t.depth) < 0:  # -0.0: equal to 0.0 as a key, not in JSON
            out.append(_dumps(t.to_dict()))
        elif t.evidence:
            evidence = ", ".join([f'{{"start": {e.start}, "end": {e.end}, "text": {_string(e.text)}}}'
                                  for e in t.evidence])
            out.append(f'{_theme_head(t.id, t.name, t.category, t.required, t.weight)}, "status": {_string(t.status)}, '
                       f'"mentions": {t.mentions}, "depth": {round4(t.depth)}, "evidence": [{evidence}]}}')
        else:
            out.append(_bare_theme_json(t.id, t.name, t.category, t.required, t.weight, t.status, t.mentions,
                                        t.depth))
    return ", ".join(out)


# Equal keys must mean equal JSON: ``typed`` keeps 1, 1.0 and True apart (the caller leaves out -0.0).

@lru_cache(maxsize=4096, typed=True)
def _theme_head(id, name, category, required, weight) -> str:
    """A theme's JSON up to its weight, without the closing brace: the part its lexicon entry decides."""
    return _dumps({"id": id, "name": name, "category": category, "required": required, "weight": weight})[:-1]


@lru_cache(maxsize=4096, typed=True)
def _bare_theme_json(id, name, category, required, weight, status, mentions, depth) -> str:
    """A theme without evidence."""
    return _dumps(ThemeResult(id, name, category, required, weight, status, mentions, depth).to_dict())
