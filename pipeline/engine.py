"""One message through parse, screen, classify, plan, render and draft, writing nothing.

``preview`` calls this alone; the worker calls it and then claims, appends and records.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from classifiers import ClassifierError, RulesError, TextInput, Triage, Triager

from .config import Config
from .draft import build_draft
from .errors import ConfigError, MailtriageError
from .fit import render_reply
from .message import Draft, ParsedMessage, RawMessage, Skip
from .parse import detect_language, parse
from .plan.intents import IntentMatcher
from .plan.planner import Plan, make_plan
from .render import context, make_environment
from .screen import screen
from .settings import MailboxConfig


@dataclass(frozen=True, slots=True)
class Outcome:
    """What happened to one message. Exactly one of ``skip``, ``draft`` and ``error`` is set."""

    raw: RawMessage
    parsed: ParsedMessage | None = None
    skip: Skip | None = None
    triage: Triage | None = None
    plan: Plan | None = None
    draft: Draft | None = None
    error: str | None = None
    language: str = ""

    @property
    def notes(self) -> AgentNotes | None:
        """The agent-only notes of a drafted (or draftable) message; None without triage and plan."""
        return agent_notes(self.triage, self.plan) if self.triage and self.plan else None


class Engine:
    """Holds what is costly to build once (model, rules, templates) for a whole run."""

    def __init__(self, config: Config, triager: Triager | None = None, matcher: IntentMatcher | None = None) -> None:
        self.config = config
        self.triager = triager or load_triager(config)
        self.env = make_environment(config.templates_dir)
        self.matcher = matcher if matcher is not None else load_matcher(config)

    def prepare(self, raw: RawMessage, mailbox: MailboxConfig, backlog: int, now: datetime) -> Outcome:
        """Triage ``raw`` and build its draft; never raises for a bad message (errors land in ``error``)."""
        parsed = parse(raw.data, max_bytes=self.config.screen.max_message_bytes)
        skip = screen(parsed, mailbox, self.config.screen.noreply_patterns, now, self.config.screen.max_age_days)
        if skip:
            return Outcome(raw, parsed, skip=skip)
        language = detect_language(f"{parsed.subject}\n{parsed.new_text or parsed.text}")
        try:
            triage = self.triager.classify(
                TextInput(
                    subject=parsed.subject,
                    body=parsed.new_text or parsed.text,
                    sender=parsed.sender.email.lower() if parsed.sender else "",
                    headers=parsed.headers,
                    thread_depth=len(parsed.references),
                    language=language,
                )
            )
            plan = make_plan(parsed, triage, self.config, language, backlog, now, self.matcher)
            ctx = context(parsed, triage, plan, mailbox.name, mailbox.address, self.env)
            # the asks as the reply says them (an ask a playbook writes as a template, rendered or left out): the
            # same in ``preview --json`` and the draft
            plan = replace(plan, needs=tuple(ctx["customer"]["needs"]))
            rendered = render_reply(
                self.env, plan.template, ctx, f"{parsed.subject}\n{plan.read_text or parsed.new_text or parsed.text}"
            )
            draft = build_draft(
                raw.key, parsed, rendered.body, mailbox.address, plan.contact.name_in(plan.language),
                explain=explanation(triage, plan), now=now, language=plan.language,
            )  # fmt: skip
        except (MailtriageError, ValueError, LookupError, UnicodeError) as exc:
            return Outcome(raw, parsed, error=f"{type(exc).__name__}: {exc}", language=language)
        return Outcome(raw, parsed, triage=triage, plan=plan, draft=draft, language=language)


def load_triager(config: Config) -> Triager:
    """The model and the admin rules; a bad rules file or model becomes a ConfigError naming it."""
    try:
        return Triager.load(config.model_dir, config.rules_path, config.vip_domains)
    except RulesError as exc:
        raise ConfigError(exc.file, exc.key, exc.problem, exc.hint) from exc
    except ClassifierError as exc:  # ModelFileError: the model folder cannot be trusted or used
        raise ConfigError(str(config.model_dir or "default model"), "", str(exc)) from exc


def load_matcher(config: Config) -> IntentMatcher:
    """The playbooks and their intent model (fitted once, cached by content); ConfigError names a broken file."""
    return IntentMatcher.from_config(config)


def explanation(triage: Triage, plan: Plan) -> dict[str, str]:
    """The ``X-Mailtriage-*`` headers of a draft (``Source`` aside): only neutral facts.

    Mail clients such as mutt send a recalled draft with its headers, so the customer can read these;
    ``build_draft`` refuses any name outside ``draft.CUSTOMER_HEADERS``. What only the team may read
    is in ``agent_notes``.
    """
    headers = {
        "Type": plan.likely_type,
        "Deadline": plan.deadline.at.isoformat(),
        "Language": plan.language,
        "Intent": plan.intent or "none",
    }
    if plan.answers:
        headers["Answers"] = ", ".join(a.answer_id for a in plan.answers)
    if plan.their_deadline is not None:
        headers["Customer-Deadline"] = plan.their_deadline.at.isoformat()
    return headers


@dataclass(frozen=True, slots=True)
class AgentNotes:
    """Why the draft says what it says, for the team only: ``preview``, ``status``, the state store.

    Never in a draft's headers (see ``explanation``): the tone word and its cues ("frustrated, high
    0.97: ...") are not for the customer's eyes.
    """

    urgency: str
    tone: str
    confidence: float  # the type's calibrated confidence
    band: str
    template: str
    why: str  # the triage's one-line explanation
    plan: str  # where the plan departs from the triage, and why ("" when it does not)
    rules: tuple[str, ...]  # the admin rules that fired, by name

    def as_dict(self) -> dict[str, object]:
        return {"urgency": self.urgency, "tone": self.tone, "confidence": round(self.confidence, 4),
                "band": self.band, "template": self.template, "why": self.why, "plan": self.plan,
                "rules": list(self.rules)}  # fmt: skip


def agent_notes(triage: Triage, plan: Plan) -> AgentNotes:
    """What used to travel in the draft's headers and must not: urgency, tone, confidence, band,
    template, why, plan notes and rule names."""
    return AgentNotes(
        urgency=triage.urgency.label,
        tone=triage.tone.label,
        confidence=triage.type.confidence,
        band=plan.band,
        template=plan.template,
        why=triage.explanation,
        plan=plan.why,
        rules=tuple(triage.rules_fired),
    )
