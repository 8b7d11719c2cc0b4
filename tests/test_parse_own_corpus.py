"""pipeline.parse over ``tests/mail/``: hostile and real-looking mail written for this project.

The same invariants as the shared corpus (``test_parse_corpus.py``, which a plain clone skips), so
parser robustness stays tested everywhere, plus what each tricky file must come out as. The files
are bytes on purpose (latin-1 labelled utf-8, NUL bytes, bare CR, CRLF): edit them as bytes.
Strict xfails mark known parser weaknesses; fixing one makes its test fail until the mark goes.
"""

from __future__ import annotations

import functools
import time
from pathlib import Path

import pytest

from pipeline.message import ParsedMessage
from pipeline.parse import parse
from pipeline.parse.headers import MAX_SUBJECT_CHARS
from pipeline.parse.text import MAX_NEW_TEXT_CHARS

MAIL = Path(__file__).resolve().parent / "mail"
FILES = sorted(MAIL.glob("*.eml"))
#: Seconds one message may take: the slowest here takes about 0.03 s on a shared core, the slowest
#: file of the shared corpus about 0.4 s.
MAX_SECONDS = 3.0


def _unsafe(value: str) -> bool:
    """True if ``value`` could break a header it is put into, or is not valid UTF-8 text."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return any(ch in value for ch in "\r\n\x00") or len(value.splitlines()) > 1


def parses_safely(data: bytes) -> ParsedMessage:
    """Parse ``data`` and assert what must hold for any input: in time, bounded, single-line values.

    ``test_parse_corpus.py`` imports this, so both corpora are held to one definition.
    """
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
    return parsed


@functools.cache
def parsed(name: str) -> ParsedMessage:
    """``tests/mail/<name>.eml``, parsed once per process."""
    return parse((MAIL / f"{name}.eml").read_bytes())


def raw(name: str) -> bytes:
    return (MAIL / f"{name}.eml").read_bytes()


def test_corpus_is_there() -> None:
    assert len(FILES) >= 30, f"expected the hand-written corpus at {MAIL}, found {len(FILES)} files"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_message_parses(path: Path) -> None:
    parses_safely(path.read_bytes())


# --- MIME structure ---------------------------------------------------------------------------------


def test_unclosed_boundary_keeps_text_and_attachment() -> None:
    m = parsed("01-boundary-never-closed")
    assert "Could you refund one of the payments?" in m.text
    assert [a.filename for a in m.attachments] == ["statement-march.pdf"]


def test_body_using_another_boundary_is_recovered() -> None:
    m = parsed("02-boundary-mismatch")
    assert "stops at 80 % with error E214" in m.text
    assert m.text.count("error E214") == 1  # one alternative, not both
    assert any("boundary" in d for d in m.defects)


def test_boundary_with_every_allowed_special_character() -> None:
    m = parsed("03-boundary-odd-characters")
    assert m.text == "Every page of the dashboard returns 503 since 07:40 UTC, for all of our 40 users."
    assert [a.filename for a in m.attachments] == ["trace.txt"]


def test_multipart_without_boundary_still_gives_text() -> None:
    assert "quote for 40 licences" in parsed("35-multipart-without-boundary").text


def test_nesting_beyond_the_limit_is_cut_and_siblings_survive() -> None:
    m = parsed("16-deeply-nested-multiparts")
    assert "parts nested too deep" in m.defects
    assert m.text == "A shallow part next to the deep one."


def test_attached_message_is_an_attachment_not_text() -> None:
    m = parsed("15-nested-message-rfc822")
    assert m.text == "Please see the complaint below, forwarded as an attachment."
    assert [(a.filename, a.content_type) for a in m.attachments] == [("complaint.eml", "message/rfc822")]


def test_inline_forwarded_message_gives_its_text_when_the_body_is_empty() -> None:
    m = parsed("46-inline-forwarded-rfc822")
    assert "Hiermit kündige ich meinen Vertrag 5500 zum 30. April." in m.text
    assert "text taken from attached message" in m.defects


def test_calendar_invite_is_text_plus_attachments_not_ical() -> None:
    m = parsed("25-calendar-invite")
    assert "Onboarding call" in m.text and "BEGIN:VCALENDAR" not in m.text
    assert {a.content_type for a in m.attachments} == {"text/calendar", "application/ics"}


def test_tnef_attachment_is_listed_and_the_text_kept() -> None:
    m = parsed("26-tnef-winmail")
    assert m.text == "Please find the signed contract attached. We want 25 more seats from April."
    assert [(a.filename, a.content_type) for a in m.attachments] == [("winmail.dat", "application/ms-tnef")]


def test_empty_file_and_headers_only_and_body_only() -> None:
    empty = parsed("31-empty")
    assert (empty.size, empty.subject, empty.text, empty.sender) == (0, "", "", None)
    headers_only = parsed("32-headers-only")
    assert (headers_only.subject, headers_only.text) == ("Urgent: account locked", "")
    body_only = parsed("30-no-headers")
    assert body_only.sender is None and "about order 1234." in body_only.text


# --- charsets and transfer encodings ----------------------------------------------------------------


def test_latin1_labelled_utf8_is_read_as_latin1() -> None:
    m = parsed("04-latin1-declared-utf8")
    assert m.subject == "Rückerstattung für Bestellung 30112"
    assert m.sender is not None and m.sender.name == "Jürgen Müller"
    assert "Mit freundlichen Grüßen" in m.text and "\ufffd" not in m.text
    assert "body not valid 'utf-8'" in m.defects


def test_windows_1252_quotes_and_euro() -> None:
    m = parsed("05-windows-1252")
    assert m.subject == "“Pro” plan – charged €29 instead of €19"
    assert "the “Pro” plan at €19 a month – but" in m.text
    assert b"\r\n" in raw("05-windows-1252")  # the CRLF file: a checkout must not rewrite it


def test_iso_2022_jp() -> None:
    m = parsed("06-iso-2022-jp")
    assert m.subject == "請求書について"
    assert m.sender is not None and m.sender.name == "山田 太郎"
    assert "先月の請求書が二重に届きました。" in m.text


def test_koi8_r() -> None:
    m = parsed("07-koi8-r")
    assert m.subject == "Не работает вход"
    assert "Ошибка 401." in m.text


def test_unknown_charset_falls_back_and_is_recorded() -> None:
    m = parsed("08-unknown-charset")
    assert m.subject == "Objednávka 9921"
    assert "objednávka 9921 ještě nedorazila" in m.text
    assert "unknown charset 'x-mystery-42' in body" in m.defects


def test_missing_charset_on_8bit_body() -> None:
    m = parsed("09-no-charset-8bit")
    assert m.sender is not None and m.sender.name == "Søren Ødegaard"
    assert "Mvh Søren" in m.text


def test_utf7() -> None:
    m = parsed("37-utf-7")
    assert m.subject == "Café"
    assert m.text == "The café order 55 was charged €12 twice."


def test_encoded_words_split_in_the_middle_of_a_character() -> None:
    m = parsed("10-encoded-words-split-mid-character")
    assert m.subject == "Facture impayée 120 €"
    assert m.sender is not None and m.sender.name == "Renée Dubois"
    assert (m.header("keywords") or "").startswith("caf")  # half a character, and nothing to finish it


def test_mixed_header_encodings() -> None:
    m = parsed("29-mixed-header-encodings")
    assert m.subject == "Zahlung für Rechnung über 7 😛"
    assert m.sender is not None and m.sender.name == "Иван Петров"
    assert [a.email for a in m.to] == ["support@example.net", "office@example.net"]
    assert [a.email for a in m.cc] == ["cc@example.net"]


def test_quoted_printable_soft_breaks_even_inside_a_character() -> None:
    text = parsed("12-quoted-printable-soft-breaks").text
    assert "beaucoup trop grande." in text
    assert "une étiquette de retour = un bon prépayé ?" in text  # =C3= / =A9 across a soft break
    assert "Un caractère en minuscules, un =ZZ invalide et un = seul." in text


def test_base64_with_garbage_keeps_the_start_and_is_recorded() -> None:
    m = parsed("11-base64-with-garbage")
    assert m.text.startswith("Hello,\nthe mobile app logs me out every five minutes since version")
    assert "invalid base64" in m.defects
    assert [a.filename for a in m.attachments] == ["screen.png"]


def test_base64_with_garbage_decodes_past_the_garbage() -> None:
    # RFC 2045 6.8: characters outside the alphabet are ignored, as the stdlib (binascii) does.
    m = parsed("11-base64-with-garbage")
    assert "Kind regards, Arun" in m.text
    assert m.text == "Hello,\nthe mobile app logs me out every five minutes since version 4.2.\nKind regards, Arun"
    assert "\ufffd" not in m.text


def test_uuencode_and_an_unknown_transfer_encoding() -> None:
    m = parsed("36-uuencode-and-unknown-transfer-encoding")
    assert "The backup job failed again last night." in m.text
    assert "Second part: the restore test passed." in m.text
    assert "unknown transfer encoding 'base65'" in m.defects


def test_format_flowed_with_delsp() -> None:
    m = parsed("28-format-flowed")
    assert "stops after exactly 500 rows and the rest are silently dropped. Is this a limit of my plan?" in m.text
    assert ">not a quote, space-stuffed" in m.text
    assert "Thunderbird" not in m.new_text


# --- hostile bytes and headers ----------------------------------------------------------------------


def test_nul_bytes_are_dropped() -> None:
    assert b"\x00" in raw("18-nul-bytes")
    m = parsed("18-nul-bytes")
    assert m.subject == "Printer driver crashes"
    assert m.text == "The driver crashes when I print more than 10 pages.\n\nWindows 11, driver 3.1.4."


def test_bare_cr_line_endings() -> None:
    assert b"\n" not in raw("19-bare-cr")
    m = parsed("19-bare-cr")
    assert m.subject == "Cannot download my invoice"
    assert m.sender is not None and m.sender.email == "classic@example.com"
    assert m.text == "Clicking Download on invoice 7710 does nothing.\nI tried twice."


def test_huge_header_lines_are_truncated() -> None:
    m = parsed("17-huge-header-lines")
    assert {"subject truncated", "x-tracking truncated", "too many addresses in to"} <= set(m.defects)
    assert m.subject.startswith("Help please please")
    assert len(m.to) < 2000
    assert len(m.header("x-tracking") or "") < 100_000
    assert m.text == "My order 2231 has not arrived."


def test_encoded_newlines_cannot_inject_headers() -> None:
    m = parsed("34-header-injection-encoded-newlines")
    assert m.subject.startswith("Refund please") and "X-Injected: yes" in m.subject  # one line, not a header
    assert m.header("x-injected") is None and m.header("bcc") is None
    assert m.sender is not None and m.sender.email == "mallory@example.com"
    assert [a.email for a in m.reply_to] == ["mallory+reply@example.com"]
    assert m.references == ("<x@y>", "<z@w>", "<also@here>")


def test_attachment_names_lose_paths_and_newlines() -> None:
    names = [a.filename for a in parsed("33-hostile-attachment-names").attachments]
    assert names[0] == "Quittung März €120.pdf"  # RFC 2231 continuations, percent-encoded UTF-8
    assert len(names) == 3
    assert not [n for n in names if "/" in n or "\\" in n or ".." in n]


def test_duplicate_headers_take_the_first_and_a_bad_date_is_none() -> None:
    m = parsed("41-bad-date-duplicate-headers")
    assert (m.subject, m.message_id, m.date) == ("First subject", "<dup-41@example.com>", None)
    assert m.sender is not None and m.sender.email == "first@example.com"
    assert "unreadable date" in m.defects


def test_invisible_characters_leave_the_body() -> None:
    text = parsed("45-bidi-and-invisible-characters").text
    assert text == "The attachment name looked odd. Zerowidth text."


def test_bidi_overrides_and_invisible_characters_leave_subject_and_display_name() -> None:
    m = parsed("45-bidi-and-invisible-characters")
    assert m.subject == "Invoice fdp.exe help"  # not shown as "Invoice exe.pdf help"
    assert m.sender is not None and m.sender.name == "evilAdmin"
    assert "invisible characters removed from header subject: U+200B U+202E U+202C U+FEFF" in m.defects
    assert "invisible characters removed from header from: U+202E U+202C" in m.defects
    invisible = "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"
    values = [m.subject, m.sender.name, *(v for _, v in m.headers)]
    assert not [v for v in values if any(ch in v for ch in invisible)]


# --- HTML -------------------------------------------------------------------------------------------


def test_html_only_mail_without_script_style_or_title() -> None:
    text = parsed("13-html-only").text
    assert "our order.created webhook stopped firing on March 16." in text
    assert "We changed nothing — can you check?" in text and "Thanks & regards," in text
    assert "HIDDEN" not in text and "ignore this title" not in text and "<" not in text


# --- replies: the new text without the quoted history, in several languages and clients -----------

# (file, a sentence the customer wrote, a sentence only the quoted history has)
REPLIES = [
    ("14-gmail-html-reply", "Can you extend it?", "NEW RESET LINK"),
    ("20-outlook-reply-en", "drops the tunnel every 20 minutes", "IMPORT THE NEW PROFILE"),
    ("20-outlook-reply-en", "drops the tunnel every 20 minutes", "EVERY TWENTY MINUTES"),
    ("21-outlook-reply-de", "sonst steht unsere Produktion.", "DIE SENDUNG WURDE HEUTE"),
    ("22-gmail-reply-fr", "passer à l'abonnement annuel", "RENOUVELÉ"),
    ("23-apple-mail-reply-es", "la tapa del portátil está rajada", "ENVIADO HOY"),
    ("24-multipart-reply-de", "es kommt Fehler 410.", "NEUER LINK"),
    ("38-reply-it", "manca ancora la partita IVA", "ALLEGATO"),
    ("39-reply-nl", "het retourlabel opent niet", "HIERBIJ HET RETOURLABEL"),
    ("40-reply-pl", "wszyscy nasi użytkownicy są zablokowani", "PRACUJEMY NAD AWARIĄ"),
    ("42-outlook-html-reply", "a quote for 12 additional seats", "OUR PRICE LIST"),
    ("43-reply-ru", "Прошло уже десять дней.", "ВОЗВРАТ ОФОРМЛЕН"),
    ("47-outlook-web-reply-crlf", "the invitation e-mail never arrived", "WE HAVE SENT"),
]


@pytest.mark.parametrize(("name", "written", "quoted"), REPLIES, ids=[f"{r[0]}-{r[2]}" for r in REPLIES])
def test_new_text_excludes_quoted_history(name: str, written: str, quoted: str) -> None:
    m = parsed(name)
    assert written in m.new_text
    assert quoted in m.text, "the history is still in the full text"
    assert quoted not in m.new_text


def test_html_and_plain_alternatives_are_not_both_taken() -> None:
    m = parsed("24-multipart-reply-de")
    assert m.new_text == "Der Link funktioniert leider nicht, es kommt Fehler 410."
    assert m.text.count("Fehler 410") == 1


def test_signature_and_disclaimer_leave_the_new_text() -> None:
    m = parsed("44-signature-and-disclaimer")
    assert "we request an export of all data stored about our account 55-1200." in m.new_text
    assert "Senior Associate" not in m.new_text and "CONFIDENTIALITY" not in m.new_text


def test_forward_keeps_the_note_above_it() -> None:
    m = parsed("27-gmail-forward")
    assert m.new_text.startswith("Why did this fail? The card is valid until 2027.")
    assert "We could not charge your card ending 4242" in m.text


@pytest.mark.parametrize("name", ["22-gmail-reply-fr", "24-multipart-reply-de"])
def test_attribution_line_leaves_the_new_text(name: str) -> None:
    # "Le ... a écrit :" and "Am ... schrieb Support <...>:" both name the support team. (Dutch and
    # Russian attribution lines are tests/test_reply_text.py's: 39-reply-nl and 43-reply-ru.)
    assert "Support" not in parsed(name).new_text
