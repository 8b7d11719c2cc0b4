"""Shared pytest fixtures. Each section has an owner; add new fixtures in a section of your own."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from dovecot import Dovecot, DovecotError, MailUser
from postgres import Postgres, PostgresError

from pipeline.config import Config, load_config
from pipeline.engine import Engine
from pipeline.settings import MailboxConfig, Secret, StateSettings

# =====================================================================================================
# IMAP / Dovecot (tests/dovecot.py). A real Dovecot for the whole session, a fresh user per test.
# If Dovecot is missing or cannot start, these fixtures FAIL with the log tail; they never skip.
# =====================================================================================================


@pytest.fixture(scope="session")
def dovecot() -> Iterator[Dovecot]:
    """The session's Dovecot on 127.0.0.1 (plaintext+STARTTLS port and implicit-TLS port)."""
    server = Dovecot()
    try:
        server.start()
    except DovecotError as exc:
        pytest.fail(f"the test Dovecot could not start: {exc}", pytrace=False)
    yield server
    server.stop()


@pytest.fixture()
def imap_user(dovecot: Dovecot) -> MailUser:
    """A new user with an empty mailbox: name, password, host, imap_port, imaps_port, ca_file."""
    return dovecot.add_user()


ImapConfigFactory = Callable[..., MailboxConfig]


@pytest.fixture()
def imap_config(imap_user: MailUser, tmp_path: Path) -> ImapConfigFactory:
    """Build a ``MailboxConfig`` for ``imap_user``: implicit TLS verified against the test CA,
    password from a file. Keyword arguments override any field, e.g. ``imap_config(security="starttls")``
    (the port follows ``security`` unless given) or ``imap_config(user=other_user)``.
    """

    def make(user: MailUser | None = None, **overrides: Any) -> MailboxConfig:
        user = user or imap_user
        secret_file = tmp_path / f"{user.name}.password"
        secret_file.write_text(user.password + "\n")
        security = overrides.get("security", "tls")
        base = MailboxConfig(
            name="support",
            address=f"{user.name}@example.test",
            source="imap",
            host=user.host,
            port=user.imaps_port if security == "tls" else user.imap_port,
            security=security,
            ca_file=user.ca_file,
            username=user.name,
            password=Secret(file=str(secret_file)),
            timeout_seconds=10.0,
        )
        return replace(base, **overrides)

    return make


# ===================================== end of IMAP / Dovecot ========================================


# =====================================================================================================
# PostgreSQL (tests/postgres.py). A real server for the whole session, a fresh database per test.
# If PostgreSQL is missing or cannot start, these fixtures FAIL with the log tail; they never skip.
# =====================================================================================================


@pytest.fixture(scope="session")
def postgres() -> Iterator[Postgres]:
    """The session's PostgreSQL on 127.0.0.1 (password logins as ``Postgres.user``)."""
    server = Postgres()
    try:
        server.start()
    except PostgresError as exc:
        server.stop()
        pytest.fail(f"the test PostgreSQL could not start: {exc}", pytrace=False)
    yield server
    server.stop()


@pytest.fixture()
def postgres_state(postgres: Postgres, tmp_path: Path) -> StateSettings:
    """``[state]`` settings for a new, empty database on the session's server (password from a file)."""
    return StateSettings(
        path=tmp_path / "unused.sqlite3",
        url=postgres.url(postgres.new_database()),
        password=Secret(file=str(postgres.password_file)),
        sslmode="prefer",
    )


# ===================================== end of PostgreSQL ============================================


# ================================ the shipped engine (drafts end to end) ============================
# The shipped config, default model and starter playbooks, built once per session for the draft tests.


@pytest.fixture(scope="session")
def shipped_config() -> Config:
    return load_config(Path(__file__).resolve().parents[1] / "config" / "mailtriage.toml")


@pytest.fixture(scope="session")
def shipped_engine(shipped_config: Config) -> Engine:
    return Engine(shipped_config)


# ================================ end of the shipped engine =========================================
