"""What came of the drafts, measured against a known truth, then the feedback stage on a 20,000-message Sent folder.

1. **Replay.** The golden set (``tests/golden/*.eml``), ``--rounds`` copies each with its own Message-ID and
   a Date of an hour ago, goes into a Maildir inbox and is drafted by a real ``Worker.run_once`` with the
   shipped config (per-sender limit off) on the real clock (the feedback rows' ``written_at`` is the wall
   clock, so the promised times depend on when this runs; the truth is taken from each draft's own
   promise). A seeded agent (``tests/feedback_agent.py``, the one the end-to-end tests use) then acts on
   each draft: sends it as drafted, deletes one sentence, adds one, rewrites it, deletes it unsent, or
   leaves it; most replies go out before the promised time, some after. A second run reads ``.Sent``;
   ``report.build`` gives the figures, printed next to the truth, with the per-draft outcome agreement.
2. **Sent folder.** 20,000 replies in a Maildir ``.Sent`` (the agent's edits of the golden drafts, each
   answering its own original, seeded into a fresh state store through the store's API), read and
   measured by ``feedback.collect`` in a fresh process: its time and peak RSS, against a baseline in
   another fresh process, the standard library's email parser reading the same 20,000 files (parse and
   ``get_content()`` of the text part).

    .venv/bin/python benchmarks/feedback_replay.py [--rounds 8] [--seed 1] [--sent 20000]
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from email.utils import format_datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run from anywhere, without installing
sys.path.insert(0, str(ROOT / "tests"))  # the tests' simulated agent

import feedback_agent as fa  # noqa: E402

from pipeline.config import load_config  # noqa: E402
from pipeline.feedback.measure import above_quote  # noqa: E402
from pipeline.feedback.redact import names_in, redact  # noqa: E402
from pipeline.feedback.report import OUTCOMES, build  # noqa: E402
from pipeline.feedback.sla import SlaClock  # noqa: E402
from pipeline.message import MessageKey  # noqa: E402
from pipeline.parse import parse  # noqa: E402
from pipeline.state import StateStore  # noqa: E402
from pipeline.state.feedback import DraftWritten, FeedbackStore  # noqa: E402
from pipeline.state.store import Decision  # noqa: E402
from pipeline.worker import Worker  # noqa: E402

GOLDEN = ROOT / "tests" / "golden"
# what the agent does with a draft, with weights; and the outcome the report must find for it
ACTIONS = {"as_drafted": 30, "delete_sentence": 20, "add_sentence": 15, "rewrite": 15, "ignore": 10, "leave": 10}
TRUTH = {"as_drafted": "sent_as_drafted", "delete_sentence": "edited", "add_sentence": "edited",
         "rewrite": "rewritten", "ignore": "not_used", "leave": "pending"}  # fmt: skip
ADDED = ("I have also added a note to your account so that my colleagues see this straight away.",
         "Thank you for your patience while we looked into this.",
         "I am sorry for the trouble this has caused you.")  # fmt: skip
REWRITES = ("Hello,\n\nI have looked into this and fixed it on our side just now. Nothing more is needed.\n",
            "Hi,\n\nthanks for writing in. A colleague from the specialist team will call you today.\n")  # fmt: skip
LATE_SHARE = 0.25  # of the replies sent, the share that goes out after the promised time


def write_config(tmp: Path, inbox: Path) -> Path:
    """The shipped config on ``inbox``, its state in ``tmp``; no per-sender limit (the copies share senders)."""
    text = (ROOT / "config" / "mailtriage.toml").read_text()
    text = text.replace('root = ".."', f'root = "{ROOT}"')
    text = text.replace('path = "var/mailtriage.sqlite3"', f'path = "{tmp / "state.sqlite3"}"')
    text = text.replace('path = "var/demo-inbox"', f'path = "{inbox}"').replace('seed = "demo/inbox"\n', "")
    text = re.sub(r"(?m)^max_drafts_per_sender_per_hour = \d+", "max_drafts_per_sender_per_hour = 0", text)
    path = tmp / "mailtriage.toml"
    path.write_text(text)
    return path


def golden_inbox(inbox: Path, rounds: int, now: datetime) -> int:
    """``rounds`` copies of every golden message, each its own original (Message-ID, an hour-old Date)."""
    for sub in ("cur", "new", "tmp"):
        (inbox / sub).mkdir(parents=True, exist_ok=True)
    files = sorted(GOLDEN.glob("*.eml"))
    date = format_datetime(now - timedelta(hours=1)).encode()
    for r in range(rounds):
        for n, file in enumerate(files):
            mid = b"Message-ID: <golden-%d-%d@bench.example>" % (r, n)
            data = re.sub(rb"(?mi)^Message-ID:[^\r\n]*(\r?\n[ \t][^\r\n]*)*", mid, file.read_bytes(), count=1)
            data = re.sub(rb"(?m)^Date:[^\r\n]*", b"Date: " + date, data, count=1)
            (inbox / "new" / f"{int(now.timestamp())}.R{r}N{n}.bench").write_bytes(data)
    return rounds * len(files)


def act(rng: random.Random, draft: bytes, action: str, at: datetime) -> tuple[str, bytes | None, str | None]:
    """What the agent sends for ``action`` (None: nothing), the action really done and the sentence deleted
    or added (redacted as the report shows it). A deletion needs a middle sentence found in the text;
    a draft without one gets a sentence added instead."""
    text = fa.text_of(draft)
    if action == "delete_sentence":
        middle = [s for s in fa.reply_sentences(draft)[2:-1] if s in text]
        if middle:
            cut = rng.choice(middle)
            names = names_in(*(a.name for a in parse(draft).to))
            return action, fa.with_text(draft, fa.without_sentence(text, cut), at), redact(cut, names)
        action = "add_sentence"
    if action == "add_sentence":
        added = rng.choice(ADDED)
        return action, fa.with_text(draft, fa.with_sentence_after(text, text.splitlines()[0], added), at), added
    if action == "as_drafted":
        return action, fa.unchanged(draft, at), None
    if action == "rewrite":
        return action, fa.with_text(draft, rng.choice(REWRITES), at), None
    return action, None, None  # ignore, leave


def replay(rounds: int, seed: int) -> list[bytes]:
    """Part 1; prints the report next to the truth and returns the drafts (part 2 builds on them)."""
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory(prefix="feedback-replay-") as tmp_name:
        tmp = Path(tmp_name)
        inbox = tmp / "inbox"
        started = datetime.now(UTC)
        originals = golden_inbox(inbox, rounds, started)
        config = load_config(write_config(tmp, inbox))
        t0 = time.perf_counter()
        worker = Worker(config)
        try:
            worker.run_once()
        finally:
            worker.close()
        drafting = time.perf_counter() - t0
        box = inbox / ".Drafts"
        files = sorted(f for sub in ("cur", "new") for f in (box / sub).iterdir())
        drafts = [f.read_bytes() for f in files]
        (inbox / ".Sent" / "cur").mkdir(parents=True)
        (inbox / ".Sent" / "new").mkdir()
        truth: dict[str, str] = {}
        changed: dict[str, str] = {}  # the sentence deleted or added, to name it when the report disagrees
        done: dict[str, str] = {}
        late: list[float] = []
        kept = 0
        deleted: Counter[str] = Counter()
        added: Counter[str] = Counter()
        latest = started
        for n, (file, draft) in enumerate(zip(files, drafts, strict=True)):
            key = " ".join(str(message_from_bytes(draft)["X-Mailtriage-Source"]).split())
            due = fa.deadline(draft)
            early = rng.random() >= LATE_SHARE
            offset = -rng.uniform(0.1, 0.9) if early else rng.uniform(0.05, 1.0)
            # before the promise: somewhere between writing and the promised time; after: up to 8 h late
            at = due + (due - started) * offset if early else due + timedelta(hours=8 * offset)
            at = at.replace(microsecond=0)
            action, sent, sentence = act(rng, draft, rng.choices(list(ACTIONS), list(ACTIONS.values()))[0], at)
            truth[key], done[key], changed[key] = TRUTH[action], action, sentence or ""
            if sentence:
                (deleted if action == "delete_sentence" else added)[sentence] += 1
            if sent is not None:
                stamp = int(at.timestamp())
                (inbox / ".Sent" / "cur" / f"{stamp}.M{n}P1.agent:2,S").write_bytes(sent)
                latest = max(latest, at)
                lateness = (at - due).total_seconds()
                kept += lateness <= 0
                if lateness > 0:
                    late.append(lateness)
            if action not in ("leave",):
                file.unlink()  # a client deletes the draft it sent; "ignore" deletes it unsent
        worker = Worker(config)
        try:
            worker.run_once()
        finally:
            worker.close()
        report_now = latest + timedelta(hours=1)
        state = StateStore(config.state_path)
        try:
            rows = FeedbackStore(state).rows()
        finally:
            state.close()
        result = build(rows, report_now, SlaClock(config.calendar, config.sla))
    overdue = sum(1 for d in drafts if done[_key(d)] == "leave" and fa.deadline(d) < report_now)
    counts = Counter(truth.values())
    print(f"replay: {originals} golden originals ({rounds} rounds), {len(drafts)} drafts in {drafting:.1f} s;"
          f" agent seed {seed}")  # fmt: skip
    t = result["totals"]
    lines = [("drafts", t["drafts"], len(drafts))]
    lines += [(o.replace("_", " "), t[o], counts[o]) for o in (*OUTCOMES, "pending")]
    median_late = _h(statistics.median(late) if late else None)
    lines += [("promises kept", t["promises_kept"], kept),
              ("promises missed", t["promises_missed"], len(late) + overdue),
              ("median lateness (h)", _h(t["median_late_seconds"]), median_late)]  # fmt: skip
    for sentence, n in deleted.most_common(2):
        found = next((s["drafts"] for s in result["deleted_most"] if s["sentence"] == sentence), 0)
        lines.append((f"deleted {sentence[:48]!r}", found, n))
    for sentence, n in added.most_common(2):
        found = next((s["drafts"] for s in result["added_most"] if s["sentence"] == sentence), 0)
        lines.append((f"added {sentence[:50]!r}", found, n))
    print(f"  {'figure':<62} {'report':>8} {'truth':>8}")
    for name, got, want in lines:
        print(f"  {name:<62} {got!s:>8} {want!s:>8}{'' if got == want else '  <- differs'}")
    by_key = {r["key"]: r for r in rows}
    agree = sum((by_key[k]["outcome"] or "pending") == v for k, v in truth.items())
    print(f"  per-draft outcome agrees with the truth: {agree}/{len(truth)}")
    wrong = Counter((done[k], by_key[k]["outcome"] or "pending") for k, v in truth.items()
                    if (by_key[k]["outcome"] or "pending") != v)  # fmt: skip
    for (action, got), n in wrong.most_common():
        said = sorted(
            {changed[k] for k, a in done.items() if a == action and (by_key[k]["outcome"] or "pending") == got}
        )
        print(f"    agent {action} measured {got}: {n} ({'; '.join(repr(s) for s in said if s)})")
    for action in ACTIONS:
        scores = [
            by_key[k]["similarity"] for k, a in done.items() if a == action and by_key[k]["similarity"] is not None
        ]
        if scores:
            print(f"  similarity after {action}: median {statistics.median(scores):.2f}, range"
                  f" {min(scores):.2f}-{max(scores):.2f} ({len(scores)})")  # fmt: skip
    for urgency, f in result["first_response"].items():
        print(f"  first response {urgency}: {f['replies']} replies, median {f['median_business_hours']} business h,"
              f" {f['within_sla']} within the {f['target']} SLA")  # fmt: skip
    return drafts


def sent_folder(drafts: list[bytes], count: int, seed: int) -> None:
    """Part 2: ``count`` replies in ``.Sent`` measured by the feedback stage, against the stdlib parser."""
    rng = random.Random(seed + 1)
    with tempfile.TemporaryDirectory(prefix="feedback-sent-") as tmp_name:
        tmp = Path(tmp_name)
        inbox = tmp / "inbox"
        for sub in ("cur", "new", "tmp"):
            (inbox / sub).mkdir(parents=True)
        config_path = write_config(tmp, inbox)
        config = load_config(config_path)
        sent_dir = inbox / ".Sent" / "cur"
        sent_dir.mkdir(parents=True)
        (inbox / ".Sent" / "new").mkdir()
        now = datetime.now(UTC).replace(microsecond=0)
        seeded, written, t0 = [], [], time.perf_counter()
        # the agent's reply to each golden draft, made once per kind of edit; each of the `count` replies
        # is one of them with its own In-Reply-To (its own original) and Date
        actions = {"as_drafted": 30, "delete_sentence": 20, "add_sentence": 15, "rewrite": 15}
        made = [{a: act(rng, d, a, now)[1] or b"" for a in actions} for d in drafts]
        replies = [above_quote(fa.text_of(d)) for d in drafts]
        for i in range(count):
            j = i % len(drafts)
            mid = f"<sent-bench-{i}@customer.example>"
            at = now - timedelta(hours=rng.uniform(1, 48))
            data = made[j][rng.choices(list(actions), list(actions.values()))[0]]
            data = re.sub(rb"(?mi)^In-Reply-To:[^\r\n]*", b"In-Reply-To: " + mid.encode(), data, count=1)
            data = re.sub(rb"(?m)^Date:[^\r\n]*", b"Date: " + format_datetime(at).encode(), data, count=1)
            (sent_dir / f"{int(at.timestamp())}.M{i}P1.agent:2,S").write_bytes(data)
            key = MessageKey("support", "INBOX", 1, str(i))
            due = (at + timedelta(hours=rng.uniform(-4, 4))).isoformat()
            seeded.append((key, Decision(message_id=mid, type="billing", urgency="normal", template="en/billing.j2",
                                         deadline=due, band="high", language="en")))  # fmt: skip
            written.append(DraftWritten(key, None, None, "en", replies[j]))
        state = StateStore(config.state_path)
        try:
            state.claim_many(seeded)
            state.mark_drafted_many([(k, f"draft-{k.uid}") for k, _ in seeded])
            FeedbackStore(state).record_drafts(written, (now - timedelta(days=3)).timestamp())
        finally:
            state.close()
        setup = time.perf_counter() - t0
        size = sum(f.stat().st_size for f in sent_dir.iterdir()) / 2**20
        print(f"\nsent folder: {count} replies in a Maildir .Sent ({size:.0f} MiB), originals and drafts seeded in"
              f" {setup:.0f} s")  # fmt: skip
        spawn = multiprocessing.get_context("spawn")  # fresh processes: each peak RSS is its own work's
        with spawn.Pool(1) as pool:
            base_s, base_rss, base_start = pool.apply(baseline, (str(sent_dir),))
        with spawn.Pool(1) as pool:
            stage_s, stage_rss, stage_start, collected = pool.apply(feedback_stage, (str(config_path),))
        print(f"  stdlib email parser (parse + get_content, baseline): {base_s:.1f} s, {count / base_s:,.0f} msg/s,"
              f" peak RSS {base_rss:.0f} MiB ({base_rss - base_start:+.0f} MiB over the process at start)")  # fmt: skip
        print(f"  feedback stage (match, parse, measure, record):     {stage_s:.1f} s, {count / stage_s:,.0f} msg/s,"
              f" peak RSS {stage_rss:.0f} MiB ({stage_rss - stage_start:+.0f} MiB over the process at start);"
              f" {stage_s / base_s:.1f}x the baseline's time; {collected}")  # fmt: skip


def baseline(folder: str) -> tuple[float, float, float]:
    from email import policy
    from email.parser import BytesParser

    parser = BytesParser(policy=policy.default)
    start = _rss_mib()
    t0 = time.perf_counter()
    for file in sorted(Path(folder).iterdir()):
        with file.open("rb") as fp:
            message = parser.parse(fp)
        body = message.get_body(preferencelist=("plain",))
        if body is not None:
            body.get_content()
    return time.perf_counter() - t0, _peak_mib(), start


def feedback_stage(config_path: str) -> tuple[float, float, float, str]:
    from pipeline.feedback import collect

    config = load_config(Path(config_path))
    state = StateStore(config.state_path)
    start = _rss_mib()
    try:
        t0 = time.perf_counter()
        done = collect(config.mailboxes[0], state, None, lambda: datetime.now(UTC))
        seconds = time.perf_counter() - t0
    finally:
        state.close()
    return seconds, _peak_mib(), start, f"read {done.sent_read}, measured {done.measured}"


def _peak_mib() -> float:
    """This process's peak resident size (Linux VmHWM). Not getrusage's ru_maxrss: that survives exec, so a
    spawned child would report the parent's peak from before the fork."""
    return _status_mib("VmHWM")


def _rss_mib() -> float:
    """The resident size now: a child starts at this script's imports, the work adds the rest."""
    return _status_mib("VmRSS")


def _status_mib(field: str) -> float:
    found = re.search(rf"{field}:\s+(\d+) kB", Path("/proc/self/status").read_text())
    if found is None:
        raise SystemExit(f"/proc/self/status has no {field}: this benchmark measures memory on Linux")
    return int(found.group(1)) / 1024


def _key(draft: bytes) -> str:
    return " ".join(str(message_from_bytes(draft)["X-Mailtriage-Source"]).split())


def _h(seconds: float | None) -> Any:
    return None if seconds is None else round(seconds / 3600, 2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=8, help="copies of the golden set to replay (default 8)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--sent", type=int, default=20_000, help="replies in the big Sent folder (0: skip)")
    args = parser.parse_args()
    drafts = replay(args.rounds, args.seed)
    if args.sent:
        sent_folder(drafts, args.sent, args.seed)


if __name__ == "__main__":
    main()
