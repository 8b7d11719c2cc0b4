"""Drafts that batch t and the demo review taught: a restatement that leaves out their figures quotes the sentence
that has them, a second problem is said back, a third mail is owned as a third, an ultimatum's refund is named
back as grammar allows, a noted plan is not said twice, and a SOC 2 question is not answered with our ISO
certificate alone.

End to end through the real engine (shipped config, default model, the starter playbooks) on a pinned clock.
"""

from __future__ import annotations

from pipeline.config import Config
from pipeline.engine import Engine
from tests.test_customer_drafts import draft, mail, reply_part


def test_a_general_restatement_quotes_the_sentence_with_their_figures(
    shipped_engine: Engine, shipped_config: Config
) -> None:
    body = (
        "Hallo,\n\nsiehe Screenshot im Anhang. Im CSV-Export für November (Projekt DFG-SB-4471) steht in der Spalte "
        '"Dauer" bei allen 214 Einträgen 0:00, in der Webansicht stimmen die Stunden (612,5 h).\n\nKeine Eile.'
    )
    reply = reply_part(draft(shipped_engine, shipped_config, mail("CSV-Export Dauer 0:00", body)))
    assert "214 Einträgen 0:00" in reply
    assert "Sie sehen „Dauer“" not in reply  # a column's name is not an error they see


def test_a_second_problem_is_said_back(shipped_engine: Engine, shipped_config: Config) -> None:
    body = (
        "Bonjour,\n\nDepuis jeudi dernier, notre synchro de nuit se fait rejeter en masse avec des 429 sur POST "
        "/v2/time-entries. J'aimerais savoir quelle est la limite actuelle par minute sur ce endpoint.\n\n"
        "Autre chose, peut-être lié : le webhook timesheet.approved ne nous arrive plus du tout depuis la même date."
        "\n\nMerci d'avance,\nJulien Faure"
    )
    reply = reply_part(draft(shipped_engine, shipped_config, mail("API 429 + webhook", body)))
    assert "le webhook timesheet.approved ne vous arrive plus du tout" in reply


def test_a_third_mail_is_owned_as_a_third_and_the_refund_reads_right(
    shipped_engine: Engine, shipped_config: Config
) -> None:
    body = (
        "This is the THIRD time I'm writing about this and I still haven't had a single useful answer. Bookings made "
        "through our booking page don't show up in Google Calendar anymore. If I don't hear from an actual human "
        "being by Friday, I'm cancelling, and I'll want the last two months refunded since the product hasn't worked."
    )
    reply = reply_part(draft(shipped_engine, shipped_config, mail("Calendar sync STILL broken", body)))
    assert "write to us three times" in reply
    assert "the last two months to be refunded" in reply


def test_a_soc_2_question_gets_the_soc_2_part_of_the_answer(shipped_engine: Engine, shipped_config: Config) -> None:
    body = (
        "Hi there,\n\nWe're evaluating you for our customer success team. A few questions:\n\n"
        "- What would pricing look like for 50 seats on the Business plan, billed annually? Is there a volume "
        "discount at that size?\n- Is SAML SSO (we use Okta) included in Business or only in Enterprise?\n"
        "- Can we pay by invoice / bank transfer instead of credit card? Our procurement team needs to issue a PO.\n"
        "- Do you have a DPA and a SOC 2 report you can share?\n\nBest,\nOlivia"
    )
    reply = reply_part(draft(shipped_engine, shipped_config, mail("Pricing for 50 seats + SSO?", body)))
    assert "SOC 2" in reply
    assert reply.count("Business plan") <= 1  # "(Business plan)" restated, not noted again as "the Business plan"


def test_a_time_clock_that_loses_its_connection_is_technical_however_angry(
    shipped_engine: Engine, shipped_config: Config
) -> None:
    body = (
        "Je vais etre clair. C'est la troisieme fois en 3 semaines que la badgeuse de notre atelier (terminal TC-40) "
        "perd la connexion et que mes 22 mecaniciens ne peuvent pas badger. On paie 389 € HT par mois pour ca. Notre "
        "contrat se termine le 31 janvier et en l'etat je ne renouvelle pas."
    )
    outcome = draft(shipped_engine, shipped_config, mail("Badgeuse, encore", body))
    assert outcome.triage is not None and outcome.triage.type.label == "technical"


def test_a_side_answer_must_share_the_topic_of_the_question(shipped_engine: Engine, shipped_config: Config) -> None:
    body = (
        "The Schedule board takes 30-40 seconds to load most mornings. Your own SLA, clause 9.2, gives us a credit. "
        "If you want to keep us, I want three things from you by the end of this week:\n"
        "1. written confirmation of the £608 credit,\n2. a proper explanation of what went wrong on the 19th,\n"
        "3. an actual plan for fixing the slowness, with dates."
    )
    reply = reply_part(draft(shipped_engine, shipped_config, mail("Not renewing", body)))
    assert "deleted" not in reply and "deletion" not in reply  # no answer about deleting a workspace
    assert "clause 9.2" in reply and "written confirmation of the £608 credit" in reply


def test_a_reminder_about_a_data_protection_request_is_no_technical_case(
    shipped_engine: Engine, shipped_config: Config
) -> None:
    body = (
        "I am just following up on my email of Tuesday 17 November, as I haven't yet had a reply. To recap: a "
        "former teaching assistant has asked us for a copy of her timesheet records and then for her personal data "
        "to be erased; this is a data protection request under the GDPR. Could you let me know whether you received "
        "my original email?"
    )
    outcome = draft(shipped_engine, shipped_config, mail("Re: data protection request", body))
    assert outcome.triage is not None and outcome.triage.type.label == "general"


def test_their_apology_is_taken_not_returned(shipped_engine: Engine, shipped_config: Config) -> None:
    body = (
        "First of all, an apology. My email yesterday afternoon was rude, and whoever read it didn't deserve that. "
        "Having calmed down, I think the second charge of £1,140.00 on 7 December was invoice INV-2026-12-0412, made "
        "out to our sister company. Could you refund the £1,140.00 to the card ending 4417?"
    )
    reply = reply_part(draft(shipped_engine, shipped_config, mail("Yesterday's email, and the charge", body)))
    assert "No need to apologise" in reply and "I'm sorry" not in reply


def test_an_item_already_sent_back_is_not_to_be_kept(shipped_engine: Engine, shipped_config: Config) -> None:
    body = (
        "Hi,\n\nSent the faulty BS-300 scanner back on 12 Nov under RMA-20931, delivered to you 16 Nov. Still no "
        "refund of £186.00 on our card and you said 5-10 working days. When will it be paid?\n\nDave"
    )
    reply = reply_part(draft(shipped_engine, shipped_config, mail("Refund for returned scanner", body)))
    assert "keep the item" not in reply and "refund" in reply


def test_on_a_bill_the_companies_named_are_noted(shipped_engine: Engine, shipped_config: Config) -> None:
    body = (
        "Hello,\n\nyour invoice INV-2026-12-00412 (GBP 1,932.00) has been issued to Brightwell Dental Ltd, our former "
        "company, at its old address in Harrogate, Ripon and Knaresborough, with 14 users, 3 locations, 2 admins and "
        "its old VAT number. Since the acquisition our contract is with Northgate Dental Care Ltd. Please cancel it "
        "and reissue it.\n\nHelen"
    )
    reply = reply_part(draft(shipped_engine, shipped_config, mail("Invoice to the wrong company", body)))
    assert "Brightwell Dental Ltd" in reply or "Northgate Dental Care Ltd" in reply
