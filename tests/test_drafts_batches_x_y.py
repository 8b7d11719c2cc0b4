"""Drafts that batches x and y taught: a terse mail gets no apology, a device fault is asked about the device (not
the browser), a slow app written angrily still gets the slowness playbook, a GDPR request names the rights it
invokes in words, and their "ab sofort" is named back without our banned word.

End to end through the real engine (shipped config, default model, the starter playbooks) on a pinned clock.
"""

from __future__ import annotations

from pipeline.config import Config
from pipeline.engine import Engine
from tests.test_customer_drafts import draft, mail, reply_part


def test_a_terse_mail_is_not_apologised_to(shipped_engine: Engine, shipped_config: Config) -> None:
    reply = reply_part(
        draft(shipped_engine, shipped_config, mail("not working", "it doesn't work\n\n\n\nSent from my Galaxy"))
    )
    assert "sorry" not in reply.lower() and "upset" not in reply.lower()


def test_a_device_fault_is_asked_about_the_device_not_the_browser(
    shipped_engine: Engine, shipped_config: Config
) -> None:
    body = (
        "Bonjour,\n\nDeux choses qui n'ont rien a voir entre elles.\n\n1/ Le lecteur code-barres BS-210 (n° de serie "
        "BS210-4471-0938) ne lit plus les codes Datamatrix depuis la mise a jour de vendredi. Les EAN classiques "
        "passent, les Datamatrix non : bip d'erreur et voyant rouge.\n\n2/ Notre preparatrice a change de telephone "
        "et n'a plus l'appli d'authentification. Vous pouvez lui reinitialiser la double authentification ?"
    )
    reply = reply_part(draft(shipped_engine, shipped_config, mail("Scanner + double authentification", body)))
    assert "navigateur" not in reply and "endpoint" not in reply
    assert "BS210-4471-0938" in reply


def test_an_angry_slow_app_gets_the_slowness_playbook(shipped_engine: Engine, shipped_config: Config) -> None:
    body = (
        "Ich bin wirklich sauer. Seit Ihrem Update ist die Projektauswertung praktisch unbenutzbar. Jede Auswertung "
        "braucht 40 bis 60 Sekunden, die Plantafel ruckelt beim Verschieben. Cache geleert, anderer Browser, anderer "
        "Rechner, alles längst probiert, also fangen Sie bitte nicht wieder damit an."
    )
    reply = reply_part(draft(shipped_engine, shipped_config, mail("So geht das nicht weiter", body)))
    assert "langsam" in reply and "Projektauswertung" in reply
    assert "Ihren Browser" not in reply  # they tried another browser and another computer
    assert "fangen Sie" not in reply  # what they do not want asked again is no request of theirs


def test_a_gdpr_request_names_the_rights_asked_for_in_words(shipped_engine: Engine, shipped_config: Config) -> None:
    body = (
        "I'd like to make a subject access request under the GDPR for everything you hold about me, and once I've "
        "received it I want it all deleted."
    )
    reply = reply_part(draft(shipped_engine, shipped_config, mail("Subject access request", body)))
    assert "right of access" in reply and "right to erasure" in reply


def test_their_ab_sofort_is_named_back_without_a_banned_word(shipped_engine: Engine, shipped_config: Config) -> None:
    body = (
        "Herr Gruber aus der Buchhaltung ist nicht mehr bei uns. Rechnungen und Zahlungserinnerungen bitte ab sofort "
        "an buchhaltung@huberbau.at statt an m.gruber@huberbau.at."
    )
    reply = reply_part(draft(shipped_engine, shipped_config, mail("Neue Rechnungsadresse", body)))
    assert "buchhaltung@huberbau.at" in reply and "sofort" not in reply


def test_a_formal_letter_is_not_told_we_see_why_they_are_upset(shipped_engine: Engine, shipped_config: Config) -> None:
    body = (
        'Dear Sir or Madam,\n\nThe "Hours by project" report shows a total of 1,517.25 hours for the third quarter. '
        "The XLSX export of the same report totals 1,482.50 hours, and the difference persists when the export is "
        "run again. I should be grateful if you could tell me which figure is correct.\n\nYours faithfully,\n"
        "Margaret Ellison"
    )
    reply = reply_part(draft(shipped_engine, shipped_config, mail("Discrepancy in exported hours", body)))
    assert "upset" not in reply and "sorry" not in reply and "Hours by project" in reply
