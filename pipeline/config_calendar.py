"""``[business_hours]`` and its per-type tables: the calendars every promised time is counted in.

``[business_hours]`` is the team's week. ``[business_hours.type.<type>]`` gives one type a week of its
own, for a line that keeps other hours: the shipped config opens outages around the clock, so an outage
reported on a Saturday morning is promised an update that Saturday, as the outage line answers then, not
on Monday. A per-type table has the same keys; its ``timezone`` defaults to the main one, and it takes
no ``holidays`` or ``closed`` days unless it names its own (an on-call line works on public holidays).
"""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from classifiers import TYPE_LABELS

from .errors import ConfigError
from .plan.timeframe import BusinessCalendar, parse_hours
from .toml_table import Table

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def read_calendars(t: Table) -> tuple[BusinessCalendar, dict[str, BusinessCalendar]]:
    """The main calendar of ``[business_hours]`` and the per-type ones of ``[business_hours.type.*]``."""
    main = _calendar(t, default_zone=None)
    types = t.table("type")
    per_type = {}
    for name in list(types.data):
        if name not in TYPE_LABELS:
            raise ConfigError(types.file, types.key(name), f"unknown type {name!r}",
                              f"use one of {', '.join(TYPE_LABELS)}")  # fmt: skip
        sub = types.table(name)
        per_type[name] = _calendar(sub, default_zone=str(main.tz))
        sub.finish(known=WEEKDAYS)
    t.finish(known=WEEKDAYS)
    return main, per_type


def _calendar(t: Table, default_zone: str | None) -> BusinessCalendar:
    zone_hint = 'an IANA zone such as "Europe/Berlin"'
    tz_name = t.get("timezone", str, hint=zone_hint) if default_zone is None else t.get("timezone", str, default_zone)
    try:
        tz = ZoneInfo(tz_name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(t.file, t.key("timezone"), f"unknown time zone {tz_name!r}",
                          'use an IANA name such as "Europe/Berlin"') from None  # fmt: skip
    hours = []
    for day in WEEKDAYS:
        text = t.get(day, str, "")
        try:
            hours.append(parse_hours(text) if text else ())
        except ValueError as exc:
            raise ConfigError(t.file, t.key(day), str(exc), 'write it like "09:00-17:00"') from None
    if not any(hours):
        raise ConfigError(t.file, t.path, "no open weekday", 'add e.g. monday = "09:00-17:00"')
    closed = set()
    for i, value in enumerate(t.get("closed", list, [])):
        try:
            closed.add(value if isinstance(value, date) else date.fromisoformat(str(value)))
        except ValueError:
            raise ConfigError(t.file, f"{t.key('closed')}[{i}]", f"not a date: {value!r}",
                              'write it like "2026-12-24"') from None  # fmt: skip
    country = t.get("holidays", str, "")
    try:
        return BusinessCalendar(tz=tz, hours=tuple(hours), holidays_country=country, closed=frozenset(closed))
    except ValueError as exc:  # an unknown holidays country or subdivision
        raise ConfigError(t.file, t.key("holidays"), str(exc), 'use an ISO code such as "DE" or "DE-BE"') from None
