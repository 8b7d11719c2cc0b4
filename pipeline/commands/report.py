"""``mailtriage report``: what came of the drafts, from the state store."""

from __future__ import annotations

import argparse
import json

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
        "intent, confidence band and language. Example: mailtriage report --since 7d --json",
    )
    report.add_argument("--since", type=_since, metavar="WHEN", help="drafts written since: 7d, 2026-11-01 or ISO 8601")
    report.add_argument("--mailbox", help="only this [[mailbox]]")
    report.add_argument("--json", action="store_true", help="one JSON object (its 'totals' are a stable contract)")
    report.add_argument("--now", type=_instant, metavar="ISO8601", help="pin the clock (overdue promises)")
    report.set_defaults(func=cmd_report)


def cmd_report(args: argparse.Namespace) -> int:
    from ..feedback.report import build, text
    from ..state import existing_state
    from ..state.feedback import FeedbackStore
    from ..worker import utc_now

    config = _config(args)
    if args.mailbox and args.mailbox not in {b.name for b in config.mailboxes}:
        raise ConfigError(str(config.file), "mailbox", f"no [[mailbox]] named {args.mailbox!r}")
    state = existing_state(config.state)
    try:
        since = args.since.timestamp() if args.since else None
        rows = FeedbackStore(state).rows(args.mailbox, since) if state else []
    finally:
        if state:
            state.close()
    result = build(rows, args.now or utc_now())
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print(text(result))
    return 0
