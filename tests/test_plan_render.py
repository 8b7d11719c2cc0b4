"""Greeting, restating, sandboxed strict rendering and the reply lint."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, cast
from zoneinfo import ZoneInfo

import pytest
from jinja2.exceptions import SecurityError

from classifiers import Decision, Triage
from pipeline.config import Config, SlaPolicy, load_config
from pipeline.contact_fields import hours_in
from pipeline.errors import TemplateError
from pipeline.lint import lint_reply, locate
from pipeline.message import Address, Contact, ParsedMessage
from pipeline.plan.greeting import greeting_full_name, greeting_name
from pipeline.plan.planner import Plan, make_plan
from pipeline.plan.reading import (
    facts_given,
    key_sentence,
    questions_asked,
    too_little,
    topic_of,
)
from pipeline.plan.timeframe import BusinessDuration, parse_duration
from pipeline.render import context, make_environment, render

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("display", "expected"),
    [
        ("Jane Doe", "Jane"),
        ("Doe, Jane", "Jane"),
        ("JANE DOE", "Jane"),
        ("jürgen müller", "Jürgen"),
        ("jane@example.org", ""),
        ("=?utf-8?q?broken", ""),
        ("Support Team", ""),
        ("", ""),
        ("J.", ""),
        ("\ufffd\ufffd", ""),
    ],
)
def test_greeting_name(display: str, expected: str) -> None:
    assert greeting_name(display) == expected


def test_key_sentence_skips_greetings_and_finds_the_problem() -> None:
    text = "Hi team,\n\nI hope you are well. I was charged twice for invoice 4411 this month.\nThanks, Jane"
    assert key_sentence(text, "Invoice") == "I was charged twice for invoice 4411 this month."


def test_key_sentence_is_a_whole_bounded_line_and_falls_back_to_subject() -> None:
    long = "The export does not work " + "and then it fails again " * 30
    assert key_sentence(long, "Export broken", limit=80) == "Export broken."  # never a fragment of it
    short = key_sentence(f"{long}. The CSV export stopped on Monday.", "x", limit=80)
    assert short == "The CSV export stopped on Monday." and "\n" not in short
    assert key_sentence("", "Login broken") == "Login broken."
    assert key_sentence("", "Re: AW: Login broken") == "Login broken."


def test_strict_undefined_names_template_and_line(tmp_path: Path) -> None:
    (tmp_path / "t.j2").write_text("Hello\n{{ contact.phon }}\n")
    env = make_environment(tmp_path)
    with pytest.raises(TemplateError) as info:
        render(env, "t.j2", {"contact": {"phone": "1"}})
    assert info.value.line == 2
    assert "t.j2" in info.value.template


def test_syntax_error_names_template_and_line(tmp_path: Path) -> None:
    (tmp_path / "t.j2").write_text("ok\n{% if %}\n")
    with pytest.raises(TemplateError) as info:
        render(make_environment(tmp_path), "t.j2", {})
    assert info.value.line == 2


def test_sandbox_refuses_unsafe_attributes_and_customer_text_is_never_evaluated(tmp_path: Path) -> None:
    (tmp_path / "evil.j2").write_text("{{ message.__class__.__mro__ }}")
    (tmp_path / "ok.j2").write_text('You wrote: "{{ message.quote }}"')
    env = make_environment(tmp_path)
    with pytest.raises((SecurityError, TemplateError)):
        render(env, "evil.j2", {"message": {"quote": "x"}})
    out = render(env, "ok.j2", {"message": {"quote": "{{ 7*7 }} {% raw %}"}})
    assert out.body == 'You wrote: "{{ 7*7 }} {% raw %}"\n'


def test_lint_finds_banned_phrases_and_missing_parts() -> None:
    good = "We will reply by Thursday 26 November, 15:00 CET. Call +49 30 1 or help@example.com.\n"
    assert lint_reply(good, "+49 30 1", "help@example.com", "by Thursday 26 November, 15:00 CET") == []
    bad = "We will fix it right away. Wir melden uns umgehend. {{ plan.x }}"
    problems = lint_reply(bad, "+49 30 1", "help@example.com", "by Thursday")
    assert "banned phrase 'right away'" in problems
    assert "banned phrase 'umgehend'" in problems
    assert "no concrete time frame" in problems
    assert "no direct contact line (phone or e-mail of the contact)" in problems
    assert any(p.startswith("unfilled placeholder") for p in problems)


def test_locate_points_at_the_template_line(tmp_path: Path) -> None:
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "x.j2").write_text("line one\nwe reply ASAP\n")
    assert locate("asap", tmp_path) == f"{tmp_path / 'en' / 'x.j2'}:2"


# -- names ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("display", "first", "full"),
    [
        ("Schäfer, Anna", "Anna", "Anna Schäfer"),
        ("JÖRG MÜLLER", "Jörg", "Jörg Müller"),
        ("mary-jane o'neill", "Mary-Jane", "Mary-Jane O'Neill"),
        ("ludwig van beethoven", "Ludwig", "Ludwig van Beethoven"),
        ("McDonald, Ronald", "Ronald", "Ronald McDonald"),
        ("kev", "Kev", "Kev"),
        ("Jane Doe (ACME Support)", "Jane", "Jane Doe"),
        ("Jane Doe via Example Helpdesk", "Jane", "Jane Doe"),
        ("Dr. Jane Doe", "", "Dr. Jane Doe"),
        ("Herr Schmidt", "", "Herr Schmidt"),
        ("ACME", "", ""),  # one word in capitals: an acronym or a company more often than a person
        ("Brightline Accounts Payable", "", ""),
        ("Example GmbH", "", ""),
        ("JÃ¶rg MÃ¼ller", "", ""),  # mojibake
        ("kev.m1987", "", ""),
        ("Jane 🙂 Doe", "", ""),
        ("noreply", "", ""),
    ],
)
def test_greeting_names(display: str, first: str, full: str) -> None:
    assert (greeting_name(display), greeting_full_name(display)) == (first, full)


# -- restating: the customer's key sentence -----------------------------------------------------------


def test_key_sentence_is_never_greeting_sign_off_or_signature() -> None:
    text = "Hi Tom, thanks!\n\nThe invoice for October shows the wrong VAT rate.\n\nThanks,\nJane\n-- \nJane Doe\nACME"
    assert key_sentence(text, "VAT") == "The invoice for October shows the wrong VAT rate."
    assert key_sentence("Hallo Frau Yılmaz,\n\nder Export bricht wieder ab.\n\nViele Grüße\nPetra", "x") == (
        "der Export bricht wieder ab."
    )


def test_key_sentence_ignores_quoted_history_and_forwarded_headers() -> None:
    forwarded = (
        "Hi,\n\nforwarding this. Can you check with the carrier what happened to my parcel?\n\n"
        "---------- Forwarded message ---------\nFrom: Shop <shop@example.com>\nSubject: Error: your refund failed\n"
        "\nYour refund failed with error 500.\n"
    )
    assert key_sentence(forwarded, "Fwd") == "Can you check with the carrier what happened to my parcel?"
    quoted = "The columns are still missing.\n\nOn Mon, 23 Nov 2026 at 14:02, Support wrote:\n> refund error 500 broken"
    assert key_sentence(quoted, "x") == "The columns are still missing."
    assert key_sentence("Still broken.\n> We could not refund the wrong charge twice.", "x") == "Still broken."


def test_key_sentence_prefers_a_calm_sentence_to_shouting_and_skips_tables_and_code() -> None:
    shouting = "EVERYTHING IS DOWN AND NOTHING WORKS.\n\nThe dashboard shows a 502 error since 7am."
    assert key_sentence(shouting, "x") == "The dashboard shows a 502 error since 7am."
    table = "My order #1234 arrived, but one item is damaged:\n\nItem Qty State\nJug 1 Broken cracked\nCup 2 OK\n"
    assert key_sentence(table, "x") == "My order #1234 arrived, but one item is damaged."
    trace = 'We get a 422 from your API.\n\nTraceback (most recent call last):\n  File "x.py", line 1\nValueError: bad'
    assert key_sentence(trace, "x") == "We get a 422 from your API."


def test_key_sentence_joins_wrapped_lines_keeps_list_items_apart_and_abbreviations_whole() -> None:
    wrapped = "we were charged\ntwice for the November renewal.\n"
    assert key_sentence(wrapped, "x") == "we were charged twice for the November renewal."
    listed = "Für 2027 benötigen wir ein Angebot:\n\n- 120 Nutzer\n- Zahlung per Rechnung\n"
    assert key_sentence(listed, "x") == "Für 2027 benötigen wir ein Angebot."
    assert key_sentence("Bitte senden Sie den Vertrag nach Art. 28 DSGVO zu.", "x") == (
        "Bitte senden Sie den Vertrag nach Art. 28 DSGVO zu."
    )


def test_key_sentence_is_a_whole_sentence_word_for_word() -> None:
    # "am 17.11." and "am 6. Oktober" do not end a sentence: the quote never starts mid-sentence
    text = (
        "Hallo, die neue Bankverbindung habe ich am 6. Oktober im Kundenkonto eingetragen. "
        "Trotzdem wurde die Lastschrift vom alten Konto eingezogen und ist geplatzt."
    )
    assert key_sentence(text, "x") in (
        "die neue Bankverbindung habe ich am 6. Oktober im Kundenkonto eingetragen.",
        "Trotzdem wurde die Lastschrift vom alten Konto eingezogen und ist geplatzt.",
    )
    one = "Die neue Bankverbindung habe ich am 6. Oktober im Kundenkonto eingetragen, aber es wurde falsch abgebucht."
    assert key_sentence(one, "x") == one
    words = "Supercalifragilistic " * 20
    assert key_sentence(f"The export fails because {words}", "Export fails", limit=60) == "Export fails."


def test_key_sentence_quotes_safely() -> None:
    quote = key_sentence('The page says "502 Bad Gateway" and nothing else works', "x")
    assert quote == 'The page says "502 Bad Gateway" and nothing else works.'  # their quotes, as written
    assert (
        key_sentence('Error „Export fehlgeschlagen“ beim "Export"', "x")
        == 'Error „Export fehlgeschlagen“ beim "Export"'
    )
    assert key_sentence("Please fix this ASAP, the export is broken.", "Export") == "Export."  # never our "ASAP"


# -- planning rules -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "subject", "vague"),
    [
        ("It doesn't work.", "problem", True),
        ("it doesn't work\n", "not working", True),
        ("", "", True),
        ("Login broken", "", True),
        ("Geht nicht mehr.", "Hilfe", True),
        ("Geht nicht. Bitte umgehend melden!", "Problem", True),  # wanting a fast answer says nothing about what
        ("Please reply asap, it does not work", "urgent", True),
        ("Please cancel my subscription.", "Cancel", False),
        ("It doesn't work.", "Invoice INV-2026-11-04102 shows wrong seat count", False),
        ("The CSV export has missed two columns since the update on the 18th, and we need them.", "", False),
    ],
)
def test_too_little_to_go_on(text: str, subject: str, vague: bool) -> None:
    assert bool(too_little(text, subject)) is vague


def test_facts_topics_questions() -> None:
    assert facts_given("Order #100655 arrived broken, photo attached") == ("reference", "evidence")
    assert facts_given("Rechnungsnummern: RE-2026-11-08812") == ("reference",)
    assert facts_given("It fails with error code 4102") == ("error",)
    assert facts_given("the API returns 503 Service Unavailable") == ("error", "area")  # the API is the part
    assert facts_given("We need 120 Nutzer") == ("size",)
    assert facts_given("it is broken") == ()
    assert topic_of("technical", "I can't log in since my new phone") == "login"
    assert topic_of("technical", "She already has a normal user login.") == ""
    assert topic_of("billing", "I cancelled on October 30") == "cancel"
    assert topic_of("general", "Art. 15 GDPR request") == "privacy"
    assert topic_of("returns", "tracking says label created, parcel stuck") == "delivery"
    assert topic_of("returns", "Versand nach Österreich? Und kann ich zurückschicken, umtauschen?") == ""
    # an "outage" that is only slowness is worded as slowness; with anything down or failing it stays an outage
    assert topic_of("outage", "Zeiterfassung unbrauchbar langsam, seit drei Wochen") == "slow"
    assert topic_of("outage", "Le tableau de bord est très lent depuis ce matin") == "slow"
    assert topic_of("outage", "the app is slow and now returns 503 errors") == ""
    assert topic_of("outage", "Alles ist down") == ""
    assert questions_asked("Could you refund it? Is there a fee? Is there a fee? Why?") == 2


def triage(type_: str, band: str, urgency: str = "normal", tone: str = "neutral", confidence: float = 0.9) -> Triage:
    return Triage(
        type=Decision(type_, confidence, band, ()),
        urgency=Decision(urgency, 0.9, "high", ()),
        tone=Decision(tone, 0.9, "high", ()),
        rules_fired=(),
        explanation="test",
    )


NOW = datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))


def message(text: str, subject: str = "Help", name: str = "Jane Doe", **kw: Any) -> ParsedMessage:
    kw.setdefault("message_id", "<m1@example.org>")
    return ParsedMessage(subject=subject, sender=Address(name, "jane@example.org"), text=text, new_text=text,
                         date=NOW - timedelta(hours=1), **kw)  # fmt: skip


@pytest.fixture(scope="module")
def config() -> Config:
    return load_config(ROOT / "config" / "mailtriage.toml")


def test_too_little_forces_clarify_and_tells_the_agent_why(config: Config) -> None:
    plan = make_plan(message("It doesn't work.", "problem"), triage("technical", "high"), config, "en", 0, NOW)
    assert (plan.band, plan.template, plan.question_type) == ("low", "en/clarify.j2", "technical")
    assert "too little to go on" in plan.why and "model said technical 0.90" in plan.why
    unsure = make_plan(message("it doesn't work"), triage("returns", "medium", confidence=0.54), config, "en", 0, NOW)
    assert (unsure.band, unsure.question_type) == ("low", "general")  # a guessed type's questions would mislead
    clear = make_plan(message("Please cancel my subscription now."), triage("billing", "high"), config, "en", 0, NOW)
    assert (clear.band, clear.template) == ("high", "en/billing.j2") and "clarify" not in clear.why


def test_plan_reads_follow_up_callback_and_offers_the_customers_language(config: Config) -> None:
    text = "I've written to you twice already. Please call me back on 0170 1234567."
    spoken = dataclasses.replace(config, team_languages=("en", "de", "fr", "es"))
    plan = make_plan(message(text), triage("billing", "high"), spoken, "es", 0, NOW)
    assert plan.follow_up and plan.callback
    assert (plan.language, plan.offer_code, plan.offer_language) == ("en", "es", "Spanish")
    assert "no es templates" in plan.why
    assert make_plan(message(text), triage("billing", "high"), config, "fr", 0, NOW).language == "fr"  # a folder
    threaded = make_plan(message("Still the same.", references=("<a@x>",)), triage("technical", "high"), config,
                         "en", 0, NOW)  # fmt: skip
    assert threaded.follow_up and not threaded.callback
    assert make_plan(message("x"), triage("billing", "high"), config, "es", 0, NOW).offer_code == ""  # not spoken


class ResolutionSla:
    """The SLA with resolution targets, as config.py will read ``[sla.resolution]``."""

    def __init__(self, real: Any, targets: dict[str, str]) -> None:
        self.real, self.backlog, self.targets = real, real.backlog, targets

    def target(self, type_: str, urgency: str) -> BusinessDuration:
        return self.real.target(type_, urgency)

    def resolution_target(self, type_: str, urgency: str) -> BusinessDuration | None:
        text = self.targets.get(urgency)
        return parse_duration(text) if text else None


def resolution_sla(config: Config, targets: dict[str, str]) -> SlaPolicy:
    return cast(SlaPolicy, ResolutionSla(config.sla, targets))


def render_plan(config: Config, msg: ParsedMessage, plan: Plan) -> str:
    env = make_environment(config.templates_dir)
    return render(env, plan.template, context(msg, triage(plan.likely_type, plan.band), plan, "s", "s@x")).body


def test_resolution_target_only_when_configured_understood_and_after_the_first_response(config: Config) -> None:
    msg = message("We were charged twice for invoice INV-2026-11-1 this month. When will it be refunded?")
    unset = dataclasses.replace(config, sla=dataclasses.replace(config.sla, resolution={}, resolution_per_type={}))
    assert make_plan(msg, triage("billing", "high"), unset, "en", 0, NOW).resolution is None  # not configured
    with_targets = dataclasses.replace(config, sla=resolution_sla(config, {"normal": "3d", "high": "2h"}))
    plan = make_plan(msg, triage("billing", "high"), with_targets, "en", 0, NOW)
    assert plan.resolution is not None and plan.resolution.wording == "by Monday 30 November"
    body = render_plan(config, msg, plan)
    assert "We aim to have it resolved by Monday 30 November" in body  # a target, never a promise
    assert body.index(plan.deadline.wording) < body.index("by Monday 30 November")
    assert make_plan(msg, triage("billing", "medium"), with_targets, "en", 0, NOW).resolution is None
    quick = dataclasses.replace(config, sla=resolution_sla(config, {"normal": "1h"}))
    # worded by day, 1h means "by today", before the update promised for tomorrow: not worth saying
    assert make_plan(msg, triage("billing", "high"), quick, "en", 0, NOW).resolution is None
    outage = make_plan(msg, triage("outage", "high"), with_targets, "de", 0, NOW)
    assert outage.resolution is not None and "Ziel" not in render_plan(config, msg, outage)  # no restore time


def test_resolution_target_only_for_a_customer_who_needs_it(config: Config) -> None:
    with_targets = dataclasses.replace(config, sla=resolution_sla(config, {"normal": "3d", "high": "2h"}))
    calm = message("We were charged twice for invoice INV-2026-11-1 this month.")
    plan = make_plan(calm, triage("billing", "high"), with_targets, "en", 0, NOW)
    assert plan.resolution is None and "resolution target by Monday 30 November not named" in plan.why
    asked = message("We were charged twice for invoice INV-2026-11-1. How long will the refund take?")
    assert make_plan(asked, triage("billing", "high"), with_targets, "en", 0, NOW).resolution is not None
    deadline = message("We were charged twice for invoice INV-2026-11-1. We need it sorted by Friday.")
    assert make_plan(deadline, triage("billing", "high"), with_targets, "en", 0, NOW).resolution is not None


def test_german_reply_greets_formally_and_localises_hours(config: Config) -> None:
    msg = message("Die Rechnung RE-2026-1 ist doppelt abgebucht worden.", name="Schäfer, Anna")
    body = render_plan(config, msg, make_plan(msg, triage("billing", "high"), config, "de", 0, NOW))
    assert body.startswith("Guten Tag Anna Schäfer,\n\nvielen Dank")
    assert "(Mo–Fr 09:00–16:00 Uhr MEZ)" in body and "Mon-Fri" not in body  # [contact.billing] localized_hours
    unlocalized = dataclasses.replace(config.contacts["billing"], localized_hours=())
    assert hours_in(unlocalized, "de") == "Mo–Fr 09:00–16:00 MEZ"  # plain hours translated
    assert hours_in(Contact("x", "1", "e", "24/7 for outages"), "de") == "24/7 for outages"


def test_escalation_names_who_is_on_it_and_the_configured_escalation_line(config: Config) -> None:
    msg = message("Our checkout returns 503 on every call.")
    lead = Contact("Sven Richter (Duty lead)", "+49 30 1234 5600", "duty@example.com")
    with_lead = dataclasses.replace(config, contacts={**config.contacts, "escalation": lead})
    body = render_plan(config, msg, make_plan(msg, triage("outage", "high", "high"), with_lead, "en", 0, NOW))
    assert "Marek Nowak will send you a concrete update" in body  # the signature says "(Operations on call)"
    assert "Call Sven Richter (Duty lead) on +49 30 1234 5600" in body
    without = dataclasses.replace(config, contacts={k: v for k, v in config.contacts.items() if k != "escalation"})
    plain = render_plan(without, msg, make_plan(msg, triage("outage", "high", "high"), without, "en", 0, NOW))
    assert "ask for the duty lead" in plain
    unsure = dataclasses.replace(triage("outage", "high", "high"), urgency=Decision("high", 0.1, "low", ()))
    assert not make_plan(msg, unsure, config, "en", 0, NOW).escalate  # a guess of "urgent" escalates nothing


def test_frustrated_acknowledgements_vary_and_follow_ups_get_their_own(config: Config) -> None:
    seen, again = set(), set()
    for i in range(12):
        msg = message("This is unacceptable, the export is broken.", message_id=f"<{i}@x>")
        plan = make_plan(msg, triage("technical", "high", tone="frustrated"), config, "en", 0, NOW)
        seen.add(render_plan(config, msg, plan).split("\n\n")[1].split(" You wrote")[0])
        plan = dataclasses.replace(plan, follow_up=True)
        again.add(render_plan(config, msg, plan).split("\n\n")[1].split(" You wrote")[0])
    assert len(seen) >= 3 and len(again) >= 2 and not seen & again


def test_lint_counts_questions_and_finds_placeholders() -> None:
    ok = "Hello,\n\n1. Which invoice?\n2. Which card?\n\nby Thursday. help@example.com\n"
    assert lint_reply(ok, "+1", "help@example.com", "by Thursday", min_questions=2) == []
    one = ok.replace("2. Which card?\n", "")
    assert lint_reply(one, "+1", "help@example.com", "by Thursday", min_questions=2) == [
        "asks fewer than 2 questions (found 1)"
    ]
    for bad in ("Hi ,\n", "Dear [Customer name],\n", "Your order None is late.\n", "TODO: fix\n"):
        problems = lint_reply(bad + ok, "+1", "help@example.com", "by Thursday")
        assert any(p.startswith("unfilled placeholder") for p in problems), bad
    assert lint_reply("None of this is your fault.\n" + ok, "+1", "help@example.com", "by Thursday") == [
        "unfilled placeholder 'None'"
    ]  # capitalised at a sentence start: still flagged, better safe than a "None" in a reply
    assert lint_reply("none of this is your fault.\n" + ok, "+1", "help@example.com", "by Thursday") == []
    assert "banned phrase 'sofort'" in lint_reply("Wir melden uns sofort.\n" + ok, "+1", "help@example.com", "by")
