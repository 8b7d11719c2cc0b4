"""What blind batch ai taught the reading: a mail typed line by line on a phone, "by 12 today", points counted off
with "first, … second, …", a colleague's request passed on, reasons listed that ask nothing, a belief to confirm,
ids written in groups or given a sentence later, counts that changed, and polite German that asks nothing.

Pure functions over text.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from pipeline.asked import asked_line
from pipeline.plan.clauses import sentences
from pipeline.plan.contact_asks import contact_requests
from pipeline.plan.written_before import FOLLOW_UP
from tests.reading_support import reader

CET = timezone(timedelta(hours=1))
MONDAY = datetime(2026, 12, 7, 8, 10, tzinfo=CET)


_read, _asks = reader(MONDAY)


def test_a_mail_typed_line_by_line_on_a_phone() -> None:
    phone = (
        "lost my phone fri, new phone doesnt have the authenticator so cant get the 6 digit code\n"
        "acct is Sparkle & Shine Cleaning\nim the only admin so nobody else can reset me\n"
        "can u turn off the 2fa or send me backup codes\n"
    )
    assert len(sentences(phone)) == 4
    assert _asks(phone) == ["turn off the 2fa or send me backup codes"]  # not "… 6 digit code acct is …"
    # prose wrapped by a mail client, with one line ended by hand, stays one paragraph of sentences
    wrapped = (
        "Zweites Thema: Wir sind zum 1. Dezember umgezogen. Die neue Anschrift lautet Physiotherapie am\n"
        "Stadtpark, Parkstraße 41, 04109 Leipzig (vorher Gohliser Straße 12). Bitte auch auf den Rechnungen\n"
        "ändern.\nAußerdem übernimmt ab Januar Herr Lukas Behrendt die Verwaltung des Accounts, weil ich in\n"
        "Elternzeit gehe. Was muss ich tun, damit er Admin wird und auch die Rechnungen bekommt? Reicht es,\n"
        "wenn ich ihn selbst als Admin einlade?\n"
    )
    assert not any(s.startswith("ändern") for s in sentences(wrapped))


def test_an_hour_before_today_is_a_time_not_a_day_of_the_month() -> None:
    reading = _read("need to approve last wks hours for payroll by 12 today")
    assert reading.deadline is not None and reading.deadline.text.endswith("by 12 today")
    assert (reading.deadline.at.day, reading.deadline.at.hour) == (7, 12)
    german = _read("Unser Lohnbüro braucht die Stunden bis Mittwoch, 9.12., 12 Uhr.", "de")
    assert german.deadline is not None and (german.deadline.at.day, german.deadline.at.hour) == (9, 12)
    assert _read("we need it by the 12th").deadline is not None  # the day of the month, as before


def test_points_counted_off_with_first_second_third() -> None:
    text = (
        "So, a few questions: first, is this a known issue on your side; second, has the rate limit on the v2 API "
        "changed recently, because your docs still say 10 requests per second; and third, will the failed webhooks "
        "be redelivered automatically once this clears?"
    )
    assert _asks(text) == [
        "is this a known issue on your side?",
        "has the rate limit on the v2 API changed recently?",
        "will the failed webhooks be redelivered automatically once this clears?",
    ]
    assert _asks("Zweitens: Was kostet so ein Terminal?", "de") == ["was kostet so ein Terminal?"]


def test_a_colleagues_request_passed_on() -> None:
    french = "Par ailleurs, notre administratrice me demande un court rapport d'incident écrit pour le conseil."
    assert _asks(french, "fr") == ["un court rapport d'incident écrit pour le conseil"]
    assert _asks("Unser Vorstand hat mich um eine Stellungnahme gebeten.", "de") == ["eine Stellungnahme"]
    assert _asks("Mon directeur me demande si vous avez un certificat ISO.", "fr") == [
        "si vous avez un certificat ISO?"
    ]
    assert _asks("Unsere Buchhaltung fragt, ob Sie auch in CHF abrechnen.", "de") == ["ob Sie auch in CHF abrechnen?"]


def test_reasons_listed_ask_nothing_but_a_belief_to_confirm_does() -> None:
    text = (
        "Nous ne pouvons pas la mettre en paiement, pour les motifs suivants :\n\n"
        "1. Conformément à nos règles d'achat, toute facture doit mentionner le bon de commande.\n"
        "2. Une TVA de 20 % a été appliquée. Il nous semble que la facture devrait être émise hors taxe ; nous vous "
        "saurions gré de bien vouloir nous le confirmer.\n"
    )
    assert _asks(text, "fr") == ["confirmer que la facture devrait être émise hors taxe"]


def test_ids_given_a_sentence_later_or_in_groups() -> None:
    later = _read("Rechnungen müssen unsere Bestellnummer enthalten. Diese lautet 4500-287613.", "de")
    assert [i.text for i in later.facts.ids] == ["4500-287613"]
    grouped = _read("toute facture doit mentionner le bon de commande, en l'occurrence le n° 4500 0187 63.", "fr")
    assert [i.text for i in grouped.facts.ids] == ["4500 0187 63"]
    workspaces = _read('"Raghunathan Lab" (ws_48213, 6 users) and "RLab-Imaging" (ws_51077, 3 users)')
    assert [i.text for i in workspaces.facts.ids] == ["ws_48213", "ws_51077"]


def test_counts_that_changed_and_seasonal_staff() -> None:
    changed = _read("wir haben am 12. November unsere Nutzerzahl von 40 auf 28 reduziert", "de")
    assert [c.text for c in changed.facts.counts] == ["28 Nutzer"]
    seasonal = _read("Wir haben von April bis Oktober ca. 35 Saisonkräfte, im Winter 6 Festangestellte.", "de")
    assert [c.number for c in seasonal.facts.counts] == [35, 6]
    status = _read("page blanche, puis « 502 Bad Gateway » ; 23 techniciens n'ont pas pu pointer.", "fr")
    assert [c.text for c in status.facts.counts] == ["23 techniciens"]
    assert status.facts.error_messages == ("502 Bad Gateway",)


def test_polite_words_that_ask_nothing() -> None:
    assert not FOLLOW_UP.search("Vielen herzlichen Dank schon einmal für Ihre Mühe!")
    assert FOLLOW_UP.search("Ich habe Ihnen schon einmal geschrieben.")
    text = (
        "entschuldigen Sie bitte, dass ich Sie gleich am Montagmorgen damit behellige, aber ich bin auf Ihre Hilfe "
        "angewiesen. Das möchte ich unseren Pflegekräften kurz vor Weihnachten ehrlich gesagt nicht zumuten."
    )
    assert _asks(text, "de") == []
    assert _asks("Il faudrait juste qu'on ait vos réponses avant.", "fr") == []


def test_words_shouted_in_anger_name_nothing() -> None:
    reading = _read("We ARE on Chrome. We HAVE cleared the cache, on every PC in the planning office.")
    assert "HAVE" not in reading.facts.products and "ARE" not in reading.facts.products


def test_ultimatums_and_wishes_after_what_happened() -> None:
    german = (
        "Ich sage es ganz deutlich: Wenn ich bis Freitag keine schriftliche Erklärung habe, was da los ist und was "
        "Sie dagegen tun, kündigen wir zum Laufzeitende."
    )
    assert _asks(german, "de") == ["eine schriftliche Erklärung, was da los ist und was Sie dagegen tun"]
    english = "unless this is fixed and somebody actually explains what has gone wrong, we will not be renewing."
    assert _asks(f"Our renewal is due on 31 January and {english}") == [
        "a fix, and an explanation of what has gone wrong"
    ]
    told = "Since Friday our integration has been having a rough time, and I want to rule out our side first."
    assert _asks(told) == ["I want to rule out our side first"]
    assert _asks("I'd also want to know whether we'd lose anything by switching plans.") == [
        "whether we'd lose anything by switching plans?"
    ]
    assert "not_renew" in contact_requests("Our renewal is 31 December and I am not signing another year at €7,140.")


def test_a_request_without_its_reason_after_a_colon() -> None:
    text = "3. la suppression du contact de facturation (M. Marchal, retraité) : c'est moi votre seul interlocuteur."
    assert _asks(f"Ce que j'attends :\n1. la fusion des espaces ;\n{text}", "fr")[-1] == (
        "la suppression du contact de facturation (M. Marchal, retraité)"
    )


def test_how_to_do_what_the_sentence_before_wants() -> None:
    asked = _asks("Une ancienne salariée veut que toutes ses données soient supprimées. Comment je fais ça ?", "fr")
    assert asked == ["Une ancienne salariée veut que toutes ses données soient supprimées — comment je fais ça?"]


def test_a_german_indirect_question_in_our_voice() -> None:
    line = asked_line("wie wir jetzt am schnellsten an passende Netzteile kommen?", True, "de")
    assert line == "wie Sie jetzt am schnellsten an passende Netzteile kommen?"
    assert asked_line("Bekommen wir das Geld zurück?", True, "de") == "ob Sie das Geld zurückbekommen?"


def test_a_data_request_of_their_staff_passed_on() -> None:
    text = (
        "Je vous transfère la demande RGPD d'une kiné qui a travaillé chez nous jusqu'en septembre. Claire estime "
        "qu'il faut tout supprimer tout de suite. Moi je pense qu'on doit d'abord lui envoyer ses données. Qui a "
        "raison ?"
    )
    reading = _read(text, "fr")
    assert reading.for_staff
    assert [q.text for q in reading.questions] == ["qui a raison?"]  # a colleague's view is one side, not an ask
    assert not _read("I want a copy of all personal data you hold about me (GDPR Art. 15).").for_staff
    negated = asked_line("pour celles que vous n'êtes pas tenus de conserver", True, "fr")
    assert negated == "pour celles que nous ne sommes pas tenus de conserver"


def test_a_hurry_in_someones_view_and_a_time_worked_out_to_its_day() -> None:
    reading = _read("Claire estime qu'il faut tout supprimer tout de suite. Si j'ai bien compris on a un mois, donc "
                    "jusqu'au 20 décembre.", "fr")  # fmt: skip
    assert not [c for c in reading.cues if c.direction > 0]
    assert reading.deadline is not None and reading.deadline.text == "jusqu'au 20 décembre"
    assert [c.text for c in _read("Il faut tout supprimer tout de suite.", "fr").cues] == ["tout de suite"]


def test_a_count_does_not_run_on_into_the_next_list_item() -> None:
    text = (
        "- Wandhalterungen: laut Lieferschein 8, im Karton waren nur 5\n- Gateway läuft, die 5 anderen Sensoren gehen"
    )
    assert [c.text for c in _read(text, "de").facts.counts] == ["5 anderen Sensoren"]


def test_a_condition_kept_when_the_ask_points_back_at_it() -> None:
    text = (
        "One new thing: is there a way to replay the events we missed? If replaying has a rate limit, please tell me "
        "what it is so I don't get us blocked."
    )
    assert _asks(text) == [
        "is there a way to replay the events we missed?",
        "if replaying has a rate limit, what it is?",
    ]


def test_a_name_in_quotes_before_what_it_names() -> None:
    reading = _read('Both shops were moved into a new "Bristol North" location group on 9 November.')
    assert reading.facts.names == ("Bristol North",)
    assert _read('the team is "looking into it" again').facts.names == ()
