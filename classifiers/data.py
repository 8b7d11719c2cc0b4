"""Labelled CSVs: reading them for training / evaluation, and exporting the agents' decisions.

Columns: ``subject,body,type,urgency`` and optionally ``tone``, ``language``; other columns are ignored.
An empty label cell means "not labelled for this head", so a CSV may label tone for only some rows.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .types import LABELS, TrainingDataError

REQUIRED = ("subject", "body")
# `corrected` (the fields agents corrected, e.g. "type urgency") and `sent_reply` (what the agent sent)
# come last; reading ignores them, `retrain` holds out the corrected rows
EXPORT_COLUMNS = ("subject", "body", "type", "urgency", "tone", "language", "corrected", "sent_reply")
csv.field_size_limit(10_000_000)  # bodies may be long; the default 128 KiB limit rejects real mail


@dataclass(frozen=True, slots=True)
class LabelledData:
    """Rows of a labelled CSV. ``labels[head][i]`` is "" when row ``i`` has no label for ``head``."""

    path: Path
    sha256: str
    size: int  # bytes
    subjects: tuple[str, ...]
    bodies: tuple[str, ...]
    languages: tuple[str, ...]
    labels: Mapping[str, tuple[str, ...]]  # only the heads the CSV has a column for

    def __len__(self) -> int:
        return len(self.subjects)

    def labelled(self, head: str) -> list[int]:
        """Indices of rows labelled for ``head``."""
        return [i for i, v in enumerate(self.labels.get(head, ())) if v]


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def read_labelled_csv(path: Path, require: tuple[str, ...] = ("type", "urgency")) -> LabelledData:
    """Read and check a labelled CSV.

    Raises TrainingDataError naming the file (and row) when it is missing, not UTF-8, lacks a column
    in ``REQUIRED + require``, or has a label outside the known label sets.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise TrainingDataError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TrainingDataError(f"{path}: not UTF-8 (byte {exc.start}); save the CSV as UTF-8") from exc
    reader = csv.DictReader(io.StringIO(text, newline=""))
    columns = [c.strip().lower() for c in (reader.fieldnames or [])]
    missing = [c for c in (*REQUIRED, *require) if c not in columns]
    if missing:
        raise TrainingDataError(
            f"{path}: missing column(s) {', '.join(missing)}; found {', '.join(columns) or 'none'}"
            " (expected subject,body,type,urgency[,tone,language])"
        )
    heads = [h for h in LABELS if h in columns]
    subjects: list[str] = []
    bodies: list[str] = []
    languages: list[str] = []
    labels: dict[str, list[str]] = {h: [] for h in heads}
    for n, row in enumerate(reader, start=2):  # row 1 is the header
        row = {(k or "").strip().lower(): (v or "") for k, v in row.items() if k is not None}
        subjects.append(row.get("subject", ""))
        bodies.append(row.get("body", ""))
        languages.append(row.get("language", "").strip().lower())
        for h in heads:
            value = row.get(h, "").strip().lower()
            if value and value not in LABELS[h]:
                raise TrainingDataError(
                    f"{path}: row {n}: {h}: unknown label {value!r} (expected one of {', '.join(LABELS[h])})"
                )
            labels[h].append(value)
    if not subjects:
        raise TrainingDataError(f"{path}: no rows")
    return LabelledData(
        path=path,
        sha256=hashlib.sha256(raw).hexdigest(),
        size=len(raw),
        subjects=tuple(subjects),
        bodies=tuple(bodies),
        languages=tuple(languages),
        labels={h: tuple(v) for h, v in labels.items()},
    )


def export_training_csv(rows: Iterable[Mapping[str, object]], out: Path) -> int:
    """Write ``rows`` (``EXPORT_COLUMNS``) as a training CSV; return the count.

    Missing or None values become empty cells (unlabelled for that head). The file is written to a
    temporary name and renamed, so a reader never sees half a file. Raises TrainingDataError for a
    label outside the known sets, naming the row.
    """
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=out.name + ".", suffix=".tmp", dir=out.parent)
    count = 0
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(EXPORT_COLUMNS)
            for count, row in enumerate(rows, start=1):
                values = {c: "" if row.get(c) is None else str(row.get(c)) for c in EXPORT_COLUMNS}
                for head, allowed in LABELS.items():
                    values[head] = values[head].strip().lower()
                    if values[head] and values[head] not in allowed:
                        raise TrainingDataError(
                            f"{out}: row {count}: {head}: unknown label {values[head]!r}"
                            f" (expected one of {', '.join(allowed)})"
                        )
                writer.writerow([values[c] for c in EXPORT_COLUMNS])
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return count
