"""The intent model: learns intents from a few examples per language, refuses what fits none, is calibrated,
follows scikit-learn's conventions, is fast, and is reused from its cache instead of refitted."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest
from intent_fixtures import EXAMPLES, HELD_OUT, UNRELATED, training_data
from sklearn.base import clone
from sklearn.feature_extraction.text import TfidfVectorizer

from classifiers.intent_cache import fit_cached
from classifiers.intents import NONE, IntentModel, intent_text
from classifiers.questions import QuestionIndex
from classifiers.types import TrainingDataError


@pytest.fixture(scope="module")
def model() -> IntentModel:
    texts, labels = training_data()
    return IntentModel().fit(texts, labels)


def test_fit_returns_self_and_learned_attributes_end_in_underscore() -> None:
    texts, labels = training_data()
    estimator = IntentModel(C=0.7)
    assert estimator.fit(texts, labels) is estimator
    assert estimator.get_params()["C"] == 0.7
    assert clone(estimator).get_params() == estimator.get_params()
    assert not hasattr(clone(estimator), "classes_")  # clone is unfitted
    assert set(estimator.classes_) == {*EXAMPLES, NONE}
    for name in ("threshold_", "cv_accuracy_", "cv_confused_", "calibrator_", "features_", "svm_"):
        assert hasattr(estimator, name)
    assert not hasattr(IntentModel(), "threshold_")  # nothing learned in __init__


def test_held_out_paraphrases_in_three_languages_are_matched(model: IntentModel) -> None:
    found = [model.match(text) for text, _ in HELD_OUT]
    right = sum(f.intent == want for f, (_, want) in zip(found, HELD_OUT, strict=True))
    wrong = sum(f.intent is not None and f.intent != want for f, (_, want) in zip(found, HELD_OUT, strict=True))
    assert right >= 16, [(t, f.why) for f, (t, _) in zip(found, HELD_OUT, strict=True)]  # 18/18 when measured
    assert wrong == 0
    assert list(model.predict([HELD_OUT[0][0]])) == [HELD_OUT[0][1]]


def test_none_threshold_refuses_unrelated_and_generic_mail(model: IntentModel) -> None:
    refused = [t for t in UNRELATED if model.match(t).intent is None]
    # Measured: 7 of 8. The one taken is "The dashboard shows the wrong time zone": "time" is an
    # export_timeout word here ("every time I export"); a library of 30 intents leaves it fewer friends.
    assert len(refused) >= 7
    for text in ("Hello, any news?", "Thanks a lot, have a nice weekend!", "Bitte rufen Sie mich an."):
        found = model.match(text)
        assert found.intent is None and found.why, found
    assert model.predict(["Merci, bonne journée !"])[0] == NONE


def test_threshold_is_chosen_for_ninety_percent_precision_out_of_fold(model: IntentModel) -> None:
    assert model.min_threshold <= model.threshold_ <= 1.0
    assert model.cv_precision_ >= 0.9
    assert model.cv_none_refused_ >= 0.85  # generic sentences held out are refused
    assert 0.8 <= model.cv_accuracy_ <= model.cv_top1_accuracy_ <= 1.0
    assert model.n_folds_ == 5


def test_confidence_is_calibrated_and_grows_with_the_margin(model: IntentModel) -> None:
    # on held-out mail (paraphrases and unrelated), mean confidence of the best intent ~ how often it is right
    texts = [t for t, _ in HELD_OUT] + UNRELATED
    truth = [w for _, w in HELD_OUT] + [NONE] * len(UNRELATED)
    found = [model.match(t) for t in texts]
    confidence = np.array([f.confidence for f in found])
    right = np.array([f.candidate == w for f, w in zip(found, truth, strict=True)])
    assert abs(confidence.mean() - right.mean()) < 0.15
    assert confidence[right].mean() > confidence[~right].mean() + 0.3
    steps = model.confidence(np.zeros(4), np.array([0.0, 0.5, 1.0, 2.0]))
    assert np.all(np.diff(steps) > 0)


def test_type_hint_down_weights_or_restricts_other_types(model: IntentModel) -> None:
    text = "Our invoices still show the old street address, please fix it."
    assert model.match(text).intent == "billing.invoice_address"
    restricted = model.match(text, type_hint="technical", restrict=True)
    assert restricted.candidate is None or restricted.candidate.startswith("technical.")
    assert restricted.intent is None  # no technical intent is sure enough for an address change
    plain, hinted = model.match(text), model.match(text, type_hint="technical")
    assert hinted.confidence <= plain.confidence
    assert model.match(text, type_hint="outage", restrict=True).intent is None  # no outage intents at all
    # a config override of the threshold is honoured
    assert model.match(text, threshold=0.999999).intent is None


def test_why_names_the_words_and_runner_up(model: IntentModel) -> None:
    found = model.match(intent_text("Charged twice", "We were billed two times for the renewal."))
    assert found.intent == "billing.duplicate_charge"
    assert "billing.duplicate_charge" in found.why and "runner-up" in found.why
    assert found.runner_up and found.runner_up != found.intent


def test_fast_row_equals_scikit_learn_tfidf(model: IntentModel) -> None:
    texts, _ = training_data()
    for text in ("We were charged twice!", "Der Export bricht ab", "", "ÉTIQUETTE de retour ???"):
        features = model.features_
        cols, vals = features.row(text)
        for vec, idf, lo, hi in (
            (features.vectorizers[0], features.idf[0], 0, features.n_words),
            (features.vectorizers[1], features.idf[1], features.n_words, None),
        ):
            reference = TfidfVectorizer(vocabulary=vec.vocabulary_, ngram_range=vec.ngram_range,
                                        analyzer=vec.analyzer, sublinear_tf=True)  # fmt: skip
            reference.fit(texts)  # the vocabulary is given; only the idf is replaced by ours below
            reference.idf_ = idf
            expected = reference.transform([text]).toarray().ravel()
            ours = np.zeros(len(idf))
            mask = (cols >= lo) & (cols < (hi if hi is not None else lo + len(idf)))
            ours[cols[mask] - lo] = vals[mask]
            np.testing.assert_allclose(ours, expected, atol=1e-9)


def test_training_data_errors() -> None:
    with pytest.raises(TrainingDataError, match="reserved"):
        IntentModel().fit(["a", "b"], [NONE, "x.y"])
    with pytest.raises(TrainingDataError, match="texts but"):
        IntentModel().fit(["a"], ["x.y", "x.z"])
    with pytest.raises(TrainingDataError, match="at least 2"):
        IntentModel().fit(["only one example"], ["billing.x"])


def test_training_and_prediction_are_fast_enough() -> None:
    # 30 intents x 3 languages x 8 examples: the size of a starter library
    texts, labels = [], []
    for i in range(30):
        for intent, by_language in EXAMPLES.items():
            if i % len(EXAMPLES) != list(EXAMPLES).index(intent):
                continue
            for sentences in by_language.values():
                texts += [f"{s} (case {i}, variant {j})" for j, s in enumerate(sentences + sentences[:1])]
                labels += [f"{intent}_{i}"] * (len(sentences) + 1)
    assert len(set(labels)) == 30 and len(texts) == 30 * 3 * 8
    started = time.perf_counter()
    model = IntentModel().fit(texts, labels)
    assert time.perf_counter() - started < 4.0  # < 2 s measured unloaded; the build machine is shared
    message = intent_text("Charged twice", "Hello, we were charged twice for the renewal last week. " * 12)
    model.match(message)
    started = time.perf_counter()
    for _ in range(100):
        model.match(message)
    assert (time.perf_counter() - started) / 100 < 0.002  # < 1 ms measured unloaded


def test_fit_cached_reuses_the_model_for_the_same_data(tmp_path: Path) -> None:
    texts, labels = training_data()
    first = fit_cached(texts, labels, tmp_path)
    files = list(tmp_path.glob("intents-*.joblib"))
    assert len(files) == 1
    assert fit_cached(texts, labels, tmp_path) is first  # in memory
    import classifiers.intent_cache as module

    module._MEMO.clear()
    again = fit_cached(texts, labels, tmp_path)  # from the file, not refitted
    assert again is not first and again.threshold_ == first.threshold_
    assert again.match(HELD_OUT[0][0]).intent == first.match(HELD_OUT[0][0]).intent
    files[0].write_bytes(b"not a model")
    module._MEMO.clear()
    assert fit_cached(texts, labels, tmp_path).threshold_ == first.threshold_  # a broken file is refitted
    fit_cached(texts[:-1], labels[:-1], tmp_path)
    assert len(list(tmp_path.glob("intents-*.joblib"))) == 2  # other data, other key


def test_question_index_needs_a_shared_topic_word() -> None:
    index = QuestionIndex(
        [("refund_time", "How long does the refund take?"), ("refund_time", "When will I get my money back?"),
         ("pending", "One of the charges is still pending, is it real?")],
        language="en",
    )  # fmt: skip
    answer_id, score, _, question = index.best("how long until I get the money back?") or ("", 0, 0, "")
    assert answer_id == "refund_time" and score > 0.45 and question == "When will I get my money back?"
    assert index.best("How long does shipping take?")[1] == 0.0  # type: ignore[index]
    assert QuestionIndex([], language="en").best("anything") is None
