"""``mailtriage report``: what agents did with the drafts, from the ``feedback`` rows (no mailbox needed).

``--json`` is a contract other tools read: a top-level ``totals`` object with at least ``drafts``,
``sent_as_drafted``, ``edited``, ``rewritten``, ``not_used``, ``promises_kept``, ``promises_missed``
and ``corrections`` (0 until label corrections are read), then the same figures per template, intent,
confidence band and language, with the sentences agents delete and add most often (already redacted).
"""

from __future__ import annotations

import json
import statistics
from collections import Counter
from collections.abc import Iterable
from datetime import datetime
from typing import Any

OUTCOMES = ("sent_as_drafted", "edited", "rewritten", "not_used")
GROUPS = (("template", "template"), ("intent", "intent"), ("band", "confidence band"), ("language", "language"))
TOP = 5  # sentences listed per group


def build(rows: Iterable[dict[str, Any]], now: datetime) -> dict[str, Any]:
    """The report of ``FeedbackStore.rows``: totals, then per template, intent, band and language."""
    rows = list(rows)
    drafts = [r for r in rows if r["outcome"] != "no_draft"]
    report: dict[str, Any] = {"totals": _totals(rows, drafts, now.timestamp())}
    for field, _ in GROUPS:
        groups: dict[str, list[dict[str, Any]]] = {}
        for r in drafts:
            groups.setdefault(str(r[field] or "none"), []).append(r)
        report[f"by_{field}"] = {name: _group(members) for name, members in sorted(groups.items())}
    report["deleted_most"] = _top(drafts, "deleted", 10)
    report["added_most"] = _top(drafts, "added", 10)
    return report


def _totals(rows: list[dict[str, Any]], drafts: list[dict[str, Any]], now: float) -> dict[str, Any]:
    replies = [r for r in rows if r["late_seconds"] is not None]
    late = [r["late_seconds"] for r in replies if r["late_seconds"] > 0]
    # a promise passes silently when nothing went out, the draft still waits and its time is over
    overdue = [r for r in drafts if r["outcome"] is None and not r["answered"] and _deadline(r) < now]
    totals = _counts(drafts)
    totals.update(
        answered_without_draft=sum(r["outcome"] == "no_draft" for r in rows),
        promises_kept=len(replies) - len(late),
        promises_missed=len(late) + len(overdue),
        promises_late=len(late),
        promises_overdue=len(overdue),
        median_late_seconds=statistics.median(late) if late else None,
        corrections=0,  # label corrections from the agents' keywords: a later slice of issue 12
    )
    return totals


def _counts(drafts: list[dict[str, Any]]) -> dict[str, Any]:
    counts = Counter(r["outcome"] or "pending" for r in drafts)
    decided = sum(counts[o] for o in OUTCOMES)
    scores = [r["similarity"] for r in drafts if r["similarity"] is not None]
    out: dict[str, Any] = {"drafts": len(drafts), **{o: counts[o] for o in OUTCOMES}, "pending": counts["pending"]}
    out["shares"] = {o: round(counts[o] / decided, 4) if decided else None for o in OUTCOMES}
    out["median_similarity"] = round(statistics.median(scores), 4) if scores else None
    return out


def _group(members: list[dict[str, Any]]) -> dict[str, Any]:
    out = _counts(members)
    out["deleted_most"] = _top(members, "deleted", TOP)
    out["added_most"] = _top(members, "added", TOP)
    return out


def _top(rows: list[dict[str, Any]], kind: str, limit: int) -> list[dict[str, Any]]:
    """The sentences of edited replies most often deleted (or added), each counted once per draft. A
    rewrite drops every sentence of ours at once: it says nothing about any one of them, so it is left out."""
    counted: Counter[str] = Counter()
    for r in rows:
        if r["sentences"] and r["outcome"] == "edited":
            counted.update(dict.fromkeys(json.loads(r["sentences"]).get(kind, []), 1))  # once per draft
    return [{"sentence": s, "drafts": n} for s, n in sorted(counted.items(), key=lambda c: (-c[1], c[0]))[:limit]]


def _deadline(row: dict[str, Any]) -> float:
    try:
        return datetime.fromisoformat(row["deadline"]).timestamp() if row["deadline"] else float("inf")
    except ValueError:
        return float("inf")


def text(report: dict[str, Any]) -> str:
    """The report as a few readable lines per section."""
    t = report["totals"]
    lines = [
        f"drafts: {t['drafts']} ({_split(t)}); {t['pending']} still waiting",
        f"median similarity of sent replies to drafts: {_num(t['median_similarity'])}",
        f"promises: {t['promises_kept']} kept, {t['promises_missed']} missed ({t['promises_late']} replies late"
        f"{', median ' + _duration(t['median_late_seconds']) if t['median_late_seconds'] else ''},"
        f" {t['promises_overdue']} overdue with no reply)",
        f"originals answered without a draft: {t['answered_without_draft']}; label corrections: {t['corrections']}",
    ]
    for field, title in GROUPS:
        groups = report[f"by_{field}"]
        if not groups:
            continue
        lines += ["", f"by {title}:"]
        for name, g in groups.items():
            similar = _num(g["median_similarity"])
            lines.append(f"  {name}: {g['drafts']} drafts ({_split(g)}), median similarity {similar}")
    for kind, verb in (("deleted_most", "delete"), ("added_most", "add")):
        title = f"sentences agents {verb} most often"
        if report[kind]:
            lines += ["", f"{title}:"] + [f"  {s['drafts']}x  {s['sentence']}" for s in report[kind]]
    return "\n".join(lines)


def _split(g: dict[str, Any]) -> str:
    shares = g["shares"]
    return ", ".join(f"{g[o]} {o.replace('_', ' ')}" + (f" {shares[o]:.0%}" if shares[o] is not None else "")
                     for o in OUTCOMES)  # fmt: skip


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def _duration(seconds: float) -> str:
    hours, rest = divmod(int(seconds), 3600)
    return f"{hours} h {rest // 60:02d} min" if hours else f"{rest // 60} min"
