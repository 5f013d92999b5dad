"""Differences between two ``shengao check --format json`` outputs, decision by decision.

    .venv/bin/shengao check ../shared/corpus --no-store --format json > before.json     # on the old commit
    .venv/bin/shengao check ../shared/corpus --no-store --format json > after.json      # on the new one
    .venv/bin/python tools/diff_reports.py before.json after.json [--sentences 40]

Prints, per document, the coverage themes whose status or depth changed, the hollowness sentences whose label
changed (and how many only changed score or reasons), findings added or removed, and totals. Exit status 0 when
the two are identical, 1 otherwise. Used to list the decisions unified facts changed (docs/facts.md)."""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter


def _load(path: str) -> dict[str, dict]:
    data = json.loads(open(path, encoding="utf-8").read())
    return {r["path"]: r for r in data["reports"]}


def diff(before: dict[str, dict], after: dict[str, dict], show: int = 40) -> tuple[list[str], Counter]:
    out: list[str] = []
    n: Counter = Counter()
    shown = 0
    for path in sorted(set(before) | set(after)):
        a, b = before.get(path), after.get(path)
        if a is None or b is None:
            out.append(f"{path}: only in {'after' if a is None else 'before'}")
            n["documents only on one side"] += 1
            continue
        if a == b:
            continue
        n["documents changed"] += 1
        lines = []
        if a["coverage"]["score"] != b["coverage"]["score"]:
            lines.append(f"  coverage score {a['coverage']['score']} -> {b['coverage']['score']}")
        ta = {t["id"]: t for t in a["coverage"]["themes"]}
        for t in b["coverage"]["themes"]:
            o = ta.get(t["id"])
            if o is None:
                continue
            if o["status"] != t["status"]:
                n["theme status changed"] += 1
                lines.append(f"  theme {t['id']}: {o['status']} -> {t['status']} (depth {o['depth']} -> {t['depth']})")
            elif o["depth"] != t["depth"]:
                n["theme depth changed, same status"] += 1
        if a["hollowness"]["score"] != b["hollowness"]["score"]:
            n["hollowness document score changed"] += 1
            lines.append(f"  hollowness score {a['hollowness']['score']} -> {b['hollowness']['score']}")
        sa, sb = a["hollowness"]["sentences"], b["hollowness"]["sentences"]
        if [(s["start"], s["end"]) for s in sa] != [(s["start"], s["end"]) for s in sb]:
            lines.append("  sentence spans differ")
            n["sentence spans differ"] += 1
        else:
            for x, y in zip(sa, sb):
                if x["label"] != y["label"]:
                    n[f"sentence label {x['label']} -> {y['label']}"] += 1
                    if shown < show:
                        shown += 1
                        lines.append(f"  [{x['start']}] {x['label']} -> {y['label']} ({x['score']} -> {y['score']}) "
                                     f"{y['text'][:60]}")
                elif x["reasons"] != y["reasons"]:
                    n["sentence reasons changed, same label"] += 1
                elif x["score"] != y["score"]:
                    n["sentence score changed, same label"] += 1
        fa = Counter(json.dumps(f, sort_keys=True, ensure_ascii=False) for f in a["findings"])
        fb = Counter(json.dumps(f, sort_keys=True, ensure_ascii=False) for f in b["findings"])
        if fa != fb:
            n["findings changed"] += 1
            lines.append(f"  findings: {sum((fa - fb).values())} removed, {sum((fb - fa).values())} added")
        rest = {k for k in a if a[k] != b.get(k)} - {"coverage", "hollowness", "findings"}
        if rest:
            lines.append(f"  other keys changed: {sorted(rest)}")
        out.append(path + "\n" + "\n".join(lines) if lines else path)
    return out, n


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("before")
    ap.add_argument("after")
    ap.add_argument("--sentences", type=int, default=40, help="sentence label changes to print (default 40)")
    args = ap.parse_args(argv)
    lines, n = diff(_load(args.before), _load(args.after), args.sentences)
    print("\n".join(lines))
    print("\ntotals:" if n else "identical")
    for k, v in sorted(n.items()):
        print(f"  {k}: {v}")
    return 1 if n else 0


if __name__ == "__main__":
    raise SystemExit(main())
