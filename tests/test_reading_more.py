"""What the reader takes from harder mail: questions asked as statements, compound and pointing questions, a
deadline pointed back to from the next sentence, forwarded mail, services named in any language, and the
customer's words named back in our voice."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from pipeline.asked import asked_line
from pipeline.noted import subject_topic
from pipeline.parse.forwards import forwarded_body, without_forward_headers
from pipeline.plan.customer import read_customer, slots
from pipeline.plan.facts import http_statuses, identifiers
from pipeline.plan.respond import is_calm

BERLIN = ZoneInfo("Europe/Berlin")
TUESDAY = datetime(2026, 11, 24, 16, 0, tzinfo=BERLIN)


def asked(text: str, language: str = "en") -> list[tuple[str, str]]:
    return [(q.kind, q.text) for q in read_customer(text, "", language, TUESDAY).questions]


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Außerdem möchte ich wissen, wie es sein kann, dass die Zahlung nicht zugeordnet wird.", "de",
         [("question", "wie es sein kann, dass die Zahlung nicht zugeordnet wird?")]),
        ("Außerdem würde mich interessieren, ob ab 45 Nutzern ein Rabatt möglich ist.", "de",
         [("question", "ob ab 45 Nutzern ein Rabatt möglich ist?")]),
        ("I'd also like to know whether there's a discount for two years, and whether we could add 20 seats "
         "mid-term.", "en",
         [("question", "whether there's a discount for two years?"),
          ("question", "whether we could add 20 seats mid-term?")]),
        ("J'ai également besoin de savoir où sont hébergées nos données.", "fr",
         [("question", "où sont hébergées nos données?")]),
        ("Falls es einen Workaround gibt (z. B. über den alten v1-Pfad), nehmen wir den gern.", "de",
         [("question", "gibt es einen Workaround?")]),
        ("If there is a workaround, we'd happily use it for the launch.", "en",
         [("question", "is there a workaround?")]),
        ("Ich erwarte, dass die Mahngebühr storniert wird, und zwar bis Freitag.", "de",
         [("request", "dass die Mahngebühr storniert wird")]),  # ("dass" kept: named back, it reads as a wish)
        ("Je vous demande donc d'annuler ces frais de 40,00 €.", "fr", [("request", "annuler ces frais de 40,00 €")]),
    ],
)  # fmt: skip
def test_questions_asked_as_statements(text, language, expected):
    assert asked(text, language) == expected


def test_compound_questions_are_split_but_alternatives_stay_whole():
    assert asked(
        "Wie kann ich die 2FA zurücksetzen lassen, und woran liegt es, dass die Mail nicht ankommt?", "de"
    ) == [
        ("question", "wie kann ich die 2FA zurücksetzen lassen?"),
        ("question", "woran liegt es, dass die Mail nicht ankommt?"),
    ]
    assert asked("S'agit-il d'une panne, avez-vous une estimation, et les saisies sont-elles conservées ?", "fr") == [
        ("question", "s'agit-il d'une panne?"),
        ("question", "avez-vous une estimation?"),
        ("question", "les saisies sont-elles conservées?"),
    ]
    # "X, or Y?" is one question with two alternatives: answered or named back as one
    assert (
        len(asked("Is there a delay before the new secret takes effect, or is there something else we need to do?"))
        == 1
    )


def test_a_short_question_keeps_the_sentence_it_points_at():
    text = "1. La ligne « Team – 20 utilisateurs » à 380,00 € figure deux fois. Est-ce une erreur ?"
    assert asked(text, "fr") == [
        ("question", "La ligne « Team – 20 utilisateurs » à 380,00 € figure deux fois — est-ce une erreur?")
    ]
    # a question that says what it is about needs nothing before it
    assert asked("Tried two browsers and my phone on 4G. Is this on your side?") == [
        ("question", "is this on your side?")
    ]


def test_a_number_over_31_ends_a_sentence_the_segmenter_kept_together():
    text = "Wir haben 14 Gateways eingebunden, jetzt sind es insgesamt 62. Vielleicht hängt es damit zusammen?"
    assert asked(text, "de") == [("question", "Vielleicht hängt es damit zusammen?")]


def test_announcements_informal_asides_and_their_own_deadline_are_not_asked_of_us():
    assert asked("Pourriez-vous m'éclairer sur les points suivants ?", "fr") == []
    # a colleague's "du" inside a mail that says "Sie" to us is not asked of us; a customer who says "du" asks us
    formal = "Könnten Sie uns die Rechnung schicken? Kannst du das bitte mit Example klären?"
    assert asked(formal, "de") == [("request", "uns die Rechnung schicken")]
    assert asked("Kannst du mir sagen, ob das ein bekannter Fehler ist?", "de") == [
        ("question", "ob das ein bekannter Fehler ist?")
    ]
    text = "Unser nächster Zahlungslauf ist am Freitag, 27. November. Bitte senden Sie uns eine korrigierte Rechnung."
    reading = read_customer(text, "", "de", TUESDAY)
    assert [q.text for q in reading.questions] == ["senden Sie uns eine korrigierte Rechnung"]


@pytest.mark.parametrize(
    ("text", "language", "written", "when"),
    [
        ("Backup-Codes habe ich nie. Morgen, Mittwoch, um 9 Uhr muss ich die Auswertungen freigeben. Bis dahin brauche "
         "ich den Zugang wieder.", "de", "Morgen, Mittwoch, um 9 Uhr", datetime(2026, 11, 25, 9, 0, tzinfo=BERLIN)),
        ("Unser nächster Zahlungslauf ist am Freitag, 27. November. Liegt die Korrektur bis dahin nicht vor, zahlen "
         "wir im Dezember.", "de", "nächster Zahlungslauf ist am Freitag", datetime(2026, 11, 27, 0, 0, tzinfo=BERLIN)),
        ("Die Monatsfrist für unsere Antwort an Frau Sommer endet am 23. Dezember.", "de",
         "Die Monatsfrist für unsere Antwort an Frau Sommer endet am 23. Dezember",
         datetime(2026, 12, 23, 0, 0, tzinfo=BERLIN)),
        ("We have a client walkthrough at 11:00 that runs off our schedules.", "en", "walkthrough at 11:00",
         datetime(2026, 11, 25, 11, 0, tzinfo=BERLIN)),
        ("Notre équipe présente une démo à un client demain à 15 h.", "fr", "démo à un client demain à 15 h",
         datetime(2026, 11, 25, 15, 0, tzinfo=BERLIN)),
    ],
)  # fmt: skip
def test_deadlines_named_by_an_event_or_pointed_back_to(text, language, written, when):
    deadline = read_customer(text, "", language, TUESDAY).deadline
    assert deadline is not None and (deadline.text, deadline.at) == (written, when)


def test_a_far_deadline_leaves_no_rush_standing():
    far = read_customer("No rush at all. We renew on 15 March 2027, so before then.", "", "en", TUESDAY)
    near = read_customer("No rush. Our audit starts on 27 November.", "", "en", TUESDAY)
    assert far.deadline is not None and far.deadline.hard and is_calm(far)
    assert near.deadline is not None and not is_calm(near)


def test_facts_read_this_session():
    assert http_statuses("API : 401 sur POST /v2/webhooks") == (401,)
    assert http_statuses("Les appels renvoient une 401 avec invalid_token.") == (401,)
    assert [i.text for i in identifiers("Ihr Zeichen DS-2026-118, Kundennummer bleibt.")] == ["DS-2026-118"]
    assert identifiers("three dead TS-200 sensors") == ()  # a model, not a reference
    reading = read_customer(
        "Die Google-Kalender-Synchronisierung bricht ab, SSO über Okta endet in einer Schleife. Neuer Ansprechpartner "
        "ist Herr Dennis Albrecht. Das XLSX ist eine Stunde verschoben, zwei Hubs sind tot.",
        "", "de", TUESDAY,
    )  # fmt: skip
    assert {"Google Kalender", "Okta"} <= set(reading.facts.products) and reading.facts.people == ("Dennis Albrecht",)
    assert "eine Stunde" in reading.facts.measures
    assert "zwei Hubs" in [c.text for c in reading.facts.counts]
    assert slots(reading, "de")["products"][:2] == ["Google Kalender", "Okta"]


def test_forwarded_mail_under_a_short_note_is_read():
    text = (
        "Forwarding this from our accountant. Could you sort it out?\n\n"
        "---------- Forwarded message ---------\nFrom: Pieter <p@x.example>\nDate: Mon, 23 Nov 2026\n"
        "Subject: VAT\n\nThe invoice INV-2026-11-07352 shows 21% VAT of EUR 268.80.\n\n"
        "On Mon, 23 Nov 2026 Hanna wrote:\n> older mail"
    )
    body = forwarded_body(text, "Forwarding this from our accountant. Could you sort it out?")
    assert body == "The invoice INV-2026-11-07352 shows 21% VAT of EUR 268.80."
    assert forwarded_body(text, " ".join(["word"] * 200)) == ""  # a long note says it all itself
    assert "Pieter" not in without_forward_headers(text) and "EUR 268.80" in without_forward_headers(text)


@pytest.mark.parametrize(
    ("text", "language", "ours"),
    [
        ("I want an explanation of the root cause and of what you are doing about it", "en",
         "you want an explanation of the root cause and of what we are doing about it"),
        ("do we pay for the courier?", "en", "do you pay for the courier?"),
        ("do you send us a return label?", "en", "do we send you a return label?"),
        ("I am asking you to refund me", "en", "you are asking us to refund you"),
        ("den Betrag erneut einzuziehen oder mir kurz Bescheid zu geben", "de",
         "den Betrag erneut einzuziehen oder Ihnen kurz Bescheid zu geben"),
        ("dass Sie die Gebühr stornieren", "de", "dass wir die Gebühr stornieren"),  # the verb reads the same
        ("m'envoyer la facture corrigée à notre comptabilité", "fr",
         "vous envoyer la facture corrigée à votre comptabilité"),
        ("nous avons besoin qu'elles restent dans l'UE", "fr", "nous avons besoin qu'elles restent dans l'UE"),
    ],
)  # fmt: skip
def test_their_words_named_back_in_our_voice(text, language, ours):
    assert asked_line(text, True, language) == ours


def test_the_subject_as_their_own_title():
    assert subject_topic("Re: [Ticket #48213] CSV export missing rows") == "CSV export missing rows"
    assert subject_topic("URGENT - Example down for our whole team") == "Example down for our whole team"
    assert subject_topic("not working") == ""
