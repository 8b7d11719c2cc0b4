"""The state store: what happened to every message, so nothing is drafted twice or lost.

Exactly once: ``claim`` commits before a draft is written and ``mark_drafted`` after. A message found
``claimed`` at start-up was interrupted between the two; the worker then asks the sink whether a draft
carrying its ``X-Mailtriage-Source`` exists before writing again.

``Store`` holds every query, written once in SQL that SQLite and PostgreSQL both run (``?`` placeholders,
explicit ``ON CONFLICT`` targets, ``CASE`` rather than SQLite's two-argument ``MAX``). A backend
(``sqlite.StateStore``, ``postgres.PostgresStore``) brings the connection, the transactions, the
migrations and the few words that differ (``ROW_ID``, ``FOR_UPDATE``).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, Protocol

from ..message import MessageKey

MAX_ATTEMPTS = 3  # a message that fails this often is left for a human
PK = "account=? AND folder=? AND uidvalidity=? AND uid=?"
ON_PK = "ON CONFLICT (account, folder, uidvalidity, uid)"


@dataclass(frozen=True, slots=True)
class MessageRecord:
    key: MessageKey
    status: str
    attempts: int
    reason: str | None
    draft_id: str | None
    message_id: str | None


@dataclass(frozen=True, slots=True)
class Decision:
    """What triage decided, kept for `status`, the backlog count and retraining exports."""

    message_id: str | None = None
    sender: str = ""
    subject: str = ""
    body_excerpt: str = ""
    language: str = ""
    type: str | None = None
    urgency: str | None = None
    tone: str | None = None
    confidence: float | None = None
    template: str | None = None
    deadline: str | None = None
    # agent-only notes (never in the draft): the band, why, where the plan departs, the rules fired
    band: str | None = None
    why: str | None = None
    plan_notes: str | None = None
    rules: str | None = None  # rule names, comma-separated


class Session(Protocol):
    """One connection's statements, inside or outside a transaction (``?`` placeholders)."""

    def rows(self, sql: str, args: Sequence[object] = ()) -> list[tuple[Any, ...]]: ...

    def run(self, sql: str, args: Sequence[object] = ()) -> int: ...  # rows changed

    def run_many(self, sql: str, args: Iterable[Sequence[object]]) -> None: ...


class Store:
    """Every message seen, on one backend. One instance per thread (``share`` gives another thread its own)."""

    kind = ""  # "sqlite" | "postgresql"
    ROW_ID = ""  # a column that orders rows by insertion: SQLite's rowid, PostgreSQL's ctid
    FOR_UPDATE = ""  # locks a row read before it is changed (SQLite's BEGIN IMMEDIATE locks everything)
    _worker_lock: Any = None  # the lock file held by the one worker on a SQLite store (open_state)

    # -- what a backend provides ---------------------------------------------------------------

    def session(self) -> AbstractContextManager[Session]:
        """A connection for statements that need no transaction of their own (each commits by itself)."""
        raise NotImplementedError

    def transaction(self) -> AbstractContextManager[Session]:
        """A connection in one transaction: committed on leaving, rolled back on an exception."""
        raise NotImplementedError

    def stream(self, sql: str, args: Sequence[object] = ()) -> Iterator[tuple[Any, ...]]:
        """Rows of a large read, a few at a time (``export``)."""
        raise NotImplementedError

    def share(self) -> Store:
        """The same store for another thread (its own connection, or its own turn at the pool)."""
        raise NotImplementedError

    def apart(self) -> Store:
        """The same store through a connection no other thread waits for; close it after use."""
        return self.share()

    def applied_migrations(self) -> list[str]:
        """The names of the migrations this store has, in order."""
        raise NotImplementedError

    def where(self) -> str:
        """The file or database, for people (never with a password)."""
        raise NotImplementedError

    def _close(self) -> None:
        raise NotImplementedError

    def close(self) -> None:
        try:
            self._close()
        finally:
            if self._worker_lock is not None:
                self._worker_lock.close()  # closing the file or connection releases the lock
                self._worker_lock = None

    def query(self, sql: str, args: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        """Rows of one read (``?`` placeholders in both stores): for tests and tools."""
        with self.session() as s:
            return s.rows(sql, args)

    # -- per message ------------------------------------------------------------------------------

    def get(self, key: MessageKey) -> MessageRecord | None:
        rows = self.query(f"SELECT status, attempts, reason, draft_id, message_id FROM messages WHERE {PK}", _key(key))
        return MessageRecord(key, *rows[0]) if rows else None

    def is_handled(self, key: MessageKey) -> bool:
        """True when nothing more will be done for ``key``: drafted, skipped, or failed too often."""
        rec = self.get(key)
        if rec is None or rec.status == "claimed":
            return False
        return rec.status != "failed" or rec.attempts >= MAX_ATTEMPTS

    def handled_message_id(self, account: str, message_id: str | None) -> MessageRecord | None:
        """A drafted or skipped record with this Message-ID (survives UIDVALIDITY changes)."""
        if not message_id:
            return None
        rows = self.query(
            "SELECT account, folder, uidvalidity, uid, status, attempts, reason, draft_id, message_id"
            " FROM messages WHERE account=? AND message_id=? AND status IN ('drafted', 'skipped') LIMIT 1",
            (account, message_id),
        )
        return MessageRecord(MessageKey(*rows[0][:4]), *rows[0][4:]) if rows else None

    def claim(self, key: MessageKey, decision: Decision) -> MessageRecord | None:
        """Record that a draft is about to be written; return the previous record, if any.

        A previous record in ``claimed`` status means an earlier run stopped between writing and
        marking: the caller must look for that draft before writing another. Of several processes
        claiming one message at once, exactly one gets None (see ``_claim_row``).
        """
        with self.transaction() as s:
            return self._claim_row(s, key, decision, time.time())

    def _claim_row(self, s: Session, key: MessageKey, decision: Decision, now: float) -> MessageRecord | None:
        """Insert or re-claim one message inside the caller's transaction; return the previous record.

        Insert first: the primary key lets one transaction in and makes a concurrent one wait for it
        to finish and then insert nothing. Only then is the existing row read (locked) and re-claimed,
        so the second claimant sees the first one's claim. Reading first would let both see no row.
        """
        inserted = s.run(
            "INSERT INTO messages (account, folder, uidvalidity, uid, status, attempts, created_at,"
            f" updated_at) VALUES (?, ?, ?, ?, 'claimed', 1, ?, ?) {ON_PK} DO NOTHING",
            (*_key(key), now, now),
        )
        previous = None
        if not inserted:
            (row,) = s.rows(
                f"SELECT status, attempts, reason, draft_id, message_id FROM messages WHERE {PK}{self.FOR_UPDATE}",
                _key(key),
            )
            previous = MessageRecord(key, *row)
            s.run(
                f"UPDATE messages SET status='claimed', attempts=attempts+1, updated_at=? WHERE {PK}", (now, *_key(key))
            )
        self._store_decision(s, key, decision)
        return previous

    def mark_drafted(self, key: MessageKey, draft_id: str) -> None:
        with self.session() as s:
            s.run(
                f"UPDATE messages SET status='drafted', draft_id=?, reason=NULL, updated_at=? WHERE {PK}",
                (draft_id, time.time(), *_key(key)),
            )

    def mark_skipped(self, key: MessageKey, reason: str, decision: Decision) -> None:
        now = time.time()
        with self.transaction() as s:
            s.run(
                "INSERT INTO messages (account, folder, uidvalidity, uid, status, reason, created_at,"
                f" updated_at) VALUES (?, ?, ?, ?, 'skipped', ?, ?, ?) {ON_PK} DO UPDATE SET"
                " status='skipped', reason=excluded.reason, updated_at=excluded.updated_at",
                (*_key(key), reason, now, now),
            )
            self._store_decision(s, key, decision)

    def mark_failed(self, key: MessageKey, reason: str) -> int:
        """Record a failure; return how many attempts the message has had."""
        now = time.time()
        with self.transaction() as s:
            # a failed claim already counted its attempt; any other failure is a new one
            s.run(
                "INSERT INTO messages (account, folder, uidvalidity, uid, status, attempts, reason,"
                f" created_at, updated_at) VALUES (?, ?, ?, ?, 'failed', 1, ?, ?, ?) {ON_PK} DO UPDATE"
                " SET status='failed', attempts=messages.attempts + CASE WHEN messages.status <> 'claimed'"
                " THEN 1 ELSE 0 END, reason=excluded.reason, updated_at=excluded.updated_at",
                (*_key(key), reason[:500], now, now),
            )
            rows = s.rows(f"SELECT attempts FROM messages WHERE {PK}", _key(key))
        return int(rows[0][0]) if rows else 1

    def release(self, key: MessageKey, reason: str) -> None:
        """Undo a claim that failed for a reason outside the message (the mailbox is full): record
        the reason but give the attempt back, so the message is retried however long that lasts."""
        with self.session() as s:
            s.run(
                "UPDATE messages SET status='failed', attempts=CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END,"
                f" reason=?, updated_at=? WHERE {PK} AND status='claimed'",
                (reason[:500], time.time(), *_key(key)),
            )

    def _store_decision(self, s: Session, key: MessageKey, d: Decision) -> None:
        s.run(
            "UPDATE messages SET message_id=?, sender=?, subject=?, body_excerpt=?, language=?, type=?,"
            " urgency=?, tone=?, confidence=?, template=?, deadline=?, band=?, why=?, plan_notes=?, rules=?"
            f" WHERE {PK}",
            (d.message_id, d.sender, d.subject[:300], d.body_excerpt[:4000], d.language, d.type, d.urgency,
             d.tone, d.confidence, d.template, d.deadline, d.band, _clip(d.why), _clip(d.plan_notes),
             _clip(d.rules), *_key(key)),
        )  # fmt: skip

    def interrupted(self, account: str) -> list[MessageKey]:
        """Messages claimed by a run that never marked them (a crash between append and mark)."""
        rows = self.query(
            "SELECT account, folder, uidvalidity, uid FROM messages WHERE account=? AND status='claimed'", (account,)
        )
        return [MessageKey(*r) for r in rows]

    # -- queue and operator views -----------------------------------------------------------------

    def open_drafts(self, account: str, type_: str | None = None, within_days: int = 14) -> int:
        """Drafts written but not yet answered in this queue: the backlog a new promise must respect."""
        since = time.time() - within_days * 86400
        sql = "SELECT COUNT(*) FROM messages WHERE account=? AND status='drafted' AND answered=0 AND updated_at>=?"
        args: tuple[object, ...] = (account, since)
        if type_:
            sql, args = sql + " AND type=?", (*args, type_)
        return int(self.query(sql, args)[0][0])

    def recent_drafts(self, account: str, sender: str, seconds: float) -> int:
        """Drafts written for ``sender`` in the last ``seconds`` (the per-sender rate limit)."""
        rows = self.query(
            "SELECT COUNT(*) FROM messages WHERE account=? AND sender=? AND status IN ('drafted', 'claimed')"
            " AND updated_at>=?",
            (account, sender, time.time() - seconds),
        )
        return int(rows[0][0])

    def record_cycle(self, account: str, started: float, drafted: int, skipped: int, failed: int,
                     error: str | None = None) -> None:  # fmt: skip
        with self.session() as s:
            s.run(
                "INSERT INTO cycles VALUES (?, ?, ?, ?, ?, ?, ?)",
                (account, started, time.time(), drafted, skipped, failed, error),
            )
            # keep the table small: a month of one-minute cycles per account is plenty
            s.run(
                f"DELETE FROM cycles WHERE account=? AND {self.ROW_ID} NOT IN"
                f" (SELECT {self.ROW_ID} FROM cycles WHERE account=? ORDER BY finished DESC LIMIT 50000)",
                (account, account),
            )

    def summary(self, account: str) -> dict[str, object]:
        counts = dict.fromkeys(("drafted", "skipped", "failed", "claimed"), 0)
        with self.session() as s:
            for status, n in s.rows(
                "SELECT status, COUNT(*) FROM messages WHERE account=? GROUP BY status", (account,)
            ):
                counts[status] = n
            last = s.rows(
                "SELECT started, finished, drafted, skipped, failed, error FROM cycles WHERE account=?"
                " ORDER BY finished DESC LIMIT 1",
                (account,),
            )
            last_ok = s.rows("SELECT MAX(finished) FROM cycles WHERE account=? AND error IS NULL", (account,))[0][0]
            failures = [
                {"key": str(MessageKey(*r[:4])), "attempts": r[4], "reason": r[5]}
                for r in s.rows(
                    "SELECT account, folder, uidvalidity, uid, attempts, reason FROM messages"
                    " WHERE account=? AND status='failed' ORDER BY updated_at DESC LIMIT 20",
                    (account,),
                )
            ]
        cycle = None
        if last:
            cycle = dict(zip(("started", "finished", "drafted", "skipped", "failed", "error"), last[0], strict=True))
        return {"counts": counts, "last_cycle": cycle, "last_success": last_ok, "failures": failures,
                "recent_drafts": self.latest_drafts(account)}  # fmt: skip

    def latest_drafts(self, account: str, limit: int = 10) -> list[dict[str, object]]:
        """The last ``limit`` drafts with what only the team may read: the triage, band, why, plan notes."""
        names = ("key", "drafted_at", "type", "urgency", "tone", "confidence", "band", "template", "deadline",
                 "why", "plan", "rules")  # fmt: skip
        rows = self.query(
            "SELECT account, folder, uidvalidity, uid, updated_at, type, urgency, tone, confidence, band,"
            " template, deadline, why, plan_notes, rules FROM messages WHERE account=? AND status='drafted'"
            f" ORDER BY updated_at DESC, {self.ROW_ID} DESC LIMIT ?",
            (account, limit),
        )
        return [dict(zip(names, (str(MessageKey(*r[:4])), *r[4:]), strict=True)) for r in rows]

    # -- IMAP cursors (pipeline.imap.CursorStore) -------------------------------------------------

    def get_cursor(self, account: str, folder: str) -> tuple[int, int] | None:
        rows = self.query("SELECT uidvalidity, uid FROM cursors WHERE account=? AND folder=?", (account, folder))
        return (int(rows[0][0]), int(rows[0][1])) if rows else None

    def set_cursor(self, account: str, folder: str, uidvalidity: int, uid: int) -> None:
        with self.session() as s:
            s.run(
                "INSERT INTO cursors VALUES (?, ?, ?, ?) ON CONFLICT (account, folder) DO UPDATE SET"
                " uidvalidity=excluded.uidvalidity, uid=excluded.uid",
                (account, folder, uidvalidity, uid),
            )

    def decisions(self, account: str | None = None) -> Iterator[dict[str, object]]:
        """Rows for a retraining CSV (subject, body, type, urgency, tone, language) of drafted messages."""
        sql = "SELECT subject, body_excerpt, type, urgency, tone, language FROM messages WHERE status='drafted'"
        args: tuple[object, ...] = ()
        if account:
            sql, args = sql + " AND account=?", (account,)
        for row in self.stream(sql, args):
            yield dict(zip(("subject", "body", "type", "urgency", "tone", "language"), row, strict=True))

    # -- batches and answers (the worker, issue 6: IMAP) -------------------------------------------

    def claim_many(self, items: Sequence[tuple[MessageKey, Decision]]) -> None:
        """``claim`` for several messages in one transaction, committed before their drafts are appended."""
        now = time.time()
        with self.transaction() as s:
            for key, decision in items:
                self._claim_row(s, key, decision, now)

    def mark_drafted_many(self, items: Sequence[tuple[MessageKey, str]]) -> None:
        """``mark_drafted`` for several (key, draft id) pairs in one transaction."""
        now = time.time()
        with self.transaction() as s:
            s.run_many(
                f"UPDATE messages SET status='drafted', draft_id=?, reason=NULL, updated_at=? WHERE {PK}",
                [(draft_id, now, *_key(key)) for key, draft_id in items],
            )

    def unanswered(self, account: str, within_days: int = 14) -> list[MessageKey]:
        """Drafted messages not yet seen answered, from the same window as ``open_drafts``."""
        rows = self.query(
            "SELECT account, folder, uidvalidity, uid FROM messages WHERE account=? AND status='drafted'"
            " AND answered=0 AND updated_at>=?",
            (account, time.time() - within_days * 86400),
        )
        return [MessageKey(*r) for r in rows]

    def mark_answered(self, account: str, keys: Iterable[MessageKey]) -> int:
        """Record that agents answered these originals (they leave the backlog); return how many changed."""
        with self.transaction() as s:
            changed = 0
            for key in keys:
                if key.account == account:
                    changed += s.run(f"UPDATE messages SET answered=1 WHERE {PK} AND answered=0", _key(key))
        return changed


def _clip(text: str | None, limit: int = 1000) -> str | None:
    return text[:limit] if text is not None else None


def _key(key: MessageKey) -> tuple[str, str, int, str]:
    return (key.account, key.folder, key.uidvalidity, key.uid)
