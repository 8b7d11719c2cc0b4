"""What the suite's own servers (``tests/dovecot.py``, ``tests/postgres.py``) share about their processes:
free ports on 127.0.0.1 and a child that does not outlive a killed pytest."""

from __future__ import annotations

import ctypes
import ctypes.util
import signal
import socket
from collections.abc import Callable


def die_with_parent(sig: signal.Signals = signal.SIGTERM) -> Callable[[], None] | None:
    """A preexec_fn asking Linux to send the child ``sig`` when we die (a killed pytest leaves no server);
    None where prctl(2) is not available. It only calls prctl(2) in the child."""
    try:
        prctl = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    pr_set_pdeathsig = 1
    return lambda: prctl(pr_set_pdeathsig, sig)


def free_ports(count: int = 1) -> list[int]:
    """``count`` distinct free ports on 127.0.0.1: bound all at once so that they differ (the server binds
    them a few ms later)."""
    socks = [socket.socket() for _ in range(count)]
    try:
        for s in socks:
            s.bind(("127.0.0.1", 0))
        return [int(s.getsockname()[1]) for s in socks]
    finally:
        for s in socks:
            s.close()
