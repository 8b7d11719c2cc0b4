"""`mailtriage migrate --from-sqlite`: a SQLite state from a real run, copied into the suite's real PostgreSQL.

The SQLite state is made once per module by a real `run --once` on the demo Maildir (claims, done marks,
cycles, feedback and promise rows), plus what the demo cannot make (a UID cursor, a failure, an agent's
measured reply, a label correction) through the store's own API. Each test copies it into a new database.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
import pytest
from test_worker import DEMO, NOW, drafts, run, write_config

from pipeline.cli import main
from pipeline.config import load_config
from pipeline.message import MessageKey
from pipeline.settings import StateSettings
from pipeline.state import MIGRATIONS, Decision, StateStore, Store, lock_state, open_state
from pipeline.state.copy import convert
from pipeline.state.corrections import Correction, CorrectionStore
from pipeline.state.feedback import FeedbackStore, Measured
from pipeline.state.leases import LeaseTable
from pipeline.state.promises import PromiseStore

KNOWN = {"messages", "cursors", "cycles", "feedback", "corrections", "keyword_cursors", "promises"}
FAILED = MessageKey("support", "INBOX", 7, "99")
TOP = 2**32 - 1  # UIDVALIDITY and UIDs are unsigned 32-bit: beyond a signed INTEGER


@dataclass(frozen=True)
class Demo:
    state: Path  # the SQLite file
    inbox: Path  # the Maildir its run drafted into
    sqlite_config: Path
    pg_config: Path
    pg: StateSettings


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """One real `run --once` on the demo inbox into SQLite, then the rows a Maildir run cannot make."""
    base = tmp_path_factory.mktemp("demo-run")
    inbox = base / "inbox"
    shutil.copytree(DEMO, inbox)
    for sub in ("cur", "new", "tmp"):
        (inbox / sub).mkdir(exist_ok=True)
    config = write_config(base, inbox)
    assert sum(1 for _, d in run(config) if d == "drafted") >= 15
    state = StateStore(base / "state.sqlite3")
    try:
        state.set_cursor("support", "INBOX", TOP, TOP - 1)
        assert state.mark_failed(FAILED, "append refused") == 1
        drafted = state.unanswered("support")[0]
        FeedbackStore(state).save_measure(
            drafted, Measured("edited", 0.8, '{"kept": 3}', "<sent@example.com>", NOW.timestamp(), -60.5, "Hi")
        )
        CorrectionStore(state).record(
            [Correction(drafted, "type", "billing", "technical")], "support", ("INBOX", 7, 12)
        )
    finally:
        state.close()
    return base / "state.sqlite3", inbox


@pytest.fixture()
def demo(demo_run: tuple[Path, Path], tmp_path: Path, postgres_state: StateSettings) -> Demo:
    """A fresh copy of the demo run's state and Maildir, and configs naming it or a new, empty database."""
    state, inbox = demo_run
    shutil.copytree(inbox, tmp_path / "inbox")
    with closing(sqlite3.connect(state)) as src, closing(sqlite3.connect(tmp_path / "state.sqlite3")) as dst:
        src.backup(dst)
    sqlite_config = write_config(tmp_path, tmp_path / "inbox")  # [state] path = tmp_path / "state.sqlite3"
    pg_config = postgres_config(tmp_path, postgres_state)
    return Demo(tmp_path / "state.sqlite3", tmp_path / "inbox", sqlite_config, pg_config, postgres_state)


def postgres_config(tmp_path: Path, pg: StateSettings) -> Path:
    """The demo config on ``tmp_path / "inbox"`` with ``[state] url`` instead of path: what a user edits."""
    text = write_config(tmp_path, tmp_path / "inbox").read_text()
    line = f'path = "{tmp_path / "state.sqlite3"}"'
    assert text.count(line) == 1 and pg.password is not None
    config = tmp_path / "postgres.toml"
    config.write_text(text.replace(line, f'url = "{pg.url}"\npassword_file = "{pg.password.file}"'))
    assert load_config(config).state.kind == "postgresql"
    return config


def migrate(config: Path, source: Path, *extra: str) -> int:
    return main(["migrate", "--config", str(config), "--from-sqlite", str(source), *extra])


def dump(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table a migrate copies, in an order both stores agree on."""
    with closing(sqlite3.connect(":memory:")) as probe:  # the schema's tables, as the copy finds them
        for migration in MIGRATIONS:
            for statement in migration.statements("sqlite"):
                probe.execute(statement)
        names = [r[0] for r in probe.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    tables = [n for n in names if n not in ("leases", "workers")]
    assert set(tables) >= KNOWN
    return {t: sorted((tuple(r) for r in store.query(f"SELECT * FROM {t}")), key=repr) for t in tables}


def pg_tables(pg: StateSettings) -> list[str]:
    """The tables in the database: none at all after a refused or dry migrate into a new one."""
    assert pg.password is not None
    with psycopg.connect(pg.url, password=Path(pg.password.file).read_text().strip()) as conn:
        rows = conn.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()")
        return sorted(r[0] for r in rows)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def counts_printed(out: str) -> dict[str, int]:
    return {m[1]: int(m[2]) for m in re.finditer(r"^  (\w+) +(\d+) rows?$", out, re.MULTILINE)}


# -- the copy --------------------------------------------------------------------------------------------


def test_a_real_run_is_copied_whole_and_postgres_answers_the_same(
    demo: Demo, capsys: pytest.CaptureFixture[str]
) -> None:
    before = digest(demo.state)
    assert migrate(demo.pg_config, demo.state, "--dry-run") == 0
    dry = capsys.readouterr().out
    assert "dry run: nothing was written" in dry and "not copied (runtime only): leases, workers" in dry
    assert pg_tables(demo.pg) == [] and digest(demo.state) == before  # not even the migrations

    assert migrate(demo.pg_config, demo.state) == 0
    out = capsys.readouterr().out
    lite, pg = StateStore(demo.state), open_state(demo.pg)
    try:
        expected = dump(lite)
        assert counts_printed(out) == counts_printed(dry) == {t: len(rows) for t, rows in expected.items()}
        assert expected["messages"] and expected["feedback"] and expected["promises"] and expected["corrections"]
        assert dump(pg) == expected  # every value, type included: floats to the bit, 32-bit unsigned ids
        assert pg.applied_migrations() == [m.name for m in MIGRATIONS]
        # the store's own queries: done keys, cursors, backlog, rate limits, failures, what `report` reads
        keys = [MessageKey(*r[:4]) for r in expected["messages"]]
        assert [pg.is_handled(k) for k in keys] == [lite.is_handled(k) for k in keys]
        assert [pg.get(k) for k in keys] == [lite.get(k) for k in keys]
        assert pg.get_cursor("support", "INBOX") == lite.get_cursor("support", "INBOX") == (TOP, TOP - 1)
        assert pg.open_drafts("support") == lite.open_drafts("support") >= 15
        assert set(pg.unanswered("support")) == set(lite.unanswered("support"))  # no ORDER BY there
        sender = expected["messages"][0][5]
        assert pg.recent_drafts("support", sender, 3600) == lite.recent_drafts("support", sender, 3600)
        assert pg.summary("support") == lite.summary("support")  # last cycle, counts, failures, latest drafts
        assert pg.get(FAILED) == lite.get(FAILED) and pg.get(FAILED).reason == "append refused"  # type: ignore[union-attr]
        by_key = lambda rows: sorted(rows, key=lambda r: r["key"])  # noqa: E731 - ties in time order either way
        assert by_key(FeedbackStore(pg).rows()) == by_key(FeedbackStore(lite).rows())
        assert CorrectionStore(pg).rows() == CorrectionStore(lite).rows() != []
        assert CorrectionStore(pg).cursor("support", "INBOX") == (7, 12)
        since = NOW.timestamp() - 30 * 86400
        assert PromiseStore(pg).summary("support", since) == PromiseStore(lite).summary("support", since)
    finally:
        lite.close()
        pg.close()
    now = ["report", "--json", "--now", "2026-12-01T10:00:00+00:00"]
    assert main(["--config", str(demo.sqlite_config), *now]) == 0
    report = capsys.readouterr().out
    assert main(["--config", str(demo.pg_config), *now]) == 0
    assert capsys.readouterr().out == report


def test_a_worker_on_the_migrated_state_drafts_nothing_twice(demo: Demo, capsys: pytest.CaptureFixture[str]) -> None:
    count = len(drafts(demo.inbox))
    assert migrate(demo.pg_config, demo.state) == 0
    assert run(demo.pg_config) == []  # every message of the demo inbox is handled already
    # new mail still gets its one draft
    (demo.inbox / "new" / "1795000000.M1P1.new").write_bytes(
        b"From: New Customer <new@example.org>\nTo: support@example.com\nSubject: Order never arrived\n"
        b"Message-ID: <new1@example.org>\n\nMy order has not arrived and I was charged. Please help.\n"
    )
    assert [d for _, d in run(demo.pg_config)] == ["drafted"]
    assert run(demo.pg_config) == []
    assert len(drafts(demo.inbox)) == count + 1


def test_a_second_migrate_into_the_same_database_is_refused_and_changes_nothing(
    demo: Demo, capsys: pytest.CaptureFixture[str]
) -> None:
    assert migrate(demo.pg_config, demo.state) == 0
    pg = open_state(demo.pg)
    try:
        copied = dump(pg)
        capsys.readouterr()
        for extra in ((), ("--dry-run",)):
            assert migrate(demo.pg_config, demo.state, *extra) == 4
            err = capsys.readouterr().err
            assert f"already holds rows (messages {len(copied['messages'])}," in err
            assert "migrate copies into an empty database only" in err and "point [state] url at it" in err
        assert dump(pg) == copied
    finally:
        pg.close()


# -- refusals: nothing is written anywhere ------------------------------------------------------------


def test_a_sqlite_file_a_worker_holds_is_refused(demo: Demo, capsys: pytest.CaptureFixture[str]) -> None:
    before = digest(demo.state)
    lock = lock_state(demo.state)  # what `mailtriage run` holds on the file
    try:
        assert migrate(demo.pg_config, demo.state) == 4
    finally:
        lock.close()
    err = capsys.readouterr().err
    assert f"is using {demo.state}: stop every mailtriage worker" in err
    assert pg_tables(demo.pg) == [] and digest(demo.state) == before


def test_a_live_worker_on_the_target_is_refused(demo: Demo, capsys: pytest.CaptureFixture[str]) -> None:
    store = open_state(demo.pg)  # a worker started on the new database before the copy
    try:
        table = LeaseTable(store, "host-a:1:aaaaaa", 60)
        table.beat()
        assert table.acquire("support") == ""
        assert migrate(demo.pg_config, demo.state) == 4
        err = capsys.readouterr().err
        assert "host-a:1:aaaaaa holds mailbox support (lease ends in" in err and "stop every mailtriage worker" in err
        assert store.query("SELECT COUNT(*) FROM messages") == [(0,)]
        table.release(["support"])  # its lease handed back, the worker row still beats
        assert migrate(demo.pg_config, demo.state) == 4
        assert "worker(s) host-a:1:aaaaaa running" in capsys.readouterr().err
        table.leave()
        assert migrate(demo.pg_config, demo.state) == 0  # stopped: the copy goes ahead
    finally:
        store.close()


def test_wrong_sources_and_a_sqlite_config_are_refused_naming_the_fix(
    demo: Demo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    newer = tmp_path / "newer.sqlite3"
    shutil.copy(demo.state, newer)
    with closing(sqlite3.connect(newer)) as db:
        db.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    assert migrate(demo.pg_config, newer) == 4
    assert f"{newer} is from a newer mailtriage (schema {len(MIGRATIONS) + 1}" in capsys.readouterr().err
    other = tmp_path / "other.sqlite3"
    with closing(sqlite3.connect(other)) as db:
        db.execute("CREATE TABLE notes (x)")
    assert migrate(demo.pg_config, other) == 4
    assert f"{other} is not a mailtriage state (its tables: notes)" in capsys.readouterr().err
    extra = tmp_path / "extra.sqlite3"
    shutil.copy(demo.state, extra)
    with closing(sqlite3.connect(extra)) as db:
        db.execute("CREATE TABLE scratch (x)")
    assert migrate(demo.pg_config, extra) == 4
    assert "has no table scratch, which the SQLite file has (added by hand?)" in capsys.readouterr().err
    assert migrate(demo.pg_config, tmp_path / "missing.sqlite3") == 4
    assert "missing.sqlite3: no such file" in capsys.readouterr().err
    assert not (tmp_path / "missing.sqlite3").exists()
    assert migrate(demo.sqlite_config, demo.state) == 2
    assert f"{demo.sqlite_config}: state.url: not set" in capsys.readouterr().err
    assert pg_tables(demo.pg) == []


def test_an_older_sqlite_file_is_migrated_first_but_not_by_a_dry_run(
    postgres_state: StateSettings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = tmp_path / "old.sqlite3"
    with closing(sqlite3.connect(old)) as db:  # a state written by a mailtriage that knew two migrations
        for migration in MIGRATIONS[:2]:
            for statement in migration.statements("sqlite"):
                db.execute(statement)
        db.execute("PRAGMA user_version = 2")
        db.execute("INSERT INTO messages (account, folder, uidvalidity, uid, status, created_at, updated_at)"
                   " VALUES ('support', 'INBOX', 7, '1', 'drafted', 1.5, 2.5)")  # fmt: skip
        db.execute("INSERT INTO cycles VALUES ('support', 1.0, 2.0, 1, 0, 0, NULL)")
        db.commit()
    config = postgres_config(tmp_path, postgres_state)
    before = digest(old)
    assert migrate(config, old, "--dry-run") == 0
    assert counts_printed(capsys.readouterr().out)["messages"] == 1
    assert digest(old) == before and pg_tables(postgres_state) == []
    assert migrate(config, old) == 0
    with closing(sqlite3.connect(old)) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    pg = open_state(postgres_state)
    try:
        assert pg.query("SELECT uid, status, band, created_at FROM messages") == [("1", "drafted", None, 1.5)]
        assert pg.query("SELECT COUNT(*) FROM cycles") == [(1,)]
    finally:
        pg.close()


# -- column types and sequences ------------------------------------------------------------------------


def test_types_convert_and_sequences_move_past_the_copied_ids(
    postgres_state: StateSettings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "s.sqlite3"
    StateStore(source).close()
    with closing(sqlite3.connect(source)) as db:  # a table a later migration might add, SQLite-typed
        db.execute("CREATE TABLE extra (id INTEGER PRIMARY KEY, flag INTEGER, at REAL, stamp TEXT, data BLOB,"
                   " note TEXT)")  # fmt: skip
        db.execute(
            "INSERT INTO extra VALUES (1, 1, 1795600800.5, '2026-11-25T10:00:00', x'00ff62', 'a' || char(0) || 'b')"
        )
        db.execute("INSERT INTO extra VALUES (7, 0, NULL, NULL, 'text blob', 42)")
        db.commit()
    pg = open_state(postgres_state)
    try:
        with pg.session() as s:  # ... and PostgreSQL-typed, with a serial id
            s.run("CREATE TABLE extra (id BIGSERIAL PRIMARY KEY, flag BOOLEAN, at TIMESTAMPTZ, stamp TIMESTAMP,"
                  " data BYTEA, note TEXT)")  # fmt: skip
        config = postgres_config(tmp_path, postgres_state)
        assert migrate(config, source) == 0
        assert "1 NUL character(s) in extra.note replaced by U+FFFD" in capsys.readouterr().out
        assert pg.query("SELECT * FROM extra ORDER BY id") == [
            (1, True, datetime(2026, 11, 25, 10, 0, 0, 500000, tzinfo=UTC), datetime(2026, 11, 25, 10, 0),
             b"\x00\xffb", "a\ufffdb"),
            (7, False, None, None, b"text blob", "42"),
        ]  # fmt: skip
        with pg.session() as s:  # a new row after the copied ones, not id 1 again
            assert s.rows("INSERT INTO extra (flag) VALUES (true) RETURNING id") == [(8,)]
    finally:
        pg.close()


def test_a_value_postgresql_cannot_hold_is_named_and_nothing_is_written(
    postgres_state: StateSettings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "s.sqlite3"
    store = StateStore(source)
    store.mark_skipped(MessageKey("support", "INBOX", 7, "1"), "bounce", Decision())
    store.mark_skipped(MessageKey("support", "INBOX", 7, "2"), "bounce", Decision())
    with store.session() as s:
        s.run("UPDATE messages SET attempts='many' WHERE uid='2'")  # SQLite keeps text in an INTEGER column
    store.close()
    config = postgres_config(tmp_path, postgres_state)
    assert migrate(config, source) == 4
    err = capsys.readouterr().err
    assert "messages (account='support', folder='INBOX', uidvalidity=7, uid='2'): attempts: 'many' (str)" in err
    assert "correct or delete that row in the SQLite file" in err
    assert pg_tables(postgres_state) == []


@pytest.mark.parametrize(
    ("value", "pg_type", "expected"),
    [
        (1, "boolean", True),
        (0, "boolean", False),
        ("true", "boolean", True),
        (3.0, "bigint", 3),
        ("42", "integer", 42),
        (3, "double precision", 3.0),
        ("2.5", "double precision", 2.5),
        (0.0, "timestamp with time zone", datetime(1970, 1, 1, tzinfo=UTC)),
        ("2026-11-25T11:00:00+01:00", "timestamp without time zone", datetime(2026, 11, 25, 10, 0)),
        ("text", "bytea", b"text"),
        (b"caf\xc3\xa9", "text", "café"),
        (7, "text", "7"),
        (None, "boolean", None),
    ],
)
def test_sqlite_values_convert_to_the_postgresql_column_type(value: object, pg_type: str, expected: object) -> None:
    assert convert(value, pg_type) == expected
    assert type(convert(value, pg_type)) is type(expected)


@pytest.mark.parametrize(
    ("value", "pg_type"), [(2, "boolean"), (1.5, "integer"), ("soon", "timestamp with time zone"), (b"\xff", "text")]
)
def test_values_that_do_not_fit_are_refused_not_guessed(value: object, pg_type: str) -> None:
    with pytest.raises(ValueError, match=r"does not fit|not UTF-8"):
        convert(value, pg_type)
