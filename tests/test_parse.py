"""pipeline.parse on small hand-written messages: one behaviour per test."""

from __future__ import annotations

import base64
import time
from datetime import UTC, datetime, timedelta, timezone

import pytest

from pipeline.message import Address, Attachment, ParsedMessage
from pipeline.parse import detect_language, parse
from pipeline.parse.headers import MAX_SUBJECT_CHARS
from pipeline.parse.text import MAX_NEW_TEXT_CHARS


def mail(*headers: bytes, body: bytes = b"Hello", newline: bytes = b"\r\n") -> bytes:
    """A message from header lines and a body, joined with ``newline``."""
    return newline.join(headers) + newline + newline + body


def multipart(subtype: bytes, *parts: bytes, boundary: bytes = b"b1", headers: tuple[bytes, ...] = ()) -> bytes:
    """A multipart message whose parts are given with their own headers."""
    body = b"".join(b"--" + boundary + b"\r\n" + part + b"\r\n" for part in parts) + b"--" + boundary + b"--\r\n"
    ctype = b"Content-Type: multipart/" + subtype + b'; boundary="' + boundary + b'"'
    return mail(b"From: a@example.com", *headers, ctype, body=body)


def one_line(value: str) -> bool:
    return not any(ch in value for ch in "\r\n\x00") and len(value.splitlines()) <= 1


# --- headers ---------------------------------------------------------------------------------------


def test_encoded_words_are_decoded_and_adjacent_words_joined() -> None:
    parsed = parse(mail(b"Subject: =?utf-8?B?w6Q=?= =?utf-8?B?w7Y=?= x =?iso-8859-1?Q?Gr=FC=DFe?="))
    assert parsed.subject == "äö x Grüße"


def test_multibyte_character_split_across_encoded_words() -> None:
    assert parse(mail(b"Subject: =?utf-8?Q?=E2=82?= =?utf-8?Q?=AC_5?=")).subject == "€ 5"


def test_nested_encoded_word_is_decoded_and_recorded() -> None:
    # base64 of "=?utf-8?Q?c=C3=A9?="
    parsed = parse(mail(b"Subject: =?utf-8?B?PT91dGYtOD9RP2M9QzM9QTk/PQ==?="))
    assert parsed.subject == "cé"
    assert "nested encoded words" in parsed.defects


def test_encoded_word_with_unknown_charset_falls_back_and_records() -> None:
    parsed = parse(mail(b"Subject: =?fakescii?Q?caf=C3=A9?="))
    assert parsed.subject == "café"
    assert "unknown charset 'fakescii' in encoded word" in parsed.defects


def test_malformed_encoded_words_still_decode() -> None:
    # spaces inside a Q word, no space before the next word, lower-case b, bad padding
    parsed = parse(mail(b"Subject: Re:=?utf-8?q?two words?==?utf-8?b?w7w?=!"))
    assert parsed.subject == "Re:two wordsü!"


def test_raw_utf8_header() -> None:
    assert parse(mail("Subject: Grüße aus Köln".encode())).subject == "Grüße aus Köln"


def test_raw_8bit_header_read_in_the_charset_the_body_declares() -> None:
    data = mail(
        b"Subject: Gr\xfc\xdfe aus M\xfcnchen",
        b"Content-Type: text/plain; charset=iso-8859-1",
        body=b"Gr\xfc\xdfe",
    )
    parsed = parse(data)
    assert parsed.subject == "Grüße aus München"
    assert parsed.text == "Grüße"
    assert "8-bit header subject read as 'iso-8859-1'" in parsed.defects


def test_raw_8bit_header_without_any_charset_is_guessed() -> None:
    parsed = parse(mail(b"Subject: Gr\xfc\xdfe aus M\xfcnchen"))
    assert parsed.subject == "Grüße aus München"
    assert "8-bit header subject without charset" in parsed.defects


def test_header_injection_by_encoded_crlf_is_neutralised() -> None:
    data = mail(
        b"Subject: =?utf-8?q?Hi=0D=0ABcc:_evil@example.net?=",
        b"From: =?utf-8?q?Eve=0A=E2=80=A8X?= <eve@example.net>",
    )
    parsed = parse(data)
    assert parsed.subject == "Hi Bcc: evil@example.net"
    assert parsed.sender == Address("Eve X", "eve@example.net")
    assert all(one_line(v) for _, v in parsed.headers)


def test_nul_in_header_values_is_removed() -> None:
    parsed = parse(mail(b"Subject: a\x00b", b"From: a@example.com"))
    assert parsed.subject == "a b"
    assert "CR, LF or NUL in header subject" in parsed.defects


def test_bidi_override_and_invisible_characters_leave_the_subject() -> None:
    # U+202E reverses what follows: "fdp.exe" would display as "exe.pdf".
    parsed = parse(mail(b"Subject: =?utf-8?q?Invoice=E2=80=8B_=E2=80=AEfdp.exe=E2=80=AC_=EF=BB=BFhelp?="))
    assert parsed.subject == "Invoice fdp.exe help"
    assert "invisible characters removed from header subject: U+200B U+202E U+202C U+FEFF" in parsed.defects
    assert dict(parsed.headers)["subject"] == "Invoice fdp.exe help"


INVISIBLE = "\u061c\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2066\u2067\u2068\u2069\ufeff"


@pytest.mark.parametrize("char", list(INVISIBLE), ids=lambda ch: f"U+{ord(ch):04X}")
def test_each_invisible_formatting_character_is_removed_and_named(char: str) -> None:
    parsed = parse(mail(f"Subject: pay{char}ment".encode()))  # raw UTF-8 header, RFC 6532
    assert parsed.subject == "payment"
    assert f"invisible characters removed from header subject: U+{ord(char):04X}" in parsed.defects


def test_right_to_left_text_is_kept_without_a_defect() -> None:
    hebrew = "\u05d7\u05e9\u05d1\u05d5\u05e0\u05d9\u05ea 42"  # "invoice 42"
    arabic = "\u0641\u0627\u062a\u0648\u0631\u0629 \u0661\u0662"  # "invoice 12", Arabic-Indic digits
    name = "\u05d3\u05e0\u05d4 \u05dc\u05d5\u05d9"
    data = mail(
        f"Subject: {hebrew} / {arabic}".encode(),
        b"From: =?utf-8?b?" + base64.b64encode(name.encode()) + b"?= <d@example.co.il>",
    )
    parsed = parse(data)
    assert parsed.subject == f"{hebrew} / {arabic}"
    assert parsed.sender == Address(name, "d@example.co.il")
    assert not [d for d in parsed.defects if "invisible" in d]


def test_right_to_left_text_loses_only_its_overrides() -> None:
    # Hebrew letters with an override and isolates around them: the letters stay, in logical order.
    parsed = parse(mail("Subject: \u2067\u202e\u05e9\u05dc\u05d5\u05dd\u202c\u2069 invoice".encode()))
    assert parsed.subject == "\u05e9\u05dc\u05d5\u05dd invoice"


def test_invisible_characters_leave_display_names_and_addresses() -> None:
    data = mail(
        b"From: =?utf-8?b?" + base64.b64encode("\u202eevil\u202cAdmin".encode()) + b"?= <bidi@example.com>",
        "To: Sup\u200bport <sup\u200bport@example.net>, \u2066Ops\u2069 <ops@example.net>".encode(),
    )
    parsed = parse(data)
    assert parsed.sender == Address("evilAdmin", "bidi@example.com")
    assert parsed.to == (Address("Support", "support@example.net"), Address("Ops", "ops@example.net"))
    assert "invisible characters removed from header from: U+202E U+202C" in parsed.defects
    assert "invisible characters removed from header to: U+200B U+2066 U+2069" in parsed.defects


def test_many_kinds_of_invisible_characters_are_counted_not_all_named() -> None:
    chars = "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    parsed = parse(mail(("Subject: x" + chars + "y").encode()))
    assert parsed.subject == "xy"
    (found,) = [d for d in parsed.defects if d.startswith("invisible")]
    assert found.endswith(": U+200B U+200C U+200D U+200E U+200F U+202A U+202B U+202C and 2 more")


def test_bidi_override_leaves_attachment_names() -> None:
    data = multipart(
        b"mixed",
        b"Content-Type: text/plain\r\n\r\nsee attached",
        b'Content-Type: application/octet-stream; name="=?utf-8?q?invoice=E2=80=AEfdp.exe?="\r\n\r\nMZ',
    )
    assert [a.filename for a in parse(data).attachments] == ["invoicefdp.exe"]


def test_huge_subject_is_truncated_and_recorded() -> None:
    parsed = parse(mail(b"Subject: " + b"word " * 26_000))  # 130 KB
    assert 0 < len(parsed.subject) <= MAX_SUBJECT_CHARS
    assert "subject truncated" in parsed.defects


def test_headers_keep_order_lower_case_names_and_decoded_values() -> None:
    parsed = parse(mail(b"X-Custom: =?utf-8?q?caf=C3=A9?=", b"Subject: one", b"subject: two", b"FROM: a@example.com"))
    assert parsed.headers == (
        ("x-custom", "café"),
        ("subject", "one"),
        ("subject", "two"),
        ("from", "a@example.com"),
    )
    assert parsed.header("SUBJECT") == "one"
    assert parsed.header_all("subject") == ("one", "two")


def test_header_count_is_capped() -> None:
    parsed = parse(mail(*(b"X-H%d: v" % i for i in range(700))))
    assert len(parsed.headers) == 500
    assert "too many headers" in parsed.defects


def test_folded_header_is_unfolded() -> None:
    assert parse(mail(b"Subject: first\r\n  second\r\n\tthird")).subject == "first second third"


# --- addresses -------------------------------------------------------------------------------------


def test_address_groups_are_flattened_and_empty_groups_are_fine() -> None:
    parsed = parse(
        mail(
            b"From: a@example.com",
            b"To: Team: x@example.com, B <b@EXAMPLE.org>;, c@example.net",
            b"Cc: undisclosed-recipients:;",
        )
    )
    assert parsed.to == (
        Address("", "x@example.com"),
        Address("B", "b@example.org"),
        Address("", "c@example.net"),
    )
    assert parsed.cc == ()
    assert not any("cc" in d for d in parsed.defects)


def test_display_name_decoded_domain_lower_cased_local_part_kept() -> None:
    parsed = parse(mail(b"From: =?utf-8?q?M=C3=BCller=2C_Hans?= <Hans.Mueller@Example.COM>"))
    assert parsed.sender == Address("Müller, Hans", "Hans.Mueller@example.com")


def test_reply_to_and_repeated_to_headers() -> None:
    parsed = parse(
        mail(b"From: a@example.com", b"Reply-To: <r@example.com>", b"To: x@example.com", b"To: y@example.com")
    )
    assert parsed.reply_to == (Address("", "r@example.com"),)
    assert [a.email for a in parsed.to] == ["x@example.com", "y@example.com"]


def test_garbage_from_is_tolerated_and_recorded() -> None:
    parsed = parse(mail(b'From: <<>> ,,@@ ;; "unterminated'))
    assert parsed.sender is None
    assert "no address in from" in parsed.defects


def test_missing_from_falls_back_to_sender_then_return_path() -> None:
    parsed = parse(mail(b"Sender: Bot <bot@example.com>", b"Return-Path: <bounce@example.com>"))
    assert parsed.sender == Address("Bot", "bot@example.com")
    assert {"no From header", "sender taken from sender"} <= set(parsed.defects)
    parsed = parse(mail(b"Return-Path: <bounce@example.com>"))
    assert parsed.sender == Address("", "bounce@example.com")
    assert "sender taken from return-path" in parsed.defects


def test_null_return_path_gives_no_sender() -> None:
    parsed = parse(mail(b"Return-Path: <>"))
    assert parsed.sender is None


def test_name_only_from_is_not_an_address() -> None:
    assert parse(mail(b"From: Foo Bar")).sender is None


# --- ids and dates ---------------------------------------------------------------------------------


def test_message_ids_and_references() -> None:
    parsed = parse(
        mail(
            b"Message-ID: <abc@host>",
            b"In-Reply-To: <x@y> (comment)",
            b"References: <1@a>\r\n <2@b>\r\n\t<3@c> <2@b>",
        )
    )
    assert parsed.message_id == "<abc@host>"
    assert parsed.in_reply_to == "<x@y>"
    assert parsed.references == ("<1@a>", "<2@b>", "<3@c>")


def test_message_id_without_brackets_is_wrapped_and_recorded() -> None:
    parsed = parse(mail(b"Message-ID: abc@host"))
    assert parsed.message_id == "<abc@host>"
    assert "message id without angle brackets in message-id" in parsed.defects


def test_missing_message_id_is_recorded() -> None:
    parsed = parse(mail(b"From: a@example.com"))
    assert parsed.message_id is None
    assert "no Message-ID" in parsed.defects


def test_date_is_aware() -> None:
    parsed = parse(mail(b"Date: Thu, 26 Nov 2026 15:00:00 +0100"))
    assert parsed.date == datetime(2026, 11, 26, 15, 0, tzinfo=timezone(timedelta(hours=1)))


def test_date_comment_before_zone_and_missing_zone() -> None:
    assert parse(mail(b"Date: Wed, 20 Sep 1995 00:19:00 (EDT) -0400")).date == datetime(
        1995, 9, 20, 0, 19, tzinfo=timezone(timedelta(hours=-4))
    )
    parsed = parse(mail(b"Date: Wed, 20 Sep 1995 00:19:00"))
    assert parsed.date == datetime(1995, 9, 20, 0, 19, tzinfo=UTC)
    assert "date without timezone" in parsed.defects


@pytest.mark.parametrize("value", [b"Pn, 29 paX 2007 21:13:00 +0100", b"Wed, 15 Dec 2010 59:10 -0500", b"yesterday"])
def test_bad_date_is_none_with_defect(value: bytes) -> None:
    parsed = parse(mail(b"Date: " + value))
    assert parsed.date is None
    assert "unreadable date" in parsed.defects


def test_missing_date_is_recorded() -> None:
    parsed = parse(mail(b"From: a@example.com"))
    assert parsed.date is None
    assert "no Date header" in parsed.defects


# --- choosing and decoding the body ----------------------------------------------------------------


def test_plain_text_preferred_over_html() -> None:
    data = multipart(
        b"alternative",
        b"Content-Type: text/plain\r\n\r\nplain version",
        b"Content-Type: text/html\r\n\r\n<p>html version</p>",
    )
    parsed = parse(data)
    assert parsed.text == "plain version"
    assert parsed.attachments == ()
    assert parsed.content_type == "multipart/alternative"


def test_empty_plain_alternative_falls_back_to_html() -> None:
    data = multipart(b"alternative", b"Content-Type: text/plain\r\n\r\n  ", b"Content-Type: text/html\r\n\r\n<b>hi</b>")
    assert parse(data).text == "hi"


def test_html_is_converted_without_links_images_scripts_or_escapes() -> None:
    html = (
        b"<html><head><style>p{color:red}</style><script>var secret=1;</script></head><body>"
        b"<p>Order 1. <b>late</b> - see <a href='https://track.example.com/x'>tracking</a></p>"
        b"<img src='https://pixel.example.com/p.gif' alt='pixel'>"
        b"<table><tr><td>Total</td><td>5&nbsp;&euro;</td></tr></table></body></html>"
    )
    text = parse(mail(b"Content-Type: text/html; charset=utf-8", body=html)).text
    assert "Order 1. late - see tracking" in text
    assert "Total 5 €" in text
    for clutter in ("http", "pixel", "secret", "color", "\\", "**", "!["):
        assert clutter not in text


def test_html_charset_from_meta_tag() -> None:
    html = b'<html><head><meta charset="iso-8859-1"></head><body>Gr\xfc\xdfe</body></html>'
    assert parse(mail(b"Content-Type: text/html", body=html)).text == "Grüße"


def test_huge_html_is_cut_before_conversion() -> None:
    html = b"<div>" * 20_000 + b"<p>text</p>" * 60_000
    started = time.perf_counter()
    parsed = parse(mail(b"Content-Type: text/html", body=html))
    assert time.perf_counter() - started < 10
    assert "html beyond the conversion budget stripped" in parsed.defects
    assert parsed.text.startswith("text") and parsed.text.count("text") == 60_000


def test_deeply_nested_html_lists_are_flattened_and_fast() -> None:
    html = b"<ul><li>item" * 50_000  # html2text alone needs minutes: it indents every level
    started = time.perf_counter()
    parsed = parse(mail(b"Content-Type: text/html", body=html))
    assert time.perf_counter() - started < 10
    assert "html nested too deep; flattened" in parsed.defects
    assert parsed.text.count("item") > 1000


def test_html_conversion_budget_is_shared_by_all_parts() -> None:
    part = b"Content-Type: text/html\r\n\r\n" + b"<p>paragraph</p>" * 12_500  # 200 KB each
    parsed = parse(multipart(b"mixed", part, part, part))
    assert "html beyond the conversion budget stripped" in parsed.defects
    assert parsed.text.count("paragraph") == 37_500


def test_enriched_text_is_stripped_of_tags() -> None:
    body = b"<bold>Now</bold> is the time<nl><nl>for <italic>all</italic> good men"
    assert parse(mail(b"Content-Type: text/enriched", body=body)).text == "Now is the timefor all good men"


def test_declared_charset_is_used() -> None:
    data = mail(b"Content-Type: text/plain; charset=koi8-r", body="Привет".encode("koi8-r"))
    parsed = parse(data)
    assert parsed.text == "Привет"
    assert parsed.defects == ("no From header", "no Message-ID", "no Date header")


def test_unknown_charset_falls_back_and_records() -> None:
    parsed = parse(mail(b"Content-Type: text/plain; charset=x-fakescii", body="Grüße".encode()))
    assert parsed.text == "Grüße"
    assert "unknown charset 'x-fakescii' in body" in parsed.defects


def test_utf8_labelled_as_latin1_is_read_as_utf8() -> None:
    parsed = parse(mail(b"Content-Type: text/plain; charset=iso-8859-1", body="Grüße".encode()))
    assert parsed.text == "Grüße"
    assert "body declared 'iso-8859-1' but is utf-8" in parsed.defects


def test_latin1_labelled_as_utf8_is_guessed() -> None:
    body = "Sehr geehrte Damen und Herren, die Lieferung für München ist nicht angekommen.".encode("latin-1")
    parsed = parse(mail(b"Content-Type: text/plain; charset=utf-8", body=body))
    assert "München" in parsed.text
    assert "body not valid 'utf-8'" in parsed.defects


def test_rfc2231_charset_parameter_does_not_break_decoding() -> None:
    parsed = parse(mail(b"Content-Type: text/plain; charset*=utf-8''utf-8", body="naïve".encode()))
    assert parsed.text == "naïve"


def test_iso_2022_jp_subject_and_body() -> None:
    body = "こんにちは".encode("iso2022_jp")
    subject = b"=?ISO-2022-JP?B?" + base64.b64encode("件名".encode("iso2022_jp")) + b"?="
    parsed = parse(mail(b"Subject: " + subject, b"Content-Type: text/plain; charset=ISO-2022-JP", body=body))
    assert (parsed.subject, parsed.text) == ("件名", "こんにちは")


def test_cr_only_line_endings_are_normalised() -> None:
    parsed = parse(mail(b"Subject: old mac", b"From: a@example.com", body=b"line one\rline two\r", newline=b"\r"))
    assert parsed.subject == "old mac"
    assert parsed.text == "line one\nline two"


def test_nul_bytes_in_body_are_removed() -> None:
    parsed = parse(mail(body=b"he\x00llo"))
    assert parsed.text == "hello"
    assert "NUL bytes in body" in parsed.defects


def test_format_flowed_is_unflowed() -> None:
    body = b"This is a long \r\nflowed line.\r\n> quoted \r\n> more\r\n-- \r\nsig"
    parsed = parse(mail(b"Content-Type: text/plain; format=flowed", body=body))
    assert parsed.text == "This is a long flowed line.\n> quoted more\n--\nsig"


@pytest.mark.parametrize(
    ("cte", "payload"),
    [
        (b"base-64", base64.b64encode("Grüße".encode())),
        (b"BASE64 ", base64.b64encode("Grüße".encode())),
        (b"quoted printable", b"Gr=C3=BC=C3=9Fe"),
        (b"x-unknown", base64.b64encode("Grüße, und noch mehr Text".encode())[:20]),
    ],
)
def test_odd_transfer_encodings_are_understood(cte: bytes, payload: bytes) -> None:
    data = mail(b"Content-Type: text/plain; charset=utf-8", b"Content-Transfer-Encoding: " + cte, body=payload)
    assert parse(data).text.startswith("Grüße")


def test_invalid_base64_is_decoded_as_far_as_possible() -> None:
    payload = base64.b64encode(b"Hello world, this is fine")[:-2] + b"!!\r\n=="
    parsed = parse(mail(b"Content-Transfer-Encoding: base64", body=payload))
    assert parsed.text.startswith("Hello world, this is fin")
    assert "invalid base64" in parsed.defects


def test_characters_outside_the_base64_alphabet_are_ignored() -> None:
    # RFC 2045 6.8. Splitting at the "!" would shift everything after it by a character.
    encoded = base64.b64encode("Grüße aus Köln, und alles danach bleibt lesbar.".encode())
    payload = encoded[:6] + b"!*\x85" + encoded[6:30] + b"%\r\n" + encoded[30:]
    parsed = parse(mail(b"Content-Type: text/plain; charset=utf-8", b"Content-Transfer-Encoding: base64", body=payload))
    assert parsed.text == "Grüße aus Köln, und alles danach bleibt lesbar."
    assert "invalid base64" in parsed.defects


def test_clean_base64_records_nothing() -> None:
    payload = base64.encodebytes("Grüße aus Köln.".encode() * 20)
    parsed = parse(mail(b"Content-Type: text/plain; charset=utf-8", b"Content-Transfer-Encoding: base64", body=payload))
    assert parsed.text == "Grüße aus Köln." * 20
    assert not [d for d in parsed.defects if "base64" in d]


def test_base64_blocks_concatenated_after_padding_are_each_decoded() -> None:
    blocks = [base64.b64encode(text) for text in (b"first a", b"nd secon", b"d and third")]
    assert all(block.endswith(b"=") for block in blocks)
    parsed = parse(mail(b"Content-Transfer-Encoding: base64", body=b"\r\n".join(blocks)))
    assert parsed.text == "first and second and third"


def test_padding_in_the_middle_of_a_quantum_ends_the_run() -> None:
    # "QUI=" is "AB" padded early; the next quantum starts fresh after it.
    parsed = parse(mail(b"Content-Transfer-Encoding: base64", body=b"QUI=Q0RFRg\r\n"))
    assert parsed.text == "ABCDEF"


def test_lone_base64_character_is_dropped_and_recorded() -> None:
    parsed = parse(mail(b"Content-Transfer-Encoding: base64", body=base64.b64encode(b"Hello there!") + b"Q"))
    assert parsed.text == "Hello there!"
    assert "invalid base64" in parsed.defects


def test_text_after_base64_padding_is_left_out() -> None:
    # A mailing list's footer appended to a base64 part: decoding it would add garbage.
    text = "Grüße aus Köln! Die Lieferung 4711 ist leider nie angekommen.\n" * 20
    payload = base64.encodebytes(text.encode()) + b"\n____\nList-talk mailing list\nhttp://x.example/?a=b\n"
    parsed = parse(mail(b"Content-Type: text/plain; charset=utf-8", b"Content-Transfer-Encoding: base64", body=payload))
    assert parsed.text == text.strip()
    assert "text after base64 data left out" in parsed.defects
    assert "invalid base64" not in parsed.defects


def test_base64_label_on_plain_text_is_ignored() -> None:
    parsed = parse(mail(b"Content-Transfer-Encoding: base64", body=b"This is not base64 at all, sorry!"))
    assert parsed.text == "This is not base64 at all, sorry!"
    assert "base64 part is not base64" in parsed.defects


def test_invalid_quoted_printable_is_kept() -> None:
    parsed = parse(mail(b"Content-Transfer-Encoding: quoted-printable", body=b"a =ZZ b=\r\nc =3D d"))
    assert parsed.text == "a =ZZ bc = d"


def test_missing_boundary_parameter_is_recovered() -> None:
    body = (
        b"preamble\r\n--xyz\r\nContent-Type: text/plain\r\n\r\nfirst part\r\n"
        b"--xyz\r\nContent-Type: image/png\r\n\r\nPNG\r\n--xyz--\r\n"
    )
    parsed = parse(mail(b"Content-Type: multipart/mixed", body=body))
    assert parsed.text == "first part"
    assert parsed.attachments == (Attachment("", "image/png", 3),)
    assert "multipart boundary missing or wrong; parts recovered" in parsed.defects


def test_mismatched_boundary_is_recovered() -> None:
    body = b"--other\r\nContent-Type: text/plain\r\n\r\nthe text\r\n--other--\r\n"
    parsed = parse(mail(b'Content-Type: multipart/mixed; boundary="declared"', body=body))
    assert parsed.text == "the text"
    assert "StartBoundaryNotFoundDefect" in parsed.defects


def test_multipart_without_any_parts_keeps_its_text() -> None:
    parsed = parse(mail(b"Content-Type: multipart/mixed", body=b"just text, no parts"))
    assert parsed.text == "just text, no parts"
    assert "multipart without parts" in parsed.defects


def test_mime_body_without_content_type_is_split() -> None:
    body = (
        b"--abc\r\nContent-Type: text/plain\r\n\r\nreal text\r\n"
        b"--abc\r\nContent-Type: application/pdf; name=a.pdf\r\n\r\n%PDF\r\n--abc--\r\n"
    )
    parsed = parse(mail(b"MIME-Version: 1.0", body=body))
    assert parsed.text == "real text"
    assert [a.filename for a in parsed.attachments] == ["a.pdf"]


def test_part_without_headers_is_plain_text() -> None:
    assert parse(multipart(b"mixed", b"\r\nno headers here")).text == "no headers here"


def test_text_attachment_is_not_body_text() -> None:
    data = multipart(
        b"mixed",
        b"Content-Type: text/plain\r\n\r\nthe message",
        b"Content-Type: text/plain\r\nContent-Disposition: attachment; filename=log.txt\r\n\r\nERROR 42",
    )
    parsed = parse(data)
    assert parsed.text == "the message"
    assert parsed.attachments == (Attachment("log.txt", "text/plain", 8),)


def test_related_html_with_inline_image() -> None:
    data = multipart(
        b"related",
        b"Content-Type: text/html\r\n\r\n<p>see picture</p>",
        b"Content-Type: image/png; name=pic.png\r\nContent-Transfer-Encoding: base64\r\n"
        b"Content-ID: <p1>\r\n\r\n" + base64.b64encode(b"x" * 300),
    )
    parsed = parse(data)
    assert parsed.text == "see picture"
    assert parsed.attachments == (Attachment("pic.png", "image/png", 300),)


def test_attachment_filenames_are_decoded() -> None:
    data = multipart(
        b"mixed",
        b"Content-Type: text/plain\r\n\r\nsee attached",
        b"Content-Type: application/pdf\r\n"
        b"Content-Disposition: attachment; filename*=utf-8''Rechnung%20%E2%82%AC.pdf\r\n\r\n%PDF",
        b'Content-Type: application/pdf; name="=?utf-8?q?Gr=C3=BC=C3=9Fe.pdf?="\r\n\r\n%PDF',
        b'Content-Type: application/pdf; name="\xd0\x9a\xd0\xb0\xd1\x80\xd1\x82\xd0\xb0.pdf"\r\n\r\n%PDF',
        b'Content-Type: application/octet-stream; name="../../etc/passwd"\r\n\r\nroot',
    )
    names = [a.filename for a in parse(data).attachments]
    assert names == ["Rechnung €.pdf", "Grüße.pdf", "Карта.pdf", "passwd"]


def test_base64_attachment_size_is_close_to_decoded_size() -> None:
    blob = bytes(range(256)) * 40
    encoded = base64.encodebytes(blob)  # 76-character lines
    data = multipart(b"mixed", b"Content-Type: application/zip\r\nContent-Transfer-Encoding: base64\r\n\r\n" + encoded)
    (attachment,) = parse(data).attachments
    assert abs(attachment.size - len(blob)) <= 3


def test_tnef_is_listed_as_attachment() -> None:
    data = multipart(
        b"mixed",
        b"Content-Type: text/plain\r\n\r\nOutlook says hi",
        b"Content-Type: application/ms-tnef; name=winmail.dat\r\nContent-Transfer-Encoding: base64\r\n\r\neJ8+IgAAAA==",
    )
    parsed = parse(data)
    assert parsed.text == "Outlook says hi"
    assert parsed.attachments == (Attachment("winmail.dat", "application/ms-tnef", 7),)


def test_uuencoded_file_in_text_becomes_attachment() -> None:
    body = b"Here is the file:\r\n\r\nbegin 644 hello.txt\r\n%:&5L;&\\`\r\n`\r\nend\r\n\r\nBye"
    parsed = parse(mail(body=body))
    assert parsed.text == "Here is the file:\n\nBye"
    assert parsed.attachments == (Attachment("hello.txt", "text/plain", 5),)


def test_begin_in_prose_is_not_uuencode() -> None:
    body = b"begin 644 reasons why\r\nwe are late with the order\r\nend"
    assert parse(mail(body=body)).text == "begin 644 reasons why\nwe are late with the order\nend"


def test_forward_as_attachment_keeps_top_level_text() -> None:
    inner = mail(b"From: customer@example.com", b"Subject: inner", body=b"the forwarded text")
    data = multipart(
        b"mixed",
        b"Content-Type: text/plain\r\n\r\nFYI, see below",
        b"Content-Type: message/rfc822\r\n\r\n" + inner,
    )
    parsed = parse(data)
    assert parsed.text == "FYI, see below"
    assert [a.content_type for a in parsed.attachments] == ["message/rfc822"]


def test_attached_message_gives_text_when_there_is_no_other() -> None:
    inner = mail(b"From: customer@example.com", body=b"the forwarded text")
    parsed = parse(multipart(b"mixed", b"Content-Type: message/rfc822\r\n\r\n" + inner))
    assert parsed.text == "the forwarded text"
    assert "text taken from attached message" in parsed.defects


def test_bounce_text_is_the_report_not_the_returned_original() -> None:
    original = mail(b"From: support@example.com", b"Subject: our reply", body=b"Dear customer, our original reply")
    human = b"Content-Type: text/plain\r\n\r\nDelivery to x@example.net failed."
    status = (
        b"Content-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.net\r\n\r\nAction: failed\r\n"
    )
    returned = b"Content-Type: message/rfc822\r\n\r\n" + original
    parsed = parse(multipart(b"report; report-type=delivery-status", human, status, returned))
    assert parsed.content_type == "multipart/report"
    assert parsed.text == "Delivery to x@example.net failed."
    assert [a.content_type for a in parsed.attachments] == ["message/delivery-status", "message/rfc822"]
    bare = parse(multipart(b"report; report-type=delivery-status", status, returned))
    assert bare.text == ""  # never the returned original


def test_deeply_nested_multiparts_are_bounded() -> None:
    depth = 200
    data = b"Content-Type: text/plain\r\n\r\ndeep"
    for level in range(depth):
        data = multipart(b"mixed", data, boundary=b"b%d" % level)
    started = time.perf_counter()
    parsed = parse(data)
    assert time.perf_counter() - started < 10
    assert "parts nested too deep" in parsed.defects


def test_too_many_parts_are_bounded() -> None:
    parts = [b"Content-Type: application/octet-stream\r\n\r\nx"] * 1200
    parsed = parse(multipart(b"mixed", *parts))
    assert "too many parts" in parsed.defects
    assert len(parsed.attachments) <= 500


def test_nested_alternatives_without_text_do_not_explode() -> None:
    data = b"Content-Type: image/png\r\n\r\nx"
    for level in range(16):  # every level has two children: 65,536 leaves if walked naively
        boundary = b"a%d" % level
        data = (
            b'Content-Type: multipart/alternative; boundary="' + boundary + b'"\r\n\r\n'
            + b"--" + boundary + b"\r\n" + data + b"\r\n--" + boundary + b"\r\n" + data
            + b"\r\n--" + boundary + b"--\r\n"
        )  # fmt: skip
    started = time.perf_counter()
    parsed = parse(data)
    assert time.perf_counter() - started < 10
    assert "too many MIME parts; the rest is not read" in parsed.defects


def test_millions_of_lines_are_cut() -> None:
    data = mail(b"Subject: lines", body=b"a\r" * 3_000_000)
    started = time.perf_counter()
    parsed = parse(data)
    assert time.perf_counter() - started < 10
    assert parsed.subject == "lines"
    assert "too many lines; the rest is not read" in parsed.defects


def test_stdlib_defects_are_recorded_by_class_name_once() -> None:
    parsed = parse(b"From: a@example.com\r\nthis line is not a header\r\n\r\nbody")
    assert "MissingHeaderBodySeparatorDefect" in parsed.defects
    assert len(parsed.defects) == len(set(parsed.defects))


def test_oversized_message_reads_headers_and_first_text_only() -> None:
    first = b"Content-Type: text/plain\r\n\r\n" + b"first text. " * 100
    second = b"Content-Type: text/plain\r\n\r\nsecond text"
    big = b"Content-Type: application/zip\r\nContent-Transfer-Encoding: base64\r\n\r\n" + b"QUJD" * 50_000
    data = multipart(b"mixed", first, second, big, headers=(b"Subject: big one",))
    parsed = parse(data, max_bytes=5_000)
    assert parsed.subject == "big one"
    assert parsed.size == len(data)
    assert "oversized" in parsed.defects
    assert parsed.text.startswith("first text.") and "second text" not in parsed.text


def test_size_is_input_length_and_empty_input_is_fine() -> None:
    assert parse(b"").size == 0
    assert parse(b"").sender is None
    assert parse(mail(body=b"x" * 100)).size == len(mail(body=b"x" * 100))


def test_text_instead_of_bytes_still_parses() -> None:
    parsed = parse("Subject: oops\n\nbody")  # type: ignore[arg-type]
    assert isinstance(parsed, ParsedMessage)
    assert parsed.subject == "oops"
    assert "input was text, not bytes" in parsed.defects


def test_non_bytes_input_gives_an_empty_message() -> None:
    parsed = parse(10**12)  # type: ignore[arg-type]  # bytes(10**12) would try to allocate a terabyte
    assert parsed.defects == ("input is not bytes",)
    assert parse(bytearray(b"Subject: ba\r\n\r\nx")).subject == "ba"  # type: ignore[arg-type]


# --- new_text --------------------------------------------------------------------------------------


def reply_text(body: str) -> str:
    return parse(mail(b"Content-Type: text/plain; charset=utf-8", body=body.encode())).new_text


def test_new_text_drops_quoted_history_and_signature() -> None:
    body = (
        "Hi,\n\nthe export still fails.\n\n-- \nBob Smith\nACME Corp\n\n"
        "On Mon, 1 Jan 2024 at 10:00, Support <s@example.com> wrote:\n> Please try again.\n"
    )
    assert reply_text(body) == "Hi,\n\nthe export still fails."


def test_new_text_german_and_french_replies() -> None:
    german = (
        "Hallo,\n\ndie Rechnung ist falsch.\n\nMit freundlichen Grüßen\nHans\n\n"
        "Am 01.01.2024 um 10:00 schrieb Support <s@example.com>:\n> Bitte prüfen.\n"
    )
    french = (
        "Bonjour,\n\nma commande n'est pas arrivée.\n\nCordialement\nMarie\n\n"
        "Le 1 janv. 2024 à 10:00, Support <s@example.com> a écrit :\n> Merci.\n"
    )
    assert reply_text(german) == "Hallo,\n\ndie Rechnung ist falsch."
    assert reply_text(french) == "Bonjour,\n\nma commande n'est pas arrivée."


def test_new_text_keeps_hyphen_lists_and_cuts_outlook_history() -> None:
    body = (
        "Please fix:\n- the login\n- the export\n\n-----Original Message-----\n"
        "From: Support\nSent: Monday\nTo: Bob\nSubject: Re: x\n\nold text"
    )
    assert reply_text(body) == "Please fix:\n- the login\n- the export"


def test_new_text_drops_interleaved_quotes_and_their_attribution() -> None:
    body = "Marc wrote:\n> the old question\n> more of it\n\nMy answer is here."
    assert reply_text(body) == "My answer is here."


def test_new_text_keeps_a_long_message_that_starts_with_thanks() -> None:
    body = "Thanks, but the problem is not solved.\n" + "It still crashes when I open the report. " * 40
    assert reply_text(body) == body.strip()


def test_new_text_of_a_bare_forward_is_the_forwarded_text() -> None:
    body = (
        "---------- Forwarded message ---------\nFrom: Alice <a@example.com>\n"
        "Date: Mon, 1 Jan 2024\nSubject: broken\nTo: Bob <b@example.com>\n\nMy printer is on fire.\n"
    )
    assert reply_text(body) == "My printer is on fire."


def test_new_text_falls_back_to_text_when_everything_would_go() -> None:
    assert reply_text("> only quoted\n> lines") == "> only quoted\n> lines"


def test_new_text_is_capped_and_fast_on_hostile_lines() -> None:
    body = ("Am Am schrieb " * 40 + "\n") * 400  # cubic for the reply parser's patterns if unbounded
    started = time.perf_counter()
    text = reply_text(body)
    assert time.perf_counter() - started < 5
    assert 0 < len(text) <= MAX_NEW_TEXT_CHARS


def test_new_text_restores_long_lines_cut_for_the_reply_parser() -> None:
    line = "word " * 300
    assert reply_text(line + "\n\nOn Mon, 1 Jan 2024, X <x@example.com> wrote:\n> old") == line.strip()


# --- language ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Hello, my invoice is wrong and I would like a refund please.", "en"),
        ("Hallo, meine Rechnung ist falsch, bitte helfen Sie mir schnell.", "de"),
        ("Bonjour, ma facture est incorrecte, pouvez-vous m'aider ?", "fr"),
        ("請問我的帳單為什麼不對？謝謝您的幫忙", "zh"),
        ("ok thx", ""),
        ("https://example.com/a/very/long/path?with=query a@example.com", ""),
        ("", ""),
    ],
)
def test_detect_language(text: str, language: str) -> None:
    assert detect_language(text) == language


def test_detect_language_never_raises() -> None:
    assert detect_language(None) == ""  # type: ignore[arg-type]


def test_charset_guess_keeps_cyrillic_and_western_apart() -> None:
    from pipeline.parse.charset import guess_codec

    assert guess_codec("Die Lieferung für München ist nicht angekommen.".encode("latin-1")) == "cp1252"
    assert guess_codec("Привет, у меня не работает вход в систему, помогите".encode("cp1251")) != "cp1252"


def test_language_identifier_gives_what_plain_py3langid_gives() -> None:
    """``_language_identifier`` keeps its probability table contiguous (faster); same (language, confidence)."""
    from pathlib import Path

    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    from pipeline.parse.text import LANGUAGES, _language_identifier

    plain = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    plain.set_languages(list(LANGUAGES))
    fast = _language_identifier()
    assert fast.nb_ptc.flags.c_contiguous
    root = Path(__file__).resolve().parents[1]
    files = sorted((root / "tests" / "mail").glob("*.eml")) + sorted((root / "demo" / "inbox" / "new").iterdir())
    texts = []
    for path in files:
        parsed = parse(path.read_bytes())
        texts += [f"{parsed.subject}\n{parsed.new_text or parsed.text}", parsed.text]
    assert len(files) > 60
    for text in [*texts, "", "ok", "Hallo, meine Rechnung ist falsch.", "請問我的帳單為什麼不對"]:
        assert fast.classify(text) == plain.classify(text), text[:60]
