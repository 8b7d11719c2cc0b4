"""The text model: shared TF-IDF features and one linear head per label set, with calibrated confidence.

Each head is the named scikit-learn ``Pipeline`` ``[("features", union), ("svm", LinearSVC)]``; the
features are fitted once and shared by all heads. The class-balanced ``LinearSVC`` picks the label
(a calibrated model's own top class loses macro-F1 on unbalanced data); a ``CalibratedClassifierCV``
fitted on the SVM's out-of-fold scores turns scores into probabilities, used only for confidence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.frozen import FrozenEstimator
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.svm import LinearSVC

from . import familiar
from .calibration import Thresholds, band_of
from .fast_features import FastFeatures, tfidf_block

# Bump when training builds a different model from the same data (features, heads, bands): a cached
# default model built by another recipe is rebuilt.
RECIPE = 5
MAX_TEXT = 10_000  # characters of subject + body the model reads; longer mail says it by then
SVM_C = 0.3  # chosen by grouped cross-validation on the ticket data (0.1 and 1.0 were worse)
# The subject again, as its own block: it names the matter in a few words. Weight chosen by grouped
# cross-validation on the ticket training data (type macro-F1 0.458 -> 0.463; 0.2-0.4 all help, 1.0 hurts).
SUBJECT_WEIGHT = 0.3


def model_text(subject: str, body: str) -> str:
    """The one string the model reads for a message: the subject on one line, then the body."""
    return (" ".join(subject.split()) + "\n" + body.strip())[:MAX_TEXT]


def subject_line(text: str) -> str:
    """The subject of a ``model_text`` string, lower-cased (the subject block's preprocessor)."""
    return text.split("\n", 1)[0].lower()


def make_features() -> FeatureUnion:
    """Word 1-2-grams and character 2-5-grams of the whole text (char n-grams inside word boundaries are
    robust to German compounds and typos), plus the subject's word 1-2-grams at ``SUBJECT_WEIGHT``."""
    return FeatureUnion(
        [
            ("words", TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)),
            ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True)),
            ("subject", TfidfVectorizer(preprocessor=subject_line, ngram_range=(1, 2), min_df=2, sublinear_tf=True)),
        ],
        transformer_weights={"subject": SUBJECT_WEIGHT},
    )


def make_svm() -> LinearSVC:
    return LinearSVC(C=SVM_C, class_weight="balanced", tol=1e-3, max_iter=5000, random_state=0)


def score_matrix(svm: LinearSVC, X: Any) -> np.ndarray:
    """Decision scores with one column per class, also for two classes (LinearSVC gives one)."""
    s = np.asarray(svm.decision_function(X), dtype=float)
    return np.column_stack([-s, s]) if s.ndim == 1 else s


class ScoreColumns(ClassifierMixin, BaseEstimator):
    """Passes precomputed SVM scores through, so ``CalibratedClassifierCV`` calibrates them.

    Frozen inside the calibrator: it learns nothing but the class list.
    """

    def fit(self, X: Any, y: Any) -> ScoreColumns:
        self.classes_ = np.unique(y)
        return self

    def decision_function(self, X: Any) -> np.ndarray:
        X = np.asarray(X, dtype=float)
        return X[:, 1] if X.shape[1] == 2 else X  # binary: sklearn expects the positive-class column

    def predict(self, X: Any) -> np.ndarray:
        return np.asarray(self.classes_[np.asarray(X).argmax(axis=1)])


def fit_calibrator(oof_scores: np.ndarray, y: np.ndarray) -> CalibratedClassifierCV:
    """Sigmoid calibration of out-of-fold scores (scores of the final SVM are on the same scale)."""
    frozen = FrozenEstimator(ScoreColumns().fit(oof_scores, y))
    return CalibratedClassifierCV(frozen, method="sigmoid").fit(oof_scores, y)


@dataclass
class Head:
    """One fitted head. Mutable only while ``train`` builds it; read-only once saved."""

    name: str
    pipeline: Pipeline  # ("features", shared union), ("svm", LinearSVC)
    calibrator: CalibratedClassifierCV
    thresholds: Thresholds

    @property
    def svm(self) -> LinearSVC:
        return self.pipeline.named_steps["svm"]

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(str(c) for c in self.svm.classes_)

    def predict_features(self, X: Any) -> tuple[list[str], np.ndarray, np.ndarray]:
        """Labels, their calibrated confidence and the full probability rows for feature rows ``X``."""
        scores = score_matrix(self.svm, X)
        idx = scores.argmax(axis=1)
        probs = self.calibrator.predict_proba(scores)
        labels = [str(self.svm.classes_[i]) for i in idx]
        conf = probs[np.arange(len(idx)), idx]
        return labels, conf, probs

    def band(self, label: str, confidence: float) -> str:
        return band_of(label, confidence, self.thresholds)

    def fast(self) -> FastHead:
        """The same arithmetic as ``predict_features`` without scikit-learn's per-call checks.

        scikit-learn validates its input on every call, which costs more than the maths for one
        message; the pipeline classifies one message at a time. Tests compare both paths.
        """
        cal = self.calibrator
        (inner,) = cal.calibrated_classifiers_  # FrozenEstimator: exactly one, fitted on OOF scores
        if cal.method != "sigmoid":
            raise ValueError(f"{self.name}: fast path needs sigmoid calibration, got {cal.method}")
        a = np.array([c.a_ for c in inner.calibrators], dtype=float)
        b = np.array([c.b_ for c in inner.calibrators], dtype=float)
        svm = self.svm
        return FastHead(
            labels=self.labels,
            coef=np.asarray(svm.coef_, dtype=float).T.copy(),
            intercept=np.asarray(svm.intercept_, dtype=float),
            a=a,
            b=b,
        )


@dataclass(frozen=True)
class FastHead:
    """A head's fitted numbers, applied with plain numpy (see ``Head.fast``)."""

    labels: tuple[str, ...]
    coef: np.ndarray  # (n_features, n_classes), or (n_features, 1) for two classes
    intercept: np.ndarray
    a: np.ndarray  # sigmoid calibration per class column: p = 1 / (1 + exp(a * score + b))
    b: np.ndarray

    def predict(self, X: Any) -> tuple[list[str], np.ndarray, np.ndarray]:
        return self.from_scores(np.asarray(X @ self.coef) + self.intercept)

    def from_scores(self, raw: np.ndarray) -> tuple[list[str], np.ndarray, np.ndarray]:
        """``predict`` from the SVM's raw scores ``X @ coef + intercept`` (one row per message)."""
        if raw.shape[1] == 1:  # two classes: one score, for the second label
            p1 = 1.0 / (1.0 + np.exp(self.a[0] * raw[:, 0] + self.b[0]))
            probs = np.column_stack([1.0 - p1, p1])
            idx = (raw[:, 0] > 0).astype(int)
        else:
            p = 1.0 / (1.0 + np.exp(self.a * raw + self.b))
            total = p.sum(axis=1, keepdims=True)
            probs = np.divide(p, total, out=np.full_like(p, 1.0 / p.shape[1]), where=total != 0)
            idx = raw.argmax(axis=1)
        probs[(probs > 1.0) & (probs <= 1.0 + 1e-5)] = 1.0
        return [self.labels[i] for i in idx], probs[np.arange(len(idx)), idx], probs


@dataclass
class TriageModel:
    """Everything the joblib file holds: the shared features and the fitted heads."""

    features: FeatureUnion
    heads: dict[str, Head]
    familiar_gate: float = 0.0  # below this familiarity no band is "high" (see familiar.py)
    _word_names: np.ndarray | None = field(default=None, repr=False)
    _blocks: list[FastFeatures] | None = field(default=None, repr=False)
    _tokenize: familiar.Tokenize | None = field(default=None, repr=False)

    def __getstate__(self) -> dict:
        # caches are rebuilt on first use, never saved (the tokenizer is a closure: it does not pickle)
        return {**self.__dict__, "_word_names": None, "_blocks": None, "_tokenize": None}

    def familiarity(self, texts: list[str]) -> np.ndarray:
        """Share of each text's distinct words that the word vocabulary holds (see familiar.py)."""
        words = dict(self.features.transformer_list)["words"]
        if self._tokenize is None:
            self._tokenize = familiar.tokenizer(words)
        return np.array([familiar.familiarity(self._tokenize(t), words.vocabulary_) for t in texts])

    def transform(self, texts: list[str]) -> Any:
        """Feature rows for ``texts``, equal to ``features.transform`` up to float rounding.

        Built from ``FastFeatures.row`` (scikit-learn's per-call input checks cost more than the
        arithmetic for one message); one CSR matrix, columns sorted within each row.
        """
        fast = self.fast_features()
        rows = [fast.row(t)[:2] for t in texts]
        indptr = np.zeros(len(rows) + 1, dtype=np.int64)
        indptr[1:] = np.cumsum([len(c) for c, _ in rows])
        cols = np.concatenate([c for c, _ in rows]) if rows else np.zeros(0, dtype=np.int64)
        vals = np.concatenate([v for _, v in rows]) if rows else np.zeros(0)
        return sparse.csr_matrix((vals, cols, indptr), shape=(len(texts), fast.n_features))

    def fast_features(self) -> FastFeatures:
        """The shared features applied without scikit-learn (built once, then cached; see ``FastFeatures``)."""
        if self._blocks is None:
            weights = self.features.transformer_weights or {}
            union = self.features.transformer_list
            blocks = tuple(tfidf_block(name, vec, weights.get(name, 1.0)) for name, vec in union)
            self._blocks = [FastFeatures(blocks, familiar_block=[name for name, _ in union].index("words"))]
        return self._blocks[0]

    def top_terms(self, head: str, label: str, row: Any, k: int = 3) -> tuple[str, ...]:
        """The word features in ``row`` that pushed hardest towards ``label`` (largest x * weight)."""
        row = row.tocsr()
        order = np.argsort(row.indices, kind="stable")
        return self.top_terms_of(head, label, row.indices[order], row.data[order], k)

    def top_terms_of(self, head: str, label: str, cols: np.ndarray, vals: np.ndarray, k: int = 3) -> tuple[str, ...]:
        """``top_terms`` of one row given as its sorted column indices and values (``FastFeatures.row``)."""
        h = self.heads[head]
        svm = h.svm
        classes = list(svm.classes_)
        if label not in classes:
            return ()
        coef = svm.coef_
        if coef.shape[0] == 1:  # binary: one weight row, for the second class
            weights = coef[0] if classes.index(label) == 1 else -coef[0]
        else:
            weights = coef[classes.index(label)]
        names = self._words()
        n = int(np.searchsorted(cols, len(names)))  # the union puts word features first; char n-grams read badly
        contrib = vals[:n] * weights[cols[:n]]
        order = np.argsort(-contrib, kind="stable")[:k]
        return tuple(str(names[cols[i]]) for i in order if contrib[i] > 0)

    def _words(self) -> np.ndarray:
        if self._word_names is None:
            vec = dict(self.features.transformer_list)["words"]
            self._word_names = vec.get_feature_names_out()
        return self._word_names
