"""What an operator installs: the systemd units in deploy/ (checked by ``systemd-analyze``), the
mailbox table they document, and the worker's graceful shutdown on SIGTERM (systemd's stop signal).
"""

from __future__ import annotations

import configparser
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from dovecot import Dovecot, MailUser, sample_message
from faultserver import ROOT, customer_message, imap_config, write_config

from pipeline.cli import main
from pipeline.config import load_config

DEPLOY = ROOT / "deploy"
UNITS = ("mailtriage.service", "mailtriage-once.service", "mailtriage-once.timer")
INSTALLED = "/opt/mailtriage/.venv/bin/mailtriage"


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None, delimiters=("=",))
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # systemd keys are case-sensitive
    parser.read(DEPLOY / name)
    return parser


def mailtriage_executable() -> Path:
    """The console script of the environment running the tests (what ExecStart= names once installed)."""
    script = Path(sys.executable).parent / "mailtriage"
    return script if script.exists() else ROOT / ".venv" / "bin" / "mailtriage"


@pytest.fixture()
def units(tmp_path: Path) -> list[Path]:
    """The units copied to ``tmp_path`` with ExecStart= pointing at a real executable (verify checks it)."""
    executable = mailtriage_executable()
    assert executable.exists(), f"{executable} is missing: pip install -e ."
    out = []
    for name in UNITS:
        text = (DEPLOY / name).read_text()
        assert name.endswith(".timer") or INSTALLED in text
        (tmp_path / name).write_text(text.replace(INSTALLED, str(executable)))
        out.append(tmp_path / name)
    return out


def systemd_analyze() -> str:
    found = shutil.which("systemd-analyze")
    if found is None:  # the one allowed skip: the issue asks for this check "where available"
        pytest.skip("systemd-analyze is not installed")
    return found


def test_units_pass_systemd_analyze_verify(units: list[Path]) -> None:
    done = subprocess.run(
        [systemd_analyze(), "verify", "--man=no", *map(str, units)], capture_output=True, text=True, check=False
    )
    # verify exits 0 even for unknown keys or bad values: its warnings on stderr count as failures too
    assert done.returncode == 0 and done.stderr.strip() == "" and done.stdout.strip() == "", done.stderr


def test_services_are_hardened(units: list[Path]) -> None:
    analyze = systemd_analyze()
    for path in units[:2]:
        done = subprocess.run(
            [analyze, "security", "--offline=true", "--no-pager", str(path)],
            capture_output=True,
            text=True,
            check=False,
        )
        found = re.search(r"Overall exposure level for \S+: ([\d.]+)", done.stdout + done.stderr)
        assert found, done.stderr
        assert float(found.group(1)) <= 2.0, f"{path.name}: exposure {found.group(1)}"


def test_service_restarts_on_failure_but_not_when_a_person_must_act() -> None:
    service = unit("mailtriage.service")["Service"]
    assert service["ExecStart"].split()[-1] == "run" and "--once" not in service["ExecStart"]
    assert service["Restart"] == "on-failure"
    assert set(service["RestartPreventExitStatus"].split()) == {"2", "3", "4"}  # config, credentials, state
    assert service["KillSignal"] == "SIGTERM" and int(service["TimeoutStopSec"]) >= 30
    assert service["StateDirectory"] == "mailtriage" and service["ProtectSystem"] == "strict"
    once = unit("mailtriage-once.service")["Service"]
    assert once["Type"] == "oneshot" and once["ExecStart"].endswith("run --once --quiet")
    timer = unit("mailtriage-once.timer")["Timer"]
    assert timer["Unit"] == "mailtriage-once.service" and timer["OnUnitInactiveSec"]
    for name in UNITS[:2]:  # one config serves both units: the credential is found through the environment
        assert unit(name)["Service"]["LoadCredential"] == "imap-password:/etc/mailtriage/imap-password"


def test_documented_mailbox_table_is_a_valid_config(tmp_path: Path) -> None:
    """deploy/mailbox.toml in place of the demo mailbox, as docs/operations.md says, loads cleanly."""
    config = load_config(write_config(tmp_path, (DEPLOY / "mailbox.toml").read_text(), state=tmp_path / "s.db"))
    (box,) = config.mailboxes
    assert (box.source, box.security, box.port, box.idle) == ("imap", "tls", 993, True)
    assert box.password is not None and box.password.command == 'cat "$CREDENTIALS_DIRECTORY/imap-password"'


def test_password_command_reads_the_systemd_credential(
    dovecot: Dovecot, imap_user: MailUser, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The documented password_command logs in when systemd's $CREDENTIALS_DIRECTORY holds the password."""
    credentials = tmp_path / "credentials"
    credentials.mkdir()
    (credentials / "imap-password").write_text(imap_user.password + "\n")
    monkeypatch.setenv("CREDENTIALS_DIRECTORY", str(credentials))
    toml = dovecot.mailbox_toml(imap_user, tmp_path / "unused")
    line = next(ln for ln in toml.splitlines() if ln.startswith("password_file"))
    documented = next(ln for ln in (DEPLOY / "mailbox.toml").read_text().splitlines() if ln.startswith("password_"))
    config = write_config(tmp_path, toml.replace(line, documented))
    (tmp_path / "unused").unlink()
    dovecot.deliver(imap_user, sample_message())
    assert main(["--config", str(config), "run", "--once", "--quiet"]) == 0


# -- SIGTERM ---------------------------------------------------------------------------------------------


def start(config: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline.cli", "--config", str(config), "-v", "run"],
        cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def read_until(proc: subprocess.Popen[str], marker: str, timeout: float = 60) -> list[str]:
    """stderr lines up to the first one containing ``marker``."""
    assert proc.stderr is not None
    lines: list[str] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        lines.append(line)
        if marker in line:
            return lines
    proc.kill()
    raise AssertionError(f"no {marker!r} in the worker's log:\n{''.join(lines[-20:])}")


def stop(proc: subprocess.Popen[str]) -> tuple[int, float, str]:
    """SIGTERM; (exit code, seconds to exit, the rest of stderr)."""
    sent = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    try:
        _, err = proc.communicate(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise
    return proc.returncode, time.monotonic() - sent, err


def test_sigterm_mid_batch_finishes_the_current_message_and_exits_0(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    for sub in ("cur", "new", "tmp"):
        (inbox / sub).mkdir(parents=True)
    total = 250  # more than two batches of 100: SIGTERM lands in the middle
    for n in range(total):
        (inbox / "new" / f"17950{n:05d}.M1P1.term").write_bytes(customer_message(n))
    config = write_config(
        tmp_path, f'[[mailbox]]\nname = "support"\naddress = "support@example.com"\npath = "{inbox}"\n'
    )
    proc = start(config)
    read_until(proc, "message mailbox=support")
    code, seconds, err = stop(proc)
    assert code == 0, err
    assert seconds < 5
    assert "worker.stopping signal=SIGTERM" in err and "Traceback" not in err
    db = sqlite3.connect(tmp_path / "state.sqlite3")
    statuses = dict(db.execute("SELECT status, COUNT(*) FROM messages GROUP BY status").fetchall())
    db.close()
    drafts = list((inbox / ".Drafts" / "cur").glob("*"))
    assert "claimed" not in statuses  # nothing left half-done
    assert statuses.get("drafted", 0) == len(drafts) < total  # it stopped early, and every draft is recorded
    assert main(["--config", str(config), "run", "--once", "--quiet"]) == 0  # the rest, with no duplicates
    assert len(list((inbox / ".Drafts" / "cur").glob("*"))) == total


def test_sigterm_while_idling_exits_0_at_once(dovecot: Dovecot, imap_user: MailUser, tmp_path: Path) -> None:
    dovecot.deliver(imap_user, sample_message())
    proc = start(imap_config(dovecot, imap_user, tmp_path, poll_seconds=600))
    read_until(proc, "cycle.done mailbox=support drafted=1")
    time.sleep(0.5)  # in IDLE now
    code, seconds, err = stop(proc)
    assert code == 0, err
    assert seconds < 3
    assert "imap.closed account=support" in err  # logged out, not just dropped


# -- N workers on PostgreSQL (issue 13) -------------------------------------------------------------


def test_the_worker_template_unit_verifies_as_an_instance_and_is_hardened(tmp_path: Path) -> None:
    """mailtriage@.service: checked as systemd would start it, as instance mailtriage@2.service."""
    text = (DEPLOY / "mailtriage@.service").read_text()
    assert INSTALLED in text
    instance = tmp_path / "mailtriage@2.service"
    instance.write_text(text.replace(INSTALLED, str(mailtriage_executable())))
    analyze = systemd_analyze()
    done = subprocess.run([analyze, "verify", "--man=no", str(instance)], capture_output=True, text=True, check=False)
    assert done.returncode == 0 and done.stderr.strip() == "" and done.stdout.strip() == "", done.stderr
    done = subprocess.run([analyze, "security", "--offline=true", "--no-pager", str(instance)],
                          capture_output=True, text=True, check=False)  # fmt: skip
    found = re.search(r"Overall exposure level for \S+: ([\d.]+)", done.stdout + done.stderr)
    assert found and float(found.group(1)) <= 2.0, done.stdout[-500:]
    service = unit("mailtriage@.service")["Service"]
    single = unit("mailtriage.service")["Service"]
    assert service["ExecStart"] == single["ExecStart"] and service["KillSignal"] == "SIGTERM"
    assert set(service["RestartPreventExitStatus"].split()) == {"2", "3", "4"} and service["Restart"] == "on-failure"
    assert service["SyslogIdentifier"] == "mailtriage@%i"
    credentials = (DEPLOY / "mailtriage@.service").read_text().count("LoadCredential=")
    assert credentials == 2 and "db-password:/etc/mailtriage/db-password" in text
