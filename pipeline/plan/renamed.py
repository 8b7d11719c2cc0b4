"""The name a customer's company goes by now, when they write that it changed: 'changed its name from "Brenner
Maschinenbau GmbH" to "Brenner Industrietechnik GmbH"', "wurde die Hellmann Messtechnik GmbH in Hellmann Sensorik
GmbH umfirmiert", "on devient « Roussel Design Group SAS » au 1er janvier". Pure; as written; "" when none.
Also a number of theirs they correct ("I wrote 12 users, it's actually 21"): the old one is no fact any more.
"""

from __future__ import annotations

import re

from ..caseless import caseless
from . import when
from .proper import COMPANY

#: A sentence that says a company's name changed (in English, German or French).
_RENAMED = caseless(
    r"\b(?:chang(?:e|es|ed|ing) (?:its|our|their|the company'?s?) (?:legal )?name|becomes|will become|"
    r"(?:was|were|has been|have been|been) renamed|"
    r"renamed (?:to|as)|now (?:called|trading as|operating as|known as)|new (?:company|legal|registered) name|"
    r"umfirmiert|umfirmierung|umbenannt|umbenennung|(?:neue|korrekte|richtige)r? (?:firmen)?name|"
    r"correct (?:company |legal )?name|nom correct|"
    r"firmieren (?:wir |sie )?(?:\w+ ){0,2}um|\baus\b[^.!?\n]{3,60}\bwird\b|"
    r"heißen (?:jetzt|nun|ab)|heißt (?:jetzt|nun|ab)|firmier\w* (?:jetzt|nun|künftig|ab)|"
    r"neue[rn]? (?:Firmenname|Firmierung|Name)|devenons|devient|"
    r"(?:société|entreprise|cabinet|association|structure)\b[^.!?\n]{0,60}\bdevenue?s?|"
    r"nouvelle (?:raison sociale|dénomination)|"
    r"s'appelle désormais|(?:a été |avons été )?renommée?s?|"
    # "wir heißen seit 01.11. nicht mehr Müller & Sohn GmbH sondern MS Haustechnik GmbH", "no longer X but Y"
    # (not "startet nicht mehr, sondern …", "no longer crashes when it opens, but …": what a thing does)
    r"(?:(?:heißen|heißt|firmieren|firmiert|sind|ist) (?:\S+ ){0,5}?|^(?:\S+ )?)nicht mehr\b[^.!?\n]{3,80}?\bsondern|"
    r"no longer (?:called|named|trading as|known as|operating as)\b[^.!?\n]{3,80}?\bbut|"
    r"ne s'appelle plus|ne nous appelons plus|ne sommes plus\b[^.!?\n]{3,80}?\bmais|"
    # a merger: "ist die Meyer Haustechnik GmbH auf die Meyer Technik Gruppe AG verschmolzen worden", "was merged
    # into Harbourgate Group Ltd", "a fusionné avec / a été absorbée par …": the last name is the one billed now
    r"verschmolzen|merged (?:into|with)|(?:a été |ont été )?(?:fusionnée?s? (?:avec|dans)|absorbée?s? par))\b",
)
_QUOTED = re.compile(r"\"([^\"\n]{2,60})\"|“([^”\n]{2,60})”|„([^“”\n]{2,60})[“”]|«\s*([^»\n]{2,60}?)\s*»")
#: A name written before the old one it replaces: "Brenner Industrietechnik GmbH (formerly Brenner …)".
_FORMERLY = caseless(
    r"(?:\b(?:formerly|previously|vormals|ehemals|früher|anciennement|ex-)|\(\s*(?:was|war|était))\s*$"
)
_ARTICLE = caseless(r"^(?:the|die|der|das|la|le|l'|our|unsere?)\s+")
#: Sentence ends; not the dot of a legal form ("Hollmann Logistik GmbH & Co. KG", "Acme Inc. and …").
_SENTENCE = re.compile(r"(?<=[.!?])(?<!\bCo\.)(?<!\bInc\.)(?<!\bLtd\.)\s+|\n\s*\n|\n(?=\s*[-•*]\s)")
#: A capitalised word before a German name that is not part of it: "lautet der korrekte Name Hollmann Logistik
#: GmbH", "zum 1. Oktober Hollmann Logistik GmbH".
_NAME_NOUN = caseless(rf"^(?:(?:firmen)?name|firma|firmierung|unternehmen|{when.MONTH})\s+")


def new_company_name(text: str) -> str:
    """The company name they say is theirs now: the last one named in the sentence that says it changed."""
    if not _RENAMED.search(text):
        return ""
    for sentence in _SENTENCE.split(text):
        if not _RENAMED.search(sentence):
            continue
        found = [(m.start(), next(g for g in m.groups() if g)) for m in _QUOTED.finditer(sentence)]
        found += [(m.start(), m[0]) for m in COMPANY.finditer(sentence)
                  if not any(s <= m.start() < s + len(n) + 2 for s, n in found)]  # fmt: skip
        found.sort()
        if not found:
            continue
        at, name = found[-1]
        if len(found) > 1 and _FORMERLY.search(sentence[:at]):
            at, name = found[-2]  # "B (formerly A)": B is the name now
        name = re.sub(r"\b(Ltd|Inc|Co)\.$", r"\1", " ".join(name.split()))  # the sentence's full stop, not theirs
        return _NAME_NOUN.sub("", _ARTICLE.sub("", name))
    return ""


#: "I wrote 12 users, it's actually 21", "j'ai écrit qu'on serait 12 utilisateurs, c'est en fait 21", "ich hatte 12
#: geschrieben, es sind aber 21".
_CORRECTED = caseless(
    r"\b(?:wrote|said|gave|put|écrit|indiqué|dit|geschrieben|angegeben|genannt)\b[^.!?\n]{0,40}?\b(?P<old>\d{1,5})\b"
    r"[^.!?\n\d]{0,40}?\b(?:actually|in fact|really|en fait|en réalité|plutôt|tatsächlich|eigentlich|aber|richtig)\b"
    r"[^.!?\n\d]{0,12}?\b(?P<new>\d{1,5})\b"
)


def corrected_numbers(text: str) -> frozenset[int]:
    """The numbers they say were wrong ("I wrote 12 users, it's actually 21": {12})."""
    low = text.lower()
    if not any(w in low for w in ("actually", "in fact", "really", "en fait", "réalité", "plutôt", "tatsächlich",
                                  "eigentlich", "aber", "richtig")):  # fmt: skip
        return frozenset()
    return frozenset(int(m["old"]) for m in _CORRECTED.finditer(text) if m["old"] != m["new"])
