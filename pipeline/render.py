"""Fill reply templates in a sandboxed Jinja environment where a missing name is an error.

The customer's text only ever enters a template as a value: Jinja never evaluates values, so
``{{ 7*7 }}`` written by a customer comes out literally. Admin-edited templates run sandboxed.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from .asked import OPENING_QUOTES, asked_line, before_the_call, merged_answers, starts_with_a_verb, tried_clause
from .caseless import caseless
from .contact_fields import NO_CONTACT, contact_fields
from .errors import TemplateError
from .languages import template_dir
from .lint import unsafe_to_quote
from .message import ParsedMessage
from .noted import TRIED_TYPES, confirmed_facts, own_addresses, subject_topic
from .parse.forwards import forwarded_body
from .plan.clauses import LIST_ITEM, body, sentences
from .plan.contact_asks import PHONE, callback_number
from .plan.cues import RUSH
from .plan.customer import slots as reading_slots
from .plan.planner import Plan
from .plan.reading import WANTS_CALL
from .plan.second_problem import WRONG


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


def context(
    msg: ParsedMessage, triage: Any, plan: Plan, mailbox_name: str, mailbox_address: str, env: Any = None
) -> dict:
    """The documented template context: message, triage, plan, contact, escalation, mailbox, customer and
    playbook (templates/README.md). ``env`` renders the matched playbook's blocks; without it they are empty."""
    resolution = plan.resolution
    contact = contact_fields(plan.contact, plan.language)
    # without an environment (a bare test render) the blocks stay empty and answers stay as written
    playbook, answers = (
        _playbook(env, plan, contact, _said(msg))
        if env is not None
        else (dict(_NO_PLAYBOOK), [a.text for a in plan.answers])
    )
    theirs = plan.their_deadline
    # a call they asked for is answered by the call window itself, not named back as a question
    said = [(q, before_the_call(q.text) if plan.call_window else q.text) for q in plan.open_questions]
    said = [(replace(q, text=text), text) for q, text in said]  # (what is left is also what "ours" words)
    said = [(q, text) for q, text in said if not (plan.call_window and (WANTS_CALL.search(text) or
            (plan.senior and _SOMEONE_IN_TOUCH.search(text))))]  # fmt: skip
    asked = [(q, asked_line(text, q.kind == "request", plan.language)) for q, text in said]
    asked = [(q, line) for q, line in asked if line]
    # a request our next step already promises ("confirm that the invoice is marked as paid") is not named twice
    next_step = playbook.get("next", "")
    asked = [(q, line) for q, line in asked if not (q.kind == "request" and _promised(q.text, next_step))]
    if plan.follow_up and plan.reading.facts.tried_our_advice and plan.reading.facts.tried:
        # "Bitte geben Sie das an Ihre Technik weiter": the line on our advice that failed says we do
        asked = [(q, line) for q, line in asked if not (q.kind == "request" and _TO_ENGINEERS.search(q.text))]
    names = frozenset(" ".join([msg.sender.name if msg.sender else "", plan.greeting_full_name]).lower().split())
    ours = {mailbox_address.lower()}  # "+ support@example.com" in a reply-all: our own address is no fact of theirs
    noted, noted_unquoted = confirmed_facts(plan, playbook, own_addresses(msg, plan) | ours, names)
    said_more = _said_more(plan, playbook.get("restate", ""), noted)
    second = _second_problem(plan, f"{playbook.get('restate', '')} {said_more}")
    if said_more or second:  # what their sentences say is not noted again
        quoted = f"{said_more} {second}".strip()
        noted = confirmed_facts(plan, playbook, own_addresses(msg, plan) | ours, names, quoted=quoted)[0]
    # what they tried to fix it: a technical story ("removed 4 users" on an invoice is a fact, not an attempt)
    tried = [tried_clause(t) for t in plan.reading.facts.tried if not unsafe_to_quote(t)]
    tried = tried if plan.likely_type in TRIED_TYPES else []
    return {
        "message": {
            "subject": msg.subject,
            "sender_name": plan.greeting_name,
            "sender_full_name": plan.greeting_full_name,
            "sender_email": msg.sender.email if msg.sender else "",
            "quote": plan.issue_quote,
            # their subject without "Re:", ticket tags or "URGENT": what a reply without the quote says it is about
            "topic": "" if plan.reading.subject_disowned else subject_topic(msg.subject),
            # a file name is the customer's text too: one that would fail the lint is not repeated
            "attachments": [a.filename for a in msg.attachments if a.filename and not unsafe_to_quote(a.filename)],
            # what they say they attached when nothing came with the mail: the reply says it did not arrive
            "attachment_missing": "" if msg.attachments else plan.reading.attachment_said,
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
            "times_written": plan.times_written,
            "apologised": plan.reading.apologised,  # their own apology for an earlier mail: taken, not returned
            "thanked": plan.reading.thanked,  # their thanks for an earlier fix: taken first
            "our_tone": plan.reading.our_tone,  # they complain of how our last answer sounded: we apologise for it
            "we_were_wrong": plan.reading.we_were_wrong,  # they say our last answer was wrong: owned, then checked
            "thanked_whom": plan.reading.thanked_whom,
            "callback": plan.callback,
            "offer_language": plan.offer_language,
            "offer_code": plan.offer_code,
            "variant": plan.variant,
            "language": plan.language,
            "urgency": plan.urgency,
            "intent": plan.intent,
            "brief": False,  # True: the stock lines in their short form (a reply past ``fit.SOFT_WORDS``)
            "terse": False,  # True: not even "if I have misread this" (``fit._shorter``, past ``fit.MAX_WORDS``)
            "no_escalation_line": False,  # True: no "if you hear nothing by then, call …" (``fit._shorter``)
            "last_resort": False,  # True: no thanks or sorry, no "if that time does not suit you" (``fit._shorter``)
        },
        "customer": {
            "answers": merged_answers(plan, answers),
            "questions": [
                {
                    "text": line,
                    "kind": q.kind,
                    "verb": starts_with_a_verb(q.text),
                    "wish": line.startswith("you "),
                    # in a list, unquoted, a question is named in our voice too ("do you pay for the courier?")
                    "ours": asked_line(q.text, True, plan.language) or line,
                    # without the sentence it points at, for a reply that already repeats them too much
                    "plain": asked_line(q.bare, q.kind == "request", plan.language) if q.bare else "",
                    "plain_ours": asked_line(q.bare, True, plan.language) if q.bare else "",
                }
                for q, line in asked
            ],
            "deadline": {
                "wording": theirs.wording if theirs else "",
                "text": " ".join(theirs.text.split()) if theirs else "",
                "met": bool(theirs and theirs.met),
                "hard": bool(theirs and theirs.hard),
                "passed": bool(theirs and theirs.passed),
            },
            "calm": plan.calm,
            # "Merci de lui couper l'accès immédiatement": their rush, owned when no deadline of theirs says it
            "rushed": not theirs
            and not plan.calm
            and any(c.direction > 0 and RUSH.search(c.text) for c in plan.reading.cues),
            "senior": plan.senior,
            "renewal_risk": plan.renewal_risk,
            "not_renew": "not_renew" in plan.reading.contact_requests,
            "call_window": plan.call_window,
            # the colleague they asked for by name, said back unless a question of theirs names them already
            "wanted_person": ""
            if any(plan.reading.wanted_person in line for _, line in asked)
            else plan.reading.wanted_person,
            "phone_given": bool(PHONE.search(msg.text or msg.new_text)),
            # said back in the call line, to be sure of it (their signature, which the new text may have lost, too)
            "phone": _their_number(msg.new_text, plan) or _their_number(_above_quote(msg.text), plan),
            "tried": tried,
            "tried_named": bool(tried) and tried[0].startswith(OPENING_QUOTES),
            "noticed": plan.reading.facts.noticed,  # their own finding, said back: "You noticed that …"
            # a follow-up whose tried step was our own advice: it did not fix it, and the reply says so
            "tried_our_advice": bool(tried) and plan.follow_up and plan.reading.facts.tried_our_advice,
            "finding": _finding(plan, tried),  # and what is still wrong, in their words
            "said_more": said_more,  # their key sentence, under a restatement that leaves out its figures
            "second_problem": second,  # "Zweites Thema: …": what else is wrong, their words in our voice
            "needs": playbook.get("needs", list(plan.needs)),
            "since": plan.reading.facts.since,  # "since 07:40", as written
            "noted": noted,
            "noted_unquoted": noted_unquoted,  # for a reply that has to drop the quoted sentence (render_reply)
        },
        "playbook": playbook,
        "contact": contact,
        "escalation": contact_fields(plan.escalation, plan.language) if plan.escalation else dict(NO_CONTACT),
        "mailbox": {"name": mailbox_name, "address": mailbox_address},
    }


#: A request to pass the problem on to the engineers: "an Ihre Technik weitergeben", "pass this to your developers".
_TO_ENGINEERS = caseless(
    r"\b(?:weiter(?:geben|leiten)|pass(?:es|ed)? (?:it|this|that)? ?(?:on )?to|escalate (?:it|this) to|"
    r"forward (?:it|this) to|transmett\w*|remont\w*)\b[^.?!]{0,40}\b(?:technik|entwickl\w*|techniker\w*|engineer\w*|"
    r"developer\w*|dev team|tech team|technical team|techniciens?|équipe technique|développeurs?|ingénieurs?)|"
    r"\b(?:technik|entwickl\w*|techniker\w*)\b[^.?!]{0,30}\bweiter(?:geben|leiten)?\b"
)
#: Words of a request that count when comparing it with our next step: four letters or more.
_CONTENT_WORD = re.compile(r"\w{4,}")
#: The share of a request's words our next step must say for the request to be promised already.
PROMISED_SHARE = 0.6


def _promised(request: str, next_step: str) -> bool:
    """Whether ``next_step`` already says most of ``request``'s words (three or more of them)."""
    words = {w.lower() for w in _CONTENT_WORD.findall(request)}
    said = {w.lower() for w in _CONTENT_WORD.findall(next_step)}
    return len(words) >= 3 and len(words & said) >= PROMISED_SHARE * len(words)


def _finding(plan: Plan, tried: list[str]) -> str:
    """After our advice did not fix it: the sentence that says what is still wrong, unless it repeats the error
    already restated or the step they tried ("Leider bricht er wieder ab, diesmal mit „E-4102“" adds nothing)."""
    facts = plan.reading.facts
    if not (plan.issue_quote and tried and plan.follow_up and facts.tried_our_advice):
        return ""
    said = [*facts.error_messages, *facts.error_codes, tried[0].strip("“”„«» ")[-20:]]
    return "" if any(s and s in plan.issue_quote for s in said) else plan.issue_quote


def _said_more(plan: Plan, restate: str, noted: list[str]) -> str:
    """Under a playbook's restatement that leaves out the figures of their problem ("Your exports are not giving
    you a complete file" for "… bei allen 214 Einträgen 0:00 …") which neither the facts noted nor their questions
    named back say: their sentence with the most of them, word for word (quoted); else "". One figure left out is
    enough under a restatement with none of its own; one with figures must leave out two ("since 13 November"
    says enough of "… since 13 November, so the parcel hasn't moved for 11 days")."""
    if not restate or plan.reading.facts.tried_our_advice:
        return ""
    asked = [a.question for a in plan.answers] + [q.text for q in plan.open_questions]
    deadline = plan.their_deadline.text if plan.their_deadline else ""  # said back on its own line
    facts = plan.reading.facts  # (the browsers and versions they tried in are what they tried, not the problem)
    said = " ".join([restate, *noted, *asked, deadline, *facts.tried, *facts.environment]).lower()
    needed = 2 if _FIGURE.search(restate) else 1
    if len({f.lower() for f in _FIGURE.findall(plan.read_text)} - {f for f in _FIGURE.findall(said)}) < needed:
        return ""  # (most mails: nothing left out, no sentence to look for)
    best, most = "", 0
    # their key sentence, or another that says something is wrong ("fehlen die Einträge vom 23. bis 30.11.", not
    # their new address)
    for sentence in [plan.issue_quote, *(s for s in _sentences(plan.read_text) if WRONG.search(s))]:
        if not sentence or len(sentence) > 200 or sentence.rstrip().endswith("?") or _WHO_WE_ARE.match(sentence):
            continue
        left_out = len({f.lower() for f in _FIGURE.findall(sentence) if f.lower() not in said})
        # (a sentence with their question in it is named back as the question)
        if (
            left_out > most
            and not unsafe_to_quote(sentence)
            and not any(q.lower()[:30] in sentence.lower() for q in asked)
        ):
            best, most = sentence, left_out
    return best if most >= needed else ""


def _sentences(text: str) -> list[str]:
    """The sentences of ``text`` above its signature, list markers off."""
    return [LIST_ITEM.sub("", s).strip() for s in sentences(body(text or ""))]


def _second_problem(plan: Plan, said: str) -> str:
    """Their second problem in our voice ("your webhook … stopped arriving"), unless the reply says it already
    (the quote, the restatement) or it cannot be said back safely; else ""."""
    second = plan.reading.second_problem
    if not second or second[:40].lower() in f"{said} {plan.issue_quote}".lower():
        return ""
    return asked_line(second, True, plan.language)


#: Who they are or what they use us for ("Je suis développeur chez …, on synchronise …"), not what went wrong.
_WHO_WE_ARE = re.compile(
    r"(?:hi,? |hello,? )?(?:i am|i'm|we are|we're|my name|this is|je suis|nous sommes|c'est \w+|mon nom|ich bin|"
    r"wir sind|mein name|we use|we sync|wir nutzen|wir synchronisieren|nous utilisons|on utilise|on synchronise)\b",
    re.IGNORECASE,
)
#: A figure of theirs: a number of two digits or more, an amount, a time or an identifier ("214", "0:00", "612,5",
#: "DFG-SB-4471"); not "6-digit".
_FIGURE = re.compile(r"(?<![\w.,:/-])\w*\d[\w.,:/-]*\d\w*")


#: The small words of a step that only says where it was tried: "in Chrome and in Edge", "mit Firefox und Safari".
_WHERE_WORDS = frozenset(
    (
        "in",
        "on",
        "with",
        "and",
        "both",
        "the",
        "it",
        "too",
        "also",
        "mit",
        "und",
        "auf",
        "im",
        "sous",
        "avec",
        "et",
        "sur",
        "dans",
    )
)


def _only_places(step: str, restated: str) -> bool:
    """Whether a tried step only names what the restatement already says ("in Chrome and in Edge" under
    "… (Chrome, Edge)"): said once is enough."""
    words = [w for w in re.findall(r"[\w.-]+", step.lower()) if w not in _WHERE_WORDS]
    return bool(words) and all(w in restated for w in words)


_NO_PLAYBOOK: dict[str, Any] = {"restate": "", "known": "", "next": "", "mentions_tried": False}


#: Someone to get in touch, which the call from someone senior answers: "dass sich jemand bei mir meldet".
_SOMEONE_IN_TOUCH = re.compile(
    r"\b(?:jemand\w*|someone|somebody|quelqu'un|(?:un|a|ein(?:e|en)?) (?:responsable|manager|supervisor|"
    r"vorgesetzte\w*|verantwortliche\w*))\b.{0,30}\b(?:meld\w*|kontaktier\w*|contact\w*|get(?:s)? back|"
    r"reach(?:es)? out|rappel\w*|recontact\w*|répond\w*|answer\w*|respond\w*|antwort\w*)",
    re.IGNORECASE,
)


def _their_number(text: str, plan: Plan) -> str:
    """The number they asked us to call them on, unless it is one of ours ("I called +49 30 … twice")."""
    number = callback_number(text)
    ours = {re.sub(r"\D", "", c.phone)[-8:] for c in (plan.contact, plan.escalation) if c is not None and c.phone}
    return "" if re.sub(r"\D", "", number)[-8:] in ours else number


def _above_quote(text: str) -> str:
    """``text`` above the quoted history: their own lines, signature included."""
    return re.split(r"\n(?:>|.{0,120}(?:wrote|a écrit|schrieb)\s*:\s*\n)", text or "", maxsplit=1)[0]


def _said(msg: ParsedMessage) -> str:
    """What the customer wrote (subject and new text), lower-case on one line: the ``said`` slot, so a block can
    follow their words (``{% if "signature" in said %}``)."""
    forwarded = forwarded_body(msg.text, msg.new_text) if msg.new_text else ""  # a colleague's note they forward
    return " ".join(f"{msg.subject} {msg.new_text or msg.text} {forwarded}".lower().split())


def _playbook(env: Any, plan: Plan, contact: dict[str, str], said: str = "") -> tuple[dict[str, Any], list[str]]:
    """The matched playbook's blocks and the answers used, rendered with this customer's facts (empty strings
    and no answers when none matched)."""
    if plan.blocks is None and not plan.answers:
        return dict(_NO_PLAYBOOK), []  # no slots to fill: the type template answers
    values = dict(reading_slots(plan.reading, plan.language))
    values.update(contact_name=contact["short"], contact_phone=contact["phone"], contact_email=contact["email"],
                  deadline=plan.deadline.wording, said=said,
                  answered=bool(plan.answers) and not plan.open_questions)  # fmt: skip
    answers = [" ".join(_compiled(env, a.text).render(values).split()) for a in plan.answers]
    if plan.blocks is None:
        return dict(_NO_PLAYBOOK), answers
    out: dict[str, Any] = {}
    for key in ("restate", "known", "next"):
        source = getattr(plan.blocks, key)
        out[key] = " ".join(_compiled(env, source).render(values).split()) if source else ""
    said = out["restate"].lower()
    out["mentions_tried"] = any(t.lower()[:25] in said or _only_places(t, said) for t in plan.reading.facts.tried)
    # each ask rendered with the same slots: one that renders empty ("{% if 'excel' not in said %}…") is not asked
    out["needs"] = [n for n in (" ".join(_compiled(env, a).render(values).split()) for a in plan.needs) if n]
    return out, answers


@lru_cache(maxsize=2048)
def _compiled(env: Any, source: str) -> Any:
    """A playbook block compiled once per environment (the same few hundred blocks render for every message)."""
    try:
        return env.from_string(source)
    except jinja2.TemplateSyntaxError as exc:  # check reports the file and key; here the line is what we have
        raise TemplateError("playbook block", exc.lineno, exc.message or str(exc)) from exc


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
    """Collapse the blank lines that optional blocks leave behind, and the space an empty opening leaves before
    the sentence after it; end with one newline."""
    lines = [ln.rstrip().removeprefix(" ") if ln.startswith(" ") and ln[1:2].strip() else ln.rstrip()
             for ln in body.strip().splitlines()]  # fmt: skip
    out: list[str] = []
    for ln in lines:
        if ln or (out and out[-1]):
            out.append(ln)
    return "\n".join(out) + "\n"
