"""Which state store a config means: the one place that chooses between SQLite and PostgreSQL."""

from __future__ import annotations

from ..settings import StateSettings
from .sqlite import StateStore
from .store import Store


def open_state(settings: StateSettings, *, worker: bool = False) -> Store:
    """The configured store, its migrations applied: PostgreSQL when ``[state] url`` is set, else the
    SQLite file at ``[state] path``. ``worker``: SQLite also holds the one-worker lock until ``close``
    (PostgreSQL has several workers, kept apart by mailbox leases: ``state.leases``).
    """
    if settings.url:
        from .postgres import PostgresStore  # psycopg is loaded only where PostgreSQL is configured

        return PostgresStore.open(settings, worker=worker)
    return StateStore.open(settings.path, worker=worker)


def existing_state(settings: StateSettings) -> Store | None:
    """The store if there is one to read (``status``): a SQLite file not created yet is none."""
    if not settings.url and not settings.path.exists():
        return None
    return open_state(settings)
