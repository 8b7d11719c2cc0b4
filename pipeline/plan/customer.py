"""What the customer told us, read from their new text and subject: one frozen value per message.

``read_customer`` is pure (the message's Date is passed in to resolve "by Friday"); it runs in the
customer's language (en, de, fr, and anything else as best it can) and never raises on any text.
The plan decides what to do with it; templates and playbooks only ever see it through ``slots``.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from typing import TypeVar

from babel import Locale, UnknownLocaleError
from babel.dates import format_skeleton

from .asked_about import count_asked_about, months_asked_about, plan_asked_about, symptom
from .proper import is_law, is_plan

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Amount:
    text: str  # as written: "EUR 149.00", "89,00 €"
    value: Decimal
    currency: str  # ISO 4217 code, "" when none was written


@dataclass(frozen=True, slots=True)
class DateFact:
    text: str  # as written: "2 November", "am 6. Oktober"
    on: date


@dataclass(frozen=True, slots=True)
class Identifier:
    # "invoice" | "order" | "ticket" | "request" | "serial" | "customer_id" | "badge" | "staff_id" | "contract" |
    # "user_id" |
    # "vat_id" | "tracking" | "other"
    kind: str
    text: str  # as written: "INV-2026-11-04821"


@dataclass(frozen=True, slots=True)
class Count:
    text: str  # as written: "200 seats", "all 40 of us"
    number: int
    noun: str  # "seats", "users", "people", ...


@dataclass(frozen=True, slots=True)
class Facts:
    amounts: tuple[Amount, ...] = ()
    dates: tuple[DateFact, ...] = ()  # dates they mention, not their deadline
    ids: tuple[Identifier, ...] = ()
    error_codes: tuple[str, ...] = ()  # "E-4012", "ERR_CERT_DATE_INVALID"
    error_messages: tuple[str, ...] = ()  # quoted error text, verbatim
    http_statuses: tuple[int, ...] = ()
    endpoints: tuple[str, ...] = ()  # "POST /v2/exports", "/api/v1/orders"
    counts: tuple[Count, ...] = ()
    names: tuple[str, ...] = ()  # workspace / product / project names given in quotes
    tried: tuple[str, ...] = ()  # what they already tried, short clauses as written
    noticed: str = ""  # what they found out themselves: "genau die Einträge fehlen, die über Mitternacht gehen"
    tried_our_advice: bool = False  # what they tried is what we suggested ("I did exactly what you said, …")
    environment: tuple[str, ...] = ()  # browsers, OS, app versions, devices they named
    since: str = ""  # when it started, as written: "since Monday"
    emails: tuple[str, ...] = ()  # addresses they wrote in their text: "ap@brightline.example"
    measures: tuple[str, ...] = ()  # measurements as written: "70%", "31 °C", "20 à 30 secondes"
    products: tuple[str, ...] = ()  # products, tools, companies, places named without quotes: "HubSpot"
    people: tuple[str, ...] = ()  # people named with a title or as a colleague: "Dennis Albrecht"
    addresses: tuple[str, ...] = ()  # street addresses: "Keizersgracht 221"
    accounts: tuple[str, ...] = ()  # bank accounts, masked: "AT61 … 3201"
    areas: tuple[str, ...] = ()  # the views, pages and features they name: "Board view", "Zeiterfassung"
    company: str = ""  # the name their company goes by now, when they say it changed: "Hellmann Sensorik GmbH"
    rights: tuple[int, ...] = ()  # the GDPR articles of the rights they invoke, cited or in words: (15, 17)
    clauses: tuple[str, ...] = ()  # the clauses of a contract or SLA they quote: "clause 9.2", "Ziffer 4.2"
    symptoms: tuple[str, ...] = ()  # what a faulty device does, as keys: ("restarts",), ("black_screen", "offline")


@dataclass(frozen=True, slots=True)
class Question:
    text: str  # a short clause: "can we add seats mid-term?", "send the invoice to our AP address"
    kind: str  # "question" (asked) | "request" (please do ...)
    bare: str = ""  # shorter, when ``text`` leads with the sentence it points at: only what that names, or nothing


@dataclass(frozen=True, slots=True)
class CustomerDeadline:
    text: str  # as written: "by 3 pm", "before the board meeting next week", "bis Montag"
    at: datetime  # resolved against the message's Date, timezone-aware; end of day when no time given
    hard: bool  # a fixed event ("our audit starts", "launch at noon") rather than a wish


@dataclass(frozen=True, slots=True)
class Cue:
    text: str  # as written: "not urgent", "in one hour", "dringend"
    direction: int  # -1 lowers urgency, +1 raises it


@dataclass(frozen=True, slots=True)
class Reading:
    facts: Facts = field(default_factory=Facts)
    questions: tuple[Question, ...] = ()
    deadline: CustomerDeadline | None = None
    cues: tuple[Cue, ...] = ()
    contact_requests: tuple[str, ...] = ()  # "call" | "senior" | "cancel_threat" | "not_renew"
    call_hours: str = ""  # "morning" | "afternoon": when they said they can take a call
    call_until: str = ""  # "15:00": until when they said they can be reached (their clock)
    call_between: str = ""  # "09:00-12:00": the hours they said they can take a call (their clock)
    call_days: tuple[int, ...] = ()  # (0, 1): the weekdays they said they can take a call, 0 = Monday
    not_ordered: bool = False  # "I'd like to order …": a question before buying has no order number to ask for
    second_problem: str = ""  # "Zweites Thema: der Webhook … kommt mehrfach an": what else is wrong, as written
    apologised: bool = False  # they apologise for an earlier mail of theirs ("My email yesterday was rude")
    thanked: bool = False  # they first thank us for an earlier fix, then raise something new (read apart from it)
    thanked_whom: str = ""  # the colleague of ours they thanked by name: "Jana"
    our_tone: bool = False  # they complain of how our last answer sounded ("so ein Ton … ist schlicht daneben")
    we_were_wrong: bool = False  # they say our last answer was wrong ("Ihre Antwort von gestern ist schlicht falsch")
    subject_disowned: bool = False  # they say the subject is an old one ("replied to an old mail"): not read
    for_staff: bool = False  # a data request of someone who works or worked for them, passed on: they are the employer
    attachment_said: str = ""  # what they say they attached ("Screenshot"; attached.UNNAMED), "" when nothing
    wanted_person: str = ""  # the colleague of ours they want to deal with, by first name: "Please have Katrin call me"
    received: datetime | None = None  # the message's Date everything was resolved against
    defects: tuple[str, ...] = ()  # what could not be read, e.g. "text cut at 20000 chars"; never raised


def read_customer(text: str, subject: str, language: str, received: datetime) -> Reading:
    """What the customer told us in ``text`` (their new text, quoted history removed) and ``subject``,
    read in ``language`` ("en", "de", "fr"; others best effort) against the message's Date ``received``.

    Never raises: a reader that fails on some text leaves its part empty and names itself in ``defects``.
    """
    # Imported here: the readers build the dataclasses above, so they import this module.
    from . import (
        areas,
        asks,
        attached,
        clauses,
        contact_asks,
        corrections,
        counts,
        cues,
        deadline,
        error_texts,
        facts,
        form_fields,
        measures,
        moved,
        names,
        noticed,
        own_task,
        promised,
        proper,
        renamed,
        rights,
        second_problem,
        shorthand,
        since,
        situation,
        symptoms,
        thanks_first,
        umlauts,
    )

    defects: list[str] = []
    text = text if isinstance(text, str) else ""
    subject = subject if isinstance(subject, str) else ""
    language = (language or "en").lower()[:2] if isinstance(language, str) else "en"
    if len(text) > clauses.MAX_CHARS:
        defects.append(f"text cut at {clauses.MAX_CHARS} chars")

    def guarded(name: str, read: Callable[[], T], empty: T) -> T:
        try:
            return read()
        except Exception as exc:  # one reader's bug must not cost the whole reading (and the draft)
            defects.append(f"{name}: {type(exc).__name__}")
            return empty

    body = guarded("body", lambda: clauses.body(text), text[: clauses.MAX_CHARS])
    # thanks for an earlier fix, then a new matter: the reply restates the new one's facts, not the old ticket's
    thanks = guarded("thanked", lambda: thanks_first.split(body), thanks_first.Split(body))
    body = clauses.without_quoted_advice(thanks.rest)  # (our earlier advice quoted back is no ask of theirs)
    # "sorry, hab einfach auf die alte Mail geantwortet, geht nicht um die Rechnung": their subject is not this matter
    disowned = guarded("subject_disowned", lambda: cues.subject_disowned(body), False)
    subject = "" if disowned else subject
    # a form pasted for us to fill in: each empty field is asked of us; its labels are no facts of theirs
    no_form: tuple[tuple[str, ...], str] = ((), body)
    form, body = guarded("form", lambda: form_fields.fields(body), no_form)
    units: list[str] = guarded("sentences", lambda: clauses.sentences(body), [])
    prose: list[str] = guarded("prose", lambda: proper.prose(units), [])  # the lines before the signature
    no_deadline: tuple[CustomerDeadline | None, list[tuple[int, int]]] = (None, [])
    found, spans = guarded("deadline", lambda: deadline.find(body, received, language), no_deadline)
    messages: tuple[str, ...] = guarded("error_messages", lambda: error_texts.error_messages(body), ())
    failed_fix: str = guarded("our_fix_failed", lambda: situation.our_fix_failed(units), "")  # read once, used twice
    ids: tuple[Identifier, ...] = guarded("ids", lambda: facts.identifiers(f"{subject}\n{body}"), ())
    # "Sorry, I meant INV-2026-11-3390, not the October one": the reference they took back is no fact of theirs
    ids = guarded("corrections", lambda: corrections.without_taken_back(body, ids), ids)
    id_spans: list[tuple[int, int]] = guarded("ids", lambda: facts.id_spans(body, ids), [])
    read = Facts(
        amounts=guarded("amounts", lambda: facts.amounts(body), ()),
        dates=guarded("dates", lambda: facts.dates(body, language, received.date(), [*spans, *id_spans]), ()),
        ids=ids,
        error_codes=guarded("error_codes", lambda: facts.error_codes(f"{body}\n{subject}", id_spans), ()),
        error_messages=messages,
        http_statuses=guarded("http_statuses", lambda: facts.http_statuses(f"{body}\n{subject}"), ()),
        endpoints=guarded("endpoints", lambda: facts.endpoints(body), ()),
        counts=guarded("counts", lambda: counts.current(counts.counts(f"{subject}\n{body}"), body), ()),  # "2 hubs"
        names=guarded("names", lambda: names.names(body, messages), ()),
        tried=guarded("tried", lambda: situation.tried(units) or ((failed_fix,) if failed_fix else ()), ()),
        noticed=guarded("noticed", lambda: noticed.noticed(units), ""),
        tried_our_advice=guarded("tried_our_advice", lambda: situation.tried_our_advice(units, failed_fix), False),
        environment=guarded("environment", lambda: situation.environment(body), ()),
        since=guarded("since", lambda: since.since(body), ""),
        emails=guarded("emails", lambda: situation.emails(body), ()),
        measures=guarded("measures", lambda: measures.measures(f"{body}\n{subject}"), ()),
        products=guarded("products", lambda: proper.products(prose, language), ()),
        people=guarded("people", lambda: proper.people(prose), ()),
        addresses=guarded("addresses", lambda: proper.addresses(prose), ()),
        accounts=guarded("accounts", lambda: proper.iban_endings(body) + situation.number_endings(body), ()),
        areas=guarded("areas", lambda: areas.areas("\n".join(prose)), ()),
        company=guarded("company", lambda: renamed.new_company_name(body), ""),
        rights=guarded("rights", lambda: rights.invoked(f"{subject}\n{body}"), ()),
        clauses=guarded("clauses", lambda: rights.clauses_quoted(body), ()),
        symptoms=guarded("symptoms", lambda: symptoms.symptoms(f"{subject}\n{body}"), ()),
    )
    # (German typed without umlauts is read with them: "Ich wuerde gern wissen, ob …" asks as "würde" does)
    spelled = [umlauts.restored(u) for u in units] if language == "de" else units
    spelled = [shorthand.spelled_out(u, language) for u in spelled]  # "vs pouvez … qd ca revient": phone shorthand
    spelled = [error_texts.screens_muted(u) for u in spelled]  # „… – bitte versuchen Sie es später erneut“: not theirs
    forwarded = bool(re.match(r"\s*(?:WG|AW: WG|Fwd?|TR|Wtr)\s*:", subject, re.IGNORECASE))
    asked: tuple[Question, ...] = guarded("questions", lambda: asks.questions(spelled, language, forwarded), ())
    asked += tuple(Question(label, "question") for label in form)  # (asked as a form asks: each field named)
    # "Herr Brandt hat mir eine Gutschrift zugesagt … Passiert ist seitdem: nichts": what became of it is asked
    still_owed = guarded("promised", lambda: promised.promised_undone(spelled, language, asked), None)
    asked += (still_owed,) if still_owed else ()
    # "Gleichzeitig ändert sich die Rechnungsanschrift auf:" over the address: using it from now on is asked
    moved_to = guarded("new_address", lambda: moved.new_address(spelled, language, read.addresses, asked), None)
    asked += (moved_to,) if moved_to else ()
    return Reading(
        facts=read,
        questions=tuple(
            own_task.without_deadline(q, found.text if found else "")
            for q in asked
            if not own_task.their_own_task(q, found.text if found else "")
        ),
        deadline=found,
        cues=guarded("cues", lambda: cues.urgency_cues(f"{subject}\n{body}"), ()),
        # the prose only: "Studio Manager" or "(mobile, call anytime)" in a signature asks for nothing
        contact_requests=guarded("contact_requests", lambda: contact_asks.contact_requests("\n".join(prose)), ()),
        call_hours=guarded("call_hours", lambda: contact_asks.call_hours(body), ""),  # (in a sentence about a call)
        call_until=guarded("call_until", lambda: contact_asks.reachable_until(body), ""),
        call_between=guarded("call_between", lambda: contact_asks.reachable_between(body), ""),
        call_days=guarded("call_days", lambda: contact_asks.call_days(body), ()),
        not_ordered=guarded("not_ordered", lambda: contact_asks.not_ordered_yet("\n".join(prose)), False),
        second_problem=guarded("second_problem", lambda: second_problem.second_problem(spelled), ""),
        apologised=guarded("apologised", lambda: cues.they_apologised(body), False),
        thanked=thanks.thanked,
        subject_disowned=disowned,
        we_were_wrong=guarded("we_were_wrong", lambda: cues.says_we_were_wrong(body), False),
        our_tone=guarded("our_tone", lambda: cues.complains_of_tone(body), False),
        wanted_person=guarded("wanted_person", lambda: contact_asks.wanted_person(body), ""),
        for_staff=bool(read.rights) and guarded("for_staff", lambda: rights.for_their_staff(body), False),
        attachment_said=guarded("attachment_said", lambda: attached.named_attachment("\n".join(prose)), ""),
        thanked_whom=thanks.whom,
        received=received,
        defects=tuple(defects),
    )


#: Slot names ``slots`` fills (docs/playbooks.md); the planner adds contact_* and deadline.
SLOT_NAMES = (
    "amount", "amounts", "date", "dates", "invoice", "order", "ticket", "request", "serial", "customer_id",
    "reference", "error_code", "error_message", "error", "http_status", "endpoint", "count", "name", "names", "tried",
    "environment", "since", "email", "product", "products", "law", "right", "rights", "for_staff", "area",
    "areas", "company", "measures", "people", "months", "symptom",
)  # fmt: skip
_ID_KINDS = ("invoice", "order", "ticket", "request", "serial", "customer_id")
#: Babel locales for the reply languages: "2 November" (not the US "November 2"), "2. November", "2 novembre".
_LOCALES = {"en": "en_GB", "de": "de_DE", "fr": "fr_FR"}


@lru_cache(maxsize=32)
def _locale(language: str) -> Locale:
    try:
        return Locale.parse(_LOCALES.get(language, language))
    except (UnknownLocaleError, ValueError, TypeError):
        return Locale.parse("en_GB")


def format_day(on: date, language: str, received: datetime | None = None) -> str:
    """``on`` in the reply's language, with the year only when it is not the message's year."""
    with_year = received is None or on.year != received.year
    return format_skeleton("yMMMMd" if with_year else "MMMMd", on, locale=_locale(language))


def slots(reading: Reading, language: str) -> dict[str, object]:
    """The playbook slots from ``reading`` (docs/playbooks.md), every key present: "" and [] when absent."""
    f = reading.facts
    dates = [format_day(d.on, language, reading.received) for d in f.dates]
    first_of = {kind: next((i.text for i in f.ids if i.kind == kind), "") for kind in _ID_KINDS}
    http = str(f.http_statuses[0]) if f.http_statuses else ""
    error_code = f.error_codes[0] if f.error_codes else ""
    error_message = f.error_messages[0] if f.error_messages else ""
    law = next((p for p in f.products if is_law(p)), "")
    named = _RIGHTS.get(language, _RIGHTS["en"])
    laws = {_article(p): p for p in f.products if is_law(p)}
    # every right they invoke, with the article they cited: "right of access; right to erasure, Art. 17 GDPR"
    rights = [f"{named[a]}, {laws[a]}" if a in laws else named[a] for a in f.rights if a in named]
    return {
        "amount": f.amounts[0].text if f.amounts else "",
        "amounts": [a.text for a in f.amounts],
        "date": dates[0] if dates else "",
        "dates": dates,
        **first_of,
        "reference": f.ids[0].text if f.ids else "",
        "error_code": error_code,
        "error_message": error_message,
        "error": error_message or error_code or (f"HTTP {http}" if http else ""),
        "http_status": http,
        "endpoint": f.endpoints[0] if f.endpoints else "",
        "count": count_asked_about(reading),
        "name": f.names[0] if f.names else "",
        "names": list(f.names),  # every one: "Raghunathan Lab" and "RLab-Imaging", two workspaces to merge
        "tried": list(f.tried),
        "environment": list(f.environment),
        "since": f.since,
        "email": f.emails[0] if f.emails else "",
        "product": plan_asked_about(reading),
        # the tools, services and devices they named ("Google Calendar", "Hub Mini"), not plans, laws or browsers
        "products": [p for p in f.products if not is_plan(p) and not is_law(p) and p not in f.environment],
        "law": law,
        "right": named.get(_article(law), "") or (named.get(f.rights[0], "") if len(f.rights) == 1 else ""),
        "rights": rights,
        "for_staff": reading.for_staff,  # a request of their (former) staff, passed on: they answer it, we help
        "area": f.areas[0] if f.areas else "",
        "areas": list(f.areas),
        "company": f.company,
        "measures": list(f.measures),
        "people": list(f.people),
        "months": months_asked_about(reading),
        "symptom": symptom(reading, language),
    }


#: The data subject's right a GDPR article grants, named in the reply's language (Art. 15-22 GDPR).
_RIGHTS = {
    "en": {15: "right of access", 16: "right to rectification", 17: "right to erasure", 18: "right to restriction",
           20: "right to data portability", 21: "right to object"},
    "de": {15: "Auskunftsrecht", 16: "Recht auf Berichtigung", 17: "Recht auf Löschung",
           18: "Recht auf Einschränkung der Verarbeitung", 20: "Recht auf Datenübertragbarkeit",
           21: "Widerspruchsrecht"},
    "fr": {15: "droit d'accès", 16: "droit de rectification", 17: "droit à l'effacement", 18: "droit à la limitation",
           20: "droit à la portabilité", 21: "droit d'opposition"},
}  # fmt: skip


def _article(law: str) -> int:
    """The article number in "Art. 17 GDPR" (0 when none)."""
    found = re.search(r"\d{1,3}", law)
    return int(found[0]) if found else 0


def gave(reading: Reading) -> frozenset[str]:
    """The slot names the customer gave (non-empty), for playbook ``need`` items' ``unless``."""
    given = frozenset(name for name, value in slots(reading, "en").items() if value)
    # "anderer Browser, anderer Rechner", "pareil sur 12 postes et 3 navigateurs": which browser is no question now
    if any(_OTHER_BROWSER.search(t) for t in (*reading.facts.tried, *(c.noun for c in reading.facts.counts))):
        given |= {"environment"}
    return given | {"not_ordered"} if reading.not_ordered else given


_OTHER_BROWSER = re.compile(
    r"(?i)\b(?:browsers?|navigateurs?|chrome|firefox|safari|edge|rechner|computer|machines?|"
    r"ordinateur|pc|laptop)\b"
)


def reading_json(reading: Reading) -> dict[str, object]:
    """``reading`` as JSON-ready data for ``preview --json``: dates ISO 8601, amounts as strings."""

    def plain(value: object) -> object:
        if isinstance(value, datetime | date):
            return value.isoformat()
        if isinstance(value, Decimal):
            return str(value)
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [plain(v) for v in value]
        return value

    data = plain(dataclasses.asdict(reading))
    assert isinstance(data, dict)
    return data
