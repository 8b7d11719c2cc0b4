"""How a draft speaks to this customer: a call window in their own hours and zone, side questions answered
from another playbook, a question that only restates the matched intent not named back twice, their request
named back in our voice, list items wrapped over two lines read as one request. Shipped config and starter
playbooks, pinned clock.
"""

from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from classifiers.questions import QuestionIndex
from pipeline.asked import asked_line
from pipeline.config import Config, load_config
from pipeline.engine import Engine
from pipeline.message import MessageKey, RawMessage
from pipeline.plan.clauses import sentences
from pipeline.plan.intents import IntentMatcher
from pipeline.plan.respond import call_window

ROOT = Path(__file__).resolve().parents[1]
BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
TUESDAY = datetime(2026, 11, 24, 9, 15, tzinfo=BERLIN)


@pytest.fixture(scope="module")
def config() -> Config:
    return load_config(ROOT / "config" / "mailtriage.toml")


@pytest.fixture(scope="module")
def matcher(config: Config) -> IntentMatcher:
    return Engine(config).matcher


def test_a_call_window_for_a_customer_in_another_zone_lies_in_their_working_day(config: Config) -> None:
    # we are open 9-17 Berlin = 03:00-11:00 in New York: only our afternoon is their morning
    window = call_window(config.calendar, TUESDAY, "en", NEW_YORK)
    assert window == "today, Tuesday 24 November, between 15:00 and 17:00 CET (09:00–11:00 your time)"
    # "afternoons" cannot be met from Berlin for New York: their working day is the fallback, not a night call,
    # and the reply says so instead of "As you asked" over their morning
    assert call_window(config.calendar, TUESDAY, "en", NEW_YORK, "afternoon") == (
        "today, Tuesday 24 November, between 15:00 and 17:00 CET (09:00–11:00 your time; our hours do not reach your "
        "afternoon)"
    )
    assert call_window(config.calendar, TUESDAY, "de", NEW_YORK, "afternoon").endswith(
        "(09:00–11:00 bei Ihnen; Ihr Nachmittag liegt außerhalb unserer Zeiten)"
    )


def test_a_call_window_follows_the_part_of_the_day_they_asked_for(config: Config) -> None:
    lisbon = timezone(timedelta(hours=0))  # one hour behind us: most of our day is theirs too
    morning = call_window(config.calendar, TUESDAY, "de", lisbon, "morning")
    afternoon = call_window(config.calendar, TUESDAY, "fr", lisbon, "afternoon")
    assert morning.endswith("(11:00–12:00 bei Ihnen)"), morning  # two business hours ahead, up to their noon
    assert afternoon.endswith("(13:00–15:00 chez vous)"), afternoon


def test_a_customer_in_our_zone_gets_no_conversion(config: Config) -> None:
    assert "your time" not in call_window(config.calendar, TUESDAY, "en", BERLIN)
    assert call_window(config.calendar, TUESDAY, "en", BERLIN) == call_window(config.calendar, TUESDAY, "en")


def test_a_side_question_is_answered_from_the_playbook_that_knows_it(matcher: IntentMatcher) -> None:
    found = matcher.answer_elsewhere("Do you cover the return shipping for the sensors?", "en", besides=None)
    assert found is not None and found.ref.endswith("shipping_cost"), found
    assert matcher.answer_elsewhere("Who pays?", "en", besides=None) is None  # too short to be sure of
    assert matcher.answer_elsewhere("Can you tell me what the weather is like in Berlin today?", "en", None) is None


def test_a_question_that_is_the_intent_itself_is_not_named_back(matcher: IntentMatcher) -> None:
    asked = "How do I return an order? We ordered too many door sensors"
    assert matcher.restates("returns.return_request", asked, "en")
    assert not matcher.restates("returns.return_request", "Can we add seats to our plan mid-term?", "en")


def test_their_request_is_named_back_in_our_voice() -> None:
    assert asked_line("send the invoice to our AP mailbox", ours=True) == "send the invoice to your AP mailbox"
    assert asked_line("call me back before noon", ours=True) == "call you back before noon"
    their = "check with your finance team and confirm my payment"
    assert asked_line(their, ours=True) == "check with our finance team and confirm your payment"
    assert asked_line("send the invoice to our AP mailbox") == "send the invoice to our AP mailbox"  # a question
    assert asked_line("the DPA (and the list of sub-processors") == "the DPA (and the list of sub-processors)"
    assert asked_line("daher") == ""  # a list's leftover word is not a question


def test_a_list_item_wrapped_over_two_lines_is_one_request() -> None:
    text = (
        "We need two things:\n"
        "- a copy of invoice INV-2291 with our new VAT number\n"
        "  on it, and\n"
        "- the credit note for the duplicate charge\n"
    )
    found = [s for s in sentences(text) if "INV-2291" in s]
    assert found and "VAT number on it" in " ".join(found[0].split()), found


def _call_request(config: Config, offset: timedelta) -> str:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "Ray Okoro <ray@okoro.example>", "support@example.com", "Invoice question"
    msg["Date"] = format_datetime(TUESDAY.astimezone(timezone(offset)))
    msg["Message-ID"] = f"<call-{offset.total_seconds():.0f}@okoro.example>"
    msg.set_content("Hi,\n\nour invoice INV-2026-11-0420 shows 12 seats but we have 9. Can someone call me "
                    "to go through it?\n\nThanks,\nRay")  # fmt: skip
    outcome = Engine(config).prepare(
        RawMessage(MessageKey("t", "INBOX", 1, "1"), msg.as_bytes()), config.mailboxes[0], 0, TUESDAY
    )
    assert outcome.draft is not None, outcome.error or outcome.skip
    return outcome.draft.body


def test_a_call_window_names_their_time_only_when_their_date_header_says_where_they_are(config: Config) -> None:
    assert "your time)" in _call_request(config, timedelta(hours=-5))  # New York in winter
    assert "your time)" not in _call_request(config, timedelta(0))  # +0000: often a server's, not theirs


def test_the_last_digits_of_their_number_are_noted_in_words(config: Config) -> None:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "Ray Okoro <ray@okoro.example>", "support@example.com", "Card declined"
    msg["Date"] = format_datetime(TUESDAY)
    msg["Message-ID"] = "<card@okoro.example>"
    msg.set_content("Hi,\n\nour renewal failed: the card ending 4242 was declined twice yesterday.\n\nRay")
    outcome = Engine(config).prepare(
        RawMessage(MessageKey("t", "INBOX", 1, "2"), msg.as_bytes()), config.mailboxes[0], 0, TUESDAY
    )
    assert outcome.draft is not None
    assert "the card ending in 4242" in outcome.draft.body.split("\n>")[0]


def test_an_answer_index_is_built_once_when_many_mailbox_threads_want_it_at_start(matcher: IntentMatcher) -> None:
    fresh = IntentMatcher(matcher.library, matcher.min_confidence)
    builds: list[str] = []
    build = fresh._known_questions

    def counted(language: str) -> QuestionIndex:
        builds.append(language)
        return build(language)

    fresh._known_questions = counted  # type: ignore[method-assign]
    barrier = threading.Barrier(16)

    def ask() -> None:
        barrier.wait()
        fresh.answer_elsewhere("Do you cover the return shipping for the sensors?", "en", besides=None)

    threads = [threading.Thread(target=ask) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert builds == ["en"]


def test_a_long_tried_clause_is_quoted_up_to_its_second_step() -> None:
    from pipeline.asked import tried_clause

    long = "tried “resend code” maybe 5 times now and waited 10+ minutes each time"
    # it opens with their own quotes: named as written, and the reply does not quote the clause again
    assert tried_clause(long) == "“resend code” about 5 times"  # their hedge in our voice, without their "now"
    assert tried_clause("„Code erneut senden“ vielleicht 5 Mal gedrückt") == "„Code erneut senden“ etwa 5 Mal gedrückt"
    assert tried_clause("« renvoyer le code » peut-être 5 fois") == "« renvoyer le code » environ 5 fois"
    assert tried_clause("tried a hard reset and “Factory default” twice") == "a hard reset and ‘Factory default’ twice"
    assert tried_clause("cleared the cache and tried Safari too") == "cleared the cache and tried Safari too"  # short
    bracketed = 'tried what you suggested (Settings > Exports > "Include fields", then ran the export again and again)'
    expected = bracketed.removeprefix("tried ").replace('"Include fields"', "‘Include fields’")
    assert tried_clause(bracketed) == expected  # never cut inside a bracket


def test_an_unsure_type_with_clear_questions_gets_them_answered_not_a_clarify_draft(config: Config) -> None:
    from typing import cast

    from test_golden import PinnedTriager

    from classifiers import Decision, Triage, Triager

    why = ("pinned",)
    unsure = Triage(type=Decision("technical", 0.3, "low", why), urgency=Decision("normal", 0.9, "high", why),
                    tone=Decision("neutral", 0.9, "high", why), rules_fired=(), explanation="pinned")  # fmt: skip
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "Ray Okoro <ray@okoro.example>", "support@example.com", "Two questions"
    msg["Date"] = format_datetime(TUESDAY)
    msg["Message-ID"] = "<two@okoro.example>"
    msg.set_content("Hi,\n\nbefore we sign up: do you cover the return shipping for the sensors? "
                    "And is the app available in Dutch?\n\nRay")  # fmt: skip
    engine = Engine(config, cast(Triager, PinnedTriager(unsure)))
    outcome = engine.prepare(
        RawMessage(MessageKey("t", "INBOX", 1, "3"), msg.as_bytes()), config.mailboxes[0], 0, TUESDAY
    )
    assert outcome.draft is not None and outcome.plan is not None
    assert not outcome.plan.template.endswith("clarify.j2"), outcome.plan.template
    reply = outcome.draft.body.split("\n>")[0]
    assert "error message" not in reply and "available in Dutch" in reply  # named back, not asked what went wrong
