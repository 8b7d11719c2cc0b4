"""What blind batch ah taught the reading: ids the customer takes back, counts that changed, serials listed one per
line, a deadline in someone else's time zone, times that belong to a call, a complaint about our tone, what they
say they attached, and German and French ways of asking that had no question mark.

Pure functions over text.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from tests.reading_support import reader

CET = timezone(timedelta(hours=1))
MONDAY = datetime(2026, 12, 7, 10, 0, tzinfo=CET)


_read, _asks = reader(MONDAY)


def test_an_id_the_customer_takes_back_is_not_theirs() -> None:
    english = _read("Sorry, I meant INV-2026-11-3390, not the October one INV-2026-10-3381.")
    assert [i.text for i in english.facts.ids] == ["INV-2026-11-3390"]
    french = _read("Il s'agit de la facture FA-2026-3390, et non de la FA-2026-3381.", "fr")
    assert [i.text for i in french.facts.ids] == ["FA-2026-3390"]
    # two different invoices named side by side both stay
    both = _read("Both INV-2026-11-3390 and INV-2026-10-3381 were charged twice.")
    assert len(both.facts.ids) == 2


def test_a_count_that_changed_is_read_as_it_is_now() -> None:
    reading = _read("Letzte Woche konnten sich noch 9 Nutzer anmelden, aber jetzt nur noch 7.", "de")
    assert [c.text for c in reading.facts.counts] == ["9 Nutzer", "7 Nutzer"]


def test_serials_listed_one_per_line() -> None:
    reading = _read("The affected units are:\nSN-4411-AB\nSN-4412-AB\nSN-4415-AB\n\nAll three stopped on Friday.")
    assert [i.text for i in reading.facts.ids] == ["SN-4411-AB", "SN-4412-AB", "SN-4415-AB"]


def test_seconds_are_no_currency_and_a_letter_date_is_no_fact() -> None:
    assert _read("Der Export bricht nach 10 Sek. ab.", "de").facts.amounts == ()
    letter = _read("Eschwege, 4. Dezember 2026\n\nSehr geehrte Damen und Herren,\nder Export fehlt.", "de")
    assert letter.facts.dates == ()
    assert _read("Im Export fehlen alle Buchungen ab Oktober 20 Uhr.", "de").facts.dates == ()


def test_a_deadline_in_their_time_zone() -> None:
    reading = _read("Il nous faut le correctif avant 17 h heure du Pacifique jeudi.", "fr")
    assert reading.deadline is not None
    assert str(reading.deadline.at.tzinfo) == "America/Los_Angeles"
    assert (reading.deadline.at.day, reading.deadline.at.hour) == (10, 17)


def test_month_end_is_a_deadline() -> None:
    reading = _read("We need the corrected export before month-end, when our payroll office closes the books.")
    assert reading.deadline is not None and reading.deadline.text.endswith("month-end")
    assert (reading.deadline.at.month, reading.deadline.at.day) == (12, 31)


def test_times_of_a_call_are_no_deadline() -> None:
    assert _read("Please call me at 3 pm today on 0171 555 0199.").deadline is None
    german = _read("Bitte rufen Sie mich zurück, am besten zwischen 14 und 16 Uhr.", "de")
    assert german.deadline is None
    since = _read("Der Fehler besteht seit heute Nachmittag, von heute Nachmittag an geht nichts.", "de")
    assert since.deadline is None


def test_a_complaint_about_our_tone() -> None:
    assert _read("Votre collègue m'a pris pour un débutant dans sa dernière réponse.", "fr").our_tone
    assert _read("Your agent treated me like an idiot in the last reply.").our_tone
    assert not _read("The app treats dates like text, which breaks our reports.").our_tone


def test_what_they_say_they_attached() -> None:
    assert _read("I have attached the screenshot of the error.").attachment_said == "screenshot"
    assert _read("We need the screenshot of the error.").attachment_said == ""


def test_asks_without_a_question_mark() -> None:
    assert _asks("Ich muss also wissen, woran es liegt.", "de") == ["woran es liegt?"]
    assert _asks("Ich bitte um Mitteilung, welche Daten Sie gespeichert haben.", "de") == [
        "welche Daten Sie gespeichert haben?"
    ]
    assert _asks("Im Rahmen der Prüfung ersuchen wir Sie, den beiliegenden Fragebogen auszufüllen.", "de") == [
        "den beiliegenden Fragebogen auszufüllen"
    ]
    assert _asks("Der Export ist unvollständig – bitte nennen Sie uns den Grund.", "de") == ["nennen Sie uns den Grund"]


def test_counted_and_listed_asks() -> None:
    assert _asks("Two questions: can we add seats mid-term, and will the price change?") == [
        "can we add seats mid-term?",
        "will the price change?",
    ]
    listed = "I am making a formal request for the following:\n- a copy of all data you hold\n- the list of processors"
    assert _asks(listed) == ["a copy of all data you hold", "the list of processors"]


def test_what_they_only_want_to_say() -> None:
    assert _asks("I'd also like to say that your support team was very helpful last time.") == []


def test_a_threat_that_ends_on_two_conditions() -> None:
    assert _asks("We will not renew unless this is fixed and you explain why it happened.") == [
        "a fix, and an explanation of why it happened"
    ]


def test_a_company_name_with_a_full_stop_and_a_former_name() -> None:
    reading = _read('We bought it from Miller & Co. (Hamburg) last year. Our workspace "northwind" (was "nw-old").')
    assert reading.facts.names == ("northwind",)
