"""The feedback stage of a worker cycle: keep each new draft's reply part, then learn what came of it.

``record_drafts`` runs as drafts are written (one INSERT per batch; the reply part is cut without the
parser, see ``measure.above_quote``). ``collect`` runs after a cycle has drafted what was new, so it
never delays a draft: it reads what is new in Sent, matches each reply to the original it answers,
measures it against our draft (or counts an original answered without one), then looks in Drafts for
drafts that are gone with no reply seen (``not_used``). Nothing is written to the mailbox.

An original may have two drafts: the first and, when its promise came near, a follow-up (``promises``).
A sent reply is the follow-up when it says so (its ``X-Mailtriage-Followup`` header, or the follow-up
draft's Message-ID), else when it is closer to the follow-up's text than to the first draft's (``_which``).
A sent follow-up is measured against the follow-up, in its own row; for the original it is the first
reply the customer saw (its promise and first response), and the first draft's outcome waits for the
first draft (``FeedbackStore.save_first_reply``). The first reply of each kind counts, later ones not.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..engine import Outcome
from ..message import MessageKey, ParsedMessage, RawMessage
from ..parse import parse
from ..settings import MailboxConfig
from ..sink import MaildirDrafts
from ..state import Store
from ..state.feedback import DraftWritten, FeedbackStore, Measured, Original, followup_key
from .maildir import MaildirSent
from .match import answered
from .measure import REWRITTEN, above_quote, compare, reply_part, similarity
from .redact import names_in, redact

log = logging.getLogger(__name__)


@dataclass(slots=True)
class Collected:
    """What one ``collect`` learnt."""

    sent_read: int = 0  # replies to known originals read from Sent
    measured: int = 0
    followups: int = 0  # sent follow-ups measured against the follow-up draft
    no_draft: int = 0  # originals answered without a draft of ours
    not_used: int = 0


def drafts_written(outcomes: Iterable[Outcome]) -> list[DraftWritten]:
    """The feedback rows of freshly written drafts."""
    rows = []
    for o in outcomes:
        if o.draft is None:
            continue
        message_id = next((v for k, v in o.draft.headers if k.lower() == "message-id"), None)
        rows.append(DraftWritten(o.raw.key, message_id, o.plan.intent if o.plan else None,
                                 o.plan.language if o.plan else o.language, above_quote(o.draft.body)))  # fmt: skip
    return rows


def record_drafts(state: Store, outcomes: Iterable[Outcome]) -> None:
    """Keep the reply part of each draft just written, to measure the agent's reply against later."""
    FeedbackStore(state).record_drafts(drafts_written(outcomes))


def collect(box: MailboxConfig, state: Store, source: Any, clock: Callable[[], datetime]) -> Collected:
    """Read what is new in Sent, measure the replies, and find drafts that left Drafts unsent.

    ``source`` is the opened mailbox (IMAP: it reads its own Sent folder and Drafts). Raises what the
    mailbox raises (SourceError, SinkError); the worker logs those and drafts on.
    """
    store, done = FeedbackStore(state), Collected()
    reader = source if hasattr(source, "read_sent") else None
    if reader is None and box.source == "maildir" and box.path is not None:
        reader = MaildirSent(box.name, box.path / ".Sent", state, clock)
    known: dict[str, Original] = {}

    def wanted(refs: Sequence[list[str]]) -> list[bool]:
        known.update(store.originals(box.name, [i for r in refs for i in r if i not in known]))
        return [any(i in known for i in r) for r in refs]

    for batch in reader.read_sent(wanted) if reader is not None else ():
        for raw in batch:
            done.sent_read += 1
            kind = _one_reply(store, raw, known)
            done.measured += kind == "measured"
            done.followups += kind == "followup"
            done.no_draft += kind == "no_draft"
    waiting = store.waiting(box.name)
    if waiting:
        present = _present(box, source, waiting)  # one read of Drafts for all of them
        gone = [k for k in waiting if k not in present]
        done.not_used = store.mark_not_used(gone, clock().timestamp()) if gone else 0
    log.info("feedback mailbox=%s sent_read=%d measured=%d followups=%d no_draft=%d not_used=%d", box.name,
             done.sent_read, done.measured, done.followups, done.no_draft, done.not_used)  # fmt: skip
    return done


def _one_reply(store: FeedbackStore, raw: RawMessage, known: dict[str, Original]) -> str:
    """Measure one sent reply against the draft of the original it answers; what was recorded."""
    parsed = parse(raw.data)
    mid = answered(parsed.in_reply_to, parsed.references, known)
    if mid is None:
        return ""
    original = known[mid]
    sent = parsed.date or raw.received
    sent_at = sent.timestamp() if sent else None
    late = None
    if original.deadline and sent_at is not None:
        late = round(sent_at - datetime.fromisoformat(original.deadline).timestamp(), 1)
    if original.reply is None:  # a skipped original, or drafted before drafts were kept
        if original.status != "drafted" and store.save_no_draft(original.key, parsed.message_id, sent_at, late):
            return "no_draft"
        return ""
    kind = _which(parsed, original)
    if kind is None:  # a second reply to the same original: the first one counts
        return ""
    followup = kind == "followup"
    reply = original.followup_reply if followup else original.reply
    assert reply is not None
    language = (original.followup_language if followup else None) or original.language
    result = compare(reply_part(reply), parsed.new_text, language)
    names = names_in(*(a.name for a in (*parsed.to, *parsed.cc)))
    sentences = {
        "kept": [redact(s, names) for s in result.kept],
        "changed": [[redact(a, names), redact(b, names)] for a, b in result.changed],
        "deleted": [redact(s, names) for s in result.deleted],
        "added": [redact(s, names) for s in result.added],
    }
    measured = Measured(result.outcome, result.similarity, json.dumps(sentences, ensure_ascii=False),
                        parsed.message_id, sent_at, late, parsed.new_text)  # fmt: skip
    if not followup:
        return "measured" if store.save_measure(original.key, measured) else ""
    saved = store.save_measure(followup_key(original.key), measured)
    store.save_first_reply(original.key, parsed.message_id, sent_at, late)  # the customer heard from us
    return "followup" if saved else ""


def _which(parsed: ParsedMessage, original: Original) -> str | None:
    """Which draft of ``original`` a sent reply is: "first", "followup", or None when both were replied to.

    The follow-up when the reply says so (``X-Mailtriage-Followup``, which mutt keeps; the follow-up draft's
    own Message-ID, which many clients keep), the first draft when it carries that one's Message-ID, else the
    draft whose text it is closer to. Once the first draft's reply is seen, a later reply is the follow-up
    only with that evidence or at least ``REWRITTEN`` alike: an agent's next message in the thread is not.
    """
    first_open = original.outcome in (None, "not_used")
    follow_open = original.followup_reply is not None and original.followup_outcome in (None, "not_used")
    if not follow_open:
        return "first" if first_open else None
    mid = parsed.message_id
    if parsed.header("x-mailtriage-followup") or (mid and mid == original.followup_message_id):
        return "followup"
    if mid and mid == original.draft_message_id:
        return "first" if first_open else None
    assert original.followup_reply is not None
    to_followup = similarity(reply_part(original.followup_reply), parsed.new_text)
    if not first_open:
        return "followup" if to_followup >= REWRITTEN else None
    return "followup" if to_followup > similarity(reply_part(original.reply or ""), parsed.new_text) else "first"


def _present(box: MailboxConfig, source: Any, keys: Sequence[MessageKey]) -> set[MessageKey]:
    """Those of ``keys`` whose draft is in Drafts now, read afresh (not the drafting index)."""
    present = getattr(source, "drafts_present", None)
    if present is not None:
        return set(present(keys))
    if box.source != "maildir" or box.path is None:
        return set(keys)  # nowhere to look: nothing is called unused
    drafts = MaildirDrafts(box.drafts_path or box.path / ".Drafts")
    return {k for k in keys if drafts.find_draft(k) is not None}
