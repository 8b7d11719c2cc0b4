"""One worker's side of the mailbox leases (PostgreSQL): a heartbeat thread that renews them, takes its
share of the mailboxes, and tells the worker when a lease may no longer be trusted.

The timing guarantee (docs/scale.md). A lease renewed by a request sent at monotonic time ``t`` expires
in the database no earlier than ``t + L`` (``L`` = ``[state] lease_seconds``: the server adds L to its
own clock when it runs the request, after we sent it). This worker writes a draft only while
``monotonic() + need <= t + L`` with ``need`` at least L/3: it stops at least L/3 before anyone else
may take the mailbox over, whatever happened since (the database unreachable, this process frozen, the
heartbeat thread starved), because the check reads only this process's own monotonic clock. The
heartbeat runs every L/3, so a healthy worker always has 2L/3 - (one round trip) left and never stops
by mistake. ``need`` also covers an APPEND in flight: the worker uses the mailbox's IMAP timeout when
that is longer (the config keeps it below L/2).

Sharing: each beat counts the live workers (an unexpired heartbeat row each) and takes at most
ceil(mailboxes / live workers) leases: free ones, and ones whose holder stopped renewing. A worker
holding more than its share gives the surplus back once those mailboxes' work has stopped
(``surrendering``), so a worker that joins gets its share within a few beats.
"""

from __future__ import annotations

import logging
import math
import os
import random
import secrets
import socket
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .errors import LeaseLost, OperationalError
from .message import MessageKey
from .state import Decision, Store
from .state.leases import LeaseTable

log = logging.getLogger("mailtriage")

Monotonic = Callable[[], float]
WAKE_AFTER_EXPIRY = 0.05  # seconds past a foreign lease's expiry before trying to take it


def worker_id() -> str:
    """``host:pid:random``: unique even when a pid is reused on the same host."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


@dataclass(slots=True)
class _Held:
    since: float  # database time the lease was acquired (status shows it)
    valid_until: float  # monotonic: the send time of the last successful renewal + L
    taken: float = 0.0  # monotonic, once the acquiring transaction had committed


class LeaseGuard:
    """What one mailbox's work asks before each write: is our lease still good for ``need`` seconds?"""

    def __init__(self, keeper: LeaseKeeper, mailbox: str, need: float) -> None:
        self.keeper, self.mailbox, self.need = keeper, mailbox, need

    def check(self) -> None:
        """Raise LeaseLost unless the lease is ours for at least ``need`` more seconds (monotonic clock)."""
        if not self.keeper.valid(self.mailbox, self.need):
            raise LeaseLost(f"lease on mailbox {self.mailbox} ran out or could not be renewed: stopped writing")

    def claim(self, items: Sequence[tuple[MessageKey, Decision]]) -> None:
        """Claim in the database, only while the lease holds there too (``LeaseTable.claim``)."""
        self.check()
        self.keeper.table.claim(self.mailbox, items)


class LeaseKeeper:
    """Holds this worker's leases; ``tick`` is one heartbeat, ``start`` runs it every L/3 in a thread."""

    def __init__(self, store: Store, seconds: float, *, holder: str | None = None,
                 clock: Monotonic = time.monotonic, beat_store: Store | None = None) -> None:  # fmt: skip
        self.holder = holder or worker_id()
        self.table = LeaseTable(store, self.holder, seconds)  # claims, from the mailbox threads
        # The heartbeat on a connection of its own (``beat_store``, closed by ``stop``): behind a pool that
        # two hundred mailbox threads keep busy it would come too late, and the worker would distrust its
        # own leases.
        self._beat_store = beat_store
        self._beats = LeaseTable(beat_store, self.holder, seconds) if beat_store is not None else self.table
        self.seconds, self.margin, self.clock = seconds, seconds / 3, clock
        self.wanted: tuple[str, ...] = ()  # the configured mailboxes (the worker updates it on a reload)
        self.surrendering: set[str] = set()  # held beyond our share: handed back once their work stopped
        self.taking = True  # take a share of ``wanted`` at each tick (False: ``run --once`` takes by ``take``)
        self._held: dict[str, _Held] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # -- what the worker asks ----------------------------------------------------------------------

    def valid(self, mailbox: str, need: float | None = None) -> bool:
        """True while our lease on ``mailbox`` is good for ``need`` (default L/3) more seconds."""
        need = self.margin if need is None else max(need, self.margin)
        with self._lock:
            held = self._held.get(mailbox)
            return held is not None and self.clock() + need <= held.valid_until

    def held(self) -> dict[str, float]:
        """mailbox -> since (database time), for every lease we hold (valid or not)."""
        with self._lock:
            return {name: h.since for name, h in self._held.items()}

    def surrendered(self) -> set[str]:
        """Mailboxes held beyond our share (or no longer configured): to stop, then ``release``."""
        with self._lock:
            return set(self.surrendering)

    def guard(self, mailbox: str, need: float = 0.0) -> LeaseGuard:
        return LeaseGuard(self, mailbox, max(need, self.margin))

    # -- the heartbeat -----------------------------------------------------------------------------

    def tick(self) -> float:
        """Renew, count the workers, take our share; return the seconds until the next tick.

        Raises StateError when the database cannot be reached (nothing renewed: the guards run out).
        """
        sent = self.clock()
        beat = self._beats.beat()
        with self._lock:
            for name in list(self._held):
                if name in beat.renewed:
                    self._held[name].valid_until = sent + self.seconds
                elif self._held[name].taken > sent:
                    continue  # taken (``take``) while this beat ran: its transaction could not see it yet
                else:  # expired in the database: another worker may hold it by now
                    del self._held[name]
                    self.surrendering.discard(name)
                    log.warning("lease.lost mailbox=%s holder=%s", name, self.holder)
            if not self.taking:
                return self.margin
            mine = [n for n in self._held if n in self.wanted and n not in self.surrendering]
            gone = [n for n in self._held if n not in self.wanted]  # removed from the config
            share = math.ceil(len(self.wanted) / beat.live_workers)
            surplus = sorted(mine)[share:] + gone
            if surplus and not self.surrendering.issuperset(surplus):
                log.info("lease.surrender mailboxes=%s share=%d workers=%d",
                         ",".join(surplus), share, beat.live_workers)  # fmt: skip
            self.surrendering.update(surplus)
        room = share - len(mine)
        free = [n for n in self.wanted if n not in self._held and beat.others.get(n, 0.0) <= beat.now]
        random.shuffle(free)  # workers starting together try different mailboxes first
        for name in free:
            if room <= 0:
                break
            sent = self.clock()
            previous = self._beats.acquire(name)
            if previous is None:
                continue
            with self._lock:
                self._held[name] = _Held(beat.now, sent + self.seconds, self.clock())
            room -= 1
            log.info("lease.acquired mailbox=%s holder=%s%s", name, self.holder,
                     f" from={previous}" if previous else "")  # fmt: skip
        wait = self.margin
        if room > 0:  # a lease we could take expires before the next beat: be there when it does
            soon = [e - beat.now for n, e in beat.others.items() if n in self.wanted and e > beat.now]
            wait = min([wait, *(s + WAKE_AFTER_EXPIRY for s in soon)])
        return wait

    def take(self, mailbox: str) -> bool:
        """Take ``mailbox``'s lease whatever our share (``run --once``); False when another worker holds it."""
        sent = self.clock()
        previous = self.table.acquire(mailbox)
        if previous is None:
            log.info("lease.busy mailbox=%s holder=%s", mailbox, self.holder)
            return False
        with self._lock:
            self._held[mailbox] = _Held(time.time(), sent + self.seconds, self.clock())
        return True

    def release(self, mailboxes: Sequence[str]) -> None:
        """Hand these leases back (their work has stopped). Raises StateError."""
        with self._lock:
            for name in mailboxes:
                self._held.pop(name, None)
                self.surrendering.discard(name)
        self.table.release(mailboxes)
        log.info("lease.released mailboxes=%s holder=%s", ",".join(mailboxes), self.holder)

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="lease-heartbeat", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                wait = self.tick()
            except OperationalError as exc:  # the guards run out by themselves; try again soon
                log.warning("lease.heartbeat_failed holder=%s error=%s", self.holder, exc)
                wait = self.margin / 2
            self._stop.wait(wait)

    def stop(self, *, leave: bool = True) -> None:
        """Stop the heartbeat; ``leave``: hand every lease back at once and delete our worker row."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=30)
        with self._lock:
            self._held.clear()
        if leave:
            try:
                self.table.leave()
                log.info("lease.left holder=%s", self.holder)
            except OperationalError as exc:  # the leases then expire by themselves
                log.warning("lease.leave_failed holder=%s error=%s", self.holder, exc)
        if self._beat_store is not None:
            self._beat_store.close()
            self._beat_store = None
            self._beats = self.table
