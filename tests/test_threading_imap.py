"""End to end on IMAP: a draft for a message with a long (Outlook) Message-ID threads under it.

The original goes into the suite's Dovecot, ``mailtriage run --once`` drafts it, and Dovecot's own
``THREAD REFERENCES`` (RFC 5256) must then put the draft in the original's thread. Dovecot threads
within one mailbox, so the original and the draft are copied into one folder first.

RFC 5256 also gathers messages by base subject ("Re: x" under "x"), which would hide broken
In-Reply-To/References. So the folder also holds the draft with its subject changed (it must still
thread, by its ids alone) and, as a control, the same draft with the ids written the way
``policy.SMTP`` wrote them before (RFC 2047 encoded words): that one must fall out of the thread,
which shows the test can tell the two apart.
"""

from __future__ import annotations

import re
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path

import pytest
from dovecot import Dovecot, MailUser, sample_message
from test_worker_imap import fresh, run_once, write_config

pytestmark = pytest.mark.imap

OUTLOOK_ID = "<AS8PR02MB10234ABCDEF0123456789ABCDEF0123456789@AS8PR02MB10234.eurprd02.prod.outlook.com>"
OUTLOOK_ROOT = "<AM9PR02MB76540FEDCBA9876543210FEDCBA9876543210@AM9PR02MB7654.eurprd02.prod.outlook.com>"


def with_headers(data: bytes, subject: str, *, encode_ids: bool) -> bytes:
    """``data`` with a new Subject and Message-ID, edited as bytes so nothing else is refolded.

    ``encode_ids``: In-Reply-To and References as ``policy.SMTP`` writes them, the old broken output.
    """
    head, body = data.split(b"\r\n\r\n", 1)
    fields = {"Subject": subject, "Message-ID": make_msgid(domain="copy.example.test")}
    if encode_ids:
        parsed = message_from_bytes(data, policy=policy.default)
        fields |= {"In-Reply-To": str(parsed["In-Reply-To"]), "References": " ".join(str(parsed["References"]).split())}
    for name, value in fields.items():
        old = EmailMessage(policy=policy.SMTP)
        old[name] = value
        line = old.as_bytes().split(b"\r\n\r\n", 1)[0]  # the field as policy.SMTP folds it
        field = re.compile(rb"(?m)^" + name.encode() + rb":[^\r\n]*(\r\n[ \t][^\r\n]*)*")
        head, n = field.subn(line.replace(b"\\", b"\\\\"), head)
        assert n == 1, name
    return head + b"\r\n\r\n" + body


def thread_of(threads: tuple[object, ...], uid: int) -> set[int]:
    """The UIDs of the thread (a top-level entry of the THREAD response) that holds ``uid``."""

    def flat(node: object) -> set[int]:
        return {node} if isinstance(node, int) else set().union(*(flat(n) for n in node))  # type: ignore[attr-defined]

    return next(ids for ids in map(flat, threads) if uid in ids)


def test_draft_for_a_long_outlook_message_id_is_in_the_originals_thread(
    tmp_path: Path, dovecot: Dovecot, imap_user: MailUser
) -> None:
    original = fresh(
        sample_message(
            "Charged twice for invoice 4411",
            sender="Dana Customer <dana@example.net>",
            message_id=OUTLOOK_ID,
            headers=[("References", OUTLOOK_ROOT)],
        )
    )
    with dovecot.connect(imap_user) as client:
        client.append("INBOX", original)
    config = write_config(tmp_path, dovecot, imap_user)
    assert run_once(config) == 0
    (stored,) = dovecot.messages(imap_user, "Drafts")
    draft = stored.data
    head = draft.split(b"\r\n\r\n", 1)[0]
    assert b"In-Reply-To: " + OUTLOOK_ID.encode() + b"\r\n" in head  # the literal id, never encoded
    folded = b"\r\nReferences: " + OUTLOOK_ROOT.encode() + b"\r\n " + OUTLOOK_ID.encode() + b"\r\n"
    assert folded in head  # folded between the two ids, nowhere else
    assert b"=?" not in head.split(b"\r\nMessage-ID:", 1)[1].split(b"\r\nX-Mailtriage-", 1)[0]

    renamed = with_headers(draft, "Your invoice 4411", encode_ids=False)
    broken = with_headers(draft, "Your invoice 4411 (old headers)", encode_ids=True)
    assert b"=?utf-8?q?=3CAS8PR02MB" in broken  # the control really is the encoding that broke threading
    unrelated = fresh(sample_message("Another customer", sender="Lee <lee@example.org>"))
    with dovecot.connect(imap_user) as client:
        client.create_folder("Thread")
        uids = [int(client.append("Thread", data).split(b"APPENDUID", 1)[1].split()[1].rstrip(b"]"))
                for data in (original, draft, renamed, broken, unrelated)]  # fmt: skip
        client.select_folder("Thread", readonly=True)
        assert b"THREAD=REFERENCES" in client.capabilities()
        threads = client.thread("REFERENCES", "ALL", "UTF-8")  # UIDs: imapclient sends UID THREAD
    original_uid, draft_uid, renamed_uid, broken_uid, unrelated_uid = uids
    thread = thread_of(threads, original_uid)
    assert draft_uid in thread  # as mailtriage wrote it
    assert renamed_uid in thread  # by In-Reply-To/References alone, not by subject
    assert broken_uid not in thread and unrelated_uid not in thread
