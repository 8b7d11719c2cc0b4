"""Choose what the reply promises: template, confidence band, time frames, direct line, how to greet.

Pure: the clock and the backlog are passed in, so a test can pin Friday 17:55 before a holiday.
Everything here reads only the customer's new text; nothing it finds is ever sent unless a
template prints it, and ``Plan.why`` tells the agent where the plan departs from the triage.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING

from ..config import Config
from ..languages import template_languages
from ..message import Contact, Deadline, ParsedMessage
from ..parse.forwards import FORWARD_NOTE_WORDS, forwarded_body, quoted_colleague, without_forward_headers
from ..parse.inline_answers import inline_answers
from . import clauses, thanks_first
from .contact_asks import without_threats
from .cues import apology_fits
from .customer import Question, Reading, gave, read_customer
from .greeting import greeting_full_name, greeting_name
from .pointed_below import with_pointed_ids
from .reading import WANTS_CALL, facts_given, key_sentence, questions_asked, too_little, topic_of
from .respond import (
    Answered,
    TheirDeadline,
    answer_questions,
    call_window,
    effective_urgency,
    is_calm,
    still_needed,
    their_deadline,
    wants_a_target,
)
from .second_problem import first_of_two
from .timeframe import BusinessDuration, plan_deadline, plan_target
from .written_before import FOLLOW_UP, times_written

if TYPE_CHECKING:
    from classifiers import Triage

    from .intents import IntentMatcher
    from .playbooks import Blocks

#: A playbook of another type than the type model's replaces that type only at this intent confidence or above.
INTENT_OVERRIDES_TYPE = 0.85
#: A playbook this sure outranks even a high-band type model that is less sure: a security questionnaire from a
#: customer who names their plan and contract is still a security questionnaire (0.999 against sales 0.94).
INTENT_BEATS_HIGH_TYPE = 0.97
#: A type model in the medium band this far below a playbook of another type gives way to it (at 0.6 or above):
#: "lost my phone, no authenticator, … I can't send my customers' invoices" is a 2FA problem, not billing.
INTENT_CLEARLY_AHEAD = 0.2
#: With the type model unsure (medium or low band), a playbook of the same type needs this much confidence.
INTENT_ALONE = 0.8
#: With the type model lost (low band: a language it was not trained on, wording it never saw), a playbook
#: needs this much, whatever its type: its examples exist in every template language, the model's do not.
INTENT_TYPE_LOST = 0.7
#: A type model in the medium band this sure, agreeing with the playbook's type, lets a playbook in at
#: ``INTENT_TYPE_LOST``: two models that agree ("sales" at 0.85, "sales.quote_request" at 0.76) are evidence.
TYPE_AGREES = 0.75


#: A reply to one of our tickets: "Re: [Ticket #58213] …", "AW: Ihr Ticket 4711", "RE: Votre demande n° 88".
_RE_TICKET = re.compile(
    r"^\s*(?:re|aw|antw)\s*:.*?(?:ticket|case|fall|demande|anfrage)\s*(?:#|n[°o]\.?\s*|nr\.?\s*)?\d", re.I
)


def _alone_needs(type_confidence: float) -> float:
    """The confidence a playbook of the type model's own type needs when that model is not in its high band."""
    return INTENT_TYPE_LOST if type_confidence >= TYPE_AGREES else INTENT_ALONE


LANGUAGE_NAMES = {  # a customer's language, named in the language of the reply
    "en": {"de": "German", "en": "English", "fr": "French", "es": "Spanish", "it": "Italian", "nl": "Dutch",
           "pt": "Portuguese", "pl": "Polish", "tr": "Turkish"},
    "fr": {"de": "allemand", "en": "anglais", "fr": "français", "es": "espagnol", "it": "italien", "nl": "néerlandais",
           "pt": "portugais", "pl": "polonais", "tr": "turc"},
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
    follow_up: bool = False  # the customer has written about this before
    times_written: int = 0  # 3 for "the third time I'm writing", counting this mail; 0 when they do not say
    read_text: str = ""  # the text read as theirs: their new text, with a colleague's note they forward
    callback: bool = False  # the customer asked to be called
    questions_asked: int = 0  # questions in the customer's new text
    resolution: Deadline | None = None  # a resolution target (never a promise), when configured and honest
    escalation: Contact | None = None  # [contact.escalation] when configured
    offer_code: str = ""  # language code behind ``offer_language``
    why: str = ""  # agent-facing: where the plan departs from the triage, and why
    # -- this customer, not this type (see ``respond``) --
    reading: Reading = field(default_factory=Reading)
    urgency: str = "normal"  # after the customer's own cues ("no rush", "in one hour")
    intent: str = ""  # the matched playbook's intent, "" for none of them
    intent_confidence: float = 0.0
    intent_runner_up: str = ""
    intent_why: str = ""
    answers: tuple[Answered, ...] = ()  # their questions a playbook answers
    open_questions: tuple[Question, ...] = ()  # their questions and requests we name back, to answer in the update
    needs: tuple[str, ...] = ()  # what we still need from them (playbook asks they have not given)
    their_deadline: TheirDeadline | None = None
    calm: bool = False  # they said there is no rush
    senior: bool = False  # they asked for someone senior
    renewal_risk: bool = False  # they threatened to cancel or not to renew
    call_window: str = ""  # a concrete window for the call they asked for, worded
    blocks: Blocks | None = None  # the matched playbook's blocks in the reply's language (Jinja sources)
    # what the customer already sent: "reference", "error", "size", "evidence" and the slot names of
    # ``customer.slots`` they filled ("invoice", "error_message", "environment", ...), so nothing is asked twice
    given: tuple[str, ...] = ()


def make_plan(
    msg: ParsedMessage,
    triage: Triage,
    config: Config,
    customer_language: str,
    backlog: int,
    now: datetime,
    matcher: IntentMatcher | None = None,
) -> Plan:
    """Plan the reply to ``msg``; raises nothing for any message the parser produced.

    ``matcher`` holds the playbooks (None: none configured, every reply uses its type template).
    """
    notes: list[str] = []
    languages = template_languages(config.templates_dir)  # a folder per language under templates/
    language = customer_language if customer_language in languages else config.default_language
    offer_code = ""
    if customer_language and customer_language != language and customer_language in config.team_languages:
        offer_code = customer_language
        notes.append(f"no {customer_language} templates: replying in {language}, offering {customer_language}")
    text = msg.new_text or msg.text
    # "Answers under each of your questions:": what they wrote between our quoted questions is theirs too (our own
    # message their answers sit in is no forward: its questions are ours)
    inline = inline_answers(msg.text) if msg.new_text else ""
    forwarded = forwarded_body(msg.text, text) if msg.new_text and not inline else ""
    if inline and " ".join(inline.split()[:8]) not in " ".join(text.split()):
        text = f"{clauses.body(text)}\n\n{inline}"
    elif forwarded:  # "Forwarding this from our accountant …": what they want us to do is in the forward,
        text = f"{clauses.body(text)}\n\n{forwarded}"  # below the note's own sign-off and signature
    elif msg.new_text and len(msg.new_text.split()) <= FORWARD_NOTE_WORDS:
        colleague = quoted_colleague(msg.text, config.own_domains)  # a reply-all: "Same here" over their mail
        text = f"{clauses.body(text)}\n\n{colleague}" if colleague else text
    text = without_forward_headers(text)
    received = min(msg.date or now, now)
    reading = read_customer(text, msg.subject, customer_language or language, received)
    if reading.for_staff and forwarded and not inline:
        # a former employee's data request passed on: what that person asks is for the employer to answer; the
        # questions to us are in the employer's own note above it
        own = read_customer(without_forward_headers(msg.new_text), msg.subject, customer_language or language, received)
        reading = replace(reading, questions=own.questions)
    # "the serial numbers are in my first message, below": read from the quoted mail they point to
    reading = with_pointed_ids(reading, msg.new_text, msg.text) if msg.new_text else reading
    band, type_ = triage.type.band, triage.type.label
    by_rule = any(why.startswith("rule:") for why in triage.type.why)
    threats = bool({"cancel_threat", "not_renew"} & set(reading.contact_requests))
    # thanks for an earlier fix first (the reading found it): the new matter is what the playbook is matched on
    text = thanks_first.split(text).rest if reading.thanked else text
    about = without_threats(text) if threats else text  # the problem, not what they will do if it stays
    first = first_of_two(about)  # "zwei Dinge: 1. … 2. …": the first is the problem, the second is asked
    # a renewal threat reads like sales to the type model: the playbook then judges without its word (so does a
    # second, unrelated point: the type model read both)
    hint = None if (threats and type_ == "sales" and band != "high" and not by_rule) or first != about else type_
    about = first
    match = matcher.match(msg.subject, about, language, hint, by_rule) if matcher else None
    intent = match.intent if match and match.intent else ""
    if intent and match is not None:
        intent_type = intent.split(".", 1)[0]
        if intent_type != type_:
            # Two models disagree: the playbook wins only when it is clearly sure and the type model is not.
            # (Its examples are single sentences; a long mail about "return nil" in Ruby can look like a return.)
            needed = INTENT_TYPE_LOST if band == "low" else INTENT_OVERRIDES_TYPE
            if band == "medium" and match.confidence - triage.type.confidence >= INTENT_CLEARLY_AHEAD:
                needed = min(needed, INTENT_TYPE_LOST - 0.1)  # the type model barely chose: the playbook knows more
            beats_high = match.confidence >= INTENT_BEATS_HIGH_TYPE and match.confidence > triage.type.confidence
            if (band == "high" and not beats_high) or match.confidence < needed:
                notes.append(f"intent {intent} ({match.confidence:.2f}) dropped: type {type_} ({band}) disagrees")
                intent = ""
            else:
                notes.append(f"type {type_} -> {intent_type}: intent {intent} ({match.confidence:.2f})")
                type_ = intent_type
        elif (
            band != "high"
            and not (by_rule and band == "medium")  # an admin's rule set this type: the playbook agrees with it
            and match.confidence < (INTENT_TYPE_LOST if band == "low" else _alone_needs(triage.type.confidence))
        ):
            # the type model is unsure too: one lukewarm guess on top of another is not understanding
            notes.append(f"intent {intent} ({match.confidence:.2f}) dropped: type {type_} is only {band}")
            intent = ""
        if intent and band == "low":  # the model could not tell the type, the playbook examples can
            band = "medium"
    question_type = type_
    vague = too_little(text, msg.subject)
    if vague and band != "low":
        notes.append(f"{vague}: asking instead of guessing (model said {type_} {triage.type.confidence:.2f})")
        band = "low"
        question_type = type_ if triage.type.band == "high" else "general"
    elif vague:
        notes.append(vague)
        question_type = "general"
    if vague:
        intent = ""  # a playbook restates a situation we have not understood: ask instead
    elif intent and band == "medium":
        band = "high" if match and match.confidence >= 0.8 else band
    if band == "low" and not vague and reading.questions:
        # unsure what kind of problem it is, but they said what they want to know: answer or name back their
        # questions in neutral words rather than ask them what happened
        notes.append(f"type {type_} unsure, but {len(reading.questions)} question(s) asked: general reply, not clarify")
        band, type_ = "medium", "general"
    template = f"{language}/clarify.j2" if band == "low" else f"{language}/{type_}.j2"
    urgency, urgency_note = effective_urgency(triage.urgency.label, reading)
    if urgency_note:
        notes.append(urgency_note)
    calm = is_calm(reading)
    calendar = config.calendar_for(type_)  # an outage line may keep other hours than the team
    deadline = plan_deadline(
        received=received,
        target=config.sla.target(type_, urgency),
        calendar=calendar,
        backlog=backlog,
        now=now,
        language=language,
        policy=config.sla.backlog,
    )
    resolution = None
    target = _resolution_target(config, type_, urgency)
    if target is not None and band == "high" and not calm:  # an unknown problem has no honest target
        resolution = plan_target(received, target, calendar, backlog, now, language, config.sla.backlog)
        # a target by the end of the day our update already falls on tells the customer nothing more
        if resolution.at.date() <= deadline.at.astimezone(resolution.at.tzinfo).date():
            resolution = None
    theirs = their_deadline(reading.deadline, deadline.at, now, language)
    if resolution is not None and not wants_a_target(reading, urgency, theirs is not None):
        notes.append(f"resolution target {resolution.wording} not named: no hurry, no deadline, not asked when")
        resolution = None
    if theirs is not None:
        notes.append(f"customer deadline {theirs.at.isoformat()} ({'met' if theirs.met else 'NOT met'} by our update)")
    playbook = matcher.library.get(intent) if (matcher and intent) else None
    answers, open_questions = answer_questions(reading, intent, matcher, language)
    given = frozenset(facts_given(f"{msg.subject}\n{text}", bool(msg.attachments))) | gave(reading)
    # (they did what we said, or answer our ticket's subject: we wrote before, even when their client dropped the
    # References header)
    follow_up = bool(msg.references or msg.in_reply_to or FOLLOW_UP.search(text) or reading.facts.tried_our_advice)
    follow_up = follow_up or bool(_RE_TICKET.match(msg.subject))
    if reading.facts.tried_our_advice or follow_up:  # "still not working after your fix", "Re: … [Ticket #…]":
        given |= {"since"}  # when it started is in our own thread
    blocks = playbook.blocks.get(language) if playbook else None
    wants_call = "call" in reading.contact_requests or bool(WANTS_CALL.search(text))
    senior = "senior" in reading.contact_requests
    # their Date header's offset is where they are: a call window goes in their hours as well as ours
    # their Date header's offset; +0000 is as often a server's or a webmail's as the customer's: not used
    their_zone = reading.received.tzinfo if reading.received and reading.received.utcoffset() else None
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
        issue_quote=key_sentence(
            text, msg.subject, avoid=tuple(q.text for q in reading.questions), tried=reading.facts.tried[:1]
        ),
        # (someone who writes "no rush at all" is not upset, unless the tone model is sure of it)
        frustrated=triage.tone.label == "frustrated"
        and apology_fits(text)
        and not (calm and triage.tone.band != "high"),
        # the escalation line only when someone is sure it is urgent: the customer, or the model in its medium band
        escalate=urgency == "high" and not calm and (triage.urgency.band != "low" or urgency != triage.urgency.label),
        offer_language=LANGUAGE_NAMES.get(language, LANGUAGE_NAMES["en"]).get(offer_code, offer_code),
        variant=zlib.crc32(seed),
        greeting_full_name=greeting_full_name(display),
        question_type=question_type,
        topic=topic_of(type_, f"{msg.subject}\n{text}"),
        given=tuple(sorted(given)),
        follow_up=follow_up,
        times_written=times_written(text),
        read_text=text,
        callback=wants_call,
        questions_asked=questions_asked(text),
        resolution=resolution,
        escalation=config.contacts.get("escalation"),
        offer_code=offer_code,
        why="; ".join(notes),
        reading=reading,
        urgency=urgency,
        intent=intent,
        intent_confidence=match.confidence if match else 0.0,
        intent_runner_up=(match.runner_up or "") if match else "",
        intent_why=match.why if match else "",
        answers=answers,
        open_questions=open_questions,
        needs=still_needed(blocks.need, given | _answered(answers, open_questions)) if blocks else (),
        their_deadline=theirs,
        calm=calm,
        senior=senior,
        renewal_risk=threats,
        call_window=call_window(
            calendar,
            now,
            language,
            their_zone,
            reading.call_hours,
            reading.call_until,
            reading.call_between,
            reading.call_days,
        )
        if (wants_call or senior)
        else "",
        blocks=blocks,
    )


def _answered(answers: tuple[object, ...], open_questions: tuple[object, ...]) -> frozenset[str]:
    """{"answered"} when every question they asked was answered from a playbook: the ``answered`` slot, which
    lets a ``need`` item go ("the workspace's name" is not needed once "can we have two admins?" is answered)."""
    return frozenset({"answered"}) if answers and not open_questions else frozenset()


def _resolution_target(config: Config, type_: str, urgency: str) -> BusinessDuration | None:
    """``[sla.resolution]`` for this type and urgency, else None."""
    return config.sla.resolution_target(type_, urgency)
