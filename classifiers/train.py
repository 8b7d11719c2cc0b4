"""``train``: fit the features and the heads on a labelled CSV, choose bands, save model and card."""

from __future__ import annotations

import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import sklearn
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import StratifiedGroupKFold
from sklearn.pipeline import Pipeline
from tqdm import tqdm

from . import calibration
from .artifacts import FORMAT, save_model
from .data import LabelledData, read_labelled_csv
from .default import SEED
from .metrics import per_label
from .model import SVM_C, Head, TriageModel, fit_calibrator, make_features, make_svm, model_text, score_matrix
from .types import HEADS, TONE_LABELS, TrainingDataError

FOLDS = 5
NEAR_DUPLICATE = 0.7  # word TF-IDF cosine at which two tickets count as rewordings of one another
MIN_TONE_ROWS = 20
BANDS_NOTE = (
    "Metrics and bands were measured by grouped cross-validation on the training data: they hold for "
    "mail like it. Measure on your own labelled mail with `mailtriage evaluate` before trusting them."
)
SEED_NOTE = (
    " This is the default model, trained on the bundled seed corpus (the project's own writing, "
    "cleaner than real mail): expect lower figures on real mail, and retrain on your own history."
)
_SPLIT_OUT = ("metrics", "thresholds")  # card keys listed per head at the top level instead
TONE_LEXICON_NOTE = (
    "The training data has no usable tone column, so tone comes from a fixed English/German lexicon "
    "(exclamation marks, capitals, words such as 'unacceptable', 'third time', 'schon wieder'). "
    "Its confidence is a stated heuristic, not a measured probability, and it is never 'high'."
)


def near_duplicate_groups(X_words: Any, threshold: float = NEAR_DUPLICATE) -> np.ndarray:
    """Group ids linking rows whose word TF-IDF vectors have cosine >= ``threshold``.

    Cross-validation keeps a group in one fold: reworded twins in both train and test folds would
    make out-of-fold predictions look surer than they will be on new mail.
    """
    n = X_words.shape[0]
    rows, cols = [], []
    for start in range(0, n, 1000):  # chunks keep the similarity matrix small
        sim = (X_words[start : start + 1000] @ X_words.T).tocoo()
        keep = sim.data >= threshold
        rows.append(sim.row[keep] + start)
        cols.append(sim.col[keep])
    r, c = np.concatenate(rows), np.concatenate(cols)
    graph = coo_matrix((np.ones(len(r)), (r, c)), shape=(n, n))
    return np.asarray(connected_components(graph, directed=False)[1])


def _fit_head(name: str, X: Any, y: np.ndarray, groups: np.ndarray, features: Any, bar: tqdm) -> tuple:
    """Fit one head; return (Head, its card entry)."""
    labels, counts = np.unique(y, return_counts=True)
    n_splits = int(min(FOLDS, counts.min()))
    folds = list(StratifiedGroupKFold(n_splits, shuffle=True, random_state=0).split(X, y, groups))
    oof = np.zeros((len(y), len(labels)))
    fold_id = np.zeros(len(y), dtype=int)
    for k, (tr, te) in enumerate(folds):
        svm = make_svm().fit(X[tr], y[tr])
        scores = score_matrix(svm, X[te])
        block = np.full((len(te), len(labels)), scores.min() - 1.0)  # a class missing in a fold: last
        for j, c in enumerate(svm.classes_):
            block[:, list(labels).index(c)] = scores[:, j]
        oof[te], fold_id[te] = block, k
        bar.update(1)
    final = make_svm().fit(X, y)
    calibrator = fit_calibrator(oof, y)
    idx = oof.argmax(axis=1)
    pred = labels[idx]
    conf = calibrator.predict_proba(oof)[np.arange(len(y)), idx]
    correct = pred == y
    label_list = [str(c) for c in labels]
    thresholds = calibration.choose_thresholds(conf, pred, correct, label_list)
    bar.update(1)
    head = Head(name, Pipeline([("features", features), ("svm", final)]), calibrator, thresholds)
    entry = {
        "source": "model",
        "labels": label_list,
        "label_counts": {str(c): int(n) for c, n in zip(labels, counts, strict=True)},
        "thresholds": thresholds,
        "metrics": {
            "measured_on": f"out-of-fold predictions, {n_splits} grouped folds; bands cross-fitted",
            "n": len(y),
            "accuracy": round(float(accuracy_score(y, pred)), 4),
            "macro_f1": round(float(f1_score(y, pred, average="macro", zero_division=0)), 4),
            "per_label": per_label(list(y), list(pred), label_list),
            "bands": calibration.crossfit_bands(conf, pred, correct, fold_id, label_list),
        },
    }
    return head, entry


def train(data: Path, out: Path, progress: bool = True) -> dict:
    """Train on the labelled CSV ``data``, save ``model.joblib`` and ``model-card.json`` in ``out``.

    Returns the model card. Raises TrainingDataError when the CSV cannot be used (a missing column,
    an unknown label, fewer than two labels with two rows each for type or urgency).
    """
    started = time.monotonic()
    d = read_labelled_csv(Path(data))
    plan = _plan_heads(d)
    total = 2 + sum(int(min(FOLDS, c.min())) + 1 for _, _, c in plan.values())
    with tqdm(total=total, desc="train", unit="step", disable=not progress, file=sys.stderr) as bar:
        texts = [model_text(s, b) for s, b in zip(d.subjects, d.bodies, strict=True)]
        features = make_features()
        X = features.fit_transform(texts).tocsr()
        bar.update(1)
        n_words = len(dict(features.transformer_list)["words"].vocabulary_)
        groups = near_duplicate_groups(X[:, :n_words])
        bar.update(1)
        heads: dict[str, Head] = {}
        entries: dict[str, dict] = {}
        for name, (rows, y, _) in plan.items():
            heads[name], entries[name] = _fit_head(name, X[rows], y, groups[rows], features, bar)
    if "tone" not in heads:
        entries["tone"] = {"source": "lexicon", "labels": list(TONE_LABELS), "note": TONE_LEXICON_NOTE}
    order = [h for h in HEADS if h in entries]
    card = {
        "format": FORMAT,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "sklearn_version": sklearn.__version__,
        "python_version": sys.version.split()[0],
        "training_data": {
            "file": d.path.name,
            "sha256": d.sha256,
            "bytes": d.size,
            "rows": len(d),
            "near_duplicate_groups": len(np.unique(groups)),
            "languages": _counts(d.languages),
        },
        "settings": {
            "features": "tf-idf word 1-2-grams + char_wb 2-5-grams, min_df 2, sublinear tf",
            "classifier": f"LinearSVC(C={SVM_C}, class_weight='balanced') picks the label",
            "confidence": "CalibratedClassifierCV(sigmoid) on out-of-fold SVM scores",
            "bands": {
                "high_target_out_of_fold": calibration.HIGH_TARGET,
                "promise": calibration.PROMISE,
                "medium": "estimated P(right) >= 0.5",
            },
            "cross_validation": f"StratifiedGroupKFold({FOLDS}), rewordings (cos>={NEAR_DUPLICATE}) grouped",
        },
        "labels": {h: entries[h]["labels"] for h in order},
        "metrics": {h: entries[h]["metrics"] for h in order if "metrics" in entries[h]},
        "thresholds": {h: entries[h]["thresholds"] for h in order if "thresholds" in entries[h]},
        "heads": {h: {k: v for k, v in entries[h].items() if k not in _SPLIT_OUT} for h in order},
        "training_seconds": round(time.monotonic() - started, 1),
        "note": BANDS_NOTE + (SEED_NOTE if Path(data).resolve() == SEED else ""),
    }
    return save_model(TriageModel(features, heads), card, Path(out))


def _plan_heads(d: LabelledData) -> dict[str, tuple[list[int], np.ndarray, np.ndarray]]:
    """Rows and labels per head that can be trained; labels with fewer than 2 rows are left out."""
    plan = {}
    for head in HEADS:
        if head not in d.labels:
            continue
        rows = d.labelled(head)
        y = np.array([d.labels[head][i] for i in rows])
        labels, counts = np.unique(y, return_counts=True)
        usable = set(labels[counts >= 2])
        keep = [k for k, v in enumerate(y) if v in usable]
        rows, y = [rows[k] for k in keep], y[keep]
        counts = counts[counts >= 2]
        if len(usable) < 2 or (head == "tone" and len(rows) < MIN_TONE_ROWS):
            if head == "tone":
                continue  # tone falls back to the lexicon
            raise TrainingDataError(
                f"{d.path}: {head}: need at least two labels with two rows each, got {_counts(list(y))}"
            )
        plan[head] = (rows, y, counts)
    return plan


def _counts(values: Any) -> dict[str, int]:
    out: dict[str, int] = {}
    for v in values:
        out[v or "unknown"] = out.get(v or "unknown", 0) + 1
    return dict(sorted(out.items()))
