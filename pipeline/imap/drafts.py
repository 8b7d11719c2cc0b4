"""The Drafts side of ``ImapMailbox``: which folder, its index by ``X-Mailtriage-Source``, and APPEND.

Exactly once: every draft carries ``X-Mailtriage-Source: <key>``. The first ``find`` on a connection
reads that one header of every draft into an index (one FETCH per 1,000 drafts); appends keep it
current, and a new connection or a new UIDVALIDITY of Drafts rebuilds it. A retried APPEND consults
the rebuilt index first, so an APPEND that reached the server before the connection dropped is not
repeated.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from typing import Protocol, TypeVar

from imapclient import IMAPClient

from ..errors import OperationalError, SinkError
from ..message import Draft, MessageKey
from ..settings import MailboxConfig
from .commands import append_drafts, draft_index, find_drafts_folder
from .connect import RETRY_ATTEMPTS, config_error

__all__ = ["RECONNECT_ATTEMPTS", "DraftsFolder", "DraftsSink"]

log = logging.getLogger(__name__)

T = TypeVar("T")

RECONNECT_ATTEMPTS = 2  # tag / find_draft: idempotent, so one reconnect after a drop; no more


class Run(Protocol):
    """``ImapMailbox._run``: ``fn(client)`` on a live connection, reconnecting and retrying (bounded)."""

    def __call__(self, op: str, attempts: int, fn: Callable[[IMAPClient], T], error: type[OperationalError]) -> T: ...


class DraftsFolder:
    """The Drafts folder of one ``ImapMailbox``: found on the first connection, indexed once per connection.

    The mailbox owns the connection: ``run`` is its reconnecting call, ``reselect`` SELECTs its source
    folder again (Drafts is only EXAMINEd), ``capabilities`` says what the live connection offers.
    Not thread-safe, like the mailbox.
    """

    def __init__(self, config: MailboxConfig, run: Run, reselect: Callable[[], object],
                 capabilities: Callable[[], frozenset[bytes]],
                 fence: Callable[[], None] | None = None) -> None:  # fmt: skip
        self.config = config
        self.account = config.name
        self.name: str | None = None  # the folder, once found; kept across reconnects
        self._run, self._reselect, self._capabilities = run, reselect, capabilities
        self._index: dict[str, str] | None = None  # X-Mailtriage-Source -> draft UID; None: not read yet
        self._index_validity = 0  # UIDVALIDITY of Drafts when the index was read
        self._fence = fence  # raises when this worker may no longer write here (its lease ran out)

    def forget(self) -> None:
        """Drop the index, so the next ``find`` reads Drafts again (a new or dropped connection)."""
        self._index = None

    def locate(self, client: IMAPClient) -> str:
        """The Drafts folder: found once, then kept. Raises ConfigError when ``drafts_folder`` names none."""
        c = self.config
        if not self.name:
            name, how = find_drafts_folder(client, self._capabilities(), c.drafts_folder)
            if name is None:
                raise config_error(c, "drafts_folder", f"no folder {c.drafts_folder!r} on {c.host}",
                                   "leave it empty to use the server's \\Drafts folder")  # fmt: skip
            log.info("imap.drafts_folder account=%s folder=%s how=%s", self.account, name, how)
            self.name = name
        return self.name

    def find(self, source: MessageKey) -> str | None:
        """``ImapMailbox.find_draft``: the draft's UID ("" without UIDPLUS) or None. Raises SinkError."""
        if self._index is not None:  # current: a dropped connection drops it
            return self._index.get(str(source))
        return self._run("find_draft", RECONNECT_ATTEMPTS, lambda c: self._read(c).get(str(source)), SinkError)

    def _read(self, client: IMAPClient) -> dict[str, str]:
        if self._index is None:
            assert self.name is not None
            started = time.perf_counter()
            try:
                self._index_validity, index = draft_index(client, self.name)
            finally:
                self._reselect()
            self._index = index
            log.info("imap.drafts_indexed account=%s folder=%s drafts=%d ms=%.0f",
                     self.account, self.name, len(index), (time.perf_counter() - started) * 1000)  # fmt: skip
        return self._index

    def append_many(self, drafts: Sequence[Draft]) -> list[str]:
        """``ImapMailbox.append_many``: ``append`` per ``batch_size`` drafts; UIDs in order. Raises SinkError."""
        out: list[str] = []
        step = max(1, self.config.batch_size)
        for start in range(0, len(drafts), step):
            out += self.append(list(drafts[start : start + step]))
        return out

    def append(self, drafts: list[Draft]) -> list[str]:
        """APPEND ``drafts`` in one command (MULTIAPPEND when offered); UIDs in order ("" if unknown).

        A retry after a dropped connection first looks for the drafts (the APPEND may have landed).
        Raises SinkError (SourceError / AuthError when reconnecting fails).
        """
        if not drafts:
            return []
        attempts = 0

        def store(client: IMAPClient) -> list[str]:
            nonlocal attempts
            attempts += 1
            if self._fence is not None:  # asked again before a retry: the first attempt may have taken long
                self._fence()
            uids: list[str | None] = [None] * len(drafts)
            if attempts > 1:  # did the last try land before the connection dropped? (a fresh index says)
                index = self._read(client)
                uids = [index.get(str(d.source)) for d in drafts]
            todo = [i for i, uid in enumerate(uids) if uid is None]
            assert self.name is not None
            multi = b"MULTIAPPEND" in self._capabilities()
            validity, new = append_drafts(client, self.name, [drafts[i] for i in todo], multiappend=multi)
            for i, appended in zip(todo, new, strict=True):
                uids[i] = appended
            if self._index is not None and validity and validity != self._index_validity:
                self._index = None  # Drafts was renumbered: the UIDs we hold are stale
            for draft, uid in zip(drafts, uids, strict=True):
                if self._index is not None:
                    self._index.setdefault(str(draft.source), uid or "")
                log.debug("imap.appended account=%s source=%s uid=%s", self.account, draft.source, uid)
            return [uid or "" for uid in uids]

        return self._run("append", RETRY_ATTEMPTS, store, SinkError)


class DraftsSink:
    """The ``Sink`` half of ``ImapMailbox`` (a mixin): every call goes to its ``DraftsFolder``."""

    _drafts: DraftsFolder

    @property
    def drafts_folder(self) -> str | None:
        """The Drafts folder in use (known after ``open``)."""
        return self._drafts.name

    def find_draft(self, source: MessageKey) -> str | None:
        """UID (as text; "" without UIDPLUS) of a draft whose ``X-Mailtriage-Source`` is exactly ``str(source)``.

        Answered from the index of Drafts, read once per connection (see the module docstring).
        Raises SinkError.
        """
        return self._drafts.find(source)

    def append(self, draft: Draft) -> str:
        """APPEND ``draft`` to Drafts with ``\\Draft`` and ``\\Seen``; return its UID, or "" without UIDPLUS.

        A retry after a dropped connection first looks for the draft (the APPEND may have landed).
        Raises SinkError (SourceError / AuthError when reconnecting fails).
        """
        return self._drafts.append([draft])[0]

    def drafts_present(self, sources: Sequence[MessageKey]) -> set[MessageKey]:
        """Those of ``sources`` whose draft is in Drafts now: the index is read afresh, since agents send
        and delete drafts while a connection lives (``pipeline.feedback``). Raises SinkError."""
        self._drafts.forget()
        return {s for s in sources if self._drafts.find(s) is not None}

    def append_many(self, drafts: Sequence[Draft]) -> list[str]:
        """Append several drafts, with MULTIAPPEND (RFC 3502) when offered; UIDs in order ("" if unknown).

        Raises like ``append``; a MULTIAPPEND stores all of its drafts or none.
        """
        return self._drafts.append_many(drafts)
