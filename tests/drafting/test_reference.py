"""The reference set shipped in the package: documents of state organs only, each listed with its source; every
sentence is real text at its real offsets; the stored index ranks exactly as a freshly built one."""
from __future__ import annotations

import re

import pytest

from analyzer.drafting.exemplars import ExemplarIndex, read_sentences
from analyzer.drafting.reference import (INDEX_FILE, REFERENCE_DIR, SOURCES_FILE, STATE_ORGAN_FILES,
                                         build_reference_set, load_reference, source_rows)
from analyzer.ingest import read_document
from conftest import CORPUS, SAMPLES, requires_corpus

QUERIES = ["推进作风建设常态化长效化", "坚持“三会一课”制度", "全面从严治党 两个确立 两个维护", "以人民为中心的发展思想"]


@pytest.fixture(scope="module")
def shipped():
    ix = load_reference()
    assert ix.sentences, f"{REFERENCE_DIR / INDEX_FILE} is missing or empty: run tools/build_reference_set.py"
    return ix


def test_only_documents_of_state_organs_with_their_sources_listed(shipped):
    names = {s.path for s in shipped.sentences}
    assert names and all(STATE_ORGAN_FILES.match(n) for n in names)
    assert not any(n.startswith(("hailar_", "xi_", "seed_")) or "_alt" in n for n in names)
    listed = set(re.findall(r"^\| `([^`]+)` \|", (REFERENCE_DIR / SOURCES_FILE).read_text("utf-8"), re.M))
    assert names == listed == set(shipped.sources)
    for name, src in shipped.sources.items():
        assert src["title"] and src["url"].startswith("https://github.com/"), name


def test_no_sentence_comes_from_the_demo_samples(shipped):
    """data/samples/ holds documents with deliberate errors: none of their sentences may be offered as a model."""
    demo = {s.text for s in read_sentences(sorted(SAMPLES.glob("*.txt")))[0]}
    assert demo
    assert not demo & {s.text for s in shipped.sentences}


@requires_corpus
def test_every_sentence_is_the_source_text_at_its_offsets(shipped):
    texts = {}
    for s in shipped.sentences:
        if s.path not in texts:
            texts[s.path] = read_document(CORPUS / s.path).text
        assert texts[s.path][s.start:s.end] == s.text


@requires_corpus
def test_shipped_set_is_up_to_date_with_the_corpus(shipped, tmp_path):
    """Rebuilt from the corpus now: the same sentences, sources and dates as the committed data."""
    fresh = build_reference_set(CORPUS, tmp_path)
    assert [(s.path, s.start, s.end, s.text, s.date) for s in fresh.sentences] == \
        [(s.path, s.start, s.end, s.text, s.date) for s in shipped.sentences]
    assert fresh.sources == shipped.sources
    rows = source_rows((CORPUS / "SOURCES.md").read_text("utf-8"))
    assert shipped.sources["gwr_2024.txt"]["title"] == rows["gwr_2024.txt"]["title"]
    assert {s.date.isoformat() for s in shipped.sentences if s.path == "cpc20_report.txt"} == {"2022-10-16"}


@requires_corpus
def test_a_stored_index_ranks_exactly_as_the_one_built_in_memory(tmp_path):
    built = build_reference_set(CORPUS, tmp_path)
    loaded = ExemplarIndex.load(tmp_path / INDEX_FILE)
    for q in QUERIES:
        assert [h.to_dict() for h in loaded.search(q, 8)] == [h.to_dict() for h in built.search(q, 8)]
    assert (loaded._matrix != built._matrix).nnz == 0


def test_round_trip_of_a_small_index_keeps_sentences_and_ranking(tmp_path):
    (tmp_path / "a.txt").write_text("全年开展“三会一课”48次，参学党员覆盖率100%。\n"
                                    "严格落实中央八项规定精神，全年精简会议文件三成。\n", "utf-8")
    (tmp_path / "b.txt").write_text("坚持以上率下，持续深化纠治“四风”，全年精简文件三成、会议两成。\n", "utf-8")
    built = ExemplarIndex(*read_sentences(sorted(tmp_path.glob("*.txt"))))
    built.save(tmp_path / "ix.npz")
    loaded = ExemplarIndex.load(tmp_path / "ix.npz")
    assert [(s.path, s.start, s.end, s.text) for s in loaded.sentences] == \
        [(s.path, s.start, s.end, s.text) for s in built.sentences]
    for q in ["四风", "三会一课", "八项规定 精简会议"]:
        assert [h.to_dict() for h in loaded.search(q, 3)] == [h.to_dict() for h in built.search(q, 3)]


def test_empty_index_round_trips(tmp_path):
    ExemplarIndex([]).save(tmp_path / "e.npz")
    assert ExemplarIndex.load(tmp_path / "e.npz").search("作风建设") == []
