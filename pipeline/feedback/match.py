"""Which original a sent message answers: its In-Reply-To, then its References from the newest back.

A reply's In-Reply-To names the message it answers (RFC 5322 §3.6.4); clients that drop it still keep
References, whose last id is the parent. The first id mailtriage knows wins, so a reply to the
customer's second message is counted against that message's draft, not the first one's.
"""

from __future__ import annotations

import re
from collections.abc import Container, Sequence

_MSGID = re.compile(r"<[^<>\s]{1,990}>")


def message_ids(value: str | None) -> list[str]:
    """The ``<id>`` tokens of a header value, in order."""
    return _MSGID.findall(value or "")


def candidates(in_reply_to: Sequence[str] | str | None, references: Sequence[str]) -> list[str]:
    """The ids a reply may answer, most likely first: In-Reply-To, then References newest first."""
    first = message_ids(in_reply_to) if isinstance(in_reply_to, str) or in_reply_to is None else list(in_reply_to)
    return list(dict.fromkeys([*first, *reversed(list(references))]))


def answered(in_reply_to: Sequence[str] | str | None, references: Sequence[str], known: Container[str]) -> str | None:
    """The Message-ID of the original this reply answers, among ``known``; None when it answers none."""
    return next((mid for mid in candidates(in_reply_to, references) if mid in known), None)
