"""IMAP commands ``ImapMailbox`` builds on, each a function of a logged-in ``IMAPClient`` and nothing else.

SELECT, the UIDs to look at (above a cursor, or within a backlog window), finding the Drafts folder,
indexing its drafts by their source header, APPEND / MULTIAPPEND with APPENDUID, FLAGS of many
messages in one FETCH, and one IDLE period that tells news from a dead connection. No state, no retries and no
error mapping here: ``pipeline.imap`` does those around each call.
"""

from __future__ import annotations

import email
import email.policy
import imaplib
import re
import select
import ssl
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from imapclient import IMAPClient

from ..message import Draft
from ..sink import SOURCE_HEADER

DRAFT_FLAGS = (b"\\Draft", b"\\Seen")  # the draft, not the original, is marked read: agents expect that
COMMON_DRAFTS = ("Drafts", "INBOX.Drafts", "[Gmail]/Drafts", "[Google Mail]/Drafts", "Entwürfe")
# UIDs per FETCH/STORE: imapclient lists them one by one, and ~8 kB keeps the command line within
# every server's limit (Dovecot allows 64 kB)
UID_BATCH = 1000
IDLE_STEP = 0.25  # seconds between looks at `stop` while idling
_APPENDUID = re.compile(rb"\[APPENDUID (\d+) ([\d:,]+)\]", re.IGNORECASE)
_SOURCE_LOWER = SOURCE_HEADER.lower()
_SOURCE_FIELD = f"BODY.PEEK[HEADER.FIELDS ({SOURCE_HEADER.upper()})]".encode()

IdleOutcome = Literal["news", "dead", "stop", "timeout"]


@dataclass(frozen=True, slots=True)
class Selected:
    """What SELECT told us about the folder."""

    uidvalidity: int
    uidnext: int  # 0 when the server did not say
    permanent_flags: frozenset[bytes]  # contains b"\\*" when any keyword may be stored


def select_folder(client: IMAPClient, folder: str) -> Selected:
    """SELECT ``folder`` read-write (for keywords; fetching BODY.PEEK[] still sets no ``\\Seen``)."""
    info = client.select_folder(folder, readonly=False)
    flags = frozenset(info.get(b"PERMANENTFLAGS", ()))
    return Selected(int(info[b"UIDVALIDITY"]), int(info.get(b"UIDNEXT", 0)), flags)


def uids_above(client: IMAPClient, selected: Selected, high: int) -> list[int]:
    """UIDs above ``high`` in the selected folder, ascending."""
    if selected.uidnext and selected.uidnext <= high + 1:
        return []
    # `UID n:*` always matches the newest message, even when its UID is below n (RFC 3501 6.4.8):
    # without the filter the last handled message would come back on every poll.
    return sorted(uid for uid in client.search(["UID", f"{high + 1}:*"]) if uid > high)


def uids_since(client: IMAPClient, cutoff: datetime) -> list[int]:
    """UIDs of messages from the day before ``cutoff`` on, ascending: a superset, since SEARCH SINCE
    compares dates in the server's time zone. The caller compares INTERNALDATE exactly.
    """
    return sorted(client.search(["SINCE", (cutoff - timedelta(days=1)).date()]))


def find_folder(
    client: IMAPClient, special_use: bytes, common: Sequence[str], configured: str = "", any_case: bool = False
) -> tuple[str | None, str]:
    """(folder, how): ``configured`` if it exists (else ``(None, "missing")``), the SPECIAL-USE folder
    flagged ``special_use`` (RFC 6154), the first of the ``common`` names that exists (in any case with
    ``any_case``), else ``(None, "none")``."""
    folders = client.list_folders()
    names = {name for _, _, name in folders}
    if configured:
        return (configured, "config") if configured in names else (None, "missing")
    for flags, _, name in folders:
        if special_use in flags:
            return name, "special-use"
    existing = {name.lower() if any_case else name: name for name in names}
    for name in common:
        found = existing.get(name.lower() if any_case else name)
        if found is not None:
            return found, "name"
    return None, "none"


def find_drafts_folder(
    client: IMAPClient, capabilities: frozenset[bytes], configured: str = ""
) -> tuple[str | None, str]:
    """(folder, how): ``find_folder`` for ``\\Drafts``, or a ``Drafts`` folder created in the personal
    namespace when there is none.
    """
    folder, how = find_folder(client, b"\\Drafts", COMMON_DRAFTS, configured)
    if how != "none":
        return folder, how
    prefix = ""
    if b"NAMESPACE" in capabilities:  # e.g. Courier and Cyrus keep every folder under "INBOX."
        personal = client.namespace().personal
        prefix = personal[0][0] if personal else ""
    client.create_folder(f"{prefix}Drafts")
    return f"{prefix}Drafts", "created"


def draft_index(client: IMAPClient, drafts_folder: str, batch: int = UID_BATCH) -> tuple[int, dict[str, str]]:
    """(UIDVALIDITY, {``X-Mailtriage-Source`` value: draft UID}) for every draft in ``drafts_folder``.

    One SEARCH ALL, then one FETCH of that single header per ``batch`` drafts: cheap even for a large
    folder, and afterwards each lookup is a dict lookup instead of a server-side SEARCH per message.
    Where several drafts carry the same value, the lowest UID wins. Leaves ``drafts_folder`` EXAMINEd
    (read-only): the caller selects its own folder again.
    """
    info = client.select_folder(drafts_folder, readonly=True)
    validity = int(info[b"UIDVALIDITY"])
    index: dict[str, str] = {}
    uids = sorted(client.search(["ALL"])) if int(info.get(b"EXISTS", 1)) else []
    for start in range(0, len(uids), max(1, batch)):
        fetched = client.fetch(uids[start : start + batch], [_SOURCE_FIELD])
        for uid, item in sorted(fetched.items()):
            raw = next((bytes(v) for k, v in item.items() if k.startswith(b"BODY[HEADER")), b"")
            for value in source_values(raw):
                index.setdefault(value, str(uid))
    return validity, index


def source_values(header_block: bytes) -> list[str]:
    """The ``X-Mailtriage-Source`` values in a header block, unfolded, whitespace collapsed, decoded."""
    text = header_block.decode("utf-8", "replace").replace("\r\n", "\n")
    values: list[str] = []
    for field in re.split(r"\n(?![ \t])", text):  # a line starting with blank continues the field
        name, colon, value = field.partition(":")
        if not colon or name.strip().lower() != _SOURCE_LOWER:
            continue
        if "=?" in value:  # an RFC 2047 encoded word (a non-ASCII folder name): let the email package decode it
            value = str(email.message_from_string(f"{SOURCE_HEADER}:{value}\n\n", policy=email.policy.default)
                        [SOURCE_HEADER])  # fmt: skip
        value = " ".join(value.split())
        if value:
            values.append(value)
    return values


def flagged(client: IMAPClient, uids: Sequence[int], flag: bytes, batch: int = UID_BATCH) -> list[int]:
    """Those of ``uids`` (in the selected folder) that carry ``flag``; one FETCH FLAGS per ``batch`` UIDs."""
    found: list[int] = []
    ordered = sorted(set(uids))
    for start in range(0, len(ordered), max(1, batch)):
        fetched = client.fetch(ordered[start : start + batch], [b"FLAGS"])
        found += [uid for uid, item in fetched.items() if flag in item.get(b"FLAGS", ())]
    return sorted(found)


def append_drafts(
    client: IMAPClient, folder: str, drafts: Sequence[Draft], *, multiappend: bool
) -> tuple[int, list[str]]:
    """APPEND ``drafts`` with ``\\Draft \\Seen``, in one MULTIAPPEND (RFC 3502) when ``multiappend``
    and there are several. Returns (the folder's UIDVALIDITY, their UIDs in order) from APPENDUID
    (RFC 4315): (0, "" for each) where the server gave none.
    """
    if len(drafts) > 1 and multiappend:
        typ, data = client.multiappend(folder, [{"msg": d.data, "flags": DRAFT_FLAGS} for d in drafts])
        if typ != "OK":  # imapclient's multiappend does not check
            raise imaplib.IMAP4.error(f"APPEND failed: {data[0]!r}")
        return appended_uids(data[0], len(drafts))
    validity, uids = 0, []
    for d in drafts:
        validity, (uid,) = appended_uids(client.append(folder, d.data, flags=DRAFT_FLAGS), 1)
        uids.append(uid)
    return validity, uids


def appended_uids(reply: object, count: int) -> tuple[int, list[str]]:
    """(UIDVALIDITY, UIDs) from an ``[APPENDUID validity uid-set]`` reply; (0, ``count`` empty strings)
    when absent or odd.
    """
    match = _APPENDUID.search(reply if isinstance(reply, bytes) else str(reply).encode())
    uids = [str(uid) for uid in uid_set(match.group(2))] if match else []
    if not match or len(uids) != count:
        return 0, [""] * count
    return int(match.group(1)), uids


def uid_set(text: bytes) -> list[int]:
    """Expand an RFC 4315 uid-set (``5``, ``5:7``, ``5,9:10``) in order."""
    out: list[int] = []
    for part in text.split(b","):
        first, _, last = part.partition(b":")
        low, high = int(first), int(last or first)
        out += range(low, high + 1) if low <= high else range(low, high - 1, -1)
    return out


def has_exists(responses: Sequence[object]) -> bool:
    """True when parsed untagged responses include ``n EXISTS`` (the folder grew)."""
    return any(isinstance(r, tuple) and len(r) >= 2 and r[1] == b"EXISTS" for r in responses)


def idle(client: IMAPClient, seconds: float, stop: threading.Event) -> IdleOutcome:
    """NOOP, then IDLE (RFC 2177) on the selected folder for up to ``seconds``.

    "news": the server reported EXISTS; "dead": it said BYE or closed the socket (imapclient's
    ``idle_check`` cannot tell EOF from silence, so we read the socket ourselves); "stop": ``stop``
    was set; "timeout": nothing happened. After "dead" the client is unusable. Raises what imapclient
    raises (an unanswered DONE times out after the client's socket timeout).
    """
    # The NOOP proves the connection is alive before we trust its silence, and reports mail that
    # arrived since the last poll.
    if has_exists(client.noop()[1]):
        return "news"
    client.idle()
    sock = client.socket()
    poller = select.poll()  # not select.select(): that fails for file descriptors above 1023
    poller.register(sock, select.POLLIN)
    end = time.monotonic() + seconds
    lines = _available_lines(client)  # the server may have sent more right after "+ idling"
    outcome: IdleOutcome | None = None
    while outcome is None:
        if any(line.split()[1:2] == [b"BYE"] for line in lines):
            return "dead"
        if any(line.split()[2:3] == [b"EXISTS"] for line in lines):
            outcome = "news"
        elif stop.is_set():
            outcome = "stop"
        elif time.monotonic() >= end:
            outcome = "timeout"
        elif (isinstance(sock, ssl.SSLSocket) and sock.pending()) or poller.poll(IDLE_STEP * 1000):
            lines = _available_lines(client)
            if not lines:  # readable, yet nothing to read: the server closed the connection
                return "dead"
        else:
            lines = []
    if has_exists(client.idle_done()[1]):
        outcome = "news"
    return outcome


def _available_lines(client: IMAPClient) -> list[bytes]:
    """The response lines that can be read now, without blocking."""
    sock = client.socket()
    sock.setblocking(False)
    lines: list[bytes] = []
    try:
        while True:
            try:
                lines.append(client._imap._get_line())
            except (OSError, imaplib.IMAP4.abort) as exc:
                # a non-blocking readline returns b"", which imaplib reports as "EOF"; other aborts are real
                if isinstance(exc, imaplib.IMAP4.abort) and "EOF" not in str(exc):
                    raise
                return lines
    finally:
        client._set_read_timeout()
