"""Phrase matching: every occurrence, in a classic Aho-Corasick scan's order, at character offsets."""
from __future__ import annotations

from analyzer.text.matcher import PhraseMatcher
from analyzer.text.normalize import normalize
from conftest import SAMPLES, corpus_files, requires_corpus


def _all_occurrences(text: str, patterns: list[str]) -> list[tuple[int, int, str]]:
    """Brute force: every occurrence of every pattern by str.find, ordered by end, then longest first."""
    out = []
    for p in patterns:
        i = text.find(p)
        while i != -1:
            out.append((i, i + len(p), p))
            i = text.find(p, i + 1)
    return sorted(out, key=lambda h: (h[1], h[0]))


def test_every_occurrence_in_scan_order_with_astral_characters():
    m = PhraseMatcher([("两个维护", "a"), ("维护", "b"), ("😀两个", "c"), ("护𠀀", "d")])
    text = "x😀两个维护𠀀两个维护"
    got = [(h.start, h.end, h.phrase) for h in m.iter_all(text)]
    assert got == [(1, 4, "😀两个"), (2, 6, "两个维护"), (4, 6, "维护"), (5, 7, "护𠀀"), (7, 11, "两个维护"),
                   (9, 11, "维护")]
    assert all(text[s:e] == p for s, e, p in got)
    assert [(h.start, h.end) for h in m.find(text)] == [(1, 4), (4, 6), (7, 11)]    # leftmost, then longest


def test_payloads_of_patterns_that_normalise_alike_are_merged():
    m = PhraseMatcher([("两个维护", 1), ("兩個維護", 2), ("", 3)])
    (hit,) = m.find("坚决做到两个维护")
    assert (hit.start, hit.end, hit.phrase, hit.payloads) == (4, 8, "两个维护", (1, 2))
    assert PhraseMatcher([]).find("两个维护") == [] and list(PhraseMatcher([]).iter_all("两个维护")) == []


def _check_against_brute_force(lexicon, texts: list[str]) -> int:
    """Every hit and the leftmost-longest hits equal a str.find scan; returns the number of hits checked."""
    patterns = sorted({normalize(t) for e in lexicon.kind("phrases").values() for t in e.terms} - {""})
    m = PhraseMatcher((p, None) for p in patterns)
    total = 0
    for text in texts:
        norm = normalize(text)
        expected = _all_occurrences(norm, patterns)
        assert [(h.start, h.end, normalize(h.phrase)) for h in m.iter_all(text, norm)] == expected
        greedy, last_end = [], -1                  # leftmost, then longest, never overlapping
        for s, e, p in sorted(expected, key=lambda h: (h[0], h[0] - h[1])):
            if s >= last_end:
                greedy.append((s, e, p))
                last_end = e
        assert [(h.start, h.end, normalize(h.phrase)) for h in m.find(text, norm)] == greedy
        total += len(expected)
    return total


def test_matches_and_leftmost_longest_matches_equal_brute_force_on_the_samples(lexicon):
    assert _check_against_brute_force(lexicon, [p.read_text("utf-8") for p in sorted(SAMPLES.glob("*.txt"))]) > 300


@requires_corpus
def test_matches_and_leftmost_longest_matches_equal_brute_force_on_real_text(lexicon):
    assert _check_against_brute_force(lexicon, [p.read_text("utf-8") for p in corpus_files()[:8]]) > 1000


def test_lone_surrogates_do_not_stop_the_search_nor_move_offsets():
    m = PhraseMatcher([("两个维护", "a")])
    text = "坚决\ud800两个维护\udfff两个\ud800维护"
    assert [(h.start, h.end) for h in m.iter_all(text)] == [(3, 7)]
    assert [(h.start, h.end) for h in m.find(text)] == [(3, 7)] and m.find_raw(text)[0][:2] == (3, 7)
