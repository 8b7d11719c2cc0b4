"""What blind batch af (and the rest of batch ae) taught the reading: workspace slugs said plainly, an urgent mark
their mail client sets, "next week is fine", threats that end on what would stop them, our own advice quoted back,
polite German and French asks, and contract terms that are no products.

Pure functions over text.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from pipeline.asked import clipped
from pipeline.plan.customer import Question
from pipeline.plan.pointing import with_context
from pipeline.plan.reading import key_sentence
from tests.reading_support import reader

CET = timezone(timedelta(hours=1))
MONDAY = datetime(2026, 11, 30, 10, 0, tzinfo=CET)


_read, _asks = reader(MONDAY)


def test_workspace_slugs_said_plainly() -> None:
    assert _read('Unser Workspace heißt "sonnenhof-pflege".', "de").facts.names == ("sonnenhof-pflege",)
    assert _read("1) Shops (cullen-retail workspace): nobody can sign in.").facts.names == ("cullen-retail",)


def test_an_urgent_mark_their_client_sets_and_next_week_is_fine() -> None:
    text = (
        'bitte nicht vom "URGENT" im Betreff irritieren lassen, das setzt unser Mailprogramm automatisch davor. '
        "Eilig ist es eigentlich nicht, es reicht völlig, wenn Sie das nächste Woche erledigen."
    )
    reading = _read(text, "de", subject="URGENT: Neue Firmierung")
    assert [c.direction for c in reading.cues] == [-1]
    assert reading.questions == ()  # "don't be put off by the URGENT" asks nothing
    assert reading.deadline is not None and reading.deadline.text == "nächste Woche"
    assert [c.text for c in _read("not a huge rush on the scanner honestly.").cues] == ["not a huge rush"]


def test_threats_that_end_on_what_would_stop_them() -> None:
    english = (
        "I am not renewing for another year of this unless I get a proper explanation of what is actually wrong "
        'and a fix that works, not another "please reconnect".'
    )
    assert _asks(english) == ["a proper explanation of what is actually wrong and a fix that works"]
    german = (
        "Wenn ich bis Freitag, 4. Dezember, keine schriftliche Erklärung zu den Ursachen und keinen Vorschlag für "
        "eine Gutschrift auf dem Tisch habe, verlängern wir nicht."
    )
    assert _asks(german, "de") == [
        "eine schriftliche Erklärung zu den Ursachen und einen Vorschlag für eine Gutschrift"
    ]


def test_our_own_advice_quoted_back_and_called_wrong() -> None:
    text = (
        "Your colleague's answer below is just wrong:\n\n"
        '"The slowness is most likely caused by your browser. Please try clearing your cache or using Chrome."\n\n'
        "Every shop manager gets the same thing."
    )
    reading = _read(text)
    assert reading.we_were_wrong
    assert reading.questions == ()  # "please try clearing your cache" was our advice, not their ask


def test_polite_asks_in_german_and_french() -> None:
    assert _asks("Zunächst möchte ich mich ganz herzlich bei Ihnen bedanken.", "de") == []
    asked = _asks(
        "Ich wollte deshalb vorsichtig nachfragen, ob Sie gemeinnützigen Organisationen einen Nachlass gewähren, "
        "und mit welchen Kosten wir dann ungefähr rechnen müssten.",
        "de",
    )
    assert asked == [
        "ob Sie gemeinnützigen Organisationen einen Nachlass gewähren?",
        "mit welchen Kosten wir dann ungefähr rechnen müssten?",
    ]
    assert _asks("Ma question est plutôt commerciale : on est sur le plan Équipe, facturé au mois.", "fr") == []


def test_a_short_question_points_at_the_first_clause_of_a_long_sentence() -> None:
    previous = (
        "PS : depuis une semaine l'appli rame pas mal le matin entre 8h et 9h, quand tous les moniteurs regardent "
        "leur planning en même temps (genre 20 secondes pour afficher la semaine)."
    )
    pointed = with_context(Question("c'est connu chez vous?", "question"), previous)
    assert pointed.text == "depuis une semaine l'appli rame pas mal le matin entre 8h et 9h — c'est connu chez vous?"


def test_a_question_cut_short_keeps_the_question_not_its_condition() -> None:
    text = (
        "si on passe à 2 licences, est-ce que les moniteurs désactivés pourront quand même consulter leurs heures "
        "pointées de la saison?"
    )
    cut = clipped({"text": text, "ours": text})["text"]
    assert cut.startswith("est-ce que les moniteurs désactivés")


def test_a_pasted_table_is_never_the_quoted_sentence() -> None:
    text = (
        "Allein im November:\n\nDatum Zeitraum Was\n04.11.2026 07:10 – 08:05 Login nicht möglich\n"
        "16.11.2026 13:30 – 14:15 Berichte laden nicht\n\nDazu kommt, dass die Dienstplan-Ansicht seit Wochen "
        "20 bis 30 Sekunden zum Laden braucht."
    )
    assert (
        key_sentence(text, "Ausfälle")
        == "Dazu kommt, dass die Dienstplan-Ansicht seit Wochen 20 bis 30 Sekunden zum Laden braucht."
    )


def test_contract_terms_are_no_products() -> None:
    text = "Pursuant to clause 14.2 of the Agreement, we give notice with effect from the end of the Subscription Term."
    products = _read(text).facts.products
    assert "Agreement" not in products and "Subscription Term" not in products


def test_what_batch_ag_taught() -> None:
    # a compound German day and noon; a trial that ends on a day; "rien ne presse" beside "rien n'est bloqué"
    noon = _read("die Schichtplaene muessen bis Donnerstagmittag raus.", "de").deadline
    assert noon is not None and (noon.at.day, noon.at.hour) == (3, 12)
    trial = _read("Unfortunately the trial ends this Friday, 4 December, and our committee meets on the 10th.").deadline
    assert trial is not None and trial.at.day == 4
    calm = _read("Les employés pointent normalement, rien n'est bloqué. Rien ne presse vraiment.", "fr")
    assert [c.direction for c in calm.cues] == [-1, -1]
    # a clock time ends its sentence; what was not published before 9 h 30 is no deadline; the stretch with its day
    text = (
        "Notre plateforme était indisponible le mercredi 2 décembre 2026, de 8 h 40 à 11 h 15 environ. Aucune "
        "information n'a été publiée avant 9 h 30. Ces éléments nous sont nécessaires pour la réunion du jeudi 17 "
        "décembre."
    )
    reading = _read(text, "fr")
    assert reading.facts.since == "mercredi 2 décembre de 8 h 40 à 11 h 15 environ"
    assert reading.deadline is not None and reading.deadline.at.day == 17


def test_our_survey_question_thrown_back_asks_nothing() -> None:
    assert _asks("You want a rating? 2 out of 10 and thats being generous.") == []
