"""The queries of the ``feedback`` table (migration ``0004_sent_feedback``): what agents did with each draft.

A row is written with the draft (its reply part, the intent and the reply's language) and completed
once: when a reply to its original shows up in Sent (the outcome, the similarity, the sentences, the
time it went out against the promise), or when the draft leaves Drafts without a reply (``not_used``,
which a reply seen later still replaces: a client may delete the draft before Sent has the copy).
Originals answered without a draft of ours get a ``no_draft`` row. Written in the SQL both stores run,
like ``store.Store``; kept apart because ``store`` is about drafting, this about what came of it.

A follow-up draft (``pipeline.feedback.followup``) has a row of its own, under its own key (the
original's UID and ``/followup``, as its ``X-Mailtriage-Source`` says: ``followup_key``), measured
against the follow-up's text. No ``messages`` row has that key; ``rows`` gives it as ``kind``
"followup", so that ``report`` counts first drafts (``totals.drafts``) and follow-ups
(``totals.followups``) apart. A sent follow-up is also the original's first reply as the customer saw
it: ``save_first_reply`` sets the original's ``sent_at`` and ``late_seconds`` (the promise, the first
response) and leaves its outcome to the first draft, measured if the agent sends it later;
``save_measure`` then keeps that earlier ``sent_at``.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..message import MessageKey
from .store import PK, Store

DECIDED = ("sent_as_drafted", "edited", "rewritten", "not_used")
FOLLOWUP_SUFFIX = "/followup"  # a follow-up draft's key: its original's UID and this (``followup_key``)


@dataclass(frozen=True, slots=True)
class DraftWritten:
    """What is kept of a draft when it is written: enough to measure it against the reply later."""

    key: MessageKey  # the original's
    draft_message_id: str | None
    intent: str | None
    language: str
    reply: str  # the draft's text above the quoted original


@dataclass(frozen=True, slots=True)
class Original:
    """An original mailtriage saw, as a sent reply is matched to it."""

    key: MessageKey
    message_id: str
    status: str  # messages.status: drafted, skipped, failed, claimed
    deadline: str | None  # the promised time (ISO 8601), as X-Mailtriage-Deadline said
    reply: str | None  # the draft's reply part; None when no draft was recorded
    outcome: str | None  # None: not yet known
    language: str
    draft_message_id: str | None = None  # the first draft's Message-ID
    followup_reply: str | None = None  # the follow-up draft's reply part; None: no follow-up written
    followup_outcome: str | None = None
    followup_message_id: str | None = None
    followup_language: str | None = None


@dataclass(frozen=True, slots=True)
class Measured:
    """How one reply compares with its draft (``pipeline.feedback.measure``)."""

    outcome: str
    similarity: float
    sentences: str  # JSON: kept, changed, deleted, added (redacted)
    sent_message_id: str | None
    sent_at: float | None
    late_seconds: float | None  # sent_at minus the promised time; <= 0: kept
    sent_text: str | None = None  # the reply part the agent sent (exported beside corrected labels)


class FeedbackStore:
    """The ``feedback`` queries on one ``Store`` (same thread rules as the store)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def record_drafts(self, drafts: Sequence[DraftWritten], now: float | None = None) -> None:
        """One row per new draft, in one statement; a draft recorded before (a rerun) keeps its row."""
        if not drafts:
            return
        when = time.time() if now is None else now
        with self.store.transaction() as s:
            s.run_many(
                "INSERT INTO feedback (account, folder, uidvalidity, uid, draft_message_id, intent, language,"
                " draft_text, written_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (account, folder, uidvalidity, uid) DO NOTHING",
                [(*_key(d.key), d.draft_message_id, d.intent, d.language, d.reply[:20_000], when) for d in drafts],
            )

    def originals(self, account: str, message_ids: Sequence[str]) -> dict[str, Original]:
        """The originals of ``account`` with these Message-IDs; a drafted one wins over its duplicates."""
        found: dict[str, Original] = {}
        ids = sorted(set(message_ids))
        for start in range(0, len(ids), 500):  # SQLite allows 999 parameters in older builds
            chunk = ids[start : start + 500]
            rows = self.store.query(
                "SELECT m.account, m.folder, m.uidvalidity, m.uid, m.message_id, m.status, m.deadline,"
                " f.draft_text, f.outcome, COALESCE(f.language, m.language, ''), f.draft_message_id,"
                " g.draft_text, g.outcome, g.draft_message_id, g.language FROM messages m LEFT JOIN feedback f"
                " ON f.account=m.account AND f.folder=m.folder AND f.uidvalidity=m.uidvalidity AND f.uid=m.uid"
                " LEFT JOIN feedback g ON g.account=m.account AND g.folder=m.folder AND g.uidvalidity=m.uidvalidity"
                f" AND g.uid=m.uid || '{FOLLOWUP_SUFFIX}'"
                f" WHERE m.account=? AND m.message_id IN ({', '.join('?' * len(chunk))})",
                (account, *chunk),
            )
            for row in rows:
                original = Original(MessageKey(*row[:4]), *row[4:])
                if original.message_id not in found or original.status == "drafted":
                    found[original.message_id] = original
        return found

    def save_measure(self, key: MessageKey, m: Measured, now: float | None = None) -> bool:
        """Record how the reply to ``key`` compares with its draft; False when it was measured before.

        A first reply recorded before (a sent follow-up, ``save_first_reply``) keeps its ``sent_at``,
        ``sent_message_id`` and ``late_seconds``: the customer heard from us then."""
        values = (m.outcome, m.similarity, m.sentences, m.sent_message_id, m.sent_at, m.late_seconds,
                  m.sent_text[:20_000] if m.sent_text else None)  # fmt: skip
        with self.store.session() as s:
            return bool(
                s.run(
                    "UPDATE feedback SET outcome=?, similarity=?, sentences=?,"
                    " sent_message_id=COALESCE(sent_message_id, ?), sent_at=COALESCE(sent_at, ?),"
                    " late_seconds=CASE WHEN sent_at IS NULL THEN ? ELSE late_seconds END, sent_text=?, measured_at=?"
                    f" WHERE {PK} AND (outcome IS NULL OR outcome='not_used')",
                    (*values, time.time() if now is None else now, *_key(key)),
                )
            )

    def save_first_reply(self, key: MessageKey, sent_message_id: str | None, sent_at: float | None,
                         late_seconds: float | None) -> bool:  # fmt: skip
        """A follow-up of ``key`` went out before any reply to it: the customer heard from us at ``sent_at``
        (the promise, the first response). The outcome stays the first draft's. False when a reply was
        recorded before."""
        if sent_at is None:
            return False
        with self.store.session() as s:
            return bool(
                s.run(
                    "UPDATE feedback SET sent_message_id=?, sent_at=?, late_seconds=? WHERE"
                    f" {PK} AND sent_at IS NULL AND (outcome IS NULL OR outcome='not_used')",
                    (sent_message_id, sent_at, late_seconds, *_key(key)),
                )
            )

    def save_no_draft(self, key: MessageKey, sent_message_id: str | None, sent_at: float | None,
                      late_seconds: float | None) -> bool:  # fmt: skip
        """Record an original answered without a draft of ours; False when it was recorded before."""
        with self.store.session() as s:
            return bool(
                s.run(
                    "INSERT INTO feedback (account, folder, uidvalidity, uid, outcome, sent_message_id, sent_at,"
                    " late_seconds, measured_at) VALUES (?, ?, ?, ?, 'no_draft', ?, ?, ?, ?)"
                    " ON CONFLICT (account, folder, uidvalidity, uid) DO NOTHING",
                    (*_key(key), sent_message_id, sent_at, late_seconds, time.time()),
                )
            )

    def waiting(self, account: str) -> list[MessageKey]:
        """Drafts of ``account`` whose fate is not known yet (no reply seen, still expected in Drafts)."""
        rows = self.store.query(
            "SELECT account, folder, uidvalidity, uid FROM feedback WHERE account=? AND outcome IS NULL", (account,)
        )
        return [MessageKey(*r) for r in rows]

    def mark_not_used(self, keys: Sequence[MessageKey], now: float | None = None) -> int:
        """These drafts left Drafts with no reply seen; return how many rows changed."""
        when = time.time() if now is None else now
        with self.store.transaction() as s:
            sql = f"UPDATE feedback SET outcome='not_used', measured_at=? WHERE {PK} AND outcome IS NULL"
            return sum(s.run(sql, (when, *_key(k))) for k in keys)

    def rows(self, account: str | None = None, since: float | None = None) -> list[dict[str, Any]]:
        """Every feedback row with the triage of its original, for ``report``: first, the rows of first drafts
        (and ``no_draft``) oldest first, ``kind`` "draft"; then those of follow-up drafts, ``kind`` "followup",
        with their original's template, intent, band, type, urgency and deadline, and their own outcome,
        similarity and sentences."""
        names = ("account", "key", "template", "intent", "band", "language", "type", "urgency", "outcome",
                 "similarity", "sentences", "late_seconds", "deadline", "written_at", "sent_at",
                 "answered", "kind")  # fmt: skip
        select = (
            "SELECT f.account, f.folder, f.uidvalidity, f.uid, m.template, {intent}, m.band,"
            " COALESCE(f.language, m.language), m.type, m.urgency, f.outcome, f.similarity, f.sentences,"
            " f.late_seconds, m.deadline, f.written_at, f.sent_at, m.answered, '{kind}' FROM feedback f"
            " JOIN messages m ON f.account=m.account AND f.folder=m.folder AND f.uidvalidity=m.uidvalidity"
        )
        drafts = select.format(intent="f.intent", kind="draft") + " AND f.uid=m.uid WHERE 1=1"
        # a follow-up's row is keyed by its original's UID and FOLLOWUP_SUFFIX: the original (and the first
        # draft's row, for the intent) is looked up by its primary key, computed from the follow-up's
        followups = select.format(intent="o.intent", kind="followup") + (
            f" AND m.uid=replace(f.uid, '{FOLLOWUP_SUFFIX}', '') LEFT JOIN feedback o ON o.account=m.account"
            " AND o.folder=m.folder AND o.uidvalidity=m.uidvalidity AND o.uid=m.uid WHERE f.uid LIKE ?"
        )
        filters = ""
        args: list[object] = []
        if account:
            filters, args = filters + " AND f.account=?", [*args, account]
        if since is not None:
            filters, args = filters + " AND COALESCE(f.written_at, f.measured_at) >= ?", [*args, since]
        out = []
        order = " ORDER BY COALESCE(f.written_at, f.measured_at)"
        for sql, first in ((drafts, []), (followups, [f"%{FOLLOWUP_SUFFIX}"])):  # "%": a parameter, not SQL text
            for row in self.store.query(sql + filters + order, [*first, *args]):
                key = str(MessageKey(*row[:4]))
                out.append(dict(zip(names, (row[0], key, *row[4:]), strict=True)))
        return out


def followup_key(key: MessageKey) -> MessageKey:
    """The follow-up's key (its ``X-Mailtriage-Source`` and feedback row): the original's and ``/followup``. An
    IMAP UID is digits and a Maildir file key has no "/", so it is never an original's key and the Drafts
    indexes keep the two apart."""
    return MessageKey(key.account, key.folder, key.uidvalidity, key.uid + FOLLOWUP_SUFFIX)


def _key(key: MessageKey) -> tuple[str, str, int, str]:
    return (key.account, key.folder, key.uidvalidity, key.uid)
