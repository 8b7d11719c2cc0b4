"""Familiarity: how much of a message's wording the model has seen; below a gate no band is ``high``.

Bands are measured on mail like the training data. Mail written in other words (another trade, another
house style) gets a confidence that nothing measured: the default model, trained on our seed corpus,
knew a median 54% of the words of a ticket in the ticket dev set, while 95% of held-out seed mail had
at least 63% known, and its "high" type band on those tickets was right about half the time.

Familiarity of a message = the share of its distinct words (the word features' tokens) that the
model's word vocabulary holds. The gate = the ``QUANTILE`` quantile of the training rows' familiarity,
each measured out-of-fold (the vocabulary of the other folds, with the same min_df), so about 5% of mail
like the training data loses "high" too. Below the gate, "high" becomes "medium" and ``why`` says so.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.model_selection import GroupKFold

QUANTILE = 0.05
# The default model learnt from our own tidy writing only: "high" is kept for mail that reads like the
# bulk of it (three quarters of held-out seed mail passes), not merely like its edges.
STARTER_QUANTILE = 0.25
FOLDS = 5

Tokenize = Callable[[str], set[str]]


def tokenizer(words: TfidfVectorizer) -> Tokenize:
    """The distinct words of a text as the fitted word vectorizer sees them (its unigrams)."""
    pre, tok = words.build_preprocessor(), words.build_tokenizer()
    return lambda text: set(tok(pre(text)))


def familiarity(tokens: set[str], known: Mapping[str, object] | set[str]) -> float:
    """Share of ``tokens`` in ``known``; 0.0 for a message without words (nothing to be sure about)."""
    return sum(1 for t in tokens if t in known) / len(tokens) if tokens else 0.0


def out_of_fold(token_sets: list[set[str]], groups: np.ndarray, min_df: int) -> np.ndarray:
    """Each row's familiarity against the vocabulary (words in >= ``min_df`` rows) of the other folds."""
    n_splits = min(FOLDS, len(np.unique(groups)))
    out = np.zeros(len(token_sets))
    if n_splits < 2:
        return out
    total = _df(token_sets)
    for _, test in GroupKFold(n_splits).split(np.zeros(len(token_sets)), groups=groups):
        held = total - _df(token_sets[i] for i in test)
        for i in test:
            tokens = token_sets[i]
            out[i] = sum(1 for t in tokens if held[t] >= min_df) / len(tokens) if tokens else 0.0
    return out


def gate(oof: np.ndarray, quantile: float = QUANTILE) -> float:
    """The familiarity below which a message may not be ``high``, from out-of-fold familiarities."""
    return round(float(np.quantile(oof, quantile)), 4) if len(oof) else 0.0


def _df(token_sets: Iterable[set[str]]) -> Counter[str]:
    df: Counter[str] = Counter()
    for tokens in token_sets:
        df.update(tokens)
    return df
