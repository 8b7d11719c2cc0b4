"""``mailtriage status``: per mailbox, the last cycle, counts, failures; the store, its migrations and leases."""

from __future__ import annotations

import argparse
import json
from typing import Any

from .common import config_of as _config


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    status = sub.add_parser(
        "status",
        help="per mailbox: last cycle, counts, failures",
        description="Show, per mailbox, the last cycle, how many messages were drafted, "
        "skipped and failed, and the recent failures with their reasons.",
    )
    status.add_argument("--json", action="store_true", help="one JSON object")
    status.set_defaults(func=cmd_status)


def cmd_status(args: argparse.Namespace) -> int:
    import time

    from ..feedback.promises import WINDOW_DAYS
    from ..state import existing_state
    from ..state.leases import lease_rows
    from ..state.promises import PromiseStore

    config = _config(args)
    summary: dict[str, dict[str, Any]] = {}
    state = existing_state(config.state)
    migrations: list[str] = []
    leases: list[dict[str, Any]] = []  # PostgreSQL: which worker holds which mailbox, since when
    now = time.time()
    try:
        if state:
            migrations = state.applied_migrations()
            leases = lease_rows(state)
        for box in config.mailboxes:
            info: dict[str, Any] = (
                state.summary(box.name)
                if state
                else {"counts": {}, "last_cycle": None, "last_success": None, "failures": [], "recent_drafts": []}
            )
            last_ok = info["last_success"]
            info["lag_seconds"] = round(now - last_ok, 1) if last_ok else None
            # healthy: a cycle succeeded within three poll intervals (IDLE cycles at least every poll_seconds)
            info["healthy"] = bool(last_ok) and now - last_ok < 3 * max(box.poll_seconds, 60)
            # promises near (due) or past (missed) their time with nothing sent, as the last cycle recorded them
            info["promises"] = (PromiseStore(state).summary(box.name, now - WINDOW_DAYS * 86400) if state
                                else {"due": 0, "missed": 0, "followups": 0, "items": []})  # fmt: skip
            summary[box.name] = info
    finally:
        if state:
            state.close()
    where = config.state.describe()  # the path, or the URL and sslmode: never a password
    if args.json:
        store = {"kind": config.state.kind, "where": where, "migrations": migrations}
        print(json.dumps({"state": where, "store": store, "mailboxes": summary, "leases": leases}))
        return 0
    applied = ", ".join(migrations) or "none yet (made by the first run)"
    print(f"state: {config.state.kind} {where}; migrations: {applied}")
    for lease in leases:
        since = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(lease["since"]))
        left = f"expires in {lease['expires_in']:.0f} s" if lease["expires_in"] > 0 else "EXPIRED: free to take"
        print(f"lease {lease['mailbox']}: held by {lease['holder']} since {since} ({left})")
    for name, info in summary.items():
        cycle = info["last_cycle"]
        when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(cycle["finished"])) if cycle else "never"
        lag = f"{info['lag_seconds']:.0f} s ago" if info["lag_seconds"] is not None else "no successful cycle yet"
        print(f"{name}: last cycle {when} (last success {lag}); {info['counts']}")
        if cycle and cycle["error"]:
            print(f"  last cycle failed: {cycle['error']}")
        for failure in info["failures"]:
            print(f"  failed {failure['key']} ({failure['attempts']} attempts): {failure['reason']}")
        _print_promises(info["promises"])
        # what the drafts no longer carry in their headers (the customer would see them): for the team
        for d in info.get("recent_drafts", []):
            conf = f" {d['confidence']:.2f}" if d["confidence"] is not None else ""
            print(f"  drafted {d['key']}: {d['type']}/{d['urgency']}/{d['tone']}{conf} ({d['band'] or '-'})"
                  f" -> {d['template'] or '-'}; why: {d['why'] or '-'}"
                  + (f"; plan: {d['plan']}" if d["plan"] else ""))  # fmt: skip
    return 0


def _print_promises(promises: dict[str, Any]) -> None:
    """The promises due and missed with nothing sent: a count, then one line each (the follow-up, if any)."""
    if not promises["due"] and not promises["missed"]:
        return
    print(f"  promises: {promises['due']} due, {promises['missed']} missed with no reply sent;"
          f" {promises['followups']} with a follow-up draft written")  # fmt: skip
    for p in promises["items"]:
        if p["followup"] == "drafted":
            follow = f"follow-up draft {p['followup_draft'] or '(no UID)'} promises {p['new_deadline'] or '-'}"
        elif p["followup"] == "failed":
            follow = f"follow-up FAILED: {p['reason']}"
        else:
            follow = "no follow-up" + (f" ({p['followup']})" if p["followup"] else "")
        print(f"  promise {p['state']} {p['key']}: promised {p['deadline']}; {follow}")
