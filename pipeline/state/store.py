"""The state store (SQLite): what happened to every message, so nothing is drafted twice or lost.

Exactly once: ``claim`` commits before a draft is written and ``mark_drafted`` after. A message found
``claimed`` at start-up was interrupted between the two; the worker then asks the sink whether a draft
carrying its ``X-Mailtriage-Source`` exists before writing again.

WAL with ``synchronous=NORMAL``: commits are not fsynced one by one (a crash can lose the last few
marks), which is safe because the reconciliation above re-derives them from the Drafts folder.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..errors import StateError
from ..message import MessageKey
from .schema import MIGRATIONS

MAX_ATTEMPTS = 3  # a message that fails this often is left for a human


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


class StateStore:
    """SQLite-backed record of every message seen. One instance per process; not thread-safe."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(path, isolation_level=None, timeout=30)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self._migrate()
            # A damaged page surfaces only when a query reaches it: find it now, as one clear error,
            # instead of as a traceback in the middle of a run. quick_check reads every page once.
            (verdict,) = self.db.execute("PRAGMA quick_check(1)").fetchone()
            if verdict != "ok":
                raise sqlite3.DatabaseError("integrity check failed: " + " ".join(str(verdict).split()))
        except sqlite3.DatabaseError as exc:
            raise StateError(
                f"state store {path} cannot be used: {exc}; move it aside to start fresh "
                "(drafts already written are recognised by their X-Mailtriage-Source header)"
            ) from exc
        except OSError as exc:
            raise StateError(f"state store {path} cannot be created: {exc}") from exc

    def _migrate(self) -> None:
        (version,) = self.db.execute("PRAGMA user_version").fetchone()
        if version > len(MIGRATIONS):
            raise StateError(f"state store {self.path} is from a newer mailtriage (schema {version})")
        for number, (_name, apply) in enumerate(MIGRATIONS[version:], start=version + 1):
            with self.transaction():
                apply(self.db)
                self.db.execute(f"PRAGMA user_version = {number}")

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def close(self) -> None:
        self.db.close()

    # -- per message ------------------------------------------------------------------------------

    def get(self, key: MessageKey) -> MessageRecord | None:
        row = self.db.execute(
            "SELECT status, attempts, reason, draft_id, message_id FROM messages"
            " WHERE account=? AND folder=? AND uidvalidity=? AND uid=?",
            _key(key),
        ).fetchone()
        return MessageRecord(key, *row) if row else None

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
        row = self.db.execute(
            "SELECT account, folder, uidvalidity, uid, status, attempts, reason, draft_id, message_id"
            " FROM messages WHERE account=? AND message_id=? AND status IN ('drafted', 'skipped') LIMIT 1",
            (account, message_id),
        ).fetchone()
        return MessageRecord(MessageKey(*row[:4]), *row[4:]) if row else None

    def claim(self, key: MessageKey, decision: Decision) -> MessageRecord | None:
        """Record that a draft is about to be written; return the previous record, if any.

        A previous record in ``claimed`` status means an earlier run stopped between writing and
        marking: the caller must look for that draft before writing another.
        """
        with self.transaction():
            previous = self.get(key)
            self._claim_row(key, decision, time.time())
        return previous

    def _claim_row(self, key: MessageKey, decision: Decision, now: float) -> None:
        """Insert or re-claim one message inside the caller's transaction."""
        self.db.execute(
            "INSERT INTO messages (account, folder, uidvalidity, uid, status, attempts, created_at,"
            " updated_at) VALUES (?, ?, ?, ?, 'claimed', 1, ?, ?)"
            " ON CONFLICT DO UPDATE SET status='claimed', attempts=attempts+1, updated_at=excluded.updated_at",
            (*_key(key), now, now),
        )
        self._store_decision(key, decision)

    def mark_drafted(self, key: MessageKey, draft_id: str) -> None:
        self.db.execute(
            "UPDATE messages SET status='drafted', draft_id=?, reason=NULL, updated_at=?"
            " WHERE account=? AND folder=? AND uidvalidity=? AND uid=?",
            (draft_id, time.time(), *_key(key)),
        )

    def mark_skipped(self, key: MessageKey, reason: str, decision: Decision) -> None:
        now = time.time()
        with self.transaction():
            self.db.execute(
                "INSERT INTO messages (account, folder, uidvalidity, uid, status, reason, created_at,"
                " updated_at) VALUES (?, ?, ?, ?, 'skipped', ?, ?, ?) ON CONFLICT DO UPDATE SET"
                " status='skipped', reason=excluded.reason, updated_at=excluded.updated_at",
                (*_key(key), reason, now, now),
            )
            self._store_decision(key, decision)

    def mark_failed(self, key: MessageKey, reason: str) -> int:
        """Record a failure; return how many attempts the message has had."""
        now = time.time()
        with self.transaction():
            self.db.execute(
                "INSERT INTO messages (account, folder, uidvalidity, uid, status, attempts, reason,"
                " created_at, updated_at) VALUES (?, ?, ?, ?, 'failed', 1, ?, ?, ?) ON CONFLICT DO UPDATE"
                " SET status='failed', attempts=attempts + (status != 'claimed'), reason=excluded.reason,"
                " updated_at=excluded.updated_at",
                (*_key(key), reason[:500], now, now),
            )
            rec = self.get(key)
        return rec.attempts if rec else 1

    def release(self, key: MessageKey, reason: str) -> None:
        """Undo a claim that failed for a reason outside the message (the mailbox is full): record
        the reason but give the attempt back, so the message is retried however long that lasts."""
        self.db.execute(
            "UPDATE messages SET status='failed', attempts=MAX(attempts - 1, 0), reason=?, updated_at=?"
            " WHERE account=? AND folder=? AND uidvalidity=? AND uid=? AND status='claimed'",
            (reason[:500], time.time(), *_key(key)),
        )

    def _store_decision(self, key: MessageKey, d: Decision) -> None:
        self.db.execute(
            "UPDATE messages SET message_id=?, sender=?, subject=?, body_excerpt=?, language=?, type=?,"
            " urgency=?, tone=?, confidence=?, template=?, deadline=?, band=?, why=?, plan_notes=?, rules=?"
            " WHERE account=? AND folder=? AND uidvalidity=? AND uid=?",
            (d.message_id, d.sender, d.subject[:300], d.body_excerpt[:4000], d.language, d.type, d.urgency,
             d.tone, d.confidence, d.template, d.deadline, d.band, _clip(d.why), _clip(d.plan_notes),
             _clip(d.rules), *_key(key)),
        )  # fmt: skip

    def interrupted(self, account: str) -> list[MessageKey]:
        """Messages claimed by a run that never marked them (a crash between append and mark)."""
        rows = self.db.execute(
            "SELECT account, folder, uidvalidity, uid FROM messages WHERE account=? AND status='claimed'",
            (account,),
        ).fetchall()
        return [MessageKey(*r) for r in rows]

    # -- queue and operator views -----------------------------------------------------------------

    def open_drafts(self, account: str, type_: str | None = None, within_days: int = 14) -> int:
        """Drafts written but not yet answered in this queue: the backlog a new promise must respect."""
        since = time.time() - within_days * 86400
        sql = "SELECT COUNT(*) FROM messages WHERE account=? AND status='drafted' AND answered=0 AND updated_at>=?"
        args: tuple[object, ...] = (account, since)
        if type_:
            sql, args = sql + " AND type=?", (*args, type_)
        return int(self.db.execute(sql, args).fetchone()[0])

    def recent_drafts(self, account: str, sender: str, seconds: float) -> int:
        """Drafts written for ``sender`` in the last ``seconds`` (the per-sender rate limit)."""
        row = self.db.execute(
            "SELECT COUNT(*) FROM messages WHERE account=? AND sender=? AND status IN ('drafted', 'claimed')"
            " AND updated_at>=?",
            (account, sender, time.time() - seconds),
        ).fetchone()
        return int(row[0])

    def record_cycle(self, account: str, started: float, drafted: int, skipped: int, failed: int,
                     error: str | None = None) -> None:  # fmt: skip
        self.db.execute(
            "INSERT INTO cycles VALUES (?, ?, ?, ?, ?, ?, ?)",
            (account, started, time.time(), drafted, skipped, failed, error),
        )
        # keep the table small: a month of one-minute cycles per account is plenty
        self.db.execute(
            "DELETE FROM cycles WHERE account=? AND rowid NOT IN"
            " (SELECT rowid FROM cycles WHERE account=? ORDER BY finished DESC LIMIT 50000)",
            (account, account),
        )

    def summary(self, account: str) -> dict[str, object]:
        counts = dict.fromkeys(("drafted", "skipped", "failed", "claimed"), 0)
        for status, n in self.db.execute(
            "SELECT status, COUNT(*) FROM messages WHERE account=? GROUP BY status", (account,)
        ):
            counts[status] = n
        last = self.db.execute(
            "SELECT started, finished, drafted, skipped, failed, error FROM cycles WHERE account=?"
            " ORDER BY finished DESC LIMIT 1",
            (account,),
        ).fetchone()
        last_ok = self.db.execute(
            "SELECT MAX(finished) FROM cycles WHERE account=? AND error IS NULL", (account,)
        ).fetchone()[0]
        failures = [
            {"key": str(MessageKey(*r[:4])), "attempts": r[4], "reason": r[5]}
            for r in self.db.execute(
                "SELECT account, folder, uidvalidity, uid, attempts, reason FROM messages"
                " WHERE account=? AND status='failed' ORDER BY updated_at DESC LIMIT 20",
                (account,),
            )
        ]
        cycle = None
        if last:
            cycle = dict(zip(("started", "finished", "drafted", "skipped", "failed", "error"), last, strict=True))
        return {"counts": counts, "last_cycle": cycle, "last_success": last_ok, "failures": failures,
                "recent_drafts": self.latest_drafts(account)}  # fmt: skip

    def latest_drafts(self, account: str, limit: int = 10) -> list[dict[str, object]]:
        """The last ``limit`` drafts with what only the team may read: the triage, band, why, plan notes."""
        names = ("key", "drafted_at", "type", "urgency", "tone", "confidence", "band", "template", "deadline",
                 "why", "plan", "rules")  # fmt: skip
        rows = self.db.execute(
            "SELECT account, folder, uidvalidity, uid, updated_at, type, urgency, tone, confidence, band,"
            " template, deadline, why, plan_notes, rules FROM messages WHERE account=? AND status='drafted'"
            " ORDER BY updated_at DESC, rowid DESC LIMIT ?",
            (account, limit),
        )
        return [dict(zip(names, (str(MessageKey(*r[:4])), *r[4:]), strict=True)) for r in rows]

    # -- IMAP cursors (pipeline.imap.CursorStore) -------------------------------------------------

    def get_cursor(self, account: str, folder: str) -> tuple[int, int] | None:
        row = self.db.execute(
            "SELECT uidvalidity, uid FROM cursors WHERE account=? AND folder=?", (account, folder)
        ).fetchone()
        return (int(row[0]), int(row[1])) if row else None

    def set_cursor(self, account: str, folder: str, uidvalidity: int, uid: int) -> None:
        self.db.execute(
            "INSERT INTO cursors VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET uidvalidity=excluded.uidvalidity,"
            " uid=excluded.uid",
            (account, folder, uidvalidity, uid),
        )

    def decisions(self, account: str | None = None) -> Iterator[dict[str, object]]:
        """Rows for a retraining CSV (subject, body, type, urgency, tone, language) of drafted messages."""
        sql = "SELECT subject, body_excerpt, type, urgency, tone, language FROM messages WHERE status='drafted'"
        args: tuple[object, ...] = ()
        if account:
            sql, args = sql + " AND account=?", (account,)
        for row in self.db.execute(sql, args):
            yield dict(zip(("subject", "body", "type", "urgency", "tone", "language"), row, strict=True))

    # -- batches and answers (the worker, issue 6: IMAP) -------------------------------------------

    def claim_many(self, items: Sequence[tuple[MessageKey, Decision]]) -> None:
        """``claim`` for several messages in one transaction, committed before their drafts are appended."""
        now = time.time()
        with self.transaction():
            for key, decision in items:
                self._claim_row(key, decision, now)

    def mark_drafted_many(self, items: Sequence[tuple[MessageKey, str]]) -> None:
        """``mark_drafted`` for several (key, draft id) pairs in one transaction."""
        now = time.time()
        with self.transaction():
            self.db.executemany(
                "UPDATE messages SET status='drafted', draft_id=?, reason=NULL, updated_at=?"
                " WHERE account=? AND folder=? AND uidvalidity=? AND uid=?",
                [(draft_id, now, *_key(key)) for key, draft_id in items],
            )

    def unanswered(self, account: str, within_days: int = 14) -> list[MessageKey]:
        """Drafted messages not yet seen answered, from the same window as ``open_drafts``."""
        rows = self.db.execute(
            "SELECT account, folder, uidvalidity, uid FROM messages WHERE account=? AND status='drafted'"
            " AND answered=0 AND updated_at>=?",
            (account, time.time() - within_days * 86400),
        ).fetchall()
        return [MessageKey(*r) for r in rows]

    def mark_answered(self, account: str, keys: Iterable[MessageKey]) -> int:
        """Record that agents answered these originals (they leave the backlog); return how many changed."""
        with self.transaction():
            changed = 0
            for key in keys:
                if key.account == account:
                    changed += self.db.execute(
                        "UPDATE messages SET answered=1 WHERE account=? AND folder=? AND uidvalidity=? AND uid=?"
                        " AND answered=0",
                        _key(key),
                    ).rowcount
        return changed


def _clip(text: str | None, limit: int = 1000) -> str | None:
    return text[:limit] if text is not None else None


def _key(key: MessageKey) -> tuple[str, str, int, str]:
    return (key.account, key.folder, key.uidvalidity, key.uid)
