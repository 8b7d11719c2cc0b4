"""Where one question asks two things: "…, und woran liegt es, dass …?", "S'agit-il d'une panne, avez-vous une
estimation ?", "whether there's a discount, and also if there is …". Pure; never raises on any text."""

from __future__ import annotations

import re

from ..caseless import caseless
from .ask_words import JOINED_ON, TRAILING_WHY
from .indirect import ASKED_INSIDE

#: Where a compound question asks a second thing: "…, und woran liegt es, dass …?", "…, and can we …?".
_SECOND_QUESTION = caseless(
    r"\s(?:und|and)\s+(?=(?:ob|whether)\s)|"
    # "ob das Gerät dafür ausgelegt ist, und auch, was mit den Stempelungen passiert": a second question word
    r",\s(?:und|and|et)\s+(?:auch|also|aussi)\s*,?\s+(?=(?:was|wie|wann|warum|welche\w*|what|how|when|why|which|ce qui|"
    r"ce que|comment|quand|pourquoi)\s)|"  # "… kann und ob wir …" ("A oder ob B" is one question's choice)
    # "ob Sie einen Nachlass gewähren …, und mit welchen Kosten wir rechnen müssten": a second question word
    r",\s(?:und|and|et)\s+(?=(?:mit|für|bei|with|for|avec|pour)\s+(?:welche[nmrs]?|which|what|quel\w*)\s)|"
    # "…, and, if it is not too much trouble, whether the November invoice could be issued again"
    r",?\s(?:und|and)\s*,\s*(?:if|wenn|falls)\s[^,]{3,40},\s*(?=(?:ob|whether)\s)|"
    # "whether you offer a discount, and if so what proof you need", "et, le cas échéant, sur la base de quel …"
    r",?\s(?:und|and|et)\s*,?\s*(?:if so|if yes|falls ja|wenn ja|gegebenenfalls|ggf\.|le cas échéant|si oui|"
    r"dans ce cas)\s*,?\s+(?=(?:\S+\s+){0,4}?(?:wie|was|welche\w*|how|what|which|when|comment|quel\w*|quand|"
    r"combien)\b)|"
    r"\set\s+(?=(?:si\s(?!besoin|nécessaire|possible)|s'il\s|est[- ]ce qu))|"
    # "où sont hébergées nos données (pays et prestataire), si vous disposez d'une certification …"
    r"(?<=[\w)]),\s+(?=(?:si|s'il)\s(?!besoin|nécessaire|possible|oui|non|vous le souhaitez))|"
    # "can you send the right ones out and let me know how to get these back?": an ask, then a question
    r"\s(?:and|und|et)\s+(?=(?:let (?:me|us) know|tell (?:me|us)|mir sagen|uns sagen|mir mitteilen|me dire|nous dire|"
    r"m'indiquer|nous indiquer),?\s+(?:(?:in|dans|à|en|von|für|de|du|avec|with)\s+)?"
    r"(?:how|whether|if|when|what|which|where|wie|ob|wann|was|welche\w*|wo|"
    r"comment|si|quand|quel\w*|où)\b)|"
    # "…, außerdem wie ich das einstelle", "…, also how we …", "…, ainsi que comment …": the next question
    r",\s+(?:außerdem|zudem|sowie|also|plus|ainsi que|de plus|et aussi)\s+(?=(?:wie|was|warum|wann|wo|ob|welche\w*|"
    r"how|what|why|when|where|whether|which|comment|pourquoi|quand|où|si|quel\w*)\b)|"
    r"(?:,|\s[–—-])\s+(?:und|and|et)\s+(?:(?:roughly|approximately|about|ungefähr|etwa|environ|à peu près|"
    r"also|auch|aussi)\s+)?"
    r"(?=if\s+(?:there|you|we|it|the|this|that|your|our)\b|"
    r"(?:wie|was|warum|wann|wo|woran|wer|welche\w*|kann|können|könnten|gibt|ist|sind|muss|müssen|ob|how|what|why|when|where|which|who|whether|can|could|do|does|is|are|will|would|should|"
    r"si|comment|pourquoi|quand|où|quel\w*|combien|est-ce|pouvez|pourriez|peut-on|faut-il|y a-t-il)\b)",
)
_IF = caseless(r"^(?:si|s'il|if|wenn|falls)\b")
#: Where a French question asks its next thing with an inverted verb ("…, avez-vous une estimation ?", "…, et les
#: saisies sont-elles conservées ?"): a new question, even without a question word.
#: Not after a subject set off by commas, whose own verb it is: "La prochaine facture, émise le 1er décembre,
#: partira-t-elle …" is one question.
_INVERTED_NEXT = caseless(r",\s+(?:et\s+)?(?!\w+-(?:t-)?(?:il|elle|ils|elles)\b)"
                          r"(?=[^,?]{0,60}?\b\w+-(?:t-)?(?:vous|il|elle|ils|elles|on)\b)")  # fmt: skip
#: "… insgesamt 62. Vielleicht hängt es damit zusammen?": a number over 31 ends a sentence (the segmenter reads
#: "62." as a German ordinal); a date's "1. Januar" does not.
_NUMBER_END = re.compile(r"\b(\d+)\.\s+(?=[A-ZÄÖÜ])")


#: "ob Sie einen Rabatt anbieten und was wir dafür nachweisen müssten": a yes-no question, then a second question
#: word with a clause of its own ("was da los ist und wann es wieder läuft" stays one question).
_YES_NO = caseless(r"(?:ob|whether|if|si)\s")
_THEN_WH = caseless(r"\s(?:und|and|et)\s+(?=(?:was|wie|wann|welche\w*|what|how|when|which|comment|quand|quel\w*)"
                    r"\s+\S+\s+\S+)")  # fmt: skip


def last_sentence(text: str) -> str:
    """The last sentence of ``text`` where the segmenter kept two together after a number over 31."""
    cut = 0
    for found in _NUMBER_END.finditer(text):
        if int(found[1]) > 31:
            cut = found.end()
    return text[cut:]


def direct_parts(text: str) -> tuple[str, list[str]]:
    """(``text`` from its last sentence, its two questions when it asks two, else ``[text]``)."""
    text = last_sentence(text)
    parts = _SECOND_QUESTION.split(text, maxsplit=1)
    if len(parts) != 2 and not _IF.match(text):  # "S'agit-il d'une panne, avez-vous une estimation, et …?"
        parts = _INVERTED_NEXT.split(text, maxsplit=1)  # (but "si la facture est erronée, pouvez-vous …" is one)
    return text, parts


#: Questions one indirect question is split into at most: "warum A, ob B, außerdem wie C und ob D" is four.
MAX_PARTS = 4


def indirect_parts(text: str) -> list[str]:
    """An indirect question's questions ("whether A, and whether B"; "warum A und ob B, außerdem wie C und ob D";
    "si A, …, même si je me demande si B"), else ``[text]``."""
    parts = _two_parts(text)
    while len(parts) < MAX_PARTS and len(more := _two_parts(parts[-1])) == 2 and len(more[0].split()) >= 3:
        parts = [*parts[:-1], *more]
    return parts


def _two_parts(text: str) -> list[str]:
    parts = _SECOND_QUESTION.split(text, maxsplit=1)
    if len(parts) != 2 and _YES_NO.match(text):
        parts = _THEN_WH.split(text, maxsplit=1)
    if len(parts) == 2:
        return parts
    later = ASKED_INSIDE.search(text, 12)  # wondering aloud again further on: a question of its own
    return [text[: later.start()], text[later.end() :]] if later else parts


def asked_parts(text: str) -> list[str]:
    """An indirect question's questions, each without its story and its joining word ("if there is X, because …"
    is "whether there is X"), when it asks two or more of three words or more; else []."""
    parts = indirect_parts(text)
    if len(parts) < 2 or min(len(p.split()) for p in parts) < 3:
        return []
    return [_asked_part(p) for p in parts]


def _asked_part(part: str) -> str:
    head = TRAILING_WHY.sub("", part).rstrip(" ,?")
    part = head if len(head.split()) >= 3 else part.rstrip(" ,?")
    part = JOINED_ON.sub("", part)  # "…, and" left by the split: the question
    part = _ON_THE_OTHER.sub("", part)  # "… y accéder ; d'autre part": the next part's lead, not this one's
    return re.sub(r"^if\b", "whether", part)


_ON_THE_OTHER = re.compile(
    r"\s*[;,]\s*(?:d'autre part|ensuite|puis|zum anderen|andererseits|on the other hand|second(?:ly)?)\s*$", re.I
)
