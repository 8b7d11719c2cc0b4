"""Several workers on one PostgreSQL (issue 13): mailbox leases, failover, SIGTERM, a worker cut off.

The lease logic is tested first on its own, against the real server with an injected monotonic clock
(the timing guarantee of ``pipeline.lease_keeper``); then with real ``mailtriage run`` processes on the
suite's Dovecot and PostgreSQL (``tests/fleet.py``), a 3-second lease and no mocks.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest
from dovecot import Dovecot
from fleet import LEASE, Fleet, deliver, draft_counts, fleet_config, holder_pid, leases, log_times, wait_for
from postgres import Postgres

from pipeline.cli import main
from pipeline.errors import LeaseLost
from pipeline.lease_keeper import LeaseKeeper
from pipeline.message import MessageKey
from pipeline.settings import StateSettings
from pipeline.state import Decision, open_state
from pipeline.state.leases import lease_rows
from pipeline.state.postgres import POOL_MAX

pytestmark = pytest.mark.imap

KEY = MessageKey("box0", "INBOX", 7, "1")


# -- the keeper on its own ---------------------------------------------------------------------------


def test_a_lease_is_trusted_until_a_third_is_left_and_taken_over_only_once_expired(
    postgres_state: StateSettings, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    store = open_state(replace(postgres_state, lease_seconds=2))
    now = [100.0]  # worker a's monotonic clock, moved by hand
    a = LeaseKeeper(store.share(), 2, holder="host-a:1:aaaaaa", clock=lambda: now[0])
    b = LeaseKeeper(store.share(), 2, holder="host-b:2:bbbbbb")
    a.wanted = b.wanted = ("box0",)
    try:
        a.tick()
        assert set(a.held()) == {"box0"}
        guard = a.guard("box0")
        now[0] += 2 - 2 / 3 - 0.01  # the last moment a write may start: a third of the lease left
        guard.check()
        now[0] += 0.02
        with pytest.raises(LeaseLost):
            guard.check()
        with pytest.raises(LeaseLost):  # and so no claim either, before the database is even asked
            guard.claim([(KEY, Decision())])
        assert store.query("SELECT COUNT(*) FROM messages")[0][0] == 0

        wait = b.tick()  # the lease is a's in the database for up to 2 s more: b waits for its expiry
        assert b.held() == {} and 0 < wait <= 2 + 0.1
        time.sleep(2.05)  # expired in the database now; a has not renewed
        with pytest.raises(LeaseLost):  # the database refuses a's claim too, even if a's clock said yes
            a.table.claim("box0", [(KEY, Decision())])
        assert store.query("SELECT COUNT(*) FROM messages")[0][0] == 0
        b.tick()
        assert (
            set(b.held()) == {"box0"}
            and "lease.acquired mailbox=box0 holder=host-b:2:bbbbbb from=host-a" in caplog.text
        )
        a.tick()  # a's renewal finds the lease gone
        assert a.held() == {} and "lease.lost mailbox=box0 holder=host-a:1:aaaaaa" in caplog.text
        [row] = lease_rows(store)
        assert row["mailbox"] == "box0" and row["holder"] == "host-b:2:bbbbbb" and 0 < row["expires_in"] <= 2
    finally:
        a.stop()
        b.stop()
        store.close()


def test_workers_share_the_mailboxes_evenly_and_hand_leases_back(postgres_state: StateSettings) -> None:
    store = open_state(postgres_state)
    boxes = tuple(f"box{n}" for n in range(5))
    c, d = (LeaseKeeper(store.share(), 60, holder=f"host:{n}:cafe00") for n in (1, 2))
    c.wanted = d.wanted = boxes
    try:
        c.tick()  # alone: takes every mailbox
        assert set(c.held()) == set(boxes)
        d.tick()  # two workers now, nothing free yet
        assert d.held() == {}
        c.tick()  # c holds more than ceil(5 / 2) = 3: gives two back once their work has stopped
        assert len(c.surrendered()) == 2
        c.release(sorted(c.surrendered()))
        d.tick()
        assert (len(c.held()), len(d.held())) == (3, 2) and not set(c.held()) & set(d.held())
        c.stop(leave=True)  # SIGTERM: every lease handed back at once, the worker row gone
        assert {r["holder"] for r in lease_rows(store)} == {d.holder}
        assert store.query("SELECT worker FROM workers") == [(d.holder,)]
        d.tick()
        assert set(d.held()) == set(boxes)
    finally:
        d.stop()
        store.close()


def test_the_heartbeat_renews_while_the_mailbox_threads_hold_every_pooled_connection(
    postgres_state: StateSettings,
) -> None:
    store = open_state(postgres_state)
    keeper = LeaseKeeper(store.share(), 60, holder="host:3:beef00", beat_store=store.apart())
    keeper.wanted = ("box0",)
    release = threading.Event()
    busy: list[threading.Thread] = []

    def hold() -> None:  # a mailbox thread in a long statement
        with store.pool.connection():  # type: ignore[attr-defined]
            release.wait(30)

    try:
        busy = [threading.Thread(target=hold) for _ in range(POOL_MAX)]
        for thread in busy:
            thread.start()
        wait_for(lambda: store.pool.get_stats().get("pool_available", 0) == 0, 10)  # type: ignore[attr-defined]
        started = time.monotonic()
        keeper.tick()  # would wait for a pooled connection (10 s, then fail) without its own
        assert time.monotonic() - started < 2.0 and keeper.valid("box0")
    finally:
        release.set()
        for thread in busy:
            thread.join()
        keeper.stop(leave=True)
        store.close()


# -- worker processes ----------------------------------------------------------------------------


def test_two_workers_split_the_mailboxes_a_killed_one_is_taken_over_and_sigterm_hands_back(
    tmp_path: Path, dovecot: Dovecot, postgres: Postgres, capsys: pytest.CaptureFixture[str]
) -> None:
    users = [dovecot.add_user() for _ in range(4)]
    database = postgres.new_database()
    config = fleet_config(tmp_path, "fleet", dovecot, users, postgres, database)
    delivered = {n: deliver(dovecot, u, 0, 3) for n, u in enumerate(users)}
    fleet = Fleet(tmp_path)
    try:
        first, second = fleet.start("w1", config), fleet.start("w2", config)
        pids = {first.pid: "w1", second.pid: "w2"}

        def split() -> bool:  # every mailbox held, two each
            holders = [holder_pid(h) for h in leases(postgres, database).values()]
            return len(holders) == 4 and sorted(holders.count(p) for p in pids) == [2, 2]

        assert wait_for(split, 60), leases(postgres, database)
        assert main(["--config", str(config), "status", "--json"]) == 0  # who holds which mailbox, since when
        shown = json.loads(capsys.readouterr().out)["leases"]
        assert {row["mailbox"]: row["holder"] for row in shown} == leases(postgres, database)
        assert all(row["since"] <= time.time() and 0 < row["expires_in"] <= LEASE for row in shown)
        assert main(["--config", str(config), "status"]) == 0
        text = capsys.readouterr().out
        assert all(f"lease box{n}: held by " in text and " since " in text for n in range(4)), text
        assert wait_for(lambda: set(draft_counts(dovecot, users, delivered).values()) == {1}, 30)
        killed = next(p for p in pids if p in map(holder_pid, leases(postgres, database).values()))
        survivor = next(p for p in pids if p != killed)
        fleet.kill(pids[killed])
        killed_at = time.monotonic()
        for n, user in enumerate(users):  # mail goes on arriving
            delivered[n] += deliver(dovecot, user, 3, 2)
        taken = wait_for(lambda: {holder_pid(h) for h in leases(postgres, database).values()} == {survivor}
                         and len(leases(postgres, database)) == 4, LEASE + 10, step=0.02)  # fmt: skip
        takeover = time.monotonic() - killed_at
        assert taken, fleet.log(pids[survivor])[-3000:]
        print(f"takeover after SIGKILL: {takeover:.2f} s (lease {LEASE:g} s)")
        assert takeover <= LEASE + 1.0  # the survivor wakes when the dead worker's leases expire
        counts = wait_for(lambda: (c := draft_counts(dovecot, users, delivered)) and set(c.values()) == {1} and c, 30)
        assert counts and len(counts) == 20, draft_counts(dovecot, users, delivered)  # no duplicate, none missed

        fleet.procs[pids[survivor]].send_signal(15)
        stopped_at = time.monotonic()
        assert fleet.procs[pids[survivor]].wait(timeout=15) == 0
        assert leases(postgres, database) == {}  # handed back at once, not left to expire
        assert time.monotonic() - stopped_at < 5
        log = fleet.log(pids[survivor])
        assert "lease.left" in log and "Traceback" not in log
    finally:
        fleet.close()


def test_a_worker_cut_off_from_the_database_stops_writing_before_its_lease_can_pass(
    tmp_path: Path, dovecot: Dovecot, postgres: Postgres
) -> None:
    users = [dovecot.add_user() for _ in range(2)]
    database = postgres.new_database()
    role = f"cut_{database}"
    with postgres.admin() as admin:  # worker a logs in as a role of its own, so it alone can be cut off
        admin.execute(f"CREATE ROLE {role} LOGIN SUPERUSER PASSWORD '{postgres.password}'")
    config_a = fleet_config(tmp_path, "a", dovecot, users, postgres, database, user=role)
    config_b = fleet_config(tmp_path, "b", dovecot, users, postgres, database)
    delivered = {n: deliver(dovecot, u, 0, 2) for n, u in enumerate(users)}
    fleet = Fleet(tmp_path)
    try:
        fleet.start("a", config_a)
        assert wait_for(lambda: len(leases(postgres, database)) == 2, 60), fleet.log("a")[-3000:]
        assert wait_for(lambda: set(draft_counts(dovecot, users, delivered).values()) == {1}, 30)
        fleet.start("b", config_b)  # b waits: a holds both mailboxes and is alive
        with postgres.admin() as admin:  # the cut: a's connections end, and it cannot log in again
            admin.execute(f"ALTER ROLE {role} NOLOGIN")
            admin.execute(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '{role}'")
        for n, user in enumerate(users):
            delivered[n] += deliver(dovecot, user, 2, 2)
        b_holds = {"box0", "box1"}
        assert wait_for(lambda: set(leases(postgres, database)) == b_holds and "lease.acquired mailbox=box1"
                        in fleet.log("b") and "lease.acquired mailbox=box0" in fleet.log("b"), 30)  # fmt: skip
        assert wait_for(lambda: set(draft_counts(dovecot, users, delivered).values()) == {1}, 30), draft_counts(
            dovecot, users, delivered
        )
        a_log, b_log = fleet.log("a"), fleet.log("b")
        assert fleet.alive("a")  # it keeps trying to reach the database, writing nothing
        for box in ("box0", "box1"):
            (stopped,) = log_times(a_log, f"mailbox.stopping mailbox={box} why=lease-untrusted")
            (acquired,) = log_times(b_log, f"lease.acquired mailbox={box}")
            # a stopped a third of the lease before b could take over (0.25 s: the supervisor's step)
            assert (acquired - stopped).total_seconds() >= LEASE / 3 - 0.25, (stopped, acquired)
            wrote = log_times(a_log, f"message mailbox={box} ")
            assert not wrote or max(wrote) < stopped
    finally:
        fleet.close()
