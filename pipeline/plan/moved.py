"""A new address announced rather than asked for: "Gleichzeitig ändert sich die Rechnungsanschrift auf:" over the
address lines, "our billing address has changed to 4 Sandyford Park", "notre adresse de facturation devient : …".
Using it from now on is their request, though they never put it as one. Pure; None when no address changes or one
of their questions already asks for it.
"""

from __future__ import annotations

from ..caseless import caseless
from .customer import Question

#: A sentence that says an address changes; ``noun`` is the address they name ("Rechnungsanschrift").
_CHANGES = {
    "de": caseless(
        r"\b(?:ändert sich|ändern sich|lautet (?:ab sofort|künftig|ab \w+)|neue)\s+(?:\w+\s+){0,2}?"
        r"(?P<noun>(?:Rechnungs|Firmen|Post|Büro)?(?:anschrift|adresse))\b|"
        r"\b(?P<noun2>(?:Rechnungs|Firmen|Post|Büro)?(?:anschrift|adresse))\s+(?:\w+\s+){0,2}?"
        r"(?:ändert sich|lautet (?:ab sofort|künftig|neu)|ist (?:ab sofort|jetzt|neu))\b"
    ),
    "en": caseless(
        r"\b(?P<noun>(?:billing|invoice|invoicing|postal|company|registered|office) address)\s+(?:\w+\s+){0,2}?"
        r"(?:is changing|changes|has changed|is now|will be|has moved)\b|"
        r"\b(?:our|the) new (?P<noun2>(?:billing |invoice |office |postal )?address)\b"
    ),
    "fr": caseless(
        r"\b(?P<noun>adresse(?: de facturation| postale)?)\s+(?:\w+\s+){0,2}?(?:devient|change|a changé|est désormais|"
        r"sera désormais)\b|"
        r"\b(?:notre|la) nouvelle (?P<noun2>adresse(?: de facturation| postale)?)\b"
    ),
}
_USE_IT = {
    "de": "die neue {noun} ({address}) übernehmen",
    "en": "use the new {noun} ({address}) from now on",
    "fr": "utiliser désormais la nouvelle {noun} ({address})",
}
#: A question of theirs about it already: then it is asked, and asked once.
_ABOUT = ("adress", "anschrift", "address")


def new_address(
    units: list[str], language: str, addresses: tuple[str, ...], asked: tuple[Question, ...]
) -> Question | None:
    """Using the new address as a request, when ``units`` say an address changes, ``addresses`` holds the street it
    changes to and none of ``asked`` is about an address; else None."""
    pattern = _CHANGES.get(language)
    if pattern is None or not addresses or any(w in q.text.lower() for q in asked for w in _ABOUT):
        return None
    for unit in units:
        if found := pattern.search(unit):
            noun = found["noun"] or found["noun2"]
            noun = noun[:1].upper() + noun[1:] if language == "de" else noun.lower()
            return Question(_USE_IT[language].format(noun=noun, address=addresses[0]), "request")
    return None
