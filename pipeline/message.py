"""Values that travel between the stages of the flow: frozen, hashable, no behaviour."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True)
class MessageKey:
    """Where a message lives: enough to find it again and to name it in ``X-Mailtriage-Source``.

    For IMAP ``uid`` is the UID as text and ``uidvalidity`` the folder's UIDVALIDITY;
    for Maildir ``uid`` is the message's unique file key and ``uidvalidity`` is 0.
    """

    account: str
    folder: str
    uidvalidity: int
    uid: str

    def __str__(self) -> str:
        return f"{self.account}/{self.folder}/{self.uidvalidity}/{self.uid}"


@dataclass(frozen=True, slots=True)
class RawMessage:
    """Bytes exactly as the source holds them, with their identity."""

    key: MessageKey
    data: bytes
    flags: tuple[str, ...] = ()
    received: datetime | None = None  # INTERNALDATE / file time; None when unknown


@dataclass(frozen=True, slots=True)
class Address:
    name: str
    email: str

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>" if self.name else self.email


@dataclass(frozen=True, slots=True)
class Attachment:
    filename: str
    content_type: str
    size: int


@dataclass(frozen=True, slots=True)
class ParsedMessage:
    """A message normalised for triage. Built by ``pipeline.parse``; never raises on bad input.

    ``headers`` holds every header once decoded to text, names lower-cased, in order.
    ``text`` is the whole readable body (HTML converted); ``new_text`` is what the customer
    wrote this time (quoted history and signature removed). ``defects`` lists what the
    parser had to work around, in words.
    """

    subject: str
    sender: Address | None
    reply_to: tuple[Address, ...] = ()
    to: tuple[Address, ...] = ()
    cc: tuple[Address, ...] = ()
    message_id: str | None = None
    in_reply_to: str | None = None
    references: tuple[str, ...] = ()
    date: datetime | None = None
    headers: tuple[tuple[str, str], ...] = ()
    content_type: str = "text/plain"
    text: str = ""
    new_text: str = ""
    attachments: tuple[Attachment, ...] = ()
    defects: tuple[str, ...] = ()
    size: int = 0

    def header(self, name: str) -> str | None:
        """First value of header ``name`` (case-insensitive), or None."""
        wanted = name.lower()
        return next((v for k, v in self.headers if k == wanted), None)

    def header_all(self, name: str) -> tuple[str, ...]:
        wanted = name.lower()
        return tuple(v for k, v in self.headers if k == wanted)


@dataclass(frozen=True, slots=True)
class Skip:
    """Why a message gets no draft. ``code`` is stable (for --json, state and tests)."""

    code: str
    detail: str = ""

    def __str__(self) -> str:
        return f"{self.code}: {self.detail}" if self.detail else self.code


@dataclass(frozen=True, slots=True)
class Deadline:
    """A promised time: an exact moment and how the reply words it."""

    at: datetime  # timezone-aware
    wording: str  # e.g. "by Thursday 26 November, 15:00 CET"
    business_hours: float  # the target that produced it, in business hours
    backlog: int = 0  # open drafts in the queue when it was computed


@dataclass(frozen=True, slots=True)
class Contact:
    """A direct line: a named team or person the customer can reach."""

    name: str
    phone: str
    email: str
    hours: str = ""
    localized_names: tuple[tuple[str, str], ...] = ()  # (language, name), e.g. ("de", "Kundenservice")

    localized_hours: tuple[tuple[str, str], ...] = ()  # (language, hours), e.g. ("de", "Mo–Fr 09–17 Uhr")

    def name_in(self, language: str) -> str:
        return dict(self.localized_names).get(language, self.name)

    def hours_in(self, language: str) -> str | None:
        """The hours as written for ``language``, or None when the config has no such wording."""
        return dict(self.localized_hours).get(language)


@dataclass(frozen=True, slots=True)
class Draft:
    """A finished reply, ready for a sink; ``data`` is the RFC 5322 bytes."""

    source: MessageKey
    to: str
    subject: str
    in_reply_to: str | None
    body: str
    data: bytes
    headers: tuple[tuple[str, str], ...] = field(default=())
