"""``analyzer.kernels.regex_cache`` against its plain equivalent: ``regex_cache.compile`` gives a pattern equal to
``re.compile``'s (``re.Pattern`` equality compares the matcher's code) for the patterns of a check, whether made
in the process or read back from the cache folder; a damaged, unreadable or unwritable folder only costs the
compiling; the file holds at most ``KEPT`` patterns."""
from __future__ import annotations

import marshal
import os
import re
import subprocess
import sys

import _sre

from analyzer.analyses.formulations import common, sequence
from analyzer.analyses.hollowness import paragraphs
from analyzer.ingest import dates, rejoin, structure, title
from analyzer.kernels import regex_cache
from analyzer.kernels.regex_scan import compile_scanning
from analyzer.lexicon import default_lexicon, validate
from analyzer.lexicon.kinds import rules, themes
from analyzer.text import facts, normalize
from kernels.texts import sample_texts

# shapes beyond the modules' patterns: named groups, flags, a group referenced, a pattern with no group
SHAPES = (("(?P<year>\\d{4})年(?P<month>\\d{1,2})月", 0), ("(?i)abc|[Δ-Ω]+", 0), ("(党)(?:建)\\1", re.MULTILINE),
          ("^\\s*$", re.MULTILINE | re.DOTALL), ("[\u4e00-\u9fff]{2,8}?(?:党委|支部)", 0), ("x", re.IGNORECASE))


def _check_patterns() -> list[tuple[str, int]]:
    """(pattern, flags) of the patterns the modules of a check compile at import and lexicon load."""
    found = []
    for module in (common, sequence, paragraphs, dates, rejoin, structure, title, validate, rules, themes, facts,
                   normalize):
        for value in vars(module).values():
            for rx in (value if isinstance(value, list) else [value]):
                if isinstance(rx, re.Pattern) and isinstance(rx.pattern, str):
                    found.append((rx.pattern, rx.flags))
    found += [(rule.pattern.pattern, rule.pattern.flags) for rule in default_lexicon().kind("placeholders").values()]
    return found + list(SHAPES)


# matched by SHAPES' groups: a year and month, a repeated 党, a blank line
PROBE = "2024年6月\n\n党建党 ΔΘ abc 第一党支部"


def signature(rx: re.Pattern) -> tuple:
    """What a pattern is and does beyond ``==`` (which compares its code, flags and text only): its groups, their
    names both ways, and what its matches report of them."""
    return (rx, rx.groups, dict(rx.groupindex),
            [(m.span(), m.groups(), m.lastindex, m.lastgroup) for m in rx.finditer(PROBE)])


def test_compile_gives_re_compiles_pattern():
    patterns = _check_patterns()
    assert len(patterns) > 40
    for pattern, flags in patterns:
        plain = signature(re.compile(pattern, flags))
        # as made in this process (the user's cache folder may already hold it: ``compile`` would read that)
        assert signature(_sre.compile(*regex_cache.plain_parts(pattern, flags))) == plain, pattern[:40]
        assert signature(regex_cache.compile(pattern, flags)) == plain, pattern[:40]


def test_invalid_patterns_raise_re_error_as_re_compile():
    for bad in ("[", "(?P<a>x)(?P<a>y)", "a{2,1}"):
        try:
            re.compile(bad)
        except re.error as e:
            expected = str(e)
        try:
            regex_cache.compile(bad)
        except re.error as e:
            assert str(e) == expected
        else:
            raise AssertionError(f"{bad} compiled")


_WRITE = """
import re, sys
from analyzer.kernels import regex_cache
from analyzer.kernels.regex_scan import compile_scanning
for pattern, flags in {patterns!r}:
    regex_cache.compile(pattern, flags)
for pattern in {scanned!r}:
    compile_scanning(pattern)
"""

_READ = """
import marshal, re, sys
from pathlib import Path
from analyzer.kernels import regex_cache
(path,) = Path(sys.argv[1]).glob("shengao/regex-*.marshal")
stored = marshal.loads(path.read_bytes())
def unbuilt():
    raise AssertionError("built again: the cache was not read")
for key in stored:
    got = regex_cache.cached(key, unbuilt)
    if key[0] == "re":
        plain = re.compile(key[1], key[2])
        assert (got, got.groups, got.groupindex) == (plain, plain.groups, plain.groupindex), key[1][:40]
        probe = "2024年6月 党建党 abc"
        assert [(m.groups(), m.lastgroup) for m in got.finditer(probe)] == \
               [(m.groups(), m.lastgroup) for m in plain.finditer(probe)], key[1][:40]
print(len(stored))
"""


def _run(code: str, cache: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True,
                          env={**os.environ, "XDG_CACHE_HOME": cache})


def test_patterns_are_read_back_from_the_cache_folder(tmp_path):
    """A second process gets every pattern from the file, equal to ``re.compile``'s, and the scanning patterns find
    what ``re.compile``'s find over the samples."""
    patterns = _check_patterns()
    scanned = [facts.NUMBER_RE.pattern, facts.TIME_RE.pattern, dates.DATE_RE.pattern, r"(?<![“\"])\d+"]
    _run(_WRITE.format(patterns=patterns, scanned=scanned), str(tmp_path))
    assert int(_run(_READ, str(tmp_path), str(tmp_path)).stdout) >= len(set(patterns))
    texts = [text for _, text in sample_texts()]
    for pattern in scanned:
        fast, plain = compile_scanning(pattern), re.compile(pattern)
        for text in texts:
            assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_a_damaged_or_unwritable_folder_only_costs_the_compiling(tmp_path):
    patterns = [("[\u4e00-\u9fff]+(?P<end>年)", 0), ("a|b", re.MULTILINE)]
    check = _WRITE.format(patterns=patterns, scanned=[]) + (
        "assert all(regex_cache.compile(p, f) == re.compile(p, f) for p, f in %r)\n" % patterns)
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    assert _run(check, str(blocked)).stderr == ""
    _run(check, str(tmp_path))
    (path,) = (tmp_path / "shengao").glob("regex-*.marshal")
    stored = marshal.loads(path.read_bytes())
    path.write_bytes(marshal.dumps({key: ("wrong", "parts") for key in stored}))
    assert _run(check, str(tmp_path)).stderr == ""
    path.write_bytes(b"\x00not marshal")
    assert _run(check, str(tmp_path)).stderr == ""


def test_the_file_holds_at_most_kept_patterns(tmp_path):
    code = "from analyzer.kernels import regex_cache\nregex_cache.KEPT = 3\n" + \
           "for i in range(6):\n    regex_cache.compile('x' * (i + 1))\n"
    _run(code, str(tmp_path))
    (path,) = (tmp_path / "shengao").glob("regex-*.marshal")
    assert sorted(key[1] for key in marshal.loads(path.read_bytes())) == ["x", "xx", "xxx"]
    # a later process that reads xxx back and compiles a new pattern keeps those two first, then the file's first
    _run("from analyzer.kernels import regex_cache\nregex_cache.KEPT = 3\n"
         "regex_cache.compile('xxx')\nregex_cache.compile('y')\n", str(tmp_path))
    assert sorted(key[1] for key in marshal.loads(path.read_bytes())) == ["x", "xxx", "y"]
