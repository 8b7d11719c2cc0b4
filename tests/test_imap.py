"""pipeline.imap against the suite's real Dovecot (tests/dovecot.py): connect, poll, draft, tag, IDLE."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from conftest import ImapConfigFactory
from dovecot import Dovecot, MailUser, sample_message

from pipeline.errors import AuthError, ConfigError, SourceError
from pipeline.imap import ImapMailbox, resolve_secret
from pipeline.message import Draft, MessageKey, RawMessage
from pipeline.settings import Secret

pytestmark = pytest.mark.imap


class Cursors:
    """The CursorStore protocol on a dict (the worker uses the SQLite state store)."""

    def __init__(self) -> None:
        self.saved: dict[tuple[str, str], tuple[int, int]] = {}
        self.writes = 0

    def get_cursor(self, account: str, folder: str) -> tuple[int, int] | None:
        return self.saved.get((account, folder))

    def set_cursor(self, account: str, folder: str, uidvalidity: int, uid: int) -> None:
        self.saved[(account, folder)] = (uidvalidity, uid)
        self.writes += 1


def never(key: MessageKey) -> bool:
    return False


@pytest.fixture()
def cursors() -> Cursors:
    return Cursors()


@pytest.fixture()
def mailbox(imap_config: ImapConfigFactory, cursors: Cursors) -> Iterator[ImapMailbox]:
    box = ImapMailbox(imap_config(), cursors)
    box.open()
    yield box
    box.close()


def handle_all(box: ImapMailbox, done: set[MessageKey] | None = None) -> list[RawMessage]:
    """Poll like the worker: record each message as handled before pulling the next."""
    done = set() if done is None else done
    out = []
    for message in box.poll(lambda key: key in done):
        out.append(message)
        done.add(message.key)
    return out


def draft_for(source: MessageKey, text: str = "Thanks, we are on it.") -> Draft:
    data = (
        "From: support@example.test\r\nTo: customer@example.com\r\nSubject: Re: Invoice question\r\n"
        f"X-Mailtriage-Source: {source}\r\n\r\n{text}\r\n"
    ).encode()
    return Draft(source, "customer@example.com", "Re: Invoice question", None, text, data)


# -- connecting --------------------------------------------------------------------------------------


@pytest.mark.parametrize("security", ["tls", "starttls"])
def test_connects_with_verified_tls_and_finds_special_use_drafts(
    imap_config: ImapConfigFactory, cursors: Cursors, security: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="pipeline")
    box = ImapMailbox(imap_config(security=security, host="localhost"), cursors)
    box.open()
    try:
        assert box.drafts_folder == "Drafts"
        assert "imap.connected account=support host=localhost" in caplog.text
        assert "folder=INBOX uidvalidity=" in caplog.text
    finally:
        box.close()


def test_unverifiable_certificate_fails_fast_with_a_hint(imap_config: ImapConfigFactory, cursors: Cursors) -> None:
    box = ImapMailbox(imap_config(ca_file=None), cursors)  # the system CAs do not know the test CA
    started = time.monotonic()
    with pytest.raises(SourceError, match=r"TLS certificate of 127\.0\.0\.1 could not be verified") as err:
        box.open()
    assert "set ca_file or fix the server certificate" in str(err.value)
    assert "account=support" in str(err.value)
    assert time.monotonic() - started < 1.0  # a certificate problem is not retried


def test_wrong_password_is_auth_error_at_once_and_never_shows_the_password(
    imap_config: ImapConfigFactory,
    cursors: Cursors,
    imap_user: MailUser,
    tmp_path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    wrong = tmp_path / "wrong"
    wrong.write_text("Tr0ub4dor-wrong\n")
    box = ImapMailbox(imap_config(password=Secret(file=str(wrong))), cursors)
    started = time.monotonic()
    with pytest.raises(AuthError, match="login refused account=support") as err:
        box.open()
    assert time.monotonic() - started < 2.0  # one attempt (Dovecot answers on its next 0.5 s tick)
    assert "imap.retry" not in caplog.text
    for secret in ("Tr0ub4dor-wrong", imap_user.password):
        assert secret not in str(err.value) and secret not in caplog.text and secret not in repr(box)


def test_security_none_only_for_loopback(imap_config: ImapConfigFactory, cursors: Cursors) -> None:
    remote = ImapMailbox(imap_config(security="none", host="mail.example.com"), cursors)
    with pytest.raises(ConfigError, match=r"security: .* allowed only for a loopback host"):
        remote.open()
    local = ImapMailbox(imap_config(security="none"), cursors)  # plaintext to 127.0.0.1 is fine
    local.open()
    local.close()


@pytest.mark.parametrize("source", ["env", "file", "command"])
def test_password_from_env_file_or_command(
    imap_config: ImapConfigFactory,
    cursors: Cursors,
    imap_user: MailUser,
    tmp_path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    source: str,
) -> None:
    path = tmp_path / "secret"
    path.write_text(imap_user.password + "\n")
    monkeypatch.setenv("MT_TEST_PASSWORD", imap_user.password)
    secret = {
        "env": Secret(env="MT_TEST_PASSWORD"),
        "file": Secret(file=str(path)),
        "command": Secret(command=f"cat '{path}' | head -n 1"),
    }[source]
    caplog.set_level(logging.DEBUG)
    box = ImapMailbox(imap_config(password=secret), cursors)
    box.open()
    box.close()
    assert "imap.connected account=support" in caplog.text
    assert imap_user.password not in caplog.text


def test_secret_errors_name_the_source_never_the_value(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MT_UNSET", raising=False)
    with pytest.raises(ConfigError, match="MT_UNSET"):
        resolve_secret(Secret(env="MT_UNSET"), what="mailbox support password")
    with pytest.raises(ConfigError, match="missing-file"):
        resolve_secret(Secret(file=str(tmp_path / "missing-file")), what="x")
    with pytest.raises(SourceError, match="exited 3: vault is sealed") as err:
        resolve_secret(Secret(command="printf 's3cr3t-%s' value; echo vault is sealed >&2; exit 3"), what="x")
    assert "s3cr3t-value" not in str(err.value)
    with pytest.raises(ConfigError, match="exactly one"):
        resolve_secret(Secret(env="A", file="b"), what="x")
    assert resolve_secret(Secret(command="printf ' pass word \\n'"), what="x") == " pass word "
    assert "s3cr3t" not in repr(Secret(command="echo s3cr3t"))


def test_xoauth2_token_from_command_reaches_the_server_and_never_the_log(
    imap_config: ImapConfigFactory,
    cursors: Cursors,
    dovecot: Dovecot,
    imap_user: MailUser,
    tmp_path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    token = dovecot.add_token(imap_user)
    calls = tmp_path / "calls"
    command = f"echo called >> '{calls}'; echo '{token}'"
    box = ImapMailbox(imap_config(password=None, oauth2_token_command=command), cursors)
    box.open()  # Dovecot's oauth2 passdb asked our introspection endpoint and accepted the token
    box.close()
    assert calls.read_text() == "called\n"
    assert dovecot.tokens_seen[-1] == token
    refused = ImapMailbox(imap_config(password=None, oauth2_token_command="echo ya29.not-valid"), cursors)
    with pytest.raises(AuthError) as err:
        refused.open()
    assert dovecot.tokens_seen[-1] == "ya29.not-valid"
    for secret in (token, "ya29.not-valid"):
        assert secret not in caplog.text and secret not in str(err.value)


# -- reading -----------------------------------------------------------------------------------------


def test_poll_yields_new_mail_oldest_first_and_leaves_it_unseen(
    mailbox: ImapMailbox, dovecot: Dovecot, imap_user: MailUser
) -> None:
    sent = [sample_message(f"Question {n}") for n in range(3)]
    uids = [dovecot.deliver(imap_user, data) for data in sent]
    got = handle_all(mailbox)
    assert [m.data for m in got] == sent
    assert [m.key.uid for m in got] == [str(u) for u in uids]
    assert {m.key.account for m in got} == {"support"} and {m.key.folder for m in got} == {"INBOX"}
    assert all(m.received is not None and m.received.tzinfo is not None for m in got)
    assert all("\\Seen" not in m.flags for m in got)
    stored = dovecot.messages(imap_user)
    assert [s.uid for s in stored] == uids  # nothing moved or deleted
    assert all("\\Seen" not in s.flags for s in stored)


def test_cursor_advances_and_a_second_poll_yields_nothing(
    mailbox: ImapMailbox, dovecot: Dovecot, imap_user: MailUser, cursors: Cursors
) -> None:
    for n in range(3):
        dovecot.deliver(imap_user, sample_message(f"Q{n}"))
    assert len(handle_all(mailbox)) == 3
    uidvalidity = dovecot.uidvalidity(imap_user)
    assert cursors.saved[("support", "INBOX")] == (uidvalidity, 3)
    writes = cursors.writes
    assert handle_all(mailbox) == []
    assert cursors.writes == writes  # an empty poll writes nothing
    dovecot.deliver(imap_user, sample_message("later"))
    assert [m.key.uid for m in handle_all(mailbox)] == ["4"]


def test_uid_range_quirk_does_not_return_the_newest_message_again(
    mailbox: ImapMailbox, dovecot: Dovecot, imap_user: MailUser, cursors: Cursors
) -> None:
    for n in range(4):
        dovecot.deliver(imap_user, sample_message(f"Q{n}"))
    with dovecot.connect(imap_user) as client:  # UID 4 expunged: UIDNEXT stays 5, newest is UID 3
        client.select_folder("INBOX")
        client.delete_messages([4])
        client.expunge()
        assert client.search(["UID", "4:*"]) == [3]  # the quirk, as the server really answers
    cursors.set_cursor("support", "INBOX", dovecot.uidvalidity(imap_user), 3)
    assert handle_all(mailbox) == []


def test_cursor_waits_for_a_message_the_worker_did_not_finish(
    mailbox: ImapMailbox, dovecot: Dovecot, imap_user: MailUser, cursors: Cursors
) -> None:
    for n in range(3):
        dovecot.deliver(imap_user, sample_message(f"Q{n}"))
    done: set[MessageKey] = set()
    for message in mailbox.poll(lambda key: key in done):
        if message.key.uid != "2":  # UID 2 failed and will be retried
            done.add(message.key)
    assert cursors.saved[("support", "INBOX")][1] == 1
    again = [m.key.uid for m in mailbox.poll(lambda key: key in done)]
    assert again == ["2"]  # UID 3 is handled: skipped without fetching its body


def test_first_run_takes_only_the_backlog_window(
    imap_config: ImapConfigFactory, cursors: Cursors, dovecot: Dovecot, imap_user: MailUser
) -> None:
    now = datetime.now(UTC)
    dovecot.deliver(imap_user, sample_message("old"), when=now - timedelta(days=10))
    dovecot.deliver(imap_user, sample_message("recent"), when=now - timedelta(hours=20))
    # inside the day of slack that SEARCH SINCE needs: found by the search, dropped by the exact check
    dovecot.deliver(imap_user, sample_message("just too old"), when=now - timedelta(days=3, hours=2))
    box = ImapMailbox(imap_config(backlog_days=3), cursors, now=lambda: now)
    box.open()
    try:
        assert [m.key.uid for m in handle_all(box)] == ["2"]
        assert cursors.saved[("support", "INBOX")][1] == 3  # too-old messages are passed for good
        assert handle_all(box) == []
    finally:
        box.close()


def test_uidvalidity_change_yields_the_backlog_again_under_new_keys(
    mailbox: ImapMailbox, dovecot: Dovecot, imap_user: MailUser, cursors: Cursors, caplog
) -> None:
    caplog.set_level(logging.WARNING, logger="pipeline")
    for n in range(2):
        dovecot.deliver(imap_user, sample_message(f"Q{n}"))
    first = handle_all(mailbox)
    old = dovecot.uidvalidity(imap_user)
    dovecot.set_uidvalidity(imap_user, "INBOX", old + 1000)
    again = handle_all(mailbox)  # the worker matches these to handled ones by Message-ID / find_draft
    assert [m.data for m in again] == [m.data for m in first]
    assert {m.key.uidvalidity for m in again} == {old + 1000}
    assert cursors.saved[("support", "INBOX")] == (old + 1000, 2)
    assert f"imap.uidvalidity_changed account=support folder=INBOX old={old} new={old + 1000}" in caplog.text


# -- writing -----------------------------------------------------------------------------------------


def test_append_stores_a_draft_and_find_draft_finds_it_exactly(
    mailbox: ImapMailbox, dovecot: Dovecot, imap_user: MailUser
) -> None:
    dovecot.deliver(imap_user, sample_message())
    (original,) = handle_all(mailbox)
    key12 = MessageKey("support", "INBOX", original.key.uidvalidity, "12")
    uid12 = mailbox.append(draft_for(key12))  # first: a substring search for ".../1" finds it first
    assert mailbox.find_draft(original.key) is None
    uid = mailbox.append(draft_for(original.key))
    assert uid.isdigit() and uid12.isdigit() and uid != uid12
    (_, stored) = dovecot.messages(imap_user, "Drafts")
    assert str(stored.uid) == uid and {"\\Draft", "\\Seen"} <= set(stored.flags)
    assert mailbox.find_draft(original.key) == uid  # ".../1" must not match ".../12"
    assert mailbox.find_draft(key12) == uid12
    assert mailbox.find_draft(MessageKey("support", "INBOX", original.key.uidvalidity, "99")) is None
    assert "\\Seen" not in dovecot.messages(imap_user)[0].flags  # the original stays unread
    assert handle_all(mailbox) == []  # the source folder is selected again


def test_append_many_uses_one_multiappend_and_returns_uids_in_order(
    mailbox: ImapMailbox, dovecot: Dovecot, imap_user: MailUser
) -> None:
    keys = [MessageKey("support", "INBOX", 1, str(n)) for n in range(1, 4)]
    uids = mailbox.append_many([draft_for(k, f"reply {k.uid}") for k in keys])
    stored = {str(s.uid): s for s in dovecot.messages(imap_user, "Drafts")}
    assert list(stored) == uids
    for key, uid in zip(keys, uids, strict=True):
        assert f"reply {key.uid}".encode() in stored[uid].data and "\\Draft" in stored[uid].flags


def test_tag_adds_keywords_and_never_seen(mailbox: ImapMailbox, dovecot: Dovecot, imap_user: MailUser) -> None:
    dovecot.deliver(imap_user, sample_message())
    (original,) = handle_all(mailbox)
    mailbox.tag(original.key, ("$Triaged", "$Billing", "\\Seen", "bad word"))
    (stored,) = dovecot.messages(imap_user)
    assert {"$Triaged", "$Billing"} <= set(stored.flags)
    assert "\\Seen" not in stored.flags


# -- connections that go away ------------------------------------------------------------------------


def test_kick_in_the_middle_of_a_batch_reconnects_and_goes_on(
    imap_config: ImapConfigFactory, cursors: Cursors, dovecot: Dovecot, imap_user: MailUser, caplog
) -> None:
    caplog.set_level(logging.INFO, logger="pipeline")
    for n in range(4):
        dovecot.deliver(imap_user, sample_message(f"Q{n}"))
    box = ImapMailbox(imap_config(batch_size=2), cursors)
    box.open()
    try:
        done: set[MessageKey] = set()
        seen = []
        for message in box.poll(lambda key: key in done):
            seen.append(message.key.uid)
            done.add(message.key)
            if message.key.uid == "2":
                assert dovecot.kick(imap_user)  # the next FETCH (UIDs 3-4) meets a closed connection
        assert seen == ["1", "2", "3", "4"]
        assert "imap.retry account=support op=fetch attempt=1" in caplog.text
        assert box.append(draft_for(MessageKey("support", "INBOX", 1, "1")))
        dovecot.kick(imap_user)
        box.tag(MessageKey("support", "INBOX", dovecot.uidvalidity(imap_user), "1"), ("$Triaged",))
        assert "$Triaged" in dovecot.messages(imap_user)[0].flags
    finally:
        box.close()


def test_append_retried_after_a_drop_does_not_duplicate_a_draft_that_landed(
    mailbox: ImapMailbox, dovecot: Dovecot, imap_user: MailUser
) -> None:
    source = MessageKey("support", "INBOX", 7, "5")
    landed = dovecot.deliver(imap_user, draft_for(source).data, folder="Drafts", flags=["\\Draft"])
    assert dovecot.kick(imap_user)  # as if the connection broke after the server stored the APPEND
    assert mailbox.append(draft_for(source)) == str(landed)
    assert len(dovecot.messages(imap_user, "Drafts")) == 1


def test_explicit_drafts_folder_must_exist(imap_config: ImapConfigFactory, cursors: Cursors) -> None:
    box = ImapMailbox(imap_config(drafts_folder="Entwürfe"), cursors)
    with pytest.raises(ConfigError, match="drafts_folder: no folder 'Entwürfe'"):
        box.open()


# -- waiting -----------------------------------------------------------------------------------------


def deliver_later(dovecot: Dovecot, user: MailUser, delay: float) -> threading.Thread:
    def deliver() -> None:
        time.sleep(delay)
        dovecot.deliver(user, sample_message())

    thread = threading.Thread(target=deliver)
    thread.start()
    return thread


def test_wait_for_new_wakes_within_two_seconds_of_delivery_during_idle(
    mailbox: ImapMailbox, dovecot: Dovecot, imap_user: MailUser
) -> None:
    assert handle_all(mailbox) == []
    thread = deliver_later(dovecot, imap_user, 0.3)
    started = time.monotonic()
    assert mailbox.wait_for_new(10, threading.Event()) is True
    assert time.monotonic() - started < 2.0
    thread.join()
    assert len(handle_all(mailbox)) == 1


def test_wait_for_new_times_out_and_obeys_stop(mailbox: ImapMailbox) -> None:
    started = time.monotonic()
    assert mailbox.wait_for_new(0.6, threading.Event()) is False
    stop = threading.Event()
    threading.Timer(0.3, stop.set).start()
    assert mailbox.wait_for_new(30, stop) is False
    assert time.monotonic() - started < 2.5


def test_kick_during_idle_is_noticed_and_the_connection_replaced(
    mailbox: ImapMailbox, dovecot: Dovecot, imap_user: MailUser, caplog
) -> None:
    caplog.set_level(logging.INFO, logger="pipeline")
    threading.Timer(0.3, dovecot.kick, args=(imap_user,)).start()
    started = time.monotonic()
    assert mailbox.wait_for_new(10, threading.Event()) is True
    assert time.monotonic() - started < 2.0
    assert "imap.connection_lost account=support during=idle" in caplog.text
    thread = deliver_later(dovecot, imap_user, 0.3)  # and IDLE works on the new connection
    assert mailbox.wait_for_new(10, threading.Event()) is True
    thread.join()
    assert len(handle_all(mailbox)) == 1


def test_without_idle_wait_for_new_sleeps_poll_seconds(imap_config: ImapConfigFactory, cursors: Cursors) -> None:
    box = ImapMailbox(imap_config(idle=False, poll_seconds=1), cursors)
    box.open()
    try:
        started = time.monotonic()
        assert box.wait_for_new(30, threading.Event()) is True
        assert 0.9 < time.monotonic() - started < 1.5
        stop = threading.Event()
        stop.set()
        assert box.wait_for_new(30, stop) is False
    finally:
        box.close()
