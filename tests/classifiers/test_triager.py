"""The interface the pipeline calls: TextInput in, Triage out; signals and rules combined openly."""

from __future__ import annotations

import json
import os
import re
import shutil
import statistics
import time
from pathlib import Path

import numpy as np
import pytest
from classifier_fixtures import shared_triager, tiny_rows, trained_model_dir, write_csv

import classifiers
from classifiers import BANDS, LABELS, Decision, ModelFileError, TextInput, Triage, Triager, parse_rules
from classifiers.default import default_model_dir
from classifiers.model import RECIPE, model_text, subject_line

BILLING = TextInput(
    subject="Invoice 4711 charged twice",
    body="Hello, you charged my credit card twice for invoice 4711. Please refund the duplicate payment.",
    sender="anna@example.org",
)


def test_public_names_are_exported() -> None:
    for name in classifiers.__all__:
        assert hasattr(classifiers, name), name
    for name in (
        "TextInput",
        "Decision",
        "Triage",
        "Triager",
        "RulesError",
        "ModelFileError",
        "default_model_dir",
        "train",
        "evaluate",
        "load_rules",
        "export_training_csv",
    ):
        assert name in classifiers.__all__


def test_classify_returns_a_triage_with_honest_decisions() -> None:
    triager = shared_triager()
    t = triager.classify(BILLING)
    assert isinstance(t, Triage)
    for head in ("type", "urgency", "tone"):
        d = getattr(t, head)
        assert isinstance(d, Decision)
        assert d.label in LABELS[head]
        assert 0.0 <= d.confidence <= 1.0
        assert d.band in BANDS
        assert d.why and all(isinstance(w, str) for w in d.why)
    assert t.type.label == "billing"
    assert t.type.why[0].startswith("model:type top terms:")
    assert t.rules_fired == ()
    assert "\n" not in t.explanation and t.explanation.startswith("type billing (")


def test_german_input_is_understood() -> None:
    triager = shared_triager()
    t = triager.classify(
        TextInput("Rücksendung", "Ich möchte die Schuhe zurückschicken, sie sind zu klein.", language="de")
    )
    assert t.type.label == "returns"


def test_urgency_signals_raise_and_say_why() -> None:
    triager = shared_triager()
    quiet = TextInput("Question about opening hours", "When are you open next week?", sender="x@shop.example")
    base = triager.classify(quiet).urgency
    followed = triager.classify(TextInput(quiet.subject, quiet.body, quiet.sender, thread_depth=2)).urgency
    assert any(w.startswith("signal:follow-up") for w in followed.why)
    vip = triager.classify(TextInput(quiet.subject, quiet.body, "ceo@eu.bigcustomer.example")).urgency
    assert any(w.startswith("signal:vip-domain") for w in vip.why)
    order = list(LABELS["urgency"])  # high first
    assert order.index(followed.label) == max(0, order.index(base.label) - 1)
    assert order.index(vip.label) <= order.index(base.label)
    outage = triager.classify(TextInput("Help", "Our whole site is down, nobody can log in.")).urgency
    assert outage.label == "high"
    assert any("outage-wording" in w for w in outage.why)


def test_rules_override_the_model_first_match_per_head() -> None:
    triager = shared_triager()
    rules = parse_rules("""
[[rule]]
name = "all-invoices-are-sales"
[rule.match]
subject = 'invoice'
[rule.then]
type = "sales"
tone = { band = "low" }

[[rule]]
name = "later-type-rule"
[rule.match]
subject = 'invoice'
[rule.then]
type = "general"
urgency = { raise_to = "high", band = "high" }
""")
    ruled = Triager(triager.model, triager.card, rules).classify(BILLING)
    assert ruled.type.label == "sales" and ruled.type.band == "medium"  # a rule is not a measured 90%
    assert ruled.type.why[-1] == "rule:all-invoices-are-sales (set sales)"
    assert ruled.urgency.label == "high" and ruled.urgency.band == "high"
    assert ruled.tone.band == "low"
    assert ruled.rules_fired == ("all-invoices-are-sales", "later-type-rule")
    assert "rules: all-invoices-are-sales, later-type-rule" in ruled.explanation


def test_a_rule_that_agrees_with_a_sure_model_keeps_its_high_band() -> None:
    triager = shared_triager()
    plain = triager.classify(BILLING).type
    rules = parse_rules('[[rule]]\nname = "b"\n[rule.match]\nsubject = \'invoice\'\n[rule.then]\ntype = "billing"\n')
    ruled = Triager(triager.model, triager.card, rules).classify(BILLING).type
    assert ruled.confidence == plain.confidence
    assert ruled.band == ("high" if plain.band == "high" else "medium")


def test_fast_path_equals_scikit_learn() -> None:
    triager = shared_triager()
    texts = [f"{r['subject']}\n{r['body']}" for r in tiny_rows()[:40]]
    X = triager.model.transform(texts)
    assert abs(X - triager.model.features.transform(texts)).max() < 1e-12
    assert triager.model.transform([""]).nnz == 0  # nothing known: an empty row, not a division by zero
    for name, head in triager.model.heads.items():
        slow = head.predict_features(X)
        fast = head.fast().predict(X)
        assert slow[0] == fast[0], name
        np.testing.assert_allclose(slow[2], fast[2], atol=1e-12)


def test_classify_many_matches_classify() -> None:
    triager = shared_triager()
    items = [TextInput(r["subject"], r["body"]) for r in tiny_rows()[::9]]
    assert triager.classify_many(items) == [triager.classify(i) for i in items]


def test_one_message_is_classified_in_milliseconds() -> None:
    triager = shared_triager()
    items = [TextInput(r["subject"], r["body"] * 3) for r in tiny_rows()[:60]]
    for item in items[:5]:
        triager.classify(item)
    times = []
    for item in items:
        t0 = time.perf_counter()
        triager.classify(item)
        times.append(time.perf_counter() - t0)
    # the target is well under 5 ms (measured by benchmarks/classifier.py); a shared CI box gets slack
    assert statistics.median(times) < 0.02


def test_default_model_is_built_once_then_reused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    seed = tmp_path / "seed.csv"
    write_csv(seed, tiny_rows())
    target = tmp_path / "cache" / "default"
    monkeypatch.setenv("MAILTRIAGE_MODEL_DIR", str(target))
    assert default_model_dir(seed) == target
    card_mtime = (target / "model-card.json").stat().st_mtime_ns
    assert default_model_dir(seed) == target
    assert (target / "model-card.json").stat().st_mtime_ns == card_mtime  # reused, not rebuilt
    assert [p.name for p in target.parent.iterdir()] == ["default"]  # no temporary leftovers
    write_csv(seed, [*tiny_rows(), {**tiny_rows()[0], "subject": "One more row"}])
    default_model_dir(seed)  # a new seed: rebuilt in place
    assert (target / "model-card.json").stat().st_mtime_ns != card_mtime


def test_a_default_model_from_an_older_recipe_is_rebuilt(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    seed = write_csv(tmp_path / "seed.csv", tiny_rows())
    target = tmp_path / "cache" / "default"
    monkeypatch.setenv("MAILTRIAGE_MODEL_DIR", str(target))
    default_model_dir(seed)
    card = json.loads((target / "model-card.json").read_text())
    assert card["recipe"] == RECIPE and card["settings"]["bands"]["starter"] is True
    card["recipe"] = RECIPE - 1  # as if built by the previous release's training code
    (target / "model-card.json").write_text(json.dumps(card))
    default_model_dir(seed)
    assert json.loads((target / "model-card.json").read_text())["recipe"] == RECIPE


def test_model_text_keeps_the_subject_on_the_first_line() -> None:
    text = model_text("Invoice\n 4711   charged\ttwice ", "  Body line 1\nline 2  ")
    assert text == "Invoice 4711 charged twice\nBody line 1\nline 2"
    assert subject_line(text) == "invoice 4711 charged twice"


def test_default_model_never_overwrites_a_foreign_model(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    foreign = tmp_path / "mine"
    shutil.copytree(trained_model_dir(), foreign)
    card = json.loads((foreign / "model-card.json").read_text())
    card["training_data"]["file"] = "our-history.csv"  # a model an admin trained on their own mail
    (foreign / "model-card.json").write_text(json.dumps(card))
    seed = write_csv(tmp_path / "seed.csv", tiny_rows())
    monkeypatch.setenv("MAILTRIAGE_MODEL_DIR", str(foreign))
    with pytest.raises(ModelFileError, match="refusing to overwrite"):
        default_model_dir(seed)
    assert json.loads((foreign / "model-card.json").read_text()) == card


def test_default_cache_path_is_keyed_by_seed_and_code(monkeypatch: pytest.MonkeyPatch) -> None:
    from classifiers.default import _cache_dir

    monkeypatch.delenv("MAILTRIAGE_MODEL_DIR", raising=False)
    path = _cache_dir("0123456789abcdef" * 4)
    assert path.parent == Path.home() / ".cache" / "mailtriage" / "models"
    assert re.fullmatch(r"default-[0-9a-f]{12}", path.name) and os.sep in str(path)
    assert _cache_dir("0123456789abcdef" * 4) == path  # the same seed and code: the same place
    assert _cache_dir("fedcba9876543210" * 4) != path  # another seed: another model
