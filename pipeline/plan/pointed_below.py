"""References the customer points to in their earlier mail instead of repeating them: "Les numéros de série sont
dans mon premier message, plus bas", "the order numbers are in my first email below", "die Seriennummern stehen
in meiner ersten Mail unten". The reply confirms them as if they had been written again. Pure; never raises.
"""

from __future__ import annotations

import dataclasses
import re

from ..caseless import caseless
from .customer import Identifier, Reading
from .facts import identifiers

#: What kind of reference they point to, by its word: a serial, an order, an invoice (else any reference).
_KINDS = (
    ("serial", caseless(r"\b(?:serial|s/n|num[ée]ros? de s[ée]rie|serien(?:nummer\w*|-?nr\w*))")),
    ("order", caseless(r"\b(?:order|commande|bestell\w*|auftrags?\w*)")),
    ("invoice", caseless(r"\b(?:invoice|facture|rechnung\w*)")),
)
_REFERENCE = r"(?:serial|s/n|num[ée]ros?|numbers?|nummer\w*|\w*nummern|\w*-?nrn?\.?|ids?|references?|références?)"
#: "… numbers are in my first message below", "… sont dans mon premier message, plus bas", "… stehen unten".
_POINTED = caseless(
    _REFERENCE + r"\b[^.!?\n]{0,60}?(?:\bbelow\b|\bplus bas\b|\bci-dessous\b|\b(?:weiter )?unten\b|"
    r"\bin my (?:first|earlier|previous|original|last) (?:e-?mail|mail|message)|"
    r"\bdans mon (?:premier|précédent|dernier) (?:message|mail|e-mail|courriel)|"
    r"\bin meiner (?:ersten|vorigen|letzten|ursprünglichen) (?:e-?mail|mail|nachricht))"
)
#: Words one of which ``_POINTED`` needs.
_STEMS = ("below", "plus bas", "ci-dessous", "unten", "my first", "my earlier", "my previous", "my original",
          "my last", "mon premier", "mon précédent", "mon dernier", "meiner ersten", "meiner vorigen",
          "meiner letzten", "meiner ursprünglichen")  # fmt: skip
_QUOTE_MARKS = re.compile(r"^[ \t]*(?:>[ \t]?)+", re.MULTILINE)


def with_pointed_ids(reading: Reading, new_text: str, whole_text: str) -> Reading:
    """``reading`` with the references ``new_text`` says are in the quoted earlier mail (``whole_text`` holds
    both), of the kind it names; ``reading`` itself when it points to none."""
    low = new_text.lower()
    if whole_text == new_text or not any(stem in low for stem in _STEMS):
        return reading  # (most mail: a substring test, not the pattern)
    pointed = _POINTED.search(new_text)
    if not pointed:
        return reading
    kind = next((k for k, words in _KINDS if words.search(pointed[0])), "")
    earlier = _QUOTE_MARKS.sub("", whole_text.replace(new_text, "", 1))
    have = {i.text for i in reading.facts.ids}
    found: list[Identifier] = [i for i in identifiers(earlier) if i.text not in have and (not kind or i.kind == kind)]
    if not found:
        return reading
    facts = dataclasses.replace(reading.facts, ids=reading.facts.ids + tuple(found))
    return dataclasses.replace(reading, facts=facts)
