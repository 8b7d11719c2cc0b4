"""Points a customer announces by their count and then writes as sentences, not as a list: "I need three things.
An explanation of what went wrong. To know whether the punches are lost. And a call next week." Each sentence after
the announcement is one point asked. Pure.
"""

from __future__ import annotations

import re

#: A sentence that announces the points it asks for in the sentences after it, and how many: "I need three things.",
#: "Ich erwarte zwei Dinge:", "J'ai besoin de trois choses."
POINTS_ANNOUNCED = re.compile(
    r"^(?:(?:so|also|donc|alors),?\s+)?(?:i|we|ich|wir|j'ai|nous avons|je|nous)\s+(?:need|want|expect|would like|"
    r"require|ask for|brauche|brauchen|erwarte|erwarten|möchte|möchten|bitte um|besoin de|attends|attendons|"
    r"demande|demandons|voudrais|voudrions)\s+(?:(?:now|jetzt|also|nur|maintenant|donc)\s+)?"
    r"(?P<n>two|three|four|zwei|drei|vier|deux|trois|quatre|[2-4])\s+(?:things|points|dinge|punkte|sachen|choses)"
    r"(?:\s+(?:from you|von ihnen|de votre part|de vous))?\s*[.:!]?$",
    re.IGNORECASE,
)
COUNTED = {w: n for n, words in ((2, ("two", "zwei", "deux", "2")), (3, ("three", "drei", "trois", "3")),
                                   (4, ("four", "vier", "quatre", "4"))) for w in words}  # fmt: skip
#: An announced point that is a question: "To know whether the punches … can still be recovered."
KNOW_TO = re.compile(
    r"^(?:to know|zu wissen|savoir)\s+(?=whether|if|how|why|when|ob|wie|warum|wann|si|s'|comment)", re.IGNORECASE
)
#: What joins an announced point to the one before it: "And a call next week …", "Und …", "Et …".
ANNOUNCED_GLUE = re.compile(r"^(?:and|und|et|also|außerdem|enfin|finally|zuletzt)\s+", re.IGNORECASE)


def announced(sentence: str) -> int:
    """How many points ``sentence`` announces ("I need three things." -> 3), else 0."""
    found = POINTS_ANNOUNCED.match(sentence.strip())
    return COUNTED.get(found["n"].lower(), 0) if found and found["n"] else 0


def point(sentence: str) -> tuple[str, bool]:
    """An announced point without what joins it to the one before ("And a call …"), and whether it asks to know
    ("To know whether …": the question after it)."""
    bare = ANNOUNCED_GLUE.sub("", sentence.strip())
    return KNOW_TO.sub("", bare), bool(KNOW_TO.match(bare))
