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
from datetime import datetime
from pathlib import Path
from typing import Any

from classifiers import ClassifierError

from . import __version__
from .config import Config, config_path, load_config
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

    status = sub.add_parser(
        "status",
        help="per mailbox: last cycle, counts, failures",
        description="Show, per mailbox, the last cycle, how many messages were drafted, "
        "skipped and failed, and the recent failures with their reasons.",
    )
    status.add_argument("--json", action="store_true", help="one JSON object")
    status.set_defaults(func=cmd_status)

    train = sub.add_parser(
        "train",
        help="train type/urgency/tone models from a labelled CSV",
        description="Train the classifiers from a CSV with columns subject,body,type,urgency "
        "(+ optional tone, language). Example: mailtriage train --data tickets.csv --out models/mine",
    )
    train.add_argument("--data", type=Path, required=True, metavar="FILE.csv")
    train.add_argument("--out", type=Path, required=True, metavar="DIR")
    train.set_defaults(func=cmd_train)

    evaluate = sub.add_parser(
        "evaluate",
        help="measure a model on a labelled CSV",
        description="Evaluate a model (default: the configured one) on a labelled CSV: "
        "accuracy, macro-F1, per-label scores and the confidence bands' real precision.",
    )
    evaluate.add_argument("--model", type=Path, metavar="DIR", help="model folder (default: configured model)")
    evaluate.add_argument("--data", type=Path, required=True, metavar="FILE.csv")
    evaluate.add_argument("--json", action="store_true", help="one JSON object")
    evaluate.add_argument("--report", type=Path, metavar="DIR", help="write an HTML report with plots")
    evaluate.set_defaults(func=cmd_evaluate)

    export = sub.add_parser(
        "export",
        help="write drafted messages' decisions as a training CSV",
        description="Export subject, body and the labels of drafted messages from the "
        "state store as a CSV that `mailtriage train` reads, so you can retrain on your mail.",
    )
    export.add_argument("--out", type=Path, required=True, metavar="FILE.csv")
    export.set_defaults(func=cmd_export)

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
    return parser


def _config(args: argparse.Namespace) -> Config:
    return load_config(config_path(args.config))


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


def _instant(text: str) -> datetime:
    """``--now``: an ISO 8601 moment with its offset ("Z" allowed); a clock without a zone is refused."""
    try:
        value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        hint = "expected an ISO 8601 time such as 2026-11-27T17:55:00+01:00"
        raise argparse.ArgumentTypeError(f"{hint}, got {text!r}") from None
    if value.tzinfo is None or value.utcoffset() is None:
        raise argparse.ArgumentTypeError(f"{text!r} has no UTC offset; add one, e.g. +01:00 or Z")
    return value


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


def cmd_status(args: argparse.Namespace) -> int:
    import time

    from .state import existing_state
    from .state.leases import lease_rows

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
        # what the drafts no longer carry in their headers (the customer would see them): for the team
        for d in info.get("recent_drafts", []):
            conf = f" {d['confidence']:.2f}" if d["confidence"] is not None else ""
            print(f"  drafted {d['key']}: {d['type']}/{d['urgency']}/{d['tone']}{conf} ({d['band'] or '-'})"
                  f" -> {d['template'] or '-'}; why: {d['why'] or '-'}"
                  + (f"; plan: {d['plan']}" if d["plan"] else ""))  # fmt: skip
    return 0


def cmd_train(args: argparse.Namespace) -> int:
    from classifiers import train

    card = train(args.data, args.out, progress=True)
    print(json.dumps(card.get("metrics", {}), indent=2))
    print(f"model saved to {args.out}")
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    from classifiers import evaluate

    model = args.model
    if model is None and (args.config or Path("config/mailtriage.toml").exists()):
        model = _config(args).model_dir
    result = evaluate(model, args.data, args.report)
    if args.json:
        print(json.dumps(result))
        return 0
    for head, metrics in result.items():
        print(f"{head}: n={metrics['n']} accuracy={metrics['accuracy']:.3f} macro_f1={metrics['macro_f1']:.3f}")
        for band, b in metrics["bands"].items():
            precision = "n/a" if b["precision"] is None else f"{b['precision']:.2f}"
            print(f"  {band:<6} coverage={b['coverage']:.2f} precision={precision}")
    if args.report:
        print(f"report written to {args.report / 'index.html'}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from classifiers import export_training_csv

    from .state import open_state

    state = open_state(_config(args).state)
    try:
        rows = list(state.decisions())
    finally:
        state.close()
    export_training_csv(rows, args.out)
    print(f"{len(rows)} rows written to {args.out}")
    return 0


def _since(text: str) -> datetime:
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


def cmd_report(args: argparse.Namespace) -> int:
    from .feedback.report import build, text
    from .state import existing_state
    from .state.feedback import FeedbackStore
    from .worker import utc_now

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


if __name__ == "__main__":
    sys.exit(main())
