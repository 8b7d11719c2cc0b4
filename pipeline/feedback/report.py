"""``mailtriage report``: what agents did with the drafts, from the ``feedback`` rows (no mailbox needed).

``--json`` is a contract other tools read: a top-level ``totals`` object with at least ``drafts``,
``sent_as_drafted``, ``edited``, ``rewritten``, ``not_used``, ``promises_kept``, ``promises_missed``
and ``corrections`` (labels agents corrected, ``with_corrections``), then the same figures per template, intent,
confidence band and language, with the sentences agents delete and add most often (already redacted),
promises kept and missed with the median lateness, the first-response time against the SLA per urgency
(``first_response``, see ``sla``) and the drafts written per day by type and by urgency (``volumes``).
The HTML page is ``report_html``.

Follow-up drafts (written when a promise came near with nothing sent) are counted apart: ``totals.drafts``
and every figure above are first drafts; ``totals.followups`` is the follow-ups written, and ``followups``
what agents did with them (the same outcomes, measured against the follow-up's own text). A promise is
kept or missed by the first reply the customer got, the follow-up included: one sent in time keeps it.
"""

from __future__ import annotations

import json
import statistics
from collections import Counter
from collections.abc import Iterable
from datetime import UTC, datetime, tzinfo
from typing import TYPE_CHECKING, Any

from ..config import URGENCIES

if TYPE_CHECKING:
    from .sla import SlaClock

OUTCOMES = ("sent_as_drafted", "edited", "rewritten", "not_used")
GROUPS = (("template", "template"), ("intent", "intent"), ("band", "confidence band"), ("language", "language"))
TOP = 5  # sentences listed per group
URGENCY_ORDER = {u: i for i, u in enumerate(URGENCIES)}  # most urgent first, as the config lists them


def build(rows: Iterable[dict[str, Any]], now: datetime, sla: SlaClock | None = None) -> dict[str, Any]:
    """The report of ``FeedbackStore.rows``: totals, then per template, intent, band and language, the first
    response per urgency (against ``sla``'s targets when given) and the volumes per day (in ``sla``'s zone)."""
    rows = list(rows)
    followups = [r for r in rows if r.get("kind") == "followup"]
    rows = [r for r in rows if r.get("kind") != "followup"]
    drafts = [r for r in rows if r["outcome"] != "no_draft"]
    report: dict[str, Any] = {"totals": _totals(rows, drafts, now.timestamp())}
    report["totals"]["followups"] = len(followups)
    for field, _ in GROUPS:
        groups: dict[str, list[dict[str, Any]]] = {}
        for r in drafts:
            groups.setdefault(str(r[field] or "none"), []).append(r)
        report[f"by_{field}"] = {name: _group(members, now.timestamp()) for name, members in sorted(groups.items())}
    report["deleted_most"] = _top(drafts, "deleted", 10)
    report["added_most"] = _top(drafts, "added", 10)
    report["first_response"] = _first_response(drafts, sla)
    report["volumes"] = _volumes(drafts, sla.tz if sla else UTC)
    report["followups"] = _counts(followups)
    report["followups"].update(deleted_most=_top(followups, "deleted", TOP), added_most=_top(followups, "added", TOP))
    return report


def _totals(rows: list[dict[str, Any]], drafts: list[dict[str, Any]], now: float) -> dict[str, Any]:
    replies = [r for r in rows if r["late_seconds"] is not None]
    late = [r["late_seconds"] for r in replies if r["late_seconds"] > 0]
    # a promise passes silently when nothing went out, the draft still waits and its time is over
    overdue = [r for r in drafts if _overdue(r, now)]
    totals = _counts(drafts)
    totals.update(
        answered_without_draft=sum(r["outcome"] == "no_draft" for r in rows),
        promises_kept=len(replies) - len(late),
        promises_missed=len(late) + len(overdue),
        promises_late=len(late),
        promises_overdue=len(overdue),
        median_late_seconds=statistics.median(late) if late else None,
        corrections=0,  # filled in by with_corrections from the corrections table (the agents' keywords)
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


def _group(members: list[dict[str, Any]], now: float) -> dict[str, Any]:
    out = _counts(members)
    out.update(_promises(members, now))
    out["deleted_most"] = _top(members, "deleted", TOP)
    out["added_most"] = _top(members, "added", TOP)
    return out


def _promises(drafts: list[dict[str, Any]], now: float) -> dict[str, Any]:
    """Promises of these drafts kept, and missed: replied late, or still unanswered past their time."""
    late = [r["late_seconds"] for r in drafts if r["late_seconds"] is not None and r["late_seconds"] > 0]
    kept = sum(r["late_seconds"] is not None and r["late_seconds"] <= 0 for r in drafts)
    overdue = sum(_overdue(r, now) for r in drafts)
    median = statistics.median(late) if late else None
    return {"promises_kept": kept, "promises_missed": len(late) + overdue, "median_late_seconds": median}


def _first_response(drafts: list[dict[str, Any]], sla: SlaClock | None) -> dict[str, Any]:
    """Per urgency (most urgent first): replies sent, the median time from draft to reply (wall clock and,
    with ``sla``, business hours), the target and how many replies went out within it."""
    by_urgency: dict[str, list[dict[str, Any]]] = {}
    for r in drafts:
        if r["sent_at"] is not None and r["written_at"] is not None and r["outcome"] != "not_used":
            by_urgency.setdefault(str(r["urgency"] or "none"), []).append(r)
    out: dict[str, Any] = {}
    for urgency in sorted(by_urgency, key=lambda u: (URGENCY_ORDER.get(u, len(URGENCY_ORDER)), u)):
        replies = by_urgency[urgency]
        # a reply dated before its draft was written (clock skew, a pinned test clock) took no time
        wall = [max(0.0, r["sent_at"] - r["written_at"]) / 3600 for r in replies]
        entry: dict[str, Any] = {"replies": len(replies), "median_hours": round(statistics.median(wall), 2)}
        target = sla.target(None, urgency) if sla else None
        entry.update(target=str(target) if target else None, median_business_hours=None, within_sla=None,
                     share_within_sla=None)  # fmt: skip
        if sla is not None and target is not None:
            business = [sla.business_seconds(r["written_at"], r["sent_at"]) / 3600 for r in replies]
            dues = [sla.due(r["type"], urgency, r["written_at"]) for r in replies]
            within = sum(due is not None and r["sent_at"] <= due for r, due in zip(replies, dues, strict=True))
            entry.update(median_business_hours=round(statistics.median(business), 2), within_sla=within,
                         share_within_sla=round(within / len(replies), 4))  # fmt: skip
        out[urgency] = entry
    return out


def _volumes(drafts: list[dict[str, Any]], tz: tzinfo) -> dict[str, Any]:
    """Drafts written per day (in ``tz``), by type and by urgency: ``days`` and one count per day each."""
    per_day: dict[str, list[dict[str, Any]]] = {}
    for r in drafts:
        if r["written_at"] is not None:
            day = datetime.fromtimestamp(r["written_at"], tz=tz).date().isoformat()
            per_day.setdefault(day, []).append(r)
    days = sorted(per_day)
    out: dict[str, Any] = {"days": days}
    for field in ("type", "urgency"):
        names = sorted({str(r[field] or "none") for r in drafts if r["written_at"] is not None})
        if field == "urgency":
            names.sort(key=lambda u: URGENCY_ORDER.get(u, len(URGENCY_ORDER)))
        counts = {d: Counter(str(r[field] or "none") for r in per_day[d]) for d in days}
        out[f"by_{field}"] = {name: [counts[d][name] for d in days] for name in names}
    return out


def _top(rows: list[dict[str, Any]], kind: str, limit: int) -> list[dict[str, Any]]:
    """The sentences of edited replies most often deleted (or added), each counted once per draft. A
    rewrite drops every sentence of ours at once: it says nothing about any one of them, so it is left out."""
    counted: Counter[str] = Counter()
    for r in rows:
        if r["sentences"] and r["outcome"] == "edited":
            counted.update(dict.fromkeys(json.loads(r["sentences"]).get(kind, []), 1))  # once per draft
    return [{"sentence": s, "drafts": n} for s, n in sorted(counted.items(), key=lambda c: (-c[1], c[0]))[:limit]]


def _overdue(row: dict[str, Any], now: float) -> bool:
    """Nothing went out (no reply, no follow-up sent, not answered), the draft still waits, its time is over."""
    return row["outcome"] is None and row["sent_at"] is None and not row["answered"] and _deadline(row) < now


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
    follow = report.get("followups") or {}
    if follow.get("drafts"):
        lines.append(f"follow-up drafts: {follow['drafts']} ({_split(follow)}); {follow['pending']} still waiting")
    for field, title in GROUPS:
        groups = report[f"by_{field}"]
        if not groups:
            continue
        lines += ["", f"by {title}:"]
        for name, g in groups.items():
            similar = _num(g["median_similarity"])
            lines.append(f"  {name}: {g['drafts']} drafts ({_split(g)}), median similarity {similar}")
    if report.get("first_response"):
        lines += ["", "first response (median, from the draft to the reply) against the SLA, by urgency:"]
        for urgency, f in report["first_response"].items():
            sla = "" if f["target"] is None else (
                f", {_num(f['median_business_hours'])} business h; target {f['target']},"
                f" {f['within_sla']}/{f['replies']} within")  # fmt: skip
            lines.append(f"  {urgency}: {f['replies']} replies, {_num(f['median_hours'])} h{sla}")
    volumes = report.get("volumes") or {}
    if volumes.get("days"):
        per_type = ", ".join(f"{t} {sum(n)}" for t, n in volumes["by_type"].items())
        lines += ["", f"drafts written over {len(volumes['days'])} days ({volumes['days'][0]} to"
                  f" {volumes['days'][-1]}): {per_type}"]  # fmt: skip
    for kind, verb in (("deleted_most", "delete"), ("added_most", "add")):
        title = f"sentences agents {verb} most often"
        if report[kind]:
            lines += ["", f"{title}:"] + [f"  {s['drafts']}x  {s['sentence']}" for s in report[kind]]
    lines += _correction_lines(report.get("corrections") or {})
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


def with_corrections(report: dict[str, Any], rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Add the label corrections in force (``CorrectionStore.rows``) to ``report``: ``totals.corrections``
    and ``corrections``, a confusion table per field, ``{"type": {ours: {theirs: count}}, "urgency": ...}``."""
    from .corrections import confusion  # the keyword reading and its table live together

    report["totals"]["corrections"] = len(rows)
    report["corrections"] = confusion(rows)
    return report


def _correction_lines(table: dict[str, dict[str, dict[str, int]]]) -> list[str]:
    """The confusion table as lines: ``type: billing -> technical 2``, most frequent first."""
    pairs = [(-n, field, ours, theirs)
             for field, by in table.items() for ours, t in by.items() for theirs, n in t.items()]  # fmt: skip
    if not pairs:
        return []
    lines = ["", "labels agents corrected (ours -> theirs):"]
    return lines + [f"  {field}: {ours} -> {theirs}  {-n}x" for n, field, ours, theirs in sorted(pairs)]
