"""The shared corpora (``../shared/data`` beside the project, or ``$MAILTRIAGE_SHARED_DATA``), by path.

Tests that read them run when the folder is there and are skipped with one line naming the missing
folder when it is not (a plain ``git clone`` has no ``../shared``), except under ``CI=true``, where
a missing folder fails the test: CI always has the data, so a skip there would hide a broken setup.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def shared_data_dir() -> Path:
    """``$MAILTRIAGE_SHARED_DATA`` when set, else ``../shared/data`` next to the project root."""
    configured = os.environ.get("MAILTRIAGE_SHARED_DATA", "").strip()
    return Path(configured).expanduser().resolve() if configured else (ROOT.parent / "shared" / "data").resolve()


def require_shared(*parts: str, module: bool = False) -> Path:
    """The shared folder ``parts`` (e.g. ``"mime"``); skip, or fail under ``CI=true``, when it is missing.

    ``module=True`` for a call at import time (skips the whole test module).
    """
    path = shared_data_dir().joinpath(*parts)
    if path.is_dir():
        return path
    why = f"shared data folder {path} is missing (set MAILTRIAGE_SHARED_DATA to a copy of shared/data)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(why, pytrace=False)
    pytest.skip(why, allow_module_level=module)
    raise AssertionError("unreachable")  # pytest.skip raises
