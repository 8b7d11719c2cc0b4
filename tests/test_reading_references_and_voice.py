"""Readings that blind batch x taught: references of unusual shapes, German typed without umlauts, questions
split into their parts, statements that ask, and requests named back in our voice."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from pipeline.asked import asked_line
from pipeline.plan.customer import read_customer
from pipeline.plan.facts import endpoints, identifiers
from pipeline.plan.rights import invoked
from pipeline.plan.umlauts import restored

CET = timezone(timedelta(hours=1))
THURSDAY = datetime(2026, 12, 3, 10, 44, tzinfo=CET)


def _ids(text: str) -> list[tuple[str, str]]:
    return [(i.kind, i.text) for i in identifiers(text)]


def test_references_under_a_label_with_slashes_and_dots_and_a_purchase_order():
    text = (
        "Ihre Lieferantennummer bei uns: 70-4471/K\nUnser Zeichen: KD/2026/0815.3\n"
        "  - our customer reference: HB/FIN/26/0142\n  - purchase order: PO 4500183920\n"
    )
    assert _ids(text) == [
        ("other", "70-4471/K"),
        ("other", "KD/2026/0815.3"),
        ("other", "HB/FIN/26/0142"),
        ("order", "4500183920"),
    ]


def test_serials_after_a_plural_keyword_a_contract_and_a_user_id():
    text = (
        "Betroffen sind die Seriennummern TS2-0471183, TS2-0471190 und TS2-0471204. Vertragsnummer V-2025-0412. "
        "Benutzer-ID U-58213 in unserem Workspace. Rechnung 4711. Danach"
    )
    assert _ids(text) == [
        ("serial", "TS2-0471183"),
        ("serial", "TS2-0471190"),
        ("serial", "TS2-0471204"),
        ("contract", "V-2025-0412"),
        ("user_id", "U-58213"),
        ("invoice", "4711"),  # not "4711." with the full stop
    ]


def test_webhook_events_by_any_past_participle_but_no_domain_name():
    assert endpoints("our webhook for timesheet.approved stopped; see example.com and invoice.sent") == (
        "timesheet.approved",
        "invoice.sent",
    )


def test_german_without_umlauts_is_read_with_them_only_in_mail_that_has_none():
    assert restored("Ich wuerde gern wissen, ob das ausserdem fuer alle gilt") == (
        "Ich würde gern wissen, ob das außerdem für alle gilt"
    )
    assert restored("Die neue Steuer") == "Die neue Steuer"  # "ue" that is no umlaut stays
    assert restored("Ich wuerde gern wissen, für wen") == "Ich wuerde gern wissen, für wen"  # has one: as typed


def test_an_indirect_question_asks_up_to_four_things():
    text = (
        "Ich wuerde gern wissen warum die Eintraege vom 31. fehlen und ob das vielleicht mit der Zeitzone zu tun "
        "hat, ausserdem wie ich das einstelle das die Umlaute richtig rauskommen und ob man als Trennzeichen "
        "Semikolon statt Komma nehmen kann."
    )
    asked = [q.text for q in read_customer(text, "", "de", THURSDAY).questions]
    assert len(asked) == 4
    assert "Zeitzone" in asked[1] and "Umlaute" in asked[2] and "Trennzeichen" in asked[3]


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        # a plan of theirs they assume we accept
        ("Die Zahlung halten wir bis dahin zurück, ich gehe davon aus, dass das in Ordnung ist.", "de",
         "Die Zahlung halten wir bis dahin zurück – ist das in Ordnung?"),
        ("We will pay the remaining 340 EUR in January, I assume that is fine.", "en",
         "we will pay the remaining 340 EUR in January – is that OK?"),
        # an ultimatum on the fix itself, after a colon
        ("Je vous le dis clairement : si ce n'est pas réglé durablement d'ici vendredi, je recommande à la "
         "direction de ne pas renouveler.", "fr", "que le problème soit réglé durablement"),
        ("Wenn das bis Freitag nicht dauerhaft behoben ist, kündigen wir.", "de",
         "dass das Problem dauerhaft behoben wird"),
        # the ask after ", so", not the story before it
        ("We have a client submission on Wednesday and I need everyone booking time against the project codes "
         "before then, so can you please escalate this today?", "en", "escalate this today"),
        # a request that announces details on lines of their own, without them
        ("Wir bitten daher um Stornierung der o. g. Rechnung und um Ausstellung einer korrigierten Rechnung mit "
         "folgenden Angaben:\n\nRechnungsempfänger: Reiter Hochbau GmbH\n", "de",
         "Wir bitten daher um Stornierung der o. g. Rechnung und um Ausstellung einer korrigierten Rechnung"),
        # the ask after a semicolon
        ("Nous avons désactivé son compte de notre côté ; nous vous demandons de supprimer l'ensemble de ses "
         "données.", "fr", "supprimer l'ensemble de ses données"),
        ("Je vous remercie également de nous transmettre la version à jour de votre DPA, signée.", "fr",
         "nous transmettre la version à jour de votre DPA, signée"),
    ],
)  # fmt: skip
def test_statements_and_long_sentences_that_ask(text, language, expected):
    assert [q.text for q in read_customer(text, "", language, THURSDAY).questions] == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "I have cleared my cache. So has our IT technician.",  # the same again, said short
        'Jede Auswertung bricht mit "Zeitüberschreitung - bitte versuchen Sie es später erneut" ab.',  # quoted
        "Cache geleert, anderer Browser, alles längst probiert, also fangen Sie bitte nicht wieder damit an.",
    ],
)
def test_sentences_that_ask_nothing(text):
    assert read_customer(text, "", "de" if "Cache" in text or "Jede" in text else "en", THURSDAY).questions == ()


@pytest.mark.parametrize(
    ("text", "language", "ours"),
    [
        # their hurry is not ours to promise: named back without it
        (
            "Rechnungen bitte ab sofort an buchhaltung@huberbau.at",
            "de",
            "Rechnungen bitte künftig an buchhaltung@huberbau.at",
        ),
        ("Could you fix this immediately?", "en", "Could we fix this?"),
        # German direct questions with "wir": indirect, in our voice
        ("Können wir unsere Daten exportieren?", "de", "ob Sie Ihre Daten exportieren können?"),
        ("Bekommen wir das Geld zurück?", "de", "ob Sie das Geld zurückbekommen?"),
        ("Müssen wir uns neu anmelden?", "de", "ob Sie sich neu anmelden müssen?"),
        (
            "für uns müsste das doch als Reverse Charge laufen",
            "de",
            "für Sie müsste das doch als Reverse Charge laufen",
        ),
        (
            "für die letzten zwei Monate erwarte ich eine Gutschrift",
            "de",
            "für die letzten zwei Monate erwarten Sie eine Gutschrift",
        ),
        ("ob ich das Gerät einschicken muss?", "de", "ob Sie das Gerät einschicken müssen?"),
        # French: "nous"/"me" before an infinitive is its object
        (
            "nous confirmer par écrit que la suppression est effective",
            "fr",
            "vous confirmer par écrit que la suppression est effective",
        ),
        ("m'envoyer votre DPA signé", "fr", "vous envoyer notre DPA signé"),
    ],
)  # fmt: skip
def test_named_back_in_our_voice(text, language, ours):
    assert asked_line(text, True, language) == ours


def test_rights_named_in_words_only_in_mail_about_personal_data():
    assert invoked("I'd like to make a subject access request under the GDPR, then I want it all deleted.") == (15, 17)
    assert invoked("Hiermit beantrage ich nach Art. 15 DSGVO Auskunft und die Löschung.") == (15, 17)
    assert invoked("I deleted the old project and want access to the new one.") == ()


@pytest.mark.parametrize(
    ("text", "language", "when", "hard"),
    [
        ("Die Lohndaten muessen spaetestens Montag beim Steuerbuero sein.", "de", datetime(2026, 12, 7), False),
        ("Ende nächster Woche kommt bei uns die Lebensmittelkontrolle, bis dahin sollte alles laufen.", "de",
         datetime(2026, 12, 11), True),
        ("J'ai conseil pédagogique à 14h et je dois y présenter le planning.", "fr", datetime(2026, 12, 3), True),
    ],
)  # fmt: skip
def test_deadlines_without_umlauts_and_events_of_theirs(text, language, when, hard):
    deadline = read_customer(text, "", language, THURSDAY).deadline
    assert deadline is not None and deadline.at.date() == when.date() and deadline.hard is hard


def test_since_the_third_week_running_and_a_renewal_they_will_advise_against():
    text = (
        "For the THIRD week running the report takes 2 to\n4 minutes. Our renewal is due on 31 January and I will "
        "be recommending to the governors that we do not renew."
    )
    reading = read_customer(text, "", "en", THURSDAY)
    assert reading.facts.since == "for the THIRD week running"
    assert "2 to 4 minutes" in reading.facts.measures  # one line, as a reply says it
    assert "not_renew" in reading.contact_requests


# --- batch y ---------------------------------------------------------------------------------------------------
MONDAY = datetime(2027, 1, 4, 10, 55, tzinfo=CET)


@pytest.mark.parametrize(
    ("text", "language", "day"),
    [
        ("Je dois boucler le dossier avant le 15/01, merci de me répondre d'ici là.", "fr", 15),
        ("I'm closing the year on 15/01, so if these could be sorted before then I'd be grateful.", "en", 15),
        ("Über ein Angebot bis Mitte Januar würden wir uns freuen.", "de", 15),
        ("On a reçu le courrier hier, donc on a un mois pour lui répondre.", "fr", 4),
    ],
)
def test_numeric_days_events_mid_month_and_a_month_they_have(text, language, day):
    deadline = read_customer(text, "", language, MONDAY).deadline
    assert deadline is not None and deadline.at.day == day


def test_a_shift_is_an_event_by_the_time_after_it_and_a_time_of_day_is_no_deadline():
    later = read_customer("Die Frühschicht geht um 13 Uhr heim.", "", "de", THURSDAY).deadline
    assert later is not None and later.at.hour == 13
    told = "I think the shifts what start before midnight are missing. The file is needed before 15 December."
    assert read_customer(told, "", "en", THURSDAY).deadline.text == "before 15 December"


def test_the_frist_of_an_article_is_one_sentence():
    text = "Ich weise darauf hin, dass die Frist nach Art. 12 Abs. 3 DSGVO einen Monat beträgt."
    deadline = read_customer(text, "", "de", THURSDAY).deadline
    assert deadline is not None and deadline.hard and deadline.at.month == 1


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        # a request in a later sentence of a list item, and a bill that needs redoing
        ("Three of your invoices don't add up:\n1. INV-2026-12-07713, €412.50 – taken twice on 2 December. "
         "Please refund the duplicate.\n", "en", ["refund the duplicate"]),
        ("It needs reissuing to Hollowell Brewing Company Ltd.", "en",
         ["it needs reissuing to Hollowell Brewing Company Ltd"]),
        # what they would be glad to receive
        ("Über ein unverbindliches Angebot für die 9 festen Lizenzen würde ich mich freuen.", "de",
         ["ein unverbindliches Angebot für die 9 festen Lizenzen"]),
        # their plan is no ask
        ("Bisher planen wir mit Excel, ab dem zweiten Quartal 2027 möchten wir gern auf Ihre Software umsteigen.",
         "de", []),
        # a list item that asks two things
        ("I would be grateful if you could let me know:\n- whether further seats can be added part-way through the "
         "year, and how these would be charged (pro rata or for a full year);\n", "en",
         [
                "whether further seats can be added part-way through the year?",
                "how these would be charged (pro rata or for a full year)?",
            ]),
    ],
)  # fmt: skip
def test_asks_in_lists_and_wishes(text, language, expected):
    assert [q.text for q in read_customer(text, "", language, MONDAY).questions] == expected


def test_a_forwarded_colleagues_du_question_is_not_ours():
    text = "Ich erwarte bis Freitag einen Rückruf.\n\nKannst du da mal Druck machen?"
    asked = [q.text for q in read_customer(text, "WG: Wochenansicht langsam", "de", THURSDAY).questions]
    assert not any("Druck" in q for q in asked)


def test_reachable_from_an_hour_and_until_noon_is_a_call_window():
    text = "Ich bin heute ab 14 Uhr im Büro erreichbar unter 08141 / 52 77 30, vormittags bin ich schlecht zu kriegen."
    reading = read_customer(text, "", "de", THURSDAY)
    assert "call" in reading.contact_requests and reading.call_hours == "afternoon"
    assert reading.call_between == "14:00-17:00"
    morning = read_customer("Je suis joignable le matin jusqu'a midi au 05 65 42 18 77.", "", "fr", THURSDAY)
    assert "call" in morning.contact_requests and morning.call_until == "12:00"


# --- batch z ---------------------------------------------------------------------------------------------------
def test_a_weekday_pointed_back_to_and_an_evening_already_under_way():
    text = "Die Geräte sollen nächsten Dienstag montiert werden, das Terminal muss also bis dahin da sein."
    deadline = read_customer(text, "", "de", THURSDAY).deadline
    assert deadline is not None and deadline.text == "nächsten Dienstag" and deadline.at.day == 8
    evening = datetime(2026, 12, 11, 19, 58, tzinfo=UTC)
    tonight = read_customer("We have a sold out performance tonight with 38 staff on shift.", "", "en", evening)
    assert tonight.deadline is not None and tonight.deadline.at > evening


def test_a_reference_after_was_and_a_line_ending_in_it_ends_the_sentence():
    text = "Bestellung war die B-2026-40817.\nDie Geräte sollen nächsten Dienstag montiert werden, also bis dahin."
    reading = read_customer(text, "", "de", THURSDAY)
    assert [i.text for i in reading.facts.ids] == ["B-2026-40817"]
    assert reading.deadline is not None and reading.deadline.at.day == 8


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Ich bin Admin, finde aber keine Stelle, an der ich ihre Zwei-Faktor-Anmeldung zurücksetzen kann. "
         "Können Sie das für uns tun?", "de", ["ihre Zwei-Faktor-Anmeldung zurücksetzen"]),
        ("Ferner wären wir Ihnen für eine Auskunft dankbar, ob bei jährlicher Vorauszahlung ein Preisnachlass "
         "gewährt wird.", "de", ["ob bei jährlicher Vorauszahlung ein Preisnachlass gewährt wird?"]),
        ("Should the export prove to be at fault, we would require a corrected file.", "en",
         ["we would require a corrected file"]),
        ("Find out what they're actually going to do about it and whether we get anything back.", "en",
         ["what you're actually going to do about it?", "whether we get anything back?"]),
    ],
)  # fmt: skip
def test_asks_that_point_back_or_are_relayed(text, language, expected):
    assert [q.text for q in read_customer(text, "", language, THURSDAY).questions] == expected


def test_calm_and_renewal_wordings():
    calm = read_customer("Es ist nichts Eiliges. No particular hurry, whenever suits.", "", "de", THURSDAY)
    assert all(c.direction < 0 for c in calm.cues) and len(calm.cues) >= 2
    text = "As things stand I will not be recomending to our board that we renew."
    assert "not_renew" in read_customer(text, "", "en", THURSDAY).contact_requests


def test_what_an_ultimatum_adds_that_they_will_want_is_named_back():
    text = (
        "If I don't hear from an actual human being by Friday, I'm cancelling and moving to a competitor, and I'll "
        "want the last two months refunded since the product hasn't worked."
    )
    reading = read_customer(text, "", "en", THURSDAY)
    assert [q.text for q in reading.questions] == ["the last two months to be refunded"]
    assert "cancel_threat" in reading.contact_requests
