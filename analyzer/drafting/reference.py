"""The reference set shipped in the package: sentences of public documents of state organs, for exemplar retrieval.

Which documents: the State Council's government work reports (国务院政府工作报告), the NPC's resolutions on them,
the reports to the Party's national congresses and the Central Committee's 2021 history resolution — official
documents of state organs, which PRC Copyright Law art. 5 leaves outside copyright (the corpus's SOURCES.md notes
it). Not included: speeches (not always covered), the county-level reports, second transcriptions of a document
already included, and the project's own demo files (``data/samples/``, which carry deliberate errors).

``tools/build_reference_set.py`` builds it from the public corpus (``../shared/corpus`` with its SOURCES.md) into
``analyzer/data/reference/``: ``index.npz`` (sentences with their source file, offsets and date, and the
retrieval index over them) and ``SOURCES.md`` (each document's title, date, repository, commit and URL)."""
from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

from analyzer.data import DATA_DIR

REFERENCE_DIR = DATA_DIR / "reference"
INDEX_FILE = "index.npz"
SOURCES_FILE = "SOURCES.md"
# Documents of state organs, by the corpus's file names; second transcriptions (``*_alt``) do not match.
STATE_ORGAN_FILES = re.compile(
    r"^(?:gwr_\d{4}|npc_gwr_resolution_\d{4}|cpc\d+_report|cpc_history_resolution_\d{4})\.txt$")
_ROW = re.compile(r"^\|\s*`(?P<file>[^`]+)`\s*\|(?P<cells>.*)\|\s*$")


def source_rows(sources_md: str) -> dict[str, dict]:
    """Rows of the corpus's SOURCES.md tables (file, date, chars, nonspace, what, repository, path, commit)."""
    out = {}
    for line in sources_md.splitlines():
        m = _ROW.match(line)
        if not m:
            continue
        cells = [c.strip() for c in m.group("cells").split("|")]
        if len(cells) < 7:
            continue
        date, _, _, what, repo, record, commit = cells[:7]
        file_path = record.split(" — ")[0].strip()
        commit = commit.strip("` ")
        exact = re.fullmatch(r"\d{4}-\d{2}-\d{2}", date)
        out[m.group("file")] = {
            "title": what, "date": date if exact else None, "date_note": None if exact else date,
            "repository": repo, "record": record, "commit": commit,
            "url": f"https://github.com/{repo}/blob/{commit}/{quote(file_path)}" if repo and commit else None,
        }
    return out


def select(corpus: Path) -> list[Path]:
    """The corpus files that go into the reference set."""
    return sorted(f for f in corpus.iterdir() if STATE_ORGAN_FILES.match(f.name))


def build_reference_set(corpus: str | Path, out: str | Path = REFERENCE_DIR):
    """Build the index over the selected documents of ``corpus`` and write it, with its SOURCES.md, to ``out``.
    Sentence paths are the corpus file names; offsets index the text ``read_document`` gives for that file."""
    from analyzer.drafting.exemplars import ExemplarIndex, _Sentence, read_sentences
    corpus, out = Path(corpus), Path(out)
    rows = source_rows((corpus / "SOURCES.md").read_text("utf-8"))
    files = select(corpus)
    missing = [f.name for f in files if f.name not in rows]
    if missing:
        raise ValueError(f"SOURCES.md does not list {', '.join(missing)}: their source cannot be named")
    sentences, failures = read_sentences(files)
    if failures:
        raise ValueError(f"unreadable reference documents: {failures}")
    dates = {name: dt.date.fromisoformat(r["date"]) for name, r in rows.items() if r["date"]}
    sentences = [_Sentence(Path(s.path).name, dates.get(Path(s.path).name, s.date), s.start, s.end, s.text)
                 for s in sentences]
    sources = {f.name: {"title": rows[f.name]["title"], "url": rows[f.name]["url"]} for f in files}
    index = ExemplarIndex(sentences, [], sources)
    out.mkdir(parents=True, exist_ok=True)
    index.save(out / INDEX_FILE)
    (out / SOURCES_FILE).write_text(sources_markdown(files, rows, sentences), "utf-8")
    return index


def sources_markdown(files: list[Path], rows: dict[str, dict], sentences) -> str:
    counts: dict[str, int] = {}
    for s in sentences:
        counts[s.path] = counts.get(s.path, 0) + 1
    lines = [
        "# Reference set: sources",
        "",
        "Sentences (12–300 characters) of these public documents of state organs ship with shengao for the drafting",
        "assistant's exemplars (范例). Official documents of state organs (laws, resolutions, decisions and other",
        "official documents) are outside copyright under PRC Copyright Law art. 5. Built by",
        "`tools/build_reference_set.py` from the project's evaluation corpus (`../shared/corpus`, whose SOURCES.md",
        "records how each text was obtained); the wording is unchanged. Offsets index each file's text as",
        "`shengao extract` reads it.",
        "",
        "| file | date | title | sentences | source (repository, commit) |",
        "|---|---|---|---|---|",
    ]
    for f in files:
        r = rows[f.name]
        date = r["date"] or r["date_note"] or ""
        src = f"[{r['repository']}@{r['commit'][:10]}]({r['url']})" if r["url"] else r["repository"]
        lines.append(f"| `{f.name}` | {date} | {r['title']} | {counts.get(f.name, 0)} | {src} |")
    lines += ["", "Not included: speeches, the county-level (海拉尔区) reports, second transcriptions of a document "
              "already listed (`*_alt`), the seed speech, and the project's demo files in `data/samples/`.", ""]
    return "\n".join(lines)


@lru_cache(maxsize=1)
def load_reference():
    """The shipped index (an ``ExemplarIndex``); an empty one when the package was built without it."""
    from analyzer.drafting.exemplars import ExemplarIndex
    path = REFERENCE_DIR / INDEX_FILE
    return ExemplarIndex.load(path) if path.is_file() else ExemplarIndex([])
