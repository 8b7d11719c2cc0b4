"""Reading that the eighteenth blind batch showed missing or wrong: ultimatums and event deadlines ("bis Ende
nächster Woche", "avant la clôture de notre exercice, le 31 décembre", "Peak starts Monday 14th"), what they
say of their own situation read as a request ("Wir zahlen für 42 Lizenzen", "bitte keine weitere Mail mit
Textbausteinen", "I want to exercise my rights"), and wishes, worries and waits said the way people say them."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from pipeline.plan.asks_nothing import asks_nothing
from pipeline.plan.clauses import shorten
from pipeline.plan.contact_asks import contact_requests
from pipeline.plan.counts import counts
from pipeline.plan.customer import read_customer, slots
from pipeline.plan.deadline import find
from pipeline.plan.measures import measures
from pipeline.plan.reading import key_sentence
from pipeline.plan.since import since
from pipeline.plan.situation import our_fix_failed, tried, tried_our_advice
from pipeline.plan.statement_asks import who_pays, worried

CET = timezone(timedelta(hours=1))
MONDAY = datetime(2026, 12, 7, 9, 0, tzinfo=CET)


def questions(text: str, language: str) -> list[str]:
    return [q.text for q in read_customer(text, "", language, MONDAY).questions]


def test_an_ultimatum_with_a_date_in_it_is_a_threat_not_to_renew() -> None:
    text = "wenn das bis Ende nächster Woche nicht sauber läuft, verlängern wir zum 31.01. nicht."
    assert "not_renew" in contact_requests(text)
    found, _ = find(text, MONDAY, "de")
    assert found is not None and found.at == datetime(2026, 12, 18, 17, 0, tzinfo=CET)
    for said, language in (("by the end of next week", "en"), ("d'ici la fin de la semaine prochaine", "fr")):
        found, _ = find(f"We need it {said}.", MONDAY, language)
        assert found is not None and found.at.date() == datetime(2026, 12, 18).date()


def test_an_event_of_whom_and_its_day_and_a_peak_season() -> None:
    text = "L'idéal serait que tout soit réglé avant la clôture de notre exercice, le 31 décembre."
    found, _ = find(text, MONDAY, "fr")
    assert found is not None and found.hard and found.at.date() == datetime(2026, 12, 31).date()
    tuesday = MONDAY + timedelta(days=1)
    found, _ = find("Peak starts Monday 14th, need all 12 on the floor by then.", tuesday, "en")
    assert found is not None and found.hard and found.at.date() == datetime(2026, 12, 14).date()


def test_their_own_situation_and_complaints_about_our_replies_ask_nothing() -> None:
    assert asks_nothing("Wir zahlen für 42 Business-Lizenzen")
    assert asks_nothing("keine weitere Mail mit Textbausteinen")
    assert asks_nothing("please no more canned replies")
    assert asks_nothing("ich sehe nur die Option, SSO ganz abzuschalten, und das möchte ich ungern")
    assert asks_nothing("I have left the company and I want to exercise my rights under the UK GDPR")
    assert not asks_nothing("send me a copy of all personal data you hold about me")
    asked = questions("I expect a reply within the one month the law allows, i.e. by 8 January at the latest.", "en")
    assert asked == []  # their deadline, said by the deadline line


def test_since_then_after_a_day_without_a_date() -> None:
    text = "Wir haben gestern Nachmittag das Signaturzertifikat erneuert. Seitdem bricht die Anmeldung ab."
    assert since(text) == "seit gestern Nachmittag"
    assert since("We renewed the certificate on Friday. Since then nobody can log in.") == "since Friday"


def test_a_devices_own_steps_are_steps_they_tried() -> None:
    found = tried(["Wir haben die Batterie getauscht und ihn zweimal neu angelernt, so wie im Handbuch beschrieben."])
    assert found and "getauscht" in found[0]


def test_who_pays_and_worries_said_as_wishes() -> None:
    wish = "wäre ich froh, wenn wir das Porto für die Rücksendung nicht selbst tragen müssten."
    assert who_pays(wish, "de") == "wer das Porto bezahlt?"
    assert who_pays("I'd appreciate it if we didn't have to pay the return shipping.", "en") == (
        "who pays for the return shipping?"
    )
    assert worried('Nicht das wir nachher gesperrt werden, weil eine Zahlung "fehlt" :-)', "de") == (
        "ob Ihr Konto gesperrt wird?"
    )


def test_a_wait_in_minutes_and_seconds_and_a_question_asked_in_the_past_conditional() -> None:
    assert measures("hat heute früh 2:40 min gebraucht") == ("2:40 min",)
    asked = questions("J'aurais aussi voulu savoir si vous pratiquez un tarif particulier pour les associations.", "fr")
    assert asked == ["si vous pratiquez un tarif particulier pour les associations?"]
    assert questions("I wanted to know whether you offer a discount for charities.", "en") == [
        "whether you offer a discount for charities?"
    ]


def test_a_statement_before_a_curt_ask_is_left_out() -> None:
    text = "account is tom@fairweather-arch.co.uk, can u reset the 2fa pls"
    assert questions(text, "en") == ["reset the 2fa"]


def test_the_plan_a_quote_is_for_is_the_one_their_questions_name_most() -> None:
    text = (
        "We're on the Team plan with 35 seats. Is there any discount if we sign a two-year Business plan contract? "
        "Is Okta SSO included in the Business plan? Do we get credit for the Team plan?"
    )
    assert slots(read_customer(text, "", "en", MONDAY), "en")["product"] == "Business plan"


def test_steps_after_we_did_exactly_what_you_said_are_our_advice_tried() -> None:
    sentences = [
        "We did exactly what you said on Monday.",
        "All 14 TS-40 sensors updated to firmware 2.3.1, gateways power cycled, the lot.",
    ]
    assert tried(sentences) == ("All 14 TS-40 sensors updated to firmware 2.3.1",)
    assert tried_our_advice(sentences)
    french = "On a fait la mise à jour en 3.4.2 mardi comme vous l'aviez indiqué, on l'a redémarrée."
    assert tried_our_advice([french])


def test_someone_who_rings_me_is_a_call_and_a_bare_day_after_a_trigger_is_a_deadline() -> None:
    assert "call" in contact_requests("unless somebody who actually knows the hardware rings me today")
    found, _ = find(
        "Nos prestations doivent partir au secrétariat social avant le 15, je compte sur vous.", MONDAY, "fr"
    )
    assert found is not None and found.text == "avant le 15" and found.at == datetime(2026, 12, 15, tzinfo=CET)
    found, _ = find("We need it by the 20th.", MONDAY, "en")
    assert found is not None and (found.at.day, found.at.hour) == (20, 23)
    assert find("Please reduce it by 15%.", MONDAY, "en")[0] is None


def test_clock_ins_counted_and_devices_dropping_off_state_the_problem() -> None:
    assert [c.text for c in counts("Ça fait environ 240 pointages qui manquent.")] == ["environ 240 pointages"]
    text = (
        "This is not fixed. Since then five of them have dropped off again. I'm telling you plainly: unless somebody "
        "rings me today, we won't be renewing."
    )
    assert key_sentence(text, "").startswith("Since then five of them")


def test_a_committee_that_meets_on_a_day_and_a_cut_that_leaves_no_preposition() -> None:
    text = "The quotation must be received before our Procurement Committee meets on Thursday 17 December 2026."
    found, _ = find(text, MONDAY, "en")
    assert found is not None and found.hard and found.at.date() == datetime(2026, 12, 17).date()
    question = (
        "whether you hold a current ISO/IEC 27001 certificate, in which country or countries customer data is hosted?"
    )
    assert shorten(question, 70, at_word=False) == "whether you hold a current ISO/IEC 27001 certificate"


def test_junk_names_and_counts_from_an_api_mail_are_left_out() -> None:
    text = (
        "1) Since yesterday our sync gets HTTP 429. We page with per_page=100 across 38 stores. The response has "
        "Retry-After: 60 but X-RateLimit-Limit says 600. We compare it to the X-Signature header from "
        "Settings > Integrations and compare it."
    )
    facts = read_customer(text, "", "en", MONDAY).facts
    assert [c.text for c in facts.counts] == ["38 stores"]
    assert facts.areas == ("Settings > Integrations",)
    assert not {"Since", "Retry After", "RateLimit Limit", "Signature"} & set(facts.products)
    ids = read_customer("Facture F-2026-12-00941, pas le F-16.", "", "fr", MONDAY).facts.ids
    assert [(i.kind, i.text) for i in ids] == [("invoice", "F-2026-12-00941")]


def test_a_second_ask_if_at_all_possible_and_a_worry_said_as_a_condition() -> None:
    text = (
        "Please take Alan off as the billing contact, and if at all possible have future invoices addressed to "
        "our charity rather than to Alan by name. No rush, as long as our volunteers don't lose access to the rota."
    )
    assert questions(text, "en") == [
        "take Alan off as the billing contact",
        "have future invoices addressed to our charity rather than to Alan by name",
        "whether your volunteers keep access in the meantime?",
    ]


def test_a_header_value_said_in_words_reads_as_the_header_and_a_question_keeps_what_it_is_for() -> None:
    assert measures("Retry-After kommt mit 3600 (!) zurueck, X-RateLimit-Remaining steht auf 0") == (
        "Retry-After: 3600",
        "X-RateLimit-Remaining: 0",
    )
    assert measures("l'en-tête Retry-After renvoie 3600 (!)") == ("Retry-After: 3600",)
    text = (
        "Je suis associé gérant et souhaiterais reprendre les droits d'administrateur : "
        "que faut-il vous fournir pour cela ?"
    )
    assert questions(text, "fr") == ["reprendre les droits d'administrateur : que faut-il vous fournir pour cela?"]


def test_our_fix_named_as_having_done_nothing_is_our_advice_tried() -> None:
    german = 'ich habe mir jetzt zwei Tage angeschaut, ob Ihr "Neuaufbau des Index" was bringt. Ergebnis: nichts.'
    assert our_fix_failed([german]) == "Neuaufbau des Index" and tried_our_advice([german])
    assert our_fix_failed(["Your cache reset didn't help at all."]) == "cache reset"
    assert our_fix_failed(["Votre correctif n'a rien changé."]) == ""  # too bare to say back as a step
    assert our_fix_failed(["We went through your list and it didn't help."]) == ""
    assert our_fix_failed(["Your team was very helpful."]) == ""


def test_deadlines_new_mail_wrote_a_day_with_its_date_or_number_a_christmas_trade_and_the_end_of_a_day() -> None:
    found, _ = find("Für eine Rückmeldung bis spätestens Freitag, den 8. Januar 2027, wären wir dankbar.", MONDAY, "de")
    assert found is not None and found.at.date() == datetime(2027, 1, 8).date()
    found, _ = find(
        "Wir wollten die eigentlich vorm Weihnachtsgeschaeft ab 19.12. in den Filialen haben.", MONDAY, "de"
    )
    assert found is not None and found.hard and found.at.date() == datetime(2026, 12, 19).date()
    found, _ = find("I want the following in writing by the end of Monday:", MONDAY + timedelta(days=4), "en")
    assert found is not None and (found.at.day, found.at.hour) == (14, 23)
    text = "We invoice our clients on wednesday morning, so I need an export that is correct before that."
    found, _ = find(text, MONDAY, "en")
    assert found is not None and found.at.date() == datetime(2026, 12, 9).date()
    found, _ = find(
        "On reçoit une grosse livraison de vaccins jeudi 10, il faut la sonde avant.", MONDAY - timedelta(days=5), "fr"
    )
    assert found is not None and found.at.date() == datetime(2026, 12, 10).date()  # the 10th, not the first Thursday
    found, _ = find("Bitte bis Montag 10 Uhr.", MONDAY + timedelta(days=1), "de")
    assert found is not None and (found.at.day, found.at.hour) == (14, 10)


def test_what_an_ultimatum_demands_is_asked_and_its_time_is_their_deadline() -> None:
    text = (
        "Le compte sera suspendu sous 7 jours. Si je n'ai pas d'ici vendredi une explication sérieuse sur ces "
        "lenteurs et l'assurance que le compte ne sera pas coupé, on ne renouvelle pas."
    )
    reading = read_customer(text, "", "fr", MONDAY + timedelta(days=8))
    assert [q.text for q in reading.questions] == [
        "une explication sérieuse sur ces lenteurs et l'assurance que le compte ne sera pas coupé"
    ]
    assert reading.deadline is not None and reading.deadline.text == "d'ici vendredi"
    german = "Wenn ich bis Freitag keine vernünftige Erklärung für die Ausfälle bekomme, kündigen wir."
    assert questions(german, "de") == ["eine vernünftige Erklärung für die Ausfälle"]
    english = "Unless we get a proper explanation of these outages by Friday, we won't renew."
    assert questions(english, "en") == ["a proper explanation of these outages"]
    stressed = read_customer("Le planning met 40 secondes à s'afficher, QUAND il s'affiche.", "", "fr", MONDAY)
    assert "QUAND" not in stressed.facts.products
