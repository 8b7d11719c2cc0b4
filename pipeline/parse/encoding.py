"""Transfer encodings: base64, quoted-printable and uuencode undone tolerantly, sizes estimated
without decoding, and uuencode / yEnc blocks found inside text."""

from __future__ import annotations

import binascii
import bisect
import mimetypes
import re
from email.message import Message

from ..message import Attachment
from .charset import Defect, short
from .headers import clean, to_bytes

MAX_BLOCKS = 50

# Transfer encodings by their letters and digits only: "quoted printable", "8-bit", "7bits" happen.
_CTE_ALIASES = {
    "base64": "base64",
    "b64": "base64",
    "quotedprintable": "quoted-printable",
    "qp": "quoted-printable",
    "uuencode": "uuencode",
    "xuuencode": "uuencode",
    "uue": "uuencode",
    "xuue": "uuencode",
    "7bit": "7bit",
    "7bits": "7bit",
    "8bit": "8bit",
    "8bits": "8bit",
    "binary": "binary",
    "": "",
}
_CTE_NOISE = re.compile(r"[\s_\-\"']")
_IDENTITY_CTES = frozenset({"", "7bit", "8bit", "binary"})
_WHITESPACE = re.compile(rb"\s+")
_NOT_BASE64 = re.compile(rb"[^A-Za-z0-9+/=]")
# For bytes.translate, which deletes in C: whitespace, and everything outside the alphabet and "=".
_WHITESPACE_BYTES = b" \t\n\r\f\v"
_NOT_BASE64_BYTES = bytes(b for b in range(256) if not re.match(rb"[A-Za-z0-9+/=]", bytes([b])))
_PADDING = re.compile(rb"=+")
_LOOKS_QP = re.compile(rb"=\r?\n|=[0-9A-F]{2}")
_NEWLINES = re.compile(rb"\r\n|\r")
_UU_BEGIN = re.compile(r"begin [0-7]{3,4} (.{1,255})$")
_UU_LINE = re.compile(r"[!-`][ -`]*$")
_YENC_BEGIN = re.compile(r"=ybegin (.{0,1000})$")
_YENC_PARAM = re.compile(r"(size|name)=(\S.*?)(?= \w+=|$)")


def transfer_encoding(part: Message) -> str:
    """The transfer encoding, normalised ("quoted printable" is quoted-printable); unknown as given."""
    value = part.get("content-transfer-encoding")
    if value is None:
        return ""
    token = _CTE_NOISE.sub("", clean(str(value)).lower().split(";", 1)[0])[:40]
    return _CTE_ALIASES.get(token, token)


def raw_payload(part: Message) -> str | list[Message]:
    """The payload exactly as parsed: a list of parts, or text with 8-bit bytes surrogate-escaped.

    Not ``get_payload()``: for 8-bit text it decodes with the declared charset and replacement
    characters (losing the bytes we need to detect a wrong label), and raises TypeError when
    the charset is an RFC 2231 tuple.
    """
    payload = part._payload  # type: ignore[attr-defined]
    return payload if isinstance(payload, str | list) else ""


def _scan_base64(data: bytes) -> tuple[bytes, int, bool]:
    """``data`` reduced to the base64 alphabet and "=", how many other characters (whitespace
    aside) it had, and whether it looks like text rather than base64."""
    compact = data.translate(None, _WHITESPACE_BYTES)
    usable = compact.translate(None, _NOT_BASE64_BYTES)
    bad = len(compact) - len(usable)
    lines = data.split(b"\n")
    spaced = sum(1 for line in lines if b" " in line.strip())  # words, not base64 lines
    return usable, bad, bad * 10 > len(compact) or spaced * 10 > len(lines)


def _base64_run(run: bytes, defect: Defect) -> bytes:
    """One run of alphabet characters, its padding gone, decoded."""
    if len(run) % 4 == 1:  # a lone character cannot make a byte
        defect("invalid base64")
        run = run[:-1]
    if not run:
        return b""
    try:
        return binascii.a2b_base64(run + b"=" * (-len(run) % 4))
    except (binascii.Error, ValueError):
        defect("invalid base64")
        return b""


def _base64(data: bytes, defect: Defect) -> bytes:
    """Base64 decoded as RFC 2045 6.8 says: characters outside the alphabet are ignored.

    Not split at a stray character: that would shift every later character into the wrong place
    of its quantum. "=" before the end ends a run and the next one is decoded by itself (some
    senders concatenate padded blocks), unless what follows looks like text (a mailing list's
    footer appended to the part), which is left out.
    """
    usable, bad, text_like = _scan_base64(data)
    if text_like:
        defect("base64 part is not base64")
        return data
    body = usable.rstrip(b"=")
    if b"=" not in body:  # the usual case: one run, padded at most at its end
        if bad:
            defect("invalid base64")
        return _base64_run(body, defect)
    chunks = []
    for i, segment in enumerate(_PADDING.split(data)):
        usable, bad, text_like = _scan_base64(segment)
        if i and text_like:
            defect("text after base64 data left out")
            break
        if bad:
            defect("invalid base64")
        chunks.append(_base64_run(usable, defect))
    return b"".join(chunks)


def _uudecode(data: bytes, defect: Defect) -> bytes:
    out = []
    started = False
    for line in _NEWLINES.sub(b"\n", data).split(b"\n"):
        if not started:
            started = line.startswith(b"begin ")
            continue
        if line.strip() in (b"end", b"`", b""):
            if line.strip() == b"end":
                break
            continue
        try:
            out.append(binascii.a2b_uu(line))
        except binascii.Error:  # some encoders pad lines oddly; the length byte says how much
            size = (line[0] - 32) & 63
            try:
                out.append(binascii.a2b_uu(line[: 1 + (size + 2) // 3 * 4]))
            except binascii.Error:
                defect("invalid uuencode")
    return b"".join(out) if started else data


def payload_bytes(part: Message, defect: Defect, limit: int | None = None) -> bytes:
    """The decoded bytes of a leaf part (transfer encoding undone, tolerant of garbage)."""
    raw = raw_payload(part)
    if not isinstance(raw, str):
        return b""
    data = to_bytes(raw)
    if limit is not None and len(data) > limit:
        defect("text part truncated")
        data = data[:limit]
    cte = transfer_encoding(part)
    if cte == "base64":
        return _base64(data, defect)
    if cte == "quoted-printable":
        return binascii.a2b_qp(_NEWLINES.sub(b"\n", data))
    if cte == "uuencode":
        return _uudecode(data, defect)
    if cte not in _IDENTITY_CTES:
        defect(f"unknown transfer encoding {short(cte)}")
        compact = _WHITESPACE.sub(b"", data)
        if len(compact) >= 16 and not _NOT_BASE64.search(compact):
            return _base64(data, defect)
        if len(_LOOKS_QP.findall(data[:10000])) >= 3:
            return binascii.a2b_qp(_NEWLINES.sub(b"\n", data))
    return data


def approx_size(part: Message, depth: int) -> int:
    """Decoded size of a part without decoding it (base64 counted as 3/4 of its characters);
    nested parts are counted ``depth`` levels down."""
    raw = raw_payload(part)
    if isinstance(raw, list):
        if depth <= 0:
            return 0
        head = sum(len(k) + len(str(v)) + 4 for k, v in part.raw_items())
        return head + sum(approx_size(p, depth - 1) for p in raw if isinstance(p, Message))
    if not isinstance(raw, str):
        return 0
    if transfer_encoding(part) == "base64":
        chars = len(raw) - raw.count("\n") - raw.count("\r") - raw.count(" ")
        return max(0, chars * 3 // 4 - raw.count("="))
    return len(raw)


def _block_attachment(name: str, size: int) -> Attachment:
    name = clean(name)[:255]
    return Attachment(name, mimetypes.guess_type(name)[0] or "application/octet-stream", size)


def encoded_blocks(text: str) -> tuple[str, list[Attachment]]:
    """``text`` without its uuencode and yEnc blocks, and those blocks as attachments.

    Line by line with the end lines looked up by bisection: a text full of "begin" lines
    without an "end" stays linear.
    """
    if "begin " not in text:
        return text, []
    lines = text.split("\n")
    uu_ends = [i for i, line in enumerate(lines) if line.rstrip() == "end"]
    yenc_ends = [i for i, line in enumerate(lines) if line.startswith("=yend")]
    kept: list[str] = []
    found: list[Attachment] = []
    i = 0
    while i < len(lines):
        uu, yenc = _UU_BEGIN.match(lines[i]), _YENC_BEGIN.match(lines[i])
        ends = uu_ends if uu else yenc_ends if yenc else []
        at = bisect.bisect_right(ends, i)
        end = ends[at] if at < len(ends) else None
        if end is None or len(found) >= MAX_BLOCKS:
            kept.append(lines[i])
            i += 1
            continue
        body = lines[i + 1 : end]
        if uu is not None:
            if sum(1 for line in body if _UU_LINE.match(line)) < 0.9 * len(body):
                kept.append(lines[i])  # "begin 644 x" in prose, not a uuencoded file
                i += 1
                continue
            found.append(_block_attachment(uu.group(1), sum((ord(line[0]) - 32) & 63 for line in body if line)))
        elif yenc is not None:
            params = dict(_YENC_PARAM.findall(yenc.group(1)))
            declared = params.get("size", "").strip()
            found.append(_block_attachment(params.get("name", ""), int(declared) if declared.isdigit() else 0))
        i = end + 1
    return "\n".join(kept), found
