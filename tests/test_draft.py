"""Draft building: threading headers, Re: subjects, quoting, and no header injection."""

from __future__ import annotations

from datetime import UTC, datetime
from email import message_from_bytes, policy

from pipeline.draft import build_draft, reply_subject
from pipeline.message import Address, MessageKey, ParsedMessage

KEY = MessageKey("support", "INBOX", 7, "4121")
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


def original(**changes: object) -> ParsedMessage:
    fields: dict[str, object] = dict(
        subject="Charged twice",
        sender=Address("Jane Doe", "jane@example.org"),
        message_id="<abc@example.org>",
        references=("<root@example.org>",),
        date=datetime(2026, 11, 24, 9, 30, tzinfo=UTC),
        text="Hello,\nI was charged twice.\nJane",
        new_text="I was charged twice.",
    )
    fields.update(changes)
    return ParsedMessage(**fields)  # type: ignore[arg-type]


def build(msg: ParsedMessage, body: str = "Hi Jane,\n\nThanks.\n") -> tuple[object, object]:
    draft = build_draft(KEY, msg, body, "support@example.com", "Billing team", {"Type": "billing"}, NOW)
    return draft, message_from_bytes(draft.data, policy=policy.default)


def test_reply_threads_under_the_original() -> None:
    _draft, parsed = build(original())
    assert parsed["From"] == "Billing team <support@example.com>"
    assert parsed["To"] == "Jane Doe <jane@example.org>"
    assert parsed["Subject"] == "Re: Charged twice"
    assert parsed["In-Reply-To"] == "<abc@example.org>"
    assert parsed["References"] == "<root@example.org> <abc@example.org>"
    assert parsed["X-Mailtriage-Source"] == "support/INBOX/7/4121"
    assert parsed["X-Mailtriage-Type"] == "billing"
    body = parsed.get_body(("plain",)).get_content()
    assert body.startswith("Hi Jane,")
    assert "> I was charged twice." in body
    assert "wrote:" in body


def test_reply_to_wins_over_from() -> None:
    _, parsed = build(original(reply_to=(Address("Desk", "desk@example.org"),)))
    assert parsed["To"] == "Desk <desk@example.org>"


def test_re_prefixes_fold_into_one() -> None:
    assert reply_subject("Re: RE: Aw: Charged twice") == "Re: Charged twice"
    assert reply_subject("AW: Rechnung") == "Re: Rechnung"
    assert reply_subject("Re[2]: x") == "Re: x"
    assert reply_subject("") == "Re: your message"
    assert reply_subject("Reminder: renew") == "Re: Reminder: renew"


def test_crlf_in_customer_fields_cannot_inject_headers() -> None:
    hostile = original(
        subject="Hi\r\nBcc: victim@example.net\r\nX-Evil: 1",
        sender=Address("Eve\r\nBcc: x@example.net", "eve@example.org"),
        message_id="<id@example.org>\r\nBcc: y@example.net",
    )
    draft, parsed = build(hostile)
    assert parsed["Bcc"] is None
    assert parsed["X-Evil"] is None
    headers = draft.data.split(b"\r\n\r\n", 1)[0] if b"\r\n\r\n" in draft.data else draft.data.split(b"\n\n", 1)[0]
    assert b"\nBcc" not in headers and b"\nX-Evil" not in headers
    assert parsed["Subject"].startswith("Re: Hi Bcc: victim@example.net")


def test_no_message_id_means_no_threading_headers() -> None:
    _, parsed = build(original(message_id=None, references=()))
    assert parsed["In-Reply-To"] is None
    assert parsed["References"] is None
