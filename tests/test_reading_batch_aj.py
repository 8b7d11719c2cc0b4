"""What blind batch aj taught the reading: spoken French for "no rush", "nobody can sign in any more" as the hurry
it is, a list led by "Ich erwarte", a request after "bitten wir darüber hinaus um", a renewal ended by a decision
elsewhere, a compound question in a list item, paying their people on a day, and conditions in German questions.

Pure functions over text.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from pipeline.asked import asked_line
from pipeline.plan.contact_asks import contact_requests
from tests.reading_support import reader

CET = timezone(timedelta(hours=1))
THURSDAY = datetime(2026, 12, 3, 20, 0, tzinfo=CET)


_read, _asks = reader(THURSDAY)


def test_urgency_said_in_everyday_words() -> None:
    assert [(c.text, c.direction) for c in _read("Y a pas le feu.", "fr").cues] == [("Y a pas le feu", -1)]
    nobody = _read("depuis samedi, plus personne ne peut se connecter par SSO.", "fr")
    assert [c.direction for c in nobody.cues] == [1]
    calm = _read("Das eilt alles nicht, lassen Sie sich ruhig Zeit.", "de")
    assert [c.direction for c in calm.cues] == [-1, -1]


def test_a_list_of_what_they_expect() -> None:
    text = (
        "Ich erwarte\n- eine Erklärung, was da los war\n- die Gutschrift nach 5.1 auf der nächsten Rechnung\n\n"
        "Unser Vertrag läuft am 31.01. aus."
    )
    assert _asks(text, "de") == ["eine Erklärung, was da los war", "die Gutschrift nach 5.1 auf der nächsten Rechnung"]
    after = "Nach Abschluss der Datenübernahme bitten wir darüber hinaus um die vollständige Löschung aller Daten."
    assert _asks(after, "de") == ["die vollständige Löschung aller Daten"]


def test_leaving_for_a_decision_taken_elsewhere_is_no_threat() -> None:
    text = (
        "Das Stadtarchiv wird seinen Vertrag zum 31.03.2027 nicht verlängern. Ich möchte betonen, dass diese "
        "Entscheidung nichts mit Ihrem Produkt zu tun hat."
    )
    assert "not_renew" not in contact_requests(text)
    assert "not_renew" in contact_requests("Wenn das so bleibt, werden wir den Vertrag nicht verlängern.")


def test_a_compound_question_in_a_list_item_is_two() -> None:
    text = (
        "Au support, j'aimerais savoir :\n1. Est-ce qu'il faut changer de votre côté l'adresse courriel des 64 "
        "comptes, et si oui est-ce qu'on peut le faire en lot plutôt qu'un par un?\n"
    )
    assert _asks(text, "fr") == [
        "est-ce qu'il faut changer de votre côté l'adresse courriel des 64 comptes?",
        "si oui est-ce qu'on peut le faire en lot plutôt qu'un par un?",
    ]


def test_deadlines_on_paying_their_people_and_before_an_afternoon_hour() -> None:
    pay = _read("Je dois payer ces profs le 15 et je ne vais pas tout ressaisir.", "fr")
    assert pay.deadline is not None and (pay.deadline.at.month, pay.deadline.at.day) == (12, 15)
    hotel = _read("nos groupes arrivent cet après-midi, donc idéalement avant 15 h (heure de l'Est).", "fr")
    assert hotel.deadline is not None and hotel.deadline.text == "avant 15 h"


def test_german_questions_with_a_condition_and_their_doubt() -> None:
    assert asked_line("Falls wir doch alles löschen: Sind die Daten dann aus Ihren Backups raus?", True, "de") == (
        "Falls Sie doch alles löschen: Sind die Daten dann aus unseren Backups raus?"
    )
    doubt = "Was ich nicht weiß, ob Sie dafür irgendwas Offizielles von uns brauchen."
    assert _asks(doubt, "de") == ["ob Sie dafür irgendwas Offizielles von uns brauchen?"]
    both = "Sind die Daten dann auch aus Ihren Backups raus, und wie lange dauert das?"
    assert _asks(both, "de") == ["s" + both[1:]]  # "wie lange dauert das?" is about the backups, not a question alone


def test_what_they_need_from_us_after_a_colon() -> None:
    text = (
        "What we'd need from you, I think: an export of everything you hold about him, and afterwards his user deleted."
    )
    assert _asks(text) == ["an export of everything you hold about him, and afterwards his user deleted"]


def test_more_of_batch_aj() -> None:
    assert [i.text for i in _read("le webhook wh_7Qk2mZ est marqué « Désactivé »", "fr").facts.ids] == ["wh_7Qk2mZ"]
    from pipeline.plan.written_before import FOLLOW_UP

    assert not FOLLOW_UP.search("Frau Demir hat schon mehrfach den Stecker gezogen.")  # tried, not written
    assert FOLLOW_UP.search("Wir haben uns schon zweimal bei Ihnen gemeldet.")
    text = (
        "Für uns wäre hilfreich zu wissen, ob das Gerät für solche Temperaturen ausgelegt ist, und auch, was mit den "
        "Stempelungen passiert."
    )
    assert _asks(text, "de") == [
        "ob das Gerät für solche Temperaturen ausgelegt ist?",
        "was mit den Stempelungen passiert?",
    ]


def test_a_tickets_status_in_quotes_is_no_error_text() -> None:
    status = _read('das Ticket steht bei Ihnen jetzt auf "gelöst", ist es aber leider nicht.', "de")
    assert status.facts.error_messages == ()
    assert _read('the ticket export fails with "Export failed: timeout"').facts.error_messages == (
        "Export failed: timeout",
    )
