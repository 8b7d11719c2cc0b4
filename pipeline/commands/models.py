"""``mailtriage train``, ``evaluate`` and ``export``: the classifier models and the CSV they learn from."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from .common import config_of as _config


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
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
        "state store as a CSV that `mailtriage train` reads, so you can retrain on your mail. Labels agents "
        "corrected in their mail client replace ours (column corrected names the fields); sent_reply is the "
        "reply the agent sent, where known. `mailtriage retrain` holds out corrected rows to compare models.",
    )
    export.add_argument("--out", type=Path, required=True, metavar="FILE.csv")
    export.set_defaults(func=cmd_export)


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

    from ..state import open_state
    from ..state.corrections import CorrectionStore

    state = open_state(_config(args).state)
    try:
        rows = list(CorrectionStore(state).training_rows())  # agents' corrected labels over ours
    finally:
        state.close()
    export_training_csv(rows, args.out)
    corrected = sum(bool(r["corrected"]) for r in rows)
    print(f"{len(rows)} rows written to {args.out} ({corrected} with labels corrected by agents)")
    return 0
