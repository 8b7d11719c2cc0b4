"""One worker per state store: a lock file the kernel releases when the worker dies."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from typing import IO

from ..errors import StateError


def lock_state(path: Path) -> IO[str]:
    """Hold ``<state>.lock`` for this process, so two workers never share one state store.

    Two workers (say, the service and the timer) could both claim a message they see at the same
    moment. The kernel drops the lock when the process dies, so a killed worker never leaves it stale.
    """
    lock_path = path.with_name(path.name + ".lock")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = lock_path.open("a+")
    except OSError as exc:
        raise StateError(f"cannot create {lock_path}: {exc}") from exc
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip() or "another process"
        handle.close()
        raise StateError(
            f"another mailtriage worker (pid {holder}) is using {path}; run either the service or the timer, not both"
        ) from None
    handle.seek(0)
    handle.truncate()
    handle.write(str(os.getpid()))
    handle.flush()
    return handle
