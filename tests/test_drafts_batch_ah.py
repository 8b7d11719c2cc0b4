"""Drafts that blind batch ah taught: an attachment they mention that did not arrive is asked for again, a complaint
about our tone gets an apology first, the reference they took back is never confirmed, a deadline in their own
time zone is acknowledged, and a renewal said beside a call request is taken to that call in one line.

End to end through the real engine (shipped config, default model, the starter playbooks) on a pinned clock.
"""

from __future__ import annotations

from pipeline.config import Config
from pipeline.engine import Engine
from tests.test_customer_drafts import draft, headers, mail, reply_part


def test_an_attachment_they_mention_that_did_not_arrive(shipped_engine: Engine, shipped_config: Config) -> None:
    body = (
        "Hello,\n\nour monthly export stops at row 2,000 and the file ends mid-line. I have attached a screenshot of "
        "the error dialog.\n\nCan you tell us whether this is a known limit?\n\nThanks,\nDana"
    )
    reply = reply_part(draft(shipped_engine, shipped_config, mail("Export stops at row 2000", body)))
    assert "Your screenshot did not come through; please send it again." in reply
    assert "whether this is a known limit" in reply


def test_a_complaint_about_our_tone_is_apologised_for_first(shipped_engine: Engine, shipped_config: Config) -> None:
    body = (
        "Bonjour,\n\nvotre collègue m'a pris pour un débutant dans sa dernière réponse : oui, j'ai déjà vidé le "
        "cache et essayé avec Firefox. Le tableau de bord reste vide depuis lundi.\n\nPouvez-vous regarder ce qui "
        "se passe réellement ?\n\nCordialement,\nMarc Delorme"
    )
    reply = reply_part(draft(shipped_engine, shipped_config, mail("Re: Votre réponse", body)))
    opening = reply.split("\n\n")[1]
    assert "Je vous prie d'excuser le ton de notre dernière réponse" in opening
    assert "cache" not in reply.split("\n\n", 2)[2]  # what they already did is not asked for again
    assert "regarder ce qui se passe réellement" in reply


def test_a_reference_they_took_back_is_not_confirmed(shipped_engine: Engine, shipped_config: Config) -> None:
    body = (
        "Hi,\n\nwe were charged EUR 412.00 twice for INV-2026-11-3390. Sorry, in my first mail I wrote "
        "INV-2026-10-3381 but I meant INV-2026-11-3390, not the October one.\n\nPlease refund the duplicate.\n\nDana"
    )
    reply = reply_part(draft(shipped_engine, shipped_config, mail("Double charge", body)))
    assert "INV-2026-11-3390" in reply and "EUR 412.00" in reply
    assert "3381" not in reply


def test_a_deadline_in_their_time_zone(shipped_engine: Engine, shipped_config: Config) -> None:
    body = (
        "Bonjour,\n\nl'export vers notre ERP échoue avec l'erreur « E-502 mapping invalide » depuis hier. Notre "
        "siège est en Californie et il nous faut le correctif avant 17 h heure du Pacifique jeudi.\n\nMerci,\nClaire"
    )
    outcome = draft(shipped_engine, shipped_config, mail("Correctif urgent", body))
    reply = reply_part(outcome)
    assert "« avant 17 h heure du Pacifique jeudi »" in reply
    assert headers(outcome)["X-Mailtriage-Customer-Deadline"] == "2026-11-26T17:00:00-08:00"
    assert "Pacifique." not in reply and "Californie" not in reply  # when and where they are is nothing to note
    assert "siège" not in reply  # the need is named back, not the story before it


def test_a_renewal_beside_a_call_request_goes_to_that_call(shipped_engine: Engine, shipped_config: Config) -> None:
    body = (
        "Hi,\n\nthis is the third time in a month the sync dropped our clock-ins. We will not renew in January "
        "unless this is fixed and you explain why it keeps happening. I want a call with someone senior this week, "
        "ideally Wednesday between 2 and 4 pm, on 01424 555 019.\n\nRay Okafor"
    )
    reply = reply_part(draft(shipped_engine, shipped_config, mail("Not renewing", body)))
    assert "between 14:00 and 16:00" in reply and "01424 555 019" in reply
    assert "You also mentioned your renewal; we take that seriously and will talk about it on that call." in reply
    assert "a fix, and an explanation of why it keeps happening" in reply


def test_references_they_point_to_in_their_earlier_mail(shipped_engine: Engine, shipped_config: Config) -> None:
    body = (
        "Bonjour Julie,\n\nÇa n'a pas tenu : les deux capteurs sont de nouveau « hors ligne » depuis 3 h 12. "
        "Pouvez-vous nous envoyer deux capteurs de remplacement ? Les numéros de série sont dans mon premier "
        "message, plus bas.\n\nGaëlle Morvan\n\n"
        "Le lun. 23 nov. 2026 à 17:20, Support <support@example.com> a écrit :\n"
        "> Bonjour Gaëlle,\n>\n> Pourriez-vous réinitialiser les deux capteurs, puis relancer l'appairage ?\n>\n"
        "> Le lun. 23 nov. 2026 à 16:05, Gaëlle Morvan <gaelle@example.org> a écrit :\n"
        ">> Bonjour,\n>>\n>> Depuis la mise à jour du firmware, deux de nos capteurs TS-200 (S/N TS2-19A-004417\n"
        ">> et TS2-19A-004420) se déconnectent plusieurs fois par jour. Commande CMD-88120.\n"
    )
    sender = "Gaëlle Morvan <gaelle@example.org>"
    reply = reply_part(draft(shipped_engine, shipped_config, mail("Re: Capteurs hors ligne", body, sender)))
    assert "TS2-19A-004417" in reply and "TS2-19A-004420" in reply
    assert "CMD-88120" not in reply  # they pointed to the serial numbers, not to everything they wrote before


def test_no_rush_is_not_met_with_an_apology(shipped_engine: Engine, shipped_config: Config) -> None:
    body = (
        "Hello,\n\nI run a small research group (9 people). Over the summer two of my PhD students seperately set "
        'up workspaces for logging instrument time and project hours: "Raghunathan Lab" (ws_48213, 6 users) and '
        "\"RLab-Imaging\" (ws_51077, 3 users). We'd now like everything in one place.\n\nI'm not the admin on "
        "either of them - the university's research IT team manages our subscription. So mostly I'd like to know "
        "what the admin has to do, and whether this is something you do for us or something he can do himself.\n\n"
        "There's also a bit of a disagreement in the group about how to go about it. My postdoc says we should just "
        "export everything as CSV and import it into the other workspace. I'm worried that would lose who logged "
        "what, and that every entry would then show up as created by whoever did the import. Could you tell me "
        "which of us is right?\n\nNo rush at all - this can easily wait until after the Christmas break, I just "
        "want to plan it properly.\n\nBest wishes,\nPriya"
    )
    reply = reply_part(draft(shipped_engine, shipped_config, mail("Merging two workspaces", body)))
    assert "sorry" not in reply.lower() and "frustrat" not in reply.lower()
    assert "ws_48213" in reply and "ws_51077" in reply


def test_a_data_request_of_a_former_employee_is_the_employers_to_answer(
    shipped_engine: Engine, shipped_config: Config
) -> None:
    body = (
        "Bonjour,\n\nJe vous transfère la demande ci-dessous d'une kiné qui a travaillé chez nous jusqu'en "
        "septembre : elle demande l'accès à ses données personnelles (article 15 du RGPD), puis leur effacement. "
        "Est-ce à nous de lui répondre ou à vous ? Et comment sortir de votre logiciel tout ce qui la concerne ?"
        "\n\nMerci,\nJulien"
    )
    reply = reply_part(draft(shipped_engine, shipped_config, mail("TR: Demande RGPD", body)))
    assert "d'une personne qui travaille ou a travaillé chez vous" in reply
    assert "vous êtes responsable du traitement" in reply
    assert "détenons sur vous" not in reply  # the request is not theirs about themselves
