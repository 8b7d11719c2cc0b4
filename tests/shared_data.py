"""The shared corpora (``../shared/data`` beside the project, or ``$MAILTRIAGE_SHARED_DATA``), by path.

Tests that read them run when the folder is there and are skipped with one line naming the missing
folder when it is not (a plain ``git clone`` has no ``../shared``), except under ``CI=true``, where
a missing folder fails the test: CI always has the data, so a skip there would hide a broken setup.

Today ``tests/test_parse_corpus.py`` (``mime/``) is the one user. A test that reads ``tickets/`` or
``peers/`` calls ``require_shared("tickets")`` the same way, never a path of its own.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
#: Values of ``$CI`` that mean "this is CI": GitHub, GitLab and most others set "true"; a few "1".
_CI_VALUES = frozenset({"true", "1", "yes"})


def shared_data_dir() -> Path:
    """``$MAILTRIAGE_SHARED_DATA`` when set, else ``../shared/data`` next to the project root."""
    configured = os.environ.get("MAILTRIAGE_SHARED_DATA", "").strip()
    return Path(configured).expanduser().resolve() if configured else (ROOT.parent / "shared" / "data").resolve()


def in_ci() -> bool:
    """True when ``$CI`` says the suite runs in CI, where missing shared data is an error."""
    return os.environ.get("CI", "").strip().lower() in _CI_VALUES


def require_shared(*parts: str, module: bool = False) -> Path:
    """The shared folder ``parts`` (e.g. ``"mime"``); skip, or fail under ``CI=true``, when it is missing.

    ``module=True`` for a call at import time: it skips the whole test module (one line in the
    summary), and under CI fails its collection, which stops the run with that one line.
    """
    path = shared_data_dir().joinpath(*parts)
    if path.is_dir():
        return path
    # pytest puts this file's line before the reason, so the reason names the test file itself
    caller = Path(sys._getframe(1).f_code.co_filename)
    where = caller.relative_to(ROOT) if caller.is_relative_to(ROOT) else caller
    why = f"{where}: shared data folder {path} is missing (set MAILTRIAGE_SHARED_DATA to a copy of shared/data)"
    if in_ci():
        pytest.fail(f"{why}; under CI={os.environ['CI']} that is a failure, not a skip", pytrace=False)
    pytest.skip(why, allow_module_level=module)
    raise AssertionError("unreachable")  # pytest.skip raises
