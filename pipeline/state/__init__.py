"""state: what happened to every message, so nothing is drafted twice or lost (SQLite by default).

Owns: the schema and its named migrations (``schema``), the store (``store``), and the lock that keeps
one worker per store (``lock``). May import: ``pipeline.errors`` and ``message`` only.
"""

from .lock import lock_state
from .schema import MIGRATIONS
from .store import MAX_ATTEMPTS, Decision, MessageRecord, StateStore

__all__ = ["MAX_ATTEMPTS", "MIGRATIONS", "Decision", "MessageRecord", "StateStore", "lock_state"]
