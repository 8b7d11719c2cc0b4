"""Fill reply templates in a sandboxed Jinja environment where a missing name is an error.

The customer's text only ever enters a template as a value: Jinja never evaluates values, so
``{{ 7*7 }}`` written by a customer comes out literally. Admin-edited templates run sandboxed.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from .errors import TemplateError
from .lint import unsafe_to_quote
from .message import Contact, ParsedMessage
from .plan.planner import Plan

BUNDLED_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def template_dir(configured: Path) -> Path:
    """The configured folder, else the templates installed with the package (``pip install .``)."""
    if configured.is_dir():
        return configured
    try:
        import mailtriage_templates

        return Path(next(iter(mailtriage_templates.__path__)))
    except (ImportError, StopIteration):
        return BUNDLED_TEMPLATES


def make_environment(templates: Path) -> SandboxedEnvironment:
    return SandboxedEnvironment(
        loader=jinja2.FileSystemLoader(template_dir(templates)),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # plain-text mail, not HTML
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


@dataclass(frozen=True, slots=True)
class Rendered:
    template: str
    body: str


def context(msg: ParsedMessage, triage: Any, plan: Plan, mailbox_name: str, mailbox_address: str) -> dict:
    """The documented template context: message, triage, plan, contact, escalation, mailbox (templates/README.md)."""
    resolution = plan.resolution
    return {
        "message": {
            "subject": msg.subject,
            "sender_name": plan.greeting_name,
            "sender_full_name": plan.greeting_full_name,
            "sender_email": msg.sender.email if msg.sender else "",
            "quote": plan.issue_quote,
            # a file name is the customer's text too: one that would fail the lint is not repeated
            "attachments": [a.filename for a in msg.attachments if a.filename and not unsafe_to_quote(a.filename)],
            "language": plan.customer_language,
            "questions": plan.questions_asked,
        },
        "triage": {
            "type": triage.type.label,
            "type_confidence": round(triage.type.confidence, 2),
            "urgency": triage.urgency.label,
            "tone": triage.tone.label,
        },
        "plan": {
            "band": plan.band,
            "likely_type": plan.likely_type,
            "question_type": plan.question_type,
            "topic": plan.topic,
            "given": list(plan.given),
            "deadline": plan.deadline.wording,
            "deadline_iso": plan.deadline.at.isoformat(),
            "resolution": resolution.wording if resolution else "",
            "resolution_iso": resolution.at.isoformat() if resolution else "",
            "backlog": plan.deadline.backlog,
            "escalate": plan.escalate,
            "frustrated": plan.frustrated,
            "follow_up": plan.follow_up,
            "callback": plan.callback,
            "offer_language": plan.offer_language,
            "offer_code": plan.offer_code,
            "variant": plan.variant,
            "language": plan.language,
        },
        "contact": _contact(plan.contact, plan.language),
        "escalation": _contact(plan.escalation, plan.language) if plan.escalation else _NO_CONTACT,
        "mailbox": {"name": mailbox_name, "address": mailbox_address},
    }


_NO_CONTACT = {"name": "", "phone": "", "email": "", "hours": ""}
_HOURS_DE = {"Mon": "Mo", "Tue": "Di", "Wed": "Mi", "Thu": "Do", "Fri": "Fr", "Sat": "Sa", "Sun": "So",
             "CET": "MEZ", "CEST": "MESZ", "-": "–"}  # fmt: skip
_HOURS_TOKENS = re.compile(r"Mon|Tue|Wed|Thu|Fri|Sat|Sun|CEST|CET|-")
_DAY = r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun)"
_HOURS_PLAIN = re.compile(rf"({_DAY}(-{_DAY})?,?\s*|\d{{1,2}}:\d{{2}}-\d{{1,2}}:\d{{2}},?\s*|(CEST|CET|UTC)\s*)+")


def _contact(contact: Contact, language: str) -> dict[str, str]:
    return {
        "name": contact.name_in(language),
        "phone": contact.phone,
        "email": contact.email,
        "hours": hours_in(contact, language),
    }


def hours_in(contact: Contact, language: str) -> str:
    """The contact's hours in ``language``: ``Contact.hours_in`` when the config has it; else German
    weekday and zone abbreviations for hours written only in them ("Mon-Fri 09:00-17:00 CET");
    anything else as written."""
    localized = contact.hours_in(language)
    if localized:
        return localized
    if language == "de" and _HOURS_PLAIN.fullmatch(contact.hours.strip()):
        return _HOURS_TOKENS.sub(lambda m: _HOURS_DE[m.group(0)], contact.hours)
    return contact.hours


def render(env: SandboxedEnvironment, name: str, ctx: dict) -> Rendered:
    """Render template ``name``; raise ``TemplateError`` naming the template file and line."""
    try:
        body = env.get_template(name).render(ctx)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(exc.filename or exc.name or name, exc.lineno, exc.message or str(exc)) from exc
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(name, None, f"template not found: {exc.name}") from exc
    except (jinja2.TemplateError, TypeError, ValueError, AttributeError, KeyError) as exc:
        file, line = _template_frame(exc, name)
        raise TemplateError(file, line, f"{type(exc).__name__}: {exc}") from exc
    return Rendered(name, _tidy(body))


def _template_frame(exc: BaseException, fallback: str) -> tuple[str, int | None]:
    """Jinja rewrites tracebacks so template frames carry the template's file and line."""
    tb = exc.__traceback__ or sys.exc_info()[2]
    found: tuple[str, int | None] = (fallback, None)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


def _tidy(body: str) -> str:
    """Collapse the blank lines that optional blocks leave behind; end with one newline."""
    lines = [ln.rstrip() for ln in body.strip().splitlines()]
    out: list[str] = []
    for ln in lines:
        if ln or (out and out[-1]):
            out.append(ln)
    return "\n".join(out) + "\n"
