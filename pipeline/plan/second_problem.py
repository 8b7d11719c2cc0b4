"""A second problem in the same mail, announced as one: "Zweites Thema: der Webhook time_entry.updated kommt …
mehrfach an", "Autre chose, peut-être lié : le webhook … ne nous arrive plus", "Also, our webhook for
entry.approved is not arriving anymore since 28 November". The playbook restates the first problem; the reply says
this one back too, in the customer's words, rather than only naming the question it ends in. Pure.
"""

from __future__ import annotations

import re

from ..caseless import caseless
from .ask_words import REQUEST
from .cues import LOWER

#: How a second problem is announced at the start of its sentence, with "maybe related" after it when they say so.
_ANNOUNCED = caseless(
    r"^(?:and |und |et |p\.?s\.?:? )?(?:another thing|one more thing|another (?:issue|problem)|a second (?:issue|"
    r"problem)|second(?:ly)?|second (?:issue|problem|thing|topic)|separately|unrelated|on another note|also|"
    r"zweites (?:thema|problem)|ein (?:weiteres|zweites|anderes) (?:thema|problem)|noch (?:etwas|was)|was anderes|"
    r"außerdem|unabhängig davon|davon unabhängig|zweitens|"
    r"autre chose|autre (?:point|problème|souci)|(?:un )?deuxième (?:point|problème|souci|sujet)|"
    r"(?:un )?second (?:point|problème|souci|sujet)|par ailleurs|sans rapport|deuxièmement)"
    r"(?:\s*,?\s*(?:maybe|possibly|perhaps|probably) related|\s*,?\s*(?:vielleicht|eventuell|möglicherweise) "
    r"(?:hängt das zusammen|zusammenhängend|damit verbunden)|\s*,?\s*peut-être lié\w*)?\s*[:,;–—-]\s*"
)
#: "maybe unrelated:", "qui n'a peut-être rien à voir :" after the announcement.
_MAYBE_RELATED = caseless(
    r"^(?:(?:maybe|possibly|perhaps|probably) (?:un)?related|"
    r"(?:qui n'a )?peut-être (?:rien à voir|lié\w*|sans rapport)|"
    r"(?:vielleicht|eventuell) (?:unabhängig|ein anderes thema|hängt das zusammen))\s*[:,;–—-]\s*"
)
#: The first words a sentence loses its capital with when said back inside ours ("der Webhook …", "our webhook …").
_LOWER_FIRST = frozenset(
    ("the", "our", "my", "a", "an", "this", "that", "it", "we", "i", "der", "die", "das", "ein", "eine", "unser",
     "unsere", "unser", "mein", "meine", "es", "wir", "le", "la", "les", "l'", "un", "une", "notre", "nos", "mon",
     "ma", "mes", "on", "nous", "when", "wenn", "quand", "since", "seit", "depuis")
)  # fmt: skip
#: Words of something wrong: what makes the sentence a problem, not news ("Also, we are moving offices").
WRONG = caseless(
    r"\b(?:not|no longer|never|anymore|any more|fails?|failed|failing|error|errors|broken|stopped|missing|twice|"
    r"duplicate\w*|wrong|empty|blank|nicht|nicht mehr|kein\w*|nie|fehl\w*|doppelt|mehrfach|zwei- oder dreimal|"
    r"falsch\w*|leer|abgebrochen|bricht|ne|n'|plus|jamais|erreur|échou\w*|vide|manqu\w*|double\w*|bloqu\w*|"
    # "arriving 3-4 times for the same event"
    r"\d+(?:-\d+)? (?:times|mal)|multiple times|several times|mehrmals|plusieurs fois|\d+ fois)\b"
)
#: The longest second problem said back, in characters: a longer one is named by its question, as before.
MAX_CHARS = 180


def second_problem(sentences: list[str]) -> str:
    """The sentence after "Zweites Thema:", "Autre chose :", "Also," that says something else is wrong, without
    the announcement ("der Webhook time_entry.updated kommt … an"); "" when there is none, when it asks or requests
    (their question is named back on its own), or when it is too long to say back."""
    for index, sentence in enumerate(sentences):
        found = _ANNOUNCED.match(sentence.strip())
        if found is None or index == 0:  # the first sentence is the first problem
            continue
        rest = _MAYBE_RELATED.sub("", sentence.strip()[found.end() :].strip(), count=1)
        if "?" in rest or REQUEST.search(rest) or not WRONG.search(rest) or len(rest.split()) < 4 or LOWER.search(rest):
            continue
        rest = re.sub(r"\s*\([^()]*\)", "", rest)  # "(z. B. evt_41d9a07c2e)", "(https://…)": asides
        rest = rest.rstrip(" .;:")
        if len(rest) <= MAX_CHARS:
            first = rest.split()[0]
            return rest[:1].lower() + rest[1:] if first.lower() in _LOWER_FIRST else rest
    return ""


#: Two things announced as unrelated: "zwei Dinge, die nichts miteinander zu tun haben:", "two unrelated things:",
#: "deux sujets sans rapport :".
_TWO_THINGS = caseless(
    r"\b(?:two|zwei|deux) (?:(?:separate|unrelated|different|getrennte|verschiedene|unterschiedliche|"
    r"différent(?:e)?s) )?(?:things|issues|questions|topics|points|dinge|sachen|themen|anliegen|fragen|choses|"
    r"sujets|points|questions)\b"
)
#: The second numbered point at the start of a line: "2. Bitte schicken Sie …", "2) …", "Zweitens, …".
_SECOND_POINT = re.compile(r"^\s*(?:2[.)]\s|(?:zweitens|secondly|second|deuxièmement|ensuite)\s*[,:])", re.I | re.M)


def first_of_two(text: str) -> str:
    """``text`` up to its second point when it announces two things and numbers them ("zwei Dinge, …: 1. Im
    DATEV-Lohnexport fehlen … 2. Bitte schicken Sie Ihre Rechnungen …"): the first is the problem a playbook is
    matched on; the second is named back as asked. Else ``text`` whole."""
    announced = _TWO_THINGS.search(text[:400])
    second = _SECOND_POINT.search(text, announced.end()) if announced else None
    first = text[: second.start()] if second else text
    return first if second and len(first.split()) >= 15 else text
