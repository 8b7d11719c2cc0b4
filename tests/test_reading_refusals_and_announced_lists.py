"""Reading that the fifteenth blind batch showed missing: a refusal to pay read as "who pays?", questions announced
after a colon ("What I'd like to know from them: …", "fehlen mir noch einige Angaben, nämlich …"), a plan of theirs
that asks nothing, a wish in a third person's mouth ("our treasurer would much prefer an invoice"), the days they
are free for a call, a smiley that opens no bracket, a colleague's name before the ask, and a second request after
an indirect question ("…, und stellen Sie mir eine Kopie … zur Verfügung").
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from pipeline.config import load_config
from pipeline.plan.clauses import sentences
from pipeline.plan.contact_asks import PHONE, call_days, call_hours, contact_requests
from pipeline.plan.customer import read_customer, slots
from pipeline.plan.error_texts import error_messages
from pipeline.plan.facts import error_codes
from pipeline.plan.renamed import new_company_name
from pipeline.plan.respond import call_window
from pipeline.plan.situation import environment, tried
from pipeline.plan.statement_asks import who_pays

BERLIN = ZoneInfo("Europe/Berlin")
THURSDAY = datetime(2026, 12, 3, 9, 20, tzinfo=BERLIN)


def asked(text: str, language: str) -> list[tuple[str, str]]:
    return [(q.kind, q.text) for q in read_customer(text, "", language, THURSDAY).questions]


def test_a_refusal_to_pay_asks_who_pays() -> None:
    assert who_pays("I'm not paying return postage on this one as it's not our mistake.", "en") == (
        "who pays for the return postage?"
    )
    assert who_pays("dont want to be paying postage for your mistake tbh", "en") == "who pays for the postage?"
    assert who_pays("Je ne paierai pas les frais de retour, ce n'est pas notre erreur.", "fr") == (
        "qui prend en charge les frais de retour ?"
    )
    assert who_pays("Das Rückporto zahle ich nicht.", "de") == "wer das Rückporto bezahlt?"
    assert who_pays("not sure what to do", "en") == ""


def test_questions_announced_after_a_colon_are_each_asked() -> None:
    text = ("What I'd like to know from them: did the limit change this week, is it counted per token or per "
            "workspace, and is there a bulk export endpoint we should be using instead.")  # fmt: skip
    assert asked(text, "en") == [
        ("question", "did the limit change this week?"),  # "this week" points at no sentence before it
        ("question", "is it counted per token or per workspace?"),
        ("question", "is there a bulk export endpoint we should be using instead?"),
    ]
    german = ("Für die Akte fehlen mir noch einige Angaben, nämlich in welchem Land unsere Daten gespeichert werden, "
              "wie die Daten verschlüsselt werden, ob Sie nach ISO 27001 zertifiziert sind.")  # fmt: skip
    assert [t for _, t in asked(german, "de")] == [
        "in welchem Land unsere Daten gespeichert werden?",
        "wie die Daten verschlüsselt werden?",
        "ob Sie nach ISO 27001 zertifiziert sind?",
    ]


def test_a_plan_of_theirs_asks_nothing_but_a_third_persons_wish_does() -> None:
    assert asked("Next year we want to bring the warehouse team on too, so about 30 seats in total.", "en") == []
    assert asked("we pay by card at the moment but our treasurer would much prefer an invoice.", "en") == [
        ("request", "our treasurer would much prefer an invoice")
    ]


def test_the_count_a_quote_is_for_is_the_one_they_ask_about() -> None:
    text = ("We've been on the monthly plan with 12 seats since the summer. Could you tell me what the difference in "
            "price would be between monthly and yearly for 30 seats?")  # fmt: skip
    assert slots(read_customer(text, "", "en", THURSDAY), "en")["count"] == "30 seats"


def test_the_days_they_are_free_for_a_call_choose_the_window() -> None:
    said = "I want someone more senior than first-line support. I'm free Monday or Tuesday afternoon, 01632 960118."
    assert call_days(said) == (0, 1) and call_hours(said) == "afternoon"
    assert "senior" in contact_requests(said)
    assert call_hours("This morning the export failed again. Please call me.") == ""  # the morning of the failure
    config = load_config(Path(__file__).resolve().parents[1] / "config" / "mailtriage.toml")
    window = call_window(config.calendar, THURSDAY, "en", BERLIN, "afternoon", days=(0, 1))
    assert window.startswith("on Monday 7 December between 1"), window


def test_our_advice_is_no_error_message_and_its_steps_are_what_they_tried() -> None:
    said = ('I did exactly what you said: switched rounding to "none" under Reports > Settings, cleared all filters '
            "and exported the timesheet again.")  # fmt: skip
    assert tried([said]) == (
        'switched rounding to "none" under Reports > Settings',
        "cleared all filters",
        "exported the timesheet again",
    )
    assert error_messages(said) == ()


def test_a_smiley_opens_no_bracket_and_a_colleagues_name_is_no_ask() -> None:
    text = ("my phone got stolen. dont have the backup codes either :( account is luca@example.fr. what do i do to get "
            "back in?")  # fmt: skip
    assert sentences(text)[-1] == "what do i do to get back in?"
    forwarded = "Priya, can you pass this on to the vendor?\n\nOur sync gets HTTP 429. Can you have a look?"
    assert asked(forwarded, "en") == []
    assert asked("Is there a setting for that? Otherwise, can you fix the export on your side?", "en")[-1] == (
        "question",
        "otherwise, can you fix the export on your side?",
    )


def test_a_second_request_after_an_indirect_question_and_a_doubt_that_asks() -> None:
    text = ("Bitte teilen Sie mir mit, welche personenbezogenen Daten Sie über mich gespeichert haben, und stellen Sie "
            "mir eine Kopie dieser Daten zur Verfügung. Ich weiß nicht, ob Sie dafür die Zustimmung meines früheren "
            "Arbeitgebers brauchen. Falls ja, lassen Sie es mich bitte wissen.")  # fmt: skip
    assert asked(text, "de") == [
        ("question", "welche personenbezogenen Daten Sie über mich gespeichert haben?"),
        ("request", "stellen Sie mir eine Kopie dieser Daten zur Verfügung"),
        ("question", "ob Sie dafür die Zustimmung meines früheren Arbeitgebers brauchen?"),
    ]


def test_german_wishes_to_understand_articles_that_start_no_relative_clause_and_a_document_by_their_date() -> None:
    assert asked("Ich würde gern verstehen, woran das liegt, statt den Webhook jeden Morgen einzuschalten.", "de") == [
        ("question", "woran das liegt?")
    ]
    assert asked("Und gibt es eine Möglichkeit, die Schwelle für die Deaktivierung hochzusetzen?", "de") == [
        ("question", "gibt es eine Möglichkeit, die Schwelle für die Deaktivierung hochzusetzen?")
    ]
    text = ("Außerdem benötigen wir für die Buchhaltung eine Stornorechnung zur RE-2026-10434, möglichst bis "
            "Monatsende, da wir dann den Abschluss machen.")  # fmt: skip
    reading = read_customer(text, "", "de", THURSDAY)
    assert [q.text for q in reading.questions] == ["eine Stornorechnung zur RE-2026-10434"]


def test_a_colleagues_list_for_the_vendor_and_what_stays_the_same_in_brackets() -> None:
    text = ("Sandra, kannst du bitte beim Anbieter von unserem Projekttool folgendes klären:\n"
            "- Rechnungen bitte ab jetzt auf den neuen Namen (Adresse und USt-IdNr bleiben gleich)\n"
            "- Admin soll künftig Jonas Weber sein, nicht mehr Lorenz\n")  # fmt: skip
    found = [t for _, t in asked(text, "de")]
    assert found[0].startswith("Rechnungen bitte ab jetzt auf den neuen Namen")
    assert found[1].startswith("Admin soll künftig Jonas Weber sein")
    assert new_company_name("wir heißen seit 01.11. nicht mehr Müller & Sohn GmbH sondern MS Haustechnik GmbH.") == (
        "MS Haustechnik GmbH"
    )


def test_lower_case_browsers_product_error_codes_and_a_version_number_that_ends_a_sentence() -> None:
    assert environment("testé sur chrome et firefox, sur 3 postes") == ("chrome", "firefox")
    assert error_codes("toujours la même erreur AADSTS50011, et SSO-403 chez les autres") == ("AADSTS50011", "SSO-403")
    assert len(sentences("Excel doesn't recognise it as UTF-8. Is there a setting for that?")) == 2
    french = "Je souhaiterais savoir comment vous comptez procéder pour le remboursement : par virement ou avoir ?"
    assert asked(french, "fr")[0][1].startswith("comment vous comptez procéder pour le remboursement")


def test_an_offer_asks_whether_we_need_it_and_a_wish_to_know_after_waere_gut() -> None:
    assert asked("Den HR-Auszug kann ich gern schicken falls ihr den braucht.", "de") == [
        ("question", "ob Sie den HR-Auszug brauchen?")
    ]
    assert asked(
        "Außerdem wäre gut zu wissen, ob wir auf Rechnung zahlen können – Kreditkarte ist schwierig.", "de"
    ) == [("question", "ob wir auf Rechnung zahlen können?")]
    assert asked("Und ob man das Dezimaltrennzeichen irgendwo einstellen kann.", "de") == [
        ("question", "ob man das Dezimaltrennzeichen irgendwo einstellen kann?")
    ]
    assert asked("If by transfer, which reference should we use so it is matched correctly.", "en") == [
        ("question", "which reference should we use so it is matched correctly?")
    ]


def test_a_fix_due_this_week_is_their_deadline() -> None:
    for text, language, said in (
        ("If this isn't sorted by the end of this week I will dispute the charge.", "en", "by the end of this week"),
        ("Si ce n'est pas réglé cette semaine, je ne vois pas pourquoi nous renouvellerions.", "fr", "cette semaine"),
        ("Wenn das nicht diese Woche gelöst ist, verlängern wir nicht.", "de", "diese Woche"),
    ):
        reading = read_customer(text, "", language, THURSDAY)
        assert reading.deadline is not None and reading.deadline.text == said, text
        assert reading.deadline.at.date().isoformat() == "2026-12-04"  # the Friday of that week
    assert read_customer("This week I was on holiday.", "", "en", THURSDAY).deadline is None
    assert "not_renew" in contact_requests("je ne vois pas pourquoi nous renouvellerions le contrat en janvier")


def test_a_school_counts_its_people_a_board_is_named_by_its_quoted_name_and_sepa_codes_are_errors() -> None:
    text = "Nous serions environ 35 enseignants et personnels, plus éventuellement 120 élèves en accès limité."
    assert [c.text for c in read_customer(text, "", "fr", THURSDAY).facts.counts] == [
        "environ 35 enseignants",
        "120 élèves",
    ]
    board = 'Das Board "Produktion 2027" braucht 25 bis 40 Sekunden zum Laden. Die anderen Boards laufen normal.'
    assert read_customer(board, "", "de", THURSDAY).facts.areas == ("Produktion 2027",)
    assert error_codes("the debit came back with return reason MD01, no valid mandate") == ("MD01",)
    assert call_days("Best number is 312-555-0187, call me Monday") == (0,)
    assert PHONE.findall("Best number is 312-555-0187, I'm in from 7am") == ["312-555-0187"]


def test_a_time_tonight_pointed_back_to_and_a_list_of_changes_that_is_not_urgent() -> None:
    text = ("Our nightly export job runs at 23:00 CET tonight and feeds the finance dashboard, so it would be great to "
            "have this fixed before then.")  # fmt: skip
    reading = read_customer(text, "", "en", THURSDAY)
    assert reading.deadline is not None and reading.deadline.text == "at 23:00 CET tonight"
    assert reading.deadline.at.hour == 23 and reading.deadline.at.date() == THURSDAY.date()
    changes = ("ein paar Änderungen bei uns, nichts davon eilt:\n\n1. Ich gebe die Admin-Rolle ab, neue Ownerin soll "
               "Aylin Demir werden. Kundennummer ist K-104528.\n2. Rechnungen bitte ab Januar an "
               "buchhaltung@example.net statt an mich.\n")  # fmt: skip
    reading = read_customer(changes, "", "de", THURSDAY)
    assert [c.text for c in reading.cues] == ["nichts davon eilt"]
    assert [q.text for q in reading.questions] == [
        "Ich gebe die Admin-Rolle ab, neue Ownerin soll Aylin Demir werden",
        "Rechnungen bitte ab Januar an buchhaltung@example.net statt an mich",
    ]


def test_a_worry_and_an_assumption_about_costs_ask_and_a_say_is_senior() -> None:
    assert asked("Unser Workspace ist kruegerhaustechnik, ich hoffe der wird deswegen nicht gesperrt.", "de") == [
        ("question", "ob Ihr Konto gesperrt wird?")
    ]
    assert asked("I hope our account won't be suspended because of this.", "en") == [
        ("question", "whether our account will be suspended?")
    ]
    text = "Die falschen Geräte schicken wir zurück, ich gehe davon aus dass wir den Rückversand nicht bezahlen müssen."
    assert asked(text, "de") == [("question", "wer den Rückversand bezahlt?")]
    assert asked("I can give you access to the workspace if that helps.", "en") == [
        ("question", "whether you need access to the workspace?")
    ]
    assert "senior" in contact_requests(
        "Ich will mit jemandem sprechen der was zu sagen hat, nicht mit einem Ticketsystem."
    )


def test_a_second_step_after_puis_a_colleagues_address_and_a_date_pointed_at_with_machbar() -> None:
    text = ("Conformément à l'article 15 du RGPD, je souhaite obtenir une copie de mes données, puis, conformément à "
            "l'article 17, leur effacement complet, sauvegardes comprises.")  # fmt: skip
    assert [t for _, t in asked(text, "fr")] == [
        "je souhaite obtenir une copie de mes données",
        "conformément à l'article 17, leur effacement complet, sauvegardes comprises",
    ]
    forwarded = ("Isabelle, peux-tu prévenir l'éditeur du logiciel de planning :\n"
                 "- les factures doivent partir à compta@example.fr et plus à ton adresse\n")  # fmt: skip
    assert asked(forwarded, "fr") == [("request", "les factures doivent partir à compta@example.fr")]
    dated = "Wir brauchen die richtigen Scanner spätestens Freitag, weil wir am Montag live gehen. Ist das machbar?"
    assert asked(dated, "de")[-1][1].endswith("spätestens Freitag — ist das machbar?")
    assert [c.text for c in read_customer("Es eilt überhaupt nicht.", "", "de", THURSDAY).cues] == [
        "eilt überhaupt nicht"
    ]


def test_a_list_after_i_would_be_grateful_for_the_following_is_asked() -> None:
    text = ("As part of our audit I would be grateful for the following:\n\n"
            "1. In which country is our data stored?\n"
            "2. A summary of your most recent external penetration test.\n"
            "3. A countersigned data processing agreement.\n")  # fmt: skip
    assert asked(text, "en") == [
        ("question", "in which country is our data stored?"),
        ("request", "a summary of your most recent external penetration test"),
        ("request", "a countersigned data processing agreement"),
    ]
