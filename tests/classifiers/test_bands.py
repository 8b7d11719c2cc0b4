"""Confidence bands: thresholds chosen on out-of-fold predictions hold on data they never saw."""

from __future__ import annotations

import numpy as np

from classifiers.calibration import (
    Thresholds,
    band_of,
    band_report,
    choose_thresholds,
    crossfit_bands,
    wilson_lower,
)
from classifiers.train import repeats_for


def synthetic(n: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Two labels: 'a' is right exactly as often as its confidence says; 'b' is a coin flip."""
    rng = np.random.default_rng(seed)
    pred = np.where(rng.random(n) < 0.5, "a", "b")
    conf = rng.uniform(0.3, 1.0, n)
    p_right = np.where(pred == "a", conf, 0.5)
    correct = rng.random(n) < p_right
    return conf, pred, correct


def test_thresholds_give_a_high_band_that_holds_on_fresh_data() -> None:
    conf, pred, correct = synthetic(4000, seed=1)
    th = choose_thresholds(conf, pred, correct, ["a", "b"])
    assert th["a"]["high"] is not None and 0.85 < th["a"]["high"] < 1.0
    assert th["b"]["high"] is None  # a coin flip never earns "high", however sure it sounds
    conf2, pred2, correct2 = synthetic(4000, seed=2)
    bands = [band_of(str(p), float(c), th) for p, c in zip(pred2, conf2, strict=True)]
    report = band_report(bands, list(correct2))
    assert report["high"]["precision"] is not None and report["high"]["precision"] >= 0.90
    assert (report["high"]["coverage"] or 0.0) >= 0.05
    assert report["low"]["precision"] is not None and report["low"]["precision"] < 0.6


def test_high_threshold_never_below_medium() -> None:
    conf, pred, correct = synthetic(3000, seed=3)
    for t in choose_thresholds(conf, pred, correct, ["a", "b"]).values():
        if t["high"] is not None:
            medium = t["medium"]
            assert medium is not None and medium <= t["high"]


def test_too_little_evidence_gives_no_high_band() -> None:
    conf = np.array([0.99, 0.98, 0.97])
    th = choose_thresholds(conf, np.array(["a", "a", "a"]), np.array([True, True, True]), ["a"])
    assert th["a"]["high"] is None


def test_band_of_and_report_shape() -> None:
    th: Thresholds = {"x": {"high": 0.9, "medium": 0.5}, "y": {"high": None, "medium": None}}
    assert band_of("x", 0.95, th) == "high"
    assert band_of("x", 0.6, th) == "medium"
    assert band_of("x", 0.2, th) == "low"
    assert band_of("y", 0.99, th) == "low"
    assert band_of("unknown", 0.99, th) == "low"
    report = band_report(["high", "low", "low"], [True, False, True])
    assert report == {
        "high": {"coverage": 0.3333, "precision": 1.0},
        "medium": {"coverage": 0.0, "precision": None},
        "low": {"coverage": 0.6667, "precision": 0.5},
    }


def test_crossfit_bands_measures_each_fold_with_thresholds_from_the_others() -> None:
    conf, pred, correct = synthetic(3000, seed=4)
    folds = np.arange(3000) % 5
    report = crossfit_bands(conf, pred, correct, folds, ["a", "b"])
    assert abs(sum(float(v["coverage"] or 0) for v in report.values()) - 1.0) < 1e-3
    assert report["high"]["precision"] is not None and report["high"]["precision"] >= 0.88


def test_a_high_band_needs_enough_evidence_for_its_promise() -> None:
    # all right, but 20 predictions cannot show 90% with 95% confidence (Wilson lower bound 0.88); 40 can
    for n, has_high in ((20, False), (40, True)):
        conf = np.linspace(0.5, 0.99, n)
        th = choose_thresholds(conf, np.array(["a"] * n), np.ones(n, dtype=bool), ["a"])
        assert (th["a"]["high"] is not None) is has_high, n
    assert 0.88 < wilson_lower(20, 20) < 0.9 < wilson_lower(40, 40)
    assert wilson_lower(0, 0) == 0.0


def test_repeated_cross_validation_does_not_count_a_message_twice() -> None:
    n = 20
    conf = np.linspace(0.5, 0.99, n)
    pred, correct = np.array(["a"] * n), np.ones(n, dtype=bool)
    pooled = choose_thresholds(np.tile(conf, 3), np.tile(pred, 3), np.tile(correct, 3), ["a"], repeats=3)
    assert pooled["a"]["high"] is None  # three runs over the same 20 messages are still 20 messages
    inflated = choose_thresholds(np.tile(conf, 3), np.tile(pred, 3), np.tile(correct, 3), ["a"])
    assert inflated["a"]["high"] is not None


def test_repeats_shrink_as_training_data_grows() -> None:
    assert [repeats_for(n) for n in (100, 3323, 5000, 12_000, 50_000)] == [3, 3, 2, 1, 1]
