"""``analyzer.text.readings`` against pypinyin's own answer (its public ``pinyin`` function, package imported)."""
from __future__ import annotations

from pypinyin import Style, pinyin

from analyzer.text.readings import homophones, keys, readings, table_path, toneless


def test_every_listed_character_reads_as_pypinyin_says_without_tone():
    got = readings()
    assert len(got) > 40_000 and table_path().is_file()
    for cp, r in got.items():
        assert r == pinyin(chr(cp), style=Style.NORMAL, heteronym=False)[0][0], chr(cp)


def test_toneless():
    assert toneless("zhōng") == "zhong" and toneless("lǜ") == "lv" and toneless("lü") == "lv" and toneless("ḿ") == "m"
    assert toneless("nǚ") == "nv" != toneless("nǔ")


def test_keys_are_equal_exactly_for_homophones():
    k = keys(0xE000)
    r = readings()
    assert k.keys() == r.keys()
    by_key: dict[str, str] = {}
    for cp, key in k.items():
        assert 0xE000 <= ord(key) < 0xF900
        assert by_key.setdefault(key, r[cp]) == r[cp]
    assert len(by_key) == len(set(r.values()))
    assert homophones("维", "围") and homophones("想", "相") and not homophones("群", "君")
    assert not homophones("绿", "路") and not homophones("女", "努") and homophones("绿", "律")
    assert not homophones("维", "维") and not homophones("a", "a") and not homophones("维", "a")


def test_reading_numbers_are_cached_and_a_damaged_cache_is_read_again(tmp_path, monkeypatch):
    from analyzer.text.readings import key_map, number_readings, reading_ids, reading_string
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    expected = number_readings(readings())
    assert len(set(expected.values())) == len(set(readings().values()))
    try:
        for damage in (None, b"", b"\x00garbage", __import__("marshal").dumps({1: "a"}),
                       __import__("marshal").dumps("\x01\x00")):
            for f in (reading_string, reading_ids, keys, key_map):
                f.cache_clear()
            files = list((tmp_path / "shengao").glob("readings-*"))
            if damage is not None:
                assert len(files) == 1
                files[0].write_bytes(damage)
            assert reading_ids() == expected
            assert [ord(k) - 0xE000 for k in keys(0xE000).values()] == list(expected.values())
            assert len(list((tmp_path / "shengao").glob("readings-*"))) == 1      # written (again)
    finally:
        for f in (reading_string, reading_ids, keys, key_map):
            f.cache_clear()
