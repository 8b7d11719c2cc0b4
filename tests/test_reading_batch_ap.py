"""What blind batch ap (ordinary mail: a credit promised on the phone that never came, a replacement terminal that
fails like the first, a school asking politely about a module mid-contract, a works council's questions, an owner
and address change, a leaver's export and erasure) taught the reading: polite German leads ("wäre ich Ihnen sehr
verbunden, wenn …", "würde mich interessieren, ob …" deep in a sentence) ask; a promise of ours still awaited is
asked about; an address that changes is to be used; "soit vous …, soit …" asks for one of the two; a serial a few
words after "Serial" is a serial; "wie telefonisch bereits angekündigt" asks for no call.

Pure functions over text.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from pipeline.asked import asked_line
from pipeline.echo import word_count
from pipeline.plan import proper
from pipeline.plan.statement_asks import who_pays
from tests.reading_support import reader

TUESDAY = datetime(2026, 12, 1, 8, 5, tzinfo=UTC)


_read, _asks = reader(TUESDAY)


def test_a_polite_german_lead_deep_in_the_sentence_asks_each_question() -> None:
    asked = _asks(
        "Falls ja, wäre ich Ihnen sehr verbunden, wenn Sie mir mitteilen könnten, mit welchen Kosten wir rechnen "
        "müssten und ob diese für die Restlaufzeit anteilig berechnet würden. Außerdem – und ich hoffe, die Frage "
        "ist nicht unverschämt – würde mich interessieren, ob Sie für gemeinnützige Schulen besondere Konditionen "
        "anbieten.",
        "de",
    )
    assert any(a.startswith("mit welchen Kosten") for a in asked), asked
    assert any("anteilig" in a for a in asked), asked
    assert any(a.startswith("ob Sie für gemeinnützige Schulen") for a in asked), asked


def test_an_imperative_followed_by_another_clause_keeps_its_particle_in_its_own_clause() -> None:
    line = "tragen Sie Frau Dr. Özdemir als neue Kontoinhaberin ein; Herr Dr. Frey soll danach keinen Zugriff haben"
    assert asked_line(line, True, "de").startswith("Frau Dr. Özdemir als neue Kontoinhaberin eintragen; Herr")
    choice = "schicken Sie mir bitte ein neues SEPA-Mandat, oder soll ich den Betrag einfach überweisen?"
    assert asked_line(choice, True, "de") == (
        "Ihnen bitte ein neues SEPA-Mandat schicken, oder sollen Sie den Betrag einfach überweisen?"
    )


@pytest.mark.parametrize(
    ("text", "language", "owed"),
    [
        (
            "Ihr Kollege Herr Brandt hat mir am 9. November am Telefon eine Gutschrift für 5 Lizenzen zugesagt. "
            "Passiert ist seitdem: nichts. Keine Gutschrift, keine Rückmeldung.",
            "de",
            "was aus der zugesagten Gutschrift geworden ist?",
        ),
        (
            "On 6 November Tom confirmed that the refund would go back on our card within a week. Nothing has arrived.",
            "en",
            "what happened to the refund we were promised?",
        ),
    ],
)
def test_a_promise_still_awaited_is_asked_about(text: str, language: str, owed: str) -> None:
    assert owed in _asks(text, language)


def test_a_promise_already_asked_about_is_asked_once() -> None:
    asked = _asks(
        "Tom confirmed the refund on 6 November. Nothing has arrived. Could you check what happened to the refund?"
    )
    assert not any("we were promised" in a for a in asked), asked
    kept = _asks("Tom promised us a refund on 6 November, and it arrived this morning. Thanks!")
    assert not any("promised" in a for a in kept), kept


def test_an_address_that_changes_is_to_be_used() -> None:
    text = (
        "Herr Dr. Frey geht in den Ruhestand. Gleichzeitig ändert sich die Rechnungsanschrift auf:\n\n"
        "Zahnarztpraxis Dr. Özdemir\nKölner Straße 212\n53840 Troisdorf\n\nVielen Dank und freundliche Grüße"
    )
    assert "die neue Rechnungsanschrift (Kölner Straße 212) übernehmen" in _asks(text, "de")


def test_a_street_written_apart_is_an_address_but_an_article_is_no_street() -> None:
    assert proper.addresses(["Kölner Straße 212", "Frankfurter Allee 3", "Die Straße 5 ist gesperrt"]) == (
        "Kölner Straße 212",
        "Frankfurter Allee 3",
    )


def test_merci_d_asks_but_merci_d_avance_does_not() -> None:
    asked = _asks("Merci d'indiquer désormais l'adresse suivante sur vos factures : 14 rue Sommeiller, Annecy.", "fr")
    assert asked and asked[0].startswith("indiquer désormais l'adresse suivante"), asked
    assert _asks("Merci d'avance pour votre aide.", "fr") == []


def test_two_ways_out_offered_are_what_they_ask() -> None:
    asked = _asks(
        "Je renvoie pas un 2e lecteur pour rien : soit vous envoyez un technicien, soit quelqu'un regarde à "
        "distance ce qui cloche.",
        "fr",
    )
    assert asked == ["soit vous envoyez un technicien, soit quelqu'un regarde à distance ce qui cloche"]


@pytest.mark.parametrize(
    ("sentence", "language", "question"),
    [
        (
            "Ich gehe außerdem davon aus, dass die Versandkosten diesmal nicht wieder an uns hängen bleiben.",
            "de",
            "wer die Versandkosten bezahlt?",
        ),
        ("I assume the return shipping won't be on us this time.", "en", "who pays for the return shipping?"),
        ("Je suppose que les frais de retour ne seront pas à notre charge.", "fr", "qui prend en charge les frais de "
         "retour ?"),
    ],
)  # fmt: skip
def test_an_expectation_that_we_pay_asks_who_pays(sentence: str, language: str, question: str) -> None:
    assert who_pays(sentence, language) == question


@pytest.mark.parametrize(
    ("text", "language", "serial"),
    [
        ("Serial on the back of the new one is TK2-41187-UK. It shows 01/01/2020 after a power cut.", "en",
         "TK2-41187-UK"),
        ("Le lecteur de remplacement (n° serie BR20-2291-1183) fait exactement pareil.", "fr", "BR20-2291-1183"),
    ],
)  # fmt: skip
def test_a_serial_named_a_few_words_after_its_word_is_a_serial(text: str, language: str, serial: str) -> None:
    ids = _read(text, language).facts.ids
    assert any(i.kind == "serial" and i.text == serial for i in ids), ids


def test_a_badge_reader_s_model_and_my_reckoning_are_no_references() -> None:
    assert not _read("Le lecteur de badges BR-20 bippe mais rien n'apparaît.", "fr").facts.ids
    reckoned = _read("Das sind nach meiner Rechnung 340,00 € netto, offen auf RE-2026-11-20417.", "de").facts
    assert [i.text for i in reckoned.ids] == ["RE-2026-11-20417"]


def test_a_phone_model_is_part_of_their_environment() -> None:
    assert "XCover 7" in _read("11 of our 27 carers have the XCover 7 and it happens on every one.").facts.environment


def test_a_mail_app_footer_leaves_the_signature_a_signature() -> None:
    text = (
        "toujours pas réglé, le lecteur ne transmet rien depuis trois semaines.\n\nPatrick Renaud\n"
        "Services généraux – EHPAD Les Glycines\nenvoyé de mon téléphone"
    )
    assert "EHPAD" not in _read(text, "fr").facts.products


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("wie telefonisch bereits angekündigt: Wir haben unseren Vertrag zum 31.12.2026 gekündigt.", "de"),
        ("Die Stunden sind von der Abteilungsleitung auch freigegeben, fehlen aber im Export.", "de"),
    ],
)
def test_a_call_that_was_and_a_manager_who_approved_ask_for_no_call(text: str, language: str) -> None:
    assert _read(text, language).contact_requests == ()


def test_es_brennt_nicht_is_no_rush() -> None:
    cues = _read("Es brennt nicht, wir kommen über die Feiertage so zurecht.", "de").cues
    assert [c.direction for c in cues] == [-1]


def test_what_they_need_for_the_erasure_is_a_second_request() -> None:
    asked = _asks(
        "Nach dem Export sollen sämtliche personenbezogenen Daten bei Ihnen gelöscht werden, inklusive Backups, "
        "und dafür brauchen wir eine schriftliche Bestätigung für unsere Datenschutzdokumentation.",
        "de",
    )
    assert len(asked) == 2 and "schriftliche Bestätigung" in asked[1], asked


def test_a_question_before_its_colon_keeps_its_question_word() -> None:
    asked = _asks("3. Qui peut les consulter : les chefs d'équipe, la direction, l'éditeur du logiciel ?", "fr")
    assert asked == ["qui peut les consulter : les chefs d'équipe, la direction, l'éditeur du logiciel?"]


def test_a_call_request_before_a_dash_keeps_who_is_to_call() -> None:
    asked = _asks(
        "Ich erwarte, dass mich bis Freitag jemand aus Ihrer Geschäftsleitung persönlich anruft – nicht der Support "
        "und kein Ticketsystem.",
        "de",
    )
    assert "nicht der Support und kein Ticketsystem" not in asked, asked


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Pouvons-nous vous aider pour autre chose ?", 7),  # the "?" apart, at spaces
        ("l'équipe INV-2026-11", 5),  # in runs of letters and digits
    ],
)
def test_a_reply_is_counted_the_strictest_common_way(text: str, words: int) -> None:
    assert word_count(text) == words
