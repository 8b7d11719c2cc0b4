"""Business calendar and deadlines, on a frozen clock: every test passes ``now`` explicitly."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.message import Deadline
from pipeline.plan.timeframe import (
    BacklogPolicy,
    BusinessCalendar,
    BusinessDuration,
    format_day,
    format_deadline,
    parse_duration,
    parse_hours,
    plan_deadline,
    plan_target,
)

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK, ISTANBUL = ZoneInfo("America/New_York"), ZoneInfo("Europe/Istanbul")  # "+03" has no letters


def berlin(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=BERLIN)


def week(*days: str, region: str = "DE-BE", closed: tuple[date, ...] = ()) -> BusinessCalendar:
    """A Berlin calendar from one hours string per weekday, Monday first; missing days are closed."""
    hours = tuple(parse_hours(d) for d in days) + ((),) * (7 - len(days))
    return BusinessCalendar(BERLIN, hours, region, frozenset(closed))


OFFICE = week(*["09:00-17:00"] * 5, closed=(date(2026, 12, 24),))
DEFAULT_POLICY = BacklogPolicy()


def plan(received: datetime, target: str, *, now: datetime | None = None, backlog: int = 0,
         calendar: BusinessCalendar = OFFICE, language: str = "en", policy: BacklogPolicy = DEFAULT_POLICY,
         slot_minutes: int = 30) -> Deadline:  # fmt: skip
    """plan_deadline with a frozen clock: ``now`` is the arrival time unless given."""
    duration = parse_duration(target)
    return plan_deadline(received, duration, calendar, backlog, now or received, language, policy, slot_minutes)


def assert_at(deadline: Deadline | datetime, expected: datetime) -> None:
    """Same instant and same UTC offset (so CET/CEST is right too), not just the same wall time."""
    at = deadline.at if isinstance(deadline, Deadline) else deadline
    assert (at.astimezone(UTC), at.utcoffset()) == (expected.astimezone(UTC), expected.utcoffset())


# -- parsing ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("09:00-17:00", ((time(9), time(17)),)),
        ("9:00 - 12:00, 13:00-17:30", ((time(9), time(12)), (time(13), time(17, 30)))),
        ("00:00-24:00", ((time(0), time(0)),)),
        ("", ()),
        ("Closed", ()),
    ],
)
def test_parse_hours(text: str, spans: tuple[tuple[time, time], ...]) -> None:
    assert parse_hours(text) == spans


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("9am-5pm", 'expected opening hours like "09:00-17:00"'),
        ("17:00-09:00", "closes before it opens"),
        ("09:00-13:00, 12:00-17:00", "overlap"),
        ("13:00-17:00, 09:00-12:00", "out of order"),
        ("25:00-26:00", "25:00 is not a time of day"),
        ("09:60-17:00", "09:60 is not a time of day"),
        ("24:00-24:00", "24:00 is not a time of day"),
        (9, 'expected opening hours like "09:00-17:00"'),
    ],
)
def test_parse_hours_refuses(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_hours(text)


@pytest.mark.parametrize(
    ("text", "days", "minutes"),
    [("4h", 0, 240), ("30m", 0, 30), ("1d", 1, 0), ("2d4h", 2, 240), ("1.5h", 0, 90), ("1h30m", 0, 90),
     (" 2D 4H ", 2, 240), ("0.1h", 0, 6)],
)  # fmt: skip
def test_parse_duration(text: str, days: int, minutes: int) -> None:
    assert parse_duration(text) == BusinessDuration(days, minutes)


@pytest.mark.parametrize(
    ("text", "message"),
    [("soon", "expected a duration"), ("", "expected a duration"), ("4", "expected a duration"),
     ("h", "expected a duration"), (4, "expected a duration"), ("1.5d", "days must be whole"),
     ("0h", "more than zero"), ("0.01h", "whole minutes")],
)  # fmt: skip
def test_parse_duration_refuses(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_duration(text)


def test_duration_text_and_hours() -> None:
    assert [str(parse_duration(t)) for t in ("2d4h", "90m", "30m", "1d")] == ["2d4h", "1h30m", "30m", "1d"]
    assert parse_duration("2d4h").business_hours(8.0) == 20.0
    assert parse_duration("1.5h").business_hours(8.0) == 1.5
    with pytest.raises(ValueError, match="negative"):
        BusinessDuration(0, -5)


# -- the calendar ----------------------------------------------------------------------------------


def test_calendar_refuses_bad_config() -> None:
    with pytest.raises(ValueError, match="7 weekdays"):
        BusinessCalendar(BERLIN, (parse_hours("09:00-17:00"),) * 5)
    with pytest.raises(ValueError, match="no opening hours on any weekday"):
        week()
    with pytest.raises(ValueError, match='unknown holidays region "XX"'):
        week("09:00-17:00", region="XX")
    with pytest.raises(ValueError, match='unknown holidays region "DE-ZZ"'):
        week("09:00-17:00", region="DE-ZZ")
    with pytest.raises(ValueError, match="Tuesday: 17:00-09:00 closes before it opens"):
        BusinessCalendar(BERLIN, ((), ((time(17), time(9)),), (), (), (), (), ()))


def test_is_open() -> None:
    assert OFFICE.is_open(berlin(2026, 11, 23, 9, 0))
    assert OFFICE.is_open(berlin(2026, 11, 23, 16, 59))
    assert not OFFICE.is_open(berlin(2026, 11, 23, 17, 0))  # closing time itself is closed
    assert not OFFICE.is_open(berlin(2026, 11, 23, 8, 59))
    assert not OFFICE.is_open(berlin(2026, 11, 28, 11, 0))  # Saturday
    assert not OFFICE.is_open(berlin(2026, 12, 25, 11, 0))  # Christmas Day
    assert not OFFICE.is_open(berlin(2026, 12, 24, 11, 0))  # extra closed day
    assert OFFICE.is_open(datetime(2026, 11, 23, 8, 30, tzinfo=UTC))  # 09:30 CET
    with pytest.raises(ValueError, match="timezone-aware"):
        OFFICE.is_open(datetime(2026, 11, 23, 10, 0))


def test_next_open_and_add_business_time() -> None:
    assert_at(OFFICE.next_open(berlin(2026, 11, 27, 17, 0)), berlin(2026, 11, 30, 9, 0))
    assert_at(OFFICE.next_open(berlin(2026, 11, 23, 10, 0)), berlin(2026, 11, 23, 10, 0))
    assert_at(OFFICE.add_business_time(berlin(2026, 11, 23, 9, 0), timedelta(hours=8)), berlin(2026, 11, 23, 17))
    assert_at(OFFICE.add_business_time(berlin(2026, 11, 23, 9, 0), timedelta(hours=9)), berlin(2026, 11, 24, 10))
    saturday = berlin(2026, 11, 28, 11, 0)
    assert_at(OFFICE.add_business_time(saturday, timedelta(0)), saturday)
    with pytest.raises(ValueError, match="negative"):
        OFFICE.add_business_time(saturday, timedelta(minutes=-1))


# -- deadlines: weekends, holidays, end of day, night ------------------------------------------------


def test_friday_evening_before_whit_monday() -> None:
    friday = berlin(2026, 5, 22, 17, 55)  # Monday 25 May is Whit Monday
    high = plan(friday, "4h")
    assert_at(high, berlin(2026, 5, 26, 13, 0))
    assert high.wording == "by Tuesday 26 May, 13:00 CEST"
    assert (high.business_hours, high.backlog) == (4.0, 0)
    assert_at(plan(friday, "1d"), berlin(2026, 5, 26, 17, 0))  # counts from Friday's closing


def test_weekend() -> None:
    assert_at(plan(berlin(2026, 11, 28, 11, 0), "4h"), berlin(2026, 11, 30, 13, 0))  # Saturday
    assert_at(plan(berlin(2026, 11, 29, 23, 59), "4h"), berlin(2026, 11, 30, 13, 0))  # Sunday night
    assert_at(plan(berlin(2026, 11, 27, 15, 0), "4h"), berlin(2026, 11, 30, 11, 0))  # 2h Friday, 2h Monday


def test_berlin_holidays_and_closed_days() -> None:
    # Wednesday 23 Dec: 1h left; 24th closed (extra), 25th/26th holidays, then the weekend.
    assert_at(plan(berlin(2026, 12, 23, 16, 0), "4h"), berlin(2026, 12, 28, 12, 0))
    no_extra = week(*["09:00-17:00"] * 5)
    assert_at(plan(berlin(2026, 12, 23, 16, 0), "4h", calendar=no_extra), berlin(2026, 12, 24, 12, 0))
    # New Year's Day is a Friday.
    assert_at(plan(berlin(2026, 12, 31, 15, 0), "4h"), berlin(2027, 1, 4, 11, 0))
    # Women's Day (8 March) is a holiday in Berlin only.
    friday = berlin(2027, 3, 5, 16, 30)  # 30 min Friday, 3.5h next open day; rounded to the hour
    assert_at(plan(friday, "4h"), berlin(2027, 3, 9, 13, 0))
    assert_at(plan(friday, "4h", calendar=week(*["09:00-17:00"] * 5, region="DE")), berlin(2027, 3, 8, 13, 0))
    # Three business days from 23 Dec skip the whole break: 28, 29, 30 December.
    assert_at(plan(berlin(2026, 12, 23, 10, 0), "3d"), berlin(2026, 12, 30, 10, 0))


def test_end_of_day() -> None:
    assert_at(plan(berlin(2026, 11, 23, 16, 0), "4h"), berlin(2026, 11, 24, 12, 0))
    closing = plan(berlin(2026, 11, 23, 13, 0), "4h")
    assert_at(closing, berlin(2026, 11, 23, 17, 0))  # closing time is a fine promise
    assert closing.wording == "by Monday 23 November, 17:00 CET"
    assert_at(plan(berlin(2026, 11, 23, 16, 40), "30m"), berlin(2026, 11, 24, 9, 30))  # 09:10, rounded


def test_night_and_before_opening() -> None:
    assert_at(plan(berlin(2026, 11, 24, 3, 12), "4h"), berlin(2026, 11, 24, 13, 0))
    assert_at(plan(berlin(2026, 11, 24, 7, 0), "1d"), berlin(2026, 11, 24, 17, 0))  # from Monday's closing


def test_clock_starts_at_the_later_of_received_and_now() -> None:
    stale = berlin(2026, 11, 20, 10, 0)  # the worker was down over the weekend
    assert_at(plan(stale, "4h", now=berlin(2026, 11, 23, 10, 0)), berlin(2026, 11, 23, 14, 0))
    assert_at(plan(stale.replace(day=23), "4h", now=berlin(2026, 11, 23, 20, 0)), berlin(2026, 11, 24, 13, 0))
    skewed = berlin(2026, 11, 23, 10, 0)  # sender's clock ahead of ours
    assert_at(plan(skewed, "4h", now=berlin(2026, 11, 23, 9, 0)), berlin(2026, 11, 23, 14, 0))
    with pytest.raises(ValueError, match="now must be timezone-aware"):
        plan(skewed, "4h", now=datetime(2026, 11, 23, 9, 0))


def test_zero_target_still_lands_in_open_hours() -> None:
    # parse_duration refuses "0h", but a BusinessDuration built in code may be zero.
    zero = BusinessDuration(0, 0)
    saturday = berlin(2026, 11, 28, 11, 0)
    assert_at(plan_deadline(saturday, zero, OFFICE, 0, saturday), berlin(2026, 11, 30, 9, 0))
    monday = berlin(2026, 11, 30, 10, 10)
    assert_at(plan_deadline(monday, zero, OFFICE, 0, monday), berlin(2026, 11, 30, 10, 30))


# -- DST ----------------------------------------------------------------------------------------------


def test_dst_spring_forward() -> None:
    deadline = plan(berlin(2026, 3, 27, 15, 0), "4h")  # 2h Friday (CET), 2h Monday (CEST)
    assert_at(deadline, berlin(2026, 3, 30, 11, 0))
    assert deadline.at.utcoffset() == timedelta(hours=2)
    assert deadline.wording == "by Monday 30 March, 11:00 CEST"
    assert plan(berlin(2026, 3, 27, 15, 0), "4h", language="de").wording == "bis Montag, 30. März, 11:00 Uhr MESZ"


def test_dst_fall_back() -> None:
    deadline = plan(berlin(2026, 10, 23, 15, 0), "4h")
    assert_at(deadline, berlin(2026, 10, 26, 11, 0))
    assert deadline.wording == "by Monday 26 October, 11:00 CET"


def test_dst_days_keep_their_real_open_hours() -> None:
    always = week(*["00:00-24:00"] * 7, region="")
    # 29 March has 23 hours: midnight CET + 5 business hours is 06:00 CEST (04:00 UTC).
    assert_at(plan(berlin(2026, 3, 29, 0, 0), "5h", calendar=always), berlin(2026, 3, 29, 6, 0))
    # 25 October has 25 hours: midnight CEST + 5 business hours is 04:00 CET (03:00 UTC).
    assert_at(plan(berlin(2026, 10, 25, 0, 0), "5h", calendar=always), berlin(2026, 10, 25, 4, 0))
    sundays = week("", "", "", "", "", "", "09:00-17:00", region="")
    for day in (29, 22):  # a Sunday on which clocks change, and a normal one: both exactly 8 hours
        assert_at(sundays.add_business_time(berlin(2026, 3, day, 9), timedelta(hours=8)), berlin(2026, 3, day, 17))
    assert_at(sundays.add_business_time(berlin(2026, 10, 25, 9), timedelta(hours=8)), berlin(2026, 10, 25, 17))
    assert sundays.is_open(berlin(2026, 3, 29, 16, 59)) and not sundays.is_open(berlin(2026, 3, 29, 17, 0))


# -- backlog -------------------------------------------------------------------------------------------


def test_backlog_stretches_the_promise_up_to_the_cap() -> None:
    monday = berlin(2026, 11, 23, 10, 0)
    assert_at(plan(monday, "4h", backlog=0), berlin(2026, 11, 23, 14, 0))
    busy = plan(monday, "4h", backlog=40)  # +6h40m: Tuesday 12:40, more than a day away: whole hour
    assert_at(busy, berlin(2026, 11, 24, 13, 0))
    assert busy.backlog == 40
    assert_at(plan(monday, "4h", backlog=90), berlin(2026, 11, 25, 13, 0))  # +15h
    assert_at(plan(monday, "4h", backlog=500), berlin(2026, 11, 25, 14, 0))  # capped at +16h
    assert_at(plan(monday, "4h", backlog=5000), berlin(2026, 11, 25, 14, 0))
    policy = BacklogPolicy(minutes_per_open_message=30, max_extra=timedelta(hours=2))
    assert_at(plan(monday, "4h", backlog=3, policy=policy), berlin(2026, 11, 23, 15, 30))
    assert_at(plan(monday, "4h", backlog=40, policy=policy), berlin(2026, 11, 23, 16, 0))
    with pytest.raises(ValueError, match="backlog must not be negative"):
        plan(monday, "4h", backlog=-1)


# -- whole days ---------------------------------------------------------------------------------------


def test_days_mean_the_same_time_on_a_later_business_day() -> None:
    tuesday = berlin(2026, 11, 24, 10, 15)
    assert_at(plan(tuesday, "1d"), berlin(2026, 11, 25, 10, 30))  # exactly a day away: half-hour slot
    assert_at(plan(tuesday, "3d"), berlin(2026, 11, 27, 11, 0))
    assert_at(plan(berlin(2026, 11, 26, 10, 15), "3d"), berlin(2026, 12, 1, 11, 0))  # over a weekend
    both = plan(tuesday, "2d4h")
    assert_at(both, berlin(2026, 11, 26, 15, 0))
    assert (both.wording, both.business_hours) == ("by Thursday 26 November, 15:00 CET", 20.0)


def test_days_clamp_into_the_target_days_hours() -> None:
    short_friday = week(*["09:00-17:00"] * 4, "09:00-14:00")
    assert_at(plan(berlin(2026, 11, 26, 15, 0), "1d", calendar=short_friday), berlin(2026, 11, 27, 14, 0))
    # After Friday's early closing, the same time on Monday still lies in Monday's longer hours.
    assert_at(plan(berlin(2026, 11, 27, 15, 0), "1d", calendar=short_friday), berlin(2026, 11, 30, 15, 0))
    assert_at(plan(berlin(2026, 11, 28, 11, 0), "1d", calendar=short_friday), berlin(2026, 11, 30, 17, 0))
    late_tuesday = week("08:00-17:00", "10:00-17:00", "09:00-17:00")
    assert_at(plan(berlin(2026, 11, 23, 8, 30), "1d", calendar=late_tuesday), berlin(2026, 11, 24, 10, 0))


# -- split days and rounding --------------------------------------------------------------------------

SPLIT = week(*["09:00-12:00, 13:00-17:00"] * 5)


def test_split_day_hours() -> None:
    assert_at(plan(berlin(2026, 11, 23, 11, 0), "2h", calendar=SPLIT), berlin(2026, 11, 23, 14, 0))
    assert_at(plan(berlin(2026, 11, 23, 12, 20), "1h", calendar=SPLIT), berlin(2026, 11, 23, 14, 0))
    assert_at(plan(berlin(2026, 11, 23, 10, 0), "2h", calendar=SPLIT), berlin(2026, 11, 23, 12, 0))
    assert_at(plan(berlin(2026, 11, 23, 12, 20), "1d", calendar=SPLIT), berlin(2026, 11, 24, 12, 0))
    assert not SPLIT.is_open(berlin(2026, 11, 23, 12, 30))
    assert plan(berlin(2026, 11, 23, 11, 0), "1d", calendar=SPLIT).business_hours == 7.0


def test_rounding_to_slots() -> None:
    monday = berlin(2026, 11, 23, 10, 1)
    assert_at(plan(monday, "4h"), berlin(2026, 11, 23, 14, 30))
    assert_at(plan(monday, "4h", slot_minutes=15), berlin(2026, 11, 23, 14, 15))
    assert_at(plan(monday, "4h", slot_minutes=60), berlin(2026, 11, 23, 15, 0))
    assert_at(plan(berlin(2026, 11, 23, 10, 0), "4h"), berlin(2026, 11, 23, 14, 0))  # already on a slot
    early_close = week(*["09:00-16:45"] * 5)
    assert_at(plan(berlin(2026, 11, 23, 12, 40), "4h", calendar=early_close), berlin(2026, 11, 23, 16, 45))
    with pytest.raises(ValueError, match="slot_minutes must divide an hour"):
        plan(monday, "4h", slot_minutes=7)


# -- wording ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("at", "language", "wording"),
    [
        (berlin(2026, 11, 26, 15, 0), "en", "by Thursday 26 November, 15:00 CET"),
        (berlin(2026, 11, 26, 15, 0), "de", "bis Donnerstag, 26. November, 15:00 Uhr MEZ"),
        (berlin(2026, 11, 26, 15, 0), "de-AT", "bis Donnerstag, 26. November, 15:00 Uhr MEZ"),
        (berlin(2026, 11, 26, 15, 0), "DE_ch", "bis Donnerstag, 26. November, 15:00 Uhr MEZ"),
        (berlin(2026, 7, 1, 9, 30), "de", "bis Mittwoch, 1. Juli, 09:30 Uhr MESZ"),
        (berlin(2026, 11, 26, 15, 0), "fr", "d'ici le jeudi 26 novembre, 15:00 CET"),
        (berlin(2026, 11, 26, 15, 0), "", "by Thursday 26 November, 15:00 CET"),
        (datetime(2026, 1, 5, 9, 30, tzinfo=NEW_YORK), "de", "bis Montag, 5. Januar, 09:30 Uhr EST"),
        (datetime(2026, 1, 5, 9, 30, tzinfo=UTC), "en", "by Monday 5 January, 09:30 UTC"),
        (datetime(2026, 1, 5, 9, 30, tzinfo=ISTANBUL), "en", "by Monday 5 January, 09:30 UTC+03"),
    ],
)  # fmt: skip
def test_format_deadline(at: datetime, language: str, wording: str) -> None:
    assert format_deadline(at, language) == wording


def test_format_deadline_needs_a_zone() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        format_deadline(datetime(2026, 11, 26, 15, 0), "en")


# -- a calendar that never opens ----------------------------------------------------------------------


def test_calendar_closed_for_over_a_year_raises() -> None:
    start = date(2026, 1, 1)
    shut = week(*["09:00-17:00"] * 5, closed=tuple(start + timedelta(days=n) for n in range(800)))
    monday = berlin(2026, 11, 23, 10, 0)
    for target in ("4h", "1d"):
        with pytest.raises(ValueError, match="no open hours within 366 days"):
            plan(monday, target, calendar=shut)
    with pytest.raises(ValueError, match="no open hours within 366 days"):
        shut.next_open(monday)


# -- properties over many instants --------------------------------------------------------------------

_INSTANTS = st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 31), timezones=st.just(UTC))


@settings(max_examples=200, deadline=None)
@given(received=_INSTANTS, target=st.sampled_from(["30m", "4h", "1.5h", "1d", "3d", "2d4h"]),
       backlog=st.integers(0, 200))  # fmt: skip
def test_deadline_is_in_the_future_in_open_hours_and_grows_with_backlog(
    received: datetime, target: str, backlog: int
) -> None:
    deadline = plan(received, target, backlog=backlog, calendar=SPLIT)
    at = deadline.at
    assert at > received and at.tzinfo is BERLIN
    closing = (at.hour, at.minute) in ((12, 0), (17, 0))
    assert SPLIT.is_open(at) or (closing and SPLIT.is_open(at - timedelta(minutes=1)))
    assert at.minute in (0, 30) and at.second == at.microsecond == 0
    assert plan(received, target, backlog=backlog + 10, calendar=SPLIT).at >= at


# -- resolution targets (plan_target): worded by day, never before the first-response deadline ---------


def target(received: datetime, duration: str, *, backlog: int = 0, calendar: BusinessCalendar = OFFICE,
           language: str = "en", now: datetime | None = None) -> Deadline:  # fmt: skip
    return plan_target(received, parse_duration(duration), calendar, backlog, now or received, language)


def test_target_ends_at_the_closing_of_its_business_day() -> None:
    found = target(berlin(2026, 11, 24, 10, 15), "2d")  # Tuesday -> Thursday 10:15 -> Thursday's closing
    assert_at(found, berlin(2026, 11, 26, 17, 0))
    assert found.wording == "by Thursday 26 November"
    assert target(berlin(2026, 11, 24, 10, 15), "2d", language="de").wording == "bis Donnerstag, 26. November"


def test_target_skips_the_weekend() -> None:
    found = target(berlin(2026, 11, 27, 15, 0), "1d")  # Friday afternoon
    assert_at(found, berlin(2026, 11, 30, 17, 0))
    assert found.wording == "by Monday 30 November"


def test_target_skips_holidays_and_extra_closed_days() -> None:
    # Wednesday 23 December; 24th closed (config), 25th and 26th public holidays, 27th a Sunday.
    found = target(berlin(2026, 12, 23, 10, 0), "1d")
    assert_at(found, berlin(2026, 12, 28, 17, 0))
    assert found.wording == "by Monday 28 December"


def test_target_on_a_dst_change_keeps_the_local_closing_time() -> None:
    found = target(berlin(2026, 10, 23, 15, 0), "1d")  # Friday CEST -> Monday after clocks went back
    assert_at(found, berlin(2026, 10, 26, 17, 0))
    assert found.at.utcoffset() == timedelta(hours=1)


def test_target_deadline_exactly_at_closing_stays_on_that_day() -> None:
    found = target(berlin(2026, 11, 24, 9, 0), "8h")  # 09:00 + 8 business hours is 17:00 the same day
    assert_at(found, berlin(2026, 11, 24, 17, 0))
    assert found.wording == "by Tuesday 24 November"


def test_target_closing_at_midnight_is_worded_as_that_day() -> None:
    late = week(*["09:00-24:00"] * 5, region="")
    found = target(berlin(2026, 11, 24, 10, 0), "1d", calendar=late)
    assert_at(found, berlin(2026, 11, 26, 0, 0))  # 24:00 on Wednesday
    assert found.wording == "by Wednesday 25 November"
    assert format_day(berlin(2026, 11, 26, 0, 0), "de") == "bis Mittwoch, 25. November"


def test_target_grows_with_backlog_and_is_never_before_the_first_response() -> None:
    thursday = berlin(2026, 11, 26, 16, 30)
    quiet, busy = target(thursday, "1d"), target(thursday, "1d", backlog=200)
    assert_at(quiet, berlin(2026, 11, 27, 17, 0))  # Friday
    assert_at(busy, berlin(2026, 12, 1, 17, 0))  # + the 16h backlog cap: Tuesday
    for duration in ("4h", "1d", "3d"):
        assert target(thursday, duration).at >= plan(thursday, duration).at


def test_target_clock_starts_at_now_when_the_message_is_old() -> None:
    found = target(berlin(2026, 11, 2, 9, 0), "1d", now=berlin(2026, 11, 25, 10, 0))
    assert found.wording == "by Thursday 26 November"


def test_business_time_between_counts_only_open_hours() -> None:
    assert OFFICE.business_time_between(berlin(2026, 11, 27, 16, 0), berlin(2026, 11, 30, 10, 0)) == timedelta(hours=2)
    assert OFFICE.business_time_between(berlin(2026, 11, 25, 10, 0), berlin(2026, 11, 25, 9, 0)) == timedelta(0)
    # over Christmas: 23 Dec 16:00 -> 28 Dec 10:00 is one hour on the 23rd and one on the 28th
    assert OFFICE.business_time_between(berlin(2026, 12, 23, 16, 0), berlin(2026, 12, 28, 10, 0)) == timedelta(hours=2)
    deadline = plan(berlin(2026, 11, 25, 10, 0), "1d")
    assert OFFICE.business_time_between(berlin(2026, 11, 25, 10, 0), deadline.at) == timedelta(hours=8)
