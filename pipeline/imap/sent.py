"""The Sent side of ``ImapMailbox`` (a mixin, like ``DraftsSink``): which folder, and reading it by UID.

What agents sent is how mailtriage learns what came of its drafts (``pipeline.feedback``). The folder
is ``sent_folder`` when configured, else the SPECIAL-USE ``\\Sent`` folder (RFC 6154), else a usual
name (Dovecot and Thunderbird "Sent", Microsoft 365 "Sent Items", Apple "Sent Messages", Gmail
"[Gmail]/Sent Mail"). It is only EXAMINEd (read-only) and read with ``BODY.PEEK``, so nothing in it
changes; the source folder is SELECTed again after each step, as after indexing Drafts.

Incremental like the inbox: a cursor (UIDVALIDITY, highest UID read) per folder in the same
``CursorStore``. A first read, or a new UIDVALIDITY, looks back SENT_WINDOW_DAYS. For each batch of
UIDs only In-Reply-To and References are fetched first; the whole message only for those that answer
an original the caller knows, so a Sent folder of 20,000 messages costs 20 header FETCHes.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable, Generator, Sequence
from datetime import datetime, timedelta
from typing import Any, TypeVar

from imapclient import IMAPClient

from ..errors import OperationalError, SourceError
from ..message import MessageKey, RawMessage
from ..settings import MailboxConfig
from .commands import UID_BATCH, Selected, find_folder, uids_above, uids_since
from .connect import RETRY_ATTEMPTS, config_error

__all__ = ["COMMON_SENT", "SENT_WINDOW_DAYS", "SentReader", "find_sent_folder"]

log = logging.getLogger(__name__)

T = TypeVar("T")

COMMON_SENT = ("Sent", "Sent Items", "Sent Messages", "Sent Mail", "[Gmail]/Sent Mail", "[Google Mail]/Sent Mail",
               "INBOX.Sent", "Gesendet", "Gesendete Elemente", "Gesendete Objekte")  # fmt: skip
SENT_WINDOW_DAYS = 14  # a first read looks back this far: the window of open drafts (Store.open_drafts)
_REF_FIELDS = b"BODY.PEEK[HEADER.FIELDS (IN-REPLY-TO REFERENCES)]"
_BODY_ITEMS = [b"BODY.PEEK[]", b"INTERNALDATE"]
_MSGID = re.compile(rb"<[^<>\s]{1,990}>")

Wanted = Callable[[Sequence[list[str]]], Sequence[bool]]


def find_sent_folder(client: IMAPClient, configured: str = "") -> tuple[str | None, str]:
    """``find_folder`` for ``\\Sent`` and its usual names (any case); never creates one: no Sent, nothing to
    learn."""
    return find_folder(client, b"\\Sent", COMMON_SENT, configured, any_case=True)


def referenced_ids(header_block: bytes) -> list[str]:
    """The ids of In-Reply-To, then References, of a fetched header block (what a reply answers)."""
    text = header_block.replace(b"\r\n", b"\n")
    fields = re.split(rb"\n(?![ \t])", text)
    by_name: dict[bytes, list[str]] = {b"in-reply-to": [], b"references": []}
    for f in fields:
        name, colon, value = f.partition(b":")
        if colon and name.strip().lower() in by_name:
            by_name[name.strip().lower()] += [m.decode("ascii", "replace") for m in _MSGID.findall(value)]
    return [*by_name[b"in-reply-to"], *reversed(by_name[b"references"])]


class SentReader:
    """Reading the Sent folder of an ``ImapMailbox``; uses its connection, retries and cursor store."""

    config: MailboxConfig
    account: str
    _cursor: Any  # CursorStore
    _now: Callable[[], datetime]
    _sent_name: str | None = None
    _sent_how = ""

    def _run(self, op: str, attempts: int, fn: Callable[[IMAPClient], T], error: type[OperationalError]) -> T:
        raise NotImplementedError  # ImapMailbox's

    def _select(self) -> Selected:
        raise NotImplementedError  # ImapMailbox's

    @property
    def sent_folder(self) -> str | None:
        """The Sent folder, once ``read_sent`` has looked for it."""
        return self._sent_name

    def _locate_sent(self, client: IMAPClient) -> str | None:
        if self._sent_name is None and not self._sent_how:
            name, how = find_sent_folder(client, self.config.sent_folder)
            if name is None and how == "missing":
                problem = f"no folder {self.config.sent_folder!r} on {self.config.host}"
                raise config_error(
                    self.config, "sent_folder", problem, "leave it empty to use the server's \\Sent folder"
                )
            log.info("imap.sent_folder account=%s folder=%s how=%s", self.account, name, how)
            self._sent_name, self._sent_how = name, how
        return self._sent_name

    def read_sent(self, wanted: Wanted, batch: int = UID_BATCH) -> Generator[list[RawMessage]]:
        """The new messages of Sent that ``wanted`` asks for, one batch of UIDs at a time (oldest first).

        ``wanted`` gets, per message of a batch, the ids it answers (In-Reply-To, then References
        newest first) and says which to fetch whole. The cursor moves past a batch once the caller
        asks for the next one (or the generator ends), so a batch the caller failed on is read again.
        Raises SourceError (after bounded retries); ConfigError when ``sent_folder`` names no folder.
        """
        folder = self._run("sent", RETRY_ATTEMPTS, self._locate_sent, SourceError)
        if folder is None:
            return
        validity, uidnext, uids = self._run("sent", RETRY_ATTEMPTS, lambda c: self._scan_sent(c, folder), SourceError)
        high = 0
        for start in range(0, len(uids), max(1, batch)):
            chunk = uids[start : start + batch]
            fetch = functools.partial(self._fetch_sent, folder=folder, validity=validity, uids=chunk, wanted=wanted)
            found = self._run("sent", RETRY_ATTEMPTS, fetch, SourceError)
            if found is None:  # renumbered while we read: the next cycle starts again from the window
                return
            if found:
                yield [RawMessage(MessageKey(self.account, folder, validity, str(uid)), data, (), when)
                       for uid, data, when in found]  # fmt: skip
            high = chunk[-1]
            self._cursor.set_cursor(self.account, folder, validity, high)
        if uidnext - 1 > high:  # nothing below UIDNEXT is left: skip UIDs outside the window
            self._cursor.set_cursor(self.account, folder, validity, max(high, uidnext - 1))

    def _scan_sent(self, client: IMAPClient, folder: str) -> tuple[int, int, list[int]]:
        try:
            info = client.select_folder(folder, readonly=True)
            selected = Selected(int(info[b"UIDVALIDITY"]), int(info.get(b"UIDNEXT", 0)), frozenset())
            saved = self._cursor.get_cursor(self.account, folder)
            if saved is not None and saved[0] == selected.uidvalidity:
                uids = uids_above(client, selected, saved[1])
            else:
                uids = uids_since(client, self._now() - timedelta(days=SENT_WINDOW_DAYS))
        finally:
            self._select()
        log.info("imap.sent account=%s folder=%s uidvalidity=%d candidates=%d", self.account, folder,
                 selected.uidvalidity, len(uids))  # fmt: skip
        return selected.uidvalidity, selected.uidnext, uids

    def _fetch_sent(self, client: IMAPClient, folder: str, validity: int, uids: list[int],
                    wanted: Wanted) -> list[tuple[int, bytes, datetime | None]] | None:  # fmt: skip
        try:
            info = client.select_folder(folder, readonly=True)
            if int(info[b"UIDVALIDITY"]) != validity:
                log.warning("imap.sent_abandoned account=%s folder=%s reason=uidvalidity", self.account, folder)
                return None
            heads = client.fetch(uids, [_REF_FIELDS])
            order = sorted(heads)
            refs = [referenced_ids(next((bytes(v) for k, v in heads[uid].items() if k.startswith(b"BODY[HEADER")),
                                        b"")) for uid in order]  # fmt: skip
            chosen = [uid for uid, yes in zip(order, wanted(refs), strict=True) if yes]
            bodies = client.fetch(chosen, _BODY_ITEMS) if chosen else {}
        finally:
            self._select()
        return [(uid, bytes(bodies[uid][b"BODY[]"]), bodies[uid].get(b"INTERNALDATE"))
                for uid in chosen if uid in bodies and b"BODY[]" in bodies[uid]]  # fmt: skip
