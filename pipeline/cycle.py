"""What one worker cycle over a mailbox works with, apart from the loop itself (``pipeline.worker``).

Opening a mailbox's source and sink, reading the source batch by batch and appending to the sink
(using the IMAP batch calls where the source and sink have them), what is recorded of each outcome
(its ``Decision`` row and the keywords tagged on the original), and the ``CycleReport`` of a pass.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Generator
from dataclasses import dataclass, field

from .engine import Outcome
from .message import Draft, MessageKey, RawMessage
from .settings import MailboxConfig
from .sink import DryRunSink, MaildirDrafts, Sink
from .source import MaildirSource, Source
from .state import Decision, Store

REPORT_LIMIT = 200  # outcomes a CycleReport keeps whole (memory stays flat); counts cover every message


@dataclass(slots=True)
class CycleReport:
    """What one pass over one mailbox did.

    ``outcomes`` holds the first REPORT_LIMIT (outcome, decision word) pairs whole, so a 20,000-message
    backlog does not keep every body and draft in memory; ``count`` covers every message.
    """

    mailbox: str
    outcomes: list[tuple[Outcome, str]] = field(default_factory=list)  # (outcome, decision word)
    drafts_to: str = ""
    error: str | None = None
    counts: Counter[str] = field(default_factory=Counter)

    def add(self, outcome: Outcome, decision: str) -> None:
        self.counts[decision] += 1
        if len(self.outcomes) < REPORT_LIMIT:
            self.outcomes.append((outcome, decision))

    def count(self, decision: str) -> int:
        return self.counts[decision]


def open_mailbox(box: MailboxConfig, state: Store, dry_run: bool,
                 fence: Callable[[], None] | None = None) -> tuple[Source, Sink, str]:  # fmt: skip
    """The source, the sink and a human description of where drafts go.

    ``fence``: called before each IMAP APPEND, retries included; raises to forbid it (a lost lease).
    """
    if box.source == "maildir":
        assert box.path is not None
        source: Source = MaildirSource(box.name, box.path, seed=box.seed)
        drafts_path = box.drafts_path or box.path / ".Drafts"
        sink: Sink = DryRunSink() if dry_run else MaildirDrafts(drafts_path)
        return source, sink, "nowhere (dry run)" if dry_run else str(drafts_path)
    from .imap import ImapMailbox  # imported here: the embedded default needs no IMAP code

    imap = ImapMailbox(box, state, fence=fence)
    where = f"{box.username}@{box.host} Drafts"
    return imap, (DryRunSink() if dry_run else imap), "nowhere (dry run)" if dry_run else where


def in_batches(source: Source, handled: Callable[[MessageKey], bool], size: int) -> Generator[list[RawMessage]]:
    """The source's messages in batches: its own FETCH batches where it has them (IMAP), else ``size``."""
    by_batch = getattr(source, "poll_batches", None)
    if by_batch is not None:
        yield from by_batch(handled)
        return
    batch: list[RawMessage] = []
    for raw in source.poll(handled):
        batch.append(raw)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def append_all(sink: Sink, drafts: list[Draft]) -> list[str]:
    """The sink's ids of ``drafts``, in order. Raises what the sink raises."""
    append_many = getattr(sink, "append_many", None)  # IMAP: MULTIAPPEND where the server offers it
    return list(append_many(drafts)) if append_many is not None and drafts else [sink.append(d) for d in drafts]


def keywords(outcome: Outcome) -> tuple[str, ...]:
    """IMAP keywords for the original: ``$Triaged``, ``$Billing``, ``$Urgent`` ..."""
    assert outcome.triage is not None
    tags = ["$Triaged", "$" + outcome.triage.type.label.capitalize()]
    if outcome.triage.urgency.label == "high":
        tags.append("$Urgent")
    return tuple(tags)


def sender_of(outcome: Outcome) -> str:
    """The sender's address, lower-cased; "" when unknown."""
    p = outcome.parsed
    return p.sender.email.lower() if p and p.sender else ""


def decision_of(outcome: Outcome) -> Decision:
    """What the state store records of ``outcome`` (the message, the triage, the plan and the agent notes)."""
    p, t, notes = outcome.parsed, outcome.triage, outcome.notes
    return Decision(
        message_id=p.message_id if p else None,
        sender=p.sender.email.lower() if p and p.sender else "",
        subject=p.subject if p else "",
        body_excerpt=(p.new_text or p.text)[:4000] if p else "",
        language=outcome.language,
        type=t.type.label if t else None,
        urgency=t.urgency.label if t else None,
        tone=t.tone.label if t else None,
        confidence=t.type.confidence if t else None,
        template=outcome.plan.template if outcome.plan else None,
        deadline=outcome.plan.deadline.at.isoformat() if outcome.plan else None,
        band=notes.band if notes else None,
        why=notes.why if notes else None,
        plan_notes=(notes.plan or None) if notes else None,
        rules=", ".join(notes.rules) if notes else None,
    )
