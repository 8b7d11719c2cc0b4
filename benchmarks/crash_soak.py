"""Kill loop: SIGKILL ``mailtriage run`` at random moments against a real Dovecot, then count the drafts.

A private Dovecot (``tests/dovecot.py``, mail on /dev/shm) gets a few hundred mixed messages (customer
mail that must get a draft, auto-replies, bounces, list mail, the inbox's own mail, our own drafts
forwarded back). Then, ``--kills`` times: start ``python -m pipeline.cli -vv run`` (the looping worker
with IDLE), SIGKILL it at a moment chosen by a seeded RNG, deliver a few new messages, start again.
Kill moments are weighted toward the first second (of the process, and of its IMAP session) and
toward streaks of APPENDs (right after the n-th draft was appended). Afterwards:

1. ``run --once`` finishes the work;
2. the state file (with its -wal/-shm) is deleted, more mail arrives, ``run --once`` again;
3. the state file is overwritten with garbage: ``run --once`` must stop with exit 4 and one line;
   the file is moved aside (the documented recovery), more mail arrives, ``run --once`` again.

Then INBOX and Drafts are audited: every draftable message has exactly one draft (by
``X-Mailtriage-Source``), none has two, no draft answers a machine, and every original is still in
INBOX with the same bytes and without ``\\Seen``.

    .venv/bin/python benchmarks/crash_soak.py --kills 50 --seed 1 [--messages 300] [--keep DIR]

Exit status 0 when the audit is clean, 1 otherwise. ``soak()`` is what tests/test_faults.py runs.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT)]  # tests/dovecot.py and tests/faultserver.py

from dovecot import Dovecot, MailUser  # noqa: E402
from faultserver import Audit, audit, deliver_many, imap_config, mixed_mail, own_address  # noqa: E402

#: How a kill moment is chosen, and how often (weights).
KILL_MODES = {"startup": 0.15, "first-second": 0.3, "append-streak": 0.45, "idle": 0.1}
STREAK_TIMEOUT = 10.0  # seconds an append-streak round waits for its n-th APPEND before killing anyway
APPEND_EVENT = re.compile(r"\b(imap|draft)\.append(ed)?\b")
CONNECTED = "imap.connected"
READY_TIMEOUT = 30.0  # seconds for a worker to reach its IMAP session (the machine may be busy)
FINISH_TIMEOUT = 300.0


class WorkerProcess:
    """``python -m pipeline.cli --config FILE -vv ARGS`` as a child; its stderr lines with arrival times."""

    def __init__(self, config: Path, *args: str, log: Path | None = None) -> None:
        self.started = time.monotonic()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "pipeline.cli", "--config", str(config), "-vv", *args],
            cwd=ROOT,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: list[tuple[float, str]] = []
        self.stdout = ""
        self._changed = threading.Condition()
        self._log = log
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self._out = threading.Thread(target=self._read_stdout, daemon=True)
        self._out.start()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            with self._changed:
                self.lines.append((time.monotonic(), line.rstrip("\n")))
                self._changed.notify_all()
        with self._changed:
            self._changed.notify_all()

    def _read_stdout(self) -> None:
        assert self.proc.stdout is not None
        self.stdout = self.proc.stdout.read()

    def count(self, predicate: Callable[[str], bool]) -> int:
        with self._changed:
            return sum(1 for _, line in self.lines if predicate(line))

    def wait_for(self, predicate: Callable[[str], bool], n: int = 1, timeout: float = 10.0) -> float | None:
        """Arrival time of the ``n``-th line matching ``predicate``; None on timeout or exit."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                hits = [t for t, line in self.lines if predicate(line)]
                if len(hits) >= n:
                    return hits[n - 1]
                left = deadline - time.monotonic()
                if left <= 0 or (self.proc.poll() is not None and not self._reader.is_alive()):
                    return None
                self._changed.wait(min(left, 0.05))

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
        self.finish(10)

    def finish(self, timeout: float) -> int:
        """Wait for the exit (SIGKILL after ``timeout``); the exit code."""
        try:
            code = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            code = self.proc.wait(10)
        self._reader.join(5)
        self._out.join(5)
        if self._log is not None:
            self._log.write_text("\n".join(line for _, line in self.lines) + "\n")
        return code

    @property
    def stderr(self) -> str:
        return "\n".join(line for _, line in self.lines)


@dataclass
class SoakResult:
    kills: int = 0
    modes: Counter[str] = field(default_factory=Counter)
    killed_mid_streak: int = 0  # kills that landed after at least one append of that run
    reconciled: int = 0  # drafts a restart found in Drafts for a message left "claimed" by a kill
    rounds_without_session: int = 0
    finish_exit: int | None = None
    after_state_loss_exit: int | None = None
    corrupt_exit: int | None = None
    corrupt_stderr: str = ""
    recovered_exit: int | None = None
    audit: Audit | None = None
    elapsed: float = 0.0

    @property
    def ok(self) -> bool:
        return (
            self.audit is not None
            and self.audit.ok
            and (self.corrupt_exit in (None, 4))
            and self.finish_exit in (0, 1)
            and self.after_state_loss_exit in (0, 1)
        )


class Mailbox:
    """What was delivered to the soak user: UID -> (bytes, draftable)."""

    def __init__(self, dovecot: Dovecot, user: MailUser, rng: random.Random) -> None:
        self.dovecot, self.user, self.rng = dovecot, user, rng
        self.delivered: dict[int, tuple[bytes, bool]] = {}

    def deliver(self, count: int) -> None:
        if count <= 0:
            return
        mail = mixed_mail(count, self.rng, own=own_address(self.user), start=len(self.delivered))
        uids = deliver_many(self.dovecot, self.user, [data for data, _ in mail])
        self.delivered.update(zip(uids, mail, strict=True))


def state_files(state: Path) -> list[Path]:
    return [state, state.with_name(state.name + "-wal"), state.with_name(state.name + "-shm")]


def one_round(config: Path, rng: random.Random, mail: Mailbox, result: SoakResult, log: Path | None) -> None:
    """Start the worker, kill it at a moment chosen by ``rng`` (deliver mail while it idles)."""
    mode = rng.choices(list(KILL_MODES), weights=list(KILL_MODES.values()))[0]
    result.modes[mode] += 1
    worker = WorkerProcess(config, "run", log=log)
    try:
        if mode == "startup":
            time.sleep(rng.uniform(0.0, 1.0))
        else:
            connected = worker.wait_for(lambda line: CONNECTED in line, timeout=READY_TIMEOUT)
            if connected is None:
                result.rounds_without_session += 1
            elif mode == "first-second":
                _sleep_until(connected + rng.uniform(0.0, 1.0))
            elif mode == "append-streak":
                n = rng.randint(1, 8)
                # a loaded machine (the whole suite on 2 cores) can take several seconds to the first APPEND:
                # waiting only 2 s let every streak round of a CI run end before any append (killed_mid_streak 0)
                at = worker.wait_for(lambda line: bool(APPEND_EVENT.search(line)), n, timeout=STREAK_TIMEOUT)
                if at is not None and rng.random() < 0.5:  # else at once: aim at the append -> mark window
                    time.sleep(rng.uniform(0.0, 0.02))
            else:  # idle: new mail arrives during IDLE, the kill comes while (or after) it is handled
                time.sleep(rng.uniform(0.3, 1.5))
                mail.deliver(rng.randint(1, 4))
                time.sleep(rng.uniform(0.0, 1.5))
        if worker.count(lambda line: bool(APPEND_EVENT.search(line))):
            result.killed_mid_streak += 1
    finally:
        worker.kill()
        result.kills += 1


def _sleep_until(moment: float) -> None:
    time.sleep(max(0.0, moment - time.monotonic()))


def run_once(config: Path, log: Path | None) -> WorkerProcess:
    worker = WorkerProcess(config, "run", "--once", "--quiet", log=log)
    worker.finish(FINISH_TIMEOUT)
    return worker


def soak(
    *,
    kills: int,
    seed: int,
    messages: int,
    workdir: Path,
    dovecot: Dovecot | None = None,
    corrupt: bool = True,
    progress: Callable[[str], None] | None = None,
) -> SoakResult:
    """The whole soak (see the module docstring) in ``workdir``; a private Dovecot unless one is given."""
    started = time.monotonic()
    say = progress or (lambda _text: None)
    own_server = dovecot is None
    server = dovecot or Dovecot()
    if own_server:
        server.start()
    try:
        rng = random.Random(seed)
        user = server.add_user()
        mail = Mailbox(server, user, rng)
        mail.deliver(messages)
        config = imap_config(server, user, workdir, poll_seconds=30)
        state = workdir / "state.sqlite3"
        logs = workdir / "logs"
        logs.mkdir(exist_ok=True)
        result = SoakResult()
        for n in range(kills):
            one_round(config, rng, mail, result, logs / f"kill-{n:03d}.log")
            burst = rng.random()
            mail.deliver(0 if burst < 0.2 else rng.randint(15, 30) if burst > 0.9 else rng.randint(1, 4))
            if (n + 1) % 10 == 0:
                say(f"{n + 1} kills, {len(mail.delivered)} messages, {time.monotonic() - started:.0f} s")

        mail.deliver(5)
        result.finish_exit = run_once(config, logs / "finish.log").proc.returncode

        for file in state_files(state):  # the state store is lost
            file.unlink(missing_ok=True)
        mail.deliver(10)
        result.after_state_loss_exit = run_once(config, logs / "after-state-loss.log").proc.returncode

        if corrupt:
            for file in state_files(state)[1:]:
                file.unlink(missing_ok=True)
            state.write_bytes(random.Random(seed).randbytes(64 * 1024))
            mail.deliver(5)
            broken = run_once(config, logs / "corrupt.log")
            result.corrupt_exit = broken.proc.returncode
            result.corrupt_stderr = broken.stderr.strip()
            for file in state_files(state):  # the documented recovery: move it aside
                if file.exists():
                    file.rename(file.with_name(file.name + ".corrupt"))
            result.recovered_exit = run_once(config, logs / "recovered.log").proc.returncode

        result.reconciled = sum(log.read_text().count("draft.reconciled") for log in logs.glob("*.log"))
        result.audit = audit(server, user, mail.delivered)
        result.elapsed = time.monotonic() - started
        return result
    finally:
        if own_server:
            server.stop()


def report(result: SoakResult, *, kills: int, seed: int) -> str:
    a = result.audit
    assert a is not None
    modes = ", ".join(f"{mode} {n}" for mode, n in sorted(result.modes.items()))
    lines = [
        f"crash soak: seed {seed}, {result.kills} kills ({modes}); {result.killed_mid_streak} after an APPEND, "
        f"{result.reconciled} between an APPEND and its done mark (found in Drafts on restart)",
        f"messages {a.messages} (draftable {a.draftable}), drafts {a.drafts}, duplicates {a.duplicates}, "
        f"misses {len(a.misses)}, drafts for machines {len(a.unexpected)}, originals seen {len(a.seen)}, "
        f"changed/moved {len(a.changed)}",
        f"exit codes: finish {result.finish_exit}, after state loss {result.after_state_loss_exit}, "
        f"corrupt state {result.corrupt_exit}, after moving it aside {result.recovered_exit}",
    ]
    if result.corrupt_stderr:
        lines.append(f"corrupt state said: {result.corrupt_stderr}")
    if a.misses or a.unexpected or a.seen or a.changed:
        lines.append(
            f"misses {a.misses[:20]} unexpected {a.unexpected[:5]} seen {a.seen[:20]} changed {a.changed[:20]}"
        )
    lines.append(f"elapsed {result.elapsed:.1f} s; {'OK' if result.ok else 'FAILED'}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--kills", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--messages", type=int, default=300, help="delivered before the first start")
    parser.add_argument("--keep", type=Path, help="keep config, state and worker logs in this folder")
    args = parser.parse_args(argv)
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="mailtriage-soak-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        result = soak(
            kills=args.kills, seed=args.seed, messages=args.messages, workdir=workdir,
            progress=lambda text: print(text, file=sys.stderr, flush=True),
        )  # fmt: skip
        print(report(result, kills=args.kills, seed=args.seed))
        return 0 if result.ok else 1
    finally:
        if args.keep is None:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
