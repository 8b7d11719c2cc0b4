"""Dates and times in the customer's words (en, de, fr), resolved against the message's Date.

Shared by ``facts`` (dates they mention) and ``deadline`` (when they need an answer). Pure: the base is
always the message's Date, never the clock.

Written dates ("2 November", "am 6. Oktober", "02.11.2026") are found by the patterns here and turned
into a month and day by ``dateparser``, cached per (language, phrase) because the answer does not
depend on the message; the year is ours to choose (``nearest``, ``upcoming``), since a date without a
year means different things in a complaint ("charged on 2 November") and in a deadline ("by 12 January").
Weekdays, "tomorrow" and times of day are read by the small tables below rather than by dateparser,
which reads "Donnerstag 15 Uhr" as the 15th and "demain 12h" as 04:30 (measured with dateparser 1.2).
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from dateparser.date import DateDataParser

from ..caseless import caseless

_MONTH_NAMES = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "januar",
    "jänner",
    "februar",
    "märz",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "dezember",
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "jän",
    "mär",
    "okt",
    "dez",
    "janv",
    "févr",
    "fév",
    "avr",
    "juil",
    "déc",
    # typed without accents or umlauts: "17 decembre", "Ende Maerz"
    "fevrier",
    "aout",
    "decembre",
    "maerz",
    "fevr",
    "dec.",
]
#: Month names and abbreviations in en, de, fr, longest first (the deadline reader reuses them).
MONTH = "|".join(sorted({re.escape(m) for m in _MONTH_NAMES}, key=len, reverse=True))
#: Words after which "18/11" is a date (day first), not a fraction or "24/7".
_DATE_LEADS = ("le", "du", "au", "on", "am", "vom", "bis", "until", "from", "since", "depuis", "seit", "et", "and",
               "und")  # fmt: skip

#: Written dates. Day-first ("2 November", "6. Oktober", "1er décembre"), month-first in English
#: ("November 2"), ISO ("2026-11-02") and numeric day-first ("02.11.2026", "2/11/26", "am 18.11.", "le 18/11").
DATE = caseless(
    rf"(?<![\w.,-])(?P<d1>\d{{1,2}})(?:st|nd|rd|th|er|\.)?\s*(?:of\s+)?(?P<m1>{MONTH})\.?(?:,?\s+(?P<y1>\d{{4}}))?(?!\w)|"
    rf"(?<![\w.-])(?P<m2>{MONTH})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y2>\d{{4}}))?(?![\w:]|\.\d)|"
    r"(?<![\w.-])(?P<y3>\d{4})-(?P<mo3>\d{1,2})-(?P<d3>\d{1,2})(?![\w-])|"
    r"(?<![\w.,/-])(?P<d4>\d{1,2})[./](?P<mo4>\d{1,2})[./](?P<y4>\d{4}|\d{2})(?![\w/-]|[.,]\d)|"
    # without a year: "am 18.11." with its closing dot, "le 18/11" after a word that leads a date (not "24/7")
    r"(?<![\w.,/-])(?P<d5>\d{1,2})\.(?P<mo5>\d{1,2})\.(?![\w/-]|[.,]?\d)|"
    # the lookahead first: fifteen lookbehinds tried at every character cost more than the rest of the pattern
    r"(?=\d{1,2}/)(?:" + "|".join(rf"(?<=\b{w} )" for w in _DATE_LEADS) + r")(?P<d6>\d{1,2})/(?P<mo6>\d{1,2})"
    r"(?![\w/-]|[.,]\d)",
)

WEEKDAYS = {
    **dict.fromkeys(("monday", "montag", "lundi"), 0),
    **dict.fromkeys(("tuesday", "dienstag", "mardi"), 1),
    **dict.fromkeys(("wednesday", "mittwoch", "mercredi"), 2),
    **dict.fromkeys(("thursday", "donnerstag", "jeudi"), 3),
    **dict.fromkeys(("friday", "freitag", "vendredi"), 4),
    **dict.fromkeys(("saturday", "samstag", "sonnabend", "samedi"), 5),
    **dict.fromkeys(("sunday", "sonntag", "dimanche"), 6),
}
WEEKDAY = caseless(r"\b(" + "|".join(WEEKDAYS) + r")s?\b")

#: Days relative to the message: offset in days. "morgen" (lower case) is tomorrow, "Morgen" a morning.
_DAY_WORDS = (
    (re.compile(r"\b(the day after tomorrow|übermorgen|après-demain)\b", re.I), 2),
    (re.compile(r"(?i:\b(tomorrow|demain)\b)|\bmorgen\b"), 1),
    (re.compile(r"\b(today|tonight|heute|aujourd'hui|aujourd’hui|ce soir|ce matin|cet après-midi|this (morning|"
                r"afternoon|evening))\b", re.I), 0),
)  # fmt: skip
#: Times of day named by a word: (hour, minute).
_PART_OF_DAY = (
    (re.compile(r"\b(midnight|mitternacht|minuit)\b", re.I), (23, 59)),
    (re.compile(r"\b(noon|midday|lunch ?time|mittags?|midi)\b", re.I), (12, 0)),
    (re.compile(r"\b(end of (the )?(business )?day|eod|cob|close of business|end of business|feierabend|"
                r"dienstschluss|geschäftsschluss|tagesende|fin de (la )?journée)\b", re.I), (17, 0)),
    (re.compile(r"\b(evening|tonight|abends?|soir|soirée)\b", re.I), (18, 0)),
    (re.compile(r"\b(afternoon|nachmittags?|après-midi)\b", re.I), (13, 0)),
    (re.compile(r"\b(morning|früh|vormittags?|matin|matinée)\b|\bMorgen\b|\bmorgens\b"), (9, 0)),
)  # fmt: skip
#: A bare hour after "um"/"at" ("morgen früh um 7", "tomorrow at 9"), not a count ("um 7 Prozent", "at 3 users"); and
#: an hour before the day it is on: "by 12 today", "before 12 today", "bis 3 morgen", "vor 12 heute", or a phrase
#: that starts with one ("12 today", as the deadline reader cuts it).
BARE_HOUR = (r"(?:(?<=\bum |\bat )|(?:(?<=\bby )|(?<=\bbis )|(?<=\bbefore )|(?<=\bvor )|(?<=\buntil )|^)"
             r"(?=\d{1,2}\s+(?:today|tonight|tomorrow|heute|morgen)\b))"
             r"(?P<h5>\d{1,2})(?![\d:.,]|\s*(?:%|prozent|percent|euro|eur\b|€|\$|minut|stund|hour|"
             r"tag|day|user|nutzer|leute|people|seat|platz|lizenz|licen|mal\b|times|jahr|year|monat|month|woche|week|"
             r"[kmg]b\b|of\b|von\b|out\b))")  # fmt: skip
#: A clock time: "3 pm", "15:00", "12 Uhr", "15h30", "9.30 Uhr", "um 7".
CLOCK = caseless(
    r"(?<![\w.:])(?:(?P<h>\d{1,2})(?::(?P<m>\d{2}))?\s*(?P<ap>[ap])\.?\s?m\b\.?|"
    r"(?P<h2>\d{1,2})[:.](?P<m2>\d{2})\s*(?:uhr|h)\b|(?P<h3>\d{1,2}):(?P<m3>\d{2})(?![\d:])|"
    r"(?P<h4>\d{1,2})\s*(?:uhr|h)(?:\s*(?P<m4>\d{2}))?\b|" + BARE_HOUR + ")",
)
_WEEK = caseless(
    # "bis Ende nächster Woche", "by the end of next week", "d'ici la fin de la semaine prochaine": next Friday
    r"\b(?P<end_next>end of next week|ende (?:der )?n(?:ä|ae)chste[nr]? woche|fin de la semaine prochaine)\b|"
    r"\b(?P<next>next week|nächste[nr]? woche|kommende[nr]? woche|la semaine prochaine|semaine prochaine)\b|"
    r"\b(?P<end>end of (the |this )?week|eow|ende (der|dieser) woche|wochenende|fin de (la |cette )?semaine)\b|"
    r"\b(?P<month>end of (the |this )?month|month[- ]end|monatsende|ende (des|dieses) monats|fin (du|de) mois)\b|"
    # "bis Jahresende", "by year-end", "d'ici la fin de l'année": 31 December
    r"\b(?P<year>year-?end|year end|end of (the |this )?year|jahresende|ende (des|dieses) jahres|"
    r"fin (de l'|d')année)\b|"
    # "before the end of the quarter", "bis Quartalsende", "avant la fin du trimestre": the quarter's last day
    r"\b(?P<quarter>quarter-?end|end of (the |this )?quarter|quartalsende|ende (des|dieses) quartals|"
    r"fin (du|de ce) trimestre)\b|"
    # "end of November", "Ende November", "fin novembre", "fin d'octobre": that month's last day
    rf"\b(?:end of|ende|fin (?:de |d')?)\s*(?P<named>{MONTH})\b|"
    # "Mitte Dezember", "mid-December", "mi-décembre": the 15th; "Anfang Januar", "early January": the 5th
    rf"\b(?:mitte|mid-?|middle of|(?:la )?mi-)\s*(?P<mid>{MONTH})\b|\b(?:anfang|early|début)\s+(?P<early>{MONTH})\b",
)
#: Words that put a phrase in the past: such a phrase is never a deadline.
PAST = caseless(r"\b(last|yesterday|ago|letzte[nrs]?|gestern|vorige[nrs]?|dernier|dernière|hier|il y a)\b")
#: End of a day when no time was given (the contract of ``CustomerDeadline.at``).
END_OF_DAY = time(23, 59)


@lru_cache(maxsize=8)
def _parser(language: str) -> DateDataParser:
    """One parser per language (building one loads its locale data). The base is fixed on purpose:
    only month and day are taken from its answer, so the cache stays valid for every message."""
    languages = list(dict.fromkeys([language, "en", "de", "fr"]))
    settings = {"RELATIVE_BASE": datetime(2000, 1, 1), "PREFER_DAY_OF_MONTH": "first", "DATE_ORDER": "DMY"}
    try:
        return DateDataParser(languages=languages, settings=settings)
    except (ValueError, KeyError):  # a language dateparser does not know: best effort with ours
        return DateDataParser(languages=["en", "de", "fr"], settings=settings)


_DAY_MONTH = re.compile(r"(\d{1,2})(?:\.(\d{1,2})\.|/(\d{1,2}))")


@lru_cache(maxsize=4096)
def month_day(phrase: str, language: str) -> tuple[int, int, int | None] | None:
    """(month, day, year or None when none was written) of a written date, or None when it is no date."""
    numeric = _DAY_MONTH.fullmatch(phrase.strip())  # "18.11." or "18/11" (DATE found it after "le", "am", …)
    if numeric:  # day before month, as written in German and French (and British English)
        day, month = int(numeric[1]), int(numeric[2] or numeric[3])
        return (month, day, None) if 1 <= month <= 12 and 1 <= day <= 31 else None
    match = DATE.fullmatch(phrase.strip())
    if not match:
        return None
    if match["m2"] and language in ("de", "fr"):
        return None  # month first is English: "im Oktober 20 Handscanner" is a month and a count
    year_text = match["y1"] or match["y2"] or match["y3"] or match["y4"]
    try:
        data = _parser(language).get_date_data(phrase)
    except Exception:  # dateparser is third-party code on customer text: a miss, never a crash
        return None
    if data is None or data.date_obj is None:
        return None
    year = None
    if year_text:
        year = int(year_text) + (2000 if len(year_text) == 2 else 0)
    return data.date_obj.month, data.date_obj.day, year


def _on(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def nearest(month: int, day: int, year: int | None, base: date) -> date | None:
    """A mentioned date: the written year, else the one closest to ``base`` ("2 November" written on
    4 November is two days ago, written on 20 October it is next month)."""
    if year is not None:
        return _on(year, month, day)
    options = [d for y in (base.year - 1, base.year, base.year + 1) if (d := _on(y, month, day))]
    return min(options, key=lambda d: abs((d - base).days), default=None)


def upcoming(month: int, day: int, year: int | None, base: date) -> date | None:
    """A deadline's date: the written year, else this year's unless that is more than two weeks gone
    (then next year's: "by 12 January" in November). A date up to two weeks back stays in the past,
    so the caller drops it: "by 2 November" on 4 November is late, not a year away."""
    if year is not None:
        return _on(year, month, day)
    this_year = _on(base.year, month, day)
    if this_year is not None and this_year >= base - timedelta(days=14):
        return this_year
    return _on(base.year + 1, month, day)


_MORNING = caseless(r"\b(?:früh|morgens|vormittags?|morning|a\.?m\.?|matin)\b")
_EVENING = caseless(r"\b(?:abends?|nachmittags?|evening|afternoon|tonight|soir|après-midi)\b")


def clock(phrase: str) -> time | None:
    """The time of day in ``phrase`` ("3 pm", "15:00", "12 Uhr", "midi", "tomorrow morning"), or None."""
    match = CLOCK.search(phrase)
    if match:
        hour = int(match["h"] or match["h2"] or match["h3"] or match["h4"] or match["h5"])
        if match["h5"] and (0 < hour < 7 or _EVENING.search(phrase)) and not _MORNING.search(phrase):
            hour = hour % 12 + 12  # "at 3" is in the afternoon, "abends um 7" in the evening
        minute = int(match["m"] or match["m2"] or match["m3"] or match["m4"] or 0)
        if match["ap"]:
            hour = hour % 12 + (12 if match["ap"].lower() == "p" else 0)
        if hour < 24 and minute < 60:
            return time(hour, minute)
    for pattern, (hour, minute) in _PART_OF_DAY:
        if pattern.search(phrase):
            return time(hour, minute)
    return None


def day_offset(phrase: str) -> int | None:
    """Days from the message's date named by "today", "tomorrow", "übermorgen" ..., or None."""
    for pattern, offset in _DAY_WORDS:
        if pattern.search(phrase):
            return offset
    return None


def next_weekday(name: str, base: date) -> date:
    """The coming ``name`` day, today included ("by Friday" written on a Friday means today)."""
    return base + timedelta(days=(WEEKDAYS[name.lower().rstrip("s")] - base.weekday()) % 7)


def week_day(phrase: str, base: date) -> tuple[date, time] | None:
    """Deadlines named by a week or month: "next week" is the Monday of next week at 09:00, the
    earliest the customer can mean ("before the board meeting next week": the meeting may be on
    Monday); "end of the week" is Friday 17:00 of this week; "end of the month" (or of November) its last day."""
    match = _WEEK.search(phrase)
    if not match:
        return None
    if match["end_next"]:
        return base + timedelta(days=7 - base.weekday() + 4), time(17, 0)
    if match["next"]:
        return base + timedelta(days=7 - base.weekday()), time(9, 0)
    if match["end"]:
        return base + timedelta(days=(4 - base.weekday()) % 7), time(17, 0)
    month = 12 if match["year"] else (base.month + 2) // 3 * 3 if match["quarter"] else base.month
    named = match["named"] or match["mid"] or match["early"]
    if named:
        parts = month_day(f"1 {named}", "en")
        if parts is None:
            return None
        month = parts[0]
    # this year's month, or next year's once it is over ("Ende Januar" written in December)
    year = base.year + (month < base.month)
    if match["mid"] or match["early"]:
        return date(year, month, 15 if match["mid"] else 5), END_OF_DAY
    first_next = date(year + month // 12, month % 12 + 1, 1)
    return first_next - timedelta(days=1), END_OF_DAY


def business_hours_between(start: datetime, end: datetime) -> float:
    """Hours from ``start`` to ``end`` that fall on Monday to Friday (all day: the customer's own
    calendar is unknown, and holidays belong to ``calendar``, which this pure reading does not see)."""
    if end <= start:
        return 0.0
    hours, cursor = 0.0, start
    while cursor < end:
        day_end = datetime.combine(cursor.date() + timedelta(days=1), time(0), tzinfo=cursor.tzinfo)
        step_end = min(end, day_end)
        if cursor.weekday() < 5:
            hours += (step_end - cursor).total_seconds() / 3600
        cursor = step_end
        if hours > 72:  # far enough: nobody asks whether a deadline is 3 or 30 business days away
            break
    return hours


_DAY_AND_PART = re.compile(
    r"(?i)(montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag)"
    r"(mittag|abend|morgen|früh|vormittag|nachmittag)\b"
)


def resolve(written: str, received: datetime, language: str, before: bool) -> datetime | None:
    """The moment ``written`` names, in ``received``'s zone; None when it names no day or time."""
    if PAST.search(written):
        return None
    written = _DAY_AND_PART.sub(r"\1 \2", written)  # "bis Donnerstagmittag": Thursday, at noon
    base = received.date()
    zone = received.tzinfo
    day: date | None = None
    at_time = clock(written)
    date_match = DATE.search(written)
    if date_match:
        parts = month_day(date_match[0], language)
        if parts is None:
            return None
        day = upcoming(*parts, base)
    elif (weekday := WEEKDAY.search(written)) is not None:
        day = next_weekday(weekday[1], base)
        numbered = _DAY_NUMBER.match(written, weekday.end())  # "jeudi 10": the 10th, whatever Thursday comes first
        on_nth = nth_of_month(int(numbered[1]), received) if numbered else None
        day = on_nth.date() if on_nth else day
        if re.search(r"\b(next|nächste[nr]?|prochain)\s+" + re.escape(weekday[1]), written, re.I) and day == base:
            day += timedelta(days=7)
    elif (offset := day_offset(written)) is not None:
        day = base + timedelta(days=offset)
    elif (week := week_day(written, base)) is not None:
        day, week_time = week
        at_time = at_time or week_time
    if day is None and at_time is None:
        return None
    if day is None:  # a time alone: today's, or tomorrow's once past ("by 3 pm" written at 16:00)
        moment = datetime.combine(base, at_time or END_OF_DAY, tzinfo=zone)
        return moment if moment > received else moment + timedelta(days=1)
    if at_time is None:
        at_time = time(0) if before else END_OF_DAY
    moment = datetime.combine(day, at_time, tzinfo=zone)
    if at_time in (time(17), time(18)) and moment <= received and day == base:
        # "by end of day" written after 17:00, "tonight" written at 19:58: the rest of today
        moment = max(datetime.combine(day, END_OF_DAY, tzinfo=zone), received)
    return moment


_DAY_NUMBER = re.compile(r"\s+(\d{1,2})(?:er|\.|st|nd|rd|th)?(?![\d:]|[.,]\d|\s*(?:h\b|uhr|am\b|pm\b))", re.IGNORECASE)


def nth_of_month(n: int, received: datetime) -> datetime | None:
    """ "the 20th": this month's, or next month's once this month's has passed."""
    day = received.date()
    for months in (0, 1):
        first = day.replace(day=1)
        target = (first + timedelta(days=32)).replace(day=1) if months else first
        try:
            candidate = target.replace(day=n)
        except ValueError:
            continue
        if candidate > day:
            return datetime.combine(candidate, time(0), tzinfo=received.tzinfo)
    return None
