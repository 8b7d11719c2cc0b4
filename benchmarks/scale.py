"""Many mailboxes, several workers: drafts per second, arrival-to-draft latency, failover, connections, memory.

A private Dovecot (``tests/dovecot.py``, process limits raised for a TLS session per mailbox) and PostgreSQL
(``tests/postgres.py``). For each ``--workers`` count: ``--mailboxes`` new Dovecot users as mailboxes in a
``mailboxes_dir`` of one file each, a new database, ``lease_seconds = --lease``, that many ``mailtriage -v
run`` processes (``tests/fleet.py``). Once every mailbox is leased, evenly, and through its first cycle, and
one message per mailbox has warmed the workers up (their first drafts fill caches: ~1 s each):

1. steady: for ``--seconds``, a customer message every 1/``--rate`` s to a mailbox picked at random
   (seeded), each by an APPEND over a login of its own (``fleet.deliver``). Latency runs from the APPEND's
   answer to the worker's ``message ... decision=drafted`` log line, written once the draft's APPEND, its
   done mark and the tag on the original are through: a few ms late, never early, on this machine's clock
   to the ms. (A draft's INTERNALDATE has whole seconds; polling 200 Drafts folders would load the server
   measured.) Drafts per second in the window; kept up: a backlog of at most 2 s of arrivals at its end;
2. burst: ``--burst`` messages to every mailbox at once; drafts per second from the first delivery to the
   last draft (what the workers can do), and CPU per draft of the workers, Dovecot (the feeder's logins
   included), PostgreSQL, this process and everything else (other jobs, the kernel's loopback and TLS);
3. failover (``--failover`` workers only): while mail arrives, SIGKILL one worker; seconds until a survivor
   holds the lease of every one of its mailboxes (``fleet.leases``, polled every 20 ms), until the first
   draft in one of them, and the longest wait for a draft of the mail they got after the kill;
4. exactly-once: every delivered message has one draft (``X-Mailtriage-Source`` in Drafts), none twice.

Each second: database connections per worker (``pg_stat_activity``, ``application_name``), peak RSS
(``VmHWM``). The first configuration is the ratios' baseline, in the same run. The 2 cores are shared with
other jobs, Dovecot, PostgreSQL and the feeder. Dovecot watches each IDLE session's mailbox with an inotify
instance of the mail uid (``nobody`` as root, shared with every test Dovecot here); past
``fs.inotify.max_user_instances`` (128 by default) it looks only every 30 s: as root the limit is raised
for the run and put back after.

    .venv/bin/python benchmarks/scale.py [--mailboxes 200] [--workers 1,2,4] [--rate 10] [--seconds 60]
        [--burst 5] [--lease 5] [--failover 2] [--seed 13] [--keep DIR]
"""

from __future__ import annotations

import argparse
import contextlib
import math
import os
import random
import re
import shutil
import signal
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT)]  # the test suite's Dovecot, PostgreSQL and fleet helpers

import fleet  # noqa: E402
from dovecot import Dovecot, MailUser  # noqa: E402
from postgres import Postgres  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")
DRAFT_MS = re.compile(r" decision=drafted .* ms=([\d.]+)")
TROUBLE = ("imap.retry", "mailbox.retry", "cycle.failed", "lease.lost", "why=lease-untrusted",
           "lease.heartbeat_failed", "imap.connection_lost", "Traceback")  # fmt: skip
READY_TIMEOUT = DRAIN_TIMEOUT = 240.0
INOTIFY = Path("/proc/sys/fs/inotify/max_user_instances")
Key = tuple[str, int]  # (mailbox, uid)


class RoomyDovecot(Dovecot):
    """The suite's Dovecot with room for a session per mailbox: its config allows 200 imap processes, and
    each TLS session also keeps an imap-login process (Dovecot's default limit: 100)."""

    def __init__(self, sessions: int) -> None:
        super().__init__()
        self.sessions = sessions

    def _config(self) -> str:
        text = super()._config().replace("process_limit = 200", f"process_limit = {self.sessions}")
        return f"default_process_limit = {self.sessions}\ndefault_client_limit = {4 * self.sessions}\n{text}"


@contextlib.contextmanager
def inotify_room(sessions: int) -> Iterator[str]:
    """An inotify instance for each of ``sessions`` IDLE sessions (see the module docstring), meanwhile."""
    old, need = int(INOTIFY.read_text()), 4 * sessions  # other test Dovecots here use the same uid
    if old >= need:
        yield f"fs.inotify.max_user_instances {old}"
        return
    if os.geteuid() != 0:
        raise SystemExit(f"fs.inotify.max_user_instances is {old}: Dovecot cannot watch {sessions} mailboxes "
                         f"for IDLE; run: sudo sysctl fs.inotify.max_user_instances={need}")  # fmt: skip
    INOTIFY.write_text(str(need))
    try:
        yield f"fs.inotify.max_user_instances raised from {old} to {need} for this run"
    finally:
        if int(INOTIFY.read_text()) == need:  # unless someone changed it meanwhile
            INOTIFY.write_text(str(old))


def cpu(roots: dict[str, list[int]]) -> dict[str, float]:
    """CPU seconds so far of each group of process trees (reaped children included), of this process
    alone ("benchmark": the feeder, the sampler, reading logs) and of the whole machine."""
    table: dict[int, tuple[int, float]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = stat.read_text().rsplit(")", 1)[1].split()  # state, ppid, ...; utime..cstime: 11..14
            table[int(stat.parent.name)] = (int(fields[1]), sum(int(f) for f in fields[11:15]) / TICK)
    children: defaultdict[int, list[int]] = defaultdict(list)
    for pid, (parent, _) in table.items():
        children[parent].append(pid)
    out = {}
    for group, pids in roots.items():
        todo, out[group] = list(pids), 0.0
        while todo:
            pid = todo.pop()
            out[group] += table.get(pid, (0, 0.0))[1]
            todo += children[pid]
    out["benchmark"] = sum(os.times()[:2])  # user and system
    ticks = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    out["machine"] = (sum(ticks) - ticks[3] - ticks[4] - ticks[7]) / TICK  # not idle, iowait or stolen
    return out


class Sampler(threading.Thread):
    """Every second: each live worker's database connections (the most seen) and peak RSS (VmHWM)."""

    def __init__(self, postgres: Postgres, database: str, workers: fleet.Fleet) -> None:
        super().__init__(name="sampler", daemon=True)
        self.postgres, self.database, self.fleet = postgres, database, workers
        self.conns: Counter[int] = Counter()
        self.rss: dict[int, float] = {}
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(1.0):
            for pid, n in fleet.connections(self.postgres, self.database).items():
                self.conns[pid] = max(self.conns[pid], n)
            for proc in list(self.fleet.procs.values()):
                with contextlib.suppress(OSError, StopIteration):  # gone
                    status = Path(f"/proc/{proc.pid}/status").read_text().splitlines()
                    self.rss[proc.pid] = next(int(x.split()[1]) for x in status if x.startswith("VmHWM")) / 1024

    def stop(self) -> None:
        self.done.set()
        if self.is_alive():
            self.join(10)


class Feeder:
    """Delivers customer messages (``fleet.deliver``: a login, then the APPENDs) and remembers when."""

    def __init__(self, dovecot: Dovecot, users: list[MailUser], rng: random.Random) -> None:
        self.dovecot, self.users, self.rng = dovecot, users, rng
        self.delivered: dict[int, list[int]] = defaultdict(list)  # mailbox index -> UIDs (for draft_counts)
        self.sent: dict[Key, float] = {}  # -> when the APPEND was answered
        self.count = 0

    def to(self, box: int, count: int) -> None:
        uids = fleet.deliver(self.dovecot, self.users[box], self.count, count)
        now, self.count = time.time(), self.count + count
        self.delivered[box] += uids
        self.sent.update({(f"box{box}", uid): now for uid in uids})

    def steady(self, rate: float, seconds: float) -> None:
        """One message every 1/rate s for ``seconds`` (at once when behind, so the rate holds on average)."""
        start, n = time.monotonic(), 0
        while (due := start + n / rate) < start + seconds:
            time.sleep(max(0.0, due - time.monotonic()))
            self.to(self.rng.randrange(len(self.users)), 1)
            n += 1

    def since(self, moment: float) -> dict[Key, float]:  # call it while no thread delivers
        return {key: t for key, t in self.sent.items() if t >= moment}


def drain(drafts: fleet.DraftLog, sent: dict[Key, float]) -> dict[Key, float]:
    """Wait until every message of ``sent`` has been drafted; the draft times."""
    if not fleet.wait_for(lambda: sent.keys() <= drafts.update().keys(), DRAIN_TIMEOUT, step=0.5):
        missing = sorted(sent.keys() - drafts.seen.keys())
        raise SystemExit(f"{len(missing)} messages without a draft {DRAIN_TIMEOUT:.0f} s on, e.g. {missing[:5]}")
    return drafts.seen


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(p * len(ordered)) - 1))]


def trouble(workers: fleet.Fleet, marks: dict[str, int], after: bool) -> str:
    """The TROUBLE lines of the workers' logs before (or after) each log's ``marks`` offset, counted."""
    logs = {name: workers.log_path(name).read_bytes() for name in workers.procs}
    text = b"".join(data[marks[name] :] if after else data[: marks[name]] for name, data in logs.items())
    found = Counter(t for line in text.decode(errors="replace").splitlines() for t in TROUBLE if t in line)
    return ", ".join(f"{t} {n}" for t, n in sorted(found.items())) or "none"


class Run:
    """One configuration on new mailboxes and a new database: ``figures`` for the summary, ``lines`` to print."""

    def __init__(self, args: argparse.Namespace, dovecot: RoomyDovecot, postgres: Postgres, workers: int,
                 folder: Path) -> None:  # fmt: skip
        self.args, self.dovecot, self.postgres, self.workers = args, dovecot, postgres, workers
        self.users = [dovecot.add_user() for _ in range(args.mailboxes)]
        self.database = postgres.new_database()
        folder.mkdir()
        self.config = fleet.fleet_config(folder, "scale", dovecot, self.users, postgres, self.database,
                                         lease=args.lease, mailboxes_dir=True)  # fmt: skip
        self.feeder = Feeder(dovecot, self.users, random.Random(args.seed + workers))
        self.fleet = fleet.Fleet(folder, die_with_us=True)
        self.sampler, self.drafts = Sampler(postgres, self.database, self.fleet), fleet.DraftLog(self.fleet)
        self.figures: dict[str, float] = {}
        self.lines: list[str] = []

    def measure(self) -> None:
        pg, n = self.postgres, len(self.users)
        try:
            started = time.monotonic()
            for w in range(self.workers):
                self.fleet.start(f"w{w}", self.config)
            if not fleet.wait_for(lambda: fleet.settled(self.fleet, pg, self.database, n), READY_TIMEOUT, 0.5):
                raise SystemExit(f"not ready after {READY_TIMEOUT:.0f} s\n" + self.fleet.log("w0")[-3000:])
            self.figures["ready"] = time.monotonic() - started
            marks = {name: self.fleet.log_path(name).stat().st_size for name in self.fleet.procs}
            most = max(Counter(fleet.holders(pg, self.database).values()).values())
            self.lines.append(f"ready in {self.figures['ready']:.1f} s: {n} mailboxes leased ({most} at most per "
                              "worker), each through its first cycle")  # fmt: skip
            self.sampler.start()
            roots = {"workers": [p.pid for p in self.fleet.procs.values()],  # the servers' pid files:
                     "dovecot": [int((self.dovecot.root / "run" / "master.pid").read_text())],
                     "postgres": [int((pg.data / "postmaster.pid").read_text().split()[0])]}  # fmt: skip
            count, _, took = self.deliver_all(1)  # not measured: a worker's first drafts fill its caches
            self.lines.append(f"warm-up: {count} messages, one per mailbox, all drafted {took:.1f} s after the first")
            self.steady(roots)
            self.burst(roots)
            if self.workers == self.args.failover:
                self.failover()
            self.exactly_once()
            self.sampler.stop()
            conns = [self.sampler.conns[p.pid] for p in self.fleet.procs.values() if p.pid in self.sampler.conns]
            rss = [self.sampler.rss[p.pid] for p in self.fleet.procs.values() if p.pid in self.sampler.rss]
            self.figures.update(conns=max(conns), rss=max(rss))
            self.lines += [f"per worker: database connections at most {', '.join(map(str, conns))}; peak RSS "
                           f"{', '.join(f'{r:.0f}' for r in rss)} MiB", "retries, lost leases and errors in the "
                           f"worker logs: {trouble(self.fleet, marks, True)}; during start-up: "
                           f"{trouble(self.fleet, marks, False)}"]  # fmt: skip
        finally:
            self.sampler.stop()
            self.fleet.close()

    def steady(self, roots: dict[str, list[int]]) -> None:
        args, fig = self.args, self.figures
        t0, c0 = time.time(), cpu(roots)
        self.feeder.steady(args.rate, args.seconds)
        t1, c1 = time.time(), cpu(roots)
        sent = self.feeder.since(t0)
        done = drain(self.drafts, sent)
        latency = [done[key] - t for key, t in sent.items()]
        backlog = sum(1 for key in sent if done[key] > t1)
        fig.update(drafts=(len(sent) - backlog) / (t1 - t0), p50=percentile(latency, 0.5),
                   p99=percentile(latency, 0.99), kept=float(backlog <= 2 * args.rate))  # fmt: skip
        self.lines.append(f"steady: {len(sent)} delivered in {t1 - t0:.1f} s ({len(sent) / (t1 - t0):.2f} msg/s), "
                          f"{fig['drafts']:.2f} drafts/s in that window; latency p50 {fig['p50']:.2f} s, p99 "
                          f"{fig['p99']:.2f} s, max {max(latency):.2f} s; kept up: {'yes' if fig['kept'] else 'NO'} "
                          f"(backlog {backlog} when arrivals stopped, drafted "
                          f"{max(done[k] for k in sent) - t1 if backlog else 0:.1f} s later); workers' CPU "
                          f"{(c1['workers'] - c0['workers']) / (t1 - t0):.2f} cores")  # fmt: skip

    def deliver_all(self, per_box: int) -> tuple[int, float, float]:
        """``per_box`` messages to every mailbox at once: (messages, seconds delivering, seconds to the last draft)."""
        b0 = time.time()
        for box in range(len(self.users)):
            self.feeder.to(box, per_box)
        delivered_in, sent = time.time() - b0, self.feeder.since(b0)
        done = drain(self.drafts, sent)
        return len(sent), delivered_in, max(done[key] for key in sent) - b0

    def burst(self, roots: dict[str, list[int]]) -> None:
        c0 = cpu(roots)
        count, delivered_in, took = self.deliver_all(self.args.burst)
        c1 = cpu(roots)
        per = {g: (c1[g] - c0[g]) / count * 1000 for g in c1}
        self.figures.update(burst=count / took, burst_cpu=per["workers"])
        rest = per["machine"] - sum(v for g, v in per.items() if g != "machine")
        ms = [float(m) for n in self.fleet.procs for m in DRAFT_MS.findall(self.fleet.log(n))]
        self.lines.append(
            f"burst: {count} delivered in {delivered_in:.1f} s, all drafted {took:.1f} s after the first "
            f"delivery: {self.figures['burst']:.1f} drafts/s; CPU per draft: workers {per['workers']:.1f} ms, "
            f"Dovecot {per['dovecot']:.1f}, PostgreSQL {per['postgres']:.1f}, this benchmark {per['benchmark']:.1f},"
            f" everything else {rest:.1f}; machine busy {(c1['machine'] - c0['machine']) / took:.2f} of "
            f"{os.cpu_count()} cores; a drafted message's time in its worker (triage and its share of the "
            f"batch's writes, wall clock, whole run) median {statistics.median(ms):.0f} ms, p90 "
            f"{percentile(ms, 0.9):.0f} ms"
        )

    def failover(self) -> None:
        """SIGKILL the last worker while mail arrives; how long its mailboxes wait."""
        args, fig = self.args, self.figures
        pids = {name: proc.pid for name, proc in self.fleet.procs.items()}
        victim = sorted(pids)[-1]
        pg, db = self.postgres, self.database
        boxes = {box for box, pid in fleet.holders(pg, db).items() if pid == pids[victim]}
        survivors = {pid for name, pid in pids.items() if name != victim}
        arriving = threading.Thread(target=self.feeder.steady, args=(args.rate, 2 * args.lease + 10), daemon=True)
        arriving.start()
        time.sleep(3.0)
        killed = time.time()
        self.fleet.kill(victim)
        taken = fleet.wait_for(
            lambda: all(fleet.holders(pg, db).get(b) in survivors for b in boxes), args.lease + 60, 0.02
        )
        fig["takeover"] = time.time() - killed
        arriving.join()
        sent = {key: t for key, t in self.feeder.since(killed).items() if key[0] in boxes}
        done = drain(self.drafts, sent)
        fig["first"] = min(t for (box, _), t in done.items() if box in boxes and t > killed) - killed
        fig["wait"] = max(done[key] - t for key, t in sent.items())
        self.lines.append(
            f"failover: SIGKILL of {victim}, which held {len(boxes)} mailboxes; all leased by the survivor "
            f"{fig['takeover']:.2f} s later{'' if taken else ' (NOT within the timeout)'} (lease {args.lease:g} s), "
            f"the first draft in one of them {fig['first']:.2f} s after the kill; of the {len(sent)} messages they "
            f"got in the {2 * args.lease + 7:g} s after it, the longest waited {fig['wait']:.2f} s for its draft"
        )

    def exactly_once(self) -> None:
        """Every delivered message has one draft in Drafts (within a minute), none twice, none for anything else."""
        delivered = self.feeder.delivered
        counts = fleet.wait_for(lambda: (c := fleet.draft_counts(self.dovecot, self.users, delivered))
                                and set(c.values()) == {1} and c, 60, step=2.0)  # fmt: skip
        counts = counts or fleet.draft_counts(self.dovecot, self.users, delivered)
        expected = sum(len(uids) for uids in delivered.values())
        twice = sum(n - 1 for n in counts.values() if n > 1)
        missed = sum(1 for k, n in counts.items() if n == 0 and not k.startswith("unexpected"))
        unexpected = sum(n for k, n in counts.items() if k.startswith("unexpected"))
        self.figures["once"] = float(not (twice or missed or unexpected) and len(counts) == expected)
        self.lines.append(f"exactly-once: {sum(counts.values())} drafts for {expected} delivered messages, {twice}"
                          f" duplicates, {missed} missed, {unexpected} unexpected: "
                          f"{'OK' if self.figures['once'] else 'FAILED'}")  # fmt: skip


def summary(results: dict[int, dict[str, float]]) -> list[str]:
    (first, base), cores = next(iter(results.items())), os.cpu_count()
    lines = [f"\nsummary ({cores} cores shared with other jobs; ratios: to {first} worker(s) in this run)",
             "workers | ready s | steady drafts/s | p50 s | p99 s | kept up | burst drafts/s | worker CPU ms/draft "
             "(burst) | DB conns/worker | peak RSS/worker MiB | failover: leased s, first draft s | once"]  # fmt: skip
    for n, f in results.items():
        fail = f"{f['takeover']:.2f}, {f['first']:.2f}" if "takeover" in f else "-"
        lines.append(f"{n} | {f['ready']:.1f} | {f['drafts']:.2f} | {f['p50']:.2f} ({f['p50'] / base['p50']:.2f}x) | "
                     f"{f['p99']:.2f} ({f['p99'] / base['p99']:.2f}x) | {'yes' if f['kept'] else 'NO'} | "
                     f"{f['burst']:.1f} ({f['burst'] / base['burst']:.2f}x) | {f['burst_cpu']:.1f} "
                     f"({f['burst_cpu'] / base['burst_cpu']:.2f}x) | {f['conns']:.0f} | {f['rss']:.0f} | {fail} | "
                     f"{'OK' if f['once'] else 'FAILED'}")  # fmt: skip
    return lines


def interrupted(signum: int, _frame: object) -> None:  # SIGTERM, SIGHUP: clean up as after Ctrl-C
    raise KeyboardInterrupt(signal.Signals(signum).name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mailboxes", type=int, default=200)
    parser.add_argument("--workers", default="1,2,4", help="worker counts, one configuration each (first: baseline)")
    parser.add_argument("--rate", type=float, default=10.0, help="messages per second, all mailboxes together")
    parser.add_argument("--seconds", type=float, default=60.0, help="of steady arrival per configuration")
    parser.add_argument("--burst", type=int, default=5, help="messages per mailbox delivered at once")
    parser.add_argument("--lease", type=float, default=5.0, help="[state] lease_seconds")
    parser.add_argument("--failover", type=int, default=2, help="SIGKILL a worker in this configuration (0: none)")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--keep", type=Path, help="keep configs and worker logs in this folder")
    args = parser.parse_args(argv)
    if min(args.burst, args.rate, args.seconds) <= 0:
        parser.error("--burst, --rate and --seconds must be positive")
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, interrupted)
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="mailtriage-scale-"))
    workdir.mkdir(parents=True, exist_ok=True)
    print(f"scale: {args.mailboxes} mailboxes, workers {args.workers}, {args.rate:g} msg/s for {args.seconds:g} s, "
          f"burst {args.burst} per mailbox, lease {args.lease:g} s, SIGKILL with {args.failover} workers; "
          f"{os.cpu_count()} cores shared with other jobs (figures are noisy)", flush=True)  # fmt: skip
    dovecot, postgres = RoomyDovecot(sessions=args.mailboxes + 100), Postgres()
    results: dict[int, dict[str, float]] = {}
    with contextlib.ExitStack() as stack:
        if args.keep is None:
            stack.callback(shutil.rmtree, workdir, ignore_errors=True)
        print(stack.enter_context(inotify_room(args.mailboxes + 100)), flush=True)
        stack.callback(dovecot.stop)
        dovecot.start()
        stack.callback(postgres.stop)
        postgres.start()
        for workers in (int(n) for n in args.workers.split(",")):
            run = Run(args, dovecot, postgres, workers, workdir / f"workers-{workers}")
            run.measure()
            results[workers] = run.figures
            print(f"\n{workers} worker(s):\n  " + "\n  ".join(run.lines), flush=True)
        print("\n".join(summary(results)))
    return 0 if all(f["once"] for f in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
