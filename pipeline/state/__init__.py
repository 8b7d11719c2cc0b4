"""state: what happened to every message, so nothing is drafted twice or lost (SQLite by default).

Owns: the schema and its named migrations (``schema``), the queries both stores share (``store``), the
SQLite store (``sqlite``) and its lock that keeps one worker per file (``lock``), the PostgreSQL store
(``postgres``, imported only when configured) and the mailbox leases of its several workers (``leases``),
the choice between the stores (``factory``), and the label corrections read from agents' keywords
(``corrections``). May import: ``pipeline.errors``, ``message``, ``settings``
and ``credentials`` only.
"""

from .factory import existing_state, open_state
from .lock import lock_state
from .schema import MIGRATIONS, Migration
from .sqlite import StateStore
from .store import MAX_ATTEMPTS, Decision, MessageRecord, Store

__all__ = [
    "MAX_ATTEMPTS",
    "MIGRATIONS",
    "Decision",
    "MessageRecord",
    "Migration",
    "StateStore",
    "Store",
    "existing_state",
    "lock_state",
    "open_state",
]
