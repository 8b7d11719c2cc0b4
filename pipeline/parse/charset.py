"""Bytes to text for mail: declared charsets, their usual mislabels, and a guess when they fail.

Used by ``pipeline.parse`` for headers and bodies. Nothing here raises on bad input: every
workaround is reported through the ``defect`` callback, in words.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable

import charset_normalizer

Defect = Callable[[str], None]

#: Share of replacement characters up to which the declared charset is still believed.
MAX_BAD_SHARE = 0.01
#: Share of paired 8-bit bytes below which a multi-byte East Asian charset is not believed.
MIN_MULTIBYTE_PAIRED_SHARE = 0.5
#: Bytes handed to charset-normalizer; its cost grows with the sample and 64 KB is plenty to guess.
GUESS_SAMPLE_BYTES = 64 * 1024

# Labels mail clients write for charsets that Python knows under a wider (superset) codec,
# as browsers do (WHATWG Encoding): decoding with the superset loses nothing and fixes mislabels.
_SUPERSETS = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "l1": "cp1252",
    "ascii": "cp1252",
    "us-ascii": "cp1252",
    "ansi_x3.4-1968": "cp1252",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "euc-cn": "gb18030",
    "ks_c_5601-1987": "cp949",
    "ks_c_5601": "cp949",
    "euc-kr": "cp949",
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "windows-31j": "cp932",
    "iso-2022-jp": "iso2022_jp_2",
    "iso-8859-8-i": "iso8859_8",
    "iso-8859-6-i": "iso8859_6",
    "big5": "big5hkscs",
    "x-big5": "big5hkscs",
    "tis-620": "cp874",
    "iso-8859-11": "cp874",
    "unicode-1-1-utf-7": "utf-7",
    "utf8": "utf-8",
}
# Labels that say "we do not know": no defect for the label itself, the bytes decide.
_UNKNOWN_LABELS = frozenset({"", "unknown", "unknown-8bit", "x-unknown", "default", "charset", "none"})
# Python codecs that are not mail charsets; some of them turn harmless bytes into CR/LF or escapes.
_REFUSED_CODECS = frozenset(
    {"unicode-escape", "raw-unicode-escape", "idna", "punycode", "undefined", "mbcs", "oem", "palmos"}
)
# Single-byte labels that are often put on UTF-8 text by misconfigured senders.
_OFTEN_MISLABELLED = frozenset({"cp1252", "iso8859-1", "iso8859-15", "iso8859-2", "ascii"})
_ISO2022_ESCAPE = re.compile(rb"\x1b[$(][@ABDJ]")
_LAST_RESORT = ("cp932", "gb18030", "big5hkscs", "cp949")
_MULTIBYTE = re.compile(r"big5|gb|shift_jis|cp932|cp949|cp950|euc|iso2022|johab|hz")
_HIGH_BYTES = bytes(range(0x80, 0x100))
_HIGH_RUN = re.compile(rb"[\x80-\xff]{2,}")
_ASCII_LABEL = re.compile(r"\s*[\"']?\s*(us-?ascii|ascii|ansi_x3\.4-1968)\b", re.IGNORECASE)
# Codecs that read 7-bit bytes as ASCII (not UTF-16/32, UTF-7 or the ISO-2022 family).
_ASCII_COMPATIBLE = frozenset(
    {"ascii", "utf-8", "cp1252", "iso8859-1", "iso8859-15", "iso8859-2", "gb18030", "cp949", "cp932",
     "big5hkscs", "koi8-r", "koi8-u", "cp1251", "cp1250", "euc_jp", "iso8859-5", "iso8859-7"}
)  # fmt: skip
_LABEL_CLEAN = re.compile(r"[^a-z0-9_.:+-]")


def codec_for(label: str | None) -> str | None:
    """The Python codec name for a charset label as mail writes it, or None if unknown or refused."""
    if not label:
        return None
    name = label.strip().strip("\"'").lower().split("*", 1)[0]  # RFC 2231 "utf-8*en"
    name = _LABEL_CLEAN.sub("", name)[:40]
    if name in _UNKNOWN_LABELS:
        return None
    name = _SUPERSETS.get(name, name)
    for candidate in (name, name[2:] if name.startswith("x-") else "", name.replace("x-mac-", "mac_")):
        if not candidate:
            continue
        try:
            info = codecs.lookup(candidate)
        except (LookupError, ValueError):
            continue
        if info.name in _REFUSED_CODECS or not getattr(info, "_is_text_encoding", True):
            return None
        return info.name
    return None


def is_unknown_label(label: str | None) -> bool:
    """True when ``label`` is missing or one of the "unknown" placeholders (not a defect by itself)."""
    return not label or _LABEL_CLEAN.sub("", label.strip().lower()) in _UNKNOWN_LABELS


def short(label: str | None) -> str:
    """``label`` made safe and short enough to quote in a defect."""
    return repr(_LABEL_CLEAN.sub("?", (label or "").lower())[:40])


def guess_codec(data: bytes) -> str | None:
    """charset-normalizer's best guess for ``data`` (sampled), or None when it has none.

    On a tie it prefers UTF-8, then windows-1252: it often ranks windows-1250 first for Western
    European text that both decode without "chaos" ("Verão" would become "Verăo"). East Asian
    multi-byte charsets need most 8-bit bytes to come in pairs.
    """
    sample = data[:GUESS_SAMPLE_BYTES]
    if _paired_share(sample) < MIN_MULTIBYTE_PAIRED_SHARE and _reads_as_western(sample):
        # Decided here, not by the guesser: its ranking of single-byte charsets for short text
        # changes between releases (3.5.3 ranks "für München" as cp775 and lists no cp1252 at all).
        return "cp1252"
    try:
        results = list(charset_normalizer.from_bytes(sample))
    except Exception:  # the guesser is third-party code on hostile bytes; a failed guess is no guess
        return None
    if _paired_share(data[:GUESS_SAMPLE_BYTES]) < MIN_MULTIBYTE_PAIRED_SHARE:
        # Two accented letters in Latin text make a fine Big5 or GB18030 character pair; with so
        # few 8-bit bytes the text is Latin, and windows-1252 its commonest charset.
        results = [m for m in results if not _MULTIBYTE.match(m.encoding)]
        if not results:
            return "cp1252"
    if not results:
        return None
    best = results[0]
    tied = {m.encoding for m in results if m.chaos <= best.chaos and m.coherence >= best.coherence}
    for preferred in ("utf_8", "cp1252"):
        if preferred in tied:
            return codec_for(preferred)
    return codec_for(best.encoding)


# What windows-1252 text in Western European languages has beyond ASCII: letters, quotes, dashes, signs
_WESTERN = frozenset(
    "àáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿßÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞŸœŒšŠžŽ€£¥¢„“”‘’‚‹›«»–—…•·°§¶©®™±×÷¡¿ºª²³¹µ¼½¾\u00a0"
)


def _reads_as_western(data: bytes) -> bool:
    """True when every 8-bit byte of ``data`` is, in windows-1252, a character of Western European text."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:  # bytes windows-1252 leaves undefined
        return False
    beyond = [c for c in text if ord(c) > 127]
    letters = sum(1 for c in text if c.isalpha())
    # Western text has its accented letters among mostly ASCII ones; Cyrillic or Greek read as
    # windows-1252 turns nearly every letter into an accented one.
    return bool(beyond) and all(c in _WESTERN for c in beyond) and len(beyond) <= 0.3 * letters


def _paired_share(data: bytes) -> float:
    """Share of 8-bit bytes that stand next to another: nearly all in East Asian double-byte text,
    few in Latin text, whose accented letters sit between ASCII ones."""
    high = len(data) - len(data.translate(None, _HIGH_BYTES))
    paired = sum(len(run) for run in _HIGH_RUN.findall(data))
    return paired / high if high else 0.0


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeError, LookupError, ValueError):
        return None


def _mostly(data: bytes, codec: str) -> str | None:
    """``data`` decoded with replacement characters if at most MAX_BAD_SHARE of it is bad."""
    try:
        text = data.decode(codec, "replace")
    except (UnicodeError, LookupError, ValueError):
        return None
    bad = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    return text if bad <= max(1, int(len(text) * MAX_BAD_SHARE)) else None


def _mostly_utf8(data: bytes) -> str | None:
    """``data`` as UTF-8 with replacement characters, if it is UTF-8 with a few bad bytes (a part
    cut mid-character, a stray Latin-1 byte); None if it looks like another charset."""
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    saved = len(data) - len(text)  # bytes saved by valid multi-byte sequences
    return text if saved >= 2 and bad * 4 <= saved else None


def _fallback(data: bytes, codec: str | None, defect: Defect, what: str) -> str:
    """``data`` whose declared charset is missing, unknown or wrong: UTF-8 if it is (nearly) valid
    UTF-8, the declared charset if only a few bytes are bad, else a guess, else replacements."""
    text = _strict(data, "utf-8")
    if text is not None:
        return text
    if codec is not None:
        text = _mostly(data, codec)
        if text is not None:  # a few bad bytes (a cut part, a stray character): the label is right
            return text
    text = _mostly_utf8(data)
    if text is not None:
        defect(f"invalid utf-8 in {what}")
        return text
    guessed = guess_codec(data)
    if guessed is not None:
        defect(f"charset of {what} guessed as {short(guessed)}")
        return data.decode(guessed, "replace")
    if _paired_share(data[:GUESS_SAMPLE_BYTES]) >= MIN_MULTIBYTE_PAIRED_SHARE:
        for legacy in _LAST_RESORT:  # the guesser gives up on a few bad bytes; East Asian spam has them
            text = _mostly(data, legacy)
            if text is not None:
                defect(f"charset of {what} guessed as {short(legacy)}")
                return text
    defect(f"{what} decoded with replacement characters")
    return data.decode(codec or "utf-8", "replace")


def decode_bytes(data: bytes, label: str | None, defect: Defect, what: str = "text") -> str:
    """Decode ``data`` using the declared ``label`` if it fits, else a guess; never raises.

    Order: byte-order mark; UTF-8 when the label is a single-byte charset often put on UTF-8;
    the declared charset (via its usual superset); then ``_fallback``. A us-ascii label on 8-bit
    bytes says nothing about them. Every workaround records a defect.
    """
    if not data:
        return ""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", "replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", "replace")
    codec = codec_for(label)
    if codec is None and not is_unknown_label(label):
        defect(f"unknown charset {short(label)} in {what}")
    if data.isascii() and (codec is None or codec in _ASCII_COMPATIBLE):
        if _ISO2022_ESCAPE.search(data):  # 7-bit Japanese without (or with a wrong) label
            text = _strict(data, "iso2022_jp_2")
            if text is not None:
                return text
        return data.decode("ascii")
    if codec is None or _ASCII_LABEL.match(label or ""):
        defect(f"8-bit {what} without charset" if codec is None else f"8-bit {what} declared us-ascii")
        return _fallback(data, None, defect, what)
    if codec in _OFTEN_MISLABELLED:
        text = _strict(data, "utf-8")
        if text is not None:
            defect(f"{what} declared {short(label)} but is utf-8")
            return text
    text = _strict(data, codec)
    if text is not None:
        return text
    defect(f"{what} not valid {short(label)}")
    return _fallback(data, codec, defect, what)
