"""Shared fixtures. Tests that need real official text read ../shared/corpus and skip when it is absent."""
from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from pathlib import Path

import pytest

# Tests never touch the user's real results store: the default store path lives under XDG_DATA_HOME.
os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="shengao-test-data-")

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"
# ../shared beside the checkout; SHENGAO_SHARED points elsewhere (a worktree that is not beside it)
SHARED = Path(os.environ.get("SHENGAO_SHARED") or ROOT.parent / "shared")
CORPUS = SHARED / "corpus"


def corpus_files() -> list[Path]:
    return sorted(CORPUS.glob("*.txt")) if CORPUS.is_dir() else []


def corpus_dates() -> dict[str, dt.date]:
    """file name -> delivery/adoption date, read from SOURCES.md (the corpus's own record). A year given
    with "March" (NPC resolutions) counts as 15 March; the undated seed speech (after the 20th Congress) as
    2023-01-01."""
    out = {}
    src = CORPUS / "SOURCES.md"
    if src.is_file():
        for line in src.read_text("utf-8").splitlines():
            m = re.match(r"\|\s*`([^`]+\.txt)`\s*\|\s*(\d{4})(?:-(\d{2})-(\d{2}))?([^|]*)\|", line)
            if not m:
                continue
            name, y, mo, d, rest = m.groups()
            if mo:
                out[name] = dt.date(int(y), int(mo), int(d))
            elif "March" in rest:
                out[name] = dt.date(int(y), 3, 15)
    out.setdefault("seed_speech_model_organs.txt", dt.date(2023, 1, 1))
    return out


requires_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is absent (it is not part of the repo)")


@pytest.fixture(scope="session")
def lexicon():
    from analyzer.lexicon import default_lexicon
    return default_lexicon()


@pytest.fixture(scope="session")
def corpus():
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is absent (it is not part of the repo)")
    return corpus_files()


# A user's lexicon pack that defines its own document type (文种): the profile id must be usable wherever the
# built-in ones are (``--profile``, the page's selector, the pipeline).
PACK_PROFILE_ID = "unit-briefing"
PACK_PROFILE_NAME = "单位工作简报"


@pytest.fixture
def profile_pack(tmp_path):
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "pack.yaml").write_text("name: unit\nversion: '1'\n", "utf-8")
    (pack / "profiles.yaml").write_text(f"""kind: profiles
entries:
  - id: {PACK_PROFILE_ID}
    name: {PACK_PROFILE_NAME}
    priority: 50
    title_cues: [工作简报]
    themes:
      sanhui-yike: 3
      liangge-weihu: 1
""", "utf-8")
    return pack


@pytest.fixture(scope="session")
def built_wheel(tmp_path_factory) -> Path:
    """The project's wheel, built once per run (``pip wheel``, as a user or a release would)."""
    import subprocess
    import sys
    tmp = tmp_path_factory.mktemp("wheel")
    out = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp), str(ROOT)],
                         capture_output=True, text=True, cwd=tmp)
    assert out.returncode == 0, out.stderr[-2000:]
    return next(tmp.glob("shengao-*.whl"))


@pytest.fixture(scope="session")
def wheel_venv(built_wheel, tmp_path_factory):
    """The built wheel installed (no dependencies: those come from this environment) into a fresh venv, once per
    run for every test of the installed product (page, suggest)."""
    import site
    import subprocess
    import sys
    tmp = tmp_path_factory.mktemp("venv")
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    py = venv / "bin" / "python"
    # The dependencies (streamlit, spaCy...) are this environment's; shengao itself only from the wheel: a .pth line
    # is a plain path (this environment's editable-install hook is not run), and the venv's own site comes first.
    purelib = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    Path(purelib, "deps.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    out = subprocess.run([str(py), "-m", "pip", "install", "--no-deps", "--no-index", "-q", str(built_wheel)],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr[-2000:]
    where = subprocess.run([str(py), "-c", "import analyzer; print(analyzer.__file__)"], capture_output=True,
                           text=True, check=True, cwd=tmp).stdout.strip()
    assert where.startswith(str(venv)), where  # the wheel's copy, not the checkout's
    return venv
