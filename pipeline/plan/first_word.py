"""How a customer's clause starts when we name it back inside our sentence: "Can we add seats?" becomes "can we
add seats?", but a name, an acronym, "I" and a German noun keep their capital. Pure.
"""

from __future__ import annotations

#: German words a named-back clause may start with in lower case (anything else is a noun or a name and keeps its
#: capital).
_DE_LOWERABLE = frozenset(
    [
        "können",
        "könnten",
        "kann",
        "ist",
        "sind",
        "gibt",
        "gab",
        "wie",
        "was",
        "wann",
        "warum",
        "wo",
        "wer",
        "welche",
        "welcher",
        "welches",
        "wird",
        "werden",
        "haben",
        "hat",
        "habe",
        "dürfen",
        "darf",
        "sollen",
        "soll",
        "muss",
        "müssen",
        "würden",
        "wäre",
        "wären",
        "senden",
        "schicken",
        "bitte",
        "und",
        "auch",
        "geht",
    ]
)


def lower_first(text: str, language: str) -> str:
    """Lower-case the first word when it is not a name, an acronym, or (in German) a noun."""
    first = text.split(" ", 1)[0]
    if not first or (first.isupper() and len(first) > 1) or not first[0].isupper():
        return text
    if language == "de" and first.lower() not in _DE_LOWERABLE:
        return text
    if first in ("I", "I'm", "I've", "I'd", "I'll", "Mme", "M.", "Mr", "Mrs", "Ms", "Dr", "Herr", "Frau") or (
        len(first) > 1 and any(c.isupper() for c in first[1:])
    ):
        return text
    second = text.split(" ", 2)[1:2]
    if language != "de" and second and second[0][:1].isupper() and second[0][1:].islower():
        return text  # "Lucas Perrin devient admin …": a full name, not a sentence's first word
    return text[0].lower() + text[1:]
