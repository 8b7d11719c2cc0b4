"""TF-IDF rows for one text at a time without scikit-learn's per-call work, with identical numbers.

``TfidfVectorizer.transform`` validates its input and builds sparse matrices on every call, which for one
short message costs more than the arithmetic. ``FastFeatures`` reads the fitted vocabularies and idf once and
computes the same n-grams, sublinear tf, idf and l2 norm (tests/classifiers/test_fast_path.py compares them).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

from . import familiar

_MAX_CACHED_WORDS = 50_000  # distinct words whose character n-grams are remembered (a few MB at most)


@dataclass(frozen=True)
class _Block:
    """One fitted TF-IDF vectorizer of the union, as plain data (see ``FastFeatures``)."""

    kind: str  # "word" or "char_wb"
    preprocess: Callable[[str], str]
    tokenize: Callable[[str], list[str]] | None  # word blocks only
    ngram_range: tuple[int, int]
    vocabulary: dict[str, int]
    idf: np.ndarray
    sublinear: bool
    weight: float  # the union's transformer weight
    offset: int  # first column of this block in the union
    cache: dict[str, np.ndarray] = field(default_factory=dict, compare=False)  # char_wb: word -> columns


def tfidf_block(name: str, vec: TfidfVectorizer, weight: float) -> _Block:
    """A vectorizer's fitted numbers, after checking it is one ``FastFeatures`` reproduces exactly."""
    if not (vec.norm == "l2" and vec.use_idf):
        raise ValueError(f"{name}: the fast transform expects l2-normalised TF-IDF of words or char_wb n-grams")
    return count_block(name, vec, vec.idf_, bool(vec.sublinear_tf), weight)


def count_block(name: str, vec: CountVectorizer, idf: Any, sublinear: bool, weight: float = 1.0) -> _Block:
    """A block for ``FastFeatures`` from a fitted ``CountVectorizer`` (or ``TfidfVectorizer``) and an idf.

    The row is l2-normalised (times ``weight``), as ``TfidfVectorizer(norm="l2")`` does; ValueError when
    ``vec`` counts something ``FastFeatures`` does not reproduce exactly (stop words, binary counts,
    analyzers other than words and char_wb, input other than the text itself).
    """
    plain = not vec.binary and vec.input == "content"
    if vec.analyzer == "word":
        plain = plain and vec.get_stop_words() is None
    elif vec.analyzer != "char_wb":
        plain = False
    if not plain:
        raise ValueError(f"{name}: the fast transform expects counts of words or char_wb n-grams")
    return _Block(
        kind=str(vec.analyzer),
        preprocess=vec.build_preprocessor(),
        tokenize=vec.build_tokenizer() if vec.analyzer == "word" else None,
        ngram_range=tuple(vec.ngram_range),
        vocabulary=vec.vocabulary_,
        idf=np.asarray(idf, dtype=float),
        sublinear=sublinear,
        weight=float(weight),
        offset=0,
    )


class FastFeatures:
    """``TriageModel.features.transform`` for one text at a time, in plain Python and numpy (also the intent
    model's and the question index's TF-IDF: ``count_block`` makes a block of any fitted vectorizer).

    The same numbers as scikit-learn (tests compare every seed row): the same preprocessor, tokenizer
    and n-grams, counts, sublinear tf, idf, l2 norm and block weight. What makes it cheaper, for one
    message, is what scikit-learn does per call and not per text: input validation, building sparse
    matrices per block and stacking them. Character n-grams are counted per distinct word (a word's
    n-grams never cross a space), and the columns of a word's n-grams are remembered between calls.
    The memo is the only state that changes; dict reads and writes are atomic, so sharing one
    ``FastFeatures`` between threads is safe.
    """

    def __init__(self, blocks: tuple[_Block, ...], familiar_block: int | None = None) -> None:
        offset = 0
        placed = []
        for b in blocks:
            placed.append(_Block(**{**b.__dict__, "offset": offset, "cache": {}}))
            offset += len(b.idf)
        self.blocks = tuple(placed)
        self.n_features = offset
        # the "words" block: its tokens and vocabulary give familiarity (None: familiarity is not wanted, 0.0)
        self.familiar_block = familiar_block

    def row(self, text: str) -> tuple[np.ndarray, np.ndarray, float]:
        """Sorted column indices and TF-IDF values of ``text``'s feature row, and its familiarity.

        Familiarity (see familiar.py) uses the word block's tokens, which this computes anyway.
        """
        cols_parts, vals_parts = [], []
        known = 0.0
        for i, b in enumerate(self.blocks):
            doc = b.preprocess(text)
            if b.kind == "char_wb":
                cols, counts = _char_wb_counts(b, doc)
            else:
                assert b.tokenize is not None
                tokens = b.tokenize(doc)
                if i == self.familiar_block:
                    known = familiar.familiarity(set(tokens), b.vocabulary)
                cols, counts = _word_counts(b, tokens)
            if not len(cols):
                continue
            tf = 1.0 + np.log(counts) if b.sublinear else counts
            data = tf * b.idf[cols]
            norm = float(np.sqrt(np.dot(data, data)))
            cols_parts.append(cols + b.offset)
            vals_parts.append(data * (b.weight / (norm or 1.0)))
        if not cols_parts:
            return np.zeros(0, dtype=np.int64), np.zeros(0), known
        return np.concatenate(cols_parts), np.concatenate(vals_parts), known


def _columns(ids: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """Distinct columns (sorted) and how often each occurs."""
    cols, counts = np.unique(np.asarray(ids, dtype=np.int64), return_counts=True)
    return cols, counts.astype(np.float64)


def _word_counts(b: _Block, tokens: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """scikit-learn's ``_word_ngrams`` (no stop words), counted by vocabulary column."""
    lo, hi = b.ngram_range
    get = b.vocabulary.get
    ids: list[int] = []
    for n in range(lo, min(hi, len(tokens)) + 1):
        grams = tokens if n == 1 else (" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1))
        ids.extend(j for j in map(get, grams) if j is not None)
    return _columns(ids)


def _char_wb_counts(b: _Block, doc: str) -> tuple[np.ndarray, np.ndarray]:
    """scikit-learn's ``_char_wb_ngrams``, counted by vocabulary column, one distinct word at a time.

    scikit-learn first replaces runs of white space by one space; ``str.split`` splits on the same
    characters (both use ``Py_UNICODE_ISSPACE``), so that step changes nothing here.
    """
    cache = b.cache
    parts, reps = [], []
    for word, n in Counter(doc.split()).items():
        cols = cache.get(word)
        if cols is None:
            cols = np.asarray(
                [j for j in map(b.vocabulary.get, _wb_ngrams(word, *b.ngram_range)) if j is not None], dtype=np.int64
            )
            if len(cache) >= _MAX_CACHED_WORDS:
                cache.clear()
            cache[word] = cols
        if len(cols):
            parts.append(cols)
            reps.append(n)
    if not parts:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    ids = np.concatenate(parts)
    weights = np.repeat(np.asarray(reps, dtype=np.float64), [len(p) for p in parts])
    cols, inverse = np.unique(ids, return_inverse=True)
    return cols, np.bincount(inverse, weights=weights, minlength=len(cols))


def _wb_ngrams(word: str, min_n: int, max_n: int) -> list[str]:
    """The character n-grams of one word padded with spaces, exactly as ``_char_wb_ngrams`` makes them."""
    w = " " + word + " "
    w_len = len(w)
    out = []
    for n in range(min_n, max_n + 1):
        offset = 0
        out.append(w[offset : offset + n])
        while offset + n < w_len:
            offset += 1
            out.append(w[offset : offset + n])
        if offset == 0:  # a short word (w_len < n) counts once
            break
    return out
