"""The package's import cost: commands that do not analyse must not pay for numpy or rjieba (PEP 562 lazy
names in ``analyzer/__init__.py``; numpy imported inside the hollowness functions)."""
from __future__ import annotations

import subprocess
import sys


def _modules_after(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", code + "\nimport sys; print(' '.join(sys.modules))"],
                         capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def test_public_names_load_without_numpy_or_rjieba():
    mods = _modules_after("from analyzer import analyze, Lexicon, IngestError, __version__\n"
                          "import analyzer.cli, analyzer.text, analyzer.lexicon")
    assert "analyzer.pipeline" in mods
    assert "numpy" not in mods and "rjieba" not in mods


def test_numpy_arrives_when_hollowness_runs():
    mods = _modules_after("from analyzer import analyze\n"
                          "r = analyze(text='要高度重视、精心组织、周密安排。')\n"
                          "assert r.hollowness.sentences[0].label == 'hollow', r.hollowness.sentences")
    assert "numpy" in mods and "rjieba" in mods


def test_unknown_public_name_is_an_attribute_error():
    import analyzer
    try:
        analyzer.no_such_name
    except AttributeError as e:
        assert "no_such_name" in str(e)
    else:
        raise AssertionError("expected AttributeError")
