"""``[business_hours.type.<type>]``: a type's own week. The shipped config opens outages around the clock, as its
outage line answers then, so an outage reported on a Saturday morning is promised an update that Saturday, while a
billing question sent at the same moment waits for Monday."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from pipeline.config import Config, load_config
from pipeline.engine import Engine
from tests.test_config import MINIMAL, error_for, write
from tests.test_customer_drafts import draft, headers, mail, reply_part

BERLIN = ZoneInfo("Europe/Berlin")
SATURDAY = datetime(2026, 12, 5, 8, 40, tzinfo=BERLIN)
ALWAYS = "\n".join(f'{day} = "00:00-24:00"' for day in ("monday", "tuesday", "wednesday", "thursday", "friday",
                                                         "saturday", "sunday"))  # fmt: skip


def test_a_type_table_gives_that_type_its_own_week(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, MINIMAL + "\n[business_hours.type.outage]\n" + ALWAYS + "\n"))
    outage, billing = config.calendar_for("outage"), config.calendar_for("billing")
    assert billing is config.calendar and outage is not config.calendar
    assert outage.tz == config.calendar.tz  # the zone comes from [business_hours] unless the table names one
    assert all(outage.hours) and sum(map(bool, config.calendar.hours)) == 1
    saturday = datetime(2026, 12, 5, 10, 0, tzinfo=BERLIN)
    assert outage.add_business_time(saturday, timedelta(hours=2)) == saturday + timedelta(hours=2)


def test_type_table_errors_name_the_key_and_the_fix(tmp_path: Path) -> None:
    message = error_for(tmp_path, MINIMAL + '\n[business_hours.type.outages]\nmonday = "00:00-24:00"\n')
    assert "business_hours.type.outages: unknown type 'outages'" in message and "outage" in message
    message = error_for(tmp_path, MINIMAL + '\n[business_hours.type.outage]\nsaturday = "all day"\n')
    assert "business_hours.type.outage.saturday" in message and "09:00-17:00" in message
    message = error_for(tmp_path, MINIMAL + '\n[business_hours.type.outage]\nholidays = "DE"\n')
    assert "business_hours.type.outage: no open weekday" in message


def _saturday_mail(subject: str, body: str) -> bytes:
    return mail(subject, body, "Graham Reid <graham@garden.example>", SATURDAY)


def test_an_outage_on_saturday_is_promised_an_update_that_saturday(
    shipped_engine: Engine, shipped_config: Config
) -> None:
    engine, config = shipped_engine, shipped_config
    now = SATURDAY + timedelta(minutes=5)
    outage = draft(engine, config, _saturday_mail(
        "Service down for everyone",
        "Since 8am nobody in any of our stores can log in, the whole service is down for everyone. "
        "Is this on your side?\n\nGraham",
    ), now)  # fmt: skip
    billing = draft(engine, config, _saturday_mail(
        "Question about our invoice",
        "Hello, could you send us a copy of invoice INV-2026-11-3381? Our accountant needs it.\n\nGraham",
    ), now)  # fmt: skip
    assert headers(outage)["X-Mailtriage-Type"] == "outage"
    promised = datetime.fromisoformat(headers(outage)["X-Mailtriage-Deadline"])
    assert promised.date() == SATURDAY.date() and promised - now <= timedelta(hours=3)
    assert "Saturday 5 December" in reply_part(outage)
    assert datetime.fromisoformat(headers(billing)["X-Mailtriage-Deadline"]).weekday() == 0  # Monday
