"""How much of a reply repeats the customer word for word (``fit.render_reply`` keeps it under ``MAX_ECHO``).

``render_reply`` asks about one reply body and one customer text several times while it shortens a reply:
the words and the customer's runs are computed once per text (a few entries cached, no more than one
message needs) instead of at every question.
"""

from __future__ import annotations

import re
from functools import lru_cache

ECHO_RUN = 5
_ECHO_WORD = re.compile(r"\w+(?:[.,'’\-/]\w+)*")
_RUN = re.compile(r"\w+")


@lru_cache(maxsize=16)
def echo_words(text: str) -> tuple[str, ...]:
    """The words of ``text`` as ``echoed_share`` counts them, lower case."""
    return tuple(map(str.lower, _ECHO_WORD.findall(text)))


def word_count(text: str) -> int:
    """``text``'s length as the strictest common count has it: words split at spaces ("–" and a French "?" count
    too) or every run of letters and digits ("l'équipe" and "INV-2026-11" are two and three), whichever is more.
    A reader's tool may count either way, and the limit on a reply's length must hold for both."""
    return max(len(text.split()), len(_RUN.findall(text)))


@lru_cache(maxsize=4)
def _runs(customer: str, run: int) -> frozenset[tuple[str, ...]]:
    theirs = echo_words(customer)
    return frozenset(theirs[i : i + run] for i in range(len(theirs) - run + 1))


@lru_cache(maxsize=16)
def echoed_share(reply: str, customer: str, run: int = ECHO_RUN) -> float:
    """The share of ``reply``'s words that lie in a run of ``run`` or more words also found in ``customer``."""
    ours = echo_words(reply)
    grams = _runs(customer, run)
    covered = [False] * len(ours)
    for i in range(len(ours) - run + 1):
        if ours[i : i + run] in grams:
            covered[i : i + run] = [True] * run
    return sum(covered) / len(ours) if ours else 0.0
