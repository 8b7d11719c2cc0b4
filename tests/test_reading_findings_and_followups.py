"""Reading that the fourteenth blind batch showed missing: what the customer found out themselves ("habe ich
festgestellt, dass …"), a follow-up after our advice did not fix it, "and let me know how" as a second ask, a long
sentence that turns to its question after a dash, a request about "him" named with the person it means, a
forwarded list item for us that also speaks to the colleague ("à ta place"), titles in a signature that ask for
nobody senior, "depuis 4 ans" as no start, and the short narrowing "uniquement dans l'UE ?" kept with its question.
"""

from __future__ import annotations

from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from pipeline.asked import asked_line
from pipeline.config import Config, load_config
from pipeline.engine import Engine
from pipeline.message import MessageKey, RawMessage
from pipeline.plan.clauses import sentences
from pipeline.plan.contact_asks import contact_requests
from pipeline.plan.customer import read_customer
from pipeline.plan.measures import measures
from pipeline.plan.noticed import noticed
from pipeline.plan.since import since
from pipeline.plan.situation import tried, tried_our_advice

ROOT = Path(__file__).resolve().parents[1]
BERLIN = ZoneInfo("Europe/Berlin")
THURSDAY = datetime(2026, 12, 3, 9, 20, tzinfo=BERLIN)


def asked(text: str, language: str) -> list[tuple[str, str]]:
    return [(q.kind, q.text) for q in read_customer(text, "", language, THURSDAY).questions]


def test_what_they_found_out_is_said_back_in_our_voice_and_never_in_theirs() -> None:
    german = ("Die Summen weichen ab, und inzwischen habe ich festgestellt, dass offenbar genau die Einträge fehlen, "
              "die über Mitternacht gehen, wobei ich nicht sicher bin, ob das ein Fehler ist.")  # fmt: skip
    assert noticed(sentences(german)) == "genau die Einträge fehlen, die über Mitternacht gehen"
    assert noticed(["I noticed that only invoices with a credit note are affected."]) == (
        "only invoices with a credit note are affected"
    )
    assert noticed(["J'ai constaté que seuls les comptes SSO sont touchés."]) == "seuls les comptes SSO sont touchés"
    # their own voice would read wrong in ours: "You noticed that our invoices …" is not what they meant
    assert noticed(["I noticed that our invoices from October are affected."]) == ""


def test_the_advice_we_gave_is_no_step_of_theirs_and_marks_a_failed_fix() -> None:
    said = ["I did exactly what you said, switched the export to decimal hours and ran it again."]
    assert tried(said) == ("switched the export to decimal hours and ran it again",)
    assert tried_our_advice(said)
    assert tried_our_advice(["Ich habe wie beschrieben das Zertifikat neu hochgeladen."])
    assert not tried_our_advice(["I cleared the cache and tried Safari."])


def test_how_often_they_wrote_is_no_symptom_but_how_often_it_failed_is() -> None:
    assert measures("This is the third time I'm writing about this.") == ()
    assert measures("C'est la troisième fois que je vous écris.") == ()
    assert measures("The sync crashed for the third time today.") == ("for the third time",)


def test_an_ask_and_let_me_know_how_are_two_things_and_these_back_points_at_nothing() -> None:
    text = ("packing slip says BS-200 so somebody just grabbed the wrong ones i guess.\n\ncan you send the right ones "
            "out and let me know how to get these back to you?")  # fmt: skip
    assert asked(text, "en") == [("request", "send the right ones out"), ("question", "how to get these back to you?")]


def test_a_wish_to_know_after_mich_wuerde_or_ich_wollte_fragen_and_its_second_question() -> None:
    assert asked("Mich würde außerdem interessieren, ob wir dafür eine Gutschrift bekommen, unsere Buchhaltung "
                 "braucht das für den Kontenabgleich.", "de") == [
        ("question", "ob wir dafür eine Gutschrift bekommen?")
    ]  # fmt: skip
    assert asked("Ich wollte fragen, ob Sie für Vereine einen Rabatt anbieten und was wir dafür nachweisen müssten. "
                 "Außerdem bräuchte ich ein Angebot für 35 Nutzer.", "de") == [
        ("question", "ob Sie für Vereine einen Rabatt anbieten?"),
        ("question", "was wir dafür nachweisen müssten?"),
        ("request", "ein Angebot für 35 Nutzer"),
    ]  # fmt: skip
    # "was da los ist und wann es wieder läuft" is still one question
    assert asked("Ich will wissen, was da los ist und wann es wieder läuft.", "de") == [
        ("question", "was da los ist und wann es wieder läuft?")
    ]


def test_a_long_story_that_turns_to_its_question_after_a_dash() -> None:
    text = ("Im Bericht zeigt die Oberfläche 312,5 Stunden an, im CSV komme ich nur auf 298,75 Stunden, wobei ich "
            "nicht sicher bin, ob das ein Fehler im Export ist – können Sie das bitte prüfen und mir sagen, welche der "
            "beiden Zahlen die richtige ist?")  # fmt: skip
    assert asked(text, "de") == [
        ("question", "ob das ein Fehler im Export ist?"),
        ("question", "welche der beiden Zahlen die richtige ist?"),
    ]


def test_a_need_for_a_solution_by_their_deadline_is_asked_of_us_without_the_deadline() -> None:
    reading = read_customer("Ich brauche bis heute 16 Uhr eine Lösung oder wenigstens einen Workaround, sonst muss "
                            "ich auf Papierlisten umstellen.", "", "de", THURSDAY)  # fmt: skip
    assert reading.deadline is not None and "16 Uhr" in reading.deadline.text
    assert [q.text for q in reading.questions] == ["eine Lösung oder wenigstens einen Workaround"]
    # their own deadline task is still theirs
    assert asked("Wir brauchen die Hubs bis Freitag, 4. Dezember.", "de") == []


def test_a_request_about_him_names_the_person_and_a_smiley_ends_a_sentence() -> None:
    text = ("Außerdem übernimmt künftig Herr Dominik Sauer (d.sauer@example.de) bei uns die Rechnungen, ich gehe in "
            "Rente :-) Bitte tragen Sie ihn als Rechnungskontakt ein.")  # fmt: skip
    assert len(sentences(text)) == 2
    ((kind, request),) = asked(text, "de")
    assert request == "tragen Sie Dominik Sauer als Rechnungskontakt ein"
    assert asked_line(request, kind == "request", "de") == "Dominik Sauer als Rechnungskontakt eintragen"
    assert asked_line("buchen Sie den doppelten Betrag auf die Karte zurück", True, "de") == (
        "den doppelten Betrag auf die Karte zurückbuchen"
    )


def test_a_forwarded_item_for_us_keeps_what_it_asks_and_drops_what_it_tells_the_colleague() -> None:
    text = ("Bonjour,\n\nJe vous transfère la note de notre DAF.\n\nAmélie, peux-tu voir avec l'éditeur :\n"
            "1. le contact facturation devient compta@example.fr, et idéalement il faudrait refaire la facture "
            "F-2026-1187 qui est partie à l'ancien nom\n"
            "2. Thomas Nguyen (t.nguyen@example.fr) doit devenir administrateur à ta place pendant ton congé, tu "
            "gardes un accès simple\n")  # fmt: skip
    found = [t for _, t in asked(text, "fr")]
    assert "refaire la facture F-2026-1187 qui est partie à l'ancien nom" in found
    assert "Thomas Nguyen (t.nguyen@example.fr) doit devenir administrateur" in found
    assert not any("ta place" in t or "tu gardes" in t for t in found)


def test_titles_signed_with_ask_for_nobody_senior() -> None:
    assert contact_requests("Stefan Köhler\nTeamleitung Disposition") == ()
    assert contact_requests("Amélie Chevalier\nOffice manager – Chevalier Roussel") == ()
    assert contact_requests("I want a call with a manager before Friday.") == ("senior",)
    assert "senior" in contact_requests("Ich möchte, dass mich jemand mit Entscheidungsbefugnis anruft.")
    assert "senior" in contact_requests("Ich möchte mit Ihrer Teamleitung sprechen.")


def test_how_long_they_have_been_customers_is_no_start_of_the_problem() -> None:
    assert since("Je paie 14 licences depuis 4 ans, et franchement j'en ai assez.") == ""
    assert since("We have been customers since 2019 and the page is slow since Monday.") == "since Monday"
    assert since("Seit 4 Tagen geht nichts.") == "seit 4 Tagen"


def test_a_short_narrowing_stays_with_its_question_but_a_short_question_stands_alone() -> None:
    assert asked("- où sont hébergées nos données (pays, hébergeur) ? uniquement dans l'UE ?", "fr") == [
        ("question", "où sont hébergées nos données (pays, hébergeur)? uniquement dans l'UE?")
    ]
    found = asked("La ligne « Team » à 380,00 € figure deux fois. Est-ce une erreur ?", "fr")
    assert found[-1][1].endswith("est-ce une erreur?")


def test_a_wish_to_understand_is_asked_without_its_reason() -> None:
    text = ("Le job abandonne, et j'aimerais comprendre quelle est exactement la limite appliquée à un token "
            "(par minute ? par heure ?) parce que la documentation parle de 600 requêtes / minute.")  # fmt: skip
    (found,) = asked(text, "fr")
    assert found[1].startswith("quelle est exactement la limite appliquée à un token") and "parce que" not in found[1]


@pytest.fixture(scope="module")
def config() -> Config:
    return load_config(ROOT / "config" / "mailtriage.toml")


def _reply(config: Config, subject: str, body: str, references: str = "") -> str:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "Rachel Okafor <rachel@brightline.example>", "support@example.com", subject
    msg["Date"] = format_datetime(THURSDAY)
    msg["Message-ID"] = f"<{abs(hash(body))}@brightline.example>"
    if references:
        msg["In-Reply-To"] = msg["References"] = references
    msg.set_content(body)
    outcome = Engine(config).prepare(
        RawMessage(MessageKey("t", "INBOX", 1, "1"), msg.as_bytes()), config.mailboxes[0], 0, THURSDAY
    )
    assert outcome.draft is not None, outcome.error or outcome.skip
    return outcome.draft.body.split("\n>")[0]


def test_a_follow_up_after_our_advice_failed_says_so_and_quotes_what_is_still_wrong(config: Config) -> None:
    body = ("Hi,\n\nI did exactly what you said, switched the export to decimal hours and ran it again. The CSV "
            "for November still says 1,187.25 hours, the Reports page says 1,204.50.\n\nI went through it line by "
            "line: entries that run past midnight are missing from the CSV completely.\n\nRachel\n\n"
            "On Tue, 1 Dec 2026 at 10:04, Support <support@example.com> wrote:\n> Please switch the export to "
            "decimal hours.\n")  # fmt: skip
    reply = _reply(config, "Re: CSV export totals wrong", body, "<first@example.com>")
    assert (
        "You did what we suggested (“switched the export to decimal hours and ran it again”), and it did not fix the "
        "problem, so we are escalating it to our engineers." in " ".join(reply.split())
    )
    assert "entries that run past midnight are missing from the CSV completely" in reply
    assert "Large exports arrive as a download link" not in reply  # what we know did not fix it


def test_a_weak_type_gives_way_to_a_playbook_clearly_ahead(config: Config) -> None:
    body = ("Bonjour,\n\nJ'ai perdu mon téléphone samedi, donc plus d'application d'authentification, donc plus "
            "d'accès à notre compte alors que je suis le seul administrateur. Je n'ai jamais eu de codes de "
            "secours.\n\n"
            "Résultat : mes 14 gars ne peuvent plus valider leurs heures et je ne peux pas sortir les factures "
            "clients. Je paie 14 licences depuis 4 ans.\n\nGérard")  # fmt: skip
    reply = _reply(config, "Plus d'accès", body)
    assert "double authentification" in reply
    assert "prélèvement" not in reply and "numéro de facture" not in reply


def test_a_wrong_size_exchange_keeps_its_playbook_beside_the_wrong_item_examples(config: Config) -> None:
    # the wrong-item playbook's examples ("somebody grabbed the wrong ones") must not pull a size exchange to it
    (demo,) = [p for p in (ROOT / "demo" / "inbox" / "new").iterdir() if b"wrong size" in p.read_bytes()]
    outcome = Engine(config).prepare(
        RawMessage(MessageKey("t", "INBOX", 1, "1"), demo.read_bytes()), config.mailboxes[0], 0, THURSDAY
    )
    assert outcome.plan is not None and outcome.plan.intent == "returns.exchange", outcome.plan


def test_a_sure_playbook_outranks_a_less_sure_type_and_a_renewal_threat_is_no_sales_question(config: Config) -> None:
    # a vendor review from a customer who names plan, seats and contract: the type model says sales (high 0.94)
    review = (ROOT / "tests" / "rubric" / "eni04-security-review.eml").read_bytes()
    outcome = Engine(config).prepare(
        RawMessage(MessageKey("t", "INBOX", 1, "1"), review), config.mailboxes[0], 0, THURSDAY
    )
    assert outcome.plan is not None and outcome.plan.intent == "general.security_questionnaire"
    # a slow board and "wenn das bis dahin nicht gelöst ist, verlängern wir nicht": slowness, not a sales question
    slow = (ROOT / "tests" / "rubric" / "dep10-board-langsam-verlaengerung.eml").read_bytes()
    outcome = Engine(config).prepare(
        RawMessage(MessageKey("t", "INBOX", 1, "2"), slow), config.mailboxes[0], 0, THURSDAY
    )
    assert outcome.plan is not None and outcome.plan.intent == "technical.slow_performance"
