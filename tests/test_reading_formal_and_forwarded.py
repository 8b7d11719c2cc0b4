"""What the seventh blind batch (`*g*` in tests/rubric) taught the reading: questions deep in formal sentences,
requests after a framing clause, a forwarded colleague's note below the customer's own sign-off, a company's new
name, serials and dates written the short way, hour totals, error text by its own words, a call until a time, and
a signature the reply parser took for the whole mail.

Pure functions over text, plus end-to-end drafts through the real engine where the reading only shows in the reply.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from pipeline.asked import asked_line, tried_clause
from pipeline.config import Config
from pipeline.engine import Engine
from pipeline.parse import parse
from pipeline.plan import counts, error_texts, facts, measures, since
from pipeline.plan.contact_asks import contact_requests, reachable_until
from pipeline.plan.renamed import new_company_name
from pipeline.plan.respond import call_window
from tests.test_customer_drafts import draft, mail, reply_part
from tests.test_reading_compound_asks import BERLIN, asked


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Im Rahmen unserer Lieferantenbewertung wäre ich Ihnen dankbar, wenn Sie mir mitteilen könnten, in welchen "
         "Ländern unsere Daten gespeichert werden und ob Unterauftragsverarbeiter außerhalb der EU Zugriff haben.",
         "de",
         [("question", "in welchen Ländern unsere Daten gespeichert werden?"),
          ("question", "ob Unterauftragsverarbeiter außerhalb der EU Zugriff haben?")]),
        ("I would also be grateful if you could confirm whether future invoices will be issued to the new name.", "en",
         [("question", "whether future invoices will be issued to the new name?")]),
        ("J'ai réexporté deux fois, et je me demande si les entrées encore en cours sont comptées différemment.", "fr",
         [("question", "si les entrées encore en cours sont comptées différemment?")]),
        ("Bitte teilen Sie mir mit, ob Sie die ursprüngliche Rechnung stornieren.", "de",
         [("question", "ob Sie die ursprüngliche Rechnung stornieren?")]),
        # the request after its framing clause, and the second thing a formal request asks
        ("Conformément à l'article 17 du RGPD, je vous demande de procéder à l'effacement de mes données.", "fr",
         [("request", "procéder à l'effacement de mes données")]),
        ("Je vous saurais gré de bien vouloir me confirmer par écrit la suppression effective de ces données et de "
         "m'indiquer, le cas échéant, quelles données vous seriez tenus de conserver.", "fr",
         [("request", "me confirmer par écrit la suppression effective de ces données"),
          ("question", "quelles données vous seriez tenus de conserver?")]),
        ("I'd like to know whether it will be refunded automatically, and roughly how long it usually takes.", "en",
         [("question", "whether it will be refunded automatically?"), ("question", "how long it usually takes?")]),
        ("And who pays the shipping for sending it back - I'd rather not pay for a unit that was dead.", "en",
         [("question", "who pays the shipping for sending it back?")]),
        ("Darüber hinaus benötige ich:\n1. den aktuellen AVV\n2. Ihr ISO-27001-Zertifikat", "de",
         [("request", "den aktuellen AVV"), ("request", "Ihr ISO-27001-Zertifikat")]),
        # their timing, a colleague's errand and "whatever is needed" ask nothing of their own
        ("Das Ganze hat keine Eile – die Bewertung schließen wir im Februar ab, ich möchte die Unterlagen nur "
         "rechtzeitig anfragen.", "de", []),
        ("Merci de faire le nécessaire avant le 30 novembre, date de notre clôture mensuelle.", "fr", []),
        ("Henrik, two things with the tracker, can you pass this on to their support:", "en", []),
        ("If you can't give one, I want someone more senior to look at it.", "en", []),
        ("Also wondering if we can pay by invoice rather than card.", "en",
         [("question", "whether we can pay by invoice rather than card?")]),
        ("Nos bénévoles étant plus nombreux, nous envisageons de passer à 35 utilisateurs ; à ce titre, j'aimerais "
         "savoir si vous proposez une remise aux associations.", "fr",
         [("question", "si vous proposez une remise aux associations?")]),
        ("Pourriez-vous par ailleurs m'établir un devis pour 35 utilisateurs ?", "fr",
         [("request", "m'établir un devis pour 35 utilisateurs")]),
        ("ich hätte gerne ein angebot für die 35 plätze, einmal monatlich und einmal jährlich bezahlt.", "de",
         [("request", "ein angebot für die 35 plätze, einmal monatlich und einmal jährlich bezahlt")]),
        ("Pourriez-vous me dire :\n- s'il existe une remise pour un engagement de 2 ans.", "fr",
         [("request", "s'il existe une remise pour un engagement de 2 ans")]),
    ],
)  # fmt: skip
def test_formal_and_buried_questions_are_read(text, language, expected):
    assert asked(text, language) == expected


def test_a_no_rush_request_with_a_but_still_asks():
    assert asked("No rush, but could you send us the invoice again?") != []


def test_a_german_question_about_what_we_do_is_named_in_our_voice():
    assert asked_line("ob Sie die Rechnung stornieren?", True, "de") == "ob wir die Rechnung stornieren?"
    assert asked_line("das an Ihre Entwickler weitergeben", True, "de") == "das an unsere Entwickler weitergeben"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('our company changed its name from "Brenner Maschinenbau GmbH" to "Brenner Industrietechnik GmbH".',
         "Brenner Industrietechnik GmbH"),
        ("Mit Wirkung zum 1. Oktober wurde die Hellmann Messtechnik GmbH in Hellmann Sensorik GmbH umfirmiert.",
         "Hellmann Sensorik GmbH"),
        ("- on devient « Roussel Design Group SAS » au 1er janvier", "Roussel Design Group SAS"),
        ("We are now called Acme Widgets Ltd (formerly Foo Ltd).", "Acme Widgets Ltd"),
        ("Our company changes its name on 1 December: Kessel & Ward Ltd becomes Kessel Ward Partners Ltd. Also",
         "Kessel Ward Partners Ltd"),
        ("We bought 3 licences from Acme Widgets Ltd last year.", ""),
    ],
)  # fmt: skip
def test_the_name_their_company_goes_by_now(text, expected):
    assert new_company_name(text) == expected


def test_serials_dates_hours_and_counts_as_written():
    assert [i.text for i in facts.identifiers("Seriennummer steht unten drauf: TS2-00419-K7")] == ["TS2-00419-K7"]
    assert [i.text for i in facts.identifiers("numero de serie au dos : TS2-0046-7781")] == ["TS2-0046-7781"]
    two = facts.identifiers("The serials are DS2-40917733 and DS2-40917741.")
    assert [(i.kind, i.text) for i in two] == [("serial", "DS2-40917733"), ("serial", "DS2-40917741")]
    assert [(i.kind, i.text) for i in facts.identifiers("commande (EX-ORD-56902, livrée)")] == [
        ("order", "EX-ORD-56902")
    ]
    plural = facts.identifiers("numeros de serie TS40-2611-00473 et TS40-2611-00481. les 4 autres")
    assert [i.text for i in plural] == ["TS40-2611-00473", "TS40-2611-00481"]
    assert [i.text for i in facts.identifiers("TVA : FR 27 912 447 305, merci")] == ["FR 27 912 447 305"]
    assert facts.http_statuses("Unser Endpoint antwortet dann mit 401 und im Log") == (401,)
    assert [c.text for c in counts.counts("mit insgesamt 35 Mitarbeitenden umsteigen")] == ["35 Mitarbeitenden"]
    found = facts.dates("une première fois le 18/11 et une seconde le 20/11, 24/7", "fr", date(2026, 11, 23))
    assert [d.on for d in found] == [date(2026, 11, 18), date(2026, 11, 20)]
    assert [d.on for d in facts.dates("am 18.11. und 3.5 h", "de", date(2026, 11, 23))] == [date(2026, 11, 18)]
    assert measures.measures("im Bericht 162,5 h, im CSV 158,75 h, um 17h30") == ("162,5 h", "158,75 h")
    assert [c.text for c in counts.counts("about 140 events\nqueued for redelivery")] == [
        "about 140 events queued for redelivery"
    ]
    assert [c.text for c in counts.counts("Die anderen 5 laufen am Hub")] == []
    assert since.since("seit ca. 8:40 kommt nur noch 502") == "seit ca. 8:40"


def test_error_text_is_known_by_its_own_words():
    text = 'nach dem Redirect kommt weiterhin "SAML response signature invalid", und zwar von Ihrer Seite'
    assert error_texts.error_messages(text) == ("SAML response signature invalid",)
    assert error_texts.error_messages('the API returns {"error": "x"} and the button "Export PDF"') == ()


def test_a_call_with_someone_who_knows_ends_when_they_can_be_reached():
    text = "Ich möchte heute noch mit jemandem sprechen, gerne auch mit einer Führungskraft."
    assert contact_requests(text) == ("call", "senior")
    assert reachable_until("Ich bin bis 15 Uhr unter 0221 8843 207 erreichbar.") == "15:00"
    assert reachable_until("I'm available until 4pm today") == "16:00"
    from pipeline.config import load_config
    from tests.test_customer_drafts import ROOT

    calendar = load_config(ROOT / "config" / "mailtriage.toml").calendar
    noon = datetime(2026, 12, 2, 11, 50, tzinfo=BERLIN)
    assert call_window(calendar, noon, "de", until="15:00") != call_window(calendar, noon, "de")
    assert "15:00" in call_window(calendar, noon, "de", until="15:00")


def test_their_hedge_on_a_count_is_said_in_our_voice():
    assert tried_clause("tried “resend code” like 5 times now") == "“resend code” about 5 times"


def test_a_sign_off_word_opening_a_paragraph_of_prose_is_no_signature():
    body = (
        "Hi Sam,\n\nthanks, but unfortunately that didn't fix it. We rotated the signing secret yesterday as you "
        "suggested, but deliveries are still failing with 401.\n\nAylin\n"
    )
    assert "still failing with 401" in parse(mail("Re: webhooks", body)).new_text


FORWARDED = (
    "Bonjour,\n\nJe vous transfère la note de mon collègue ci-dessous. Pour info ce n'est pas urgent.\n\nMerci !\n"
    "Aurélie Petit\nOffice manager\n01 44 80 52 19\n\n---------- Message transféré ---------\n"
    "De : Benoît Roussel <b.roussel@example.org>\nDate : ven. 4 déc. 2026 à 17:32\nObjet : changements\n"
    "À : Aurélie Petit <aurelie.petit@example.org>\n\nAurélie, peux-tu voir avec l'éditeur :\n"
    "- les factures doivent partir à compta@example.org et plus à moi\n"
    "- il faut mettre Julien Garnier administrateur de l'espace atelier-roussel à ma place\n"
    "- et demande-leur si on garde l'historique des projets quand on change le nom du compte\n\nMerci\nB.\n"
)


def test_a_forward_below_the_note_s_sign_off_is_read(shipped_engine: Engine, shipped_config: Config):
    reply = reply_part(draft(shipped_engine, shipped_config, mail("TR: changements", FORWARDED)))
    assert "Julien Garnier" in reply and "historique" in reply, reply
    assert "demande-leur" not in reply, reply


def test_a_wh_question_is_not_answered_yes_or_no(shipped_engine: Engine, shipped_config: Config):
    body = (
        "One of the 6 TS-200 sensors from order SO-2026-100482 does not power on at all, no LED, even with new "
        "batteries. Can you send a replacement? And who pays the shipping for sending it back?"
    )
    reply = reply_part(draft(shipped_engine, shipped_config, mail("Sensor dead on arrival", body)))
    assert "who pays the shipping" in reply, reply
    assert "back?” No" not in reply and "back?” Yes" not in reply, reply


def test_the_problem_is_not_quoted_from_what_we_told_them_or_their_call_request():
    from pipeline.plan.reading import key_sentence

    text = (
        "Two weeks ago you told me the refund of EUR 612.00 would show up within 5-7 business days. It's been 14 "
        "days, nothing has arrived on our company card, and our finance team keeps asking me about it. Please have "
        "a manager call me tomorrow on +353 1 555 0147, any time between 9 and 5."
    )
    assert key_sentence(text, "Refund").startswith("It's been 14 days"), key_sentence(text, "Refund")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Depuis le 2 décembre rien ne part, et les 230 événements manqués depuis le 26 novembre n'ont jamais été "
         "renvoyés.", "les 230 événements manqués depuis le 26 novembre n'ont jamais été renvoyés"),
        ("The refund of EUR 612.00 was never credited to our card.", "The refund of EUR 612.00 was never credited"),
        ("Die 120 Euro wurden bis heute nicht gutgeschrieben.", "Die 120 Euro wurden bis heute nicht gutgeschrieben"),
        ("The parcel was delivered on Monday.", ""),
    ],
)  # fmt: skip
def test_what_we_owe_written_as_a_statement(text, expected):
    from pipeline.plan.undone import undone

    assert undone(text) == expected


def test_a_shortened_answer_keeps_their_own_question_not_the_admins_label():
    from pipeline.fit import _shorter

    answer = {"asked": "q", "question": "can we get the events resent?",
              "answer": "Yes. From the delivery log. More.", "short": "Yes.", "shortest": "Yes."}  # fmt: skip
    ctx = {"customer": {"answers": [answer], "questions": [], "noted": []}, "message": {}, "playbook": {}}
    first = next(_shorter(ctx))
    assert first["customer"]["answers"][0]["question"] == "can we get the events resent?"


def test_a_reply_all_reads_the_colleague_s_mail_it_brings_us_in_on():
    from pipeline.parse.forwards import quoted_colleague

    text = (
        "Same here, the iOS app fails too.\n\nBen\n\nOn Tue, 1 Dec 2026 at 08:52, Priya Nair <priya.nair@example.de> "
        "wrote:\n> Hello support,\n> is there an ETA? We have our sprint planning at 10:30.\n>\n> Thanks, Priya\n"
    )
    assert quoted_colleague(text, frozenset({"example.com"})).startswith("Hello support,\nis there an ETA?")
    ours = text.replace("Priya Nair <priya.nair@example.de>", "Support <support@example.com>")
    assert quoted_colleague(ours, frozenset({"example.com"})) == ""  # our own reply, quoted back


def test_since_then_is_the_date_of_the_sentence_before():
    assert since.since("Am Freitag (27.11.) erneuert, das alte wäre am 30.11. abgelaufen. Seitdem kommt …") == (
        "seit 27.11"
    )
    # (said back inside our sentence, so in our voice: their "Ihrem Update" is our update)
    assert since.since("Das geht so seit Ihrem Update Anfang Oktober.") == "seit unserem Update Anfang Oktober"


def test_a_colleague_s_list_for_the_vendor_is_what_they_ask_us():
    text = (
        "Sophie,\npeux-tu demander à l'éditeur :\n- où sont hébergées nos données\n- chiffrement au repos (AES-256 ? "
        "TLS 1.2 mini ?)\n- certif ISO 27001 ou rapport SOC 2 type II\n- le résumé du dernier pentest si possible\n"
        "Merci, vous êtes gentils"
    )
    texts = [t for _, t in asked(text, "fr")]
    assert "certif ISO 27001 ou rapport SOC 2 type II" in texts and "le résumé du dernier pentest si possible" in texts


def test_more_ways_to_ask_for_a_call_and_to_name_a_meeting():
    from pipeline.plan.deadline import find

    assert contact_requests("Gern können Sie mich auch unter der unten stehenden Mobilnummer zurückrufen.") == ("call",)
    found, _ = find(
        "We have our sprint planning at 10:30 and need the boards.", datetime(2026, 12, 1, 9, 5, tzinfo=BERLIN), "en"
    )
    assert found is not None and (found.at.hour, found.at.minute) == (10, 30)


def test_a_reply_all_is_restated_from_its_problem_not_from_how_it_reached_us(
    shipped_engine: Engine, shipped_config: Config
):
    body = (
        "+ support@example.com\n\nBonjour,\n\nJe vous mets en copie de notre échange interne, ce sera plus simple. "
        "Depuis 9h15, plus personne n'arrive à ouvrir les tableaux, la page affiche « Erreur 502 ».\n\nMerci,\nJulien"
    )
    data = mail("RE: Tableaux inaccessibles", body, "Julien <j@lumen.example>")
    reply = reply_part(draft(shipped_engine, shipped_config, data))
    assert "mets en copie" not in reply
    assert "support@example.com," not in reply and "noté : support@example.com" not in reply


def test_a_thanked_in_advance_list_and_a_relayed_question_are_asks():
    lead = "Je vous remercie de bien vouloir nous communiquer les éléments suivants :"
    items = ["1. les mécanismes de chiffrement des données au repos ;", "2. la localisation des centres de données."]
    assert [kind for kind, _ in asked("\n".join([lead, "", *items]), "fr")] == ["request", "request"]
    relayed = asked("Tu peux demander au support si c'est un bug et s'il y a un réglage pour le séparateur ?", "fr")
    assert relayed == [("question", "si c'est un bug?"), ("question", "s'il y a un réglage pour le séparateur?")]


def test_a_unit_before_a_full_stop_ends_the_sentence():
    from pipeline.plan.clauses import sentences

    text = "j'arrive à 1 297,75 h. On dirait qu'il manque des lignes ?"
    assert sentences(text) == ["j'arrive à 1 297,75 h.", "On dirait qu'il manque des lignes ?"]


def test_a_law_named_in_full_is_said_back_short():
    from pipeline.plan.proper import products

    text = (
        "Conformément à l'article 15 du Règlement général sur la protection des données, je vous demande X. "
        "Conformément à l'article 17 du même règlement, je vous demande Y."
    )
    found = products([text], "fr")
    assert "article 15 du RGPD" in found and "article 17 du RGPD" in found


def test_two_totals_make_an_export_a_totals_mismatch(shipped_engine: Engine, shipped_config: Config):
    body = (
        "Bonjour,\n\nl'export CSV de novembre ne colle pas : à l'écran le rapport affiche 1 342,5 h au total, "
        "mais le CSV donne 1 297,75 h. Pouvez-vous regarder ?\n\nNicolas"
    )
    reply = reply_part(draft(shipped_engine, shipped_config, mail("Export CSV faux", body, "Nicolas <n@p.example>")))
    assert "Les totaux de votre export CSV ne correspondent pas au rapport" in reply
    assert "message d'erreur" not in reply  # no error to ask for when the totals are wrong
    assert "1 342,5 h" in reply


def test_wondering_again_further_on_is_a_question_of_its_own():
    text = (
        "je voudrais savoir si vous proposez une remise pour l'enseignement, sachant que notre intendance ne peut "
        "pas payer par carte, même si je me demande si le mensuel ne reviendrait pas moins cher pour nous."
    )
    assert asked(text, "fr") == [
        ("question", "si vous proposez une remise pour l'enseignement?"),
        ("question", "si le mensuel ne reviendrait pas moins cher pour nous?"),
    ]


def test_what_they_lack_announces_a_list_and_a_bracket_keeps_its_question_marks():
    text = (
        "Pour mettre à jour le registre, il me manque pour l'outil :\n"
        "1. le lieu d'hébergement des données (UE ? quel pays ?) et la liste des sous-traitants ;\n"
        "2. le chiffrement au repos et en transit ;"
    )
    assert asked(text, "fr") == [
        ("request", "le lieu d'hébergement des données (UE ? quel pays ?) et la liste des sous-traitants"),
        ("request", "le chiffrement au repos et en transit"),
    ]


def test_our_advice_or_a_product_label_in_quotes_is_no_error_message():
    text = "J'ai fait exactement ce que vous m'avez dit (format de durée en « heures décimales », nouvel export)."
    assert error_texts.error_messages(text) == ()
    assert error_texts.error_messages("Die Schaltfläche „Exportieren“ tut nichts.") == ()
    assert "not_renew" in contact_requests("je ne suis pas sûr qu'on renouvelle en mars.")
