"""The state store, on SQLite and on a real PostgreSQL: claims, marks, migrations, cursors, locks."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from postgres import Postgres

from pipeline.errors import StateError
from pipeline.message import MessageKey
from pipeline.settings import StateSettings
from pipeline.state import MAX_ATTEMPTS, MIGRATIONS, Decision, StateStore, Store, open_state

KEY = MessageKey("support", "INBOX", 7, "1")
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(params=["sqlite", "postgresql"])
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> StateSettings:
    """Where a store lives: a SQLite file, or a new database on the session's PostgreSQL."""
    if request.param == "sqlite":
        return StateSettings(path=tmp_path / "s.db")
    result: StateSettings = request.getfixturevalue("postgres_state")
    return result


@pytest.fixture()
def state(settings: StateSettings) -> Iterator[Store]:
    store = open_state(settings)
    yield store
    store.close()


def pg_connect(settings: StateSettings) -> psycopg.Connection[object]:
    """A direct connection to the store's database, to set up what a test needs behind its back."""
    assert settings.password is not None
    password = Path(settings.password.file).read_text().strip()
    return psycopg.connect(settings.url, password=password, autocommit=True)


def test_open_state_picks_the_store_the_config_names(state: Store, settings: StateSettings) -> None:
    assert state.kind == settings.kind
    assert state.where() == settings.describe()
    assert "pg-" not in state.where()  # the test server's password never shows


def test_claim_then_mark_is_handled(state: Store) -> None:
    assert not state.is_handled(KEY)
    assert state.claim(KEY, Decision(message_id="<a@x>", type="billing")) is None
    assert not state.is_handled(KEY)  # claimed but not marked: a crash here must be reconciled
    assert state.interrupted("support") == [KEY]
    state.mark_drafted(KEY, "draft-1")
    assert state.is_handled(KEY)
    assert state.interrupted("support") == []
    assert state.handled_message_id("support", "<a@x>").key == KEY  # type: ignore[union-attr]
    assert state.open_drafts("support") == 1
    assert state.open_drafts("support", "billing") == 1
    assert state.open_drafts("support", "sales") == 0


def test_second_claim_returns_the_interrupted_record(state: Store) -> None:
    state.claim(KEY, Decision())
    previous = state.claim(KEY, Decision())
    assert previous is not None and previous.status == "claimed" and previous.attempts == 1
    assert state.get(KEY).attempts == 2  # type: ignore[union-attr]


def test_failures_are_retried_then_left_for_a_human(state: Store) -> None:
    for attempt in range(1, MAX_ATTEMPTS + 1):
        assert not state.is_handled(KEY)
        assert state.mark_failed(KEY, "boom") == attempt
    assert state.is_handled(KEY)
    summary = state.summary("support")
    assert summary["failures"][0]["reason"] == "boom"  # type: ignore[index]


def test_a_failed_claim_counts_once_and_a_full_mailbox_gives_the_attempt_back(state: Store) -> None:
    state.claim_many([(KEY, Decision())])
    assert state.mark_failed(KEY, "append refused") == 1  # the claim already counted this attempt
    other = MessageKey("support", "INBOX", 7, "2")
    state.claim(other, Decision())
    state.release(other, "mailbox full")
    record = state.get(other)
    assert record is not None and (record.status, record.attempts, record.reason) == ("failed", 0, "mailbox full")
    assert not state.is_handled(other)


def test_state_survives_reopen_and_records_its_migrations(settings: StateSettings) -> None:
    state = open_state(settings)
    state.mark_skipped(KEY, "bounce", Decision())
    state.set_cursor("support", "INBOX", 7, 42)
    state.close()
    again = open_state(settings)
    try:
        assert again.is_handled(KEY)
        assert again.get_cursor("support", "INBOX") == (7, 42)
        assert again.applied_migrations() == [m.name for m in MIGRATIONS]
        if isinstance(again, StateStore):  # SQLite counts them in user_version, as it always has
            assert again.db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    finally:
        again.close()


def test_uid_cursors_per_uidvalidity_hold_unsigned_32_bit_values(state: Store) -> None:
    top = 2**32 - 1  # UIDVALIDITY and UIDs are unsigned 32-bit: beyond a signed INTEGER
    assert state.get_cursor("support", "INBOX") is None
    state.set_cursor("support", "INBOX", top, top - 1)
    assert state.get_cursor("support", "INBOX") == (top, top - 1)
    state.set_cursor("support", "INBOX", 8, 3)  # a new UIDVALIDITY replaces the cursor
    assert state.get_cursor("support", "INBOX") == (8, 3)
    assert state.get_cursor("support", "Archive") is None
    big = MessageKey("support", "INBOX", top, str(top))
    state.claim(big, Decision())
    assert state.interrupted("support") == [big]


def test_backlog_rate_limit_answers_cycles_and_exports(state: Store) -> None:
    keys = [MessageKey("support", "INBOX", 7, str(n)) for n in range(4)]
    decision = Decision(sender="loop@example.org", subject="Order", body_excerpt="Where is it?", type="returns",
                        urgency="normal", tone="calm", language="en")  # fmt: skip
    state.claim_many([(k, decision) for k in keys])
    assert state.recent_drafts("support", "loop@example.org", 3600) == 4  # claimed counts: a crash must not reset
    state.mark_drafted_many([(k, f"draft-{k.uid}") for k in keys])
    assert state.open_drafts("support") == 4 and state.open_drafts("support", "returns") == 4
    assert set(state.unanswered("support")) == set(keys)
    assert state.mark_answered("support", [keys[0], keys[1], MessageKey("other", "INBOX", 7, "2")]) == 2
    assert state.mark_answered("support", [keys[0]]) == 0  # already answered
    assert state.open_drafts("support") == 2
    state.record_cycle("support", 1.0, drafted=4, skipped=0, failed=0)
    state.record_cycle("support", 2.0, drafted=0, skipped=0, failed=1, error="server gone")
    summary = state.summary("support")
    assert summary["counts"] == {"drafted": 4, "skipped": 0, "failed": 0, "claimed": 0}
    assert summary["last_cycle"]["error"] == "server gone"  # type: ignore[index]
    assert summary["last_success"] is not None
    assert len(summary["recent_drafts"]) == 4  # type: ignore[arg-type]
    rows = list(state.decisions("support"))
    assert len(rows) == 4 and rows[0]["type"] == "returns" and rows[0]["body"] == "Where is it?"
    assert list(state.decisions("nobody")) == []


def test_corrupt_state_file_gives_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StateError, match="move it aside"):
        StateStore(path)


def test_newer_schema_is_refused(settings: StateSettings) -> None:
    if settings.url:
        open_state(settings).close()
        with pg_connect(settings) as conn:
            conn.execute("INSERT INTO schema_migrations VALUES ('9999_from_the_future', 0)")
    else:
        db = sqlite3.connect(settings.path)
        db.execute("PRAGMA user_version = 99")
        db.close()
    with pytest.raises(StateError, match="newer mailtriage"):
        open_state(settings)


def test_one_worker_per_state_store(settings: StateSettings) -> None:
    """SQLite: one worker per file. PostgreSQL: any number, each on the mailboxes it leases (test_leases)."""
    held = open_state(settings, worker=True)
    if settings.url:
        open_state(settings, worker=True).close()
    else:
        with pytest.raises(StateError, match="another mailtriage worker"):
            open_state(settings, worker=True)
    reader = open_state(settings)  # status and export still read while a worker runs
    reader.close()
    held.close()
    open_state(settings, worker=True).close()  # released with the file or connection: free again


def test_agent_notes_are_stored_beside_the_triage_and_listed_for_status(state: Store) -> None:
    notes = Decision(message_id="<a@x>", type="billing", urgency="high", tone="frustrated", confidence=0.91,
                     template="en/billing.j2", band="high", why="tone frustrated (high 0.97: unacceptable)",
                     plan_notes="escalated: frustrated and urgent", rules="vip-domain, outage-words")  # fmt: skip
    state.claim_many([(KEY, notes)])
    state.mark_drafted_many([(KEY, "draft-1")])
    row = state.query("SELECT band, why, plan_notes, rules, tone FROM messages")[0]
    assert tuple(row) == ("high", notes.why, notes.plan_notes, notes.rules, "frustrated")
    (recent,) = state.summary("support")["recent_drafts"]  # type: ignore[misc]
    assert recent["key"] == str(KEY) and recent["why"] == notes.why and recent["plan"] == notes.plan_notes
    assert (recent["tone"], recent["band"], recent["rules"]) == ("frustrated", "high", notes.rules)
    assert recent["confidence"] == pytest.approx(0.91)


def test_a_store_from_before_the_agent_notes_is_migrated_in_place(settings: StateSettings) -> None:
    first = MIGRATIONS[0]
    insert = ("INSERT INTO messages (account, folder, uidvalidity, uid, status, type, tone, created_at, updated_at)"
              " VALUES ('support', 'INBOX', 7, '1', 'drafted', 'billing', 'calm', 1, 1)")  # fmt: skip
    if settings.url:  # the schema as 0001_initial left it, with one drafted message
        with pg_connect(settings) as conn:
            for statement in first.statements("postgresql"):
                conn.execute(statement)  # type: ignore[call-overload]
            conn.execute("CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at DOUBLE PRECISION NOT NULL)")
            conn.execute("INSERT INTO schema_migrations VALUES (%s, 0)", (first.name,))
            conn.execute(insert)  # type: ignore[call-overload]
    else:
        db = sqlite3.connect(settings.path, isolation_level=None)
        for statement in first.statements("sqlite"):
            db.execute(statement)
        db.execute(insert)
        db.execute("PRAGMA user_version = 1")
        db.close()
    state = open_state(settings)
    try:
        assert [m.name for m in MIGRATIONS][1] == "0002_agent_notes"
        assert state.applied_migrations() == [m.name for m in MIGRATIONS]
        assert state.is_handled(KEY)  # nothing recorded before is lost
        state.query("SELECT band, why, plan_notes, rules, type, urgency, tone, confidence FROM messages")
        (recent,) = state.latest_drafts("support")
        assert (recent["type"], recent["tone"], recent["why"]) == ("billing", "calm", None)
    finally:
        state.close()


# A process that opens the store (migrating it, if it is new), says "ready", waits for "go" on stdin,
# then claims every key in order and prints the keys its claims were the first for.
CLAIMER = """
import json, sys
from pathlib import Path
from pipeline.message import MessageKey
from pipeline.settings import Secret, StateSettings
from pipeline.state import Decision, open_state
url, password_file, path, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
secret = Secret(file=password_file) if url else None
state = open_state(StateSettings(path=Path(path), url=url, password=secret, sslmode="prefer" if url else ""))
print("ready", flush=True)
sys.stdin.readline()
first = [n for n in range(count) if state.claim(MessageKey("support", "INBOX", 7, str(n)), Decision()) is None]
state.close()
print(json.dumps(first), flush=True)
"""


def test_two_processes_claiming_the_same_messages_at_once_get_exactly_one_claim_each(settings: StateSettings) -> None:
    count = 300
    if not settings.url:  # one process makes a new SQLite file: switching it to WAL is not safe to race
        open_state(settings).close()
    password_file = settings.password.file if settings.password else ""
    args = [sys.executable, "-c", CLAIMER, settings.url, password_file, str(settings.path), str(count)]
    procs = [subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              cwd=ROOT) for _ in range(2)]  # fmt: skip
    try:
        for proc in procs:  # PostgreSQL: both migrated the new database at once, each migration once
            assert proc.stdout is not None and proc.stdout.readline().strip() == "ready", proc.communicate()[1]
        for proc in procs:
            assert proc.stdin is not None
            proc.stdin.write("go\n")
            proc.stdin.flush()
        results = [proc.communicate(timeout=60) for proc in procs]
    finally:
        for proc in procs:
            proc.kill()
    assert [p.returncode for p in procs] == [0, 0], [err for _, err in results]
    firsts = [set(json.loads(out.splitlines()[-1])) for out, _ in results]
    assert firsts[0].isdisjoint(firsts[1])  # never both first ...
    assert firsts[0] | firsts[1] == set(range(count))  # ... and always one of them
    state = open_state(settings)
    try:
        assert state.applied_migrations() == [m.name for m in MIGRATIONS]
        assert state.query("SELECT MIN(attempts), MAX(attempts), COUNT(*) FROM messages") == [(2, 2, count)]
    finally:
        state.close()


def test_postgres_errors_name_the_database_but_never_the_password(postgres: Postgres, tmp_path: Path) -> None:
    wrong = tmp_path / "wrong"
    wrong.write_text("not-the-password\n")
    settings = StateSettings(path=tmp_path / "x", url=postgres.url("postgres"), password=None, sslmode="prefer")
    from pipeline.settings import Secret

    for secret, expected in ((Secret(file=str(wrong)), "password authentication failed"),
                             (Secret(command="exit 3"), "exited 3")):  # fmt: skip
        with pytest.raises(StateError, match=expected) as info:
            open_state(StateSettings(**{**_fields(settings), "password": secret}))
        assert postgres.url("postgres") in str(info.value) and "not-the-password" not in str(info.value)
        assert postgres.password not in str(info.value)


def _fields(settings: StateSettings) -> dict[str, object]:
    return {name: getattr(settings, name) for name in ("path", "url", "password", "sslmode", "sslrootcert")}
