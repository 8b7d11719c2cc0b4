"""What blind batch ad taught the reading: the stretch an outage lasted, thanks for an earlier fix kept apart from
the new matter, a colleague of ours asked for by name, a P.S. under the signature, mail typed on a phone, the end of
the quarter, and demands made as statements ("I also expect a credit", "Außerdem will ich …").

Pure functions over text (the P.S. goes through the parser's new-text cut).
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from pipeline.parse.text import new_text
from pipeline.plan import since, thanks_first
from pipeline.plan.contact_asks import wanted_person
from pipeline.plan.customer import read_customer
from pipeline.plan.shorthand import spelled_out

CET = timezone(timedelta(hours=1))
MONDAY = datetime(2026, 12, 7, 10, 0, tzinfo=CET)


def _asks(text: str, language: str = "en") -> list[str]:
    return [q.text for q in read_customer(text, "", language, MONDAY).questions]


def test_the_stretch_an_outage_lasted_is_when_it_happened() -> None:
    german = (
        "gestern von ca. 6:15 bis 9:40 Uhr war bei uns NICHTS erreichbar. Das ist der dritte Ausfall seit Oktober!!"
    )
    assert since.since(german) == "gestern von ca. 6:15 bis 9:40 Uhr"
    english = "Last night between 18:45 and about 20:10 your system was DOWN. For three weeks now it has been slow."
    assert since.since(english) == "last night between 18:45 and about 20:10"
    french = "Samedi, jour de match, votre plateforme a été inaccessible de 13h40 à 16h15 environ : erreur 503."
    assert since.since(french) == "de 13h40 à 16h15 environ"
    # a stretch they can take a call in is theirs to offer, not when it was down
    assert since.since("I'm reachable between 9:00 and 18:00 if you want to call.") == ""


def test_thanks_for_an_earlier_fix_is_kept_apart_from_the_new_matter() -> None:
    text = (
        "Hallo liebes Support-Team,\n\nzuerst mal ein dickes Dankeschön an Jana! Ticket #48213 ist komplett weg.\n\n"
        "Jetzt hab ich leider was Neues, das hat aber nichts damit zu tun: Die Dienstplan-Ansicht lädt ewig."
    )
    split = thanks_first.split(text)
    assert split.thanked and split.whom == "Jana"
    assert "48213" not in split.rest and "Dienstplan" in split.rest
    reading = read_customer(text, "", "de", MONDAY)
    assert reading.thanked and [i.text for i in reading.facts.ids] == []
    # thanks with no new matter after it keeps the whole mail
    assert not thanks_first.split("Thanks a lot for the quick fix!\n\nThe export works again.").thanked


def test_a_colleague_of_ours_asked_for_by_name() -> None:
    assert wanted_person("To whom it may concern, but preferably to Katrin who sold us this system.") == "Katrin"
    assert wanted_person("Et je veux que ce soit Mathilde, notre interlocutrice, qui me rappelle.") == "Mathilde"
    assert wanted_person("Wäre es möglich, dass sich wieder Jana das anschaut?") == "Jana"
    assert wanted_person("Please have your team call me.") == ""


def test_a_postscript_under_the_signature_is_read() -> None:
    mail = (
        "Hallo,\n\nbitte die Anschrift ändern.\n\nGruß\nP. Ostermann\n\n"
        "PS: Die Rechnung RE-2026-12-25102 bitte stornieren und neu ausstellen, bis zum 10.\n"
    )
    assert "RE-2026-12-25102" in new_text(mail, lambda _: None)


def test_mail_typed_on_a_phone() -> None:
    text = (
        "bjr\non a ete preleve 2 fois pr l abonnement ce mois ci, 2 x 149,00 € le 01/12 sur le compte du cabinet "
        "(facture FA-2026-12-08841)\nvs pouvez rembourser le 2e prelevement svp et me dire qd ca revient sur le compte"
    )
    assert _asks(text, "fr") == ["vous pouvez rembourser le 2e prelevement", "quand ça revient sur le compte?"]


def test_the_end_of_the_quarter_and_before_then() -> None:
    quarter = read_customer("Corbas doit tourner avant la fin du trimestre.", "", "fr", MONDAY).deadline
    assert quarter is not None and (quarter.at.month, quarter.at.day) == (12, 31)
    then = read_customer(
        "We close for Christmas on the 18th and I'm on leave after that, so I'd love to have it sorted before then.",
        "",
        "en",
        MONDAY,
    )
    assert then.deadline is not None and then.deadline.at.day == 18
    assert "Christmas" not in then.facts.products
    legal = read_customer("Je vous rappelle que vous avez un mois pour répondre.", "", "fr", MONDAY)
    assert legal.deadline is not None and legal.deadline.at.month == 1
    assert legal.contact_requests == ()  # "je vous rappelle que" reminds; it asks for no call


def test_demands_made_as_statements() -> None:
    assert _asks("Außerdem will ich eine schriftliche Erklärung und eine Gutschrift für den Ausfall.", "de") == [
        "eine schriftliche Erklärung und eine Gutschrift für den Ausfall"
    ]
    assert _asks("I also expect a credit for yesterday.") == ["a credit for yesterday"]
    assert _asks(
        "We will not be renewing unless somebody explains what actually happened last night and what you are doing."
    ) == ["an explanation of what actually happened last night and what you are doing"]
    ultimatum = (
        "I tell you honestly: if I do not get an explanation what happened today, I will not renew, "
        "and I will ask a credit for this month."
    )
    assert _asks(ultimatum) == ["an explanation what happened today", "a credit for this month"]
    # asking for a reply is answered by replying
    assert _asks("I want a proper answer by Monday.") == []


def test_payment_codes_in_lower_case_are_error_codes() -> None:
    reading = read_customer('Both times we got "card_declined / do_not_honor".', "", "en", MONDAY)
    assert reading.facts.error_codes == ("card_declined", "do_not_honor")
    json = read_customer('{"error":"rate_limit_exceeded","request_id":"req_8f3c2a91d7e4"}', "", "en", MONDAY)
    assert "rate_limit_exceeded" not in json.facts.error_codes  # a JSON value, shown in the error message


def test_a_question_after_a_dash_points_at_what_comes_before_it() -> None:
    text = "Wir haben 62 Mitarbeiter im Plan, vorher waren es ungefähr 35 – kann es daran liegen?"
    assert _asks(text, "de") == [
        "Wir haben 62 Mitarbeiter im Plan, vorher waren es ungefähr 35 — kann es daran liegen?"
    ]


def test_shorthand_is_spelled_out_only_as_typed() -> None:
    assert spelled_out("vs pouvez rembourser, qd ca revient", "fr") == "vous pouvez rembourser, quand ça revient"
    assert spelled_out("alimentation 12V DC, PR interne", "fr") == "alimentation 12V DC, PR interne"  # acronyms stay
