"""What blind batch ao (ordinary mail: an account locked before a payroll approval, a DPO's questions, a request
list after "je demande :", an outage asked about "tout de suite", a phone mail typed line by line) taught the
reading: a bare hour before "today" ("before 12 today", "heute vor 12") is a clock time, not the 12th; "please
tell me what we should do instead" after its condition is a question; "we need to reply to her" is their own task;
"je demande :" leads a list of requests; "Dites-moi tout de suite si …" asks; an unwrapped mail's lines end their
sentences; "Votre page de statut" is no product area.

Pure functions over text.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from pipeline.plan import clauses
from tests.reading_support import reader

CET = timezone(timedelta(hours=1))
TUESDAY = datetime(2026, 12, 1, 8, 5, tzinfo=UTC)


_read, _asks = reader(TUESDAY)


@pytest.mark.parametrize(
    ("text", "language", "hour"),
    [
        ("I'm the only one who can approve timesheets and it has to be done before 12 today.", "en", 12),
        ("Please send it by 3 today, our payroll closes then.", "en", 15),
        ("Das muss heute vor 12 erledigt sein, sonst bekommen die Aushilfen kein Geld.", "de", 12),
        ("Heute bis 15 brauche ich eine Antwort.", "de", 15),
    ],
)
def test_a_bare_hour_with_today_is_a_clock_time(text: str, language: str, hour: int) -> None:
    deadline = _read(text, language).deadline
    assert deadline is not None
    assert deadline.at.date() == TUESDAY.date() and (deadline.at.hour, deadline.at.minute) == (hour, 0)


def test_a_day_of_the_month_stays_a_day() -> None:
    deadline = _read("Bitte bis zum 12. Dezember.", "de").deadline
    assert deadline is not None and deadline.at.day == 12 and deadline.at.month == 12


def test_tell_me_after_a_condition_asks_what_to_do_instead() -> None:
    asks = _asks(
        "Our accountant says we may have to keep the payroll records for six years, so if deleting the clock-ins "
        "would cause a problem there, please tell me what we should do instead."
    )
    assert asks == ["if deleting the clock-ins would cause a problem there, what we should do instead?"]


def test_their_own_reply_to_someone_else_is_no_request() -> None:
    reading = _read("We need to reply to her within the month, so by 4 January at the latest.")
    assert reading.questions == ()
    assert reading.deadline is not None and reading.deadline.at.month == 1
    assert _asks("We need a reply by Friday.") == ["a reply"]  # ours, still asked


def test_je_demande_leads_a_list_of_requests() -> None:
    asks = _asks(
        "Concrètement, je demande :\n- un avoir sur la facture de décembre pour le temps perdu ;\n"
        "- une vraie correction, pas une énième reconnexion.\n",
        "fr",
    )
    assert asks == ["un avoir sur la facture de décembre pour le temps perdu", "une vraie correction, pas une "
                    "énième reconnexion"]  # fmt: skip


def test_dites_moi_tout_de_suite_si_asks() -> None:
    asks = _asks(
        "Dites-moi tout de suite si c'est un incident général ou si c'est propre à notre établissement, et à quelle "
        "heure vous prévoyez un retour à la normale.",
        "fr",
    )
    assert len(asks) == 1 and asks[0].startswith("si c'est un incident général") and "quelle heure" in asks[0]


def test_lines_of_an_unwrapped_mail_end_their_sentences() -> None:
    text = (
        '3 de nos kinés n\'arrivent plus à se connecter et le mail "Réinitialiser votre mot de passe" ne leur arrive '
        "jamais.\nVous pouvez réinitialiser leurs mots de passe ? ou me dire comment faire depuis mon compte admin\n"
        "Ils commencent les consultations à 8h30...\n"
    )
    found = clauses.sentences(clauses.body(text))
    assert "ou me dire comment faire depuis mon compte admin" in found
    # a wrapped line going on in lower case is still the same sentence
    wrapped = "A" * 120 + " first line.\nThe second line\ngoes on here.\nNext one."
    assert clauses.sentences(wrapped)[1:] == ["The second line goes on here.", "Next one."]


def test_a_possessive_before_page_is_no_area() -> None:
    reading = _read("Votre page de statut affiche « Tous les systèmes sont opérationnels ».", "fr")
    assert reading.facts.areas == ()
    assert _read("The Reports page is slow.").facts.areas == ("Reports page",)


@pytest.mark.parametrize(
    ("text", "language", "asked"),
    [
        ("Gesperrt wird der Zugang hoffentlich nicht – unsere 14 Filialen planen gerade damit.", "de",
         "ob der Zugang gesperrt wird?"),
        ("Der Zugang wird hoffentlich nicht gesperrt.", "de", "ob der Zugang gesperrt wird?"),
        ("Hopefully access won't be blocked in the meantime.", "en", "whether access will be blocked?"),
        ("J'espère que l'accès ne sera pas coupé d'ici là.", "fr", "si l'accès sera coupé ?"),
    ],
)  # fmt: skip
def test_a_hope_that_access_stays_asks_whether_it_will(text: str, language: str, asked: str) -> None:
    assert _asks(text, language) == [asked]
