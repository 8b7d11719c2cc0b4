"""A small crash soak (issue 13): three ``mailtriage run`` processes on one PostgreSQL and twenty Dovecot
mailboxes, mail arriving all the time, a random worker SIGKILLed (and started again) every few seconds.
At the end every message has exactly one draft: none twice, none missed. About 40 s.
"""

from __future__ import annotations

import random
import threading
import time
from pathlib import Path

import pytest
from dovecot import Dovecot
from fleet import LEASE, Fleet, deliver, draft_counts, fleet_config, holder_pid, leases, wait_for
from postgres import Postgres

pytestmark = [pytest.mark.imap, pytest.mark.slow]

MAILBOXES = 20  # the issue asks for twenty
WORKERS = 3
ARRIVING = 20.0  # seconds of mail arriving (and of killing)
KILL_EVERY = (2.0, 5.0)  # seconds between SIGKILLs, at random in this range


def test_sigkills_while_mail_arrives_end_with_one_draft_per_message(
    tmp_path: Path, dovecot: Dovecot, postgres: Postgres
) -> None:
    rng = random.Random(13)
    users = [dovecot.add_user() for _ in range(MAILBOXES)]
    database = postgres.new_database()
    config = fleet_config(tmp_path, "soak", dovecot, users, postgres, database)
    delivered: dict[int, list[int]] = {n: [] for n in range(MAILBOXES)}
    done = threading.Event()

    def mail() -> None:  # a message every ~0.1 s to a random mailbox, until ARRIVING is over
        n = 0
        while not done.is_set():
            box = rng.randrange(MAILBOXES)
            delivered[box] += deliver(dovecot, users[box], n, 1)
            n += 1
            time.sleep(0.1)

    fleet = Fleet(tmp_path)
    kills = 0
    try:
        for w in range(WORKERS):
            fleet.start(f"w{w}", config)
        arrivals = threading.Thread(target=mail, name="arrivals")
        arrivals.start()
        end = time.monotonic() + ARRIVING
        try:
            while time.monotonic() < end:
                time.sleep(rng.uniform(*KILL_EVERY))
                victim = f"w{rng.randrange(WORKERS)}"
                fleet.kill(victim)  # mid-batch, mid-APPEND, mid-heartbeat: wherever it was
                kills += 1
                fleet.start(victim, config)  # systemd's Restart= would do the same
        finally:
            done.set()
            arrivals.join(10)
        total = sum(len(uids) for uids in delivered.values())

        def settled() -> bool:
            counts = draft_counts(dovecot, users, delivered)
            return len(counts) == total and set(counts.values()) == {1}

        # every dead worker's leases expire within LEASE; the rest is drafting what piled up
        assert wait_for(settled, 4 * LEASE + 30, step=0.5), {
            k: v for k, v in draft_counts(dovecot, users, delivered).items() if v != 1
        }
        # every mailbox is held by a live worker: a worker SIGKILLed just before the mail settled held some whose
        # leases run out within LEASE and are taken over on the others' next poll (on a slow machine, not at once)
        assert wait_for(lambda: len(leases(postgres, database)) == MAILBOXES, 2 * LEASE + 10, step=0.2), leases(
            postgres, database
        )
        live = {fleet.procs[f"w{w}"].pid for w in range(WORKERS)}
        for w in range(WORKERS):
            assert fleet.terminate(f"w{w}") == 0
        # a SIGTERMed worker gives its leases back; one SIGKILLed just before the mail settled may still
        # hold some (nobody needed them yet): those run out within LEASE, they are never renewed
        held = leases(postgres, database)
        assert not {box: h for box, h in held.items() if holder_pid(h) in live}, held
        assert wait_for(lambda: leases(postgres, database) == {}, LEASE + 2, step=0.2), leases(postgres, database)
        print(f"soak: {total} messages, {MAILBOXES} mailboxes, {WORKERS} workers, {kills} SIGKILLs: one draft each")
        assert kills >= 4 and total >= 100
    finally:
        fleet.close()
    assert set(draft_counts(dovecot, users, delivered).values()) == {1}  # nothing more came after SIGTERM
