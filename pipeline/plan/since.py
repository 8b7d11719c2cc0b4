"""When it started, as written: "since Monday", "since the update on Tuesday", "seit gestern", "depuis ce matin",
"seit ca. 8:40", "for two days now", and "Seitdem …" after a sentence with a date. Pure; "" when they did not say.
"""

from __future__ import annotations

import re

from ..caseless import caseless
from . import when

_SINCE_APPROX = caseless(
    r"(?:ca\.?|circa|about|abt\.?|around|approx\.?|approximately|etwa|ungefähr|gegen|environ|vers)\s+"
)
_SINCE_CLOCK = caseless(r"\s+(?:ca\.|about|around|gegen|vers|um)?\s*\d{1,2}[:.]\d{2}(?:\s*(?:Uhr|h|am|pm))?")
#: A stretch of time it was broken, by two clock times: "from about 08:40 until 10:15", "zwischen 8:10 und 9:40 Uhr",
#: "entre 8h10 et 9h40 environ".
#: ("07:40 Uhr", "8 h 40")
_CLOCK_TIME = r"\d{1,2}(?:[:.h]\d{2}(?:\s?(?:uhr|h)\b)?|\s?h\s?\d{2}\b|\s?h\b|\s?uhr\b|\s?[ap]\.?m\b\.?)"
_WINDOW = caseless(
    r"\b(?:from|between|von|zwischen|entre|de)\s+(?:(?:about|around|roughly|ca\.|circa|etwa|environ|vers)\s+)?"
    rf"{_CLOCK_TIME}\s*(?:until|till|to|and|bis|und|et|à|-|–)\s*(?:(?:about|around|roughly|ca\.|circa|etwa|environ|"
    rf"vers)\s+)?{_CLOCK_TIME}(?:\s*(?:uhr|environ))?"
)
#: A stretch of time in a sentence that says it was down: "inaccessible de 13h40 à 16h15", "showed "Sync error
#: E-503 - server unreachable" from 6:10 until about 7:45".
_WAS_DOWN = caseless(
    r"\b(?:down|outage|unavailable|unreachable|inaccessible|indisponible|en panne|ausgefallen|"
    r"nicht erreichbar|nichts erreichbar|nicht verfügbar|5\d\d)\b"
)
_NOT_NAMES = frozenset(("yesterday", "last", "this", "gestern", "heute", "letzte", "hier", "ce", "cette", "am"))
#: What was down, not who can be reached: "war bei uns NICHTS erreichbar", "nothing was reachable".
_NOT_REACHABLE = caseless(
    r"\b(?:nicht|nichts|not|nothing|plus rien|pas)\s+(?:\w+\s+)?(?:erreichbar|reachable|available|"
    r"joignable|disponible)\b"
)
#: The day a stretch of down time was on, a few words before it: "gestern von ca. 6:15 bis 9:40", "Last night between
#: 18:45 and 20:10", "Heute früh ging von 6:10 bis 6:45 nichts": that day and stretch is the incident itself.
_WINDOW_DAY = caseless(
    r"\b(?P<day>yesterday(?: morning| evening| afternoon)?|last night|this morning|(?:mon|tues|wednes|thurs|fri|satur|"
    r"sun)day(?: morning| evening| night| afternoon)?|gestern(?: abend| früh| morgen| nachmittag| vormittag)?|"
    r"heute (?:früh|morgen|nacht|vormittag)|letzte nacht|(?:am )?(?:montag|dienstag|mittwoch|donnerstag|freitag|"
    r"samstag|sonntag)(?:abend|morgen|früh)?|hier(?: soir| matin)?|ce matin|cette nuit|(?:lundi|mardi|mercredi|jeudi|"
    r"vendredi|samedi|dimanche)(?: soir| matin)?)\b"
    # (the date after the day goes with it: "le mercredi 2 décembre 2026, de 8 h 40 à 11 h 15")
    rf"(?P<date>,?\s+(?:the\s+)?\d{{1,2}}(?:er|st|nd|rd|th|\.)?\s+(?:{when.MONTH})\b\.?(?:\s+\d{{4}})?)?"
    r"(?:\s+[\w'.,]+){0,3}?\s+$"
)
_OFFERED_TIME = caseless(
    r"\b(?:call|ring|phone|reach\w*|avail\w*|free|open|meeting|anruf\w*|erreichbar|telefon\w*|termin|appel\w*|"
    r"joignable|disponible|dispo|réunion)\b"
)
_FOR_DURATION = caseless(
    r"\b(?:for the (?:last|past) |for |ça fait (?:maintenant )?|cela fait (?:maintenant )?|voilà )"
    r"(?:(?:roughly|about|around|almost|nearly|over|environ|presque|près de) )?"
    r"(?:two|three|four|five|several|a few|\d{1,2}|deux|trois|quatre|cinq|plusieurs|quelques)\s"
    r"(?:days|weeks|hours|jours|semaines|heures)\b|"
    # "For the THIRD week running", "die dritte Woche in Folge", "pour la troisième semaine consécutive"
    r"\bfor the (?:second|third|fourth|fifth|\d+(?:nd|rd|th)) (?:day|week|month) (?:running|in a row)\b|"
    r"\b(?:die|den|zum) (?:zweite|dritte|vierte|fünfte)n? (?:tag|woche|monat) in folge\b|"
    r"\bpour la (?:deuxième|troisième|quatrième|cinquième) (?:semaine|journée|fois) "
    r"(?:consécutive|de suite|d'affilée)\b",
)

_SINCE_WORD = caseless(r"\b(since|ever since|seit|depuis)\s+")
_SINCE_GLUE = frozenset(
    [
        "the",
        "this",
        "last",
        "our",
        "your",
        "their",
        "yesterday's",
        "yesterday",
        "today",
        "early",
        "late",
        "a",
        "few",
        "couple",
        "of",
        "on",
        "at",
        "about",
        "around",
        "am",
        "pm",
        "dem",
        "der",
        "den",
        "die",
        "das",
        "einigen",
        "einer",
        "einem",
        "ein",
        "paar",
        "um",
        "gegen",
        "letzten",
        "letzter",
        "letztem",
        "vergangenen",
        "früh",
        "ce",
        "cette",
        "cet",
        "la",
        "le",
        "l'",
        "les",
        "du",
        "de",
        "dernier",
        "dernière",
        "quelques",
        "à",
        "mise",
        "h",
        "uhr",
        "heures",
        "etwa",
        "ungefähr",
        "rund",
        "knapp",
        "environ",
        "zwei",
        "drei",
        "two",
        "three",
        "deux",
        "trois",
        "ihrem",
        "ihrer",
        "ihren",
        "unserem",
        "unserer",
        "anfang",
        "ende",
        "mitte",
        "début",
        "fin",
        "votre",
        "notre",
        "start",
        "end",
        "beginning",
        "middle",
    ]
)
_SINCE_TIMEY = caseless(
    r"\d|day|week|month|morning|night|evening|update|upgrade|release|migration|deploy|outage|maintenance|change|"
    r"gestern|heute|woche|tag|monat|stunde|wartung|umstellung|kurzem|matin|hier|soir|jour|semaine|mois|heure|"
    r"morgen|früh|vormittag|nachmittag|abend|nacht|mittag|uhr|halb|"
    r"lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|montag|dienstag|mittwoch|donnerstag|freitag|samstag|"
    r"sonntag|january|february|march|april|may|june|july|august|september|october|november|december|januar|"
    r"februar|märz|mai|juni|juli|oktober|dezember|janvier|février|mars|avril|juin|juillet|août|octobre|novembre|"
    r"décembre|version|wechsel|erneuerung|rotation|renewal|rollout|switch|changement|renouvellement|umzug|"
    r"\b(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|févr|déc)\b",
)
_SINCE_TRAIL = caseless(r"(?:\s+(?:the|this|our|on|at|of|a|dem|der|den|die|das|um|la|le|les|du|de|à|l'))+$")
_DETERMINERS = frozenset(
    (
        "our",
        "the",
        "my",
        "your",
        "a",
        "an",
        "unser",
        "unsere",
        "ein",
        "eine",
        "einen",
        "notre",
        "nos",
        "mon",
        "ma",
        "mes",
        "un",
        "une",
    )
)
_DAY_NAMED = caseless(r"(?:day|tag|di|\d|weekend|wochenende|week-end|week|woche|semaine)$|"
                      r"^(?:yesterday|today|gestern|heute|hier|morning)$")  # fmt: skip
_SINCE_STOP_CASE = re.compile(r"^(I|We|It|The|Our|Ich|Wir|Es|Das|Die|Der|Je|Nous|On|Il|Le|La)$")


#: Whose change it was, said back in our voice: "since your change yesterday" -> "since our change yesterday".
_IN_OUR_VOICE = {"your": "our", "our": "your", "Ihrem": "unserem", "Ihrer": "unserer", "Ihren": "unseren",
                 "unserem": "Ihrem", "unserer": "Ihrer", "unseren": "Ihren", "votre": "notre", "notre": "votre",
                 "vos": "nos", "nos": "vos"}  # fmt: skip
_YEARS = caseless(r"(?:ans?|années?|years?|yrs|jahre[n]?|monate[n]?|months?|mois|wochen|weeks?|semaines?)\b")
_CUSTOMER_SINCE = caseless(r"\b(?:customers?|clients?|kunden?|kundin|abonnés?|subscribers?|with you|chez vous|bei "
                           r"ihnen)\W*$")  # fmt: skip


#: Where the phrase after "since" ends: not at a colon or full stop between digits ("since 08:40", "seit 6.10.")
#: nor at the full stop of a German day before its month ("seit dem 12. November").
_SEGMENT_END = caseless(rf"[,;!?()\n]|:(?!\d)|\.(?!\d)(?!\s*(?:{when.MONTH})\b)")
#: Words after a number that make it the start of a range ("30 bis 40 Sekunden", "5 to 10 minutes").
_RANGE_WORDS = frozenset({"bis", "to", "à", "-", "–", "and", "und", "et", "or", "oder", "ou"})


def since(text: str) -> str:
    """When it started, as written: "since Monday", "since the update on Tuesday", "seit gestern",
    "depuis ce matin"; "" when they did not say (and "since we pay for 200 seats" is a reason, not a time)."""
    if on_day := down_on_day(text):
        return on_day
    for match in _SINCE_WORD.finditer(text):
        approx = _SINCE_APPROX.match(text, match.end())  # "seit ca. 8:40": the "ca." is no full stop
        start = approx.end() if approx else match.end()
        segment = _SEGMENT_END.split(text[start : start + 80], maxsplit=1)[0]
        words: list[str] = []
        split = segment.split()[:7]
        for index, word in enumerate(split):
            if words and _SINCE_STOP_CASE.match(word):
                break
            after = split[index + 1] if index + 1 < len(split) else ""
            if words and word.lower() in _DETERMINERS and _DAY_NAMED.search(words[-1]) and not after[:1].isdigit():
                break  # "since Saturday our nightly job …": the day is the time, "our" starts the story
            if word.lower() not in _SINCE_GLUE and not _SINCE_TIMEY.search(word) and not word[0].isdigit():
                break
            beyond = split[index + 2] if index + 2 < len(split) else ""
            if words and word[0].isdigit() and after.lower() in _RANGE_WORDS and beyond[:1].isdigit():
                break  # "seit Anfang November 30 bis 40 Sekunden": the number starts a measure, not a day
            words.append(word)
        phrase = _SINCE_TRAIL.sub("", " ".join(words))
        rest = segment.split()[len(words) : len(words) + 1]
        if phrase.isdigit() and rest and _YEARS.match(rest[0]):
            continue  # "je paie 14 licences depuis 4 ans": how long, not since when
        if _CUSTOMER_SINCE.search(text[max(0, match.start() - 40) : match.start()]):
            continue  # "we have been customers since 2019": their history with us, not the problem's start
        if phrase and _SINCE_TIMEY.search(phrase):
            clock = _SINCE_CLOCK.match(text, start + len(" ".join(words)))  # "seit heute ca. 9:00 Uhr"
            phrase = " ".join(_IN_OUR_VOICE.get(w, w) for w in phrase.split())  # "since your change" is ours
            return f"{match[1].lower()} {approx[0] if approx else ''}{phrase}{clock[0] if clock else ''}".rstrip()
    duration = _FOR_DURATION.search(text)  # "for two days now", "ça fait maintenant deux jours que …"
    if duration:  # "For roughly three weeks the page …": said back inside our sentence, lower case
        found = " ".join(duration[0].split())
        return found[:1].lower() + found[1:]
    return _since_then(text) or _until_our_change(text) or _since_they_did(text) or _down_between(text)


def down_on_day(text: str) -> str:
    """ "gestern von ca. 6:15 bis 9:40 Uhr", "last night between 18:45 and about 20:10": the stretch a service was
    down on a day they name, more telling than since when (an outage is that stretch); "" when they name none."""
    return _down_between(text, on_day=True)


def _down_between(text: str, on_day: bool = False) -> str:
    """ "from about 08:40 until 10:15", "entre 8h10 et 9h40": when it was down, not when they can take a call."""
    for window in _WINDOW.finditer(text):
        start = max(text.rfind(end, 0, window.start()) for end in ".!?\n") + 1
        stop = min((i for i in (text.find(end, window.end()) for end in ".!?\n") if i >= 0), default=len(text))
        offered = _OFFERED_TIME.search(_NOT_REACHABLE.sub(" ", text[start:stop]))
        if offered:  # "I'm reachable between 9:00 and 18:00": theirs to offer (not "NICHTS erreichbar")
            continue
        day = _WINDOW_DAY.search(text[max(start, window.start() - 60) : window.start()])
        if on_day and not day and not _WAS_DOWN.search(text[start:stop]):
            continue
        found = " ".join(window[0].split())
        if not day:
            return found
        lead = day["day"] + (day["date"] or "").rstrip(",")  # "Last night between …" in our sentence: "(last night …)"
        return f"{lead[0].lower() + lead[1:] if lead.split()[0].lower() in _NOT_NAMES else lead} {found}"
    return ""


#: "It was under 2 seconds until your release on 26 November", "lief bis zum Update am 26.11. einwandfrei",
#: "marchait jusqu'à votre mise à jour du 26/11": it started with the change they name.
_UNTIL_CHANGE = caseless(
    r"\b(?:was|were|worked|ran|loaded|went|war|waren|lief|liefen|ging|funktionierte|était|marchait|fonctionnait|"
    r"allait)\b[^.!?\n]{0,60}?\b(?P<lead>until|till|bis zu[mr]|jusqu'(?:à|au))\s+"
    r"(?P<whose>your|the|our|last week's|ihrem|ihrer|dem|der|letzten|votre|la|le)?\s*"
    r"(?P<change>release|update|upgrade|deploy(?:ment)?|maintenance|migration|changeover|Update|Release|Wartung|"
    r"Umstellung|mise à jour|version|maintenance|migration)\b"
    r"(?:\s+(?:on|of|am|vom|du|le)\s+(?P<date>[^,;!?\n]{3,20}?))?(?=[\s,;.!?]|$)",
)
_OUR = {"your": "our", "our": "our", "ihrem": "unserem", "ihrer": "unserer", "votre": "notre"}
_SINCE_AT = {"until": "since", "till": "since", "bis zum": "seit dem", "bis zur": "seit der"}


def _until_our_change(text: str) -> str:
    """ "since our release on 26 November" when it worked until a change they name, else "" (said in our voice)."""
    found = _UNTIL_CHANGE.search(text)
    if found is None:
        return ""
    lead = found["lead"].lower()
    since_word = _SINCE_AT.get(lead, "depuis")
    whose = (found["whose"] or "").lower()
    if since_word in ("seit dem", "seit der"):
        since_word, whose = "seit", _OUR.get(whose, since_word.split()[1])
    else:
        whose = _OUR.get(whose, whose or ("the" if since_word == "since" else "la"))
    date = found["date"] if found["date"] and when.DATE.search(found["date"]) else ""
    on = {"since": "on", "seit": "am", "depuis": "du"}[since_word] if date else ""
    return " ".join(w for w in (since_word, whose, found["change"], on, date.strip()) if w)


#: "… am Freitag (27.11.) erneuert. Seitdem kommt …": since the date in the sentence before.
_SINCE_THEN = caseless(r"\b(?P<lead>seitdem|since then|ever since|depuis (?:lors|ce moment|cette date))\b")
_SINCE_LEAD = {"seitdem": "seit", "since then": "since", "ever since": "since"}


def _since_then(text: str) -> str:
    """ "seit 27.11." when they write "Seitdem …" after a sentence with a date, else ""."""
    found = _SINCE_THEN.search(text)
    if found is None:
        return ""
    before = re.split(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ])", text[max(0, found.start() - 200) : found.start()].strip())
    # the sentence before: its first date is the event ("am Freitag (27.11.) erneuert, das alte wäre am 30.11. …")
    dates = list(when.DATE.finditer(before[-1]))
    if not dates:  # "Wir haben gestern Nachmittag das Zertifikat erneuert. Seitdem …": since the day it names
        day = _DAY_WORD.search(before[-1])
        lead = _SINCE_LEAD.get(found["lead"].lower(), "depuis")
        return f"{lead} {day[0]}" if day else ""
    lead = _SINCE_LEAD.get(found["lead"].lower(), "depuis le")
    return f"{lead} {dates[0][0].rstrip('.')}"


#: A day named without a date: "gestern Nachmittag", "yesterday afternoon", "hier soir", "Friday".
_DAY_WORD = caseless(
    r"\b(?:gestern|yesterday|hier)(?:\s+(?:nachmittag|abend|vormittag|früh|morgen|afternoon|evening|morning|soir|"
    rf"après-midi|matin))?\b|{when.WEEKDAY.pattern}"
)


#: "Since we rotated our signing certificate on Friday", "seit wir am Montag umgestellt haben", "depuis que nous
#: avons changé le certificat vendredi": since the day of a change of theirs (said back as the day alone).
_SINCE_THEY_DID = caseless(
    r"\b(?P<lead>since|ever since|seit|depuis qu['’]?e?)\s*(?:we|i|they|wir|ich|sie|nous|on|j['’]|je|ils)\b"
    rf"[^.!?\n]{{0,80}}?\b(?:(?:on|am|le|last|letzten|vergangenen)\s+)?(?P<day>{when.WEEKDAY.pattern}|"
    r"yesterday|gestern|hier|this morning|heute (?:morgen|früh)|ce matin)"
)


def _since_they_did(text: str) -> str:
    """ "since Friday" when they write "since we rotated the certificate on Friday", else ""."""
    found = _SINCE_THEY_DID.search(text)
    if found is None:
        return ""
    lead = found["lead"].lower()
    lead = "depuis" if lead.startswith("depuis") else "since" if "since" in lead else "seit"
    return f"{lead} {found['day']}"
