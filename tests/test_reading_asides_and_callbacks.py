"""Reading that the twelfth blind batch showed missing: a question asked after a short aside ("j'aimerais savoir à
cette occasion si …"), "and if so what proof" as a question of its own, a second ask after ", et me dire si", a
colleague's "peux-tu voir avec le support pour :" list, a "no rush" or a colleague's lead never quoted as the problem,
"vendredi midi au plus tard" as a deadline, the number they want a call on, a renewal they will not sign, a page
named the French way, and a wish to speak to a manager that the call line answers."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from pipeline.plan.areas import areas
from pipeline.plan.clauses import shorten
from pipeline.plan.contact_asks import callback_number, contact_requests
from pipeline.plan.customer import read_customer
from pipeline.plan.deadline import find
from pipeline.plan.reading import WANTS_CALL, key_sentence

PARIS = ZoneInfo("Europe/Paris")
WEDNESDAY = datetime(2026, 12, 2, 9, 0, tzinfo=PARIS)


def asked(text: str, language: str) -> list[tuple[str, str]]:
    return [(q.kind, q.text) for q in read_customer(text, "", language, WEDNESDAY).questions]


def test_a_question_after_a_short_aside_and_a_proof_asked_if_so() -> None:
    text = (
        "Nous envisageons de l'étendre au corps enseignant, ce qui porterait le total à environ 45 licences, et "
        "j'aimerais savoir à cette occasion si vous proposez une remise pour les établissements d'enseignement et, "
        "le cas échéant, sur la base de quel justificatif (statuts, attestation du ministère…)."
    )
    assert asked(text, "fr") == [
        ("question", "si vous proposez une remise pour les établissements d'enseignement?"),
        ("question", "sur la base de quel justificatif (statuts, attestation du ministère…)?"),
    ]
    english = "I'd like to know whether you offer a discount for charities, and if so what proof you need from us."
    assert [t for _, t in asked(english, "en")] == [
        "whether you offer a discount for charities?",
        "what proof you need from us?",
    ]


def test_a_second_ask_after_et_me_dire_si() -> None:
    text = (
        "Pourriez-vous également m'indiquer la différence de prix entre l'abonnement mensuel et l'abonnement annuel, "
        "et me dire si le paiement sur facture avec bon de commande est possible chez vous."
    )
    texts = [t for _, t in asked(text, "fr")]
    assert texts[0].startswith("m'indiquer la différence de prix entre l'abonnement mensuel et l'abonnement annuel")
    assert texts[1] == "si le paiement sur facture avec bon de commande est possible chez vous?"


def test_a_clause_is_not_cut_inside_between_and_nor_left_on_its_and() -> None:
    long = "vous indiquer la différence de prix entre l'abonnement mensuel et l'abonnement annuel pour 45 licences"
    assert shorten(long, 70, at_word=False) == long  # no clause boundary but the "et" of "entre … et …"
    assert shorten(long, 70) == "vous indiquer la différence de prix entre l'abonnement mensuel"  # not "… et"
    assert shorten("si vous proposez une remise pour les écoles et, le cas échéant, laquelle", 50) == (
        "si vous proposez une remise pour les écoles"
    )


def test_a_colleagues_list_in_a_forward_is_what_they_ask_us() -> None:
    text = (
        "Isabelle, peux-tu voir avec le support de l'outil projets pour :\n"
        "- les factures à envoyer désormais à compta@example.fr\n"
        "- Lucas Perrin (lucas.perrin@example.fr) devient admin du compte à ma place\n"
    )
    assert asked(text, "fr") == [
        ("request", "les factures à envoyer désormais à compta@example.fr"),
        ("request", "Lucas Perrin (lucas.perrin@example.fr) devient admin du compte à ma place"),
    ]


def test_no_rush_and_a_colleagues_lead_are_never_their_problem() -> None:
    text = (
        "Aucune urgence de notre côté, on s'organise juste pour la fusion.\n\n"
        "Isabelle, peux-tu voir avec le support de l'outil projets pour :"
    )
    assert key_sentence(text, "changements outil projets") == "changements outil projets."
    calm = "No rush at all, we are only planning for next year.\n\nThe Gantt export drops the milestones."
    assert key_sentence(calm, "") == "The Gantt export drops the milestones."


@pytest.mark.parametrize(
    ("text", "language", "written"),
    [
        ("Le cabinet comptable attend le fichier vendredi midi au plus tard.", "fr", "vendredi midi"),
        ("Accounting expects the file Friday noon at the latest.", "en", "Friday noon"),
        ("Das Steuerbüro erwartet die Datei Freitag 12 Uhr spätestens.", "de", "Freitag 12 Uhr"),
    ],
)
def test_a_time_marked_as_the_latest_is_a_deadline(text: str, language: str, written: str) -> None:
    deadline, _ = find(text, WEDNESDAY, language)
    assert deadline is not None and deadline.text == written
    assert deadline.at == datetime(2026, 12, 4, 12, 0, tzinfo=PARIS)


def test_the_number_to_call_them_on() -> None:
    signature = "\n\nBernard Roche\nDirecteur général\n+33 4 91 23 66 08"
    assert callback_number(f"Appelez-moi au 06 11 58 32 74, je suis joignable demain.{signature}") == "06 11 58 32 74"
    assert callback_number("Please call me back.\n\nRob\n07700 900812") == "07700 900812"  # the only one
    assert callback_number("Tel +49 30 1234 5670\nFax +49 30 1234 5679") == ""  # two, neither asked for
    assert callback_number("Greg Halvorsen\nm: (555) 013-8890") == "(555) 013-8890"  # with its area code


def test_a_renewal_they_will_not_sign_and_a_manager_they_want_to_speak_to() -> None:
    text = "Notre renouvellement tombe le 31 janvier et franchement, en l'état, je ne le signerai pas."
    assert contact_requests(text) == ("not_renew",)
    assert contact_requests("Our renewal is in March and as things stand I will not sign it.") == ("not_renew",)
    assert contact_requests("We will not sign the DPA before our lawyer has read it.") == ()
    assert WANTS_CALL.search("Je veux parler à un responsable, pas recevoir une énième réponse toute faite.")
    assert WANTS_CALL.search("I want to speak to a manager today.")
    assert not WANTS_CALL.search("Our manager wants to know when this is fixed.")


def test_a_page_named_the_french_way() -> None:
    # the page, and the tab on it by its quoted name
    assert areas('La page Rapports (onglet "Rentabilité par projet") met 45 secondes à s\'afficher.') == (
        "Rapports",
        "Rentabilité par projet",
    )
    assert areas('Die Seite "Stundenzettel" lädt 40 Sekunden.') == ("Stundenzettel",)
    assert areas("la page « 502 Bad Gateway » s'affiche") == ()  # what the page shows, not which page
    assert areas("The Board view takes ages.") == ("Board view",)


def test_a_forwarded_list_of_what_they_need_and_a_topic_before_its_question() -> None:
    text = (
        "für die Dienstleisterbewertung brauche ich vom Anbieter der Zeiterfassung folgendes:\n\n"
        "1. Verschlüsselung at rest und in transit – welche Verfahren?\n"
        "2. Letzter Pentest: wann, durch wen, gibt es eine Management Summary?\n"
        "3. Unterschriebener AVV nach Art. 28 DSGVO inkl. aktueller Liste der Unterauftragsverarbeiter\n"
    )
    assert [t for _, t in asked(text, "de")] == [
        "Verschlüsselung at rest und in transit – welche Verfahren?",
        "Letzter Pentest: wann, durch wen, gibt es eine Management Summary?",
        "Unterschriebener AVV nach Art. 28 DSGVO inkl. aktueller Liste der Unterauftragsverarbeiter",
    ]


def test_wuesste_ich_gern_deep_in_a_sentence_and_points_counted_off() -> None:
    text = (
        "Mir wurde gesagt, die Einträge seien nicht mehr nachvollziehbar, und deshalb wüsste ich gern, ob mein "
        "ehemaliger Arbeitgeber Zeiteinträge nachträglich ändern kann und ob solche Änderungen bei Ihnen "
        "protokolliert werden."
    )
    assert [t for _, t in asked(text, "de")] == [
        "ob mein ehemaliger Arbeitgeber Zeiteinträge nachträglich ändern kann?",
        "ob solche Änderungen bei Ihnen protokolliert werden?",
    ]
    counted = (
        "Ich will erstens wissen, was da los ist und wann es wieder läuft, zweitens eine schriftliche Stellungnahme "
        "zu allen drei Ausfällen und drittens einen Rückruf."
    )
    assert asked(counted, "de")[:2] == [
        ("question", "was da los ist und wann es wieder läuft?"),
        ("request", "eine schriftliche Stellungnahme zu allen drei Ausfällen"),
    ]


def test_a_german_request_keeps_its_aside_after_the_verb() -> None:
    from pipeline.asked import asked_line

    text = "stellen Sie mir eine Kopie aller Daten zur Verfügung, einschließlich der Standortdaten"
    assert (
        asked_line(text, True, "de")
        == "Ihnen eine Kopie aller Daten zur Verfügung stellen, einschließlich der Standortdaten"
    )
    assert asked_line("senden Sie uns die Rechnung, die Gutschrift und den Auszug", True, "de") == (
        "Ihnen die Rechnung, die Gutschrift und den Auszug senden"
    )


def test_a_new_name_with_an_ampersand_a_decision_maker_and_the_status_page_quote() -> None:
    from pipeline.plan.error_texts import error_messages
    from pipeline.plan.renamed import new_company_name

    renamed = "zum 01.11.2026 wurde die Müller Logistik GmbH in Müller & Partner Logistik GmbH umfirmiert."
    assert new_company_name(renamed) == "Müller & Partner Logistik GmbH"
    senior = "drittens einen Rückruf von jemandem, der Entscheidungen treffen kann, nicht vom First-Level."
    assert "senior" in contact_requests(senior)
    text = 'Seit 8:20 scheitern alle Anfragen. Auf Ihrer Statusseite steht "All systems operational".'
    assert error_messages(text) == ()  # what the status page says, not their error


def test_when_it_started_with_our_change_and_the_views_they_name() -> None:
    from pipeline.plan.since import since

    assert since("It was under 2 seconds until your release on 26 November.") == "since our release on 26 November"
    assert since("Tout marchait jusqu'à votre mise à jour du 26 novembre.") == "depuis notre mise à jour du 26 novembre"
    assert since("We waited until the release on Monday to tell you.") == ""
    assert areas('regarding the "Hours by client" report in our workspace') == ("Hours by client",)
    assert areas("the Timesheets week view still takes 20 seconds") == ("Timesheets week view",)


def test_a_label_line_and_the_name_they_sign_with_end_a_sentence() -> None:
    text = (
        "Your status page still says all green.\nWorkspace: visser-bouw\n"
        "Pls let me know whats going on and when its back\nDaan\n"
    )
    assert [t for _, t in asked(text, "en")] == ["let me know whats going on and when its back"]


def test_a_question_does_not_point_at_what_they_tried() -> None:
    text = (
        "The CSV total is 1,284.5 hours, whereas the report shows 1,312.0 hours. I have tried this in Chrome and "
        'Edge, and I have checked that the "include archived projects" option is off.\n\n'
        "I would be grateful if you could tell me which of the two totals is correct."
    )
    assert [t for _, t in asked(text, "en")] == ["which of the two totals is correct?"]


def test_twelve_noon_and_a_preference_after_its_reason() -> None:
    deadline, _ = find("We have to send the carrier report by 12 noon today, so I need an update.", WEDNESDAY, "en")
    assert deadline is not None and deadline.text == "by 12 noon today"
    assert deadline.at == datetime(2026, 12, 2, 12, 0, tzinfo=PARIS)
    text = (
        "comment on fait pour le renvoyer et est ce que c'est a nous de payer le port ? c'est pour une chambre "
        "froide donc on préfererait un remplacement plutot qu'un remboursement"
    )
    assert [t for _, t in asked(text, "fr")] == [
        "comment on fait pour le renvoyer?",
        "est ce que c'est a nous de payer le port?",
        "on préfererait un remplacement plutot qu'un remboursement",
    ]


def test_a_choice_asked_with_will_you_is_a_question() -> None:
    text = "And will you ship the new pair before you get the old ones back, or only after?"
    assert asked(text, "en") == [
        ("question", "will you ship the new pair before you get the old ones back, or only after?")
    ]
    assert asked("Could you send me the invoice again?", "en")[0][0] == "request"
