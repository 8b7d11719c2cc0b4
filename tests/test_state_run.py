"""A whole `run --once`, `status` and `export` on each state store: SQLite and a real PostgreSQL."""

from __future__ import annotations

import json
import logging
import shutil
import threading
import time
from pathlib import Path

import pytest
from postgres import Postgres
from test_worker import NOW, drafts, inbox, run, sources, write_config

from pipeline.cli import main
from pipeline.config import load_config
from pipeline.state import MIGRATIONS, open_state
from pipeline.worker import Worker

__all__ = ["inbox"]  # the Maildir fixture, a fresh copy of the demo inbox per test

NAMES = [m.name for m in MIGRATIONS]


@pytest.fixture(params=["sqlite", "postgresql"])
def config(request: pytest.FixtureRequest, tmp_path: Path, inbox: Path) -> Path:
    """The demo config on ``inbox``, its state in SQLite or in a new PostgreSQL database."""
    path = write_config(tmp_path, inbox)
    if request.param == "postgresql":
        postgres: Postgres = request.getfixturevalue("postgres")
        state = (f'url = "{postgres.url(postgres.new_database())}"\n'
                 f'password_file = "{postgres.password_file}"\n')  # fmt: skip
        text = path.read_text()
        start = text.index(f'path = "{tmp_path / "state.sqlite3"}"')  # [state] path, then its comment
        path.write_text(text[:start] + state + text[text.index("\n", start) + 1 :])
        assert load_config(path).state.kind == "postgresql"
    return path


def test_each_store_drafts_once_and_reconciles_a_crash(config: Path, inbox: Path) -> None:
    first = run(config)
    count = len(drafts(inbox))
    assert count == sum(1 for _, d in first if d == "drafted") >= 15
    assert all(d == "skipped" or d == "drafted" for _, d in first)
    assert run(config) == []  # everything handled: nothing polled again
    # a worker killed after APPEND and before the done mark leaves the records "claimed"
    state = open_state(load_config(config).state)
    try:
        with state.transaction() as s:
            s.run("UPDATE messages SET status='claimed' WHERE status='drafted'")
    finally:
        state.close()
    run(config)
    assert len(drafts(inbox)) == count and len(set(sources(inbox))) == count


def test_status_names_the_store_and_its_migrations_never_the_password(
    config: Path, inbox: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # `run` through the CLI uses today's clock, and the demo mail stays dated November 2026: no age limit here
    config.write_text(config.read_text().replace("max_age_days = 14", "max_age_days = 0", 1))
    settings = load_config(config).state
    assert main(["--config", str(config), "status"]) == 0  # before the first run
    out = capsys.readouterr().out
    if settings.url:  # a database is always there: opening it applies the migrations
        assert out.splitlines()[0] == f"state: postgresql {settings.describe()}; migrations: {', '.join(NAMES)}"
    else:  # the file is made by the first run
        assert out.splitlines()[0] == f"state: sqlite {settings.path}; migrations: none yet (made by the first run)"
    assert main(["--config", str(config), "run", "--once", "--quiet"]) == 0
    capsys.readouterr()
    assert main(["--config", str(config), "status"]) == 0
    text = capsys.readouterr().out
    assert text.splitlines()[0] == f"state: {settings.kind} {settings.describe()}; migrations: {', '.join(NAMES)}"
    assert "drafted support/" in text
    assert main(["--config", str(config), "status", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["store"] == {"kind": settings.kind, "where": settings.describe(), "migrations": NAMES}
    assert report["state"] == settings.describe() and report["mailboxes"]["support"]["counts"]["drafted"] >= 15
    assert main(["--config", str(config), "export", "--out", str(tmp_path / "export.csv")]) == 0
    assert f"rows written to {tmp_path / 'export.csv'}" in capsys.readouterr().out
    if settings.password:
        password = Path(settings.password.file).read_text().strip()
        assert password not in text + json.dumps(report)


def test_a_second_worker_on_the_same_store_is_refused(config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if load_config(config).state.url:  # PostgreSQL takes any number of workers: tests/test_leases.py
        return
    held = open_state(load_config(config).state, worker=True)
    try:
        assert main(["--config", str(config), "run", "--once"]) == 4
        assert "another mailtriage worker" in capsys.readouterr().err
        assert main(["--config", str(config), "status"]) == 0  # reading is never refused
    finally:
        held.close()


def test_the_looping_worker_runs_each_mailbox_in_its_own_thread_on_each_store(
    config: Path, inbox: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    second = tmp_path / "second"
    shutil.copytree(inbox, second)
    config.write_text(config.read_text() + f'\n[[mailbox]]\nname = "second"\naddress = "second@example.com"\n'
                                           f'path = "{second}"\n')  # fmt: skip
    worker = Worker(load_config(config), clock=lambda: NOW)
    thread = threading.Thread(target=worker.run_forever)
    thread.start()
    try:
        deadline = time.monotonic() + 60
        while not all(f"cycle.done mailbox={name}" in caplog.text for name in ("support", "second")):
            assert thread.is_alive() and time.monotonic() < deadline, caplog.text[-2000:]
            time.sleep(0.05)
    finally:
        worker.stop.set()
        thread.join(10)
        worker.close()
    assert not thread.is_alive()
    assert len(drafts(inbox)) == len(drafts(second)) >= 15
    assert len(set(sources(inbox))) == len(drafts(inbox)) and len(set(sources(second))) == len(drafts(second))
