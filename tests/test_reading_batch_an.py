"""What blind batch an (ordinary mail: a forward with a note on top, two unrelated issues, a badge reader after a
firmware update, a payroll sync missing hours, a penetration test) taught the reading: "I tried what you suggested
(…)" is our advice tried, a time zone setting is named whole, a request to pass it to the engineers, a colleague's
question passed on ("Our treasurer has also asked if …"), "Bis dahin brauche ich eine Lösung …" as a need, a span of
days is no deadline, "a team lead or above" asks for someone senior, a purchase order number said with "lautet"/"est
le", and the count a question calls unused is not the new number.

Pure functions over text.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from pipeline.asked import asked_line
from pipeline.plan.asked_about import count_asked_about
from pipeline.plan.contact_asks import contact_requests
from pipeline.plan.second_problem import first_of_two
from tests.reading_support import reader

CET = timezone(timedelta(hours=1))
TUESDAY = datetime(2026, 12, 1, 10, 0, tzinfo=CET)


_read, _asks = reader(TUESDAY)


def test_what_you_suggested_in_brackets_is_our_advice_tried() -> None:
    facts = _read(
        'Thanks for the quick reply. I tried what you suggested (Settings > Exports > "Include custom fields", '
        "then ran the export again), but the two columns are still missing."
    ).facts
    assert facts.tried_our_advice
    assert facts.tried and facts.tried[0].startswith("Settings > Exports")  # the step, without its brackets
    german = _read("Ich habe ausprobiert, was Sie vorgeschlagen haben, und den Cache geleert. Es geht nicht.", "de")
    assert german.facts.tried_our_advice


def test_a_step_cut_inside_its_bracket_loses_the_bracket() -> None:
    facts = _read(
        "Leider hat das nichts gebracht. Ich habe wie vorgeschlagen unter Einstellungen > Standorte die Zeitzone "
        'geprüft (stand schon auf "Europe/Berlin", ich habe trotzdem neu gespeichert). Die Schichten sind weiter '
        "eine Stunde verschoben.",
        "de",
    ).facts
    assert facts.tried and "(" not in facts.tried[0]


def test_a_time_zone_setting_is_named_whole() -> None:
    facts = _read("The time zone was already set to Europe/London. November's overtime report is wrong too.").facts
    assert "Europe/London" in facts.products
    assert "London" not in facts.products and "November's" not in facts.products


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        (
            "Our treasurer has also asked if we could pay by bank transfer against an invoice rather than by card.",
            "en",
            "whether we could pay by bank transfer against an invoice rather than by card?",
        ),
        ("Unser Kassenwart fragt, ob wir auf Rechnung zahlen können.", "de", "ob wir auf Rechnung zahlen können?"),
        ("Notre trésorier demande si on peut payer par virement.", "fr", "si on peut payer par virement?"),
    ],
)
def test_a_colleagues_question_passed_on_is_asked(text: str, language: str, expected: str) -> None:
    assert _asks(text, language) == [expected]


def test_a_need_after_their_deadline_is_asked_in_our_voice() -> None:
    asks = _asks(
        "Unsere Unterlagen müssen am Donnerstag, 3.12., beim Steuerbüro sein. Bis dahin brauche ich entweder eine "
        "Lösung oder zumindest einen Weg, wie ich die fehlenden Stunden sauber nachtrage.",
        "de",
    )
    assert asks == ["ich brauche entweder eine Lösung oder zumindest einen Weg, wie ich die fehlenden Stunden sauber "
                    "nachtrage"]  # fmt: skip
    assert asked_line(asks[0], True, "de").startswith("Sie brauchen entweder eine Lösung")
    assert "wie Sie die fehlenden Stunden sauber nachtragen" in asked_line(asks[0], True, "de")  # not "wien Sie"
    assert _asks("Bis dahin brauche ich den Zugang unbedingt wieder.", "de") == []  # their deadline, said again


def test_what_we_do_so_it_does_not_happen_again_is_kept_whole() -> None:
    asks = _asks(
        "Je veux savoir ce qui s'est passé ce matin et ce que vous faites pour que ça ne se reproduise pas. Je veux "
        "aussi que les pointages de ce matin soient régularisés sans que mes responsables aient à tout ressaisir.",
        "fr",
    )
    assert asks[0] == "ce qui s'est passé ce matin et ce que vous faites pour que ça ne se reproduise pas?"
    assert asks[1].startswith("que les pointages de ce matin soient régularisés")
    english = _asks("I also want this morning's punches fixed without my managers re-entering everything.")
    assert english == ["this morning's punches fixed without my managers re-entering everything"]


def test_a_bare_can_you_help_under_a_forward_asks_nothing() -> None:
    assert _asks("See below from our AP team, can you help? Our invoice was rejected.") == []
    assert _asks("Voir ci-dessous le message de notre comptabilité. Vous pouvez faire le nécessaire ?", "fr") == []


@pytest.mark.parametrize(
    "text",
    [
        "Geplant ist der Zeitraum vom 18. bis 22. Januar 2027.",
        "Le test aura lieu du 8 au 12 février.",
        "The test runs from 11 January to 15 January 2027.",
    ],
)
def test_a_span_of_days_is_no_deadline(text: str) -> None:
    assert _read(text, "de").deadline is None


def test_a_deadline_with_bis_still_reads() -> None:
    found = _read("Bitte bis 22. Januar antworten.", "de").deadline
    assert found is not None and found.at.day == 22


@pytest.mark.parametrize(
    "text",
    [
        "I want a call this week with someone who knows what's causing this. A team lead or above.",
        "Et j'aimerais en parler avec quelqu'un de chez vous qui a un vrai pouvoir de décision.",
    ],
)
def test_someone_senior_asked_for(text: str) -> None:
    assert "senior" in contact_requests(text)


def test_the_team_lead_they_are_asks_for_nobody() -> None:
    assert "senior" not in contact_requests("I'm the team lead here and I need the rota fixed.")


@pytest.mark.parametrize(
    ("text", "language", "order"),
    [
        ("Die Bestellnummer für den Jahresvertrag lautet 4500123987.", "de", "4500123987"),
        ("Le bon de commande annuel est le BC-2026-0419, il couvre tout le contrat.", "fr", "BC-2026-0419"),
        ("The PO number for the renewal is 4500087312.", "en", "4500087312"),
    ],
)
def test_a_purchase_order_number_said_in_its_sentence(text: str, language: str, order: str) -> None:
    ids = _read(text, language).facts.ids
    assert any(i.kind == "order" and i.text == order for i in ids)


def test_staff_numbers_are_not_badges() -> None:
    ids = _read(
        "Un de nos salariés, M. Trabelsi (matricule 0412), nous a adressé une demande d'accès au titre de "
        "l'article 15 du RGPD.",
        "fr",
    )
    assert [(i.kind, i.text) for i in ids.facts.ids] == [("staff_id", "0412")]
    assert ids.for_staff  # someone who works for them now, not only a former employee


def test_the_seats_a_question_calls_unused_are_not_the_new_number() -> None:
    reading = _read(
        "We're on the Professional plan with 45 seats. We only need about 32 seats now. Do we get a credit for the "
        "13 seats we're not using, or does the lower number only apply from the next invoice?"
    )
    assert count_asked_about(reading) == "about 32 seats"


def test_a_count_inside_their_quoted_message_is_not_theirs() -> None:
    reading = _read(
        "Le transfert s'est terminé sans erreur (message « Synchronisation réussie – 96 salariés »), mais pour 7 "
        "salariés il manque des heures.",
        "fr",
    )
    assert count_asked_about(reading) == "7 salariés"


def test_two_unrelated_points_match_on_the_first() -> None:
    text = (
        "Guten Tag,\n\nzwei Dinge, die nichts miteinander zu tun haben:\n\n1. Im DATEV-Lohnexport für November "
        "fehlen bei drei Mitarbeiterinnen Stunden, alle mit Nachtdiensten über Mitternacht.\n\n2. Bitte schicken "
        "Sie Ihre Rechnungen ab sofort an buchhaltung@example.org.\n"
    )
    assert first_of_two(text).rstrip().endswith("über Mitternacht.")
    plain = "Im Export fehlen Stunden. Bitte prüfen Sie das.\n\n2. Zeile"
    assert first_of_two(plain) == plain  # no two things announced: the whole text
