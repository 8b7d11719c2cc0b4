"""Config validation: every error names the file, the key path and a fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.config import config_path, load_config
from pipeline.errors import ConfigError
from pipeline.settings import Secret

SHIPPED = Path(__file__).resolve().parents[1] / "config" / "mailtriage.toml"

MINIMAL = """
[[mailbox]]
name = "support"
address = "support@example.com"
source = "maildir"
path = "inbox"

[business_hours]
timezone = "Europe/Berlin"
monday = "09:00-17:00"

[sla]
high = "4h"
normal = "1d"
low = "3d"

[contact.default]
phone = "+49 30 1"
email = "help@example.com"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "mailtriage.toml"
    path.write_text(text)
    return path


def error_for(tmp_path: Path, text: str) -> str:
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, text))
    assert info.value.exit_code == 2
    return str(info.value)


def test_shipped_config_loads_and_resolves_paths_against_the_project_root() -> None:
    config = load_config(SHIPPED)
    root = SHIPPED.parent.parent
    assert config.root == root
    assert config.state_path == root / "var" / "mailtriage.sqlite3"
    assert config.mailboxes[0].path == root / "var" / "demo-inbox"
    assert config.templates_dir == root / "templates"
    assert config.contact_for("billing").email == "billing@example.com"
    assert config.contact_for("returns").email == "orders@example.com"
    assert config.contact_for("general").email == "help@example.com"  # no [contact.general]: the default


def test_minimal_config_relative_paths_follow_the_file(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, MINIMAL))
    assert config.mailboxes[0].path == tmp_path / "inbox"
    assert config.state_path == tmp_path / "var" / "mailtriage.sqlite3"


def test_misspelled_key_names_file_key_and_suggestion(tmp_path: Path) -> None:
    text = MINIMAL.replace('path = "inbox"', 'path = "inbox"\npaht = "x"')
    message = error_for(tmp_path, text)
    assert message.startswith(f"{tmp_path / 'mailtriage.toml'}: mailbox[0].paht: unknown key")
    assert "did you mean path?" in message


def test_imap_password_key_typo(tmp_path: Path) -> None:
    text = MINIMAL.replace(
        'source = "maildir"\npath = "inbox"',
        'source = "imap"\nhost = "imap.example.com"\nusername = "u"\npassword_env = "P"\npasword_env = "P"',
    )
    message = error_for(tmp_path, text)
    assert "mailbox[0].pasword_env: unknown key (did you mean password_env?)" in message


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (('high = "4h"', 'high = "soon"'), "sla.high: expected a duration like \"4h\", got 'soon'"),
        (('high = "4h"', "high = 4"), "sla.high: expected str, got int"),
        (('timezone = "Europe/Berlin"', 'timezone = "Mars/Base"'), "business_hours.timezone: unknown time zone"),
        (('monday = "09:00-17:00"', 'monday = "9 to 5"'), "business_hours.monday:"),
        (('email = "help@example.com"', 'email = "no-reply@example.com"'), "contact.default.email: "),
        (('source = "maildir"', 'source = "pop3"'), "mailbox[0].source: unknown source 'pop3'"),
        (('low = "3d"\n', ""), "sla.low: missing required key"),
    ],
)
def test_each_error_names_the_key(tmp_path: Path, change: tuple[str, str], expected: str) -> None:
    assert expected in error_for(tmp_path, MINIMAL.replace(*change))


def test_security_none_refused_for_remote_host_but_allowed_on_loopback(tmp_path: Path) -> None:
    imap = 'source = "imap"\nhost = "{host}"\nusername = "u"\npassword_env = "P"\nsecurity = "none"'
    remote = MINIMAL.replace('source = "maildir"\npath = "inbox"', imap.format(host="mail.example.com"))
    assert "mailbox[0].security:" in error_for(tmp_path, remote)
    local = MINIMAL.replace('source = "maildir"\npath = "inbox"', imap.format(host="127.0.0.1"))
    assert load_config(write(tmp_path, local)).mailboxes[0].port == 143


def test_exactly_one_password_source(tmp_path: Path) -> None:
    both = 'source = "imap"\nhost = "h"\nusername = "u"\npassword_env = "P"\npassword_command = "pass x"'
    message = error_for(tmp_path, MINIMAL.replace('source = "maildir"\npath = "inbox"', both))
    assert "exactly one of password_env" in message
    plain = 'source = "imap"\nhost = "h"\nusername = "u"\npassword = "hunter2"'
    message = error_for(tmp_path, MINIMAL.replace('source = "maildir"\npath = "inbox"', plain))
    assert "hunter2" not in message


def test_missing_file_and_bad_toml(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="file not found"):
        load_config(tmp_path / "nope.toml")
    assert "not valid TOML" in error_for(tmp_path, "[state\n")


def test_config_path_precedence(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MAILTRIAGE_CONFIG", raising=False)
    assert config_path(None) == Path("config/mailtriage.toml")
    monkeypatch.setenv("MAILTRIAGE_CONFIG", "/etc/mt.toml")
    assert config_path(None) == Path("/etc/mt.toml")
    assert config_path("x.toml") == Path("x.toml")


def test_rules_are_optional_unless_named(tmp_path: Path) -> None:
    assert load_config(write(tmp_path, MINIMAL)).rules_path is None
    named = MINIMAL + '\n[classifier]\nrules = "my-rules.toml"\n'
    assert load_config(write(tmp_path, named)).rules_path == tmp_path / "my-rules.toml"


# --- [playbooks] ---------------------------------------------------------------------------------------------


def test_playbooks_default_folder_under_root_and_no_override(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, MINIMAL))
    assert config.playbooks_dir == tmp_path / "config" / "playbooks"  # need not exist: no playbooks then
    assert config.playbooks_min_confidence is None
    assert load_config(SHIPPED).playbooks_dir == SHIPPED.parent.parent / "config" / "playbooks"


def test_playbooks_path_and_min_confidence(tmp_path: Path) -> None:
    (tmp_path / "intents").mkdir()
    config = load_config(write(tmp_path, MINIMAL + '\n[playbooks]\npath = "intents"\nmin_confidence = 0.85\n'))
    assert config.playbooks_dir == tmp_path / "intents"
    assert config.playbooks_min_confidence == 0.85


def test_playbooks_errors_name_file_key_and_fix(tmp_path: Path) -> None:
    file = tmp_path / "mailtriage.toml"
    message = error_for(tmp_path, MINIMAL + '\n[playbooks]\npath = "missing"\n')
    assert message == (
        f"{file}: playbooks.path: no such folder: {tmp_path / 'missing'} "
        "(create it, or remove the key to run without playbooks)"
    )
    message = error_for(tmp_path, MINIMAL + "\n[playbooks]\nmin_confidence = 1.5\n")
    assert message.startswith(f"{file}: playbooks.min_confidence: expected a number in (0, 1], got 1.5")
    message = error_for(tmp_path, MINIMAL + '\n[playbooks]\nmin_confidence = "high"\n')
    assert "playbooks.min_confidence: expected int or float, got str" in message
    message = error_for(tmp_path, MINIMAL + "\n[playbooks]\nmin_confidance = 0.9\n")
    assert message == f"{file}: playbooks.min_confidance: unknown key (did you mean min_confidence?)"


# -- [state]: SQLite path (the default) or PostgreSQL url ----------------------------------------------

PG_URL = "postgresql://mailtriage@db.example.com:5432/mailtriage"


def test_state_defaults_to_sqlite_and_url_selects_postgresql(tmp_path: Path) -> None:
    sqlite = load_config(write(tmp_path, MINIMAL)).state
    assert (sqlite.kind, sqlite.url, sqlite.password, sqlite.sslmode) == ("sqlite", "", None, "")
    assert sqlite.describe() == str(tmp_path / "var" / "mailtriage.sqlite3")
    (tmp_path / "ca.pem").write_text("-----BEGIN CERTIFICATE-----\n")
    text = f'[state]\nurl = "{PG_URL}"\npassword_file = "db.password"\nsslrootcert = "ca.pem"\n' + MINIMAL
    state = load_config(write(tmp_path, text)).state
    assert (state.kind, state.url, state.sslmode) == ("postgresql", PG_URL, "verify-full")  # verified TLS by default
    assert state.password == Secret(file=str(tmp_path / "db.password")) and state.sslrootcert == tmp_path / "ca.pem"
    assert state.describe() == f"{PG_URL} (sslmode=verify-full)"
    local = '[state]\nurl = "postgresql://mt@127.0.0.1:5433/mt"\npassword_command = "pass show db"\n' + MINIMAL
    assert load_config(write(tmp_path, local)).state.sslmode == "prefer"  # loopback: TLS if the server has it
    socket = '[state]\nurl = "postgresql:///mt?host=/run/postgresql"\npassword_env = "DB"\nsslmode = "disable"\n'
    assert load_config(write(tmp_path, socket + MINIMAL)).state.sslmode == "disable"  # a Unix socket


@pytest.mark.parametrize(
    ("state", "key", "words"),
    [
        (f'path = "s.db"\nurl = "{PG_URL}"\npassword_env = "DB"', "state.path", "keep one: remove path"),
        (f'url = "{PG_URL}"', "state.password_env", "set exactly one of password_env, password_file"),
        (f'url = "{PG_URL}"\npassword_env = "DB"\npassword_file = "f"', "state.password_env", "(found env, file)"),
        ('url = "postgresql://mt:hunter2@db.example.com/mt"\npassword_env = "DB"', "state.url", "passwords never go"),
        (f'url = "{PG_URL}?password=hunter2"\npassword_env = "DB"', "state.url", "passwords never go"),
        (f'url = "{PG_URL}"\npassword = "hunter2"', "state.password", "passwords never go in the config file"),
        (f'url = "{PG_URL}?sslmode=disable"\npassword_env = "DB"', "state.url", "use the sslmode key"),
        (f'url = "{PG_URL}"\npassword_env = "DB"\nsslmode = "disable"', "state.sslmode", "may send the state unenc"),
        (f'url = "{PG_URL}"\npassword_env = "DB"\nsslmode = "prefer"', "state.sslmode", "only allowed for a loopback"),
        (f'url = "{PG_URL}"\npassword_env = "DB"\nsslmode = "strict"', "state.sslmode", "unknown value 'strict'"),
        (f'url = "{PG_URL}"\npassword_env = "DB"\nsslrootcert = "no.pem"', "state.sslrootcert", "no such file"),
        ('url = "mysql://mt@db/mt"\npassword_env = "DB"', "state.url", "not a PostgreSQL URL"),
        ('url = "postgresql://mt@db.example.com"\npassword_env = "DB"', "state.url", "no database named"),
        ('password_env = "DB"', "state.password_env", "only used with url"),
        (f'url = "{PG_URL}"\npassword_env = "DB"\npool = 3', "state.pool", "unknown key"),
    ],
)
def test_state_errors_name_the_file_the_key_and_the_fix(tmp_path: Path, state: str, key: str, words: str) -> None:
    message = error_for(tmp_path, f"[state]\n{state}\n" + MINIMAL)
    assert message.startswith(f"{tmp_path / 'mailtriage.toml'}: {key}: ") and words in message
    assert "hunter2" not in message
