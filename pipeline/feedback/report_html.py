"""``mailtriage report --html DIR``: the report (``report.build``) as one page with plots.

Writes ``DIR/index.html`` and the PNG plots beside it (``classifiers.plots``, matplotlib: the ``plots``
extra), nothing else: no script, no stylesheet or font from elsewhere, so the folder can be copied,
mailed or served as it is. Every text on the page is HTML-escaped, the sentences agents delete and
add included (redacted when stored, but still written by customers and agents).
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from classifiers import plots

from .report import GROUPS, OUTCOMES

_CSS = """body{font-family:sans-serif;max-width:72em;margin:2em auto;padding:0 1em;color:#222}
section{border-top:1px solid #ccc;padding:.5em 0 1em}img{max-width:100%;display:block;margin:.5em 0}
table{border-collapse:collapse;margin:.5em 0 1em}td,th{padding:.2em .7em;text-align:right;border-bottom:1px solid #eee}
td:first-child,th:first-child{text-align:left}td.s{text-align:left;max-width:50em}.none{color:#777}"""
_e = html.escape


def write(report: dict[str, Any], out: Path, title: str = "mailtriage report") -> Path:
    """Write the page and its plots into ``out`` (created if needed); return the page's path.

    Raises PlotsUnavailable, before anything is written, when matplotlib is not installed."""
    plots.require()
    out.mkdir(parents=True, exist_ok=True)
    body = [
        _summary(report["totals"]),
        *(_groups(report, field, name, out) for field, name in GROUPS),
        _first_response(report.get("first_response") or {}, out),
        _volumes(report.get("volumes") or {}, out),
        _sentences(report),
    ]
    if report.get("corrections"):
        body.append(_corrections(report["corrections"], out))
    raw = _e(json.dumps(report, indent=2, ensure_ascii=False))
    page = (
        f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>{_e(title)}</title>'
        f"<style>{_CSS}</style></head><body>\n<h1>{_e(title)}</h1>\n" + "\n".join(body)
        + f"\n<details><summary>All figures (JSON)</summary><pre>{raw}</pre></details>\n</body></html>\n"
    )  # fmt: skip
    path = out / "index.html"
    path.write_text(page, encoding="utf-8")
    return path


def _summary(t: dict[str, Any]) -> str:
    rows = [("drafts written", t["drafts"]), *((o.replace("_", " "), _count_share(t, o)) for o in OUTCOMES),
            ("still waiting", t["pending"]), ("median similarity of sent replies", _num(t["median_similarity"])),
            ("promises kept", t["promises_kept"]), ("promises missed", t["promises_missed"]),
            ("median lateness of late replies", _duration(t["median_late_seconds"])),
            ("originals answered without a draft", t["answered_without_draft"]),
            ("label corrections", t["corrections"]),
            ("follow-up drafts written (counted apart)", t.get("followups", 0))]  # fmt: skip
    return '<section id="totals"><h2>Totals</h2>' + _table(("", "count"), rows) + "</section>"


def _groups(report: dict[str, Any], field: str, name: str, out: Path) -> str:
    groups: dict[str, dict[str, Any]] = report[f"by_{field}"]
    head = f'<section id="by-{field}"><h2>By {_e(name)}</h2>'
    if not groups:
        return head + '<p class="none">No drafts.</p></section>'
    names = list(groups)
    # shares of all drafts written, the ones still waiting included, so a group nobody has acted on shows
    shares = {o: [g[o] / g["drafts"] if g["drafts"] else 0.0 for g in groups.values()] for o in (*OUTCOMES, "pending")}
    png = plots.stacked(names, shares, f"what agents did with the drafts, by {name}", out / f"outcomes-{field}.png",
                        axis="share of the drafts written", horizontal=True, percent=True)  # fmt: skip
    rows = [(n, g["drafts"], *(_count_share(g, o) for o in OUTCOMES), _num(g["median_similarity"]),
             g.get("promises_kept", "-"), g.get("promises_missed", "-"), _duration(g.get("median_late_seconds")))
            for n, g in groups.items()]  # fmt: skip
    columns = (name, "drafts", *(o.replace("_", " ") for o in OUTCOMES), "median similarity", "promises kept",
               "promises missed", "median lateness")  # fmt: skip
    return head + _img(png, f"outcome shares by {name}") + _table(columns, rows) + "</section>"


def _first_response(first: dict[str, Any], out: Path) -> str:
    head = '<section id="first-response"><h2>First response against the SLA, by urgency</h2>'
    if not first:
        return head + '<p class="none">No replies sent yet.</p></section>'
    urgencies = list(first)
    rows = [(u, f["replies"], _num(f["median_hours"]), _num(f["median_business_hours"]), f["target"] or "-",
             "-" if f["within_sla"] is None else f"{f['within_sla']} ({f['share_within_sla']:.0%})")
            for u, f in first.items()]  # fmt: skip
    table = _table(
        ("urgency", "replies", "median hours", "median business hours", "SLA target", "within the SLA"), rows
    )
    if all(f["within_sla"] is None for f in first.values()):  # no SLA known: nothing to plot against
        return head + table + "</section>"
    series = {"within the SLA": [f["within_sla"] or 0 for f in first.values()],
              "over the SLA": [f["replies"] - (f["within_sla"] or 0) for f in first.values()]}  # fmt: skip
    png = plots.stacked(urgencies, series, "replies within the first-response SLA", out / "first-response.png",
                        axis="replies")  # fmt: skip
    note = "<p>From the draft being written to the reply going out; business hours as the SLA counts them.</p>"
    return head + note + _img(png, "replies within and over the SLA by urgency") + table + "</section>"


def _volumes(volumes: dict[str, Any], out: Path) -> str:
    head = '<section id="volumes"><h2>Drafts written per day</h2>'
    days = volumes.get("days") or []
    if not days:
        return head + '<p class="none">No drafts.</p></section>'
    parts = [head]
    for field in ("type", "urgency"):
        series = volumes[f"by_{field}"]
        png = plots.stacked(days, series, f"drafts per day by {field}", out / f"volume-{field}.png", axis="drafts")
        rows = [(d, *(n[i] for n in series.values())) for i, d in enumerate(days)]
        parts += [_img(png, f"drafts per day by {field}"), _table(("day", *series), rows)]
    return "".join(parts) + "</section>"


def _sentences(report: dict[str, Any]) -> str:
    parts = ['<section id="sentences"><h2>Sentences</h2>']
    for key, title in (("deleted_most", "Agents delete most often"), ("added_most", "Agents add most often")):
        parts.append(f"<h3>{title}</h3>")
        found = report.get(key) or []
        rows = [(s["drafts"], s["sentence"]) for s in found]
        parts.append(_table(("drafts", "sentence"), rows, text_last=True) if rows else '<p class="none">None.</p>')
    return "".join(parts) + "</section>"


def _corrections(value: Any, out: Path) -> str:
    """Label corrections as confusion tables: ours (rows) against the agent's (columns), per label kind."""
    parts = ['<section id="corrections"><h2>Label corrections</h2>']
    tables = _confusions(value)
    for head, labels, matrix in tables:
        png = plots.confusion(labels, matrix, f"{head}: ours vs the agent's", out / f"corrections-{_slug(head)}.png",
                              rows="mailtriage's label", columns="agent's label")  # fmt: skip
        rows = [(label, *counts) for label, counts in zip(labels, matrix, strict=True)]
        parts += [f"<h3>{_e(head)}</h3>", _img(png, f"corrections of {head}"),
                  _table(("ours \\ agent's", *labels), rows)]  # fmt: skip
    if not tables:  # a shape this page does not know: still shown, as figures
        parts.append(f"<pre>{_e(json.dumps(value, indent=2, ensure_ascii=False))}</pre>")
    return "".join(parts) + "</section>"


def _confusions(value: Any) -> list[tuple[str, list[str], list[list[int]]]]:
    """The confusion tables in ``value``: ``{"labels", "matrix"}``, or per kind (``{"type": ...}``) either
    that or ``{ours: {theirs: count}}``. Anything else gives none."""
    if isinstance(value, dict) and "labels" in value and "matrix" in value:
        return [("labels", [str(x) for x in value["labels"]], [[int(n) for n in r] for r in value["matrix"]])]
    found = []
    for head, table in value.items() if isinstance(value, dict) else ():
        if isinstance(table, dict) and "labels" in table and "matrix" in table:
            found.append((str(head), [str(x) for x in table["labels"]], [[int(n) for n in r] for r in table["matrix"]]))
        elif isinstance(table, dict) and table and all(isinstance(v, dict) for v in table.values()):
            labels = sorted({str(k) for k in table} | {str(t) for row in table.values() for t in row})
            matrix = [[int(table.get(a, {}).get(b, 0)) for b in labels] for a in labels]
            found.append((str(head), labels, matrix))
    return found


def _table(columns: Sequence[Any], rows: Sequence[Sequence[Any]], text_last: bool = False) -> str:
    head = "".join(f"<th>{_e(str(c))}</th>" for c in columns)
    body = []
    for row in rows:
        cells = [f"<td>{_e(str(c))}</td>" for c in row]
        if text_last:
            cells[-1] = f'<td class="s">{_e(str(row[-1]))}</td>'
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><tr>{head}</tr>{''.join(body)}</table>"


def _img(path: Path, alt: str) -> str:
    return f'<img src="{_e(path.name)}" alt="{_e(alt)}">'


def _count_share(g: dict[str, Any], outcome: str) -> str:
    share = g["shares"][outcome]
    return f"{g[outcome]}" + ("" if share is None else f" ({share:.0%})")


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    hours, rest = divmod(int(seconds), 3600)
    return f"{hours} h {rest // 60:02d} min" if hours else f"{rest // 60} min"


def _slug(name: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in name.lower()) or "labels"
