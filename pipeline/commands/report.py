"""``mailtriage report``: what came of the drafts, from the state store."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..errors import ConfigError
from .common import config_of as _config
from .common import instant as _instant
from .common import since as _since


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    report = sub.add_parser(
        "report",
        help="what agents did with the drafts: sent as drafted, edited, rewritten, not used; promises",
        description="Read from the state store what came of each draft (learnt from the Sent and Drafts "
        "folders by `run`): how many agents sent as drafted, edited, rewrote or did not use, the median "
        "similarity, the sentences they delete and add most often, promises kept and missed; per template, "
        "intent, confidence band and language; the first response against the SLA per urgency and the drafts "
        "per day. --html DIR writes a page with plots (needs the plots extra: pip install 'mailtriage[plots]'). "
        "Example: mailtriage report --since 7d --json",
    )
    report.add_argument("--since", type=_since, metavar="WHEN", help="drafts written since: 7d, 2026-11-01 or ISO 8601")
    report.add_argument("--mailbox", help="only this [[mailbox]]")
    report.add_argument("--json", action="store_true", help="one JSON object (its 'totals' are a stable contract)")
    report.add_argument("--html", type=Path, metavar="DIR", help="also write DIR/index.html with plots")
    report.add_argument("--now", type=_instant, metavar="ISO8601", help="pin the clock (overdue promises)")
    report.set_defaults(func=cmd_report)


def cmd_report(args: argparse.Namespace) -> int:
    from ..feedback.report import build, text, with_corrections
    from ..feedback.sla import SlaClock
    from ..state import existing_state
    from ..state.corrections import CorrectionStore
    from ..state.feedback import FeedbackStore
    from ..worker import utc_now

    config = _config(args)
    if args.mailbox and args.mailbox not in {b.name for b in config.mailboxes}:
        raise ConfigError(str(config.file), "mailbox", f"no [[mailbox]] named {args.mailbox!r}")
    if args.html:
        from classifiers.plots import require

        require()  # before any work: a missing matplotlib is one line naming the extra
    state = existing_state(config.state)
    try:
        since = args.since.timestamp() if args.since else None
        rows = FeedbackStore(state).rows(args.mailbox, since) if state else []
        corrections = CorrectionStore(state).rows(args.mailbox, since) if state else []
    finally:
        if state:
            state.close()
    result = with_corrections(build(rows, args.now or utc_now(), SlaClock(config.calendar, config.sla)), corrections)
    if args.html:
        from ..feedback.report_html import write

        page = write(result, args.html, f"mailtriage report{f': {args.mailbox}' if args.mailbox else ''}")
        print(f"report written to {page}", file=sys.stderr if args.json else sys.stdout)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print(text(result))
    return 0
