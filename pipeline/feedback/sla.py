"""The config's first-response SLA as ``report`` measures replies against it.

A reply is within the SLA when it went out by the time a draft written at the same moment would have
promised with an empty queue: the urgency's (or the type's) ``[sla]`` target added in business time
by ``plan.timeframe.plan_deadline``, the same arithmetic and rounding the drafts' promises use, so a
reply is never called late against a time nobody promised. The clock starts when mailtriage wrote
the draft (the feedback row's ``written_at``): a polling worker sees new mail within ``poll_seconds``
(IDLE within seconds), and receipt times are not kept. Pure: no clock, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo

from ..config import SlaPolicy
from ..plan.calendar import BusinessCalendar, BusinessDuration
from ..plan.timeframe import plan_deadline


@dataclass(frozen=True, slots=True)
class SlaClock:
    """The targets of ``policy`` on ``calendar``."""

    calendar: BusinessCalendar
    policy: SlaPolicy

    @property
    def tz(self) -> tzinfo:
        """The business's zone: the report's days are its days."""
        return self.calendar.tz

    def target(self, type_: str | None, urgency: str | None) -> BusinessDuration | None:
        """The first-response target of this type and urgency; None for an urgency the config lacks."""
        if urgency not in self.policy.first_response:
            return None
        return self.policy.target(type_ or "", urgency)

    def due(self, type_: str | None, urgency: str | None, start: float) -> float | None:
        """When a reply to a message first seen at ``start`` (epoch seconds) is due; None without a target."""
        target = self.target(type_, urgency)
        if target is None:
            return None
        at = datetime.fromtimestamp(start, tz=UTC)
        return plan_deadline(at, target, self.calendar, 0, at).at.timestamp()

    def business_seconds(self, start: float, end: float) -> float:
        """Open business time between two instants (0 when ``end`` is not after ``start``)."""
        since, until = datetime.fromtimestamp(start, tz=UTC), datetime.fromtimestamp(end, tz=UTC)
        return self.calendar.business_time_between(since, until).total_seconds()
