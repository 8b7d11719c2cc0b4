"""Drafts for ordinary mail of blind batch ak, end to end with the shipped config: an API error gets the API error
playbook with its status restated, and corrected invoices are promised for the months they named."""

from __future__ import annotations

from pipeline.config import Config
from pipeline.engine import Engine
from tests.test_customer_drafts import draft, headers, mail, reply_part


def test_an_api_server_error_is_restated_with_its_status(shipped_engine: Engine, shipped_config: Config) -> None:
    body = (
        "Hi,\n\nsince about 9:00 today every POST to /v2/absences comes back with a 500 and the body "
        '{"error":"internal_error"}. GET on the same endpoint works. Request ID: req_41ac09e2b7.\n\n'
        "Will retrying later create duplicates?\n\nPriya"
    )
    outcome = draft(shipped_engine, shipped_config, mail("API 500 on absences", body))
    reply = reply_part(outcome)
    assert headers(outcome)["X-Mailtriage-Intent"].startswith("technical.api_error")
    assert "HTTP 500" in reply and "/v2/absences" in reply
    assert "Idempotency-Key" in reply  # the playbook's answer to their question
    assert "X-Request-Id" not in reply  # they gave a request ID: it is not asked for again


def test_corrected_invoices_for_the_months_they_named(shipped_engine: Engine, shipped_config: Config) -> None:
    body = (
        "Hello,\n\nour VAT ID NL000099998B57 is missing from our invoices. Could you please add it to our account "
        "and reissue the invoices for September and October 2026?\n\nThanks,\nRachel"
    )
    reply = reply_part(draft(shipped_engine, shipped_config, mail("VAT ID missing on invoices", body)))
    assert "corrected invoices for September and October 2026" in reply
    assert "any you name" not in reply


def test_a_faulty_device_is_restated_with_what_it_does(shipped_engine: Engine, shipped_config: Config) -> None:
    body = (
        "Morning,\n\none of the TC-300 time clocks we bought in September (order ORD-2026-09-1187) has started "
        "rebooting itself every 10-15 minutes. Serial TC3-0048821. It's only two months old, so I assume this is "
        "covered under warranty. What do I need to do to get a replacement?\n\nDale"
    )
    reply = reply_part(draft(shipped_engine, shipped_config, mail("Time clock keeps rebooting", body)))
    assert "keeps rebooting itself" in reply and "is not working" not in reply


def test_an_export_that_leaves_people_out_is_not_called_empty(shipped_engine: Engine, shipped_config: Config) -> None:
    body = (
        "Hello,\n\nthe payroll export only has 42 of our 57 staff; the ones missing all moved to the new Outreach "
        "location. Running it for just that location comes out empty. Is there a workaround?\n\nGemma"
    )
    reply = reply_part(draft(shipped_engine, shipped_config, mail("Payroll export missing staff", body)))
    assert "leaves out data" in reply and "comes out empty" not in reply
