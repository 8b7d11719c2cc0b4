"""``mailtriage retrain`` and ``promote``: a model trained on the team's corrected mail, and the explicit step
that puts it in use.

``retrain`` never changes the model in use: it holds out corrected rows, trains a candidate into a new
folder and prints ``evaluate`` of the current model and of the candidate on the same held-out rows.
``promote`` prints that comparison again, then points a symlink (default ``<root>/models/current``) at
the candidate, atomically (a new link renamed over the old one), so a worker starting at any moment
loads either model whole. mailtriage never edits the config: when ``[classifier] model`` does not name
that link yet, ``promote`` prints the exact line to set. A running ``mailtriage run`` keeps the model
it loaded until it is restarted.
"""

from __future__ import annotations

import argparse
import json
import os
import tomllib
from pathlib import Path

from ..config import Config
from ..errors import ConfigError
from .common import config_of as _config


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    retrain = sub.add_parser(
        "retrain",
        help="train a candidate model on corrected mail; compare it with the model in use (changes nothing)",
        description="Hold out a seeded, stratified share of the rows agents corrected (the `corrected` column "
        "of `mailtriage export`), train a candidate on the rest, and print `evaluate` of the model in use and "
        "of the candidate on the same held-out rows. The model in use is not changed: see `mailtriage "
        "promote`. Example: mailtriage export --out corrected.csv && mailtriage retrain --data corrected.csv "
        "--out models/candidate-1",
    )
    retrain.add_argument("--data", type=Path, required=True, metavar="FILE.csv", help="from `mailtriage export`")
    retrain.add_argument("--out", type=Path, required=True, metavar="DIR", help="a new (or empty) folder")
    retrain.add_argument("--holdout", type=float, default=0.3, metavar="SHARE", help="of corrected rows (0.3)")
    retrain.add_argument("--seed", type=int, default=0, help="random state of the split (0)")
    retrain.add_argument("--with-seed", action="store_true", help="also train on the bundled seed corpus")
    retrain.add_argument("--json", action="store_true", help="one JSON object")
    retrain.set_defaults(func=cmd_retrain)

    promote = sub.add_parser(
        "promote",
        help="put a retrained model in use: compare it again, then point the model link at it",
        description="Print `evaluate` of the model in use and of DIR on DIR's held-out rows (or --data), then "
        "point the link (default <root>/models/current) at DIR, atomically. The config is never edited: "
        "when [classifier] model does not name the link, the line to set is printed. Restart `mailtriage run` "
        "to load the new model. Example: mailtriage promote models/candidate-1",
    )
    promote.add_argument("model", type=Path, metavar="DIR", help="a folder written by `mailtriage retrain`")
    promote.add_argument("--link", type=Path, metavar="PATH", help="the symlink to point (default models/current)")
    promote.add_argument("--data", type=Path, metavar="FILE.csv", help="compare on these rows instead")
    promote.add_argument("--json", action="store_true", help="one JSON object")
    promote.set_defaults(func=cmd_promote)


def cmd_retrain(args: argparse.Namespace) -> int:
    from classifiers import TrainingDataError, train
    from classifiers.retrain import HELDOUT, TRAINING, compare, split, table

    if not 0 < args.holdout < 1:
        raise TrainingDataError(f"--holdout {args.holdout}: give a share between 0 and 1, e.g. 0.3")
    config = _config(args)
    plan = split(args.data, args.out, args.holdout, args.seed, args.with_seed)
    card = train(args.out / TRAINING, args.out, progress=not args.json)
    comparison = compare(config.model_dir, args.out, args.out / HELDOUT)
    (args.out / "retrain.json").write_text(json.dumps({"split": plan, **comparison}, indent=2) + "\n")
    if args.json:
        print(json.dumps({"split": plan, "card": card.get("training_data"), **comparison}))
        return 0
    how = "stratified by type" if plan["stratified"] else "not stratified (too few rows per type)"
    print(f"held out {plan['heldout']} of {plan['corrected']} corrected rows ({how}, seed {plan['random_state']});"
          f" trained on {plan['training']} rows" + (f" ({plan['seed_rows']} from the seed corpus)" if plan["seed_rows"]
                                                    else ""))  # fmt: skip
    print(table(comparison, _name(config.model_dir), str(args.out)))
    print(f"candidate saved to {args.out}; the model in use is unchanged. To use it: mailtriage promote {args.out}")
    return 0


def cmd_promote(args: argparse.Namespace) -> int:
    from classifiers import TrainingDataError, load_model
    from classifiers.retrain import HELDOUT, compare, table, worse

    config = _config(args)
    candidate = args.model.resolve()
    load_model(candidate)  # refuses a folder that is not a whole, untampered model before anything changes
    if config.model_dir is not None and config.model_dir == candidate:
        print(f"{candidate} is already the model in use; nothing changed")
        return 0
    heldout = args.data or candidate / HELDOUT
    if not heldout.is_file():
        raise TrainingDataError(f"{heldout}: no held-out rows to compare on; give --data FILE.csv")
    comparison = compare(config.model_dir, candidate, heldout)
    link = _link(config, args.link)
    _point(link, candidate)
    configured = _configured_model(config)
    result = {**comparison, "promoted": str(candidate), "link": str(link), "worse_on": worse(comparison),
              "config_line": None if configured == link else _config_line(config, link)}  # fmt: skip
    if args.json:
        print(json.dumps(result))
        return 0
    print(table(comparison, _name(config.model_dir), str(candidate)))
    if result["worse_on"]:
        print(f"note: the candidate scores lower on {', '.join(result['worse_on'])} of the held-out rows")
    print(f"{link} -> {candidate}")
    if result["config_line"]:
        print(f"to use it, set in [classifier] of {config.file} (mailtriage does not edit it):")
        print(f"  {result['config_line']}")
    print("restart `mailtriage run` to load it")
    return 0


def _link(config: Config, given: Path | None) -> Path:
    """The symlink to point: ``--link``, else the configured model path when it is a link, else models/current."""
    if given is not None:
        return Path(os.path.abspath(given))
    configured = _configured_model(config)
    if configured is not None and configured.is_symlink():
        return configured
    return config.root / "models" / "current"


def _point(link: Path, target: Path) -> None:
    """Make ``link`` point at ``target`` in one rename: a reader sees the old model or the new one, never none."""
    if link.exists() and not link.is_symlink():
        raise ConfigError(str(link), "", "is a folder or file, not a link; give --link a new path")
    link.parent.mkdir(parents=True, exist_ok=True)
    tmp = link.with_name(f".{link.name}.new-{os.getpid()}")
    tmp.unlink(missing_ok=True)
    os.symlink(os.path.relpath(target, link.parent), tmp)  # relative: the tree may move as a whole
    try:
        os.replace(tmp, link)
    except OSError:
        tmp.unlink(missing_ok=True)
        raise


def _configured_model(config: Config) -> Path | None:
    """``[classifier] model`` as written (not resolved through a link), absolute; None for the default model.

    ``Config.model_dir`` follows links, so whether the config names the link must be read from the file.
    """
    try:
        value = tomllib.loads(config.file.read_text(encoding="utf-8")).get("classifier", {}).get("model", "")
    except (OSError, tomllib.TOMLDecodeError):
        return None
    if not isinstance(value, str) or not value:
        return None
    return Path(os.path.normpath(config.root / os.path.expanduser(value)))


def _config_line(config: Config, link: Path) -> str:
    try:
        shown = str(link.relative_to(config.root))
    except ValueError:
        shown = str(link)
    return f"model = {json.dumps(shown)}"


def _name(model_dir: Path | None) -> str:
    return "default model" if model_dir is None else str(model_dir)
