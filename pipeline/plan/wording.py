"""How a promised time reads in the customer's language: Babel's CLDR data, never the system locale.

Only the phrasing around the date ("by", "bis", "d'ici le") and how the zone is named are ours: CLDR
names Central European Time "MEZ" in German but only "+0100" in English and French, where customers
read "CET".
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from babel.dates import format_datetime

_DAY = timedelta(days=1)
_MIDNIGHT = time(0)

#: Reply languages with their own wording; any other language tag gets English.
LANGUAGES = ("en", "de", "fr")
#: English weekday names in Monday-first order, the keys of ``[business_hours]``.
WEEKDAY_KEYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_DAY_PATTERN = {"en": "EEEE d MMMM", "de": "EEEE, d. MMMM", "fr": "EEEE d MMMM"}
_BY = {"en": "by {}", "de": "bis {}", "fr": "d'ici le {}"}
_TIME = {"en": "{day}, {time} {zone}", "de": "{day}, {time} Uhr {zone}", "fr": "{day}, {time} {zone}"}
_DE_ZONES = {"CET": "MEZ", "CEST": "MESZ"}


def base_language(language: str) -> str:
    """``"de-AT"`` -> ``"de"``; a language without its own wording -> ``"en"``."""
    lang = (language or "").strip().lower().replace("_", "-").partition("-")[0]
    return lang if lang in LANGUAGES else "en"


def format_date_only(at: datetime, language: str) -> str:
    """``at``'s day without "by": en ``"Friday 27 November"``, de ``"Freitag, 27. November"``,
    fr ``"vendredi 27 novembre"``."""
    lang = base_language(language)
    return format_datetime(at, _DAY_PATTERN[lang], tzinfo=at.tzinfo, locale=lang)


def format_clock(at: datetime, language: str) -> str:
    """``at``'s time of day with its zone: en ``"15:00 CET"``, de ``"15:00 Uhr MEZ"``, fr ``"15:00 CET"``."""
    _require_aware(at)
    lang = base_language(language)
    zone = at.tzname() or ""
    zone = f"UTC{zone}" if zone.startswith(("+", "-")) else zone
    zone = _DE_ZONES.get(zone, zone) if lang == "de" else zone
    return f"{at:%H:%M} Uhr {zone}" if lang == "de" else f"{at:%H:%M} {zone}"


def format_deadline(at: datetime, language: str) -> str:
    """``at`` worded for the customer, in ``at``'s own zone.

    en: ``"by Thursday 26 November, 15:00 CET"``; de: ``"bis Donnerstag, 26. November, 15:00 Uhr MEZ"``;
    fr: ``"d'ici le jeudi 26 novembre, 15:00 CET"``. A language tag such as ``"de-AT"`` counts as its base
    language; unknown languages get English. Zones without a letter abbreviation show as ``UTC+03``.
    Raises ValueError for a naive ``at``.
    """
    _require_aware(at)
    lang = base_language(language)
    clock = format_clock(at, lang)
    return _BY[lang].format(f"{format_date_only(at, lang)}, {clock}")


def format_day(at: datetime, language: str) -> str:
    """``at``'s day worded for the customer: en ``"by Friday 27 November"``, de ``"bis Freitag, 27. November"``.

    A closing time of 24:00 (midnight) counts as the day before. Raises ValueError for a naive ``at``.
    """
    _require_aware(at)
    day = at - _DAY if at.time() == _MIDNIGHT else at
    lang = base_language(language)
    return _BY[lang].format(format_date_only(day, lang))


def format_when(at: datetime, language: str) -> str:
    """A customer's deadline without "by": the day alone when it is the end of a day, else day and time."""
    _require_aware(at)
    if (at.hour, at.minute) in ((23, 59), (0, 0)):
        return format_date_only(at - _DAY if at.time() == _MIDNIGHT else at, language)
    return f"{format_date_only(at, language)}, {format_clock(at, language)}"


def format_window(start: datetime, end: datetime, language: str) -> str:
    """A call window: en ``"on Monday 7 December between 10:00 and 12:00 CET"``,
    de ``"am Montag, 7. Dezember, zwischen 10:00 und 12:00 Uhr MEZ"``,
    fr ``"le lundi 7 décembre entre 10:00 et 12:00 CET"``."""
    _require_aware(start)
    lang = base_language(language)
    day, until = format_date_only(start, lang), format_clock(end, lang)
    if lang == "de":
        return f"am {day}, zwischen {start:%H:%M} und {until}"
    if lang == "fr":
        return f"le {day} entre {start:%H:%M} et {until}"
    return f"on {day} between {start:%H:%M} and {until}"


def _require_aware(at: datetime) -> None:
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError(f"at must be timezone-aware, got {at!r}")
