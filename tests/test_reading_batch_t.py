"""What blind batch t taught the reading: how often they wrote, a second problem announced as one, the day from
which something must work, a time an event names and "avant" points back to, references by their shape or their
"Ref.", lettered lists and their leads, "ihr" for us in German, "everything you hold", a column named in quotes,
someone who decides, and our fix that they tested.

Pure functions over text; the drafts these make are in ``tests/test_drafts_batch_t.py``.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from pipeline.asked import _main_clause, asked_line, short_answer
from pipeline.plan.asks import questions
from pipeline.plan.asks_nothing import asks_nothing
from pipeline.plan.clauses import sentences
from pipeline.plan.contact_asks import contact_requests
from pipeline.plan.customer import read_customer
from pipeline.plan.error_texts import error_messages
from pipeline.plan.facts import identifiers
from pipeline.plan.second_problem import second_problem
from pipeline.plan.situation import our_fix_failed
from pipeline.plan.written_before import times_written

CET = timezone(timedelta(hours=1))
THURSDAY = datetime(2026, 12, 10, 9, 43, tzinfo=CET)


@pytest.mark.parametrize(
    ("text", "times"),
    [
        ("This is the THIRD time I'm writing about this", 3),
        ("I am writing to you for the fourth time", 4),
        ("Ich schreibe Ihnen jetzt zum dritten Mal", 3),
        ("die dritte Mail in dieser Sache", 3),
        ("c'est la troisième fois que je vous écris", 3),
        ("ma troisième relance", 3),
        # how often it broke is not how often they wrote
        ("This is the THIRD time in a month that our dashboard has stopped", 0),
        ("zum dritten Mal ist der Server down", 0),
        ("TROISIEME fois ce mois-ci !!!", 0),
    ],
)
def test_how_often_they_wrote(text: str, times: int) -> None:
    assert times_written(text) == times


@pytest.mark.parametrize(
    ("units", "said"),
    [
        (
            [
                "Seit Montag bricht der Job ab.",
                "Zweites Thema: der Webhook time_entry.updated kommt bei uns oft "
                "zwei- oder dreimal für dieselbe Buchung an, mit identischer event_id (z. B. evt_41d9a07c2e).",
            ],
            "der Webhook time_entry.updated kommt bei uns oft zwei- oder dreimal für dieselbe Buchung an, mit "
            "identischer event_id",
        ),
        (
            [
                "Notre synchro est rejetée.",
                "Autre chose, peut-être lié : le webhook timesheet.approved ne nous arrive "
                "plus du tout depuis la même date.",
            ],
            "le webhook timesheet.approved ne nous arrive plus du tout depuis la même date",
        ),
        (
            ["We get 429s.", "Also, maybe unrelated: our webhook for timesheet.approved stopped arriving on Tuesday."],
            "our webhook for timesheet.approved stopped arriving on Tuesday",
        ),
        (["We get 429s.", "Also, it's not urgent at all."], ""),  # their calm, not a problem
        (["We get 429s.", "Also, can you tell me whether webhooks are retried?"], ""),  # a question, named on its own
        (["Zweites Thema: der Export ist leer."], ""),  # the first sentence is the first problem
    ],
)
def test_a_second_problem_announced_as_one(units: list[str], said: str) -> None:
    assert second_problem(units) == said


@pytest.mark.parametrize(
    ("language", "text", "written", "day"),
    [
        ("de", "Können Sie nochmal draufschauen? Die beiden sollen ab Montag ihre Stunden selbst erfassen.",
         "ab Montag", 14),
        ("en", "Starting Monday, the new hires need to clock in.", "Starting Monday", 14),
        ("fr", "Les deux doivent saisir leurs heures à partir de lundi.", "à partir de lundi", 14),
        ("de", "Ab dem 14. müssen alle Fahrer einstempeln.", "Ab dem 14", 14),
    ],
)  # fmt: skip
def test_the_day_from_which_something_must_work_is_their_deadline(
    language: str, text: str, written: str, day: int
) -> None:
    found = read_customer(text, "", language, THURSDAY).deadline
    assert found is not None and found.text == written and found.at.day == day and found.hard


def test_a_range_of_days_is_no_start() -> None:
    found = read_customer("We use it from Monday to Friday.", "", "en", THURSDAY).deadline
    assert found is None or found.text != "from Monday"


def test_an_event_time_that_avant_points_back_to() -> None:
    text = "On a une distribution à 14 h avec une quarantaine de bénévoles, il faudrait que ça fonctionne avant."
    monday = datetime(2026, 11, 30, 9, 50, tzinfo=timezone(timedelta(hours=-5)))
    found = read_customer(text, "", "fr", monday).deadline
    assert found is not None and found.at.hour == 14 and found.at.day == 30


@pytest.mark.parametrize(
    ("text", "ident"),
    [
        ("auf der Novemberrechnung (R-2026-11-3391) sind 19 % Mehrwertsteuer drauf.", "R-2026-11-3391"),
        ("Benutzer ist keiner zugelassenen Gruppe zugeordnet (Ref. 7Q2-KD9-XW4)", "7Q2-KD9-XW4"),
        ("our VAT registration is GB 318 4471 26 and it should be on the invoice", "GB 318 4471 26"),
        ("numéro d'entreprise BE 0789.456.123", "BE 0789.456.123"),
    ],
)
def test_references_by_their_shape_or_their_ref(text: str, ident: str) -> None:
    assert ident in [i.text for i in identifiers(text)]


def test_a_word_after_reference_is_no_reference() -> None:
    assert identifiers("please reference 5 items in the export") == ()


def test_a_lettered_list_after_if_you_would_is_three_requests_and_glad_to_understand_asks() -> None:
    text = (
        "We should be grateful if you would:\n"
        "a) cancel that invoice and reissue it to Northgate Dental Care Ltd;\n"
        "b) change the billing contact on the account to accounts.payable@northgatedental.co.uk;\n"
        "c) let us know whether a credit note will be issued against the original invoice.\n"
        "I should also be glad to understand whether the reissued invoice will still show UK VAT at 20%."
    )
    asked = [q.text for q in questions(sentences(text), "en")]
    assert asked[0].startswith("cancel that invoice") and asked[1].startswith("change the billing contact")
    assert "whether a credit note will be issued against the original invoice?" in asked
    assert "whether the reissued invoice will still show UK VAT at 20%?" in asked


def test_a_list_after_folgende_angaben_dankbar_is_asked() -> None:
    units = [
        "Vorab wäre ich Ihnen für folgende Angaben dankbar:",
        "- in welchem Land bzw. an welchem Rechenzentrumsstandort unsere Daten gespeichert werden,",
        "- ob Sie über eine gültige Zertifizierung nach ISO/IEC 27001 verfügen,",
    ]
    asked = [q.text for q in questions(units, "de")]
    assert len(asked) == 2 and asked[0].startswith("in welchem Land") and "ISO/IEC 27001" in asked[1]


def test_a_request_keeps_its_verb_and_loses_its_link() -> None:
    sentence = (
        "Ich bitte Sie daher, unseren Fragebogen zur Informationssicherheit in unserem Lieferantenportal unter "
        "https://portal.example.de/lieferanten/fb/7731 auszufüllen, und zwar bis spätestens 8. Januar 2027."
    )
    (asked,) = questions([sentence], "de")
    assert asked.text == "unseren Fragebogen zur Informationssicherheit in unserem Lieferantenportal auszufüllen"


@pytest.mark.parametrize(
    ("line", "ours"),
    [
        ("Was braucht ihr von mir, damit ihr die Zwei-Faktor-Anmeldung zurücksetzen könnt?",
         "was wir von Ihnen brauchen, damit wir die Zwei-Faktor-Anmeldung zurücksetzen können?"),
        ("ob ihr das bei euch prüfen könnt", "ob wir das bei uns prüfen können"),
    ],
)  # fmt: skip
def test_their_ihr_for_us_is_our_wir(line: str, ours: str) -> None:
    assert asked_line(line, True, "de").lower() == ours.lower()


def test_everything_you_hold_is_everything_we_hold() -> None:
    assert asked_line("export everything you hold on her", True, "en") == "export everything we hold on her"


def test_a_column_named_in_quotes_is_no_error_message() -> None:
    text = 'Im CSV-Export steht in der Spalte "Dauer" bei allen 214 Einträgen 0:00.'
    assert error_messages(text) == ()


def test_someone_who_decides_getting_in_touch_is_a_senior_request() -> None:
    text = "Und ich will, dass sich jemand bei mir meldet, der auch was zu entscheiden hat."
    assert "senior" in contact_requests(text)


def test_our_fix_that_they_tested_and_still_fails() -> None:
    units = [
        "Ich habe heute früh nochmal getestet, nachdem Sie gestern geschrieben hatten, dass das Gruppen-Mapping "
        "korrigiert ist.",
        "Beide bekommen weiterhin: SSO-Fehler.",
    ]
    assert our_fix_failed(units) == "das Gruppen-Mapping korrigiert"
    assert our_fix_failed(units[:1]) == ""  # tested, and nothing says it still fails


def test_an_answer_cut_short_keeps_the_part_they_asked_about() -> None:
    answer = (
        "Our ISO 27001 certificate is published at example.com/security, and our SOC 2 Type II report, renewed every "
        "year, is shared under a non-disclosure agreement."
    )
    asked = "Do you have a DPA and a SOC 2 report you can share?"
    assert _main_clause(short_answer(answer, "en", asked), asked).startswith("Our SOC 2 Type II report")
    both = "Are you SOC 2 or ISO 27001 certified?"
    assert _main_clause(answer, both).startswith("Our ISO 27001 certificate")


def test_we_need_your_help_asks_nothing_of_its_own() -> None:
    assert asks_nothing("some of her data sits with you, and as our processor we need your help to answer her")


def test_a_question_after_the_statement_that_opens_its_list_item_says_what_it_is_about() -> None:
    units = [
        "4) Our webhook for entry.approved is not arriving anymore since 28 November.",
        "Are failed deliveries retried?",
    ]
    (asked,) = questions(units, "en")
    assert asked.text.startswith("Our webhook for entry.approved is not arriving anymore")
    assert asked.text.endswith("are failed deliveries retried?")


def test_what_is_needed_keeps_what_it_is_needed_for() -> None:
    (asked,) = questions(["Was braucht ihr von mir, damit ihr die Zwei-Faktor-Anmeldung zurücksetzen könnt?"], "de")
    assert "Zwei-Faktor-Anmeldung zurücksetzen" in asked.text


def test_je_veux_savoir_asks() -> None:
    (asked,) = questions(["Et je veux aussi savoir comment vous comptez compenser les heures de ressaisie."], "fr")
    assert asked.kind == "question" and asked.text.startswith("comment vous comptez compenser")


def test_since_last_weekend_ends_at_the_weekend() -> None:
    from pipeline.plan.since import since

    assert since("Since last weekend the nightly job is failing.") == "since last weekend"


def test_we_would_like_to_understand_it_asks_nothing_of_its_own() -> None:
    assert asks_nothing("But we would like to understand it")


def test_a_call_asked_first_leaves_the_rest_of_the_request() -> None:
    from pipeline.asked import before_the_call

    line = "je veux qu'un technicien me rappelle demain et une solution définitive"
    assert before_the_call(line) == "une solution définitive"
