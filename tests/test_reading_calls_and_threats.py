"""An angry follow-up, read closely: the hours they can take a call, a threat to leave in their words,
and our failed fix that is not something they tried."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from pipeline.config import load_config
from pipeline.plan.contact_asks import contact_requests, reachable_between
from pipeline.plan.reading import WANTS_CALL
from pipeline.plan.respond import call_window
from pipeline.plan.situation import tried
from tests.test_customer_drafts import ROOT

PARIS = ZoneInfo("Europe/Paris")


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("Je suis joignable au 01 99 00 42 17 entre 9 h et 12 h.", "09:00-12:00"),
        ("Je suis joignable au 06 12 34 56 78, de préférence entre 9 h et 12 h.", "09:00-12:00"),
        ("Call me between 2 and 4 pm please.", "14:00-16:00"),
        ("Ich bin zwischen 9 und 12 Uhr erreichbar.", "09:00-12:00"),
        ("Rufen Sie mich von 14 bis 16 Uhr an.", "14:00-16:00"),
        ("The outage lasted from 9 to 11 am.", ""),  # no call in the sentence
        ("Please call me back.", ""),
    ],
)
def test_the_hours_they_can_take_a_call(text: str, hours: str) -> None:
    assert reachable_between(text) == hours


def test_the_call_window_lies_in_the_hours_they_named() -> None:
    calendar = load_config(ROOT / "config" / "mailtriage.toml").calendar
    evening = datetime(2026, 12, 10, 18, 12, tzinfo=PARIS)
    assert call_window(calendar, evening, "fr") == "le vendredi 11 décembre entre 11:00 et 13:00 CET"
    assert (
        call_window(calendar, evening, "fr", between="09:00-12:00")
        == "le vendredi 11 décembre entre 11:00 et 12:00 CET"
    )
    # afternoons only: the same day, later
    assert "14:00 et 16:00" in call_window(calendar, evening, "fr", between="14:00-16:00")


@pytest.mark.parametrize(
    "text",
    [
        "Si je n'obtiens pas d'explication sérieuse, je résilierai et nous passerons chez un concurrent.",
        "Sonst werden wir zu einem anderen Anbieter wechseln.",
        "Wir überlegen, zur Konkurrenz zu wechseln.",
    ],
)
def test_a_threat_to_leave_in_their_words(text: str) -> None:
    assert "cancel_threat" in contact_requests(text)


@pytest.mark.parametrize(
    "text",
    [
        "Je demande à être rappelée par un responsable.",
        "Merci de me rappeler demain.",
        "I'd like to be called back today.",
    ],
)
def test_asking_to_be_called_back_is_a_call_request(text: str) -> None:
    assert WANTS_CALL.search(text)


def test_our_failed_fix_is_not_something_they_tried() -> None:
    assert tried(["Votre correctif n'a rien changé."]) == ()
    assert tried(["J'ai vidé le cache, rien changé."]) == ("vidé le cache",)


def test_a_question_clipped_for_length_drops_its_aside_not_its_verb() -> None:
    from pipeline.asked import clipped

    text = "la prochaine facture, émise le 1er décembre, partira-t-elle déjà à cette nouvelle adresse?"
    clipped_question = clipped({"text": text, "ours": text})
    assert clipped_question["text"] == "la prochaine facture partira-t-elle déjà à cette nouvelle adresse?"


def test_a_third_letter_is_a_follow_up_and_not_renewing_is_heard() -> None:
    from pipeline.plan.written_before import FOLLOW_UP

    assert FOLLOW_UP.search("Je vous écris pour la troisième fois au sujet de la page Rapports.")
    assert FOLLOW_UP.search("Ich schreibe Ihnen nun zum dritten Mal.")
    assert "not_renew" in contact_requests(
        "Notre abonnement arrive à échéance le 31 décembre : je ne le renouvellerai pas."
    )


def test_one_answer_for_two_points_is_said_once_and_a_listed_request_gets_no_yes() -> None:
    from pipeline.asked import merged_answers
    from pipeline.plan.respond import Answered

    class Plan:  # the two fields merged_answers reads
        language = "fr"
        answers = (
            Answered("le chiffrement des données au repos", "general.security#hosting", "x", 0.9),
            Answered("la localisation des centres de données", "general.security#hosting", "x", 0.9),
            Answered("votre DPA, signé de votre côté", "general.security#dpa", "y", 0.9),
        )

    texts = ["Chiffrées au repos (AES-256).", "Chiffrées au repos (AES-256).", "Oui : notre DPA est en ligne."]
    merged = merged_answers(Plan(), texts)  # type: ignore[arg-type]
    assert [m["answer"] for m in merged] == ["Chiffrées au repos (AES-256).", "Notre DPA est en ligne."]
    assert merged[0]["question"].count(";") == 1


def test_a_threat_to_leave_is_not_quoted_as_their_problem() -> None:
    from pipeline.plan.reading import key_sentence

    text = (
        "Seit drei Wochen braucht die Wochenansicht 20 bis 40 Sekunden zum Laden.\n\n"
        "Ganz ehrlich: unser Jahresvertrag läuft im Februar aus und so verlängere ich den nicht."
    )
    assert key_sentence(text, "") == "Seit drei Wochen braucht die Wochenansicht 20 bis 40 Sekunden zum Laden."
    assert "not_renew" in contact_requests("unser Jahresvertrag läuft im Februar aus und so verlängere ich den nicht.")
    # a conditional threat ("if …, we will cancel") is no problem statement either
    threat = "If the export is not fixed by Friday, we will cancel our whole subscription and move to another tool."
    assert key_sentence(f"{threat}\n\nThe CSV export stops at 500 rows.", "") == "The CSV export stops at 500 rows."
    told = 'Die Tickets wurden jeweils mit "wir schauen uns das an" beantwortet und dann kam nichts mehr.'
    assert key_sentence(f"{told}\n\nDer Export bricht bei 500 Zeilen ab.", "") == "Der Export bricht bei 500 Zeilen ab."


def test_a_relative_clause_inside_a_german_question_keeps_its_verb() -> None:
    from tests.test_reading_compound_asks import asked

    text = "Werden die Webhooks, die mit dem alten Token angelegt wurden, jetzt auch deaktiviert?"
    assert asked(text, "de") == [("question", "werden die Webhooks jetzt auch deaktiviert?")]


def test_a_german_question_named_back_speaks_of_us_as_us() -> None:
    from pipeline.asked import asked_line

    line = asked_line("ob das Problem bei Ihnen bekannt ist oder ob es an uns liegt", True, "de")
    assert line == "ob das Problem bei uns bekannt ist oder ob es an Ihnen liegt"


def test_a_slow_page_is_not_asked_for_an_error_message(shipped_engine, shipped_config) -> None:
    from pipeline.plan.reading import topic_of
    from tests.test_customer_drafts import draft, reply_part

    assert topic_of("technical", "the page has taken 20 to 30 seconds to load") == "slow"
    assert topic_of("technical", "I cannot log in, and the page is slow") == "login"  # login first
    mail = next((ROOT / "tests" / "rubric").glob("enj10-*.eml")).read_bytes()  # "For roughly three weeks …"
    reply = reply_part(draft(shipped_engine, shipped_config, mail))
    assert "too slow for you" in reply
    assert "error message" not in reply and "when it started" not in reply


def test_a_german_request_in_the_we_form_is_named_back_as_theirs() -> None:
    from pipeline.asked import asked_line

    assert asked_line("Wir benötigen die Rechnung neu ausgestellt", True, "de") == (
        "Sie benötigen die Rechnung neu ausgestellt"
    )
    # a separable verb before "ob …" stays as written: "Ihnen auch mit, ob … teilen" would be broken German
    assert asked_line("teilen Sie mir auch mit, ob das geht", True, "de").startswith("teilen Sie")
