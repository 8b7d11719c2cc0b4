"""A private PostgreSQL for the test suite: Debian's ``postgresql`` binaries, its own data folder and port.

One ``Postgres`` serves a whole pytest session; each test gets a fresh database from ``new_database``.
Nothing of the system's cluster is used: ``initdb`` makes a data folder under ``/dev/shm`` (tmpfs, or
``/tmp``), the server listens on a free port on 127.0.0.1 only, with its Unix socket in that folder, and
logins over TCP need the password (scram-sha-256), as a real deployment's would.

PostgreSQL refuses to run as root, so when the tests run as root, ``initdb``, ``postgres`` and ``pg_ctl``
run as the ``postgres`` system user the Debian package creates (else ``nobody``), which owns the folder.
The server is started directly (not with ``pg_ctl start``, which detaches it) so that it can be asked
to die with the test process, as the test Dovecot is: a killed pytest leaves no server behind.
``pg_ctl stop`` stops it at the end. ``fsync=off``: the data is thrown away anyway.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import pwd
import secrets
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import psycopg
from processes import die_with_parent, free_ports

START_TIMEOUT = 20.0  # seconds; a healthy start takes ~0.3 s after initdb (~1.5 s)


class PostgresError(RuntimeError):
    """The test PostgreSQL could not be found, initialised or started; the message ends with its log."""


def postgres_bindir() -> Path | None:
    """The newest ``/usr/lib/postgresql/<version>/bin`` with initdb, pg_ctl and postgres, or None."""
    found = [
        d
        for d in Path("/usr/lib/postgresql").glob("*/bin")
        if all(os.access(d / tool, os.X_OK) for tool in ("initdb", "pg_ctl", "postgres"))
    ]
    return max(found, key=lambda d: int(d.parent.name) if d.parent.name.isdigit() else 0, default=None)


class Postgres:
    """A PostgreSQL server on 127.0.0.1 and a random free port. ``start()`` / ``stop()``."""

    host = "127.0.0.1"
    user = "mailtriage"  # the superuser initdb creates; the tests' stores log in as it

    def __init__(self) -> None:
        parent = Path("/dev/shm") if os.access("/dev/shm", os.W_OK) else Path(tempfile.gettempdir())
        self.root = Path(tempfile.mkdtemp(prefix="mailtriage-postgres-", dir=parent))
        self.data = self.root / "data"
        self.log_path = self.root / "postgres.log"
        self.password = "pg-" + secrets.token_urlsafe(12)
        self.password_file = self.root / "password"  # read by the stores under test (password_file)
        self.port = 0
        self._proc: subprocess.Popen[bytes] | None = None
        self._count = 0
        self._as: dict[str, Any] = {}  # Popen's user/group arguments when we are root

    # -- lifecycle ---------------------------------------------------------------------------------

    def start(self) -> None:
        """initdb, then start the server; return once it accepts a password login on its port.

        Raises PostgresError (with the log tail) when the binaries are missing or it does not come up.
        """
        bindir = postgres_bindir()
        if bindir is None:
            raise PostgresError("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): "
                                "run scripts/install-postgres.sh")  # fmt: skip
        self.bindir = bindir
        self._as_unprivileged_user()
        self.password_file.write_text(self.password + "\n")
        self.password_file.chmod(0o600)  # ours (root's): the server's user reads its own copy below
        pwfile = self.root / "initdb.pw"
        pwfile.write_text(self.password + "\n")
        self._chown(pwfile)
        self._run(
            "initdb", "-D", str(self.data), "-U", self.user, f"--pwfile={pwfile}", "--auth-local=trust",
            "--auth-host=scram-sha-256", "-E", "UTF8", "--no-locale", "--no-sync",
        )  # fmt: skip
        pwfile.unlink()
        atexit.register(self.stop)
        for attempt in range(3):  # a free port can be taken by someone else before the server binds it
            self.port = free_ports(1)[0]
            self._proc = subprocess.Popen(
                [str(bindir / "postgres"), "-D", str(self.data), "-p", str(self.port),
                 "-c", f"listen_addresses={self.host}", "-c", f"unix_socket_directories={self.root}",
                 "-c", "unix_socket_permissions=0700",
                 "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
                 "-c", "max_connections=200", "-c", "log_min_messages=warning"],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=open(self.log_path, "ab"),  # noqa: SIM115 - the child keeps it
                preexec_fn=die_with_parent(signal.SIGINT),  # only calls prctl(2) in the child, after the user switch
                **self._as,
            )  # fmt: skip
            if self._wait_ready():
                return
            self._terminate()
            if attempt == 2 or "Address already in use" not in self.log_tail():
                break
        raise PostgresError(f"postgres did not start within {START_TIMEOUT:.0f} s\n{self.log_tail()}")

    def stop(self, *, remove: bool = True) -> None:
        """Stop the server (``pg_ctl stop -m fast``) and remove its folder."""
        if self._proc is not None and self._proc.poll() is None:
            with contextlib.suppress(OSError, subprocess.SubprocessError):
                self._run("pg_ctl", "stop", "-D", str(self.data), "-m", "fast", "-w", "-t", "10")
        self._terminate()
        if remove:
            shutil.rmtree(self.root, ignore_errors=True)

    def _terminate(self) -> None:
        if self._proc is None:
            return
        if self._proc.poll() is None:
            self._proc.send_signal(signal.SIGINT)  # fast shutdown
            try:
                self._proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait(timeout=5)
        self._proc = None

    def _as_unprivileged_user(self) -> None:
        if os.geteuid() != 0:
            return
        for name in ("postgres", "nobody"):
            with contextlib.suppress(KeyError):
                entry = pwd.getpwnam(name)
                break
        else:
            raise PostgresError("running as root and neither the postgres nor the nobody user exists")
        self._as = {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}
        self.root.chmod(0o755)  # mkdtemp makes 0700; the server's user owns it from here on
        self._chown(self.root)

    def _chown(self, path: Path) -> None:
        if self._as:
            os.chown(path, self._as["user"], self._as["group"])

    def _run(self, tool: str, *args: str) -> None:
        done = subprocess.run(
            [str(self.bindir / tool), *args], capture_output=True, text=True, check=False, cwd=self.root, **self._as
        )
        if done.returncode:
            raise PostgresError(f"{tool} failed ({done.returncode}): {done.stderr.strip() or done.stdout.strip()}")

    def _wait_ready(self) -> bool:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self._proc is None or self._proc.poll() is not None:
                return False
            try:
                psycopg.connect(self.url("postgres"), password=self.password, connect_timeout=2).close()
                return True
            except psycopg.OperationalError:
                time.sleep(0.05)
        return False

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    # -- for tests ---------------------------------------------------------------------------------

    def url(self, database: str) -> str:
        """The database's URL, as ``[state] url`` takes it (no password)."""
        return f"postgresql://{self.user}@{self.host}:{self.port}/{database}"

    def admin(self) -> psycopg.Connection[Any]:
        """A superuser connection to the ``postgres`` database (autocommit)."""
        return psycopg.connect(self.url("postgres"), password=self.password, autocommit=True)

    def new_database(self) -> str:
        """A new empty database; returns its name."""
        self._count += 1
        name = f"test_{os.getpid()}_{self._count}"
        with self.admin() as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return name
