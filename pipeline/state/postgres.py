"""The PostgreSQL state store: one database shared by several processes, on psycopg 3 and its pool.

The queries are ``store.Store``'s, the same as SQLite's; this module brings the connections. Each
statement (or transaction) borrows a pooled connection for its duration, so the threads of one worker
share a few connections, and a connection the server dropped is replaced on the next borrow (the pool
checks it first) instead of failing a cycle. Claims stay exact with several processes: see
``Store._claim_row`` (the primary key decides, ``SELECT ... FOR UPDATE`` waits for the other claimant).

The password is read from its source at each new connection (a ``password_command`` may hand out
short-lived tokens) and never kept by mailtriage; errors and ``where`` never show it.
"""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

import psycopg
from psycopg_pool import ConnectionPool, PoolTimeout

from ..credentials import resolve_secret
from ..errors import SourceError, StateError
from ..settings import StateSettings
from .schema import MIGRATIONS
from .store import Store

POOL_MAX = 8  # connections per process; statements hold one for a few milliseconds
CONNECT_TIMEOUT = 10  # seconds to reach the server (libpq's connect_timeout) or to get a pooled connection
# The advisory lock (LOCK_CLASS, 0) is held while migrating (see _migrate).
LOCK_CLASS = 0x6D747269  # "mtri"
MIGRATING = 0


class _Session:
    """``store.Session`` on a psycopg connection in autocommit mode (``?`` becomes psycopg's ``%s``)."""

    def __init__(self, conn: psycopg.Connection[Any]) -> None:
        self.conn = conn

    def rows(self, sql: str, args: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        return self.conn.execute(_pg(sql), args).fetchall()

    def run(self, sql: str, args: Sequence[object] = ()) -> int:
        return self.conn.execute(_pg(sql), args).rowcount

    def run_many(self, sql: str, args: Iterable[Sequence[object]]) -> None:
        with self.conn.cursor() as cur:
            cur.executemany(_pg(sql), list(args))


@lru_cache(maxsize=256)
def _pg(sql: str) -> str:
    # The shared queries hold no "?" or "%" inside a literal, so this is a plain substitution.
    return sql.replace("?", "%s")


class PostgresStore(Store):
    """PostgreSQL-backed record of every message seen; the same interface as the SQLite ``StateStore``."""

    kind = "postgresql"
    ROW_ID = "ctid"  # physical position: newest row version last, enough to break a tie in updated_at
    FOR_UPDATE = " FOR UPDATE"

    def __init__(
        self, settings: StateSettings, pool: ConnectionPool[Any] | None = None, pool_max: int = POOL_MAX,
        migrate: bool = True,
    ) -> None:  # fmt: skip
        """Connect, apply the migrations (unless ``migrate`` is False: another store of this process did),
        open a pool of up to ``pool_max``; or, given ``pool``, share it."""
        self.settings = settings
        self._owns_pool = pool is None
        if pool is None:
            with self._errors("cannot be used"):
                # one direct connection first: a refused password or an unreachable server is reported
                # as libpq says it, where a pool would only time out
                with self.connect() as conn:
                    if migrate:
                        self._migrate(conn)
                pool = ConnectionPool(
                    settings.url, kwargs=self._connect_kwargs, min_size=1, max_size=pool_max, open=False,
                    check=ConnectionPool.check_connection, name="mailtriage-state", timeout=CONNECT_TIMEOUT,
                )  # fmt: skip
                try:
                    pool.open(wait=True, timeout=CONNECT_TIMEOUT)
                except BaseException:
                    pool.close()
                    raise
        self.pool = pool

    @classmethod
    def open(cls, settings: StateSettings, *, worker: bool = False) -> PostgresStore:
        """The store at ``settings.url``. ``worker`` takes no lock here: any number of workers share a
        database, each handling the mailboxes it holds a lease on (``state.leases``, ``lease_keeper``).
        """
        return cls(settings)

    def connect(self) -> psycopg.Connection[Any]:
        """A new connection of its own (autocommit), outside the pool."""
        return psycopg.connect(self.settings.url, **self._connect_kwargs())

    def _connect_kwargs(self) -> dict[str, Any]:
        """libpq's keywords besides the URL; called by the pool at each new connection."""
        s = self.settings
        assert s.password is not None  # the config requires exactly one password source with a url
        try:
            password = resolve_secret(s.password, what="state store password")
        except SourceError as exc:  # a password_command failed: the state cannot be reached
            raise StateError(f"state store {self.where()} cannot be used: {exc}") from None
        kwargs: dict[str, Any] = {
            "password": password,
            "sslmode": s.sslmode,
            "connect_timeout": CONNECT_TIMEOUT,
            # seen in pg_stat_activity: which worker a connection belongs to
            "application_name": f"mailtriage pid {os.getpid()} on {socket.gethostname()}"[:63],
            "autocommit": True,  # as sqlite3's isolation_level=None: transactions only where asked
            # a server that vanished without closing the connection (a network cut) is noticed within about
            # 20 s instead of TCP's many minutes: a worker's threads must not hang on it (docs/scale.md)
            "keepalives_idle": 5,
            "keepalives_interval": 5,
            "keepalives_count": 3,
            "tcp_user_timeout": 20_000,  # ms unacknowledged before the connection is dropped
        }
        if s.sslrootcert is not None:
            kwargs["sslrootcert"] = str(s.sslrootcert)
        return kwargs

    def _migrate(self, conn: psycopg.Connection[Any]) -> None:
        """Apply the missing migrations, each in its own transaction under an advisory lock, so that
        workers starting together apply each exactly once (the second waits, then finds it applied)."""
        while True:
            with conn.transaction():
                conn.execute("SELECT pg_advisory_xact_lock(%s, %s)", (LOCK_CLASS, MIGRATING))
                conn.execute(
                    "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY,"
                    " applied_at DOUBLE PRECISION NOT NULL)"
                )
                applied = [r[0] for r in conn.execute("SELECT name FROM schema_migrations ORDER BY name")]
                known = [m.name for m in MIGRATIONS]
                if applied != known[: len(applied)]:
                    newer = next(n for n in applied if n not in known[: len(applied)])
                    raise StateError(f"state store {self.where()} is from a newer mailtriage (migration {newer})")
                if len(applied) == len(known):
                    return
                migration = MIGRATIONS[len(applied)]
                for statement in migration.statements(self.kind):
                    conn.execute(statement)
                conn.execute("INSERT INTO schema_migrations VALUES (%s, %s)", (migration.name, time.time()))

    def applied_migrations(self) -> list[str]:
        return [r[0] for r in self.query("SELECT name FROM schema_migrations ORDER BY name")]

    def where(self) -> str:
        return self.settings.describe()

    @contextmanager
    def _errors(self, doing: str = "failed") -> Iterator[None]:
        """A server that cannot be reached or went away: a StateError (the worker retries later)."""
        try:
            yield
        except (psycopg.OperationalError, PoolTimeout) as exc:
            raise StateError(f"state store {self.where()} {doing}: {' '.join(str(exc).split())}") from exc

    @contextmanager
    def session(self) -> Iterator[_Session]:
        with self._errors(), self.pool.connection() as conn:
            yield _Session(conn)

    @contextmanager
    def transaction(self) -> Iterator[_Session]:
        with self._errors(), self.pool.connection() as conn, conn.transaction():
            yield _Session(conn)

    def stream(self, sql: str, args: Sequence[object] = ()) -> Iterator[tuple[Any, ...]]:
        # a server-side cursor: the rows come 1,000 at a time, however many there are
        with (
            self._errors(),
            self.pool.connection() as conn,
            conn.transaction(),
            conn.cursor(name="mailtriage_stream") as cur,
        ):
            cur.itersize = 1000
            cur.execute(_pg(sql), args)
            yield from cur

    def share(self) -> PostgresStore:
        return PostgresStore(self.settings, pool=self.pool)

    def apart(self) -> PostgresStore:
        """The same database through a connection of its own, never queued behind the pool's borrowers (the
        lease heartbeat of a worker whose mailbox threads keep all of the pool busy); close it after use."""
        return PostgresStore(self.settings, pool_max=1, migrate=False)

    def _close(self) -> None:
        if self._owns_pool:
            self.pool.close()
