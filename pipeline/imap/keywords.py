"""The keywords side of ``ImapMailbox`` (a mixin, like ``SentReader``): reading the flags of originals again,
and taking back the promise keywords once an original is answered.

Agents correct a label by changing mailtriage's keyword on the original (``pipeline.feedback.corrections``).
Where the server has CONDSTORE (RFC 7162; Dovecot has it), a cycle asks only for what changed:
``SEARCH MODSEQ <cursor+1>`` lists the messages whose flags changed since the last read, and the
folder's ``HIGHESTMODSEQ`` (STATUS, read *before* the search, so a change made meanwhile is read again
next time rather than never) becomes the next cursor. Without CONDSTORE, or after a UIDVALIDITY change,
the caller passes a bounded window of recent originals and their FLAGS are fetched whole. FETCH FLAGS
changes nothing on the server.

``untag_many`` is the one write here: ``UID STORE -FLAGS.SILENT`` of keywords mailtriage set itself
(``$PromiseDue``, ``$PromiseMissed``: ``pipeline.feedback.promises``), never a system flag, so
``\\Seen`` and ``\\Answered`` stay as the agent left them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from imapclient import IMAPClient

from ..errors import OperationalError, SinkError, SourceError
from ..message import MessageKey
from .commands import UID_BATCH, Selected
from .connect import RETRY_ATTEMPTS
from .drafts import RECONNECT_ATTEMPTS

__all__ = ["FlagChanges", "KeywordReader"]

log = logging.getLogger(__name__)

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class FlagChanges:
    """What ``changed_flags`` learnt of the source folder."""

    folder: str
    uidvalidity: int
    modseq: int  # the folder's HIGHESTMODSEQ before the read; 0 without CONDSTORE
    changed: list[MessageKey] | None  # messages whose flags changed since the cursor; None: read the window


class KeywordReader:
    """Reading the flags of the source folder of an ``ImapMailbox``; uses its connection and retries."""

    account: str
    folder: str
    _capabilities: frozenset[bytes]
    _selected: Selected | None

    def _run(self, op: str, attempts: int, fn: Callable[[IMAPClient], T], error: type[OperationalError]) -> T:
        raise NotImplementedError  # ImapMailbox's

    def _select(self) -> Selected:
        raise NotImplementedError  # ImapMailbox's

    def changed_flags(self, cursor: tuple[int, int] | None) -> FlagChanges:
        """The messages whose flags changed since ``cursor`` (UIDVALIDITY, MODSEQ), and the next cursor.

        ``changed`` is None when the server has no CONDSTORE, the folder keeps no MODSEQs, there is no
        cursor yet or the folder was renumbered: then the caller reads a window of originals instead.
        Raises SourceError (after bounded retries).
        """

        def scan(client: IMAPClient) -> FlagChanges:
            selected = self._selected or self._select()
            if b"CONDSTORE" not in self._capabilities:
                return FlagChanges(self.folder, selected.uidvalidity, 0, None)
            status = client.folder_status(self.folder, [b"HIGHESTMODSEQ"])
            highest = int(status.get(b"HIGHESTMODSEQ", 0) or 0)  # 0: a folder without MODSEQs (NOMODSEQ)
            if not highest or cursor is None or cursor[0] != selected.uidvalidity:
                return FlagChanges(self.folder, selected.uidvalidity, highest, None)
            if highest <= cursor[1]:
                return FlagChanges(self.folder, selected.uidvalidity, highest, [])
            uids = client.search(["MODSEQ", str(cursor[1] + 1)])
            keys = [MessageKey(self.account, self.folder, selected.uidvalidity, str(u)) for u in sorted(uids)]
            return FlagChanges(self.folder, selected.uidvalidity, highest, keys)

        found = self._run("keywords", RETRY_ATTEMPTS, scan, SourceError)
        log.info("imap.keywords account=%s folder=%s modseq=%d changed=%s", self.account, self.folder, found.modseq,
                 "window" if found.changed is None else len(found.changed))  # fmt: skip
        return found

    def keywords_of(self, keys: Sequence[MessageKey]) -> dict[MessageKey, frozenset[str]]:
        """The keywords (no ``\\`` system flags), lower-cased, of those of ``keys`` still in the folder.

        Lower-cased because keywords match without case on Dovecot and Thunderbird stores its tag keys in
        lower case (``$technical``). Keys of another folder or UIDVALIDITY are left out. One FETCH FLAGS
        per 1,000 originals. Raises SourceError.
        """

        def fetch(client: IMAPClient) -> dict[MessageKey, frozenset[str]]:
            selected = self._selected or self._select()
            mine = {int(k.uid): k for k in keys
                    if (k.account, k.folder, k.uidvalidity) == (self.account, self.folder, selected.uidvalidity)
                    and k.uid.isdigit()}  # fmt: skip
            out: dict[MessageKey, frozenset[str]] = {}
            ordered = sorted(mine)
            for start in range(0, len(ordered), UID_BATCH):
                for uid, item in client.fetch(ordered[start : start + UID_BATCH], [b"FLAGS"]).items():
                    if uid in mine:
                        flags = (f.decode("utf-8", "replace") if isinstance(f, bytes) else str(f)
                                 for f in item.get(b"FLAGS", ()))  # fmt: skip
                        out[mine[uid]] = frozenset(f.lower() for f in flags if not f.startswith("\\"))
            return out

        return self._run("keywords", RETRY_ATTEMPTS, fetch, SourceError)

    def untag_many(self, keys: Sequence[MessageKey], keywords: tuple[str, ...]) -> int:
        """Remove ``keywords`` from those of ``keys`` still in the folder: one ``STORE -FLAGS.SILENT`` per 1,000.

        System flags (``\\...``) are never removed. Keys of another folder or UIDVALIDITY are left out.
        Nothing is sent where PERMANENTFLAGS allow none of ``keywords`` (the server keeps no such keyword,
        so there is none to remove). Returns how many messages the STORE named. Raises SinkError.
        """
        wanted = [k for k in keywords if k and not k.startswith("\\")]

        def store(client: IMAPClient) -> int:
            selected = self._selected or self._select()
            uids = sorted({int(k.uid) for k in keys
                           if (k.account, k.folder, k.uidvalidity) == (self.account, self.folder, selected.uidvalidity)
                           and k.uid.isdigit()})  # fmt: skip
            allowed = selected.permanent_flags
            if not uids or not (b"\\*" in allowed or any(k.encode() in allowed for k in wanted)):
                return 0
            for start in range(0, len(uids), UID_BATCH):
                client.remove_flags(uids[start : start + UID_BATCH], wanted, silent=True)
            return len(uids)

        if not wanted or not keys:
            return 0
        removed = self._run("untag", RECONNECT_ATTEMPTS, store, SinkError)
        log.info("imap.untagged account=%s folder=%s messages=%d keywords=%s", self.account, self.folder, removed,
                 ",".join(wanted))  # fmt: skip
        return removed
