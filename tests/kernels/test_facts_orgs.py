"""Organisations found from their suffixes equal ORG_RE's matches (plain ``finditer``)."""
from __future__ import annotations

from analyzer.kernels.facts_orgs import org_matches
from analyzer.text import facts
from conftest import SAMPLES, corpus_files


def plain(text):
    return [(m.start(), m.group()) for m in facts.ORG_RE.finditer(text)]


def test_org_matches_equal_the_regex_on_crafted_samples_and_corpus():
    assert org_matches("第二党支部书记王丽华牵头", facts.ORG_SUFFIXES) == [(0, "第二党支部")]
    assert org_matches("县委员会办公室主任", facts.ORG_SUFFIXES) == [(0, "县委员会办公室")]   # 县委 + 员会: it grows
    assert org_matches("党委员会", facts.ORG_SUFFIXES) == []                                # two characters first
    crafted = ["县委员会办公室主任", "市纪委监委派驻纪检组", "某某局某某处某某科", "各处处长", "ab党委c", "党组党委党支部"]
    texts = crafted + [p.read_text("utf-8") for p in sorted(SAMPLES.glob("*.txt"))] + \
        [p.read_text("utf-8") for p in corpus_files()[:12]]
    for text in texts:
        assert org_matches(text, facts.ORG_SUFFIXES) == plain(text)


def test_actors_of_a_document_are_the_same_by_either_path():
    """``facts.actors`` switches to the kernel from ``KERNEL_FROM`` characters: same facts either way."""
    texts = [p.read_text("utf-8") for p in sorted(SAMPLES.glob("*.txt")) + corpus_files()[:6]]
    assert sum(len(t) >= facts.KERNEL_FROM for t in texts) >= 4
    for text in texts:
        whole = list(facts.actors(text))                               # the kernel
        assert whole == list(facts.actors_from(facts.org_candidates(text)))   # the plain regex
