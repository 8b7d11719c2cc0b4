"""What blind batch ac taught the reading: a number they correct is no fact any more, what they never did is no
step they tried, and "avant :)" points back to the day before it.

Pure functions over text.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from pipeline.plan.customer import read_customer
from pipeline.plan.renamed import corrected_numbers

CET = timezone(timedelta(hours=1))
MONDAY = datetime(2026, 12, 7, 10, 0, tzinfo=CET)


def test_a_number_they_correct_is_no_fact_any_more() -> None:
    text = "Apologies, I gave you the wrong number yesterday. I wrote 12 users, it's actually 21. Quote 21 seats?"
    assert corrected_numbers(text) == {12}
    assert [c.number for c in read_customer(text, "", "en", MONDAY).facts.counts] == [21]
    french = "Petite correction : j'ai écrit qu'on serait 12 utilisateurs, c'est en fait 21."
    assert corrected_numbers(french) == {12}
    assert corrected_numbers("We have 12 users and 21 sensors.") == frozenset()


def test_what_they_never_did_is_no_step_they_tried() -> None:
    reading = read_customer("And no, I never saved those backup codes, I know.", "", "en", MONDAY)
    assert reading.facts.tried == ()


def test_avant_with_a_smiley_points_back_to_its_day() -> None:
    found = read_customer("On met en prod chez le client jeudi, donc idéalement une réponse avant :)", "", "fr", MONDAY)
    assert found.deadline is not None and found.deadline.at.day == 10
