"""A reference the customer corrects in the same mail: "Sorry, scratch that, I meant INV-2026-11-3390, not the
October one", "gemeint ist die Rechnung RE-2026-10-3318, nicht 3381", "il s'agit de la facture FA-2026-11-3318, et
non de la 3381". The reply confirms the one they meant and never the one they took back. Pure; never raises.
"""

from __future__ import annotations

from difflib import SequenceMatcher

from ..caseless import caseless
from .customer import Identifier

#: Words that take back what was written before: the reference in the same sentence is the one they meant.
_CORRECTION = caseless(
    r"\b(?:i meant|i mean|meant to (?:say|write)|should (?:have )?(?:read|said|say|been)|scratch that|correction|"
    r"typo|my mistake|i mistyped|mis-?typed|"
    r"gemeint (?:ist|war|sind|waren)|ich meinte|korrektur|verlesen|vertippt|verschrieben|zahlendreher|"
    r"richtig (?:ist|wäre|lautet)|korrekt (?:ist|lautet)|muss (?:es )?heißen|sollte heißen|"
    r"je voulais dire|il s'agit (?:en fait |plutôt )?de|je me suis trompée?|erreur de (?:ma part|frappe|saisie)|"
    r"il fallait lire|lire plutôt|coquille|rectification)\b"
)
#: "… , not 3381", "nicht die 3381", "et non de la 3381": the reference after it is the wrong one.
_NOT_BEFORE = caseless(r"\b(?:not|nicht|non|pas|statt|anstatt|instead of|au lieu de)\b(?:\s+\w+){0,3}\s*$")
#: How alike two references must be to be one corrected into the other ("RE-2026-10-3381", "RE-2026-10-3318").
_ALIKE = 0.75


def _alike(first: str, other: str) -> bool:
    return abs(len(first) - len(other)) <= 1 and SequenceMatcher(None, first, other).ratio() >= _ALIKE


def _sentence_around(text: str, at: int) -> tuple[int, int]:
    """The sentence of ``text`` that holds offset ``at`` (cut at ".", "!", "?" or a blank line; a dot inside a
    reference such as "KD/2026/0815.3" does not end it)."""
    start = max(text.rfind(stop, 0, at) for stop in (". ", "! ", "? ", "\n\n", ": "))
    ends = [e for stop in (". ", "! ", "? ", "\n\n") if (e := text.find(stop, at)) >= 0]
    return (start + 1 if start >= 0 else 0), (min(ends) if ends else len(text))


def taken_back(text: str, ids: tuple[Identifier, ...]) -> frozenset[str]:
    """The references in ``ids`` the customer corrected into another one in ``text``: each is like (nearly the
    same characters as) one they name in a sentence that corrects ("I meant …", "gemeint ist …"), and is not
    one they name there as meant."""
    if len(ids) < 2 or not _CORRECTION.search(text):
        return frozenset()
    wrong: set[str] = set()
    for cue in _CORRECTION.finditer(text):
        start, end = _sentence_around(text, cue.start())
        sentence = text[start:end]
        meant = [i for i in ids if (at := sentence.find(i.text)) >= 0 and not _NOT_BEFORE.search(sentence[:at])]
        # "I wrote INV-…-3381 but I meant INV-…-3390": the reference after the correcting words is the one meant
        after = [i for i in meant if sentence.find(i.text) > cue.start() - start]
        if after and len(after) < len(meant):
            meant = after
        for ident in ids:
            if ident in meant:
                continue
            if any(
                m.kind == ident.kind or "other" in (m.kind, ident.kind) for m in meant if _alike(m.text, ident.text)
            ):
                wrong.add(ident.text)
    return frozenset(wrong)


def without_taken_back(text: str, ids: tuple[Identifier, ...]) -> tuple[Identifier, ...]:
    """``ids`` without the references they corrected (see ``taken_back``)."""
    wrong = taken_back(text, ids)
    return tuple(i for i in ids if i.text not in wrong) if wrong else ids
