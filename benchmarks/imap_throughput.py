"""IMAP throughput: raw imapclient against ``mailtriage run --once`` on the same mail, IDLE latency, RSS.

A private Dovecot (``tests/dovecot.py``; mail on /dev/shm, so the disk's fsync does not set the pace)
gets ``--messages`` realistic messages: the demo inbox's messages as templates (customer mail in
English and German, an auto-reply, a newsletter, a bounce, a no-reply notice), each with a unique
Message-ID and sender and today's date. Measured in one run, each on a mailbox of its own:

1. raw: imapclient, batched ``FETCH BODY.PEEK[]`` (100 per command, imaplib's debug copying off) and
   one APPEND of a fixed reply to Drafts per draftable message; the same with one MULTIAPPEND per batch;
2. ``mailtriage run --once`` (a subprocess, as cron runs it): messages per second over the cycle
   (from its ``cycle.done`` log line) and over the whole process (start-up and model loading included),
   and the ratio to (1);
3. ``mailtriage run`` (IDLE): ``--idle`` deliveries one at a time, arrival -> draft appended;
4. with ``--big``: ``run --once`` over a ``--big-messages`` backlog, peak and sampled RSS (slow).

    .venv/bin/python benchmarks/imap_throughput.py [--messages 3000] [--idle 50] [--security tls]
        [--big [--big-messages 20000]] [--profile]

``--profile`` also runs step 2 in-process under cProfile and prints where the time goes.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import os
import pstats
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from datetime import datetime
from email.utils import formatdate
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]  # run from anywhere; reuse the test suite's Dovecot harness

from dovecot import Dovecot, MailUser  # noqa: E402
from imapclient import IMAPClient  # noqa: E402

DEMO = ROOT / "demo" / "inbox" / "new"
MACHINES = {  # demo messages that get no draft: auto-reply, newsletter, bounce, no-reply notice
    "1795420053.M617853P3544.demo",
    "1795428176.M507510P4392.demo",
    "1795503483.M862589P5191.demo",
    "1795507958.M806799P5250.demo",
}
BATCH = 100
REPLY = (
    "From: Support <support@example.test>\r\nTo: customer@example.com\r\nSubject: Re: your question\r\n"
    "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nX-Mailtriage-Source: bench\r\n\r\n"
    + "Thank you for your message. We are looking into it and will reply by Thursday, 15:00 CET.\r\n"
    * 20
).encode()


# -- mail ------------------------------------------------------------------------------------------


def corpus(count: int) -> list[tuple[bytes, bool]]:
    """``count`` (message, draftable) pairs cycled from the demo inbox, each unique and dated now."""
    templates = [(f.read_bytes(), f.name not in MACHINES) for f in sorted(DEMO.iterdir()) if f.name[0] != "."]
    now = formatdate().encode()
    out = []
    for n in range(count):
        data, draftable = templates[n % len(templates)]
        data = data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
        data = re.sub(rb"(?mi)^Message-ID:\s*<[^>]*>", f"Message-ID: <bench-{n}@example.com>".encode(), data, count=1)
        data = re.sub(rb"(?m)^Date:[^\r\n]*", b"Date: " + now, data, count=1)
        if draftable:  # one sender per message, as a real queue: no per-sender rate limit kicks in
            data = re.sub(rb"(?mi)^(From:[^\r\n]*<[^@>]+)@", rb"\1+b%d@" % n, data, count=1)
        out.append((data, draftable))
    return out


def fill(dovecot: Dovecot, user: MailUser, mail: list[tuple[bytes, bool]]) -> None:
    with dovecot.connect(user) as client:
        client._imap.debug = 0
        for start in range(0, len(mail), 200):
            client.multiappend("INBOX", [data for data, _ in mail[start : start + 200]])


def connect(user: MailUser, security: str) -> IMAPClient:
    from dovecot import ssl_context

    tls = security == "tls"
    port = user.imaps_port if tls else user.imap_port
    client = IMAPClient(user.host, port, ssl=tls, ssl_context=ssl_context(user.ca_file) if tls else None, timeout=60)
    client._imap.debug = 0  # as pipeline.imap.connect does: no text copy of every response
    if security == "starttls":
        client.starttls(ssl_context(user.ca_file))
    client.login(user.name, user.password)
    return client


def drafts_in(user: MailUser, security: str) -> int:
    client = connect(user, security)
    try:
        return int(client.folder_status("Drafts", [b"MESSAGES"])[b"MESSAGES"])
    finally:
        client.logout()


# -- 1. raw ----------------------------------------------------------------------------------------


def raw(user: MailUser, mail: list[tuple[bytes, bool]], security: str, multiappend: bool) -> float:
    """Seconds to fetch every message (batched BODY.PEEK[]) and append one fixed reply per draftable one."""
    started = time.perf_counter()
    client = connect(user, security)
    client.select_folder("INBOX")
    uids = sorted(client.search(["ALL"]))
    for start in range(0, len(uids), BATCH):
        batch = uids[start : start + BATCH]
        fetched = client.fetch(batch, [b"BODY.PEEK[]"])
        replies = [uid for uid in batch if mail[uid - 1][1] and b"BODY[]" in fetched[uid]]
        if multiappend:
            client.multiappend("Drafts", [{"msg": REPLY, "flags": (b"\\Draft", b"\\Seen")} for _ in replies])
        else:
            for _ in replies:
                client.append("Drafts", REPLY, flags=(b"\\Draft", b"\\Seen"))
    client.logout()
    return time.perf_counter() - started


# -- 2. mailtriage run --once ------------------------------------------------------------------------


def write_config(folder: Path, dovecot: Dovecot, user: MailUser, security: str) -> Path:
    text = (ROOT / "config" / "mailtriage.toml").read_text()
    start = re.search(r"^\[\[mailbox\]\]", text, re.MULTILINE)
    assert start is not None
    head = text[: start.start()].replace('root = ".."', f'root = "{ROOT}"')
    head = head.replace('path = "var/mailtriage.sqlite3"', f'path = "{folder / "state.sqlite3"}"')
    box = dovecot.mailbox_toml(user, folder / "password", security=security)
    path = folder / "mailtriage.toml"
    path.write_text(head + box + text[text.index("\n[business_hours]") :])
    return path


class Process:
    """``python -m pipeline.cli -v ...`` with its log in a file and its RSS sampled every 0.2 s."""

    def __init__(self, config: Path, *args: str) -> None:
        self.log = config.parent / f"run-{time.monotonic_ns()}.log"
        self.rss: list[tuple[float, float]] = []  # (seconds since start, MiB)
        self.started = time.perf_counter()
        with self.log.open("wb") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "pipeline.cli", "--config", str(config), "-v", *args],
                cwd=ROOT, stdout=subprocess.DEVNULL, stderr=log, env={**os.environ, "PYTHONPATH": str(ROOT)},
            )  # fmt: skip
        self._sampler = threading.Thread(target=self._sample, daemon=True)
        self._sampler.start()

    def _sample(self) -> None:
        status = Path(f"/proc/{self.proc.pid}/status")
        while self.proc.poll() is None:
            with contextlib.suppress(OSError, StopIteration):  # gone, or a zombie without VmRSS
                kb = next(int(line.split()[1]) for line in status.read_text().splitlines() if line.startswith("VmRSS"))
                self.rss.append((time.perf_counter() - self.started, kb / 1024))
            time.sleep(0.2)

    def wait(self) -> tuple[int, float, float]:
        """(exit code, seconds, peak RSS in MiB from the kernel's own high-water mark)."""
        _, status, usage = os.wait4(self.proc.pid, 0)
        self.proc.returncode = os.waitstatus_to_exitcode(status)
        return self.proc.returncode, time.perf_counter() - self.started, usage.ru_maxrss / 1024

    def text(self) -> str:
        return self.log.read_text(errors="replace")


def run_once(config: Path) -> tuple[float, float, float, str]:
    """(process seconds, cycle seconds, peak RSS MiB, log) of ``mailtriage run --once``."""
    proc = Process(config, "run", "--once", "--quiet")
    code, seconds, peak = proc.wait()
    log = proc.text()
    if code != 0:
        raise SystemExit(f"mailtriage run --once exited {code}:\n{log[-3000:]}")
    cycle = re.search(r"cycle\.done mailbox=support .* ms=(\d+)", log)
    assert cycle is not None, log[-2000:]
    return seconds, int(cycle.group(1)) / 1000, peak, log


def plumbing(config: Path, mail: list[tuple[bytes, bool]]) -> float:
    """Seconds of one in-process cycle with triage replaced by a canned result: fetch, state, append, tag.

    Each distinct message (by subject) is triaged for real once, before the clock starts; the others
    reuse that outcome with their own key, Message-ID, sender and ``X-Mailtriage-Source``, so the
    exactly-once bookkeeping, the rate limit and the tags work as usual.
    """
    from dataclasses import replace

    from pipeline.config import load_config
    from pipeline.engine import Engine, Outcome
    from pipeline.message import Address, MessageKey, RawMessage
    from pipeline.settings import MailboxConfig
    from pipeline.worker import Worker

    class Canned(Engine):
        def prepare(self, raw: RawMessage, mailbox: MailboxConfig, backlog: int, now: datetime) -> Outcome:
            subject = re.search(rb"(?m)^Subject:([^\r\n]*)", raw.data)
            known = cache.get(subject.group(1) if subject else b"")
            if known is None:
                known = cache[subject.group(1) if subject else b""] = super().prepare(raw, mailbox, backlog, now)
            if known.parsed is None or known.draft is None:
                return replace(known, raw=raw)
            # this message's own Message-ID and sender (the duplicate check and the rate limit look at them)
            message_id = re.search(rb"(?mi)^Message-ID:\s*(<[^>]*>)", raw.data)
            sender = re.search(rb"(?mi)^From:[^\r\n]*<([^>]+)>", raw.data)
            parsed = replace(
                known.parsed,
                message_id=message_id.group(1).decode() if message_id else None,
                sender=Address("", sender.group(1).decode()) if sender else known.parsed.sender,
            )
            source = f"X-Mailtriage-Source: {raw.key}".encode()
            data = re.sub(rb"(?m)^X-Mailtriage-Source: [^\r\n]*", source, known.draft.data, count=1)
            return replace(known, raw=raw, parsed=parsed, draft=replace(known.draft, source=raw.key, data=data))

    cache: dict[bytes, Outcome] = {}
    loaded = load_config(config)
    engine = Canned(loaded)
    now = datetime.now().astimezone()
    for n, (data, _) in enumerate(mail[:50]):  # warm up: every template triaged, the models loaded
        engine.prepare(RawMessage(MessageKey("warm-up", "INBOX", 0, str(n)), data), loaded.mailboxes[0], 0, now)
    worker = Worker(loaded, engine=engine)
    started = time.perf_counter()
    (report,) = worker.run_once()
    worker.close()
    assert report.error is None, report.error
    return time.perf_counter() - started


def profile(config: Path) -> str:
    from pipeline.config import load_config
    from pipeline.worker import Worker

    worker = Worker(load_config(config))
    profiler = cProfile.Profile()
    profiler.enable()
    worker.run_once()
    profiler.disable()
    worker.close()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(40)
    return out.getvalue()


# -- 3. IDLE ---------------------------------------------------------------------------------------


def idle_latency(dovecot: Dovecot, user: MailUser, config: Path, deliveries: int, security: str) -> list[float]:
    """Seconds from each delivery to its draft in Drafts, ``mailtriage run`` waiting in IDLE."""
    proc = Process(config, "run")
    watcher = connect(user, security)
    latencies = []
    try:
        deadline = time.monotonic() + 60
        while "cycle.done mailbox=support" not in proc.text():
            if time.monotonic() > deadline or proc.proc.poll() is not None:
                raise SystemExit(f"mailtriage run did not start:\n{proc.text()[-3000:]}")
            time.sleep(0.05)
        mail = corpus(deliveries * 2)
        customers = [data for data, draftable in mail if draftable][:deliveries]
        for n, data in enumerate(customers, start=1):
            time.sleep(0.3)  # let it settle into IDLE again
            sent = time.perf_counter()
            dovecot.deliver(user, data.replace(b"bench-", b"idle-"))
            while int(watcher.folder_status("Drafts", [b"MESSAGES"])[b"MESSAGES"]) < n:
                if time.perf_counter() - sent > 30:
                    raise SystemExit(f"no draft 30 s after delivery {n}:\n{proc.text()[-3000:]}")
                time.sleep(0.005)
            latencies.append(time.perf_counter() - sent)
    finally:
        watcher.logout()
        proc.proc.terminate()
        proc.wait()
    return latencies


# -- main ------------------------------------------------------------------------------------------


@contextlib.contextmanager
def server() -> Iterator[Dovecot]:
    dovecot = Dovecot()
    dovecot.start()
    try:
        yield dovecot
    finally:
        dovecot.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=3000)
    parser.add_argument("--idle", type=int, default=50, help="IDLE deliveries (0: skip)")
    parser.add_argument("--security", choices=("tls", "starttls", "none"), default="tls")
    parser.add_argument("--big", action="store_true", help="also the large backlog with RSS (slow)")
    parser.add_argument("--big-messages", type=int, default=20000)
    parser.add_argument("--profile", action="store_true", help="also profile run --once in-process (cProfile)")
    args = parser.parse_args(argv)

    mail = corpus(args.messages)
    draftable = sum(d for _, d in mail)
    with server() as dovecot, tempfile.TemporaryDirectory(prefix="mailtriage-bench-", dir="/dev/shm") as tmp:
        print(f"Dovecot on {dovecot.root} ({args.security}); {len(mail)} messages, {draftable} draftable; "
              f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs")  # fmt: skip
        users = {name: dovecot.add_user() for name in ("raw", "multi", "mailtriage", "plumbing")}
        for user in users.values():
            fill(dovecot, user, mail)

        one = raw(users["raw"], mail, args.security, multiappend=False)
        multi = raw(users["multi"], mail, args.security, multiappend=True)
        folder = Path(tmp) / "once"
        folder.mkdir()
        config = write_config(folder, dovecot, users["mailtriage"], args.security)
        seconds, cycle, peak, log = run_once(config)
        drafted = int(re.search(r"cycle\.done mailbox=support drafted=(\d+)", log).group(1))  # type: ignore[union-attr]
        made = drafts_in(users["mailtriage"], args.security)
        pfolder = Path(tmp) / "plumbing"
        pfolder.mkdir()
        canned = plumbing(write_config(pfolder, dovecot, users["plumbing"], args.security), mail)
        assert drafts_in(users["plumbing"], args.security) == draftable
        n = len(mail)
        rows = [
            ("raw: fetch BODY.PEEK[] x100 + one APPEND per draft", n / one),
            ("raw: fetch BODY.PEEK[] x100 + MULTIAPPEND per batch", n / multi),
            ("mailtriage run --once, cycle", n / cycle),
            ("mailtriage run --once, whole process (start-up incl.)", n / seconds),
            ("mailtriage plumbing only (triage canned, in-process)", n / canned),
        ]
        print()
        for label, rate in rows:
            print(f"  {label:<56} {rate:>9,.0f} msg/s")
        print(f"  ratio mailtriage cycle / raw one-APPEND               {one / cycle:>9.0%}")
        print(f"  ratio plumbing only / raw one-APPEND                  {one / canned:>9.0%}")
        print(f"  mailtriage drafted {drafted} (Drafts holds {made}; expected {draftable}); peak RSS {peak:.0f} MiB")
        stages = re.findall(r"message mailbox=\S+ uid=\d+ decision=(\w+) .* ms=([\d.]+)", log)
        if stages:
            per = [float(ms) for _, ms in stages]
            print(
                f"  per message (log ms=): median {statistics.median(per):.1f} ms, mean {statistics.mean(per):.1f} ms"
            )

        if args.profile:
            user = dovecot.add_user()
            fill(dovecot, user, mail)
            prof = Path(tmp) / "profile"
            prof.mkdir()
            print("\n" + profile(write_config(prof, dovecot, user, args.security)))

        if args.idle:
            user = dovecot.add_user()
            ifolder = Path(tmp) / "idle"
            ifolder.mkdir()
            latencies = idle_latency(dovecot, user, write_config(ifolder, dovecot, user, args.security), args.idle,
                                     args.security)  # fmt: skip
            p90 = sorted(latencies)[int(len(latencies) * 0.9) - 1]
            print(f"\n  IDLE arrival -> draft appended over {len(latencies)} deliveries: p50 "
                  f"{statistics.median(latencies):.2f} s, p90 {p90:.2f} s, max {max(latencies):.2f} s")  # fmt: skip

        if args.big:
            user = dovecot.add_user()
            big = corpus(args.big_messages)
            fill(dovecot, user, big)
            bfolder = Path(tmp) / "big"
            bfolder.mkdir()
            bconfig = write_config(bfolder, dovecot, user, args.security)
            proc = Process(bconfig, "run", "--once", "--quiet")
            code, bseconds, bpeak = proc.wait()
            samples = proc.rss
            marks = [samples[int(len(samples) * f)] for f in (0.1, 0.25, 0.5, 0.75)] + samples[-1:] if samples else []
            rate = len(big) / bseconds
            print(f"\n  --big: {len(big)} messages in {bseconds:.0f} s ({rate:,.0f} msg/s, exit {code}); "
                  f"peak RSS {bpeak:.0f} MiB; RSS over time: "
                  + ", ".join(f"{t:.0f} s {mb:.0f} MiB" for t, mb in marks))  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
