"""The worker against a real Dovecot that misbehaves: restarts, kicks, silence, wrong certificates,
refused logins, missing folders, a full quota, a damaged state file, and SIGKILL at random moments.

Tests that write drafts end by auditing INBOX and Drafts (``faultserver.audit``): one draft per customer
message, none for machines, originals unchanged and unread. The server is a private Dovecot (quota plugin on,
no SPECIAL-USE folders, so the worker creates Drafts itself) because some tests restart it.
"""

from __future__ import annotations

import json
import logging
import random
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from dovecot import Dovecot, MailUser
from faultserver import (
    ROOT,
    BlackHole,
    Proxy,
    audit,
    customer_message,
    deliver_many,
    draft_sources,
    imap_config,
    mismatched_certificate,
    private_dovecot,
    write_config,
)

from benchmarks.crash_soak import soak
from classifiers import Triager
from pipeline.cli import main
from pipeline.config import load_config
from pipeline.cycle import CycleReport
from pipeline.engine import Engine
from pipeline.imap import ImapMailbox
from pipeline.imap.connect import RETRY_ATTEMPTS
from pipeline.message import MessageKey
from pipeline.state import MAX_ATTEMPTS, StateStore
from pipeline.worker import Worker

pytestmark = pytest.mark.imap

Delivered = dict[int, tuple[bytes, bool]]


@pytest.fixture(scope="module")
def server() -> Iterator[Dovecot]:
    with private_dovecot(quota=True, special_folders=False) as dovecot:
        yield dovecot


@pytest.fixture(scope="module")
def triager() -> Triager:
    config = load_config(ROOT / "config" / "mailtriage.toml")
    return Triager.load(config.model_dir, config.rules_path, config.vip_domains)


def make_worker(config: Path, triager: Triager) -> Worker:
    loaded = load_config(config)
    return Worker(loaded, engine=Engine(loaded, triager))


def run_once(config: Path, triager: Triager, on_message: Callable[..., None] | None = None) -> CycleReport:
    worker = make_worker(config, triager)
    try:
        (report,) = worker.run_once(on_message)
    finally:
        worker.close()
    return report


def deliver_customers(server: Dovecot, user: MailUser, count: int, start: int = 0) -> Delivered:
    mail = [customer_message(n) for n in range(start, start + count)]
    return {uid: (data, True) for uid, data in zip(deliver_many(server, user, mail), mail, strict=True)}


def assert_clean(server: Dovecot, user: MailUser, delivered: Delivered) -> None:
    result = audit(server, user, delivered)
    assert result.ok, result
    assert result.drafts == result.draftable


def wait_for(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.05)


# -- SIGKILL at random moments ------------------------------------------------------------------------


@pytest.mark.slow
def test_kill_loop_leaves_exactly_one_draft_per_message(server: Dovecot, tmp_path: Path) -> None:
    result = soak(kills=10, seed=5, messages=60, workdir=tmp_path, dovecot=server, corrupt=False)
    assert result.audit is not None
    print(result.audit)  # shown with -s / on failure
    assert result.kills == 10
    assert result.audit.duplicates == 0 and result.audit.misses == ()
    assert result.audit.unexpected == () and result.audit.seen == () and result.audit.changed == ()
    assert result.audit.drafts == result.audit.draftable > 30
    assert result.killed_mid_streak >= 1  # at least one kill landed after an APPEND of that run
    assert (result.finish_exit, result.after_state_loss_exit) == (0, 0)


def maildir_setup(folder: Path, count: int) -> tuple[Path, Path]:
    """A Maildir inbox with ``count`` customer messages and a config for it: (config, inbox)."""
    inbox = folder / "inbox"
    for sub in ("cur", "new", "tmp"):
        (inbox / sub).mkdir(parents=True)
    add_to_maildir(inbox, range(count))
    mailbox = f'[[mailbox]]\nname = "support"\naddress = "support@example.com"\npath = "{inbox}"\n'
    return write_config(folder, mailbox), inbox


def add_to_maildir(inbox: Path, numbers: range) -> None:
    for n in numbers:
        (inbox / "new" / f"17950{n:05d}.M1P1.test").write_bytes(customer_message(n))


def maildir_draft_sources(inbox: Path) -> list[str]:
    files = [f for sub in ("cur", "new") for f in (inbox / ".Drafts" / sub).glob("*")]
    return [next(ln for ln in f.read_text().splitlines() if ln.startswith("X-Mailtriage-Source:")) for f in files]


def test_state_file_of_garbage_is_one_clear_line_and_moving_it_aside_recovers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config, inbox = maildir_setup(tmp_path, 12)
    assert main(["--config", str(config), "run", "--once", "--quiet"]) == 0
    state = tmp_path / "state.sqlite3"
    for extra in ("-wal", "-shm"):
        state.with_name(state.name + extra).unlink(missing_ok=True)
    state.write_bytes(random.Random(1).randbytes(64 * 1024))
    capsys.readouterr()
    codes = [main(["--config", str(config), *args]) for args in (["run", "--once"], ["status", "--json"])]
    err = capsys.readouterr().err.splitlines()
    assert codes == [4, 4] and len(err) == 2
    assert err[0] == (
        f"mailtriage: error: state store {state} cannot be used: file is not a database; move it aside to start "
        "fresh (drafts already written are recognised by their X-Mailtriage-Source header)"
    )
    assert len(maildir_draft_sources(inbox)) == 12  # nothing written while the state store was unusable
    state.rename(state.with_name("state.sqlite3.broken"))  # the recovery the message asks for
    add_to_maildir(inbox, range(12, 14))
    assert main(["--config", str(config), "run", "--once", "--quiet"]) == 0
    sources = maildir_draft_sources(inbox)
    assert len(sources) == len(set(sources)) == 14  # reconciled by X-Mailtriage-Source: no duplicates


def test_state_file_with_damaged_pages_is_one_clear_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config, _ = maildir_setup(tmp_path, 40)
    assert main(["--config", str(config), "run", "--once", "--quiet"]) == 0
    state = tmp_path / "state.sqlite3"
    db = sqlite3.connect(state)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    data = bytearray(state.read_bytes())
    rng = random.Random(3)
    for page in range(4096, len(data), 4096):  # page 1 (the header) stays valid
        data[page + 100 : page + 400] = rng.randbytes(300)
    state.write_bytes(bytes(data))
    capsys.readouterr()
    codes = [main(["--config", str(config), *args]) for args in (["run", "--once"], ["status", "--json"])]
    err = capsys.readouterr().err
    assert codes == [4, 4]
    assert len(err.splitlines()) == 2 and err.count("move it aside") == 2


# -- the server goes away -----------------------------------------------------------------------------


def test_server_restart_mid_batch_is_survived(
    server: Dovecot, triager: Triager, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    user = server.add_user()
    delivered = deliver_customers(server, user, 24)
    config = imap_config(server, user, tmp_path, batch_size=10)
    handled: list[str] = []
    fifth = threading.Event()
    reports: list[CycleReport] = []

    def on_message(outcome: object, decision: str) -> None:
        handled.append(decision)
        if len(handled) == 5:
            fifth.set()

    # The worker runs in a thread so that the server goes down while it works (mid-batch: the first
    # FETCH took 10 messages), not between two of its calls.
    worker = threading.Thread(target=lambda: reports.append(run_once(config, triager, on_message)))
    worker.start()
    assert fifth.wait(30)
    server.restart(pause=0.3)  # every session cut, connections refused for a moment
    worker.join(60)
    assert "connection lost" in caplog.text or "imap.retry" in caplog.text  # the restart was noticed
    while reports[-1].error and len(reports) < 3:  # a pass cut short is finished by the next one
        reports.append(run_once(config, triager))
    assert reports[-1].error is None
    assert sum(r.count("drafted") for r in reports) == 24
    assert_clean(server, user, delivered)


@pytest.mark.parametrize("direction", ["up", "down"])
def test_kick_during_append_never_duplicates_or_loses_a_draft(
    server: Dovecot, triager: Triager, tmp_path: Path, direction: str, caplog: pytest.LogCaptureFixture
) -> None:
    """``up``: kicked as the APPEND command goes out (nothing stored). ``down``: kicked after the
    server stored the draft, before its OK reaches the worker (the retry must find it, not append again).
    """
    caplog.set_level(logging.INFO)
    user = server.add_user()
    delivered = deliver_customers(server, user, 4)
    with Proxy(server.imap_port) as proxy:
        pattern = b" APPEND " if direction == "up" else b"APPENDUID"
        cut = proxy.cut(pattern, direction, action=lambda: server.kick(user))
        config = imap_config(server, user, tmp_path, security="none", port=proxy.port)
        report = run_once(config, triager)
        assert cut.fired.is_set()
        assert proxy.accepted >= 2  # the worker reconnected after the kick
    assert report.error is None and report.count("drafted") == 4
    assert "op=append" in caplog.text
    assert_clean(server, user, delivered)


def test_kick_during_idle_is_survived_by_the_looping_worker(
    server: Dovecot, triager: Triager, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    user = server.add_user()
    delivered = deliver_customers(server, user, 2)
    config = imap_config(server, user, tmp_path, poll_seconds=300)  # only IDLE can wake it in time
    worker = make_worker(config, triager)
    thread = threading.Thread(target=worker.run_forever)
    thread.start()
    try:
        wait_for(lambda: "cycle.done mailbox=support drafted=2" in caplog.text, 15, "the first cycle")
        time.sleep(0.5)  # into IDLE
        assert server.kick(user)
        wait_for(lambda: "imap.connection_lost account=support during=idle" in caplog.text, 5, "the lost IDLE")
        wait_for(lambda: caplog.text.count("cycle.done mailbox=support") >= 2, 10, "a cycle on the new connection")
        time.sleep(0.5)  # back in IDLE (mail sent during a cycle may wait for poll_seconds: see the next test)
        delivered |= deliver_customers(server, user, 2, start=2)
        wait_for(lambda: sum(draft_sources(server, user).values()) == 4, 10, "drafts for mail sent after the kick")
    finally:
        worker.stop.set()
        thread.join(10)
        worker.close()
    assert not thread.is_alive()
    assert_clean(server, user, delivered)


def test_mail_arriving_during_a_cycle_wakes_the_next_wait(server: Dovecot, tmp_path: Path) -> None:
    user = server.add_user()
    deliver_customers(server, user, 1)
    state = StateStore(tmp_path / "cursors.sqlite3")
    box = ImapMailbox(load_config(imap_config(server, user, tmp_path)).mailboxes[0], state)
    box.open()
    try:
        (first,) = list(box.poll(lambda key: False))
        deliver_customers(server, user, 1, start=1)  # after the poll's SEARCH ...
        box.tag(first.key, ("$Triaged",))  # ... announced in the answer to the cycle's last command
        started = time.monotonic()
        assert box.wait_for_new(3, threading.Event()) is True
        assert time.monotonic() - started < 2
    finally:
        box.close()
        state.close()


# -- a server that says nothing -------------------------------------------------------------------------


def test_server_that_never_answers_ends_run_once_with_a_clear_error(
    server: Dovecot, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    user = server.add_user()
    timeout = 1.0
    with BlackHole() as hole:
        config = imap_config(server, user, tmp_path, port=hole.port, timeout_seconds=timeout)
        started = time.monotonic()
        code = main(["--config", str(config), "run", "--once"])
        elapsed = time.monotonic() - started
        assert hole.accepted == RETRY_ATTEMPTS  # bounded: no retry storm
    out = capsys.readouterr().out
    assert code == 1
    assert "error: connect: timed out account=support host=127.0.0.1" in out
    assert elapsed < RETRY_ATTEMPTS * timeout + 3.0


def test_a_connection_that_stalls_mid_batch_times_out_and_the_next_run_finishes(
    server: Dovecot, triager: Triager, tmp_path: Path
) -> None:
    user = server.add_user()
    delivered = deliver_customers(server, user, 6)
    timeout = 1.0
    with Proxy(server.imap_port) as proxy:
        config = imap_config(
            server, user, tmp_path, security="none", port=proxy.port, timeout_seconds=timeout, batch_size=2
        )
        stalled_at: list[float] = []

        def on_message(outcome: object, decision: str) -> None:
            if not stalled_at:
                proxy.stall()  # from now on every read and write of the worker goes unanswered
                stalled_at.append(time.monotonic())

        report = run_once(config, triager, on_message)
        elapsed = time.monotonic() - stalled_at[0]
        assert report.error is not None and "timed out" in report.error
        # the stalled command, then a bounded number of reconnects that get no greeting
        assert elapsed < (RETRY_ATTEMPTS + 1) * timeout + 3.0
        proxy.resume()
        again = run_once(config, triager)
    assert again.error is None
    assert report.count("drafted") + again.count("drafted") == 6
    assert_clean(server, user, delivered)


# -- refused ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("problem", ["name mismatch", "unknown CA"])
def test_unverifiable_certificate_is_refused_with_the_host_named(
    server: Dovecot, triager: Triager, tmp_path: Path, problem: str
) -> None:
    user = server.add_user()
    deliver_customers(server, user, 1)
    if problem == "name mismatch":  # a certificate from the right CA, for another name
        with Proxy(server.imap_port, tls=mismatched_certificate(server, tmp_path)) as proxy:
            config = imap_config(server, user, tmp_path, port=proxy.port)
            started = time.monotonic()
            report = run_once(config, triager)
            assert proxy.accepted == 1  # a certificate problem is not retried
        expected = "IP address mismatch"
    else:  # the real server certificate, but the system CAs do not know the test CA
        config = write_config(tmp_path, server.mailbox_toml(user, tmp_path / "password").replace("ca_file", "# "))
        started = time.monotonic()
        report = run_once(config, triager)
        expected = "unable to get local issuer certificate"
    assert time.monotonic() - started < 2.0
    assert report.error is not None
    assert "TLS certificate of 127.0.0.1 could not be verified" in report.error and expected in report.error
    assert "set ca_file or fix the server certificate" in report.error
    assert draft_sources(server, user) == {}


@pytest.fixture(scope="module")
def refused_login(server: Dovecot, tmp_path_factory: pytest.TempPathFactory) -> tuple[MailUser, float, int, str]:
    """``mailtriage run`` (the service's loop) with a wrong password: (user, seconds, exit code, stderr)."""
    user = server.add_user()
    deliver_customers(server, user, 1)
    folder = tmp_path_factory.mktemp("refused")
    config = imap_config(server, user, folder)
    (folder / "password").write_text("not-the-password\n")
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "--config", str(config), "run"],
        cwd=ROOT, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    return user, time.monotonic() - started, done.returncode, done.stderr


def test_refused_login_exits_3_after_a_single_attempt(server: Dovecot, refused_login: tuple) -> None:
    user, seconds, code, stderr = refused_login
    assert code == 3
    assert seconds < 15
    assert stderr.splitlines()[-1].startswith("mailtriage: error: login refused account=support host=127.0.0.1")
    assert "Traceback" not in stderr and "retry" not in stderr
    log = [line for line in server.log_path.read_text().splitlines() if f"user=<{user.name}>" in line]
    refused = [line for line in log if "auth failed" in line]
    assert len(refused) == 1 and "auth failed, 1 attempts" in refused[0]  # one connection, one LOGIN


def test_refused_login_is_reported_in_one_line(refused_login: tuple) -> None:
    _, _, code, stderr = refused_login
    assert code == 3 and len(stderr.splitlines()) == 1


# -- Drafts folder ----------------------------------------------------------------------------------------


def test_missing_configured_drafts_folder_is_a_config_error(
    server: Dovecot, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    user = server.add_user()
    deliver_customers(server, user, 1)
    config = imap_config(server, user, tmp_path, drafts_folder="Entwürfe")
    assert main(["--config", str(config), "run", "--once"]) == 2
    err = capsys.readouterr().err.strip()
    assert err == (
        "mailtriage: error: [[mailbox]] support: drafts_folder: no folder 'Entwürfe' on 127.0.0.1 "
        "(leave it empty to use the server's \\Drafts folder)"
    )
    assert "Entwürfe" not in server.folders(user)  # not created behind the admin's back


def test_without_a_drafts_folder_one_is_created(
    server: Dovecot, triager: Triager, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    user = server.add_user()
    delivered = deliver_customers(server, user, 2)
    assert set(server.folders(user)) == {"INBOX"}  # this server has no SPECIAL-USE folders
    config = imap_config(server, user, tmp_path)
    report = run_once(config, triager)
    assert report.error is None
    assert "imap.drafts_folder account=support folder=Drafts how=created" in caplog.text
    assert "Drafts" in server.folders(user)
    assert_clean(server, user, delivered)
    run_once(config, triager)  # found by name the next time, not created again
    assert "how=name" in caplog.text


# -- quota ------------------------------------------------------------------------------------------------


def fill_quota(server: Dovecot, user: MailUser, limit: int, delivered: Delivered, room: int = 1200) -> None:
    """Store ballast in a folder of its own so that only ``room`` bytes stay free."""
    used = sum(len(data) for data, _ in delivered.values())
    with server.connect(user) as client:
        client.create_folder("Ballast")
        client.append("Ballast", b"Subject: ballast\r\n\r\n" + b"x" * (limit - used - room - 22))


def free_quota(server: Dovecot, user: MailUser) -> None:
    with server.connect(user) as client:
        client.delete_folder("Ballast")


def test_quota_exceeded_on_append_is_recorded_and_retried(
    server: Dovecot, triager: Triager, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    user = server.add_user(quota="64k")
    delivered = deliver_customers(server, user, 3)
    fill_quota(server, user, 64 * 1024, delivered)
    config = imap_config(server, user, tmp_path)
    full = run_once(config, triager)
    assert full.error is not None and "OVERQUOTA" in full.error
    assert draft_sources(server, user) == {}
    uidvalidity = server.uidvalidity(user)
    state = StateStore(tmp_path / "state.sqlite3")
    record = state.get(MessageKey("support", "INBOX", uidvalidity, str(min(delivered))))
    state.close()
    assert record is not None and record.status == "failed" and "Quota exceeded" in (record.reason or "")
    capsys.readouterr()
    assert main(["--config", str(config), "status", "--json"]) == 0
    status = json.loads(capsys.readouterr().out)["mailboxes"]["support"]
    assert status["failures"][0]["reason"] == record.reason and status["last_cycle"]["error"]

    free_quota(server, user)
    again = run_once(config, triager)
    assert again.error is None and again.count("drafted") == 3
    assert_clean(server, user, delivered)


def test_quota_full_for_several_passes_still_drafts_when_space_returns(
    server: Dovecot, triager: Triager, tmp_path: Path
) -> None:
    user = server.add_user(quota="64k")
    delivered = deliver_customers(server, user, 2)
    fill_quota(server, user, 64 * 1024, delivered)
    config = imap_config(server, user, tmp_path)
    for _ in range(MAX_ATTEMPTS):
        assert run_once(config, triager).error is not None
    free_quota(server, user)
    run_once(config, triager)
    assert_clean(server, user, delivered)
