"""The built wheel carries what the installed tool needs: every lexicon file (lexicons/ ships as
analyzer.lexicons) and the data files (hollowness model, traditional->simplified table)."""
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_ships_lexicons_and_data(tmp_path):
    out = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
                         capture_output=True, text=True, cwd=tmp_path)
    assert out.returncode == 0, out.stderr[-2000:]
    names = set(zipfile.ZipFile(next(tmp_path.glob("shengao-*.whl"))).namelist())
    lexicon_files = {f"analyzer/lexicons/{p.relative_to(ROOT / 'lexicons').as_posix()}"
                     for p in (ROOT / "lexicons").rglob("*.yaml")}
    assert lexicon_files and lexicon_files <= names, sorted(lexicon_files - names)
    assert {"analyzer/data/hollowness_model.json", "analyzer/data/t2s.txt", "analyzer/analyses/formulations/sequence.py",
            "analyzer/ui/drafting_tab.py", "analyzer/ui/page.py", "analyzer/ui/streamlit_app.py"} <= names
    # the reference set for exemplars, with its list of sources
    assert {"analyzer/data/reference/index.npz", "analyzer/data/reference/SOURCES.md"} <= names
