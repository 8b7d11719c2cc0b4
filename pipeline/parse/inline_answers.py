"""Answers written into the mail they reply to: "Answers under each of your questions:" over our questions quoted
with ">" and their answer under each, or an Outlook reply whose answers sit in our unquoted message, marked "-->".
What they wrote there is new text too (serial numbers, versions, a new question), though a reply parser stops at the
first quoted line. Pure; never raises on any text.
"""

from __future__ import annotations

import re

#: An answer marked inside the message it answers: "--> Microsoft Entra ID", "=> Oui", "Antwort: …", "Réponse : …".
_MARKED = re.compile(r"^\s*(?:-{1,3}>|=>|»|(?:Antwort|Réponse|Answer|A)\s?:)\s*(?P<answer>\S.*)$", re.IGNORECASE)
#: Where an Outlook reply's original starts: their answers are below it, unquoted.
_ORIGINAL = re.compile(
    r"^\s*-{3,} ?(?:original message|ursprüngliche nachricht|message d'origine) ?-{3,}\s*$", re.IGNORECASE | re.M
)
#: Lines that are not theirs though unquoted: an attribution over the quote, the quote's own signature rule.
_NOT_THEIRS = re.compile(r"^(?:on .{0,300} wrote:|am .{0,300} schrieb.{0,200}:|le .{0,300} a écrit ?:|--\s?)$", re.I)
#: The most answer text taken (a hostile mail of endless "> q / a" pairs costs no more).
MAX_ANSWERS_CHARS = 6000


def inline_answers(text: str) -> str:
    """Their text between and after our quoted lines, or their marked answers inside our unquoted original; "" when
    the mail has none (a plain top-posted reply, a quote with nothing written after it)."""
    if not isinstance(text, str) or not text:
        return ""
    return _between_quotes(text) or _marked(text)


def _between_quotes(text: str) -> str:
    """Unquoted blocks that follow a ">" quoted block: the answers of an interleaved (or bottom-posted) reply."""
    lines = text.split("\n")
    first = next((i for i, line in enumerate(lines) if line.lstrip().startswith(">")), None)
    if first is None:
        return ""
    kept: list[str] = []
    for line in lines[first:]:
        stripped = line.strip()
        if stripped in ("--", "-- ") or stripped.startswith("-----"):
            break  # their signature, or an older message under a rule
        if stripped.startswith(">") or _NOT_THEIRS.match(stripped):
            if kept and kept[-1]:
                kept.append("")  # a quoted question between two answers ends the answer before it
            continue
        kept.append(stripped)
    answers = "\n".join(kept).strip()
    # (a lone "Sent from my iPhone" under a quote is no answer)
    return answers[:MAX_ANSWERS_CHARS] if len(answers.split()) >= 4 else ""


def _marked(text: str) -> str:
    """Answers marked "-->" (and the lines that carry each on) inside the original under an Outlook rule."""
    start = _ORIGINAL.search(text)
    if start is None:
        return ""
    kept: list[str] = []
    in_answer = False
    for line in text[start.end() :].split("\n"):
        marked = _MARKED.match(line)
        if marked:
            kept.append(marked["answer"].strip())
            in_answer = True
        elif in_answer and line.strip() and not re.match(r"^\s*\d{1,2}[.)]\s", line):
            kept[-1] = f"{kept[-1]} {line.strip()}"  # the answer goes on on the next line
        else:
            in_answer = False
    answers = "\n\n".join(kept)
    return answers[:MAX_ANSWERS_CHARS] if len(kept) >= 2 else ""
