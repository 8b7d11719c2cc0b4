"""Choose what the reply promises: template, confidence band, time frames, direct line, how to greet.

Pure: the clock and the backlog are passed in, so a test can pin Friday 17:55 before a holiday.
Everything here reads only the customer's new text; nothing it finds is ever sent unless a
template prints it, and ``Plan.why`` tells the agent where the plan departs from the triage.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from ..config import Config
from ..message import Contact, Deadline, ParsedMessage
from .reading import (
    FOLLOW_UP,
    WANTS_CALL,
    facts_given,
    greeting_full_name,
    greeting_name,
    key_sentence,
    questions_asked,
    too_little,
    topic_of,
)
from .timeframe import BusinessDuration, plan_deadline, plan_target

if TYPE_CHECKING:
    from classifiers import Triage

TEMPLATE_LANGUAGES = ("en", "de")  # languages with a full template set under templates/<lang>/
LANGUAGE_NAMES = {  # a customer's language, named in the language of the reply
    "en": {"de": "German", "en": "English", "fr": "French", "es": "Spanish", "it": "Italian", "nl": "Dutch",
           "pt": "Portuguese", "pl": "Polish", "tr": "Turkish"},
    "de": {"de": "Deutsch", "en": "Englisch", "fr": "Französisch", "es": "Spanisch", "it": "Italienisch",
           "nl": "Niederländisch", "pt": "Portugiesisch", "pl": "Polnisch", "tr": "Türkisch"},
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Plan:
    """Everything the template needs beyond the message itself, and why (for the agent)."""

    template: str  # path under templates/, e.g. "en/billing.j2"
    language: str  # language of the reply
    customer_language: str  # detected language of the message ("" when unsure)
    band: str  # "high" | "medium" | "low": how sure we are of the type (after planning rules)
    likely_type: str
    deadline: Deadline  # first response: the promise
    contact: Contact
    greeting_name: str  # a first name fit to greet with, "" when no trustworthy name is known
    issue_quote: str  # the customer's key sentence, for restating
    frustrated: bool
    escalate: bool  # high urgency: name who is on it and what happens if the deadline slips
    offer_language: str  # the customer's language, named in the reply's language, when the team speaks it
    variant: int  # stable per message, so acknowledgements vary without being random on rerun
    greeting_full_name: str = ""  # "Anna Schäfer" for a formal greeting; "" when unknown
    question_type: str = "general"  # whose clarifying questions to ask in clarify.j2
    topic: str = ""  # narrower than the type, e.g. "login", "cancel", "privacy", "delivery"
    given: tuple[str, ...] = ()  # what the customer already sent: "reference", "error", "size", "evidence"
    follow_up: bool = False  # the customer has written about this before
    callback: bool = False  # the customer asked to be called
    questions_asked: int = 0  # questions in the customer's new text
    resolution: Deadline | None = None  # a resolution target (never a promise), when configured and honest
    escalation: Contact | None = None  # [contact.escalation] when configured
    offer_code: str = ""  # language code behind ``offer_language``
    why: str = ""  # agent-facing: where the plan departs from the triage, and why


def make_plan(
    msg: ParsedMessage,
    triage: Triage,
    config: Config,
    customer_language: str,
    backlog: int,
    now: datetime,
) -> Plan:
    """Plan the reply to ``msg``; raises nothing for any message the parser produced."""
    notes: list[str] = []
    language = customer_language if customer_language in TEMPLATE_LANGUAGES else config.default_language
    offer_code = ""
    if customer_language and customer_language != language and customer_language in config.team_languages:
        offer_code = customer_language
        notes.append(f"no {customer_language} templates: replying in {language}, offering {customer_language}")
    text = msg.new_text or msg.text
    band, type_ = triage.type.band, triage.type.label
    question_type = type_
    vague = too_little(text, msg.subject)
    if vague and band != "low":
        notes.append(f"{vague}: asking instead of guessing (model said {type_} {triage.type.confidence:.2f})")
        band = "low"
        question_type = type_ if triage.type.band == "high" else "general"
    elif vague:
        notes.append(vague)
        question_type = "general"
    template = f"{language}/clarify.j2" if band == "low" else f"{language}/{type_}.j2"
    received = min(msg.date or now, now)
    urgency = triage.urgency.label
    deadline = plan_deadline(
        received=received,
        target=config.sla.target(type_, urgency),
        calendar=config.calendar,
        backlog=backlog,
        now=now,
        language=language,
        policy=config.sla.backlog,
    )
    resolution = None
    target = _resolution_target(config, type_, urgency)
    if target is not None and band == "high":  # a target for a problem we have not understood is not honest
        resolution = plan_target(received, target, config.calendar, backlog, now, language, config.sla.backlog)
        if resolution.at <= deadline.at:
            resolution = None
    seed = (msg.message_id or msg.subject or "").encode("utf-8", "replace")
    display = msg.sender.name if msg.sender else ""
    return Plan(
        template=template,
        language=language,
        customer_language=customer_language,
        band=band,
        likely_type=type_,
        deadline=deadline,
        contact=config.contact_for(type_),
        greeting_name=greeting_name(display),
        issue_quote=key_sentence(text, msg.subject),
        frustrated=triage.tone.label == "frustrated",
        escalate=urgency == "high",
        offer_language=LANGUAGE_NAMES.get(language, LANGUAGE_NAMES["en"]).get(offer_code, offer_code),
        variant=zlib.crc32(seed),
        greeting_full_name=greeting_full_name(display),
        question_type=question_type,
        topic=topic_of(type_, f"{msg.subject}\n{text}"),
        given=facts_given(f"{msg.subject}\n{text}", bool(msg.attachments)),
        follow_up=bool(msg.references or msg.in_reply_to) or bool(FOLLOW_UP.search(text)),
        callback=bool(WANTS_CALL.search(text)),
        questions_asked=questions_asked(text),
        resolution=resolution,
        escalation=config.contacts.get("escalation"),
        offer_code=offer_code,
        why="; ".join(notes),
    )


def _resolution_target(config: Config, type_: str, urgency: str) -> BusinessDuration | None:
    """``[sla.resolution]`` for this type and urgency, else None."""
    return config.sla.resolution_target(type_, urgency)
