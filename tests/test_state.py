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
