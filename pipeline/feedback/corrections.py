"""Label corrections from the mail client: what an agent's change to mailtriage's keywords on an original says.

mailtriage tags each drafted original ``$Triaged``, ``$<Type>`` and, for high urgency, ``$Urgent``
(``pipeline.cycle.keywords``). An agent who disagrees changes them in their own client (docs/feedback.md):
``$Billing`` replaced by ``$Technical`` corrects the type, ``$Urgent`` added or removed the urgency. Each
cycle (after the Sent folder, ``pipeline.feedback.stage``) reads the flags of originals again — only the
changed ones where the server has CONDSTORE, else a window of recent originals — and records a
correction once per change of the agent's verdict (``pipeline.state.corrections``).

How keywords read (lower-cased; an original without ``$Triaged`` is never read, since then our tags were
never set or someone cleared them all):
- type: one type keyword is the agent's type; two where one is ours (a keyword added, ours left) mean the
  other one; none, or two that are not ours, say nothing certain and are left alone.
- urgency: ``$Urgent`` means high; its absence on an original we called high means normal (the
  middle label), and on one we called normal or low means our label stands.

Maildir mailboxes are skipped: mailtriage sets no keywords there (``MaildirSource.tag`` does nothing, as
Maildir has no portable keywords), so an agent has nothing of ours to change.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any

from classifiers import TYPE_LABELS

from ..settings import MailboxConfig
from ..state import Store
from ..state.corrections import Correction, CorrectionStore, Labelled

log = logging.getLogger(__name__)

WINDOW_DAYS = 30  # without CONDSTORE (or on a first read): originals drafted this recently are read again
WINDOW_LIMIT = 5000  # at most this many of them: five FETCH FLAGS per cycle
TRIAGED = "$triaged"
URGENT = "$urgent"
_TYPES = {f"${label}": label for label in TYPE_LABELS}


def read_corrections(box: MailboxConfig, state: Store, source: Any, clock: Callable[[], datetime]) -> int:
    """Record what agents changed on the keywords of drafted originals since the last read; how many changes.

    ``source`` is the opened mailbox. Raises what it raises (SourceError); the worker logs it and goes on.
    """
    changed_flags = getattr(source, "changed_flags", None)
    keywords_of = getattr(source, "keywords_of", None)
    if box.source != "imap" or changed_flags is None or keywords_of is None or not box.tag_originals:
        log.debug("corrections.skipped mailbox=%s reason=%s", box.name,
                  "no_keywords_set" if box.tag_originals else "tag_originals_off")  # fmt: skip
        return 0
    store = CorrectionStore(state)
    cursor = store.cursor(box.name, box.folder)
    changes = changed_flags(cursor)
    if changes.changed is None:
        since = (clock() - timedelta(days=WINDOW_DAYS)).timestamp()
        originals = store.drafted(box.name, since, WINDOW_LIMIT)
    else:
        originals = store.drafted_among(changes.changed)
    flags = keywords_of([o.key for o in originals]) if originals else {}
    found = [c for o in originals if o.key in flags for c in verdicts(o, flags[o.key])]
    next_cursor = (changes.folder, changes.uidvalidity, changes.modseq) if changes.modseq else None
    recorded = store.record(found, box.name, next_cursor, clock().timestamp())
    log.info("corrections mailbox=%s read=%d recorded=%d", box.name, len(flags), recorded)
    return recorded


def verdicts(original: Labelled, keywords: frozenset[str]) -> list[Correction]:
    """The corrections ``keywords`` (lower-cased) make on ``original`` that were not recorded before."""
    if TRIAGED not in keywords:
        return []
    read = {"type": their_type(original.ours["type"], keywords)}
    if "urgency" in original.ours:
        read["urgency"] = their_urgency(original.ours["urgency"], keywords)
    out = []
    for field, theirs in read.items():
        ours = original.ours[field]
        last = original.theirs.get(field, ours)  # nothing recorded yet: the keywords we set say ours
        if theirs is not None and theirs != last:
            out.append(Correction(original.key, field, ours, theirs))
    return out


def their_type(ours: str, keywords: frozenset[str]) -> str | None:
    """The type the keywords name; None when they name none, or several not explained by ours."""
    named = sorted({_TYPES[k] for k in keywords if k in _TYPES})
    if len(named) == 1:
        return named[0]
    others = [t for t in named if t != ours]
    return others[0] if len(named) == 2 and len(others) == 1 else None


def their_urgency(ours: str, keywords: frozenset[str]) -> str:
    """``high`` with ``$Urgent``; without it, ``normal`` where we said high, else our own label."""
    if URGENT in keywords:
        return "high"
    return "normal" if ours == "high" else ours


def confusion(rows: Sequence[dict[str, Any]]) -> dict[str, dict[str, dict[str, int]]]:
    """``{field: {ours: {theirs: count}}}`` of the corrections in force (``CorrectionStore.rows``)."""
    table: dict[str, dict[str, dict[str, int]]] = {"type": {}, "urgency": {}}
    for r in rows:
        cell = table.setdefault(r["field"], {}).setdefault(r["ours"], {})
        cell[r["theirs"]] = cell.get(r["theirs"], 0) + 1
    return {field: {o: dict(sorted(t.items())) for o, t in sorted(by.items())} for field, by in table.items()}
