"""Copy a SQLite state into an empty PostgreSQL state, in one transaction (``mailtriage migrate``).

The tables and columns come from the SQLite catalog once its migrations are applied, so a table a
new migration adds is copied without this module changing; each must exist in PostgreSQL (the same
migrations made it there). ``leases`` and ``workers`` are not copied: they say which running worker
holds what, and the SQLite file's are empty anyway (its one worker holds the lock file instead).

Refused, with nothing written: a SQLite file a worker is using (its lock file is held), one from a
newer mailtriage or not a mailtriage state at all; a PostgreSQL state where a live worker has a row or a
lease, or where any copied table already holds a row (the copy never merges two histories: the
claims and done marks of one message must not come from two stores).
"""

from __future__ import annotations

import fcntl
import sqlite3
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

from ..errors import StateError
from ..settings import StateSettings
from .leases import NOW
from .postgres import PostgresStore
from .schema import MIGRATIONS
from .sqlite import StateStore

RUNTIME_TABLES = ("leases", "workers")  # who holds what right now: meaningless in another store
LOCK_TIMEOUT = "10s"  # a worker writing to the target: give up with a clear error rather than hang
STOP_WORKERS = "stop every mailtriage worker and timer first (systemctl stop 'mailtriage*'), then run migrate again"


@dataclass(frozen=True, slots=True)
class Copied:
    """What ``copy_state`` copied (or, with ``dry_run``, would have): rows per table, in copy order."""

    source: str
    target: str
    tables: tuple[tuple[str, int], ...]
    skipped: tuple[str, ...]  # runtime-only tables, not copied
    migrations: tuple[str, ...]  # the schema both stores have now
    dry_run: bool
    notes: tuple[str, ...] = ()  # values changed on the way (a NUL character PostgreSQL cannot hold)


@dataclass(frozen=True, slots=True)
class _Table:
    name: str
    columns: tuple[str, ...]
    key: tuple[str, ...]  # primary key columns, to name a row in an error
    order: str  # SQLite's insertion order, so PostgreSQL's ctid tie-breaks (Store.ROW_ID) stay the same


def copy_state(source: Path, target: StateSettings, *, dry_run: bool = False) -> Copied:
    """Copy every table of the SQLite state at ``source`` into the PostgreSQL state ``target``.

    Both get their missing migrations first (with ``dry_run`` the SQLite file's are applied to a
    copy, and PostgreSQL's are rolled back with the rest). Returns the row counts; raises StateError,
    with nothing written to PostgreSQL, for every refusal named in the module docstring.
    """
    if not target.url:
        raise StateError("migrate copies into PostgreSQL: [state] url is not set")
    pg = _Target(target)
    with _worker_lock(source), tempfile.TemporaryDirectory(prefix="mailtriage-migrate-") as scratch:
        store = _open_source(source, dry_run, Path(scratch))
        try:
            tables = _tables(store.db)
            try:
                # SQLite's write lock for the copy: every table read from one moment, whoever else opens the file
                with store.transaction(), pg._errors("cannot be used"), pg.connect() as conn:
                    counts, notes = _copy(store.db, tables, conn, pg, dry_run)
            except psycopg.Error as exc:  # a value PostgreSQL refused: the transaction was rolled back
                raise StateError(f"copying {source} into {pg.where()} failed, nothing was written:"
                                 f" {' '.join(str(exc).split())}") from exc  # fmt: skip
            except sqlite3.OperationalError as exc:  # "database is locked": a process without the lock file writes
                raise StateError(f"{source} cannot be read: {exc}; {STOP_WORKERS}") from exc
            skipped = tuple(t for t in RUNTIME_TABLES if t in _names(store.db))
        finally:
            store.close()
    return Copied(source=str(source), target=pg.where(), tables=counts, skipped=skipped,
                  migrations=tuple(m.name for m in MIGRATIONS), dry_run=dry_run, notes=notes)  # fmt: skip


class _Target(PostgresStore):
    """The configured PostgreSQL without the store's pool: one connection, whose single transaction
    also applies the migrations, so that a refusal or ``--dry-run`` leaves the database as it was."""

    def __init__(self, settings: StateSettings) -> None:  # not super().__init__: that commits migrations
        self.settings = settings
        self._owns_pool = False


@contextmanager
def _worker_lock(path: Path) -> Iterator[None]:
    """Hold the lock file a SQLite worker holds (``state.lock``), so none runs on it during the copy."""
    if not path.is_file():
        raise StateError(f"{path}: no such file; give the SQLite state the workers used ([state] path)")
    lock = path.with_name(path.name + ".lock")
    try:
        handle = lock.open("a+")
    except OSError as exc:
        raise StateError(f"cannot open {lock} to check that no worker uses {path}: {exc}") from exc
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "?"
            raise StateError(f"a mailtriage worker (pid {holder}) is using {path}: {STOP_WORKERS}") from None
        yield  # closing the file releases the lock; our pid is never written (nothing to clean up)


def _open_source(path: Path, dry_run: bool, scratch: Path) -> StateStore:
    """The SQLite store, migrated: in place, or for ``dry_run`` (when behind) in a copy in ``scratch``."""
    try:
        with closing(sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)) as db:
            (version,) = db.execute("PRAGMA user_version").fetchone()
            names = _names(db)
    except sqlite3.DatabaseError as exc:
        raise StateError(f"{path} cannot be read as a SQLite state: {exc}") from exc
    if version > len(MIGRATIONS):
        raise StateError(f"{path} is from a newer mailtriage (schema {version}; this one knows {len(MIGRATIONS)}):"
                         " run migrate with the mailtriage version that last used it")  # fmt: skip
    if version == 0:  # mailtriage's first migration creates the tables and sets the version
        found = f"its tables: {', '.join(sorted(names))}" if names else "it is empty"
        raise StateError(f"{path} is not a mailtriage state ({found}); give the [state] path the workers used")
    if dry_run and version < len(MIGRATIONS):
        copy = scratch / path.name
        with closing(sqlite3.connect(path)) as src, closing(sqlite3.connect(copy)) as snapshot:
            src.backup(snapshot)  # a consistent copy even of a WAL file, without writing to it
        path = copy
    return StateStore(path)


def _names(db: sqlite3.Connection) -> set[str]:
    return {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")}


def _tables(db: sqlite3.Connection) -> list[_Table]:
    """The tables to copy, in the order they were created (a later one may refer to an earlier one)."""
    found = []
    for name, create in db.execute(
        "SELECT name, sql FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid"
    ).fetchall():
        if name in RUNTIME_TABLES:
            continue
        info = db.execute(f'PRAGMA table_info("{name}")').fetchall()  # (cid, name, type, notnull, default, pk)
        key = tuple(c[1] for c in sorted((c for c in info if c[5]), key=lambda c: c[5]))
        no_rowid = "WITHOUT ROWID" in " ".join(str(create).upper().split())
        order = ", ".join(f'"{k}"' for k in key) if no_rowid else "rowid"
        found.append(_Table(name, tuple(c[1] for c in info), key, order))
    return found


def _copy(db: sqlite3.Connection, tables: list[_Table], conn: psycopg.Connection[Any], pg: _Target,
          dry_run: bool) -> tuple[tuple[tuple[str, int], ...], tuple[str, ...]]:  # fmt: skip
    where = pg.where()
    counts: list[tuple[str, int]] = []
    nuls: dict[str, int] = {}
    with conn.transaction() as tx:
        conn.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")
        pg._migrate(conn)  # nested transactions are savepoints: committed with the rows, or not at all
        types = _pg_types(conn)
        _refuse_live_workers(conn, where)
        for table in tables:  # the same migrations made both: anything else was added to the file by hand
            known = types.get(table.name)
            missing = f"table {table.name}" if known is None else ", ".join(
                f"column {table.name}.{c}" for c in table.columns if c not in known)  # fmt: skip
            if missing:
                raise StateError(f"{where} has no {missing}, which the SQLite file has (added by hand?): drop it"
                                 " from the file, then run migrate again")  # fmt: skip
        names = sql.SQL(", ").join(sql.Identifier(t.name) for t in tables)
        try:
            # EXCLUSIVE lets readers in (status) but makes a worker's claim wait for the copy to commit
            conn.execute(sql.SQL("LOCK TABLE {} IN EXCLUSIVE MODE").format(names))
        except psycopg.errors.LockNotAvailable:
            raise StateError(f"{where} is busy: a worker is writing to it; {STOP_WORKERS}") from None
        held = [(t.name, n) for t in tables if (n := _count(conn, t.name))]
        if held:
            rows = ", ".join(f"{name} {n}" for name, n in held)
            raise StateError(f"{where} already holds rows ({rows}); migrate copies into an empty database only:"
                             " create one (createdb -O mailtriage mailtriage_new), point [state] url at it, run"
                             " migrate again")  # fmt: skip
        for table in tables:
            counts.append((table.name, _copy_table(db, conn, table, types[table.name], nuls)))
            if not dry_run:  # setval is never rolled back: a dry run must not move a sequence
                _bump_sequences(conn, table.name)
        if dry_run:
            raise psycopg.Rollback(tx)
    notes = tuple(f"{n} NUL character(s) in {col} replaced by U+FFFD (PostgreSQL text cannot hold them)"
                  for col, n in nuls.items())  # fmt: skip
    return tuple(counts), notes


def _pg_types(conn: psycopg.Connection[Any]) -> dict[str, dict[str, str]]:
    """Per table of the target's schema, each column's type (information_schema's data_type)."""
    types: dict[str, dict[str, str]] = {}
    for table, column, data_type in conn.execute(
        "SELECT table_name, column_name, data_type FROM information_schema.columns"
        " WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position"
    ):
        types.setdefault(table, {})[column] = data_type
    return types


def _refuse_live_workers(conn: psycopg.Connection[Any], where: str) -> None:
    """A worker with an unexpired heartbeat or lease may write at any moment: the copy would race it."""
    leases = conn.execute(
        f"SELECT mailbox, holder, expires_at - {NOW} FROM leases WHERE expires_at > {NOW} ORDER BY mailbox"
    ).fetchall()
    if leases:
        held = "; ".join(f"{holder} holds mailbox {box} (lease ends in {left:.0f} s)" for box, holder, left in leases)
        raise StateError(f"{where}: {held}; {STOP_WORKERS}")
    live = [r[0] for r in conn.execute(f"SELECT worker FROM workers WHERE expires_at > {NOW} ORDER BY worker")]
    if live:
        raise StateError(f"{where}: worker(s) {', '.join(live)} running; {STOP_WORKERS}")


def _count(conn: psycopg.Connection[Any], table: str) -> int:
    row = conn.execute(sql.SQL("SELECT COUNT(*) FROM {}").format(sql.Identifier(table))).fetchone()
    return int(row[0]) if row else 0


def _copy_table(db: sqlite3.Connection, conn: psycopg.Connection[Any], table: _Table, types: dict[str, str],
                nuls: dict[str, int]) -> int:  # fmt: skip
    """Stream one table's rows through COPY (one round trip, not one per row); return how many."""
    cols = ", ".join(f'"{c}"' for c in table.columns)
    target = [types[c] for c in table.columns]
    copy_sql = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table.name), sql.SQL(", ").join(sql.Identifier(c) for c in table.columns)
    )
    n = 0
    with conn.cursor() as cur, cur.copy(copy_sql) as copy:
        for row in db.execute(f'SELECT {cols} FROM "{table.name}" ORDER BY {table.order}'):
            out = []
            for column, value, pg_type in zip(table.columns, row, target, strict=True):
                try:
                    converted = convert(value, pg_type)
                except ValueError as exc:
                    raise StateError(f"{table.name} {_which(table, row)}: {column}: {exc}; correct or delete that"
                                     " row in the SQLite file, then run migrate again") from None  # fmt: skip
                if isinstance(converted, str) and "\x00" in converted:
                    nuls[f"{table.name}.{column}"] = nuls.get(f"{table.name}.{column}", 0) + converted.count("\x00")
                    converted = converted.replace("\x00", "\ufffd")
                out.append(converted)
            copy.write_row(out)
            n += 1
    return n


def _which(table: _Table, row: Sequence[object]) -> str:
    """A row as a person finds it again: its primary key."""
    if not table.key:
        return "row"
    values = dict(zip(table.columns, row, strict=True))
    return "(" + ", ".join(f"{k}={values[k]!r}" for k in table.key) + ")"


def _bump_sequences(conn: psycopg.Connection[Any], table: str) -> None:
    """Move each serial or identity column's sequence past the copied ids, so new rows never collide.

    No table has one today (keys are the message's own); this keeps the copy right when one is added.
    """
    name = sql.Identifier(table).as_string(conn)
    for column, sequence in conn.execute(
        "SELECT attname, pg_get_serial_sequence(%s, attname) FROM pg_attribute"
        " WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped",
        (name, name),
    ).fetchall():
        if sequence:
            conn.execute(
                sql.SQL("SELECT setval(%s, m) FROM (SELECT MAX({}) AS m FROM {}) AS copied WHERE m IS NOT NULL").format(
                    sql.Identifier(column), sql.Identifier(table)
                ),
                (sequence,),
            )


_INTEGERS = ("smallint", "integer", "bigint")
_FLOATS = ("double precision", "real")
_TEXTS = ("text", "character varying", "character")
_TRUE, _FALSE = ("1", "t", "true", "y", "yes", "on"), ("0", "f", "false", "n", "no", "off")


def convert(value: object, pg_type: str) -> object:
    """A value as SQLite stored it, as the Python value psycopg writes into a column of ``pg_type``.

    SQLite keeps any value in any column (a boolean is 0/1, a time a Unix number or ISO text, text may
    come back as bytes); PostgreSQL checks each against the column's type. Raises ValueError naming
    what cannot be converted without guessing.
    """
    if value is None:
        return None
    if pg_type == "boolean":
        if isinstance(value, int | float) and value in (0, 1):
            return bool(value)
        if isinstance(value, str) and value.strip().lower() in (*_TRUE, *_FALSE):
            return value.strip().lower() in _TRUE
    elif pg_type in _INTEGERS:
        if isinstance(value, int):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str) and value.strip().lstrip("+-").isdigit():
            return int(value)
    elif pg_type in _FLOATS or pg_type == "numeric":
        if isinstance(value, int | float):
            return float(value) if pg_type in _FLOATS else value
        if isinstance(value, str):
            with suppress(ValueError, InvalidOperation):
                return float(value) if pg_type in _FLOATS else Decimal(value.strip())
    elif pg_type == "bytea":
        if isinstance(value, bytes):
            return value
        if isinstance(value, str):  # a blob written as text: its UTF-8 bytes, as SQLite's CAST would give
            return value.encode("utf-8")
    elif pg_type.startswith("timestamp"):
        moment = _moment(value)
        if moment is not None:
            return moment if pg_type.endswith("with time zone") else moment.astimezone(UTC).replace(tzinfo=None)
    elif pg_type == "date":
        if isinstance(value, str):
            return date.fromisoformat(value.strip()[:10])
    elif pg_type in _TEXTS or pg_type in ("json", "jsonb"):
        if isinstance(value, bytes):
            try:
                return value.decode("utf-8")
            except UnicodeDecodeError:
                raise ValueError(f"bytes that are not UTF-8 text ({value[:20]!r}...)") from None
        return value if isinstance(value, str) else str(value)
    else:
        return value  # a type SQLite's values already fit (psycopg adapts them)
    raise ValueError(f"{value!r} ({type(value).__name__}) does not fit a {pg_type} column")


def _moment(value: object) -> datetime | None:
    """A Unix time (number) or ISO 8601 text as an aware datetime (UTC when the text has no offset)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return datetime.fromtimestamp(value, UTC)
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            return None
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return None
