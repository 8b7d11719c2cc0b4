"""Drafts that batches ad and ae taught: thanks for an earlier fix are taken and the old ticket is not restated, an
outage is said back with the stretch it lasted (not as slowness), a colleague asked for by name is named back, and
statements that demand ("I also expect a credit") are named back like questions, answers written between our quoted
questions are read, and a rush without a time is owned as a priority.

End to end through the real engine (shipped config, default model, the starter playbooks) on a pinned clock.
"""

from __future__ import annotations

from pipeline.config import Config
from pipeline.engine import Engine
from tests.test_customer_drafts import draft, mail, reply_part


def test_thanks_first_are_taken_and_only_the_new_matter_restated(
    shipped_engine: Engine, shipped_config: Config
) -> None:
    body = (
        "Hi team,\n\nFirst off, a big thank you to Priya for sorting the sensors on our site last week (ticket "
        "57730). All 6 units have been reporting every 10 minutes since.\n\nNow something completely different. "
        "Our renewal (invoice INV-2026-12-00219, EUR 4,752.00) failed on Saturday and the card got "
        '"card_declined / do_not_honor" twice. Can we pay by bank transfer instead?\n\nCheers,\nKaren'
    )
    reply = reply_part(draft(shipped_engine, shipped_config, mail("Thanks + renewal payment failing", body)))
    assert reply.split("\n\n")[1].startswith("Thank you for the kind words; I'll pass them on to Priya.")
    assert "INV-2026-12-00219" in reply and "card_declined" in reply
    assert "57730" not in reply  # the old ticket is done; restating it would mix the two
    assert "frustrat" not in reply


def test_an_outage_is_said_back_with_the_stretch_it_lasted(shipped_engine: Engine, shipped_config: Config) -> None:
    body = (
        "Last night between 18:45 and about 20:10 your system was DOWN. Staff couldnt clock in, the app just said "
        '"503 Service Unavailable". And for three weeks now the rota screen has taken 30-40 seconds to load.\n\n'
        "We will not be renewing unless somebody explains what actually happened last night. I also expect a credit "
        "for yesterday. Please have Katrin call me on 01424 555 019.\n\nRay Okafor"
    )
    reply = reply_part(draft(shipped_engine, shipped_config, mail("Outage last night", body)))
    assert "(last night between 18:45 and about 20:10)" in reply
    assert "slow for you" not in reply  # the slowness is the second symptom, not what the reply is about
    assert "a credit for yesterday" in reply
    assert "an explanation of what actually happened last night" in reply
    assert "You asked for Katrin" in reply


def test_answers_between_our_quoted_questions_are_read(shipped_engine: Engine, shipped_config: Config) -> None:
    body = (
        "Hi Anna,\n\nThanks for coming back so quick. Answers under each of your questions:\n\n"
        "> 1. Could you send us the serial numbers of the affected terminals?\n\n"
        "TC3-22-04471 and TC3-22-04472.\n\n> 2. Which firmware version do they show?\n\n"
        '5.8.2 on both. Screen says "Sync failed (E-214) - retrying".\n\n'
        "> 3. Has anything changed on your network?\n\nNo. Will the queued clock-ins upload by themselves once "
        "sync is back?\n\nGemma\n"
    )
    reply = reply_part(draft(shipped_engine, shipped_config, mail("Re: Terminals not syncing [Ticket #61204]", body)))
    assert "TC3-22-04471" in reply and "E-214" in reply
    assert "queued clock-ins upload by themselves" in reply
    assert "firmware version do they show" not in reply  # our own question is not named back as theirs


def test_a_rush_without_a_time_is_owned_as_a_priority(shipped_engine: Engine, shipped_config: Config) -> None:
    body = (
        "Bonjour,\n\nUn ancien collaborateur, Kevin Marchal, s'est connecté hier soir à 22h47 depuis l'application "
        "mobile alors qu'il a quitté l'agence le 27 novembre. Merci de lui couper l'accès immédiatement, sessions "
        "ouvertes comprises.\n\nNathalie Brun"
    )
    reply = reply_part(draft(shipped_engine, shipped_config, mail("Ancien salarié toujours connecté", body)))
    assert "votre demande est prioritaire chez nous" in reply
    assert "immédiatement" not in reply  # never our word: we promise a time, not "immediately"


def test_a_call_asked_for_today_is_said_as_today(shipped_engine: Engine, shipped_config: Config) -> None:
    body = (
        "This is the third time I'm writing. Shifts planned after 3 December don't appear in Google Calendar at all. "
        "I want someone who actually understands the integration to ring me today on 07700 900412.\n\nHelen Carter"
    )
    reply = reply_part(draft(shipped_engine, shipped_config, mail("Re: Google Calendar sync STILL broken", body)))
    assert "will call you today, Tuesday 24 November, between" in reply
