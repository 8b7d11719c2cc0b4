"""A simulated agent for the feedback tests: what a mail client puts in Sent when a draft goes out.

``unchanged`` keeps the draft's bytes (a client that sends a draft as it stands, its headers and all)
with the Date of sending; ``with_text`` re-encodes it with a new text, as a client does after an edit,
keeping the draft's threading (In-Reply-To, References) and its quoted original.
"""

from __future__ import annotations

import re
from datetime import datetime
from email import message_from_bytes
from email.utils import format_datetime
from typing import Any

from pipeline.feedback.measure import above_quote, reply_part, sentences
from pipeline.parse import parse

THREADING = ("From", "To", "Subject", "Message-ID", "In-Reply-To", "References")


def deadline(draft: bytes) -> datetime:
    """The promised time the draft carries (X-Mailtriage-Deadline)."""
    return datetime.fromisoformat(" ".join(str(message_from_bytes(draft)["X-Mailtriage-Deadline"]).split()))


def unchanged(draft: bytes, at: datetime) -> bytes:
    """The draft as sent: the same bytes, dated when it went out."""
    return re.sub(rb"(?m)^Date:[^\r\n]*", b"Date: " + format_datetime(at).encode(), draft, count=1)


def text_of(draft: bytes) -> str:
    """The draft's readable text (reply, attribution and quoted original), as the agent edits it."""
    return parse(draft).text


def reply_sentences(draft: bytes) -> list[str]:
    """The sentences of the draft's reply part, as the measure sees them."""
    return sentences(reply_part(above_quote(text_of(draft))))


def with_text(draft: bytes, text: str, at: datetime) -> bytes:
    """The draft re-encoded with ``text`` (plain, 8bit), its threading kept, dated ``at``."""
    original = message_from_bytes(draft)
    lines = [f"{name}: {' '.join(str(original[name]).split())}" for name in THREADING if original[name]]
    lines += [f"Date: {format_datetime(at)}", "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8",
              "Content-Transfer-Encoding: 8bit", "", *text.splitlines()]  # fmt: skip
    return ("\r\n".join(lines) + "\r\n").encode()


def without_sentence(text: str, sentence: str) -> str:
    """``text`` with one sentence taken out (and the space after it)."""
    assert sentence in text, sentence
    return text.replace(sentence + " ", "", 1) if sentence + " " in text else text.replace(sentence, "", 1)


def with_sentence_after(text: str, first_line: str, added: str) -> str:
    """``text`` with ``added`` as a paragraph of its own after the line ``first_line`` (the greeting)."""
    assert first_line in text
    return text.replace(first_line, f"{first_line}\n\n{added}", 1)


REWRITE = "Hello,\n\nI checked your account and sorted this out myself a minute ago.\n\nTom\n"


def relabel(client: Any, uid: int, remove: tuple[str, ...] = (), add: tuple[str, ...] = ()) -> None:
    """An agent changing mailtriage's keywords on an original in INBOX, as NeoMutt's ``<modify-tags>`` sends it
    (``UID STORE -FLAGS.SILENT`` the old ones, then ``+FLAGS.SILENT`` the new); Thunderbird's Tag menu is the
    same STORE with its lower-cased tag keys (``$technical``)."""
    client.select_folder("INBOX")
    if remove:
        client.remove_flags([uid], list(remove), silent=True)
    if add:
        client.add_flags([uid], list(add), silent=True)
