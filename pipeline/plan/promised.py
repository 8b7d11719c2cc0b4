"""A promise of ours they are still waiting for, said as a story: "Ihr Kollege hat mir am 9. November eine
Gutschrift zugesagt … Passiert ist seitdem: nichts", "Tom confirmed the refund … Nothing has arrived", "votre
service nous a confirmé le remboursement … nous n'avons toujours rien reçu". What became of it is their question,
though they never put it as one. Pure; None when the mail tells of no such promise, or asks about it already.
"""

from __future__ import annotations

from ..caseless import caseless
from .customer import Question

#: What we promised, in a sentence that says we did: the noun it names is ``thing``.
_PROMISED = {
    "de": caseless(
        r"\b(?:zugesagt|versprochen|bestätigt|angekündigt|zugesichert)\b[^.?!]{0,80}?\b(?:eine?n?|die|den)\s+"
        r"(?P<thing>Gutschrift|Erstattung|Rückerstattung|Rückzahlung|Ersatzlieferung)|"
        r"\b(?:eine?n?|die|den)\s+(?P<thing2>Gutschrift|Erstattung|Rückerstattung|Rückzahlung|Ersatzlieferung)\b"
        r"[^.?!]{0,120}?\b(?:zugesagt|versprochen|bestätigt|angekündigt|zugesichert)\b"
    ),
    "en": caseless(
        r"\b(?:promised|confirmed|agreed|approved|assured)\b[^.?!]{0,80}?\b(?:a|the|our|that)\s+"
        r"(?P<thing>refund|credit note|credit|replacement|reimbursement)\b|"
        r"\b(?:a|the)\s+(?P<thing2>refund|credit note|credit|replacement|reimbursement)\b[^.?!]{0,40}?\b(?:we|i) "
        r"(?:were|was) (?:promised|told|assured)\b"
    ),
    "fr": caseless(
        r"\b(?:confirmé|promis|accordé|annoncé|validé)\b[^.?!]{0,80}?\b(?:le|un|l')\s*"
        r"(?P<thing>remboursement|avoir|virement|appareil de remplacement)\b|"
        r"\b(?:le|un|l')\s*(?P<thing2>remboursement|avoir|virement)\b[^.?!]{0,60}?\b(?:promis|confirmé|accordé)\b"
    ),
}
#: Said after the promise: nothing came of it.
_NOTHING_YET = caseless(
    r"\b(?:nichts|noch nicht|bis heute nicht|nie angekommen|keine (?:Gutschrift|Erstattung|Rückmeldung|Zahlung)|"
    r"nothing|still (?:no|not|hasn't|haven't|nothing)|not (?:yet )?(?:arrived|received|seen|come through)|never "
    r"(?:arrived|came|happened)|no sign of|toujours (?:rien|pas)|rien reçu|pas (?:encore )?(?:reçu|arrivé)|"
    r"jamais (?:reçu|arrivé))"
)
#: What became of it, in their voice (``asked_line`` turns "we" into "you").
_WHAT_BECAME = {
    "de": "was aus der zugesagten {thing} geworden ist?",
    "en": "what happened to the {thing} we were promised?",
    "fr": "où en est le {thing} promis ?",
}
#: A question of theirs that is about it already: then it is asked, and asked once.
_ABOUT = {
    "de": ("gutschrift", "erstattung", "rückzahlung", "ersatz", "geld", "betrag"),
    "en": ("refund", "credit", "replacement", "reimburse", "money", "payment", "happened to it"),
    "fr": ("rembours", "avoir", "virement", "remplacement", "argent"),
}


def promised_undone(units: list[str], language: str, asked: tuple[Question, ...]) -> Question | None:
    """What became of the promise ``units`` tell of, when a later (or the same) sentence says nothing came of it and
    none of their questions in ``asked`` is about it; else None."""
    pattern = _PROMISED.get(language)
    if pattern is None:
        return None
    for i, unit in enumerate(units):
        found = pattern.search(unit)
        if found is None or not any(_NOTHING_YET.search(u) for u in units[i : i + 4]):
            continue
        about = _ABOUT[language]
        if any(word in q.text.lower() for q in asked for word in about):
            return None
        thing = found["thing"] or found["thing2"]
        thing = thing if language == "de" else thing.lower()
        return Question(_WHAT_BECAME[language].format(thing=thing), "question")
    return None
