"""Precision audit of theme evidence: print, per theme, a sample of evidence spans with context so a reviewer
can read them, and count the hits judged wrong (``FALSE_HIT`` below, the audit's record) before and after a fix.

Usage: .venv/bin/python tools/audit_coverage.py [--theme ID] [--sample 15] [--seed 3] [--quiet]
The corpus is read at run time from ../shared/corpus (never copied into the repo), plus data/samples/*.txt."""
from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analyzer.analyses.coverage import find_mentions  # noqa: E402
from analyzer.ingest import read_document  # noqa: E402
from analyzer.lexicon import load_lexicon  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
CONTEXT = 15

# Context patterns (on "left[span]right") of hits judged wrong during the audit: the form is there, the theme is
# not meant. Kept so the before/after precision can be recomputed after the lexicon changes.
FALSE_HIT: dict[str, list[str]] = {
    # a military campaign (cpc19 report), not the Party-wide 主题教育
    "zhuti-jiaoyu": [r"担当强军重任”\[主题教育\]"],
    # safety production (gwr_2016) and environmental protection (history resolution): 党政同责、一岗双责
    "yigang-shuangze": [r"党政同责”?[、和]“?\[一岗双责\]"],
    # the government's self-reform by 简政放权 (gwr 2014/2015/2019), not the Party's self-revolution
    "ziwo-geming": [r"政府的\[自我革命\]", r"政府要勇于\[自我革命\]", r"\[自我革命\]，深入推进简政放权"],
    # the army's own cadre standard (history resolution), not the 20-character 新时代好干部标准
    "hao-ganbu": [r"军队\[好干部标准\]"],
}


def files() -> list[Path]:
    return sorted(CORPUS.glob("*.txt")) + sorted((ROOT / "data" / "samples").glob("*.txt"))


def all_hits(lexicon) -> dict[str, list[tuple[str, int, str]]]:
    """theme id -> [(file name, start, "left[span]right")] over every file."""
    out: dict[str, list[tuple[str, int, str]]] = {}
    for path in files():
        text = read_document(path).text
        for tid, ms in find_mentions(text, lexicon).items():
            for m in ms:
                left = text[max(0, m.start - CONTEXT):m.start].replace("\n", "⏎")
                right = text[m.end:m.end + CONTEXT].replace("\n", "⏎")
                out.setdefault(tid, []).append((path.name, m.start, f"{left}[{text[m.start:m.end]}]{right}"))
    return out


def sample(hits: list, n: int, seed: int, tid: str) -> list:
    if len(hits) <= n:
        return hits
    return random.Random(f"{seed}:{tid}").sample(hits, n)


def is_false(tid: str, ctx: str) -> bool:
    return any(re.search(p, ctx) for p in FALSE_HIT.get(tid, ()))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--theme")
    ap.add_argument("--sample", type=int, default=15)
    ap.add_argument("--seed", type=int, default=3)
    ap.add_argument("--quiet", action="store_true", help="only the per-theme counts")
    args = ap.parse_args()
    lexicon = load_lexicon()
    hits = all_hits(lexicon)
    reviewed = wrong = 0
    for tid, theme in lexicon.kind("themes").items():
        if args.theme and tid != args.theme:
            continue
        hs = hits.get(tid, [])
        picked = sample(hs, args.sample, args.seed, tid)
        bad = [h for h in picked if is_false(tid, h[2])]
        reviewed += len(picked)
        wrong += len(bad)
        print(f"## {tid} {theme.name}: {len(hs)} hits, {len(picked)} reviewed, {len(bad)} judged wrong")
        if not args.quiet:
            for name, start, ctx in picked:
                print(f"   {'✗' if is_false(tid, ctx) else ' '} {name}:{start} {ctx}")
    prec = 100.0 * (reviewed - wrong) / reviewed if reviewed else 100.0
    print(f"\nreviewed {reviewed}, judged wrong {wrong}, precision {prec:.1f}%")


if __name__ == "__main__":
    main()
