"""The state store's schema: ONE set of named migrations, applied in order, for SQLite and PostgreSQL.

Each migration is SQL both databases run. The column types are chosen so that one text fits both:
``DOUBLE PRECISION`` (PostgreSQL's ``REAL`` is 4 bytes: a Unix time would lose its seconds; SQLite gives
it the same REAL affinity) and ``BIGINT`` for UIDVALIDITY and UIDs (unsigned 32-bit in IMAP: beyond
PostgreSQL's ``INTEGER``; SQLite gives it INTEGER affinity). Stores made when 0001 said REAL and
INTEGER are therefore the same to SQLite. A migration that must differ per dialect
sets ``postgres`` to its PostgreSQL text; none has had to yet.

Which migrations a store has is kept by the store: SQLite counts them in ``PRAGMA user_version`` (as
it always has), PostgreSQL names them in ``schema_migrations``.
"""

from __future__ import annotations

from typing import NamedTuple


class Migration(NamedTuple):
    name: str
    sql: str  # statements separated by ";", run in one transaction
    postgres: str = ""  # PostgreSQL's own text, only where the dialects must differ

    def statements(self, dialect: str) -> list[str]:
        """The statements for ``dialect`` ("sqlite" or "postgresql"), one by one.

        One by one because sqlite3's executescript() would COMMIT first and break the migration's own
        transaction; the texts hold no ";" inside a literal.
        """
        text = self.postgres if dialect == "postgresql" and self.postgres else self.sql
        return [s.strip() for s in text.split(";") if s.strip()]


_INITIAL = """
CREATE TABLE messages (
    account TEXT NOT NULL, folder TEXT NOT NULL, uidvalidity BIGINT NOT NULL, uid TEXT NOT NULL,
    message_id TEXT, sender TEXT, subject TEXT, body_excerpt TEXT, language TEXT,
    status TEXT NOT NULL CHECK (status IN ('claimed', 'drafted', 'skipped', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    reason TEXT, draft_id TEXT, type TEXT, urgency TEXT, tone TEXT, confidence DOUBLE PRECISION, template TEXT,
    deadline TEXT, answered INTEGER NOT NULL DEFAULT 0,
    created_at DOUBLE PRECISION NOT NULL, updated_at DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (account, folder, uidvalidity, uid)
);
CREATE INDEX messages_message_id ON messages (account, message_id);
CREATE INDEX messages_open ON messages (account, status, answered, type);
CREATE INDEX messages_sender ON messages (account, sender, updated_at);
CREATE TABLE cursors (
    account TEXT NOT NULL, folder TEXT NOT NULL, uidvalidity BIGINT NOT NULL, uid BIGINT NOT NULL,
    PRIMARY KEY (account, folder)
);
CREATE TABLE cycles (
    account TEXT NOT NULL, started DOUBLE PRECISION NOT NULL, finished DOUBLE PRECISION NOT NULL,
    drafted INTEGER NOT NULL, skipped INTEGER NOT NULL, failed INTEGER NOT NULL, error TEXT
)
"""

# What used to travel in the draft's X-Mailtriage-* headers and must not (mutt sends a draft with its
# headers): kept here, beside type/urgency/tone/confidence, for `status` and for the team.
_AGENT_NOTES = """
ALTER TABLE messages ADD COLUMN band TEXT;
ALTER TABLE messages ADD COLUMN why TEXT;
ALTER TABLE messages ADD COLUMN plan_notes TEXT;
ALTER TABLE messages ADD COLUMN rules TEXT
"""

# What agents did with each draft (issue 12): the reply part of the draft as written, kept until its
# original is answered (a reply in Sent) or the draft leaves Drafts unsent, then how close the reply
# came to it. One row per original, keyed like `messages`; `no_draft` rows are originals answered
# without a draft of ours. `sentences` is JSON, with customer details already redacted.
_SENT_FEEDBACK = """
CREATE TABLE feedback (
    account TEXT NOT NULL, folder TEXT NOT NULL, uidvalidity BIGINT NOT NULL, uid TEXT NOT NULL,
    draft_message_id TEXT, intent TEXT, language TEXT, draft_text TEXT, written_at DOUBLE PRECISION,
    outcome TEXT CHECK (outcome IN ('sent_as_drafted', 'edited', 'rewritten', 'not_used', 'no_draft')),
    similarity DOUBLE PRECISION, sentences TEXT, sent_message_id TEXT, sent_at DOUBLE PRECISION,
    late_seconds DOUBLE PRECISION, measured_at DOUBLE PRECISION,
    PRIMARY KEY (account, folder, uidvalidity, uid)
);
CREATE INDEX feedback_open ON feedback (account, outcome)
"""

# Issue 13: several workers share one PostgreSQL. A mailbox is handled only by the holder of its lease
# (renewed by a heartbeat; expires_at in the database's clock, so the machines' clocks never matter), and
# each worker's heartbeat row says it is alive, so that the live workers can share the mailboxes evenly.
# SQLite gets the tables too (one schema) but never uses them: its one worker holds the lock file.
_LEASES = """
CREATE TABLE leases (
    mailbox TEXT PRIMARY KEY, holder TEXT NOT NULL, acquired_at DOUBLE PRECISION NOT NULL,
    renewed_at DOUBLE PRECISION NOT NULL, expires_at DOUBLE PRECISION NOT NULL
);
CREATE TABLE workers (
    worker TEXT PRIMARY KEY, started_at DOUBLE PRECISION NOT NULL, seen_at DOUBLE PRECISION NOT NULL,
    expires_at DOUBLE PRECISION NOT NULL
)
"""

# Labels agents corrected in their own mail client (issue 12): they change mailtriage's keyword on the
# original ($Billing -> $Technical, $Urgent added or removed). One row per original and field holds the
# agent's latest verdict (`ours` is what we said, `theirs` what the keywords say now; equal again when the
# agent undid the change), `changes` how often it changed. `keyword_cursors` keeps, per folder, the
# CONDSTORE HIGHESTMODSEQ up to which flags were read, so a cycle asks only for what changed since.
# `feedback.sent_text` is the reply part of what the agent sent, exported beside the corrected labels.
_LABEL_CORRECTIONS = """
CREATE TABLE corrections (
    account TEXT NOT NULL, folder TEXT NOT NULL, uidvalidity BIGINT NOT NULL, uid TEXT NOT NULL,
    field TEXT NOT NULL CHECK (field IN ('type', 'urgency')),
    ours TEXT NOT NULL, theirs TEXT NOT NULL, changes INTEGER NOT NULL DEFAULT 1,
    first_seen_at DOUBLE PRECISION NOT NULL, seen_at DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (account, folder, uidvalidity, uid, field)
);
CREATE INDEX corrections_seen ON corrections (account, seen_at);
CREATE TABLE keyword_cursors (
    account TEXT NOT NULL, folder TEXT NOT NULL, uidvalidity BIGINT NOT NULL, modseq BIGINT NOT NULL,
    PRIMARY KEY (account, folder)
);
ALTER TABLE feedback ADD COLUMN sent_text TEXT
"""

# Keeping the promise a draft makes (issue 12): one row per drafted original, written with the draft. What
# the follow-up needs later without the original at hand (the first draft's threading and addressee, the
# greeting, the reply's language, type and urgency), when the promise was made (`started_at`: the planner
# counts from there too), when $PromiseDue and $PromiseMissed were recorded, and the follow-up draft's own
# claim-before-APPEND state (`followup`: claimed, then drafted; failed after too many attempts).
_PROMISES = """
CREATE TABLE promises (
    account TEXT NOT NULL, folder TEXT NOT NULL, uidvalidity BIGINT NOT NULL, uid TEXT NOT NULL,
    started_at DOUBLE PRECISION NOT NULL, deadline TEXT NOT NULL,
    language TEXT, type TEXT, urgency TEXT, reply_to TEXT, subject TEXT, in_reply_to TEXT, refs TEXT,
    greeting TEXT, greeting_full TEXT, original_date TEXT,
    due_at DOUBLE PRECISION, missed_at DOUBLE PRECISION,
    followup TEXT CHECK (followup IN ('claimed', 'drafted', 'failed')),
    followup_attempts INTEGER NOT NULL DEFAULT 0, followup_id TEXT, followup_deadline TEXT,
    followup_at DOUBLE PRECISION, followup_reason TEXT,
    PRIMARY KEY (account, folder, uidvalidity, uid)
);
CREATE INDEX promises_open ON promises (account, missed_at, started_at)
"""

# Taking the promise keywords back (issue 12): once a reply to an original is seen (in Sent, or \Answered),
# mailtriage removes $PromiseDue / $PromiseMissed from it; `keywords_cleared_at` records that it did, so it
# is done once. `due_at` and `missed_at` stay: the record that the promise came near or passed its time.
_PROMISE_KEYWORDS_CLEARED = """
ALTER TABLE promises ADD COLUMN keywords_cleared_at DOUBLE PRECISION
"""

# Named migrations, applied in order, each in its own transaction. Never edit or reorder one that has
# shipped: append a new one.
MIGRATIONS: tuple[Migration, ...] = (
    Migration("0001_initial", _INITIAL),
    Migration("0002_agent_notes", _AGENT_NOTES),
    Migration("0003_leases", _LEASES),
    Migration("0004_sent_feedback", _SENT_FEEDBACK),
    Migration("0005_label_corrections", _LABEL_CORRECTIONS),
    Migration("0006_promises", _PROMISES),
    Migration("0007_promise_keywords_cleared", _PROMISE_KEYWORDS_CLEARED),
)
