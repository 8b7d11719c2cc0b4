"""Check a rendered reply for what a careful agent would never send."""

from __future__ import annotations

import re
from pathlib import Path

# Promises nobody can keep, in the languages we ship (issue: "never right away")
BANNED = (
    "immediately", "as soon as possible", "asap", "right away", "straight away", "instantly",
    "sofort", "umgehend", "unverzüglich", "schnellstmöglich", "so schnell wie möglich",
    "your refund is approved", "we will refund", "ihre erstattung ist genehmigt",
)  # fmt: skip
_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{%|%\}|\bundefined\b|\bNone\b")
MAX_CHARS = 2200  # the reply part; agents do not send essays


def lint_reply(body: str, contact_phone: str, contact_email: str, deadline_wording: str) -> list[str]:
    """Problems in the reply part of a draft (above the quoted original), in words; empty when fine."""
    problems = []
    lower = body.lower()
    for phrase in BANNED:
        if re.search(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", lower):
            problems.append(f"banned phrase {phrase!r}")
    if contact_phone not in body and contact_email not in body:
        problems.append("no direct contact line (phone or e-mail of the contact)")
    if deadline_wording not in body:
        problems.append("no concrete time frame")
    found = _PLACEHOLDER.search(body)
    if found:
        problems.append(f"unfilled placeholder {found.group(0)!r}")
    if len(body) > MAX_CHARS:
        problems.append(f"too long: {len(body)} characters (limit {MAX_CHARS})")
    return problems


def locate(phrase: str, templates: Path) -> str | None:
    """``file:line`` of the first template line containing ``phrase``, to point the admin at it."""
    for file in sorted(templates.rglob("*.j2")):
        for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), start=1):
            if phrase.lower() in line.lower():
                return f"{file}:{number}"
    return None
