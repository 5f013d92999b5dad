"""``analyzer.kernels.codepoints`` against its plain equivalents: ``normalize`` (long texts take the kernel) against
``normalize_plain``, ``squeeze`` against ``squeeze_plain``, and the kernels themselves against ``str.translate``."""
from __future__ import annotations

import random
import re
import sys

import pytest

from analyzer.kernels.codepoints import CharMap, CharSet, code_points, from_code_points, numbered_table, numbered_table_plain
from analyzer.text.normalize import (ARRAY_FROM, SQUEEZE_CHARS, normalize, normalize_plain, squeeze, squeeze_chars,
                                     squeeze_plain)
from kernels.texts import EDGE_ALPHABET, corpus_texts, edge_texts, sample_texts


def _long(text: str) -> str:
    """``text`` repeated to at least ARRAY_FROM characters, so the public functions take the kernel."""
    return text * (ARRAY_FROM // max(len(text), 1) + 1) if text else ""


def _assert_same(texts: list[tuple[str, str]]) -> None:
    for name, text in texts:
        assert not text or len(_long(text)) >= ARRAY_FROM
        for t in (text, _long(text)):
            assert normalize(t) == normalize_plain(t), name
            norm = normalize_plain(t)
            assert squeeze(norm) == squeeze_plain(norm), name
            assert squeeze(t) == squeeze_plain(t), name


def test_samples_through_the_kernels_equal_the_plain_functions():
    texts = sample_texts()
    assert len(texts) == 12         # shorter than ARRAY_FROM: _assert_same repeats each to take the kernel
    _assert_same(texts)


def test_corpus_through_the_kernels_equals_the_plain_functions(corpus):
    texts = corpus_texts()
    assert len(texts) >= 50
    _assert_same(texts)


def test_edge_cases_through_the_kernels_equal_the_plain_functions():
    texts = edge_texts(seed=5, count=400, longest=40)
    _assert_same([(repr(t), t) for t in texts])
    # one long text made of every edge character many times over, runs of separators included
    rng = random.Random(6)
    mixed = "".join(rng.choice(EDGE_ALPHABET) * rng.randint(1, 4) for _ in range(3 * ARRAY_FROM))
    assert normalize(mixed) == normalize_plain(mixed)
    assert squeeze(mixed) == squeeze_plain(mixed)
    assert normalize("") == "" and squeeze("") == ("", [])


def test_normalize_maps_what_the_table_says_in_both_paths():
    text = "全角ＡＢＣ１２３，“引號”（括號）\u3000臺灣發展\ud800孤\udfff𠀀😀党建。"
    expected = "全角ABC123,\"引号\"(括号) 台湾发展\ud800孤\udfff𠀀😀党建。"
    assert normalize_plain(text) == expected
    assert normalize(_long(text)) == _long(expected)


def test_charmap_is_str_translate_for_random_tables():
    rng = random.Random(7)
    pool = [ord(c) for c in EDGE_ALPHABET]
    for _ in range(50):
        table = {rng.choice(pool): rng.choice(EDGE_ALPHABET) for _ in range(rng.randint(0, 12))}
        kernel = CharMap(table)
        for text in edge_texts(seed=rng.random(), count=20, longest=30):
            assert kernel.translate(text) == text.translate(table)


def test_charset_is_the_plain_squeeze_for_random_sets():
    rng = random.Random(8)
    for _ in range(50):
        chars = "".join(rng.sample(EDGE_ALPHABET, rng.randint(1, 6)))
        kernel, drop = CharSet(chars), re.compile(f"[{re.escape(chars)}]+")
        for text in edge_texts(seed=rng.random(), count=20, longest=30):
            assert kernel.squeeze(text) == squeeze_plain(text, drop), (chars, text)


def test_squeeze_chars_are_exactly_the_regex_class_over_every_code_point():
    every = "".join(map(chr, range(sys.maxunicode + 1)))
    expected = {m.group() for m in re.finditer(SQUEEZE_CHARS.pattern.rstrip("+"), every)}
    assert set(squeeze_chars()) == expected


@pytest.mark.parametrize("drop", [re.compile("a*"), re.compile("[党建]+")])
def test_squeeze_with_another_pattern_takes_the_plain_path(drop):
    text = _long("党a建b“c”")
    shifts, removed = [], 0
    for m in drop.finditer(text):
        for pos in range(m.start(), m.end()):
            shifts.append(pos - removed)
            removed += 1
    assert squeeze(text, drop) == ((drop.sub("", text) if shifts else text), shifts)


def test_confusable_keys_of_long_texts_are_str_translate(corpus):
    """``Confusables.keys`` takes ``CharMap`` from ``confusable.ARRAY_FROM`` characters: same keys as the plain
    ``str.translate`` with the two tables, on corpus texts, samples and edge characters."""
    from analyzer.analyses.formulations.confusable import ARRAY_FROM as KEYS_FROM, Confusables
    from analyzer.lexicon import default_lexicon
    conf = Confusables(g.chars for g in default_lexicon().kind("confusables").values())
    assert len(conf.shape_table) > 10 and len(conf.sound_table) > 40_000
    # the sound table, one string indexed by code point (readings.key_map), translates as the dict readings.keys
    from analyzer.text.readings import keys, reading_ids
    base = ord(conf.sound_table[ord("一")]) - reading_ids()[ord("一")]
    sound_dict = keys(base)
    assert len(sound_dict) > 40_000
    texts = [t for _, t in corpus_texts() + sample_texts()]
    texts.append("".join(random.Random(8).choice(EDGE_ALPHABET + "维围想相群君识帜") for _ in range(2 * KEYS_FROM)))
    long = 0
    for t in texts:
        for u in (t, (t * (KEYS_FROM // max(len(t), 1) + 1))[:KEYS_FROM]):
            long += len(u) >= KEYS_FROM
            assert conf.keys(u) == (u.translate(sound_dict), u.translate(conf.shape_table))
    assert long > len(texts)
    every = "".join(map(chr, range(sys.maxunicode + 1)))
    assert CharMap(conf.sound_table).translate(every) == every.translate(conf.sound_table) == every.translate(sound_dict)


def test_numbered_table_is_the_plain_one():
    from analyzer.text.readings import reading_string
    numbers = reading_string()
    assert len(numbers) > 200_000 and numbered_table(numbers, 0xE000) == numbered_table_plain(numbers, 0xE000)
    rng = random.Random(9)
    for n in range(40):
        numbers = "".join(rng.choice("\0\0\x01\x02\u0100") for _ in range(n))
        for base in (0xE000, 0x100):
            assert numbered_table(numbers, base) == numbered_table_plain(numbers, base), (numbers, base)


def test_code_points_are_each_characters_ord():
    """numpy's str conversion (the kernel's path) against ``ord``, where it could differ: the empty string (one NUL
    there), NULs at the end, lone surrogates, characters beyond the BMP."""
    for text in ["", "\0", "ab\0\0", "\ud800x\udfff", "a\U0001F600b", EDGE_ALPHABET, *edge_texts(7, 50, 40)]:
        points = code_points(text)
        assert points.dtype.name == "uint32" and points.tolist() == [ord(c) for c in text], repr(text)
        assert from_code_points(points) == text
