"""Check a rendered reply for what a careful agent would never send."""

from __future__ import annotations

import re
from pathlib import Path

# Promises nobody can keep, in the languages we ship (issue: "never right away"), and outcomes that
# someone else decides: the reply promises the next step and its time, never the decision.
BANNED = (
    "immediately", "as soon as possible", "asap", "right away", "straight away", "instantly",
    "sofort", "umgehend", "unverzüglich", "schnellstmöglich", "so schnell wie möglich",
    "your refund is approved", "we will refund", "you will get a refund", "has been refunded",
    "ihre erstattung ist genehmigt", "wir erstatten ihnen", "wird erstattet",
)  # fmt: skip
_PLACEHOLDER = re.compile(  # case matters: "none" is a word, "None" is a missing value
    r"\{\{|\}\}|\{%|%\}|\{#|#\}|\bundefined\b|\bNone\b|\bTODO\b|\bTBD\b|\bXXX\b|\[\[|\]\]|"
    r"(?i:\[(name|customer|date|time|phone|e-?mail|order|invoice)[^\]]*\]|<(name|customer|date)>)|"
    r"^(Hi|Hello|Dear|Hallo|Guten Tag|Liebe[rs]?)\s+,",
    re.MULTILINE,
)
_QUESTION_ITEM = re.compile(r"^\s*(\d{1,2}[.)]|[-*•])\s+\S.*\?\s*$", re.MULTILINE)
MAX_CHARS = 2200  # the reply part; agents do not send essays
MAX_LINE_CHARS = 1000  # one paragraph per line is fine; a runaway paragraph is not
QUESTION_LINT = "asks fewer than {n} questions"


_BANNED_RE = tuple((p, re.compile(r"(?<!\w)" + re.escape(p) + r"(?!\w)")) for p in BANNED)


def banned_in(text: str) -> list[str]:
    """The banned phrases in ``text`` (whole words, any case)."""
    lower = text.lower()
    # the substring test first: a phrase can only match where it occurs (compiled once, searched rarely)
    return [p for p, pattern in _BANNED_RE if p in lower and pattern.search(lower)]


def unsafe_to_quote(text: str) -> bool:
    """True when quoting ``text`` would make the reply fail the lint: a banned phrase or a placeholder."""
    return bool(banned_in(text) or _PLACEHOLDER.search(text))


def questions_in(body: str) -> int:
    """Questions the reply asks as list items ("1. Which invoice ...?"): what a clarifying reply is for."""
    return len(_QUESTION_ITEM.findall(body))


def lint_reply(
    body: str, contact_phone: str, contact_email: str, deadline_wording: str, min_questions: int = 0
) -> list[str]:
    """Problems in the reply part of a draft (above the quoted original), in words; empty when fine.

    ``min_questions`` is 2 for clarifying replies: they must ask, not guess.
    """
    problems = [f"banned phrase {phrase!r}" for phrase in banned_in(body)]
    if contact_phone not in body and contact_email not in body:
        problems.append("no direct contact line (phone or e-mail of the contact)")
    if not deadline_wording or deadline_wording not in body:
        problems.append("no concrete time frame")
    found = _PLACEHOLDER.search(body)
    if found:
        problems.append(f"unfilled placeholder {found.group(0)!r}")
    if len(body) > MAX_CHARS:
        problems.append(f"too long: {len(body)} characters (limit {MAX_CHARS})")
    longest = max((len(line) for line in body.splitlines()), default=0)
    if longest > MAX_LINE_CHARS:
        problems.append(f"paragraph too long: {longest} characters (limit {MAX_LINE_CHARS})")
    if min_questions and questions_in(body) < min_questions:
        problems.append(QUESTION_LINT.format(n=min_questions) + f" (found {questions_in(body)})")
    return problems


def locate(phrase: str, templates: Path) -> str | None:
    """``file:line`` of the first template line containing ``phrase``, to point the admin at it."""
    for file in sorted(templates.rglob("*.j2")):
        for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), start=1):
            if phrase.lower() in line.lower():
                return f"{file}:{number}"
    return None
