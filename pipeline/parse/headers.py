"""Header values to safe text: RFC 2047 words, raw 8-bit bytes, addresses, message ids and dates.

Every string that leaves this module is one line: CR, LF, NUL, other control characters and
Unicode line separators become spaces, so a value can go into a reply header without injecting
another one (``email.policy`` refuses any value that ``str.splitlines`` would split). Invisible
formatting characters go too, so what an agent sees is what the value says.
"""

from __future__ import annotations

import binascii
import re
from datetime import UTC, datetime
from email.utils import getaddresses, parsedate_to_datetime

from ..message import Address
from .charset import Defect, codec_for, decode_bytes, short

#: Longest decoded header value kept in ``ParsedMessage.headers``.
MAX_HEADER_CHARS = 16_000
#: Longest subject kept; RFC 5322 lines stop at 998 characters anyway.
MAX_SUBJECT_CHARS = 1_000
MAX_NAME_CHARS = 200
MAX_ADDRESSES = 100
#: References kept: the first (thread root) and the most recent ones, as RFC 5322 3.6.4 suggests.
MAX_REFERENCES = 100

_NEWLINES = re.compile(rb"\r\n|\r|\n")
_ISO2022_ESCAPE = re.compile(rb"\x1b[$(][@ABDJ]")
# C0 and C1 controls, DEL, and what str.splitlines() also treats as line breaks.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_SURROGATES = re.compile("[\ud800-\udfff]")
# Invisible formatting characters, which make a value display as something it does not say: bidi
# embeddings, overrides and isolates (U+202A-202E, U+2066-2069: "\u202efdp.exe" shows as "exe.pdf"),
# bidi marks (U+200E, U+200F, U+061C), zero-width characters (U+200B-200D, U+2060), invisible
# operators (U+2061-2064), deprecated format characters (U+206A-206F) and the BOM (U+FEFF).
# Right-to-left letters are not among them: Hebrew and Arabic text display as written without.
_INVISIBLE = re.compile("[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]")
#: Code points named in the defect for one value; more are counted, not named.
MAX_NAMED_INVISIBLE = 8
_SPACES = re.compile(r"\s+")
# Tolerant: Q words with spaces or 8-bit text, charsets with RFC 2231 language, any case.
_ENCODED_WORD = re.compile(r"=\?([^?\s]{1,64})\?([bBqQ])\?([^?]*)\?=")
_NOT_BASE64 = re.compile(rb"[^A-Za-z0-9+/]")
_QP_ESCAPE = re.compile(rb"=([0-9A-Fa-f]{2})")
_EMAIL = re.compile(r"^[^\s<>()\[\],;:\\\"@]+@[^\s<>()\[\],;:\\\"@]+$")
_EMAIL_INSIDE = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)*")
_LOCAL_ONLY = re.compile(r"^[A-Za-z0-9._+-]{1,64}$")  # MAILER-DAEMON, postmaster
_COMMENT = re.compile(r"\([^()]{0,200}\)")
_EMPTY_GROUP = re.compile(r":\s*;")
_MSG_ID = re.compile(r"<([^<>\s]{1,990})>")


def to_bytes(raw: str) -> bytes:
    """The original bytes of a header value the stdlib parser read with ``surrogateescape``."""
    try:
        return raw.encode("ascii", "surrogateescape")
    except UnicodeEncodeError:
        return raw.encode("utf-8", "replace")


def clean(text: str, defect: Defect | None = None, name: str = "") -> str:
    """One line of text: controls and line separators become spaces, runs of space one space,
    invisible formatting characters go (recorded, with what they were, when ``defect`` is given)."""
    text = _SURROGATES.sub("\ufffd", _UNSAFE.sub(" ", text))
    if not text.isascii():
        found = _INVISIBLE.findall(text)
        if found:
            text = _INVISIBLE.sub("", text)
            if defect is not None:
                where = f" from header {name}" if name else ""
                defect(f"invisible characters removed{where}: {_code_points(found)}")
    return _SPACES.sub(" ", text).strip()


def _code_points(chars: list[str]) -> str:
    """The distinct characters of ``chars`` as code points ("U+202E U+FEFF"), first seen first."""
    distinct = list(dict.fromkeys(chars))
    named = " ".join(f"U+{ord(ch):04X}" for ch in distinct[:MAX_NAMED_INVISIBLE])
    more = len(distinct) - MAX_NAMED_INVISIBLE
    return f"{named} and {more} more" if more > 0 else named


def raw_text(raw: str | None, defect: Defect, name: str, limit: int = MAX_HEADER_CHARS, hint: str | None = None) -> str:
    """A header value unfolded and decoded from bytes; encoded words kept.

    Raw 8-bit bytes are read as UTF-8, else in the charset ``hint`` (what the message declares for
    its body: senders of raw headers tend to use one charset throughout), else guessed.
    """
    if not raw:
        return ""
    data = _NEWLINES.sub(b"", to_bytes(raw)[: limit * 4])
    if data.isascii():
        if _ISO2022_ESCAPE.search(data):  # raw 7-bit ISO-2022-JP, common in old Japanese mail
            try:
                return data.decode("iso2022_jp_2")
            except UnicodeError:
                pass
        return data.decode("ascii")
    try:
        return data.decode("utf-8")  # RFC 6532 allows UTF-8 headers
    except UnicodeDecodeError:
        pass
    codec = codec_for(hint)
    if codec is not None:
        try:
            text = data.decode(codec)
        except (UnicodeError, LookupError, ValueError):
            pass
        else:
            defect(f"8-bit header {name} read as {short(hint)}")
            return text
    return decode_bytes(data, None, defect, f"header {name}")


def _b_decode(payload: str) -> bytes:
    data = _NOT_BASE64.sub(b"", payload.encode("utf-8", "replace").translate(bytes.maketrans(b"-_", b"+/")))
    data = data[: len(data) - 1] if len(data) % 4 == 1 else data + b"=" * (-len(data) % 4)
    try:
        return binascii.a2b_base64(data)
    except (binascii.Error, ValueError):
        return b""


def _q_decode(payload: str) -> bytes:
    data = payload.encode("utf-8", "replace").replace(b"_", b" ")
    return _QP_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), data)


def decode_words(text: str, defect: Defect, nested: bool = False) -> str:
    """``text`` with RFC 2047 encoded words decoded; adjacent words join (multi-byte splits)."""
    if "=?" not in text:
        return text
    out: list[str] = []
    pending: list[tuple[str, bytes]] = []

    def flush() -> None:
        out.extend(decode_bytes(data, charset, defect, "encoded word") for charset, data in pending)
        pending.clear()

    pos = 0
    for match in _ENCODED_WORD.finditer(text):
        between = text[pos : match.start()]
        if between and not (pending and between.isspace()):  # RFC 2047 6.2: drop space between words
            flush()
            out.append(between)
        charset, kind, payload = match.groups()
        data = _b_decode(payload) if kind in "bB" else _q_decode(payload)
        if pending and pending[-1][0] == charset.lower():
            pending[-1] = (pending[-1][0], pending[-1][1] + data)
        else:
            pending.append((charset.lower(), data))
        pos = match.end()
    flush()
    out.append(text[pos:])
    result = "".join(out)
    if not nested and _ENCODED_WORD.search(result):
        defect("nested encoded words")
        return decode_words(result, defect, nested=True)
    return result


def header_text(
    raw: str | None, defect: Defect, name: str, limit: int = MAX_HEADER_CHARS, hint: str | None = None
) -> str:
    """A header value as one clean line of text, at most ``limit`` characters."""
    text = clean(decode_words(raw_text(raw, defect, name, limit, hint), defect), defect, name)
    if len(text) > limit:
        defect(f"{name} truncated")
        text = text[:limit].rstrip()
    return text


def clean_email(value: str) -> str:
    """An address with nothing that could break a header; domain lower-cased, local part as written."""
    value = clean(value).replace(" ", "").strip("<>\"'")
    if not _EMAIL.match(value):
        found = _EMAIL_INSIDE.search(value)
        if found is None:
            return value if _LOCAL_ONLY.match(value) else ""
        value = found.group(0)
    local, _, domain = value.rpartition("@")
    return f"{local}@{domain.lower()}" if local else value


def addresses(raw: str | None, defect: Defect, name: str, hint: str | None = None) -> tuple[Address, ...]:
    """Every address in an address header (groups flattened), garbage skipped; never raises."""
    text = clean(raw_text(raw, defect, name, hint=hint), defect, name)
    if not text:
        return ()
    try:
        pairs = getaddresses([text])
    except Exception:  # stdlib parser bugs on hostile input; the regex below still finds addresses
        pairs = []
    found: list[Address] = []
    for display, mail in pairs:
        email = clean_email(mail)
        if "@" not in email and f"<{mail}>" not in text and text != mail:
            continue  # "Foo Bar" gives ('', 'Foo'): a name without an address, not a local part
        if email:
            label = clean(decode_words(display, defect), defect, name).strip("\"' ")
            found.append(Address(label[:MAX_NAME_CHARS], email))
    if not found:
        found = [Address("", m.group(0)) for m in _EMAIL_INSIDE.finditer(text)]
        found = [Address(a.name, clean_email(a.email)) for a in found]
    if not found and not _EMPTY_GROUP.search(text):  # "undisclosed-recipients:;" is not garbage
        defect(f"no address in {name}")
    elif any("@" not in a.email for a in found):
        defect(f"address without domain in {name}")
    if len(found) > MAX_ADDRESSES:
        defect(f"too many addresses in {name}")
    unique = dict.fromkeys(found)  # keeps order
    return tuple(unique)[:MAX_ADDRESSES]


def message_ids(raw: str | None, defect: Defect, name: str) -> tuple[str, ...]:
    """The ``<id>`` tokens of a Message-ID / In-Reply-To / References value, brackets included."""
    text = clean(raw_text(raw, defect, name))
    ids = [f"<{m}>" for m in _MSG_ID.findall(text)]
    if not ids:  # ids written without brackets still thread if they look like ids
        ids = [f"<{t.strip('<>')}>" for t in text.split() if "@" in t and len(t) < 990 and "<" not in t[1:]]
        if text and not ids:
            defect(f"no message id in {name}")
        elif ids:
            defect(f"message id without angle brackets in {name}")
    if len(ids) > MAX_REFERENCES:
        ids = ids[:1] + ids[-(MAX_REFERENCES - 1) :]
    return tuple(dict.fromkeys(ids))


def parse_date(raw: str | None, defect: Defect) -> datetime | None:
    """The Date header as an aware datetime (UTC when the zone is missing or -0000), or None."""
    # Comments go first: "00:19:00 (EDT) -0400" hides the zone from the stdlib parser.
    text = clean(_COMMENT.sub(" ", raw_text(raw, defect, "date", 200)))[:200]
    if not text:
        defect("no date")
        return None
    try:
        moment = parsedate_to_datetime(text)
    except (ValueError, TypeError, IndexError, OverflowError):  # what it raises on nonsense dates
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            defect("unreadable date")
            return None
        defect("date not in RFC 5322 format")
    if moment.tzinfo is None:
        if not text.endswith("-0000"):  # RFC 5322 3.3: -0000 is UTC with no local zone known
            defect("date without timezone")
        return moment.replace(tzinfo=UTC)
    return moment
