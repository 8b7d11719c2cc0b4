"""The queries of the ``promises`` table (migration ``0006_promises``): keeping the time each draft promises.

A row is written with the draft (``record``): when the promise was made, its deadline, and what a follow-up
needs later without the original at hand. A drafted original without a row (drafted before the migration,
or found in Drafts after a crash) is adopted from ``messages`` (``adopt``). The promise stage
(``pipeline.feedback.promises``) reads the open ones (no reply seen, not answered, not yet missed), records
``$PromiseDue`` and ``$PromiseMissed``, and writes the follow-up draft exactly once: ``claim_followup``
commits before the APPEND, ``followup_drafted`` after, like ``store.Store.claim`` and ``mark_drafted``;
``followup_deferred`` gives back the attempt of an APPEND the mailbox had no room for. Once a reply is
seen, ``answered_tagged`` lists the originals whose keywords are to be taken back and ``mark_cleared``
records that they were (migration ``0007_promise_keywords_cleared``).
Written in the SQL both stores run, like ``store.Store``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..message import MessageKey
from .store import PK, Store

MAX_FOLLOWUP_ATTEMPTS = 3  # a follow-up that fails this often is left to the agent (status shows why)
_JOIN = "m.account=p.account AND m.folder=p.folder AND m.uidvalidity=p.uidvalidity AND m.uid=p.uid"
_JOIN_F = "f.account=p.account AND f.folder=p.folder AND f.uidvalidity=p.uidvalidity AND f.uid=p.uid"
# still open: drafted, not flagged \Answered, no reply of ours seen in Sent (neither the first draft nor its
# follow-up: a sent follow-up sets the original's sent_at, its outcome waits for the first draft) and the
# draft not dropped unsent (report counts the same way)
_OPEN = "m.status='drafted' AND m.answered=0 AND f.outcome IS NULL AND f.sent_at IS NULL"
# answered: flagged \Answered, or a reply seen in Sent (the first draft measured, or the follow-up sent)
_ANSWERED = "(m.answered=1 OR f.sent_at IS NOT NULL OR f.outcome IN ('sent_as_drafted', 'edited', 'rewritten'))"


@dataclass(frozen=True, slots=True)
class Promise:
    """What a draft promised and what its follow-up will need, as written with the draft."""

    key: MessageKey  # the original's
    started_at: float  # when the promise was made (the draft was written): the planner counts from there
    deadline: str  # ISO 8601, as X-Mailtriage-Deadline says
    language: str = ""  # the reply's
    type: str | None = None  # the type the reply was written for (its contact and SLA)
    urgency: str | None = None
    reply_to: str | None = None  # the first draft's To
    subject: str | None = None  # the first draft's Subject
    in_reply_to: str | None = None  # the original's Message-ID
    refs: str | None = None  # the first draft's References
    greeting: str = ""
    greeting_full: str = ""
    original_date: str | None = None  # the original's Date (ISO 8601), for the quote's attribution


@dataclass(frozen=True, slots=True)
class OpenPromise:
    """A promise no reply has kept yet, with what the stage recorded of it so far."""

    made: Promise
    due_at: float | None
    missed_at: float | None
    followup: str | None  # None, "claimed", "drafted" or "failed"
    attempts: int
    excerpt: str  # the customer's text (messages.body_excerpt), quoted under the follow-up


class PromiseStore:
    """The ``promises`` queries on one ``Store`` (same thread rules as the store)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def record(self, promises: Sequence[Promise]) -> None:
        """One row per new draft, in one statement; a promise recorded before (a rerun) keeps its row."""
        if not promises:
            return
        with self.store.transaction() as s:
            s.run_many(
                "INSERT INTO promises (account, folder, uidvalidity, uid, started_at, deadline, language, type,"
                " urgency, reply_to, subject, in_reply_to, refs, greeting, greeting_full, original_date)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (account, folder, uidvalidity, uid) DO NOTHING",
                [(*_key(p.key), p.started_at, p.deadline, p.language, p.type, p.urgency, p.reply_to,
                  (p.subject or "")[:300], p.in_reply_to, (p.refs or "")[:4000], p.greeting, p.greeting_full,
                  p.original_date) for p in promises],
            )  # fmt: skip

    def adopt(self, account: str, since: float) -> int:
        """Rows for drafted originals of ``account`` (created since ``since``, wall clock) that have none:
        drafted before this table existed, or found in Drafts after a crash. Their promise counts from the
        time mailtriage first saw them; the follow-up goes to the sender. Returns how many were adopted."""
        with self.store.session() as s:
            return s.run(
                "INSERT INTO promises (account, folder, uidvalidity, uid, started_at, deadline, language, type,"
                " urgency, reply_to, subject, in_reply_to, refs) SELECT m.account, m.folder, m.uidvalidity, m.uid,"
                " m.created_at, m.deadline, m.language, m.type, m.urgency, m.sender, m.subject, m.message_id,"
                " m.message_id FROM messages m WHERE m.account=? AND m.status='drafted' AND m.deadline IS NOT NULL"
                " AND m.created_at>=? AND NOT EXISTS (SELECT 1 FROM promises p WHERE"
                f" {_JOIN}) ON CONFLICT (account, folder, uidvalidity, uid) DO NOTHING",
                (account, since),
            )

    def open(self, account: str, since: float) -> list[OpenPromise]:
        """The promises of ``account`` made since ``since`` that no reply has kept and that are not missed yet."""
        names = ("started_at", "deadline", "language", "type", "urgency", "reply_to", "subject", "in_reply_to",
                 "refs", "greeting", "greeting_full", "original_date")  # fmt: skip
        rows = self.store.query(
            f"SELECT p.account, p.folder, p.uidvalidity, p.uid, {', '.join('p.' + n for n in names)}, p.due_at,"
            " p.missed_at, p.followup, p.followup_attempts, m.body_excerpt FROM promises p"
            f" JOIN messages m ON {_JOIN} LEFT JOIN feedback f ON {_JOIN_F}"
            f" WHERE p.account=? AND p.started_at>=? AND p.missed_at IS NULL AND {_OPEN} ORDER BY p.started_at",
            (account, since),
        )
        out = []
        for r in rows:
            values = dict(zip(names, r[4:16], strict=True))
            for text in ("language", "greeting", "greeting_full"):  # NULL in adopted rows
                values[text] = values[text] or ""
            made = Promise(MessageKey(*r[:4]), **values)
            out.append(OpenPromise(made, r[16], r[17], r[18], int(r[19] or 0), r[20] or ""))
        return out

    def mark(self, column: str, keys: Sequence[MessageKey], now: float) -> int:
        """Record ``due_at`` or ``missed_at`` (once) for ``keys``; return how many rows changed."""
        if column not in ("due_at", "missed_at"):
            raise ValueError(f"not a promise mark: {column}")
        with self.store.transaction() as s:
            return sum(s.run(f"UPDATE promises SET {column}=? WHERE {PK} AND {column} IS NULL", (now, *_key(k)))
                       for k in keys)  # fmt: skip

    def claim_followup(self, key: MessageKey) -> bool:
        """Record, committed, that the follow-up of ``key`` is about to be written. False when it is already
        written or given up. A claim left by a run that died before ``followup_drafted`` is claimed again:
        the caller then looks for that draft in Drafts before writing another."""
        with self.store.session() as s:
            return bool(
                s.run(
                    "UPDATE promises SET followup='claimed', followup_attempts=followup_attempts+1"
                    f" WHERE {PK} AND (followup IS NULL OR followup='claimed')",
                    _key(key),
                )
            )

    def followup_drafted(self, key: MessageKey, draft_id: str, deadline: str | None, now: float) -> None:
        """The follow-up of ``key`` is in Drafts (``draft_id``), promising ``deadline`` (None: found after a crash)."""
        with self.store.session() as s:
            s.run(
                "UPDATE promises SET followup='drafted', followup_id=?, followup_deadline=COALESCE(?,"
                f" followup_deadline), followup_at=?, followup_reason=NULL WHERE {PK}",
                (draft_id, deadline, now, *_key(key)),
            )

    def followup_failed(self, key: MessageKey, reason: str) -> None:
        """Writing the follow-up failed: retried next cycle (looked for first), given up after MAX_FOLLOWUP_ATTEMPTS."""
        with self.store.session() as s:
            s.run(
                f"UPDATE promises SET followup=CASE WHEN followup_attempts>={MAX_FOLLOWUP_ATTEMPTS} THEN 'failed'"
                f" ELSE 'claimed' END, followup_reason=? WHERE {PK} AND followup='claimed'",
                (reason[:500], *_key(key)),
            )

    def followup_deferred(self, key: MessageKey, reason: str, waiting: Sequence[MessageKey] = ()) -> None:
        """The mailbox had no room for the follow-up of ``key`` (over quota): not the draft's fault, so its attempt
        is given back (it stays claimed: looked for first, written next cycle). ``reason`` is also noted on the
        follow-ups of ``waiting``, not tried this cycle for the same reason."""
        with self.store.transaction() as s:
            s.run(
                "UPDATE promises SET followup_attempts=CASE WHEN followup_attempts>0 THEN followup_attempts-1"
                f" ELSE 0 END, followup_reason=? WHERE {PK} AND followup='claimed'",
                (reason[:500], *_key(key)),
            )
            for other in waiting:
                s.run(
                    f"UPDATE promises SET followup_reason=? WHERE {PK} AND (followup IS NULL OR followup='claimed')",
                    (reason[:500], *_key(other)),
                )

    def answered_tagged(self, account: str, since: float) -> list[MessageKey]:
        """Originals of ``account`` (promises made since ``since``) recorded ``$PromiseDue`` or ``$PromiseMissed``
        whose reply has since been seen, and whose keywords are not taken back yet."""
        rows = self.store.query(
            "SELECT p.account, p.folder, p.uidvalidity, p.uid FROM promises p"
            f" JOIN messages m ON {_JOIN} LEFT JOIN feedback f ON {_JOIN_F}"
            " WHERE p.account=? AND p.started_at>=? AND (p.due_at IS NOT NULL OR p.missed_at IS NOT NULL)"
            f" AND p.keywords_cleared_at IS NULL AND {_ANSWERED} ORDER BY p.started_at",
            (account, since),
        )
        return [MessageKey(*r) for r in rows]

    def mark_cleared(self, keys: Sequence[MessageKey], now: float) -> int:
        """Record that the promise keywords of ``keys`` were taken back; how many rows changed."""
        with self.store.transaction() as s:
            sql = f"UPDATE promises SET keywords_cleared_at=? WHERE {PK} AND keywords_cleared_at IS NULL"
            return sum(s.run(sql, (now, *_key(k))) for k in keys)

    def summary(self, account: str, since: float, limit: int = 20) -> dict[str, Any]:
        """For ``status``: the promises due (follow-up time reached, deadline not passed) and missed (deadline
        passed) that are still open, made since ``since``; counts and the newest ``limit`` of each."""
        rows = self.store.query(
            "SELECT p.account, p.folder, p.uidvalidity, p.uid, p.deadline, p.due_at, p.missed_at, p.followup,"
            " p.followup_id, p.followup_deadline, p.followup_reason FROM promises p"
            f" JOIN messages m ON {_JOIN} LEFT JOIN feedback f ON {_JOIN_F}"
            " WHERE p.account=? AND p.started_at>=? AND (p.due_at IS NOT NULL OR p.missed_at IS NOT NULL)"
            f" AND {_OPEN} ORDER BY p.deadline",
            (account, since),
        )
        out: dict[str, Any] = {"due": 0, "missed": 0, "followups": 0, "items": []}
        for r in rows:
            state = "missed" if r[6] is not None else "due"
            out[state] += 1
            out["followups"] += r[7] == "drafted"
            if len(out["items"]) < limit:
                out["items"].append({"key": str(MessageKey(*r[:4])), "state": state, "deadline": r[4],
                                     "followup": r[7], "followup_draft": r[8], "new_deadline": r[9],
                                     "reason": r[10]})  # fmt: skip
        return out


def _key(key: MessageKey) -> tuple[str, str, int, str]:
    return (key.account, key.folder, key.uidvalidity, key.uid)
