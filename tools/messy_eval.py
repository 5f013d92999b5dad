"""Date, genre, placeholder and variant figures on the generated messy documents (tools/messy_docs.py).

    .venv/bin/python tools/messy_eval.py            # both splits, a table; --errors lists what went wrong

Each document is analysed with no options (as a reviewer uploads it), judged against the fixed "today" of the
set. Date: the judged date falls in the document's window. Genre: the detected profile. Placeholders: every
planted placeholder is covered by a 文稿完整性 finding, and a masked formula credits no theme. Variants: the
theme's evidence lies in the planted sentence."""
from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import messy_docs  # noqa: E402


@dataclass
class Score:
    n: int = 0
    ok: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, good: bool, what: str) -> None:
        self.n += 1
        self.ok += good
        if not good:
            self.errors.append(what)

    @property
    def rate(self) -> float:
        return self.ok / self.n if self.n else 1.0


def evaluate(split: str, lexicon=None) -> dict[str, Score]:
    from analyzer import analyze
    from analyzer.lexicon import default_lexicon
    lex = lexicon or default_lexicon()
    scores = {k: Score() for k in ("date", "genre", "placeholders", "masked", "variants")}
    for case in messy_docs.generate(split):
        r = analyze(text=case.text, lexicon=lex, today=messy_docs.TODAY)
        text = r.document.text
        if case.date_kind != "planted":
            lo, hi = case.window
            scores["date"].add(lo <= r.as_of <= hi, f"{case.id} [{case.date_kind}/{case.layout}] judged {r.as_of} "
                               f"({r.as_of_evidence.kind} {r.as_of_evidence.text!r}), window {lo}..{hi}")
            scores["genre"].add(r.profile.id == case.genre, f"{case.id} [{case.layout}] {r.profile.id} "
                                f"(cue {(r.profile.evidence or {}).get('cue')!r}), want {case.genre}")
        if case.placeholders:
            spans = [(f.start, f.end) for f in r.findings if f.category == "文稿完整性"]
            pos = 0
            for planted in case.placeholders:
                i = text.find(planted, pos)
                pos = i + len(planted)
                hit = any(s <= i and i + len(planted) <= e for s, e in spans)
                scores["placeholders"].add(hit, f"{case.id} {planted!r} not flagged")
        if case.masked_theme:
            i = text.find("***")
            theme = next(t for t in r.coverage.themes if t.id == case.masked_theme)
            credited = any(ev.start <= i + 3 + 2 and ev.end > i for ev in theme.evidence)
            scores["masked"].add(not credited, f"{case.id} masked formula credited to {case.masked_theme}")
        for theme_id, sentence in case.variants:
            i = text.find(sentence)
            theme = next(t for t in r.coverage.themes if t.id == theme_id)
            credited = any(i <= ev.start and ev.end <= i + len(sentence) for ev in theme.evidence)
            scores["variants"].add(credited, f"{case.id} {theme_id} not credited in {sentence!r}")
    return scores


def corpus_dates(corpus: Path) -> tuple[int, int, int]:
    """(exact, same year, documents) of the judged dates of ``corpus`` against its SOURCES.md, with no option."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    import conftest
    from analyzer.ingest import read_document
    from analyzer.ingest.dates import judge_date
    from analyzer.lexicon import default_lexicon
    conftest.CORPUS = corpus
    truth = conftest.corpus_dates()
    lex = default_lexicon()
    exact = year = n = 0
    for f in sorted(corpus.glob("*.txt")):
        d, _, _ = judge_date(read_document(f), lex, today=messy_docs.TODAY)
        n += 1
        exact += d == truth[f.name]
        year += d.year == truth[f.name].year
    return exact, year, n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", choices=["dev", "heldout", "both"], default="both")
    ap.add_argument("--errors", action="store_true", help="list every miss")
    ap.add_argument("--corpus", type=Path, nargs="?", const=Path(__file__).resolve().parent.parent.parent / "shared"
                    / "corpus", help="instead: judged dates of a dated corpus (default ../shared/corpus)")
    args = ap.parse_args()
    if args.corpus:
        exact, year, n = corpus_dates(args.corpus)
        print(f"judged date = true date: {exact}/{n}; right year: {year}/{n}")
        return
    splits = ["dev", "heldout"] if args.split == "both" else [args.split]
    print("| split | documents | genre | date in window | placeholders flagged | masked formulas credited | "
          "variants credited |")
    print("|---|---|---|---|---|---|---|")
    for split in splits:
        s = evaluate(split)
        masked_bad = s["masked"].n - s["masked"].ok
        print(f"| {split} | {s['genre'].n} | {s['genre'].ok}/{s['genre'].n} ({s['genre'].rate:.1%}) | "
              f"{s['date'].ok}/{s['date'].n} ({s['date'].rate:.1%}) | "
              f"{s['placeholders'].ok}/{s['placeholders'].n} | {masked_bad}/{s['masked'].n} | "
              f"{s['variants'].ok}/{s['variants'].n} ({s['variants'].rate:.1%}) |")
        if args.errors:
            for k, sc in s.items():
                for e in sc.errors:
                    print(f"  {split} {k}: {e}")


if __name__ == "__main__":
    main()
