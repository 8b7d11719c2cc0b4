"""The state store's schema: named migrations, applied in order, each in its own transaction."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable


def _run_script(db: sqlite3.Connection, script: str) -> None:
    # executescript() would COMMIT first and break the migration's own transaction
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


def _m1(db: sqlite3.Connection) -> None:
    _run_script(
        db,
        """
        CREATE TABLE messages (
            account TEXT NOT NULL, folder TEXT NOT NULL, uidvalidity INTEGER NOT NULL, uid TEXT NOT NULL,
            message_id TEXT, sender TEXT, subject TEXT, body_excerpt TEXT, language TEXT,
            status TEXT NOT NULL CHECK (status IN ('claimed', 'drafted', 'skipped', 'failed')),
            attempts INTEGER NOT NULL DEFAULT 0,
            reason TEXT, draft_id TEXT, type TEXT, urgency TEXT, tone TEXT, confidence REAL, template TEXT,
            deadline TEXT, answered INTEGER NOT NULL DEFAULT 0,
            created_at REAL NOT NULL, updated_at REAL NOT NULL,
            PRIMARY KEY (account, folder, uidvalidity, uid)
        );
        CREATE INDEX messages_message_id ON messages (account, message_id);
        CREATE INDEX messages_open ON messages (account, status, answered, type);
        CREATE INDEX messages_sender ON messages (account, sender, updated_at);
        CREATE TABLE cursors (
            account TEXT NOT NULL, folder TEXT NOT NULL, uidvalidity INTEGER NOT NULL, uid INTEGER NOT NULL,
            PRIMARY KEY (account, folder)
        );
        CREATE TABLE cycles (
            account TEXT NOT NULL, started REAL NOT NULL, finished REAL NOT NULL,
            drafted INTEGER NOT NULL, skipped INTEGER NOT NULL, failed INTEGER NOT NULL, error TEXT
        );
        """,
    )


def _m2(db: sqlite3.Connection) -> None:
    # What used to travel in the draft's X-Mailtriage-* headers and must not (mutt sends a draft with
    # its headers): kept here, beside type/urgency/tone/confidence, for `status` and for the team.
    _run_script(
        db,
        """
        ALTER TABLE messages ADD COLUMN band TEXT;
        ALTER TABLE messages ADD COLUMN why TEXT;
        ALTER TABLE messages ADD COLUMN plan_notes TEXT;
        ALTER TABLE messages ADD COLUMN rules TEXT
        """,
    )


# Named migrations, applied in order, each in its own transaction; PRAGMA user_version counts them.
MIGRATIONS: tuple[tuple[str, Callable[[sqlite3.Connection], None]], ...] = (
    ("0001_initial", _m1),
    ("0002_agent_notes", _m2),
)
