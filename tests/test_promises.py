"""Keeping the promise a draft makes (issue 12): near its time with nothing sent, the original is tagged
``$PromiseDue`` and gets exactly one follow-up draft in its thread, across reruns and a worker killed between
the follow-up's APPEND and its done mark; past its time, ``$PromiseMissed``; nothing for an original the agent
already answered. Against the suite's Dovecot and a Maildir, with the real state store (SQLite; the queries
also on PostgreSQL) and a pinned clock: the promised times are read from the drafts.
"""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from dovecot import Dovecot, MailUser, sample_message
from feedback_agent import deadline, unchanged
from test_worker import write_config as maildir_config
from test_worker_imap import write_config as imap_config

from pipeline.cli import main
from pipeline.config import load_config
from pipeline.cycle import open_mailbox
from pipeline.errors import ConfigError
from pipeline.feedback.followup import build_followup, followup_problems
from pipeline.feedback.measure import above_quote
from pipeline.feedback.promises import DUE_KEYWORD, MISSED_KEYWORD, due_at
from pipeline.lint import lint_reply
from pipeline.message import Draft, MessageKey
from pipeline.parse import parse
from pipeline.render import make_environment
from pipeline.settings import StateSettings
from pipeline.state import Decision, Store, open_state
from pipeline.state.promises import OpenPromise, Promise, PromiseStore
from pipeline.worker import Worker

T0 = datetime(2026, 11, 25, 9, 10, tzinfo=UTC)  # ten minutes after the mail's Date (sample_message)
MAIL = [  # (subject, sender, text): two to follow up (German and English), one the agent answers in time
    ("Rechnung doppelt abgebucht", "Anna Schäfer <anna@kunde.example>",
     "Guten Tag,\n\nder Betrag der Rechnung RE-2026-0042 wurde zweimal abgebucht. Können Sie das bitte prüfen?\n\n"
     "Viele Grüße\nAnna Schäfer\n"),
    ("Question about invoice INV-2291", "Tom Baker <tom@customer.example>",
     "Hello,\n\ncould you explain the extra line on invoice INV-2291? I was charged 40 EUR more than last month."
     "\n\nThanks,\nTom\n"),
    ("Billing address", "Mia Lund <mia@customer.example>",
     "Hello,\n\nplease change the billing address on my account to 4 Elm Street, Leeds, for the next invoice."
     "\n\nThanks,\nMia\n"),
]  # fmt: skip
ANSWERED = 2  # the agent sends the draft of MAIL[2] as it stands, before its time
CALENDAR = load_config(Path(__file__).resolve().parents[1] / "config" / "mailtriage.toml").calendar


class Killed(BaseException):
    """The worker dies (SIGKILL) right after the follow-up's APPEND, before its done mark."""


class KillAfterFollowup:
    """The mailbox's Drafts, as the worker uses them, but the process dies after one follow-up is appended."""

    def __init__(self, sink: Any) -> None:
        self.sink = sink

    def __getattr__(self, name: str) -> Any:
        return getattr(self.sink, name)

    def append(self, draft: Draft) -> str:
        draft_id: str = self.sink.append(draft)
        if draft.source.uid.endswith("/followup"):
            raise Killed(draft_id)
        return draft_id


def cycle(config: Path, at: datetime, wrap: Callable[[Any], Any] | None = None) -> None:
    """One worker cycle over the first mailbox at ``at`` (the clock pinned), its Drafts wrapped by ``wrap``."""
    worker = Worker(load_config(config), clock=lambda: at)
    try:
        box = worker.config.mailboxes[0]
        source, sink, where = open_mailbox(box, worker.state, False)
        source.open()
        try:
            worker.runner(box).cycle(source, wrap(sink) if wrap else sink, where)
        finally:
            source.close()
    finally:
        worker.close()


def times(drafts: list[bytes], share: float = 0.75) -> tuple[datetime, datetime, datetime]:
    """A moment when the promise of every draft the agent leaves unanswered is due (``share`` of the business
    time from T0 to its deadline) and none is missed yet; one when all are missed; one just before the first
    is due."""
    deadlines = [deadline(d) for d in drafts if parse(d).in_reply_to != f"<promise-{ANSWERED}@customer.example>"]
    dues = [due_at(CALENDAR, T0, d, share) for d in deadlines]
    due = max(dues) + timedelta(minutes=1)
    assert due < min(deadlines), "the test mail must have promises due together"
    early = min(dues) - timedelta(minutes=1)
    return due, max(deadlines) + timedelta(minutes=1), early


def split(drafts: list[bytes]) -> tuple[list[bytes], list[bytes]]:
    """(first drafts, follow-ups), each in the order of their original's Message-ID in MAIL."""
    first = [d for d in drafts if not _source(d).endswith("/followup")]
    follow = [d for d in drafts if _source(d).endswith("/followup")]
    order = {parse(m).message_id: n for n, m in enumerate(messages())}
    return (sorted(first, key=lambda d: order[parse(d).in_reply_to]),
            sorted(follow, key=lambda d: order[parse(d).in_reply_to]))  # fmt: skip


def messages() -> list[bytes]:
    return [sample_message(s, sender=f, body=t, message_id=f"<promise-{n}@customer.example>")
            for n, (s, f, t) in enumerate(MAIL)]  # fmt: skip


def _source(data: bytes) -> str:
    return " ".join(str(message_from_bytes(data)["X-Mailtriage-Source"]).split())


def check_followups(first: list[bytes], follow: list[bytes], due: datetime) -> None:
    """One follow-up for each of the first two originals, threaded like the first draft, in the customer's
    language, short, with a concrete new time later than the first and a direct line; none for the third."""
    assert len(follow) == 2
    for n, (draft, again) in enumerate(zip(first, follow, strict=False)):
        a, b = message_from_bytes(draft, policy=policy.default), message_from_bytes(again, policy=policy.default)
        for name in ("To", "Subject", "In-Reply-To"):
            assert str(b[name]) == str(a[name]), name
        assert str(b["References"]).split()[-1] == f"<promise-{n}@customer.example>"
        assert str(b["X-Mailtriage-Followup"]) == f"<promise-{n}@customer.example>"
        assert _source(again) == _source(draft) + "/followup"
        new = datetime.fromisoformat(str(b["X-Mailtriage-Deadline"]))
        assert new > deadline(draft) > due  # computed like the first, from now: later than the first promise
        reply = above_quote(parse(again).text)
        assert 40 <= len(reply.split()) <= 90, reply
        contact = "+49 30 1234 5670"  # [contact.billing]: the type of both
        assert lint_reply(reply, contact, "billing@example.com", _wording(reply)) == [], reply
        assert ("Wir haben Ihre Nachricht nicht vergessen" in reply) == (n == 0)
        assert ("we have not forgotten your message" in reply) == (n == 1)
        assert "Guten Tag Anna Schäfer," in reply if n == 0 else "Hi Tom," in reply
        assert "RE-2026-0042" in parse(again).text if n == 0 else "INV-2291" in parse(again).text  # the quote


def _wording(reply: str) -> str:
    found = re.search(r"(by|bis) \w+,? \d.*?\d\d:\d\d( Uhr)? (CET|MEZ)", reply)
    assert found, reply
    return found.group(0)


def status(config: Path, capsys: pytest.CaptureFixture[str]) -> tuple[dict[str, Any], str]:
    capsys.readouterr()
    assert main(["--config", str(config), "status", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)["mailboxes"]["support"]["promises"]
    assert main(["--config", str(config), "status"]) == 0
    return data, capsys.readouterr().out


def report(config: Path, capsys: pytest.CaptureFixture[str], now: datetime) -> dict[str, Any]:
    capsys.readouterr()
    assert main(["--config", str(config), "report", "--json", "--now", now.isoformat()]) == 0
    return dict(json.loads(capsys.readouterr().out)["totals"])


def promise_rows(config: Path) -> list[tuple[Any, ...]]:
    state = open_state(load_config(config).state)
    try:
        return state.query("SELECT uid, due_at, missed_at, followup FROM promises ORDER BY started_at, uid")
    finally:
        state.close()


# -- IMAP ------------------------------------------------------------------------------------------------


@pytest.mark.imap
def test_imap_one_followup_across_a_kill_and_reruns_then_missed(
    tmp_path: Path, dovecot: Dovecot, imap_user: MailUser, capsys: pytest.CaptureFixture[str]
) -> None:
    with dovecot.connect(imap_user) as client:
        for data in messages():
            client.append("INBOX", data)
    config = imap_config(tmp_path, dovecot, imap_user)
    cycle(config, T0)
    first = sorted(dovecot.messages(imap_user, "Drafts"), key=lambda m: m.uid)
    assert len(first) == 3
    due, missed, early = times([m.data for m in first])
    # the agent sends the third draft as it stands, before its time; the client deletes the draft
    answered = next(m for m in first if parse(m.data).in_reply_to == "<promise-2@customer.example>")
    with dovecot.connect(imap_user) as client:
        client.append("Sent", unchanged(answered.data, T0 + timedelta(hours=1)), flags=(b"\\Seen",))
        client.select_folder("Drafts")
        client.delete_messages([answered.uid])
        client.expunge()

    cycle(config, early)  # not yet due: nothing
    assert len(dovecot.messages(imap_user, "Drafts")) == 2
    with pytest.raises(Killed):  # killed after the first follow-up's APPEND, before its done mark
        cycle(config, due, KillAfterFollowup)
    assert len(dovecot.messages(imap_user, "Drafts")) == 3
    cycle(config, due + timedelta(minutes=1))  # the rerun finds it in Drafts and writes the other one
    cycle(config, due + timedelta(minutes=2))  # and again: nothing more
    drafts, follow = split([m.data for m in dovecot.messages(imap_user, "Drafts")])
    check_followups(drafts, follow, due)

    inbox = {parse(m.data).message_id: m for m in dovecot.messages(imap_user)}
    for n in range(3):
        flags = inbox[f"<promise-{n}@customer.example>"].flags
        assert "\\Seen" not in flags and "$Triaged" in flags
        assert (DUE_KEYWORD in flags) == (n != ANSWERED) and MISSED_KEYWORD not in flags
    data, text = status(config, capsys)
    assert (data["due"], data["missed"], data["followups"]) == (2, 0, 2)
    assert "promises: 2 due, 0 missed" in text and "promise due support/INBOX/" in text

    cycle(config, missed)  # past every promise, the agent still silent on two
    cycle(config, missed + timedelta(minutes=5))
    inbox = {parse(m.data).message_id: m for m in dovecot.messages(imap_user)}
    for n in range(3):
        flags = inbox[f"<promise-{n}@customer.example>"].flags
        assert (MISSED_KEYWORD in flags) == (n != ANSWERED) and "\\Seen" not in flags
    assert len(dovecot.messages(imap_user, "Drafts")) == 4  # still one follow-up each
    data, text = status(config, capsys)
    assert (data["due"], data["missed"]) == (0, 2) and "promise missed" in text
    totals = report(config, capsys, missed)
    assert (totals["promises_kept"], totals["promises_missed"], totals["promises_overdue"]) == (1, 2, 2)


# -- Maildir ---------------------------------------------------------------------------------------------


def maildir(tmp_path: Path) -> tuple[Path, Path]:
    inbox = tmp_path / "inbox"
    for sub in ("cur", "new", "tmp"):
        (inbox / sub).mkdir(parents=True)
    for n, data in enumerate(messages()):
        (inbox / "new" / f"{1795591800 + n}.M{n}P1.customer").write_bytes(data)
    return inbox, maildir_config(tmp_path, inbox)


def maildir_drafts(inbox: Path) -> list[Path]:
    return sorted(f for sub in ("cur", "new") for f in (inbox / ".Drafts" / sub).iterdir())


def test_maildir_one_followup_across_a_kill_and_reruns_then_missed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inbox, config = maildir(tmp_path)
    originals = sorted(f.name for f in (inbox / "new").iterdir())
    cycle(config, T0)
    files = maildir_drafts(inbox)
    assert len(files) == 3
    due, missed, _ = times([f.read_bytes() for f in files])
    answered = next(f for f in files if parse(f.read_bytes()).in_reply_to == "<promise-2@customer.example>")
    (inbox / ".Sent" / "cur").mkdir(parents=True)
    (inbox / ".Sent" / "new").mkdir()
    sent = unchanged(answered.read_bytes(), T0 + timedelta(hours=1))
    (inbox / ".Sent" / "cur" / "1795595400.M9P1.agent:2,S").write_bytes(sent)
    answered.unlink()

    with pytest.raises(Killed):
        cycle(config, due, KillAfterFollowup)
    assert len(maildir_drafts(inbox)) == 3
    cycle(config, due + timedelta(minutes=1))
    cycle(config, due + timedelta(minutes=2))
    drafts, follow = split([f.read_bytes() for f in maildir_drafts(inbox)])
    check_followups(drafts, follow, due)
    # Maildir has no portable keywords: the state store records them, status shows them, the mail is untouched
    rows = promise_rows(config)
    assert [(r[1] is not None, r[2], r[3]) for r in rows] == [(True, None, "drafted")] * 2 + [(False, None, None)]
    assert sorted(f.name for f in (inbox / "new").iterdir()) == originals  # not renamed: nothing became Seen
    data, _ = status(config, capsys)
    assert (data["due"], data["missed"], data["followups"]) == (2, 0, 2)

    cycle(config, missed)
    assert [(r[2] is not None) for r in promise_rows(config)] == [True, True, False]
    assert len(maildir_drafts(inbox)) == 4
    data, text = status(config, capsys)
    assert (data["due"], data["missed"]) == (0, 2) and "promise missed" in text
    totals = report(config, capsys, missed)
    assert (totals["promises_kept"], totals["promises_missed"]) == (1, 2)


def test_share_is_configurable_and_a_deadline_already_passed_gets_no_followup(tmp_path: Path) -> None:
    inbox, config = maildir(tmp_path)
    config.write_text(config.read_text().replace("promise_due_share = 0.75", "promise_due_share = 0.5"))
    cycle(config, T0)
    due75, missed, _ = times([f.read_bytes() for f in maildir_drafts(inbox)])
    due50, _, early50 = times([f.read_bytes() for f in maildir_drafts(inbox)], share=0.5)
    cycle(config, early50)
    assert len(maildir_drafts(inbox)) == 3
    cycle(config, due50)  # half way: due with this share, long before three quarters
    assert len(maildir_drafts(inbox)) == 5 and due50 < due75 - timedelta(hours=1)  # not the 3-day promise

    inbox2, config2 = maildir(tmp_path / "late")  # the worker was down until after every promise
    cycle(config2, T0)
    cycle(config2, missed)
    assert len(maildir_drafts(inbox2)) == 3  # no follow-up for a promise already missed; the 3-day one is not due
    assert [(r[1], r[2] is not None, r[3]) for r in promise_rows(config2)] == [(None, True, None)] * 2 + [
        (None, False, None)]  # fmt: skip


def test_a_promise_is_due_a_share_of_its_business_time_in() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    start, promised = datetime(2026, 11, 25, 10, 10, tzinfo=berlin), datetime(2026, 11, 26, 10, 30, tzinfo=berlin)
    # open 09:00-17:00: 6 h 50 min on Wednesday and 1 h 30 min on Thursday; three quarters is 6 h 15 min,
    # so Wednesday 16:25, while the agent is at work (not 04:25 on Thursday, three quarters of the wall time)
    assert due_at(CALENDAR, start, promised, 0.75) == datetime(2026, 11, 25, 16, 25, tzinfo=berlin)
    assert due_at(CALENDAR, start, promised, 0.5) == datetime(2026, 11, 25, 14, 20, tzinfo=berlin)
    friday = datetime(2026, 11, 27, 15, 30, tzinfo=berlin)  # 30 min until Friday's 16:00, 2 h on Monday
    assert due_at(CALENDAR, friday, datetime(2026, 11, 30, 11, 0, tzinfo=berlin), 0.75) == datetime(
        2026, 11, 30, 10, 22, 30, tzinfo=berlin)  # fmt: skip


@pytest.mark.parametrize("value", ["0", "1", "1.5", '"most"'])
def test_promise_due_share_is_validated_with_file_key_and_fix(tmp_path: Path, value: str) -> None:
    _, config = maildir(tmp_path)
    config.write_text(config.read_text().replace("promise_due_share = 0.75", f"promise_due_share = {value}"))
    with pytest.raises(ConfigError) as caught:
        load_config(config)
    assert str(config) in str(caught.value) and "feedback.promise_due_share" in str(caught.value)
    assert "between 0 and 1" in str(caught.value)


# -- the state store (SQLite and PostgreSQL) --------------------------------------------------------------


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Any:
    settings = StateSettings(path=tmp_path / "s.db") if request.param == "sqlite" else (
        request.getfixturevalue("postgres_state"))  # fmt: skip
    state = open_state(settings)
    yield state
    state.close()


def _drafted(state: Store, uid: str, deadline_iso: str) -> MessageKey:
    key = MessageKey("support", "INBOX", 7, uid)
    state.claim(key, Decision(message_id=f"<{uid}@x>", sender="a@x.example", subject="Hi", deadline=deadline_iso))
    state.mark_drafted(key, f"d{uid}")
    return key


def test_promise_queries_claim_once_adopt_and_summarise(store: Store) -> None:
    promises = PromiseStore(store)
    at = T0.timestamp()
    one = _drafted(store, "1", "2026-11-26T10:00:00+01:00")
    two = _drafted(store, "2", "2026-11-26T11:00:00+01:00")
    promises.record([Promise(one, at, "2026-11-26T10:00:00+01:00", "de", "billing", "normal", "A <a@x.example>")])
    promises.record([Promise(one, at + 5, "2026-11-27T10:00:00+01:00")])  # a rerun keeps the first
    assert promises.adopt("support", 0) == 1 and promises.adopt("support", 0) == 0  # "2": drafted before 0006
    found = {p.made.key: p for p in promises.open("support", 0)}
    assert found[one].made.deadline == "2026-11-26T10:00:00+01:00" and found[one].made.language == "de"
    assert found[two].made.reply_to == "a@x.example" and found[two].made.in_reply_to == "<2@x>"

    assert promises.claim_followup(one) and promises.claim_followup(one)  # a claim left by a dead run: again
    promises.followup_drafted(one, "42", "2026-11-27T10:00:00+01:00", at)
    assert not promises.claim_followup(one)  # written: never again
    for _ in range(3):
        assert promises.claim_followup(two)
        promises.followup_failed(two, "SinkError: no room")
    assert not promises.claim_followup(two)  # given up after three attempts
    assert promises.mark("due_at", [one, two], at) == 2 and promises.mark("due_at", [one], at) == 0
    assert promises.mark("missed_at", [two], at) == 1
    assert [p.made.key for p in promises.open("support", 0)] == [one]  # missed ones are done
    summary = promises.summary("support", 0)
    assert (summary["due"], summary["missed"], summary["followups"]) == (1, 1, 1)
    by_key = {i["key"]: i for i in summary["items"]}
    assert by_key[str(one)]["followup_draft"] == "42" and by_key[str(two)]["reason"] == "SinkError: no room"
    store.mark_answered("support", [one])  # answered in the mail client: kept, no longer open
    assert promises.summary("support", 0)["due"] == 0 and promises.open("support", 0) == []


@pytest.mark.parametrize("language", ["en", "de", "fr"])
@pytest.mark.parametrize("urgency", ["normal", "high"])
def test_followup_in_each_language_is_short_names_a_time_and_a_direct_line(
    tmp_path: Path, language: str, urgency: str
) -> None:
    config = load_config(maildir(tmp_path)[1])
    key = MessageKey("support", "INBOX", 7, "12")
    made = Promise(key, T0.timestamp(), "2026-11-26T10:30:00+01:00", language, "technical", urgency,
                   "Léa Martin <lea@client.example>", "Re: Export", "<x1@client.example>",
                   "<x0@client.example> <x1@client.example>", "Léa", "Léa Martin")  # fmt: skip
    open_promise = OpenPromise(made, None, None, None, 0, "The export stops at 80 %.")
    due = datetime(2026, 11, 25, 15, 40, tzinfo=UTC)
    draft, promised = build_followup(open_promise, config, make_environment(config.templates_dir),
                                     config.mailboxes[0], 3, due)  # fmt: skip
    assert promised.at > due + timedelta(hours=3)  # [sla] high = 4h in business time, from now
    reply = above_quote(parse(draft.data).text)
    assert 40 <= len(reply.split()) <= 90, reply
    assert lint_reply(reply, "+49 30 1234 5671", "tech@example.com", promised.wording) == [], reply
    assert ("+49 30 1234 5600" in reply) == (urgency == "high"), reply  # the escalation line when it slips
    assert draft.in_reply_to == "<x1@client.example>" and draft.source == MessageKey(
        "support", "INBOX", 7, "12/followup"
    )
    assert "80 %" in parse(draft.data).text  # the customer's own words quoted below


def test_check_renders_and_lints_followup_in_every_language(tmp_path: Path) -> None:
    config = load_config(maildir(tmp_path)[1])
    now = datetime(2026, 11, 25, 9, 10, tzinfo=UTC)
    assert followup_problems(config, make_environment(config.templates_dir), config.mailboxes[0], now) == []
    templates = tmp_path / "templates"
    shutil.copytree(config.templates_dir, templates)
    (templates / "fr" / "followup.j2").unlink()  # falls back to the default language's
    broken = templates / "en" / "followup.j2"
    broken.write_text(broken.read_text().replace("I'm sorry for the wait:", "We will reply right away:"))
    config = dataclasses.replace(config, templates_dir=templates)
    problems = followup_problems(config, make_environment(templates), config.mailboxes[0], now)
    assert problems == [f"en/followup.j2: banned phrase 'right away' (urgency={u})" for u in ("normal", "high")]
