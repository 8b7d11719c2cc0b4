"""What blind batch ae (and the rest of batch ad) taught the reading: answers written between our quoted
questions, findings put as a conclusion, our own help page quoted back, a subject they disown, a rush without a
time, and words that look like asks, calls or deadlines but are none.

Pure functions over text.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from pipeline.parse.inline_answers import inline_answers
from tests.reading_support import reader

CET = timezone(timedelta(hours=1))
MONDAY = datetime(2026, 12, 7, 10, 0, tzinfo=CET)


_read, _asks = reader(MONDAY)


def test_answers_written_between_our_quoted_questions() -> None:
    mail = (
        "Thanks for coming back so quick. Answers under each of your questions:\n\n"
        "> 1. Which firmware version do they show?\n\n5.8.2 on all of them.\n\n"
        '> 2. Since when exactly?\n\nSince the first clock-ins at 6:00 this morning. Screen says "Sync failed".\n'
    )
    answers = inline_answers(mail)
    assert "5.8.2 on all of them." in answers and "6:00 this morning" in answers
    assert "firmware version do they show" not in answers  # our questions are ours
    outlook = (
        "Réponses dans votre message ci-dessous.\n\n-----Message d'origine-----\nDe : Support\n\n"
        "1. Quel fournisseur d'identité utilisez-vous ?\n--> Microsoft Entra ID.\n\n"
        "2. Quel message d'erreur exact s'affiche ?\n--> « Erreur SSO (code SSO-4012) ».\n"
    )
    assert inline_answers(outlook) == "Microsoft Entra ID.\n\n« Erreur SSO (code SSO-4012) »."
    # a plain top-posted reply over its quoted history has none
    assert inline_answers("Still broken.\n\nOn Monday, Anna wrote:\n> Please try again.\n> Anna\n") == ""


def test_findings_put_as_a_conclusion() -> None:
    french = _read("Tout ce qui passe minuit est donc refusé, alors que la fin est bien après le début.", "fr")
    assert french.facts.noticed.startswith("tout ce qui passe minuit est refusé")
    assert _read("So every entry that crosses midnight is rejected.").facts.noticed == (
        "every entry that crosses midnight is rejected"
    )
    remarked = _read(
        "Ce que je remarque : l'URI dans le message, c'est encore l'ancienne, sans le /coop au bout.", "fr"
    )
    assert remarked.facts.noticed.startswith("l'URI dans le message, c'est encore l'ancienne")


def test_our_help_page_quoted_back_is_no_error_message() -> None:
    text = 'Their help page literally says "Exports include every time entry, including archived projects."'
    assert _read(text).facts.error_messages == ()


def test_the_task_they_set_out_to_do_is_no_step_they_tried() -> None:
    text = "tried to do the coaching hours export for Jul-Sep. Tried CSV as well, same thing."
    assert _read(text).facts.tried == ("Tried CSV as well",)
    steps = _read(
        "On a fait exactement ce que vous avez dit : dans Entra ID, on a remplacé l'URL, vidé les caches.", "fr"
    )
    assert steps.facts.tried[0] == "dans Entra ID, on a remplacé l'URL"


def test_a_subject_they_disown_is_not_read() -> None:
    text = "Hallo, sorry, hab einfach auf die alte Mail geantwortet, geht nicht um die Rechnung. Die Ansicht lädt ewig."
    reading = _read(text, "de", subject="AW: Rechnung RE-2026-110562")
    assert reading.subject_disowned and reading.facts.ids == ()


def test_a_rush_without_a_time_and_no_rush_in_dialect() -> None:
    assert [c.text for c in _read("Please revoke his access immediately.").cues] == ["immediately"]
    assert [
        c.direction for c in _read("Pressiert überhaupt nicht, wir sind grad mitten im Saisonstart.", "de").cues
    ] == [-1]
    assert [c.text for c in _read("Right now we pay for 38 seats. No rush at all on this.").cues] == ["No rush"]


def test_words_that_look_like_asks_calls_or_deadlines_but_are_none() -> None:
    # a redirect URI is no callback they ask for, "je vous rappelle que" reminds
    sso = _read("AADSTS50011: The redirect URI 'https://app.example.com/sso/callback' does not match.")
    assert sso.contact_requests == ()
    # where a fault cuts a shift off is no deadline; the deadline after it is
    found = _read("The export cuts every night shift off at 11:59 pm. They need the file by 5pm Eastern on Thursday.")
    assert found.deadline is not None and found.deadline.text == "by 5pm Eastern on Thursday"
    # a reason in brackets asks nothing
    assert _asks("Can we keep their profiles? (we need that for the association audit)") == [
        "can we keep their profiles?"
    ]
    assert _asks("Here's where we are: can you send a quote for 30 more?") == ["send a quote for 30 more"]


def test_asks_as_people_write_them() -> None:
    assert _asks(
        "Wir ersuchen Sie daher um\n1. Stornierung beider Rechnungen,\n2. Gutschrift der Umsatzsteuer von EUR 76,00.",
        "de",
    ) == ["Stornierung beider Rechnungen", "Gutschrift der Umsatzsteuer von EUR 76,00"]
    assert _asks("We'd rather you sent the replacements out first.") == [
        "we'd rather you sent the replacements out first"
    ]
    reissue = (
        "Could you please cancel it with a credit note and reissue it to:\n\nGolden Vale Growers Ltd\nBallyhea Road, "
    )
    reissue += "Cork"
    # (the address lines run on after the company: the request names whom, up to the first comma)
    assert _asks(reissue) == ["cancel it with a credit note and reissue it to Golden Vale Growers Ltd Ballyhea Road"]
    assert _asks("Die Schicht hat gestempelt, aber keine Ahnung ob das gespeichert ist.", "de") == [
        "ob das gespeichert ist?"
    ]
    zu = "Gibt es eine Möglichkeit, den Passwort-Login wieder einzuschalten, damit die Leute buchen können?"
    assert _asks(zu, "de") == ["gibt es eine Möglichkeit, den Passwort-Login wieder einzuschalten?"]


def test_days_and_times_as_people_write_them() -> None:
    assert _read("Die Terminals zeigen seit halb 6 einen Fehler.", "de").facts.since == "seit halb 6"
    wednesday = _read("Die Anlage 2 soll ab Mittwoch wieder überwacht laufen.", "de").deadline
    assert wednesday is not None and wednesday.at.day == 9


def test_a_form_pasted_for_us_to_fill_in() -> None:
    text = (
        "Pourriez-vous le compléter et me le retourner?\n\nQUESTIONNAIRE FOURNISSEURS TI - v3\n"
        "Nom légal du fournisseur : ____________\nPays d'hébergement des données (Canada / Europe) : ____________\n"
        "Données chiffrées au repos (oui/non) : ____________\n\nMerci beaucoup"
    )
    reading = _read(text, "fr")
    assert [q.text for q in reading.questions][-3:] == [
        "Nom légal du fournisseur",
        "Pays d'hébergement des données (Canada / Europe)",
        "Données chiffrées au repos (oui/non)",
    ]
    assert "QUESTIONNAIRE" not in " ".join(q.text for q in reading.questions)  # the form's title asks nothing
    assert "Pays" not in reading.facts.products  # a label is no product of theirs
    # two lines with a colon are a note, not a form
    assert _read("Legal name:\nEIN:\n\nThanks").questions == ()


def test_a_list_they_have_to_provide_is_what_they_ask() -> None:
    text = (
        "Every vendor has to provide the following before we can pay them:\n\n1. A current IRS Form W-9, signed\n"
        "2. A certificate of insurance showing cyber coverage\n"
    )
    assert _asks(text) == ["a current IRS Form W-9, signed", "a certificate of insurance showing cyber coverage"]


def test_they_say_our_last_answer_was_wrong() -> None:
    assert _read("Ihre Antwort von gestern ist schlicht falsch.", "de").we_were_wrong
    assert _read("Votre réponse d'hier est tout simplement fausse.", "fr").we_were_wrong
    assert not _read("Your answer was quick, thanks.").we_were_wrong
