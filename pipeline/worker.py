"""Run the flow over every configured mailbox: once (cron) or in a loop, recording everything.

Per batch of messages (one FETCH batch on IMAP): prepare each (pure), record skips and failures, then
for the drafts: claim them all (one transaction, committed) -> look each up in Drafts by its
``X-Mailtriage-Source`` (an index, no round trip) -> append the missing ones (one MULTIAPPEND where
offered) -> mark them drafted (one transaction) -> tag the originals (one STORE per keyword set).
A crash between the claim and the mark leaves ``claimed`` rows; the next run finds their drafts in
Drafts and marks them instead of appending again. What a cycle works with besides this loop (opening
a mailbox, batching, what is recorded of each outcome, the ``CycleReport``) is in ``pipeline.cycle``;
what it learns of earlier drafts (answered originals, Sent, corrections, promises) in
``pipeline.feedback.hooks``.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import UTC, datetime

from .config import Config
from .cycle import CycleReport, append_all, decision_of, in_batches, keywords, open_mailbox, sender_of
from .engine import Engine, Outcome
from .errors import AuthError, ConfigError, LeaseLost, MailboxFullError, OperationalError
from .feedback.hooks import FeedbackRound, drafts_written, note_answered
from .lease_keeper import LeaseGuard, LeaseKeeper
from .message import MessageKey, RawMessage
from .settings import MailboxConfig
from .sink import Sink
from .source import Source
from .state import MAX_ATTEMPTS, Store, open_state

log = logging.getLogger("mailtriage")

Clock = Callable[[], datetime]
OnMessage = Callable[[Outcome, str], None]


def utc_now() -> datetime:
    return datetime.now(UTC)


class MailboxRunner:
    """Processes one mailbox with its own state-store connection (one per thread).

    ``lease`` (PostgreSQL, several workers): every claim and every APPEND first asks it whether this
    worker still holds the mailbox; when not, the batch is abandoned as it stands (its claimed rows are
    the next holder's to reconcile) and the cycle ends.
    """

    def __init__(self, box: MailboxConfig, engine: Engine, state: Store, *, dry_run: bool,
                 clock: Clock, stop: threading.Event, lease: LeaseGuard | None = None) -> None:  # fmt: skip
        self.box, self.engine, self.state = box, engine, state
        self.dry_run, self.clock, self.stop, self.lease = dry_run, clock, stop, lease
        self.fence = lease.check if lease is not None else None
        self.feedback = FeedbackRound(box, state, engine, clock, self.fence)  # what came of earlier drafts

    def run_once(self, on_message: OnMessage | None = None) -> CycleReport:
        """Open the mailbox, process what is new, close it."""
        started = time.time()
        try:
            source, sink, where = open_mailbox(self.box, self.state, self.dry_run, self.fence)
            source.open()
        except (AuthError, ConfigError):
            raise
        except OperationalError as exc:
            return self._finish(CycleReport(self.box.name, error=str(exc)), started)
        try:
            return self.cycle(source, sink, where, on_message)
        finally:
            source.close()

    def cycle(self, source: Source, sink: Sink, where: str, on_message: OnMessage | None = None) -> CycleReport:
        """One pass over an opened mailbox. Raises AuthError/ConfigError (a person must act)."""
        started = time.time()
        report = CycleReport(self.box.name, drafts_to=where)
        batches = in_batches(source, self.state.is_handled, max(1, self.box.batch_size))
        try:
            self._reconcile(sink)
            if not self.dry_run:  # before the new mail: answered originals leave the backlog its promises count
                note_answered(self.box, self.state, source)
            for batch in batches:
                self.process_batch(batch, source, sink, report, on_message)
                if self.stop.is_set():  # SIGTERM: the batch in hand is finished; take no more
                    break
            if not (self.dry_run or self.stop.is_set()):  # after the new mail: it never delays a draft
                self.feedback.run(source, sink)
        except (AuthError, ConfigError):
            raise
        except OperationalError as exc:
            report.error = str(exc)
            log.error("cycle.failed mailbox=%s error=%s", self.box.name, exc)
        finally:
            batches.close()  # lets the source move its cursor past what was handled
        return self._finish(report, started)

    def _finish(self, report: CycleReport, started: float) -> CycleReport:
        if not self.dry_run:
            self.state.record_cycle(self.box.name, started, report.count("drafted"), report.count("skipped"),
                                    report.count("failed"), report.error)  # fmt: skip
        log.info(
            "cycle.done mailbox=%s drafted=%d skipped=%d failed=%d error=%s ms=%d",
            self.box.name, report.count("drafted"), report.count("skipped"), report.count("failed"),
            "yes" if report.error else "no", (time.time() - started) * 1000,
        )  # fmt: skip
        return report

    def _reconcile(self, sink: Sink) -> None:
        """Finish messages an earlier run claimed but never marked (it stopped mid-append)."""
        if self.dry_run:
            return
        for key in self.state.interrupted(self.box.name):
            draft_id = sink.find_draft(key)
            if draft_id is not None:
                self.state.mark_drafted(key, draft_id)
                log.info("draft.reconciled mailbox=%s key=%s draft=%s", self.box.name, key, draft_id)
            # else: left as claimed; poll() yields it again and process_batch() appends it

    def process_batch(self, raws: Sequence[RawMessage], source: Source, sink: Sink, report: CycleReport,
                      on_message: OnMessage | None = None) -> None:  # fmt: skip
        """Triage ``raws``, write their drafts together and record every decision in ``report``.

        Never raises for a bad message. Raises OperationalError when drafts cannot be written (after
        recording them as failed), AuthError/ConfigError when a person must act.
        """
        now, backlog = self.clock(), 0 if self.dry_run else self.state.open_drafts(self.box.name)
        prepared: list[tuple[Outcome, float]] = []
        for raw in raws:
            if self.stop.is_set():  # SIGTERM: finish the message in hand, start no other
                break
            t0 = time.perf_counter()
            try:  # each draft of this batch counts in the backlog of the next message's promise
                outcome = self.engine.prepare(raw, self.box, backlog + sum(1 for o, _ in prepared if o.draft), now)
            except Exception as exc:  # a bug must not stop the other messages; recorded with its reason
                log.exception("message.crashed mailbox=%s key=%s", self.box.name, raw.key)
                outcome = Outcome(raw, error=f"internal error: {type(exc).__name__}: {exc}")
            prepared.append((outcome, (time.perf_counter() - t0) * 1000))
        decisions = [""] * len(prepared)
        t0 = time.perf_counter()
        try:
            self._record(prepared, decisions, source, sink)
        finally:
            share = (time.perf_counter() - t0) * 1000 / max(1, len(prepared))  # the batch's writes, per message
            for (outcome, ms), decision in zip(prepared, decisions, strict=True):
                if decision:
                    report.add(outcome, decision)
                    self._log(outcome, decision, ms + share)
                    if on_message:
                        on_message(outcome, decision)

    def _log(self, outcome: Outcome, decision: str, ms: float) -> None:
        log.info(
            "message mailbox=%s uid=%s decision=%s template=%s reason=%s ms=%.1f",
            self.box.name, outcome.raw.key.uid, decision, outcome.plan.template if outcome.plan else "-",
            (outcome.skip.code if outcome.skip else outcome.error or "-").replace(" ", "_")[:80], ms,
        )  # fmt: skip

    def _record(self, prepared: list[tuple[Outcome, float]], decisions: list[str], source: Source,
                sink: Sink) -> None:  # fmt: skip
        """Fill ``decisions`` (one word per prepared outcome): record skips and failures, write drafts."""
        pending: list[tuple[int, Outcome]] = []  # drafts to write together
        senders: Counter[str] = Counter()  # drafts per sender among `pending` (the rate limit)
        ids: set[str] = set()
        for i, (outcome, _) in enumerate(prepared):
            message_id = outcome.parsed.message_id if outcome.parsed else None
            if message_id and message_id in ids:  # the same message twice: write the first, then judge this one
                self._write(pending, decisions, source, sink)
                pending, ids = [], set()
                senders.clear()
            decision = self._decide(outcome, senders)
            if decision == "draft":
                pending.append((i, outcome))
                senders[sender_of(outcome)] += 1
                ids.update([message_id] if message_id else [])
            else:
                decisions[i] = decision
        self._write(pending, decisions, source, sink)

    def _decide(self, outcome: Outcome, senders: Counter[str]) -> str:
        """Record a message that gets no draft and return its decision word; "draft" for one that does."""
        key, parsed = outcome.raw.key, outcome.parsed
        if self.dry_run:
            return "skipped" if outcome.skip else "failed" if outcome.error else "drafted"
        if parsed and not outcome.error:
            earlier = self.state.handled_message_id(self.box.name, parsed.message_id)
            if earlier and earlier.key != key:  # the same message under a new UID (UIDVALIDITY change)
                self.state.mark_skipped(key, f"already-handled: as {earlier.key}", decision_of(outcome))
                return "duplicate"
        if outcome.skip:
            self.state.mark_skipped(key, str(outcome.skip), decision_of(outcome))
            return "skipped"
        if outcome.error or outcome.draft is None:
            attempts = self.state.mark_failed(key, outcome.error or "no draft")
            return "failed" if attempts < MAX_ATTEMPTS else "abandoned"
        limit = self.engine.config.screen.max_drafts_per_sender_per_hour
        sender = sender_of(outcome)
        if limit and self.state.recent_drafts(self.box.name, sender, 3600) + senders[sender] >= limit:
            reason = f"rate-limited: {limit} drafts for {sender} in the last hour; left for a human"
            self.state.mark_skipped(key, reason, decision_of(outcome))
            return "skipped"
        return "draft"

    def _write(self, pending: list[tuple[int, Outcome]], decisions: list[str], source: Source, sink: Sink) -> None:
        """Claim, append and mark the drafts of ``pending`` (position, outcome) together; fill ``decisions``."""
        if not pending:
            return
        outcomes = [o for _, o in pending]
        keys = [o.raw.key for o in outcomes]
        claims = [(o.raw.key, decision_of(o)) for o in outcomes]
        if self.lease is not None:  # committed only while the lease holds, in the database and here
            self.lease.claim(claims)
        else:
            self.state.claim_many(claims)  # committed before any APPEND
        found: list[str | None] = [None] * len(keys)
        try:
            # Always asked, not only after an interrupted claim: a deleted or restored state file must
            # not flood Drafts with copies. Sinks answer from an index built once per connection.
            for n, key in enumerate(keys):
                found[n] = sink.find_draft(key)
            todo = [o.draft for o, f in zip(outcomes, found, strict=True) if f is None and o.draft is not None]
            if self.fence is not None and todo:  # IMAP also asks before each retried APPEND
                self.fence()
            new = iter(append_all(sink, todo))
            draft_ids = [f if f is not None else next(new) for f in found]
        except OperationalError as exc:  # found drafts count; the others are failed and retried
            if isinstance(exc, LeaseLost):  # write nothing more: the claims are the next holder's to finish
                raise
            for (i, _), key, f in zip(pending, keys, found, strict=True):
                if f is None and isinstance(exc, MailboxFullError):  # not the message's fault: keep its attempts
                    self.state.release(key, str(exc))
                elif f is None:
                    self.state.mark_failed(key, str(exc))
                else:
                    self.state.mark_drafted(key, f)
                decisions[i] = "failed" if f is None else "drafted"
            raise
        self.state.mark_drafted_many(list(zip(keys, draft_ids, strict=True)))
        drafts_written(self.state, outcomes, self.clock())  # the reply part and the promise, kept to measure
        for i, _ in pending:
            decisions[i] = "drafted"
        if self.box.tag_originals:
            self._tag(outcomes, source)

    def _tag(self, outcomes: list[Outcome], source: Source) -> None:
        groups: defaultdict[tuple[str, ...], list[MessageKey]] = defaultdict(list)
        for outcome in outcomes:
            if outcome.triage:
                groups[keywords(outcome)].append(outcome.raw.key)
        tag_many = getattr(source, "tag_many", None)  # IMAP: one STORE per keyword set
        for tags, keys in groups.items():
            with suppress(OperationalError):  # a tag is a courtesy; the draft is what matters
                if tag_many is not None:
                    tag_many(keys, tags)
                else:
                    for key in keys:
                        source.tag(key, tags)

    def loop(self) -> None:
        """Until ``stop``: process, then wait for new mail (IMAP IDLE where offered, else poll_seconds).

        A connection that fails is retried with growing pauses (30 s to 10 min); only AuthError and
        ConfigError end the loop, since a person must act on those.
        """
        failures = 0
        while not self.stop.is_set():
            try:
                source, sink, where = open_mailbox(self.box, self.state, self.dry_run, self.fence)
                source.open()
                try:
                    while not self.stop.is_set():
                        report = self.cycle(source, sink, where)
                        if report.error:
                            raise OperationalError(report.error)
                        failures = 0
                        wait = getattr(source, "wait_for_new", None)
                        if wait is not None and self.box.idle:
                            wait(float(self.box.poll_seconds), self.stop)
                        else:
                            self.stop.wait(self.box.poll_seconds)
                finally:
                    source.close()
            except (AuthError, ConfigError):
                raise
            except OperationalError as exc:
                failures += 1
                pause = min(600.0, 30.0 * 2 ** (failures - 1))
                log.warning("mailbox.retry mailbox=%s in_s=%.0f error=%s", self.box.name, pause, exc)
                self.stop.wait(pause)


class Worker:
    """Runs every configured mailbox with one engine (model, rules, templates built once).

    SQLite: this worker holds the state file's lock and handles every mailbox. PostgreSQL: any number
    of workers share the database, and each handles only the mailboxes whose lease it holds
    (``keeper``, ``pipeline.lease_keeper``).
    """

    def __init__(self, config: Config, *, dry_run: bool = False, clock: Clock = utc_now,
                 engine: Engine | None = None, keeper: LeaseKeeper | None = None) -> None:  # fmt: skip
        self.config, self.dry_run, self.clock = config, dry_run, clock
        self.engine = engine or Engine(config)
        self.state = open_state(config.state, worker=True)  # SQLite: holds the one-worker lock until close()
        self.stop = threading.Event()
        self.keeper = keeper
        if keeper is None and self.state.kind == "postgresql" and not dry_run:  # a dry run writes nothing
            seconds = config.state.lease_seconds
            self.keeper = LeaseKeeper(self.state.share(), seconds, beat_store=self.state.apart())

    def close(self) -> None:
        if self.keeper is not None:
            self.keeper.stop(leave=True)  # hands every lease back at once
        self.state.close()  # also releases the one-worker lock

    def runner(self, box: MailboxConfig, state: Store | None = None,
               stop: threading.Event | None = None) -> MailboxRunner:  # fmt: skip
        lease = None
        if self.keeper is not None:  # an APPEND in flight must land before the lease can pass on
            lease = self.keeper.guard(box.name, box.timeout_seconds if box.source == "imap" else 0.0)
        return MailboxRunner(box, self.engine, state or self.state, dry_run=self.dry_run, clock=self.clock,
                             stop=stop or self.stop, lease=lease)  # fmt: skip

    def run_once(self, on_message: OnMessage | None = None) -> list[CycleReport]:
        """One pass over every mailbox (PostgreSQL: those whose lease is free; each handed back after).

        Raises AuthError/ConfigError (a person must act).
        """
        reports = []
        if self.keeper is not None:
            self.keeper.taking = False  # renew what run_once takes; take no share of its own
            self.keeper.start()
        for box in self.config.mailboxes:
            if self.stop.is_set():
                break
            if self.keeper is not None and not self.keeper.take(box.name):
                continue  # another worker handles it now
            try:
                reports.append(self.runner(box).run_once(on_message))
            finally:
                if self.keeper is not None:
                    self.keeper.release([box.name])
        return reports

    def run_forever(self) -> None:
        """One thread per mailbox this worker handles, until ``stop`` is set (``pipeline.supervisor``).

        The first AuthError/ConfigError in any mailbox stops all of them and is raised here.
        """
        from .supervisor import Supervisor

        Supervisor(self).run()


@contextmanager
def graceful_stop(stop: threading.Event) -> Iterator[None]:
    """SIGTERM/SIGINT set ``stop``: the current message is finished, then the worker exits."""

    def handler(signum: int, _frame: object) -> None:
        log.info("worker.stopping signal=%s", signal.Signals(signum).name)
        stop.set()

    old = {s: signal.signal(s, handler) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for s, h in old.items():
            signal.signal(s, h)
