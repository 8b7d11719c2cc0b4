"""Transparent cues the words-only model misses: urgency signals and the tone lexicon (English, German).

Every cue names the text that triggered it, so ``why`` can quote it. Regexes here are ours, simple and
bounded by ``MAX_SCAN`` characters of text, so they cannot backtrack for long.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .types import URGENCY_LABELS, TextInput

MAX_SCAN = 20_000  # characters of subject + body the cues look at

_WEEKDAYS = (
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag"
)
_MONTHS = (
    r"jan(?:uary|uar)?|feb(?:ruary|ruar)?|m(?:ar|är)(?:ch|z)?|apr(?:il)?|ma[iy]|jun[ei]?|jul[iy]?|"
    r"aug(?:ust)?|sep(?:t(?:ember)?)?|o[ck]t(?:ober)?|nov(?:ember)?|de[cz](?:ember)?"
)
_WHEN = (
    rf"(?:tomorrow|today|tonight|noon|end of (?:the )?(?:day|week|month)|eod|cob|{_WEEKDAYS}|"
    rf"morgen|heute|mittag|ende der woche|monatsende|"
    rf"\d{{1,2}}(?::\d{{2}})?\s?(?:am|pm|uhr)|\d{{1,2}}[./]\d{{1,2}}\.?(?:\d{{2,4}})?|"
    rf"\d{{4}}-\d{{2}}-\d{{2}}|(?:the )?\d{{1,2}}(?:st|nd|rd|th|\.)?\s(?:of )?(?:{_MONTHS})\b|"
    rf"(?:{_MONTHS})\s\d{{1,2}}\b)"
)
# A deadline is a time expression governed by "by/before/until" (de: bis/vor/spätestens), or the word itself.
_DEADLINE = re.compile(
    rf"\b(?:by|before|until|no later than|bis(?: zum| spätestens)?|spätestens(?: am| bis)?|vor dem)\s+{_WHEN}"
    r"|\b(?:deadline|due date|frist(?:ablauf)?|stichtag)\b",
    re.IGNORECASE,
)
_URGENT = re.compile(
    r"\b(?:urgent(?:ly)?|asap|as soon as possible|immediately|emergency|critical|"
    r"dringend|sofort|umgehend|schnellstmöglich|notfall|kritisch)\b",
    re.IGNORECASE,
)
_OUTAGE = re.compile(
    r"\b(?:outage|(?:is|are|went|goes|been) down|service (?:is )?unavailable|not reachable|unreachable|"
    r"(?:whole|entire) (?:site|system|service|platform|team)|all (?:our )?users|nobody can|no one can|"
    r"production (?:is )?(?:down|stopped)|5\d\d (?:error|bad gateway|service unavailable)|"
    r"ausfall|ausgefallen|störung|nicht erreichbar|niemand kann|alle (?:nutzer|benutzer|mitarbeiter)|"
    r"produktion (?:steht|ist ausgefallen))\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Signal:
    """An urgency cue: ``name`` (stable), the quoted ``evidence`` and how far it raises urgency.

    ``at_least`` raises to that label; ``steps`` raises that many steps above the model's label.
    """

    name: str
    evidence: str
    at_least: str = ""
    steps: int = 0

    def describe(self) -> str:
        effect = f"at least {self.at_least}" if self.at_least else f"+{self.steps} step"
        return f"signal:{self.name} {self.evidence!r} -> {effect}"


def _first(pattern: re.Pattern[str], text: str) -> str:
    m = pattern.search(text)
    return " ".join(m.group(0).split()) if m else ""


def urgency_signals(item: TextInput, vip_domains: tuple[str, ...] = ()) -> tuple[Signal, ...]:
    """Urgency cues found in ``item``: outage wording, a deadline, a second follow-up, a VIP sender."""
    text = (item.subject + "\n" + item.body)[:MAX_SCAN]
    found: list[Signal] = []
    if hit := _first(_OUTAGE, text):
        found.append(Signal("outage-wording", hit, at_least="high"))
    if hit := _first(_DEADLINE, text):
        found.append(Signal("deadline", hit, at_least="high"))
    elif hit := _first(_URGENT, text):
        found.append(Signal("urgent-wording", hit, at_least="normal"))
    if item.thread_depth >= 2:  # a second follow-up: the customer has been waiting through two replies
        found.append(Signal("follow-up", f"thread depth {item.thread_depth}", steps=1))
    domain = item.sender.rpartition("@")[2].lower()
    if domain and any(domain == d or domain.endswith("." + d) for d in _clean_domains(vip_domains)):
        found.append(Signal("vip-domain", domain, steps=1))
    return tuple(found)


def _clean_domains(domains: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(d.strip().lower().lstrip("@") for d in domains if d.strip())


def apply_signals(label: str, signals: tuple[Signal, ...]) -> str:
    """The urgency after ``signals`` raise ``label``; never lowers it."""
    rank = URGENCY_LABELS.index(label)  # 0 = high
    steps = sum(s.steps for s in signals)
    rank = max(0, rank - steps)
    for s in signals:
        if s.at_least:
            rank = min(rank, URGENCY_LABELS.index(s.at_least))
    return URGENCY_LABELS[rank]


# Tone lexicon: (pattern, weight). Weight 2 words are frustrated on their own; weight 1 need company.
_TONE_WORDS: tuple[tuple[re.Pattern[str], int], ...] = tuple(
    (re.compile(p, re.IGNORECASE), w)
    for p, w in (
        (r"\b(?:unacceptable|outrageous|ridiculous|furious|fed up|sick of|disgraceful|appalling)\b", 2),
        (r"\b(?:third|fourth|fifth) time\b|\bhow many times\b|\bagain and again\b|\bstill (?:not|no)\b", 2),
        (r"\b(?:inakzeptabel|unverschämt|frechheit|zumutung|wütend|empört|reicht mir)\b", 2),
        (r"\b(?:zum (?:dritten|vierten|x-ten) mal|schon wieder|immer noch nicht|wie oft noch)\b", 2),
        (r"\b(?:frustrat\w*|angry|annoyed|disappointed|disappointing|terrible|awful|worst|useless)\b", 1),
        (r"\b(?:waste of (?:my )?time|no one (?:has )?(?:replied|answered|responded)|nobody (?:has )?)", 1),
        (r"\b(?:lawyer|refund immediately|never again|incompetent|joke|scam)\b", 1),
        (r"\b(?:frustriert|verärgert|ärgerlich|enttäuscht|enttäuschend|katastroph\w*|lächerlich)\b", 1),
        (r"\b(?:sauer|unmöglich|niemand (?:hat|antwortet)|keine antwort|anwalt|nie wieder)\b", 1),
    )
)
#: Any of ``_TONE_WORDS`` at all: one pass over the text instead of nine when none is there (most mail). An
#: alternation matches somewhere exactly when one of its parts does, so the cues found are the same.
_ANY_TONE_WORD = re.compile("|".join(f"(?:{p.pattern})" for p, _ in _TONE_WORDS), re.IGNORECASE)
_SHOUT = re.compile(r"\b[A-ZÄÖÜ]{4,}\b")
_BANGS = re.compile(r"!{2,}|\?!|!\?")


def tone_cues(subject: str, body: str) -> tuple[int, tuple[str, ...]]:
    """A frustration score and the cues behind it (quoted words, ``'!!'``, ``CAPS``)."""
    text = (subject + "\n" + body)[:MAX_SCAN]
    score, cues = 0, []
    for pattern, weight in _TONE_WORDS if _ANY_TONE_WORD.search(text) else ():
        if m := pattern.search(text):
            score += weight
            cues.append(m.group(0).lower())
    if m := _BANGS.search(text):
        score += 1
        cues.append(m.group(0))
    shouted = list(dict.fromkeys(w for w in _SHOUT.findall(text) if not w.isdigit()))  # "XLSX … XLSX" is one
    if len(shouted) >= 2:  # one capitalised word is often an acronym; several are shouting
        score += 1
        cues.append("CAPS " + " ".join(shouted[:2]))
    return score, tuple(cues)


def lexicon_tone(subject: str, body: str) -> tuple[str, float, tuple[str, ...]]:
    """Tone from the lexicon alone: label, a fixed (uncalibrated) confidence and the cues.

    Used when the model has no tone head (its training data had no tone column). The confidence is a
    stated heuristic, never "high": nothing measured it.
    """
    score, cues = tone_cues(subject, body)
    if score >= 2:
        return "frustrated", min(0.85, 0.6 + 0.1 * score), cues
    if score == 1:
        return "neutral", 0.55, cues
    return "neutral", 0.75, cues
