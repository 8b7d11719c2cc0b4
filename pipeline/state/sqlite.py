"""The SQLite state store (the default): one file, the standard library's sqlite3, one worker at a time.

WAL with ``synchronous=NORMAL``: commits are not fsynced one by one (a crash can lose the last few
marks), which is safe because the reconciliation on start-up re-derives them from the Drafts folder.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..errors import StateError
from .lock import lock_state
from .schema import MIGRATIONS
from .store import Store


class _Session:
    """``store.Session`` on a sqlite3 connection in autocommit mode (``isolation_level=None``)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def rows(self, sql: str, args: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        return self.db.execute(sql, args).fetchall()

    def run(self, sql: str, args: Sequence[object] = ()) -> int:
        return self.db.execute(sql, args).rowcount

    def run_many(self, sql: str, args: Iterable[Sequence[object]]) -> None:
        self.db.executemany(sql, args)


class StateStore(Store):
    """SQLite-backed record of every message seen. One instance per thread; not thread-safe."""

    kind = "sqlite"
    ROW_ID = "rowid"
    FOR_UPDATE = ""  # BEGIN IMMEDIATE already holds the write lock for the whole transaction

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
        self._session = _Session(self.db)

    @classmethod
    def open(cls, path: Path, *, worker: bool = False) -> StateStore:
        """The store at ``path``; ``worker``: first take the lock that keeps one worker per file."""
        lock = lock_state(path) if worker else None
        try:
            store = cls(path)
        except BaseException:
            if lock is not None:
                lock.close()
            raise
        store._worker_lock = lock
        return store

    def _migrate(self) -> None:
        version = self._version()
        while version < len(MIGRATIONS):
            with self.transaction():
                # read again under the write lock: another process opening a new file at the same
                # moment may have applied this migration already
                version = self._version()
                if version < len(MIGRATIONS):
                    for statement in MIGRATIONS[version].statements(self.kind):
                        self.db.execute(statement)
                    version += 1
                    self.db.execute(f"PRAGMA user_version = {version}")

    def _version(self) -> int:
        (version,) = self.db.execute("PRAGMA user_version").fetchone()
        if version > len(MIGRATIONS):
            raise StateError(f"state store {self.path} is from a newer mailtriage (schema {version})")
        return int(version)

    def applied_migrations(self) -> list[str]:
        return [m.name for m in MIGRATIONS[: self._version()]]

    def where(self) -> str:
        return str(self.path)

    @contextmanager
    def session(self) -> Iterator[_Session]:
        yield self._session

    @contextmanager
    def transaction(self) -> Iterator[_Session]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield _Session(self.db)
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def stream(self, sql: str, args: Sequence[object] = ()) -> Iterator[tuple[Any, ...]]:
        yield from self.db.execute(sql, args)

    def share(self) -> StateStore:
        return StateStore(self.path)

    def _close(self) -> None:
        self.db.close()
