"""The customer's new text: quoted history cut at attribution lines and header blocks in many
languages and client formats (pipeline/parse/attribution.py and the reply parser's setup in
pipeline/parse/text.py). Every message here is written for this file."""

from __future__ import annotations

import pytest

from pipeline.parse import parse
from pipeline.parse.attribution import cut_at_attribution
from pipeline.parse.text import new_text

REPLY = "The invoice for March still shows the old VAT number."
HISTORY = "Thanks for getting in touch, we will look into it."


def extract(text: str) -> str:
    defects: list[str] = []
    result = new_text(text, defects.append)
    assert defects == []
    return result


# One attribution per format, each followed by unquoted history (the hard case: no "> " to go by).
ATTRIBUTIONS = {
    "dutch, name after the verb": "Op 4 mrt. 2025 09:12 schreef Support Team <support@example.com>:",
    "polish, wrapped": "W dniu 4 marca 2025 09:12 użytkownik Support Team <support@example.com>\nnapisał:",
    "polish, date first": '4 mar 2025 09:12 "Support Team" <support@example.com> napisał(a):',
    "spanish, one space": "El 04/03/2025 9:12, Equipo de Soporte <support@example.com> escribió:",
    "norwegian": "På 4. mars 2025 kl. 09:12:30, Support Team (support@example.com) skrev:",
    "portuguese": "Em 4 de março de 2025 09:12, Suporte <support@example.com> escreveu:",
    "vietnamese": "Vào 09:12 4 tháng 3, 2025, Bộ phận hỗ trợ <support@example.com> đã viết:",
    "ukrainian": '4 бер. 2025 р. 09:12 "Support" <support@example.com> пише:',
    "russian": "04.03.2025 09:12, Support пишет:",
    "gmail, no verb": "2025-03-04 9:12 GMT+01:00 Support Team <support@example.com>:",
    "gmail, no verb, wrapped": "2025-03-04 9:12 GMT+01:00 Support Team <\nsupport-team-long-address@example.com>:",
    "japanese apple mail": "2025/03/04 9:12、Support Team <support@example.com> のメッセージ:",
    "android": "---- Support Team wrote ----",
    "english, five lines": "On Tue, Mar 4, 2025 at 9:12 AM Support\n\n<\nmailto:support@example.com\n> wrote:",
    "danish (the library's, header only)": "Den 04/03/2025 kl. 09.12 skrev Support Team <support@example.com>:",
    "french (the library's)": "Le 4 mars 2025 à 09:12, Support Team <support@example.com> a écrit :",
}


@pytest.mark.parametrize("attribution", ATTRIBUTIONS.values(), ids=ATTRIBUTIONS.keys())
def test_history_below_an_attribution_is_not_new_text(attribution: str) -> None:
    assert extract(f"Hello,\n\n{REPLY}\n\n{attribution}\n\n{HISTORY}\n") == f"Hello,\n\n{REPLY}"


@pytest.mark.parametrize("attribution", ATTRIBUTIONS.values(), ids=ATTRIBUTIONS.keys())
def test_attribution_right_below_the_reply_line(attribution: str) -> None:
    # No blank line between: joined, the reply and the attribution would read as one sentence
    assert extract(f"{REPLY}\n{attribution}\n> {HISTORY}\n") == REPLY


def test_reply_fused_with_the_attribution_on_one_line() -> None:
    text = f"{REPLY} On Tue, Mar 4, 2025 at 9:12 AM, support@example.com wrote:\n> {HISTORY}\n"
    assert extract(text) == REPLY


def test_fused_words_without_a_quote_below_stay() -> None:
    text = f"We met On 4 March, and Anna wrote:\nthe new number is in the portal. {REPLY}\n"
    assert extract(text) == text.strip()


def test_bottom_posted_reply_below_the_quote() -> None:
    # mail-parser-reply's French pattern has a capturing group: on its own it keeps "Le" as the reply
    text = f"Le 4 mars 2025 à 09:12, Support Team a écrit :\n> {HISTORY}\n>\n> Regards,\n> Support\n\n{REPLY}\n"
    assert extract(text) == REPLY


@pytest.mark.parametrize(
    "block",
    [
        "От: Support <support@example.com>\nОтправлено: 4 марта 2025 г. 9:12\nКому: Ivan\nТема: Счёт",
        "Від: Support <support@example.com>\nНадіслано: 4 березня 2025 р. 9:12\nКому: Ivan\nТема: Рахунок",
        "差出人: Support <support@example.com>\n送信日時: 2025年3月4日 9:12\n宛先: Ken\n件名: 請求書",
        "Từ: Support <support@example.com>\nĐã gửi: 4 tháng 3, 2025 9:12\nĐến: Minh\nChủ đề: Hóa đơn",
        "Lähettäjä: Support <support@example.com>\nLähetetty: 4. maaliskuuta 2025 9.12\nAihe: Lasku",
        "Fra: Support <support@example.com>\nSendt: 4. marts 2025 09:12\nTil: Lars\nEmne: Faktura",
    ],
    ids=["russian", "ukrainian", "japanese", "vietnamese", "finnish", "danish (the library's)"],
)
def test_outlook_header_block_in_other_languages(block: str) -> None:
    assert extract(f"{REPLY}\n\n{block}\n\n{HISTORY}\n") == REPLY


def test_forward_with_nothing_above_keeps_the_forwarded_text() -> None:
    text = f"От: Anna <anna@example.org>\nОтправлено: 4 марта 2025 г.\nТема: Счёт\n\n{REPLY}\n"
    assert extract(text) == REPLY


@pytest.mark.parametrize(
    "text",
    [
        # a sentence starting with a lead word, a date and a verb, but going on as a clause
        f"On 3 March I wrote to you about the refund and your colleague replied:\n\n{REPLY}",
        # "on" lower case inside a sentence
        f"The export failed on 3 March, my colleague wrote:\n\n{REPLY}",
        # a finished sentence is not the first half of a wrapped attribution
        f"On the host 10.0.0.7 you can run:\nmailq\nas Anna from your team wrote:\n\n{REPLY}",
        # a log line: date, time, colon, but no address
        f"2025-03-04 9:12 GMT+01:00 relay:\n\n{REPLY}",
        # only one header field: a customer's own "From:" line
        f"Від: Оксана з бухгалтерії\n\n{REPLY}",
    ],
)
def test_ordinary_lines_are_not_taken_for_attributions(text: str) -> None:
    assert extract(text) == text.strip()


@pytest.mark.parametrize(
    "text",
    [
        # Danish sign-offs the library knows ("Tak", "Kh") start ordinary lines
        f"Hej,\n\nTak for svaret. {REPLY}\nKh. fra os alle: det haster.\n",
        # Swedish "/Anna" sign-off pattern matches any word after a slash
        f"Hej,\n\n{REPLY}\n/etc/hosts has the new address too.\n",
    ],
)
def test_header_only_languages_do_not_bring_their_sign_offs(text: str) -> None:
    assert extract(text) == text.strip()


def test_cut_keeps_everything_without_an_attribution() -> None:
    text = f"Hello,\n\n{REPLY}\n\nRegards,\nJane"
    assert cut_at_attribution(text) == text


def test_a_whole_message_restates_the_reply_not_the_attribution() -> None:
    raw = (
        b"From: Jan de Vries <jan@example.nl>\r\nTo: support@example.com\r\nSubject: Re: Factuur\r\n"
        b"Date: Tue, 04 Mar 2025 10:00:00 +0100\r\nMessage-ID: <t1@example.nl>\r\n"
        b"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
        b"De factuur van maart heeft nog het oude btw-nummer.\r\n"
        b"Op 3 mrt. 2025 16:40 schreef Support <support@example.com>:\r\n\r\n"
        b"Bedankt voor uw bericht, we kijken ernaar.\r\n"
    )
    assert parse(raw).new_text == "De factuur van maart heeft nog het oude btw-nummer."
