"""Hollowness scoring over the whole corpus in one process (target: < 3 s for the ~2 MB corpus).

Baseline: rjieba's plain segmentation of the same texts, the floor any token-based scorer pays."""
from __future__ import annotations

import time

from benchmarks.common import Context, timed


def bench(ctx: Context) -> list[dict]:
    import rjieba

    from analyzer.kernels.jieba_tables import word_table
    from analyzer.analyses.hollowness.model import load_model
    from analyzer.analyses.hollowness.scoring import score_sentences
    from analyzer.lexicon import default_lexicon

    t0 = time.perf_counter()
    lex = default_lexicon()
    word_table()
    load_model()
    score_sentences("加强党的建设。", lex)
    warm = time.perf_counter() - t0

    def score_all():
        return sum(len(score_sentences(t, lex)) for t in ctx.texts)

    def cut_all():
        return sum(len(rjieba.cut(t)) for t in ctx.texts)

    base, _ = timed(cut_all, repeat=2)
    secs, n = timed(score_all, repeat=2)
    mb = sum(len(t.encode("utf-8")) for t in ctx.texts) / 1e6
    return [
        {"name": "hollowness: score corpus", "seconds": secs, "baseline": "rjieba.cut corpus", "baseline_seconds": base,
         "note": f"{n} sentences, {ctx.total_chars} chars ({mb:.1f} MB), {mb / secs:.2f} MB/s"},
        {"name": "hollowness: first-use load (lexicon, word table, model)", "seconds": warm, "baseline": None,
         "baseline_seconds": None, "note": "once per process"},
    ]


if __name__ == "__main__":
    for row in bench(Context.load()):
        print(row)
