"""The formulation checks measured on mutations of real corpus sentences (tools/formula_mutations.py): every kind
of error built from the lexicon's formula data, in the documents' own sentences and at their own dates, and the
must-stay-silent controls. Skips without ../shared (set SHENGAO_SHARED to point elsewhere)."""
from __future__ import annotations

import sys
from collections import defaultdict

import pytest

from conftest import ROOT, requires_corpus

sys.path.insert(0, str(ROOT / "tools"))
import formula_mutations as fm  # noqa: E402


@pytest.fixture(scope="module")
def results():
    return fm.evaluate()


def _rates(results, parts=("dev", "held-out")):
    per = defaultdict(lambda: [0, 0])
    for m, found in results:
        if fm.split(m.doc) in parts and m.cue:
            per[m.kind][0] += 1
            per[m.kind][1] += bool(found)
    return per


@requires_corpus
def test_recall_per_kind_and_overall(results):
    per = _rates(results)
    for kind in fm.KINDS:
        n, k = per[kind]
        assert n >= 20, (kind, n)                 # every kind is really exercised
        assert k / n >= 0.90, (kind, k, n)
    total = sum(per[k][0] for k in fm.KINDS)
    caught = sum(per[k][1] for k in fm.KINDS)
    assert caught / total >= 0.95, (caught, total)


@requires_corpus
def test_recall_on_documents_not_read_while_writing_the_rules(results):
    per = _rates(results, ("held-out",))
    total = sum(per[k][0] for k in fm.KINDS)
    caught = sum(per[k][1] for k in fm.KINDS)
    assert total >= 500 and caught / total >= 0.95, (caught, total)


@requires_corpus
def test_controls_are_never_flagged(results):
    flagged = [(m.kind, m.rule, m.doc, m.note, [(f.rule, f.text) for f in found])
               for m, found in results if m.kind in fm.CONTROLS and found]
    assert flagged == []
    assert {m.kind for m, _ in results} >= set(fm.CONTROLS)


@requires_corpus
def test_a_caught_mutation_is_caught_where_it_was_made(results):
    """Spot check of the measure itself: the finding overlaps the changed text and quotes it."""
    for m, found in results:
        if m.kind not in fm.CONTROLS and found:
            f = found[0]
            assert m.text[f.start:f.end] == f.text
            assert f.start < m.span[1] + 1 and f.end > m.span[0] - 1
