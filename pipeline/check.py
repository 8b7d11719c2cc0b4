"""``mailtriage check``: config, rules, model and every template against sample mail, linted."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from classifiers import TextInput, Triage

from .config import Config
from .draft import build_draft
from .engine import Engine, explanation, load_triager
from .errors import ConfigError, TemplateError
from .lint import lint_reply, locate
from .message import Contact, Deadline, MessageKey, ParsedMessage
from .parse import parse
from .plan.planner import LANGUAGE_NAMES, TEMPLATE_LANGUAGES, Plan, make_plan
from .plan.timeframe import BusinessDuration, plan_target
from .render import context, render, template_dir
from .settings import MailboxConfig
from .source import read_paths

SAMPLES = Path(__file__).resolve().parent / "samples"
TYPES = ("billing", "technical", "outage", "returns", "sales", "general")


@dataclass(slots=True)
class CheckReport:
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    renders: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def check(config: Config, now: datetime, samples: Path = SAMPLES) -> CheckReport:
    """Validate rules and model, then render and lint every template x band x language x situation per sample.

    Each problem names the template file and line (see ``_where``).
    """
    report = CheckReport()
    if config.rules_path is None:
        report.notes.append("no admin rules (classifier.rules unset and no config/rules.toml)")
    try:
        triager = load_triager(config)
        if config.rules_path is not None:
            report.notes.append(f"rules ok: {config.rules_path}")
    except ConfigError as exc:
        report.problems.append(str(exc))
        return report
    engine = Engine(config, triager)
    templates = template_dir(config.templates_dir)
    for lang in TEMPLATE_LANGUAGES:
        for name in (*TYPES, "clarify"):
            if not (templates / lang / f"{name}.j2").is_file():
                report.problems.append(f"{templates / lang / name}.j2: missing template")
    box = config.mailboxes[0]
    samples_read = 0
    for file, data in read_paths([samples]):
        if isinstance(data, OSError):
            report.problems.append(f"{file}: cannot read sample: {data}")
            continue
        samples_read += 1
        parsed = parse(data)
        triage = triager.classify(_text_input(parsed))
        for lang in TEMPLATE_LANGUAGES:
            base = make_plan(parsed, triage, config, lang, backlog=0, now=now)
            for name in (*TYPES, "clarify"):
                for band in ("low",) if name == "clarify" else ("high", "medium"):
                    for changes in _situations(base, name, lang, config, now):
                        plan = dataclasses.replace(base, template=f"{lang}/{name}.j2", band=band, language=lang,
                                                   **changes)  # fmt: skip
                        _render_one(engine, report, parsed, triage, plan, box, file, templates, now)
    if not samples_read:
        report.problems.append(f"{samples}: no sample messages to render templates against")
    report.notes.append(f"rendered {report.renders} drafts from {samples_read} samples")
    return report


_TOPICS = {"technical": ("login",), "billing": ("cancel",), "general": ("privacy",), "returns": ("delivery",)}
_ESCALATION = Contact("Duty lead (check)", "+00 0000 0000", "duty@example.invalid")


def _situations(base: Plan, name: str, lang: str, config: Config, now: datetime) -> list[dict[str, Any]]:
    """Plan changes that reach every branch of a template: plain, and everything at once (the longest reply),
    once per topic of the type; all types' questions for clarify."""
    likely = base.likely_type if name == "clarify" else name
    target = plan_target(now, BusinessDuration(3, 0), config.calendar, 20, now, lang, config.sla.backlog)
    plain: dict[str, Any] = dict(likely_type=likely, frustrated=False, escalate=False, follow_up=False, callback=False,
                                 given=(), questions_asked=0, offer_language="", offer_code="", resolution=None,
                                 topic="", escalation=None)  # fmt: skip
    busy = replace_deadline(base, backlog=20)
    full = dict(plain, frustrated=True, escalate=True, follow_up=True, callback=True, questions_asked=3,
                given=("reference", "error", "size", "evidence"), resolution=target, deadline=busy)  # fmt: skip
    if lang == config.default_language:  # only a reply in the default language offers another one
        full.update(offer_code="fr", offer_language=LANGUAGE_NAMES.get(lang, LANGUAGE_NAMES["en"])["fr"])
    out = [
        plain,
        full,
        dict(plain, frustrated=True, escalate=True, escalation=_ESCALATION, questions_asked=1),
        dict(plain, issue_quote=""),
    ]  # nothing in the message was safe to quote
    out += [dict(plain, topic=topic) for topic in _TOPICS.get(name, ())]
    out += [dict(full, topic=topic) for topic in _TOPICS.get(name, ())]
    if name == "clarify":
        out += [dict(plain, question_type=t) for t in TYPES]
    return out


def replace_deadline(plan: Plan, backlog: int) -> Deadline:
    return dataclasses.replace(plan.deadline, backlog=backlog)


def _render_one(
    engine: Engine,
    report: CheckReport,
    parsed: ParsedMessage,
    triage: Triage,
    plan: Plan,
    box: MailboxConfig,
    sample: Path,
    templates: Path,
    now: datetime,
) -> None:
    try:
        rendered = render(engine.env, plan.template, context(parsed, triage, plan, box.name, box.address))
        build_draft(_key(sample), parsed, rendered.body, box.address, plan.contact.name,
                    explanation(triage, plan), now)  # fmt: skip
    except TemplateError as exc:
        _add(report, str(exc))
        return
    except ValueError as exc:  # the sample itself has no reply address
        _add(report, f"{sample}: {exc}")
        return
    report.renders += 1
    clarify = plan.template.endswith("/clarify.j2")
    problems = lint_reply(rendered.body, plan.contact.phone, plan.contact.email, plan.deadline.wording,
                          min_questions=2 if clarify else 0)  # fmt: skip
    for problem in problems:
        where = _where(problem, plan.template, templates)
        _add(report, f"{where}: {problem} (band={plan.band}, sample={sample.name})")


# An absent part has no line of its own: point at the macro that should have printed it, if the template
# calls it, else at the template's first line.
_MACROS_FOR = {
    "no concrete time frame": ("timeframe", "clarify_timeframe"),
    "no direct contact line": ("contact_line",),
    "asks fewer than": ("{% for q in",),
}


def _where(problem: str, template: str, templates: Path) -> str:
    """``file:line`` for a lint problem: the banned phrase's line, the responsible macro, or line 1."""
    phrase = re.match(r"banned phrase '(.+)'|unfilled placeholder '(.+)'", problem)
    if phrase:
        found = locate(phrase.group(1) or phrase.group(2), templates)
        if found:
            return found
    for start, macros in _MACROS_FOR.items():
        if not problem.startswith(start):
            continue
        for file in _chain(templates, template):
            text = file.read_text(encoding="utf-8")
            for macro in macros:
                if macro.startswith("{%"):
                    if macro in text:
                        return f"{file}:{_line_of(text, macro)}"
                elif f"m.{macro}(" in text:
                    defining = templates / template.split("/")[0] / "_macros.j2"
                    if defining.is_file():
                        definition = defining.read_text(encoding="utf-8")
                        return f"{defining}:{_line_of(definition, f'macro {macro}(')}"
                    return f"{file}:{_line_of(text, f'm.{macro}(')}"
    return f"{templates / template}:1"


def _chain(templates: Path, template: str) -> list[Path]:
    """The template and the templates it extends, child first."""
    chain: list[Path] = []
    name: str | None = template
    while name and len(chain) < 10:
        file = templates / name
        if not file.is_file():
            break
        chain.append(file)
        parent = re.search(r"{%-?\s*extends\s+[\"']([^\"']+)[\"']", file.read_text(encoding="utf-8"))
        name = parent.group(1) if parent else None
    return chain


def _line_of(text: str, needle: str) -> int:
    return next((i for i, line in enumerate(text.splitlines(), 1) if needle in line), 1)


def _add(report: CheckReport, problem: str) -> None:
    if problem not in report.problems:
        report.problems.append(problem)


def _key(sample: Path) -> MessageKey:
    return MessageKey("check", "samples", 0, sample.name)


def _text_input(parsed: ParsedMessage) -> TextInput:
    return TextInput(subject=parsed.subject, body=parsed.new_text or parsed.text,
                     sender=parsed.sender.email if parsed.sender else "", headers=parsed.headers,
                     thread_depth=len(parsed.references))  # fmt: skip
