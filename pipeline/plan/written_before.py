"""Whether the customer has written about this before, and how often they say they have: "This is the THIRD time
I'm writing", "zum dritten Mal", "ma troisième relance", "still not fixed". Pure; never raises."""

from __future__ import annotations

from ..caseless import caseless

#: A follow-up said in words, with or without a thread: "I wrote twice already", "immer noch", "toujours pas".
FOLLOW_UP = caseless(
    r"\b(written|wrote|writing|e-?mailed|contacted|asked)\b.{0,30}\b(before|already|twice|again|times)\b|"
    r"\b(third|second|3rd|2nd|fourth) time\b|\bstill (no|not|haven't|hasn't|waiting|missing|broken)\b|"
    r"(?<!dank )(?<!danke )\b(schon|bereits) (zweimal|mehrmals|mehrfach|einmal)\b(?! für\b)"
    r"(?=(?:\s+[\w.-]+){0,4}?\s+(?:geschrieben|gemeldet|angefragt|nachgefragt|kontaktiert|angerufen|reklamiert|"
    r"mitgeteilt|erinnert|an Sie|bei Ihnen|Ihnen))|"
    r"\bimmer noch\b|\bnoch einmal geschrieben\b|"
    r"\b(zum|pour la) (zweiten|dritten|vierten|deuxième|troisième|quatrième) (mal|fois)\b|"
    r"\b(second|third|deuxième|troisième|zweite|dritte) (e-?mail|mail|message|nachricht|relance)\b|"
    # a fix we suggested that did not work: "This is not fixed", "as you told us", "toujours pas réglé"
    r"\b(is|was|has) (still )?not (been )?fixed\b|\b(the|your) fix (did|does|has)(n't| not) work|"
    r"\bas you (told|suggested|advised|recommended)\b|\bwie (Sie|ihr) (uns )?(geraten|empfohlen|gesagt)|"
    r"\bnicht behoben\b|\btoujours pas\b|\bcomme vous (nous )?l'avez (conseillé|indiqué|recommandé|demandé)",
)
#: "This is the THIRD time I'm writing", "zum dritten Mal", "ma troisième relance": how often they have written
_NTH_TIME = caseless(
    r"\b(?:(third|fourth|fifth|3rd|4th|5th) (?:(?:e-?mail|message|request)\b|"
    r"time (?:that )?(?:I|we)(?:'m| am| are|'ve| have)? (?:been )?(?:writ|contact|e-?mail|ask|chas|report|rais))|"
    r"(dritten|vierten|fünften|3\.|4\.|5\.) (?:(?:e-?mail|mail|nachricht|anfrage)\b|mal\b.{0,40}?"
    r"\b(?:schreib|meld|nachfrag|anfrag|kontaktier))|(dritte|vierte|fünfte) (?:e-?mail|mail|nachricht|anfrage)\b|"
    r"(troisième|quatrième|cinquième|3e|4e|5e) (?:(?:e-?mail|mail|message|relance|demande)\b|fois que (?:je|nous) "
    r"(?:vous )?(?:écri|relance|contact|signal|demand))|"
    # the verb first: "I am writing for the third time", "ich schreibe jetzt zum dritten Mal"
    r"(?:writ|contact|e-?mail|chas)\w* (?:\w+ ){0,4}for the (third|fourth|fifth) time|"
    r"(?:schreib|meld)\w* (?:\w+ ){0,4}zum (dritten|vierten|fünften) mal|"
    r"(?:écri|relanc|contact)\w* (?:\w+ ){0,4}pour la (troisième|quatrième|cinquième) fois)"
)
_NTH = {"thi": 3, "3rd": 3, "dri": 3, "3.": 3, "tro": 3, "3e": 3, "fou": 4, "4th": 4, "vie": 4, "4.": 4, "qua": 4,
        "4e": 4, "fif": 5, "5th": 5, "fün": 5, "5.": 5, "cin": 5, "5e": 5}  # fmt: skip


def times_written(text: str) -> int:
    """How many times they say they have written about this, counting this mail (3 for "the third time I'm
    writing"); 0 when they do not say."""
    found = _NTH_TIME.search(text)
    if found is None:
        return 0
    word = next(g for g in found.groups() if g).lower()
    return _NTH.get(word[:3], _NTH.get(word, 0))
