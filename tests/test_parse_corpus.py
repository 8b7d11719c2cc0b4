"""pipeline.parse over the shared MIME corpus: every file parses, within bounds, into safe values.

The corpus lives outside the project (``../shared/data/mime``, or ``$MAILTRIAGE_SHARED_DATA/mime``).
Without it this module is skipped with one line naming the folder (a plain clone has no
``../shared``), and under ``CI=true`` that is a failure instead: see ``shared_data.py``. The same
invariants run on every clone over the project's own ``tests/mail/`` (``test_parse_own_corpus.py``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from shared_data import require_shared
from test_parse_own_corpus import parses_safely  # one definition of "parses safely" for both corpora

CORPUS = require_shared("mime", module=True)
FILES = sorted(CORPUS.glob("**/*.eml"))


def test_corpus_is_there() -> None:
    assert len(FILES) >= 700, f"expected the 741-message corpus at {CORPUS}, found {len(FILES)} files"


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(CORPUS)))
def test_corpus_message_parses(path: Path) -> None:
    parses_safely(path.read_bytes())
