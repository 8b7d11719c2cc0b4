"""Model files: ``model.joblib`` beside ``model-card.json``, and the checks made before unpickling.

joblib is pickle: loading a file runs code chosen by whoever wrote it. So the card is read and checked
first (format, scikit-learn version), then the joblib file's sha256 is compared with the card, and
only then is the file unpickled. A mismatch raises ModelFileError and nothing is loaded.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import joblib
import sklearn

from .types import ModelFileError

FORMAT = "mailtriage-model/1"
MODEL_FILE = "model.joblib"
CARD_FILE = "model-card.json"
_CARD_KEYS = ("format", "created_at", "sklearn_version", "training_data", "labels", "heads", "model_file")


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _write_atomic(path: Path, write: Any) -> None:
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        write(Path(tmp))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def save_model(model: Any, card: dict, out: Path) -> dict:
    """Write ``model`` and ``card`` into ``out``; return the card with ``model_file`` filled in.

    The joblib file is written first and the card last, each via a temporary name: a crash halfway
    leaves a directory that ``load_model`` refuses rather than one it half-trusts.
    """
    out.mkdir(parents=True, exist_ok=True)
    (out / CARD_FILE).unlink(missing_ok=True)
    _write_atomic(out / MODEL_FILE, lambda p: joblib.dump(model, p, compress=3))
    path = out / MODEL_FILE
    card = {**card, "model_file": {"name": MODEL_FILE, "sha256": _sha256(path), "bytes": path.stat().st_size}}
    text = json.dumps(card, indent=2, ensure_ascii=False) + "\n"
    _write_atomic(out / CARD_FILE, lambda p: p.write_text(text, encoding="utf-8"))
    return card


def read_card(model_dir: Path) -> dict:
    """The checked model card of ``model_dir``. Raises ModelFileError if missing, unreadable or unknown."""
    path = Path(model_dir) / CARD_FILE
    try:
        card = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ModelFileError(f"{path}: no model card; not a mailtriage model directory") from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelFileError(f"{path}: unreadable model card: {exc}") from exc
    if not isinstance(card, dict) or card.get("format") != FORMAT:
        found = card.get("format") if isinstance(card, dict) else type(card).__name__
        raise ModelFileError(f"{path}: unknown model format {found!r} (expected {FORMAT!r})")
    missing = [k for k in _CARD_KEYS if k not in card]
    if missing:
        raise ModelFileError(f"{path}: model card lacks {', '.join(missing)}")
    return card


def _minor(version: str) -> tuple[str, ...]:
    return tuple(version.split(".")[:2])


def load_model(model_dir: Path) -> tuple[Any, dict]:
    """Load ``(model, card)`` from ``model_dir`` after checking card, version and sha256.

    Raises ModelFileError if the card is missing or unknown, the model was built with another
    scikit-learn release, the joblib file is missing or its sha256 differs from the card, or the
    unpickled object is not the model the card describes.
    """
    from .model import TriageModel  # here, not at import: artifacts is imported by model users

    model_dir = Path(model_dir)
    card = read_card(model_dir)
    if _minor(str(card["sklearn_version"])) != _minor(sklearn.__version__):
        raise ModelFileError(
            f"{model_dir}: model built with scikit-learn {card['sklearn_version']}, this is "
            f"{sklearn.__version__}; retrain it with `mailtriage train`"
        )
    info = card["model_file"]
    path = model_dir / MODEL_FILE
    if not isinstance(info, dict) or info.get("name") != MODEL_FILE or not info.get("sha256"):
        raise ModelFileError(f"{model_dir / CARD_FILE}: model_file entry is malformed")
    if not path.is_file():
        raise ModelFileError(f"{path}: missing (the card names it)")
    actual = _sha256(path)
    if actual != info["sha256"]:
        raise ModelFileError(
            f"{path}: sha256 {actual[:12]}… does not match the card's {str(info['sha256'])[:12]}…; "
            "the file was changed or replaced, refusing to load it"
        )
    try:
        model = joblib.load(path)
    except Exception as exc:  # a corrupt-but-matching file: the card lied too
        raise ModelFileError(f"{path}: cannot load: {exc}") from exc
    if not isinstance(model, TriageModel):
        raise ModelFileError(f"{path}: holds {type(model).__name__}, not a mailtriage model")
    expected = {h for h, e in card["heads"].items() if e.get("source") == "model"}
    mismatch = set(model.heads) != expected or any(
        list(model.heads[h].labels) != card["labels"].get(h) for h in model.heads
    )
    if mismatch:
        raise ModelFileError(f"{path}: the model's heads and labels do not match its card")
    return model, card
