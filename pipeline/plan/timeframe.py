"""Deadline planning: when can we honestly promise a reply, and when do we aim to resolve it?

Pure: nothing here reads the clock. The caller passes ``now``, so a test can pin
Friday 17:55 before a holiday. Arithmetic runs on UTC instants (see ``calendar``).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from ..message import Deadline
from .calendar import (
    _DAY,
    _MIDNIGHT,
    SEARCH_DAYS,
    BacklogPolicy,
    BusinessCalendar,
    BusinessDuration,
    _hours_per_day,
    _no_open_days,
    _utc,
    parse_duration,
    parse_hours,
)
from .wording import format_day, format_deadline

__all__ = [
    "BacklogPolicy",
    "BusinessCalendar",
    "BusinessDuration",
    "format_day",
    "format_deadline",
    "parse_duration",
    "parse_hours",
    "plan_deadline",
    "plan_target",
]

#: No queue pressure configured: the defaults of ``BacklogPolicy``.
DEFAULT_BACKLOG = BacklogPolicy()


# -- planning -------------------------------------------------------------------------------------


def plan_deadline(
    received: datetime,
    target: BusinessDuration,
    calendar: BusinessCalendar,
    backlog: int,
    now: datetime,
    language: str = "en",
    policy: BacklogPolicy = DEFAULT_BACKLOG,
    slot_minutes: int = 30,
) -> Deadline:
    """The deadline to promise for a message: exact instant, wording in ``language``, target and backlog.

    The clock starts at ``max(received, now)`` (never a time already past). The target is added
    in business time (days first, see BusinessDuration), then ``backlog`` open drafts add
    ``policy.minutes_per_open_message`` each, capped at ``policy.max_extra``. The result is
    rounded up to a ``slot_minutes`` slot (a whole hour when more than a day away), or to the
    closing time if the slot would fall after it, so it always lies in open hours or exactly
    at a closing time. ``Deadline.at`` is in the calendar's zone.

    Raises ValueError for naive datetimes, a negative backlog, a slot that does not divide an
    hour, or a calendar with no open day within ``SEARCH_DAYS`` days.
    """
    if backlog < 0:
        raise ValueError(f"backlog must not be negative, got {backlog}")
    if not 0 < slot_minutes <= 60 or 60 % slot_minutes:
        raise ValueError(f"slot_minutes must divide an hour (e.g. 15, 30, 60), got {slot_minutes}")
    start = max(_utc(received, "received"), _utc(now, "now"))
    at = _add_days(calendar, start, target.days) if target.days else start
    at = calendar.add_business_time(at, timedelta(minutes=target.minutes))
    extra = min(timedelta(minutes=backlog * policy.minutes_per_open_message), policy.max_extra)
    at = _utc(calendar.add_business_time(at, extra), "at")
    if _closing_of_span(calendar, at) is None:  # only a zero target can leave us in closed time
        at = _utc(calendar.next_open(at), "at")
    slot = 60 if at - start > _DAY else slot_minutes  # far-off promises read better on the hour
    result = _round_up(calendar, at, timedelta(minutes=slot))
    return Deadline(
        at=result,
        wording=format_deadline(result, language),
        business_hours=target.business_hours(_hours_per_day(calendar)),
        backlog=backlog,
    )


def plan_target(
    received: datetime,
    target: BusinessDuration,
    calendar: BusinessCalendar,
    backlog: int,
    now: datetime,
    language: str = "en",
    policy: BacklogPolicy = DEFAULT_BACKLOG,
) -> Deadline:
    """A resolution target: ``plan_deadline``'s instant moved to the closing of its business day.

    A target days away is honest to the day, not to the half hour, so it is worded by day only
    (``"by Friday 27 November"``) and ``at`` is that day's last closing time. A deadline that falls
    exactly on a closing time stays on that day. Raises ValueError as ``plan_deadline`` does.
    """
    found = plan_deadline(received, target, calendar, backlog, now, language, policy)
    # The deadline lies in open hours or exactly on a closing time: a moment before it is open.
    spans = calendar._open_spans((found.at - timedelta(microseconds=1)).date())
    end = spans[-1][1].astimezone(calendar.tz) if spans else found.at
    return Deadline(at=end, wording=format_day(end, language), business_hours=found.business_hours, backlog=backlog)


def _add_days(calendar: BusinessCalendar, start: datetime, days: int) -> datetime:
    """``start`` (UTC) moved ``days`` open business days on, per BusinessDuration's rules 1-2."""
    tz = calendar.tz
    day = start.astimezone(tz).date()
    for _ in range(SEARCH_DAYS + 1):
        if any(s <= start for s, _e in calendar._open_spans(day)):
            break
        day -= _DAY
    else:
        raise _no_open_days(start, "before")
    # Wall time since the anchor day's midnight: over 24h when the start belongs to an earlier
    # anchor day, which the clamp below turns into the target day's closing.
    wall = start.astimezone(tz).replace(tzinfo=None) - datetime.combine(day, _MIDNIGHT)
    counted = idle = 0
    while counted < days:
        day += _DAY
        spans = calendar._open_spans(day)
        counted, idle = (counted + 1, 0) if spans else (counted, idle + 1)
        if idle > SEARCH_DAYS:
            raise _no_open_days(start, "after")
    target = (datetime.combine(day, _MIDNIGHT) + wall).replace(tzinfo=tz).astimezone(UTC)
    if target < spans[0][0]:
        return spans[0][0]
    return max(min(target, e) for s, e in spans if s <= target)


def _closing_of_span(calendar: BusinessCalendar, at: datetime) -> datetime | None:
    """The closing of the span holding UTC ``at`` (its closing instant included), or None."""
    day = at.astimezone(calendar.tz).date()
    for d in (day - _DAY, day):  # the day before, for a span that closes at 24:00
        for s, e in calendar._open_spans(d):
            if s <= at <= e:
                return e
    return None


def _round_up(calendar: BusinessCalendar, at: datetime, slot: timedelta) -> datetime:
    """UTC ``at`` rounded up to the next local wall-clock ``slot``, never past its span's closing."""
    tz = calendar.tz
    local = at.astimezone(tz).replace(tzinfo=None)
    midnight = datetime.combine(local.date(), _MIDNIGHT)
    steps, rest = divmod(local - midnight, slot)
    rounded = (midnight + (steps + (1 if rest else 0)) * slot).replace(tzinfo=tz).astimezone(UTC)
    rounded = max(rounded, at)  # a repeated DST hour can make wall-clock rounding step back
    closing = _closing_of_span(calendar, at)
    return (min(rounded, closing) if closing else rounded).astimezone(tz)
