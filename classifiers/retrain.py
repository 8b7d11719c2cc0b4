"""Retraining on the team's corrected mail: hold out corrected rows, train a candidate, compare it with the model
in use on exactly those rows.

The held-out rows are a seeded, stratified (by type) share of the rows whose labels agents corrected
(``corrected`` column of ``mailtriage export``): the mail the model in use got wrong is the mail a new
one must do better on, and a row used for training is never used to judge. Everything else trains the
candidate, optionally with the bundled seed corpus beside it (a team's export alone is often small).
The candidate folder keeps ``training.csv`` and ``heldout.csv``, so the comparison can be made again
(``mailtriage promote`` does) and the model card's training data can be traced.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path
from typing import Any

from sklearn.model_selection import train_test_split

from .data import REQUIRED
from .default import SEED
from .types import HEADS, TrainingDataError

HELDOUT = "heldout.csv"
TRAINING = "training.csv"
MIN_HELDOUT = 2  # fewer corrected rows say nothing about a model


def read_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """(columns, rows) of a CSV, column names lower-cased. Raises TrainingDataError when unreadable."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise TrainingDataError(f"{path}: cannot read: {exc}") from exc
    reader = csv.DictReader(io.StringIO(text, newline=""))
    columns = [(c or "").strip().lower() for c in reader.fieldnames or []]
    rows = [{(k or "").strip().lower(): v or "" for k, v in row.items() if k is not None} for row in reader]
    missing = [c for c in (*REQUIRED, "type", "urgency") if c not in columns]
    if missing:
        raise TrainingDataError(f"{path}: missing column(s) {', '.join(missing)} (export it with `mailtriage export`)")
    return columns, rows


def split(data: Path, out: Path, share: float = 0.3, seed: int = 0, with_seed: bool = False) -> dict[str, Any]:
    """Write ``out/training.csv`` and ``out/heldout.csv`` from ``data``; return what was split and how.

    Raises TrainingDataError when ``data`` has no ``corrected`` column or fewer than MIN_HELDOUT
    corrected rows, or when ``out`` is a folder that is not empty (a candidate is always a new folder).
    """
    columns, rows = read_rows(data)
    corrected = [i for i, r in enumerate(rows) if r.get("corrected", "").strip()]
    if "corrected" not in columns or len(corrected) < MIN_HELDOUT:
        raise TrainingDataError(
            f"{data}: {len(corrected)} rows with corrected labels; need at least {MIN_HELDOUT} to hold out"
            " (export with `mailtriage export` after agents have corrected labels in their mail client)"
        )
    if out.exists() and any(out.iterdir()):
        raise TrainingDataError(f"{out}: not empty; a candidate model goes to a new folder")
    n_test = min(max(1, round(len(corrected) * share)), len(corrected) - 1)  # both parts get corrected rows
    types = [rows[i]["type"].strip().lower() for i in corrected]
    stratified = _stratifiable(types, n_test)
    _, held = train_test_split(corrected, test_size=n_test, random_state=seed, stratify=types if stratified else None)
    held_set = set(held)
    judged = {_text(rows[i]) for i in held_set}  # the same mail twice (or in the seed) must not train either
    training = [r for i, r in enumerate(rows) if i not in held_set and _text(r) not in judged]
    seed_rows = [r for r in read_rows(SEED)[1] if _text(r) not in judged] if with_seed else []
    out.mkdir(parents=True, exist_ok=True)
    _write(out / TRAINING, columns, training + seed_rows)
    _write(out / HELDOUT, columns, [rows[i] for i in sorted(held_set)])
    return {
        "data": str(data),
        "rows": len(rows),
        "corrected": len(corrected),
        "heldout": len(held_set),
        "training": len(training) + len(seed_rows),
        "seed_rows": len(seed_rows),
        "stratified": stratified,
        "random_state": seed,
    }


def compare(current: Path | None, candidate: Path, heldout: Path) -> dict[str, Any]:
    """``evaluate`` of the model in use (None: the default model) and of ``candidate`` on the same rows."""
    from .evaluate import evaluate  # heavy: loads scikit-learn models

    before, after = evaluate(current, heldout), evaluate(candidate, heldout)
    delta = {
        head: {m: round(after[head][m] - before[head][m], 4) for m in ("accuracy", "macro_f1")}
        for head in HEADS
        if head in before and head in after
    }
    return {"heldout": str(heldout), "current": before, "candidate": after, "delta": delta}


def worse(comparison: dict[str, Any]) -> list[str]:
    """The heads on which the candidate's accuracy or macro-F1 is below the current model's."""
    return [h for h, d in comparison["delta"].items() if d["accuracy"] < 0 or d["macro_f1"] < 0]


def table(comparison: dict[str, Any], current_name: str, candidate_name: str) -> str:
    """The comparison side by side, one line per head and measure."""
    lines = [f"{'':<18}{'current':>10}{'candidate':>11}{'change':>9}   ({current_name} / {candidate_name})"]
    for head, d in comparison["delta"].items():
        before, after = comparison["current"][head], comparison["candidate"][head]
        for measure in ("accuracy", "macro_f1"):
            lines.append(f"{head + ' ' + measure:<18}{before[measure]:>10.3f}{after[measure]:>11.3f}"
                         f"{d[measure]:>+9.3f}")  # fmt: skip
        lines[-2] += f"   n={after['n']}"
    return "\n".join(lines)


def _stratifiable(types: list[str], n_test: int) -> bool:
    """Whether a stratified split is possible: every type twice or more, and room for each in both parts."""
    counts = {t: types.count(t) for t in set(types)}
    return min(counts.values()) >= 2 and len(counts) <= n_test <= len(types) - len(counts)


def _text(row: dict[str, str]) -> tuple[str, str]:
    return (" ".join(row.get("subject", "").split()), " ".join(row.get("body", "").split()))


def _write(path: Path, columns: list[str], rows: list[dict[str, str]]) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows({c: r.get(c, "") for c in columns} for r in rows)
    os.replace(tmp, path)
