"""Reading that the fifth blind batch showed missing: "tell me whether X, and which Y" as two questions, "Ich
möchte wissen, ob … und ob …", a long question kept whole instead of cut inside "Kolleginnen und Kollegen", the
formal French close that is no request, a time written before its event ("heute um 14 Uhr eine Präsentation"),
a time inside a condition giving way to that event, a statutory month ("délai d'un mois"), and a refusal to
recommend the renewal."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from pipeline.plan.asks import MAX_ASK
from pipeline.plan.contact_asks import contact_requests
from pipeline.plan.customer import read_customer
from pipeline.plan.deadline import find

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = datetime(2026, 11, 30, 10, 5, tzinfo=BERLIN)


def asked(text: str, language: str = "en") -> list[tuple[str, str]]:
    return [(q.kind, q.text) for q in read_customer(text, "", language, MONDAY).questions]


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Please also tell me whether copies are kept in backups and for how long, and which third parties or "
         "sub-processors my data was disclosed to.", "en",
         [("question", "whether copies are kept in backups and for how long?"),
          ("question", "which third parties or sub-processors my data was disclosed to?")]),
        ("Ich möchte wissen, ob die Umbenennung der Gruppe die Ursache sein kann und ob wir im Admin-Bereich die "
         "Gruppenzuordnung neu einstellen müssen.", "de",
         [("question", "ob die Umbenennung der Gruppe die Ursache sein kann?"),
          ("question", "ob wir im Admin-Bereich die Gruppenzuordnung neu einstellen müssen?")]),
        ("Bitte sagen Sie mir, ob absehbar ist, wann alles wieder läuft.", "de",
         [("question", "ob absehbar ist, wann alles wieder läuft?")]),
        ("Could you let us know which plan includes SSO?", "en", [("question", "which plan includes SSO?")]),
    ],
)  # fmt: skip
def test_indirect_and_compound_questions_are_each_named(text, language, expected):
    assert asked(text, language) == expected


def test_a_long_question_is_not_cut_inside_a_pair_of_nouns():
    text = (
        "Wäre es außerdem möglich, für die betroffenen Kolleginnen und Kollegen vorübergehend die Anmeldung mit "
        "Passwort freizuschalten, bis das geklärt ist?"
    )
    ((kind, clause),) = asked(text, "de")
    assert kind == "question" and len(clause) <= MAX_ASK
    assert "Kolleginnen und Kollegen vorübergehend die Anmeldung mit Passwort freizuschalten" in clause


def test_the_formal_french_close_is_no_request():
    text = (
        "Merci de m'envoyer un devis formel.\n\n"
        "Veuillez agréer, Madame, Monsieur, l'expression de mes salutations distinguées.\n\nIsabelle Fontaine"
    )
    assert asked(text, "fr") == [("request", "m'envoyer un devis formel")]


@pytest.mark.parametrize(
    ("text", "language", "said", "hour"),
    [
        ("Das Problem: Ich habe heute um 14 Uhr eine Präsentation beim Kunden.", "de",
         "heute um 14 Uhr eine Präsentation", 14),
        ("At 2 pm we have our demo with the client.", "en", "At 2 pm we have our demo", 14),
        ("J'ai à 11 h une démo client.", "fr", "à 11 h une démo", 11),
    ],
)  # fmt: skip
def test_a_time_written_before_its_event_is_a_hard_deadline(text, language, said, hour):
    found, _ = find(text, MONDAY, language)
    assert found is not None and found.text == said and found.hard and found.at.hour == hour


def test_a_time_inside_a_condition_gives_way_to_their_event():
    text = (
        "Ich habe heute um 14 Uhr eine Präsentation beim Kunden. Und falls das bis zum Mittag nicht klappt: "
        "Können Sie mir das Dashboard als PDF schicken?"
    )
    found, _ = find(text, MONDAY, "de")
    assert found is not None and found.at.hour == 14 and "Präsentation" in found.text
    # without the event, the noon in the condition is still the time they set
    found, _ = find("Falls das bis zum Mittag nicht klappt, rufen Sie mich bitte an.", MONDAY, "de")
    assert found is not None and found.at.hour == 12


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Je vous rappelle que vous disposez d'un délai d'un mois à compter de la réception.", "fr"),
        ("Article 12(3) GDPR gives you one month from receipt of this request to respond.", "en"),
        ("Sie haben nach Art. 12 DSGVO eine Frist von einem Monat.", "de"),
    ],
)
def test_a_statutory_month_is_their_deadline(text, language):
    found, _ = find(text, MONDAY, language)
    assert found is not None and found.at.date() == datetime(2026, 12, 30).date()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("As things stand I am not going to recommend that we renew.", True),
        ("I won't be recommending our renewal.", True),
        ("I will recommend against renewing.", True),
        ("We are happy to renew and I will recommend it.", False),
    ],
)
def test_refusing_to_recommend_the_renewal_is_a_renewal_risk(text, expected):
    assert ("not_renew" in contact_requests(text)) is expected


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Ich würde außerdem gern wissen, ob dieselbe Begrenzung auch für die API gilt.", "de",
         [("question", "ob dieselbe Begrenzung auch für die API gilt?")]),
        ("Ich möchte außerdem wissen, zu welchen Zwecken diese Daten verarbeitet werden.", "de",
         [("question", "zu welchen Zwecken diese Daten verarbeitet werden?")]),
        # "quand j'exporte …" says when it happens; it asks nothing
        ("quand j'exporte la liste en CSV le fichier contient seulement 3812 lignes", "fr", []),
    ],
)  # fmt: skip
def test_more_indirect_questions_and_a_french_when_that_asks_nothing(text, language, expected):
    assert asked(text, language) == expected


def test_a_question_pointing_back_with_damit_keeps_what_it_points_at():
    text = (
        "Was mir noch einfällt: Wir haben vor kurzem rund 140 alte Projekte archiviert. Könnt ihr mal schauen, ob "
        "das was damit zu tun haben kann?"
    )
    ((kind, clause),) = asked(text, "de")
    assert kind == "question" and clause.startswith("Wir haben vor kurzem rund 140 alte Projekte archiviert — ")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Board view takes 14-18 seconds to load, Timeline around 25 seconds.", ("Board view", "Timeline")),
        ("Die Board-Ansicht und die Zeiterfassung brauchen jetzt 8 bis 12 Sekunden.", ("Board-Ansicht",
                                                                                       "Zeiterfassung")),
        ("Le tableau de bord et la vue Planning sont lents.", ("tableau de bord", "Planning")),
        ("The Reports tab shows nothing, but our status page is green.", ("Reports tab",)),
        ("We cleared the cache and restarted.", ()),
    ],
)  # fmt: skip
def test_the_views_and_pages_they_name(text, expected):
    assert read_customer(text, "", "en", MONDAY).facts.areas == expected


def test_counts_take_ranges_and_stop_at_a_preposition():
    facts = read_customer(
        "Nous serons 15 à 20 licences. There are two problems with reports and 5347 taches.", "", "fr", MONDAY
    ).facts
    assert [c.text for c in facts.counts] == ["15 à 20 licences", "5347 taches"]


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Außerdem wüsste ich gern, in welchem Land die Server stehen.", "de",
         [("question", "in welchem Land die Server stehen?")]),
        ("I should also like to know how long audit log entries are retained.", "en",
         [("question", "how long audit log entries are retained?")]),
        ("For the invoice issued in error, we would also ask that you send us a formal credit note.", "en",
         [("request", "send us a formal credit note")]),
        ("Honestly at this point I'd just like a replacement unit.", "en", [("request", "a replacement unit")]),
        ("Il conviendrait en conséquence de transférer les droits d'administrateur à Mme Peyrac.", "fr",
         [("request", "transférer les droits d'administrateur à Mme Peyrac")]),
        ("Je vous saurais gré de bien vouloir m'indiquer la marche à suivre.", "fr",
         [("request", "m'indiquer la marche à suivre")]),
        ("Tu sais si c'est un problème connu sur Android ?", "fr",
         [("question", "si c'est un problème connu sur Android?")]),
        ("Vous remerciant par avance de l'attention que vous porterez à la présente, je vous prie d'agréer, Madame, "
         "Monsieur, l'expression de mes salutations distinguées.", "fr", []),
    ],
)  # fmt: skip
def test_formal_and_conditional_ways_of_asking(text, language, expected):
    assert asked(text, language) == expected


def test_references_and_names_written_in_passing():
    facts = read_customer(
        "Serial on the bottom is SC3-2611-048213. Our new VAT ID is IE3391845TH and Kessel & Ward Ltd becomes Kessel "
        'Ward Partners Ltd. Our workspace (halden-capital) and the Workspace ist "vogt-instandhaltung".',
        "",
        "en",
        MONDAY,
    ).facts
    assert [(i.kind, i.text) for i in facts.ids][:2] == [("serial", "SC3-2611-048213"), ("vat_id", "IE3391845TH")]
    assert "Kessel Ward Partners Ltd" in facts.products
    assert facts.names == ("halden-capital", "vogt-instandhaltung")
    since = read_customer("seit heute morgen ca. 7:30 Uhr kommen keine Mails an.", "", "de", MONDAY).facts.since
    assert since == "seit heute morgen ca. 7:30 Uhr"


@pytest.mark.parametrize(
    ("text", "language", "said", "hour"),
    [
        ("Ich bin Administratorin und muss morgen früh um 8 Uhr die Projektpläne freigeben.", "de",
         "morgen früh um 8 Uhr", 8),
        ("On doit envoyer le rapport a notre client a 17h aujourd'hui.", "fr", "a 17h aujourd'hui", 17),
        ("We have our year-end stock count on Monday 14 December.", "en", "stock count on Monday 14 December", 0),
    ],
)  # fmt: skip
def test_a_time_after_what_they_must_do_next_to_today_or_after_an_event(text, language, said, hour):
    found, _ = find(text, MONDAY, language)
    assert found is not None and found.text == said and found.at.hour == hour


@pytest.mark.parametrize(
    ("text", "direction"),
    [("Just a heads-up rather than anything urgent.", -1), ("Rien de pressé hein, ça reste utilisable.", -1)],
)
def test_more_ways_to_say_no_rush(text, direction):
    from pipeline.plan.cues import urgency_cues

    assert [c.direction for c in urgency_cues(text)] == [direction]


def test_a_list_of_topics_after_a_lead_naming_them_is_what_they_ask():
    text = (
        "Les points qui nous importent le plus sont : le chiffrement des données au repos (algorithmes, gestion des "
        "clés), la localisation des centres de données, et la date de votre dernier test d'intrusion."
    )
    assert asked(text, "fr") == [
        ("request", "le chiffrement des données au repos"),
        ("request", "la localisation des centres de données"),
        ("request", "la date de votre dernier test d'intrusion"),
    ]
    assert asked("Our questions are simple: Chrome 120, Safari 17.") == []  # names, not topics


def test_every_reader_runs_without_a_defect_on_our_own_mail():
    # read_customer turns a reader's exception into an empty part and a defect line (the draft still goes out):
    # on our own mail no reader may fail, or a bug would only show as missing questions in the rubric figures
    import email
    import email.policy
    import tomllib
    from email.utils import parsedate_to_datetime
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    files = [*sorted((root / "tests" / "rubric").glob("*.eml")), *sorted((root / "tests" / "golden").glob("*.eml")),
             *sorted((root / "demo" / "inbox" / "new").iterdir())]  # fmt: skip
    failed = {}
    for path in files:
        msg = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        body = msg.get_body(("plain",))
        note = path.with_suffix(".toml")
        language = tomllib.loads(note.read_text(encoding="utf-8"))["language"] if note.exists() else "en"
        text = body.get_content() if body is not None else ""
        reading = read_customer(text, str(msg["subject"] or ""), language, parsedate_to_datetime(msg["date"]))
        if reading.defects:
            failed[path.name] = reading.defects
    assert len(files) > 200 and not failed, failed


@pytest.mark.parametrize(
    "close", ["Recevez, Madame, mes sincères salutations.", "Vous remerciant par avance, cordialement."]
)
def test_a_french_close_ends_the_text_read(close):
    # what follows the close is the signature: "pouvez-vous appeler" in it asks nothing of us
    text = f"Merci de m'envoyer le devis.\n\n{close}\n\nMarie Dupont\nAssistante : pouvez-vous appeler le standard ?"
    assert asked(text, "fr") == [("request", "m'envoyer le devis")]


def test_a_wish_put_as_a_condition_and_an_also_if_are_asks_of_their_own() -> None:
    text = (
        "Nothing changed on our side, so I was wondering whether the rate limits were changed recently, and also "
        "if there is a bulk endpoint we could use instead, because honestly that would be the better design. "
        "If the limit can be raised for our account for the nightly window that would also work for us."
    )
    asked = [q.text for q in read_customer(text, "", "en", MONDAY).questions]
    assert asked == [
        "whether the rate limits were changed recently?",
        "whether there is a bulk endpoint we could use instead?",
        "whether the limit can be raised for our account for the nightly window?",
    ]


def test_an_item_s_second_sentence_keeps_the_list_of_points_going() -> None:
    text = (
        "Merci de prendre note des points suivants pour notre compte :\n\n"
        "- Mme Sabine Meier quitte l'entreprise le 30 novembre. Son compte doit être désactivé à cette date.\n"
        "- Le nouvel administrateur principal sera M. Yannick Rochat.\n"
        "- La prochaine facture, émise le 1er décembre, partira-t-elle déjà à cette nouvelle adresse ?\n\n"
        "Par ailleurs, pourriez-vous me confirmer que la licence sera libérée ?"
    )
    asked = [(q.kind, q.text) for q in read_customer(text, "", "fr", MONDAY).questions]
    assert asked == [
        ("request", "Mme Sabine Meier quitte l'entreprise le 30 novembre"),
        ("request", "son compte doit être désactivé à cette date"),
        ("request", "le nouvel administrateur principal sera M. Yannick Rochat"),
        ("question", "la prochaine facture, émise le 1er décembre, partira-t-elle déjà à cette nouvelle adresse?"),
        ("question", "pourriez-vous me confirmer que la licence sera libérée?"),
    ]
