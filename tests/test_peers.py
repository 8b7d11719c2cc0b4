"""Other projects' own tests of our two decisions (``../shared/data/peers``): skip or answer, and
which text is the customer's new text. Runs the corpora's check scripts as they are meant to be
run (from the project root, with the checkout's ``.venv/bin/mailtriage``) and asserts the figure
each prints on its last line.

Documented exception, scored "subject fallback" by check_replytext:
``replytext/talon__vietnamese_from_block.eml`` -- the reply is the single word "Hello" above a
Vietnamese attribution line. mailtriage extracts exactly "Hello" (tests/test_reply_text.py covers
the attribution), but a greeting is never restated in a draft (``pipeline/plan/reading.py``,
``key_sentence``): telling a customer "you wrote 'Hello'" says nothing about their problem, so the
draft restates the subject instead. Talon's expectation is about the extracted text, which is right.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from shared_data import ROOT, require_shared

pytestmark = pytest.mark.slow  # two `mailtriage preview` runs over 167 messages: about 5 s

#: check_replytext's lines for the documented exception above: file name, then what it scored.
REPLYTEXT_EXCEPTIONS = {"talon__vietnamese_from_block.eml": "restated the subject instead"}


def run_check(name: str) -> list[str]:
    """The output lines of ``peers/<name> -v``, run from the project root."""
    script = require_shared("peers") / name
    proc = subprocess.run(
        [sys.executable, str(script), "-v"], cwd=ROOT, capture_output=True, text=True, timeout=300, check=False
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    lines = proc.stdout.strip().splitlines()
    assert lines, proc.stderr[-2000:]
    return lines


def test_autoreply_all_right() -> None:
    lines = run_check("check_autoreply")
    assert re.match(r"autoreply: 73/73 right \(skip precision 1\.00, recall 1\.00\)$", lines[-1]), "\n".join(lines)


def test_replytext_all_right_but_the_documented_greeting() -> None:
    lines = run_check("check_replytext")
    expected_right = 93 - len(REPLYTEXT_EXCEPTIONS)
    assert lines[-1].startswith(
        f"replytext: {expected_right}/93 right (0 from quoted history or signature, 0 unmatched, "
        f"{len(REPLYTEXT_EXCEPTIONS)} subject fallback, 0 no quote, 0 skipped, 0 errors)"
    ), "\n".join(lines)
    # The files not right, and how each was scored, are exactly the documented ones.
    wrong = {m.group(1): m.group(2) for m in (re.match(r"  (\S+\.eml): ([^:\"]+)", line) for line in lines) if m}
    assert wrong == REPLYTEXT_EXCEPTIONS, "\n".join(lines)
