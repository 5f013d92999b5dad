"""The Report model: ``Report.from_dict`` rebuilds exactly what ``to_dict`` wrote (to_dict -> from_dict -> to_dict
equal) on real reports of the samples and the corpus, with and without the text, with reuse results."""
from __future__ import annotations

import json

import pytest

from analyzer import analyze
from analyzer.analyses.reuse.detect import against
from analyzer.ingest import read_document
from analyzer.model import Report
from conftest import SAMPLES, corpus_files, requires_corpus

SAMPLE_FILES = sorted(p for p in SAMPLES.iterdir() if p.suffix in (".txt", ".docx", ".pdf"))


def _round_trip(report: Report) -> None:
    d = report.to_dict()
    back = Report.from_dict(json.loads(json.dumps(d, ensure_ascii=False)), text=report.document.text,
                            paragraphs=report.document.paragraphs)
    assert back.to_dict() == d
    assert back.counts() == report.counts()
    assert back.document.paragraphs == report.document.paragraphs
    assert back.coverage.category_scores() == report.coverage.category_scores()


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_sample_reports_round_trip(path):
    assert len(SAMPLE_FILES) >= 12
    _round_trip(analyze(path))
    with_text = analyze(path, include_text=True).to_dict()
    assert Report.from_dict(with_text).to_dict() == with_text       # the text travels in the report itself


def test_reuse_results_round_trip():
    docs = [read_document(SAMPLES / "annual_summary.txt"), read_document(SAMPLES / "annual_summary.docx")]
    report = analyze(docs[0])
    report.reuse = against(docs[0], docs[1:])
    assert report.reuse and report.reuse[0].passages
    _round_trip(report)


def test_a_report_without_its_text_needs_the_text():
    d = analyze(SAMPLES / "speech.txt").to_dict()
    with pytest.raises(ValueError, match="正文"):
        Report.from_dict(d)
    with pytest.raises(ValueError, match="不符"):
        Report.from_dict(d, text="别的文稿")


@requires_corpus
def test_corpus_reports_round_trip():
    for path in corpus_files()[::5]:
        _round_trip(analyze(path))
