"""Choose what the reply promises: template, confidence band, time frame, direct line, how to greet.

Pure: the clock and the backlog are passed in, so a test can pin Friday 17:55 before a holiday.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from .config import Config
from .message import Contact, Deadline, ParsedMessage
from .timeframe import plan_deadline

if TYPE_CHECKING:
    from classifiers import Triage

TEMPLATE_LANGUAGES = ("en", "de")  # languages with a full template set under templates/<lang>/
LANGUAGE_NAMES = {"de": "Deutsch", "fr": "français", "es": "español", "it": "italiano", "nl": "Nederlands",
                  "pt": "português", "pl": "polski", "en": "English"}  # fmt: skip

_GREETING_LINE = re.compile(
    r"^\s*(hi|hello|hey|dear|good (morning|afternoon|evening)|hallo|guten (tag|morgen|abend)|"
    r"sehr geehrte[rs]?|liebe[rs]?|moin|servus|bonjour|salut|to whom)\b.{0,60}$",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ0-9\"'(])")
_PROBLEM_WORDS = re.compile(
    r"\b(not|n't|no|never|error|fail\w*|wrong|broken|down|charged|twice|refund|return|cancel\w*|"
    r"can't|cannot|unable|problem|issue|bug|missing|price|pricing|quote|help|why|how|"
    r"nicht|kein\w*|fehler|falsch|kaputt|doppelt|erstattung|rückgabe|kündig\w*|problem|warum|wie)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Plan:
    """Everything the template needs beyond the message itself, and why (for the agent)."""

    template: str  # path under templates/, e.g. "en/billing.j2"
    language: str  # language of the reply
    customer_language: str  # detected language of the message ("" when unsure)
    band: str  # "high" | "medium" | "low": how sure we are of the type
    likely_type: str
    deadline: Deadline
    contact: Contact
    greeting_name: str  # "" when no trustworthy name is known
    issue_quote: str  # the customer's key sentence, for restating
    frustrated: bool
    escalate: bool  # high urgency: name who is on it and what happens if the deadline slips
    offer_language: str  # name of the customer's language when the team speaks it but templates do not
    variant: int  # stable per message, so acknowledgements vary without being random on rerun


def make_plan(
    msg: ParsedMessage,
    triage: Triage,
    config: Config,
    customer_language: str,
    backlog: int,
    now: datetime,
) -> Plan:
    """Plan the reply to ``msg``; raises nothing for any message the parser produced."""
    language = customer_language if customer_language in TEMPLATE_LANGUAGES else config.default_language
    offer = ""
    if customer_language and customer_language != language and customer_language in config.team_languages:
        offer = LANGUAGE_NAMES.get(customer_language, customer_language)
    band = triage.type.band
    type_ = triage.type.label
    template = f"{language}/clarify.j2" if band == "low" else f"{language}/{type_}.j2"
    received = msg.date or now
    deadline = plan_deadline(
        received=min(received, now),
        target=config.sla.target(type_, triage.urgency.label),
        calendar=config.calendar,
        backlog=backlog,
        now=now,
        language=language,
        policy=config.sla.backlog,
    )
    seed = (msg.message_id or msg.subject or "").encode("utf-8", "replace")
    return Plan(
        template=template,
        language=language,
        customer_language=customer_language,
        band=band,
        likely_type=type_,
        deadline=deadline,
        contact=config.contact_for(type_),
        greeting_name=greeting_name(msg.sender.name if msg.sender else ""),
        issue_quote=key_sentence(msg.new_text or msg.text, msg.subject),
        frustrated=triage.tone.label == "frustrated",
        escalate=triage.urgency.label == "high",
        offer_language=offer,
        variant=zlib.crc32(seed),
    )


def greeting_name(display_name: str) -> str:
    """A first name fit to greet with, or "" when the display name is missing, garbled or shouting."""
    name = " ".join(display_name.replace('"', " ").split())
    if not name or "@" in name or "=?" in name or "\ufffd" in name or len(name) > 60:
        return ""
    if "," in name:  # "Doe, Jane" is how some directories write names
        name = name.split(",", 1)[1].strip()
    first = name.split()[0] if name.split() else ""
    if len(first) < 2 or not all(unicodedata.category(c).startswith("L") or c in "-'" for c in first):
        return ""
    if first.isupper() or first.islower():
        # "JANE" or "jane": fix the case rather than shout back, unless it's not a plausible name
        first = first.capitalize()
    if first.lower() in (
        "support",
        "info",
        "admin",
        "team",
        "service",
        "customer",
        "kunde",
        "sales",
        "billing",
    ):
        return ""
    return first


def key_sentence(text: str, subject: str, limit: int = 180) -> str:
    """The sentence that best states the customer's problem, cut at a word boundary, one line."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip() and not _GREETING_LINE.match(ln)]
    flat = " ".join(lines)
    sentences = [s.strip() for s in _SENTENCE_END.split(flat) if len(s.split()) >= 3]
    best = next((s for s in sentences if _PROBLEM_WORDS.search(s)), sentences[0] if sentences else "")
    if not best:
        best = subject.strip()
    best = "".join(c for c in best if c.isprintable())
    if len(best) > limit:
        best = best[:limit].rsplit(" ", 1)[0].rstrip(",;:") + " …"
    return best
