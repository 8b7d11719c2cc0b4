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
- A follow-up the mailbox has no room for (over quota: ``[OVERQUOTA]``, or a NO that says quota or full)
  is not the draft's fault: the reason is recorded, the attempt given back, and it is written next cycle
  (looked for in Drafts first), while its promise is still ahead. Other failures count towards
  MAX_FOLLOWUP_ATTEMPTS.
- Both keywords mean "needs attention": once a reply to the original is seen (the first draft or the
  follow-up in Sent, or ``\\Answered`` set by the agent's client), they are taken back (``-FLAGS``, once,
  recorded as ``keywords_cleared_at``). ``report`` keeps the record: kept, or late by how much. A draft
  dropped unsent, with no reply seen, keeps them: nothing went out.
- A written follow-up gets a feedback row of its own (``pipeline.state.feedback``), so a sent follow-up is
  measured against its own text, never against the first draft.

Unlike the rest of ``feedback``, this stage writes to the mailbox (drafts and keywords) and uses the
planner's time-frame code, so that the new time is computed like the first.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Iterable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from ..engine import Outcome
from ..errors import MailboxFullError, OperationalError, SinkError, TemplateError
from ..message import Draft, MessageKey
from ..plan.calendar import BusinessCalendar
from ..settings import MailboxConfig
from ..state import Store
from ..state.feedback import DraftWritten, FeedbackStore
from ..state.promises import OpenPromise, Promise, PromiseStore
from .followup import build_followup, followup_key
from .measure import above_quote

log = logging.getLogger(__name__)

DUE_KEYWORD = "$PromiseDue"
MISSED_KEYWORD = "$PromiseMissed"
WINDOW_DAYS = 14  # promises older than this are left alone (the same window as the backlog count)
# a refused APPEND that says the mailbox is full, from servers that give no [OVERQUOTA] code (RFC 5530)
_FULL = re.compile(r"quota|mailbox (is )?full|no space|insufficient storage", re.IGNORECASE)


@dataclass(slots=True)
class Kept:
    """What one ``keep_promises`` did."""

    due: int = 0  # originals newly tagged $PromiseDue
    missed: int = 0  # originals newly tagged $PromiseMissed
    followups: int = 0  # follow-up drafts appended
    found: int = 0  # follow-ups found in Drafts after an interrupted run (not appended again)
    failed: int = 0  # follow-ups that could not be written (recorded; retried, at most MAX_FOLLOWUP_ATTEMPTS)
    deferred: int = 0  # follow-ups the mailbox had no room for (recorded; retried, attempts not spent)
    cleared: int = 0  # originals answered since they were tagged: $PromiseDue / $PromiseMissed taken back


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
        elif now >= due_at(config.calendar_for(p.made.type or "general"), started, deadline, config.promise_due_share):
            if p.due_at is None:
                due.append(p.made.key)
            if p.followup in (None, "claimed"):  # "claimed": an earlier run died before its done mark
                follow.append(p)
    kept.due = _tag(box, store, source, "due_at", DUE_KEYWORD, due, now)
    kept.missed = _tag(box, store, source, "missed_at", MISSED_KEYWORD, missed, now)
    kept.cleared = _clear(box, store, source, now)  # before the follow-ups: their failure must not hold it up
    if follow:
        _follow_up(box, store, state, sink, engine, follow, now, kept, fence)
    if due or missed or follow or kept.cleared:
        log.info("promises mailbox=%s due=%d missed=%d followups=%d found=%d failed=%d deferred=%d cleared=%d",
                 box.name, kept.due, kept.missed, kept.followups, kept.found, kept.failed, kept.deferred,
                 kept.cleared)  # fmt: skip
    return kept


def mailbox_full(exc: OperationalError) -> bool:
    """True when a failed APPEND says the mailbox has no room (not the draft's fault): ``MailboxFullError``
    (``[OVERQUOTA]``), or a refused APPEND whose text says quota or full."""
    return isinstance(exc, MailboxFullError) or (isinstance(exc, SinkError) and bool(_FULL.search(str(exc))))


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


def _clear(box: MailboxConfig, store: PromiseStore, source: Any, now: datetime) -> int:
    """Take ``$PromiseDue`` / ``$PromiseMissed`` back from originals answered since they were tagged; how many.

    Where the mailbox keeps no keywords (Maildir, ``tag_originals = false``, a server whose PERMANENTFLAGS
    allow none) there is nothing to remove and it is only recorded. A mailbox error leaves it for the next
    cycle (logged); the STORE removes nothing else, so doing it again changes nothing."""
    keys = store.answered_tagged(box.name, now.timestamp() - WINDOW_DAYS * 86400)
    if not keys:
        return 0
    untag_many = getattr(source, "untag_many", None)  # IMAP only: Maildir keeps no keywords of ours
    if box.tag_originals and untag_many is not None:
        try:
            untag_many(keys, (DUE_KEYWORD, MISSED_KEYWORD))
        except OperationalError as exc:  # a courtesy like the tag itself; tried again next cycle
            log.warning("promises.untag_failed mailbox=%s originals=%d error=%s", box.name, len(keys), exc)
            return 0
    return store.mark_cleared(keys, now.timestamp())


def _follow_up(box: MailboxConfig, store: PromiseStore, state: Store, sink: Any, engine: Any, follow: list[OpenPromise],
               now: datetime, kept: Kept, fence: Callable[[], None] | None) -> None:  # fmt: skip
    """Write the follow-up of each promise in ``follow`` exactly once: claim, look in Drafts, append, mark."""
    backlog = state.open_drafts(box.name)  # the queue as it is now, as for a first draft
    for n, p in enumerate(follow):
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
            if mailbox_full(exc):  # no room: the others would meet the same; all are tried next cycle
                rest = [q.made.key for q in follow[n + 1 :]]
                store.followup_deferred(key, f"mailbox full, retried next cycle: {exc}", rest)
                kept.deferred += 1 + len(rest)
                log.warning("followup.deferred mailbox=%s key=%s waiting=%d reason=mailbox_full", box.name, key,
                            len(rest))  # fmt: skip
                return
            store.followup_failed(key, str(exc))
            kept.failed += 1
            raise
        store.followup_drafted(key, draft_id, deadline.at.isoformat(), now.timestamp())
        _record(state, draft)
        kept.followups += 1
        log.info("followup.appended mailbox=%s key=%s draft=%s", box.name, key, draft_id)


def _record(state: Store, draft: Draft) -> None:
    """The follow-up's feedback row (its own key and text): a sent follow-up is measured against it."""
    headers = {k.lower(): v for k, v in draft.headers}
    language = headers.get("x-mailtriage-language", "")
    FeedbackStore(state).record_drafts(
        [DraftWritten(draft.source, headers.get("message-id"), None, language, above_quote(draft.body))]
    )


def _instant(value: str) -> datetime | None:
    try:
        at = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None
    return at if at.tzinfo else None
