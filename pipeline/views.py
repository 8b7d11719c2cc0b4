"""How outcomes look to people (one readable line) and to machines (one JSON object)."""

from __future__ import annotations

from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

from classifiers import Decision

from .engine import Outcome
from .plan.customer import reading_json
from .plan.planner import Plan

_MARK = {
    "drafted": "+ draft  ",
    "skipped": "- skip   ",
    "failed": "! failed ",
    "abandoned": "! gave up",
    "duplicate": "= dup    ",
    "preview": "+ draft  ",
}


def outcome_line(outcome: Outcome, decision: str) -> str:
    """``+ draft   Jane Doe <jane@x>  "Charged twice"  billing/high 0.91 -> en/billing.j2 (by Thu ...)``"""
    p = outcome.parsed
    sender = _clip(str(p.sender) if p and p.sender else "(no sender)", 38)
    subject = _clip(p.subject if p else "", 44)
    head = f"{_MARK.get(decision, decision)} {sender:<38}  {subject!r:<46}"
    if outcome.skip:
        return f"{head}  {outcome.skip}"
    if outcome.error:
        return f"{head}  {outcome.error}"
    t, plan = outcome.triage, outcome.plan
    assert t is not None and plan is not None
    return (
        f"{head}  {t.type.label}/{t.urgency.label}/{t.tone.label} {t.type.confidence:.2f} ({plan.band})"
        f" -> {plan.template}, {plan.deadline.wording}"
    )


def outcome_json(outcome: Outcome, file: str) -> dict[str, Any]:
    """The ``preview --json`` object (contract: file, skip, type, urgency, tone, template, time_frame, reply).

    ``agent`` holds what only the team may read (urgency, tone, confidence, band, template, why, plan
    notes, rules): it is no longer in the draft's headers, which the customer can see.
    """
    p, t, plan, d, notes = outcome.parsed, outcome.triage, outcome.plan, outcome.draft, outcome.notes
    obj: dict[str, Any] = {
        "file": file,
        "skip": str(outcome.skip) if outcome.skip else None,
        "skip_code": outcome.skip.code if outcome.skip else None,
        "type": _decision(t.type) if t else None,
        "urgency": _decision(t.urgency) if t else None,
        "tone": _decision(t.tone) if t else None,
        "band": plan.band if plan else None,
        "language": plan.language if plan else (outcome.language or None),
        "template": plan.template if plan else None,
        "time_frame": {
            "at": plan.deadline.at.isoformat(),
            "wording": plan.deadline.wording,
            "backlog": plan.deadline.backlog,
        }
        if plan
        else None,
        "contact": {
            "name": plan.contact.name_in(plan.language),
            "phone": plan.contact.phone,
            "email": plan.contact.email,
        }
        if plan
        else None,
        "explanation": t.explanation if t else None,
        "agent": notes.as_dict() if notes else None,
        "intent": _intent(plan) if plan else None,
        "reading": _reading(plan) if plan else None,
        "reply": {"to": d.to, "subject": d.subject, "in_reply_to": d.in_reply_to, "body": d.body} if d else None,
        "message": {
            "from": str(p.sender) if p and p.sender else None,
            "subject": p.subject if p else None,
            "message_id": p.message_id if p else None,
            "defects": list(p.defects) if p else [],
        },
    }
    if outcome.error:
        obj["error"] = outcome.error
    return obj


def _intent(plan: Plan) -> dict[str, Any]:
    """The matched playbook (``name`` null for none of them), its calibrated confidence and why."""
    return {
        "name": plan.intent or None,
        "confidence": round(plan.intent_confidence, 4),
        "runner_up": plan.intent_runner_up or None,
        "why": plan.intent_why,
    }


def _reading(plan: Plan) -> dict[str, Any]:
    """What the customer told us (facts, questions, deadline, urgency cues, what they tried) and what the plan
    made of it: the urgency it used, answers used, questions named back, asks left, their deadline met or not."""
    theirs = plan.their_deadline
    return {
        **reading_json(plan.reading),
        "urgency": plan.urgency,
        "calm": plan.calm,
        "answers": [
            {"question": a.question, "answer": a.answer_id, "confidence": round(a.confidence, 4)} for a in plan.answers
        ],
        "named_back": [q.text for q in plan.open_questions],
        "needs": list(plan.needs),
        "their_deadline": {
            "at": theirs.at.isoformat(),
            "wording": theirs.wording,
            "met": theirs.met,
            "hard": theirs.hard,
        }
        if theirs
        else None,
        "call_window": plan.call_window or None,
    }


def _decision(d: Decision) -> dict[str, Any]:
    return {"label": d.label, "confidence": round(d.confidence, 4), "band": d.band, "why": list(d.why)}


def agent_text(outcome: Outcome) -> str:
    """The agent-only notes as indented lines for ``preview`` ("" when there is no triage)."""
    n = outcome.notes
    if n is None:
        return f"   why: {outcome.triage.explanation}" if outcome.triage else ""
    lines = [
        f"   for the team only (not in the draft): urgency {n.urgency}, tone {n.tone}, "
        f"confidence {n.confidence:.2f} ({n.band}), template {n.template}",
        f"   why: {n.why}",
    ]
    if n.plan:
        lines.append(f"   plan: {n.plan}")
    if n.rules:
        lines.append(f"   rules: {', '.join(n.rules)}")
    return "\n".join(lines)


def draft_text(data: bytes) -> str:
    """A draft as a person reads it: the headers that matter, then the decoded body."""
    msg = message_from_bytes(data, policy=policy.default)
    lines = [f"{name}: {str(msg[name]).strip()}" for name in ("From", "To", "Subject", "In-Reply-To") if msg[name]]
    lines += [f"{k}: {v}" for k, v in msg.items() if k.lower().startswith("x-mailtriage-")]
    body = msg.get_body(("plain",))
    text = body.get_content() if body is not None else ""
    return "\n".join(lines) + "\n\n" + str(text)


def first_draft(drafts_dir: Path) -> bytes | None:
    files = sorted(f for sub in ("cur", "new") if (drafts_dir / sub).is_dir() for f in (drafts_dir / sub).iterdir())
    return files[0].read_bytes() if files else None


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
