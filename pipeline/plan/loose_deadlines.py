"""Deadlines said loosely: a fix due "this week" with no day named ("if this is not fixed this week", "une solution
cette semaine", "wenn das nicht diese Woche gelöst ist": the end of this week), and a clock time that "before then"
points back to in the same sentence ("the job runs at 23:00 CET tonight, so … before then"), a day named first
and pointed back to ("closes the books on the 20th, so before then"), a bare day of the month after a trigger
("avant le 15"), the day from which something must work ("Die beiden sollen ab Montag ihre Stunden erfassen"),
whether a condition with a time in it is an ultimatum, and the clock time or clause around a time
phrase the deadline reader found. Pure.
"""

from __future__ import annotations

import re
from datetime import datetime

from ..caseless import caseless
from . import when
from .contact_asks import contact_requests
from .customer import CustomerDeadline

Span = tuple[int, int]

_FIXED = (r"(?:fixed|solved|resolved|sorted|working|fix|solution|réglée?s?|résolue?s?|corrigée?s?|gelöst|behoben|"
          r"erledigt|Lösung)")  # fmt: skip
_WEEK = (
    r"(?P<week>(?:by\s+)?(?:the\s+)?end\s+of\s+this week|this week|(?:d'ici\s+)?la\s+fin\s+de\s+(?:la|cette)\s+"
    r"semaine|cette semaine|(?:bis\s+)?(?:zum\s+)?Ende\s+dieser\s+Woche|diese Woche)"
    # ("a call this week or next would be great": a wish with room, not a deadline)
    r"(?!\s+(?:or|oder|ou)\s+(?:next|nächste|la (?:semaine )?prochaine))"
)
#: A call or an answer wanted: "dass sich noch diese Woche jemand … telefonisch bei mir meldet", "call me this week".
_CONTACTED = (r"(?:call|ring|phone|get back to|hear from|contact|telefonisch|anrufen|anruft|zurückruft|meldet|"
              r"melden|appelle|appeler|rappeler|rappelle|recontacte)")  # fmt: skip
_WEEK_WORD = re.compile(r"week|woche|semaine", re.IGNORECASE)
#: Any character of the sentence but the start of a "no" ("busy this week, so no need to call").
_NOT_NO = r"(?:(?!\b(?:no|not|don't|nicht|kein\w*|pas|aucun\w*)\b)[^.!?\n])"
#: The fix, then the week ("not fixed this week"), or the week, then the fix ("diese Woche gelöst"); the same for
#: a call they want.
_DUE = (
    re.compile(rf"\b{_FIXED}\b[^.!?\n]{{0,30}}?\b{_WEEK}\b", re.IGNORECASE),
    re.compile(rf"\b{_WEEK}\b[^.!?\n]{{0,30}}?\b{_FIXED}\b", re.IGNORECASE),
    re.compile(rf"\b{_CONTACTED}\b{_NOT_NO}{{0,30}}?\b{_WEEK}\b", re.IGNORECASE),
    re.compile(rf"\b{_WEEK}\b{_NOT_NO}{{0,80}}?\b{_CONTACTED}\b", re.IGNORECASE),
)


def fix_due_this_week(text: str, received: datetime) -> tuple[CustomerDeadline, tuple[int, int]] | None:
    """(the end of this week, where "this week" stands) when ``text`` wants the fix this week, else None."""
    # the patterns are not cheap: only around a week named, "this week" within the window they span
    for week in _WEEK_WORD.finditer(text):
        start = max(0, week.start() - 120)
        window = text[start : week.end() + 120]
        found = next((m for pattern in _DUE if (m := pattern.search(window))), None)
        at = when.resolve("end of the week", received, "en", False) if found else None
        if found is not None and at is not None:
            span = found.span("week")
            return CustomerDeadline(found["week"], at, hard=False), (start + span[0], start + span[1])
    return None


#: "runs at 23:00 CET tonight …, so it would be great to have this fixed before then", "um 18 Uhr heute … bis dahin".
_CLOCK_THEN = caseless(
    r"\b(?P<when>(?:at|um|à)\s+\d{1,2}(?:[:.h]\d{2})?\s*(?:am|pm|uhr|h)?(?:\s*(?:CET|CEST|MEZ|MESZ|UTC|GMT))?"
    r"\s+(?:tonight|today|this evening|this afternoon|heute(?: abend)?|ce soir|aujourd'hui))\b"
    r"(?=[^.!?\n]{0,120}\b(?:by then|before then|bis dahin|vorher|d'ici là|avant cela)\b)|"
    # "On a une distribution à 14 h …, il faudrait que ça fonctionne avant.": the sentence ends pointing back
    r"\b(?P<at>(?:at|um|à)\s+\d{1,2}(?:[:.h]\d{2}|\s?h\b|\s?uhr\b|\s?[ap]\.?m\b\.?))"
    r"(?=[^.!?\n]{0,120}\b(?:before then|bis dahin|vorher|d'ici là|avant cela|avant ça|avant|before)\s*[.!]*\s*$)",
)


def clock_then(sentence: str, received: datetime, language: str) -> tuple[CustomerDeadline, tuple[int, int]] | None:
    """(that time, where it stands) when ``sentence`` names a time today and then wants it done "before then"."""
    found = _CLOCK_THEN.search(sentence)
    group = ("when" if found["when"] else "at") if found else "when"
    at = when.resolve(found[group], received, language, True) if found else None
    if found is None or at is None:
        return None
    return CustomerDeadline(found[group], at, hard=True), found.span(group)


#: A clock time next to "today" or "aujourd'hui": "à 17h aujourd'hui", "today at 3 pm", "heute um 14 Uhr".
_CLOCK_NEAR = caseless(r"(?:\b(?:at|um|à|a|gegen|vers)\s+)?\d{1,2}(?:[:.h]\d{2}|\s?h\b|\s?uhr\b|\s?[ap]\.?m\.?)")


def with_clock(sentence: str, begin: int, end: int) -> tuple[int, int]:
    """``begin``..``end`` widened to a clock time written right before or after it ("a 17h aujourd'hui")."""
    for found in _CLOCK_NEAR.finditer(sentence, max(0, begin - 14), min(len(sentence), end + 14)):
        if found.end() <= begin and not sentence[found.end() : begin].strip():
            return found.start(), end
        if found.start() >= end and not sentence[end : found.start()].strip(" ,"):
            return begin, found.end()
    return begin, end


def clause_around(sentence: str, start: int, end: int) -> str:
    """The clause around ``sentence[start:end]``: up to the nearest comma, semicolon or dash."""
    left = max(sentence.rfind(c, 0, start) for c in ",;–—")
    rights = [i for i in (sentence.find(c, end) for c in ",;–—") if i >= 0]
    return sentence[left + 1 : min(rights) if rights else len(sentence)]


#: A bare day of the month right after a trigger: "avant le 15", "by the 20th", "bis zum 15." (not "by 15 %").
_NTH_AFTER_TRIGGER = caseless(
    r"(?:the\s+)?(?P<day>\d{1,2})(?:st|nd|rd|th|er|\.)?(?![\w:/-]|[.,]\d|\s*(?:%|€|\$|h\b|uhr|min|jours?|days?|"
    r"tage?n?|stunden?|heures?|hours?|ans?|years?|jahre?n?|semaines?|weeks?|wochen?|mois|months?|monate?n?|"
    r"euros?|eur\b|personnes|people|users|nutzer|licen)|\s+(?:today|tonight|tomorrow|heute|morgen)\b)"
)  # ("by 12 today": noon, not the 12th)


def day_of_month(rest: str, offset: int, received: datetime, before: bool) -> tuple[int, datetime] | None:
    """(where it ends, the moment) of a bare day of the month at ``offset`` ("15" after "avant le "): the start of
    that day ``before`` it, else all of it; None when no such day stands there."""
    nth = _NTH_AFTER_TRIGGER.match(rest, offset)
    at = when.nth_of_month(int(nth["day"]), received) if nth else None
    if nth is None or at is None:
        return None
    return nth.end(), at if before else at.replace(hour=23, minute=59)


THEN_WORDS = ("then", "dahin", "vorher", "d'ici là", "avant", "before")
#: A day named first and pointed back to: "closes the books on the 20th so ... before then", "on 17 August
#: and need the hubs by then", "am 15. April, bis dahin ...", "le 12 mars, d'ici là".
THEN = caseless(
    r"\b(?:by then|before then|before that|until then|bis dahin|vorher|d'ici là|avant cela|avant ça)\b|"
    r"\b(?:avant|before)(?=\s*[.!]*\s*(?:[:;]-?[)D(])?\s*$)"
)  # "…, il faudrait que ça fonctionne avant."
#: A day of the month right after an event: "(clôture le 30)", "Monatsabschluss am 30.", "run on the 30th".
NTH_AFTER_EVENT = caseless(r"\s*(?:on|am|le|au)\s+(?:the\s+)?(?P<day>\d{1,2})(?:st|nd|rd|th|er|\.)?(?![\w:/-]|\.\d)")
_ON_DAY = caseless(
    # ("from 7 December, so … before then": the day something starts is a day too)
    r"\b(?:on|am|le|from|starting|ab|ab dem|vom|dès le|à partir du)\s+(?:the\s+)?"
    r"(?P<day>\d{1,2}\.\d{1,2}\.(?:\d{2,4})?|\d{1,2}/\d{1,2}(?:/\d{2,4})?|"  # "am 31.12."
    rf"\d{{1,2}}(?:st|nd|rd|th|er|\.)?(?:\s*(?:of\s+)?(?:{when.MONTH})\b\.?)?"
    r"|(?:mon|tues|wednes|thurs|fri|satur|sun)day|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag"
    r"|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)(?=[\s,.;]|$)",
)


#: A weekday named before "bis dahin": "Die Geräte sollen nächsten Dienstag montiert werden, … also bis dahin da sein".
_WEEKDAY = caseless(
    r"\b(?P<day>(?:(?:nächsten|kommenden|diesen|next|this|coming)\s+)?(?:monday|tuesday|wednesday|thursday|friday|"
    r"saturday|montag|dienstag|mittwoch|donnerstag|freitag|samstag|lundi|mardi|mercredi|jeudi|vendredi|samedi)"
    r"(?:\s+prochain)?)\b"
)


def day_then(sentence: str, received: datetime, language: str) -> list[tuple[CustomerDeadline, Span]]:
    """A day named and then pointed back to ("closes the books on the 20th, so before then"): the start
    of that day, worded with the words that lead to it ("closes the books on the 20th")."""
    then = THEN.search(sentence)
    assert then is not None
    days = [m for m in _ON_DAY.finditer(sentence, 0, then.start())]
    named = not days  # "nächsten Dienstag" alone, said as written ("on Friday" with the words before it)
    days = days or list(_WEEKDAY.finditer(sentence, 0, then.start()))
    for match in reversed(days):
        at = when.resolve(match["day"] if not match["day"].isdigit() else f"{match['day']}.", received, language, True)
        if at is None and re.fullmatch(r"\d{1,2}(?:st|nd|rd|th|er|\.)?", match["day"]):
            at = when.nth_of_month(int(re.sub(r"\D", "", match["day"])), received)
        if at is None:
            continue
        lead = [] if named else re.split(r"[,()]", sentence[: match.start()])[-1].split()[-3:]
        while lead and lead[0].lower() in _JOINING:  # "…, und am 30. ist unser Lohnlauf": not "und am 30"
            lead = lead[1:]
        start = match.start() - len(" ".join(lead)) - (1 if lead else 0)
        event = _EVENT_AFTER.match(sentence, match.end())  # "am 30. ist unser Lohnlauf": the day and what it is
        end = event.end() if event and not lead else match.end()
        written = tidy(sentence[max(start, 0) : end])
        return [(CustomerDeadline(written, at, hard=True), (max(start, 0), end))]
    return []


_JOINING = frozenset(("and", "und", "et", "but", "aber", "mais", "so", "also", "donc", "then", "dann", "puis"))
#: What a day is, right after it: "am 30. ist unser Lohnlauf", "on the 30th is our payroll run".
_EVENT_AFTER = caseless(
    r"\s+(?:ist|is|est|findet|happens|a lieu)\s+(?:(?:unser\w*|our|notre|la|le|the|der|die|das)\s+)?"
    r"(?:lohnlauf|gehaltslauf|abrechnung|monatsabschluss|jahresabschluss|payroll(?: run)?|month-end|audit|"
    r"paie|clôture|prüfung|deadline|launch|go-live|premiere|première)\b"
)


def tidy(written: str) -> str:
    """Without the sentence's full stop ("by 3 pm." -> "by 3 pm"), keeping "p.m."'s own."""
    written = re.sub(r"(?:[\s,]+(?:and|und|et|or|oder|ou))+$", "", written.strip())  # "… à 20h ce soir et"
    if written.endswith((".m.", "M.")) or re.search(
        r"\b\d{1,2}\.\d{1,2}\.$|\b(?:am|zum|den|vom)\s+\d{1,2}\.$", written
    ):
        return written  # "p.m."'s own dot, and a German day's ("bis 15.01.": without it, 15:01; "am 30.")
    return written.rstrip(".")


def ultimatum(text: str, end: int) -> bool:
    """Whether the condition a time stands in ends in a threat to leave ("Si je n'ai pas d'ici vendredi une
    explication …, on ne renouvelle pas"): their deadline, not a what-if."""
    rest = text[end : end + 200]
    stop = min((i for i in (rest.find(c) for c in ".!?\n") if i >= 0), default=len(rest))
    return bool({"not_renew", "cancel_threat"} & set(contact_requests(rest[:stop])))


#: When something starts or ends, before a time: "the shifts what start before midnight" tell when, not a deadline.
STARTS_OR_ENDS = caseless(
    r"\b(?:start|starts|started|begin|begins|finish|finishes|end|ends|beginnen|beginnt|"
    r"anfangen|fangen|enden|endet|commencent|commence|finissent|finit)\s+$"
)

BY_NOT_TIME = caseless(r"\b(caused|affected|triggered|sent|charged|made|signed|approved|reported|created|"
                        r"introduced|billed|paid|replaced|followed|done|blocked|broken)\s+$")  # fmt: skip


def _from_day(group: str) -> str:
    """ "ab Montag", "from the 14th", "à partir de lundi", with the day in ``group``."""
    return (
        rf"(?:ab|from|starting(?: on)?|as of|à partir de|dès)\s+(?P<{group}>(?:(?:next|this|coming|nächsten|kommenden)"
        r"\s+)?(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|montag|dienstag|mittwoch|donnerstag|freitag|samstag|"
        r"lundi|mardi|mercredi|jeudi|vendredi|samedi)(?:\s+prochain)?|"
        r"(?:dem |the |le )?\d{1,2}(?:\.\d{1,2}\.(?:\d{2,4})?|\.|st|nd|rd|th|er)?(?:\s+(?:of\s+)?[A-Za-zäéû]{3,9})?)"
        # not a range: "from Monday to Friday", "ab Montag bis Freitag"
        r"(?!\s+(?:to|till|until|through|bis|à|au|jusqu))"
    )


_MUST = (r"(?:sollen|soll|müssen|muss|sollte|should|must|need to|needs to|have to|has to|are supposed to|"
         r"is supposed to|doivent|doit|devront|devra)")  # fmt: skip
#: The day from which something must work: "Die beiden sollen ab Montag ihre Stunden selbst erfassen", "from Monday
#: the new staff have to clock in", "à partir de lundi, les deux doivent saisir leurs heures".
_STARTING = caseless(
    rf"\b{_MUST}\b[^.;!?]{{0,40}}?(?<!\w){_from_day('day')}|(?<!\w){_from_day('day2')}[^;!?]{{0,60}}?\b{_MUST}\b"
)
_FROM_WORDS = ("ab ", "from ", "starting", "as of", "à partir", "dès ")
_FROM_LEAD = caseless(r"(?:ab|from|starting(?: on)?|as of|à partir de|dès)\s+$")


def starting_day(sentence: str, received: datetime, language: str) -> tuple[CustomerDeadline, Span] | None:
    """The start of the day from which something must work, worded from "ab"/"from"/"à partir de" on."""
    low = sentence.lower()
    if not any(w in low for w in _FROM_WORDS):  # (most sentences: no "ab", "from", "à partir de")
        return None
    found = _STARTING.search(sentence)
    if found is None:
        return None
    day = found["day"] if found["day"] else found["day2"]
    at = when.resolve(day, received, language, True)
    if at is None and re.fullmatch(r"(?:dem |the |le )?\d{1,2}(?:st|nd|rd|th|er|\.)?", day):
        at = when.nth_of_month(int(re.sub(r"\D", "", day)), received)
    if at is None:
        return None
    group = "day" if found["day"] else "day2"
    lead = _FROM_LEAD.search(sentence, 0, found.start(group))  # "ab Montag", "à partir de lundi": with its lead
    start = lead.start() if lead else found.start(group)
    return CustomerDeadline(tidy(sentence[start : found.end(group)]), at, hard=True), (start, found.end(group))


#: The start of a span of clock times right before "bis"/"until": "von ca. 07:40 Uhr", "from 9:10".
FROM_CLOCK = caseless(r"\b(?:von|from|de|zwischen|between|entre)\s+(?:(?:ca\.|circa|about|around|etwa|environ|vers)"
                      r"\s+)?\d{1,2}(?:[:.h]\d{2})?\s*(?:uhr|h|am|pm)?\s*$")  # fmt: skip
#: A time said bare after a need: "we need this EOD", "I need it tomorrow morning", "à 17h aujourd'hui".
BARE = caseless(r"\b(EOD|COB|end of (?:the )?day|close of business|tomorrow morning|heute noch|noch heute|"
                r"ce soir|d'ici ce soir|today|tonight|heute|aujourd'hui)\b")  # fmt: skip
#: A verb of the past before a trigger: "it worked until Friday", "vor dem Update lief es".
PAST_VERB = caseless(
    r"\b(worked|was|were|broke|failed|happened|went|did|had|stopped|ran|since|after(?! that\b| then\b)|a été|ont été|"
    r"avait|avaient|wurde|wurden|"
    r"funktionierte|lief|ging|war|waren|seit|nach|marchait|fonctionnait|était|depuis|après(?!-midi))\b"
)
#: What a span of time ahead of them is told with: "we have 2 hours", "it starts in 30 minutes".
SPAN_CONTEXT = caseless(r"\b(we have|i have|wir haben|ich habe|nous avons|j'ai|starts?|begins?|beginnt|"
                         r"commence)\b")  # fmt: skip
#: Someone's words quoted at length ("Ihr Kollege schrieb wörtlich: „… melden uns spätestens am Montag“"): our promise
#: or a colleague's, never the customer's own deadline.
SAID_BY_OTHERS = re.compile(r"„[^“”\n]{20,300}[“”]|“[^”\n]{20,300}”|«[^»\n]{20,300}»|\"[^\"\n]{20,300}\"")
#: "falls das bis zum Mittag nicht klappt", "if it isn't back by noon": a time in a condition, not what they need by
IF_BEFORE = caseless(r"\b(?:if|unless|falls|wenn|sofern|si)\b[^.,;:!?]{0,50}$")


def unquoted(sentence: str) -> str:
    """``sentence`` with someone's words quoted at length blanked out (same length, so spans still hold)."""
    if not any(q in sentence for q in '„“«"'):
        return sentence
    return SAID_BY_OTHERS.sub(lambda m: " " * len(m[0]), sentence)


#: What a fault does to an event, said before it: "cuts every night shift off …", "verliert jede Nachtschicht".
FAULT_ON = caseless(
    r"\b(?:cuts?|drops?|loses?|splits?|truncates?|misses|schneidet|verliert|coupe|perd)\s+"
    r"(?:[\w-]+\s+){0,2}$"
)
#: "I expect an answer until Wednesday": "until" for "by", as people write it whose language says "bis".
EXPECT_UNTIL = caseless(
    r"\b(?:expect|want|need)\b[^.!?]{0,40}\b(?:until|till)\b|"
    # a time allowed, worked out to its last day: "on a un mois, donc jusqu'au 20 décembre", "so until the 20th"
    r"\b(?:donc|soit|so|i\.e\.|also|d\.h\.)\s+(?:jusqu'au|jusqu'à|until|till|bis (?:zum )?)"
)
#: When they say a time is soon enough: "es reicht völlig, wenn Sie das nächste Woche erledigen", "next week is
#: fine", "la semaine prochaine suffit": the time they name is their (easy) deadline.
SUFFICES = caseless(
    r"\b(?:reicht|genügt|is fine|is enough|would be fine|works for (?:me|us)|suffit|"
    r"suffira|ça ira|me convient|nous convient)\b"
)


#: A bare number just before a "bis": the start of a range.
NUMBER_BEFORE = re.compile(r"(?<![.:/])\b\d+(?:[.,]\d+)?\s*$|\b\d{1,2}[:h]\d\d\s*(?:uhr\s*)?$", re.IGNORECASE)
#: The first day of a span of days, before its "bis"/"to"/"au": "vom 18. bis 22. Januar", "from 11 January to 15
#: January", "du 8 au 12 février": when something happens, not a deadline.
DAY_SPAN_START = caseless(
    r"\b(?:vom|von|from|du|between|zwischen|entre)\s+(?:dem\s+|the\s+|le\s+)?\d{1,2}(?:\.|er|st|nd|rd|th)?"
    r"(?:\s*(?:\w+\.?|\d{1,2}\.))?(?:\s+\d{4})?\s*$"
)
#: Reachable until then: "(bis 13 Uhr erreichbar)", "available until 3pm", "joignable jusqu'à 17 h".
REACHABLE = caseless(r"\W{0,3}(?:uhr\s+)?(?:erreichbar|zu erreichen|reachable|available|joignable|disponible)\b")
#: A time that goes on to the end of a range: "22:00 bis 06:00", "9 to 5", "8h-12h".
RANGE_AFTER = caseless(r"\s*(?:uhr\s*)?(?:bis|to|until|-|–|à)\s*\d{1,2}(?:[:.h]\d\d)?\b")
#: Done by then, told as the past: "We got every phone onto 5.12.1 by Friday like you said".
DONE_BEFORE = caseless(
    r"\b(?:we|i|they|he|she|everyone|everybody)\s+(?:'ve\s+|have\s+|had\s+)?(?:got(?!\s+to\b)|finished|completed|"
    r"updated|upgraded|installed|moved|migrated|rolled out|did|managed)\b[^,;:!?]{0,50}$"
)
#: A past clause right after a "by" time: "by Wednesday morning it was back", "by noon we had lost …".
PAST_AFTER = caseless(
    r",?\s+(?:it|they|we|i|he|she|everything|nothing|the \w+|things)\s+(?:was|were|had|did|went|came|got|"
    r"stopped|started|broke|failed)\b"
)
