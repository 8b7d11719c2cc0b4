"""``mailtriage check``: config, rules, model and every template against sample mail, linted."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from classifiers import TextInput, Triage

from .config import Config
from .draft import build_draft
from .engine import Engine, explanation, load_triager
from .errors import ConfigError, TemplateError
from .lint import lint_reply, locate
from .message import MessageKey, ParsedMessage
from .parse import parse
from .plan import TEMPLATE_LANGUAGES, Plan, make_plan
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
    """Validate rules and model, then render every template x band x language x tone for each sample."""
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
        base = make_plan(parsed, triage, config, "en", backlog=0, now=now)
        for lang in TEMPLATE_LANGUAGES:
            for name in (*TYPES, "clarify"):
                bands = ("low",) if name == "clarify" else ("high", "medium")
                for band in bands:
                    for frustrated, escalate in ((False, False), (True, True)):
                        plan = make_plan(parsed, triage, config, lang, backlog=0, now=now)
                        plan = dataclasses.replace(
                            plan, template=f"{lang}/{name}.j2", band=band, language=lang,
                            likely_type=name if name != "clarify" else base.likely_type,
                            frustrated=frustrated, escalate=escalate,
                        )  # fmt: skip
                        _render_one(engine, report, parsed, triage, plan, box, file, templates, now)
    if not samples_read:
        report.problems.append(f"{samples}: no sample messages to render templates against")
    report.notes.append(f"rendered {report.renders} drafts from {samples_read} samples")
    return report


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
    for problem in lint_reply(rendered.body, plan.contact.phone, plan.contact.email, plan.deadline.wording):
        phrase = re.match(r"banned phrase '(.+)'", problem)
        where = (locate(phrase.group(1), templates) if phrase else None) or str(templates / plan.template)
        _add(report, f"{where}: {problem} (band={plan.band}, sample={sample.name})")


def _add(report: CheckReport, problem: str) -> None:
    if problem not in report.problems:
        report.problems.append(problem)


def _key(sample: Path) -> MessageKey:
    return MessageKey("check", "samples", 0, sample.name)


def _text_input(parsed: ParsedMessage) -> TextInput:
    return TextInput(subject=parsed.subject, body=parsed.new_text or parsed.text,
                     sender=parsed.sender.email if parsed.sender else "", headers=parsed.headers,
                     thread_depth=len(parsed.references))  # fmt: skip
