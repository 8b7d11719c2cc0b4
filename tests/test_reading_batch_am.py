"""What blind batch am (ordinary mail, other situations and forms) taught the reading: a question wondered aloud
deep in a long paragraph ("What I really wondered is whether …", "ich frage mich langsam, ob … und ob …", "ce que je
voudrais surtout savoir, c'est s'il …"), points announced and then written as sentences ("I need three things."),
the order a quoted error gives its user is not the customer's request, a second thing asked with "zusammen mit" /
"ainsi que" is kept, the fallback need after a condition ("…, brauche ich zumindest einen Workaround"), "this week"
for a call they want, the next invoice as an event, and ids printed as a UUID after their header.

Pure functions over text.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from pipeline.asked import asked_line
from tests.reading_support import reader

CET = timezone(timedelta(hours=1))
TUESDAY = datetime(2026, 12, 1, 10, 0, tzinfo=CET)


_read, _asks = reader(TUESDAY)


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        (
            "Mid-month it is fine. What I really wondered is whether there's a way to set that report up so it runs "
            "by itself overnight and gets emailed to me, because then I wouldn't care how long it takes.",
            "en",
            ["whether there's a way to set that report up so it runs by itself overnight and gets emailed to me?"],
        ),
        (
            "Ich frage mich langsam, ob zum Monatsende alle Kunden auf dieselben Server losgelassen werden und ob man "
            "diese Berichte nicht vorab automatisch erzeugen lassen kann, zum Beispiel über Nacht.",
            "de",
            ["ob zum Monatsende alle Kunden auf dieselben Server losgelassen werden?",
             "ob man diese Berichte nicht vorab automatisch erzeugen lassen kann, zum Beispiel über Nacht?"],
        ),
        (
            "D'ailleurs ce que je voudrais surtout savoir, c'est s'il existe un moyen de programmer ce rapport pour "
            "qu'il soit généré la nuit, parce que rester devant l'écran n'est pas une solution.",
            "fr",
            ["s'il existe un moyen de programmer ce rapport pour qu'il soit généré la nuit?"],
        ),
        (
            "Anyway, if someone could also look at why it's so slow at month end that would be great.",
            "en",
            ["whether someone could also look at why it's so slow at month end?"],
        ),
    ],
)  # fmt: skip
def test_a_question_wondered_aloud_in_a_long_paragraph(text: str, language: str, expected: list[str]) -> None:
    assert _asks(text, language) == expected


def test_points_announced_then_written_as_sentences() -> None:
    reading = _read(
        "I want to put on record how badly this week was handled.\n\nI need three things. An explanation of what "
        "actually went wrong. To know whether the punches made on the terminals were stored locally and can still be "
        "recovered. And a call next week from someone senior, not another ticket reply.\n\nOur contract is up on 31 "
        "January and, as things stand, I'm not minded to renew."
    )
    assert [q.text for q in reading.questions] == [
        "an explanation of what actually went wrong",
        "whether the punches made on the terminals were stored locally and can still be recovered?",
        "a call next week from someone senior, not another ticket reply",
    ]
    assert "not_renew" in reading.contact_requests
    # announced over a list: the list is read as before
    listed = _asks("I want three things:\n1. one person who owns this, by name\n2. the credit you promised")
    assert listed == ["one person who owns this, by name", "the credit you promised"]


def test_the_order_a_quoted_error_gives_is_not_theirs() -> None:
    reading = _read(
        "Gestern ist der Bericht zweimal mit „Zeitüberschreitung – bitte versuchen Sie es später erneut“ abgebrochen, "
        "an normalen Tagen dauert er keine 30 Sekunden. Können Sie das prüfen?",
        "de",
    )
    assert [q.text for q in reading.questions] == ["das prüfen"]
    assert reading.facts.error_messages == ("Zeitüberschreitung – bitte versuchen Sie es später erneut",)


def test_a_second_thing_asked_is_kept() -> None:
    german = _asks(
        "1. Bitte senden Sie uns Ihren Auftragsverarbeitungsvertrag nach Art. 28 DSGVO zur Unterschrift zu, zusammen "
        "mit der aktuellen Liste Ihrer Unterauftragsverarbeiter.",
        "de",
    )
    assert german == ["senden Sie uns Ihren Auftragsverarbeitungsvertrag nach Art. 28 DSGVO zur Unterschrift zu, "
                      "zusammen mit der aktuellen Liste Ihrer Unterauftragsverarbeiter"]  # fmt: skip
    french = _asks(
        "Je vous remercie de me faire parvenir la liste à jour de vos sous-traitants avec leur localisation : nous "
        "devons notamment savoir si des données sont transférées hors de l'Union européenne.",
        "fr",
    )
    assert french == ["me faire parvenir la liste à jour de vos sous-traitants avec leur localisation",
                      "si des données sont transférées hors de l'Union européenne?"]  # fmt: skip


def test_the_need_after_a_condition() -> None:
    assert _asks("Falls das bis dahin nicht zu lösen ist, brauche ich zumindest einen Workaround.", "de") == [
        "ich brauche zumindest einen Workaround"
    ]
    assert _asks("If that can't be fixed by then, I need at least a workaround.") == ["I need at least a workaround"]
    assert _asks("Bis dahin brauche ich den Zugang unbedingt wieder.", "de") == []  # their deadline, said again


def test_deadlines_of_this_kind() -> None:
    call = _read("Ich erwarte, dass sich noch diese Woche jemand aus der Leitung telefonisch bei mir meldet.", "de")
    assert call.deadline is not None and call.deadline.text == "diese Woche" and call.deadline.at.day == 4
    assert _read("We are busy this week, so no need to call.").deadline is None
    invoice = _read("Ideally I'd like this sorted before our quarterly invoice goes out on 15 December, so we're not "
                    "paying for another three months of seats.")  # fmt: skip
    assert invoice.deadline is not None and invoice.deadline.at.day == 15 and invoice.questions == ()
    # "Our renewal is due on 1 January" is the date of a threat, not when they need us
    assert _read("Our renewal is due on 1 January and I see no reason to renew.").deadline is None
    # the sentence before named its own time: "bis dahin" is that time, not another read from it
    payroll = _read("Der Lohnlauf für November muss spätestens am Dienstag, 8. Dezember, raus. Falls das bis dahin "
                    "nicht zu lösen ist, brauche ich zumindest einen Workaround.", "de")  # fmt: skip
    assert payroll.deadline is not None and payroll.deadline.text == "spätestens am Dienstag, 8. Dezember"


def test_ids_by_their_shape_and_header() -> None:
    ids = _read(
        "Eintrag te_8f31c2 kam auf Seite 3 (X-Request-ID 7c9e1a40-52bd-4d1e-9f0a-3b61e2c8d915).", "de"
    ).facts.ids
    assert [(i.kind, i.text) for i in ids] == [("other", "te_8f31c2"),
                                               ("request", "7c9e1a40-52bd-4d1e-9f0a-3b61e2c8d915")]  # fmt: skip


def test_what_they_tried_and_where() -> None:
    tried = _read("Mid-month the same report comes up in a few seconds, so I don't think it's our internet, and I've "
                  "tried it in Chrome and in Edge with the same result.").facts.tried  # fmt: skip
    assert tried == ("in Chrome and in Edge",)
    areas = _read("I have to pull the Hours by Site report for the whole month.").facts.areas
    assert areas == ("Hours by Site report",)


def test_am_i_asked_back_in_our_voice() -> None:
    line = asked_line("if I am getting duplicates, am I also missing entries, or should I trust the total?", True)
    assert line == "if you are getting duplicates, are you also missing entries, or should you trust the total?"
