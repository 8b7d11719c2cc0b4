"""Mail the customer passes on to us: a forward under a short note ("Forwarding this from our accountant"), and
a reply-all whose quoted mail a colleague of theirs wrote. Pure; never raises.
"""

from __future__ import annotations

import re

from ..caseless import caseless
from .text import FORWARD_MARKER, QUOTE_HEADER

#: A forwarded message's own header lines: "From: …", "Von: …", "Envoyé : …", "Subject: …".
_FORWARD_HEADER = caseless(
    r"^\s*(?:from|to|cc|date|sent|subject|von|an|gesendet|datum|betreff|de|à|envoyé|objet|sujet|pour|cci|bcc|"
    r"reply-to|répondre à|antwort an)\s?:.*$"
)
#: A note above a forward longer than this says what the customer wants in their own words: the forward is context.
FORWARD_NOTE_WORDS = 120


#: Outlook's marker above a quoted or a forwarded mail alike; it is a forward when the note says it passes one on.
_ORIGINAL = caseless(
    r"^-{3,} ?(?:original message|ursprüngliche nachricht|message d'origine) ?-{3,}\s*$|"
    # Outlook's rule above a forwarded header block: "________________________________\nFrom: Imran …"
    r"^_{10,}[ \t]*$(?=\s*\n[ \t]*(?:from|von|de)[ \t]?:)|"
    # or no rule at all, the header block right under the note: "De : Claire … / Envoyé : jeudi …"
    r"^(?=[ \t]*(?:from|von|de)[ \t]?:[^\n]*\n[ \t]*(?:sent|gesendet|envoyé|date|datum)[ \t]?:)",
    re.MULTILINE,
)
_PASSING_ON = caseless(
    r"\b(?:forward\w*|passing (?:this|it) on|see below|below|leite\w* (?:\w+ ){0,6}weiter|weitergeleitet|"
    r"weiterleiten|siehe unten|unten|untenstehend\w*|nachstehend\w*|anbei die|transf[èée]r\w*|ci-dessous|"
    r"voir ci-dessous|fai[st] suivre|faisons suivre)\b",
)

#: The note sends the reader to the forwarded mail for the facts.
_SEE_BELOW = caseless(
    r"\b(?:see (?:below|the (?:mail|message|email) below)|below from|siehe unten|siehe (?:die )?"
    r"(?:mail|nachricht) unten|untenstehend\w*|voir ci-dessous|ci-dessous)\b"
)


def forwarded_body(text: str, note: str) -> str:
    """The message a customer forwarded with a short ``note`` above it ("Forwarding this from our accountant"):
    the text after the forward marker, without its header lines and its own quoted history; "" when ``text``
    forwards nothing or the note says enough by itself."""
    marker = FORWARD_MARKER.search(text or "")
    if marker is None and _PASSING_ON.search(note or ""):  # Outlook forwards under "-----Original Message-----" too
        marker = _ORIGINAL.search(text or "")
    # (the note itself, when the new text runs on into the forward: "-------- Message transféré --------" inside it)
    inside = FORWARD_MARKER.search(note or "")
    own = note[: inside.start()] if inside else note
    # a longer note that sends us to the forward ("See below from my front office manager") still wants it read
    limit = 2 * FORWARD_NOTE_WORDS if _SEE_BELOW.search(own[:400]) else FORWARD_NOTE_WORDS
    if marker is None or len(own.split()) > limit:
        return ""
    lines = text[marker.end() :].split("\n")
    while lines and (not lines[0].strip() or _FORWARD_HEADER.match(lines[0])):
        lines.pop(0)  # the forwarded header block
    kept: list[str] = []
    for line in lines:
        if QUOTE_HEADER.match(line.strip()) or line.lstrip().startswith(">"):
            break  # the forwarded mail's own quoted history
        kept.append(line)
    return "\n".join(kept).strip()


_ADDRESS = re.compile(r"[\w.+-]+@([\w-]+(?:\.[\w-]+)+)")


def quoted_colleague(text: str, ours: frozenset[str]) -> str:
    """The mail this one replies to when a colleague of the customer wrote it (a reply-all that brings us in:
    "Same here, …" over "On …, Priya Nair <priya.nair@example.de> wrote: > since 08:40 none of us can …"): the
    quoted text under the first attribution, unquoted; "" when it is our own reply (an address at one of the
    domains ``ours``), names no address, or there is none."""
    lines = (text or "").split("\n")
    at = next((n for n, line in enumerate(lines) if QUOTE_HEADER.match(line.strip())), None)
    if at is None:
        return ""
    domains = [m[1].lower() for m in _ADDRESS.finditer(lines[at])]
    if not domains or any(d in ours or any(d.endswith("." + o) for o in ours) for d in domains):
        return ""
    kept: list[str] = []
    for line in lines[at + 1 :]:
        if not line.startswith(">"):
            if kept:
                break  # the quote ended
            continue
        inner = line[1:].removeprefix(" ")
        if inner.startswith(">") or QUOTE_HEADER.match(inner.strip()):
            break  # their own quoted history
        kept.append(inner)
    return "\n".join(kept).strip()


def without_forward_headers(text: str) -> str:
    """``text`` without the header block under each forward marker ("De : Pascal …", "Date : ven. 27 nov."): the
    names, dates and addresses in it say who forwarded what, not what the customer's problem is."""
    if not FORWARD_MARKER.search(text or ""):
        return text
    out: list[str] = []
    in_header = False
    for line in text.split("\n"):
        if FORWARD_MARKER.match(line):
            in_header = True
            continue
        if in_header and (not line.strip() or _FORWARD_HEADER.match(line)):
            continue
        in_header = False
        out.append(line)
    return "\n".join(out)
