"""Benchmark the classifiers on the ticket data: ours beside a plain TF-IDF + LogisticRegression.

Run from the project root:

    .venv/bin/python benchmarks/classifier.py            # train.csv -> dev.csv, about a minute

    .venv/bin/python benchmarks/classifier.py --default  # the shipped default model, measured only

Trains on ``../shared/data/tickets/train.csv`` into a temporary directory (the ticket data is
non-commercial: the model is thrown away afterwards), evaluates on ``dev.csv``, and prints macro-F1
and accuracy for type and urgency beside the baseline measured in the same run, the confidence
bands, per-language type macro-F1, the effect of the shipped rules, and prediction speed.

``--default`` measures the default model (trained on the bundled seed corpus, never on tickets) on
``dev.csv``, on the hand-labelled golden mail (``tests/golden/*.eml`` vs ``labels.csv``) and on the
demo inbox (the labels a person gave in ``demo/README.md``), each .eml parsed as the pipeline does.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.metrics import accuracy_score, f1_score  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402

from classifiers import TextInput, Triager, evaluate, read_labelled_csv, train  # noqa: E402
from classifiers.calibration import band_report  # noqa: E402
from classifiers.metrics import head_metrics  # noqa: E402
from classifiers.model import model_text  # noqa: E402
from classifiers.types import LABELS  # noqa: E402

# $MAILTRIAGE_SHARED_DATA names a copy of shared/data; else it sits beside the project
DATA = (
    Path(os.environ.get("MAILTRIAGE_SHARED_DATA", "").strip() or ROOT.parent / "shared" / "data").expanduser()
    / "tickets"
)


def baseline(train_csv: Path, dev_csv: Path) -> dict[str, dict[str, float]]:
    """Plain TF-IDF + LogisticRegression per head, default settings."""
    tr, dv = read_labelled_csv(train_csv), read_labelled_csv(dev_csv)
    x_tr = [model_text(s, b) for s, b in zip(tr.subjects, tr.bodies, strict=True)]
    x_dv = [model_text(s, b) for s, b in zip(dv.subjects, dv.bodies, strict=True)]
    out = {}
    for head in ("type", "urgency"):
        clf = make_pipeline(TfidfVectorizer(), LogisticRegression(max_iter=1000))
        pred = clf.fit(x_tr, tr.labels[head]).predict(x_dv)
        out[head] = {
            "macro_f1": round(float(f1_score(dv.labels[head], pred, average="macro")), 4),
            "accuracy": round(float(accuracy_score(dv.labels[head], pred)), 4),
        }
    return out


def speed(triager: Triager, items: list[TextInput]) -> dict[str, float]:
    """Per-message latency of ``classify`` (one call per message, as the pipeline does)."""
    for item in items[:20]:  # warm caches
        triager.classify(item)
    times = []
    for item in items:
        t0 = time.perf_counter()
        triager.classify(item)
        times.append(time.perf_counter() - t0)
    times.sort()
    return {
        "median_ms": round(statistics.median(times) * 1000, 3),
        "p95_ms": round(times[int(0.95 * len(times))] * 1000, 3),
        "predictions_per_s": round(len(times) / sum(times), 1),
    }


def by_language_and_rules(triager: Triager, dev_csv: Path, rules: Path) -> dict[str, dict]:
    d = read_labelled_csv(dev_csv)
    items = [TextInput(s, b, language=lang) for s, b, lang in zip(d.subjects, d.bodies, d.languages, strict=True)]
    out: dict[str, Any] = {}
    plain = triager.classify_many(items)
    for lang in sorted(set(d.languages)):
        idx = [i for i, v in enumerate(d.languages) if v == lang]
        y = [d.labels["type"][i] for i in idx]
        p = [plain[i].type.label for i in idx]
        out[f"type_macro_f1_{lang}"] = {
            "n": len(idx),
            "macro_f1": round(float(f1_score(y, p, average="macro")), 4),
        }
    ruled = Triager(triager.model, triager.card, __import__("classifiers").load_rules(rules)).classify_many(items)
    for head in ("type", "urgency"):
        y = list(d.labels[head])
        m = head_metrics(
            y, [getattr(t, head).label for t in ruled], [getattr(t, head).band for t in ruled], LABELS[head]
        )
        out[f"{head}_with_shipped_rules"] = {k: m[k] for k in ("macro_f1", "accuracy", "bands")}
    out["rules_fired_share"] = round(sum(1 for t in ruled if t.rules_fired) / len(ruled), 4)
    return out


def demo_labels(readme: Path) -> dict[str, tuple[str, str]]:
    """{file name: (type, urgency or "")} for the drafted demo messages whose README row names a type."""
    out = {}
    for line in readme.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.split("|")]
        if len(cells) < 8 or "**draft**" not in cells[-3]:
            continue
        name = cells[2].strip("`").removeprefix("new/").removeprefix("…")
        first = cells[-2].split(";")[0]
        kind = first.split()[0].strip(",") if first else ""
        urgency = next((u for u in LABELS["urgency"] if f" {u}" in f" {first}"), "")
        if kind in LABELS["type"]:
            out[name] = (kind, urgency)
    return out


def hand_written(triager: Triager, rules: Path) -> dict[str, dict]:
    """Type and urgency of the default model on the golden set and the demo inbox, with and without rules."""
    from pipeline.parse import detect_language, parse

    golden = ROOT / "tests" / "golden"
    with open(golden / "labels.csv", encoding="utf-8", newline="") as f:
        sets = {"golden": {golden / r["file"]: (r["type"], r["urgency"]) for r in csv.DictReader(f)}}
    demo = ROOT / "demo" / "inbox" / "new"
    sets["demo"] = {demo / name: labels for name, labels in demo_labels(ROOT / "demo" / "README.md").items()}
    ruled = Triager(triager.model, triager.card, __import__("classifiers").load_rules(rules))
    out: dict[str, dict] = {}
    for name, labelled in sets.items():
        items = []
        for path in labelled:
            m = parse(path.read_bytes())
            body = m.new_text or m.text
            items.append(
                TextInput(
                    subject=m.subject,
                    body=body,
                    sender=m.sender.email.lower() if m.sender else "",
                    headers=m.headers,
                    thread_depth=len(m.references),
                    language=detect_language(f"{m.subject}\n{body}"),
                )
            )
        truth = list(labelled.values())
        for variant, t in (("model", triager), ("with_rules", ruled)):
            got = t.classify_many(items)
            kinds = [g.type for g in got]
            right = [d.label == y[0] for d, y in zip(kinds, truth, strict=True)]
            urg = [(g.urgency.label, y[1]) for g, y in zip(got, truth, strict=True) if y[1]]
            out[f"{name}_{variant}"] = {
                "n": len(items),
                "type_accuracy": round(sum(right) / len(right), 4),
                "type_bands": band_report([d.band for d in kinds], right),
                "urgency_accuracy": round(sum(a == b for a, b in urg) / len(urg), 4) if urg else None,
                "type_errors": [
                    f"{p.name}: {d.label} ({d.band}) for {y[0]}"
                    for p, d, y in zip(labelled, kinds, truth, strict=True)
                    if d.label != y[0]
                ],
            }
    return out


def default_model(args: argparse.Namespace) -> int:
    """Measure the shipped default model (seed corpus) on dev and on hand-written mail; tune nothing."""
    triager = Triager.load(None)
    dev = evaluate(None, args.dev)
    result = {
        "model": {k: triager.card[k] for k in ("created_at", "training_data")},
        "cross_validated_on_seed": {h: triager.card["metrics"][h]["bands"] for h in triager.card["metrics"]},
        "tickets_dev": {h: {k: v for k, v in m.items() if k != "per_label"} for h, m in dev.items()},
        **hand_written(triager, args.rules),
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(
        f"default model: {result['model']['training_data']['file']} ({result['model']['training_data']['rows']} rows)"
    )
    for h, m in result["tickets_dev"].items():
        bands = "  ".join(f"{b} {v['coverage']:.3f}/{_p(v['precision'])}" for b, v in m["bands"].items())
        print(f"  dev {h:8} macro-F1 {m['macro_f1']:.4f} accuracy {m['accuracy']:.4f}  bands cov/prec: {bands}")
    for name, m in result.items():
        if name.startswith(("golden", "demo")):
            bands = "  ".join(f"{b} {v['coverage']:.3f}/{_p(v['precision'])}" for b, v in m["type_bands"].items())
            print(f"  {name:18} n={m['n']:3} type accuracy {m['type_accuracy']:.3f}  bands cov/prec: {bands}")
            print(f"  {'':18} urgency accuracy {m['urgency_accuracy']}; wrong: {'; '.join(m['type_errors'])}")
    return 0


def _p(precision: float | None) -> str:
    return "n/a" if precision is None else f"{precision:.3f}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--train", type=Path, default=DATA / "train.csv")
    ap.add_argument("--dev", type=Path, default=DATA / "dev.csv")
    ap.add_argument("--rules", type=Path, default=ROOT / "config" / "rules.toml")
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    ap.add_argument("--default", action="store_true", help="measure the shipped default model instead")
    args = ap.parse_args(argv)
    needed = [args.dev] if args.default else [args.train, args.dev]
    missing = next((p for p in needed if not p.is_file()), None)
    if missing is not None:  # one line, not a traceback: a plain clone has no ../shared
        print(
            f"classifier: error: ticket data {missing.resolve()} is missing "
            "(pass --train/--dev or set MAILTRIAGE_SHARED_DATA to a copy of shared/data)",
            file=sys.stderr,
        )
        return 2
    if args.default:
        return default_model(args)

    base = baseline(args.train, args.dev)
    with tempfile.TemporaryDirectory(prefix="mailtriage-bench-") as tmp:
        t0 = time.perf_counter()
        card = train(args.train, Path(tmp), progress=not args.json)
        train_s = time.perf_counter() - t0
        ours = evaluate(Path(tmp), args.dev)
        triager = Triager.load(Path(tmp))
        d = read_labelled_csv(args.dev)
        items = [TextInput(s, b) for s, b in zip(d.subjects, d.bodies, strict=True)]
        fast = speed(triager, items)
        extra = by_language_and_rules(triager, args.dev, args.rules)
    high = ours["type"]["bands"]["high"]
    uhigh = ours["urgency"]["bands"]["high"]
    checks = {
        "type macro-F1 >= baseline + 0.12": ours["type"]["macro_f1"] >= base["type"]["macro_f1"] + 0.12,
        "urgency macro-F1 > baseline": ours["urgency"]["macro_f1"] > base["urgency"]["macro_f1"],
        "type high band precision >= 0.90": (high["precision"] or 0) >= 0.90,
        "type high band coverage >= 10%": high["coverage"] >= 0.10,
        "urgency high band only at >= 0.90": uhigh["coverage"] == 0 or (uhigh["precision"] or 0) >= 0.90,
        "median prediction < 5 ms": fast["median_ms"] < 5,
        "training < 60 s": train_s < 60,
    }
    result = {
        "baseline": base,
        "ours": {h: {k: v for k, v in m.items() if k != "per_label"} for h, m in ours.items()},
        "per_label": {h: m["per_label"] for h, m in ours.items()},
        "cross_validated_on_train": {h: card["metrics"][h]["bands"] for h in card["metrics"]},
        "training_seconds": round(train_s, 1),
        "speed": fast,
        "extra": extra,
        "checks": checks,
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"\ntrain {args.train.name} ({card['training_data']['rows']} rows) -> dev {args.dev.name}")
        print(f"{'':10}{'ours F1':>10}{'base F1':>10}{'gain':>8}{'ours acc':>10}{'base acc':>10}")
        for h in ("type", "urgency"):
            o, b = ours[h], base[h]
            gain = o["macro_f1"] - b["macro_f1"]
            print(
                f"{h:10}{o['macro_f1']:>10.4f}{b['macro_f1']:>10.4f}{gain:>+8.4f}{o['accuracy']:>10.4f}{b['accuracy']:>10.4f}"
            )
        for h in ("type", "urgency"):
            for band, v in ours[h]["bands"].items():
                p = "  n/a" if v["precision"] is None else f"{v['precision']:.3f}"
                print(f"  {h:8} {band:6} coverage {v['coverage']:.3f}  precision {p}")
        for k, v in extra.items():
            print(f"  {k}: {v}")
        print(
            f"training {train_s:.1f} s; classify median {fast['median_ms']} ms, p95 {fast['p95_ms']} ms, "
            f"{fast['predictions_per_s']} predictions/s (one message per call)"
        )
        for name, ok in checks.items():
            print(f"  [{'PASS' if ok else 'FAIL'}] {name}")
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
