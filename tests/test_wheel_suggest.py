"""From a wheel install, ``shengao suggest`` attaches exemplars from the reference set shipped in the package.

Build the wheel, install it (without dependencies: those come from this environment through a .pth line) into a
fresh venv, run the installed ``shengao`` from an unrelated folder, so neither the checkout's ``analyzer/`` nor
``../shared`` nor ``data/samples/`` can be what answers."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from analyzer.drafting.reference import STATE_ORGAN_FILES
from conftest import ROOT, SAMPLES


def test_suggest_from_the_wheel_returns_shipped_exemplars(wheel_venv, tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_bytes((SAMPLES / "speech.txt").read_bytes())
    out = subprocess.run([str(wheel_venv / "bin" / "shengao"), "suggest", str(draft), "--format", "json"],
                         capture_output=True, text=True, cwd=tmp_path)
    assert out.returncode == 0, out.stderr[-2000:]
    missing = json.loads(out.stdout)["missing_themes"]
    hits = [e for m in missing for e in m["exemplars"]]
    assert missing and all(m["exemplars"] for m in missing)
    assert all(STATE_ORGAN_FILES.match(e["path"]) and e["url"].startswith("https://") for e in hits)
