"""The words a time is said with, in English, German and French: "today", "end of next week", "Donnerstagmittag",
"jeudi 10", "bis 15.01.", "3 pm", "2 December", "fin du mois". One pattern, where such a phrase may start; the
deadline reader finds the phrase, ``when.resolve`` says what moment it names.
"""

from __future__ import annotations

from ..caseless import caseless
from . import when

WHEN = caseless(
    r"today|tonight|tomorrow|the day after tomorrow|this (?:morning|afternoon|evening)|"
    r"end of next week|ende (?:der )?n(?:ä|ae)chste[nr]? woche|fin de la semaine prochaine|"
    r"(?:the )?end of (?:mon|tues|wednes|thurs|fri|satur|sun)day|"
    r"end of (?:the |this )?(?:day|week|month)|"
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
    + r"|"
    r"\d{1,2}(?:st|nd|rd|th|er|\.)?\s*(?:of\s+)?(?:" + when.MONTH + r")\.?(?:\s+\d{4})?|"
    r"(?:" + when.MONTH + r")\.?\s+\d{1,2}(?:st|nd|rd|th)?|"
    r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{1,2}/\d{1,2}(?![/\d])",  # ("avant le 15/01")
)
