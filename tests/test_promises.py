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
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from dovecot import Dovecot, DovecotError, MailUser, sample_message
from feedback_agent import deadline, text_of, unchanged, with_sentence_after, with_text
from test_worker import write_config as maildir_config
from test_worker_imap import write_config as imap_config

from pipeline.cli import main
from pipeline.config import load_config
from pipeline.cycle import CycleReport, open_mailbox
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
from pipeline.state.feedback import DraftWritten, FeedbackStore
from pipeline.state.promises import MAX_FOLLOWUP_ATTEMPTS, OpenPromise, Promise, PromiseStore
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


def cycle(config: Path, at: datetime, wrap: Callable[[Any], Any] | None = None) -> CycleReport:
    """One worker cycle over the first mailbox at ``at`` (the clock pinned), its Drafts wrapped by ``wrap``."""
    worker = Worker(load_config(config), clock=lambda: at)
    try:
        box = worker.config.mailboxes[0]
        source, sink, where = open_mailbox(box, worker.state, False)
        source.open()
        try:
            return worker.runner(box).cycle(source, wrap(sink) if wrap else sink, where)
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


def promises(config: Path, columns: str) -> list[tuple[Any, ...]]:
    """``columns`` of every promise row, oldest first."""
    state = open_state(load_config(config).state)
    try:
        return state.query(f"SELECT {columns} FROM promises ORDER BY started_at, uid")
    finally:
        state.close()


def promise_rows(config: Path) -> list[tuple[Any, ...]]:
    return promises(config, "uid, due_at, missed_at, followup")


# -- IMAP ------------------------------------------------------------------------------------------------


def imap_first_cycle(tmp_path: Path, dovecot: Dovecot, user: MailUser) -> Path:
    """The promise mail delivered to ``user``'s INBOX and drafted at ``T0``; the config used."""
    with dovecot.connect(user) as client:
        for data in messages():
            client.append("INBOX", data)
    config = imap_config(tmp_path, dovecot, user)
    cycle(config, T0)
    return config


@pytest.mark.imap
def test_imap_one_followup_across_a_kill_and_reruns_then_missed(
    tmp_path: Path, dovecot: Dovecot, imap_user: MailUser, capsys: pytest.CaptureFixture[str]
) -> None:
    config = imap_first_cycle(tmp_path, dovecot, imap_user)
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


# -- answered: the keywords taken back, a sent follow-up counted as the reply but measured apart ----------


ADDED = "Thank you for your patience while we look into this."


def roles(stored: list[Any], data: Callable[[Any], bytes] = lambda m: m.data) -> dict[tuple[int, str], Any]:
    """The drafts in Drafts by (the original's number in MAIL, "first" or "followup")."""
    order = {parse(m).message_id: n for n, m in enumerate(messages())}
    return {(order[parse(data(m)).in_reply_to], "followup" if _source(data(m)).endswith("/followup") else "first"): m
            for m in stored}  # fmt: skip


def promise_flags(dovecot: Dovecot, user: MailUser) -> dict[int, set[str]]:
    """The promise keywords on each original, by its number in MAIL; every original keeps $Triaged, never \\Seen."""
    inbox = {parse(m.data).message_id: m.flags for m in dovecot.messages(user)}
    out = {}
    for n in range(len(MAIL)):
        flags = inbox[f"<promise-{n}@customer.example>"]
        assert "$Triaged" in flags and "\\Seen" not in flags, flags
        out[n] = {f for f in flags if f in (DUE_KEYWORD, MISSED_KEYWORD)}
    return out


def edited_elsewhere(draft: bytes, at: datetime) -> bytes:
    """``draft`` sent with one sentence added by a client that writes its own Message-ID and drops the
    X-Mailtriage-* headers: only its text tells which draft it was."""
    text = text_of(draft)
    sent = with_text(draft, with_sentence_after(text, text.splitlines()[0], ADDED), at)
    assert b"X-Mailtriage" not in sent
    return re.sub(rb"(?m)^Message-ID:[^\r\n]*", b"Message-ID: <agent-1@client.example>", sent, count=1)


def send(client: Any, data: bytes, draft_uid: int) -> None:
    """The agent's client sends a draft: a copy in Sent, the draft deleted from Drafts."""
    client.append("Sent", data, flags=(b"\\Seen",))
    client.select_folder("Drafts")
    client.delete_messages([draft_uid])
    client.expunge()


def feedback_rows(config: Path) -> dict[str, dict[str, Any]]:
    state = open_state(load_config(config).state)
    try:
        return {r["key"]: r for r in FeedbackStore(state).rows()}
    finally:
        state.close()


def cleared(config: Path) -> list[bool]:
    """Per original (MAIL order): were its promise keywords taken back (recorded)?"""
    state = open_state(load_config(config).state)
    try:
        rows = state.query("SELECT in_reply_to, keywords_cleared_at FROM promises")
    finally:
        state.close()
    by_id = {r[0]: r[1] is not None for r in rows}
    return [by_id[f"<promise-{n}@customer.example>"] for n in range(len(MAIL))]


@pytest.mark.imap
def test_imap_keywords_taken_back_once_answered_and_a_sent_followup_is_measured_apart(
    tmp_path: Path, dovecot: Dovecot, imap_user: MailUser, capsys: pytest.CaptureFixture[str]
) -> None:
    config = imap_first_cycle(tmp_path, dovecot, imap_user)
    due, missed, _ = times([m.data for m in dovecot.messages(imap_user, "Drafts")])
    cycle(config, due)  # #0 and #1: $PromiseDue and a follow-up each; #2 promised three days
    drafts = roles(dovecot.messages(imap_user, "Drafts"))
    assert sorted(drafts) == [(0, "first"), (0, "followup"), (1, "first"), (1, "followup"), (2, "first")]
    assert promise_flags(dovecot, imap_user) == {0: {DUE_KEYWORD}, 1: {DUE_KEYWORD}, 2: set()}

    # #0: the agent sends the follow-up, a sentence added, in time; its client keeps no header of ours
    out = due + timedelta(minutes=5)
    assert out < deadline(drafts[0, "first"].data)
    with dovecot.connect(imap_user) as client:
        send(client, edited_elsewhere(drafts[0, "followup"].data, out), drafts[0, "followup"].uid)
    assert cycle(config, missed).error is None  # past both promises: #1 missed, #0 answered by its follow-up
    assert promise_flags(dovecot, imap_user) == {0: set(), 1: {DUE_KEYWORD, MISSED_KEYWORD}, 2: set()}
    assert cleared(config) == [True, False, False]

    # #1: the first draft goes out late, as it stands; then #0's first draft, the real answer
    with dovecot.connect(imap_user) as client:
        send(client, unchanged(drafts[1, "first"].data, missed + timedelta(minutes=30)), drafts[1, "first"].uid)
        send(client, unchanged(drafts[0, "first"].data, missed + timedelta(hours=2)), drafts[0, "first"].uid)
    cycle(config, missed + timedelta(hours=3))
    assert promise_flags(dovecot, imap_user) == {0: set(), 1: set(), 2: set()}
    assert cleared(config) == [True, True, False]
    cycle(config, missed + timedelta(hours=4))  # nothing more: taken back once, follow-ups not written again
    assert len(dovecot.messages(imap_user, "Drafts")) == 2  # #1's follow-up (stale, the agent's to delete), #2

    rows = feedback_rows(config)
    first0, follow0 = rows[_source(drafts[0, "first"].data)], rows[_source(drafts[0, "followup"].data)]
    assert (first0["kind"], first0["outcome"], first0["similarity"]) == ("draft", "sent_as_drafted", 1.0)
    assert first0["sent_at"] == out.timestamp() and first0["late_seconds"] < 0  # the customer heard from us then
    assert (follow0["kind"], follow0["outcome"]) == ("followup", "edited") and 0.7 <= follow0["similarity"] < 1
    assert json.loads(follow0["sentences"])["added"] == [ADDED]
    assert rows[_source(drafts[1, "followup"].data)]["outcome"] is None  # still in Drafts

    capsys.readouterr()
    now = missed + timedelta(hours=4)
    assert deadline(drafts[2, "first"].data) > now
    assert main(["--config", str(config), "report", "--json", "--now", now.isoformat()]) == 0
    result = json.loads(capsys.readouterr().out)
    totals = result["totals"]
    assert {k: totals[k] for k in ("drafts", "sent_as_drafted", "edited", "rewritten", "not_used", "pending",
                                   "followups")} == {"drafts": 3, "sent_as_drafted": 2, "edited": 0, "rewritten": 0,
                                                     "not_used": 0, "pending": 1, "followups": 2}  # fmt: skip
    assert (totals["promises_kept"], totals["promises_missed"], totals["promises_overdue"]) == (1, 1, 0)
    follow = result["followups"]
    assert (follow["drafts"], follow["edited"], follow["sent_as_drafted"], follow["pending"]) == (2, 1, 0, 1)
    assert follow["added_most"] == [{"sentence": ADDED, "drafts": 1}]
    assert sum(g["drafts"] for g in result["by_template"].values()) == 3  # follow-ups are in no group of drafts


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


def test_maildir_a_sent_followup_keeps_the_promise_and_is_measured_apart(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inbox, config = maildir(tmp_path)
    cycle(config, T0)
    due, missed, _ = times([f.read_bytes() for f in maildir_drafts(inbox)])
    cycle(config, due)
    drafts = roles(maildir_drafts(inbox), Path.read_bytes)
    assert len(drafts) == 5
    keys = {kind: _source(drafts[0, kind].read_bytes()) for kind in ("first", "followup")}
    out = due + timedelta(minutes=5)  # the agent sends #0's follow-up as it stands (mutt: its headers and all)
    (inbox / ".Sent" / "cur").mkdir(parents=True)
    (inbox / ".Sent" / "new").mkdir()
    sent = unchanged(drafts[0, "followup"].read_bytes(), out)
    (inbox / ".Sent" / "cur" / f"{int(out.timestamp())}.M1P1.agent:2,S").write_bytes(sent)
    drafts[0, "followup"].unlink()

    cycle(config, missed)
    assert [(r[1] is not None, r[2] is not None) for r in promise_rows(config)] == [(True, False), (True, True),
                                                                                     (False, False)]  # fmt: skip
    assert cleared(config) == [True, False, False]  # no keywords in a Maildir: recorded, nothing to remove
    assert len(maildir_drafts(inbox)) == 4
    rows = feedback_rows(config)
    first0, follow0 = rows[keys["first"]], rows[keys["followup"]]
    assert (follow0["outcome"], follow0["similarity"]) == ("sent_as_drafted", 1.0)
    assert first0["outcome"] is None and first0["sent_at"] == out.timestamp()  # the first draft still waits
    totals = report(config, capsys, missed)
    assert (totals["drafts"], totals["followups"], totals["sent_as_drafted"], totals["pending"]) == (3, 2, 0, 3)
    assert (totals["promises_kept"], totals["promises_missed"], totals["promises_overdue"]) == (1, 1, 1)
    data, _ = status(config, capsys)
    assert (data["due"], data["missed"]) == (0, 1)  # #0 is answered: no longer shown


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


# -- a full mailbox, a server that refuses keywords (a Dovecot of this module's own) -----------------------


class StrictDovecot(Dovecot):
    """The suite's Dovecot with quotas and the ACL plugin (``acl = vfile``: a ``dovecot-acl`` file per folder),
    so that one user's mailbox can be full and another's INBOX can refuse keywords."""

    def _config(self) -> str:
        text = super()._config()
        assert "mail_plugins = quota\n" in text, "tests/dovecot.py changed how it loads plugins"
        return text.replace("mail_plugins = quota\n", "mail_plugins = quota acl\n") + "plugin {\n  acl = vfile\n}\n"

    def refuse_keywords(self, user: MailUser) -> None:
        """INBOX without the "w" right: PERMANENTFLAGS lists no keywords (only \\Seen and \\Deleted)."""
        with self.connect(user) as client:
            client.select_folder("INBOX")  # the user's folders exist from the first login on
        (self.mail_root / user.name / "dovecot-acl").write_text("owner lrsitekxpe\n")
        with self.connect(user) as client:
            assert b"\\*" not in client.select_folder("INBOX")[b"PERMANENTFLAGS"]


@pytest.fixture(scope="module")
def strict() -> Iterator[Dovecot]:
    server = StrictDovecot(quota=True)
    try:
        server.start()
    except DovecotError as exc:
        server.stop()
        pytest.fail(f"the test Dovecot could not start: {exc}", pytrace=False)
    yield server
    server.stop()


def fill(server: Dovecot, user: MailUser, limit: int, room: int) -> None:
    """Ballast in a folder of its own, so that about ``room`` bytes stay free (less than a follow-up needs)."""
    used = sum(len(m.data) for folder in ("INBOX", "Drafts", "Sent") for m in server.messages(user, folder))
    with server.connect(user) as client:
        client.create_folder("Ballast")
        client.append("Ballast", b"Subject: ballast\r\n\r\n" + b"x" * (limit - used - room - 22))


def followup_state(config: Path) -> list[tuple[Any, ...]]:
    return promises(config, "followup, followup_attempts, followup_reason")


@pytest.mark.imap
def test_imap_followup_into_a_full_mailbox_is_retried_without_spending_its_attempts(
    tmp_path: Path, strict: Dovecot, capsys: pytest.CaptureFixture[str]
) -> None:
    user = strict.add_user(quota="64k")
    with strict.connect(user) as client:
        for data in messages():
            client.append("INBOX", data)
    config = imap_config(tmp_path, strict, user)
    cycle(config, T0)
    due, _, _ = times([m.data for m in strict.messages(user, "Drafts")])
    fill(strict, user, 64 * 1024, room=1000)
    for n in range(MAX_FOLLOWUP_ATTEMPTS + 2):  # more cycles than a follow-up may fail
        assert cycle(config, due + timedelta(minutes=n)).error is None  # logged; the cycle goes on
    assert len(strict.messages(user, "Drafts")) == 3
    states = followup_state(config)
    for followup, attempts, reason in states[:2]:  # the first tried each cycle, the other waiting behind it
        assert followup in (None, "claimed") and attempts == 0, states
        assert reason.startswith("mailbox full, retried next cycle:") and "OVERQUOTA" in reason, reason
    assert states[2] == (None, 0, None)  # the three-day promise: not due
    capsys.readouterr()
    assert main(["--config", str(config), "status", "--json"]) == 0
    items = json.loads(capsys.readouterr().out)["mailboxes"]["support"]["promises"]["items"]
    assert all("mailbox full" in i["reason"] for i in items) and len(items) == 2

    with strict.connect(user) as client:
        client.delete_folder("Ballast")
    cycle(config, due + timedelta(minutes=10))
    cycle(config, due + timedelta(minutes=11))
    first, follow = split([m.data for m in strict.messages(user, "Drafts")])
    check_followups(first, follow, due)  # exactly one each, as if the mailbox had never been full
    assert [r[:2] for r in followup_state(config)] == [("drafted", 1), ("drafted", 1), (None, 0)]
    assert [r[2] for r in followup_state(config)] == [None, None, None]


@pytest.mark.imap
def test_imap_server_that_refuses_keywords_still_keeps_every_promise(
    tmp_path: Path, strict: Dovecot, capsys: pytest.CaptureFixture[str]
) -> None:
    user = strict.add_user()
    with strict.connect(user) as client:
        for data in messages():
            client.append("INBOX", data)
    strict.refuse_keywords(user)
    config = imap_config(tmp_path, strict, user)
    assert cycle(config, T0).error is None
    due, missed, _ = times([m.data for m in strict.messages(user, "Drafts")])
    assert cycle(config, due).error is None
    drafts = roles(strict.messages(user, "Drafts"))
    assert len(drafts) == 5
    with strict.connect(user) as client:
        send(client, unchanged(drafts[0, "followup"].data, due + timedelta(minutes=5)), drafts[0, "followup"].uid)
    assert cycle(config, missed).error is None
    assert cycle(config, missed + timedelta(minutes=5)).error is None
    for m in strict.messages(user):
        assert not [f for f in m.flags if not f.startswith("\\")], m.flags  # no keyword stored, none asked for
    assert [(r[1] is not None, r[2] is not None) for r in promise_rows(config)] == [(True, False), (True, True),
                                                                                     (False, False)]  # fmt: skip
    assert cleared(config) == [True, False, False]
    data, _ = status(config, capsys)
    assert (data["due"], data["missed"]) == (0, 1)
    totals = report(config, capsys, missed)
    assert (totals["followups"], totals["promises_kept"], totals["promises_missed"]) == (2, 1, 1)


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


def test_promise_queries_defer_a_full_mailbox_and_take_keywords_back_once_answered(store: Store) -> None:
    promises, feedback = PromiseStore(store), FeedbackStore(store)
    at = T0.timestamp()
    one, two, three = (_drafted(store, uid, "2026-11-26T10:00:00+01:00") for uid in ("1", "2", "3"))
    assert promises.adopt("support", 0) == 3
    for _ in range(MAX_FOLLOWUP_ATTEMPTS + 1):  # a full mailbox, more often than a follow-up may fail
        assert promises.claim_followup(one)
        promises.followup_deferred(one, "mailbox full: [OVERQUOTA]", [two])
    summary = {i["key"]: i for i in promises.summary("support", 0)["items"]}
    assert summary == {}  # nothing due yet: status lists due and missed promises only
    assert promises.mark("due_at", [one, two, three], at) == 3
    items = {i["key"]: i for i in promises.summary("support", 0)["items"]}
    assert items[str(one)]["followup"] == "claimed" and items[str(two)]["followup"] is None
    assert items[str(one)]["reason"] == items[str(two)]["reason"] == "mailbox full: [OVERQUOTA]"
    (attempts,) = store.query("SELECT followup_attempts FROM promises WHERE uid='1'")[0]
    assert attempts == 0  # given back each time: written when there is room again
    promises.followup_drafted(one, "5", "2026-11-27T10:00:00+01:00", at)
    assert not promises.claim_followup(one)

    assert promises.answered_tagged("support", 0) == []
    feedback.record_drafts([DraftWritten(k, None, None, "en", "Hi.") for k in (one, two, three)])
    feedback.save_first_reply(one, "<s@x>", at, -60.0)  # its follow-up went out
    store.mark_answered("support", [two])  # \Answered, set by the agent's client
    feedback.mark_not_used([three])  # dropped unsent, nothing went out: still needs attention
    assert sorted(promises.answered_tagged("support", 0), key=str) == [one, two]
    assert promises.mark_cleared([one, two], at) == 2 and promises.mark_cleared([one], at) == 0
    assert promises.answered_tagged("support", 0) == []
    assert [p.made.key for p in promises.open("support", 0)] == []  # answered or dropped: none followed up


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
