"""Typed settings, as loaded and validated by ``pipeline.config``. Frozen: nothing changes them at run time."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Secret:
    """Where a password or token comes from. Never holds the value itself; prints as ``***``."""

    env: str = ""
    file: str = ""
    command: str = ""

    def __repr__(self) -> str:
        kind = "env" if self.env else "file" if self.file else "command" if self.command else "none"
        return f"Secret({kind}=***)"

    __str__ = __repr__


@dataclass(frozen=True, slots=True)
class MailboxConfig:
    """One ``[[mailbox]]`` table."""

    name: str
    address: str
    source: str  # "maildir" | "imap"
    # maildir
    path: Path | None = None
    drafts_path: Path | None = None  # default: Maildir++ ".Drafts" inside path
    seed: Path | None = None  # copied to `path` when that does not exist yet (the demo inbox)
    # imap
    host: str = ""
    port: int = 993
    security: str = "tls"  # "tls" | "starttls" | "none" (loopback only)
    ca_file: Path | None = None
    username: str = ""
    password: Secret | None = None
    oauth2_token_command: str = ""
    folder: str = "INBOX"
    drafts_folder: str = ""  # "" = SPECIAL-USE \Drafts, then common names
    sent_folder: str = ""  # "" = SPECIAL-USE \Sent, then common names (what agents sent: `report`)
    backlog_days: int = 3
    poll_seconds: int = 60
    idle: bool = True
    batch_size: int = 100
    timeout_seconds: float = 30.0
    tag_originals: bool = True
    aliases: tuple[str, ...] = field(default=())  # more own addresses never replied to


@dataclass(frozen=True, slots=True)
class StateSettings:
    """The ``[state]`` table: SQLite at ``path`` (the default), or PostgreSQL at ``url``."""

    path: Path  # the SQLite file (unused when url is set)
    url: str = ""  # "postgresql://user@host:port/db"; set = PostgreSQL, never with a password in it
    password: Secret | None = None  # where the PostgreSQL password comes from (never the value)
    sslmode: str = ""  # libpq's sslmode; "" only for SQLite
    sslrootcert: Path | None = None  # the CA that signed the server's certificate (verify-ca, verify-full)
    lease_seconds: float = 60.0  # PostgreSQL: how long a mailbox's lease lasts unrenewed (docs/scale.md)

    @property
    def kind(self) -> str:
        return "postgresql" if self.url else "sqlite"

    def describe(self) -> str:
        """Where the state is, for people and ``status``: the path, or the URL and TLS mode (no password)."""
        if not self.url:
            return str(self.path)
        return f"{self.url} (sslmode={self.sslmode})"
