"""Hostile mail through the whole worker on a Maildir: no header injection, no template evaluation of
customer text, size limits, no replies to machines, to ourselves or to our own drafts, per-sender limits.

Each test writes messages into a fresh Maildir, runs one pass (``Worker.run_once``) and reads the
drafts back from ``.Drafts`` as bytes.
"""

from __future__ import annotations

import base64
import re
import secrets
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.utils import format_datetime
from pathlib import Path

import pytest
from faultserver import ROOT, write_config
from test_draft import unflow

from classifiers import Triager
from pipeline.config import load_config
from pipeline.draft import CUSTOMER_HEADERS
from pipeline.engine import Engine
from pipeline.message import MessageKey
from pipeline.state import StateStore
from pipeline.worker import Worker

OWN = "support@example.com"
ALIAS = "help@example.com"
ALLOWED_HEADERS = {"from", "to", "subject", "date", "message-id", "in-reply-to", "references", "mime-version",
                   "content-type", "content-transfer-encoding"}  # fmt: skip
HEADER_LINE = re.compile(rb"^(?:[!-9;-~]+:|[ \t])")  # a field name and colon, or a folded continuation


@pytest.fixture(scope="module")
def triager() -> Triager:
    config = load_config(ROOT / "config" / "mailtriage.toml")
    return Triager.load(config.model_dir, config.rules_path, config.vip_domains)


class Inbox:
    """A Maildir, its config, and one pass of the worker over it."""

    def __init__(self, folder: Path, triager: Triager, screen: dict[str, int] | None = None) -> None:
        self.path = folder / "inbox"
        for sub in ("cur", "new", "tmp"):
            (self.path / sub).mkdir(parents=True)
        mailbox = f'[[mailbox]]\nname = "support"\naddress = "{OWN}"\naliases = ["{ALIAS}"]\npath = "{self.path}"\n'
        self.config = write_config(folder, mailbox, screen=screen)
        self.triager = triager
        self.count = 0

    def add(self, data: bytes) -> str:
        """Deliver ``data``; its Maildir key (the ``uid`` of its MessageKey)."""
        self.count += 1
        key = f"17950{self.count:05d}.M1P1.hostile"
        (self.path / "new" / key).write_bytes(data)
        return key

    def run(self) -> dict[str, str]:
        """One pass; key -> decision ("drafted", "skipped", ...)."""
        config = load_config(self.config)
        worker = Worker(config, engine=Engine(config, self.triager))
        try:
            reports = worker.run_once()
        finally:
            worker.close()
        return {o.raw.key.uid: d for r in reports for o, d in r.outcomes}

    def drafts(self) -> dict[str, bytes]:
        """Source key -> the draft's bytes."""
        out = {}
        for file in sorted((self.path / ".Drafts" / "cur").glob("*")):
            data = file.read_bytes()
            source = message_from_bytes(data, policy=policy.default)["X-Mailtriage-Source"]
            out[str(source).rsplit("/", 1)[1]] = data
        return out

    def record(self, key: str) -> tuple[str, str | None]:
        state = StateStore(load_config(self.config).state_path)
        try:
            rec = state.get(MessageKey("support", "INBOX", 0, key))
        finally:
            state.close()
        assert rec is not None
        return rec.status, rec.reason

    def state_bytes(self) -> bytes:
        folder = load_config(self.config).state_path.parent
        return b"".join(f.read_bytes() for f in folder.glob("state.sqlite3*"))


@pytest.fixture()
def inbox(tmp_path: Path, triager: Triager) -> Iterator[Inbox]:
    yield Inbox(tmp_path, triager)


def message(
    headers: Sequence[tuple[str, str] | bytes] = (),
    *,
    sender: str = "Dana Customer <dana@example.net>",
    subject: str = "Charged twice for my subscription",
    body: str = "Hello,\n\nI was charged twice this month for the same invoice. Please refund one.\n\nDana\n",
) -> bytes:
    """A customer message. ``headers``: (name, value) pairs or raw header lines (bytes, no line end);
    one named like a default header (From, Subject, Message-ID ...) replaces it, others are added.
    """
    fields = {
        "from": f"From: {sender}".encode(),
        "to": f"To: {OWN}".encode(),
        "subject": f"Subject: {subject}".encode(),
        "date": f"Date: {format_datetime(datetime.now(UTC))}".encode(),
        "message-id": f"Message-ID: <{secrets.token_hex(8)}@example.net>".encode(),
        "mime-version": b"MIME-Version: 1.0",
        "content-type": b"Content-Type: text/plain; charset=utf-8",
    }
    extra = []
    for header in headers:
        line = header if isinstance(header, bytes) else f"{header[0]}: {header[1]}".encode()
        name = line.split(b":", 1)[0].decode().lower()
        if name in fields:
            fields[name] = line
        else:
            extra.append(line)
    return b"\r\n".join([*fields.values(), *extra]) + b"\r\n\r\n" + body.replace("\n", "\r\n").encode()


def encoded(text: str) -> str:
    """``text`` as an RFC 2047 encoded word, so CR, LF and NUL survive into the decoded header."""
    return "=?utf-8?b?" + base64.b64encode(text.encode()).decode() + "?="


def header_lines(draft: bytes) -> list[bytes]:
    """The draft's header lines (Maildir stores LF line ends; a CR left over is a bare CR)."""
    return draft.replace(b"\r\n", b"\n").split(b"\n\n", 1)[0].split(b"\n")


# -- header injection -----------------------------------------------------------------------------------

INJECTIONS: dict[str, list[tuple[str, str] | bytes]] = {
    "subject, encoded CRLF": [("Subject", encoded("Refund\r\nBcc: victim@evil.example\r\nX-Injected: yes"))],
    "subject, encoded bare LF and NUL": [("Subject", encoded("Refund\nBcc: victim@evil.example\x00X-Injected: 1"))],
    "subject, raw bare CR": [b"Subject: Refund\rBcc: victim@evil.example\rX-Injected: yes"],
    "subject, unicode line breaks": [("Subject", encoded("Refund\u2028Bcc: victim@evil.example\x85X-Injected: 1"))],
    "from name, encoded CRLF": [
        ("From", encoded("Dana\r\nBcc: v@evil.example\r\nX-Injected: 1") + " <dana@example.net>")
    ],
    "reply-to name, encoded NUL and LF": [("Reply-To", encoded("Dana\x00\nX-Injected: yes") + " <dana@example.net>")],
    "from address, raw NUL": [b"From: Dana <dana@exam\x00ple.net>"],
    "reply-to address with CRLF in quotes": [("Reply-To", '"x\\\r\nX-Injected: yes" <dana@example.net>')],
    "message-id with spaces and CR": [b"Message-ID: <abc@example.net>\rX-Injected: yes"],
    "references flood": [("References", " ".join(f"<r{n}@x>" for n in range(500)) + "\r\n X-Injected: yes")],
}


@pytest.mark.parametrize("name", list(INJECTIONS))
def test_control_characters_in_headers_never_add_headers_to_the_draft(inbox: Inbox, name: str) -> None:
    data = message(INJECTIONS[name])
    key = inbox.add(data)
    assert inbox.run()[key] == "drafted"
    draft = inbox.drafts()[key]
    assert b"\x00" not in draft
    for line in header_lines(draft):
        assert HEADER_LINE.match(line), line  # no line that is neither a field nor a continuation
        assert b"\r" not in line
    parsed = message_from_bytes(draft, policy=policy.default)
    names = {k.lower() for k in parsed}
    assert {n for n in names if not n.startswith("x-mailtriage-")} <= ALLOWED_HEADERS
    # mutt sends a draft with its headers: only the customer-safe ones, never tone, urgency or why
    assert {n for n in names if n.startswith("x-mailtriage-")} <= {h.lower() for h in CUSTOMER_HEADERS}
    assert {"x-mailtriage-source", "x-mailtriage-type", "x-mailtriage-intent"} <= names
    assert "bcc" not in names and "x-injected" not in names
    assert len(parsed.get_all("To") or []) == 1 and len(parsed.get_all("Subject") or []) == 1
    assert "dana@" in str(parsed["To"])


# -- templates -------------------------------------------------------------------------------------------

JINJA = "{{ 7*191 }} {% for i in range(3) %}LOOP{% endfor %} {{ config.__class__ }} {# hidden #} ${7*191}"


def test_customer_text_is_never_evaluated_as_a_template(inbox: Inbox) -> None:
    key = inbox.add(
        message(
            sender='"{{ 7*191 }}" <dana@example.net>',
            subject=f"Refund {JINJA}",
            body=f"Hello,\n\nI was charged twice for my invoice. {JINJA}\nPlease refund one.\n",
        )
    )
    assert inbox.run()[key] == "drafted"
    draft = message_from_bytes(inbox.drafts()[key], policy=policy.default)
    body = unflow(draft.get_content())  # format=flowed: a soft line break may fall inside the template text
    assert "{{ 7*191 }}" in body and "{% for i in range(3) %}LOOP{% endfor %}" in body and "{# hidden #}" in body
    assert "1337" not in body and "LOOPLOOP" not in body and "<class" not in body
    assert "1337" not in str(draft["Subject"]) and "{{ 7*191 }}" in str(draft["Subject"])


# -- size ------------------------------------------------------------------------------------------------


def test_message_over_the_size_limit_is_recorded_and_skipped_never_rendered(tmp_path: Path, triager: Triager) -> None:
    inbox = Inbox(tmp_path, triager, screen={"max_message_bytes": 20_000})
    marker = "TAIL-MARKER-7f3a"
    big = inbox.add(message(body="I was charged twice.\n" + "padding line of text\n" * 10_000 + marker + "\n"))
    small = inbox.add(message(sender="Eli <eli@example.net>"))
    assert len((inbox.path / "new" / big).read_bytes()) > 200_000
    assert inbox.run() == {big: "skipped", small: "drafted"}
    status, reason = inbox.record(big)
    assert status == "skipped" and reason is not None and reason.startswith("too-large")
    assert set(inbox.drafts()) == {small}
    assert marker.encode() not in inbox.state_bytes()  # the tail was never read into the record
    assert inbox.run() == {}  # recorded: not looked at again


# -- no loops --------------------------------------------------------------------------------------------

MACHINES: dict[str, tuple[list[tuple[str, str] | bytes], dict[str, str], str]] = {
    "our own draft came back": ([("X-Mailtriage-Source", "support/INBOX/0/1795000001.M1P1.x")], {}, "own-draft"),
    "our header in lower case": ([("x-mailtriage-type", "billing")], {}, "own-draft"),
    "auto-reply": ([("Auto-Submitted", "auto-replied")], {}, "auto-reply"),
    "auto-generated": ([("Auto-Submitted", "auto-generated")], {}, "auto-reply"),
    "exchange out of office": ([("X-Auto-Response-Suppress", "All")], {}, "auto-reply"),
    "vacation subject": ([], {"subject": "Out of Office: back on Monday"}, "auto-reply"),
    "bounce": ([("Return-Path", "<>")], {"sender": "MAILER-DAEMON@mx.example.net"}, "bounce"),
    "mailing list": ([("List-Id", "<customers.lists.example.net>")], {}, "mailing-list"),
    "list unsubscribe only": ([("List-Unsubscribe", "<mailto:leave@example.net>")], {}, "mailing-list"),
    "bulk": ([("Precedence", "bulk")], {}, "bulk"),
    "from our own address": ([], {"sender": f"Support <{OWN}>"}, "own-address"),
    "from our own address in capitals": ([], {"sender": OWN.upper()}, "own-address"),
    "from our alias": ([], {"sender": f"Help <{ALIAS}>"}, "own-address"),
}


@pytest.mark.parametrize("name", list(MACHINES))
def test_no_draft_for_machines_ourselves_or_our_own_drafts(inbox: Inbox, name: str) -> None:
    headers, fields, code = MACHINES[name]
    key = inbox.add(message(headers, **fields))
    assert inbox.run() == {key: "skipped"}
    assert inbox.drafts() == {}
    status, reason = inbox.record(key)
    assert status == "skipped" and reason is not None and reason.split(":", 1)[0] == code


@pytest.mark.parametrize("reply_to", [OWN, ALIAS.upper()])
def test_no_draft_addressed_to_the_inbox_itself(inbox: Inbox, reply_to: str) -> None:
    key = inbox.add(message([("Reply-To", f"Support <{reply_to}>")]))
    inbox.run()
    for draft in inbox.drafts().values():
        to = message_from_bytes(draft, policy=policy.default)["To"].addresses[0].addr_spec.lower()
        assert to not in (OWN, ALIAS), f"draft for {key} is addressed to the inbox itself"


# -- rate limit ------------------------------------------------------------------------------------------


def test_drafts_per_sender_per_hour_are_capped_whatever_the_spelling(tmp_path: Path, triager: Triager) -> None:
    inbox = Inbox(tmp_path, triager, screen={"max_drafts_per_sender_per_hour": 2})
    spellings = ["robot@example.org", "Robot@Example.ORG", "ROBOT@EXAMPLE.ORG", "robot@example.org"]
    loop = [
        inbox.add(message(sender=f"Robot <{s}>", subject=f"Order {n} not arrived")) for n, s in enumerate(spellings)
    ]
    other = inbox.add(message(sender="Eli <eli@example.net>"))
    results = inbox.run()
    assert [results[k] for k in loop] == ["drafted", "drafted", "skipped", "skipped"]
    assert results[other] == "drafted"
    assert set(inbox.drafts()) == {*loop[:2], other}
    status, reason = inbox.record(loop[2])
    assert status == "skipped" and reason is not None and reason.startswith("rate-limited: 2 drafts for robot@")
    later = inbox.add(message(sender="Robot <robot@example.org>", subject="Order 9 not arrived"))
    assert inbox.run() == {later: "skipped"}  # the next pass within the hour is held back too
