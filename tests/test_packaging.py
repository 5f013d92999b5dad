"""The built wheel carries what the installed tool needs: every lexicon file (lexicons/ ships as
analyzer.lexicons) and the data files (hollowness model, traditional->simplified table)."""
import zipfile

from conftest import ROOT


def test_wheel_ships_lexicons_and_data(built_wheel):
    names = set(zipfile.ZipFile(built_wheel).namelist())
    lexicon_files = {f"analyzer/lexicons/{p.relative_to(ROOT / 'lexicons').as_posix()}"
                     for p in (ROOT / "lexicons").rglob("*.yaml")}
    assert lexicon_files and lexicon_files <= names, sorted(lexicon_files - names)
    assert {"analyzer/data/hollowness_model.json", "analyzer/data/t2s.txt", "analyzer/analyses/formulations/sequence.py",
            "analyzer/ui/drafting_tab.py", "analyzer/ui/page.py", "analyzer/ui/streamlit_app.py"} <= names
    # the reference set for exemplars, with its list of sources
    assert {"analyzer/data/reference/index.npz", "analyzer/data/reference/SOURCES.md"} <= names
