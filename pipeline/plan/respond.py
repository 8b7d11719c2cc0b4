"""What this reply says to *this* customer, beyond its type: their urgency, their questions, their deadline,
the call they asked for, and what we still need from them.

Pure, like the rest of ``plan``: the clock, the calendar and the matcher are passed in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

from ..caseless import caseless
from .ask_words import DO_IT
from .calendar import BusinessCalendar
from .cues import urgency_shift
from .customer import CustomerDeadline, Question, Reading
from .wording import format_date_only, format_when, format_window

if TYPE_CHECKING:
    from .intents import AnswerMatch, IntentMatcher
    from .playbooks import Need

URGENCIES = ("low", "normal", "high")
#: A hard deadline further off than this leaves a customer's "no rush" standing.
CALM_HORIZON = timedelta(days=14)
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
    known: str = ""  # the admin's known question it matched: a short label when a reply must be brief


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
    pressing = reading.deadline is not None and reading.deadline.hard
    if pressing and reading.deadline is not None and reading.received is not None:
        # "no rush, just planning for Q1 … renews on 15 March, so before then": a far date does not undo it
        pressing = reading.deadline.at - reading.received <= CALM_HORIZON
    return lowered and not pressing


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


#: Answers the restatement of a data request passed on by the employer already gives (who is the controller).
_SAID_FOR_STAFF = caseless(r"#employer_")


def answer_questions(
    reading: Reading, intent: str, matcher: IntentMatcher | None, language: str
) -> tuple[tuple[Answered, ...], tuple[Question, ...]]:
    """(questions a playbook answers with high confidence, the questions to name back). None is dropped: a
    question that is the matched intent itself is answered by the restatement and the next step."""
    answered: list[Answered] = []
    open_: list[Question] = []
    restated: list[Question] = []
    for question in reading.questions:
        if question.kind == "request" and len(question.text.split()) < 3 and not DO_IT.match(question.text):
            continue  # "ein Angebot", left when its deadline went: the restatement and the next step say it
        found = _lookup(question.text, intent, matcher, language)
        pair = None
        if found is None and matcher is not None and (question.kind == "question" or _ALSO.search(question.text)):
            pair = _answer_pair(question.text, intent, matcher, language)  # "a DPA and a SOC 2 report?"
        elif found is not None and _ALSO.search(question.text) and matcher is not None:
            # "send us your DPA as well as the list of sub-processors": one answer would leave the other half out
            pair = _answer_pair(question.text, intent, matcher, language)
            found = None if pair is not None else found
        if pair is not None and (given := [p for p in pair if any(a.answer_id == p.ref for a in answered)]):
            # "a credit, or does the lower number only apply from the next invoice?": a half whose answer an
            # earlier question got already is answered there; the other half's answer is this question's
            found, pair = next(p for p in pair if p not in given), None
        if found is not None and reading.for_staff and _SAID_FOR_STAFF.search(found.ref):
            continue  # "who answers our former employee?": the restatement of a request passed on says it
        if found is not None:
            answered.append(
                Answered(question.bare or question.text, found.ref, found.text, found.confidence, found.question)
            )
        elif pair is not None:
            answered += [Answered(question.text, p.ref, p.text, p.confidence, p.question) for p in pair]
        elif not (matcher and intent and matcher.restates(intent, question.text, language)):
            open_.append(question)  # else the restatement and the next step say it
        else:
            restated.append(question)
    return tuple(answered), _with_listed(open_, restated, reading.questions)


def _with_listed(open_: list[Question], restated: list[Question], order: tuple[Question, ...]) -> tuple[Question, ...]:
    """The questions to name back, with each restated one that sits between two of them put back: item 3 of five
    points of a data request left out of the list would look forgotten, whatever the restatement says."""
    if len(open_) < 2 or not restated:
        return tuple(open_)
    place = {id(q): i for i, q in enumerate(order)}
    first, last = place[id(open_[0])], place[id(open_[-1])]
    inside = [q for q in restated if first < place[id(q)] < last]
    return tuple(sorted(open_ + inside, key=lambda q: place[id(q)]))


#: A request that asks for two things outright ("the DPA as well as the sub-processor list"): each may have its
#: own answer. A plain "and" joins one request's steps too often ("check it and tell us when"), so it does not.
_ALSO = caseless(
    r"\b(?:as well as|along with|together with|including|sowie|zusammen mit|einschließlich|inklusive|ainsi que|"
    r"y compris)\b|,\s+(?:and|und|et)\s+(?:a |an |the |your |die |den |eine |la |le |une |votre )?"
    r"(?:confirmation|bestätigung|details?|angaben|précisions?)\b"
)  # ("…, and confirmation of")


#: A hedge typed after a question ("il est sous garantie je suppose ?", "that's covered, right?"): not its topic.
#: ("which account is correct?" keeps its "correct": only a comma makes it a hedge)
_TRAILING_HEDGE = caseless(r"[\s,]+(?:je suppose|j'imagine|n'est-ce pas|i guess|i assume|i suppose|nehme ich an|"
                           r"vermute ich)\s*(?=\?\s*$)|"
                           r",\s*(?:non|right|correct|oder|richtig)\s*(?=\?\s*$)")  # fmt: skip


def _lookup(text: str, intent: str, matcher: IntentMatcher | None, language: str) -> AnswerMatch | None:
    """The matched playbook's answer to ``text``, else another playbook's clear one (a side question)."""
    text = _TRAILING_HEDGE.sub("", text.replace("est ce que", "est-ce que"))
    found = matcher.answer(intent, text, language) if (matcher and intent) else None
    if found is None and matcher is not None:
        found = matcher.answer_elsewhere(text, language, besides=intent or None)
    return found


def _answer_pair(
    text: str, intent: str, matcher: IntentMatcher, language: str
) -> tuple[AnswerMatch, AnswerMatch] | None:
    """Two different answers to the two halves of "do you have a DPA and a SOC 2 report?", or None. The second
    half is looked up in the first one's playbook first, where it is on topic and the usual threshold applies."""
    halves = _halves(text)
    first = _lookup(halves[0], intent, matcher, language) if halves else None
    if first is None:
        return None  # both halves must be answered: no need to look up the second
    second = matcher.answer(first.intent, halves[1], language) or _lookup(halves[1], intent, matcher, language)
    return (first, second) if second is not None and second.ref != first.ref else None


#: "do you have a DPA and a SOC 2 report?": two questions in one, each of which may have its own answer.
_AND = caseless(
    r",?\s+(?:and|or|as well as|including|together with|along with|und|oder|sowie|zusammen mit|"
    r"einschließlich(?: der| des)?|inklusive|et|ou|y compris|ainsi que)\s+|\s*[&+]\s*",
)


def _halves(text: str) -> list[str]:
    """The two halves of a question joined by one "and" / "und" / "et" ("do you have a DPA" / "a SOC 2 report
    you can share?"); none for anything else."""
    pieces = _AND.split(text)
    if len(pieces) != 2 or min(len(p.split()) for p in pieces) < 2:
        return []
    return [pieces[0].rstrip(" ,;") + "?", pieces[1]]


def still_needed(needs: tuple[Need, ...], given: frozenset[str]) -> tuple[str, ...]:
    """The asks the customer has not settled (``Need.satisfied_by``); an item without ``unless`` is always asked."""
    return tuple(n.ask for n in needs if not n.satisfied_by(given))


#: The customer's hours for a call, in their own zone: what they said ("afternoons"), else a working day.
_THEIR_HOURS = {"morning": (9, 12), "afternoon": (13, 18), "": (9, 18)}
#: How many of our open spans a call window is looked for in before giving up on their hours.
_CALL_SPANS = 10


def call_window(calendar: BusinessCalendar, now: datetime, language: str, *args: Any, **kwargs: Any) -> str:
    """``_call_window``, said as "today" when it is today: "ring me today" is answered in its own word."""
    window = _call_window(calendar, now, language, *args, **kwargs)
    lang = language[:2] if language[:2] in _TODAY else "en"
    day = format_date_only(now.astimezone(calendar.tz), lang)
    lead = {"en": f"on {day} ", "de": f"am {day}, ", "fr": f"le {day} "}[lang]
    return window.replace(lead, _TODAY[lang].format(day), 1) if window.startswith(lead) else window


_TODAY = {"en": "today, {}, ", "de": "heute, {}, ", "fr": "aujourd'hui, {}, "}


def _call_window(
    calendar: BusinessCalendar,
    now: datetime,
    language: str,
    their_zone: tzinfo | None = None,
    part: str = "",
    until: str = "",
    between: str = "",
    days: tuple[int, ...] = (),
) -> str:
    """A concrete window of up to two hours in open hours, at least ``CALL_LEAD`` of business time from now,
    on the hour. With the customer's zone (their Date header's offset) it lies in their own hours too, in
    the part of the day they asked for ("afternoons") when ours allow it, and says what time that is for them.
    ``until`` ("15:00", their clock) ends the window when they said they are reachable only until then;
    ``between`` ("09:00-12:00", their clock) puts it in the hours they named, when ours allow it soon; ``days``
    (0 = Monday) on the first of the weekdays they named, when it comes within ``_CALL_SPANS`` of our open days."""
    try:
        earliest = calendar.add_business_time(now, CALL_LEAD)
        elsewhere = their_zone is not None and earliest.astimezone(their_zone).utcoffset() != earliest.utcoffset()
        # ours: today's or the next, unless their own hours may lie further on
        spans = _open_spans(calendar, earliest, _CALL_SPANS if elsewhere or between else 2)
    except ValueError:  # a calendar without open days: no window we could keep
        return ""
    zone = their_zone or now.tzinfo
    if days:  # "I'm free Monday or Tuesday afternoon": only those days, when they come soon enough
        named_days = [
            s for s in _open_spans(calendar, earliest, _CALL_SPANS) if s[0].astimezone(zone).weekday() in days
        ]
        spans = named_days + spans[len(named_days) :] if named_days else spans
        if named_days and part and not elsewhere and zone is not None:
            found = next((w for span in named_days if (w := _shared(span, zone, _THEIR_HOURS[part]))), None)
            if found:
                return format_window(*found, language)
    if between and zone is not None:
        named = tuple(int(clock[:2]) for clock in between.split("-"))
        found = next((w for span in spans if (w := _shared(span, zone, (named[0], named[1])))), None)
        if found:
            same_clock = found[0].astimezone(zone).utcoffset() == found[0].utcoffset()
            return _worded(*found, language, None if same_clock else zone)
    if elsewhere and their_zone is not None:
        asked = _THEIR_HOURS.get(part, _THEIR_HOURS[""])
        for hours in dict.fromkeys((asked, _THEIR_HOURS[""])):
            found = next((w for span in spans if (w := _shared(span, their_zone, hours))), None)
            if found:
                # their afternoon out of our hours: the window we can keep, and that it is not the one asked for
                missed = part if part and hours != asked else ""
                return _worded(*_reachable(*found, until, their_zone), language, their_zone, missed)
    start, closing = spans[0]
    if closing - start < timedelta(hours=1) and len(spans) > 1:  # too close to closing: the next opening
        start, closing = spans[1]
    start, end = _reachable(start, min(start + CALL_LENGTH, closing), until, their_zone or start.tzinfo)
    return format_window(start, end, language)


def _reachable(start: datetime, end: datetime, until: str, zone: tzinfo | None) -> tuple[datetime, datetime]:
    """The window ended at ``until`` on its own day (their clock), when at least half an hour of it is left."""
    if not until or zone is None:
        return start, end
    hour, minute = (int(p) for p in until.split(":"))
    cut = start.astimezone(zone).replace(hour=hour, minute=minute).astimezone(start.tzinfo)  # worded in ours
    return (start, cut) if start + timedelta(minutes=30) <= cut < end else (start, end)


_YOUR_TIME = {"en": "your time", "de": "bei Ihnen", "fr": "chez vous"}


#: Said when the part of the day they asked for lies outside our hours: the window is the nearest we can keep.
_NOT_THEIR_PART = {
    "en": {"morning": "our hours do not reach your morning", "afternoon": "our hours do not reach your afternoon"},
    "de": {"morning": "Ihr Vormittag liegt außerhalb unserer Zeiten", "afternoon": "Ihr Nachmittag liegt außerhalb "
           "unserer Zeiten"},
    "fr": {"morning": "nos horaires n'atteignent pas votre matinée", "afternoon": "nos horaires n'atteignent pas "
           "votre après-midi"},
}  # fmt: skip


def _worded(start: datetime, end: datetime, language: str, theirs: tzinfo | None, missed: str = "") -> str:
    """The window in our words, and with ``theirs`` (a customer elsewhere) what time that is for them too; with
    ``missed`` ("afternoon"), that the part of the day they asked for lies outside our hours."""
    if theirs is None:
        return format_window(start, end, language)
    their_clock = f"{start.astimezone(theirs):%H:%M}–{end.astimezone(theirs):%H:%M}"
    note = _NOT_THEIR_PART.get(language[:2], _NOT_THEIR_PART["en"]).get(missed, "")
    said = f"{their_clock} {_YOUR_TIME.get(language[:2], 'your time')}" + (f"; {note}" if note else "")
    return f"{format_window(start, end, language)} ({said})"


def _open_spans(calendar: BusinessCalendar, earliest: datetime, count: int) -> list[tuple[datetime, datetime]]:
    """Our next ``count`` open spans from ``earliest``, each starting on the hour."""
    spans: list[tuple[datetime, datetime]] = []
    at = earliest
    while len(spans) < count:
        start, closing = calendar.open_span(at)
        on_the_hour = start.replace(minute=0, second=0, microsecond=0)
        if on_the_hour < start:
            on_the_hour += timedelta(hours=1)
        if on_the_hour < closing:
            spans.append((on_the_hour, closing))
        at = closing + timedelta(minutes=1)
    return spans


def _shared(span: tuple[datetime, datetime], zone: tzinfo, hours: tuple[int, int]) -> tuple[datetime, datetime] | None:
    """The first hour-aligned stretch of at least an hour (at most ``CALL_LENGTH``) that lies in ``span`` and in
    the customer's ``hours`` on their own day(s), or None."""
    start, closing = span
    local = start.astimezone(zone)
    for day in (local.date(), local.date() + timedelta(days=1)):
        begin = datetime.combine(day, time(hours[0]), zone)
        end = datetime.combine(day, time(hours[1]), zone)
        first, last = max(start, begin), min(closing, end)
        if first.minute or first.second:
            first = first.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
        if last - first >= timedelta(hours=1):
            return first.astimezone(start.tzinfo), min(first + CALL_LENGTH, last).astimezone(start.tzinfo)
    return None


_WHEN_FIXED = caseless(r"\b(when|how long|how soon|wann|wie lange|bis wann|quand|combien de temps|d'ici quand)\b")


def wants_a_target(reading: Reading, urgency: str, has_deadline: bool) -> bool:
    """Whether the reply names our resolution target too: only when the customer is in a hurry, has their own
    deadline, or asked when it will be fixed. Otherwise the time of our update is the time frame they need."""
    asked_when = any(_WHEN_FIXED.search(q.text) for q in reading.questions)
    return urgency == "high" or has_deadline or asked_when
