"""The Sent folder of a Maildir mailbox: Maildir++ ``.Sent`` beside ``.Drafts``, read in place.

Like ``pipeline.imap.SentReader.read_sent``: incremental, by a cursor in the same ``CursorStore`` (the
delivery second at the start of Maildir unique names stands in for the UID, uidvalidity 0), headers
first and the whole file only for replies to originals the caller knows. Files of the cursor's own
second are read again, as a second may hold several; measuring is idempotent, so that costs nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Sequence
from datetime import UTC, datetime, timedelta
from email import policy
from email.parser import BytesHeaderParser
from pathlib import Path
from typing import Protocol

from ..message import MessageKey, RawMessage
from .match import candidates, message_ids

SENT_WINDOW_DAYS = 14  # as pipeline.imap.sent
Wanted = Callable[[Sequence[list[str]]], Sequence[bool]]


class CursorStore(Protocol):
    def get_cursor(self, account: str, folder: str) -> tuple[int, int] | None: ...

    def set_cursor(self, account: str, folder: str, uidvalidity: int, uid: int) -> None: ...


class MaildirSent:
    """``.Sent`` of one Maildir mailbox (``path``); nothing in it is renamed or changed."""

    folder = ".Sent"

    def __init__(self, account: str, path: Path, cursor: CursorStore, now: Callable[[], datetime]) -> None:
        self.account, self.path, self._cursor, self._now = account, path, cursor, now

    def read_sent(self, wanted: Wanted, batch: int = 500) -> Generator[list[RawMessage]]:
        """The new files of ``.Sent`` that ``wanted`` asks for, oldest first, ``batch`` files at a time."""
        saved = self._cursor.get_cursor(self.account, self.folder)
        since = saved[1] if saved else int((self._now() - timedelta(days=SENT_WINDOW_DAYS)).timestamp())
        entries = sorted(e for e in self._entries() if e[0] >= since)
        for start in range(0, len(entries), max(1, batch)):
            chunk = entries[start : start + batch]
            refs = [self._refs(file) for _, _, file in chunk]
            out = []
            for (_, unique, file), yes in zip(chunk, wanted(refs), strict=True):
                if yes:
                    try:
                        out.append(RawMessage(MessageKey(self.account, self.folder, 0, unique), file.read_bytes(),
                                              (), datetime.fromtimestamp(file.stat().st_mtime, tz=UTC)))  # fmt: skip
                    except FileNotFoundError:  # moved by a client since we listed
                        continue
            if out:
                yield out
            self._cursor.set_cursor(self.account, self.folder, 0, chunk[-1][0])

    def _entries(self) -> list[tuple[int, str, Path]]:
        found = []
        for sub in ("new", "cur"):
            folder = self.path / sub
            for file in folder.iterdir() if folder.is_dir() else ():
                if file.name.startswith("."):
                    continue
                unique = file.name.split(":", 1)[0]
                head = unique.split(".", 1)[0]
                try:
                    stamp = int(head) if head.isdigit() else int(file.stat().st_mtime)
                except FileNotFoundError:
                    continue
                found.append((stamp, unique, file))
        return found

    @staticmethod
    def _refs(file: Path) -> list[str]:
        try:
            with file.open("rb") as fp:
                headers = BytesHeaderParser(policy=policy.compat32).parse(fp)
        except OSError:
            return []
        return candidates(str(headers.get("In-Reply-To") or ""), message_ids(str(headers.get("References") or "")))
