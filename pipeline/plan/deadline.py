"""The customer's own deadline: when they need us, resolved against the message's Date in its zone.

Three shapes are read, each in en, de and fr:

* a trigger and a time: "by Friday", "before 3 pm", "bis morgen 12 Uhr", "avant vendredi", "d'ici demain midi";
  "before the board meeting next week" (a trigger, an event, then the time);
* an event and a time in one clause, no trigger: "our audit starts on 12 January", "launch at noon today";
* a span from now: "in one hour", "within the hour", "innerhalb einer Stunde", "dans une heure".

Rules (the agent sees the worded result, so each is one sentence): no time means the end of that day
(``when.END_OF_DAY``), except "before <day>" and an event on a day, which mean the start of that day (a
reply during the audit is too late); "next week" without a day is its Monday 09:00, the earliest the
customer can mean; a time already past today is tomorrow's; a deadline already past is none. With
several, the earliest counts. ``hard`` when a fixed event or someone else's deadline is named.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime, timedelta

from ..caseless import caseless
from . import clauses, when
from .ask_words import QUOTED
from .customer import CustomerDeadline
from .events import EVENT
from .long_spans import LONG_SPAN_WORDS, NUMBER_WORDS, long_spans
from .loose_deadlines import (
    BARE,
    BY_NOT_TIME,
    DAY_SPAN_START,
    DONE_BEFORE,
    EXPECT_UNTIL,
    FAULT_ON,
    FROM_CLOCK,
    IF_BEFORE,
    NTH_AFTER_EVENT,
    NUMBER_BEFORE,
    PAST_AFTER,
    PAST_VERB,
    RANGE_AFTER,
    REACHABLE,
    SPAN_CONTEXT,
    STARTS_OR_ENDS,
    SUFFICES,
    THEN,
    THEN_WORDS,
    clause_around,
    clock_then,
    day_of_month,
    day_then,
    fix_due_this_week,
    starting_day,
    tidy,
    ultimatum,
    unquoted,
    with_clock,
)
from .time_phrases import WHEN as _WHEN
from .time_phrases import ZONE, in_named_zone

Span = tuple[int, int]
#: Trigger words read per sentence at most.
MAX_TRIGGERS = 20

_TRIGGER = caseless(
    r"\b(?:by|before|until|till|no later than|not later than|latest by|at the latest by|due|needed by|"
    r"bis(?: sp(?:ä|ae)testens)?(?: zum| zur| am| um)?|sp(?:ä|ae)testens(?: am| bis| um)?|"
    r"vor(?: dem| der)?|vorm|noch vor|avant(?: le| la| l'| ce| cette)?|d'ici(?: à)?(?: le| la)?|jusqu'à|jusqu'au|"
    r"au plus tard(?: le)?)\s+",
)
_UNTIL = caseless(r"^(?:until|till|jusqu'à|jusqu'au)\b")
_BEFORE = caseless(r"^(before|vor|noch vor|avant)\b")
_OF_WHOM = (
    r"(?:\s+(?:de|du|des|of|der|des)\s+(?:(?:notre|nos|la|le|les|our|the|unserer|unseres)\s+)?[\w'-]+,?|"
    r"\s+d'[\w-]+,?)?"
    # "before our Procurement Committee meets on Thursday 17 December": what the event does, then its day
    r"(?:\s+(?:meets|sits|starts|begins|opens|takes place|goes out|is issued|tagt|beginnt|startet|rausgeht|"
    r"se réunit|commence|a lieu|part))?"
)
_DETERMINER = r"(?:(?:the|our|their|my|an?|that|latest|at|dem|der|den|die|unserer?|unserem|le|la|l'|notre|nos)\s+)*"
#: After the first time word: more of the same phrase ("Friday 3 pm", "morgen 12 Uhr", "demain midi").
_TAIL = caseless(
    r"(?:,?\s+(?:at|on|um|am|à|le|gegen|den|dem|the|,)?\s*(?:"
    + _WHEN.pattern
    + r"|morning|afternoon|evening|früh|vormittag|nachmittag|"
    r"abend|matin|après-midi|soir|next week|nächste woche|la semaine prochaine|"
    # their time zone after the clock: "by 9am Pacific on Thursday", "avant 8h heure de Montréal"
     + ZONE + r")(?:\b|(?<=\d\.)))*",  # ("Mittwoch, 9.12., 12 Uhr": a date ends on its dot)
)
_WHEN_WORDS = caseless(r"(?:" + _WHEN.pattern + r")(?!\w)")  # a whole time phrase
_WHEN_STARTS = caseless(r"(?<![\w'])(?=" + _WHEN.pattern + r")")  # where one starts
_SPAN = caseless(
    r"\b(?:in|within|innerhalb(?: von)?|binnen|dans|d'ici)\s+(?:the next\s+|der nächsten\s+|les prochaines?\s+)?"
    r"(?P<n>an?|one|two|three|half an?|einer|eine|einem|zwei|drei|une|deux|trois|\d{1,3})?\s*"
    r"(?P<unit>hours?|hrs?|minutes?|mins?|stunden?|minuten?|heures?)\b|"
    r"\bwithin the hour\b|\bdans l'heure\b|\binnerhalb der (?:nächsten )?stunde\b",
)
_NEED = caseless(r"\b(need|needs|needed|must|have to|has to|have (?:\w+ ){1,4}to|required|please|brauche|"
                 r"brauchen|erwarte|benötige|muss|müssen|bitte|il (?:me|nous) faut|doit|devons|besoin|merci de|"
                 r"je demande)\b")  # fmt: skip


def find(text: str, received: datetime, language: str) -> tuple[CustomerDeadline | None, list[Span]]:
    """(the earliest future deadline or None, where its phrase stands in ``text``)."""
    found: list[tuple[CustomerDeadline, Span]] = []
    previous = (0, "")
    for sentence_start, sentence in clauses.with_offsets(text):
        sentence = unquoted(sentence)  # "„… melden uns spätestens am Montag“": someone's words, not their deadline
        here = _in_sentence(sentence, received, language)
        call = _CALL_ME.search(sentence)
        # "Rufen Sie mich bitte morgen zwischen 14 und 16 Uhr an": when to call, which the call line answers (not
        # "Falls das bis zum Mittag nicht klappt, rufen Sie mich an": their time, before the call)
        here = [(d, s) for d, s in here if s[0] < call.start()] if call else here
        before_read = bool(found) and found[-1][1][0] >= previous[0]  # the sentence before named its own time
        if not here and THEN.search(sentence) and not PAST_VERB.search(sentence) and not before_read:
            # "Morgen, Mittwoch, um 9 Uhr muss ich freigeben. Bis dahin …": the time the sentence before names
            sentence_start, here = previous[0], _leading_time(previous[1], received, language, need=False)
            if not here:  # "Unser Zahlungslauf ist am Freitag, 27. November. Liegt die Korrektur bis dahin …"
                here = day_then(f"{previous[1]} {sentence}", received, language)
            if not here:  # "the job runs at 23:00 CET tonight, so … before then"
                here = [clock] if (clock := clock_then(sentence, received, language)) else []
        for deadline, span in here:
            # "avant 17 h heure du Pacifique jeudi": that clock in their named zone, not in their Date header's
            deadline = replace(deadline, at=in_named_zone(deadline.text, deadline.at))
            found.append((deadline, (sentence_start + span[0], sentence_start + span[1])))
        previous = (sentence_start, sentence)
    # "si ce n'est pas réglé cette semaine", "dass sich noch diese Woche jemand … meldet" (before a later day of
    # theirs: "Unser Vertrag läuft am 31. Januar aus")
    this_week = fix_due_this_week(text, received)
    found += [this_week] if this_week else []
    # (a day and month rolled into next year is one they told of: "the export for the period 26 Oct – 22 Nov")
    future = [(d, s) for d, s in found if d.at > received and (d.at < received + _FAR or _YEAR.search(d.text))]
    if not future:
        return None, []
    if any(d.hard for d, _ in future):  # their event stands; a time in a condition before it does not
        future = [
            (d, s)
            for d, s in future
            if d.hard or not IF_BEFORE.search(text, max(0, s[0] - 60), s[0]) or ultimatum(text, s[1])
        ]
    earliest = min(future, key=lambda ds: ds[0].at)
    # the other dates they set ("the statutory deadline is 20 December") stay facts the reply can confirm
    return earliest[0], [s for d, s in future if d == earliest[0]]


def _in_sentence(sentence: str, received: datetime, language: str) -> list[tuple[CustomerDeadline, Span]]:
    out: list[tuple[CustomerDeadline, Span]] = []
    hard_sentence = bool(EVENT.search(sentence))
    for index, trigger in enumerate(_TRIGGER.finditer(sentence)):
        if index >= MAX_TRIGGERS:
            break  # no customer sets twenty deadlines in one sentence; a hostile text costs no more
        before = sentence[max(0, trigger.start() - 80) : trigger.start()]
        if trigger[0].lower().startswith("by") and BY_NOT_TIME.search(before):
            continue  # "caused by the update on Tuesday" names a cause, not a deadline
        if not trigger[0].lower().startswith("by") and (PAST_VERB.search(before) or STARTS_OR_ENDS.search(before)):
            continue  # "it worked until Friday", "vor dem Update lief es", "shifts that start before midnight"
        if trigger[0].lower().startswith(("bis", "to", "à")) and NUMBER_BEFORE.search(before):
            continue  # "8 bis 12 Sekunden", "20 to 30 seconds": a range, not a deadline
        if DAY_SPAN_START.search(before):
            continue  # "vom 18. bis 22. Januar", "du 8 au 12 février": the days something happens on
        if FROM_CLOCK.search(before):
            continue  # "von ca. 07:40 Uhr bis 10:15 Uhr nicht nutzbar": how long it was down, not a deadline
        if _UNTIL.match(trigger[0]) and not (_NEED.search(sentence) or EXPECT_UNTIL.search(sentence)):
            continue  # "our contract runs until 30 April" says how long something lasts, not when they need us
        rest = sentence[trigger.end() :]
        lead = re.match(_DETERMINER, rest, re.I)
        offset = lead.end() if lead else 0
        event = _event_at(rest, offset) if not trigger[0].lower().startswith("by") else None
        if event:  # "before the board meeting next week", "vor dem Audit am Montag"
            # ("avant la clôture de notre exercice, le 31 décembre": whose event, then its day)
            gap = re.match(
                _OF_WHOM + r"\s+(?:(?:on|at|am|um|le|à|is|ist|est|ab|from|dès)\s+)?" + _DETERMINER,
                rest[event.end() :],
                re.I,
            )
            offset = event.end() + (gap.end() if gap else 0)
        phrase = _phrase(rest, offset)
        if phrase is None and event:  # "before month-end": the event is itself the time
            phrase, event = _phrase(rest, lead.end() if lead else 0), None
        hour = _HOUR_ONLY.match(rest, offset) if phrase is None else None
        day_word = _DAY_WORD.search(sentence) if hour and int(hour[1]) < 24 else None
        if hour and day_word:  # "heute muss es vor 12 erledigt sein": noon of that day, not the 12th
            end = trigger.end() + hour.end()
            written = tidy(sentence[trigger.start() : end])
            at = when.resolve(f"{written} {day_word[0]}", received, language, before=True)
            if at is not None:
                out.append((CustomerDeadline(written, at, hard=bool(EVENT.search(sentence))), (trigger.start(), end)))
                continue
        on_day = day_of_month(rest, offset, received, bool(_BEFORE.match(trigger[0]))) if phrase is None else None
        if on_day:  # "avant le 15", "by the 20th", "bis zum 15.": that day of this month or the next
            end = trigger.end() + on_day[0]
            hard = bool(event) or bool(EVENT.search(clause_around(sentence, trigger.start(), end)))
            out.append(
                (CustomerDeadline(tidy(sentence[trigger.start() : end]), on_day[1], hard), (trigger.start(), end))
            )
            continue
        if phrase is None:
            continue
        end = trigger.end() + phrase[1]
        if REACHABLE.match(sentence, end):
            continue  # "(bis 13 Uhr erreichbar)": until when they can be called, which the call line reads
        if trigger[0].lower().startswith("by") and (PAST_AFTER.match(sentence, end) or DONE_BEFORE.search(before)):
            continue  # "by Wednesday morning it was back to how it was": when it happened, not a deadline
        written = tidy(sentence[trigger.start() : end])
        at = when.resolve(written, received, language, before=bool(_BEFORE.match(trigger[0])) or bool(event))
        if at is not None:
            hard = bool(event) or bool(EVENT.search(clause_around(sentence, trigger.start(), end)))
            out.append((CustomerDeadline(written, at, hard=hard), (trigger.start(), end)))
    if hard_sentence:  # "our audit starts on 12 January", "launch at noon today"
        for event in EVENT.finditer(sentence):
            if _told_as_past(sentence, event.end()) or FAULT_ON.search(
                sentence, max(0, event.start() - 40), event.start()
            ):
                continue  # (nor "cuts every night shift off at 11:59 pm": what the fault does to the shift)
            window = sentence[event.end() : event.end() + 60]
            start = _WHEN_STARTS.search(window)
            nth = NTH_AFTER_EVENT.match(window) if start is None else None
            at_nth = when.nth_of_month(int(nth["day"]), received) if nth else None
            if nth and at_nth:  # "la paie de fin de mois (clôture le 30)", "payroll run on the 30th"
                begin, end = event.start(), event.end() + nth.end()
                out.append((CustomerDeadline(tidy(sentence[begin:end]), at_nth, hard=True), (begin, end)))
                break
            if start is None or re.search(r"[,;:]", window[: start.start()]):
                # (a shift is an event by the time after it: "die Frühschicht geht um 13 Uhr heim")
                shift = event[0].lower().endswith(("schicht", "shift"))
                ahead = None if shift else _time_before(sentence, event.start(), event.end(), received, language)
                if ahead and not any(s < ahead[1][1] and ahead[1][0] < e for _, (s, e) in out):
                    out.append(ahead)
                    break
                continue
            if any(s <= event.end() + start.start() < e for _, (s, e) in out):
                continue  # already read with its trigger ("before the audit on 12 January")
            phrase = _phrase(window, start.start())
            if phrase is None or RANGE_AFTER.match(window, phrase[1]):
                continue  # (a shift's hours, "Nachtschicht (22:00 bis 06:00 Uhr)", are no deadline)
            lead = re.search(r"(?:\b(?:our|the|my|their|unser\w*|die|der|das|notre|le|la|l')\s+)?\S*$",
                             sentence[: event.start()], re.I)  # fmt: skip
            begin = event.start() - (len(lead[0]) if lead else 0)
            end = event.end() + phrase[1]
            written = tidy(sentence[begin:end])
            at = when.resolve(sentence[event.end() : end], received, language, before=True)
            if at is not None:
                out.append((CustomerDeadline(written, at, hard=True), (begin, end)))
                break
    low = sentence.lower()
    spans = _SPAN.finditer(sentence) if any(u in low for u in ("hour", "hr", "min", "stunde", "heure")) else ()
    # "the export fails within 5 minutes" is how it breaks, not when they need us (asked only when a span
    # can follow: most sentences name no hour or minute)
    wanted = bool(spans) and (hard_sentence or bool(_NEED.search(sentence) or SPAN_CONTEXT.search(sentence)))
    for index, match in enumerate(spans if wanted else ()):  # "in one hour", "within the hour"
        if index >= MAX_TRIGGERS:
            break
        n = match["n"]
        hours = 1.0 if not n else NUMBER_WORDS.get(n.lower()) if not n.isdigit() else float(n)
        if hours is None:
            continue
        minutes = bool(match["unit"]) and match["unit"].lower().startswith("min")
        delta = timedelta(minutes=hours) if minutes else timedelta(hours=hours)
        if delta > timedelta(hours=72):
            continue
        out.append((CustomerDeadline(match[0], received + delta, hard=hard_sentence), match.span()))
    if any(w in low for w in LONG_SPAN_WORDS):  # most sentences hold none: skip the pattern
        out.extend(
            (CustomerDeadline(tidy(w), at, hard), span)
            for w, at, hard, span in long_spans(sentence, received, hard_sentence)
        )
    if not out and any(w in low for w in THEN_WORDS) and THEN.search(sentence) and not PAST_VERB.search(sentence):
        out.extend(day_then(sentence, received, language))
    if not out and _LATEST.search(sentence):  # "… attend le fichier vendredi midi au plus tard"
        out.extend(_latest(sentence, received, language, hard_sentence))
    if not out:  # "Tomorrow at 9 I have to sign off the reports", "Morgen um 9 Uhr muss ich freigeben"
        out.extend(_leading_time(sentence, received, language, need=True))
    if not out and (starting := starting_day(sentence, received, language)):  # "sollen ab Montag … erfassen"
        out.append(starting)
    if not out and SUFFICES.search(sentence):  # "es reicht völlig, wenn Sie das nächste Woche erledigen"
        for found in _WHEN_STARTS.finditer(sentence):
            phrase = _phrase(sentence, found.start())
            at = when.resolve(sentence[phrase[0] : phrase[1]], received, language, False) if phrase else None
            if PAST_VERB.search(sentence, 0, found.start()):
                continue  # "The October invoice was paid once on 2 October and is fine": a day told, not asked
            if phrase and at is not None:
                out.append((CustomerDeadline(tidy(sentence[phrase[0] : phrase[1]]), at, hard=False), phrase))
                break
    # (not the "bitte" of an error text they quote: "… abgebrochen mit "Zeitüberschreitung - bitte erneut versuchen"")
    need = _NEED.search(QUOTED.sub("…", sentence)) if not out else None
    if need:  # "… muss morgen früh um 8 Uhr die Pläne freigeben": the time right after what they must do
        out.extend(_time_after_need(sentence, need.end(), received, language, hard_sentence))
    if not out and need:  # "we need this EOD", "I need it tomorrow morning", "à 17h aujourd'hui"
        for match in BARE.finditer(sentence):
            if _OF_TIME.search(sentence, max(0, match.start() - 8), match.start()):
                continue  # "die Stempelungen von heute Nachmittag"
            begin, end = with_clock(sentence, *match.span())
            at = when.resolve(sentence[begin:end], received, language, before=False)
            if at is not None:
                out.append((CustomerDeadline(tidy(sentence[begin:end]), at, hard=hard_sentence), (begin, end)))
    return out


#: A bare number after a trigger, with no mark of a day of the month ("vor 12", not "vor dem 12." or "by the 12th"):
#: an hour when the sentence names its day ("heute", "today", "demain").
_HOUR_ONLY = re.compile(r"(\d{1,2})(?![\w.:,/-]|\s*(?:%|€|\$))")
_DAY_WORD = caseless(r"\b(?:today|tonight|tomorrow|heute|morgen|aujourd'hui|demain)\b")


#: How far ahead a deadline without a written year can be before it is more likely a day in the past.
_FAR = timedelta(days=300)
_YEAR = re.compile(r"\b20\d\d\b")


#: A word that says whose or which event it is: "before the *client billing* run", "vor dem *großen* Audit".
_MODIFIER = re.compile(r"[\w-]+\s+")


def _event_at(rest: str, offset: int) -> re.Match[str] | None:
    """The event named at ``offset`` in ``rest``, or after one or two words that qualify it."""
    for _ in range(3):
        found = EVENT.match(rest, offset)
        word = _MODIFIER.match(rest, offset) if found is None else None
        if word is None:
            return found
        offset = word.end()
    return None


def _told_as_past(sentence: str, at: int) -> bool:
    """Whether the sentence up to an event and the few words after it tell the story ("the demo on Tuesday
    went badly", "since the audit"); a "depuis le tableau" (from the board) further on does not count."""
    after = re.match(r"(?:\W*\w+){0,6}", sentence[at:])
    return bool(PAST_VERB.search(sentence, 0, at + (after.end() if after else 0)))


_TIME_LEAD = caseless(r"(?:\b(?:today|heute|aujourd'hui|tomorrow|morgen|demain)\s+)?(?:\b(?:at|um|à|gegen)\s+)?$")


def _time_before(
    sentence: str, start: int, end: int, received: datetime, language: str
) -> tuple[CustomerDeadline, Span] | None:
    """The time written just before the event at ``start``..``end``: "heute um 14 Uhr eine Präsentation", "at 2 pm
    we have our demo", "à 11 h j'ai une démo"; None when no time stands within a few words before it."""
    window_start = max(0, start - 45)
    for found in _WHEN_STARTS.finditer(sentence, window_start, start):
        phrase = _phrase(sentence, found.start())
        if phrase is None or start - phrase[1] > 25 or re.search(r"[,;:.!?]", sentence[phrase[1] : start]):
            continue
        lead = _TIME_LEAD.search(sentence, window_start, phrase[0])
        begin = lead.start() if lead and lead[0] else phrase[0]
        at = when.resolve(sentence[begin : phrase[1]], received, language, before=True)
        if at is not None:
            return CustomerDeadline(tidy(sentence[begin:end]), at, hard=True), (begin, end)
    return None


def _time_after_need(
    sentence: str, at: int, received: datetime, language: str, hard: bool
) -> list[tuple[CustomerDeadline, Span]]:
    """A time phrase within a few words after what they must do: "muss morgen früh um 8 Uhr", "have to be there
    tomorrow at 9"; none when the words between end the clause."""
    for found in _WHEN_STARTS.finditer(sentence, at, min(len(sentence), at + 30)):
        if re.search(r"[,;:.!?]", sentence[at : found.start()]):
            return []
        if _OF_TIME.search(sentence, max(0, found.start() - 8), found.start()):
            continue  # "ob die Stempelungen von heute Nachmittag verloren sind": whose time, not a deadline
        phrase = _phrase(sentence, found.start())
        if phrase is None:
            continue
        begin, end = with_clock(sentence, *phrase)
        when_at = when.resolve(sentence[begin:end], received, language, before=False)
        if when_at is not None and when_at > received:
            return [(CustomerDeadline(tidy(sentence[begin:end]), when_at, hard=hard), (begin, end))]
        return []
    return []


#: Asking us to call them: the time in that sentence is the call's.
_CALL_ME = caseless(
    r"\b(?:call me|call us|ring me|phone me|give me a call|rufen sie (?:mich|uns)|ruf(?:t)? (?:mich|uns)|"
    r"appelez-(?:moi|nous)|rappelez-(?:moi|nous)|me rappeler|nous rappeler|m'appeler|nous appeler)\b"
)
#: A word that makes a time part of a thing: "die Stempelungen von heute", "the entries from today".
_OF_TIME = caseless(r"\b(?:von|vom|seit|from|of|since|de|du|des|depuis)\s+$")


#: A short label before the time that opens a sentence: "Wichtig ist:", "Important:", "À noter :".
_LABEL = re.compile(r"[^\W\d][^:\n.!?]{0,24}\s?:\s+")


def _leading_time(sentence: str, received: datetime, language: str, need: bool) -> list[tuple[CustomerDeadline, Span]]:
    """A time phrase that opens ``sentence`` ("Morgen, Mittwoch, um 9 Uhr", "Tomorrow at 9"): a deadline when the
    sentence then says what they must do by it (``need``), or when the next sentence points back to it."""
    body = sentence.lstrip()
    label = _LABEL.match(body)  # "Wichtig ist: morgen früh um 7 …", "Important: tomorrow at 9 …"
    body = body[label.end() :] if label and _phrase(body, label.end()) else body
    lead = len(sentence) - len(body)
    phrase = _phrase(body, 0)
    if phrase is None or (need and not _NEED.search(body[phrase[1] :])) or PAST_VERB.search(body):
        return []
    written = tidy(body[: phrase[1]].rstrip(" ,"))
    at = when.resolve(written, received, language, before=False)
    if at is None:
        return []
    return [(CustomerDeadline(written, at, hard=True), (lead, lead + len(written)))]


#: A time phrase marked as the latest after it: "vendredi midi au plus tard", "Friday noon at the latest".
_LATEST = caseless(
    r"\s*,?\s*\(?(?:au plus tard|dernier délai|at the latest|latest|sp(?:ä|ae)testens|allersp(?:ä|ae)testens)\b"
)


def _latest(sentence: str, received: datetime, language: str, hard: bool) -> list[tuple[CustomerDeadline, Span]]:
    """The time phrase right before an "au plus tard" / "at the latest" / "spätestens" in ``sentence``."""
    for found in _WHEN_STARTS.finditer(sentence):
        phrase = _phrase(sentence, found.start())
        if phrase is None or not _LATEST.match(sentence, phrase[1]):
            continue
        at = when.resolve(sentence[phrase[0] : phrase[1]], received, language, before=False)
        if at is not None:
            return [(CustomerDeadline(tidy(sentence[phrase[0] : phrase[1]]), at, hard=hard), phrase)]
    return []


def _phrase(rest: str, offset: int) -> tuple[int, int] | None:
    """(start, end) of the time words starting at ``offset`` in ``rest``, or None when none start there."""
    match = _WHEN_WORDS.match(rest, offset)
    if not match:
        return None
    tail = _TAIL.match(rest, match.end())
    return offset, (tail.end() if tail else match.end())
