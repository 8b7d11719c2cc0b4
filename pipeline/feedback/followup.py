"""The follow-up draft of a promise about to pass with no reply sent (``promises`` decides when).

Rendered from ``<language>/followup.j2`` in the reply's language (the default language where a folder has
none), threaded under the original exactly like the first draft (its To, Subject, In-Reply-To and
References, kept in the ``promises`` row), quoting the customer's text, with a new time computed like the
first one: ``plan.timeframe.plan_deadline`` from now, with the SLA target of the reply's type and urgency
and the queue as it is now. It carries ``X-Mailtriage-Source: <original key>/followup`` (``followup_key``,
from ``pipeline.state.feedback``, which keeps the follow-up's own feedback row under the same key), so the
Drafts indexes that exactly-once rests on never take it for the first draft, and
``X-Mailtriage-Followup: <original Message-ID>``, a neutral fact a customer may read (and, where the
agent's client keeps it, tells the feedback stage that a sent reply is the follow-up).
"""

from __future__ import annotations

from datetime import datetime
from email.utils import parseaddr
from typing import Any

from ..config import URGENCIES, Config
from ..contact_fields import NO_CONTACT, contact_fields
from ..draft import build_draft
from ..errors import TemplateError
from ..languages import template_dir, template_languages
from ..lint import lint_reply
from ..message import Address, Deadline, Draft, MessageKey, ParsedMessage
from ..plan.timeframe import plan_deadline
from ..render import render
from ..settings import MailboxConfig
from ..state.feedback import FOLLOWUP_SUFFIX, followup_key
from ..state.promises import OpenPromise, Promise
from .measure import above_quote

TEMPLATE = "followup.j2"
SUFFIX = FOLLOWUP_SUFFIX
__all__ = ["SUFFIX", "TEMPLATE", "build_followup", "followup_key", "followup_problems", "language_of"]


def language_of(config: Config, language: str) -> str:
    """The language the follow-up is written in: the reply's, where its folder has a ``followup.j2``."""
    has = (template_dir(config.templates_dir) / language / TEMPLATE).is_file()
    return language if has else config.default_language


def build_followup(p: OpenPromise, config: Config, env: Any, box: MailboxConfig, backlog: int,
                   now: datetime) -> tuple[Draft, Deadline]:  # fmt: skip
    """The follow-up draft of ``p`` and the new time it promises.

    Raises TemplateError (a broken ``followup.j2``) and ValueError (no address to reply to).
    """
    made = p.made
    language = language_of(config, made.language)
    type_ = made.type or "general"
    urgency = made.urgency if made.urgency in URGENCIES else "normal"
    deadline = plan_deadline(received=now, target=config.sla.target(type_, urgency),
                             calendar=config.calendar_for(type_), backlog=backlog, now=now, language=language,
                             policy=config.sla.backlog)  # fmt: skip
    contact = config.contact_for(type_)
    escalation = config.contacts.get("escalation")
    plan = {"deadline": deadline.wording, "deadline_iso": deadline.at.isoformat(), "language": language,
            "escalate": urgency == "high", "variant": sum(map(ord, str(made.key)))}  # fmt: skip
    ctx = {
        "message": {"sender_name": made.greeting, "sender_full_name": made.greeting_full},
        "plan": plan,
        "contact": contact_fields(contact, language),
        "escalation": contact_fields(escalation, language) if escalation else dict(NO_CONTACT),
    }
    body = render(env, f"{language}/{TEMPLATE}", ctx).body
    name, email = parseaddr(made.reply_to or "")
    customer = Address(name, email)
    original = ParsedMessage(
        subject=made.subject or "",
        sender=customer,
        reply_to=(customer,),
        message_id=made.in_reply_to,
        references=tuple((made.refs or "").split()),
        date=_date(made.original_date),
        text=p.excerpt,
    )
    headers = {"Type": type_, "Deadline": deadline.at.isoformat(), "Language": language}
    if made.in_reply_to:
        headers["Followup"] = made.in_reply_to
    draft = build_draft(followup_key(made.key), original, body, box.address, contact.name_in(language),
                        explain=headers, now=now, language=language)  # fmt: skip
    return draft, deadline


def _date(value: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat(value) if value else None
    except ValueError:
        return None


def followup_problems(config: Config, env: Any, box: MailboxConfig, now: datetime) -> list[str]:
    """What ``mailtriage check`` reports of ``followup.j2``: rendered in every template language (a language
    without one falls back to the default language's) for a normal and an urgent promise, linted like a
    first draft (no banned phrase, a concrete time, a direct line). Empty when all is well."""
    problems = []
    contact = config.contact_for("general")
    for language in sorted({language_of(config, lang) for lang in template_languages(config.templates_dir)}):
        for urgency in ("normal", "high"):
            made = Promise(MessageKey(box.name, "INBOX", 1, "1"), now.timestamp(), now.isoformat(), language,
                           "general", urgency, "Sam Lee <sam@example.org>", "Re: Check", "<check@example.org>",
                           "<check@example.org>", "Sam", "Sam Lee")  # fmt: skip
            try:
                draft, deadline = build_followup(OpenPromise(made, None, None, None, 0, "Hello"), config, env, box,
                                                 0, now)  # fmt: skip
            except (TemplateError, ValueError) as exc:
                problems.append(f"{language}/{TEMPLATE}: {exc}")
                break
            found = lint_reply(above_quote(draft.body), contact.phone, contact.email, deadline.wording)
            problems += [f"{language}/{TEMPLATE}: {p} (urgency={urgency})" for p in found]
    return problems
