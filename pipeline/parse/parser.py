"""Bytes in, a normalised ``ParsedMessage`` out: the parse step of the flow.

``parse`` never raises on bad mail; what it had to work around lands in ``defects``. The
stdlib parser (``policy.compat32``) only splits the message into headers and parts; decoding
is ours, in ``headers`` (header values, addresses, ids, dates), ``mime`` (which
part is the body, attachments, transfer encodings), ``charset`` (bytes to text) and
``text`` (HTML, quoted history, signatures, language).
"""

from __future__ import annotations

import re
from email.message import Message

from ..message import Address, ParsedMessage
from .charset import codec_for
from .headers import (
    MAX_HEADER_CHARS,
    MAX_SUBJECT_CHARS,
    addresses,
    clean,
    header_text,
    message_ids,
    parse_date,
    to_bytes,
)
from .mime import collect, content_type, message_from
from .text import detect_language, new_text, tidy

__all__ = ["DEFAULT_MAX_BYTES", "detect_language", "parse"]

#: Messages larger than this get their headers and the start of their first text part only.
DEFAULT_MAX_BYTES = 25 * 1024 * 1024
#: Bytes of an oversized message that are parsed (the stdlib parser needs ~10x the input in memory).
OVERSIZED_READ_BYTES = 4 * 1024 * 1024
#: Lines starting with "--" (MIME delimiters) read; the stdlib parser needs ~4 s for 260,000 tiny
#: parts, and no real message has more than a few hundred.
MAX_DELIMITER_LINES = 5_000
#: Lines read: a 25 MB message of base64 has 330,000.
MAX_LINES = 1_000_000
MAX_HEADERS = 500
MAX_DEFECTS = 100
MAX_DEFECT_CHARS = 200

_CHARSET_LABEL = re.compile(rb"""charset\s*=\s*["']?([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE)
_NOT_A_HINT = frozenset({"ascii", "utf-8", "utf-7", "utf-16", "utf-16-le", "utf-16-be"})
_FOLDING = re.compile(r"(?:\r\n|\r|\n)(?=[ \t])|(?:\r\n|\r|\n)$")
_HEADER_BREAKS = re.compile(r"[\r\n\x00]")
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


class _Defects:
    """Defects in words, in the order found, each once."""

    def __init__(self) -> None:
        self.found: dict[str, None] = {}

    def __call__(self, text: str) -> None:
        if len(self.found) < MAX_DEFECTS:
            self.found.setdefault(clean(text)[:MAX_DEFECT_CHARS], None)

    def as_tuple(self) -> tuple[str, ...]:
        return tuple(self.found)


def parse(data: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> ParsedMessage:
    """The message in ``data`` normalised for triage; never raises.

    Messages over ``max_bytes`` are cut there: headers and the first text part are read, the
    rest is not decoded, and the defect "oversized" is recorded. ``size`` is always ``len(data)``.
    """
    try:
        return _parse(data, max_bytes)
    except Exception as exc:  # last resort: a bug of ours must not stop the fetch of the others
        size = len(data) if isinstance(data, bytes | bytearray) else 0
        return ParsedMessage(subject="", sender=None, defects=(f"parser failed: {type(exc).__name__}",), size=size)


def _nth(data: bytes, needle: bytes, n: int) -> int:
    """Index of the ``n``-th ``needle`` in ``data`` (whole chunks counted first), or -1."""
    start = 0
    while start < len(data):
        chunk_count = data.count(needle, start, start + 65536)
        if chunk_count >= n:
            break
        n -= chunk_count
        start += 65536
    at = start - 1
    for _ in range(n):
        at = data.find(needle, at + 1)
        if at < 0:
            return -1
    return at


def _cut(data: bytes, defect: _Defects) -> bytes:
    """``data`` up to its MAX_LINES-th line and its MAX_DELIMITER_LINES-th "--" line.

    The stdlib parser keeps every line as an object and every part as a Message: millions of
    short lines or hundred thousands of tiny parts cost it seconds and gigabytes.
    """
    newline = b"\n" if data.count(b"\n") >= data.count(b"\r") else b"\r"  # LF and CRLF, or CR-only
    at = _nth(data, newline, MAX_LINES)
    if at >= 0:
        defect("too many lines; the rest is not read")
        data = data[:at]
    at = _nth(data, newline + b"--", MAX_DELIMITER_LINES)
    if at >= 0:
        defect("too many MIME parts; the rest is not read")
        data = data[:at]
    return data


def _charset_hint(data: bytes) -> str | None:
    """The first charset the message declares that could explain raw 8-bit header bytes."""
    for match in _CHARSET_LABEL.finditer(data, 0, 65536):
        label = match.group(1).decode("ascii")
        codec = codec_for(label)
        if codec is not None and codec not in _NOT_A_HINT and label.lower() != "us-ascii":
            return label
    return None


def _headers(
    message: Message, defect: _Defects, hint: str | None
) -> tuple[tuple[tuple[str, str], ...], dict[str, list[str]]]:
    """Every header decoded (names lower-cased, capped), and the raw values by name."""
    decoded: list[tuple[str, str]] = []
    raw_by_name: dict[str, list[str]] = {}
    for raw_name, raw_value in message.raw_items():
        name = clean(to_bytes(str(raw_name)).decode("utf-8", "replace")).lower()[:100]
        if not name:
            continue
        value = str(raw_value)
        raw_by_name.setdefault(name, []).append(value)  # From may follow 10,000 Received lines
        if len(decoded) >= MAX_HEADERS:
            defect("too many headers")
            continue
        if _HEADER_BREAKS.search(_FOLDING.sub("", value)):
            defect(f"CR, LF or NUL in header {name}")
        decoded.append((name, header_text(value, defect, name, MAX_HEADER_CHARS, hint)))
    return tuple(decoded), raw_by_name


def _sender(raw: dict[str, list[str]], defect: _Defects, hint: str | None) -> Address | None:
    """The first From address; else Sender, else Return-Path, recording that From failed."""
    found = addresses(raw["from"][0], defect, "from", hint) if "from" in raw else ()
    if found:
        return found[0]
    if "from" not in raw:
        defect("no From header")
    for name in ("sender", "return-path"):
        fallback = addresses(raw[name][0], defect, name, hint) if name in raw else ()
        if fallback:
            defect(f"sender taken from {name}")
            return fallback[0]
    return None


def _parse(data: bytes, max_bytes: int) -> ParsedMessage:
    defect = _Defects()
    if isinstance(data, str):  # a caller's mistake, still a message
        defect("input was text, not bytes")
        data = data.encode("utf-8", "surrogateescape")
    elif isinstance(data, bytearray | memoryview):
        data = bytes(data)
    elif not isinstance(data, bytes):  # bytes(10**10) would allocate, not convert
        return ParsedMessage(subject="", sender=None, defects=("input is not bytes",))
    size = len(data)
    oversized = size > max_bytes
    if oversized:  # headers and the first text part are all we read: a prefix holds them
        defect("oversized")
        data = data[: max(0, min(max_bytes, OVERSIZED_READ_BYTES))]
    message, complete = message_from(_cut(data, defect), defect)
    hint = _charset_hint(data)
    headers, raw = _headers(message, defect, hint)
    first = {name: values[0] for name, values in raw.items()}

    def every(name: str) -> str | None:
        return ", ".join(raw[name]) if name in raw else None

    subject = header_text(first.get("subject"), defect, "subject", MAX_SUBJECT_CHARS, hint)
    sender = _sender(raw, defect, hint)
    ids = message_ids(first.get("message-id"), defect, "message-id")
    if "message-id" not in raw:
        defect("no Message-ID")
    in_reply_to = message_ids(first.get("in-reply-to"), defect, "in-reply-to")
    references = message_ids(" ".join(raw.get("references", ())), defect, "references")
    date = parse_date(first.get("date"), defect) if "date" in raw else None
    if "date" not in raw:
        defect("no Date header")

    try:
        collected = collect(message, defect, first_text_only=oversized, flat=not complete)
        texts, attachments = collected.texts, tuple(collected.attachments)
    except Exception as exc:  # a body we cannot read still leaves the headers useful
        defect(f"body unreadable: {type(exc).__name__}")
        texts, attachments = [], ()
    text = _CONTROLS.sub("", tidy("\n\n".join(texts)))
    return ParsedMessage(
        subject=subject,
        sender=sender,
        reply_to=addresses(every("reply-to"), defect, "reply-to", hint),
        to=addresses(every("to"), defect, "to", hint),
        cc=addresses(every("cc"), defect, "cc", hint),
        message_id=ids[0] if ids else None,
        in_reply_to=in_reply_to[0] if in_reply_to else None,
        references=references,
        date=date,
        headers=headers,
        content_type=content_type(message),
        text=text,
        new_text=new_text(text, defect),
        attachments=attachments,
        defects=defect.as_tuple(),
        size=size,
    )
