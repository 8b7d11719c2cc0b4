"""An IMAP folder as a ``Source`` and its Drafts folder as a ``Sink``, on imapclient.

Nothing in the mailbox changes except what we add: messages are fetched with ``BODY.PEEK[]`` (never
``\\Seen``), never moved or deleted; drafts are appended with ``\\Draft``; originals get keywords only
when the server allows them. One connection per mailbox: the source folder stays selected;
Drafts is EXAMINEd only to index it, and the source folder SELECTed again right after.

Exactly once: ``poll`` tracks (UIDVALIDITY, highest handled UID) in a ``CursorStore``; every draft
carries ``X-Mailtriage-Source: <key>``, looked up in an index of Drafts before any APPEND (see
``pipeline.imap.drafts``).
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable, Generator, Iterator, Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol, TypeVar

from imapclient import IMAPClient

from ..errors import OperationalError, SinkError, SourceError
from ..message import MessageKey, RawMessage
from ..settings import MailboxConfig
from .commands import (
    UID_BATCH,
    IdleOutcome,
    Selected,
    flagged,
    idle,
    select_folder,
    uids_above,
    uids_since,
)
from .connect import (
    RETRY_ATTEMPTS,
    call_with_retry,
    connect,
    imap_errors,
    is_transient,
    resolve_secret,
    retrying,
    shutdown,
)
from .drafts import RECONNECT_ATTEMPTS, DraftsFolder, DraftsSink
from .keywords import KeywordReader
from .sent import SentReader

__all__ = ["CursorStore", "ImapMailbox", "resolve_secret"]

log = logging.getLogger(__name__)

T = TypeVar("T")

FETCH_ITEMS = [b"BODY.PEEK[]", b"INTERNALDATE", b"FLAGS", b"RFC822.SIZE"]
IDLE_RENEW = 25 * 60.0  # RFC 2177: servers may drop an IDLE after 30 min; renew well before 29
_KEYWORD = re.compile(r"^[^\s()\{%*\"\\\]\x00-\x1f\x7f]+$")  # RFC 3501 atom


class CursorStore(Protocol):
    """Where ``poll`` keeps its place: the highest UID handled per (account, folder) and UIDVALIDITY."""

    def get_cursor(self, account: str, folder: str) -> tuple[int, int] | None:
        """(uidvalidity, highest handled uid), or None before the first poll."""
        ...

    def set_cursor(self, account: str, folder: str, uidvalidity: int, uid: int) -> None: ...


class _UidValidityChanged(Exception):
    """Raised inside a poll when a reconnect finds a new UIDVALIDITY: the UIDs in hand mean nothing now."""


class ImapMailbox(DraftsSink, SentReader, KeywordReader):
    """One ``[[mailbox]]`` with ``source = "imap"``: its folder as a Source, its Drafts folder as a Sink.

    Not thread-safe: one worker thread uses it. ``open`` before anything else; any later call
    reconnects by itself after a dropped connection. The Sink methods come from ``DraftsSink``; reading
    the Sent folder (``read_sent``) from ``SentReader``; the flags of originals again (``changed_flags``,
    ``keywords_of``: label corrections) from ``KeywordReader``.
    """

    def __init__(self, config: MailboxConfig, cursor: CursorStore, *,
                 now: Callable[[], datetime] = lambda: datetime.now(UTC),
                 fence: Callable[[], None] | None = None) -> None:  # fmt: skip
        self.config = config
        self.account = config.name
        self.folder = config.folder
        self._cursor = cursor
        self._now = now
        self._client: IMAPClient | None = None
        self._selected: Selected | None = None
        self._drafts = DraftsFolder(config, self._run, self._select, lambda: self._capabilities, fence)
        self._capabilities: frozenset[bytes] = frozenset()
        self._opened = False
        self._warned: set[str] = set()
        self._polled_uidnext = 0  # UIDNEXT when the last poll listed the folder

    def __repr__(self) -> str:
        c = self.config
        return f"ImapMailbox(account={self.account!r}, host={c.host!r}, user={c.username!r}, folder={self.folder!r})"

    # -- connection --------------------------------------------------------------------------------

    def open(self) -> None:
        """Connect, log in, SELECT the folder and find the Drafts folder (retried when transient).

        Raises ConfigError (settings), AuthError (credentials refused; never retried), SourceError.
        """
        self._opened = True
        self._ensure("connect", RETRY_ATTEMPTS)

    def close(self) -> None:
        """Log out (quietly: the server may be gone). The object can be opened again."""
        self._opened = False
        client, self._client, self._selected = self._client, None, None
        self._drafts.forget()
        if client is not None:
            try:
                client.logout()
            except Exception:  # best effort: a dead connection cannot say goodbye
                shutdown(client)
            log.info("imap.closed account=%s", self.account)

    def _ensure(self, op: str, attempts: int) -> IMAPClient:
        if self._client is None:
            call_with_retry(retrying(self.account, op, attempts), self._connect)
        assert self._client is not None
        return self._client

    def _connect(self) -> None:
        if not self._opened:
            raise SourceError(f"mailbox account={self.account} is not open")
        client = connect(self.config)
        self._drafts.forget()  # Drafts may have changed while we were away: read it again when asked
        try:
            with self._errors("select"):
                self._capabilities = frozenset(client.capabilities())
                self._client = client
                self._select()
                self._drafts.locate(client)
        except BaseException:
            self._client = self._selected = None
            shutdown(client)
            raise
        assert self._selected is not None
        log.info(
            "imap.connected account=%s host=%s port=%d security=%s folder=%s uidvalidity=%d drafts=%s",
            self.account, self.config.host, self.config.port, self.config.security, self.folder,
            self._selected.uidvalidity, self._drafts.name,
        )  # fmt: skip

    def _drop(self) -> None:
        # The index goes too: an APPEND cut off with the connection may have landed or not.
        client, self._client, self._selected = self._client, None, None
        self._drafts.forget()
        shutdown(client)

    def _errors(self, action: str, error: type[OperationalError] = SourceError) -> AbstractContextManager[None]:
        return imap_errors(self.account, action, host=self.config.host, error=error)

    def _run(self, op: str, attempts: int, fn: Callable[[IMAPClient], T], error: type[OperationalError]) -> T:
        """``fn(client)`` on a live connection; a dropped one is replaced and ``fn`` retried (bounded)."""

        def attempt() -> T:
            client = self._ensure(op, 1)
            try:
                with self._errors(op, error):
                    return fn(client)
            except OperationalError as exc:
                if is_transient(exc):
                    self._drop()
                raise

        return call_with_retry(retrying(self.account, op, attempts), attempt)

    def _select(self) -> Selected:
        assert self._client is not None
        self._selected = select_folder(self._client, self.folder)
        return self._selected

    # -- Source ------------------------------------------------------------------------------------

    def poll(self, handled: Callable[[MessageKey], bool]) -> Iterator[RawMessage]:
        """Yield new messages of the folder, oldest UID first, skipping those ``handled(key)`` says are done.

        New = above the cursor's UID for the current UIDVALIDITY; without a cursor (first run) or
        after a UIDVALIDITY change, every message with an INTERNALDATE in the last ``backlog_days``.
        The cursor moves past a message once ``handled(key)`` is true for it and for every message
        before it in this poll (looked at when the next FETCH batch is due), so a message the worker
        will retry is polled again.
        Raises SourceError (after bounded retries); AuthError when a reconnect is refused.
        """
        batches = self.poll_batches(handled)
        try:
            for batch in batches:
                yield from batch
        finally:  # a caller that stops early: the cursor still moves past what it handled
            batches.close()

    def poll_batches(self, handled: Callable[[MessageKey], bool]) -> Generator[list[RawMessage]]:
        """``poll``, one FETCH batch (up to ``batch_size`` messages, never empty) at a time.

        The worker drafts a whole batch before it asks for the next; then, or when the generator is
        closed, the cursor moves past every message of the batch that ``handled(key)`` now calls done,
        up to the first that is not. Raises like ``poll``.
        """
        uidvalidity, uidnext, cursor, uids, cutoff = self._run("fetch", RETRY_ATTEMPTS, self._scan, SourceError)
        folder, size = self.folder, max(1, self.config.batch_size)
        contiguous = True  # every message so far is handled: the cursor may follow us

        def advance(verdicts: list[tuple[int, bool]]) -> None:
            nonlocal contiguous, cursor
            high = cursor
            for uid, done in verdicts:
                contiguous = contiguous and done
                if contiguous:
                    high = max(high, uid)
            if high > cursor:  # one write per batch, not one per message
                self._cursor.set_cursor(self.account, folder, uidvalidity, high)
                cursor = high

        for start in range(0, len(uids), size):
            keys = {uid: MessageKey(self.account, folder, uidvalidity, str(uid)) for uid in uids[start : start + size]}
            wanted = {uid for uid, key in keys.items() if not handled(key)}
            try:
                fetched = self._fetch(sorted(wanted), uidvalidity) if wanted else {}
            except _UidValidityChanged:
                log.warning("imap.poll_abandoned account=%s folder=%s reason=uidvalidity", self.account, folder)
                return
            batch: list[RawMessage] = []
            verdicts: list[tuple[int, MessageKey, bool | None]] = []  # None: ask handled() after the worker
            for uid, key in keys.items():
                item = fetched.get(uid)
                if uid not in wanted or item is None:  # handled before, or expunged since the search
                    verdicts.append((uid, key, True))
                elif b"BODY[]" not in item:  # the server could not read it; try again next poll
                    log.warning("imap.fetch_incomplete account=%s folder=%s uid=%d", self.account, folder, uid)
                    verdicts.append((uid, key, False))
                elif cutoff and _aware(item[b"INTERNALDATE"]) < cutoff:  # older than the backlog window
                    verdicts.append((uid, key, True))
                else:
                    flags = tuple(f.decode("ascii", "replace") for f in item.get(b"FLAGS", ()))
                    batch.append(RawMessage(key, bytes(item[b"BODY[]"]), flags, item.get(b"INTERNALDATE")))
                    verdicts.append((uid, key, None))
            del fetched  # the bodies live on in `batch` only, so a 20,000-message backlog stays flat
            try:
                if batch:
                    yield batch
            finally:  # also when the worker stops early (GeneratorExit): it finished what it took
                advance([(uid, handled(key) if known is None else known) for uid, key, known in verdicts])
        if contiguous and uidnext - 1 > cursor:
            advance([(uidnext - 1, True)])  # nothing below UIDNEXT is left: skip expunged / too-old UIDs

    def _scan(self, client: IMAPClient) -> tuple[int, int, int, list[int], datetime | None]:
        """SELECT again (new mail, UIDVALIDITY).

        Returns (uidvalidity, uidnext, cursor uid, UIDs to look at, backlog cutoff or None).
        """
        selected = self._select()
        self._polled_uidnext = selected.uidnext
        uidvalidity = selected.uidvalidity
        saved = self._cursor.get_cursor(self.account, self.folder)
        cutoff: datetime | None = None
        if saved is not None and saved[0] == uidvalidity:
            start, uids, mode = saved[1], uids_above(client, selected, saved[1]), "cursor"
        else:
            if saved is not None:
                log.warning("imap.uidvalidity_changed account=%s folder=%s old=%d new=%d",
                            self.account, self.folder, saved[0], uidvalidity)  # fmt: skip
            cutoff = self._now() - timedelta(days=self.config.backlog_days)
            start, uids, mode = 0, uids_since(client, cutoff), "backlog"
        log.info("imap.poll account=%s folder=%s uidvalidity=%d mode=%s candidates=%d",
                 self.account, self.folder, uidvalidity, mode, len(uids))  # fmt: skip
        return uidvalidity, selected.uidnext, start, uids, cutoff

    def _fetch(self, uids: list[int], uidvalidity: int) -> dict[int, dict[bytes, Any]]:
        def fetch(client: IMAPClient) -> dict[int, dict[bytes, Any]]:
            assert self._selected is not None
            if self._selected.uidvalidity != uidvalidity:  # we reconnected to a renumbered folder
                raise _UidValidityChanged()
            return dict(client.fetch(uids, FETCH_ITEMS))

        return self._run("fetch", RETRY_ATTEMPTS, fetch, SourceError)

    def tag(self, key: MessageKey, keywords: tuple[str, ...]) -> None:
        """Add IMAP keywords (``$Triaged``...) to the original, when the server keeps them; never ``\\Seen``.

        System flags (``\\...``) and malformed keywords are dropped with a warning. Skipped (logged)
        when the folder's UIDVALIDITY is no longer ``key``'s or PERMANENTFLAGS allows none of them.
        Raises SinkError.
        """
        self.tag_many([key], keywords)

    def tag_many(self, keys: Sequence[MessageKey], keywords: tuple[str, ...]) -> None:
        """``tag`` for several originals at once: one STORE for all of them. Raises SinkError."""
        for key in keys:
            self._check_key(key)
        wanted = tuple(k for k in keywords if _KEYWORD.match(k) and not k.startswith("\\"))
        if wanted != tuple(keywords):
            dropped = ",".join(sorted(set(keywords) - set(wanted)))
            log.warning("imap.tag_dropped account=%s keywords=%s", self.account, dropped)
        if not wanted or not keys:
            return

        def store(client: IMAPClient) -> None:
            if self._selected is None:
                self._select()
            assert self._selected is not None
            uids = [int(k.uid) for k in keys if k.uidvalidity == self._selected.uidvalidity]
            if len(uids) < len(keys):
                log.warning("imap.tag_skipped account=%s messages=%d reason=uidvalidity", self.account,
                            len(keys) - len(uids))  # fmt: skip
            allowed = self._selected.permanent_flags
            usable = wanted if b"\\*" in allowed else tuple(k for k in wanted if k.encode() in allowed)
            if not usable:
                self._warn_once("keywords", "imap.tag_skipped account=%s reason=keywords_not_permanent")
                return
            for start in range(0, len(uids), UID_BATCH):
                client.add_flags(uids[start : start + UID_BATCH], list(usable), silent=True)

        self._run("tag", RECONNECT_ATTEMPTS, store, SinkError)

    def answered(self, keys: Sequence[MessageKey]) -> list[MessageKey]:
        """Those of ``keys`` whose original now has ``\\Answered`` (an agent replied to it).

        Keys of another folder or an older UIDVALIDITY are left out. One FETCH FLAGS per 1,000
        originals; nothing changes on the server. Raises SourceError.
        """

        def fetch(client: IMAPClient) -> list[MessageKey]:
            selected = self._selected or self._select()
            mine = {
                int(k.uid): k
                for k in keys
                if (k.account, k.folder, k.uidvalidity) == (self.account, self.folder, selected.uidvalidity)
                and k.uid.isdigit()
            }
            return [mine[uid] for uid in flagged(client, list(mine), b"\\Answered")] if mine else []

        return self._run("answered", RECONNECT_ATTEMPTS, fetch, SourceError)

    def _check_key(self, key: MessageKey) -> None:
        if key.account != self.account or key.folder != self.folder:
            raise SinkError(f"message {key} is not from account={self.account} folder={self.folder}")

    def _warn_once(self, what: str, message: str) -> None:
        if what not in self._warned:
            self._warned.add(what)
            log.warning(message, self.account)

    # -- waiting -----------------------------------------------------------------------------------

    def wait_for_new(self, timeout: float, stop: threading.Event) -> bool:
        """Wait up to ``timeout`` s for new mail: IDLE when the server has it, else ``poll_seconds`` of sleep.

        True when new mail may be there (the server said EXISTS, the connection was replaced, or a
        plain sleep ended); False on timeout in IDLE or when ``stop`` is set. IDLE is renewed every
        25 min; a dropped connection (BYE, EOF, no answer to DONE) is replaced before returning.
        Raises SourceError / AuthError when reconnecting fails.
        """
        client = self._ensure("connect", RETRY_ATTEMPTS)
        if not (self.config.idle and b"IDLE" in self._capabilities):
            return not stop.wait(min(timeout, float(self.config.poll_seconds)))
        deadline = time.monotonic() + timeout
        outcome: IdleOutcome = "timeout"
        try:
            # Mail that came while the last cycle worked was announced (EXISTS) in the answer to some
            # other command; IDLE will not announce it again. UIDNEXT tells.
            with self._errors("idle"):
                if self._polled_uidnext and self._select().uidnext > self._polled_uidnext:
                    return True
        except OperationalError as exc:
            if not is_transient(exc):
                raise
            outcome = "dead"
        while outcome == "timeout" and not stop.is_set() and time.monotonic() < deadline:
            seconds = min(deadline - time.monotonic(), IDLE_RENEW)
            try:
                with self._errors("idle"):
                    outcome = idle(client, seconds, stop)
            except OperationalError as exc:
                if not is_transient(exc):
                    raise
                outcome = "dead"
        if outcome == "dead":
            log.warning("imap.connection_lost account=%s during=idle", self.account)
            self._drop()
            self._ensure("connect", RETRY_ATTEMPTS)
            return True  # mail may have come while we were not looking
        return outcome == "news" and not stop.is_set()


def _aware(value: object) -> datetime:
    assert isinstance(value, datetime)
    return value if value.tzinfo else value.replace(tzinfo=UTC)
