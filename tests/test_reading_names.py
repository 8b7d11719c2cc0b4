"""What the customer named without quotes (products, tools, companies, places, addresses, bank accounts), the
deadlines they point back to ("… on the 20th, so before then") or give as a span ("within one month"),
questions written without a question mark, and requests that are really their own situation."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from pipeline.plan.customer import read_customer
from pipeline.plan.playbooks import Need
from pipeline.plan.respond import still_needed

BERLIN = ZoneInfo("Europe/Berlin")
RECEIVED = datetime(2026, 11, 4, 10, 30, tzinfo=BERLIN)  # a Wednesday


def reading(text: str, language: str = "en"):
    return read_customer(text, "", language, RECEIVED)


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("After Okta redirects back we get a white page.", "en", ("Okta",)),
        ("Seit dem Update synchronisiert die HubSpot-Integration nichts mehr.", "de", ("HubSpot",)),
        ("Wir wollten noch die DATEV-Anbindung testen, bevor wir buchen.", "de", ("DATEV",)),
        ("Statt 3 Desk Hub Pro kamen 3 Hub Mini, das ist falsch.", "de", ("Desk Hub Pro", "Hub Mini")),
        ("Kontoinhaber ist die Wölfl Holzbau GmbH, bitte umstellen.", "de", ("Wölfl Holzbau GmbH",)),
        ("I'm travelling in Portugal and the SMS code never arrives.", "en", ("Portugal", "SMS")),
        ("Le remboursement via Colissimo n'est jamais arrivé sur ma carte.", "fr", ("Colissimo",)),
    ],
)
def test_products_tools_companies_and_places(text, language, expected):
    assert reading(text, language).facts.products == expected


@pytest.mark.parametrize(
    "text",
    [
        "This is the THIRD time this month and NOT acceptable.",  # emphasis, not a product
        "Our renewal invoice is for GBP 1,620.00 and the VAT is wrong.",  # currency and tax acronyms
        "Hello,\n\nMy order arrived damaged:\n\nItem Qty Condition\nCeramic set 1 Broken\nPaper filters 2 OK\n\n"
        "The outer box was dented on one corner, so it happened in transit.",  # a table flattened into text
        "Workspace: fjordlight Billing contact: laura@fjordlight.example",  # key: value lines
    ],
)
def test_no_names_from_emphasis_codes_tables_or_fields(text):
    assert reading(text).facts.products == ()


def test_a_signature_names_nothing_and_asks_for_nothing():
    text = (
        "Our new hub will not pair with my laptop, the light keeps blinking.\n\n"
        "Alicia Moreno\nStudio Manager\nTidewater Studio\n+49 40 555 2210"
    )
    read = reading(text)
    assert read.facts.products == () and read.contact_requests == ()  # "Studio Manager" asks for no manager


def test_addresses_and_masked_bank_accounts():
    text = (
        "Please change our invoice address to:\n\nKanaal Media B.V.\nKeizersgracht 221\n1016 DV Amsterdam\n\n"
        "From next month we pay by SEPA, IBAN AT61 1904 3002 3457 3201."
    )
    read = reading(text)
    assert read.facts.addresses == ("Keizersgracht 221",)
    assert read.facts.accounts == ("AT61 … 3201",)  # never the whole account number
    assert "1904" not in " ".join(read.facts.accounts)
    # a parcel number of the same shape fails the IBAN check digits
    assert reading("DHL tracking JD01 4600 0045 6789 1234 shows nothing.").facts.accounts == ()


def test_versions_are_environment():
    read = reading("Firmware ist aktuell (2.4.0), Neustart hab ich schon gemacht. Am 05.09.2026 ging es noch.", "de")
    assert "2.4.0" in read.facts.environment
    assert not any("2026" in e for e in read.facts.environment)


@pytest.mark.parametrize(
    ("text", "language", "written", "day", "hard"),
    [
        (
            "Our finance team closes the books on the 20th so it'd be good to have it sorted before then.",
            "en",
            "closes the books on the 20th",
            (2026, 11, 20),
            True,
        ),
        ("We open our new floor on 17 November and need the hubs on the desks by then.", "en",
         "our new floor on 17 November", (2026, 11, 17), True),
        ("Die nächste Abbuchung ist am 15. November, bis dahin sollte es umgestellt sein.", "de",
         "nächste Abbuchung ist am 15. November", (2026, 11, 15), True),
        ("Ich erwarte Ihre Antwort innerhalb der gesetzlichen Frist von einem Monat.", "de",
         "innerhalb der gesetzlichen Frist von einem Monat", (2026, 12, 4), True),
        ("Merci de répondre dans un délai d'un mois.", "fr", "dans un délai d'un mois", (2026, 12, 4), False),
        ("I have invoices to send out today.", "en", "today", (2026, 11, 4), False),
    ],
)  # fmt: skip
def test_deadlines_pointed_back_to_or_given_as_a_span(text, language, written, day, hard):
    found = reading(text, language).deadline
    assert found is not None and found.text == written
    assert found.at.date().timetuple()[:3] == day and found.hard is hard


@pytest.mark.parametrize(
    "text",
    [
        "It failed today and again this morning.",  # the story, not a deadline
        "We worked on the 3rd and before then it was fine.",
        "The export fails within 5 minutes.",
    ],
)
def test_no_deadline_in_the_story(text):
    assert reading(text).deadline is None


def test_a_tail_stops_at_words_that_are_no_time():
    found = reading("I need to run the payroll export before 9am on Monday, otherwise 34 people do not get paid.")
    assert found.deadline is not None and found.deadline.text == "before 9am on Monday"
    assert found.deadline.at == datetime(2026, 11, 9, 9, 0, tzinfo=BERLIN)


def test_a_question_without_its_question_mark():
    read = reading("Is this a faulty unit? if so how do we get it swapped, we have a workshop in that room on Friday.")
    assert [q.text for q in read.questions] == ["is this a faulty unit?", "how do we get it swapped?"]
    assert reading("When we export tickets to CSV the custom fields are missing.").questions == ()


def test_their_own_situation_is_no_request():
    read = reading(
        "I'm the only admin on our account and I need to run the payroll export before 9am on Monday. "
        "What do you need from me to verify my identity?"
    )
    assert [q.text for q in read.questions] == ["what do you need from me to verify my identity?"]
    german = reading("Wir brauchen die Hubs bis 6. Dezember, da ziehen wir um. Wie läuft der Umtausch?", "de")
    assert [q.text for q in german.questions] == ["wie läuft der Umtausch?"]


def test_unless_any_skips_an_ask_when_one_of_its_slots_is_given():
    need = Need(ask="the name of the workspace", unless=(), unless_any=("name", "reference"))
    both = Need(ask="the date and amount", unless=("amount", "date"))
    assert still_needed((need, both), frozenset({"reference", "amount"})) == ("the date and amount",)
    assert still_needed((need, both), frozenset({"amount", "date"})) == ("the name of the workspace",)


def test_rates_rows_laws_and_event_names():
    read = reading(
        "We send maybe 40 requests a minute, our plan says 600/min. The export has 18,000 rows. "
        "Please erase his data under Art. 17 GDPR. About 70% of order.updated events fail."
    )
    assert {"40 requests a minute", "600/min"} <= set(read.facts.measures)
    assert [c.text for c in read.facts.counts] == ["18,000 rows"]
    assert read.facts.products[:2] == ("Art. 17 GDPR", "order.updated")
    assert [c.text for c in reading("Ich war bis März 2025 als Nutzer angelegt.", "de").facts.counts] == []


def test_no_error_text_from_a_status_or_our_own_earlier_reply():
    status = reading('Status steht auf "Verbunden", keine Fehlermeldung, es kommt einfach nichts an.', "de")
    assert status.facts.error_messages == ()
    ours = reading('Every time we get a template reply saying the team is "looking into it".')
    assert ours.facts.error_messages == ()
    assert reading('The page says "Payment method declined".').facts.error_messages == ("Payment method declined",)


def test_tried_is_what_they_did_not_what_they_cannot_do():
    read = reading(
        "I've clicked \"resend code\" maybe ten times. I'm the only admin so nobody else can reset it for me."
    )
    assert read.facts.tried == ('clicked "resend code" maybe ten times',)


def test_the_key_sentence_says_what_happened_not_how_they_feel():
    from pipeline.plan.reading import key_sentence

    text = (
        "Frankly I'm done with this. This is the third time in a month that our dispatch dashboard has stopped "
        "showing driver locations for hours. My dispatchers are phoning drivers one by one."
    )
    assert key_sentence(text, "").startswith("This is the third time in a month")
    attribution = "Op 17-feb.-2015, om 13:18 heeft Julius Caesar <pantheon@rome.com> het volgende geschreven:"
    assert key_sentence(f"Gluten-free culpa lo-fi et nesciunt nostrud.\n\n{attribution}", "") == (
        "Gluten-free culpa lo-fi et nesciunt nostrud."
    )


def test_a_reply_that_would_echo_the_customer_drops_its_quote():
    from pipeline.echo import echoed_share
    from pipeline.fit import MAX_ECHO

    customer = "our January payment failed because the company card on file expired and we added a new one"
    assert echoed_share(f"You wrote: “{customer}.” Thanks.", customer) > MAX_ECHO
    assert echoed_share("We will check the invoice and write back by Friday.", customer) == 0.0


def test_the_key_sentence_stops_before_their_quote_of_our_words() -> None:
    from pipeline.plan.reading import key_sentence

    text = (
        "Frankly I'm done with this. This is the THIRD time in a month that our dashboard has stopped showing "
        'driver locations for hours and every time we get a reply saying the team is "looking into it".'
    )
    said = key_sentence(text, "Dashboard down again")
    assert said.startswith("This is the THIRD time") and said.endswith("driver locations for hours.")
    named = "The new „Alpin Trek Mid“ boots arrived in the wrong size and the box was damaged."
    assert key_sentence(named, "") == named  # a quoted name is no quote of us
