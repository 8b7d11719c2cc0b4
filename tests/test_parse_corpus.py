"""pipeline.parse over the shared MIME corpus: every file parses, within bounds, into safe values.

The corpus lives outside the project (``../shared/data/mime`` from the project root). A missing
corpus fails the tests: a robustness claim that silently tested nothing would be worse than none.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from pipeline.message import ParsedMessage
from pipeline.parse import parse
from pipeline.parse.headers import MAX_SUBJECT_CHARS
from pipeline.parse.text import MAX_NEW_TEXT_CHARS

CORPUS = Path(__file__).resolve().parents[1] / "../shared/data/mime"
FILES = sorted(CORPUS.glob("**/*.eml"))
#: Seconds one message may take; the slowest corpus file takes about 0.4 s on a shared core.
MAX_SECONDS = 3.0


def _unsafe(value: str) -> bool:
    """True if ``value`` could break a header it is put into, or is not valid UTF-8 text."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return any(ch in value for ch in "\r\n\x00") or len(value.splitlines()) > 1


def test_corpus_is_there() -> None:
    assert CORPUS.is_dir(), f"MIME corpus missing at {CORPUS}"
    assert len(FILES) >= 700, f"expected the 741-message corpus at {CORPUS}, found {len(FILES)} files"


@pytest.mark.parametrize("path", FILES or [CORPUS / "MISSING"], ids=lambda p: str(p.relative_to(CORPUS)))
def test_corpus_message_parses(path: Path) -> None:
    data = path.read_bytes()
    started = time.perf_counter()
    parsed = parse(data)
    elapsed = time.perf_counter() - started

    assert isinstance(parsed, ParsedMessage)
    assert elapsed < MAX_SECONDS, f"{elapsed:.2f} s"
    assert not any(d.startswith(("parser failed", "body unreadable")) for d in parsed.defects), parsed.defects
    assert parsed.size == len(data)
    assert len(parsed.subject) <= MAX_SUBJECT_CHARS
    assert len(parsed.new_text) <= MAX_NEW_TEXT_CHARS
    assert "\r" not in parsed.text and "\x00" not in parsed.text
    assert parsed.date is None or parsed.date.tzinfo is not None
    assert len(parsed.defects) == len(set(parsed.defects))
    people = [parsed.sender, *parsed.reply_to, *parsed.to, *parsed.cc]
    single_line = [parsed.subject, parsed.message_id or "", parsed.in_reply_to or "", *parsed.references]
    single_line += [part for a in people if a is not None for part in (a.name, a.email)]
    single_line += [v for pair in parsed.headers for v in pair]
    single_line += [v for a in parsed.attachments for v in (a.filename, a.content_type)]
    assert not [v for v in single_line if _unsafe(v)]
