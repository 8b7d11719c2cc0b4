"""The reply parser's quote-header search tried only where a header can start
(pipeline/parse/reply_message.py) finds exactly what the library's own ``findall`` finds.

Compared on every mail the project holds (demo, golden, rubric, test mail), on the shared real-world
corpus when it is there, and on hand-written texts that put headers where the shortcut could miss them.
"""

from __future__ import annotations

import email
import email.policy
from pathlib import Path

import pytest
from mailparser_reply.parser import EmailMessage

from pipeline.parse.reply_message import REPLY_HEADER_ONLY_LANGUAGES, REPLY_LANGUAGES, LineStartFindall, ReplyMessage
from tests.shared_data import ROOT, require_shared

LANGUAGES = [*REPLY_LANGUAGES, *REPLY_HEADER_ONLY_LANGUAGES]


def library_pattern() -> object:
    """The library's own compiled header pattern for our languages (not the shortcut)."""
    return EmailMessage(text="", languages=list(LANGUAGES), keep_hyphen_lists=True).HEADER_REGEX


PATTERN = library_pattern()
SHORTCUT = ReplyMessage(text="", languages=list(LANGUAGES), keep_hyphen_lists=True).HEADER_REGEX


def normalized(text: str) -> str:
    """The text as the library searches it (line endings and line edges normalized)."""
    return EmailMessage(text=text, languages=["en"]).text


def texts_of(path: Path) -> list[str]:
    """Each text part of a mail, decoded, and the whole raw file read as Latin-1 (headers and all)."""
    raw = path.read_bytes()
    texts = [raw.decode("latin-1")]
    try:
        message = email.message_from_bytes(raw, policy=email.policy.default)
        for part in message.walk():
            if part.get_content_maintype() == "text":
                try:
                    texts.append(str(part.get_content()))
                except (LookupError, ValueError, AssertionError):
                    continue
    except Exception:
        pass
    return texts


def test_the_shortcut_is_in_use() -> None:
    assert isinstance(SHORTCUT, LineStartFindall)
    assert SHORTCUT.pattern.pattern == PATTERN.pattern


HAND_WRITTEN = {
    "header on the first line": "On Tue, 1 Dec 2026 at 10:04, Support <support@example.com> wrote:\n> hi",
    "outlook block": "Thanks!\n\nFrom: Support\nSent: Tuesday\nTo: Anna\nSubject: Re: invoice\n\nold text",
    "quoted outlook block": "ok\n> From: Support\n> Sent: Tuesday\n> Subject: x\n",
    "german block": "Danke\n\nVon: Support\nGesendet: Dienstag\nAn: Anna\nBetreff: AW: Rechnung\n\nalt",
    "danish marker mid-line": "Tak for svaret -----Oprindelig meddelelse-----\nFra: Support\nSendt: 1. dec\nTil: A\n",
    "two headers": "new\nAm 1. Dez. 2026 um 10:04 schrieb Support <s@example.com>:\n> a\nOn Mon, Anna wrote:\n> b",
    "original message line": "see below\n\n-----Original Message-----\nFrom: x\nSent: y\n",
    "no newline at all": "just one line with From: in it and Sent: too",
    "empty": "",
    "only newlines": "\n\n\n",
    "headers back to back": "From: a\nTo: b\nFrom: c\nTo: d\n",
}


@pytest.mark.parametrize("name", sorted(HAND_WRITTEN))
def test_hand_written_headers(name: str) -> None:
    text = normalized(HAND_WRITTEN[name])
    assert SHORTCUT.findall(text) == PATTERN.findall(text)  # type: ignore[attr-defined]


def test_hand_written_headers_are_found() -> None:
    """The comparison is not vacuous: most hand-written texts do hold headers."""
    found = [name for name, text in HAND_WRITTEN.items() if SHORTCUT.findall(normalized(text))]
    assert len(found) >= 7, found


def compare(paths: list[Path]) -> tuple[int, list[str]]:
    with_headers = 0
    different: list[str] = []
    for path in paths:
        for text in texts_of(path):
            text = normalized(text[:30_000])
            expected = PATTERN.findall(text)  # type: ignore[attr-defined]
            with_headers += bool(expected)
            if SHORTCUT.findall(text) != expected:
                different.append(path.name)
    return with_headers, different


def test_every_mail_of_the_project() -> None:
    demo = [path for path in ROOT.joinpath("demo", "inbox").rglob("*") if path.is_file()]
    paths = sorted({*demo, *ROOT.joinpath("tests").rglob("*.eml")})
    assert len(paths) > 500
    with_headers, different = compare(paths)
    assert different == []
    assert with_headers > 50  # many of them are replies with quote headers


def test_every_mail_of_the_shared_corpus() -> None:
    paths = sorted(require_shared("mime").rglob("*.eml"))
    with_headers, different = compare(paths)
    assert different == []
    assert with_headers > 0
