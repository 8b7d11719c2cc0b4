"""Screening: no draft for machines, lists, loops and ourselves; a draft for people."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from pipeline.message import Address, ParsedMessage
from pipeline.screen import screen
from pipeline.settings import MailboxConfig

BOX = MailboxConfig(name="support", address="support@example.com", source="maildir", aliases=("help@example.com",))
NOREPLY = ("no-reply", "noreply", "mailer-daemon")
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


def message(sender: str = "jane@example.org", subject: str = "Charged twice", **headers: str) -> ParsedMessage:
    return ParsedMessage(
        subject=subject,
        sender=Address("Jane", sender) if sender else None,
        headers=tuple((k.replace("_", "-").lower(), v) for k, v in headers.items()),
        date=datetime(2026, 11, 24, 9, 0, tzinfo=UTC),
    )


def code(msg: ParsedMessage, max_age_days: int = 14) -> str | None:
    skip = screen(msg, BOX, NOREPLY, NOW, max_age_days)
    return skip.code if skip else None


def test_a_person_gets_a_draft() -> None:
    assert code(message()) is None
    assert code(message(Auto_Submitted="no")) is None


@pytest.mark.parametrize(
    ("msg", "expected"),
    [
        (message(Auto_Submitted="auto-replied"), "auto-reply"),
        (message(Auto_Submitted="auto-generated"), "auto-reply"),
        (message(X_Auto_Response_Suppress="All"), "auto-reply"),
        (message(subject="Automatic reply: Charged twice"), "auto-reply"),
        (message(subject="Abwesenheitsnotiz: Rechnung"), "auto-reply"),
        (message(sender="MAILER-DAEMON@mx.example.org", subject="Undelivered Mail"), "bounce"),
        (message(Return_Path="<>"), "bounce"),
        (message(Precedence="bulk"), "bulk"),
        (message(List_Id="<news.example.org>"), "mailing-list"),
        (message(List_Unsubscribe="<mailto:u@example.org>"), "mailing-list"),
        (message(sender="no-reply@vendor.example"), "no-reply-sender"),
        (message(sender="support@example.com"), "own-address"),
        (message(sender="HELP@example.com".lower()), "own-address"),
        (message(X_Mailtriage_Source="support/INBOX/0/1"), "own-draft"),
        (message(sender=""), "no-sender"),
    ],
)
def test_machines_lists_and_loops_are_skipped(msg: ParsedMessage, expected: str) -> None:
    assert code(msg) == expected


def test_bounce_by_content_type() -> None:
    msg = ParsedMessage(subject="x", sender=Address("", "postbox@example.org"), content_type="multipart/report")
    assert code(msg) == "bounce"


def test_old_mail_left_for_a_human_only_when_configured() -> None:
    old = ParsedMessage(subject="x", sender=Address("", "a@example.org"), date=datetime(2026, 1, 1, tzinfo=UTC))
    assert code(old, max_age_days=14) == "too-old"
    assert code(old, max_age_days=0) is None


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"X_Loop": "yes"}, "auto-reply"),  # Zammad's flag on what it generates
        ({"X_Loop": " True "}, "auto-reply"),
        ({"X_Loop": "support@example.com"}, "own-address"),  # procmail-style stamp: our own mail came back
        ({"X_Loop": "Help Desk <HELP@example.com>"}, "own-address"),  # an alias, any case
        ({"X_Loop": "jane-filter@example.org"}, None),  # a hop on the sender's side: people's mail too
        ({"X_Loop": "no"}, None),
    ],
)
def test_x_loop_skips_only_the_flag_and_our_own_stamp(headers: dict[str, str], expected: str | None) -> None:
    assert code(message(**headers)) == expected


def test_every_precedence_header_counts() -> None:
    two = ParsedMessage(
        subject="Charged twice",
        sender=Address("Jane", "jane@example.org"),
        headers=(("precedence", "never-bounce"), ("precedence", "bulk")),
        date=datetime(2026, 11, 24, 9, 0, tzinfo=UTC),
    )
    skip = screen(two, BOX, NOREPLY, NOW, 14)
    assert skip is not None and skip.code == "bulk" and skip.detail == "Precedence: bulk"
    assert code(message(Precedence="never-bounce")) is None
    assert code(message(Precedence="auto_reply")) == "auto-reply"


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        ("[AUTO GENERATED] Nightly export finished", "auto-reply"),
        ("[auto-generated] Nightly export finished", "auto-reply"),
        ("Re: [AUTO GENERATED] Nightly export finished", None),  # a person answering such mail
        ("Is this reply auto generated?", None),
    ],
)
def test_auto_generated_subject_tag(subject: str, expected: str | None) -> None:
    assert code(message(subject=subject)) == expected
