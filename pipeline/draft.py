"""Build the reply as an RFC 5322 message that threads under the original.

Built as an ``EmailMessage`` under ``DRAFT_POLICY``, never joined strings: the policy refuses CR/LF in
header values, and every customer-controlled value is cleaned first so a hostile subject or display
name cannot add headers to the draft.

Three things a real client showed us (neomutt against Dovecot, drafts recalled and sent):

- Message-ID, In-Reply-To and References are written as bare ids, folded only between ids
  (RFC 5322 §3.6.4). ``policy.SMTP`` turns an id longer than a line (Outlook's run past 80
  characters) into RFC 2047 encoded words, and Dovecot's ``THREAD REFERENCES`` then loses the draft.
- Only the ``X-Mailtriage-*`` headers in ``CUSTOMER_HEADERS`` go into a draft: mutt keeps a draft's
  headers when it is sent, so whatever is here reaches the customer. What only the team may read
  (tone, urgency, confidence, why) goes to ``preview``, ``status`` and the state store instead.
- The body is ``text/plain; format=flowed`` (RFC 3676): lines under 78 characters that a client
  joins back into paragraphs. ``Draft.body`` stays the logical, unwrapped text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import datetime
from email.headerregistry import Address as HeaderAddress
from email.headerregistry import HeaderRegistry
from email.message import EmailMessage
from email.policy import EmailPolicy
from email.utils import format_datetime, make_msgid
from typing import Any

from .message import Draft, MessageKey, ParsedMessage

_REPLY_PREFIX = re.compile(r"^\s*((re|aw|sv|antw|vs|r|rif|odp|ynt)\s*(\[\d+\])?\s*:\s*)+", re.IGNORECASE)
# RFC 5322 §3.6.4 msg-id: printable US-ASCII between angle brackets, no spaces. A non-ASCII id could
# only be written as an encoded word, which threads nowhere, so it is not kept.
_MSGID = re.compile(r"<[!-;=?-~]+>")
_MAX_MSGID = 900  # RFC 5322 §2.1.1: a line is at most 998 characters; longer ids are dropped, not cut
_QUOTE_LINES = 200  # enough for the agent to see the thread; the full history stays in the original
_ID_HEADERS = frozenset({"message-id", "in-reply-to", "references"})

#: The only ``X-Mailtriage-*`` headers a draft may carry. Mutt and neomutt send a recalled draft with
#: its headers, so every one of these reaches the customer: each must be a neutral fact a customer
#: may read without harm. ``Source`` is what exactly-once rests on (the Maildir and IMAP Drafts
#: indexes find drafts by it). Tone, urgency, confidence, band, template, why and plan notes are for
#: the team only (``engine.agent_notes``). To add a header here, check that it is safe to send.
CUSTOMER_HEADERS: frozenset[str] = frozenset(
    {
        "X-Mailtriage-Source",
        "X-Mailtriage-Type",
        "X-Mailtriage-Deadline",
        "X-Mailtriage-Language",
        "X-Mailtriage-Intent",  # the playbook's name, e.g. "billing.duplicate_charge", or "none"
        "X-Mailtriage-Answers",  # the playbook answers the reply used, so the agent can check them
        "X-Mailtriage-Customer-Deadline",  # the deadline the customer stated, resolved (ISO 8601)
        "X-Mailtriage-Followup",  # a follow-up draft (feedback.promises): the original's own Message-ID
    }
)
_CUSTOMER_HEADERS_LOWER = frozenset(h.lower() for h in CUSTOMER_HEADERS)

# RFC 3676 §4.2: flowed lines stay under 78 characters; 72 leaves room for the quote marks a reply to
# this draft will add. Counted in UTF-8 bytes, so a line of umlauts still fits 8bit under the limit.
# RFC 2045 §6.7: quoted-printable lines are at most 76 characters; the body is written to that limit,
# headers keep policy.SMTP's 78 (RFC 5322 §2.1.1).
FLOW_WIDTH = 72
_BODY_LIMIT = 76


class PrivateHeaderError(ValueError):
    """A draft would carry an ``X-Mailtriage-*`` header that is not in ``CUSTOMER_HEADERS``."""


class _DraftPolicy(EmailPolicy):
    """``policy.SMTP`` that writes Message-ID, In-Reply-To and References as bare ids.

    RFC 5322 §3.6.4: these hold msg-ids, never encoded words; a fold may only fall between two ids.
    An id longer than a line stays whole on its line (allowed up to 998 characters, §2.1.1).
    """

    def fold(self, name: str, value: Any) -> str:
        if name.lower() in _ID_HEADERS:
            return self._fold_ids(name, str(value))
        return str(super().fold(name, value))

    def fold_binary(self, name: str, value: Any) -> bytes:
        if name.lower() in _ID_HEADERS:
            return self._fold_ids(name, str(value)).encode("ascii")
        return bytes(super().fold_binary(name, value))

    def _fold_ids(self, name: str, value: str) -> str:
        limit = self.max_line_length or 998
        lines, line = [], f"{name}:"
        for msgid in _MSGID.findall(value):
            if len(line) + 1 + len(msgid) > limit and line != f"{name}:":
                lines.append(line)
                line = ""
            line += " " + msgid  # the space before an id is the folding whitespace
        return str(self.linesep).join([*lines, line]) + str(self.linesep)


class _HeaderClasses(HeaderRegistry):
    """``HeaderRegistry`` that builds each header class once.

    The stdlib's ``__getitem__`` makes a new class (``type(...)``) for every header it parses or sets,
    which costs a third of building a draft. The class depends only on the registered parser class
    and ``base_class``, so one per parser class gives the same headers (tests compare the bytes).
    """

    def __init__(self) -> None:
        super().__init__()
        self._classes: dict[type, type] = {}

    def map_to_type(self, name: str, cls: type) -> None:
        super().map_to_type(name, cls)
        self._classes.clear()

    def __getitem__(self, name: str) -> type:
        parser = self.registry.get(name.lower(), self.default_class)
        made = self._classes.get(parser)
        if made is None:
            made = self._classes[parser] = super().__getitem__(name)
        return made


DRAFT_POLICY = _DraftPolicy(linesep="\r\n", max_line_length=78, header_factory=_HeaderClasses())
_BODY_POLICY = DRAFT_POLICY.clone(max_line_length=_BODY_LIMIT)  # what set_content wraps quoted-printable at


def one_line(value: str, limit: int = 500) -> str:
    """Collapse whitespace and drop control characters (CR, LF, NUL, ...) from a header value."""
    # nearly every value is printable already: str.isprintable checks it in C before any rebuilding
    cleaned = value if value.isprintable() else "".join(c if c.isprintable() else " " for c in value)
    return " ".join(cleaned.split())[:limit]


def reply_subject(subject: str) -> str:
    """``Re: <subject>`` with existing Re:/AW:/SV: prefixes folded into one."""
    base = _REPLY_PREFIX.sub("", one_line(subject, 900))
    return f"Re: {base}" if base else "Re: your message"


def build_draft(
    key: MessageKey,
    msg: ParsedMessage,
    body: str,
    from_address: str,
    from_name: str,
    explain: dict[str, str],
    now: datetime,
    language: str = "en",
) -> Draft:
    """The draft reply to ``msg`` with ``body`` above the quoted original.

    ``explain`` becomes ``X-Mailtriage-<Name>`` headers, which the customer will see: names outside
    ``CUSTOMER_HEADERS`` raise ``PrivateHeaderError``. Raises ``ValueError`` when the original has no
    usable address to reply to (screening normally catches that first).
    """
    recipient = msg.reply_to[0] if msg.reply_to else msg.sender
    if recipient is None or "@" not in recipient.email:
        raise ValueError("no address to reply to")
    reply = EmailMessage(policy=DRAFT_POLICY)
    reply["From"] = _address(from_name, from_address)
    reply["To"] = _address(recipient.name, recipient.email)
    subject = reply_subject(msg.subject)
    reply["Subject"] = subject
    reply["Date"] = format_datetime(now)
    reply["Message-ID"] = make_msgid(domain=from_address.rpartition("@")[2] or None)
    in_reply_to = _msgid(msg.message_id)
    if in_reply_to:
        reply["In-Reply-To"] = in_reply_to
        # RFC 5322 3.6.4: the parent's References plus its Message-ID; long chains keep the first and last
        refs = [r for r in (_msgid(r) for r in msg.references) if r] + [in_reply_to]
        if len(refs) > 20:
            refs = refs[:1] + refs[-19:]
        reply["References"] = " ".join(dict.fromkeys(refs))
    reply["X-Mailtriage-Source"] = str(key)
    for name, value in explain.items():
        reply[f"X-Mailtriage-{name}"] = one_line(value, 900)
    refuse_private_headers(reply.keys())

    # (quote depth, text) per logical line: the reply, a blank line, the attribution, the quote
    lines = [(0, line) for line in _reply_lines(body)] + [(0, "")] + list(_quote_lines(msg, language))
    full_body = "\n".join(_logical(depth, text) for depth, text in lines) + "\n"
    wire = flowed(lines)
    encoded = [line.encode("utf-8") for line in wire.split("\n")]
    # 7bit/8bit keep the text readable as it is; quoted-printable only when a line (a long URL, or
    # many umlauts) would pass the 76-character limit, so every line on the wire stays under 78.
    short = max(map(len, encoded)) <= _BODY_LIMIT
    cte = ("7bit" if wire.isascii() else "8bit") if short else "quoted-printable"
    reply.policy = _BODY_POLICY  # only while encoding the body; headers fold under DRAFT_POLICY
    reply.set_content(wire, charset="utf-8", cte=cte, params={"format": "flowed"})
    reply.policy = DRAFT_POLICY
    return Draft(
        source=key,
        to=str(reply["To"]),
        subject=subject,
        in_reply_to=in_reply_to,
        body=full_body,
        data=reply.as_bytes(),
        headers=tuple((k, str(v)) for k, v in reply.items()),
    )


def refuse_private_headers(names: Iterable[str]) -> None:
    """Raise ``PrivateHeaderError`` for any ``X-Mailtriage-*`` name outside ``CUSTOMER_HEADERS``, or
    one given twice (a second ``Source`` would confuse the Drafts index that exactly-once rests on)."""
    ours = [n for n in names if n.lower().startswith("x-mailtriage-")]
    if len({n.lower() for n in ours}) != len(ours):
        raise PrivateHeaderError(f"an X-Mailtriage-* header is given twice: {', '.join(sorted(ours))}")
    private = sorted(n for n in ours if n.lower() not in _CUSTOMER_HEADERS_LOWER)
    if private:
        raise PrivateHeaderError(
            f"{', '.join(private)} would reach the customer (mutt sends a draft's headers); "
            "only CUSTOMER_HEADERS in pipeline/draft.py may go into a draft"
        )


def quote_original(msg: ParsedMessage, language: str = "en") -> str:
    """An attribution line in the reply's language and the original text with ``> `` before each line."""
    return "\n".join(_logical(depth, text) for depth, text in _quote_lines(msg, language))


def _quote_lines(msg: ParsedMessage, language: str) -> Iterator[tuple[int, str]]:
    """(quote depth, text): the attribution at depth 0, then the original's lines at depth 1."""
    who = str(msg.sender) if msg.sender else ("der Kunde" if language == "de" else "the customer")
    if language == "de":
        when = msg.date.strftime("%d.%m.%Y um %H:%M") if msg.date else "einem früheren Tag"
        attribution = f"Am {when} schrieb {who}:"
    else:
        when = msg.date.strftime("%a, %d %b %Y %H:%M %z") if msg.date else "an earlier date"
        attribution = f"On {when}, {who} wrote:"
    yield 0, one_line(attribution)
    lines = (msg.text or msg.new_text).splitlines()
    for line in lines[:_QUOTE_LINES]:
        yield 1, line.rstrip()
    if len(lines) > _QUOTE_LINES:
        yield 1, f"[... {len(lines) - _QUOTE_LINES} more lines in the original message]"


def _reply_lines(body: str) -> list[str]:
    # RFC 3676 §4.2: a trailing space marks a flowed line, so fixed lines carry none; the signature
    # separator "-- " keeps its space (§4.3).
    return [line if line == "-- " else line.rstrip() for line in body.rstrip("\n").splitlines()]


def _logical(depth: int, text: str) -> str:
    """A line as ``Draft.body`` holds it: ``> `` before quoted text, a bare ``>`` for an empty one."""
    if not depth:
        return text
    return ">" * depth + (" " + text if text else "")


def flowed(lines: Iterable[tuple[int, str]]) -> str:
    """``(quote depth, text)`` lines as RFC 3676 format=flowed text (DelSp=no), joined by ``\\n``.

    A long line is broken after a space, which stays at the end of the line (a soft break, §4.2);
    a word longer than the width stays whole. Quoted lines start with their ``>`` marks and one
    space (§4.5); an unquoted line starting with a space, ``>`` or ``From `` gets a space before
    it (space-stuffing, §4.4) so a reader does not take it for a quote. The signature separator
    ``-- `` is left as it is (§4.3).
    """
    out: list[str] = []
    for depth, text in lines:
        prefix = ">" * depth
        if text == "" or (depth == 0 and text == "-- "):
            out.append(prefix + text)
            continue
        for chunk in _chunks(text, FLOW_WIDTH - len(prefix) - 1, depth):
            if depth:
                out.append(prefix + " " + chunk)
            elif chunk.startswith((" ", ">", "From ")):
                out.append(" " + chunk)
            else:
                out.append(chunk)
    return "\n".join(out)


def _chunks(text: str, width: int, depth: int) -> list[str]:
    """``text`` cut after spaces into pieces of at most ``width`` UTF-8 bytes (a long word: longer)."""
    if len(text) <= width:  # a line that fits whole: the loop below would never cut, and its pieces join to it
        try:
            if text.isascii() or len(text.encode("utf-8")) <= width:
                return [text]
        except UnicodeEncodeError:
            pass  # a lone surrogate: the loop raises it as it always did
    chunks: list[str] = []
    current, size = "", 0
    for piece in re.findall(r"[^ ]+ *| +", text):  # a word with the spaces after it
        length = len(piece.encode("utf-8"))
        # an unquoted "-- " alone on a line would read as a signature separator, not a soft break
        if current and size + length > width and not (depth == 0 and current == "-- "):
            chunks.append(current)
            current, size = "", 0
        current, size = current + piece, size + length
    chunks.append(current)
    return chunks


def _address(name: str, email: str) -> HeaderAddress | str:
    name, email = one_line(name, 200), one_line(email, 254)
    try:
        return HeaderAddress(display_name=name, addr_spec=email)
    except (ValueError, IndexError, TypeError):  # an addr-spec the header registry cannot model
        return email if "@" in email and " " not in email else "undisclosed-recipients:;"


def _msgid(value: str | None) -> str | None:
    if not value:
        return None
    found = _MSGID.search(value)
    return found.group(0) if found and len(found.group(0)) <= _MAX_MSGID else None
