"""Mailbox leases in the shared PostgreSQL: which worker handles which mailbox, and which workers live.

A lease row (mailbox, holder, acquired_at, renewed_at, expires_at) lets its holder handle the mailbox
until ``expires_at``; the holder's heartbeat pushes ``expires_at`` forward, a worker may take a lease
only once it has expired, and a claim commits only while its worker holds the mailbox's lease. Every
time here is the DATABASE's clock (``now()``, seconds since the epoch), so workers on machines whose
clocks disagree still agree on when a lease ends. A worker row (one per running worker, renewed with its
leases) is how the workers count each other to share the mailboxes evenly (``pipeline.lease_keeper``).

Only PostgreSQL has several workers; a SQLite store has the tables (one schema) but no leases in them.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..errors import LeaseLost
from ..message import MessageKey
from .store import Decision, Session, Store

# The transaction's start: one instant for every statement of it, and never later than the moment the
# row is written, so an expiry computed from it is never later than the holder believes.
NOW = "EXTRACT(EPOCH FROM now())::double precision"
FORGET_WORKERS_AFTER = 10  # lease times: a worker row silent this long is deleted (status stays short)


@dataclass(frozen=True, slots=True)
class Beat:
    """What one heartbeat found: the leases still ours, how many workers live, the others' leases."""

    now: float  # the database's clock
    renewed: frozenset[str]  # our leases, renewed
    live_workers: int  # workers with an unexpired heartbeat row (this one included)
    others: dict[str, float]  # mailbox -> expires_at, of leases held by other workers


class LeaseTable:
    """The ``leases`` and ``workers`` tables, as seen by worker ``holder`` (``host:pid:random``)."""

    def __init__(self, store: Store, holder: str, seconds: float) -> None:
        self.store, self.holder, self.seconds = store, holder, seconds

    def beat(self) -> Beat:
        """One heartbeat, one transaction: our worker row and every unexpired lease of ours renewed.

        An expired lease of ours is not renewed: another worker may already have read it as free.
        """
        with self.store.transaction() as s:
            now = _now(s)
            s.run(
                "INSERT INTO workers VALUES (?, ?, ?, ?) ON CONFLICT (worker) DO UPDATE SET"
                " seen_at=excluded.seen_at, expires_at=excluded.expires_at",
                (self.holder, now, now, now + self.seconds),
            )
            renewed = s.rows(
                "UPDATE leases SET renewed_at=?, expires_at=? WHERE holder=? AND expires_at > ? RETURNING mailbox",
                (now, now + self.seconds, self.holder, now),
            )
            s.run("DELETE FROM workers WHERE expires_at < ?", (now - FORGET_WORKERS_AFTER * self.seconds,))
            (live,) = s.rows("SELECT COUNT(*) FROM workers WHERE expires_at > ?", (now,))[0]
            others = s.rows("SELECT mailbox, expires_at FROM leases WHERE holder <> ?", (self.holder,))
        return Beat(now, frozenset(r[0] for r in renewed), max(1, int(live)), {m: float(e) for m, e in others})

    def acquire(self, mailbox: str) -> str | None:
        """Take ``mailbox``'s lease if it is free, expired or already ours; None when another worker holds it.

        Returns the previous holder ("" for none). The row is locked while it is read, so of two
        workers taking one expired lease at once, the second sees the first one's fresh expiry.
        """
        with self.store.transaction() as s:
            now = _now(s)
            row = s.rows("SELECT holder, expires_at FROM leases WHERE mailbox=? FOR UPDATE", (mailbox,))
            values = (self.holder, now, now, now + self.seconds, mailbox)
            if not row:
                inserted = s.run(
                    "INSERT INTO leases (holder, acquired_at, renewed_at, expires_at, mailbox) VALUES (?, ?, ?, ?, ?)"
                    " ON CONFLICT (mailbox) DO NOTHING",
                    values,
                )
                return "" if inserted else None  # else: taken by another worker a moment ago
            holder, expires_at = row[0]
            if holder != self.holder and expires_at > now:
                return None
            s.run("UPDATE leases SET holder=?, acquired_at=?, renewed_at=?, expires_at=? WHERE mailbox=?", values)
            return str(holder) if holder != self.holder else ""

    def claim(self, mailbox: str, items: Sequence[tuple[MessageKey, Decision]]) -> None:
        """``Store.claim_many``, committed only while we hold ``mailbox``'s unexpired lease.

        The lease row is locked for the transaction: a worker taking the lease over waits for this
        claim to commit, then finds it (a claimed row it reconciles through the Drafts index).
        Raises LeaseLost, writing nothing, when the lease has expired or passed to another worker.
        """
        with self.store.transaction() as s:
            held = s.rows(
                f"SELECT 1 FROM leases WHERE mailbox=? AND holder=? AND expires_at > {NOW} FOR UPDATE",
                (mailbox, self.holder),
            )
            if not held:
                raise LeaseLost(f"lease on mailbox {mailbox} lost: another worker may hold it now")
            now = time.time()
            for key, decision in items:
                self.store._claim_row(s, key, decision, now)

    def release(self, mailboxes: Iterable[str]) -> None:
        """Hand these leases back at once (the mailbox's work has stopped): another worker may take them."""
        with self.store.transaction() as s:
            for mailbox in mailboxes:
                s.run("DELETE FROM leases WHERE mailbox=? AND holder=?", (mailbox, self.holder))

    def leave(self) -> None:
        """Hand back every lease of ours and delete our worker row (SIGTERM, a clean exit)."""
        with self.store.transaction() as s:
            s.run("DELETE FROM leases WHERE holder=?", (self.holder,))
            s.run("DELETE FROM workers WHERE worker=?", (self.holder,))


def lease_rows(store: Store) -> list[dict[str, object]]:
    """Every lease, for ``status``: mailbox, holder, since (acquired_at), renewed_at, expires_in seconds."""
    if store.kind != "postgresql":
        return []  # one worker on the SQLite file: no leases
    rows = store.query(
        f"SELECT mailbox, holder, acquired_at, renewed_at, expires_at - {NOW} FROM leases ORDER BY mailbox"
    )
    names = ("mailbox", "holder", "since", "renewed_at", "expires_in")
    return [dict(zip(names, (*r[:4], round(float(r[4]), 1)), strict=True)) for r in rows]


def _now(s: Session) -> float:
    return float(s.rows(f"SELECT {NOW}")[0][0])
