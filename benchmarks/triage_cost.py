"""What one message costs: ``Engine.prepare`` as a whole and stage by stage, against a stdlib baseline.

The product requirement: the whole triage and draft of one message stays under 10 ms median on this
machine. This runs, one message at a time, the demo inbox (``demo/inbox/new/*``) and the golden set
(``tests/golden/*.eml``) through

- ``Engine.prepare`` (shipped config ``config/mailtriage.toml``, default model, frozen clock
  Wednesday 25 November 2026 10:00 Berlin, empty queue), timed whole; then
- the same functions ``prepare`` calls, in the same order and on the same inputs, each timed:
  parse, screen, language, classify, plan, render, draft. Inside plan, each function ``make_plan``
  calls from ``pipeline.plan`` (``read_customer``: facts, questions, deadline; ``answer_questions``;
  ``key_sentence`` ...) and the playbook matcher's ``match`` are timed too, by wrapping them in the
  planner's namespace for the staged run only (``planner.py`` is not edited; its own calls, with its
  own inputs, are timed). They are part of plan, not added to it; "plan: own code" is the rest; and
- the baseline, measured in the same run: the stdlib ``email.message_from_bytes`` (default policy)
  and ``as_bytes`` round trip of the same bytes.

Every round (after ``--warmup`` rounds) runs all messages; times are pooled over messages and rounds,
and each line prints the median and p90 per message. The staged run is checked against ``prepare``
(same skip, error, draft body and headers bar Message-ID): if ``engine.py`` changes and this script
is not updated, it says so.

When ``pipeline.engine`` does not import (the working tree is mid-change), the stages that do import
are timed on their own (parse, screen, language, classify; read_customer and the matcher if they
import) and the import error is printed.

    .venv/bin/python benchmarks/triage_cost.py [--rounds N] [--warmup N] [--json]
"""

from __future__ import annotations

import argparse
import contextlib
import email
import email.policy
import functools
import gc
import inspect
import json
import platform
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run from anywhere, without installing

from classifiers import TextInput, Triager  # noqa: E402
from pipeline.config import load_config  # noqa: E402
from pipeline.message import MessageKey, RawMessage  # noqa: E402
from pipeline.parse import detect_language, parse  # noqa: E402
from pipeline.screen import screen  # noqa: E402

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))
BUDGET_MS = 10.0
STAGES = ("parse", "screen", "language", "classify", "plan", "render", "draft")
SUB = "plan: "  # prefix of the steps inside plan, timed separately

try:  # the engine and the planner: absent while other engineers are mid-change
    from pipeline import engine as engine_module
    from pipeline.draft import build_draft
    from pipeline.plan import planner
    from pipeline.render import context, render

    ENGINE_ERROR = ""
    try:  # the echo guard renders once more without the quote (since 2026-12-04)
        from pipeline.fit import render_reply
    except ImportError:
        render_reply = None  # type: ignore[assignment]
except ImportError as exc:
    engine_module = None  # type: ignore[assignment]
    ENGINE_ERROR = f"{type(exc).__name__}: {exc}"

try:
    from pipeline.plan.customer import read_customer
except ImportError:
    read_customer = None  # type: ignore[assignment]

try:
    from pipeline.plan.intents import IntentMatcher
except ImportError:
    IntentMatcher = None  # type: ignore[assignment,misc]


def messages() -> list[tuple[str, bytes]]:
    """The demo inbox and the golden set, as (name, bytes)."""
    demo = sorted(p for p in (ROOT / "demo" / "inbox" / "new").iterdir() if p.is_file())
    golden = sorted((ROOT / "tests" / "golden").glob("*.eml"))
    return [(str(p.relative_to(ROOT)), p.read_bytes()) for p in (*demo, *golden)]


class Clock:
    """Collects per-call durations (seconds) under a name."""

    def __init__(self) -> None:
        self.times: dict[str, list[float]] = defaultdict(list)

    def __call__(self, name: str, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        out = fn(*args, **kwargs)
        self.times[name].append(time.perf_counter() - start)
        return out


def _accepts(fn: Callable[..., Any], name: str) -> bool:
    return name in inspect.signature(fn).parameters


class Staged:
    """``Engine.prepare`` taken apart: the same calls in the same order, each timed by ``clock``.

    Follows ``pipeline/engine.py`` as it was written when this script was (with or without a playbook
    matcher, ``context`` with or without the Jinja environment); ``same_as_prepare`` checks it still does.
    """

    def __init__(self, config: Any, triager: Triager, engine: Any | None) -> None:
        self.config, self.triager, self.engine = config, triager, engine
        self.matcher = getattr(engine, "matcher", None)
        if engine is None and IntentMatcher is not None:
            try:
                self.matcher = IntentMatcher.from_config(config)
            except Exception:  # a playbook mid-edit: time the rest
                self.matcher = None
        if engine is not None:
            self.plan_takes_matcher = _accepts(planner.make_plan, "matcher")
            self.context_takes_env = _accepts(context, "env")
            # the pipeline.plan functions make_plan calls by name: wrapped (timed) for the staged run only
            self.plan_steps = {
                name: fn
                for name, fn in vars(planner).items()
                if inspect.isfunction(fn)
                and fn.__module__.startswith("pipeline.plan.")
                and fn.__module__ != planner.__name__
            }

    def run(self, raw: RawMessage, box: Any, clock: Clock) -> dict[str, Any]:
        cfg = self.config
        parsed = clock("parse", parse, raw.data, max_bytes=cfg.screen.max_message_bytes)
        skip = clock("screen", screen, parsed, box, cfg.screen.noreply_patterns, NOW, cfg.screen.max_age_days)
        if skip:
            return {"skip": skip.code}
        text = parsed.new_text or parsed.text
        language = clock("language", detect_language, f"{parsed.subject}\n{text}")
        item = TextInput(
            subject=parsed.subject,
            body=text,
            sender=parsed.sender.email.lower() if parsed.sender else "",
            headers=parsed.headers,
            thread_depth=len(parsed.references),
            language=language,
        )
        triage = clock("classify", self.triager.classify, item)
        if self.engine is None:
            self._sub_steps(parsed, triage, language, clock)
            return {"partial": True}
        try:
            extra = (self.matcher,) if self.plan_takes_matcher else ()
            with self._timed_plan_steps(clock):
                plan = clock("plan", planner.make_plan, parsed, triage, cfg, language, 0, NOW, *extra)
            env = self.engine.env
            rendered = clock("render", self._render, parsed, triage, plan, box, env)
            draft = clock(
                "draft",
                build_draft,
                raw.key,
                parsed,
                rendered.body,
                box.address,
                plan.contact.name_in(plan.language),
                explain=engine_module.explanation(triage, plan),
                now=NOW,
                language=plan.language,
            )
        except (engine_module.MailtriageError, ValueError, LookupError, UnicodeError) as exc:
            return {"error": f"{type(exc).__name__}: {exc}"}
        return {"draft": _comparable(draft)}

    def _render(self, parsed: Any, triage: Any, plan: Any, box: Any, env: Any) -> Any:
        more = {"env": env} if self.context_takes_env else {}
        ctx = context(parsed, triage, plan, box.name, box.address, **more)
        if render_reply is not None:
            return render_reply(
                env, plan.template, ctx, f"{parsed.subject}\n{plan.read_text or parsed.new_text or parsed.text}"
            )
        return render(env, plan.template, ctx)

    @contextlib.contextmanager
    def _timed_plan_steps(self, clock: Clock) -> Iterator[None]:
        """While inside: each ``pipeline.plan`` function in the planner's namespace, and the matcher's
        ``match``, records its time under "plan: <name>"; "plan: own code" gets the remainder."""
        marks = {k: len(v) for k, v in clock.times.items() if k.startswith(SUB)}
        for name, fn in self.plan_steps.items():
            setattr(planner, name, functools.partial(clock, SUB + name, fn))
        if self.matcher is not None:
            self.matcher.match = functools.partial(clock, SUB + "intent match", type(self.matcher).match, self.matcher)
        try:
            yield
        finally:
            for name, fn in self.plan_steps.items():
                setattr(planner, name, fn)
            if self.matcher is not None:
                del self.matcher.match
        inner = sum(v[-1] for k, v in clock.times.items() if k.startswith(SUB) and len(v) > marks.get(k, 0))
        # several calls of one step in a message are one sample each; "own code" is plan minus all of them
        if clock.times.get("plan"):
            clock.times[SUB + "own code"].append(clock.times["plan"][-1] - inner)

    def _sub_steps(self, parsed: Any, triage: Any, language: str, clock: Clock) -> None:
        """Without the engine: ``read_customer`` and the intent matcher called as ``make_plan`` calls them."""
        text = parsed.new_text or parsed.text
        reply_language = language if language in ("en", "de", "fr") else self.config.default_language
        if read_customer is not None:
            received = min(parsed.date or NOW, NOW)
            clock("plan: read_customer", read_customer, text, parsed.subject, language or reply_language, received)
        if self.matcher is not None:
            clock("plan: intent match", self.matcher.match, parsed.subject, text, reply_language, triage.type.label)


def _comparable(draft: Any) -> tuple[Any, ...]:
    headers = tuple((k, v) for k, v in draft.headers if k.lower() != "message-id")
    return (draft.to, draft.subject, draft.body, headers)


def _outcome(outcome: Any) -> dict[str, Any]:
    if outcome.skip is not None:
        return {"skip": outcome.skip.code}
    if outcome.error is not None:
        return {"error": outcome.error}
    return {"draft": _comparable(outcome.draft)}


def baseline(data: bytes) -> bytes:
    """The stdlib round trip every mail program pays: parse with the default policy, serialise again."""
    return email.message_from_bytes(data, policy=email.policy.default).as_bytes()


def summary(times: list[float]) -> dict[str, Any]:
    ordered = sorted(times)
    return {
        "n": len(ordered),
        "median_ms": round(statistics.median(ordered) * 1e3, 3),
        "p90_ms": round(ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))] * 1e3, 3),
    }


def measure(rounds: int, warmup: int) -> dict[str, Any]:
    config = load_config(ROOT / "config" / "mailtriage.toml")
    started = time.perf_counter()
    engine = engine_module.Engine(config) if engine_module is not None else None
    triager = (
        engine.triager if engine is not None else Triager.load(config.model_dir, config.rules_path, config.vip_domains)
    )
    load_s = time.perf_counter() - started
    box = config.mailboxes[0]
    items = [
        (name, RawMessage(MessageKey("bench", "INBOX", i + 1, name), data)) for i, (name, data) in enumerate(messages())
    ]
    staged = Staged(config, triager, engine)
    clock = Clock()
    drafted: set[str] = set()
    mismatches: list[str] = []
    outcomes: dict[str, str] = {}
    for r in range(warmup + rounds):
        measured = r >= warmup
        gc.collect()
        for name, raw in items:
            tick = clock if measured else Clock()
            tick("baseline", baseline, raw.data)
            got: dict[str, Any] = {}
            if engine is not None:
                outcome = tick("prepare", engine.prepare, raw, box, 0, NOW)
                got = _outcome(outcome)
                if "draft" in got:
                    tick.times["prepare (drafted)"].append(tick.times["prepare"][-1])
                    drafted.add(name)
            marks = {k: len(v) for k, v in tick.times.items()}
            result = staged.run(raw, box, tick)
            if "draft" in result or "partial" in result:  # the stages of one message that got that far
                tick.times["stages sum"].append(
                    sum(v[-1] for k, v in tick.times.items() if k in STAGES and len(v) > marks.get(k, 0))
                )
            if r == 0:
                outcomes[name] = next(iter(result))
                if got and result != got:
                    mismatches.append(name)
    stats = {name: summary(t) for name, t in clock.times.items()}
    base = stats["baseline"]["median_ms"]
    whole = stats.get("prepare (drafted)", stats.get("stages sum"))
    return {
        "now": NOW.isoformat(),
        "python": platform.python_version(),
        "messages": len(items),
        "drafted": len(drafted),
        "outcomes": {k: sum(1 for v in outcomes.values() if v == k) for k in sorted(set(outcomes.values()))},
        "rounds": rounds,
        "warmup": warmup,
        "load_seconds": round(load_s, 2),
        "engine_error": ENGINE_ERROR,
        "staged_matches_prepare": None if engine is None else not mismatches,
        "mismatches": mismatches,
        "stats": stats,
        "ratio_to_baseline": round(whole["median_ms"] / base, 2) if whole and base else None,
        "budget_ms": BUDGET_MS,
        "within_budget": bool(engine is not None and whole and whole["median_ms"] < BUDGET_MS),
    }


def print_report(r: dict[str, Any]) -> None:
    print(f"{r['messages']} messages (demo inbox + golden), {r['rounds']} rounds after {r['warmup']} warm-up,"
          f" clock frozen at {r['now']}, shipped config; engine built in {r['load_seconds']} s")  # fmt: skip
    print(f"outcomes: {r['outcomes']}")
    if r["engine_error"]:
        print(f"pipeline.engine does not import ({r['engine_error']}): plan, render, draft and prepare not measured")
    elif not r["staged_matches_prepare"]:
        print(f"WARNING: the staged run differs from Engine.prepare for {r['mismatches']}: update this script")
    s = r["stats"]
    print(f"\n{'per message (per call for plan: steps)':<32} {'median ms':>10} {'p90 ms':>9} {'n':>6}")
    subs = sorted((k for k in s if k.startswith(SUB)), key=lambda k: (k == SUB + "own code", -s[k]["median_ms"]))
    rows = ["prepare", "prepare (drafted)", *STAGES, "stages sum", "baseline"]
    for name in rows:
        if name in s:
            label = f"  {name}" if name in STAGES else name
            print(f"{label:<32} {s[name]['median_ms']:>10.3f} {s[name]['p90_ms']:>9.3f} {s[name]['n']:>6}")
        if name == "plan":
            for sub in subs:
                print(f"{'    ' + sub:<32} {s[sub]['median_ms']:>10.3f} {s[sub]['p90_ms']:>9.3f} {s[sub]['n']:>6}")
    whole = "prepare (drafted)" if "prepare (drafted)" in s else "stages sum"
    print(f"\nratio: {whole} median / stdlib parse+as_bytes median = {r['ratio_to_baseline']}x"
          f" ({s[whole]['median_ms']:.3f} ms vs {s['baseline']['median_ms']:.3f} ms, same run)")  # fmt: skip
    if not r["engine_error"]:
        verdict = "met" if r["within_budget"] else "NOT met"
        print(f"budget {r['budget_ms']:.0f} ms median per drafted message: {verdict}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=20, help="measured rounds over all messages (default 20)")
    parser.add_argument("--warmup", type=int, default=2, help="unmeasured rounds first (default 2)")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    args = parser.parse_args(argv)
    result = measure(max(1, args.rounds), max(0, args.warmup))
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print_report(result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
