"""What blind batch a taught the reading: a side question's answer must share its topic, clauses of a contract
quoted back, a forward under a bare header block or inside a reminder, their "vous" for us, "Eilig ist es nicht",
the end of the year or of this week, a time in their time zone, a span of clock times that is no deadline, a list
that finishes the sentence asking for it, "since abt 6.30", and a sensor's serial by its shape.

Pure functions over text; the drafts these make are in ``tests/test_drafts_batch_t.py``.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from pipeline.asked import asked_line
from pipeline.parse.forwards import forwarded_body
from pipeline.plan.asks import questions
from pipeline.plan.clauses import sentences
from pipeline.plan.customer import read_customer
from pipeline.plan.facts import identifiers
from pipeline.plan.rights import clauses_quoted
from pipeline.plan.since import since

CET = timezone(timedelta(hours=1))
WEDNESDAY = datetime(2026, 12, 2, 9, 0, tzinfo=CET)


@pytest.mark.parametrize(
    ("text", "clauses"),
    [
        ('Your own SLA, clause 9.2: "If Monthly Availability falls below 99.9% …"', ("clause 9.2",)),
        ("Ziffer 4.2 des Service Level Agreements (Anlage 2) lautet:", ("Ziffer 4.2",)),
        ("conformément à l'article 7.2 de vos CGV", ("article 7.2",)),
        ("nach Art. 28 DSGVO", ()),  # a law's article, not a clause of theirs
    ],
)
def test_clauses_quoted_back_at_us(text: str, clauses: tuple[str, ...]) -> None:
    assert clauses_quoted(text) == clauses


def test_a_forward_under_a_bare_header_block() -> None:
    note = "Je vous transfère ci-dessous la demande de notre RSSI.\n\nMerci,\nThomas"
    text = (
        f"{note}\n\nDe : Claire Meunier <c.meunier@example.fr>\nEnvoyé : jeudi 3 décembre 2026 17:52\n"
        "À : Thomas <t@example.fr>\nObjet : Questionnaire\n\nThomas,\n\nIl me faut leurs réponses sur l'hébergement."
    )
    assert forwarded_body(text, note).endswith("Il me faut leurs réponses sur l'hébergement.")


def test_a_reminder_whose_new_text_runs_on_into_the_forward() -> None:
    note = "Je me permets de vous relancer : mon message du 19 novembre est resté sans réponse.\n"
    forward = (
        "-------- Message transféré --------\nSujet : Effacement\nDate : Thu, 19 Nov 2026 09:48:22 +0100\n"
        "Pour : support@example.com\n\nBonjour,\n\n" + "Deux anciennes salariées demandent l'effacement. " * 30
    )
    body = forwarded_body(note + forward, note + forward)
    assert body.startswith("Bonjour,") and "Sujet" not in body


@pytest.mark.parametrize(
    ("line", "ours"),
    [
        ("si vous pouvez m'adresser une confirmation écrite", "si nous pouvons vous adresser une confirmation écrite"),
        ("si vous pouvez procéder à l'effacement, y compris dans vos sauvegardes",
         "si nous pouvons procéder à l'effacement, y compris dans nos sauvegardes"),
        ("comment vous comptez compenser les heures?", "comment nous comptons compenser les heures?"),
    ],
)  # fmt: skip
def test_their_vous_for_us_is_our_nous(line: str, ours: str) -> None:
    assert asked_line(line, True, "fr") == ours


@pytest.mark.parametrize(
    ("language", "text", "day"),
    [
        ("de", "Wenn die Geschwindigkeit bis Jahresende nicht wieder normal ist, verlängern wir nicht.", 31),
        ("en", "I want three things from you by the end of this week:", 4),
        ("fr", "Il faut que ce soit réglé d'ici la fin de l'année.", 31),
        ("de", "Wir bitten um Ihre Rückmeldung bis zum 11. Dezember 2026.", 11),
    ],
)
def test_the_end_of_the_year_or_of_this_week(language: str, text: str, day: int) -> None:
    found = read_customer(text, "", language, WEDNESDAY).deadline
    assert found is not None and found.at.day == day


def test_a_time_in_their_time_zone_keeps_its_day() -> None:
    pacific = datetime(2026, 11, 30, 16, 0, tzinfo=timezone(timedelta(hours=-8)))
    text = "I have to tell their controller, so an answer by 9am Pacific on Thursday would be ideal."
    found = read_customer(text, "", "en", pacific).deadline
    assert found is not None and found.text == "by 9am Pacific on Thursday" and (found.at.day, found.at.hour) == (3, 9)


def test_a_span_of_clock_times_is_how_long_it_was_down_not_a_deadline() -> None:
    text = (
        "Am Dienstag war Ihre Plattform von ca. 07:40 Uhr bis 10:15 Uhr nicht nutzbar.\n"
        "Wir bitten um Ihre Rückmeldung bis zum 11. Dezember 2026."
    )
    found = read_customer(text, "", "de", WEDNESDAY).deadline
    assert found is not None and found.text == "bis zum 11. Dezember 2026"
    assert since(text) == "am Dienstag von ca. 07:40 Uhr bis 10:15 Uhr"  # the day it was down, then how long


def test_eilig_ist_es_nicht_is_calm() -> None:
    reading = read_customer("Eilig ist es nicht, die Schulkonferenz entscheidet erst im Februar.", "", "de", WEDNESDAY)
    assert [c.direction for c in reading.cues] == [-1]


def test_a_list_that_finishes_the_sentence_asking_for_it() -> None:
    text = (
        "Wir machen hiermit die Gutschrift geltend und bitten Sie\n1. um schriftliche Bestätigung der Ausfallzeit,\n"
        "2. um eine Stellungnahme zur Ursache, sowie\n3. um Verrechnung der Gutschrift mit der nächsten Monatsrechnung."
    )
    asked = [q.text for q in questions(sentences(text), "de")]
    assert asked == [
        "schriftliche Bestätigung der Ausfallzeit",
        "eine Stellungnahme zur Ursache",
        "Verrechnung der Gutschrift mit der nächsten Monatsrechnung",
    ]


def test_since_abt() -> None:
    assert since("app not loading for any of our crews since abt 6.30, just spins") == "since abt 6.30"


def test_a_sensor_serial_by_its_shape() -> None:
    found = identifiers("les trois capteurs TS-40 (TS40-22817, TS40-22818 et TS40-22824)")
    assert [i.text for i in found] == ["TS40-22817", "TS40-22818", "TS40-22824"]
