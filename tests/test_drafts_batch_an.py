"""Drafts for ordinary mail of blind batch an, end to end with the shipped config: a purchase order number missing
from an invoice, a badge reader that no longer reads older badges after a firmware update, a payroll sync that left
hours out, a penetration test and a SOC 2 report, shifts an hour off since the clocks changed after our advice did
not help, invitation e-mails that never arrive, a charity asking for a discount, and a reply that must stay under the
length limit with a long answer."""

from __future__ import annotations

from pipeline.config import Config
from pipeline.echo import echo_words
from pipeline.engine import Engine
from tests.test_customer_drafts import reply_and_headers as _reply


def test_a_purchase_order_number_is_restated_not_a_vat_id(shipped_engine: Engine, shipped_config: Config) -> None:
    reply, head = _reply(shipped_engine, shipped_config, "Invoice rejected - no PO", (
        "Hi,\n\nour AP team rejected invoice INV-2026-11-20417 (£4,860.00 inc. VAT) because our PO 4500087312 is "
        "not on it. Could you reissue the invoice with the PO on it, and make sure it shows on every invoice from "
        "now on?\n\nDaniel"))  # fmt: skip
    assert head["X-Mailtriage-Intent"].startswith("billing.invoice_details")
    assert "purchase order number 4500087312" in reply and "VAT ID" not in reply


def test_a_badge_reader_after_a_firmware_update(shipped_engine: Engine, shipped_config: Config) -> None:
    reply, head = _reply(shipped_engine, shipped_config, "Badge reader no longer reads old badges", (
        "Hello,\n\nsince the firmware update to 4.2.0 last night our BR-200 reader (serial BR2-0419-22871) no longer "
        "reads our older badges; the ones we bought this year still work. We restarted it twice. Can you roll the "
        "reader back to the previous firmware?\n\nMaria"))  # fmt: skip
    assert head["X-Mailtriage-Intent"].startswith("returns.faulty_device")
    assert "firmware_rollback" in head.get("X-Mailtriage-Answers", "")
    assert "no longer reads your older badges" in reply and "try restarting" not in reply.lower()


def test_a_payroll_sync_that_left_hours_out(shipped_engine: Engine, shipped_config: Config) -> None:
    reply, head = _reply(shipped_engine, shipped_config, "Hours missing in Xero", (
        "Hi,\n\nthe sync to Xero said \"Sync completed successfully\" but 3 employees have hours missing, "
        "all of them "
        "night shifts across midnight. Their timesheets are approved. Can we just type the missing hours into Xero "
        "by hand, or will the next sync overwrite them?\n\nSam"))  # fmt: skip
    assert head["X-Mailtriage-Intent"].startswith("technical.integration_sync")
    assert "manual_payroll_entry" in head.get("X-Mailtriage-Answers", "")
    assert "browser" not in reply  # a payroll sync has no browser to ask about


def test_a_penetration_test_is_answered_with_the_process(shipped_engine: Engine, shipped_config: Config) -> None:
    reply, head = _reply(shipped_engine, shipped_config, "Penetration test and SOC 2", (
        "Good afternoon,\n\nour external testers would like to run an authenticated penetration test against our own "
        "tenant in February. Is this permitted, and is there a process we need to follow? Could you also send us "
        "your latest SOC 2 Type II report?\n\nOwen"))  # fmt: skip
    assert head["X-Mailtriage-Intent"].startswith("general.security_questionnaire")
    assert "penetration_test" in head.get("X-Mailtriage-Answers", "")
    assert "penetration test" in reply and "example.com/security/pentest" in reply


def test_shifts_an_hour_off_after_our_advice(shipped_engine: Engine, shipped_config: Config) -> None:
    reply, head = _reply(shipped_engine, shipped_config, "Re: Shifts one hour off [Ticket #48213]", (
        "This did not fix anything. As you suggested I checked the time zone under Settings > Locations, it "
        "was already Europe/London. Night shifts created before the clocks went back on 25 October still "
        "show an hour late in the Android app; in the browser they are right. Please pass this to your "
        "engineers.\n\nKaren"))  # fmt: skip
    assert head["X-Mailtriage-Intent"].startswith("technical.time_shift_dst")
    assert "check the time zone" not in reply
    assert "pass this to your engineers" not in reply  # the line on our failed advice says we do


def test_invitations_that_never_arrive(shipped_engine: Engine, shipped_config: Config) -> None:
    reply, head = _reply(shipped_engine, shipped_config, "Invitations not arriving", (
        "Hello,\n\nI invited 14 seasonal workers on Monday and none of them got the invitation e-mail, not in spam "
        "either. I re-sent them twice. Is there another way to give them access, like a link I can text them?"
        "\n\nClaire"))  # fmt: skip
    assert head["X-Mailtriage-Intent"].startswith("technical.notifications")
    assert "invite_link" in head.get("X-Mailtriage-Answers", "")
    assert "check your spam" not in reply.lower()


def test_a_charity_discount_is_answered_once(shipped_engine: Engine, shipped_config: Config) -> None:
    reply, head = _reply(shipped_engine, shipped_config, "Charity pricing", (
        "Dear Sales team,\n\nwe are a registered charity (no. 1187342) looking at around 35 seats. I'd like to know "
        "whether you offer a discount for charities, and if so what proof you would need from us. Our treasurer has "
        "also asked if we could pay by invoice rather than by card.\n\nThere's no rush at all.\n\nHelen"))  # fmt: skip
    assert "nonprofit_discount" in head.get("X-Mailtriage-Answers", "")
    assert reply.count("30% off") == 1  # one answer for both halves of the question
    assert "charity number or another proof" not in reply  # they gave it
    assert "invoice" in reply  # the treasurer's question is answered or named back


def test_a_long_answer_is_cut_to_fit_the_limit(shipped_engine: Engine, shipped_config: Config) -> None:
    reply, _ = _reply(shipped_engine, shipped_config, "Heures manquantes dans Silae", (
        "Bonjour,\n\nJe vous écris parce que nous avons un gros souci avec l'intégration paie. Hier après-midi j'ai "
        "lancé la synchronisation des heures de novembre vers Silae (message « Synchronisation réussie – 96 "
        "salariés »), mais pour 7 salariés de l'agence de Vénissieux il manque 163,5 heures, surtout des heures "
        "de nuit et de dimanche. J'ai relancé la synchro une deuxième fois, ça n'a rien changé.\n\nNotre "
        "paie part le 9 "
        "décembre au matin. Est-ce que quelqu'un peut m'appeler au 04 72 90 33 18 aujourd'hui ? Et en "
        "attendant, est-ce "
        "que je peux saisir les heures manquantes à la main dans Silae sans que la prochaine synchro les écrase ou "
        "les compte en double ?\n\nNadia Ferhat"))  # fmt: skip
    assert len(echo_words(reply)) <= 220
    assert "7 salariés" in reply and "96 salariés, notamment" not in reply  # the count is theirs, not the tool's
