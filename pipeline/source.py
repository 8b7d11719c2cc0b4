"""Where mail comes from: the ``Source`` seam and its Maildir implementation (the embedded default)."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path
from typing import Protocol

from .errors import SourceError
from .message import MessageKey, RawMessage


class Source(Protocol):
    """A mailbox folder that yields messages not yet handled, without changing them."""

    account: str

    def open(self) -> None: ...

    def close(self) -> None: ...

    def poll(self, handled: Callable[[MessageKey], bool]) -> Iterator[RawMessage]:
        """Yield new messages, oldest first, skipping those for which ``handled(key)`` is true."""
        ...

    def tag(self, key: MessageKey, keywords: tuple[str, ...]) -> None:
        """Mark the original as triaged (IMAP keywords); must never set \\Seen, move or delete."""
        ...


class MaildirSource:
    """A Maildir folder read in place: files are never renamed, so nothing becomes \\Seen or moves.

    When ``seed`` is given and ``path`` does not exist yet, the seed Maildir is copied there first
    (how the bundled demo inbox reaches ``var/`` without touching the tracked copy), its messages' dates moved
    forward by whole weeks so that the newest is from the last seven days: a demo run next month still drafts
    every message instead of leaving them all as too old, and "since Monday" still falls on a Monday.
    """

    def __init__(self, account: str, path: Path, seed: Path | None = None) -> None:
        self.account, self.path, self.seed = account, path, seed

    def open(self) -> None:
        if not self.path.exists() and self.seed is not None:
            shutil.copytree(self.seed, self.path, ignore=shutil.ignore_patterns(".gitkeep"))
            _move_dates_forward(self.path, datetime.now(UTC))
        for sub in ("cur", "new", "tmp"):
            if not (self.path / sub).is_dir():
                raise SourceError(f"account={self.account}: {self.path} is not a Maildir (no {sub}/ folder)")

    def close(self) -> None:
        """Nothing is held open between polls."""

    def poll(self, handled: Callable[[MessageKey], bool]) -> Iterator[RawMessage]:
        entries = []
        for sub in ("new", "cur"):
            for file in (self.path / sub).iterdir():
                if not file.name.startswith("."):  # .gitkeep, editor and client scratch files
                    # the unique name stays the same when a client adds flags after ":2,"
                    entries.append((file.name.split(":", 1)[0], file))
        # Maildir unique names start with the delivery time, so name order is arrival order
        # (file times are not: a git checkout or a backup restore resets them).
        for key, file in sorted(entries):
            msg_key = MessageKey(self.account, "INBOX", 0, key)
            if handled(msg_key):
                continue
            try:
                data = file.read_bytes()
                received = datetime.fromtimestamp(file.stat().st_mtime, tz=UTC)
            except FileNotFoundError:  # a mail client moved or flagged it since we listed: next poll
                continue
            flags = tuple(file.name.partition(":2,")[2])  # Maildir info: S seen, R replied, ...
            yield RawMessage(key=msg_key, data=data, flags=flags, received=received)

    def tag(self, key: MessageKey, keywords: tuple[str, ...]) -> None:
        """Maildir has no portable keywords; the state store records the triage instead."""

    def answered(self, keys: Sequence[MessageKey]) -> list[MessageKey]:
        """Those of ``keys`` whose file carries the Maildir ``R`` (replied) flag: no longer in the backlog."""
        wanted = {k.uid: k for k in keys if k.account == self.account}
        found = []
        for sub in ("cur", "new"):
            for file in (self.path / sub).iterdir():
                unique, _, info = file.name.partition(":2,")
                if unique in wanted and "R" in info:
                    found.append(wanted[unique])
        return found


def read_paths(paths: Iterable[Path]) -> Iterator[tuple[Path, bytes | OSError]]:
    """Yield ``(file, bytes)`` for each .eml file, each message of each Maildir, each .eml in a folder.

    A file that cannot be read comes back as ``(file, OSError)`` so the caller reports it and goes on.
    """
    for path in paths:
        if path.is_dir() and all((path / s).is_dir() for s in ("cur", "new")):
            files = sorted(
                [*(path / "new").iterdir(), *(path / "cur").iterdir()],
                key=lambda f: f.name,
            )
            files = [f for f in files if f.is_file() and not f.name.startswith(".")]
        elif path.is_dir():
            files = sorted(path.rglob("*.eml"))
        else:
            files = [path]
        for file in files:
            try:
                yield file, file.read_bytes()
            except OSError as exc:
                yield file, exc


_DATE_LINE = re.compile(rb"^Date:[ \t]*(?P<value>[^\r\n]+)", re.MULTILINE | re.IGNORECASE)


def _header_date(data: bytes) -> tuple[re.Match[bytes] | None, datetime | None]:
    head = data.split(b"\n\n", 1)[0]
    found = _DATE_LINE.search(head)
    try:
        return found, parsedate_to_datetime(found["value"].decode("ascii", "replace")) if found else None
    except (TypeError, ValueError):
        return found, None  # a seed message with a broken date keeps it: the screen reports it


def _move_dates_forward(maildir: Path, now: datetime) -> None:
    """Every message's Date in ``maildir`` moved forward by the same whole number of weeks, the newest to within
    the last seven days of ``now`` (none moves when the newest is recent or in the future)."""
    files = [f for sub in ("new", "cur") for f in (maildir / sub).glob("*") if f.is_file() and f.name[:1] != "."]
    dated = [(f, data, *_header_date(data)) for f in files for data in (f.read_bytes(),)]  # each read once
    newest = max((d for _, _, _, d in dated if d is not None and d.tzinfo is not None), default=None)
    weeks = (now - newest).days // 7 if newest is not None else 0
    if weeks <= 0:
        return
    for file, data, found, date in dated:
        if found is None or date is None or date.tzinfo is None:
            continue
        moved = format_datetime(date + timedelta(weeks=weeks)).encode("ascii")
        file.write_bytes(data[: found.start("value")] + moved + data[found.end("value") :])
