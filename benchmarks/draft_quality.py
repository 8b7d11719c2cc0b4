"""Draft quality on labelled message sets: lint pass rates, type agreement, promised time frames, and the rubric.

Renders a draft, with the shipped config and the default model (not pinned labels), for every
``tests/golden/*.eml`` and for every row of ``../shared/data/tickets/dev.csv`` (a minimal message per
row: subject, body and an invented sender; optional: when the file is missing, one line says so and the
rest runs), on a frozen clock (Wednesday 25 November 2026, 10:00 Berlin) with an empty queue. Prints, per set:

- the share of drafts passing each lint check (banned phrases, contact line, time frame,
  placeholders, length, paragraph length, and at least two questions for clarifying replies),
- the share of golden messages whose model type matches ``tests/golden/labels.csv``,
- the distribution of promised first-response time frames per urgency, in business hours from now,
- bands, templates and reply languages.

Then the **rubric** (``tests/rubric/*.eml``, each with a ``.toml`` annotation; the checks are defined in
``benchmarks/rubric.py``): every message drafted by the real engine on the clock its annotation pins
(``now``), and its *reply part* (the text above the quoted original) scored. Prints:

- the share of drafts passing every check (facts restated, questions answered or named back, deadline
  or "no rush" acknowledged, nothing already given asked for again, no ``must_not`` phrase, at most 220
  words, at most 40% copied, written in the expected language), and the pass rate of each check,
- the share of customer questions answered or named back, and of stated deadlines acknowledged,
- the median and maximum reply-part length in words,
- the share of the reply part copied verbatim from the customer: over all drafts, the share of reply-part
  words that lie in a run of 5 or more consecutive words also found, in that order, in the customer's
  text (subject and body, HTML converted); and the highest share of any one draft,
- the share of replies written in the expected language,
- one line per failing draft naming the file and its failed checks (``--verbose``: also the reply part).

A message that gets no draft counts as failing every check.

Last, the **demo inbox** (``demo/inbox``, our own mail, not annotated): the median and maximum reply-part
length of its drafts, each on a clock ten minutes after the message's Date.

    .venv/bin/python benchmarks/draft_quality.py [--limit N] [--json] [--verbose] [--rubric DIR] [--rubric-only]

The ticket data is non-commercial and only read by path; nothing is written.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import statistics
import sys
import time
from collections import Counter, defaultdict
from datetime import datetime, timedelta
from email import message_from_bytes
from email.message import EmailMessage
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run from anywhere, without installing
sys.path.insert(0, str(ROOT / "benchmarks"))  # rubric.py beside this file (a "benchmarks" package may be installed)

import rubric  # noqa: E402

from pipeline.config import Config, load_config  # noqa: E402
from pipeline.draft import quote_original  # noqa: E402
from pipeline.echo import word_count  # noqa: E402
from pipeline.engine import Engine, Outcome  # noqa: E402
from pipeline.lint import lint_reply  # noqa: E402
from pipeline.message import MessageKey, RawMessage  # noqa: E402

GOLDEN = ROOT / "tests" / "golden"
RUBRIC = ROOT / "tests" / "rubric"
DEMO = ROOT / "demo" / "inbox"
_SHARED = os.environ.get("MAILTRIAGE_SHARED_DATA", "").strip()
DEV = (Path(_SHARED).expanduser() if _SHARED else ROOT.parent / "shared" / "data") / "tickets" / "dev.csv"
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))
CHECKS = ("banned phrase", "contact line", "time frame", "placeholder", "length", "paragraph", "questions")
_CHECK_OF = {  # the start of a lint_reply problem -> the check it belongs to
    "banned phrase": "banned phrase",
    "no direct contact line": "contact line",
    "no concrete time frame": "time frame",
    "unfilled placeholder": "placeholder",
    "too long": "length",
    "paragraph too long": "paragraph",
    "asks fewer than": "questions",
}
BUCKETS = ((4, "<=4h"), (8, "<=1d"), (16, "<=2d"), (24, "<=3d"), (40, "<=5d"))


def golden_messages() -> list[tuple[str, bytes, dict[str, str]]]:
    with (GOLDEN / "labels.csv").open(encoding="utf-8", newline="") as f:
        labels = {row["file"]: row for row in csv.DictReader(f)}
    return [(name, (GOLDEN / name).read_bytes(), labels[name]) for name in sorted(labels)]


def dev_messages(limit: int | None) -> list[tuple[str, bytes, dict[str, str]]]:
    """One minimal RFC 5322 message per dev.csv row, sent an hour before the frozen clock."""
    out = []
    with DEV.open(encoding="utf-8", newline="") as f:
        for i, row in enumerate(csv.DictReader(f)):
            if limit is not None and i >= limit:
                break
            msg = EmailMessage()
            msg["From"] = f"Customer {i} <customer{i}@example.org>"
            msg["To"] = "support@example.com"
            msg["Subject"] = " ".join((row["subject"] or "").split()) or "(no subject)"
            msg["Date"] = format_datetime(NOW - timedelta(hours=1))
            msg["Message-ID"] = f"<dev-{i}@example.org>"
            msg.set_content(row["body"] or "")
            out.append((f"dev.csv:{i + 2}", msg.as_bytes(), row))
    return out


def measure(engine: Engine, config: Config, items: list[tuple[str, bytes, dict[str, str]]]) -> dict[str, Any]:
    """Draft every item and collect lint results, type agreement and time frames."""
    box = config.mailboxes[0]
    passed: Counter[str] = Counter()
    applicable: Counter[str] = Counter()
    hours: dict[str, list[float]] = defaultdict(list)
    bands: Counter[str] = Counter()
    templates: Counter[str] = Counter()
    languages: Counter[str] = Counter()
    skipped: Counter[str] = Counter()
    failures: list[str] = []
    type_match = all_pass = drafted = 0
    for name, data, label in items:
        outcome = engine.prepare(RawMessage(MessageKey("bench", "INBOX", 1, name), data), box, backlog=0, now=NOW)
        if outcome.draft is None or outcome.plan is None or outcome.triage is None:
            skipped[str(outcome.skip.code if outcome.skip else outcome.error)] += 1
            continue
        drafted += 1
        plan, triage = outcome.plan, outcome.triage
        clarify = plan.template.endswith("/clarify.j2")
        problems = lint_reply(reply_part(outcome), plan.contact.phone, plan.contact.email, plan.deadline.wording,
                              min_questions=2 if clarify else 0)  # fmt: skip
        failed = {check for p in problems for start, check in _CHECK_OF.items() if p.startswith(start)}
        for check in CHECKS:
            if check == "questions" and not clarify:
                continue
            applicable[check] += 1
            passed[check] += check not in failed
        all_pass += not problems
        if problems and len(failures) < 5:
            failures.append(f"{name}: {'; '.join(problems)}")
        type_match += triage.type.label == label.get("type")
        at = config.calendar.business_time_between(NOW, plan.deadline.at) / timedelta(hours=1)
        hours[triage.urgency.label].append(at)
        bands[plan.band] += 1
        templates[plan.template.split("/", 1)[1]] += 1
        languages[plan.language] += 1
    return {
        "messages": len(items),
        "drafts": drafted,
        "skipped": dict(skipped),
        "lint_pass": {c: _share(passed[c], applicable[c]) for c in CHECKS if applicable[c]},
        "lint_pass_all": _share(all_pass, drafted),
        "lint_examples": failures,
        "type_matches_label": _share(type_match, drafted),
        "time_frames": {u: _distribution(v) for u, v in sorted(hours.items(), key=lambda kv: _URGENCY.get(kv[0], 9))},
        "bands": dict(bands.most_common()),
        "templates": dict(templates.most_common()),
        "reply_languages": dict(languages.most_common()),
    }


_URGENCY = {"high": 0, "normal": 1, "low": 2}


def reply_part(outcome: Outcome) -> str:
    """The draft above its quoted original (quoted in the reply's language); else the rubric's split."""
    assert outcome.draft is not None and outcome.parsed is not None
    body = outcome.draft.body
    quoted = quote_original(outcome.parsed, outcome.plan.language if outcome.plan else "en")
    return body[: body.rindex(quoted)] if quoted in body else rubric.reply_part(body)


def measure_rubric(engine: Engine, config: Config, verbose: bool = False, folder: Path = RUBRIC) -> dict[str, Any]:
    """Draft every rubric message in ``folder`` on its annotation's clock and score the reply parts."""
    box = config.mailboxes[0]
    scores: list[rubric.Score] = []
    failing: list[dict[str, Any]] = []
    strict: list[int] = []  # each reply part counted the strictest common way: at spaces or in runs of letters
    skipped = 0
    for path, data, note in rubric.load_set(folder):
        key = MessageKey("rubric", "INBOX", 1, path.name)
        outcome = engine.prepare(RawMessage(key, data), box, backlog=0, now=note.now)
        if outcome.draft is None or outcome.parsed is None:
            skipped += 1
            why = outcome.skip.code if outcome.skip else outcome.error
            failing.append({"file": path.name, "failed": {"draft": f"no draft: {why}"}, "reply": ""})
            continue
        reply = rubric.reply_part(outcome.draft.body)
        customer = f"{outcome.parsed.subject}\n{outcome.parsed.text or outcome.parsed.new_text}"
        result = rubric.score(reply, customer, note)
        scores.append(result)
        strict.append(word_count(reply))
        if result.failed:
            failing.append({"file": path.name, "failed": result.failed, **({"reply": reply} if verbose else {})})
    over = sum(n > rubric.MAX_WORDS for n in strict)
    return {**rubric.summarise(scores, skipped), "strict_words_max": max(strict, default=None),
            "strict_over_limit": over, "failing": failing}  # fmt: skip


def measure_demo(engine: Engine, config: Config) -> dict[str, Any]:
    """Reply-part lengths of the demo inbox's drafts (our own mail, not annotated), each on a clock pinned ten
    minutes after its Date, as an agent would see it."""
    lengths: list[int] = []
    for path in sorted(p for p in DEMO.rglob("*") if p.is_file() and not p.name.startswith(".")):
        data = path.read_bytes()
        received = parsedate_to_datetime(message_from_bytes(data)["Date"])
        key = MessageKey("demo", "INBOX", 1, path.name)
        outcome = engine.prepare(RawMessage(key, data), config.mailboxes[0], 0, received + timedelta(minutes=10))
        if outcome.draft is not None:
            lengths.append(len(rubric.words(rubric.reply_part(outcome.draft.body))))
    over = sum(n > rubric.MAX_WORDS for n in lengths)
    median = statistics.median(lengths) if lengths else None
    return {"drafts": len(lengths), "words_median": median, "words_max": max(lengths, default=None), "over_limit": over}


def _share(n: int, total: int) -> dict[str, Any]:
    return {"n": n, "of": total, "share": round(n / total, 4) if total else None}


def _distribution(values: list[float]) -> dict[str, Any]:
    ordered = sorted(values)
    buckets = Counter(next((label for limit, label in BUCKETS if v <= limit), ">5d") for v in ordered)
    return {
        "n": len(ordered),
        "min_h": round(ordered[0], 1),
        "median_h": round(statistics.median(ordered), 1),
        "p90_h": round(ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))], 1),
        "max_h": round(ordered[-1], 1),
        "buckets": {label: buckets[label] for _, label in (*BUCKETS, (0, ">5d")) if buckets[label]},
    }


def print_report(title: str, r: dict[str, Any]) -> None:
    print(f"\n== {title}: {r['drafts']} drafts from {r['messages']} messages", end="")
    print(f" (skipped: {r['skipped']})" if r["skipped"] else "")
    print("lint pass rate per check:")
    for check, s in r["lint_pass"].items():
        print(f"  {check:<14} {s['share']:>7.1%}  ({s['n']}/{s['of']})")
    s = r["lint_pass_all"]
    print(f"  {'all checks':<14} {s['share']:>7.1%}  ({s['n']}/{s['of']})")
    for example in r["lint_examples"]:
        print(f"    e.g. {example}")
    s = r["type_matches_label"]
    print(f"model type matches the label: {s['share']:.1%} ({s['n']}/{s['of']})")
    print("promised first response, business hours from now, per model urgency:")
    for urgency, d in r["time_frames"].items():
        buckets = ", ".join(f"{k} {v}" for k, v in d["buckets"].items())
        print(f"  {urgency:<7} n={d['n']:<5} min {d['min_h']:>5}  median {d['median_h']:>5}  p90 {d['p90_h']:>5}"
              f"  max {d['max_h']:>5}   [{buckets}]")  # fmt: skip
    print(f"bands: {r['bands']}")
    print(f"templates: {r['templates']}")
    print(f"reply languages: {r['reply_languages']}")


def print_rubric(r: dict[str, Any], verbose: bool, folder: Path = RUBRIC) -> None:
    print(f"\n== rubric: {r['drafts']} drafts from {r['messages']} messages ({_shown(folder)})")
    s = r["pass_all"]
    print(f"pass every check: {s['share']:.1%} ({s['n']}/{s['of']})")
    print("pass rate per check:")
    for check, c in r["per_check"].items():
        print(f"  {check:<10} {c['share']:>7.1%}  ({c['n']}/{c['of']})")
    q, d, lang = r["questions_answered"], r["deadlines_acknowledged"], r["expected_language"]
    print(f"questions answered or named back: {q['share']:.1%} ({q['n']}/{q['of']})")
    print(f"stated deadlines acknowledged: {d['share']:.1%} ({d['n']}/{d['of']})")
    print(f"reply-part words: median {r['words_median']}, max {r['words_max']} (limit {rubric.MAX_WORDS});"
          f" counted at spaces or in runs of letters, whichever is more: max {r['strict_words_max']},"
          f" {r['strict_over_limit']} over the limit")  # fmt: skip
    print(f"copied from the customer (words in runs of {rubric.COPY_RUN}+): {r['copied_share']:.1%} overall,"
          f" {r['copied_share_max']:.1%} worst draft (limit {rubric.MAX_COPIED:.0%})")  # fmt: skip
    print(f"reply in the expected language: {lang['share']:.1%} ({lang['n']}/{lang['of']})")
    if r["failing"]:
        print("failing drafts:")
    for f in r["failing"]:
        print(f"  {f['file']}: " + "; ".join(f"{check}: {why}" for check, why in f["failed"].items()))
        if verbose and f.get("reply"):
            print("    | " + f["reply"].replace("\n", "\n    | "))


def _shown(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, help="only the first N rows of dev.csv")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    parser.add_argument("--verbose", action="store_true", help="print the reply part of each failing rubric draft")
    parser.add_argument(
        "--rubric",
        type=Path,
        default=RUBRIC,
        metavar="DIR",
        help="score the annotated messages in DIR instead of tests/rubric",
    )
    parser.add_argument("--rubric-only", action="store_true", help="skip the lint sets and the demo inbox")
    args = parser.parse_args(argv)
    config = load_config(ROOT / "config" / "mailtriage.toml")
    engine = Engine(config)
    started = time.perf_counter()
    if args.rubric_only:
        only = measure_rubric(engine, config, args.verbose, args.rubric.resolve())
        if args.json:
            print(json.dumps({"seconds": round(time.perf_counter() - started, 1), "rubric": only}, indent=2))
        else:
            print_rubric(only, args.verbose, args.rubric.resolve())
        return 0
    results = {"golden": measure(engine, config, golden_messages())}
    missing = None
    if DEV.is_file():
        results["dev.csv"] = measure(engine, config, dev_messages(args.limit))
    else:
        missing = f"ticket data {DEV} is missing: dev.csv rows skipped (set MAILTRIAGE_SHARED_DATA)"
    results["rubric"] = measure_rubric(engine, config, args.verbose, args.rubric.resolve())
    results["demo"] = measure_demo(engine, config)
    elapsed = time.perf_counter() - started
    if args.json:
        print(json.dumps({"now": NOW.isoformat(), "seconds": round(elapsed, 1), **results}, indent=2))
        return 0
    print(f"clock frozen at {NOW.isoformat()} (Wednesday), backlog 0, shipped config, default model")
    if missing:
        print(missing)
    for title, r in results.items():
        if title not in ("rubric", "demo"):
            print_report(title, r)
    print_rubric(results["rubric"], args.verbose, args.rubric.resolve())
    demo = results["demo"]
    print(f"\n== demo inbox ({DEMO.relative_to(ROOT)}, not annotated, clock 10 min after each Date): {demo['drafts']}"
          f" drafts, reply-part words median {demo['words_median']}, max {demo['words_max']},"
          f" {demo['over_limit']} over {rubric.MAX_WORDS}")  # fmt: skip
    print(f"\n{elapsed:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
