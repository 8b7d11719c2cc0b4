"""The promise stage of a worker cycle: no time a draft promises passes silently (issue 12).

Each draft promises a time (``X-Mailtriage-Deadline``). ``record_promises`` keeps it as the draft is
written. ``keep_promises`` runs after the feedback stage has read Sent, so a reply an agent just sent
counts: for every drafted original with no reply seen (nothing in Sent, no ``\\Answered``), once the clock
passes ``promise_due_share`` of the way from the promise to its deadline (in business time, as the promise
was computed: 75% of a one-day promise falls in the afternoon an agent works, not at 4 a.m.), it is tagged
``$PromiseDue`` and ONE short follow-up draft is saved in its thread (``followup``) for the agent to send;
once the deadline passes, ``$PromiseMissed``. Both are recorded in the state store, which ``status`` shows.

- Keywords are set with ``+FLAGS`` only (never ``\\Seen``) and only where PERMANENTFLAGS allow them
  (``ImapMailbox.tag_many``). A Maildir has no portable keywords: there the state store alone records them.
- The follow-up is written exactly once, like the first draft: claimed (committed) before the APPEND,
  marked after; a claim left by a run that died in between is looked up in Drafts by its own
  ``X-Mailtriage-Source`` (``followup_key``) before anything is written again. A follow-up the agent
  deletes is never written again.
- It is written only before the deadline: one found already past it (the worker was down) is tagged
  missed and shown in ``status``, and the agent answers it with the first draft or their own words.

Unlike the rest of ``feedback``, this stage writes to the mailbox (drafts and keywords) and uses the
planner's time-frame code, so that the new time is computed like the first.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from ..engine import Outcome
from ..errors import OperationalError, TemplateError
from ..message import MessageKey
from ..plan.calendar import BusinessCalendar
from ..settings import MailboxConfig
from ..state import Store
from ..state.promises import OpenPromise, Promise, PromiseStore
from .followup import build_followup, followup_key

log = logging.getLogger(__name__)

DUE_KEYWORD = "$PromiseDue"
MISSED_KEYWORD = "$PromiseMissed"
WINDOW_DAYS = 14  # promises older than this are left alone (the same window as the backlog count)


@dataclass(slots=True)
class Kept:
    """What one ``keep_promises`` did."""

    due: int = 0  # originals newly tagged $PromiseDue
    missed: int = 0  # originals newly tagged $PromiseMissed
    followups: int = 0  # follow-up drafts appended
    found: int = 0  # follow-ups found in Drafts after an interrupted run (not appended again)
    failed: int = 0  # follow-ups that could not be written (recorded; retried, at most MAX_FOLLOWUP_ATTEMPTS)


def promises_of(outcomes: Iterable[Outcome], now: datetime) -> list[Promise]:
    """The promises of freshly written drafts, made at ``now`` (the worker's clock)."""
    rows = []
    for o in outcomes:
        if o.draft is None or o.plan is None:
            continue
        headers = {k.lower(): v for k, v in o.draft.headers}
        date = o.parsed.date if o.parsed else None
        rows.append(
            Promise(
                key=o.raw.key, started_at=now.timestamp(), deadline=o.plan.deadline.at.isoformat(),
                language=o.plan.language, type=o.plan.likely_type, urgency=o.plan.urgency,
                reply_to=headers.get("to"), subject=headers.get("subject"), in_reply_to=o.draft.in_reply_to,
                refs=headers.get("references"), greeting=o.plan.greeting_name,
                greeting_full=o.plan.greeting_full_name, original_date=date.isoformat() if date else None,
            )
        )  # fmt: skip
    return rows


def record_promises(state: Store, outcomes: Iterable[Outcome], now: datetime) -> None:
    """Keep the promise of each draft just written (one INSERT per batch; a rerun keeps the first)."""
    PromiseStore(state).record(promises_of(outcomes, now))


def keep_promises(box: MailboxConfig, state: Store, source: Any, sink: Any, engine: Any,
                  clock: Callable[[], datetime], fence: Callable[[], None] | None = None) -> Kept:  # fmt: skip
    """Tag and follow up the promises of ``box`` that are near or past their time (see the module docstring).

    ``source``/``sink``: the opened mailbox and its Drafts; ``engine``: its ``config`` and template ``env``.
    ``fence`` raises LeaseLost when this worker may no longer write to the mailbox. Raises what the sink
    raises (OperationalError) after recording the failed follow-up; the worker logs it and goes on.
    """
    store, now, kept = PromiseStore(state), clock(), Kept()
    store.adopt(box.name, time.time() - WINDOW_DAYS * 86400)  # `messages.created_at` is wall-clock time
    config = engine.config
    due, missed, follow = [], [], []
    for p in store.open(box.name, now.timestamp() - WINDOW_DAYS * 86400):
        deadline = _instant(p.made.deadline)
        if deadline is None:
            continue
        started = datetime.fromtimestamp(p.made.started_at, UTC)
        if now >= deadline:
            missed.append(p.made.key)
        elif now >= due_at(config.calendar, started, deadline, config.promise_due_share):
            if p.due_at is None:
                due.append(p.made.key)
            if p.followup in (None, "claimed"):  # "claimed": an earlier run died before its done mark
                follow.append(p)
    kept.due = _tag(box, store, source, "due_at", DUE_KEYWORD, due, now)
    kept.missed = _tag(box, store, source, "missed_at", MISSED_KEYWORD, missed, now)
    if follow:
        _follow_up(box, store, state, sink, engine, follow, now, kept, fence)
    if due or missed or follow:
        log.info("promises mailbox=%s due=%d missed=%d followups=%d found=%d failed=%d", box.name, kept.due,
                 kept.missed, kept.followups, kept.found, kept.failed)  # fmt: skip
    return kept


def due_at(calendar: BusinessCalendar, started: datetime, deadline: datetime, share: float) -> datetime:
    """When a promise made at ``started`` for ``deadline`` is due: ``share`` of the open time between them."""
    return calendar.add_business_time(started, share * calendar.business_time_between(started, deadline))


def _tag(box: MailboxConfig, store: PromiseStore, source: Any, column: str, keyword: str,
         keys: Sequence[MessageKey], now: datetime) -> int:  # fmt: skip
    """Tag ``keys`` with ``keyword`` (where the mailbox keeps keywords), then record it; how many were new."""
    if not keys:
        return 0
    if box.tag_originals:
        tag_many = getattr(source, "tag_many", None)  # IMAP: one STORE +FLAGS.SILENT for all of them
        with suppress(OperationalError):  # a keyword is a courtesy: the state and `status` carry it too
            if tag_many is not None:
                tag_many(list(keys), (keyword,))
            else:  # Maildir: no portable keywords; `tag` keeps nothing and the state store records it
                for key in keys:
                    source.tag(key, (keyword,))
    # recorded after the STORE: a run that dies in between stores the keyword again, which changes nothing
    return store.mark(column, keys, now.timestamp())


def _follow_up(box: MailboxConfig, store: PromiseStore, state: Store, sink: Any, engine: Any, follow: list[OpenPromise],
               now: datetime, kept: Kept, fence: Callable[[], None] | None) -> None:  # fmt: skip
    """Write the follow-up of each promise in ``follow`` exactly once: claim, look in Drafts, append, mark."""
    backlog = state.open_drafts(box.name)  # the queue as it is now, as for a first draft
    for p in follow:
        key = p.made.key
        if fence is not None:  # a lost lease: the claim and the draft are the next holder's
            fence()
        if not store.claim_followup(key):  # committed before anything is written
            continue
        try:
            found = sink.find_draft(followup_key(key))
            if found is not None:  # written by a run that died before its done mark
                store.followup_drafted(key, found, None, now.timestamp())
                kept.found += 1
                continue
            draft, deadline = build_followup(p, engine.config, engine.env, box, backlog, now)
            draft_id = sink.append(draft)
        except (TemplateError, ValueError) as exc:  # a broken followup.j2, no address: the first draft is still there
            store.followup_failed(key, f"{type(exc).__name__}: {exc}")
            kept.failed += 1
            log.error("followup.failed mailbox=%s key=%s error=%s", box.name, key, exc)
            continue
        except OperationalError as exc:  # the mailbox: recorded, retried next cycle (looked for first)
            store.followup_failed(key, str(exc))
            kept.failed += 1
            raise
        store.followup_drafted(key, draft_id, deadline.at.isoformat(), now.timestamp())
        kept.followups += 1
        log.info("followup.appended mailbox=%s key=%s draft=%s", box.name, key, draft_id)


def _instant(value: str) -> datetime | None:
    try:
        at = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None
    return at if at.tzinfo else None
