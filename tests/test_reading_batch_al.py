"""What blind batch al (ordinary mail, less obvious situations) taught the reading: until when they can be called
and a shift's hours are no deadline, nor a day done by ("by Friday like you said"), a day something starts on is
one ("auditors are in from 7 December, so … before then"), "like you said" is our advice applied, what would be
ideal is asked for, and a German question with a second clause after "oder" is named back whole.

Pure functions over text.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from pipeline.asked import asked_line
from tests.reading_support import reader

CET = timezone(timedelta(hours=1))
MONDAY = datetime(2026, 11, 30, 8, 40, tzinfo=CET)


_read = reader(MONDAY)[0]


def test_times_that_are_no_deadline() -> None:
    reachable = _read(
        "Das muss heute noch laufen, weil morgen die Stunden gemeldet werden.\n\nDanke und Gruß\nDeniz Kaya\n"
        "Tel. 0211 / 89-27514 (bis 13 Uhr erreichbar)",
        "de",
    )
    assert reachable.deadline is not None and reachable.deadline.text == "heute"
    assert reachable.call_until == "13:00"
    shift = _read(
        "Betroffen sind alle 11 Mitarbeiter der Nachtschicht (22:00 bis 06:00 Uhr). Unsere Lohnabrechnung geht am "
        "Montag, 7. Dezember, an den Steuerberater raus. Bis dahin brauche ich eine Korrektur.",
        "de",
    )
    assert shift.deadline is not None and shift.deadline.at.day == 7
    done = _read("We got every phone onto 5.12.1 by Friday like you said, and staff are still being logged out.")
    assert done.deadline is None
    assert done.facts.tried_our_advice


def test_a_day_something_starts_then_pointed_back_to() -> None:
    reading = _read("Our auditors are in from 7 December, so I do need the credit note before then.")
    assert reading.deadline is not None and reading.deadline.at.day == 7 and reading.deadline.hard


def test_what_would_be_ideal_is_asked_for() -> None:
    asks = [q.text for q in _read("No rush at all. A written quote would be lovely when you get a chance.").questions]
    assert "a written quote" in asks
    german = [q.text for q in _read("Ein schriftliches Angebot als PDF wäre ideal, weil das durch den Vorstand muss.",
                                    "de").questions]  # fmt: skip
    assert german == ["Ein schriftliches Angebot als PDF"]  # (a German noun phrase keeps its capital)


def test_a_german_question_with_a_second_clause_after_oder() -> None:
    line = asked_line(
        "Können wir den neuen Standort einfach in unserem bestehenden Konto anlegen, oder braucht es dafür einen "
        "eigenen Vertrag?",
        ours=True,
        language="de",
    )
    assert "ob Sie den neuen Standort einfach in Ihrem bestehenden Konto anlegen können, oder ob es dafür einen " \
        "eigenen Vertrag braucht?" in line  # fmt: skip


def test_a_second_ask_after_let_me_know_if() -> None:
    asks = [q.text for q in _read("Could someone please look into this and let me know if there's a setting I'm "
                                  "missing?").questions]  # fmt: skip
    assert asks == ["could someone please look into this?", "whether there's a setting I'm missing?"]
    assert _read("Let me know if you need anything else.").questions == ()  # a pleasantry still
