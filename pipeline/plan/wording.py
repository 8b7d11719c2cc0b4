"""How a promised time reads in the customer's language, from our own tables (never the system locale)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

_DAY = timedelta(days=1)
_MIDNIGHT = time(0)

DAYS = {
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "de": ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"),
}
_MONTHS = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"),
    "de": ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
           "Oktober", "November", "Dezember"),
}  # fmt: skip
_DE_ZONES = {"CET": "MEZ", "CEST": "MESZ"}


def format_deadline(at: datetime, language: str) -> str:
    """``at`` worded for the customer, in ``at``'s own zone, from our own tables (not the system locale).

    en: ``"by Thursday 26 November, 15:00 CET"``; de: ``"bis Donnerstag, 26. November, 15:00 Uhr MEZ"``.
    A language tag such as ``"de-AT"`` counts as its base language; unknown languages get English.
    Zones without a letter abbreviation show as ``UTC+03``. Raises ValueError for a naive ``at``.
    """
    _require_aware(at)
    lang = (language or "").strip().lower().replace("_", "-").partition("-")[0]
    lang = lang if lang in DAYS else "en"
    zone = at.tzname() or ""
    zone = f"UTC{zone}" if zone.startswith(("+", "-")) else zone
    weekday, month = DAYS[lang][at.weekday()], _MONTHS[lang][at.month - 1]
    if lang == "de":
        return f"bis {weekday}, {at.day}. {month}, {at:%H:%M} Uhr {_DE_ZONES.get(zone, zone)}"
    return f"by {weekday} {at.day} {month}, {at:%H:%M} {zone}"


def format_day(at: datetime, language: str) -> str:
    """``at``'s day worded for the customer: en ``"by Friday 27 November"``, de ``"bis Freitag, 27. November"``.

    A closing time of 24:00 (midnight) counts as the day before. Raises ValueError for a naive ``at``.
    """
    _require_aware(at)
    lang = (language or "").strip().lower().replace("_", "-").partition("-")[0]
    lang = lang if lang in DAYS else "en"
    day = at - _DAY if at.time() == _MIDNIGHT else at
    weekday, month = DAYS[lang][day.weekday()], _MONTHS[lang][day.month - 1]
    if lang == "de":
        return f"bis {weekday}, {day.day}. {month}"
    return f"by {weekday} {day.day} {month}"


def _require_aware(at: datetime) -> None:
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError(f"at must be timezone-aware, got {at!r}")
