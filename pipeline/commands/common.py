"""What the subcommands share: the config they load and the clock and time arguments they parse."""

from __future__ import annotations

import argparse
from datetime import datetime

from ..config import Config, config_path, load_config


def config_of(args: argparse.Namespace) -> Config:
    return load_config(config_path(args.config))


def instant(text: str) -> datetime:
    """``--now``: an ISO 8601 moment with its offset ("Z" allowed); a clock without a zone is refused."""
    try:
        value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        hint = "expected an ISO 8601 time such as 2026-11-27T17:55:00+01:00"
        raise argparse.ArgumentTypeError(f"{hint}, got {text!r}") from None
    if value.tzinfo is None or value.utcoffset() is None:
        raise argparse.ArgumentTypeError(f"{text!r} has no UTC offset; add one, e.g. +01:00 or Z")
    return value


def since(text: str) -> datetime:
    """``--since``: "7d" (days back from now), a date, or an ISO 8601 moment (UTC when it has no zone)."""
    from datetime import UTC, timedelta

    value = text.strip()
    if value[:-1].isdigit() and value[-1:] in ("d", "h"):
        return datetime.now(UTC) - timedelta(**{"days" if value[-1] == "d" else "hours": int(value[:-1])})
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected 7d, 12h, 2026-11-01 or an ISO 8601 time, got {text!r}") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
