"""Which known question a customer's question asks, for the playbooks' ``[[answers]]``: TF-IDF cosine."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from .fast_features import FastFeatures, tfidf_block
from .intent_none import QUESTION_SHAPES


class QuestionSpace:
    """The TF-IDF weights (word and char_wb 2-4-grams, fitted on ``corpus`` and ``QUESTION_SHAPES``) and the shape
    words of one language, which every ``QuestionIndex`` of a playbook library in that language can share: fitting
    them is most of an index's cost, and the library's text is the same for all of them."""

    def __init__(self, corpus: Sequence[str], language: str = "") -> None:
        corpus = [*corpus, *QUESTION_SHAPES.get(language, ())]
        self.word = TfidfVectorizer(sublinear_tf=True).fit(corpus)
        self.char = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True).fit(corpus)
        self.tokenize = self.word.build_analyzer()
        shapes = Counter(w for q in QUESTION_SHAPES.get(language, ()) for w in set(self.tokenize(q)))
        self.shape_words = frozenset(w for w, n in shapes.items() if n >= 2)
        self.features = FastFeatures((tfidf_block("word", self.word, 1.0), tfidf_block("char", self.char, 1.0)))


class QuestionIndex:
    """The answer whose known questions are closest to a customer's question.

    Similarity is the mean of word and char_wb 2-4-gram TF-IDF cosines; IDF is fitted on the questions,
    ``background`` text of the same language and ``QUESTION_SHAPES`` (questions on other topics in the usual
    shapes), so the words every question shares ("how long", "can we") weigh little and the topic much.
    A known question only counts when it shares a topic word with the customer's: a word that is not a
    *shape word* (one found in two or more ``QUESTION_SHAPES`` questions, e.g. "how", "long", "does", "take").
    Without that, "how long does shipping take?" scores 0.66 against "how long does the refund take?",
    above most true paraphrases. An answer's score is its best question's.
    """

    def __init__(
        self,
        questions: Sequence[tuple[str, str]],
        background: Sequence[str] = (),
        language: str = "",
        space: QuestionSpace | None = None,
    ) -> None:
        self.ids = [answer_id for answer_id, _ in questions]
        self.questions = [q for _, q in questions]
        # (a library's indexes share one space per language: ``background`` holds their questions already)
        space = space or QuestionSpace([*self.questions, *background], language)
        self.word, self.char = space.word, space.char
        known = self.questions or [""]  # an index without questions answers nothing (see best)
        self.word_rows, self.char_rows = self.word.transform(known), self.char.transform(known)
        self.tokenize = space.tokenize
        self.shape_words = space.shape_words
        self._fast = _FastIndex(self, space.features)

    def _topic_words(self, text: str) -> set[str]:
        return set(self.tokenize(text)) - self.shape_words

    def similarities(self, question: str) -> np.ndarray:
        """Similarity of ``question`` to each known question, 0..1 (0 without a shared topic word).

        Equal to ``similarities_reference`` up to float rounding (see ``_FastIndex``; tests compare them)."""
        return self._fast.similarities(question)

    def similarities_reference(self, question: str) -> np.ndarray:
        """``similarities`` computed by scikit-learn's ``TfidfVectorizer.transform`` and sparse products."""
        words = (self.word_rows @ self.word.transform([question]).T).toarray().ravel()
        chars = (self.char_rows @ self.char.transform([question]).T).toarray().ravel()
        topic = self._topic_words(question)
        shares = np.array([bool(topic & self._topic_words(q)) for q in self.questions])
        return np.asarray(np.where(shares, 0.5 * words + 0.5 * chars, 0.0))

    def best(self, question: str) -> tuple[str, float, float, str] | None:
        """(answer id, its score, the best other answer's score, the known question that matched), or None
        when there are no questions."""
        if not self.ids:
            return None
        sims = self.similarities(question)
        order = np.argsort(-sims)
        top = int(order[0])
        other = next((float(sims[i]) for i in order if self.ids[i] != self.ids[top]), 0.0)
        return self.ids[top], float(sims[top]), other, self.questions[top]


class _FastIndex:
    """``QuestionIndex.similarities`` for one question without scikit-learn's per-call work.

    ``TfidfVectorizer.transform`` validates its input and builds sparse matrices on every call, which
    costs more than the arithmetic for one short question. Here the question's TF-IDF row comes from
    ``model.FastFeatures`` (the same n-grams, sublinear tf, idf and l2 norm), and the known questions'
    rows are kept dense over only the columns some known question has: a question's other n-grams
    count in its norm (which ``FastFeatures`` takes over the whole row) but add nothing to a product.
    The known questions' topic words are computed once.
    """

    def __init__(self, index: QuestionIndex, features: FastFeatures) -> None:
        self.features = features
        self.n_words = len(index.word.vocabulary_)
        rows = sparse.hstack([index.word_rows, index.char_rows], format="csr")
        self.columns = np.unique(rows.indices)  # the union's columns some known question has
        self.position = np.full(self.features.n_features, -1, dtype=np.int64)
        self.position[self.columns] = np.arange(len(self.columns))
        dense = rows[:, self.columns].toarray()
        self.split = int(np.searchsorted(self.columns, self.n_words))  # word columns first, then char n-grams
        # one row per column, so a question's few columns are gathered as contiguous rows (five times faster
        # than gathering columns out of each known question's row)
        self.word_columns = np.ascontiguousarray(dense[:, : self.split].T)
        self.char_columns = np.ascontiguousarray(dense[:, self.split :].T)
        self.tokenize = index.tokenize
        self.shape_words = index.shape_words
        known_topics = [set(index.tokenize(q)) - index.shape_words for q in index.questions]
        # topic word -> the known questions holding it: a question's shares are the union of its words' rows,
        # the same booleans as testing its topic words against every known question's
        rows_of: dict[str, list[int]] = {}
        for i, topic in enumerate(known_topics):
            for word in topic:
                rows_of.setdefault(word, []).append(i)
        self.rows_of = {w: np.asarray(r, dtype=np.int64) for w, r in rows_of.items()}
        self.n_known = len(index.questions)

    def similarities(self, question: str) -> np.ndarray:
        if not self.n_known:
            return np.zeros(0)
        cols, vals, _ = self.features.row(question)
        at = self.position[cols]
        shared = at >= 0
        at, vals, cols = at[shared], vals[shared], cols[shared]
        is_word = cols < self.n_words
        words = vals[is_word] @ self.word_columns[at[is_word]]
        chars = vals[~is_word] @ self.char_columns[at[~is_word] - self.split]
        topic = set(self.tokenize(question)) - self.shape_words
        shares = np.zeros(self.n_known, dtype=bool)
        for word in topic:
            rows = self.rows_of.get(word)
            if rows is not None:
                shares[rows] = True
        return np.asarray(np.where(shares, 0.5 * words + 0.5 * chars, 0.0))
