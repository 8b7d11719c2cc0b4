"""What a short question points at: "is this an error?" after "the line “Team – 20 users” at 380.00 appears
twice" is about that line. Pure; never raises on any text."""

from __future__ import annotations

import re

from ..caseless import caseless
from . import clauses
from .customer import Question
from .facts import amounts
from .proper import people

#: Names in quotes in the sentence a short question points at ("La ligne « Team – 20 utilisateurs » …").
_QUOTED = re.compile(r"«\s?[^»\n]{2,50}?\s?»|„[^“”\n]{2,50}[“”]|“[^”\n]{2,50}”|\"[^\"\n]{2,50}\"")


def _named_in(sentence: str) -> str:
    """The names in quotes and the amounts of ``sentence``: "« Ajustement au prorata », 214,20 €"."""
    found = [m[0] for m in _QUOTED.finditer(sentence)][:2] + [a.text for a in amounts(sentence)][:2]
    return ", ".join(found)


#: "Comment ce montant est-il calculé ?", "Is this an error?": a short question about what the sentence before
#: said. What it points at: "this amount", "dieser Betrag", "ce changement"; or a verdict on it: "is this an error?",
#: "Handelt es sich um einen Fehler?", "est-ce normal ?" ("is this on your side?" needs nothing before it).
_POINTING_AT = caseless(
    r"\b(?:this|that|these|those|dieser|diese[snm]?|ce|cet|cette|ces)\s(?!(?:on|in|at|for|to|a|an|the|your|our|is|"
    r"bei|auf|an|für|de|du|à|chez|est|"
    r"back|out|up|off|over|away|again|here|there|now|too|also|yet|still|instead|"  # "get these back"
    r"week|month|year|morning|afternoon|evening|weekend|quarter|woche|monat|jahr|morgen|semaine|mois|année|"
    r"matin)\b)[a-zäöüéèà]{3,}|"  # "did the limit change this week?" points at no sentence before it
    r"\b(?:error|mistake|bug|correct|right|normal|expected|intended|fehler|richtig|korrekt|gewollt|erreur|voulu|"
    r"machbar|doable|feasible|faisable|realistisch|realistic|réaliste)\b|"  # "Ist das machbar?" after their date
    r"\bdiesmal\b|\bthis time\b|\bcette fois\b|\bc'est (?:un (?:problème|bug) )?connu\b|\b(?:ist|sind) (?:das|es|die) "
    r"(?:bei ihnen )?bekannt\b|\bknown (?:issue|problem|bug)\b|\b(?:damit|dadurch|daran|davon)\b|"
    r"\b(?:related|linked|due) to (?:that|this|it)\b|"
    # "When will it be paid?", "Wann kommt es?": when the thing the sentence before names happens
    r"^(?:when|how long|how soon|wann|wie lange|bis wann|quand|d'ici quand)\b[^?]{0,30}\b(?:it|es|il|elle)\b|"
    r"\b(?:lié|liée|dû|due) à (?:ça|cela|ceci)\b|"
    # "how do i do that?", "comment je fais ça ?", "wie mache ich das?": how to do what the sentence before wants
    r"^(?:how|comment|wie)\b[^?]{0,20}\b(?:do|go about|handle|arrange)\s+(?:that|this|it)\s*\??$|"
    r"^comment\b[^?]{0,20}\b(?:fai[st]|faire|procède|procéder)\b[^?]{0,6}(?:ça|cela)?\s*\??$|"
    r"^wie\s+(?:mache|machen|gehe|gehen)\s+(?:ich|wir)\s+(?:das|da vor)\s*\??$",
)


#: "Können Sie sowas auch?", "can you do that too?": a feature the sentence before says someone else has.
_LIKE_THAT = caseless(
    r"\b(?:sowas|so etwas|so was|dasselbe|das gleiche|something like that|the same thing|that too|la même chose|"
    r"ça aussi|pareil)\b"
)
#: The clause that says what the other one can do: "…, die können in der App offline stempeln".
_CAN_DO = caseless(r"\b(?:können|kann|bietet|bieten|can|could|offers?|lets? you|peu(?:t|vent)|propose(?:nt)?|permet)\b")
#: "… ob das was damit zu tun haben kann?", "could that be related to it?": what it asks about is the sentence before,
#: even in a longer question.
_POINTS_BACK = caseless(
    r"\b(?:damit|dadurch|daran|davon|daher)\b|\b(?:related|linked|due) to (?:that|this|it)\b|"
    r"\b(?:lié|liée|dû|due) à (?:ça|cela|ceci)\b|\b(?:à cause de|en lien avec) (?:ça|cela)\b",
)


#: "I have tried this in Chrome and Edge, and checked that the option is off": what they tried, acknowledged on its
#: own line, is not what a question points at.
_TRIED = caseless(r"\b(?:(?:have|I|we|I've|we've) (?:also )?(?:tried|checked|cleared|restarted)|habe \w+ (?:versucht|"
                  r"geprüft)|j'ai (?:essayé|vérifié))\b")  # fmt: skip


#: "Bitte tragen Sie ihn als Rechnungskontakt ein", "please add him as billing contact": a person named just before.
_HIM = caseless(r"\b(?:ihn|him|her)\b")


#: "Können Sie das für uns tun?", "could you do that for us?": a request for what the sentence before could not
#: do.
_DO_THAT = caseless(
    r"^(?:das|dies|es|that|this|it|cela|ça|le)\s+(?:bitte\s+|please\s+)?(?:für (?:uns|mich)\s+|"
    r"for (?:us|me)\s+)?(?:tun|machen|erledigen|übernehmen|do|handle|faire|gérer)(?:\s+pour (?:nous|"
    r"moi))?$"
)
#: "…, finde aber keine Stelle, an der ich ihre Zwei-Faktor-Anmeldung zurücksetzen kann": what they could not do.
_WHERE_I_CANNOT = caseless(
    r"(?:an der|in der|wo|where|in which|où|dans laquelle)\s+(?:ich|wir|i|we|je|nous)\s+"
    r"(?:could |can |can't |cannot )?(?P<what>[^,;]{5,80}?)(?:\s+(?:kann|können|könnte|peux|"
    r"pouvons|pourrais))?$"
)
_BECAUSE = caseless(r",?\s+(?:weil|denn|because|since|car|parce que|puisque)\s")


def with_context(question: Question, previous: str, same_item: bool = False) -> Question:
    """A short question that points back ("is this an error?") with the sentence before it, cut short: "the line
    “Team – 20 users” at 380.00 appears twice — is this an error?"; a request about "him" with the one person the
    sentence before names ("tragen Sie Dominik Sauer als Rechnungskontakt ein"). ``same_item``: the sentence before
    opened the question's list item ("4) Our webhook … stopped arriving. Are failed deliveries retried?")."""
    done = _DO_THAT.match(question.text) and _WHERE_I_CANNOT.search(previous.rstrip(".!"))
    if question.kind == "request" and done and len(done["what"].split()) >= 2:
        return Question(done["what"], question.kind, question.bare)  # "ihre Zwei-Faktor-Anmeldung zurücksetzen"
    if question.kind == "request" and len(_HIM.findall(question.text)) == 1:
        persons = people([previous])
        if len(persons) == 1:
            return Question(_HIM.sub(persons[0], question.text), question.kind, question.bare)
    if question.kind == "question" and _LIKE_THAT.search(question.text) and len(question.text.split()) <= 9:
        can = [c for c in re.split(r",\s|;\s|\s[–—-]\s", previous.strip().rstrip(".!")) if _CAN_DO.search(c)]
        if can and 3 <= len(can[0].split()) <= 20:  # "die können in der App offline stempeln — können Sie sowas auch?"
            return Question(f"{can[0]} — {question.text}", question.kind, question.text)
    if question.kind != "question" or not (_POINTING_AT.search(question.text) or same_item):
        return question
    if len(question.text.split()) > (12 if _POINTS_BACK.search(question.text) else 7):
        return question
    before = clauses.ASIDE.sub("", clauses.LIST_ITEM.sub("", previous)).strip().rstrip(".!:;")
    before = _BECAUSE.split(before, maxsplit=1)[0]  # what it points at, not their reason for it
    lead = re.match(r"[^:]{3,40}:\s+(?=\S+(?:\s+\S+){3})", before)  # "Was mir noch einfällt: Wir haben …"
    before = before[lead.end() :] if lead else before
    if not before or before.endswith("?") or len(before.split()) < 4 or _TRIED.search(before):
        return question
    named = _named_in(before)
    # a reply that repeats them too much names only what the sentence names: "« Ajustement au prorata », 214,20 €"
    shorter = f"{named} — {question.text}" if named else question.text
    if named and len(before) > 90:  # what an agent would name, not a long sentence word for word
        return Question(shorter, question.kind, question.text)
    if len(before) > 130 or len(f"{before} — {question.text}") > _LONGEST:
        # the sentence's first clause, whole, or no context rather than a cut mid-phrase
        first = re.split(r",\s|;\s|:\s|\s[–—-]\s", before, maxsplit=1)[0]
        before = first if len(first) <= 130 and len(first.split()) >= 4 else ""
    if not before or len(f"{before} — {question.text}") > _LONGEST:  # (a line too long to say back is not said)
        return question
    return Question(f"{before} — {question.text}", question.kind, shorter)


#: The longest question with its context (``asked.asked_line`` says nothing back past 140 characters).
_LONGEST = 140


def own_lead(part: str, question: Question) -> str:
    """What the sentence says before its question after a dash ("Wir haben 62 Mitarbeiter im Plan, vorher waren es
    35 – kann es daran liegen?"): what that question points at, rather than the sentence before."""
    at = part.lower().find(question.text.lower()[:24])
    lead = part[:at] if at > 0 else ""
    if not lead.rstrip().endswith(("–", "—", " -")):
        return ""
    lead = lead.rstrip(" –—-")
    return lead if len(lead.split()) >= 4 else ""


#: A question asked in brackets inside another: "(unsere Buchhaltung hängt mit der DATEV-Anbindung dran, zählt das
#: vielleicht mit?)": what it says first, then what it asks.
_BRACKETED_ASK = re.compile(r"\s*\((?:(?P<before>[^()?]{8,160}?),\s+)?(?P<ask>[^()?,]{6,120}\?)\)")


def bracketed_asks(sentence: str) -> tuple[list[tuple[str, str]], str]:
    """([(what the brackets say first, the question they ask)], ``sentence`` without those brackets)."""
    if "(" not in sentence or "?)" not in sentence:
        return [], sentence
    found = [(m["before"] or "", m["ask"]) for m in _BRACKETED_ASK.finditer(sentence)]
    return found, _BRACKETED_ASK.sub("", sentence)


def with_lead(question: Question, lead: str) -> Question:
    """``question`` with the clause it follows in its brackets, when that says what it is about and fits."""
    if not lead or len(f"{lead} — {question.text}") > _LONGEST:
        return question
    return Question(f"{lead} — {question.text}", question.kind, question.text)
