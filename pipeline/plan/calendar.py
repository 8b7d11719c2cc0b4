"""The business calendar: opening hours, holidays and closed days, and SLA durations in business time.

Pure: nothing here reads the clock. The caller passes ``now``, so a test can pin
Friday 17:55 before a holiday. Arithmetic runs on UTC instants, so a day with a DST
change still has exactly its open hours; opening hours themselves are local wall times.

Errors are ``ValueError`` with a message fit to follow ``file: key:`` in a config error.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from fractions import Fraction
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

from ..caseless import caseless
from .wording import WEEKDAY_KEYS

__all__ = ["BacklogPolicy", "BusinessCalendar", "BusinessDuration", "parse_duration", "parse_hours"]

#: How many days in a row may be closed before we give up: a calendar with no open
#: hours within a year is a configuration mistake, not a reason to loop forever.
SEARCH_DAYS = 366

_Span = tuple[datetime, datetime]  # one open span as UTC instants, start < end
_DAY = timedelta(days=1)
_MIDNIGHT = time(0)


@dataclass(frozen=True, slots=True)
class BusinessCalendar:
    """When the team works: opening hours per weekday in ``tz``, minus public holidays and extra days.

    ``hours[0]`` is Monday, ``hours[6]`` Sunday; each day holds zero or more ``(open, close)``
    spans in local wall time, in order and not overlapping; a close of ``time(0)`` means
    24:00. ``holidays_country`` is ``"DE"`` or ``"DE-BE"`` (country and subdivision for the
    ``holidays`` library); ``closed`` lists extra closed dates. Spans are half-open: at
    closing time the calendar is closed, though a deadline may still fall exactly on it.

    Raises ValueError for malformed hours, no open weekday at all, or an unknown holidays region.
    """

    tz: ZoneInfo
    hours: tuple[tuple[tuple[time, time], ...], ...]
    holidays_country: str = ""
    closed: frozenset[date] = frozenset()

    def __post_init__(self) -> None:
        # Accept lists and sets from callers, but store tuples so the value stays hashable.
        hours = tuple(tuple((s, e) for s, e in day) for day in self.hours)
        object.__setattr__(self, "hours", hours)
        object.__setattr__(self, "closed", frozenset(self.closed))
        if len(hours) != 7:
            raise ValueError(f"expected opening hours for 7 weekdays (Monday first), got {len(hours)}")
        for name, spans in zip(WEEKDAY_KEYS, hours, strict=True):
            _check_spans(spans, name)
        if not any(hours):
            raise ValueError("no opening hours on any weekday: at least one day must be open")
        if self.holidays_country:
            try:
                _holiday_dates(self.holidays_country, 2000)
            except NotImplementedError as exc:
                raise ValueError(
                    f'unknown holidays region "{self.holidays_country}": expected a country code '
                    f'such as "DE", optionally with a subdivision such as "DE-BE" ({exc})'
                ) from exc

    def is_open(self, at: datetime) -> bool:
        """True when ``at`` (timezone-aware) lies inside an open span (closing time excluded)."""
        instant = _utc(at, "at")
        day = instant.astimezone(self.tz).date()
        return any(s <= instant < e for s, e in self._open_spans(day))

    def next_open(self, at: datetime) -> datetime:
        """``at`` itself if open, else the next opening, in the calendar's zone.

        Raises ValueError when nothing opens within ``SEARCH_DAYS`` days.
        """
        return next(self._spans_from(_utc(at, "at")))[0].astimezone(self.tz)

    def open_span(self, at: datetime) -> tuple[datetime, datetime]:
        """The open span holding ``at`` (from ``at`` to its closing), else the next one, in the calendar's zone."""
        start, end = next(self._spans_from(_utc(at, "at")))
        return start.astimezone(self.tz), end.astimezone(self.tz)

    def add_business_time(self, start: datetime, amount: timedelta) -> datetime:
        """The earliest instant by which ``amount`` of open time has passed since ``start``.

        Walks the open spans, so the result of a positive amount lies in open hours or exactly
        at a closing time (9:00 + 8h on a 09:00-17:00 day is 17:00 that day, not 09:00 the next).
        A zero amount returns ``start`` unchanged. Returned in the calendar's zone.
        Raises ValueError for a negative amount or when the calendar runs out of open days.
        """
        if amount < timedelta(0):
            raise ValueError(f"business time to add must not be negative, got {amount}")
        left = amount
        instant = _utc(start, "start")
        if not left:
            return instant.astimezone(self.tz)
        spans = self._spans_from(instant)  # endless, or raises ValueError: never StopIteration
        while True:
            s, e = next(spans)
            if s + left <= e:
                return (s + left).astimezone(self.tz)
            left -= e - s

    def business_time_between(self, start: datetime, end: datetime) -> timedelta:
        """Open time from ``start`` to ``end`` (zero when ``end`` is not after ``start``): what a promise costs."""
        begin, finish, total = _utc(start, "start"), _utc(end, "end"), timedelta(0)
        if finish <= begin:
            return total
        for s, e in self._spans_from(begin):
            if s >= finish:
                break
            total += min(e, finish) - s
        return total

    def _open_spans(self, day: date) -> tuple[_Span, ...]:
        """The open spans of local ``day`` as UTC instants; () on a closed day."""
        spans = self.hours[day.weekday()]
        if not spans or day in self.closed:
            return ()
        if self.holidays_country and day in _holiday_dates(self.holidays_country, day.year):
            return ()
        return tuple((_instant(day, s, self.tz), _instant(day, e, self.tz, end=True)) for s, e in spans)

    def _spans_from(self, at: datetime) -> Iterator[_Span]:
        """Open spans from UTC ``at`` on, the first clipped to ``at``; ValueError after SEARCH_DAYS shut."""
        day = at.astimezone(self.tz).date()
        idle = 0
        while idle <= SEARCH_DAYS:
            spans = self._open_spans(day)
            idle = 0 if spans else idle + 1
            for s, e in spans:
                if e > at:
                    yield max(s, at), e
            day += _DAY
        raise _no_open_days(at, "after")


@dataclass(frozen=True, slots=True)
class BusinessDuration:
    """An SLA target: ``days`` whole business days, then ``minutes`` of open business time.

    Exact semantics, as ``plan_deadline`` applies them:

    1. The anchor day is the clock start's own day if that day has opened by then, else
       the last open business day before it (Saturday or 07:00 belongs to the day before).
    2. The deadline is the clock start's local wall time on the N-th open business day after
       the anchor day (weekends, holidays and closed days do not count), clamped into that
       day's hours: the latest open moment not after that time (a closing time counts), or
       the day's opening if it opens later. A start that belongs to an earlier anchor day
       (evening, night, weekend) lands on the closing. So "1d" from Tuesday 10:15 is
       Wednesday 10:15, from Friday 17:55 Monday 17:00, from Tuesday 07:00 Tuesday 17:00.
    3. The minutes are then added as open business time (``add_business_time``).
    """

    days: int
    minutes: int

    def __post_init__(self) -> None:
        if self.days < 0 or self.minutes < 0:
            raise ValueError(f"a duration cannot be negative (days={self.days}, minutes={self.minutes})")

    def business_hours(self, hours_per_day: float) -> float:
        """The duration in business hours, counting each day as ``hours_per_day``."""
        return self.days * hours_per_day + self.minutes / 60

    def __str__(self) -> str:
        hours, minutes = divmod(self.minutes, 60)
        text = (f"{self.days}d" if self.days else "") + (f"{hours}h" if hours else "")
        return text + (f"{minutes}m" if minutes or not text else "")


@dataclass(frozen=True, slots=True)
class BacklogPolicy:
    """How the open queue stretches a promise: each open draft ahead adds business time, up to a cap."""

    minutes_per_open_message: float = 10.0
    max_extra: timedelta = timedelta(hours=16)

    def __post_init__(self) -> None:
        if self.minutes_per_open_message < 0 or self.max_extra < timedelta(0):
            raise ValueError("backlog policy: minutes_per_open_message and max_extra must not be negative")


# -- parsing config values ----------------------------------------------------------------------

_HOURS_HINT = 'expected opening hours like "09:00-17:00" or "09:00-12:00, 13:00-17:00"'
_SPAN_RE = re.compile(r"\s*(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})\s*")
_DURATION_HINT = 'expected a duration like "4h", "30m", "1.5h", "1d" or "2d4h"'
_DURATION_RE = caseless(r"\s*(?:(\d+(?:\.\d+)?)\s*d)?\s*(?:(\d+(?:\.\d+)?)\s*h)?\s*(?:(\d+(?:\.\d+)?)\s*m)?\s*")


def parse_hours(text: str) -> tuple[tuple[time, time], ...]:
    """Opening hours of one day: ``"09:00-17:00"`` or ``"09:00-12:00, 13:00-17:00"``.

    ``"24:00"`` is allowed as a closing time (stored as ``time(0)``); ``""`` or ``"closed"``
    gives ``()``. Raises ValueError naming the text and what is wrong.
    """
    if not isinstance(text, str):
        raise ValueError(f"{_HOURS_HINT}, got {text!r}")
    if text.strip().lower() in ("", "closed"):
        return ()
    spans = []
    for part in text.split(","):
        match = _SPAN_RE.fullmatch(part)
        if not match:
            raise ValueError(f'{_HOURS_HINT}, got "{text}"')
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        spans.append((_clock(h1, m1, part, end=False), _clock(h2, m2, part, end=True)))
    result = tuple(spans)
    _check_spans(result, f'"{text}"')
    return result


def parse_duration(text: str) -> BusinessDuration:
    """An SLA target such as ``"4h"``, ``"30m"``, ``"1.5h"``, ``"1d"`` or ``"2d4h"`` (see BusinessDuration).

    Raises ValueError for anything else, for fractional days, for a part of a minute,
    and for a zero duration (we never promise "right away").
    """
    match = _DURATION_RE.fullmatch(text) if isinstance(text, str) else None
    if not match or not any(match.groups()):
        raise ValueError(f"{_DURATION_HINT}, got {text!r}")
    days, hours, minutes = (Fraction(g) if g else Fraction(0) for g in match.groups())
    if days.denominator != 1:
        raise ValueError(f'{text!r}: days must be whole; write part of a day in hours, e.g. "1d4h"')
    total = hours * 60 + minutes
    if total.denominator != 1:
        raise ValueError(f"{text!r}: must come to whole minutes")
    if not days and not total:
        raise ValueError(f"{text!r}: must be more than zero; a time frame is never immediate")
    return BusinessDuration(days=int(days), minutes=int(total))


def _clock(hour: int, minute: int, part: str, *, end: bool) -> time:
    if end and (hour, minute) == (24, 0):
        return _MIDNIGHT  # 24:00, the end of the day
    if hour > 23 or minute > 59:
        raise ValueError(f'"{part.strip()}": {hour:02d}:{minute:02d} is not a time of day')
    return time(hour, minute)


def _check_spans(spans: tuple[tuple[time, time], ...], label: str) -> None:
    """Raise ValueError unless each span opens before it closes and spans are in order."""
    previous_end = timedelta(0)
    for start, end in spans:
        opens, closes = _wall(start), _wall(end, end=True)
        if closes <= opens:
            raise ValueError(
                f"{label}: {start:%H:%M}-{end:%H:%M} closes before it opens "
                '(split a shift past midnight over two days, ending the first at "24:00")'
            )
        if opens < previous_end:
            raise ValueError(f"{label}: spans overlap or are out of order; list them from morning to evening")
        previous_end = closes


def _hours_per_day(calendar: BusinessCalendar) -> float:
    """Mean open hours of an open weekday: what one business day is worth in hours."""
    open_days = [spans for spans in calendar.hours if spans]
    total = sum((_wall(e, end=True) - _wall(s) for spans in open_days for s, e in spans), timedelta(0))
    return total / timedelta(hours=1) / len(open_days)


# -- small helpers --------------------------------------------------------------------------------


def _utc(value: datetime, name: str) -> datetime:
    """``value`` as a UTC instant; raises ValueError when it has no time zone."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware, got {value.isoformat()}")
    return value.astimezone(UTC)


def _wall(t: time, *, end: bool = False) -> timedelta:
    """Wall time since midnight; a closing ``time(0)`` is 24:00."""
    if end and t == _MIDNIGHT:
        return _DAY
    return timedelta(hours=t.hour, minutes=t.minute, seconds=t.second, microseconds=t.microsecond)


def _instant(day: date, t: time, tz: ZoneInfo, *, end: bool = False) -> datetime:
    """Local wall time ``t`` on ``day`` (24:00 for a closing ``time(0)``) as a UTC instant."""
    wall = datetime.combine(day, _MIDNIGHT) + _wall(t, end=end)
    return wall.replace(tzinfo=tz).astimezone(UTC)


@lru_cache(maxsize=64)
def _holiday_dates(region: str, year: int) -> frozenset[date]:
    """Public holidays of ``region`` ("DE" or "DE-BE") in ``year``; NotImplementedError if unknown."""
    country, _, subdiv = region.strip().upper().partition("-")
    return frozenset(holidays.country_holidays(country, subdiv=subdiv or None, years=year))


def _no_open_days(at: datetime, direction: str) -> ValueError:
    return ValueError(
        f"the business calendar has no open hours within {SEARCH_DAYS} days {direction} "
        f"{at.isoformat()}: check [business_hours] (weekday hours, holidays, closed days)"
    )
