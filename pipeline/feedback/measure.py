"""How close the reply an agent sent is to our draft: the whole reply, and sentence by sentence.

Both sides are cut to their reply part the same way (``reply_part``: quoted history, sign-off and
signature removed by the parser the rest of mailtriage uses), so what the agent's client adds around
the text (its own quote, its signature) does not count as an edit. Similarity is rapidfuzz's
normalised Indel ratio on the reply with whitespace collapsed (a client that re-wraps the lines
changes nothing). Sentences come from sentencex in the reply's language, then are paired one to one,
best pairs first. Pure functions: no state, no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.process import cdist
from sentencex import segment

from ..parse.text import new_text

SENT_AS_DRAFTED = 0.95  # at or above, no sentence deleted or added: the agent sent the draft (a typo fixed)
REWRITTEN = 0.70  # below: the agent wrote their own reply
SENTENCE_KEPT = 95.0  # rapidfuzz scores (0-100) of one sentence against its counterpart
SENTENCE_CHANGED = 60.0  # below: not the same sentence any more (deleted on our side, added on theirs)
_QUOTE = re.compile(r"^\s*>")
_BLANK = re.compile(r"\n[ \t]*\n")


@dataclass(frozen=True, slots=True)
class Comparison:
    """One draft against the reply that went out."""

    outcome: str  # sent_as_drafted | edited | rewritten
    similarity: float  # 0..1
    kept: tuple[str, ...] = ()
    changed: tuple[tuple[str, str], ...] = ()  # (ours, theirs)
    deleted: tuple[str, ...] = ()
    added: tuple[str, ...] = ()


def above_quote(body: str) -> str:
    """A draft's text above the quoted original: the lines before the first ``>`` line, without the
    attribution line ("On ..., X wrote:") and blank lines right above it. Cheap (no parser): it runs
    for every draft as it is written."""
    lines = body.splitlines()
    end = next((i for i, line in enumerate(lines) if _QUOTE.match(line)), len(lines))
    kept = lines[:end]
    while kept and not kept[-1].strip():
        kept.pop()
    if end < len(lines) and kept:  # the attribution line above the quote
        kept.pop()
    return "\n".join(kept).strip()


def reply_part(text: str) -> str:
    """What was written this time: quoted history, sign-off and signature removed (``parse.text``)."""
    return new_text(text, _ignore) if text.strip() else ""


def sentences(text: str, language: str = "en") -> list[str]:
    """The sentences of ``text`` in order: paragraphs (blank lines) split by sentencex, lines within a
    paragraph joined (a client may have wrapped them)."""
    out: list[str] = []
    for paragraph in _BLANK.split(text.replace("\r\n", "\n")):
        joined = " ".join(paragraph.split())
        if joined:
            out += [s for s in (" ".join(p.split()) for p in segment(language or "en", joined)) if s]
    return out


def similarity(ours: str, theirs: str) -> float:
    """0..1: rapidfuzz's normalised Indel similarity of the two texts, whitespace collapsed."""
    a, b = " ".join(ours.split()), " ".join(theirs.split())
    if not a and not b:
        return 1.0
    return round(fuzz.ratio(a, b) / 100.0, 4)


def outcome_of(score: float, sentences_moved: bool = False) -> str:
    """sent_as_drafted (>= 0.95), rewritten (< 0.7), else edited. ``sentences_moved``: a sentence of
    ours was deleted or one added, which is an edit however long the rest (one short sentence added to
    a long draft still scores 0.98); a changed word alone is not."""
    if score >= SENT_AS_DRAFTED and not sentences_moved:
        return "sent_as_drafted"
    return "rewritten" if score < REWRITTEN else "edited"


def compare(draft: str, sent: str, language: str = "en") -> Comparison:
    """Our draft's reply part against the sent reply's (both already cut by ``reply_part``)."""
    score = similarity(draft, sent)
    ours, theirs = sentences(draft, language), sentences(sent, language)
    pairs = align(ours, theirs)
    kept = tuple(ours[i] for i, j, s in pairs if s >= SENTENCE_KEPT)
    changed = tuple((ours[i], theirs[j]) for i, j, s in pairs if s < SENTENCE_KEPT)
    paired_ours, paired_theirs = {i for i, _, _ in pairs}, {j for _, j, _ in pairs}
    deleted = tuple(s for i, s in enumerate(ours) if i not in paired_ours)
    added = tuple(s for j, s in enumerate(theirs) if j not in paired_theirs)
    return Comparison(outcome_of(score, bool(deleted or added)), score, kept, changed, deleted, added)


def align(ours: list[str], theirs: list[str]) -> list[tuple[int, int, float]]:
    """One-to-one pairs (our index, their index, score) of sentences at least SENTENCE_CHANGED alike,
    best first, so a sentence used twice by the agent pairs with one of ours only. In our order."""
    if not ours or not theirs:
        return []
    scores = cdist(ours, theirs, scorer=fuzz.ratio)
    candidates = sorted(
        ((float(scores[i][j]), i, j) for i in range(len(ours)) for j in range(len(theirs))
         if scores[i][j] >= SENTENCE_CHANGED),
        key=lambda c: (-c[0], abs(c[1] - c[2]), c[1]),  # ties: the pair closest in position
    )  # fmt: skip
    used_i: set[int] = set()
    used_j: set[int] = set()
    pairs = []
    for score, i, j in candidates:
        if i not in used_i and j not in used_j:
            used_i.add(i)
            used_j.add(j)
            pairs.append((i, j, score))
    return sorted(pairs)


def _ignore(_defect: str) -> None:
    """Parser defects of our own drafts and of agents' replies are of no interest here."""
