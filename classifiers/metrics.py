"""Scores reported by ``train`` (cross-validated) and ``evaluate`` (held-out), in one JSON shape."""

from __future__ import annotations

from collections.abc import Sequence

from sklearn.metrics import accuracy_score, f1_score, precision_recall_fscore_support

from .calibration import band_report


def per_label(y_true: Sequence[str], y_pred: Sequence[str], labels: Sequence[str]) -> dict[str, dict]:
    """``{label: {"precision", "recall", "f1", "support"}}`` for ``labels`` in order."""
    p, r, f, s = precision_recall_fscore_support(y_true, y_pred, labels=list(labels), zero_division=0)
    return {
        str(c): {
            "precision": round(float(p[i]), 4),
            "recall": round(float(r[i]), 4),
            "f1": round(float(f[i]), 4),
            "support": int(s[i]),
        }
        for i, c in enumerate(labels)
    }


def head_metrics(y_true: Sequence[str], y_pred: Sequence[str], bands: Sequence[str], labels: Sequence[str]) -> dict:
    """The ``evaluate --json`` object for one head.

    ``macro_f1`` averages over the labels present in the data or predicted (as scikit-learn does),
    so a label the data never uses does not count as a zero.
    """
    present = [c for c in labels if c in set(y_true) | set(y_pred)]
    macro = f1_score(y_true, y_pred, labels=present, average="macro", zero_division=0)
    correct = [t == p for t, p in zip(y_true, y_pred, strict=True)]
    return {
        "n": len(y_true),
        "accuracy": round(float(accuracy_score(y_true, y_pred)), 4),
        "macro_f1": round(float(macro), 4),
        "per_label": per_label(y_true, y_pred, present),
        "bands": band_report(bands, correct),
    }
