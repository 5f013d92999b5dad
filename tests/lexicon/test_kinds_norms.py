"""Lexicon kind `norms`: the built-in length norms, and validation naming file, entry and key."""
import datetime as dt

import pytest

from analyzer.errors import LexiconError
from analyzer.lexicon import load_lexicon


def test_builtin_norms_follow_the_2024_rules(lexicon):
    norms = lexicon.kind("norms")
    assert norms["length-annual-summary"].max_chars == 5000
    assert norms["length-speech"].max_minutes == 60
    assert "5000字" in norms["length-general"].basis and "1小时" in norms["length-speech"].basis
    # not in force before the rules were issued
    assert not norms["length-annual-summary"].applies("annual-summary", dt.date(2023, 12, 31))
    assert norms["length-annual-summary"].applies("annual-summary", dt.date(2025, 1, 1))


@pytest.mark.parametrize("body, key", [
    ("profile: speech\n    basis: x\n    max_chars: 100\n    max_minutes: 5\n    chars_per_minute: 200", "max_chars"),
    ("profile: speech\n    basis: x\n    max_minutes: 5", "chars_per_minute"),
    ("profile: speech\n    basis: x\n    max_chars: -3", "max_chars"),
    ("profile: speech\n    max_chars: 100", "basis"),
    ("profile: no-such-genre\n    basis: x\n    max_chars: 100", "profile"),
])
def test_malformed_norm_names_file_entry_and_key(tmp_path, body, key):
    (tmp_path / "n.yaml").write_text(f"kind: norms\nentries:\n  - id: my-norm\n    {body}\n", "utf-8")
    with pytest.raises(LexiconError) as e:
        load_lexicon([tmp_path])
    assert e.value.entry_id == "my-norm" and e.value.key == key and e.value.file.endswith("n.yaml")
