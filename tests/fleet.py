"""Several ``mailtriage run`` worker processes on one PostgreSQL and many Dovecot users (issue 13).

``fleet_config`` writes a config whose mailboxes are ``box0``, ``box1``, ... (one Dovecot user each) and
whose ``[state]`` is the test PostgreSQL (``port`` may be a proxy's, to cut one worker off); ``Fleet``
starts and stops worker processes with their logs in files; ``leases`` reads the lease table as an
operator would; ``draft_counts`` says how many drafts each delivered message has. For
``benchmarks/scale.py``: ``settled`` (every mailbox leased evenly and working), ``connections`` (database
connections per worker, as ``pg_stat_activity`` shows them) and ``DraftLog`` (when the workers' logs say each
message was drafted).
"""

from __future__ import annotations

import math
import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TypeVar

import psycopg
from dovecot import Dovecot, MailUser
from faultserver import ROOT, customer_message, deliver_many, draft_sources, write_config
from postgres import Postgres
from processes import die_with_parent

T = TypeVar("T")
LEASE = 3.0  # seconds: short, so that takeovers happen within a test
IMAP_TIMEOUT = 1.5  # at most half the lease (the config refuses more: an APPEND must end within it)


def fleet_config(folder: Path, name: str, dovecot: Dovecot, users: Sequence[MailUser], postgres: Postgres,
                 database: str, *, port: int | None = None, lease: float = LEASE, user: str = "",
                 mailboxes_dir: bool = False) -> Path:  # fmt: skip
    """``folder/name.toml``: one ``[[mailbox]]`` ``box<n>`` per user, the state in ``database``.

    ``mailboxes_dir``: the tables go to ``folder/name.d/box<n>.toml``, one file each, as docs/scale.md
    suggests for hundreds of mailboxes, and the config names that folder.
    """
    tables = [
        dovecot.mailbox_toml(
            u, folder / f"{u.name}.password", name=f"box{n}", timeout_seconds=IMAP_TIMEOUT, poll_seconds=30
        )
        for n, u in enumerate(users)
    ]
    if mailboxes_dir:
        (folder / f"{name}.d").mkdir()
        for n, table in enumerate(tables):
            (folder / f"{name}.d" / f"box{n}.toml").write_text(table)
    path = write_config(folder, "" if mailboxes_dir else "\n".join(tables))
    url = postgres.url(database).replace(f":{postgres.port}/", f":{port or postgres.port}/")
    if user:  # a role of its own (to cut this worker alone off the database)
        url = url.replace(f"//{postgres.user}@", f"//{user}@")
    state = f'url = "{url}"\npassword_file = "{postgres.password_file}"\nlease_seconds = {lease}\n'
    text, found = re.subn(r'(?m)^path = "[^"]*state\.sqlite3".*\n', state, path.read_text(), count=1)
    assert found == 1, "no [state] path in the config to replace"
    if mailboxes_dir:  # a top-level key: before the first table
        text, found = re.subn(r"(?m)^(root = .*\n)", rf'\1mailboxes_dir = "{name}.d"\n', text, count=1)
        assert found == 1, "no top-level root key in the config"
    target = folder / f"{name}.toml"
    target.write_text(text)
    path.unlink()
    return target


class Fleet:
    """Worker processes (``mailtriage -v run``), each logging to ``folder/<name>.log``.

    ``die_with_us``: each worker gets SIGTERM when this process dies, even by SIGKILL (Linux; call
    ``start`` from a thread that lives as long as the workers: the signal follows the starting thread).
    """

    def __init__(self, folder: Path, *, die_with_us: bool = False) -> None:
        self.folder = folder
        self.die_with_us = die_with_us
        self.procs: dict[str, subprocess.Popen[bytes]] = {}
        self.log_from: dict[str, int] = {}  # where the latest process of each name began its log

    def start(self, name: str, config: Path) -> subprocess.Popen[bytes]:
        with self.log_path(name).open("ab") as log:
            self.log_from[name] = log.tell()
            proc = subprocess.Popen(
                [sys.executable, "-m", "pipeline.cli", "--config", str(config), "-v", "run"],
                cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=log,
                env={**os.environ, "PYTHONPATH": str(ROOT)},
                preexec_fn=die_with_parent() if self.die_with_us else None,
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


def holders(postgres: Postgres, database: str) -> dict[str, int]:
    """mailbox -> the pid of the worker holding its unexpired lease."""
    return {box: holder_pid(holder) for box, holder in leases(postgres, database).items()}


STARTED_OR_DONE = re.compile(r" (mailbox\.starting|cycle\.done) mailbox=(\S+) ")


def settled(fleet: Fleet, postgres: Postgres, database: str, mailboxes: int) -> bool:
    """Every one of ``mailboxes`` leased by a process of ``fleet``, none holding more than its even share, and
    each through its first cycle at its holder (in that process's log, a ``cycle.done`` after its last
    ``mailbox.starting``): the workers are up, and a mailbox handed from one to another has settled."""
    held, pids = holders(postgres, database), {proc.pid: name for name, proc in fleet.procs.items()}
    counts = Counter(held.values())
    if len(held) < mailboxes or set(counts) != set(pids) or max(counts.values()) > math.ceil(mailboxes / len(pids)):
        return False
    done: dict[int, set[str]] = {}
    for pid, name in pids.items():
        with fleet.log_path(name).open("rb") as log:
            log.seek(fleet.log_from[name])
            last = {m.group(2): m.group(1) for m in STARTED_OR_DONE.finditer(log.read().decode(errors="replace"))}
        done[pid] = {box for box, event in last.items() if event == "cycle.done"}
    return all(box in done[pid] for box, pid in held.items())


def connections(postgres: Postgres, database: str) -> Counter[int]:
    """Worker pid -> its open connections to ``database`` (``application_name`` = ``mailtriage pid N on HOST``)."""
    with psycopg.connect(postgres.url(database), password=postgres.password, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT application_name FROM pg_stat_activity WHERE datname = %s AND application_name LIKE %s",
            (database, "mailtriage pid % on %"),
        ).fetchall()
    return Counter(int(name.split()[2]) for (name,) in rows)


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


DRAFTED = re.compile(r" message mailbox=(\S+) uid=(\d+) decision=drafted ")


class DraftLog:
    """When the workers' logs first say each message was drafted: ``seen`` maps (mailbox, uid) to the time of
    its ``message ... decision=drafted`` line (logging's asctime, this machine's clock to the millisecond, as
    seconds since the epoch), written once the message's batch is appended, marked done and tagged."""

    def __init__(self, fleet: Fleet) -> None:
        self.fleet = fleet
        self.seen: dict[tuple[str, int], float] = {}
        self._read: dict[str, int] = {}  # bytes of each log read so far

    def update(self) -> dict[tuple[str, int], float]:
        """Read on in each log from where the last call stopped; ``seen``."""
        for name in self.fleet.procs:
            with self.fleet.log_path(name).open("rb") as log:
                log.seek(self._read.get(name, 0))
                data = log.read()
            data = data[: data.rfind(b"\n") + 1]  # whole lines only
            self._read[name] = self._read.get(name, 0) + len(data)
            for line in data.decode(errors="replace").splitlines():
                if (found := DRAFTED.search(line)) is not None:
                    when = datetime.strptime(line[:23], "%Y-%m-%d %H:%M:%S,%f").timestamp()
                    key = (found.group(1), int(found.group(2)))
                    self.seen[key] = min(when, self.seen.get(key, when))
        return self.seen


def wait_for(check: Callable[[], T], timeout: float, step: float = 0.05) -> T:
    end = time.monotonic() + timeout
    while not (value := check()) and time.monotonic() < end:
        time.sleep(step)
    return value
