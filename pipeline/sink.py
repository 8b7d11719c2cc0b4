"""Where drafts go: the ``Sink`` seam, the Maildir Drafts folder and a dry run that writes nothing."""

from __future__ import annotations

import mailbox
from email import policy
from email.parser import BytesHeaderParser
from pathlib import Path
from typing import Protocol

from .errors import SinkError
from .message import Draft, MessageKey

SOURCE_HEADER = "X-Mailtriage-Source"


class Sink(Protocol):
    """A Drafts folder."""

    def find_draft(self, source: MessageKey) -> str | None:
        """The id of a draft already carrying ``X-Mailtriage-Source: <source>``, or None.

        Called after a crash between append and the done mark, so a restart never drafts twice.
        """
        ...

    def append(self, draft: Draft) -> str:
        """Store ``draft`` with the Draft flag; return its id in the folder (UID or file key)."""
        ...


class MaildirDrafts:
    """The Maildir++ ``.Drafts`` folder of a Maildir (what Dovecot and Courier use), flag ``D``."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._by_source: dict[str, str] | None = None

    def _box(self) -> mailbox.Maildir:
        return mailbox.Maildir(self.path, factory=None, create=True)

    def _index(self) -> dict[str, str]:
        # Read each draft's header block once per process; afterwards appends keep the index current.
        if self._by_source is None:
            self._by_source = {}
            for sub in ("cur", "new"):
                folder = self.path / sub
                for file in folder.iterdir() if folder.is_dir() else ():
                    try:
                        with file.open("rb") as fp:
                            headers = BytesHeaderParser(policy=policy.compat32).parse(fp)
                    except OSError:
                        continue
                    source = headers.get(SOURCE_HEADER)
                    if source:
                        self._by_source[" ".join(str(source).split())] = file.name.split(":", 1)[0]
        return self._by_source

    def find_draft(self, source: MessageKey) -> str | None:
        return self._index().get(str(source))

    def append(self, draft: Draft) -> str:
        try:
            message = mailbox.MaildirMessage(draft.data)
            message.set_subdir("cur")
            message.set_flags("DS")  # a draft, already "read" so clients do not count it as new mail
            key = self._box().add(message)
        except OSError as exc:
            raise SinkError(f"cannot write draft to {self.path}: {exc}") from exc
        self._index()[str(draft.source)] = key
        return key


class DryRunSink:
    """Writes nothing; used by ``preview`` and ``run --dry-run``."""

    def find_draft(self, source: MessageKey) -> str | None:
        return None

    def append(self, draft: Draft) -> str:
        return "dry-run"
