"""The words a time is said with, in English, German and French: "today", "end of next week", "Donnerstagmittag",
"jeudi 10", "bis 15.01.", "3 pm", "2 December", "fin du mois". One pattern, where such a phrase may start; the
deadline reader finds the phrase, ``when.resolve`` says what moment it names.
"""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from ..caseless import caseless
from . import when

WHEN = caseless(
    r"today|tonight|tomorrow|the day after tomorrow|this (?:morning|afternoon|evening)|"
    r"end of next week|ende (?:der )?n(?:ä|ae)chste[nr]? woche|fin de la semaine prochaine|"
    r"(?:the )?end of (?:mon|tues|wednes|thurs|fri|satur|sun)day|"
    r"end of (?:the |this )?(?:day|week|month)|month[- ]end|"
    r"eod|cob|eow|close of business|end of business|midnight|(?:12\s?)?noon|(?:12\s?)?midday|next week|this week|"
    r"heute|morgen|übermorgen|mittag|feierabend|dienstschluss|ende (?:der|dieser) woche|n(?:ä|ae)chste[nr]? woche|"
    r"kommende[nr]? woche|monatsende|ende des monats|jahresende|year-?end|end of (?:the |this )?year|"
    r"quarter-?end|end of (?:the |this )?quarter|quartalsende|ende (?:des|dieses) quartals|fin (?:du|de ce) trimestre|"
    rf"(?:end of|ende|fin (?:de |d')?|mitte|mid-?|middle of|(?:la )?mi-|anfang|early|début)\s*(?:{when.MONTH})\b|"
    r"aujourd'hui|demain|après-demain|ce soir|ce matin|midi|minuit|fin de (?:la |cette )?(?:journée|semaine)|"
    r"fin du mois|"
    r"semaine prochaine|la semaine prochaine|fin d(?:e l)?'année|"
    r"(?:(?:next|this|coming|nächsten?|naechsten?|kommenden?|diesen?)\s+)?(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|"
    r"(?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag)(?:mittag|abend|morgen|früh|vormittag|nachmittag)?|"
    r"lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)(?:\s+(?:prochain|next))?"
    # "jeudi 10", "Monday 14th": the day of the month too (not a clock time: "Montag 10 Uhr")
    r"(?:\s+\d{1,2}(?:er|\.|st|nd|rd|th)?(?![\d:]|[.,]\d|\s*(?:h\b|uhr|am\b|pm\b|a\.m|p\.m)|\s+(?:of\s+)?(?:"
    + when.MONTH
    + r")\b))?|"
    # a day and month before a clock time: "bis 15.01.2027", "bis 15.01." is a date, not 15:01
    r"\d{1,2}\.(?:0?[1-9]|1[0-2])\.(?:\d{4}|\d{2}(?!\d))?(?!\d|\s*uhr)|"
    r"\d{1,2}(?::\d{2})?\s*[ap]\.?\s?m\b\.?|\d{1,2}[:.]\d{2}\s*(?:uhr|h)?|\d{1,2}\s*(?:uhr|h)\b|"
    + when.BARE_HOUR.replace("(?P<h5>", "(?:")
    + r"|(?<![\d.,:])\d{1,2}(?=\s+(?:today|tonight|tomorrow|heute|morgen)\b)|"  # "by 12 today": an hour
    r"\d{1,2}(?:st|nd|rd|th|er|\.)?\s*(?:of\s+)?(?:" + when.MONTH + r")\.?(?:\s+\d{4})?|"
    r"(?:" + when.MONTH + r")\.?\s+\d{1,2}(?:st|nd|rd|th)?|"
    r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{1,2}/\d{1,2}(?![/\d])",  # ("avant le 15/01")
)


#: A time zone named after a clock time: "5 pm Pacific", "17 Uhr Pacific", "17 h heure du Pacifique", "9am ET".
ZONE = (
    r"(?:pacific|eastern|central|mountain)(?: standard| daylight)?(?: time)?|p[sd]?t|e[sd]?t|c[sd]t|m[sd]t|uk time|"
    r"london time|gmt|utc|heure (?:du pacifique|de l'est|du centre|des rocheuses)|heure de [A-ZÉ][\w-]+"
)
#: Each zone's IANA name, by the words that name it (a city as the French "heure de Montréal" says it), and by its
#: code, in capitals only ("ET", not the French "et").
_ZONES = (
    (r"pacific|heure du pacifique|heure de (?:vancouver|los angeles|san francisco|seattle)", r"P[SD]?T",
     "America/Los_Angeles"),
    (r"eastern|heure de l'est|heure de (?:montréal|montreal|québec|toronto|new york|ottawa)", r"E[SD]?T",
     "America/Toronto"),
    (r"central|heure du centre|heure de (?:chicago|winnipeg)", r"C[SD]T", "America/Chicago"),
    (r"mountain|heure des rocheuses|heure de (?:denver|calgary|edmonton)", r"M[SD]T", "America/Denver"),
    (r"uk time|london time|heure de londres", r"GMT|BST", "Europe/London"),
    (r"utc", r"UTC|Z", "UTC"),
)  # fmt: skip
_NAMED_ZONE = [
    (re.compile(rf"(?<![\w'])(?:(?i:{words})(?: (?i:standard|daylight))?(?: (?i:time))?|{codes})(?!\w)"), zone)
    for words, codes, zone in _ZONES
]
#: A clock time in the phrase: only then does a zone move the moment ("by Thursday Pacific" is still that day).
_CLOCK = re.compile(r"\d{1,2}(?::\d\d)?\s?(?:am|pm|a\.m\.|p\.m\.|h|uhr)\b|\b\d{1,2}:\d\d\b", re.IGNORECASE)


def in_named_zone(phrase: str, at: datetime) -> datetime:
    """``at`` (resolved on the message's own clock) read as the same wall-clock time in the zone ``phrase`` names
    after its clock time ("17 h heure du Pacifique" is 17:00 in Vancouver); ``at`` itself when it names none."""
    if not _CLOCK.search(phrase):
        return at
    for pattern, zone in _NAMED_ZONE:
        if pattern.search(phrase):
            return at.replace(tzinfo=ZoneInfo(zone))
    return at
