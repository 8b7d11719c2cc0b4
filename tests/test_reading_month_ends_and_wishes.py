"""Reading that the sixteenth blind batch showed missing: a deadline at the end of a named month ("bis spätestens
Ende November", "avant fin novembre"), an event on a day of the month ("clôture le 30"), a renaming said as "the
correct name is …" or "est devenue …", someone from the support's management asked for, a range after "seit
Anfang November", hour totals grouped in thousands, wondering in the past tense ("je me demandais si …"), changes
wanted from now on said as statements ("les factures doivent désormais être établies …", "sollen … übergehen"),
a wish said as what would please them, and a pointer to the forwarded note that asks nothing itself.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from pipeline.asked import clipped
from pipeline.plan.areas import areas
from pipeline.plan.clauses import sentences
from pipeline.plan.contact_asks import contact_requests
from pipeline.plan.customer import read_customer
from pipeline.plan.measures import measures
from pipeline.plan.renamed import new_company_name
from pipeline.plan.since import since
from pipeline.plan.situation import tried, tried_our_advice

BERLIN = ZoneInfo("Europe/Berlin")
TUESDAY = datetime(2026, 11, 24, 9, 20, tzinfo=BERLIN)


def deadline(text: str, language: str) -> tuple[str, str] | None:
    found = read_customer(text, "", language, TUESDAY).deadline
    return (found.text, found.at.strftime("%Y-%m-%d %H:%M")) if found else None


def asked(text: str, language: str) -> list[tuple[str, str]]:
    return [(q.kind, q.text) for q in read_customer(text, "", language, TUESDAY).questions]


def test_the_end_of_a_named_month_is_its_last_day() -> None:
    assert deadline("Die korrigierte Rechnung muss uns bis spätestens Ende November vorliegen.", "de") == (
        "bis spätestens Ende November",
        "2026-11-30 23:59",
    )
    assert deadline("Il nous faut la facture corrigée avant fin novembre.", "fr") == (
        "avant fin novembre",
        "2026-11-30 23:59",
    )
    # a month already over this year is next year's
    assert deadline("We need the corrected invoice by end of January.", "en") == (
        "by end of January",
        "2027-01-31 23:59",
    )


def test_an_event_on_a_day_of_the_month() -> None:
    assert deadline("On en a besoin pour préparer la paie de fin de mois (clôture le 30).", "fr") == (
        "clôture le 30",
        "2026-11-30 00:00",
    )
    assert deadline("Wir brauchen das für den Monatsabschluss am 30.", "de") == (
        "Monatsabschluss am 30.",  # (the German day keeps its dot: "am 30." is the 30th)
        "2026-11-30 00:00",
    )
    assert deadline("We need it for the payroll run on the 30th.", "en") == (
        "payroll run on the 30th",
        "2026-11-30 00:00",
    )
    # a day with its month is read as a date, not as the 3rd of this month
    assert deadline("Die Sitzung am 3. Dezember ist wichtig.", "de") == (
        "Die Sitzung am 3. Dezember",
        "2026-12-03 00:00",
    )


def test_a_new_company_name_said_as_the_correct_one_or_as_what_the_company_became() -> None:
    assert new_company_name(
        "Seit der Umfirmierung zum 1. Oktober lautet der korrekte Name Hollmann Logistik GmbH & Co. KG. Zudem fehlt …"
    ) == ("Hollmann Logistik GmbH & Co. KG")
    assert new_company_name("Notre société Imprimerie Faure SARL est devenue Faure Graphique SAS au 1er novembre.") == (
        "Faure Graphique SAS"
    )
    # a page that became slow is no renaming
    assert new_company_name("Depuis lundi, la recherche du Groupe Mosane est devenue nettement plus lente.") == ""


def test_someone_from_the_support_management_is_someone_senior() -> None:
    asked_for = "Ich erwarte, dass mich jemand aus der Leitung Ihres Supports oder unser Account Manager anruft."
    assert contact_requests(asked_for) == ("call", "senior")
    assert contact_requests("I want someone from your management to call me.") == ("call", "senior")
    assert "senior" not in contact_requests("Die Leitung ist seit gestern tot.")
    assert "senior" not in contact_requests("Our account manager has to send it to the client with the invoice.")


def test_since_a_month_stops_before_a_range_and_keeps_a_german_day() -> None:
    assert since("Die Seite braucht seit Anfang November 30 bis 40 Sekunden zum Laden.") == "seit Anfang November"
    assert since("It has failed since November 30 and nobody knows why.") == "since November 30"
    assert since("seit dem 12. November geht nichts") == "seit dem 12. November"
    assert since("It has been down since 08:40. Then the login broke too.") == "since 08:40"


def test_hour_totals_grouped_in_thousands() -> None:
    text = "Dans l'appli le total est de 3 412,5 h, dans le CSV j'arrive a 3 129 h, um 17h30."
    assert measures(text) == ("3 412,5 h", "3 129 h")


def test_pages_named_by_their_quoted_name() -> None:
    assert areas('Die Seite "Stundenzettel" braucht 40 Sekunden.') == ("Stundenzettel",)
    assert areas("la page « 502 Bad Gateway » s'affiche") == ()


def test_wondering_in_the_past_tense_asks() -> None:
    assert asked("Je me demandais aussi s'il était possible de renommer l'espace.", "fr") == [
        ("question", "s'il était possible de renommer l'espace?")
    ]
    assert asked("I was wondering whether you could rename it.", "en") == [("question", "whether you could rename it?")]
    assert asked("Ich habe mich gefragt, ob man das umbenennen kann.", "de") == [
        ("question", "ob man das umbenennen kann?")
    ]


def test_a_request_to_tell_when_is_the_question_and_its_case_no_question() -> None:
    text = "Dans le premier cas, pourriez-vous m'indiquer sous quel délai le montant sera recrédité sur notre compte ?"
    assert asked(text, "fr") == [("question", "sous quel délai le montant sera recrédité sur notre compte?")]
    assert asked("Können Sie mir sagen, bis wann das erledigt ist?", "de") == [
        ("question", "bis wann das erledigt ist?")
    ]


def test_changes_wanted_from_now_on_said_as_statements() -> None:
    text = (
        "Concrètement :\n\n"
        "- les factures doivent désormais être établies au nom de Faure Graphique SAS\n"
        "- la facture FA-2026-11-1182 est encore à l'ancien nom, il nous la faudrait rééditée\n"
        "- M. David Nguyen doit aussi devenir administrateur de l'espace « imprimerie-faure »\n"
    )
    assert [kind for kind, _ in asked(text, "fr")] == ["request", "request", "request"]
    assert asked("1. Admin-Rechte im Workspace sollen von mir auf dich übergehen", "de") == [
        ("request", "Admin-Rechte im Workspace sollen von mir auf dich übergehen")
    ]
    assert asked("From now on invoices should go to ap@example.org instead of to me.", "en") != []
    assert asked("The address you have might be wrong. It should go to ap@example.org.", "en") == []


def test_a_wish_said_as_what_would_please_them() -> None:
    assert asked("A written quote in GBP would be lovely if that's possible.", "en") == [
        ("request", "a written quote in GBP")  # what they would like, without "would be lovely if …"
    ]
    # their timing, not another ask
    assert asked("It would be great to have this fixed before then.", "en") == []
    assert asked("Idéalement, il nous faudrait l'ensemble au plus tard le mercredi 9 décembre.", "fr") == []


def test_a_pointer_to_the_forwarded_note_asks_nothing() -> None:
    assert asked("Please see the note from our information security officer below.", "en") == []


def test_back_to_the_point_then_a_question_without_its_mark() -> None:
    text = "Anyway which of the two numbers is the right one, because I have to bill the client off one of them."
    assert asked(text, "en") == [("question", "which of the two numbers is the right one?")]


def test_what_they_set_out_to_do_is_no_step_and_how_it_ended_is_ours_to_say() -> None:
    story = "I've been trying to get our October hours out. I've checked the filters twice and exported again."
    assert tried(sentences(story)) == ("checked the filters twice and exported again",)
    assert tried(sentences("J'ai essayé en séparateur point-virgule et en UTF-8, même résultat.")) == (
        "en séparateur point-virgule et en UTF-8",
    )


def test_our_advice_applied_in_other_words() -> None:
    assert tried_our_advice(sentences("j'ai appliqué ce que vous proposiez hier : ajout de l'URL de réponse."))
    assert tried_our_advice(sentences("I followed your steps and re-issued the token, same error."))
    assert not tried_our_advice(sentences("I re-issued the token, same error."))


def test_a_date_with_a_slash_ends_its_sentence() -> None:
    assert sentences("Il manque les saisies à partir du 20/11.\nJ'ai essayé en UTF-8.") == [
        "Il manque les saisies à partir du 20/11.",
        "J'ai essayé en UTF-8.",
    ]


def test_a_named_back_request_keeps_its_ask_when_cut() -> None:
    text = (
        "la facture de novembre FA-2026-11-1182 est encore à l'ancien nom et à l'ancienne adresse, "
        "il nous la faudrait rééditée"
    )
    assert clipped({"text": text, "ours": text})["text"] == (
        "la facture de novembre FA-2026-11-1182 est encore à l'ancien nom, il nous la faudrait rééditée"
    )
