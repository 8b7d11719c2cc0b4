"""What the customer told us, read from their new text and subject: one frozen value per message.

``read_customer`` is pure (the message's Date is passed in to resolve "by Friday"); it runs in the
customer's language (en, de, fr, and anything else as best it can) and never raises on any text.
The plan decides what to do with it; templates and playbooks only ever see it through ``slots``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal


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
    kind: str  # "invoice" | "order" | "ticket" | "request" | "serial" | "customer_id" | "other"
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
    environment: tuple[str, ...] = ()  # browsers, OS, app versions, devices they named
    since: str = ""  # when it started, as written: "since Monday"


@dataclass(frozen=True, slots=True)
class Question:
    text: str  # a short clause: "can we add seats mid-term?", "send the invoice to our AP address"
    kind: str  # "question" (asked) | "request" (please do ...)


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
