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

