"""The fitted intent model, reused across runs: keyed by the playbooks' examples, the code and scikit-learn."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

import joblib
import sklearn

from .intents import IntentModel

_MEMO: dict[str, IntentModel] = {}


def _code_sha() -> str:
    digest = hashlib.sha256(sklearn.__version__.encode())
    for name in ("intents.py", "intent_none.py", "fast_features.py"):
        digest.update((Path(__file__).resolve().parent / name).read_bytes())
    return digest.hexdigest()


def fit_cached(texts: Sequence[str], labels: Sequence[str], cache_root: Path | None = None) -> IntentModel:
    """``IntentModel().fit(texts, labels)``, reused when the same data was fitted before by the same code.

    Kept in memory and in ``cache_root`` (default ``~/.cache/mailtriage/models``) as ``intents-<key>.joblib``,
    the key being 16 hex of a sha256 over the data, this module's code and the scikit-learn release; written
    to a temporary file and renamed, so a crash never leaves half a model. An unreadable file is refitted.
    """
    payload = json.dumps([list(texts), list(labels)], ensure_ascii=False).encode()
    key = hashlib.sha256(payload + _code_sha().encode()).hexdigest()[:16]
    if key in _MEMO:
        return _MEMO[key]
    root = cache_root or Path.home() / ".cache" / "mailtriage" / "models"
    file = root / f"intents-{key}.joblib"
    model: IntentModel | None = None
    with contextlib.suppress(Exception):  # missing, truncated or from elsewhere: fit again
        loaded = joblib.load(file)
        model = loaded if isinstance(loaded, IntentModel) else None
    if model is None:
        model = IntentModel().fit(texts, labels)
        with contextlib.suppress(OSError):  # a read-only home still works, only slower
            root.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{file.name}.", dir=root)
            os.close(fd)
            joblib.dump(model, tmp)
            os.replace(tmp, file)
    _MEMO[key] = model
    return model
