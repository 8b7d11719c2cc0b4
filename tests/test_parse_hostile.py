"""pipeline.parse against generated hostile input: random bytes and mutated MIME.

The properties: the last-resort catch-all is never needed (no "parser failed" defect), and no
value that may end up in a reply header carries CR, LF, NUL or another line separator.
"""

from __future__ import annotations

import base64

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.message import ParsedMessage
from pipeline.parse import parse
from pipeline.parse.text import MAX_NEW_TEXT_CHARS

BASE = (
    b"From: =?utf-8?q?J=C3=BCrgen?= <juergen@example.com>\r\n"
    b"To: support@example.com, Team: a@example.com;\r\n"
    b"Subject: =?iso-8859-1?Q?Rechnung_f=FCr_M=E4rz?=\r\n"
    b"Date: Thu, 26 Nov 2026 15:00:00 +0100\r\n"
    b"Message-ID: <m1@example.com>\r\n"
    b"References: <r1@example.com> <r2@example.com>\r\n"
    b"MIME-Version: 1.0\r\n"
    b'Content-Type: multipart/mixed; boundary="OUTER"\r\n'
    b"\r\n"
    b"--OUTER\r\n"
    b'Content-Type: multipart/alternative; boundary="INNER"\r\n'
    b"\r\n"
    b"--INNER\r\n"
    b"Content-Type: text/plain; charset=utf-8\r\n"
    b"Content-Transfer-Encoding: quoted-printable\r\n"
    b"\r\n"
    b"Hallo, die Rechnung f=C3=BCr M=C3=A4rz ist falsch.\r\n"
    b"\r\n"
    b"Am 1. M=C3=A4rz schrieb Support <support@example.com>:\r\n"
    b"> Danke f=C3=BCr Ihre Nachricht.\r\n"
    b"--INNER\r\n"
    b"Content-Type: text/html; charset=iso-8859-1\r\n"
    b"\r\n"
    b"<p>Hallo, die Rechnung f\xfcr M\xe4rz ist <b>falsch</b>.</p>\r\n"
    b"--INNER--\r\n"
    b"--OUTER\r\n"
    b'Content-Type: application/pdf; name="=?utf-8?q?Rechnung_M=C3=A4rz.pdf?="\r\n'
    b"Content-Disposition: attachment\r\n"
    b"Content-Transfer-Encoding: base64\r\n"
    b"\r\n" + base64.encodebytes(b"%PDF-1.4 " * 40) + b"--OUTER\r\n"
    b"Content-Type: message/rfc822\r\n"
    b"\r\n"
    b"From: other@example.org\r\nSubject: inner\r\n\r\ninner body\r\n"
    b"--OUTER--\r\n"
)

NASTY = [
    b"\r",
    b"\n",
    b"\r\n",
    b"\x00",
    b"\r\n\r\n",
    b"\xff\xfe",
    b"\xc3",
    b"\xe2\x80\xa8",
    b"=?",
    b"?=",
    b"=?utf-8?q?=0D=0ABcc:_x@evil.example?=",
    b"=?utf-7?q?+AA0AAAAK-?=",
    b"=?unicode_escape?q?\\r\\n?=",
    b"=?x-unknown?b?////?=",
    b"--OUTER",
    b"--INNER--",
    b"--",
    b"boundary=",
    b'boundary=""',
    b"charset=fakescii",
    b"charset=utf-16",
    b"charset*=utf-8''x",
    b"Content-Type: multipart/mixed",
    b"Content-Transfer-Encoding: base64",
    b"Content-Transfer-Encoding: x-uue",
    b"begin 644 a.bin\r\n",
    b"\r\nend\r\n",
    b"=ybegin size=999999999999999999 name=x\r\n",
    b"<html><table><tr><td>",
    b"\t",
    b";",
    b":",
    b"<",
    b">",
    b'"',
    b"\\",
]

edits = st.lists(
    st.tuples(
        st.sampled_from(["insert", "delete", "replace"]),
        st.floats(min_value=0, max_value=1),
        st.one_of(st.sampled_from(NASTY), st.binary(max_size=12)),
        st.integers(min_value=0, max_value=40),
    ),
    min_size=1,
    max_size=8,
)

HEADER_NAMES = [
    b"From", b"To", b"Cc", b"Reply-To", b"Subject", b"Message-ID", b"References", b"In-Reply-To", b"Date",
    b"Sender", b"Return-Path", b"Content-Type", b"Content-Transfer-Encoding", b"Content-Disposition",
]  # fmt: skip
HEADER_MUTATIONS = st.lists(
    st.tuples(
        st.sampled_from(HEADER_NAMES),
        st.lists(st.one_of(st.sampled_from(NASTY), st.binary(max_size=20)), max_size=6).map(b"".join),
    ),
    max_size=6,
)


def mutate(data: bytes, changes: list[tuple[str, float, bytes, int]]) -> bytes:
    for kind, where, piece, length in changes:
        at = int(where * len(data))
        if kind == "insert":
            data = data[:at] + piece + data[at:]
        elif kind == "delete":
            data = data[:at] + data[at + length :]
        else:
            data = data[:at] + piece + data[at + len(piece) :]
    return data


def _unsafe(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return any(ch in value for ch in "\r\n\x00") or len(value.splitlines()) > 1


def check(parsed: ParsedMessage, data: bytes) -> None:
    assert isinstance(parsed, ParsedMessage)
    assert not any(d.startswith(("parser failed", "body unreadable")) for d in parsed.defects), parsed.defects
    assert parsed.size == len(data)
    assert len(parsed.new_text) <= MAX_NEW_TEXT_CHARS
    assert "\r" not in parsed.text and "\x00" not in parsed.text
    parsed.text.encode("utf-8")
    parsed.new_text.encode("utf-8")
    people = [parsed.sender, *parsed.reply_to, *parsed.to, *parsed.cc]
    values = [parsed.subject, parsed.message_id or "", parsed.in_reply_to or "", *parsed.references]
    values += [part for a in people if a is not None for part in (a.name, a.email)]
    values += [v for pair in parsed.headers for v in pair]
    values += [v for a in parsed.attachments for v in (a.filename, a.content_type)]
    values += list(parsed.defects)
    assert not [v for v in values if _unsafe(v)]


HOSTILE = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@HOSTILE
@given(st.binary(max_size=4000))
def test_random_bytes(data: bytes) -> None:
    check(parse(data), data)


@HOSTILE
@given(edits)
def test_mutated_message(changes: list[tuple[str, float, bytes, int]]) -> None:
    data = mutate(BASE, changes)
    check(parse(data), data)


@HOSTILE
@given(HEADER_MUTATIONS, st.sampled_from([b"\r\n", b"\n", b"\r"]))
def test_hostile_headers(headers: list[tuple[bytes, bytes]], newline: bytes) -> None:
    extra = b"".join(name + b": " + value + b"\r\n" for name, value in headers)
    data = (extra + BASE).replace(b"\r\n", newline)
    check(parse(data), data)


@HOSTILE
@given(st.lists(st.sampled_from(NASTY), max_size=40).map(b"".join), st.integers(min_value=0, max_value=6))
def test_hostile_text_parts(body: bytes, nesting: int) -> None:
    data = b"Content-Type: text/plain; charset=utf-8\r\n\r\n" + body
    for level in range(nesting):
        boundary = b"n%d" % level
        data = b"Content-Type: multipart/mixed; boundary=" + boundary + b"\r\n\r\n--" + boundary + b"\r\n" + data
    check(parse(data), data)


def test_the_base_message_parses_as_intended() -> None:
    parsed = parse(BASE)
    assert parsed.subject == "Rechnung für März"
    assert parsed.new_text == "Hallo, die Rechnung für März ist falsch."
    assert [a.filename for a in parsed.attachments] == ["Rechnung März.pdf", ""]
