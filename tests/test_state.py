"""The SQLite state store: claims, marks, migrations, cursors."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from pipeline.errors import StateError
from pipeline.message import MessageKey
from pipeline.state import MAX_ATTEMPTS, MIGRATIONS, Decision, StateStore

KEY = MessageKey("support", "INBOX", 7, "1")


def test_claim_then_mark_is_handled(tmp_path: Path) -> None:
    state = StateStore(tmp_path / "s.db")
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


def test_second_claim_returns_the_interrupted_record(tmp_path: Path) -> None:
    state = StateStore(tmp_path / "s.db")
    state.claim(KEY, Decision())
    previous = state.claim(KEY, Decision())
    assert previous is not None and previous.status == "claimed"


def test_failures_are_retried_then_left_for_a_human(tmp_path: Path) -> None:
    state = StateStore(tmp_path / "s.db")
    for attempt in range(1, MAX_ATTEMPTS + 1):
        assert not state.is_handled(KEY)
        assert state.mark_failed(KEY, "boom") == attempt
    assert state.is_handled(KEY)
    summary = state.summary("support")
    assert summary["failures"][0]["reason"] == "boom"  # type: ignore[index]


def test_state_survives_reopen_and_records_schema_version(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    state = StateStore(path)
    state.mark_skipped(KEY, "bounce", Decision())
    state.set_cursor("support", "INBOX", 7, 42)
    state.close()
    again = StateStore(path)
    assert again.is_handled(KEY)
    assert again.get_cursor("support", "INBOX") == (7, 42)
    assert again.db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)


def test_corrupt_state_file_gives_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StateError, match="move it aside"):
        StateStore(path)


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version = 99")
    db.close()
    with pytest.raises(StateError, match="newer mailtriage"):
        StateStore(path)


def test_one_worker_per_state_store(tmp_path: Path) -> None:
    from pipeline.state import lock_state

    path = tmp_path / "s.db"
    held = lock_state(path)
    with pytest.raises(StateError, match="another mailtriage worker"):
        lock_state(path)
    held.close()
    lock_state(path).close()  # released with the file: free again


def test_agent_notes_are_stored_beside_the_triage_and_listed_for_status(tmp_path: Path) -> None:
    state = StateStore(tmp_path / "s.db")
    notes = Decision(message_id="<a@x>", type="billing", urgency="high", tone="frustrated", confidence=0.91,
                     template="en/billing.j2", band="high", why="tone frustrated (high 0.97: unacceptable)",
                     plan_notes="escalated: frustrated and urgent", rules="vip-domain, outage-words")  # fmt: skip
    state.claim_many([(KEY, notes)])
    state.mark_drafted_many([(KEY, "draft-1")])
    row = state.db.execute("SELECT band, why, plan_notes, rules, tone FROM messages").fetchone()
    assert row == ("high", notes.why, notes.plan_notes, notes.rules, "frustrated")
    (recent,) = state.summary("support")["recent_drafts"]  # type: ignore[misc]
    assert recent["key"] == str(KEY) and recent["why"] == notes.why and recent["plan"] == notes.plan_notes
    assert (recent["tone"], recent["band"], recent["rules"]) == ("frustrated", "high", notes.rules)


def test_a_store_from_before_the_agent_notes_is_migrated_in_place(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    db = sqlite3.connect(path, isolation_level=None)
    MIGRATIONS[0][1](db)  # the schema as 0001_initial left it, with one drafted message
    db.execute("INSERT INTO messages (account, folder, uidvalidity, uid, status, type, tone, created_at, updated_at)"
               " VALUES ('support', 'INBOX', 7, '1', 'drafted', 'billing', 'calm', 1, 1)")  # fmt: skip
    db.execute("PRAGMA user_version = 1")
    db.close()
    state = StateStore(path)
    assert [name for name, _ in MIGRATIONS][1] == "0002_agent_notes"
    assert state.db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert state.is_handled(KEY)  # nothing recorded before is lost
    columns = {r[1] for r in state.db.execute("PRAGMA table_info(messages)")}
    assert {"band", "why", "plan_notes", "rules", "type", "urgency", "tone", "confidence"} <= columns
    (recent,) = state.latest_drafts("support")
    assert (recent["type"], recent["tone"], recent["why"]) == ("billing", "calm", None)
