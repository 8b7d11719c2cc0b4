"""Several ``mailtriage run`` worker processes on one PostgreSQL and many Dovecot users (issue 13).

``fleet_config`` writes a config whose mailboxes are ``box0``, ``box1``, ... (one Dovecot user each) and
whose ``[state]`` is the test PostgreSQL (``port`` may be a proxy's, to cut one worker off); ``Fleet``
starts and stops worker processes with their logs in files; ``leases`` reads the lease table as an
operator would; ``draft_counts`` says how many drafts each delivered message has.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TypeVar

import psycopg
from dovecot import Dovecot, MailUser
from faultserver import ROOT, customer_message, deliver_many, draft_sources, write_config
from postgres import Postgres

T = TypeVar("T")
LEASE = 3.0  # seconds: short, so that takeovers happen within a test
IMAP_TIMEOUT = 1.5  # at most half the lease (the config refuses more: an APPEND must end within it)


def fleet_config(folder: Path, name: str, dovecot: Dovecot, users: Sequence[MailUser], postgres: Postgres,
                 database: str, *, port: int | None = None, lease: float = LEASE, user: str = "") -> Path:  # fmt: skip
    """``folder/name.toml``: one ``[[mailbox]]`` ``box<n>`` per user, the state in ``database``."""
    tables = "\n".join(
        dovecot.mailbox_toml(
            u, folder / f"{u.name}.password", name=f"box{n}", timeout_seconds=IMAP_TIMEOUT, poll_seconds=30
        )
        for n, u in enumerate(users)
    )
    path = write_config(folder, tables)
    url = postgres.url(database).replace(f":{postgres.port}/", f":{port or postgres.port}/")
    if user:  # a role of its own (to cut this worker alone off the database)
        url = url.replace(f"//{postgres.user}@", f"//{user}@")
    state = f'url = "{url}"\npassword_file = "{postgres.password_file}"\nlease_seconds = {lease}\n'
    text, found = re.subn(r'(?m)^path = "[^"]*state\.sqlite3".*\n', state, path.read_text(), count=1)
    assert found == 1, "no [state] path in the config to replace"
    target = folder / f"{name}.toml"
    target.write_text(text)
    path.unlink()
    return target


class Fleet:
    """Worker processes (``mailtriage -v run``), each logging to ``folder/<name>.log``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.procs: dict[str, subprocess.Popen[bytes]] = {}
        self.log_from: dict[str, int] = {}  # where the latest process of each name began its log

    def start(self, name: str, config: Path) -> subprocess.Popen[bytes]:
        with self.log_path(name).open("ab") as log:
            self.log_from[name] = log.tell()
            proc = subprocess.Popen(
                [sys.executable, "-m", "pipeline.cli", "--config", str(config), "-v", "run"],
                cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=log,
                env={**os.environ, "PYTHONPATH": str(ROOT)},
            )  # fmt: skip
        self.procs[name] = proc
        return proc

    def ready(self, name: str) -> bool:
        """True once the latest process of ``name`` runs its mailbox loop (its SIGTERM handler is set). Read
        from where that process began its log: one killed before it got that far never logs the line."""
        with self.log_path(name).open("rb") as log:
            log.seek(self.log_from[name])
            return b"worker.started" in log.read()

    def log_path(self, name: str) -> Path:
        return self.folder / f"{name}.log"

    def log(self, name: str) -> str:
        return self.log_path(name).read_text(errors="replace")

    def kill(self, name: str) -> None:
        proc = self.procs[name]
        proc.kill()  # SIGKILL: no goodbye, the leases stay until they expire
        proc.wait(timeout=10)

    def terminate(self, name: str, timeout: float = 15) -> int:
        """SIGTERM once the worker is up (before, Python's default handler would just end it); its exit code."""
        assert wait_for(lambda: self.ready(name), 60), self.log(name)[-2000:]
        proc = self.procs[name]
        proc.send_signal(signal.SIGTERM)
        return proc.wait(timeout=timeout)

    def alive(self, name: str) -> bool:
        return self.procs[name].poll() is None

    def close(self) -> None:
        for proc in self.procs.values():
            if proc.poll() is None:
                proc.kill()
                proc.wait(timeout=10)


def holder_pid(holder: str) -> int:
    """The pid in a ``host:pid:random`` worker id."""
    return int(holder.split(":")[-2])


def leases(postgres: Postgres, database: str) -> dict[str, str]:
    """mailbox -> holder of every unexpired lease."""
    with psycopg.connect(postgres.url(database), password=postgres.password, autocommit=True) as conn:
        if conn.execute("SELECT to_regclass('leases')").fetchone() == (None,):
            return {}  # no worker has migrated the database yet
        rows = conn.execute(
            "SELECT mailbox, holder FROM leases WHERE expires_at > EXTRACT(EPOCH FROM now())"
        ).fetchall()
    return dict(rows)


def deliver(dovecot: Dovecot, user: MailUser, start: int, count: int) -> list[int]:
    """``count`` customer messages (each must get one draft) to ``user``'s INBOX; their UIDs."""
    return deliver_many(dovecot, user, [customer_message(n) for n in range(start, start + count)])


def draft_counts(dovecot: Dovecot, users: Sequence[MailUser], delivered: dict[int, list[int]]) -> dict[str, int]:
    """``box<n>/INBOX/<uidvalidity>/<uid>`` -> drafts carrying it, for every delivered message and any other draft."""
    counts: dict[str, int] = {}
    for n, user in enumerate(users):
        sources = draft_sources(dovecot, user)
        uidvalidity = dovecot.uidvalidity(user)
        for uid in delivered.get(n, []):
            counts[f"box{n}/INBOX/{uidvalidity}/{uid}"] = sources.pop(f"box{n}/INBOX/{uidvalidity}/{uid}", 0)
        counts.update({f"unexpected {k}": v for k, v in sources.items()})
    return counts


def log_times(text: str, marker: str) -> list[datetime]:
    """The times of the log lines holding ``marker`` (logging's asctime, milliseconds)."""
    out = []
    for line in text.splitlines():
        if marker in line:
            out.append(datetime.strptime(line[:23], "%Y-%m-%d %H:%M:%S,%f"))
    return out


def wait_for(check: Callable[[], T], timeout: float, step: float = 0.05) -> T:
    end = time.monotonic() + timeout
    while not (value := check()) and time.monotonic() < end:
        time.sleep(step)
    return value
