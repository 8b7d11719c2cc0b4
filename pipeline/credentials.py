"""Reading a secret (a password or token) from where the config says: a variable, a file or a command.

Shared by the IMAP mailboxes and the PostgreSQL state store. Values are held only in local variables
and never written to a log line, an exception message or a ``repr``.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from .errors import ConfigError, SourceError
from .settings import Secret

COMMAND_TIMEOUT = 30.0  # seconds a password_command / oauth2_token_command may take


def resolve_secret(secret: Secret, *, what: str) -> str:
    """The value behind ``secret``: an environment variable, a file's text or a command's output.

    ``what`` names it in errors (e.g. ``"mailbox support password"``); errors name the source
    (variable, path, command) but never the value. Trailing line breaks are removed, other
    whitespace is kept. Raises ConfigError when the source is missing, unreadable or empty,
    SourceError when the command fails or times out (it may work next time, e.g. a token endpoint).
    """
    given = [kind for kind in ("env", "file", "command") if getattr(secret, kind)]
    if len(given) != 1:
        raise ConfigError(what, "", f"set exactly one of env, file, command (got {len(given)})")
    if secret.env:
        value = os.environ.get(secret.env, "")
        if not value:
            raise ConfigError(
                "environment",
                secret.env,
                f"{what}: variable is not set or empty",
                "export it before starting",
            )
    elif secret.file:
        try:
            value = Path(secret.file).expanduser().read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            problem = exc.strerror if isinstance(exc, OSError) and exc.strerror else type(exc).__name__
            raise ConfigError(secret.file, "", f"{what}: cannot read the file: {problem}") from None
    else:
        value = _run_secret_command(secret.command, what)
    value = value.rstrip("\r\n")
    if not value:
        source = f"${secret.env}" if secret.env else secret.file or f"command {secret.command!r}"
        raise ConfigError(what, "", f"{source} gave an empty value")
    return value


def _run_secret_command(command: str, what: str) -> str:
    # Through the shell, as mbsync's PassCmd and msmtp's passwordeval do: pipes like
    # `pass show x | head -1` must work. Output is the secret; only stderr may be shown.
    try:
        done = subprocess.run(
            ["/bin/sh", "-c", command],
            capture_output=True,
            text=True,
            timeout=COMMAND_TIMEOUT,
            stdin=subprocess.DEVNULL,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise SourceError(f"{what}: command {command!r} did not finish in {COMMAND_TIMEOUT:.0f} s") from None
    except OSError as exc:
        raise ConfigError(what, "", f"command {command!r} cannot be run: {exc.strerror}") from None
    if done.returncode == 127:
        raise ConfigError(what, "", f"command {command!r} not found: {_first_line(done.stderr)}")
    if done.returncode:
        raise SourceError(f"{what}: command {command!r} exited {done.returncode}: {_first_line(done.stderr)}")
    return done.stdout


def _first_line(text: str) -> str:
    lines = text.strip().splitlines()
    return lines[0][:200] if lines else "(no message)"
