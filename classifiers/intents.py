"""Intents below the type: which playbook a message is about, with a calibrated confidence and an honest "none".

``IntentModel`` learns from short texts and labels "<type>.<name>" (the playbooks' examples today; any
texts and labels later, e.g. agents' labelled mail: ``fit`` takes both as plain sequences). The part of
a label before the first dot is its type, which ``match(type_hint=...)`` uses. Generic support mail
(``intent_none``) is added as the class ``NONE``, so "fits no playbook" is learned, not only guessed.

Confidence is calibrated on out-of-fold predictions: a small logistic fit of "was the top intent right?"
on the SVM's top score and its margin over the runner-up. ``threshold_`` is the lowest confidence at
which the pooled out-of-fold matches (the NONE class's sentences included: any intent found for them is
wrong) are right at least ``target_precision`` of the time, never below ``min_threshold``.

``questions.QuestionIndex`` matches a customer's question to a playbook's ``[[answers]]``.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.svm import LinearSVC

from .fast_features import FastFeatures, count_block
from .intent_none import NONE_EXAMPLES
from .types import TrainingDataError

NONE = "none"  # the label of generic mail; never returned as an intent
MAX_CHARS = 1000  # subject + the start of the body: customers name their matter early


def intent_text(subject: str, body: str) -> str:
    """The one string the intent model reads for a message (a subject's "Re:" / "AW:" / "Fwd:" says nothing of it)."""
    subject = _REPLY_PREFIX.sub("", " ".join(subject.split()))
    return (subject + "\n" + " ".join(body.split()))[:MAX_CHARS]


_REPLY_PREFIX = re.compile(r"^(?:(?:re|aw|fwd?|wg|tr|sv|antw)\s*(?:\[\d+\])?\s*:\s*)+", re.IGNORECASE)


def type_of(label: str) -> str:
    return label.split(".", 1)[0] if "." in label else ""


@dataclass(frozen=True, slots=True)
class IntentPrediction:
    intent: str | None  # None: no intent is sure enough ("none of these")
    confidence: float  # calibrated probability that ``candidate`` is right
    candidate: str | None  # the best intent even when refused, for the agent
    runner_up: str | None
    why: str


# Chosen by 5-fold cross-validation on the starter library (30 intents, ~850 examples, three seeds): words
# alone beat word 1-2-grams (top-1 0.73 vs 0.70; bigrams of six-example intents are mostly unique), char_wb
# 2-5 beat 1-4, 3-6 and plain char; C 1.0 beat 0.1-0.5 (3.0 no better).
_WORD: dict[str, Any] = {"ngram_range": (1, 1)}
_CHAR: dict[str, Any] = {"analyzer": "char_wb", "ngram_range": (2, 5)}


def _idf(counts: Any) -> np.ndarray:
    """``TfidfVectorizer``'s smooth idf; 0 for an n-gram no row has (so it weighs nothing)."""
    df = np.asarray((counts > 0).sum(axis=0)).ravel()
    return np.where(df > 0, np.log((1 + counts.shape[0]) / (1 + df)) + 1.0, 0.0)


def _tfidf(counts: Any, idf: np.ndarray) -> Any:
    m = counts.astype(float).tocsr()
    m.data = 1.0 + np.log(m.data)
    m = m @ sparse.diags(idf)
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.diags(1.0 / norms) @ m


def _fold_tfidf(raw: list[Any], train: np.ndarray, test: np.ndarray) -> tuple[Any, Any]:
    """Training and test rows of each count block, weighed exactly as ``TfidfVectorizer(sublinear_tf=True)``
    fitted on the training rows alone would: smooth idf, 1 + log(tf), l2 per block."""
    out_train, out_test = [], []
    for counts in raw:
        idf = _idf(counts[train])
        out_train.append(_tfidf(counts[train], idf))
        out_test.append(_tfidf(counts[test], idf))
    return sparse.hstack(out_train, format="csr"), sparse.hstack(out_test, format="csr")


class _Features:
    """Words and char_wb 2-5-grams (robust to German compounds, French accents and typos), TF-IDF
    with sublinear tf, l2 per block: the arithmetic of ``TfidfVectorizer``, over counts made once.

    ``row`` repeats it for one text with ``model.FastFeatures`` (plain numpy, each word's char n-gram
    columns remembered): scikit-learn's per-call checks and sparse matrix building, and re-counting the
    n-grams of words seen before, cost more than the maths for one message. ``row_reference`` is the
    plain count of the analyzer's n-grams; tests compare both with ``TfidfVectorizer``.
    """

    def __init__(self, raw: list[Any], vectorizers: list[CountVectorizer]) -> None:
        self.vectorizers = vectorizers
        self.idf = [_idf(counts) for counts in raw]

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "_fast"}  # rebuilt on first use: holds closures

    def fast(self) -> FastFeatures:
        """The blocks as ``FastFeatures`` (built once; sharing it between threads is safe)."""
        fast = self.__dict__.get("_fast")
        if fast is None:
            blocks = tuple(
                count_block(f"intents block {i}", vec, idf, sublinear=True)
                for i, (vec, idf) in enumerate(zip(self.vectorizers, self.idf, strict=True))
            )
            fast = self._fast = FastFeatures(blocks)
        return fast

    def row(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """One text's non-zero feature columns (sorted) and values."""
        cols, vals, _ = self.fast().row(text)
        return cols, vals

    def row_reference(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """``row`` counted with scikit-learn's analyzers (columns in first-seen order)."""
        cols_out, vals_out, offset = [], [], 0
        for vec, idf in zip(self.vectorizers, self.idf, strict=True):
            vocabulary = vec.vocabulary_
            counts = Counter(t for t in vec.build_analyzer()(text) if t in vocabulary)
            cols = np.fromiter((vocabulary[t] for t in counts), dtype=np.int64, count=len(counts))
            vals = (1.0 + np.log(np.fromiter(counts.values(), dtype=float, count=len(counts)))) * idf[cols]
            norm = float(np.sqrt(vals @ vals)) or 1.0
            cols_out.append(cols + offset)
            vals_out.append(vals / norm)
            offset += len(idf)
        return np.concatenate(cols_out), np.concatenate(vals_out)

    def transform(self, texts: Sequence[str]) -> Any:
        rows = [self.row(t) for t in texts]
        indptr = np.cumsum([0] + [len(c) for c, _ in rows])
        cols = np.concatenate([c for c, _ in rows]) if rows else np.zeros(0, dtype=np.int64)
        vals = np.concatenate([v for _, v in rows]) if rows else np.zeros(0)
        return sparse.csr_matrix((vals, cols, indptr), shape=(len(texts), sum(len(i) for i in self.idf)))

    @property
    def n_words(self) -> int:
        return len(self.idf[0])

    @functools.cached_property
    def word_names(self) -> np.ndarray:
        return self.vectorizers[0].get_feature_names_out()


class IntentModel(ClassifierMixin, BaseEstimator):
    """Intent classifier with calibrated confidence and a "none of these" threshold.

    Hyperparameters (stored unchanged, validated in ``fit``): ``C`` of the class-balanced LinearSVC;
    ``cv`` stratified folds for calibration and the threshold; ``target_precision`` the share of matches
    above the threshold that must be right out of fold; ``min_threshold`` the floor (a match is at least
    even odds); ``type_penalty`` subtracted from the scores of intents whose type disagrees with
    ``type_hint``; ``add_none`` adds the generic NONE sentences to the training data.
    """

    def __init__(self, C: float = 1.0, cv: int = 5, target_precision: float = 0.9, min_threshold: float = 0.5,
                 type_penalty: float = 0.3, add_none: bool = True, tol: float = 1e-3, random_state: int = 0,
                 ) -> None:  # fmt: skip
        self.C = C
        self.cv = cv
        self.target_precision = target_precision
        self.min_threshold = min_threshold
        self.type_penalty = type_penalty
        self.add_none = add_none
        self.tol = tol
        self.random_state = random_state

    # --- training ------------------------------------------------------------------------------------

    def fit(self, X: Sequence[str], y: Sequence[str]) -> IntentModel:
        """Fit on texts ``X`` and labels ``y``; raises TrainingDataError on unusable data."""
        if not 0 < self.target_precision <= 1 or not 0 <= self.min_threshold <= 1 or int(self.cv) < 2:
            raise ValueError("target_precision in (0, 1], min_threshold in [0, 1] and cv >= 2, please")
        texts, labels = [str(t) for t in X], [str(v) for v in y]
        if len(texts) != len(labels):
            raise TrainingDataError(f"{len(texts)} texts but {len(labels)} labels")
        if NONE in labels:
            raise TrainingDataError(f"the label {NONE!r} is reserved for generic mail")
        if self.add_none:
            for sentences in NONE_EXAMPLES.values():
                texts += sentences
                labels += [NONE] * len(sentences)
        counts = Counter(labels)
        if len(counts) < 2:
            raise TrainingDataError("need at least two labels to tell apart")
        folds = min(int(self.cv), min(counts.values()))
        if folds < 2:
            rare = min(counts, key=lambda k: counts[k])
            raise TrainingDataError(f"label {rare!r} has {counts[rare]} example(s); need at least 2")
        y_arr = np.asarray(labels)
        oof = np.zeros((len(texts), len(counts)))
        # Count n-grams once; each fold then weighs them as a TfidfVectorizer fitted on its training rows would
        # (n-grams unseen there dropped, idf from those rows), which is 5x less tokenising.
        vectorizers = [CountVectorizer(**_WORD), CountVectorizer(**_CHAR)]
        raw = [vec.fit_transform(texts) for vec in vectorizers]
        splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=self.random_state)
        for train, test in splitter.split(texts, y_arr):
            X_train, X_test = _fold_tfidf(raw, train, test)
            svm = self._svm().fit(X_train, y_arr[train])
            # a fold may lack a rare label: place each column under its class
            cols = np.searchsorted(np.unique(y_arr), svm.classes_)
            oof[np.ix_(test, cols)] = self._scores(svm, X_test)
            oof[np.ix_(test, np.setdiff1d(np.arange(len(counts)), cols))] = -10.0
        self.features_ = _Features(raw, vectorizers)
        everything = sparse.hstack([_tfidf(c, i) for c, i in zip(raw, self.features_.idf, strict=True)], format="csr")
        self.svm_ = self._svm().fit(everything, y_arr)
        self.classes_ = self.svm_.classes_
        self.n_folds_ = folds
        self._calibrate(oof, y_arr, texts)
        self._fast_cache: tuple[np.ndarray, np.ndarray] | None = None
        return self

    def _svm(self) -> LinearSVC:
        return LinearSVC(C=self.C, class_weight="balanced", tol=self.tol, max_iter=5000, random_state=self.random_state)

    @staticmethod
    def _scores(svm: LinearSVC, X: Any) -> np.ndarray:
        s = np.asarray(svm.decision_function(X), dtype=float)
        return np.column_stack([-s, s]) if s.ndim == 1 else s

    def _calibrate(self, oof: np.ndarray, y: np.ndarray, texts: list[str]) -> None:
        """Fit the confidence on every out-of-fold row, NONE rows included: for them any intent is wrong,
        which teaches the calibrator what weak evidence looks like."""
        classes = np.asarray(self.classes_)
        top, margin, best = self._best_intent(oof)
        guess = classes[best]
        right = guess == y
        feats = np.column_stack([top, margin])
        self.calibrator_: LogisticRegression | None = None
        if len(set(right.tolist())) == 2:
            self.calibrator_ = LogisticRegression(C=1.0).fit(feats, right)
        self.base_rate_ = float((right.sum() + 1) / (len(right) + 2))
        conf = self.confidence(top, margin)
        self.threshold_ = _threshold(conf, right, self.target_precision, self.min_threshold)
        real = y != NONE
        above = conf >= self.threshold_
        predicted = np.where(above, guess, NONE)
        self.cv_accuracy_ = float((predicted == y)[real].mean()) if real.any() else 0.0
        self.cv_top1_accuracy_ = float(right[real].mean()) if real.any() else 0.0
        self.cv_examples_ = int(real.sum())
        self.cv_coverage_ = float(above[real].mean()) if real.any() else 0.0
        self.cv_precision_ = float(right[above].mean()) if above.any() else float("nan")
        self.cv_none_refused_ = float(1.0 - above[~real].mean()) if (~real).any() else float("nan")
        pairs: Counter[tuple[str, str]] = Counter()
        for truth, g in zip(y[real & ~right], guess[real & ~right], strict=True):
            pairs[(min(truth, g), max(truth, g))] += 1
        self.cv_confused_ = tuple(pairs.most_common())
        self.cv_misclassified_ = tuple((texts[i], str(y[i]), str(guess[i])) for i in np.flatnonzero(real & ~right))

    def _best_intent(self, scores: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per row: the best intent's score, its margin over every other column (NONE included: negative
        when generic mail fits better) and its column."""
        is_none = np.asarray(self.classes_) == NONE
        intents = np.where(is_none, -np.inf, scores)
        best = intents.argmax(axis=1)
        rows = np.arange(len(scores))
        top = scores[rows, best]
        others = scores.copy()
        others[rows, best] = -np.inf
        second = others.max(axis=1)
        margin = np.where(np.isfinite(second), top - second, 10.0)
        return top, margin, best

    # --- prediction ----------------------------------------------------------------------------------

    def decision_function(self, X: Sequence[str]) -> np.ndarray:
        coef, intercept = self._fast()
        return np.asarray(self.features_.transform(list(X)) @ coef) + intercept

    def predict(self, X: Sequence[str]) -> np.ndarray:
        """The intent per text, or ``NONE`` when none is sure enough."""
        return np.array([m.intent or NONE for m in (self.match(t) for t in X)])

    def confidence(self, top: np.ndarray, margin: np.ndarray) -> np.ndarray:
        """Calibrated probability that the top intent is right, from its score and margin."""
        if self.calibrator_ is None:
            return np.full(len(top), self.base_rate_)
        z = self.calibrator_.coef_[0, 0] * top + self.calibrator_.coef_[0, 1] * margin + self.calibrator_.intercept_[0]
        return np.asarray(1.0 / (1.0 + np.exp(-z)))

    def match(self, text: str, type_hint: str | None = None, restrict: bool = False,
              threshold: float | None = None) -> IntentPrediction:  # fmt: skip
        """The best intent for ``text``, or ``intent=None`` with the reason.

        ``type_hint`` (the type classifier's label) lowers the scores of intents of another type by
        ``type_penalty``; with ``restrict`` they are not considered at all. ``threshold`` overrides
        ``threshold_`` (the config's ``min_confidence``).
        """
        cols, vals = self.features_.row(text)
        coef, intercept = self._fast()
        scores = vals @ coef[cols] + intercept
        classes = self.classes_
        if type_hint:
            other = self._other_type(type_hint)
            scores = np.where(other, -np.inf if restrict else scores - self.type_penalty, scores)
        finite = np.isfinite(scores)
        is_none = self._other_type(None)
        if not (finite & ~is_none).any():
            return IntentPrediction(None, 0.0, None, None, f"no intent of type {type_hint}")
        top, margin, best_col = self._best_intent(scores[None, :])
        best = int(best_col[0])
        conf = float(self.confidence(top, margin)[0])
        ranked = [i for i in np.argsort(-scores).tolist() if i != best and finite[i]]
        runner = next((str(classes[i]) for i in ranked if not is_none[i]), None)
        label = str(classes[best])
        cut = self.threshold_ if threshold is None else threshold
        terms = self._terms(cols, vals, best)
        because = f" ({', '.join(terms)})" if terms else ""
        if ranked and is_none[ranked[0]] and margin[0] < 0:
            why = f"reads like generic mail, not a playbook: best {label} {conf:.2f}{because}"
            return IntentPrediction(None, conf, label, runner, why)
        if conf < cut:
            why = f"no intent sure enough: best {label} {conf:.2f} < {cut:.2f}{because}, runner-up {runner}"
            return IntentPrediction(None, conf, label, runner, why)
        return IntentPrediction(label, conf, label, runner, f"{label} {conf:.2f}{because}, runner-up {runner}")

    def _other_type(self, type_hint: str | None) -> np.ndarray:
        """Per class: an intent of another type than ``type_hint``; with None, the NONE class (built once per hint)."""
        masks = self.__dict__.setdefault("_type_masks", {})
        mask = masks.get(type_hint)
        if mask is None:
            classes = [str(c) for c in self.classes_]
            if type_hint is None:
                mask = np.array([c == NONE for c in classes], dtype=bool)
            else:
                mask = np.array([c != NONE and type_of(c) != type_hint for c in classes], dtype=bool)
            masks[type_hint] = mask
        return mask

    def _fast(self) -> tuple[np.ndarray, np.ndarray]:
        cache = getattr(self, "_fast_cache", None)
        if cache is None:
            coef = np.asarray(self.svm_.coef_, dtype=float)
            intercept = np.asarray(self.svm_.intercept_, dtype=float)
            if coef.shape[0] == 1:  # two classes: LinearSVC keeps one row, for the second class
                coef, intercept = np.vstack([-coef, coef]), np.concatenate([-intercept, intercept])
            cache = self._fast_cache = (coef.T.copy(), intercept)
        return cache

    def _terms(self, cols: np.ndarray, vals: np.ndarray, label_index: int, k: int = 3) -> tuple[str, ...]:
        """The words that pushed hardest towards the label (word features come first; char n-grams read badly)."""
        coef, _ = self._fast()
        words = cols < self.features_.n_words
        contrib = vals[words] * coef[cols[words], label_index]
        names = self.features_.word_names
        return tuple(str(names[cols[words][i]]) for i in np.argsort(-contrib)[:k] if contrib[i] > 0)

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k not in ("_fast_cache", "_type_masks")}


def _threshold(conf: np.ndarray, right: np.ndarray, target: float, floor: float) -> float:
    """Lowest confidence at which the matches above it are right at least ``target`` of the time."""
    if not len(conf):
        return 1.01
    order = np.argsort(-conf)
    precision = np.cumsum(right[order]) / np.arange(1, len(order) + 1)
    ok = np.flatnonzero(precision >= target)
    if not len(ok):
        return 1.01  # nothing reaches the target: never match
    return max(floor, float(conf[order][ok[-1]]))
