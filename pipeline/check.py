"""``mailtriage check``: config, rules, model and every template against sample mail, linted."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import jinja2

from classifiers import TextInput, Triage

from .config import Config
from .draft import build_draft
from .engine import Engine, explanation, load_triager
from .errors import ConfigError, TemplateError
from .feedback.followup import followup_problems
from .languages import playbook_dir, template_dir, template_languages
from .lint import lint_reply, locate
from .message import Contact, Deadline, MessageKey, ParsedMessage
from .parse import parse
from .plan.customer import Amount, Facts, Identifier, Question, Reading
from .plan.intents import IntentMatcher
from .plan.planner import LANGUAGE_NAMES, Plan, make_plan
from .plan.playbooks import LANGUAGES, Library, Playbook, load_playbooks, playbook_files, read_playbook, sample_slots
from .plan.respond import Answered, TheirDeadline
from .plan.timeframe import BusinessDuration, plan_target
from .render import context, make_environment, render
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
    check_playbooks(config, report)
    engine = Engine(config, triager)
    templates = template_dir(config.templates_dir)
    languages = template_languages(config.templates_dir)
    if config.default_language not in languages:
        missing = templates / config.default_language
        report.problems.append(f"{config.file}: templates.default_language: no template folder {missing}")
    for lang in languages:
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
        for lang in languages:
            base = make_plan(parsed, triage, config, lang, backlog=0, now=now)
            for name in (*TYPES, "clarify"):
                for band in ("low",) if name == "clarify" else ("high", "medium"):
                    for changes in _situations(base, name, lang, config, now, engine.matcher.library):
                        plan = dataclasses.replace(base, template=f"{lang}/{name}.j2", band=band, language=lang,
                                                   **changes)  # fmt: skip
                        _render_one(engine, report, parsed, triage, plan, box, file, templates, now)
    for problem in followup_problems(config, engine.env, box, now):  # the follow-up of a promise about to pass
        _add(report, problem)
    if not samples_read:
        report.problems.append(f"{samples}: no sample messages to render templates against")
    report.notes.append(f"rendered {report.renders} drafts from {samples_read} samples")
    return report


_TOPICS = {
    "technical": ("login", "slow"),
    "outage": ("slow",),
    "billing": ("cancel",),
    "general": ("privacy",),
    "returns": ("delivery", "sent_back"),
}
_ESCALATION = Contact("Duty lead (check)", "+00 0000 0000", "duty@example.invalid")


def _situations(
    base: Plan, name: str, lang: str, config: Config, now: datetime, library: Library
) -> list[dict[str, Any]]:
    """Plan changes that reach every branch of a template: plain, and everything at once (the longest reply),
    once per topic of the type; all types' questions for clarify; and this customer's own situation: a
    playbook of the type, answers and questions named back, their deadline met and missed, "no rush", a call
    they asked for with someone senior."""
    likely = base.likely_type if name == "clarify" else name
    target = plan_target(now, BusinessDuration(3, 0), config.calendar, 20, now, lang, config.sla.backlog)
    plain: dict[str, Any] = dict(likely_type=likely, frustrated=False, escalate=False, follow_up=False, callback=False,
                                 given=(), questions_asked=0, offer_language="", offer_code="", resolution=None,
                                 topic="", escalation=None, **_NO_CUSTOMER)  # fmt: skip
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
    out += _customer_situations(plain, likely, lang, base.deadline.at, library)
    return out


_NO_CUSTOMER: dict[str, Any] = dict(reading=Reading(), blocks=None, answers=(), open_questions=(), needs=(),
                                    their_deadline=None, calm=False, senior=False, renewal_risk=False,
                                    call_window="", intent="")  # fmt: skip
_READING = Reading(facts=Facts(ids=(Identifier("invoice", "INV-2026-0001"),), error_codes=("E-4012",),
                               amounts=(Amount("EUR 149.00", Decimal("149.00"), "EUR"),),
                               tried=("cleared the cache and tried another browser",)))  # fmt: skip


def _customer_situations(
    plain: dict[str, Any], type_: str, lang: str, promised: datetime, library: Library
) -> list[dict[str, Any]]:
    """The branches only a particular customer reaches, with a playbook of ``type_`` when there is one."""
    playbook = next((p for p in library.playbooks if p.type == type_ and lang in p.blocks), None)
    blocks = playbook.blocks[lang] if playbook else None
    answer = next(iter(playbook.answers), None) if playbook else None
    answers = (Answered("Is this covered?", f"{playbook.intent}#{answer.id}", answer.answer.get(lang, ""), 0.9),) \
        if playbook and answer and answer.answer.get(lang) else ()  # fmt: skip
    asked = (Question("Can we add seats mid-term?", "question"), Question("send the invoice to our AP team", "request"))
    met = TheirDeadline("by Friday", promised + timedelta(days=3), "Friday", met=True, hard=False, passed=False)
    missed = TheirDeadline("launch at 3 pm today", promised - timedelta(hours=2), "15:00", met=False, hard=True,
                           passed=False)  # fmt: skip
    mine = dict(reading=_READING, blocks=blocks, answers=answers, needs=("the invoice number", "the amount"),
                intent=playbook.intent if playbook else "", given=("invoice",))  # fmt: skip
    return [
        dict(plain, **mine, open_questions=asked[:1], their_deadline=met),
        dict(plain, **mine, open_questions=asked[1:], their_deadline=missed, escalate=True),
        dict(plain, **mine, open_questions=asked, calm=True),
        dict(plain, **mine, their_deadline=dataclasses.replace(missed, passed=True)),  # it passed before we wrote
        # an upset customer who asked for someone senior: the call, their missed deadline, the renewal risk
        dict(
            plain,
            reading=_READING,
            blocks=blocks,
            intent=mine["intent"],
            their_deadline=missed,
            senior=True,
            renewal_risk=True,
            frustrated=True,
            follow_up=True,
            callback=True,
            call_window="on Monday 7 December, 10:00-12:00",
        ),
        dict(plain, reading=_READING, open_questions=asked, callback=True, call_window="tomorrow 10:00-12:00"),
    ]


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
        rendered = render(engine.env, plan.template, context(parsed, triage, plan, box.name, box.address, engine.env))
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
    defining = templates / template.split("/")[0] / "_macros.j2"
    definition = defining.read_text(encoding="utf-8") if defining.is_file() else ""
    for start, macros in _MACROS_FOR.items():
        if not problem.startswith(start):
            continue
        for file in _chain(templates, template):
            text = file.read_text(encoding="utf-8")
            for macro in macros:
                if macro.startswith("{%"):
                    if macro in text:
                        return f"{file}:{_line_of(text, macro)}"
                elif f"m.{macro}(" in text or f"{macro}(" in definition:
                    # called from the template, or from another macro (the closing calls contact_line)
                    if f"macro {macro}(" in definition:
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


# --- playbooks (docs/playbooks.md) ------------------------------------------------------------------------

# The reply states our promised time once, from the SLA; a reply block that names a time of its own would
# contradict it. Days are left alone ("the bank releases it within a few days" is not our promise), and so
# are answers: they state how the product or a bank behaves ("changes sync within a minute").
_OWN_TIME = re.compile(
    r"\b\d{1,2}[:.]\d{2}\b"  # a clock time
    r"|\b(within|in|innerhalb( von)?|dans l[ae]s?|sous|d'ici) (\d+|an?|one|two|a few|einer|zwei|une) "
    r"(minutes?|hours?|minuten|stunden?|heures?)\b"
    # a day of ours; bare "today" is left alone: "already possible today" is no promise
    r"|\b(later today|by today|tomorrow|tonight|end of (the )?day|eod|noch heute|heute noch|morgen|"
    r"dans la journée|aujourd'hui même|demain)\b",
    re.IGNORECASE,
)
# lint_reply checks a whole reply; these two of its checks need the parts around a block, not the block.
_WHOLE_REPLY_ONLY = ("no direct contact line", "no concrete time frame")


def check_playbooks(config: Config, report: CheckReport) -> None:
    """Validate every playbook, render every block in every language with all slots empty and all filled, lint
    the results, and note the intent model's cross-validated accuracy. Problems read ``file: key: message``."""
    folder = playbook_dir(config.playbooks_dir)
    files = playbook_files(folder) if folder else []
    if not files:
        report.notes.append(f"no playbooks in {folder}: replies use the type templates only")
        return
    broken = False
    for file in files:  # each file's own first problem, so one broken file does not hide the others
        try:
            read_playbook(file, LANGUAGES)
        except ConfigError as exc:
            report.problems.append(str(exc))
            broken = True
    if broken or folder is None:
        return
    try:
        library = load_playbooks(folder, LANGUAGES)
    except ConfigError as exc:  # duplicates across files
        report.problems.append(str(exc))
        return
    env = make_environment(config.templates_dir)
    for playbook in library.playbooks:
        for key, source in _block_sources(playbook):
            lang = key.split(".")[0] if not key.startswith("answers") else key.split(".")[1]
            for filled in (False, True):
                _check_block(env, report, playbook, key, source, lang, filled)
    model = IntentMatcher(library, config.playbooks_min_confidence).model
    if model is None:
        return
    confused = ", ".join(f"{a} <-> {b} ({n})" for (a, b), n in model.cv_confused_[:3]) or "none"
    report.notes.append(
        f"playbooks ok: {len(library)} in {folder}, {model.cv_examples_} examples; intent model cross-validated "
        f"({model.n_folds_}-fold, stratified): accuracy {model.cv_accuracy_:.3f} "
        f"(top-1 {model.cv_top1_accuracy_:.3f}), "
        f"matches above {model.threshold_:.2f} cover {model.cv_coverage_:.0%} of examples and are right "
        f"{model.cv_precision_:.0%}, generic mail refused {model.cv_none_refused_:.0%}"
    )
    report.notes.append(f"intents confused most: {confused}")


def _block_sources(playbook: Playbook) -> Iterator[tuple[str, str]]:
    for lang, blocks in playbook.blocks.items():
        yield f"{lang}.restate", blocks.restate
        yield f"{lang}.known", blocks.known
        yield f"{lang}.next", blocks.next
        for i, need in enumerate(blocks.need):
            yield f"{lang}.need[{i}].ask", need.ask
    for i, answer in enumerate(playbook.answers):
        for lang, text in answer.answer.items():
            yield f"answers[{i}].{lang}.answer", text


def _check_block(env: Any, report: CheckReport, playbook: Playbook, key: str, source: str, lang: str,
                 filled: bool) -> None:  # fmt: skip
    where = f"{playbook.file}: {key}"
    slots = "every slot filled" if filled else "every slot empty"
    try:
        text = " ".join(env.from_string(source).render(sample_slots(lang, filled)).split())
    except (jinja2.TemplateError, TypeError, ValueError, AttributeError, KeyError) as exc:
        _add(report, f"{where}: {type(exc).__name__}: {exc} ({slots})")
        return
    if not text and not key.startswith("answers") and ".need[" not in key:
        _add(report, f"{where}: renders empty ({slots})")
    for problem in lint_reply(text, "", "", ""):
        if not problem.startswith(_WHOLE_REPLY_ONLY):
            _add(report, f"{where}: {problem} ({slots})")
    # only with slots empty: filled ones hold the customer's times and our deadline, which are fine
    own = _OWN_TIME.search(text) if not filled and not key.startswith("answers") else None
    if own:
        _add(report, f"{where}: names a time of its own ({own.group(0)!r}); the reply states our promised time once")
