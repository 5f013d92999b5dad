"""Theme coverage over the 2 MB corpus (issue 3 budgets: matching < 0.2 s once loaded; lexicon load + automaton
build < 0.3 s).

Rows: theme matching (one Aho-Corasick pass per text, all theme forms, related terms and exceptions) against the
baseline it replaces, one ``str.find`` loop per form over every text; the whole coverage analysis (matching,
depth, status, score) on prebuilt Documents; lexicon load + automaton build in this process and in a fresh one
(there the traditional-to-simplified table behind ``normalize`` is loaded too)."""
from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

from benchmarks.common import ROOT, timed, count_occurrences

FRESH = """
import json, time
t0 = time.perf_counter()
from analyzer.lexicon import load_lexicon
from analyzer.analyses.coverage import _build
t1 = time.perf_counter()
lex = load_lexicon(); t2 = time.perf_counter()
from analyzer.text.normalize import _char_table
_char_table(); t3 = time.perf_counter()
lex.compiled("coverage.themes", _build); t4 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "load": t2 - t1, "table": t3 - t2, "build": t4 - t3}))
"""


def bench(ctx) -> list[dict]:
    from analyzer.analyses.coverage import _build, find_mentions, run
    from analyzer.ingest import document_from_text
    from analyzer.lexicon import load_lexicon
    from analyzer.lexicon.kinds.themes import match_key
    from analyzer.options import Options

    lex = load_lexicon()
    find_mentions(ctx.texts[0], lex)   # warm: automaton built, normalisation table loaded
    mb = sum(len(t.encode("utf-8")) for t in ctx.texts) / 1e6

    def match_all():
        return sum(len(ms) for t in ctx.texts for ms in find_mentions(t, lex).values())

    forms = sorted({match_key(f) for th in lex.kind("themes").values() for f in (*th.forms, *th.related)})

    def per_form_scan():
        return count_occurrences(ctx.texts, forms)

    t_match, n_mentions = timed(match_all)
    t_scan, n_hits = timed(per_form_scan, repeat=1)
    docs = [document_from_text(t) for t in ctx.texts]
    opts = Options(as_of=dt.date(2024, 6, 1), profile="annual-summary")
    t_run, _ = timed(lambda: [run(d, lex, opts) for d in docs])

    def load_and_build():
        fresh = load_lexicon()
        return fresh.compiled("coverage.themes", _build)

    t_load, _ = timed(load_and_build)
    out = subprocess.run([sys.executable, "-c", FRESH], cwd=ROOT, capture_output=True, text=True, check=True)
    cold = json.loads(out.stdout.strip().splitlines()[-1])
    n_themes = len(lex.kind("themes"))
    return [
        {"name": "coverage: match all themes over corpus", "seconds": t_match, "baseline": "per-form str.find scan",
         "baseline_seconds": t_scan,
         "note": f"{mb:.1f} MB, {n_themes} themes, {len(forms)} forms; {n_mentions} mentions (scan: {n_hits} raw hits, "
                 f"no longest-match, no quotes/traditional); budget 0.2 s"},
        {"name": "coverage: full analysis over corpus", "seconds": t_run, "baseline": None, "baseline_seconds": None,
         "note": f"{len(docs)} documents, annual-summary profile: matching + depth + status + score"},
        {"name": "coverage: lexicon load + automaton build (warm process)", "seconds": t_load, "baseline": None,
         "baseline_seconds": None, "note": "all packs parsed and validated; budget 0.3 s"},
        {"name": "coverage: lexicon load + automaton build (fresh process)", "seconds": cold["load"] + cold["build"],
         "baseline": None, "baseline_seconds": None,
         "note": f"load {cold['load']:.3f} s + build {cold['build']:.3f} s; budget 0.3 s. Not counted: the "
                 f"once-per-process normalisation table (analyzer/data/t2s.txt) {cold['table']:.3f} s, imports {cold['import']:.3f} s"},
    ]
