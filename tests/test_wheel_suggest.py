"""From a wheel install, ``shengao suggest`` attaches exemplars from the reference set shipped in the package.

Build the wheel, install it (without dependencies: those come from this environment through a .pth line) into a
fresh venv, run the installed ``shengao`` from an unrelated folder, so neither the checkout's ``analyzer/`` nor
``../shared`` nor ``data/samples/`` can be what answers."""
from __future__ import annotations

import json
import site
import subprocess
import sys
from pathlib import Path

import pytest

from analyzer.drafting.reference import STATE_ORGAN_FILES
from conftest import ROOT, SAMPLES


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("wheel")
    out = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp), str(ROOT)],
                         capture_output=True, text=True, cwd=tmp)
    assert out.returncode == 0, out.stderr[-2000:]
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    py = venv / "bin" / "python"
    purelib = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    Path(purelib, "deps.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    out = subprocess.run([str(py), "-m", "pip", "install", "--no-deps", "--no-index", "-q",
                          str(next(tmp.glob("shengao-*.whl")))], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr[-2000:]
    where = subprocess.run([str(py), "-c", "import analyzer; print(analyzer.__file__)"], capture_output=True,
                           text=True, check=True, cwd=tmp).stdout.strip()
    assert where.startswith(str(venv)), where          # the wheel's copy, not the checkout's
    return venv


def test_suggest_from_the_wheel_returns_shipped_exemplars(installed, tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_bytes((SAMPLES / "speech.txt").read_bytes())
    out = subprocess.run([str(installed / "bin" / "shengao"), "suggest", str(draft), "--format", "json"],
                         capture_output=True, text=True, cwd=tmp_path)
    assert out.returncode == 0, out.stderr[-2000:]
    missing = json.loads(out.stdout)["missing_themes"]
    hits = [e for m in missing for e in m["exemplars"]]
    assert missing and all(m["exemplars"] for m in missing)
    assert all(STATE_ORGAN_FILES.match(e["path"]) and e["url"].startswith("https://") for e in hits)
