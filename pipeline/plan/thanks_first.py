"""A mail that first thanks us for an earlier fix and then raises something new ("First off, a big thank you to
whoever sorted the sensors … Now something completely different. Our renewal failed …"): the thanks, and whom they
thanked, kept apart from the new problem, so the reply takes the thanks and restates only the new problem's facts
(not the old ticket's). Pure; never raises on any text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..caseless import caseless

#: A paragraph that thanks: "a big thank you to whoever sorted …", "ein dickes Dankeschön an Jana", "un grand merci".
_THANKS = caseless(r"\b(?:thank|thanks|kudos|danke|dankeschön|merci|bravo)\b")
#: What says the rest is a new matter: "Now something completely different.", "On another note,", "Jetzt hab ich
#: leider was Neues, das hat aber nichts damit zu tun", "Par contre, rien à voir, j'ai un autre truc bizarre".
_SWITCH = caseless(
    r"\b(?:(?:now|and now) (?:for )?something (?:completely |totally |entirely |quite )?(?:different|else)|"
    r"on (?:a|an) (?:different|other|unrelated|separate|less happy) (?:note|matter|topic|subject)|"
    r"(?:a|an|one|another) (?:new|different|separate|unrelated|other) (?:issue|problem|question|matter|topic|thing)|"
    r"unrelated(?:ly)?|separately|different (?:topic|subject|issue)|nothing to do with (?:that|this|it)|"
    r"(?:ein |eine )?(?:anderes|neues) (?:thema|problem|anliegen)|(?:was|etwas) (?:neues|anderes)|"
    r"nichts (?:damit|mit (?:dem|der) \w+) zu tun|zu etwas anderem|"
    r"rien à voir|autre (?:chose|sujet|souci|problème|truc)|(?:un )?nouveau (?:problème|souci|sujet)|sans rapport)\b"
)
#: The person thanked, by first name: "an Jana", "to Priya", "à Julien" (not "an Ihr Team", "to the team").
_WHOM = re.compile(
    r"\b(?:to|an|à)\s+(?P<name>[A-ZÄÖÜÉ][a-zäöüéèëï]+(?:-[A-ZÉ][a-zéèë]+)?)\b(?!\s+[A-ZÄÖÜ]?[a-z]+\s*[:,])"
)
_NOT_NAMES = frozenset(
    (
        "Ihr",
        "Ihre",
        "Ihren",
        "Ihrem",
        "Ihrer",
        "Sie",
        "The",
        "Your",
        "Euch",
        "Euer",
        "Eure",
        "Vous",
        "Votre",
        "Vos",
        "Support",
        "Team",
        "Tout",
        "Toute",
        "Toutes",
        "Tous",
        "All",
        "Alle",
        "Everyone",
    )
)
#: A greeting alone on its paragraph ("Hi team,", "Bonjour à toute l'équipe,"): not what they thank us for.
_GREETING = re.compile(r"^[^\n.!?]{0,90},\s*$")


@dataclass(frozen=True, slots=True)
class Split:
    rest: str  # the text without the paragraphs that thank (the greeting kept), or all of it
    thanked: bool = False  # they thanked us for something earlier before raising something new
    whom: str = ""  # the colleague of ours they thanked by name: "Jana"


def split(text: str) -> Split:
    """The new matter apart from thanks for an earlier one; all of ``text`` when it opens with no thanks or says
    nothing that turns to a new matter (a mail that only thanks, or thanks for our quick reply, keeps all)."""
    if not isinstance(text, str) or not _THANKS.search(text[:600]):
        return Split(text if isinstance(text, str) else "")
    paragraphs = re.split(r"\n\s*\n", text.strip())
    first = 1 if paragraphs and _GREETING.match(paragraphs[0].strip()) else 0
    if len(paragraphs) < first + 2 or not _THANKS.search(paragraphs[first]):
        return Split(text)
    for turn in range(first + 1, min(first + 3, len(paragraphs))):
        opening = re.split(r"(?<=[.!?:])\s", paragraphs[turn].strip(), maxsplit=1)[0]
        if not _SWITCH.search(opening):
            continue
        thanks = "\n\n".join(paragraphs[first:turn])
        names = [m["name"] for m in _WHOM.finditer(thanks) if m["name"] not in _NOT_NAMES]
        kept = paragraphs[:first] + paragraphs[turn:]
        return Split("\n\n".join(kept), thanked=True, whom=names[0] if len(names) == 1 else "")
    return Split(text)
