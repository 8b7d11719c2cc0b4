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
