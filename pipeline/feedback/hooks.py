"""What a worker cycle calls of ``feedback``: before the new mail, as drafts are written, after the new mail.

``note_answered`` runs first in a cycle: drafted originals an agent has since answered (``\\Answered``,
set by their mail client) are recorded, so they leave the backlog the new drafts' promises count, and
their promises are kept rather than followed up.

``drafts_written`` keeps, with each batch of drafts just written, what is later measured and kept of
them: the reply part (``stage.record_drafts``) and the time each one promises (``promises.record_promises``).

``FeedbackRound`` is the part of a cycle that runs after the new mail is drafted, so it never delays a
draft, at most every ``FEEDBACK_SECONDS`` in a looping worker: read Sent and Drafts (``stage.collect``),
then the agents' keywords (``corrections``), then the promises (``promises.keep_promises``) — in that
order, so a reply just sent keeps its promise, clears ``$PromiseDue`` and gets no follow-up. What came of
old drafts can wait: a mailbox error there is logged and tried again next round; only AuthError and
ConfigError (a person must act) go up to the worker.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from ..engine import Outcome
from ..errors import AuthError, ConfigError, OperationalError
from ..settings import MailboxConfig
from ..state import Store
from .corrections import read_corrections
from .promises import keep_promises, record_promises
from .stage import collect, record_drafts

log = logging.getLogger(__name__)

FEEDBACK_SECONDS = 300.0  # a looping worker reads Sent and Drafts for feedback at most this often


def note_answered(box: MailboxConfig, state: Store, source: Any) -> int:
    """Record the drafted originals of ``box`` an agent has answered since; how many. IMAP only (one FETCH
    FLAGS); a mailbox error is logged and drafting goes on. Raises AuthError/ConfigError only."""
    answered = getattr(source, "answered", None)
    if answered is None:  # Maildir: no \Answered to read; replies are learnt from .Sent
        return 0
    keys = state.unanswered(box.name)
    try:
        done = answered(keys) if keys else []
    except (AuthError, ConfigError):
        raise
    except OperationalError as exc:  # the backlog count is a courtesy; drafting goes on
        log.warning("answered.unknown mailbox=%s error=%s", box.name, exc)
        return 0
    if not done:
        return 0
    marked = state.mark_answered(box.name, done)
    log.info("answered mailbox=%s messages=%d", box.name, marked)
    return marked


def drafts_written(state: Store, outcomes: Iterable[Outcome], now: datetime) -> None:
    """Keep the reply part and the promise of each draft just written (one INSERT each per batch)."""
    outcomes = list(outcomes)
    record_drafts(state, outcomes)  # the reply part, to measure what the agent sends against it
    record_promises(state, outcomes, now)  # the time each draft promises, to keep it


class FeedbackRound:
    """The feedback part of one mailbox's cycles (one per ``MailboxRunner``, same thread rules)."""

    def __init__(self, box: MailboxConfig, state: Store, engine: Any, clock: Callable[[], datetime],
                 fence: Callable[[], None] | None = None) -> None:  # fmt: skip
        self.box, self.state, self.engine, self.clock, self.fence = box, state, engine, clock, fence
        self._at: float | None = None  # time.monotonic() of the last round

    def due(self) -> bool:
        """True when no round ran in this process yet, or the last one is FEEDBACK_SECONDS old."""
        return self._at is None or time.monotonic() - self._at >= FEEDBACK_SECONDS

    def run(self, source: Any, sink: Any) -> bool:
        """One round over the opened mailbox, when ``due``; whether it ran. Raises AuthError/ConfigError only."""
        if not self.due():
            return False
        self._at = time.monotonic()
        try:
            collect(self.box, self.state, source, self.clock)
            read_corrections(self.box, self.state, source, self.clock)  # agents' changes to our keywords
            keep_promises(self.box, self.state, source, sink, self.engine, self.clock, self.fence)
        except (AuthError, ConfigError):
            raise
        except OperationalError as exc:  # what came of old drafts can wait; the next round tries again
            log.warning("feedback.failed mailbox=%s error=%s", self.box.name, exc)
        return True
