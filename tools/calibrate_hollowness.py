"""Fit the hollowness scorer on data/hollowness/devset.tsv and report held-out metrics.

    .venv/bin/python tools/calibrate_hollowness.py            # fit, write analyzer/data/hollowness_model.json
    .venv/bin/python tools/calibrate_hollowness.py --check    # only print metrics of the saved model
    .venv/bin/python tools/calibrate_hollowness.py --cv       # 5-fold CV inside the training part (model choice)
    .venv/bin/python tools/calibrate_hollowness.py --family-cv  # CV holding out whole document families

Corpus rows are re-read from ../shared/corpus (file, offsets, sha1) and sample rows from data/samples; features
are computed over the whole file so document-level signals (a clause repeated earlier in the file) are what the
scorer sees at run time. Rows we wrote ourselves are scored as one-sentence documents.

The model is stacked: a word model (bag of rjieba words, two L2 logistic regressions) gives one score per
sentence; its out-of-fold scores on the training part join the hand features of ``hollow_features`` in two
logistic regressions on standardised inputs (cumulative ordinal: "at least mixed", "hollow"); the final score is
the mean of their probabilities. Labels come from two thresholds fitted on the training part. The held-out part
(about 30%, chosen by each sentence's sha1) is never seen by the fit, and settings (word-model C, vocabulary
floor, features) were chosen by ``--cv`` on the training part only."""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analyzer.analyses.hollowness import features as hf  # noqa: E402
from analyzer.analyses.hollowness.metrics import auc, spearman  # noqa: E402
from analyzer.analyses.hollowness.model import MODEL_PATH, WORD_FEATURE, HollowModel, WordModel  # noqa: E402
from analyzer.lexicon import default_lexicon  # noqa: E402
from analyzer.text import facts  # noqa: E402

DEVSET = ROOT / "data" / "hollowness" / "devset.tsv"
CORPUS = ROOT.parent / "shared" / "corpus"
SAMPLES = ROOT / "data" / "samples"
LEVEL = {"concrete": 0, "mixed": 1, "hollow": 2}
HELD_OUT_PERCENT = 30


@dataclass
class Row:
    index: int
    source: str
    file: str
    text: str
    label: int
    features: hf.SentenceFeatures
    sha1: str


def load_devset(path: Path = DEVSET, corpus: Path = CORPUS) -> list[Row]:
    """Every devset row with its features; raises if a corpus sentence no longer matches its sha1."""
    lex = default_lexicon()
    raw = [line.rstrip("\n").split("\t") for line in path.read_text("utf-8").splitlines()
           if line and not line.startswith("#")]
    header, raw = raw[0], raw[1:]
    assert header == ["source", "file", "start", "end", "sha1", "label", "text"], header
    per_file: dict[str, dict[tuple[int, int], hf.SentenceFeatures]] = {}
    rows = []
    for i, (source, file, start, end, sha1, label, text) in enumerate(raw):
        if source == "corpus":
            if file not in per_file:
                full = (corpus / file).read_text("utf-8")
                per_file[file] = {(f.start, f.end): f for f in hf.extract(full, lex)}
                per_file[file]["text"] = full  # type: ignore[index]
            full = per_file[file]["text"]  # type: ignore[index]
            s, e = int(start), int(end)
            text = full[s:e]
            feats = per_file[file][(s, e)]
        elif source == "sample" and (SAMPLES / file).is_file():
            key = f"sample:{file}"
            if key not in per_file:
                full = (SAMPLES / file).read_text("utf-8")
                per_file[key] = {full[f.start:f.end].strip(): f for f in hf.extract(full, lex)}
            feats = per_file[key].get(text) or hf.extract(text, lex, spans=[(0, len(text))])[0]
        else:
            feats = hf.extract(text, lex, spans=[(0, len(text))])[0]
        if hashlib.sha1(text.encode("utf-8")).hexdigest() != sha1:
            raise SystemExit(f"devset row {i + 1}: text of {source}:{file} [{start}, {end}) changed (sha1 mismatch)")
        rows.append(Row(i, source, file, text, LEVEL[label], feats, sha1))
    return rows


def is_held_out(sha1: str) -> bool:
    """A row is held out by the sha1 of its sentence alone: the split never depends on labels, scores or on
    which rows were added later, and a sentence that occurs twice falls on one side only."""
    return int(sha1[:8], 16) % 100 < HELD_OUT_PERCENT


def split(rows: list[Row]) -> tuple[list[int], list[int]]:
    """Fixed split: the same rows are held out on every run (about 30% of each label)."""
    train = [r.index for r in rows if not is_held_out(r.sha1)]
    test = [r.index for r in rows if is_held_out(r.sha1)]
    return train, test


def baseline_stock(row: Row) -> float:
    """The open-source rule: strip stock phrases; hollow (1) if fewer than 12 characters remain."""
    remaining = row.features.han * (1.0 - row.features.stock_share)
    return 1.0 if remaining < 12 else 0.0


def baseline_number(row: Row) -> float:
    """No number, so hollow."""
    return 0.0 if facts.has_substance(row.text, kinds=("number",)) else 1.0


def metrics(scores: np.ndarray, labels: np.ndarray) -> dict[str, float]:
    hc = labels != 1
    return {"auc_hollow_vs_concrete": round(auc(scores[hc], labels[hc] == 2), 4),
            "spearman_three_levels": round(spearman(scores, labels), 4)}


WORD_C = 0.1          # L2 strength of the word model, chosen by 5-fold CV on the training part only
WORD_MIN_DF = 2       # a word must occur in at least 2 training sentences
WORD_CAP = 3000       # vocabulary cap (most frequent first)
SCORE_C = 1.0


def _word_vocab(rows: list[Row]) -> list[str]:
    df: dict[str, int] = {}
    for r in rows:
        for w in set(r.features.words):
            df[w] = df.get(w, 0) + 1
    return sorted((w for w, c in df.items() if c >= WORD_MIN_DF), key=lambda w: (-df[w], w))[:WORD_CAP]


def fit_words(rows: list[Row]) -> dict:
    """Word model (two L2 logistic regressions on word presence) as plain JSON."""
    from sklearn.linear_model import LogisticRegression

    vocab = _word_vocab(rows)
    index = {w: i for i, w in enumerate(vocab)}
    M = np.zeros((len(rows), len(vocab)))
    for j, r in enumerate(rows):
        for w in set(r.features.words):
            if w in index:
                M[j, index[w]] = 1.0
    y = np.array([r.label for r in rows])
    lrs = [LogisticRegression(C=WORD_C, max_iter=5000).fit(M, (y >= level).astype(int)) for level in (1, 2)]
    weights = {w: [round(float(lrs[0].coef_[0][i]), 5), round(float(lrs[1].coef_[0][i]), 5)]
               for w, i in index.items()}
    return {"weights": weights, "intercepts": [round(float(lr.intercept_[0]), 5) for lr in lrs],
            "C": WORD_C, "min_df": WORD_MIN_DF}


def out_of_fold_words(rows: list[Row], folds: int = 5) -> np.ndarray:
    """Word-model scores of the training rows, each from a model that did not see it (input of the stacked fit)."""
    from sklearn.model_selection import StratifiedKFold

    y = np.array([r.label for r in rows])
    out = np.zeros(len(rows))
    for a, b in StratifiedKFold(folds, shuffle=True, random_state=1).split(np.zeros(len(y)), y):
        wm = WordModel.from_dict(fit_words([rows[i] for i in a]))
        out[b] = [wm.score(rows[i].features.words) for i in b]
    return out


def fit_thresholds(scores: np.ndarray, y: np.ndarray) -> dict[str, float]:
    """Label thresholds maximising balanced accuracy on the training part. Many pairs come within a hair of the
    best, so the middle of that plateau is taken (the single best pair jumps with any small change of the fit)."""
    grid = []
    for lo in np.arange(0.10, 0.60, 0.01):
        for hi in np.arange(lo + 0.05, 0.95, 0.01):
            pred = np.where(scores >= hi, 2, np.where(scores < lo, 0, 1))
            grid.append((float(np.mean([np.mean(pred[y == k] == k) for k in (0, 1, 2)])), float(lo), float(hi)))
    best = max(g[0] for g in grid)
    near = [(lo, hi) for acc, lo, hi in grid if acc >= best - 0.01]
    return {"concrete_below": round(float(np.median([p[0] for p in near])), 2),
            "hollow_from": round(float(np.median([p[1] for p in near])), 2)}


def fit(rows: list[Row], train: list[int]) -> dict:
    from sklearn.linear_model import LogisticRegression

    tr = [rows[i] for i in train]
    X = np.column_stack([np.array([r.features.values for r in tr], dtype=float), out_of_fold_words(tr)])
    y = np.array([r.label for r in tr])
    mean, scale = X.mean(axis=0), X.std(axis=0)
    scale[scale == 0] = 1.0
    Z = (X - mean) / scale
    models = {}
    for name, level in (("ge_mixed", 1), ("ge_hollow", 2)):
        lr = LogisticRegression(C=SCORE_C, max_iter=1000).fit(Z, (y >= level).astype(int))
        models[name] = {"coef": [round(float(c), 6) for c in lr.coef_[0]], "intercept": round(float(lr.intercept_[0]), 6)}
    model = {"features": list(hf.FEATURE_NAMES) + [WORD_FEATURE], "mean": [round(float(v), 6) for v in mean],
             "scale": [round(float(v), 6) for v in scale], "models": models, "word_model": fit_words(tr)}
    scores = HollowModel.from_dict(model).score_matrix(X)
    model["thresholds"] = fit_thresholds(scores, y)
    return model


def report(rows: list[Row], test: list[int], model: HollowModel) -> dict:
    labels = np.array([rows[i].label for i in test])
    scores = model.score_matrix(model.matrix([rows[i].features for i in test]))
    out = {"scorer": metrics(scores, labels),
           "baseline_stock_phrases_lt12": metrics(np.array([baseline_stock(rows[i]) for i in test]), labels),
           "baseline_no_number": metrics(np.array([baseline_number(rows[i]) for i in test]), labels)}
    out["scorer"]["label_accuracy"] = round(float(np.mean(model.labels_of(scores) == labels)), 4)
    return out


def cross_validate(rows: list[Row], train: list[int], folds: int = 5) -> dict[str, float]:
    """5-fold CV of the whole fit (word model, stacking, thresholds) inside the training part: how the model was
    chosen. The held-out part is not touched."""
    from sklearn.model_selection import StratifiedKFold

    y = np.array([rows[i].label for i in train])
    aucs, sps = [], []
    for a, b in StratifiedKFold(folds, shuffle=True, random_state=100).split(np.zeros(len(y)), y):
        model = HollowModel.from_dict(fit(rows, [train[i] for i in a]))
        m = metrics(model.score_matrix(model.matrix([rows[train[i]].features for i in b])), y[b])
        aucs.append(m["auc_hollow_vs_concrete"])
        sps.append(m["spearman_three_levels"])
    return {"auc_hollow_vs_concrete": round(float(np.mean(aucs)), 4), "spearman_three_levels": round(float(np.mean(sps)), 4)}


def family(row: Row) -> str:
    """The document family a row comes from: all government work reports together, all Hailar reports, all NPC
    resolutions, all party congress reports and the history resolution; each speech (with its alternative
    transcript), each sample and the sentences we wrote ourselves on their own."""
    name = row.file.removesuffix(".txt").removesuffix("_alt")
    for prefix, fam in (("gwr_", "gwr"), ("hailar_", "hailar"), ("npc_", "npc"), ("cpc", "cpc")):
        if name.startswith(prefix):
            return fam
    return f"{row.source}:{name}"


def family_cross_validate(rows: list[Row], train: list[int], folds: int = 5) -> dict[str, float]:
    """CV of the whole fit inside the training part, each fold holding out whole document families (GroupKFold):
    how the scorer does on kinds of documents it has not seen. Metrics over the pooled out-of-fold scores."""
    from sklearn.model_selection import GroupKFold

    y = np.array([rows[i].label for i in train])
    groups = [family(rows[i]) for i in train]
    scores = np.zeros(len(train))
    for a, b in GroupKFold(folds).split(np.zeros(len(y)), y, groups):
        model = HollowModel.from_dict(fit(rows, [train[i] for i in a]))
        scores[b] = model.score_matrix(model.matrix([rows[train[i]].features for i in b]))
    out = metrics(scores, y)
    out["families"] = len(set(groups))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="print metrics of the saved model, do not refit")
    ap.add_argument("--cv", action="store_true", help="only print 5-fold CV metrics inside the training part")
    ap.add_argument("--family-cv", action="store_true",
                    help="only print CV metrics holding out whole document families (inside the training part)")
    args = ap.parse_args(argv)
    if not CORPUS.is_dir():
        print("../shared/corpus 不存在：无法读取开发集中的语料句子", file=sys.stderr)
        return 2
    rows = load_devset()
    train, test = split(rows)
    if args.cv:
        print(f"5-fold CV on the training part ({len(train)} rows): {cross_validate(rows, train)}")
        return 0
    if args.family_cv:
        print(f"5-fold CV by document family on the training part ({len(train)} rows): "
              f"{family_cross_validate(rows, train)}")
        return 0
    if args.check:
        data = json.loads(MODEL_PATH.read_text("utf-8"))
    else:
        data = fit(rows, train)
        data["devset"] = {"rows": len(rows), "train": len(train), "held_out": test, "held_out_rule": "int(sha1[:8], 16) % 100 < 30",
                          "sha1": hashlib.sha1(DEVSET.read_bytes()).hexdigest()}
    model = HollowModel.from_dict(data)
    res = report(rows, test, model)
    data["held_out_metrics"] = res
    if not args.check:
        MODEL_PATH.parent.mkdir(parents=True, exist_ok=True)
        MODEL_PATH.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", "utf-8")
    counts = {k: sum(1 for r in rows if r.label == v) for k, v in LEVEL.items()}
    print(f"devset: {len(rows)} rows {counts}; train {len(train)}, held-out {len(test)} (by sentence sha1)")
    print(f"thresholds: {data['thresholds']}")
    print(f"{'held-out':34} {'AUC hollow/concrete':>20} {'Spearman 3 levels':>18}")
    for name, m in res.items():
        print(f"{name:34} {m['auc_hollow_vs_concrete']:>20.3f} {m['spearman_three_levels']:>18.3f}")
    print(f"scorer label accuracy (3 classes): {res['scorer']['label_accuracy']:.3f}")
    coefs = dict(zip(data["features"], data["models"]["ge_hollow"]["coef"]))
    print("ge_hollow coefficients:", ", ".join(f"{k}={v:+.2f}" for k, v in coefs.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
