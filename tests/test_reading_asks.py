"""Questions, requests and contact requests read from the customer's text, in EN, DE and FR."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from pipeline.plan.asks import MAX_ASK
from pipeline.plan.contact_asks import not_ordered_yet
from pipeline.plan.customer import read_customer

RECEIVED = datetime(2026, 11, 4, 10, 30, tzinfo=ZoneInfo("Europe/Berlin"))


def asked(text: str, language: str = "en") -> list[tuple[str, str]]:
    return [(q.kind, q.text) for q in read_customer(text, "", language, RECEIVED).questions]


def test_english_questions_and_requests_as_short_clauses():
    text = (
        "Hi team,\n\nHope you are well. We are on the annual plan with 200 seats.\n"
        "Can we add seats mid-term? Please send the invoice to our accounts payable address.\n"
        "Could you confirm whether the renewal includes priority support?\n\nThanks,\nJane"
    )
    assert asked(text) == [
        ("question", "can we add seats mid-term?"),
        ("request", "send the invoice to our accounts payable address"),
        ("request", "confirm whether the renewal includes priority support"),
    ]


def test_pleasantries_and_quoted_history_are_no_questions():
    text = (
        "Hello, how are you? Hope you're well.\nThe export is fine now.\n\n"
        "On Mon, 2 Nov 2026 Support wrote:\n> Can you send a screenshot?"
    )
    assert asked(text) == []


def test_german_requests_and_a_numbered_list_give_one_request_each():
    text = (
        "Sehr geehrte Damen und Herren,\n\nKönnen Sie die Rechnung RE-2026-10-3381 prüfen? "
        "Ich bitte Sie, 1. die Rechnung zu korrigieren 2. den doppelten Betrag zu erstatten.\n"
        "Bitte senden Sie die Gutschrift an buchhaltung@example.de.\n\nMit freundlichen Grüßen\nMax"
    )
    assert asked(text, "de") == [
        ("request", "die Rechnung RE-2026-10-3381 prüfen"),
        ("request", "die Rechnung zu korrigieren"),
        ("request", "den doppelten Betrag zu erstatten"),
        ("request", "senden Sie die Gutschrift an buchhaltung@example.de"),
    ]


def test_a_german_question_keeps_its_nouns_capitalized():
    assert asked("Wie lange dauert die Erstattung?", "de") == [("question", "wie lange dauert die Erstattung?")]
    assert asked("Gibt es eine Rechnung für Oktober?", "de") == [("question", "gibt es eine Rechnung für Oktober?")]


def test_list_items_after_a_request_lead_are_requests():
    text = "Could you please:\n- cancel the second charge\n- send a corrected invoice\n"
    assert asked(text) == [("request", "cancel the second charge"), ("request", "send a corrected invoice")]


def test_french_requests_and_questions():
    text = (
        "Bonjour,\n\nPouvez-vous vérifier notre compte ? Merci de nous envoyer un avoir. "
        "Combien de temps prend le remboursement ?\n\nCordialement,\nMarie"
    )
    assert asked(text, "fr") == [
        ("request", "vérifier notre compte"),
        ("request", "nous envoyer un avoir"),
        ("question", "combien de temps prend le remboursement?"),
    ]


def test_a_long_question_is_cut_at_a_clause_boundary():
    text = (
        "Can you tell me whether the seats we add in the middle of the term are billed pro rata for the rest of "
        "the contract year, or whether they are billed for the full year from the start of the next cycle?"
    )
    ((kind, clause),) = asked(text)
    # "tell me whether …" asks a question; past MAX_ASK it is cut at its ", or whether", never mid-phrase
    assert kind == "question" and len(clause) <= MAX_ASK
    assert clause == (
        "whether the seats we add in the middle of the term are billed pro rata for the rest of the contract year?"
    )
    assert not clause.endswith((",", " or"))


@pytest.mark.parametrize(
    ("text", "language", "kinds"),
    [
        ("Can you call me this afternoon on +49 30 1234567?", "en", ("call",)),
        ("Can we have a quick call tomorrow?", "en", ("call",)),
        ("Bitte um Rückruf unter 030 1234567.", "de", ("call",)),
        ("Appelez-moi au 01 23 45 67 89 s'il vous plaît.", "fr", ("call",)),
        ("I want to speak to a manager about this.", "en", ("senior",)),
        ("Please escalate this to someone senior.", "en", ("senior",)),
        ("Ich möchte mit Ihrem Vorgesetzten sprechen.", "de", ("senior",)),
        ("Je souhaite parler à un responsable.", "fr", ("senior",)),
        ("Our account manager said this was included.", "en", ()),
        ("If this is not fixed this week, we will cancel.", "en", ("cancel_threat",)),
        ("We are considering cancelling our subscription.", "en", ("cancel_threat",)),
        ("If I don't hear back by Friday, I'm cancelling and moving to a competitor.", "en", ("cancel_threat",)),
        ("I am cancelling my subscription, please confirm.", "en", ()),  # a request, not a threat
        ("Wenn das so bleibt, kündigen wir zum Monatsende.", "de", ("cancel_threat",)),
        ("Sans réponse, nous allons résilier le contrat.", "fr", ("cancel_threat",)),
        ("We will not renew in March at this price.", "en", ("not_renew",)),
        ("We are not renewing unless this is fixed.", "en", ("not_renew",)),
        ("Dann werden wir den Vertrag nicht verlängern.", "de", ("not_renew",)),
        ("Nous allons ne pas renouveler notre abonnement.", "fr", ("not_renew",)),
        ("The API call to /v2/exports fails.", "en", ()),
    ],
)
def test_contact_requests(text, language, kinds):
    assert read_customer(text, "", language, RECEIVED).contact_requests == kinds


def test_a_list_after_a_comma_lead_gives_one_request_per_item_wrapped_lines_included():
    text = (
        "Ich bitte Sie daher,\n"
        "1. den Betrag über das neue Konto erneut einzuziehen\n"
        "   oder mir kurz Bescheid zu geben, dann überweise ich ihn selbst, und\n"
        "2. die Gebühr von 9,50 € zu stornieren.\n"
    )
    assert asked(text, "de") == [
        # "…, dann überweise ich ihn selbst" is what they will do, not what they ask of us
        ("request", "den Betrag über das neue Konto erneut einzuziehen oder mir kurz Bescheid zu geben"),
        ("request", "die Gebühr von 9,50 € zu stornieren"),
    ]  # fmt: skip


def test_their_deadline_wrapped_over_two_lines_is_no_request_to_us():
    text = "Same result in Chrome and Firefox. We need this for our month-end close\nnext week, so it's pressing.\n"
    assert asked(text) == []


def test_someone_writing_before_they_order_has_no_order_number_to_give():
    assert not_ordered_yet("ich würde gern die Wanderschuhe in Größe 38 bestellen, wohne aber in Wien")
    assert not_ordered_yet("Before we buy, can you tell us the delivery time?")
    assert not_ordered_yet("Je voudrais commander deux capteurs.")
    assert not not_ordered_yet("We ordered too many door sensors, order #100391.")


def test_a_pointer_to_their_attachment_is_nothing_to_answer():
    text = (
        "this invoice was paid by bank transfer on 30 October — please see the attached remittance advice. "
        "Could you please check with your finance team and confirm that it is marked as paid?\n"
    )
    assert asked(text) == [("request", "check with your finance team and confirm that it is marked as paid")]


def test_a_dash_after_a_lead_in_is_not_part_of_the_question():
    assert asked("quick question - is it possible to have two admins on one account?\n") == [
        ("question", "is it possible to have two admins on one account?")
    ]
