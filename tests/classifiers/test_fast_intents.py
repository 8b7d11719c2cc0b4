"""The intent model's and the question index's fast paths give what scikit-learn gives.

``IntentModel.match`` and ``QuestionIndex.similarities`` build one text's TF-IDF row with
``model.FastFeatures`` instead of ``TfidfVectorizer.transform``. Here the plain path is written out with
scikit-learn (``TfidfVectorizer`` with the model's vocabulary and idf, ``LinearSVC.decision_function``,
sparse products) and both are compared on the starter library (config/playbooks/: its examples and known
questions) and the seed corpus: the same intents, candidates, runners-up and reasons, scores to 1e-9.
"""

from __future__ import annotations

import csv
import functools
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from classifiers.default import SEED
from classifiers.intent_cache import fit_cached
from classifiers.intents import NONE, IntentModel, IntentPrediction, intent_text, type_of
from classifiers.questions import QuestionIndex
from pipeline.plan.playbooks import LANGUAGES, Library, load_playbooks

ROOT = Path(__file__).resolve().parents[2]
# Text built to trip a re-implementation: odd white space, case mappings that change length, short words.
ODD_TEXTS = [
    "",
    " \n\t ",
    "a",
    "ab cd e?",
    "Invoice\u00a04711\u2003charged\u3000twice\x1c\x1d\x1e\x1fagain\x85now",
    "İSTANBUL İstanbul ΟΔΟΣ ΟΔΟΣ. Straße STRASSE ﬁle ǅ",
    "Rechnung  doppelt\r\n\r\nabgebucht!!  Bitte   erstatten.",
    "emoji 🙂🙂 test \U0001f600x CJK 請求書が二重に",
    "x" * 50 + " " + "invoice " * 40,
]


@functools.cache
def library() -> Library:
    return load_playbooks(ROOT / "config" / "playbooks", LANGUAGES)


@functools.cache
def starter_model() -> IntentModel:
    texts, labels = library().training_data()
    return fit_cached(texts, labels)


@functools.cache
def seed_rows() -> tuple[tuple[str, str, str, str], ...]:
    """(subject, body, type, language) of every seed row."""
    with SEED.open(encoding="utf-8", newline="") as f:
        return tuple((r["subject"], r["body"], r["type"], r.get("language", "")) for r in csv.DictReader(f))


def _texts() -> list[str]:
    texts, _ = library().training_data()
    questions = [q for p in library().playbooks for a in p.answers for qs in a.questions.values() for q in qs]
    seed = [intent_text(subject, body) for subject, body, _, _ in seed_rows()]
    return seed + list(texts) + questions + ODD_TEXTS


def _reference_rows(model: IntentModel, texts: list[str]) -> Any:
    """Feature rows by scikit-learn: a ``TfidfVectorizer`` per block with the model's vocabulary and idf."""
    blocks = []
    for vec, idf in zip(model.features_.vectorizers, model.features_.idf, strict=True):
        reference = TfidfVectorizer(vocabulary=vec.vocabulary_, ngram_range=vec.ngram_range,
                                    analyzer=vec.analyzer, sublinear_tf=True)  # fmt: skip
        reference.fit(["x"])  # the vocabulary is given; the idf is replaced by the model's below
        reference.idf_ = idf
        blocks.append(reference.transform(texts))
    from scipy import sparse

    return sparse.hstack(blocks, format="csr")


def _reference_match(model: IntentModel, text: str, scores: np.ndarray, type_hint: str | None, restrict: bool,
                     row: Any) -> IntentPrediction:  # fmt: skip
    """``IntentModel.match`` as written before the fast path, from scikit-learn's decision scores."""
    classes = model.classes_
    if type_hint:
        other = np.array([c != NONE and type_of(c) != type_hint for c in classes])
        scores = np.where(other, -np.inf if restrict else scores - model.type_penalty, scores)
    intents = [i for i, c in enumerate(classes) if c != NONE and np.isfinite(scores[i])]
    if not intents:
        return IntentPrediction(None, 0.0, None, None, f"no intent of type {type_hint}")
    top, margin, best_col = model._best_intent(scores[None, :])
    best = int(best_col[0])
    conf = float(model.confidence(top, margin)[0])
    ranked = [i for i in np.argsort(-scores) if i != best and np.isfinite(scores[i])]
    runner = next((str(classes[i]) for i in ranked if classes[i] != NONE), None)
    label = str(classes[best])
    cut = model.threshold_
    row = row.copy()
    row.sort_indices()
    terms = model._terms(row.indices, row.data, best)
    because = f" ({', '.join(terms)})" if terms else ""
    if ranked and classes[ranked[0]] == NONE and margin[0] < 0:
        why = f"reads like generic mail, not a playbook: best {label} {conf:.2f}{because}"
        return IntentPrediction(None, conf, label, runner, why)
    if conf < cut:
        why = f"no intent sure enough: best {label} {conf:.2f} < {cut:.2f}{because}, runner-up {runner}"
        return IntentPrediction(None, conf, label, runner, why)
    return IntentPrediction(label, conf, label, runner, f"{label} {conf:.2f}{because}, runner-up {runner}")


def _same(fast: IntentPrediction, plain: IntentPrediction) -> bool:
    return (fast.intent, fast.candidate, fast.runner_up) == (plain.intent, plain.candidate, plain.runner_up) and abs(
        fast.confidence - plain.confidence
    ) < 1e-9


_NUMBERS = re.compile(r"\d\.\d\d")


def test_fast_rows_equal_scikit_learn_tfidf() -> None:
    model = starter_model()
    texts = _texts()
    reference = _reference_rows(model, texts)
    assert abs(model.features_.transform(texts) - reference).max() < 1e-12
    for text in [*texts[:: max(1, len(texts) // 300)], *ODD_TEXTS]:
        cols, vals = model.features_.row(text)
        ref = _reference_rows(model, [text])
        ref.sort_indices()
        assert np.array_equal(cols, ref.indices), text[:60]
        np.testing.assert_allclose(vals, ref.data, rtol=0, atol=1e-12)
        plain_cols, plain_vals = model.features_.row_reference(text)
        order = np.argsort(plain_cols)
        assert np.array_equal(cols, plain_cols[order]) and np.allclose(vals, plain_vals[order], rtol=0, atol=1e-12)


def test_fast_match_equals_scikit_learn_on_the_starter_library_and_seed_corpus() -> None:
    model = starter_model()
    texts = _texts()
    hints: list[list[str | None]] = [[None] for _ in texts]
    types = sorted({type_of(str(c)) for c in model.classes_ if c != NONE})
    for k, (_, _, label, _) in enumerate(seed_rows()):
        hints[k] += [label, next(t for t in types if t != label)]
    for k in range(len(seed_rows()), len(texts)):
        hints[k] += [types[k % len(types)]]
    rows = _reference_rows(model, texts)
    decision = np.asarray(model.svm_.decision_function(rows), dtype=float)
    assert decision.ndim == 2  # the starter library has many intents
    compared = 0
    for k, text in enumerate(texts):
        for hint in hints[k]:
            for restrict in (False, True) if hint else (False,):
                fast = model.match(text, type_hint=hint, restrict=restrict)
                plain = _reference_match(model, text, decision[k], hint, restrict, rows[k])
                assert _same(fast, plain), (text[:80], hint, restrict, fast, plain)
                # the reason quotes the confidence rounded; a float-rounding difference never shows in it
                assert fast.why == plain.why, (text[:80], hint, restrict)
                compared += 1
    assert compared > 3 * len(seed_rows())


def _reference_similarities(index: QuestionIndex, questions: list[str]) -> np.ndarray:
    """``QuestionIndex.similarities`` for many questions at once, by scikit-learn: (questions, known)."""
    words = (index.word_rows @ index.word.transform(questions).T).toarray().T
    chars = (index.char_rows @ index.char.transform(questions).T).toarray().T
    known = [set(index.tokenize(q)) - index.shape_words for q in index.questions]
    topics = [set(index.tokenize(q)) - index.shape_words for q in questions]
    shares = np.array([[bool(t & k) for k in known] for t in topics])
    return np.asarray(np.where(shares, 0.5 * words + 0.5 * chars, 0.0))


def _customer_questions(language: str) -> list[str]:
    """What customers ask, roughly: the library's known questions and examples in ``language``, and the
    first question of seed corpus messages in it."""
    out: list[str] = []
    for playbook in library().playbooks:
        out += playbook.examples.get(language, ())[::4]
        for answer in playbook.answers:
            out += answer.questions.get(language, ())
    for _, body, _, lang in seed_rows()[::3]:
        if lang == language:
            out += [s.strip() + "?" for s in body.split("?")[:-1] if s.strip()][:1]
    return out + ODD_TEXTS


@pytest.mark.parametrize("language", LANGUAGES)
def test_fast_similarities_equal_scikit_learn_for_every_starter_playbook(language: str) -> None:
    lib = library()
    background: list[str] = []
    for playbook in lib.playbooks:
        background += playbook.examples.get(language, ())
        for answer in playbook.answers:
            background += answer.questions.get(language, ())
    questions = _customer_questions(language)
    checked = 0
    for playbook in lib.playbooks:
        pairs = [(a.id, q) for a in playbook.answers for q in a.questions.get(language, ())]
        if not pairs:
            continue
        index = QuestionIndex(pairs, background, language)  # as IntentMatcher builds it
        plain = _reference_similarities(index, questions)
        fast = np.array([index.similarities(q) for q in questions])
        np.testing.assert_allclose(fast, plain, rtol=0, atol=1e-9)
        for k, question in enumerate(questions):
            best = index.best(question)
            assert best is not None
            order = np.argsort(-plain[k])
            top = int(order[0])
            other = next((float(plain[k][i]) for i in order if index.ids[i] != index.ids[top]), 0.0)
            assert (best[0], best[3]) == (index.ids[top], index.questions[top]), question
            assert abs(best[1] - plain[k][top]) < 1e-9 and abs(best[2] - other) < 1e-9
            checked += 1
        for question in questions[:: max(1, len(questions) // 5)]:
            np.testing.assert_allclose(
                index.similarities(question), index.similarities_reference(question), rtol=0, atol=1e-9
            )
    assert checked > 3000


def test_an_index_without_questions_answers_nothing_on_both_paths() -> None:
    index = QuestionIndex([], ["how long does it take?"], "en")
    assert index.similarities("how long?").shape == index.similarities_reference("how long?").shape == (0,)
    assert index.best("how long?") is None


def test_fast_state_is_not_pickled() -> None:
    import pickle

    model = starter_model()
    model.match("charged twice")
    state = model.features_.__getstate__()
    assert "_fast" not in state and "_type_masks" not in model.__getstate__()
    again = pickle.loads(pickle.dumps(model))
    assert again.match("we were charged twice") == model.match("we were charged twice")
