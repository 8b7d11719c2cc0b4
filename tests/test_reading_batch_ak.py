"""What blind batch ak (ordinary support mail) taught the reading: the months a request names, a day told without
its month, what they are doing as they write, a time that tells the story or gives a range, needs that are only
scope, a plan they are unsure of, what matters to them, and a status "comes back with".

Pure functions over text.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from pipeline.plan.customer import slots
from pipeline.plan.facts import dates, http_statuses
from pipeline.plan.months import months_named
from tests.reading_support import reader

CET = timezone(timedelta(hours=1))
TUESDAY = datetime(2026, 11, 24, 16, 0, tzinfo=CET)


_read, _asks = reader(TUESDAY)


def test_the_months_a_request_names() -> None:
    assert months_named("reissue the invoices for September and October 2026") == "September and October 2026"
    assert months_named("die Rechnungen von Juli bis September schicken") == "Juli bis September"
    assert months_named("des factures d'octobre et novembre") == "octobre et novembre"
    assert months_named("send the invoices for Q3 2026") == "Q3 2026"
    # a month with its day is a date, and "may" is no month
    assert months_named("the invoice from 2 November") == ""
    assert months_named("le 1er mars") == "" and months_named("the 3rd of March") == ""
    assert months_named("we may need it") == ""
    assert months_named("May we have the invoices for Q3?") == "Q3"
    reading = _read("Could you please add it to our account and reissue the invoices for September and October 2026?")
    assert slots(reading, "en")["months"] == "September and October 2026"
    assert slots(_read("We have been customers since March. Please send invoice INV-2026-0412."), "en")["months"] == ""


def test_a_day_told_without_its_month() -> None:
    base = date(2026, 11, 24)
    told = dates("two charges of €342.00, one on the 20th and one on the 21st, so", "en", base)
    assert [(d.text, d.on) for d in told] == [("on the 20th", date(2026, 11, 20)), ("on the 21st", date(2026, 11, 21))]
    assert [d.on.day for d in dates("zwei Abbuchungen, am 20. und am 21.", "de", base)] == [20, 21]
    assert [d.on.day for d in dates("prélevé deux fois, le 20 et le 21.", "fr", base)] == [20, 21]
    # a day still to come may be next month's; "the 3rd time" is no day
    assert dates("our payroll run is on the 30th.", "en", base) == ()
    assert dates("this is the 3rd time I write", "en", base) == ()


def test_what_they_are_doing_as_they_write_is_not_tried() -> None:
    reading = _read(
        "I'm trying to do the payroll export to Xero and it's coming out wrong.\n\n"
        "I've tried running it again and downloading it as CSV instead – same 42 rows either way."
    )
    assert not any("trying to do" in t for t in reading.facts.tried)
    assert any(t.startswith("running it again") for t in reading.facts.tried)


def test_times_that_are_no_deadline() -> None:
    back = _read("It was a bit better on Tuesday afternoon and by Wednesday morning it was back to how it was.")
    assert back.deadline is None
    period = _read("I need the payroll export to Xero for the period 26 Oct – 22 Nov.")
    assert period.deadline is None  # a day and month rolled into next year is one they told of
    seconds = _read("Die Board-Ansicht braucht jetzt 8 bis 12 Sekunden, bis sie geladen ist.", "de")
    assert seconds.deadline is None
    real = _read("I need to have the file into Xero by Friday afternoon at the latest.")
    assert real.deadline is not None and real.deadline.text == "by Friday afternoon"


def test_needs_that_only_say_the_scope_ask_nothing() -> None:
    asks = _asks(
        "Ich habe mir Ihre Website angeschaut, bin mir aber nicht sicher, welcher Tarif für uns passt. Wir brauchen "
        "eigentlich nur die Planung und für die 6 Festangestellten die Arbeitszeiterfassung. Eine Lohnschnittstelle "
        "brauchen wir nicht, das macht unser Steuerberater.",
        "de",
    )
    assert asks == ["welcher Tarif für uns passt?"]
    assert _asks("Bitte um schnelle Rückmeldung!", "de") == []
    assert _asks("I'm not sure which plan is right for a school our size.") == [
        "which plan is right for a school our size?"
    ]


def test_a_list_of_changes_asks_for_each_change_not_for_what_stays() -> None:
    asks = _asks(
        "Bitte ändern Sie deshalb Folgendes:\n\n1. Bankverbindung: neue IBAN DE44 2005 0550 1234 5678 90. Ein neues "
        "SEPA-Mandat unterschreibe ich gern, schicken Sie mir einfach das Formular.\n2. Rechnungsanschrift ab sofort: "
        "Stresemannstraße 374, 22761 Hamburg. Die USt-IdNr. bleibt DE287654321.\n\nMir ist wichtig, dass dadurch "
        "keine Mahngebühren entstehen.",
        "de",
    )
    assert any("Formular" in a and "unterschreibe" not in a for a in asks)
    assert not any("bleibt" in a for a in asks)
    assert "dass dadurch keine Mahngebühren entstehen" in asks


def test_a_status_that_comes_back() -> None:
    assert http_statuses("Every POST to /v2/timesheets comes back with a 500 and this body:") == (500,)


def test_what_a_faulty_device_does() -> None:
    from pipeline.plan.symptoms import symptoms, worded

    assert symptoms("One of the TC-300 time clocks has started rebooting itself every 10-15 minutes.") == ("restarts",)
    assert symptoms("unser Terminal zeigt seit Freitag nur noch ein schwarzes Display.") == ("black_screen",)
    assert symptoms("le lecteur ne lit plus les badges depuis lundi") == ("not_reading",)
    assert symptoms("The beep is far too loud.") == ()
    assert worded(("black_screen",), "de") == "zeigt nur noch ein schwarzes Display"
    assert worded((), "en") == ""


def test_a_day_and_what_it_is() -> None:
    reading = _read(
        "Die 35 Leute schreiben ihre Zeiten gerade auf Zettel, und am 30. ist unser Lohnlauf. Bis dahin muss alles "
        "im System sein.",
        "de",
    )
    assert reading.deadline is not None and reading.deadline.text == "am 30. ist unser Lohnlauf"


def test_questions_counted_off_on_the_one_hand_and_the_other() -> None:
    asks = _asks(
        "Nous aurions besoin de savoir, d'une part, où sont hébergées les données et si des sous-traitants hors de "
        "l'Union européenne peuvent y accéder ; d'autre part, si les données sont chiffrées au repos, et si vous "
        "disposez d'une certification ISO 27001.",
        "fr",
    )
    assert asks == [
        "où sont hébergées les données?",
        "si des sous-traitants hors de l'Union européenne peuvent y accéder?",
        "si les données sont chiffrées au repos?",
        "si vous disposez d'une certification ISO 27001?",
    ]


def test_what_the_senior_person_is_to_explain_is_asked_too() -> None:
    asks = _asks(
        "I want a call with someone senior on your side next week – not another ticket reply – who can tell me what "
        "is actually wrong and when it will be fixed properly."
    )
    assert "what is actually wrong and when it will be fixed properly?" in asks
