"""What blind batch ab taught the reading: our own promise quoted back is no deadline of theirs, a concert tonight
is, "due at the end of January", "seit ca 15:50", their apology for an earlier mail, an item already sent back,
"when will it be paid?" about the refund the sentence before names, "Mir wäre lieb, wenn …", and a request whose
deadline sentence ran on after a dash.

Pure functions over text; the drafts are in ``tests/test_drafts_batch_t.py``.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from pipeline.plan.asks import questions
from pipeline.plan.clauses import sentences
from pipeline.plan.cues import they_apologised
from pipeline.plan.customer import Question, read_customer
from pipeline.plan.own_task import without_deadline
from pipeline.plan.reading import topic_of
from pipeline.plan.since import since

CET = timezone(timedelta(hours=1))
MONDAY = datetime(2026, 12, 7, 16, 0, tzinfo=CET)
THURSDAY = datetime(2026, 12, 10, 9, 0, tzinfo=CET)


def test_our_promise_quoted_back_is_no_deadline_of_theirs() -> None:
    text = (
        "Am 3. Dezember schrieb mir Ihr Kollege wörtlich: „Wir haben die Ursache identifiziert und melden uns "
        "spätestens am Montag mit einer Lösung bei Ihnen.“ Wenn das Problem nicht bis Ende nächster Woche gelöst ist, "
        "werden wir nicht verlängern."
    )
    found = read_customer(text, "", "de", THURSDAY).deadline
    assert found is not None and found.text == "bis Ende nächster Woche"


def test_a_concert_tonight_and_a_return_due_at_the_end_of_january() -> None:
    concert = read_customer("Wir spielen heute abend um 19:30, Musiker kommen ab 17:30.", "", "de", MONDAY).deadline
    assert concert is not None and (concert.at.hour, concert.at.minute) == (19, 30) and concert.hard
    text = "Their accountant needs a correct invoice for their VAT return, which is due at the end of January."
    due = read_customer(text, "", "en", MONDAY).deadline
    assert due is not None and (due.at.month, due.at.day) == (1, 31)


def test_since_ca_without_its_dot() -> None:
    assert since("Seit ca 15:50 geht gar nix mehr.") == "seit ca 15:50"


def test_their_apology_for_an_earlier_mail() -> None:
    assert they_apologised("First of all, an apology. My email yesterday afternoon was rude, and I'm sorry.")
    assert they_apologised("Entschuldigen Sie bitte meine gestrige Mail, der Ton war daneben.")
    assert they_apologised("Je m'excuse pour mon dernier message, j'étais à bout.")
    assert not they_apologised("Sorry to bother you, but the export is empty.")


def test_an_item_already_sent_back() -> None:
    text = "Sent the faulty BS-300 scanner back on 12 Nov under RMA-20931, delivered to you 16 Nov. Still no refund."
    assert topic_of("returns", text) == "sent_back"
    assert (
        topic_of("returns", "Wir haben die Scanner letzte Woche zurückgeschickt, die Erstattung fehlt.") == "sent_back"
    )


def test_when_will_it_be_paid_names_the_refund_before_it() -> None:
    units = ["Still no refund of £186.00 on our card and you said 5-10 working days.", "When will it be paid?"]
    (asked,) = questions(units, "en")
    assert asked.text.startswith("Still no refund of £186.00") and asked.text.endswith("when will it be paid?")


def test_mir_waere_lieb_wenn_is_a_request() -> None:
    (asked,) = questions(["Mir wäre lieb, wenn der doppelte Betrag auf die Karte zurückgebucht wird."], "de")
    assert asked.kind == "request" and asked.text == "der doppelte Betrag auf die Karte zurückgebucht wird"


def test_a_request_whose_deadline_sentence_ran_on_after_a_dash() -> None:
    asked = Question(
        "Die Kartenabrechnung schließe ich am Freitag ab - bis dahin bräuchte ich eine Bestätigung, dass das "
        "zurückkommt",
        "request",
    )
    left = without_deadline(asked, "Kartenabrechnung schließe ich am Freitag")
    assert left.text == "bräuchte ich eine Bestätigung, dass das zurückkommt"


def test_a_wrapped_line_that_starts_with_a_day_is_no_list_item() -> None:
    text = "Wenn ich den November exportiere, fehlen die Einträge vom\n23. bis 30.11. komplett, bei allen 14."
    assert sentences(text) == [
        "Wenn ich den November exportiere, fehlen die Einträge vom 23. bis 30.11. komplett, bei allen 14."
    ]


def test_waere_uns_an_einer_bestaetigung_gelegen_is_a_request() -> None:
    text = "Ferner wäre uns an einer Bestätigung gelegen, dass die Daten unverändert aus Ihrem System stammen."
    (asked,) = questions([text], "de")
    assert asked.kind == "request"
    assert asked.text == "einer Bestätigung, dass die Daten unverändert aus Ihrem System stammen"


def test_what_they_could_not_find_out_is_asked() -> None:
    text = "Ich habe nicht herausgefunden, ob das bei wiederkehrenden Terminen in Ihrem Tool geht."
    (asked,) = questions([text], "de")
    assert asked.kind == "question" and asked.text.startswith("ob das bei wiederkehrenden Terminen")


def test_a_deadline_phrase_does_not_end_on_its_conjunction() -> None:
    text = "On a le concert de Noel a 20h ce soir et nos 2 badgeuses affichent une erreur."
    found = read_customer(text, "", "fr", MONDAY).deadline
    assert found is not None and not found.text.endswith(" et")
