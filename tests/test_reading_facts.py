"""Facts read from the customer's own text: money, dates, identifiers, errors, HTTP, endpoints, counts,
names, what they tried, environment and since, in English, German and French."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from pipeline.plan.customer import Identifier, gave, read_customer, reading_json, slots
from pipeline.plan.facts import error_codes, identifiers

BERLIN = ZoneInfo("Europe/Berlin")
RECEIVED = datetime(2026, 11, 4, 10, 30, tzinfo=BERLIN)  # a Wednesday


def facts(text: str, language: str = "en", subject: str = ""):
    return read_customer(text, subject, language, RECEIVED).facts


@pytest.mark.parametrize(
    ("text", "written", "value", "currency"),
    [
        ("We were charged EUR 149.00 twice this month.", "EUR 149.00", "149.00", "EUR"),
        ("The renewal was €149 instead of the usual price.", "€149", "149", "EUR"),
        ("Uns wurden 89,00 € abgebucht.", "89,00 €", "89.00", "EUR"),
        ("Der Betrag von 1.234,50 EUR wurde doppelt eingezogen.", "1.234,50 EUR", "1234.50", "EUR"),
        ("Your quote says $2,400/year for the team plan.", "$2,400/year", "2400", "USD"),
        ("On nous a facturé 149 euros de trop.", "149 euros", "149", "EUR"),
    ],
)
def test_amounts_keep_what_was_written_and_read_the_value(text, written, value, currency):
    (amount,) = facts(text).amounts
    assert (amount.text, amount.value, amount.currency) == (written, Decimal(value), currency)


def test_a_price_in_the_signature_is_ignored_without_crashing():
    text = "Our export is broken since Monday.\n\nBest regards,\nJane\nACME Ltd | Plans from EUR 99/month | +1 555 0100"
    assert facts(text).amounts == ()


@pytest.mark.parametrize(
    ("text", "language", "on"),
    [
        ("The payment was taken on 2 November.", "en", date(2026, 11, 2)),
        ("Die Lieferung kam am 6. Oktober an.", "de", date(2026, 10, 6)),
        ("Nous avons été débités le 3 décembre.", "fr", date(2026, 12, 3)),
        ("The import ran on 2026-11-02 without errors.", "en", date(2026, 11, 2)),
        ("Die Rechnung vom 02.11.2026 ist falsch.", "de", date(2026, 11, 2)),
        ("We signed the contract on 20 May.", "en", date(2026, 5, 20)),  # the nearest year: this May
        ("We renew on 2 January.", "en", date(2027, 1, 2)),  # the nearest year: next January
    ],
)
def test_dates_they_mention_resolve_to_the_nearest_year(text, language, on):
    assert [d.on for d in facts(text, language).dates] == [on]


def test_a_deadline_date_is_not_a_mentioned_date():
    reading = read_customer("Charged on 2 November. Please fix it by 12 November.", "", "en", RECEIVED)
    assert [d.on for d in reading.facts.dates] == [date(2026, 11, 2)]
    assert reading.deadline is not None and reading.deadline.at.date() == date(2026, 11, 12)


def test_a_date_inside_an_invoice_number_is_not_a_date():
    assert facts("Invoice INV-2026-11-04821 is wrong.").dates == ()


@pytest.mark.parametrize(
    ("text", "language", "kind", "ident"),
    [
        ("Invoice INV-2026-11-04821 shows the wrong VAT.", "en", "invoice", "INV-2026-11-04821"),
        ("I paid invoice 88213 last week.", "en", "invoice", "88213"),
        ("Die Rechnung RE-2026-10-3381 ist doppelt.", "de", "invoice", "RE-2026-10-3381"),
        ("La facture F-2026-118 est erronée.", "fr", "invoice", "F-2026-118"),
        ("My order #100234 never arrived.", "en", "order", "100234"),
        ("Bestellnummer 4711-22 fehlt noch.", "de", "order", "4711-22"),
        ("La commande n° 55120 est incomplète.", "fr", "order", "55120"),
        ("Following up on ticket #48201.", "en", "ticket", "48201"),
        ("See request REQ-7781 from last month.", "en", "request", "REQ-7781"),
        ("This is about case 00123.", "en", "request", "00123"),
        ("The scanner serial SN-A7X-99231 is dead.", "en", "serial", "SN-A7X-99231"),
        ("Device S/N 1234ABC does not boot.", "en", "serial", "1234ABC"),
        ("Die Seriennummer 8812-AX-77 steht auf dem Gerät.", "de", "serial", "8812-AX-77"),
        ("Unsere Kundennummer K-100734 bitte beachten.", "de", "customer_id", "K-100734"),
        ("Our customer ID 5521 is on the contract.", "en", "customer_id", "5521"),
        ("The account 778899 was suspended.", "en", "customer_id", "778899"),
    ],
)
def test_identifiers_by_kind(text, language, kind, ident):
    assert (kind, ident) in [(i.kind, i.text) for i in facts(text, language).ids]


def test_a_ticket_number_in_the_subject_counts_and_a_count_is_no_order():
    found = facts("We ordered 3 devices.", subject="Re: [#48201] Devices")
    assert [(i.kind, i.text) for i in found.ids] == [("ticket", "#48201")]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("The app shows E-4012 after login.", "E-4012"),
        ("Chrome says ERR_CERT_DATE_INVALID on the portal.", "ERR_CERT_DATE_INVALID"),
        ("Windows Update fails with 0x80070005.", "0x80070005"),
        ("The installer stops with error code 1603.", "1603"),
        ("Die Installation bricht mit Fehlercode 1603 ab.", "1603"),
    ],
)
def test_error_codes(text, code):
    assert code in facts(text).error_codes


@pytest.mark.parametrize(
    ("text", "language", "message"),
    [
        ('At checkout the page says "Payment method declined" every time.', "en", "Payment method declined"),
        ("I get this:\nError: Payment method declined\nand nothing else.", "en", "Payment method declined"),
        ("Es kommt die Meldung „Zugriff verweigert“ beim Öffnen.", "de", "Zugriff verweigert"),
        ("Le message d'erreur « Session expirée » s'affiche.", "fr", "Session expirée"),
    ],
)
def test_quoted_error_messages_verbatim(text, language, message):
    assert facts(text, language).error_messages == (message,)


@pytest.mark.parametrize(
    ("text", "statuses"),
    [
        ("Since this morning the API returns 502 on every call.", (502,)),
        ("We are getting HTTP 429 after ten requests.", (429,)),
        ("The login gives a 401 Unauthorized.", (401,)),
        ("The status page itself shows 503 Service Unavailable.", (503,)),
        ("We have 502 employees on the plan.", ()),
        ("We got 200 seats last year.", ()),
    ],
)
def test_http_statuses_only_in_an_http_context(text, statuses):
    assert facts(text).http_statuses == statuses


@pytest.mark.parametrize(
    ("text", "endpoint"),
    [
        ("POST /v2/exports times out after 30 s.", "POST /v2/exports"),
        ("Calls to /api/v1/orders are slow.", "/api/v1/orders"),
        ("The call to https://api.example.com/v2/reports/daily fails.", "/v2/reports/daily"),
    ],
)
def test_endpoints_keep_the_path(text, endpoint):
    assert facts(text).endpoints == (endpoint,)


@pytest.mark.parametrize(
    ("text", "language", "written", "number"),
    [
        ("We have 200 seats on the annual plan.", "en", "200 seats", 200),
        ("It is broken for all 40 of us.", "en", "all 40 of us", 40),
        ("It happens on 3 devices.", "en", "3 devices", 3),
        ("Bei 15 Nutzern geht nichts mehr.", "de", "15 Nutzern", 15),
        ("12 utilisateurs sont bloqués.", "fr", "12 utilisateurs", 12),
    ],
)
def test_counts(text, language, written, number):
    assert [(c.text, c.number) for c in facts(text, language).counts][:1] == [(written, number)]


@pytest.mark.parametrize(
    ("text", "language", "name"),
    [
        ('Our workspace "raman-analytics" lost its data.', "en", "raman-analytics"),
        ("Im Arbeitsbereich „Lager Süd“ fehlen Artikel.", "de", "Lager Süd"),
        ("Le projet « Projet Alpha » ne s'ouvre plus.", "fr", "Projet Alpha"),
    ],
)
def test_names_in_quotes(text, language, name):
    assert facts(text, language).names == (name,)


@pytest.mark.parametrize(
    ("text", "language", "clause"),
    [
        ("We already cleared the cache and tried Safari too, but the page stays blank.", "en",
         "cleared the cache and tried Safari too"),
        ("I re-issued the API token this morning.", "en", "re-issued the API token this morning"),
        ("I've power-cycled it three times.", "en", "power-cycled it three times"),
        ("Bereits versucht: Cache geleert, Browser neu gestartet.", "de", "Cache geleert"),
        ("J'ai déjà réinstallé l'application, sans succès.", "fr", "réinstallé l'application"),
    ],
)  # fmt: skip
def test_what_they_already_tried(text, language, clause):
    assert clause in facts(text, language).tried


def test_a_request_to_reset_is_not_something_they_tried():
    assert facts("Could you reset my password? Please reset the 2FA too.").tried == ()


def test_environment():
    text = "It fails in Chrome 131 and Firefox on Windows 11, works on my iPhone with iOS 17 (app version 4.2.1)."
    assert facts(text).environment == ("Chrome 131", "Firefox", "Windows 11", "iPhone", "iOS 17", "version 4.2.1")


@pytest.mark.parametrize(
    ("text", "language", "since"),
    [
        ("Since Monday we cannot log in.", "en", "since Monday"),
        ("The sync has been failing since the update on Tuesday.", "en", "since the update on Tuesday"),
        ("It has been slow since this morning.", "en", "since this morning"),
        ("Seit gestern funktioniert der Export nicht.", "de", "seit gestern"),
        ("Depuis ce matin, rien ne marche.", "fr", "depuis ce matin"),
        ("Since we pay for 200 seats, we expect better.", "en", ""),
        ("Since Saturday our nightly job has been failing.", "en", "since Saturday"),  # "our" starts the story
        ("It has failed since Monday the 3rd.", "en", "since Monday the 3rd"),
    ],
)
def test_since(text, language, since):
    assert facts(text, language).since == since


def test_slots_have_every_key_and_localized_dates():
    empty = slots(read_customer("", "", "en", RECEIVED), "en")
    assert set(empty) == {
        "amount", "amounts", "date", "dates", "invoice", "order", "ticket", "request", "serial", "customer_id",
        "reference", "error_code", "error_message", "error", "http_status", "endpoint", "count", "name", "names",
        "tried", "environment", "since", "email", "product", "products", "law", "right", "rights", "for_staff",
        "area", "areas", "company", "measures", "people", "months", "symptom",
    }  # fmt: skip
    assert all(v in ("", [], False) and v is not None for v in empty.values())
    gdpr = read_customer(
        "We ask for erasure under Art. 17 GDPR of our Business plan data in HubSpot.", "", "en", RECEIVED
    )
    assert slots(gdpr, "en")["law"] == "Art. 17 GDPR"
    assert slots(gdpr, "de")["right"] == "Recht auf Löschung"
    assert slots(gdpr, "en")["product"] == "Business plan"
    assert slots(gdpr, "en")["products"] == ["HubSpot"]
    reading = read_customer("Charged EUR 149.00 on 2 November, and API returns 502.", "", "en", RECEIVED)
    assert slots(reading, "en")["date"] == "2 November"
    assert slots(reading, "de")["date"] == "2. November"
    assert slots(reading, "fr")["date"] == "2 novembre"
    assert slots(reading, "en")["error"] == "HTTP 502"
    assert gave(reading) >= {"amount", "date", "http_status", "error"}
    assert "invoice" not in gave(reading)
    january = read_customer("We renew on 2 January.", "", "en", RECEIVED)
    assert slots(january, "en")["date"] == "2 January 2027"  # the year when it is not this year
    assert slots(january, "fr")["date"] == "2 janvier 2027"


def test_reading_json_is_json():
    import json

    reading = read_customer("Charged EUR 149.00 on 2 November. Please fix by Friday.", "", "en", RECEIVED)
    data = json.loads(json.dumps(reading_json(reading)))
    assert data["facts"]["amounts"][0]["value"] == "149.00"
    assert data["facts"]["dates"][0]["on"] == "2026-11-02"
    assert data["deadline"]["at"].startswith("2026-11-06T23:59")


@pytest.mark.parametrize(
    ("text", "kind", "ident"),
    [
        ("Our VAT ID is DE298765432, please add it.", "vat_id", "DE298765432"),
        ("Notre numéro de TVA : FR45 812345678.", "vat_id", "FR45 812345678"),
        ("btw-nummer NL859012345B01", "vat_id", "NL859012345B01"),
        ("The response carried req_9Tq4Hc21 in X-Request-Id.", "request", "req_9Tq4Hc21"),
        ("Tracking JD014600006281234567 has not moved since Monday.", "tracking", "JD014600006281234567"),
        ("Le colis 6A12345678901 est bloqué.", "tracking", "6A12345678901"),
        ("The dead one is BS220-4K7-019338, the other works.", "other", "BS220-4K7-019338"),
        ("Unsere USt-IdNr. DE 284 551 902 fehlt.", "vat_id", "DE 284 551 902"),
    ],
)
def test_references_known_by_their_shape(text: str, kind: str, ident: str) -> None:
    assert Identifier(kind=kind, text=ident) in identifiers(text)


def test_a_holiday_region_or_a_plain_word_is_no_vat_id() -> None:
    assert identifiers("holidays = DE-BE, and DEBUG mode is on") == ()


def test_unquoted_workspace_slugs_addresses_and_token_errors() -> None:
    from pipeline.plan.names import names
    from pipeline.plan.situation import emails

    assert names("the owner of our account (workspace quaylane) was James") == ("quaylane",)
    assert names("I'm the only admin (workspace: webb-logistics) and") == ("webb-logistics",)
    assert names("open the workspace settings page") == ()
    assert emails("please send them to ap@brightline.example. Thanks") == ("ap@brightline.example",)
    assert "invalid_token" in error_codes('{"error":"invalid_token","status":401}')


def test_a_capitalised_workspace_keyword_still_names_the_slug() -> None:
    from pipeline.plan.names import names

    assert names("unser Workspace hartmann-consulting läuft noch") == ("hartmann-consulting",)
    assert names("Workspace Settings are fine") == ()


def test_measurements_as_written_and_lists_after_the_following() -> None:
    from pipeline.plan.measures import measures

    assert measures("about 70% of events; 31 °C in the room; 20 à 30 secondes; at 9:00; v2.4.0") == (
        "70%", "31 °C", "20 à 30 secondes",
    )  # fmt: skip
    text = "we need the following from you by Friday:\n\n1. your signed DPA\n2. the list of sub-processors\n"
    reading = read_customer(text, "Vendor review", "en", datetime(2026, 9, 8, 9, 0, tzinfo=ZoneInfo("Europe/Berlin")))
    assert [(q.text, q.kind) for q in reading.questions] == [
        ("your signed DPA", "request"), ("the list of sub-processors", "request"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "light"),
    [
        ("The LED just keeps blinking amber after the reset.", "blinking amber"),
        ("Seit dem Update blinkt rot die Status-LED.", "blinkt rot"),
        ("Die rote LED leuchtet dauerhaft.", "rote LED"),
        ("Le voyant clignote en orange depuis hier.", "clignote en orange"),
    ],
)
def test_how_a_device_light_looks_is_a_measure(text: str, light: str) -> None:
    from pipeline.plan.measures import measures

    assert light in measures(text)
    assert measures("We wanted white, not black.") == ()  # a colour alone is no symptom


def test_the_last_digits_they_give_of_a_number_are_kept_masked() -> None:
    from pipeline.plan.situation import number_endings

    assert number_endings("the code never arrives on my phone (number ends in -3381, it works)") == ("phone … 3381",)
    assert number_endings("Die Karte endet auf 4471.") == ("card … 4471",)
    assert number_endings("my card ending 4242 was declined") == ("card … 4242",)
    assert number_endings("The trial ends in 2 days.") == ()  # no number of theirs
    reading = read_customer("My card ending 4242 was declined twice.", "", "en", datetime(2026, 9, 8, 9, 0, tzinfo=UTC))
    assert "card … 4242" in reading.facts.accounts


def test_a_reference_keeps_its_keyword_across_an_aside() -> None:
    from pipeline.plan.facts import identifiers

    found = identifiers("Customer number (from an order in 2025): K-203118")
    assert [(i.kind, i.text) for i in found] == [("customer_id", "K-203118")]


def test_an_api_object_id_is_a_reference_and_a_keyword_is_a_whole_word() -> None:
    from pipeline.plan.facts import identifiers

    found = identifiers("Example delivery: evt_01JD3K7Q2M8W")
    assert [(i.kind, i.text) for i in found] == [("other", "evt_01JD3K7Q2M8W")]
    assert identifiers("the user_settings table and api_version") == ()  # snake_case words, no digits
    assert identifiers("snake_case_name2") == ()  # "sn" is the serial keyword only as a word of its own
    assert [i.text for i in identifiers("SN1234ABC")] == ["1234ABC"]


def test_a_keyword_carries_to_the_references_listed_after_it() -> None:
    tickets = identifiers("Les deux fois précédentes (tickets n° 46288 et n° 47519), on nous a assuré …")
    assert [(i.kind, i.text) for i in tickets] == [("ticket", "46288"), ("ticket", "47519")]
    orders = identifiers("Orders 11822, 11905 and #12011 are late; we ordered 3 and 4 units.")
    assert [i.text for i in orders] == ["11822", "11905", "12011"]
    assert identifiers("the model TS-200 and a date 2026-11-05") == ()  # no serial by shape


def test_a_reference_keeps_its_kind_when_the_subject_shows_it_bare_first() -> None:
    found = identifiers("Relance FAC-2026-10-4417 – facture\nune relance pour la facture FAC-2026-10-4417 (2 388,00 €)")
    assert found == (Identifier(kind="invoice", text="FAC-2026-10-4417"),)
