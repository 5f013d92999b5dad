"""The spaCy component on blank Chinese pipelines (character and jieba segmenters): same Report as the library,
every finding / theme evidence / hollow sentence present as a token-aligned span covering its characters."""
from __future__ import annotations

import pytest

spacy = pytest.importorskip("spacy")
import analyzer.spacy_component as sc  # noqa: E402  (registers the "shengao" factory)
from analyzer.pipeline import analyze  # noqa: E402
from conftest import CORPUS, requires_corpus  # noqa: E402

SEGMENTERS = {
    "char": lambda: spacy.blank("zh"),
    "jieba": lambda: spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}}),
}


def covers(span, start, end) -> bool:
    return span.start_char <= start and span.end_char >= end


@requires_corpus
@pytest.mark.parametrize("segmenter", sorted(SEGMENTERS))
def test_component_writes_the_same_report_as_spans(segmenter):
    text = (CORPUS / "xi_2020-06-29_zuzhi_luxian.txt").read_text("utf-8")
    nlp = SEGMENTERS[segmenter]()
    nlp.add_pipe("shengao", config={"as_of": "2020-07-01"})
    assert nlp.pipe_names == ["shengao"]
    doc = nlp(text)
    report = doc._.shengao
    assert report.to_dict() == analyze(text=text, as_of="2020-07-01").to_dict()
    assert report.as_of.isoformat() == "2020-07-01" and report.as_of_source == "option"

    findings = list(doc.spans["shengao_findings"])
    assert len(findings) == len(report.findings)
    for span, f in zip(findings, report.findings):
        assert span.label_ == f.rule and covers(span, f.start, f.end)

    evidence = [(t.id, e) for t in report.coverage.themes for e in t.evidence]
    themes = list(doc.spans["shengao_themes"])
    assert len(themes) == len(evidence)
    for span, (tid, e) in zip(themes, evidence):
        assert span.label_ == tid and covers(span, e.start, e.end) and e.text in span.text

    hollow = [s for s in report.hollowness.sentences if s.label == "hollow"]
    assert [(s.start_char <= h.start, s.label_) for s, h in zip(doc.spans["shengao_hollow"], hollow)] == \
        [(True, "hollow")] * len(hollow)


@pytest.mark.parametrize("segmenter", sorted(SEGMENTERS))
def test_alignment_expands_to_whole_tokens(segmenter):
    nlp = SEGMENTERS[segmenter]()
    text = "坚持以习近平新时代中国特色社会主义思想为指导"
    doc = nlp(text)
    start = text.index("新时代") + 1          # inside a token for jieba
    spans = sc.aligned_spans(doc, [(start, start + 6, "x"), (0, 0, "empty")])
    assert len(spans) == 1
    s = spans[0]
    assert s.label_ == "x" and covers(s, start, start + 6)
    if segmenter == "char":                   # one token per character: exact
        assert (s.start_char, s.end_char) == (start, start + 6)
    else:
        assert s.end_char - s.start_char >= 6 and s.text in text


def test_profile_config_and_crlf_keep_offsets():
    nlp = spacy.blank("zh")
    nlp.add_pipe("shengao", config={"profile": "speech", "as_of": "2024-01-01"})
    text = "某局党建工作会议讲话\r\n同志们：\r\n全年开展主题党日12次。"
    doc = nlp(text)
    assert doc._.shengao.profile.id == "speech"
    assert doc._.shengao.document.text.replace(" \n", "\r\n") == text
    assert len(doc._.shengao.document.text) == len(doc.text)


def test_cli_path_does_not_import_spacy():
    import subprocess
    import sys
    code = ("import sys; from click.testing import CliRunner; from analyzer.cli.commands import cli; "
            "r = CliRunner().invoke(cli, ['check', '--no-store', '--format', 'json', sys.argv[1]]); "
            "heavy = [m for m in ('spacy', 'openpyxl', 'streamlit', 'sklearn', 'matplotlib') if m in sys.modules]; "
            "print(r.exit_code, heavy)")
    src = CORPUS / "npc_gwr_resolution_2013.txt" if CORPUS.is_dir() else __file__
    out = subprocess.run([sys.executable, "-c", code, str(src)], capture_output=True, text=True, check=True)
    assert out.stdout.split(" ", 1)[1].strip() == "[]", out.stdout
