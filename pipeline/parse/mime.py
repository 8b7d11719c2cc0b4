"""The MIME tree of a parsed message: which parts are the body, which are attachments.

Works on ``email`` messages parsed with ``policy.compat32`` (raw strings, nothing decoded on
access) and decodes parts itself: ``get_content()`` raises on parts without a usable boundary,
unknown charsets and odd transfer encodings, which real mail has plenty of.
"""

from __future__ import annotations

import email
import email.policy
import re
from dataclasses import dataclass, field, replace
from email.message import Message
from email.parser import BytesParser
from email.utils import collapse_rfc2231_value
from enum import Enum

from ..message import Attachment
from .charset import Defect, decode_bytes
from .encoding import approx_size, encoded_blocks, payload_bytes, raw_payload, transfer_encoding
from .headers import clean, decode_words, raw_text, to_bytes
from .text import MAX_HTML_CHARS, html_to_text, normalise_newlines, strip_tags, unflow

MAX_PARTS = 500
MAX_DEPTH = 30
MAX_ATTACHMENTS = 200
#: Encoded bytes of one text part that are decoded; a longer part is cut (and the cut recorded).
MAX_TEXT_PART_BYTES = 4 * 1024 * 1024
#: Characters of body text kept in ``ParsedMessage.text``.
MAX_TEXT_CHARS = 500_000

BODY_TYPES = frozenset({"text/plain", "text/html", "text/enriched", "text/richtext"})
_EMBEDDED_TYPES = frozenset({"message/rfc822", "message/global"})
# Machine-readable parts of bounces and complaints, also when not inside a multipart/report.
_REPORT_TYPES = frozenset(
    {
        "message/delivery-status",
        "message/global-delivery-status",
        "message/feedback-report",
        "message/disposition-notification",
        "text/rfc822-headers",
    }
)
_NEWLINES = re.compile(rb"\r\n|\r")
_DELIMITER = re.compile(rb"^--(\S{1,200})[ \t]*$", re.MULTILINE)
_HEADER_LINE = re.compile(rb"[A-Za-z][A-Za-z0-9-]{0,76}:")
_META_CHARSET = re.compile(rb"""<meta[^>]{0,500}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.I)
_CONTENT_TYPE = re.compile(r"^[a-z0-9!#$&^_.+-]{1,60}/[a-z0-9!#$&^_.+-]{1,60}$")


class Mode(Enum):
    """What a part may become: body text, only attachments, or (other alternatives) nothing textual."""

    BODY = "body"
    ATTACH = "attach"
    ALTERNATIVE = "alternative"


@dataclass
class Collected:
    """Body texts and attachments found so far; mutable, private to one parse."""

    defect: Defect
    first_text_only: bool = False
    texts: list[str] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    embedded: list[Message] = field(default_factory=list)
    parts: int = 0
    chars: int = 0
    report: bool = False  # inside a multipart/report: attached messages are returned mail
    flat: bool = False  # the stdlib parser failed on this message: split parts by headers only
    html_left: int = MAX_HTML_CHARS  # HTML characters html2text may still convert, all parts together


def message_from(data: bytes, defect: Defect, headers_only: bool = False) -> tuple[Message, bool]:
    """The stdlib's split of ``data`` into headers and parts, and whether the parts were read.

    Headers only when asked, or when the parts defeat the stdlib parser (RecursionError on
    absurd nesting, after a slow descent: callers then ask for headers only from there on).
    """
    if not headers_only:
        try:
            return email.message_from_bytes(data, policy=email.policy.compat32), True
        except Exception as exc:  # the feedparser on hostile structure; the headers still count
            defect(f"MIME structure unreadable: {type(exc).__name__}")
    return BytesParser(policy=email.policy.compat32).parsebytes(data, headersonly=True), False


def content_type(part: Message) -> str:
    """``type/subtype`` in lower case; ``text/plain`` for a missing or invalid value (RFC 2045 5.2)."""
    try:
        value = part.get_content_type()
    except Exception:  # stdlib parameter parsing on hostile headers
        return "text/plain"
    value = clean(str(value)).lower()
    return value if _CONTENT_TYPE.match(value) else "application/octet-stream"


def _param(part: Message, name: str, header: str = "content-type") -> str | None:
    try:
        value = part.get_param(name, header=header)
    except Exception:  # stdlib parameter parsing on hostile headers
        return None
    if isinstance(value, tuple):  # RFC 2231: (charset, language, value)
        value = collapse_rfc2231_value(value)
    return clean(str(value)) if value else None


def _disposition(part: Message) -> str:
    value = part.get("content-disposition")
    return clean(str(value)).split(";", 1)[0].strip().lower() if value is not None else ""


def params_of(part: Message, defect: Defect) -> Message:
    """A stand-in holding only the part's Content-Type and Content-Disposition, decoded to text.

    compat32 turns a header with 8-bit bytes into a ``Header`` whose text has lost them; the
    stand-in lets the stdlib's parameter parsing (RFC 2231 included) see the real characters.
    """
    shadow = Message()
    for name, value in part.raw_items():
        if name.lower() in ("content-type", "content-disposition"):
            shadow[name] = raw_text(str(value), defect, name.lower(), 8_000)
    return shadow


def _filename(params: Message, defect: Defect) -> str:
    try:
        name = params.get_filename()
    except Exception:  # RFC 2231 parameters with unknown charsets and the like
        name = None
    if not name:
        return ""
    text = clean(decode_words(str(name), defect))
    return text.replace("\\", "/").rsplit("/", 1)[-1][:255]


def _attachment(part: Message, ctype: str, ctx: Collected, name: str | None = None) -> None:
    if len(ctx.attachments) >= MAX_ATTACHMENTS:
        ctx.defect("too many attachments")
        return
    name = _filename(params_of(part, ctx.defect), ctx.defect) if name is None else name
    ctx.attachments.append(Attachment(name, ctype, approx_size(part, MAX_DEPTH)))


def _text(part: Message, params: Message, ctype: str, ctx: Collected) -> str:
    data = payload_bytes(part, ctx.defect, MAX_TEXT_PART_BYTES)
    charset = _param(params, "charset")
    if ctype == "text/html" and not charset:
        found = _META_CHARSET.search(data[:4096])
        charset = found.group(1).decode("ascii") if found else None
    text = normalise_newlines(decode_bytes(data, charset, ctx.defect, "body"))
    if "\x00" in text:
        ctx.defect("NUL bytes in body")
        text = text.replace("\x00", "")
    if ctype == "text/html":  # html2text converts MAX_HTML_CHARS per message; tags are cut off the rest
        converted, rest = text[: max(0, ctx.html_left)], text[max(0, ctx.html_left) :]
        ctx.html_left -= len(converted)
        if rest:
            ctx.defect("html beyond the conversion budget stripped")
        return (html_to_text(converted, ctx.defect) if converted else "") + strip_tags(rest)
    if ctype != "text/plain":
        return strip_tags(text)
    if (_param(params, "format") or "").lower() == "flowed":
        text = unflow(text, (_param(params, "delsp") or "").lower() == "yes")
    text, blocks = encoded_blocks(text)
    ctx.attachments.extend(blocks)
    return text


def _split_body(raw: bytes, ctx: Collected) -> list[Message] | None:
    """Parts of a multipart body whose declared boundary is missing or wrong, by the delimiter
    lines it actually has: the first ``--token`` line followed by a header line. None if none."""
    body = _NEWLINES.sub(b"\n", raw)
    boundary = None
    for match in _DELIMITER.finditer(body):
        if _HEADER_LINE.match(body, match.end() + 1):
            boundary = match.group(1)
            break
    if boundary is None:
        return None
    edges = re.compile(rb"^--" + re.escape(boundary) + rb"(--)?[ \t]*$", re.MULTILINE)
    parts: list[Message] = []
    marks = list(edges.finditer(body))[: MAX_PARTS + 1]
    for start, end in zip(marks, [*marks[1:], None], strict=True):
        if start.group(1):  # the close delimiter
            break
        chunk = body[start.end() + 1 : end.start() if end is not None else len(body)]
        chunk = chunk[:-1] if chunk.endswith(b"\n") else chunk  # that newline belongs to the delimiter
        part, complete = message_from(chunk, ctx.defect, headers_only=ctx.flat)
        ctx.flat = ctx.flat or not complete
        parts.append(part)
    ctx.defect("multipart boundary missing or wrong; parts recovered")
    return parts


def _encoded_message(part: Message, inner: Message, defect: Defect) -> Message:
    """The attached message, decoded first if it was sent base64 or quoted-printable encoded
    (RFC 2046 forbids it; the stdlib then parses the encoded text as a header-less message)."""
    raw = raw_payload(inner)
    encoding = transfer_encoding(part)
    if encoding not in ("base64", "quoted-printable") or inner.keys() or not isinstance(raw, str):
        return inner
    defect("attached message with transfer encoding")
    shell = Message()
    shell["Content-Transfer-Encoding"] = encoding
    shell.set_payload(raw)
    return message_from(payload_bytes(shell, defect), defect)[0]


def _looks_like_mime(part: Message) -> bool:
    raw = raw_payload(part)
    if part.get("content-type") is not None or not isinstance(raw, str):
        return False
    start = _NEWLINES.sub(b"\n", to_bytes(raw[:1000])).lstrip(b"\n")
    first = _DELIMITER.match(start)
    return first is not None and _HEADER_LINE.match(start, first.end() + 1) is not None


def walk(part: Message, ctx: Collected, mode: Mode = Mode.BODY, depth: int = 0) -> None:
    """Sort ``part`` and its children into ``ctx.texts`` and ``ctx.attachments``."""
    ctx.parts += 1
    if ctx.parts > MAX_PARTS or depth > MAX_DEPTH:
        ctx.defect("too many parts" if ctx.parts > MAX_PARTS else "parts nested too deep")
        return
    for found in part.defects:
        ctx.defect(type(found).__name__)
    ctype = content_type(part)
    payload = raw_payload(part)
    ctx.report = ctx.report or ctype in _REPORT_TYPES
    children: list[Message] | None = None
    if ctype.startswith("multipart/"):
        children = payload if isinstance(payload, list) else _split_body(to_bytes(payload or ""), ctx)
        if children is None:
            ctx.defect("multipart without parts")
            ctype = "text/plain"
    elif _looks_like_mime(part):
        children = _split_body(to_bytes(str(payload)), ctx)
        ctype = "multipart/mixed" if children is not None else ctype
    if children is not None:
        _multipart(part, ctype, [c for c in children if isinstance(c, Message)], ctx, mode, depth)
    elif isinstance(payload, list) or ctype in _EMBEDDED_TYPES:
        if ctype in _EMBEDDED_TYPES and isinstance(payload, list) and payload:
            ctx.embedded.append(_encoded_message(part, payload[0], ctx.defect))
        _attachment(part, ctype, ctx)
    else:
        _leaf(part, ctype, ctx, mode)


def _leaf(part: Message, ctype: str, ctx: Collected, mode: Mode) -> None:
    params = params_of(part, ctx.defect)
    name = _filename(params, ctx.defect)
    is_text = ctype in BODY_TYPES and _disposition(params) != "attachment"
    if is_text and mode is Mode.ALTERNATIVE and not name:
        return  # the same text in another form
    body_wanted = not (ctx.texts and (ctx.first_text_only or name))
    if not (is_text and mode is Mode.BODY and body_wanted):
        _attachment(part, ctype, ctx, name)
        return
    if ctx.chars >= MAX_TEXT_CHARS:
        ctx.defect("text truncated")
        return
    text = _text(part, params, ctype, ctx)
    if not text.strip():
        return
    if ctx.chars + len(text) > MAX_TEXT_CHARS:
        ctx.defect("text truncated")
        text = text[: max(0, MAX_TEXT_CHARS - ctx.chars)]
    ctx.chars += len(text)
    ctx.texts.append(text)


def _multipart(part: Message, ctype: str, children: list[Message], ctx: Collected, mode: Mode, depth: int) -> None:
    subtype = ctype.split("/", 1)[1]
    if subtype == "alternative" and mode is Mode.BODY:
        _alternative(children, ctx, depth)
        return
    if subtype == "alternative":
        mode = Mode.ALTERNATIVE
    first, rest = mode, mode
    if subtype == "related":
        start = _param(part, "start")
        root = next((c for c in children if start and str(c.get("content-id", "")).strip() == start), None)
        if root is not None:
            children = [root, *(c for c in children if c is not root)]
        rest = Mode.ATTACH
    elif subtype in ("report", "signed"):
        rest = Mode.ATTACH  # the human-readable part first; status, original or signature after
        ctx.report = ctx.report or subtype == "report"
    elif subtype == "encrypted":
        first = rest = Mode.ATTACH
    for index, child in enumerate(children):
        walk(child, ctx, first if index == 0 else rest, depth + 1)


def _alternative(children: list[Message], ctx: Collected, depth: int) -> None:
    """Use the best alternative that has text: plain, then a nested multipart, then HTML."""

    def rank(child: Message) -> int:
        kind = content_type(child)
        return 0 if kind == "text/plain" else 1 if kind.startswith("multipart/") else 2

    chosen = None
    for child in sorted(children, key=rank):
        # The trial shares the part count: nested alternatives without text are walked again
        # and again, and only the shared MAX_PARTS keeps that from growing exponentially.
        trial = replace(ctx, texts=[], attachments=[], embedded=[])
        walk(child, trial, Mode.BODY, depth + 1)
        ctx.parts, ctx.flat, ctx.html_left = trial.parts, trial.flat, trial.html_left
        if trial.texts:
            ctx.texts.extend(trial.texts)
            ctx.attachments.extend(trial.attachments)
            ctx.embedded.extend(trial.embedded)
            ctx.chars = trial.chars
            ctx.report = ctx.report or trial.report
            chosen = child
            break
    for child in children:
        if child is not chosen:
            walk(child, ctx, Mode.ALTERNATIVE, depth + 1)


def collect(message: Message, defect: Defect, first_text_only: bool = False, flat: bool = False) -> Collected:
    """Body texts and attachments of ``message``; the text of an attached message only if the
    message has none of its own (a bounce's returned original is not the sender's text)."""
    ctx = Collected(defect, first_text_only, flat=flat)
    walk(message, ctx)
    if not ctx.texts and ctx.embedded and not ctx.report:
        inner = Collected(defect, first_text_only, parts=ctx.parts, flat=ctx.flat)
        walk(ctx.embedded[0], inner)
        if inner.texts:
            defect("text taken from attached message")
            ctx.texts = inner.texts
    return ctx
