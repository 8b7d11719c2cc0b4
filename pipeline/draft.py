"""Build the reply as an RFC 5322 message that threads under the original.

Built as an ``EmailMessage`` under ``policy.SMTP``, never joined strings: the policy refuses CR/LF in
header values, and every customer-controlled value is cleaned first so a hostile subject or display
name cannot add headers to the draft.
"""

from __future__ import annotations

import re
from datetime import datetime
from email import policy
from email.headerregistry import Address as HeaderAddress
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from .message import Draft, MessageKey, ParsedMessage

_REPLY_PREFIX = re.compile(r"^\s*((re|aw|sv|antw|vs|r|rif|odp|ynt)\s*(\[\d+\])?\s*:\s*)+", re.IGNORECASE)
_MSGID = re.compile(r"<[^<>\s]+>")
_QUOTE_LINES = 200  # enough for the agent to see the thread; the full history stays in the original


def one_line(value: str, limit: int = 500) -> str:
    """Collapse whitespace and drop control characters (CR, LF, NUL, ...) from a header value."""
    cleaned = "".join(c if c.isprintable() else " " for c in value)
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

    ``explain`` becomes ``X-Mailtriage-<Name>`` headers for the agent. Raises ``ValueError`` when the
    original has no usable address to reply to (screening normally catches that first).
    """
    recipient = msg.reply_to[0] if msg.reply_to else msg.sender
    if recipient is None or "@" not in recipient.email:
        raise ValueError("no address to reply to")
    reply = EmailMessage(policy=policy.SMTP)
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
    full_body = body.rstrip("\n") + "\n\n" + quote_original(msg, language) + "\n"
    reply.set_content(full_body, charset="utf-8")
    return Draft(
        source=key,
        to=str(reply["To"]),
        subject=subject,
        in_reply_to=in_reply_to,
        body=full_body,
        data=reply.as_bytes(),
        headers=tuple((k, str(v)) for k, v in reply.items()),
    )


def quote_original(msg: ParsedMessage, language: str = "en") -> str:
    """An attribution line in the reply's language and the original text with ``> `` before each line."""
    who = str(msg.sender) if msg.sender else ("der Kunde" if language == "de" else "the customer")
    if language == "de":
        when = msg.date.strftime("%d.%m.%Y um %H:%M") if msg.date else "einem früheren Tag"
        attribution = f"Am {when} schrieb {who}:"
    else:
        when = msg.date.strftime("%a, %d %b %Y %H:%M %z") if msg.date else "an earlier date"
        attribution = f"On {when}, {who} wrote:"
    lines = (msg.text or msg.new_text).splitlines()
    quoted = [("> " + ln).rstrip() for ln in lines[:_QUOTE_LINES]]
    if len(lines) > _QUOTE_LINES:
        quoted.append(f"> [... {len(lines) - _QUOTE_LINES} more lines in the original message]")
    return one_line(attribution) + "\n" + "\n".join(quoted)


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
    return found.group(0)[:900] if found else None
