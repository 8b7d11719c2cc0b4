"""Confidence bands: thresholds chosen on cross-validated predictions, and how bands are measured.

The confidence of a prediction is the calibrated probability of its label (``CalibratedClassifierCV``).
To choose bands we go one step further, per predicted label: a small logistic fit (Platt) of
"was the prediction right?" on that confidence, using out-of-fold predictions only. That gives a
per-label estimate q(confidence) of being right. One global cut on q is then chosen so that the
out-of-fold predictions above it are right at least ``HIGH_TARGET`` of the time *and* so that the
one-sided 95% lower bound (Wilson) of that precision still reaches the promise (``PROMISE``, 0.90);
it becomes one threshold per label on the confidence. The margin between ``HIGH_TARGET`` (0.94) and
the promise pays for choosing on the same data; the lower bound refuses a high band resting on a
handful of lucky predictions (on the ticket data, urgency's would-be high band was right 100% of the
time in one fold and 50% in another). ``medium`` means q >= 0.5: the label is more likely right than
wrong; ``low`` is the rest.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from sklearn.linear_model import LogisticRegression

# Out-of-fold precision the high band must reach when choosing thresholds. Chosen on 25 grouped folds of the
# ticket training data (thresholds from 4/5, measured on the fifth): 0.93 and 0.94 both kept >= 90% precision
# and >= 10% coverage in about 7 folds of 10, 0.94 missing 90% less often (2 of 25 vs 5); 0.95 mostly
# fell short of 10% coverage.
HIGH_TARGET = 0.94
PROMISE = 0.90  # what the high band promises on data the thresholds never saw
Z_LOWER = 1.645  # one-sided 95%: the Wilson lower bound of the high band's precision must reach PROMISE
MEDIUM_Q = 0.5
MIN_HIGH = 10  # fewer out-of-fold predictions than this in the high band is no evidence at all

Thresholds = dict[str, dict[str, float | None]]  # label -> {"high": t | None, "medium": t | None}


def _logit(p: np.ndarray | float) -> np.ndarray:
    q = np.clip(np.asarray(p, dtype=float), 1e-6, 1 - 1e-6)
    return np.asarray(np.log(q / (1 - q)))


def wilson_lower(right: float, n: float, z: float = Z_LOWER) -> float:
    """Wilson score lower bound of a proportion: ``right`` successes out of ``n``."""
    if n <= 0:
        return 0.0
    p = right / n
    centre = p + z * z / (2 * n)
    spread = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return (centre - spread) / (1 + z * z / n)


def _fit_correctness(conf: np.ndarray, correct: np.ndarray) -> tuple[float, float] | float:
    """Platt fit of P(correct | conf) as (slope, intercept) on logit(conf), or a constant rate."""
    if len(conf) < 5 or correct.all() or not correct.any():
        # too little to fit a slope: a conservative constant (add-one smoothed rate)
        return float((correct.sum() + 0.5) / (len(correct) + 1.0))
    lr = LogisticRegression(C=1.0).fit(_logit(conf)[:, None], correct.astype(int))
    return float(lr.coef_[0, 0]), float(lr.intercept_[0])


def _q(fit: tuple[float, float] | float, conf: np.ndarray) -> np.ndarray:
    if isinstance(fit, float):
        return np.full(len(conf), fit)
    a, b = fit
    return np.asarray(1.0 / (1.0 + np.exp(-(a * _logit(conf) + b))))


def _cut(fit: tuple[float, float] | float, q_cut: float) -> float | None:
    """The smallest confidence whose q reaches ``q_cut``; None if no confidence does."""
    if q_cut == math.inf:
        return None
    if isinstance(fit, float):
        return 0.0 if fit >= q_cut else None
    a, b = fit
    if a <= 0:  # being surer does not make it more often right: never trust it more than its base rate
        return None
    t = float(1.0 / (1.0 + math.exp(-((float(_logit(q_cut)) - b) / a))))
    return round(t, 6)


def choose_thresholds(
    conf: np.ndarray,
    pred: Sequence[str] | np.ndarray,
    correct: np.ndarray,
    labels: Sequence[str],
    high_target: float = HIGH_TARGET,
    repeats: int = 1,
) -> Thresholds:
    """Per-label ``high`` and ``medium`` confidence thresholds from out-of-fold predictions.

    ``conf`` is the calibrated probability of each predicted label, ``correct`` whether it was right.
    ``repeats``: each message appears that many times (repeated cross-validation), so the evidence
    behind a band counts each message once. A None threshold means the band is never given for that label.
    """
    pred_arr = np.asarray(pred)
    conf = np.asarray(conf, dtype=float)
    correct = np.asarray(correct, dtype=bool)
    fits = {c: _fit_correctness(conf[pred_arr == c], correct[pred_arr == c]) for c in labels}
    q = np.zeros(len(conf))
    for c, fit in fits.items():
        mask = pred_arr == c
        q[mask] = _q(fit, conf[mask])
    order = np.argsort(-q, kind="stable")
    right = np.cumsum(correct[order])
    precision = right / np.arange(1, len(order) + 1)
    q_sorted = q[order]
    q_cut = math.inf
    for i in range(len(order) - 1, repeats * MIN_HIGH - 2, -1):
        # only cut between distinct q values, so ties fall on one side together
        last_of_tie = i == len(order) - 1 or q_sorted[i + 1] < q_sorted[i]
        lower = wilson_lower(right[i] / repeats, (i + 1) / repeats)
        if last_of_tie and precision[i] >= high_target and lower >= PROMISE:
            q_cut = float(q_sorted[i])
            break
    out: Thresholds = {}
    for c in labels:
        high, medium = _cut(fits[c], q_cut), _cut(fits[c], MEDIUM_Q)
        if high is not None:  # the high band lies inside "medium or better", whatever the fits say
            medium = high if medium is None else min(medium, high)
        out[c] = {"high": high, "medium": medium}
    return out


def band_of(label: str, confidence: float, thresholds: Thresholds) -> str:
    """``high``, ``medium`` or ``low`` for a prediction of ``label`` at ``confidence``."""
    t = thresholds.get(label, {})
    high, medium = t.get("high"), t.get("medium")
    if high is not None and confidence >= high:
        return "high"
    if medium is not None and confidence >= medium:
        return "medium"
    return "low"


def band_report(bands: Sequence[str], correct: Sequence[bool]) -> dict[str, dict[str, float | None]]:
    """Per band: share of all predictions in it (coverage) and how often they were right (precision)."""
    b = np.asarray(bands)
    ok = np.asarray(correct, dtype=bool)
    out: dict[str, dict[str, float | None]] = {}
    for band in ("high", "medium", "low"):
        mask = b == band
        n = int(mask.sum())
        out[band] = {
            "coverage": round(n / len(b), 4) if len(b) else 0.0,
            "precision": round(float(ok[mask].mean()), 4) if n else None,
        }
    return out


def crossfit_bands(
    conf: np.ndarray,
    pred: Sequence[str] | np.ndarray,
    correct: np.ndarray,
    folds: np.ndarray,
    labels: Sequence[str],
    capped: np.ndarray | None = None,
    high_target: float = HIGH_TARGET,
) -> dict[str, dict[str, float | None]]:
    """Bands measured honestly inside training: each fold is banded by thresholds chosen on the others.

    Rows where ``capped`` is true may not be ``high`` (unfamiliar wording): their ``high`` becomes ``medium``.
    """
    pred_arr = np.asarray(pred)
    bands = np.empty(len(pred_arr), dtype=object)
    for k in np.unique(folds):
        test = folds == k
        th = choose_thresholds(conf[~test], pred_arr[~test], correct[~test], labels, high_target)
        for i in np.flatnonzero(test):
            band = band_of(str(pred_arr[i]), float(conf[i]), th)
            bands[i] = "medium" if band == "high" and capped is not None and capped[i] else band
    return band_report(list(bands), list(correct))
