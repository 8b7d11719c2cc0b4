"""End to end on IMAP: the real ``mailtriage`` CLI against the suite's Dovecot (tests/dovecot.py).

Each test writes a config from the shipped one with a ``[[mailbox]]`` for a fresh Dovecot user, fills
its INBOX with the demo mail (plus a list message and one from the inbox's own address) and runs
``mailtriage --config FILE run --once`` in-process, or ``mailtriage run`` (IDLE) in a subprocess.
"""

from __future__ import annotations

import logging
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import formatdate
from pathlib import Path
from typing import Any, TypeVar

import pytest
from conftest import ImapConfigFactory
from dovecot import Dovecot, MailUser, StoredMessage, sample_message

from pipeline.cli import main
from pipeline.config import load_config
from pipeline.engine import Outcome
from pipeline.imap import ImapMailbox
from pipeline.message import Draft, MessageKey
from pipeline.state import StateStore
from pipeline.worker import Worker

pytestmark = pytest.mark.imap

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "demo" / "inbox" / "new"
# demo messages that must get no draft: auto-reply, bulk newsletter, bounce, no-reply sender
MACHINES = {
    "1795420053.M617853P3544.demo",
    "1795428176.M507510P4392.demo",
    "1795503483.M862589P5191.demo",
    "1795507958.M806799P5250.demo",
}
T = TypeVar("T")


# -- set-up ------------------------------------------------------------------------------------------


def write_config(tmp_path: Path, dovecot: Dovecot, *users: MailUser, **extra: Any) -> Path:
    """The shipped config with its demo ``[[mailbox]]`` replaced by one per user (the first is "support")."""
    text = (ROOT / "config" / "mailtriage.toml").read_text()
    start = re.search(r"^\[\[mailbox\]\]", text, re.MULTILINE)
    end = text.index("\n[business_hours]")
    assert start is not None
    head = text[: start.start()].replace('root = ".."', f'root = "{ROOT}"')
    head = head.replace('path = "var/mailtriage.sqlite3"', f'path = "{tmp_path / "state.sqlite3"}"')
    boxes = [
        dovecot.mailbox_toml(user, tmp_path / f"{user.name}.password", name="support" if n == 0 else f"box{n}", **extra)
        for n, user in enumerate(users)
    ]
    path = tmp_path / "mailtriage.toml"
    path.write_text(head + "\n".join(boxes) + text[end:])
    return path


def fresh(data: bytes) -> bytes:
    """``data`` with CRLF line ends (as IMAP stores it), dated now: the demo mail is from November 2026
    and must not become too old to draft when the suite runs later.
    """
    data = data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    return re.sub(rb"(?m)^Date:[^\r\n]*", b"Date: " + formatdate().encode(), data, count=1)


def corpus(user: MailUser) -> list[tuple[bytes, bool]]:
    """(message, should get a draft) for every demo message, a list message and one from our own address."""
    mail = [(fresh(f.read_bytes()), f.name not in MACHINES) for f in sorted(DEMO.iterdir()) if f.name[0] != "."]
    listed = sample_message("Release notes 4.2", sender="Lists <announce@lists.example.org>",
                            headers=[("List-Id", "<announce.lists.example.org>")])  # fmt: skip
    own = sample_message("Note to self", sender=f"Support <{user.name}@example.test>")
    return [*mail, (listed, False), (own, False)]


def deliver_all(dovecot: Dovecot, user: MailUser, messages: list[bytes]) -> None:
    with dovecot.connect(user) as client:  # one login for all of them
        for data in messages:
            client.append("INBOX", data)


def key(uidvalidity: int, uid: int) -> MessageKey:
    return MessageKey("support", "INBOX", uidvalidity, str(uid))


def run_once(config: Path, *args: str) -> int:
    return main(["--config", str(config), *args, "run", "--once"])


def sources(drafts: list[StoredMessage]) -> list[str]:
    return [str(message_from_bytes(d.data, policy=policy.default)["X-Mailtriage-Source"]) for d in drafts]


def wait_for(check: Callable[[], T], timeout: float, step: float = 0.05) -> T:
    end = time.monotonic() + timeout
    while not (value := check()) and time.monotonic() < end:
        time.sleep(step)
    return value


def count(dovecot: Dovecot, user: MailUser, folder: str = "Drafts") -> int:
    with dovecot.connect(user) as client:
        return int(client.folder_status(folder, [b"MESSAGES"])[b"MESSAGES"])


@pytest.fixture()
def filled(dovecot: Dovecot, imap_user: MailUser) -> list[tuple[bytes, bool]]:
    mail = corpus(imap_user)
    deliver_all(dovecot, imap_user, [data for data, _ in mail])
    return mail


def assert_one_draft_each(dovecot: Dovecot, user: MailUser, mail: list[tuple[bytes, bool]]) -> None:
    """Exactly one draft for each message that should get one (UIDs follow delivery order), none for others."""
    uidvalidity = dovecot.uidvalidity(user)
    want = sorted(f"support/INBOX/{uidvalidity}/{n}" for n, (_, draft) in enumerate(mail, start=1) if draft)
    assert sorted(sources(dovecot.messages(user, "Drafts"))) == want


# -- run --once --------------------------------------------------------------------------------------


def test_run_once_twice_one_threaded_draft_per_message_originals_untouched(
    tmp_path: Path, dovecot: Dovecot, imap_user: MailUser, filled: list[tuple[bytes, bool]],
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    config = write_config(tmp_path, dovecot, imap_user)
    assert run_once(config) == 0
    drafted = sum(draft for _, draft in filled)
    assert f"support: {drafted} drafted, {len(filled) - drafted} skipped, 0 failed" in capsys.readouterr().out
    assert_one_draft_each(dovecot, imap_user, filled)

    assert run_once(config) == 0  # the second run finds nothing new
    assert "support: 0 drafted, 0 skipped, 0 failed" in capsys.readouterr().out
    assert_one_draft_each(dovecot, imap_user, filled)

    originals = dovecot.messages(imap_user)
    assert [m.uid for m in originals] == list(range(1, len(filled) + 1))  # nothing moved or deleted
    assert [m.data for m in originals] == [data for data, _ in filled]
    for stored_original, (_, draftable) in zip(originals, filled, strict=True):
        assert "\\Seen" not in stored_original.flags
        assert ("$Triaged" in stored_original.flags) == draftable  # keywords on drafted originals only
    assert any("$Billing" in m.flags for m in originals) and any("$Urgent" in m.flags for m in originals)

    by_uid: dict[int, EmailMessage] = {m.uid: message_from_bytes(m.data, policy=policy.default) for m in originals}
    for stored in dovecot.messages(imap_user, "Drafts"):
        assert {"\\Draft", "\\Seen"} <= set(stored.flags)
        draft: EmailMessage = message_from_bytes(stored.data, policy=policy.default)
        original = by_uid[int(str(draft["X-Mailtriage-Source"]).rsplit("/", 1)[1])]
        assert draft["From"].addresses[0].addr_spec == f"{imap_user.name}@example.test"
        message_id = str(original["Message-ID"]).strip()  # some are folded onto a line of their own
        assert str(draft["In-Reply-To"]).strip() == message_id and str(draft["References"]).split()[-1] == message_id
        reply_to = original["Reply-To"] or original["From"]
        assert draft["To"].addresses[0].addr_spec == reply_to.addresses[0].addr_spec
        assert str(draft["Subject"]).startswith("Re: ")


def test_crash_between_append_and_done_mark_or_lost_state_never_drafts_twice(
    tmp_path: Path, dovecot: Dovecot, imap_user: MailUser, filled: list[tuple[bytes, bool]]
) -> None:
    config = write_config(tmp_path, dovecot, imap_user)
    state_path = load_config(config).state_path
    assert run_once(config) == 0
    # Killed after APPEND, before the done mark: the rows still say "claimed".
    with sqlite3.connect(state_path) as db:
        db.execute("UPDATE messages SET status='claimed', draft_id=NULL WHERE status='drafted'")
    assert run_once(config) == 0
    assert_one_draft_each(dovecot, imap_user, filled)
    state = StateStore(state_path)
    counts = state.summary("support")["counts"]
    assert isinstance(counts, dict) and counts["drafted"] == sum(d for _, d in filled)
    assert state.interrupted("support") == []
    state.close()
    # The state file is gone (a fresh install, a lost volume): the drafts in Drafts still count.
    for suffix in ("", "-wal", "-shm"):
        Path(f"{state_path}{suffix}").unlink(missing_ok=True)
    assert run_once(config) == 0
    assert_one_draft_each(dovecot, imap_user, filled)


def test_uidvalidity_change_of_inbox_and_drafts_adds_no_second_draft(
    tmp_path: Path, dovecot: Dovecot, imap_user: MailUser, filled: list[tuple[bytes, bool]],
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    config = write_config(tmp_path, dovecot, imap_user)
    assert run_once(config) == 0
    before = sorted(sources(dovecot.messages(imap_user, "Drafts")))
    dovecot.set_uidvalidity(imap_user, "INBOX", dovecot.uidvalidity(imap_user) + 1000)
    dovecot.set_uidvalidity(imap_user, "Drafts", dovecot.uidvalidity(imap_user, "Drafts") + 1000)
    capsys.readouterr()
    assert run_once(config) == 0
    assert "support: 0 drafted" in capsys.readouterr().out
    assert sorted(sources(dovecot.messages(imap_user, "Drafts"))) == before


def test_kick_in_the_middle_of_a_batch_still_gives_each_message_one_draft(
    tmp_path: Path, dovecot: Dovecot, imap_user: MailUser, filled: list[tuple[bytes, bool]],
    caplog: pytest.LogCaptureFixture,
) -> None:  # fmt: skip
    caplog.set_level(logging.INFO)
    config = write_config(tmp_path, dovecot, imap_user, batch_size=4)
    seen: list[str] = []

    def kick_after_third(outcome: Outcome, decision: str) -> None:
        seen.append(decision)
        if len(seen) == 3:
            assert dovecot.kick(imap_user)  # the next FETCH / APPEND meets a closed connection

    worker = Worker(load_config(config))
    try:
        (report,) = worker.run_once(kick_after_third)
    finally:
        worker.close()
    assert report.error is None and len(seen) == len(filled)
    assert "imap.retry account=support" in caplog.text
    assert_one_draft_each(dovecot, imap_user, filled)


def test_a_malformed_message_is_recorded_and_the_others_drafted(
    tmp_path: Path, dovecot: Dovecot, imap_user: MailUser
) -> None:
    broken = (
        b"From: =?bogus?Q?x?= <<<>>\r\nSubject: =?utf-8?B?broken\r\nMessage-ID: <broken@example.com>\r\n"
        b'Content-Type: multipart/mixed; boundary="x"\r\nContent-Transfer-Encoding: base64\r\n\r\n'
        b"--x\r\nContent-Type: text/plain; charset=no-such-charset\r\n\r\n\xff\xfe\x80 garbage ===\r\n"
    )
    good = [sample_message(f"Invoice question {n}", sender=f"Customer {n} <c{n}@example.com>") for n in range(3)]
    mail = [(good[0], True), (broken, False), (good[1], True), (good[2], True)]
    deliver_all(dovecot, imap_user, [data for data, _ in mail])
    config = write_config(tmp_path, dovecot, imap_user)
    assert run_once(config) in (0, 1)  # 1 when the broken one counts as failed rather than skipped
    assert_one_draft_each(dovecot, imap_user, mail)
    state = StateStore(load_config(config).state_path)
    uidvalidity = dovecot.uidvalidity(imap_user)
    record = state.get(key(uidvalidity, 2))
    state.close()
    assert record is not None and record.status in ("skipped", "failed") and record.reason


def test_answered_originals_leave_the_backlog(
    tmp_path: Path, dovecot: Dovecot, imap_user: MailUser, filled: list[tuple[bytes, bool]]
) -> None:
    config = write_config(tmp_path, dovecot, imap_user)
    assert run_once(config) == 0
    state = StateStore(load_config(config).state_path)
    open_before = state.open_drafts("support")
    first_drafted = next(n for n, (_, draft) in enumerate(filled, start=1) if draft)
    with dovecot.connect(imap_user) as client:  # an agent sent the reply: their client flags the original
        client.select_folder("INBOX")
        client.add_flags([first_drafted], [b"\\Answered"])
    assert run_once(config) == 0
    assert state.open_drafts("support") == open_before - 1
    assert state.unanswered("support") and key(dovecot.uidvalidity(imap_user), first_drafted) not in set(
        state.unanswered("support")
    )
    state.close()


def test_wrong_password_is_one_clear_line_and_exit_code_3(
    tmp_path: Path, dovecot: Dovecot, imap_user: MailUser, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(tmp_path, dovecot, imap_user)
    (tmp_path / f"{imap_user.name}.password").write_text("not-the-password\n")
    started = time.monotonic()
    assert run_once(config) == 3
    assert time.monotonic() - started < 5  # refused at once, never retried
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("mailtriage: error: login refused account=support host=127.0.0.1")
    assert "not-the-password" not in err[0] and imap_user.password not in err[0]


def test_several_mailboxes_in_one_run(tmp_path: Path, dovecot: Dovecot, imap_user: MailUser) -> None:
    other = dovecot.add_user()
    for user in (imap_user, other):
        dovecot.deliver(user, fresh(sample_message("Refund please", sender="Ann <ann@example.com>")))
    config = write_config(tmp_path, dovecot, imap_user, other)
    assert run_once(config) == 0
    assert count(dovecot, imap_user) == count(dovecot, other) == 1


def test_no_message_text_in_the_log_and_one_info_line_per_message(
    tmp_path: Path, dovecot: Dovecot, imap_user: MailUser, caplog: pytest.LogCaptureFixture
) -> None:
    body = "My order number is {}-XYZ and I was charged twice."
    mail = [sample_message(f"Charged twice {n}", sender=f"C{n} <c{n}@example.com>", body=body.format(4711 + n))
            for n in range(3)]  # fmt: skip
    deliver_all(dovecot, imap_user, [fresh(m) for m in mail])
    config = write_config(tmp_path, dovecot, imap_user)
    caplog.set_level(logging.DEBUG)  # -vv: imapclient's own debug lines included (3 drafts: one MULTIAPPEND)
    assert run_once(config, "-vv") == 0
    assert "Logged in as" in caplog.text and "APPEND" in caplog.text  # imapclient did log its commands
    assert "-XYZ" not in caplog.text and "Charged twice" not in caplog.text and "c1@example.com" not in caplog.text
    lines = [r.getMessage() for r in caplog.records if r.getMessage().startswith("message ")]
    assert len(lines) == 3
    for uid, line in enumerate(lines, start=1):
        pattern = rf"message mailbox=support uid={uid} decision=drafted template=\S+ reason=- ms=[\d.]+"
        assert re.fullmatch(pattern, line)
    assert not [r for r in caplog.records if r.levelno >= logging.INFO and r.name.startswith("imapclient")]


# -- run (IDLE) --------------------------------------------------------------------------------------


def test_run_drafts_new_mail_within_two_seconds_survives_a_kick_and_stops_on_sigterm(
    tmp_path: Path, dovecot: Dovecot, imap_user: MailUser
) -> None:
    dovecot.deliver(imap_user, fresh(sample_message("Invoice question", sender="Ann <ann@example.com>")))
    config = write_config(tmp_path, dovecot, imap_user)
    log_file = tmp_path / "run.log"
    with log_file.open("wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "pipeline.cli", "--config", str(config), "-v", "run"],
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=log, env={**os.environ, "PYTHONPATH": str(ROOT)},
        )  # fmt: skip
    try:
        assert wait_for(lambda: count(dovecot, imap_user) == 1, 30), log_file.read_text()
        assert wait_for(lambda: "imap.connected" in log_file.read_text() and _idling(log_file), 10)
        started = time.monotonic()
        dovecot.deliver(imap_user, fresh(sample_message("Where is my refund?", sender="Bob <bob@example.com>")))
        assert wait_for(lambda: count(dovecot, imap_user) == 2, 5, step=0.02), log_file.read_text()
        assert time.monotonic() - started < 2.0

        assert dovecot.kick(imap_user)  # the IDLE connection is cut; run must notice and reconnect
        assert wait_for(lambda: "imap.connection_lost account=support during=idle" in log_file.read_text(), 5)
        dovecot.deliver(imap_user, fresh(sample_message("Login broken", sender="Cem <cem@example.com>")))
        assert wait_for(lambda: count(dovecot, imap_user) == 3, 5, step=0.02), log_file.read_text()

        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    text = log_file.read_text()
    assert "Traceback" not in text and "worker.stopping signal=SIGTERM" in text
    assert len(set(sources(dovecot.messages(imap_user, "Drafts")))) == 3
    assert all("\\Seen" not in m.flags for m in dovecot.messages(imap_user))


def _idling(log_file: Path) -> bool:
    return "cycle.done mailbox=support drafted=1" in log_file.read_text()


# -- the index of Drafts -----------------------------------------------------------------------------


def test_a_folder_with_a_non_ascii_name_is_drafted_once(tmp_path: Path, dovecot: Dovecot, imap_user: MailUser) -> None:
    folder = "Anfragen/Österreich"  # the source header of its drafts is an RFC 2047 encoded word
    with dovecot.connect(imap_user) as client:
        client.create_folder(folder)
    dovecot.deliver(imap_user, fresh(sample_message("Versandkosten", sender="Eva <eva@example.at>")), folder=folder)
    config = write_config(tmp_path, dovecot, imap_user, folder=folder)
    assert run_once(config) == 0
    assert run_once(config) == 0
    with sqlite3.connect(load_config(config).state_path) as db:  # a restart that lost its records
        db.execute("UPDATE messages SET status='claimed'")
    assert run_once(config) == 0
    uidvalidity = dovecot.uidvalidity(imap_user, folder)
    assert sources(dovecot.messages(imap_user, "Drafts")) == [f"support/{folder}/{uidvalidity}/1"]


def test_drafts_renumbered_during_a_connection_is_indexed_again(
    imap_config: ImapConfigFactory, dovecot: Dovecot, imap_user: MailUser, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="pipeline")
    box = ImapMailbox(imap_config(), MemoryCursors())
    box.open()
    try:
        first, second = key(7, 1), key(7, 2)
        uid = box.append(reply_to(first))
        assert box.find_draft(first) == uid and box.find_draft(second) is None  # the index is read here
        dovecot.set_uidvalidity(imap_user, "Drafts", dovecot.uidvalidity(imap_user, "Drafts") + 1000)
        box.append(reply_to(second))  # APPENDUID names the new UIDVALIDITY: the index is stale
        assert box.find_draft(first) == uid and box.find_draft(second) is not None
        assert caplog.text.count("imap.drafts_indexed account=support") == 2
    finally:
        box.close()
    assert len(dovecot.messages(imap_user, "Drafts")) == 2


class MemoryCursors:
    def __init__(self) -> None:
        self.saved: dict[tuple[str, str], tuple[int, int]] = {}

    def get_cursor(self, account: str, folder: str) -> tuple[int, int] | None:
        return self.saved.get((account, folder))

    def set_cursor(self, account: str, folder: str, uidvalidity: int, uid: int) -> None:
        self.saved[(account, folder)] = (uidvalidity, uid)


def reply_to(source: MessageKey) -> Draft:
    data = f"From: {source.account}@example.test\r\nSubject: Re: x\r\nX-Mailtriage-Source: {source}\r\n\r\nHi\r\n"
    return Draft(source, "c@example.com", "Re: x", None, "Hi", data.encode())


def test_oauth2_token_command_end_to_end_and_no_secret_in_log_or_state(
    tmp_path: Path, dovecot: Dovecot, imap_user: MailUser, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    token = dovecot.add_token(imap_user)
    dovecot.deliver(imap_user, fresh(sample_message("Refund please", sender="Ann <ann@example.com>")))
    config = write_config(tmp_path, dovecot, imap_user)
    text = re.sub(r"(?m)^password_file = .*$", f"oauth2_token_command = \"echo '{token}'\"", config.read_text())
    config.write_text(text)
    assert run_once(config) == 0
    assert dovecot.tokens_seen[-1] == token and count(dovecot, imap_user) == 1
    state = load_config(config).state_path
    stored = b"".join(Path(f"{state}{s}").read_bytes() for s in ("", "-wal") if Path(f"{state}{s}").exists())
    for secret in (token, imap_user.password):
        assert secret not in caplog.text and secret.encode() not in stored
