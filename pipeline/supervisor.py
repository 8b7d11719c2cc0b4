"""The looping worker's main thread: one thread per mailbox it should handle now, started and stopped
as that changes, until SIGTERM.

Which mailboxes: every configured one on SQLite; on PostgreSQL those whose lease the worker holds and
trusts (``pipeline.lease_keeper``): a lease lost or about to run out stops its mailbox's thread (its
writes are refused anyway), a lease taken over starts one, a mailbox held beyond the worker's share is
stopped and then handed back. ``mailboxes_dir`` is watched: a mailbox added there starts (or becomes a
lease to take), one removed stops, one changed restarts with its new settings.

The first AuthError/ConfigError of any mailbox stops the worker (a person must act), as before.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .config import load_config
from .errors import OperationalError
from .mailbox_dir import FolderWatch
from .settings import MailboxConfig

if TYPE_CHECKING:
    from .worker import Worker

log = logging.getLogger("mailtriage")

STEP = 0.1  # seconds between looks: how soon a lost lease stops its thread, at the latest


@dataclass(slots=True)
class _Running:
    box: MailboxConfig
    thread: threading.Thread
    stop: threading.Event


class Supervisor:
    """Runs ``worker``'s mailboxes in threads (``run``) until ``worker.stop`` is set."""

    def __init__(self, worker: Worker) -> None:
        self.worker = worker
        self.boxes = {b.name: b for b in worker.config.mailboxes}
        self.fatal: list[BaseException] = []
        self.running: dict[str, _Running] = {}
        self.watch = FolderWatch(worker.config.mailboxes_dir, lambda: load_config(worker.config.file).mailboxes)

    def run(self) -> None:
        keeper = self.worker.keeper
        if keeper is not None:
            keeper.wanted = tuple(self.boxes)
            keeper.start()
        log.info("worker.started holder=%s mailboxes=%d", keeper.holder if keeper else "-", len(self.boxes))
        try:
            while not self.worker.stop.is_set():
                self._step()
                self.worker.stop.wait(STEP)
        finally:
            for running in self.running.values():  # SIGTERM or a fatal error: all finish what is in hand
                running.stop.set()
            for running in self.running.values():
                while running.thread.is_alive():
                    running.thread.join(timeout=0.5)  # short joins keep the main thread responsive to signals
        if self.fatal:
            raise self.fatal[0]

    def _step(self) -> None:
        keeper = self.worker.keeper
        boxes = self.watch.poll()
        if boxes is not None:
            self.boxes = {b.name: b for b in boxes}
            if keeper is not None:
                keeper.wanted = tuple(self.boxes)
        wanted = self._wanted()
        for name, running in list(self.running.items()):
            if not running.stop.is_set() and (name not in wanted or self.boxes.get(name) != running.box):
                running.stop.set()  # finishes the message in hand, then ends
                log.info("mailbox.stopping mailbox=%s why=%s", name, self._why(name, running))
            if not running.thread.is_alive():
                del self.running[name]
        for name in sorted(wanted):
            if name not in self.running:
                log.info("mailbox.starting mailbox=%s", name)
                self._start(self.boxes[name])
        if keeper is not None:  # held beyond our share or no longer configured, and stopped: hand back
            idle = sorted(n for n in keeper.surrendered() if n not in self.running)
            if idle:
                try:
                    keeper.release(idle)
                except OperationalError as exc:  # they expire by themselves
                    log.warning("lease.release_failed mailboxes=%s error=%s", ",".join(idle), exc)

    def _wanted(self) -> set[str]:
        keeper = self.worker.keeper
        if keeper is None:
            return set(self.boxes)
        surrendered = keeper.surrendered()
        return {n for n in keeper.held() if n in self.boxes and n not in surrendered and keeper.valid(n)}

    def _why(self, name: str, running: _Running) -> str:
        keeper = self.worker.keeper
        if name not in self.boxes:
            return "removed"
        if self.boxes[name] != running.box:
            return "changed"
        if keeper is not None and name in keeper.surrendered():
            return "handed-back"
        # held but no longer trusted: not renewed for 2/3 of the lease (the database unreachable)
        return "lease-untrusted" if keeper is not None and name in keeper.held() else "lease-lost"

    def _start(self, box: MailboxConfig) -> None:
        stop = threading.Event()
        thread = threading.Thread(target=self._target, args=(box, stop), name=f"mailbox-{box.name}")
        self.running[box.name] = _Running(box, thread, stop)
        thread.start()

    def _target(self, box: MailboxConfig, stop: threading.Event) -> None:
        state = self.worker.state.share()  # SQLite: a connection per thread; PostgreSQL: the same pool
        try:
            self.worker.runner(box, state, stop).loop()
        except BaseException as exc:
            if self.fatal:  # only the first is raised (the CLI prints it); say the others here
                log.error("mailbox.stopped mailbox=%s error=%s", box.name, exc)
            self.fatal.append(exc)
            self.worker.stop.set()
        finally:
            state.close()
