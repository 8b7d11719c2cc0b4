"""Draft building: threading headers, Re: subjects, quoting, format=flowed, no header injection and
no agent-only header in a draft."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.draft import CUSTOMER_HEADERS, PrivateHeaderError, build_draft, reply_subject
from pipeline.message import Address, Draft, MessageKey, ParsedMessage

KEY = MessageKey("support", "INBOX", 7, "4121")
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


def original(**changes: object) -> ParsedMessage:
    fields: dict[str, object] = dict(
        subject="Charged twice",
        sender=Address("Jane Doe", "jane@example.org"),
        message_id="<abc@example.org>",
        references=("<root@example.org>",),
        date=datetime(2026, 11, 24, 9, 30, tzinfo=UTC),
        text="Hello,\nI was charged twice.\nJane",
        new_text="I was charged twice.",
    )
    fields.update(changes)
    return ParsedMessage(**fields)  # type: ignore[arg-type]


def build(msg: ParsedMessage, body: str = "Hi Jane,\n\nThanks.\n", language: str = "en") -> tuple[Draft, EmailMessage]:
    draft = build_draft(KEY, msg, body, "support@example.com", "Billing team", {"Type": "billing"}, NOW, language)
    return draft, message_from_bytes(draft.data, policy=policy.default)  # type: ignore[return-value]


def unflow(text: str) -> str:
    """RFC 3676 format=flowed (DelSp=no) back to logical lines, written here from the RFC so the test
    does not trust the encoder: count the quote marks (§4.5), remove one stuffed space (§4.4), join a
    line ending in a space to the next line of the same depth (§4.2), except "-- " (§4.3). A quoted
    line comes back as ``> text`` (``>`` alone when empty), the way ``Draft.body`` writes it.
    """
    out: list[tuple[int, str]] = []
    open_: tuple[int, str] | None = None
    for line in text.splitlines():
        depth = len(line) - len(line.lstrip(">"))
        content = line[depth:]
        if content.startswith(" "):
            content = content[1:]
        if open_ is not None and open_[0] != depth:  # a flowed line followed by another depth: ends there
            out.append(open_)
            open_ = None
        open_ = (depth, open_[1] + content) if open_ else (depth, content)
        if not content.endswith(" ") or (depth == 0 and content == "-- "):
            out.append(open_)
            open_ = None
    if open_ is not None:
        out.append(open_)
    return "".join((">" * d + (" " + t if t else "") if d else t) + "\n" for d, t in out)


def body_lines(data: bytes) -> list[bytes]:
    """The body's lines exactly as they go over the wire (after the transfer encoding)."""
    return data.split(b"\r\n\r\n", 1)[1].split(b"\r\n")


def test_reply_threads_under_the_original() -> None:
    _draft, parsed = build(original())
    assert parsed["From"] == "Billing team <support@example.com>"
    assert parsed["To"] == "Jane Doe <jane@example.org>"
    assert parsed["Subject"] == "Re: Charged twice"
    assert parsed["In-Reply-To"] == "<abc@example.org>"
    assert parsed["References"] == "<root@example.org> <abc@example.org>"
    assert parsed["X-Mailtriage-Source"] == "support/INBOX/7/4121"
    assert parsed["X-Mailtriage-Type"] == "billing"
    body = parsed.get_body(("plain",)).get_content()
    assert body.startswith("Hi Jane,")
    assert "> I was charged twice." in body
    assert "wrote:" in body


def test_reply_to_wins_over_from() -> None:
    _, parsed = build(original(reply_to=(Address("Desk", "desk@example.org"),)))
    assert parsed["To"] == "Desk <desk@example.org>"


def test_re_prefixes_fold_into_one() -> None:
    assert reply_subject("Re: RE: Aw: Charged twice") == "Re: Charged twice"
    assert reply_subject("AW: Rechnung") == "Re: Rechnung"
    assert reply_subject("Re[2]: x") == "Re: x"
    assert reply_subject("") == "Re: your message"
    assert reply_subject("Reminder: renew") == "Re: Reminder: renew"


def test_crlf_in_customer_fields_cannot_inject_headers() -> None:
    hostile = original(
        subject="Hi\r\nBcc: victim@example.net\r\nX-Evil: 1",
        sender=Address("Eve\r\nBcc: x@example.net", "eve@example.org"),
        message_id="<id@example.org>\r\nBcc: y@example.net",
    )
    draft, parsed = build(hostile)
    assert parsed["Bcc"] is None
    assert parsed["X-Evil"] is None
    headers = draft.data.split(b"\r\n\r\n", 1)[0] if b"\r\n\r\n" in draft.data else draft.data.split(b"\n\n", 1)[0]
    assert b"\nBcc" not in headers and b"\nX-Evil" not in headers
    assert parsed["Subject"].startswith("Re: Hi Bcc: victim@example.net")


def test_no_message_id_means_no_threading_headers() -> None:
    _, parsed = build(original(message_id=None, references=()))
    assert parsed["In-Reply-To"] is None
    assert parsed["References"] is None


# -- Message-ID headers: bare ids, folded only between ids (RFC 5322 §3.6.4) ------------------------

OUTLOOK_ID = "<AS8PR02MB10234ABCDEF0123456789ABCDEF0123456789@AS8PR02MB10234.eurprd02.prod.outlook.com>"
OUTLOOK_ROOT = "<AM9PR02MB76540FEDCBA9876543210FEDCBA9876543210@AM9PR02MB7654.eurprd02.prod.outlook.com>"


def test_long_message_ids_are_written_literally_and_fold_only_between_ids() -> None:
    assert len(OUTLOOK_ID) > 80
    draft, parsed = build(original(message_id=OUTLOOK_ID, references=(OUTLOOK_ROOT, "<b@example.org>")))
    head = draft.data.split(b"\r\n\r\n", 1)[0].decode("ascii")
    fields = re.findall(r"^(In-Reply-To|References|Message-ID):([^\r\n]*(?:\r\n[ \t][^\r\n]*)*)", head, re.MULTILINE)
    assert [name for name, _ in fields] == ["Message-ID", "In-Reply-To", "References"]
    for _name, value in fields:
        assert "=?" not in value  # never an RFC 2047 encoded word
        for line in value.split("\r\n"):
            assert re.fullmatch(r"( <[!-;=?-~]+>)+", line), line  # each line: whole ids, a space before each
    assert OUTLOOK_ID.encode() + b"\r\n" in draft.data and OUTLOOK_ROOT.encode() in draft.data
    assert parsed["In-Reply-To"] == OUTLOOK_ID
    assert str(parsed["References"]).split() == [OUTLOOK_ROOT, "<b@example.org>", OUTLOOK_ID]
    assert draft.in_reply_to == OUTLOOK_ID


def test_ids_that_cannot_be_written_bare_are_left_out_not_encoded() -> None:
    # a non-ASCII id could only be an encoded word, which threads nowhere; an id past a line is cut nowhere
    for bad in ("<r\u00e9f\u00e9rence@example.org>", "<" + "x" * 990 + "@example.org>"):
        draft, parsed = build(original(message_id=bad, references=()))
        assert parsed["In-Reply-To"] is None and parsed["References"] is None
        assert b"=?" not in draft.data.split(b"\r\n\r\n", 1)[0].split(b"\r\nSubject", 1)[0]


# -- only customer-safe X-Mailtriage-* headers ---------------------------------------------------------


def test_a_draft_refuses_every_x_mailtriage_header_outside_the_allow_list() -> None:
    for name in ("Tone", "Why", "Urgency", "Confidence", "Band", "Template", "Plan", "Whatever"):
        with pytest.raises(PrivateHeaderError, match=f"X-Mailtriage-{name}"):
            build_draft(KEY, original(), "Hi\n", "support@example.com", "Team", {name: "frustrated"}, NOW)
    with pytest.raises(PrivateHeaderError, match="twice"):  # a second Source would confuse the Drafts index
        build_draft(KEY, original(), "Hi\n", "support@example.com", "Team", {"Source": "other/INBOX/1/1"}, NOW)
    allowed = {"Type": "billing", "Deadline": "2026-11-26T15:00:00+01:00", "Language": "en",
               "Intent": "billing.duplicate_charge", "Answers": "billing.duplicate_charge#refund_time",
               "Customer-Deadline": "2026-11-27T23:59:00+01:00", "Followup": "<m1@example.org>"}  # fmt: skip
    draft = build_draft(KEY, original(), "Hi\n", "support@example.com", "Team", allowed, NOW)
    names = {k for k in message_from_bytes(draft.data, policy=policy.default) if k.lower().startswith("x-mailtriage-")}
    assert names == CUSTOMER_HEADERS == {"X-Mailtriage-Source", "X-Mailtriage-Type", "X-Mailtriage-Deadline",
                                         "X-Mailtriage-Language", "X-Mailtriage-Intent", "X-Mailtriage-Answers",
                                         "X-Mailtriage-Customer-Deadline", "X-Mailtriage-Followup"}  # fmt: skip


# -- format=flowed (RFC 3676) ------------------------------------------------------------------------

URL = "https://portal.example.com/rechnungen/2026/11/RE-2026-004411?ansicht=vollst%C3%A4ndig&sprache=de&x=" + "a" * 40
GERMAN = (
    "Hallo Jörg,\n\nvielen Dank für Ihre Nachricht. Sie schreiben, dass Ihnen die Rechnung RE-2026-004411 "
    "doppelt abgebucht wurde; das prüfen wir gründlich, bevor wir Ihnen etwas zusagen, und melden uns bis "
    "Donnerstag, 26. November, 15:00 Uhr MEZ. Die Rechnung finden Sie hier: " + URL + " – bitte prüfen Sie, "
    "ob die Beträge übereinstimmen.\nFrom the team: ein Satz, der mit From beginnt.\n>kein Zitat\n"
    "   eingerückt\n\n-- \nKundenservice Müller & Söhne\n"
)


def flowed_draft(body: str = GERMAN) -> tuple[Draft, EmailMessage]:
    text = (
        "Guten Tag,\n\n" + "die Abbuchung über 49,90 € für März erscheint zweimal auf meinem Kontoauszug. " * 5
        + "\n> Zitat aus einer früheren Mail, das ebenfalls sehr lang ist und umgebrochen werden muss, "
        "damit keine Zeile zu lang wird.\n\nJörg"
    )  # fmt: skip
    msg = original(sender=Address("Jörg Müller", "joerg@example.de"), text=text, new_text=text)
    return build(msg, body, language="de")


def test_reply_is_format_flowed_with_short_lines_and_decodes_to_the_logical_body() -> None:
    draft, parsed = flowed_draft()
    assert parsed.get_content_type() == "text/plain"
    assert parsed.get_param("format") == "flowed" and parsed.get_content_charset() == "utf-8"
    assert parsed["Content-Transfer-Encoding"] in ("7bit", "8bit", "quoted-printable")
    assert all(len(line) < 78 for line in body_lines(draft.data)), max(body_lines(draft.data), key=len)
    content = parsed.get_content()
    assert unflow(content) == draft.body  # RFC 3676 decoding gives back exactly the logical text
    assert URL in draft.body and "Jörg" in draft.body and "-- \nKundenservice Müller & Söhne" in draft.body
    assert max(len(line) for line in draft.body.splitlines()) > 300  # the logical paragraphs stay whole
    lines = content.splitlines()
    assert URL + " " in lines  # the unbreakable word keeps a line of its own, unbroken (and flowed)
    assert all(len(line) <= 72 or line.strip() == URL for line in lines)
    assert " From the team: ein Satz, der mit From beginnt." in lines  # space-stuffed (§4.4)
    assert " >kein Zitat" in lines and "    eingerückt" in lines
    assert "-- " in lines  # the signature separator is left as it is (§4.3)
    quoted = [line for line in lines if line.startswith(">")]
    assert len(quoted) > 8 and all(line == ">" or line.startswith("> ") for line in quoted)
    assert any(line.startswith("> > Zitat") and line.endswith(" ") for line in quoted)  # a flowed quote line
    assert all(len(line.encode()) <= 76 for line in lines if URL not in line)


def test_short_lines_go_as_readable_8bit_not_encoded() -> None:
    draft, parsed = flowed_draft(GERMAN.replace(URL, "https://portal.example.com/r/4411"))
    assert parsed["Content-Transfer-Encoding"] == "8bit"
    assert "für Ihre Nachricht".encode() in draft.data  # readable as it is, umlauts and all
    assert all(len(line) < 78 for line in body_lines(draft.data))
    assert unflow(parsed.get_content()) == draft.body


def test_trailing_spaces_leave_the_logical_body_so_no_fixed_line_reads_as_flowed() -> None:
    draft, parsed = build(original(), "Hi Jane,   \n\nWe will check.  \n-- \nTeam\n")
    assert draft.body.startswith("Hi Jane,\n\nWe will check.\n-- \nTeam\n\n")
    assert unflow(parsed.get_content()) == draft.body


# what RFC 3676 cares about (stuffing triggers, runs of spaces, the signature line, long words, other
# line breaks) mixed with any text
_PIECES = st.sampled_from(["From ", ">", "> ", " ", "   ", "-- ", "\n", "\n-- \n", "\n>", "\nFrom ", "Wort ",
                           "für ", "https://example.com/" + "a" * 80, "\u2028", "\r", "\t"])  # fmt: skip
_TEXT = st.lists(st.one_of(_PIECES, st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)), max_size=40)


@settings(max_examples=150, deadline=None)
@given(reply=_TEXT, customer=_TEXT)
def test_any_text_round_trips_through_format_flowed_under_78_characters(reply: list[str], customer: list[str]) -> None:
    text = "".join(customer)
    draft, parsed = build(original(text=text, new_text=text), "".join(reply) or "x")
    assert all(len(line) < 78 for line in body_lines(draft.data))
    assert unflow(parsed.get_content()) == draft.body


def test_draft_policy_builds_header_classes_once_and_writes_the_same_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    """``DRAFT_POLICY``'s header registry reuses each header class; the stdlib's builds one per header.
    Both write byte-identical drafts (Message-ID pinned) for the golden set, the demo inbox and hostile fields."""
    from email.headerregistry import HeaderRegistry
    from pathlib import Path

    import pipeline.draft as draft_module
    from pipeline.parse import parse

    root = Path(__file__).resolve().parents[1]
    files = sorted((root / "tests" / "golden").glob("*.eml")) + sorted((root / "demo" / "inbox" / "new").iterdir())
    messages = [parse(p.read_bytes()) for p in files]
    messages += [
        original(sender=Address('Jürgen Groß, "ACME" <evil>', "j@example.de"), subject="Rechnung für März\r\nBcc: x"),
        original(sender=Address("山田 太郎", "taro@example.jp"), subject="請求書が二重に " * 8),
        original(message_id="<" + "x" * 89 + "@outlook.com>", references=tuple(f"<r{i}@e.org>" for i in range(30))),
        original(reply_to=(Address("", "billing@example.org"),), subject="AW: Re: SV: " + "ä" * 200),
    ]
    bodies = ["Hi,\n\nThanks.\n", GERMAN, "Bonjour,\n\nhttps://example.com/" + "a" * 120 + "\n", "ok"]
    plain = draft_module.DRAFT_POLICY.clone(header_factory=HeaderRegistry())
    policies = {
        "fast": (draft_module.DRAFT_POLICY, draft_module._BODY_POLICY),
        "plain": (plain, plain.clone(max_line_length=draft_module._BODY_LIMIT)),
    }
    assert isinstance(policies["fast"][1].header_factory, draft_module._HeaderClasses)
    monkeypatch.setattr(draft_module, "make_msgid", lambda domain=None: f"<pinned@{domain}>")

    def drafts(name: str) -> list[Draft]:
        monkeypatch.setattr(draft_module, "DRAFT_POLICY", policies[name][0])
        monkeypatch.setattr(draft_module, "_BODY_POLICY", policies[name][1])
        out = []
        for i, msg in enumerate(messages):
            if msg.sender is None and not msg.reply_to:
                continue
            explain = {"Type": "billing", "Intent": "billing.duplicate_charge", "Language": "de" if i % 2 else "en"}
            name_ = ["Billing team", "Müller & Söhne Support", ""][i % 3]
            out.append(build_draft(KEY, msg, bodies[i % len(bodies)], "support@example.com", name_, explain, NOW))
        return out

    fast, reference, again = drafts("fast"), drafts("plain"), drafts("fast")
    assert len(fast) > 20
    assert fast == reference == again
    assert all(d.data == r.data for d, r in zip(fast, reference, strict=True))
