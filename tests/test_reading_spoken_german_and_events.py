"""Reading that the seventeenth blind batch showed missing or wrong: German written without umlauts and in
spoken word order, events named with a qualifier ("before the client billing run"), calls to an API that are no
phone calls, what they only wanted to know read as a step they tried, mergers, and who they are read as whom they
ask for."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from pipeline.asked import short_answer
from pipeline.parse.forwards import forwarded_body
from pipeline.plan.contact_asks import contact_requests
from pipeline.plan.counts import counts
from pipeline.plan.cues import urgency_cues
from pipeline.plan.customer import read_customer, slots
from pipeline.plan.deadline import find
from pipeline.plan.facts import http_statuses, identifiers
from pipeline.plan.measures import measures
from pipeline.plan.reading import key_sentence
from pipeline.plan.renamed import new_company_name
from pipeline.plan.since import since
from pipeline.plan.situation import tried, tried_our_advice
from pipeline.plan.statement_asks import who_pays, worried

CET = timezone(timedelta(hours=1))
FRIDAY = datetime(2026, 12, 4, 11, 0, tzinfo=CET)
MONDAY_EARLY = datetime(2026, 12, 7, 7, 52, tzinfo=CET)


def test_who_they_are_is_no_ask_for_someone_senior() -> None:
    assert "senior" not in contact_requests("ich bin Geschäftsführerin der Jugendhilfe Nordstadt e.V.")
    assert "senior" not in contact_requests("Unsere Geschäftsführung möchte bis Freitag ein Angebot.")
    assert "senior" not in contact_requests("I'm the operations manager here and we need 40 seats.")
    assert "senior" in contact_requests("Ich möchte mit Ihrer Teamleitung sprechen.")
    assert "senior" in contact_requests("I want to talk to a manager today.")


def test_a_call_to_the_api_is_no_phone_call() -> None:
    assert "call" not in contact_requests("Depuis mardi, environ un appel sur cinq revient en 429.")
    assert "call" not in contact_requests("On rejoue les appels en erreur, donc pas d'urgence.")
    assert "call" in contact_requests("Pourriez-vous organiser un appel avec votre équipe technique ?")


def test_no_rush_said_loosely_or_after_a_raising_word_under_rien() -> None:
    lowered = [c.text for c in urgency_cues("Keine Riesen-Eile, der Sync läuft nachts.") if c.direction < 0]
    assert lowered == ["Keine Riesen-Eile"]
    assert [c.direction for c in urgency_cues("Es eilt übrigens überhaupt nicht.")] == [-1]
    cues = urgency_cues("Rien de bloquant pour l'instant, on rejoue les appels en erreur, donc pas d'urgence.")
    assert cues and all(c.direction < 0 for c in cues)  # "Rien de bloquant" is no raising "bloquant"
    assert [c.direction for c in urgency_cues("C'est bloquant pour toute l'équipe.")] == [1]


def test_what_they_want_to_know_is_no_step_they_tried() -> None:
    asked = "I'd like to know whether the new limit was actually applied to our API key or to something else."
    assert tried([asked]) == ()
    assert tried(["I applied the new limit to our second key yesterday."]) == (
        "applied the new limit to our second key yesterday",
    )


def test_a_step_after_the_symptom_is_cut_from_it_and_a_fix_comes_before_a_look() -> None:
    sentences = [
        "Funny thing is the outer box label says TS-210 but every unit inside is a TS-200, I checked a few serials.",
        "Also one of them doesnt power on at all, tried fresh batteries and the reset pin, nothing.",
    ]
    assert tried(sentences) == ("fresh batteries and the reset pin", "checked a few serials")


def test_advice_followed_by_leaving_something_alone_is_no_step() -> None:
    sentence = (
        "Ihr Zurücksetzen der Synchronisation hat genau eine Woche gehalten, die Zuordnung der Felder haben wir "
        "wie empfohlen nicht angefasst."
    )
    assert tried([sentence]) == ()
    followed = (
        "Wir haben das Firmware-Update 3.8.2 genau nach Ihrer Anleitung am Mittwoch auf beiden Terminals eingespielt."
    )
    assert tried_our_advice([followed])
    assert tried([followed]) == ("das Firmware-Update 3.8.2 am Mittwoch auf beiden Terminals eingespielt",)


def test_since_a_change_of_theirs_on_a_day() -> None:
    assert (
        since("Since we rotated our Azure AD signing certificate on Friday, SSO fails for everyone.") == "since Friday"
    )
    assert since("Seit wir am Montag das Zertifikat getauscht haben, geht nichts mehr.") == "seit Montag"
    assert since("Since we pay for 200 seats, this matters.") == ""
    assert since("Since your change yesterday we still get 429.") == "since our change yesterday"  # our voice
    assert since("depuis votre mise à jour de mardi, rien ne marche") == "depuis notre mise à jour de mardi"


def test_an_event_named_with_a_qualifier_or_a_shift_change_is_their_deadline() -> None:
    found, _ = find("We need the sync stable before the client billing run on Thursday morning.", FRIDAY, "en")
    assert found is not None and found.hard and found.at.weekday() == 3
    found, _ = find("Die Stempeluhren puffern noch, aber um 10 Uhr ist Schichtwechsel.", MONDAY_EARLY, "de")
    assert found is not None and found.at == MONDAY_EARLY.replace(hour=10, minute=0, second=0)
    found, _ = find("Ils ont une remise de planning chez un client lundi matin.", FRIDAY, "fr")
    assert found is not None and found.at.date() == datetime(2026, 12, 7).date()
    assert find("Nous avons obtenu une remise de 10 % lundi.", FRIDAY, "fr")[0] is None  # a discount, no event


def test_german_written_without_umlauts() -> None:
    found, _ = find("Waere super wenn die Geraete bis naechsten Mittwoch da sind.", FRIDAY, "de")
    assert found is not None and found.at.weekday() == 2
    assert "not_renew" in contact_requests(
        "Unser Vertrag laeuft am 31.01. aus, so wie es aussieht, verlaengern wir den nicht."
    )
    assert who_pays(
        "Ich geh mal davon aus dass wir das Porto nicht zahlen muessen, war ja nicht unser fehler.", "de"
    ) == ("wer das Porto bezahlt?")
    reading = read_customer("Ich erwarte bis Dienstag eine Loesung die tatsaechlich funktioniert.", "", "de", FRIDAY)
    assert [q.kind for q in reading.questions] == ["request"]  # what they need from us, not their own task


def test_a_german_statement_after_so_is_no_question() -> None:
    reading = read_customer("So dürfen wir sie nicht verbuchen. Bitte stornieren Sie die Rechnung.", "", "de", FRIDAY)
    assert all("verbuchen" not in q.text for q in reading.questions)
    english = read_customer("So can we add seats mid-term?", "", "en", FRIDAY)
    assert [q.text for q in english.questions] == ["can we add seats mid-term?"]


def test_a_worry_that_it_happens_again_is_named_back() -> None:
    assert worried("I don't want the same thing happening with the January invoice.", "en") == (
        "whether the same can happen with the January invoice?"
    )
    assert worried("Je ne veux pas que cela se reproduise avec la facture de janvier.", "fr") == (
        "si la même chose peut se produire avec la facture de janvier ?"
    )


def test_their_own_job_is_no_request_but_their_need_of_us_is() -> None:
    text = "I need to upload the new cert in the SSO settings but I can't get in. We need to get admin access back."
    reading = read_customer(text, "", "en", FRIDAY)
    assert [q.text for q in reading.questions] == ["we need to get admin access back"]


def test_the_law_said_before_a_wish_is_left_out_of_it() -> None:
    reading = read_customer("Under GDPR i want a copy of all personal data you have about me.", "", "en", FRIDAY)
    assert [q.text for q in reading.questions] == ["a copy of all personal data you have about me"]


def test_badge_numbers_fr_invoice_prefixes_and_statuses_given_with_mit() -> None:
    assert [(i.kind, i.text) for i in identifiers("they use your time clock (badge no 4471)")] == [("badge", "4471")]
    assert [(i.kind, i.text) for i in identifiers("la FAC-2026-11-3381 et la FAC-2026-11-3394")] == [
        ("invoice", "FAC-2026-11-3381"),
        ("invoice", "FAC-2026-11-3394"),
    ]
    assert http_statuses('GET /v2/time-entries liefert 403 mit {"error":"insufficient_scope"}') == (403,)


def test_a_merger_names_the_company_billed_now() -> None:
    text = "zum 01.10.2026 ist die Meyer Haustechnik GmbH auf die Meyer Technik Gruppe AG verschmolzen worden."
    assert new_company_name(text) == "Meyer Technik Gruppe AG"


def test_the_quote_is_not_the_step_they_tried() -> None:
    text = (
        "Wir haben das Firmware-Update 3.8.2 genau nach Ihrer Anleitung am Mittwoch auf beiden Terminals eingespielt. "
        "Ergebnis: heute morgen wieder 23 doppelte Kommt-Buchungen, jeweils 1-2 Sekunden auseinander. "
        "Mein Lohnbuero sitzt schon wieder daran."
    )
    tried = ("das Firmware-Update 3.8.2 am Mittwoch auf beiden Terminals eingespielt",)
    assert "23 doppelte" in key_sentence(text, "", tried=tried)
    alone = "If I do exactly that, then the test group won't be saved after a refresh of the page."
    assert (
        key_sentence(f"{alone}\n\n2013/7/20 sam via Discourse Meta <info@discourse.org>", "", tried=(alone,)) == alone
    )


UNDERSCORE_FORWARD = """See below from our security team, please reply to me.

________________________________
From: Imran Siddiqui <imran@corvant.example>
Sent: 16 December 2026 17:48
Subject: Vendor security assessment

Rachel,

In particular I need from them:
- confirmation of encryption at rest and in transit
"""


def test_outlooks_underscore_rule_and_untenstehend_pass_a_forward_on() -> None:
    note = "See below from our security team, please reply to me."
    body = forwarded_body(UNDERSCORE_FORWARD, note)
    assert body.startswith("Rachel,") and "encryption at rest" in body and "From:" not in body
    german = UNDERSCORE_FORWARD.replace("From:", "Von:")
    assert "encryption" in forwarded_body(german, "untenstehend die Anfrage unserer Kollegin.")
    assert forwarded_body(UNDERSCORE_FORWARD, "Thanks, that fixed it.") == ""  # a note that passes nothing on


def test_a_german_day_and_month_is_no_clock_time() -> None:
    found, _ = find("Ich brauche alles bitte spätestens bis 15.01.2027.", MONDAY_EARLY, "de")
    assert found is not None and found.at.date() == datetime(2027, 1, 15).date()
    found, _ = find("Wir brauchen die Rechnung bis 15.01.", MONDAY_EARLY, "de")
    assert found is not None and found.text == "bis 15.01." and found.at.month == 1
    found, _ = find("Bitte bis 12.30 Uhr.", MONDAY_EARLY, "de")
    assert found is not None and (found.at.hour, found.at.minute) == (12, 30)


def test_a_count_keeps_the_number_it_should_have_been() -> None:
    assert [c.text for c in counts("es sind 214 Zeilen statt 251")] == ["214 Zeilen statt 251"]
    assert [c.text for c in counts("The export has 212 rows instead of 248.")] == ["212 rows instead of 248"]


def test_a_quote_names_the_seats_and_plan_asked_about_not_the_ones_they_have() -> None:
    text = (
        "Wir arbeiten aktuell mit 18 Nutzern im Team-Tarif. Mich würde interessieren, was uns 30 Lizenzen im "
        "Business-Tarif bei jährlicher Zahlung kosten würden."
    )
    filled = slots(read_customer(text, "", "de", FRIDAY), "de")
    assert (filled["count"], filled["product"]) == ("30 Lizenzen", "Business-Tarif")


def test_a_response_header_value_and_a_questionnaires_size_are_facts() -> None:
    found = measures("the response headers still say X-RateLimit-Limit: 300 and Retry-After: 60")
    assert found == ("X-RateLimit-Limit: 300", "Retry-After: 60")
    assert [c.text for c in counts("The questionnaire itself is 48 questions in an Excel file.")] == ["48 questions"]
    assert counts("I have 2 questions about the invoice.") == ()  # announces their questions, sizes nothing


def test_a_short_answer_keeps_the_sentence_each_part_of_the_question_needs() -> None:
    answer = (
        "Les données clients sont hébergées dans l'UE (AWS à Francfort) et chiffrées au repos. "
        "Les sous-traitants ultérieurs figurent sur example.com/legal/subprocessors."
    )
    both = "où sont hébergées nos données et faites-vous appel à des sous-traitants situés hors UE ?"
    assert "sous-traitants" in short_answer(answer, "fr", both) and "hébergées" in short_answer(answer, "fr", both)
    assert short_answer(answer, "fr", "où sont hébergées nos données ?").startswith("Les données clients")
    assert "sous-traitants" not in short_answer(answer, "fr", "où sont hébergées nos données ?")


def test_a_wait_written_in_words_is_a_measure() -> None:
    assert measures("der Bericht braucht fast zwei Minuten, bis er geladen ist") == ("zwei Minuten",)
    assert measures("seit ungefähr zwei Wochen") == ()  # how long, said by since, not a measure
