"""Fill reply templates in a sandboxed Jinja environment where a missing name is an error.

The customer's text only ever enters a template as a value: Jinja never evaluates values, so
``{{ 7*7 }}`` written by a customer comes out literally. Admin-edited templates run sandboxed.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from .errors import TemplateError
from .message import ParsedMessage
from .plan import Plan

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
    """The documented template context: message, triage, plan, contact, mailbox (see templates/README.md)."""
    return {
        "message": {
            "subject": msg.subject,
            "sender_name": plan.greeting_name,
            "sender_email": msg.sender.email if msg.sender else "",
            "quote": plan.issue_quote,
            "attachments": [a.filename for a in msg.attachments if a.filename],
            "language": plan.customer_language,
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
            "deadline": plan.deadline.wording,
            "deadline_iso": plan.deadline.at.isoformat(),
            "backlog": plan.deadline.backlog,
            "escalate": plan.escalate,
            "frustrated": plan.frustrated,
            "offer_language": plan.offer_language,
            "variant": plan.variant,
            "language": plan.language,
        },
        "contact": {
            "name": plan.contact.name_in(plan.language),
            "phone": plan.contact.phone,
            "email": plan.contact.email,
            "hours": plan.contact.hours,
        },
        "mailbox": {"name": mailbox_name, "address": mailbox_address},
    }


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
