"""Drafts written for this customer: their urgency, their deadline, their questions, their language.

End to end through the real engine (shipped config, default model, the starter playbooks) on a pinned
clock, with hand-written mail; plus the pure decisions of ``pipeline.plan.respond``.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from pipeline.cli import main
from pipeline.config import Config, load_config
from pipeline.engine import Engine, Outcome
from pipeline.message import MessageKey, RawMessage
from pipeline.plan.customer import Cue, CustomerDeadline, Reading
from pipeline.plan.playbooks import Need
from pipeline.plan.respond import call_window, effective_urgency, is_calm, still_needed, their_deadline

ROOT = Path(__file__).resolve().parents[1]
BERLIN = ZoneInfo("Europe/Berlin")
RECEIVED = datetime(2026, 11, 24, 9, 10, tzinfo=BERLIN)  # a Tuesday morning
NOW = RECEIVED + timedelta(minutes=5)


@pytest.fixture(scope="module")
def config() -> Config:
    return load_config(ROOT / "config" / "mailtriage.toml")


@pytest.fixture(scope="module")
def engine(config: Config) -> Engine:
    return Engine(config)


def mail(
    subject: str, body: str, sender: str = "Dana Whitfield <dana@whitfield.example>", received: datetime = RECEIVED
) -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "support@example.com"
    msg["Subject"] = subject
    msg["Date"] = format_datetime(received)
    msg["Message-ID"] = f"<{abs(hash(subject))}@whitfield.example>"
    msg.set_content(body)
    return msg.as_bytes()


def draft(engine: Engine, config: Config, data: bytes, now: datetime = NOW) -> Outcome:
    outcome = engine.prepare(RawMessage(MessageKey("t", "INBOX", 1, "1"), data), config.mailboxes[0], 0, now)
    assert outcome.draft is not None, outcome.error or outcome.skip
    return outcome


def reply_part(outcome: Outcome) -> str:
    assert outcome.draft is not None
    return outcome.draft.body.split("\nOn ")[0].split("\nAm ")[0].split("\nLe ")[0]


def headers(outcome: Outcome) -> dict[str, str]:
    assert outcome.draft is not None
    parsed = message_from_bytes(outcome.draft.data, policy=policy.default)
    return {k: str(v) for k, v in parsed.items() if k.lower().startswith("x-mailtriage-")}


def reply_and_headers(engine: Engine, config: Config, subject: str, body: str) -> tuple[str, dict[str, str]]:
    """The reply part and the ``X-Mailtriage-*`` headers of the draft for a mail with ``subject`` and ``body``."""
    outcome = draft(engine, config, mail(subject, body))
    return reply_part(outcome), headers(outcome)


# -- the pure decisions ------------------------------------------------------------------------------


def test_no_rush_lowers_urgency_and_says_why() -> None:
    reading = Reading(cues=(Cue("no rush", -1),))
    assert effective_urgency("normal", reading) == ("low", 'urgency normal -> low: the customer wrote "no rush"')
    assert is_calm(reading)
    assert effective_urgency("low", reading) == ("low", "")  # already as low as it goes


def test_a_raising_cue_raises_and_a_hard_deadline_is_never_calm() -> None:
    assert effective_urgency("normal", Reading(cues=(Cue("dringend", 1),)))[0] == "high"
    hard = CustomerDeadline("launch at noon", NOW + timedelta(hours=2), hard=True)
    assert not is_calm(Reading(cues=(Cue("no rush", -1),), deadline=hard))


def test_their_deadline_is_met_or_not_and_worded_in_the_reply_language() -> None:
    promised = datetime(2026, 11, 25, 10, 0, tzinfo=BERLIN)
    friday = CustomerDeadline("by Friday", datetime(2026, 11, 27, 23, 59, tzinfo=BERLIN), hard=False)
    met = their_deadline(friday, promised, NOW, "de")
    assert met is not None and met.met and met.wording == "Freitag, 27. November"
    today = CustomerDeadline("our launch is at 3 pm today", datetime(2026, 11, 24, 15, 0, tzinfo=BERLIN), hard=True)
    missed = their_deadline(today, promised, NOW, "en")
    assert missed is not None and not missed.met and missed.wording == "Tuesday 24 November, 15:00 CET"
    assert their_deadline(None, promised, NOW, "en") is None


def test_what_we_need_skips_what_they_gave() -> None:
    needs = (Need("the invoice number", ("invoice",)), Need("date and amount", ("date", "amount")), Need("x", ()))
    assert still_needed(needs, frozenset({"invoice", "date"})) == ("date and amount", "x")
    assert still_needed(needs, frozenset({"invoice", "date", "amount"})) == ("x",)


def test_a_call_window_is_in_open_hours_on_the_hour(config: Config) -> None:
    friday_late = datetime(2026, 11, 27, 15, 30, tzinfo=BERLIN)  # Friday closes at 16:00
    assert call_window(config.calendar, friday_late, "en") == "on Monday 30 November between 11:00 and 13:00 CET"
    assert call_window(config.calendar, NOW, "de") == "heute, Dienstag, 24. November, zwischen 12:00 und 14:00 Uhr MEZ"


# -- whole drafts -------------------------------------------------------------------------------------


def test_no_rush_gets_a_calm_reply_without_escalation(engine: Engine, config: Config) -> None:
    out = draft(engine, config, mail(
        "Question about our renewal (no rush)",
        "Hi,\n\nno rush at all, we are just planning for Q1. Our yearly plan (30 seats) renews on 15 March. "
        "Is there a multi-year option with a fixed price?\n\nThanks,\nDana",
    ))  # fmt: skip
    text = reply_part(out)
    assert out.plan is not None and out.plan.calm and not out.plan.escalate
    assert "no rush" in text and "duty lead" not in text and "holds us up" not in text
    assert "multi-year" in text  # their question is answered or named back, never dropped


def test_a_deadline_we_cannot_meet_says_so_and_gives_the_fastest_route(engine: Engine, config: Config) -> None:
    out = draft(engine, config, mail(
        "API returns 429 - launch today",
        "Hello,\n\nsince 08:40 every call to POST /v2/events returns 429 Too Many Requests. "
        "Our launch is at 11:00 today and we cannot go live like this.\n\nDana",
    ))  # fmt: skip
    text = reply_part(out)
    assert out.plan is not None and out.plan.their_deadline is not None
    assert not out.plan.their_deadline.met
    assert "cannot promise" in text and "now on +49" in text
    assert headers(out)["X-Mailtriage-Customer-Deadline"].startswith("2026-11-24T11:00")


def test_a_playbook_restates_their_facts_and_never_asks_for_them_again(engine: Engine, config: Config) -> None:
    out = draft(engine, config, mail(
        "Charged twice for November",
        "Hi,\n\nwe were charged twice for our November renewal: two payments of EUR 149.00 on 2 November for "
        "invoice INV-2026-11-04821. Could you refund the duplicate?\n\nThanks,\nDana",
    ))  # fmt: skip
    text = reply_part(out)
    assert out.plan is not None and out.plan.intent == "billing.duplicate_charge"
    assert headers(out)["X-Mailtriage-Intent"] == "billing.duplicate_charge"
    assert "EUR 149.00" in text and "INV-2026-11-04821" in text
    assert "invoice number" not in text  # they gave it
    assert "if something was billed wrongly" not in text  # the old type boilerplate


def test_a_known_question_is_answered_and_the_header_names_the_answer(engine: Engine, config: Config) -> None:
    out = draft(engine, config, mail(
        "Return of a hub",
        "Hello,\n\nI would like to return the Example Hub from order DH-58213, it does not fit our office. "
        "Do you cover the return shipping?\n\nRegards,\nDana",
    ))  # fmt: skip
    assert out.plan is not None and out.plan.answers, out.plan.why
    used = headers(out)["X-Mailtriage-Answers"]
    assert used == ", ".join(a.answer_id for a in out.plan.answers) and "#" in used
    assert "do you cover the return shipping?" in reply_part(out).lower()


def test_a_french_customer_gets_a_french_reply(engine: Engine, config: Config) -> None:
    out = draft(engine, config, mail(
        "Export CSV impossible",
        "Bonjour,\n\ndepuis lundi l'export CSV de nos tableaux ne se termine jamais, la page reste bloquée. "
        "Pouvez-vous regarder ?\n\nCordialement,\nDana",
    ))  # fmt: skip
    text = reply_part(out)
    assert out.plan is not None and out.plan.language == "fr"
    assert text.startswith("Bonjour") and "Bien cordialement" in text and "d'ici le" in text


def test_preview_pins_the_clock_and_shows_intent_and_reading(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "m.eml"
    file.write_bytes(mail("Charged twice", "Hi,\n\nwe were charged twice (EUR 149.00) for invoice INV-77812.\n\nDana"))
    assert main(["--config", str(ROOT / "config/mailtriage.toml"), "preview", "--json", "--now",
                 "2026-11-27T17:55:00+01:00", str(file)]) == 0  # fmt: skip
    obj = json.loads(capsys.readouterr().out)
    assert obj["time_frame"]["at"] > "2026-11-30"  # Friday 17:55: the promise falls on the next business day
    assert obj["intent"]["name"] == "billing.duplicate_charge" and 0 < obj["intent"]["confidence"] <= 1
    assert obj["reading"]["facts"]["ids"] == [{"kind": "invoice", "text": "INV-77812"}]
    assert obj["reading"]["facts"]["amounts"][0]["text"] == "EUR 149.00"
    assert {"questions", "deadline", "cues", "urgency", "named_back"} <= set(obj["reading"])


def test_preview_refuses_a_clock_without_a_zone(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["preview", "--now", "2026-11-27T17:55", str(tmp_path)])
    assert "no UTC offset" in capsys.readouterr().err


def test_noted_references_skip_their_own_address_and_links_that_are_no_api(engine: Engine, config: Config) -> None:
    # billing mail: their own address is no news to them (for a sign-in problem it is the matter, and kept)
    out = draft(engine, config, mail(
        "Invoice to our AP mailbox",
        "Hello,\n\nour invoice INV-2026-0042 went to the wrong place, screenshot: https://share.example/s/7Hk2pQ . "
        "Reach me at dana@whitfield.example; our AP mailbox is ap@whitfield.example.\n\nDana",
    ))  # fmt: skip
    noted = reply_part(out).split("I've noted ", 1)[1].split(".\n", 1)[0]
    assert "ap@whitfield.example" in noted
    assert "dana@whitfield.example" not in noted and "/s/7Hk2pQ" not in noted


def test_where_invoices_should_go_is_answered_as_their_request(engine: Engine, config: Config) -> None:
    out = draft(engine, config, mail(
        "Invoice to our AP mailbox",
        "Hello,\n\nour invoice INV-2026-0042 went to the wrong place. "
        "From now on invoices should go to ap@whitfield.example instead of to me.\n\nDana",
    ))  # fmt: skip
    reply = reply_part(out)
    # answered from the playbook since batch ao (``billing_email``), their request quoted in their own words
    assert "“from now on invoices should go to ap@whitfield.example instead of to me”" in reply
    assert "we change it to ap@whitfield.example" in reply
    assert headers(out)["X-Mailtriage-Answers"] == "billing.invoice_details#billing_email"


def test_noted_leaves_out_what_an_answered_request_repeats(engine: Engine, config: Config) -> None:
    # the demo's returned direct debit: "die Gebühr von 9,50 € zu stornieren" is answered from the playbook,
    # so the noted line does not confirm 9,50 € a second time
    data = (ROOT / "demo" / "inbox" / "new" / "1795421151.M281816P3628.demo").read_bytes()
    out = draft(engine, config, data, now=datetime(2026, 12, 4, 10, 0, tzinfo=ZoneInfo("Europe/Berlin")))
    reply = reply_part(out)
    assert "Zu Ihrer Bitte „die Gebühr von 9,50 € zu stornieren“" in reply
    noted = reply.split("Notiert habe ich: ", 1)[1].split("\n\n", 1)[0]
    assert "9,50" not in noted and "RE-2026-10-3381" in reply
