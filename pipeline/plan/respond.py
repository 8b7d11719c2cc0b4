"""What this reply says to *this* customer, beyond its type: their urgency, their questions, their deadline,
the call they asked for, and what we still need from them.

Pure, like the rest of ``plan``: the clock, the calendar and the matcher are passed in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from .calendar import BusinessCalendar
from .cues import urgency_shift
from .customer import CustomerDeadline, Question, Reading
from .wording import format_when, format_window

if TYPE_CHECKING:
    from .intents import IntentMatcher
    from .playbooks import Need

URGENCIES = ("low", "normal", "high")
#: How many of the customer's questions are named back one by one; more than this are still named, in one list.
MAX_NAMED = 4
#: A call is offered this much business time after now at the earliest, so the person can read up first.
CALL_LEAD = timedelta(hours=2)
CALL_LENGTH = timedelta(hours=2)


@dataclass(frozen=True, slots=True)
class Answered:
    """A customer question answered from a playbook, for the reply and for ``X-Mailtriage-Answers``."""

    question: str
    answer_id: str  # "<intent>#<id>"
    text: str  # the answer's Jinja source: rendered with the customer's slots like the playbook's blocks
    confidence: float


@dataclass(frozen=True, slots=True)
class TheirDeadline:
    """The customer's own deadline and whether our promised update meets it."""

    text: str  # as they wrote it
    at: datetime
    wording: str  # in the reply's language: "Friday 11 December" or "Friday 11 December, 15:00 CET"
    met: bool  # our first update comes before it
    hard: bool
    passed: bool  # already past when we write


def effective_urgency(model_urgency: str, reading: Reading) -> tuple[str, str]:
    """The urgency the plan uses: the model's, moved one step by the customer's own cues; and why, or ""."""
    shift = urgency_shift(reading)
    if not shift or model_urgency not in URGENCIES:
        return model_urgency, ""
    index = min(max(URGENCIES.index(model_urgency) + shift, 0), len(URGENCIES) - 1)
    urgency = URGENCIES[index]
    if urgency == model_urgency:
        return urgency, ""
    cues = [c.text for c in reading.cues if c.direction == shift]
    if shift > 0 and not cues and reading.deadline is not None:
        cues = [reading.deadline.text]
    said = ", ".join(f'"{c}"' for c in cues[:3]) or "their deadline"
    return urgency, f"urgency {model_urgency} -> {urgency}: the customer wrote {said}"


def is_calm(reading: Reading) -> bool:
    """The customer ruled urgency out ("no rush", "keine Eile") and named no hard deadline."""
    lowered = any(c.direction < 0 for c in reading.cues) and not any(c.direction > 0 for c in reading.cues)
    return lowered and not (reading.deadline and reading.deadline.hard)


def their_deadline(
    deadline: CustomerDeadline | None, promised: datetime, now: datetime, language: str
) -> TheirDeadline | None:
    """Their deadline, worded in the reply's language, and whether ``promised`` comes before it."""
    if deadline is None:
        return None
    return TheirDeadline(
        text=deadline.text,
        at=deadline.at,
        wording=format_when(deadline.at.astimezone(promised.tzinfo), language),
        met=promised <= deadline.at,
        hard=deadline.hard,
        passed=deadline.at <= now,
    )


def answer_questions(
    reading: Reading, intent: str, matcher: IntentMatcher | None, language: str
) -> tuple[tuple[Answered, ...], tuple[Question, ...]]:
    """(questions a playbook answers with high confidence, the questions to name back). None is dropped."""
    answered: list[Answered] = []
    open_: list[Question] = []
    for question in reading.questions:
        found = matcher.answer(intent, question.text, language) if (matcher and intent) else None
        if found is not None:
            answered.append(Answered(question.text, found.ref, found.text, found.confidence))
        else:
            open_.append(question)
    return tuple(answered), tuple(open_)


def still_needed(needs: tuple[Need, ...], given: frozenset[str]) -> tuple[str, ...]:
    """The asks the customer has not settled (``Need.satisfied_by``); an item without ``unless`` is always asked."""
    return tuple(n.ask for n in needs if not n.satisfied_by(given))


def call_window(calendar: BusinessCalendar, now: datetime, language: str) -> str:
    """A concrete two-hour window in open hours, at least ``CALL_LEAD`` of business time from now, on the hour."""
    try:
        earliest = calendar.add_business_time(now, CALL_LEAD)
        on_the_hour = earliest.replace(minute=0, second=0, microsecond=0)
        if on_the_hour < earliest:
            on_the_hour += timedelta(hours=1)
        start, closing = calendar.open_span(on_the_hour)
        if closing - start < timedelta(hours=1):  # too close to closing: the next opening
            start, closing = calendar.open_span(closing + timedelta(minutes=1))
    except ValueError:  # a calendar without open days: no window we could keep
        return ""
    return format_window(start, min(start + CALL_LENGTH, closing), language)


_WHEN_FIXED = re.compile(r"\b(when|how long|how soon|wann|wie lange|bis wann|quand|combien de temps|d'ici quand)\b",
                         re.IGNORECASE)  # fmt: skip


def wants_a_target(reading: Reading, urgency: str, has_deadline: bool) -> bool:
    """Whether the reply names our resolution target too: only when the customer is in a hurry, has their own
    deadline, or asked when it will be fixed. Otherwise the time of our update is the time frame they need."""
    asked_when = any(_WHEN_FIXED.search(q.text) for q in reading.questions)
    return urgency == "high" or has_deadline or asked_when
