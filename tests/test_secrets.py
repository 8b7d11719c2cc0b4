"""A known IMAP password must never show up anywhere mailtriage writes: logs (at -vv), exception
messages and tracebacks, ``status`` (text and --json), the SQLite state store (and its WAL), the drafts.

Each test runs against the suite's Dovecot with a user whose password we chose, then greps every
output for the password, its base64 form and the SASL PLAIN blob.
"""

from __future__ import annotations

import base64
import json
import logging
import secrets
import subprocess
import sys
import traceback
from pathlib import Path

import pytest
from dovecot import Dovecot, MailUser
from faultserver import ROOT, customer_message, deliver_many, machine_message, write_config

from pipeline.cli import main
from pipeline.config import load_config
from pipeline.errors import AuthError
from pipeline.worker import Worker

pytestmark = pytest.mark.imap

ENV = "MAILTRIAGE_TEST_SECRET"


def needles(user: MailUser, password: str) -> list[bytes]:
    raw = password.encode()
    return [raw, base64.b64encode(raw), base64.b64encode(b"\0" + user.name.encode() + b"\0" + raw)]


def assert_absent(password: str, user: MailUser, texts: dict[str, str | bytes]) -> None:
    for where, text in texts.items():
        data = text.encode() if isinstance(text, str) else text
        for needle in needles(user, password):
            assert needle not in data, f"the password is in {where}"


def state_bytes(folder: Path) -> dict[str, str | bytes]:
    files = sorted(folder.glob("state.sqlite3*"))
    assert files, "no state store was written"
    return {f"state file {f.name}": f.read_bytes() for f in files}


def secret_config(dovecot: Dovecot, user: MailUser, folder: Path, kind: str, password: str) -> Path:
    """A config whose password comes from ``kind`` ("env", "file", "command"), holding ``password``."""
    secret_file = folder / "imap-password"
    toml = dovecot.mailbox_toml(user, secret_file)
    secret_file.write_text(password + "\n")
    line = f"password_file = {json.dumps(str(secret_file))}"
    assert line in toml
    replacement = {
        "env": f'password_env = "{ENV}"',
        "file": line,
        "command": f"password_command = \"cat '{secret_file}'\"",
    }[kind]
    return write_config(folder, toml.replace(line, replacement))


@pytest.fixture()
def known_user(dovecot: Dovecot) -> tuple[MailUser, str]:
    password = "Tr0ub4dor&3-" + secrets.token_hex(6)
    user = dovecot.add_user(password=password)
    mail = [customer_message(n) for n in range(3)] + [machine_message("auto-reply", 3)]
    deliver_many(dovecot, user, mail)
    return user, password


@pytest.mark.parametrize("kind", ["env", "file", "command"])
def test_password_never_in_logs_status_state_or_drafts(
    dovecot: Dovecot,
    known_user: tuple[MailUser, str],
    tmp_path: Path,
    kind: str,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    user, password = known_user
    monkeypatch.setenv(ENV, password)
    config = secret_config(dovecot, user, tmp_path, kind, password)
    caplog.set_level(logging.DEBUG)  # as -vv does
    assert main(["--config", str(config), "-vv", "run", "--once", "--show-draft"]) == 0
    run = capsys.readouterr()
    assert "3 drafted, 1 skipped" in run.out  # the run really logged in and wrote drafts
    assert any(r.levelno == logging.DEBUG for r in caplog.records)  # -vv really logged at debug level
    assert main(["--config", str(config), "status", "--json"]) == 0
    assert main(["--config", str(config), "status"]) == 0
    status = capsys.readouterr()
    drafts = b"".join(m.data for m in dovecot.messages(user, "Drafts"))
    assert drafts.count(b"X-Mailtriage-Source:") == 3
    assert_absent(
        password,
        user,
        {
            "the log": caplog.text,
            "run's output": run.out + run.err,
            "status": status.out + status.err,
            "the drafts": drafts,
            "the config": config.read_text(),
            **state_bytes(tmp_path),
        },
    )


def test_wrong_password_is_never_shown_in_the_error_or_its_traceback(
    dovecot: Dovecot,
    known_user: tuple[MailUser, str],
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    user, password = known_user
    wrong = "Wr0ng-" + secrets.token_hex(6)
    config = secret_config(dovecot, user, tmp_path, "file", wrong)
    caplog.set_level(logging.DEBUG)
    worker = Worker(load_config(config))
    try:
        with pytest.raises(AuthError) as err:
            worker.run_once()
    finally:
        worker.close()
    report = "".join(traceback.format_exception(err.value))  # what an uncaught crash would print
    assert "login refused account=support" in str(err.value) and "LoginError" in report
    assert main(["--config", str(config), "-vv", "run", "--once"]) == 3
    assert main(["--config", str(config), "status", "--json"]) == 0
    out = capsys.readouterr()
    assert out.err.startswith("mailtriage: error: login refused account=support")
    for secret in (wrong, password):
        assert_absent(
            secret,
            user,
            {
                "the exception": str(err.value) + repr(err.value),
                "the traceback": report,
                "the log": caplog.text,
                "the output": out.out + out.err,
                **state_bytes(tmp_path),
            },
        )


def test_password_never_in_a_real_process_output(
    dovecot: Dovecot, known_user: tuple[MailUser, str], tmp_path: Path
) -> None:
    """The same through a real process at -vv: stdout and stderr as an operator or journald sees them."""
    user, password = known_user
    config = secret_config(dovecot, user, tmp_path, "env", password)
    done = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "--config", str(config), "-vv", "run", "--once"],
        cwd=ROOT, env={"PATH": "/usr/bin:/bin", ENV: password}, capture_output=True, text=True, timeout=120,
        check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert "imap.connected" in done.stderr and " DEBUG " in done.stderr
    assert_absent(password, user, {"stdout": done.stdout, "stderr": done.stderr, **state_bytes(tmp_path)})
