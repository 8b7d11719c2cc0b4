"""German requests and questions said back in our voice, before the pronoun swaps of ``asked.asked_line``:
the customer's subject becomes ours to address ("Können wir Plätze hinzufügen?" -> "ob Sie Plätze hinzufügen
können?", "wie ich das einstelle" -> "wie Sie das einstellen", "senden Sie uns die Rechnung" -> "uns die Rechnung
senden"). A German verb reads the same after "wir" and "Sie", and its "ich" form is its "Sie" form without the
final "n" (with a few modal verbs listed). The new "Sie" is written as \x01, so that the swaps after it still turn
their "unsere" into "Ihre"; ``asked_line`` writes it out.
"""

from __future__ import annotations

import re


def german_subjects_swapped(line: str) -> str:
    """``line`` with the customer's German subject and its verb in our voice ("Sie" held back as \x01; their "ihr"
    for us as \x03 "wir", their "euch" as \x04 "uns": see ``ours_written``)."""
    line = _our_ihr(line)
    line = _DE_IMPERATIVE.sub(_de_verb_last, line)  # "senden Sie uns die Rechnung" -> "uns die Rechnung senden"
    # "Können wir Plätze hinzufügen?" -> "ob Sie Plätze hinzufügen können?": in our list it must not read as
    # our question to them ("Können Sie …?"); a German verb reads the same after "wir" and "Sie"
    line = _DE_WIR_QUESTION.sub(_de_indirect, line)
    # "ob Sie die Rechnung stornieren" -> "ob wir …": a German verb reads the same after "Sie" and "wir"
    if "Sie" not in line and not re.search(r"\b[Ii]ch\b", line):
        # "ob wir da selbst etwas umstellen müssen", "Wir benötigen …", "Die Zahlung halten wir zurück": "Sie",
        # with the same verb; held back as \x01 so that their "unsere" still turns into "Ihre" below, and their
        # "uns" after it is "sich" ("ob wir uns neu anmelden müssen")
        line = _DE_WIR.sub("\x01", line)
        if "\x01" in line:
            line = _DE_REFLEXIVE.sub(r"\1 sich", line)
    elif "Sie" in line:
        line = _DE_SUBJECT_SIE.sub(r"\1 wir", line) if line.count("Sie") == 1 else line
    if "Sie" not in line.replace("\x01", ""):  # "wie ich das einstelle" -> "wie Sie das einstellen"
        line = _DE_I_CLAUSE.sub(_de_i_to_you, line)
        # "für die letzten zwei Monate erwarte ich eine Gutschrift" -> "… erwarten Sie …"
        line = _DE_VERB_ICH.sub(lambda m: _de_you_form(m[1], m[0]), line)
        # "Ich brauche entweder einen Ersatz oder …" -> "Sie brauchen entweder …"
        line = _DE_ICH_FIRST.sub(_de_ich_first, line)
    return line


_DE_SUBJECT_SIE = re.compile(r"(?:^|(?<=, )|(?<=und ))(ob|dass|wann|wie|was|warum|wo|weshalb|wieso) Sie\b")
_DE_WIR = re.compile(r"\b[Ww]ir\b")
#: "uns" as the object of a "wir" that becomes "Sie": "sich" (not after a preposition: "für uns" is "für Sie").
_DE_REFLEXIVE = re.compile(r"(\x01(?: (?!(?:für|an|bei|mit|zu|von|gegen|ohne)\b)[\wäöüß]+)?) uns\b")
#: A German request in the polite imperative: its verb goes to the end as in "Sie möchten, dass wir …" lists.
#: Not with a clause after it ("teilen Sie mir auch mit, ob …"): a separable verb's particle would be left behind.
_DE_IMPERATIVE = re.compile(r"^([a-zäöü]\w+(?:en|ern|eln)) Sie ((?!.*\bSie\b)(?!.*, (?:ob|dass|wann|wie|wo)\b).{3,})$")


#: An aside after the object that the verb goes before: "…, einschließlich der Standortdaten", "…, falls möglich".
_DE_AFTER_VERB = re.compile(r", (?=(?:einschließlich|inklusive|inkl\.|samt|sofern|falls|wenn|damit|weil|da|nach "
                            r"Möglichkeit|möglichst|und zwar|ggf\.|gegebenenfalls)\b)")  # fmt: skip


#: A separable verb's particle left at the end of the imperative: "buchen Sie den Betrag zurück".
_DE_PARTICLE = re.compile(r"\s(ab|an|auf|aus|bei|ein|fest|frei|her|hin|los|mit|nach|um|vor|weg|weiter|zu|zurück|"
                          r"zusammen)$")  # fmt: skip


#: A direct German question with "wir" as its subject: "Können wir …?", "Wann bekommen wir …?" (not "Wir …").
_DE_WIR_QUESTION = re.compile(
    r"^(?P<w>(?:[Ww](?:ann|ie|as|arum|o|ieso|eshalb|elche[nmrs]?)|[Bb]is wann) )?"
    # (the verb of a direct question, never its question word: "wie wir … kommen?" is already indirect)
    r"(?P<verb>(?!(?:Sie|Wir|(?i:ob|dass|wenn|weil|falls|sofern|damit|sobald|bevor|nachdem|sodass|wie|wann|was|"
    r"warum|wo|wieso|weshalb|woher|wohin|wer|welche[nmrs]?))\b)[A-Za-zÄÖÜäöüß]"
    r"+) wir (?P<rest>(?!.*\b(?:Sie|ich|wir)\b)[^?]{3,})\?$"
)


#: An indirect question with "ich" as its subject and its verb at the end: "wie ich das einstelle".
_DE_I_CLAUSE = re.compile(r"(?:^|(?<=, ))(ob|wie|wann|was|warum|wo|woran|worauf|welche\w*|wohin|woher|dass|damit|"
                          r"wenn) ich "
                          r"((?:[^\s,?]+ ){0,8}?)([a-zäöüß]+)"
                          r"(?=[?,.]|$)")  # fmt: skip
#: The verbs whose "ich" form does not just lose the "n" of the "Sie" form.
_DE_I_FORMS = {"kann": "können", "muss": "müssen", "will": "wollen", "darf": "dürfen", "soll": "sollen",
               "bin": "sind", "weiß": "wissen", "mag": "mögen"}  # fmt: skip


#: "Ich" opening a main clause, its verb after it: "Ich brauche …", "Ich möchte …".
_DE_ICH_FIRST = re.compile(r"^[Ii]ch ([a-zäöüß]{3,})\b")
#: A verb before "ich" in a main clause: "erwarte ich", "kann ich".
_DE_VERB_ICH = re.compile(
    r"(?:(?<=\s)|^)(?!(?:wie|was|wann|warum|wo|wohin|woher|dass|damit|wenn|weil|als|ob|falls|sodass|bevor|nachdem|"
    r"obwohl|während|und|oder|aber|denn|sonst)\b)([a-zäöüß]{3,}) ich\b"
)


def _you_verb(verb: str) -> str:
    """The "Sie" form of an "ich" verb ("brauche" -> "brauchen", "kann" -> "können"), "" when unknown."""
    return _DE_I_FORMS.get(verb) or (verb + "n" if verb.endswith("e") else "")


def _de_you_form(verb: str, unchanged: str) -> str:
    you = _you_verb(verb)
    return f"{you} \x01" if you else unchanged


def _de_ich_first(found: re.Match[str]) -> str:
    """ "Ich brauche" -> "\x01 brauchen" (unchanged when the verb's "Sie" form is unknown)."""
    you = _you_verb(found[1])
    return f"\x01 {you}" if you else found[0]


def _de_i_to_you(found: re.Match[str]) -> str:
    """ "wie ich das einstelle" -> "wie \x01 das einstellen" (unchanged when the verb's "Sie" form is unknown)."""
    you = _you_verb(found[3])
    return f"{found[1]} \x01 {found[2]}{you}" if you else found[0]


def _de_indirect(found: re.Match[str]) -> str:
    """ "Bekommen wir das Geld zurück?" -> "ob wir das Geld zurückbekommen?" (then "ob Sie …")."""
    lead = (found["w"] or "ob ").lower()
    verb, rest = found["verb"].lower(), found["rest"].rstrip(" ,")
    other = _DE_OR_CLAUSE.search(rest)  # "…, oder braucht es dafür einen eigenen Vertrag": "oder ob es … braucht"
    if other:
        first = _de_indirect_clause(lead, verb, rest[: other.start()])
        return f"{first[:-1]}, oder ob {other['subject']} {other['rest']} {other['verb'].lower()}?"
    return _de_indirect_clause(lead, verb, rest)


#: A second, verb-first question after ", oder": "…, oder braucht es dafür einen eigenen Vertrag".
_DE_OR_CLAUSE = re.compile(
    r",\s*oder\s+(?P<verb>[a-zäöüß]+)\s+(?P<subject>es|das|man|der\s+\w+|die\s+\w+|das\s+\w+)\s+(?P<rest>[^,?]{3,})$"
)


def _de_indirect_clause(lead: str, verb: str, rest: str) -> str:
    """ "ob wir REST VERB?", a separable particle joined to the verb ("… zurückbekommen")."""
    particle = _DE_PARTICLE.search(rest)
    if particle:
        return f"{lead}wir {rest[: particle.start()]} {particle[1]}{verb}?"
    return f"{lead}wir {rest} {verb}?"  # "wir" becomes "Sie" below, with every "ob wir"


def _de_verb_last(found: re.Match[str]) -> str:
    """ "stellen Sie mir X zur Verfügung, einschließlich Y" -> "mir X zur Verfügung stellen, einschließlich Y";
    "tragen Sie sie als Inhaberin ein; Herr Frey soll …" -> "sie als Inhaberin eintragen; Herr Frey soll …"."""
    ends = [m.start() for m in (_DE_AFTER_VERB.search(found[2]), _DE_NEXT_CLAUSE.search(found[2])) if m]
    head = found[2][: min(ends)] if ends else found[2]
    rest = found[2][len(head) :]
    particle = _DE_PARTICLE.search(head)  # "tragen Sie ihn als Kontakt ein" -> "ihn als Kontakt eintragen"
    if particle:
        return f"{head[: particle.start()]} {particle[1]}{found[1]}{rest}"
    return f"{head} {found[1]}{rest}"


#: Where the imperative's own clause ends and another main clause follows: its verb goes before this.
_DE_NEXT_CLAUSE = re.compile(r";\s|,\s(?=(?:oder|und|aber|sonst)\s+(?!ob\b|dass\b))|\?\s")


#: Their "ihr" for us, in a question with its verb first: "Was braucht ihr von mir, damit …?".
_DE_IHR_QUESTION = re.compile(
    r"^(?P<w>(?:[Ww](?:ann|ie|as|arum|o|ieso|eshalb|elche[nmrs]?)|[Bb]is wann) )?"
    r"(?P<verb>[A-Za-zäöüß]{2,}t|[Ss]eid) ihr (?P<rest>[^?]{3,})\?$"
)
#: Their "ihr" for us in a clause with its verb last: "damit ihr die Anmeldung zurücksetzen könnt".
_DE_IHR_CLAUSE = re.compile(r"\b(ob|dass|damit|wenn|wie|wann|was|weil|falls|bis|sobald) ihr ((?:[^\s,?.]+ ){0,8}?)"
                            r"([a-zäöüß]{2,}t|seid)(?=[?,.;]|$)")  # fmt: skip
_DE_IHR_FORMS = {"seid": "sind", "habt": "haben", "wisst": "wissen", "könnt": "können", "müsst": "müssen",
                 "dürft": "dürfen", "wollt": "wollen", "sollt": "sollen", "tut": "tun"}  # fmt: skip
_DE_EUCH = re.compile(r"\beuch\b")


def _we_form(verb: str) -> str:
    """The "wir" form of an "ihr" verb: "braucht" -> "brauchen", "meldet" -> "melden", "könnt" -> "können"."""
    low = verb.lower()
    return _DE_IHR_FORMS.get(low) or (low[:-2] if low.endswith("et") else low[:-1]) + "en"


def _our_ihr(line: str) -> str:
    """``line`` with the "ihr" a customer who says "du" calls us by as \x03 ("wir") and "euch" as \x04 ("uns"):
    "Was braucht ihr von mir, damit ihr … zurücksetzen könnt?" -> "was \x03 von mir brauchen, damit \x03 …
    zurücksetzen können?"."""
    if " ihr " not in f" {line} " and "euch" not in line:
        return line
    found = _DE_IHR_QUESTION.match(line)
    if found:
        head, comma, tail = found["rest"].partition(",")
        lead = (found["w"] or "ob ").lower()
        line = f"{lead}\x03 {head.rstrip()} {_we_form(found['verb'])}{comma}{tail}?"
    line = _DE_IHR_CLAUSE.sub(lambda m: f"{m[1]} \x03 {m[2]}{_we_form(m[3])}", line)
    return _DE_EUCH.sub("\x04", line)


def ours_written(line: str) -> str:
    """``line`` with the held-back "wir" and "uns" of ``german_subjects_swapped`` written out."""
    return line.replace("\x03", "wir").replace("\x04", "uns")
