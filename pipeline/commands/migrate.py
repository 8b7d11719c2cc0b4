"""``mailtriage migrate --from-sqlite PATH``: move an existing SQLite state into the configured PostgreSQL.

The config already names the PostgreSQL state (``[state] url`` and its password source); PATH is the
SQLite file the workers used until now. The copy is ``state.copy.copy_state``: one transaction, into an
empty database only, with every worker stopped. The SQLite file is left as it was (a backup).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from .common import config_of as _config


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    migrate = sub.add_parser(
        "migrate",
        help="copy an existing SQLite state into the configured PostgreSQL state (stop the workers first)",
        description="Copy every message record, UID cursor, cycle, feedback row, label correction and promise "
        "from the SQLite state file PATH into the PostgreSQL state that [state] url names, in one transaction, "
        "after applying both stores' migrations. Refused when a worker uses either store or when the "
        "PostgreSQL database already holds rows. The SQLite file is not changed beyond its own migrations. "
        "Example: mailtriage migrate --from-sqlite /var/lib/mailtriage/mailtriage.sqlite3 --dry-run",
    )
    migrate.add_argument(
        "--from-sqlite", type=Path, required=True, metavar="PATH", help="the SQLite state file the workers used"
    )
    # also accepted after the subcommand, where people put it: `mailtriage migrate --config FILE ...`
    migrate.add_argument("--config", metavar="FILE", default=argparse.SUPPRESS, help="config file (as before COMMAND)")
    migrate.add_argument("--dry-run", action="store_true", help="check and count the rows, write nothing anywhere")
    migrate.set_defaults(func=cmd_migrate)


def cmd_migrate(args: argparse.Namespace) -> int:
    from ..errors import ConfigError
    from ..state.copy import copy_state

    config = _config(args)
    if not config.state.url:
        raise ConfigError(
            str(config.file), "state.url", "not set: migrate copies the SQLite file into PostgreSQL",
            'replace [state] path by url = "postgresql://mailtriage@HOST:5432/mailtriage" and one of password_env,'
            " password_file or password_command (docs/scale.md)",
        )  # fmt: skip
    copied = copy_state(args.from_sqlite, config.state, dry_run=args.dry_run)
    verb = "would copy" if copied.dry_run else "copied"
    print(f"{verb} {copied.source} -> {copied.target}")
    width = max((len(name) for name, _ in copied.tables), default=0)
    for name, rows in copied.tables:
        print(f"  {name:<{width}}  {rows} row{'' if rows == 1 else 's'}")
    if copied.skipped:
        print(f"  not copied (runtime only): {', '.join(copied.skipped)}")
    for note in copied.notes:
        print(f"  note: {note}")
    if copied.dry_run:
        print("dry run: nothing was written (run again without --dry-run to copy)")
    else:
        print(f"migrations: {', '.join(copied.migrations)}")
        print(f"done: start the workers with {config.file}; {copied.source} is unchanged, keep it as a backup")
    return 0
