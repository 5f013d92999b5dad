"""Fit the hollowness scorer on data/hollowness/devset.tsv and report held-out metrics.

    .venv/bin/python tools/calibrate_hollowness.py            # fit, write analyzer/data/hollowness_model.json
    .venv/bin/python tools/calibrate_hollowness.py --check    # only print metrics of the saved model

Corpus rows are re-read from ../shared/corpus (file, offsets, sha1); features are computed over the whole file so
document-level signals (a clause repeated earlier in the file) are what the scorer sees at run time. Sample and
written rows are scored as one-sentence documents.

The model is two logistic regressions on the same standardised features (cumulative ordinal: "at least mixed",
"hollow"); the score is the mean of their probabilities. Labels come from two thresholds fitted on the training
part. Metrics are on a fixed stratified 30% held-out part, never seen by the fit."""
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

from analyzer import hollow_features as hf  # noqa: E402
from analyzer.hollowness import MODEL_PATH, HollowModel, auc, spearman  # noqa: E402
from analyzer.lexicon import default_lexicon  # noqa: E402

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
    has = hf.NUM_RE.search(row.text) or hf.CN_NUM_RE.search(row.text)
    return 0.0 if has else 1.0


def metrics(scores: np.ndarray, labels: np.ndarray) -> dict[str, float]:
    hc = labels != 1
    return {"auc_hollow_vs_concrete": round(auc(scores[hc], labels[hc] == 2), 4),
            "spearman_three_levels": round(spearman(scores, labels), 4)}


def fit(rows: list[Row], train: list[int]) -> dict:
    from sklearn.linear_model import LogisticRegression

    X = np.array([rows[i].features.values for i in train], dtype=float)
    y = np.array([rows[i].label for i in train])
    mean, scale = X.mean(axis=0), X.std(axis=0)
    scale[scale == 0] = 1.0
    Z = (X - mean) / scale
    models = {}
    for name, level in (("ge_mixed", 1), ("ge_hollow", 2)):
        lr = LogisticRegression(C=1.0, max_iter=1000).fit(Z, (y >= level).astype(int))
        models[name] = {"coef": [round(float(c), 6) for c in lr.coef_[0]], "intercept": round(float(lr.intercept_[0]), 6)}
    model = {"features": list(hf.FEATURE_NAMES), "mean": [round(float(v), 6) for v in mean],
             "scale": [round(float(v), 6) for v in scale], "models": models}
    scores = HollowModel.from_dict(model).score_matrix(X)
    best = (-1.0, 0.35, 0.65)
    for lo in np.arange(0.10, 0.60, 0.01):
        for hi in np.arange(lo + 0.05, 0.95, 0.01):
            pred = np.where(scores >= hi, 2, np.where(scores < lo, 0, 1))
            acc = float(np.mean([np.mean(pred[y == k] == k) for k in (0, 1, 2)]))  # balanced accuracy
            if acc > best[0]:
                best = (acc, float(lo), float(hi))
    model["thresholds"] = {"concrete_below": round(best[1], 2), "hollow_from": round(best[2], 2)}
    return model


def report(rows: list[Row], test: list[int], model: HollowModel) -> dict:
    labels = np.array([rows[i].label for i in test])
    X = np.array([rows[i].features.values for i in test], dtype=float)
    out = {"scorer": metrics(model.score_matrix(X), labels),
           "baseline_stock_phrases_lt12": metrics(np.array([baseline_stock(rows[i]) for i in test]), labels),
           "baseline_no_number": metrics(np.array([baseline_number(rows[i]) for i in test]), labels)}
    pred = model.labels_of(model.score_matrix(X))
    out["scorer"]["label_accuracy"] = round(float(np.mean(pred == labels)), 4)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="print metrics of the saved model, do not refit")
    args = ap.parse_args(argv)
    if not CORPUS.is_dir():
        print("../shared/corpus 不存在：无法读取开发集中的语料句子", file=sys.stderr)
        return 2
    rows = load_devset()
    train, test = split(rows)
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
