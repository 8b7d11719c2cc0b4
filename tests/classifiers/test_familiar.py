"""Familiarity: mail unlike the training data never gets "high", and the card and `why` say so."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
from classifier_fixtures import shared_triager, tiny_rows, write_csv

from classifiers import TextInput, Triager, familiar, train
from classifiers.calibration import crossfit_bands
from classifiers.model import model_text

BILLING = TextInput(
    subject="Invoice 4711 charged twice",
    body="Hello, you charged my credit card twice for invoice 4711. Please refund the duplicate payment.",
)
STRANGE = TextInput(
    subject="Quarterly zymurgy flux",
    body="Our brewery kettle telemetry dashboards diverge from fermentation curves; hydrometer offsets persist.",
)


def test_familiarity_is_the_share_of_known_words() -> None:
    assert familiar.familiarity({"invoice", "twice", "zymurgy", "flux"}, {"invoice": 0, "twice": 1}) == 0.5
    assert familiar.familiarity(set(), {"invoice": 0}) == 0.0  # no words: nothing to be sure about


def test_out_of_fold_familiarity_never_counts_a_row_as_its_own_evidence() -> None:
    common = {"please", "refund", "invoice"}
    rows = [common | {f"only{i}"} for i in range(20)]  # every row has one word nobody else uses
    oof = familiar.out_of_fold(rows, np.arange(20), min_df=2)
    assert np.allclose(oof, 0.75)  # the shared words are known from the other folds, its own word is not
    twins = [common | {"twin"}, common | {"twin"}, *rows[2:]]
    grouped = familiar.out_of_fold(twins, np.array([0, 0, *range(2, 20)]), min_df=2)
    assert grouped[0] == grouped[1] == 0.75  # a reworded twin sits in the same fold: it cannot vouch
    assert familiar.gate(np.linspace(0.5, 1.0, 101), 0.05) == 0.525


def test_unfamiliar_wording_lowers_high_to_medium_and_says_why() -> None:
    triager = shared_triager()
    text = model_text(BILLING.subject, BILLING.body)
    known = float(triager.model.familiarity([text])[0])
    plain = triager.classify(BILLING).type
    assert plain.band == "high" and known >= triager.model.familiar_gate
    strict = Triager(dataclasses.replace(triager.model, familiar_gate=known + 0.01), triager.card, triager.rules)
    capped = strict.classify(BILLING)
    assert (capped.type.label, capped.type.confidence, capped.type.band) == (plain.label, plain.confidence, "medium")
    assert any(w.startswith("unfamiliar wording: ") for w in capped.type.why)
    assert f"unfamiliar wording ({known:.0%} known)" in capped.explanation


def test_strange_words_are_unfamiliar_to_the_default_model() -> None:
    triager = shared_triager()
    texts = [model_text(m.subject, m.body) for m in (BILLING, STRANGE)]
    known = triager.model.familiarity(texts)
    assert known[0] > triager.model.familiar_gate > known[1]
    assert triager.classify(STRANGE).type.band != "high"


def test_crossfit_bands_count_capped_rows_as_medium() -> None:
    rng = np.random.default_rng(0)
    conf = rng.uniform(0.3, 1.0, 2000)
    pred = np.array(["a"] * 2000)
    correct = rng.random(2000) < conf
    folds = np.arange(2000) % 5
    free = crossfit_bands(conf, pred, correct, folds, ["a"])
    capped = crossfit_bands(conf, pred, correct, folds, ["a"], capped=np.ones(2000, dtype=bool))
    assert (free["high"]["coverage"] or 0) > 0.05 and capped["high"]["coverage"] == 0.0
    assert capped["medium"]["coverage"] == round((free["high"]["coverage"] or 0) + (free["medium"]["coverage"] or 0), 4)


def test_a_starter_model_asks_more_of_its_high_band(tmp_path: Path) -> None:
    data = write_csv(tmp_path / "tiny.csv", tiny_rows())
    usual = train(data, tmp_path / "usual", progress=False)
    starter = train(data, tmp_path / "starter", progress=False, starter=True)
    assert usual["settings"]["bands"]["starter"] is False and starter["settings"]["bands"]["starter"] is True
    assert (
        starter["settings"]["bands"]["high_target_out_of_fold"] > usual["settings"]["bands"]["high_target_out_of_fold"]
    )
    assert starter["familiarity"]["quantile"] == familiar.STARTER_QUANTILE > usual["familiarity"]["quantile"]
    assert starter["familiarity"]["gate"] >= usual["familiarity"]["gate"]
    assert "default model" in starter["note"] and "default model" not in usual["note"]
