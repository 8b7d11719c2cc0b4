"""Drafts for ordinary mail of blind batch am, end to end with the shipped config: a terminal that arrived damaged, a
seat reduction, API pagination that repeats records, push notifications that do not arrive, a month-end report with
a scheduled-report question, the points of a data request all named back, a second admin asked about and answered,
and the asks a playbook leaves out when they do not fit (``need`` rendered with the slots)."""

from __future__ import annotations

from pipeline.config import Config
from pipeline.engine import Engine
from tests.test_customer_drafts import draft, mail, reply_part
from tests.test_customer_drafts import reply_and_headers as _reply


def test_a_terminal_that_arrived_damaged(shipped_engine: Engine, shipped_config: Config) -> None:
    reply, head = _reply(shipped_engine, shipped_config, "Terminal arrived damaged", (
        "Hello,\n\nour order ORD-558210 arrived yesterday. The box was visibly crushed and the second TC-40 (serial "
        "TC40-2611-08834) came out with the screen cracked right across. Can you ship a replacement now instead of "
        "waiting for the damaged one to come back? Do we need to file anything with UPS?\n\nDale"))  # fmt: skip
    assert head["X-Mailtriage-Intent"].startswith("returns.faulty_device")
    assert "arrived with a cracked screen" in reply and "is not working" not in reply
    assert "check the symptoms" not in reply  # it came out of the box broken: nothing to diagnose


def test_fewer_seats_is_no_cancellation(shipped_engine: Engine, shipped_config: Config) -> None:
    reply, head = _reply(shipped_engine, shipped_config, "Reducing seats", (
        "Hi,\n\nwe closed one of our sites, so we only need about 32 of our 45 seats on the Professional plan now. "
        "Can we reduce the number of seats mid-contract, and do we get a credit for the ones we don't use?"
        "\n\nPriya"))  # fmt: skip
    assert head["X-Mailtriage-Intent"].startswith("sales.add_seats_upgrade")
    assert "reduce" in reply and "cancel your subscription" not in reply


def test_pagination_that_repeats_records(shipped_engine: Engine, shipped_config: Config) -> None:
    reply, head = _reply(shipped_engine, shipped_config, "API paging returns duplicates", (
        "Hi,\n\npaging through GET /v2/time-entries?limit=200 returns some entries twice: 18,400 rows but only "
        "18,088 unique IDs. Every call returns 200. Is there a sort parameter that gives a stable order?"
        "\n\nTomasz"))  # fmt: skip
    assert head["X-Mailtriage-Intent"].startswith("technical.api_error")
    assert "twice" in reply and "sort=id" in reply
    assert "error message" not in reply  # the calls succeed: no error to ask for


def test_push_notifications_that_do_not_arrive(shipped_engine: Engine, shipped_config: Config) -> None:
    reply, head = _reply(shipped_engine, shipped_config, "Shift reminders not arriving", (
        "Hello,\n\nsince the last app update our staff on iPhones no longer get the push notifications for shift "
        "changes. Android users get them fine. Is there a setting we are missing?\n\nFrédéric"))  # fmt: skip
    assert head["X-Mailtriage-Intent"].startswith("technical.notifications")
    assert "Profile > Notifications" in reply


def test_a_month_end_report_and_a_schedule(shipped_engine: Engine, shipped_config: Config) -> None:
    reply, head = _reply(shipped_engine, shipped_config, "Month-end report", (
        "Hello, on the first days of every month the Hours by Site report for the whole month takes five minutes "
        "and sometimes gives up with \"This report is taking longer than expected\". What I really wondered is "
        "whether there's a way to have it run overnight and emailed to me as a spreadsheet.\n\nBev"))  # fmt: skip
    assert head["X-Mailtriage-Intent"].startswith("technical.slow_performance")
    assert "Hours by Site report" in reply and "Reports > Scheduled" in reply


def test_every_point_of_a_data_request_is_named_back(shipped_engine: Engine, shipped_config: Config) -> None:
    reply, _ = _reply(shipped_engine, shipped_config, "Request under Article 15 GDPR", (
        "Dear Sir or Madam,\n\nunder Article 15 GDPR I request access to the personal data you hold about me. Please "
        "provide:\n\n1. a copy of all personal data you process about me;\n2. the purposes of the processing;\n3. "
        "the recipients to whom the data has been disclosed;\n4. how long the data will be stored;\n5. where the "
        "data came from.\n\nNina Petrović"))  # fmt: skip
    for point in ("a copy of all personal data", "the purposes", "the recipients", "how long", "where the data"):
        assert point in reply


def test_a_second_admin_answered_asks_for_nothing(shipped_engine: Engine, shipped_config: Config) -> None:
    reply, head = _reply(shipped_engine, shipped_config, "Second admin on our account?", (
        "Hi,\n\nquick question - is it possible to have two admins on one account? I'm the only admin at the moment "
        "and I'll be on parental leave from mid-December, so my colleague Sarah needs to be able to manage users and "
        "see the invoices while I'm away.\n\nIf it is possible, does the second admin count as an extra paid seat? "
        "She already has a normal user login.\n\nCheers,\nBen"))  # fmt: skip
    assert "second_admin" in head.get("X-Mailtriage-Answers", "")
    assert "Could you tell us" not in reply  # every question answered: the workspace's name is not needed
    assert reply.count("any number of admins") == 1  # one answer for both of its questions


def test_an_export_missing_columns_is_not_asked_for_an_error(shipped_engine: Engine, shipped_config: Config) -> None:
    outcome = draft(shipped_engine, shipped_config, mail("Export columns missing", (
        "Hi,\n\nsince the update on the 18th our timesheet export has 14 columns instead of 16: \"VAT rate\" and "
        "\"Cost centre\" are missing. Is there a way to get the old format back?\n\nJane")))  # fmt: skip
    assert "error message" not in reply_part(outcome)
    # preview --json shows the asks as the reply says them, never a playbook's template source
    assert outcome.plan is not None and not any("{%" in n or "error message" in n for n in outcome.plan.needs)
