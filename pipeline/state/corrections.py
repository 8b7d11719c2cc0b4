"""The queries of the ``corrections`` and ``keyword_cursors`` tables (migration ``0005_label_corrections``).

An agent who disagrees with a label changes mailtriage's keyword on the original in their own client;
``pipeline.feedback.corrections`` reads the keywords and keeps here, per original and field (type or
urgency), what we said (``ours``) and what the keywords say now (``theirs``). A row is written or
changed only when the agent's verdict changes, so reading the same flags again records nothing. The
export for retraining (``training_rows``) takes ``theirs`` over ``ours`` and adds the agent's sent reply
(``feedback.sent_text``). Written in the SQL both stores run, like ``store.Store``.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from ..message import MessageKey
from .store import Store

FIELDS = ("type", "urgency")


def _on(alias: str) -> str:
    """The join of ``alias`` with ``messages m`` on the message key."""
    return " AND ".join(f"{alias}.{c}=m.{c}" for c in ("account", "folder", "uidvalidity", "uid"))


@dataclass(frozen=True, slots=True)
class Labelled:
    """An original mailtriage drafted and tagged: our labels and the agent's current verdicts."""

    key: MessageKey
    ours: dict[str, str]  # field -> our label
    theirs: dict[str, str]  # field -> the agent's label as last recorded (only fields with a row)


@dataclass(frozen=True, slots=True)
class Correction:
    """The agent's verdict on one field of one original, as the keywords say it now."""

    key: MessageKey
    field: str
    ours: str
    theirs: str


class CorrectionStore:
    """The ``corrections`` queries on one ``Store`` (same thread rules as the store)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def drafted(self, account: str, since: float, limit: int) -> list[Labelled]:
        """The newest ``limit`` originals of ``account`` drafted since ``since`` (the window without CONDSTORE)."""
        rows = self.store.query(
            "SELECT account, folder, uidvalidity, uid, type, urgency FROM messages WHERE account=?"
            " AND status='drafted' AND type IS NOT NULL AND created_at >= ? ORDER BY created_at DESC LIMIT ?",
            (account, since, limit),
        )
        return self._with_verdicts([(MessageKey(*r[:4]), r[4], r[5]) for r in rows])

    def drafted_among(self, keys: Sequence[MessageKey]) -> list[Labelled]:
        """Those of ``keys`` (one account, folder and UIDVALIDITY) that mailtriage drafted and labelled."""
        if not keys:
            return []
        first = keys[0]
        found: list[tuple[MessageKey, str, str | None]] = []
        uids = sorted({k.uid for k in keys})
        for start in range(0, len(uids), 500):  # SQLite allows 999 parameters in older builds
            chunk = uids[start : start + 500]
            found += [
                (MessageKey(*r[:4]), r[4], r[5])
                for r in self.store.query(
                    "SELECT account, folder, uidvalidity, uid, type, urgency FROM messages WHERE account=? AND"
                    f" folder=? AND uidvalidity=? AND status='drafted' AND type IS NOT NULL AND uid IN"
                    f" ({', '.join('?' * len(chunk))})",
                    (first.account, first.folder, first.uidvalidity, *chunk),
                )
            ]
        return self._with_verdicts(found)

    def _with_verdicts(self, rows: list[tuple[MessageKey, str, str | None]]) -> list[Labelled]:
        if not rows:
            return []
        verdicts: dict[MessageKey, dict[str, str]] = {}
        account = rows[0][0].account
        # one query for the account's corrections: they are few next to its messages (a share of the drafts)
        for r in self.store.query(
            "SELECT account, folder, uidvalidity, uid, field, theirs FROM corrections WHERE account=?", (account,)
        ):
            verdicts.setdefault(MessageKey(*r[:4]), {})[r[4]] = r[5]
        out = []
        for key, type_, urgency in rows:
            ours = {"type": type_} | ({"urgency": urgency} if urgency else {})
            out.append(Labelled(key, ours, verdicts.get(key, {})))
        return out

    def record(self, found: Sequence[Correction], account: str, cursor: tuple[str, int, int] | None,
               now: float | None = None) -> int:  # fmt: skip
        """Keep each new verdict and move the keyword cursor (folder, UIDVALIDITY, MODSEQ), in one transaction.

        ``found`` holds only verdicts that differ from the last one recorded; returns how many were kept.
        """
        when = time.time() if now is None else now
        with self.store.transaction() as s:
            for c in found:
                s.run(
                    "INSERT INTO corrections (account, folder, uidvalidity, uid, field, ours, theirs, changes,"
                    " first_seen_at, seen_at) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?)"
                    " ON CONFLICT (account, folder, uidvalidity, uid, field) DO UPDATE SET"
                    " theirs=excluded.theirs, seen_at=excluded.seen_at, changes=corrections.changes + 1",
                    (*_key(c.key), c.field, c.ours, c.theirs, when, when),
                )
            if cursor is not None:
                folder, uidvalidity, modseq = cursor
                s.run(
                    "INSERT INTO keyword_cursors (account, folder, uidvalidity, modseq) VALUES (?, ?, ?, ?)"
                    " ON CONFLICT (account, folder) DO UPDATE SET uidvalidity=excluded.uidvalidity,"
                    " modseq=excluded.modseq",
                    (account, folder, uidvalidity, modseq),
                )
        return len(found)

    def cursor(self, account: str, folder: str) -> tuple[int, int] | None:
        """(UIDVALIDITY, MODSEQ) up to which the keywords of ``folder`` were read; None before the first read."""
        rows = self.store.query("SELECT uidvalidity, modseq FROM keyword_cursors WHERE account=? AND folder=?",
                                (account, folder))  # fmt: skip
        return (int(rows[0][0]), int(rows[0][1])) if rows else None

    def rows(self, account: str | None = None, since: float | None = None) -> list[dict[str, Any]]:
        """Every correction in force (``theirs`` differs from ``ours``), for ``report`` (oldest first)."""
        sql = (
            "SELECT account, folder, uidvalidity, uid, field, ours, theirs, seen_at FROM corrections WHERE ours<>theirs"
        )
        args: list[object] = []
        if account:
            sql, args = sql + " AND account=?", [*args, account]
        if since is not None:
            sql, args = sql + " AND seen_at >= ?", [*args, since]
        return [
            {
                "account": r[0],
                "key": str(MessageKey(*r[:4])),
                "field": r[4],
                "ours": r[5],
                "theirs": r[6],
                "seen_at": r[7],
            }
            for r in self.store.query(sql + " ORDER BY seen_at", args)
        ]

    def training_rows(self, account: str | None = None) -> Iterator[dict[str, object]]:
        """Rows for a retraining CSV of drafted messages: the agent's labels where they corrected ours
        (``corrected`` names the fields, e.g. ``"type"``), and the reply part they sent where known."""
        sql = (
            "SELECT m.subject, m.body_excerpt, m.type, m.urgency, m.tone, m.language, t.theirs, u.theirs,"
            " f.sent_text FROM messages m"
            f" LEFT JOIN corrections t ON {_on('t')} AND t.field='type'"
            f" LEFT JOIN corrections u ON {_on('u')} AND u.field='urgency'"
            f" LEFT JOIN feedback f ON {_on('f')}"
            " WHERE m.status='drafted'"
        )
        args: tuple[object, ...] = ()
        if account:
            sql, args = sql + " AND m.account=?", (account,)
        for subject, body, type_, urgency, tone, language, their_type, their_urgency, sent in self.store.stream(
            sql + " ORDER BY m.created_at", args
        ):
            corrected = [f for f, ours, theirs in (("type", type_, their_type), ("urgency", urgency, their_urgency))
                         if theirs and theirs != ours]  # fmt: skip
            yield {
                "subject": subject, "body": body, "type": their_type or type_, "urgency": their_urgency or urgency,
                "tone": tone, "language": language, "corrected": " ".join(corrected), "sent_reply": sent or "",
            }  # fmt: skip


def _key(key: MessageKey) -> tuple[str, str, int, str]:
    return (key.account, key.folder, key.uidvalidity, key.uid)
