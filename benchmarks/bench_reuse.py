"""``reuse`` over a large generated batch: N documents of ~5k characters (default 10,000; set
``SHENGAO_BENCH_REUSE_N`` for a quick run), target < 60 s and < 2 GB on the 2-core machine.

Documents are generated deterministically from the corpus: its sentences are cut into clauses and every generated
sentence joins 2–5 clauses drawn at random, so documents read like official prose but share no passage by accident
(shuffling whole sentences would make each long corpus sentence recur in ~25 of 10,000 documents — a real shared
passage each time, i.e. millions of true pairs). Every 200th document receives three paragraphs lifted from
another document, with a changed year and an inserted unit name; the benchmark reports how many were found.

The measurement runs in a child process (``python benchmarks/bench_reuse.py --child N``) so that peak RSS
(``resource.getrusage``) is that of the reuse run alone; the time excludes generating the documents."""
from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_N = 10_000
DOC_CHARS = 5_000
PLANT_EVERY = 200


def clauses_of(texts: list[str]) -> list[str]:
    out = []
    for t in texts:
        for part in re.split(r"[，；。！？\n、：]", t):
            part = part.strip(" \u3000\t“”")
            if 4 <= len(part) <= 40:
                out.append(part)
    return out


def generate(n: int, texts: list[str], seed: int = 7) -> tuple[list[tuple[str, str]], list[tuple[int, int, str]]]:
    """(path, text) documents and the planted copies (source index, target index, lifted text)."""
    rnd = random.Random(seed)
    pool = clauses_of(texts)
    docs: list[list[str]] = []
    for _ in range(n):
        paras, size = [], 0
        while size < DOC_CHARS:
            para = "".join("，".join(rnd.choice(pool) for _ in range(rnd.randint(2, 5))) + "。"
                           for _ in range(rnd.randint(2, 4)))
            paras.append(para)
            size += len(para) + 1
        docs.append(paras)
    planted = []
    for target in range(PLANT_EVERY // 2, n, PLANT_EVERY):
        source = (target * 7919 + 13) % n
        if source == target:
            continue
        k = rnd.randrange(0, len(docs[source]) - 3)
        lifted = docs[source][k:k + 3]
        edited = [lifted[0], "2023年，机关第二党支部" + lifted[1], lifted[2]]
        docs[target][5:5] = edited
        planted.append((source, target, "\n".join(lifted)))
    return [(f"gen/{i:05d}.txt", "\n".join(p)) for i, p in enumerate(docs)], planted


def child(n: int) -> dict:
    import resource
    import time

    sys.path.insert(0, str(ROOT))
    from analyzer.lexicon import default_lexicon
    from analyzer.model import Document
    from analyzer.analyses.reuse.detect import find_pairs
    corpus = ROOT.parent / "shared" / "corpus"
    texts = [p.read_text("utf-8") for p in sorted(corpus.glob("*.txt"))]
    generated, planted = generate(n, texts)
    docs = [Document(text=t, paragraphs=[], path=p) for p, t in generated]
    del generated, texts
    lex = default_lexicon()
    t0 = time.perf_counter()
    pairs = find_pairs(docs, lexicon=lex)
    seconds = time.perf_counter() - t0
    found = {(p.a, p.b) for p in pairs}
    hit = sum(1 for s, t, _ in planted if (docs[min(s, t)].path, docs[max(s, t)].path) in found)
    return {"n": n, "chars": sum(len(d.text) for d in docs), "seconds": seconds,
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "pairs": len(pairs), "planted": len(planted), "planted_found": hit}


def run(n: int) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", str(n)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def bench(ctx) -> list[dict]:
    n = int(os.environ.get("SHENGAO_BENCH_REUSE_N", DEFAULT_N))
    r = run(n)
    return [{"name": f"reuse: {r['n']} generated docs ({r['chars'] / 1e6:.0f}M chars)", "seconds": r["seconds"],
             "baseline": None, "baseline_seconds": None,
             "note": f"budget 60 s / 2048 MB; peak RSS {r['peak_rss_mb']:.0f} MB; {r['pairs']} pairs; "
                     f"planted copies found {r['planted_found']}/{r['planted']}"}]


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        print(json.dumps(child(int(sys.argv[2]))))
    else:
        print(json.dumps(run(int(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_N)))
