"""Mutations of real corpus sentences built from the lexicon's formula data, to measure the formulation checks
(issue 13). Nothing here reads the checker's code: each mutation is made from a formula's items, names, history,
verbs, nouns and aliases, in a sentence of ../shared/corpus that holds the formula, and the whole document is then
proofread at the document's own date (SOURCES.md). One kind of error at a time:

    swap             two adjacent items exchanged           rotate     the list reversed or rotated by one
    drop-first/-middle/-last  one item left out (lists of three or more)
    wrong-char       one character of an item or a name replaced by a homophone (pypinyin) or a near form
    outdated         a form already replaced at the document's date (an older list, name or wording)
    wrong-verb       the formula's governing verb replaced by another formula's verb
    wrong-noun       its noun replaced by another noun of the same head (重大意义 for 决定性意义)
    wrong-count      the numeral of its name changed (五个意识)
    listed-wrong     a wrong word the lexicon lists (an intruder in the list, a near-miss rule's wrong variant)

and must-stay-silent controls: separators changed (、 to ， or 和), quotes added, the sentence in traditional
characters, an official variant (alias) in place of an item, a historical form at a date when it was current.

A mutation is caught when a finding (error or warning) overlaps the changed text; a control is flagged when any
finding (error or warning) overlaps its sentence. Drops are counted apart when nothing in the sentence says the
list is meant whole (no name, no governing verb, no quotes, fewer than five items): official texts name subsets
of lists that way (党要团结带领人民进行伟大斗争、推进伟大事业、实现伟大梦想), so no reader can call those an
omission, and they are reported as "drop (no cue)" outside the totals.

Documents are split in two: "dev", the documents looked at while the rules were written, and "held-out", the
others. Usage:

    .venv/bin/python tools/formula_mutations.py            # table per kind, dev / held-out / all
    .venv/bin/python tools/formula_mutations.py --misses   # also print what was missed or falsely flagged
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import re
import sys
import zlib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from analyzer.text.readings import readings  # noqa: E402
from analyzer.analyses.formulations.engine import check_text  # noqa: E402
from analyzer.analyses.formulations.sequence import numeral, numeral_value, wrong_counts  # noqa: E402
from analyzer.lexicon import load_lexicon  # noqa: E402
from analyzer.options import Options  # noqa: E402

SHARED = Path(os.environ.get("SHENGAO_SHARED") or ROOT.parent / "shared")
CORPUS = SHARED / "corpus"
# Documents read while the rules were written (false-flag hunting, examples): the "dev" split.
DEV = {"cpc17_report.txt", "cpc18_report.txt", "cpc19_report.txt", "cpc20_report.txt", "cpc20_report_alt.txt",
       "cpc_history_resolution_2021.txt", "gwr_2018.txt", "gwr_2019.txt", "gwr_2023.txt", "hailar_gwr_2015.txt",
       "hailar_gwr_2018.txt", "seed_speech_model_organs.txt"}
KINDS = ["swap", "rotate", "drop-first", "drop-middle", "drop-last", "wrong-char", "outdated", "wrong-verb",
         "wrong-noun", "wrong-count", "listed-wrong"]
CONTROLS = ["separator", "quotes", "traditional", "variant", "historical"]
SEP = r"(?:[、，,；;]|和|及|与|以及)"
PER_DOC = 3                 # contexts per formula, kind and document at most
END = "。！？\n"
GENERIC_MODIFIERS = ("重大", "重要", "深远", "历史")     # other modifiers of a noun's head, for wrong nouns


@dataclass
class Mutation:
    kind: str
    rule: str
    doc: str
    text: str
    as_of: dt.date
    span: tuple[int, int]       # changed text in the mutated document (controls: its sentence)
    note: str
    cue: bool = True            # drops: whether anything in the sentence says the whole list is meant


def corpus_docs() -> list[tuple[str, str, dt.date]]:
    from conftest import corpus_dates
    dates = corpus_dates()
    return [(p.name, p.read_text("utf-8"), dates[p.name]) for p in sorted(CORPUS.glob("*.txt")) if p.name in dates]


def _sentence(text: str, pos: int) -> tuple[int, int]:
    s = max(text.rfind(c, 0, pos) for c in END) + 1
    ends = [i for i in (text.find(c, pos) for c in END) if i != -1]
    return s, (min(ends) + 1 if ends else len(text))


def _current(rule, as_of: dt.date) -> tuple[str, ...] | None:
    spec = rule.spec
    if rule.since is None or as_of >= rule.since:
        return spec.items
    for h in spec.history:
        if (h.since is None or as_of >= h.since) and as_of < h.until:
            return h.items
    return None


def _list_re(items, joiners) -> re.Pattern:
    join = "(?:" + "|".join(map(re.escape, joiners)) + ")?" if joiners else ""
    parts = [f"({re.escape(x)})" for x in items]
    return re.compile((rf"[“\"]?{SEP}{join}[“\"]?".join(parts)).replace("[“\"]?(", "(", 1))


def _homophone_table(texts: list[str]) -> dict[str, list[str]]:
    """Reading -> characters of the corpus with that reading, most frequent first (an IME offers those)."""
    freq: dict[str, int] = defaultdict(int)
    for t in texts:
        for c in t:
            if "\u4e00" <= c <= "\u9fff":
                freq[c] += 1
    r = readings()
    table: dict[str, list[str]] = defaultdict(list)
    for c, _ in sorted(freq.items(), key=lambda x: -x[1]):
        if freq[c] >= 3 and ord(c) in r:
            table[r[ord(c)]].append(c)
    return table


class Generator:
    def __init__(self, lexicon, docs, seed: int = 13):
        self.lex = lexicon
        self.docs = docs
        self.rng = random.Random(seed)
        rules = lexicon.kind("rules")
        # formulas the lexicon only ever reports as info (◐ and written otherwise in official text) are left out
        self.formulas = {rid: r for rid, r in rules.items() if r.type == "sequence" and r.severity != "info"}
        self.outdated = {rid: r for rid, r in rules.items() if r.type == "outdated"}
        self.near = {rid: r for rid, r in rules.items() if r.type == "near-miss"}
        self.homophones = _homophone_table([t for _, t, _ in docs])
        self.shapes: dict[str, set[str]] = defaultdict(set)
        for g in lexicon.kind("confusables").values():
            for c in g.chars:
                self.shapes[c] |= set(g.chars) - {c}
        self.all_verbs = sorted({v for r in self.formulas.values() for v in r.spec.verbs})
        self.all_nouns = sorted({n for r in self.formulas.values() for n in r.spec.nouns})
        self.names = {n for r in self.formulas.values() for n in (r.spec.name, *r.spec.names)} | \
                     {h.name for r in self.formulas.values() for h in r.spec.history if h.name}

    # --- contexts --------------------------------------------------------------------------------------------

    def lists(self, rule, text, as_of):
        """Full runs of the formula's list (the form current at the date), at most PER_DOC, with item spans."""
        items = _current(rule, as_of)
        if not items:
            return []
        out = []
        for m in _list_re(items, rule.spec.joiners).finditer(text):
            out.append([m.span(i + 1) for i in range(len(items))])
        return out[:PER_DOC]

    def name_hits(self, rule, text):
        out = []
        for n in (rule.spec.name, *rule.spec.names):
            i = text.find(n)
            while i != -1 and len(out) < PER_DOC:
                out.append((i, i + len(n), n))
                i = text.find(n, i + 1)
        return out

    # --- mutations ---------------------------------------------------------------------------------------------

    def mutations(self):
        for doc, text, as_of in self.docs:
            for rid, rule in self.formulas.items():
                yield from self._list_mutations(rid, rule, doc, text, as_of)
                yield from self._name_mutations(rid, rule, doc, text, as_of)
            yield from self._outdated_rules(doc, text, as_of)
            yield from self._near_rules(doc, text, as_of)

    def _m(self, kind, rid, doc, text, as_of, a, b, new, note, cue=True):
        """The mutated paragraph (the checks never look past a sentence, so the rest of the document would only
        cost time) with the changed span in it."""
        lo = text.rfind("\n", 0, a) + 1
        hi = text.find("\n", b)
        hi = len(text) if hi == -1 else hi
        mutated = text[lo:a] + new + text[b:hi]
        return Mutation(kind, rid, doc, mutated, as_of, (a - lo, a - lo + len(new)), note, cue)

    def _rebuild(self, text, spans, order):
        """The run's items in ``order`` (indices into spans), separators kept in place."""
        pieces = [text[s:e] for s, e in spans]
        gaps = [text[spans[i][1]:spans[i + 1][0]] for i in range(len(spans) - 1)]
        out = [pieces[order[0]]]
        for g, k in zip(gaps, order[1:]):
            out += [g, pieces[k]]
        return "".join(out)

    def _list_mutations(self, rid, rule, doc, text, as_of):
        spec = rule.spec
        for spans in self.lists(rule, text, as_of):
            n = len(spans)
            a, b = spans[0][0], spans[-1][1]
            i = self.rng.randrange(n - 1)
            order = list(range(n))
            order[i], order[i + 1] = order[i + 1], order[i]
            yield self._m("swap", rid, doc, text, as_of, a, b, self._rebuild(text, spans, order), f"{i}<->{i + 1}")
            order = list(range(n))[::-1] if n == 2 or self.rng.random() < .5 else list(range(1, n)) + [0]
            yield self._m("rotate", rid, doc, text, as_of, a, b, self._rebuild(text, spans, order), str(order))
            if n >= 3:
                for kind, k in (("drop-first", 0), ("drop-middle", n // 2), ("drop-last", n - 1)):
                    new = text[a:spans[k - 1][1]] + text[spans[k][1]:b] if 0 < k < n - 1 else ""
                    if k == 0:
                        new = text[spans[1][0]:b]
                    elif k == n - 1:
                        new = text[a:spans[n - 2][1]]
                    m = self._m(kind, rid, doc, text, as_of, a, b, new, spec.items[k] if k < len(spec.items) else "")
                    x0, x1 = m.span
                    ss, se = _sentence(m.text, x0)
                    m.cue = (n >= 5 or any(x in m.text[ss:se] for x in (spec.name, *spec.names))
                             or (m.text[x0 - 1:x0] in "“\"" and m.text[x1:x1 + 1] in "”\"")
                             or any(m.text.endswith(v, 0, x0) for v in spec.verbs))
                    yield m
            # one wrong character in one item
            j = self.rng.randrange(n)
            s, e = spans[j]
            wrong = self._one_char(text[s:e])
            if wrong:
                yield self._m("wrong-char", rid, doc, text, as_of, s, e, wrong[0], wrong[1])
            # a listed intruder in place of an item
            if spec.intruders and n == len(spec.items):
                x = self.rng.choice(spec.intruders)
                k = self._slot_of(spec, x)
                s, e = spans[k]
                yield self._m("listed-wrong", rid, doc, text, as_of, s, e, x, f"intruder for {spec.items[k]}")
            # older list form at a date when it was already replaced
            for h in spec.history:
                if as_of >= h.until and len(h.items) < n:
                    keep = [spans[spec.items.index(x)] for x in h.items if x in spec.items]
                    if len(keep) == len(h.items) and spans[0] in keep:
                        new = self._rebuild(text, keep, list(range(len(keep))))
                        yield self._m("outdated", rid, doc, text, as_of, a, b, new, f"history until {h.until}")
            # controls
            g = text[spans[0][1]:spans[1][0]]
            if g == "、":
                new = text[a:spans[0][1]] + "，" + text[spans[1][0]:b]
                yield self._m("separator", rid, doc, text, as_of, a, b, new, "、→，")
            last_gap = text[spans[-2][1]:spans[-1][0]]
            if last_gap == "、":
                new = text[a:spans[-2][1]] + "和" + text[spans[-1][0]:b]
                yield self._m("separator", rid, doc, text, as_of, a, b, new, "last 、→和")
            new = "".join(f"“{text[s:e]}”" + text[e:spans[k + 1][0]] if k + 1 < n else f"“{text[s:e]}”"
                          for k, (s, e) in enumerate(spans))
            yield self._m("quotes", rid, doc, text, as_of, a, b, new, "items quoted")
            try:
                import zhconv
                ss, se = _sentence(text, a)
                yield self._m("traditional", rid, doc, text, as_of, ss, se, zhconv.convert(text[ss:se], "zh-hant"),
                              "sentence in 繁体")
            except ImportError:
                pass
            for item, variants in spec.aliases.items():
                if item in spec.items and variants and not self._outdated_at(variants[0], as_of):
                    k = spec.items.index(item)
                    if k < n and text[spans[k][0]:spans[k][1]] == item:
                        s, e = spans[k]
                        yield self._m("variant", rid, doc, text, as_of, s, e, variants[0], f"alias of {item}")

    def _outdated_at(self, phrase: str, as_of: dt.date) -> bool:
        """The lexicon's outdated rules say ``phrase`` is no longer current at ``as_of`` (an alias that is an
        older wording, like 全面建成小康社会 for the first of the 四个全面, is no official variant then)."""
        return any(m.text[m.start:m.end] == phrase and r.applies(as_of)
                   for r in self.outdated.values() for m, _ in r.spec.swap)

    def _slot_of(self, spec, intruder):
        best, score = 0, -1
        for k, item in enumerate(spec.items):
            common = len(os.path.commonprefix([item, intruder])) + len(os.path.commonprefix([item[::-1], intruder[::-1]]))
            if common > score:
                best, score = k, common
        return best

    def _one_char(self, word: str):
        """``word`` with one character replaced by a homophone or a near form, or None."""
        r = readings()
        positions = [k for k, c in enumerate(word) if "\u4e00" <= c <= "\u9fff"]
        self.rng.shuffle(positions)
        for k in positions:
            c = word[k]
            cands = [x for x in self.homophones.get(r.get(ord(c), ""), []) if x != c][:8]
            cands += sorted(self.shapes.get(c, ()))
            self.rng.shuffle(cands)
            for x in cands:
                w = word[:k] + x + word[k + 1:]
                if w != word:
                    return w, f"{c}→{x}"
        return None

    def _name_mutations(self, rid, rule, doc, text, as_of):
        spec = rule.spec
        if rule.since is not None and as_of < rule.since:
            for h in spec.history:               # control: an older name while it was current
                if h.name and (h.since is None or as_of >= h.since) and as_of < h.until:
                    i = text.find(h.name)
                    if i != -1:
                        yield self._m("historical", rid, doc, text, as_of, i, i + len(h.name), h.name,
                                      f"{h.name} before {h.until}")
            return
        for s, e, name in self.name_hits(rule, text):
            wrong = self._one_char(name)
            if wrong and wrong[0] not in self.names:
                yield self._m("wrong-char", rid, doc, text, as_of, s, e, wrong[0], wrong[1])
            counts = [w for w in wrong_counts(spec, frozenset(self.names)) if w[2] == name]
            if counts:
                w, v, _ = self.rng.choice(counts)
                yield self._m("wrong-count", rid, doc, text, as_of, s, e, w, f"{name}→{w}")
            for h in spec.history:
                if h.name and as_of >= h.until and name == spec.name:
                    yield self._m("outdated", rid, doc, text, as_of, s, e, h.name, f"{h.name} after {h.until}")
            q = 1 if text[s - 1:s] in "“\"" else 0
            for v in sorted(spec.verbs, key=len, reverse=True):
                if text.endswith(v, 0, s - q):
                    others = [x for x in self.all_verbs if x not in spec.verbs and not x.endswith(v)
                              and not v.endswith(x)]
                    if others:
                        x = self.rng.choice(others)
                        yield self._m("wrong-verb", rid, doc, text, as_of, s - q - len(v), s - q, x, f"{v}→{x}")
                    break
            k = e + (1 if text[e:e + 1] in "”\"" else 0)
            k += 1 if text[k:k + 1] == "的" else 0
            for noun in spec.nouns:
                if text.startswith(noun, k):
                    head = noun[-2:]
                    others = [x for x in self.all_nouns if x.endswith(head) and x != noun] or \
                             [m + head for m in GENERIC_MODIFIERS if m + head != noun]
                    x = self.rng.choice(others)
                    yield self._m("wrong-noun", rid, doc, text, as_of, k, k + len(noun), x, f"{noun}→{x}")
            # control: the name in quotes
            if q == 0 and text[e:e + 1] not in "”\"":
                yield self._m("quotes", rid, doc, text, as_of, s, e, f"“{name}”", "name quoted")

    def _outdated_rules(self, doc, text, as_of):
        """Each outdated rule's current form, where the document has it, turned into the old form: after the
        rule's since an error to catch; before it a control (the wording was current then)."""
        for rid, rule in self.outdated.items():
            for marked, current in rule.spec.swap:
                old = marked.text
                part_old = old[marked.start:marked.end]
                cur_full = old[:marked.start] + current + old[marked.end:]
                i = text.find(cur_full)
                if i == -1:
                    continue
                a = i + marked.start
                b = a + len(current)
                if rule.applies(as_of):
                    yield self._m("outdated", rid, doc, text, as_of, a, b, part_old, f"{current}→{part_old}")
                elif rule.since and as_of < rule.since:
                    yield self._m("historical", rid, doc, text, as_of, a, b, part_old, f"{part_old} before {rule.since}")

    def _near_rules(self, doc, text, as_of):
        for rid, rule in self.near.items():
            if not rule.applies(as_of):
                continue
            for w in rule.spec.wrong:
                whole_right = w.text[:w.start] + rule.spec.canonical + w.text[w.end:] if (w.start, w.end) != (
                    0, len(w.text)) else rule.spec.canonical
                i = text.find(whole_right)
                if i != -1:
                    yield self._m("listed-wrong", rid, doc, text, as_of, i, i + len(whole_right), w.text,
                                  f"{rule.spec.canonical}→{w.text}")


def evaluate(lexicon=None, docs=None, seed: int = 13):
    lexicon = lexicon or load_lexicon()
    docs = docs if docs is not None else corpus_docs()
    gen = Generator(lexicon, docs, seed)
    results = []
    for m in gen.mutations():
        found = [f for f in check_text(m.text, lexicon, Options(as_of=m.as_of)) if f.severity in ("error", "warning")]
        if m.kind in CONTROLS:
            s, e = _sentence(m.text, m.span[0])
            bad = [f for f in found if f.start < max(e, m.span[1]) and f.end > min(s, m.span[0])]
        else:
            bad = [f for f in found if f.start < m.span[1] and f.end > m.span[0]] or \
                  [f for f in found if f.start <= m.span[0] <= f.end]
        results.append((m, bad))
    return results


def split(doc: str) -> str:
    return "dev" if doc in DEV else "held-out"


def table(results) -> tuple[str, dict]:
    stats: dict = defaultdict(lambda: [0, 0])
    for m, found in results:
        kind = m.kind if m.cue else "drop (no cue)"
        for part in (split(m.doc), "all"):
            st = stats[(kind, part)]
            st[0] += 1
            st[1] += bool(found)
    lines = ["| kind | dev | held-out | all |", "| --- | --- | --- | --- |"]

    def cell(kind, part):
        n, k = stats.get((kind, part), (0, 0))
        return f"{k}/{n} ({100 * k / n:.0f} %)" if n else "—"
    for kind in KINDS:
        lines.append(f"| {kind} | {cell(kind, 'dev')} | {cell(kind, 'held-out')} | {cell(kind, 'all')} |")
    tot = {p: [sum(stats[(k, p)][0] for k in KINDS if (k, p) in stats),
               sum(stats[(k, p)][1] for k in KINDS if (k, p) in stats)] for p in ("dev", "held-out", "all")}
    lines.append("| **all errors** | " + " | ".join(
        f"**{tot[p][1]}/{tot[p][0]} ({100 * tot[p][1] / max(1, tot[p][0]):.1f} %)**" for p in ("dev", "held-out", "all")) + " |")
    lines.append(f"| drop (no cue), not counted above | {cell('drop (no cue)', 'dev')} | "
                 f"{cell('drop (no cue)', 'held-out')} | {cell('drop (no cue)', 'all')} |")
    for kind in CONTROLS:
        lines.append(f"| control: {kind} (flagged) | {cell(kind, 'dev')} | {cell(kind, 'held-out')} | {cell(kind, 'all')} |")
    return "\n".join(lines), {k: tuple(v) for k, v in stats.items()}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--misses", action="store_true", help="print missed mutations and flagged controls")
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args(argv)
    if not CORPUS.is_dir():
        print(f"找不到语料库：{CORPUS}", file=sys.stderr)
        return 1
    results = evaluate(seed=args.seed)
    text, _ = table(results)
    print(text)
    if args.misses:
        for m, found in results:
            is_control = m.kind in CONTROLS
            if (is_control and found) or (not is_control and m.cue and not found):
                s, e = _sentence(m.text, m.span[0])
                print(f"{'FLAG' if is_control else 'MISS'} {m.kind} {m.rule} {m.doc} {m.as_of} {m.note} | "
                      f"{m.text[max(s, m.span[0] - 30):m.span[1] + 20]!r}"
                      + (f" | {[(f.rule, f.text) for f in found]}" if found else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
