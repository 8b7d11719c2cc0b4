"""The ``mailtriage`` command: each subcommand parses its arguments, calls one function, prints.

Exit codes: 0 ok; 1 some messages failed or `check` found problems; 2 config, rules or template
error (a person must edit a file); 3 the server refused our credentials; 4 the state store cannot
be used; 130 interrupted.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from classifiers import ClassifierError

from . import __version__
from .commands import migrate as migrate_command
from .commands import models as models_command
from .commands import report as report_command
from .commands import retrain as retrain_command
from .commands import status as status_command
from .commands.common import config_of as _config
from .commands.common import instant as _instant
from .errors import ConfigError, MailtriageError

log = logging.getLogger("mailtriage")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose > 1 else logging.INFO if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(message)s",
        stream=sys.stderr,
    )
    try:
        return int(args.func(args))
    except MailtriageError as exc:
        print(f"mailtriage: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except ClassifierError as exc:  # ModelFileError / TrainingDataError / RulesError from train, evaluate
        print(f"mailtriage: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `mailtriage preview --json ... | head`: the reader left, not an error
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - stays open until exit, so flush at exit is silent
        return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mailtriage",
        description="Triage a support inbox and save honest reply drafts for agents to approve. Nothing is ever sent.",
        epilog="Config: --config PATH, else $MAILTRIAGE_CONFIG, else config/mailtriage.toml.",
    )
    parser.add_argument(
        "--config", metavar="PATH", help="config file (default: $MAILTRIAGE_CONFIG or config/mailtriage.toml)"
    )
    parser.add_argument("-v", "--verbose", action="count", default=0, help="log progress (-vv: debug)")
    parser.add_argument("--version", action="version", version=f"mailtriage {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = sub.add_parser(
        "run",
        help="triage new mail and save drafts (loops; --once for cron)",
        description="Triage new mail in every configured mailbox and save a reply draft "
        "for each message that needs one. Loops until SIGTERM/SIGINT, waiting with IMAP "
        "IDLE where the server has it, else every poll_seconds. Example: mailtriage run --once",
    )
    run.add_argument("--once", action="store_true", help="one pass over every mailbox, then exit (cron, timers)")
    run.add_argument("--dry-run", action="store_true", help="triage and report, but write no drafts or state")
    run.add_argument("--show-draft", action="store_true", help="after the pass, print one new draft in full")
    run.add_argument("--quiet", action="store_true", help="no per-message lines (logs only)")
    run.set_defaults(func=cmd_run)

    preview = sub.add_parser(
        "preview",
        help="show how messages would be triaged and drafted; writes nothing",
        description="Show the triage and the full draft for each message in PATH "
        "(.eml files, Maildirs, or folders of .eml files). Writes nothing. "
        "Example: mailtriage preview demo/inbox --json",
    )
    preview.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    preview.add_argument("--json", action="store_true", help="one JSON object per message (JSON Lines)")
    preview.add_argument("--mailbox", help="judge as if received by this [[mailbox]] (default: the first)")
    preview.add_argument(
        "--now",
        type=_instant,
        metavar="ISO8601",
        help="pin the clock, e.g. 2026-11-27T17:55:00+01:00: the draft a message would get at that moment",
    )
    preview.set_defaults(func=cmd_preview)

    check = sub.add_parser(
        "check",
        help="validate config and rules; render and lint every template",
        description="Validate the config, the classifier rules and the model, then render "
        "every template in every language and confidence band against sample messages "
        "and lint the drafts. Exit 0 when all is well, 1 on problems, 2 on config errors.",
    )
    check.add_argument("--samples", type=Path, help="folder of .eml samples (default: the bundled ones)")
    check.set_defaults(func=cmd_check)

    for command in (status_command, models_command, report_command, retrain_command, migrate_command):  # own parser
        command.register(sub)
    return parser


def cmd_run(args: argparse.Namespace) -> int:
    from .views import draft_text, outcome_line
    from .worker import Worker, graceful_stop

    worker = Worker(_config(args), dry_run=args.dry_run)
    failed = 0
    try:
        with graceful_stop(worker.stop):
            if not args.once:
                worker.run_forever()
                return 0
            show = None if args.quiet else (lambda o, d: print(outcome_line(o, d), flush=True))
            reports = worker.run_once(show)
    finally:
        worker.close()
    for report in reports:
        failed += report.count("failed") + (1 if report.error else 0)
        print(
            f"{report.mailbox}: {report.count('drafted')} drafted, {report.count('skipped')} skipped, "
            f"{report.count('failed')} failed; drafts saved to {report.drafts_to or '(mailbox not opened)'}"
            + (f"; error: {report.error}" if report.error else "")
        )
    if args.show_draft:
        drafts = [o.draft for r in reports for o, d in r.outcomes if d == "drafted" and o.draft]
        if drafts:
            print("\n" + "=" * 78 + "\nOne of the drafts, as the agent sees it:\n" + "=" * 78)
            print(draft_text(drafts[0].data))
    return 1 if failed else 0


def cmd_preview(args: argparse.Namespace) -> int:
    from .engine import Engine, Outcome
    from .message import MessageKey, RawMessage
    from .source import read_paths
    from .views import agent_text, draft_text, outcome_json, outcome_line
    from .worker import utc_now

    config = _config(args)
    box = next((b for b in config.mailboxes if b.name == args.mailbox), None) if args.mailbox else config.mailboxes[0]
    if box is None:
        raise ConfigError(str(config.file), "mailbox", f"no [[mailbox]] named {args.mailbox!r}")
    engine = Engine(config)
    now = args.now or utc_now()
    for file, data in read_paths(args.paths):
        raw = RawMessage(MessageKey("preview", "file", 0, file.name), b"" if isinstance(data, OSError) else data)
        if isinstance(data, OSError):
            outcome = Outcome(raw, error=f"cannot read file: {data.strerror or data}")
        else:
            try:
                outcome = engine.prepare(raw, box, backlog=0, now=now)
            except Exception as exc:  # one bad message must not hide the answers for the others
                outcome = Outcome(raw, error=f"internal error: {type(exc).__name__}: {exc}")
        if args.json:
            print(json.dumps(outcome_json(outcome, str(file)), ensure_ascii=False), flush=True)
            continue
        print(f"== {file}")
        print(outcome_line(outcome, "skipped" if outcome.skip else "failed" if outcome.error else "preview"))
        if outcome.triage:
            print(agent_text(outcome))
        if outcome.draft:
            print("\n" + draft_text(outcome.draft.data))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from .check import SAMPLES, check
    from .worker import utc_now

    config = _config(args)
    print(f"config ok: {config.file}")
    report = check(config, utc_now(), args.samples or SAMPLES)
    for note in report.notes:
        print(note)
    for problem in report.problems:
        print(problem, file=sys.stderr)
    print("check passed" if report.ok else f"check failed: {len(report.problems)} problem(s)")
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
