"""How mailtriage reaches the servers it connects to, as read from ``mailtriage.toml``: the password keys
(shared by ``[[mailbox]]`` and ``[state]``) and the ``[state]`` table (SQLite path or PostgreSQL URL).

Only where a password is kept is read here (a variable, a file, a command), never the password itself:
``pipeline.credentials`` reads it at each connect.
"""

from __future__ import annotations

import ipaddress
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from .errors import ConfigError
from .settings import Secret, StateSettings
from .toml_table import Table

DEFAULT_STATE_PATH = "var/mailtriage.sqlite3"
SSLMODES = ("disable", "allow", "prefer", "require", "verify-ca", "verify-full")
CLEARTEXT_SSLMODES = ("disable", "allow", "prefer")  # may fall back to no TLS at all
POSTGRES_KEYS = ("password_env", "password_file", "password_command", "sslmode", "sslrootcert", "lease_seconds")
LEASE_RANGE = (1, 3600)  # seconds: below 1 the heartbeats would be the workload; above, failover waits an hour
# Each of these has its own [state] key; a second place to set it would hide which one wins.
URL_PARAMS_REFUSED = {"password": "password_env", "passfile": "password_file", "sslmode": "sslmode",
                      "sslrootcert": "sslrootcert"}  # fmt: skip
URL_EXAMPLE = '"postgresql://mailtriage@db.example.com:5432/mailtriage"'


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def read_password(t: Table, resolve: Any, alternatives: tuple[str, ...] = ()) -> Secret | None:
    """Exactly one of ``password_env`` / ``password_file`` / ``password_command`` or of ``alternatives``
    (keys the caller reads itself, e.g. ``oauth2_token_command``): the Secret, None for an alternative.
    """
    if "password" in t.data:
        raise ConfigError(t.file, t.key("password"), "passwords never go in the config file",
                          "use password_env, password_file or password_command")  # fmt: skip
    sources = {k: t.get(f"password_{k}", str, "") for k in ("env", "file", "command")}
    chosen = [k for k, v in sources.items() if v] + [a for a in alternatives if t.data.get(a)]
    if len(chosen) != 1:
        names = ", ".join([f"password_{k}" for k in sources] + list(alternatives))
        raise ConfigError(
            t.file, t.key("password_env"),
            f"set exactly one of {names}" + (f" (found {', '.join(chosen)})" if chosen else ""),
            "passwords never go in this file: name an environment variable, a file or a command",
        )  # fmt: skip
    if not any(sources.values()):
        return None
    return Secret(
        env=sources["env"],
        file=str(resolve(sources["file"])) if sources["file"] else "",
        command=sources["command"],
    )


def read_state(t: Table, resolve: Any) -> StateSettings:
    """``[state]``: ``path`` (SQLite, the default) or ``url`` with its password and TLS keys (PostgreSQL)."""
    path_value = t.get("path", str, "", hint='the SQLite file, e.g. "var/mailtriage.sqlite3"')
    url = t.get("url", str, "", hint=f"a PostgreSQL URL such as {URL_EXAMPLE}")
    path = resolve(path_value or DEFAULT_STATE_PATH)
    if not url:
        for key in POSTGRES_KEYS:
            if key in t.data:
                raise ConfigError(t.file, t.key(key), "only used with url (a PostgreSQL state store)",
                                  f"remove it, or set url = {URL_EXAMPLE}")  # fmt: skip
        t.finish(known=("url",))
        return StateSettings(path=path)
    if path_value:
        raise ConfigError(
            t.file, t.key("path"), "set together with url: path is a SQLite file, url a PostgreSQL database",
            "keep one: remove path to keep the state in PostgreSQL, or url to keep it in SQLite",
        )  # fmt: skip
    hosts = _check_url(t, url)
    password = read_password(t, resolve)
    local = all(h.startswith("/") or is_loopback(h) for h in hosts)  # no host at all: libpq's Unix socket
    sslmode = t.get("sslmode", str, "prefer" if local else "verify-full", hint=" or ".join(SSLMODES))
    if sslmode not in SSLMODES:
        raise ConfigError(t.file, t.key("sslmode"), f"unknown value {sslmode!r}", "use " + ", ".join(SSLMODES))
    if sslmode in CLEARTEXT_SSLMODES and not local:
        # The state holds customers' mail excerpts: never let them cross a network unencrypted.
        raise ConfigError(
            t.file, t.key("sslmode"), f'"{sslmode}" may send the state unencrypted to {", ".join(hosts)}',
            'only allowed for a loopback host or a Unix socket; use "verify-full" (or "require")',
        )  # fmt: skip
    cert_value = t.get("sslrootcert", str, "", hint="the CA file that signed the server's certificate")
    sslrootcert = resolve(cert_value) if cert_value and cert_value != "system" else None
    if sslrootcert is not None and not sslrootcert.is_file():
        raise ConfigError(t.file, t.key("sslrootcert"), f"no such file: {sslrootcert}",
                          "name the CA certificate (PEM) that signed the server's certificate")  # fmt: skip
    lease = t.get("lease_seconds", (int, float), 60, hint="seconds a worker holds a mailbox unrenewed, e.g. 60")
    if not LEASE_RANGE[0] <= lease <= LEASE_RANGE[1]:
        low, high = LEASE_RANGE
        raise ConfigError(t.file, t.key("lease_seconds"), f"expected {low} to {high} seconds, got {lease}",
                          "60 is the default: a dead worker's mailboxes are taken over within that time")  # fmt: skip
    t.finish()
    return StateSettings(path=path, url=url, password=password, sslmode=sslmode, sslrootcert=sslrootcert,
                         lease_seconds=float(lease))  # fmt: skip


def _check_url(t: Table, url: str) -> list[str]:
    """Refuse what a state URL must not hold (a password, a second sslmode); return its hosts."""
    parts = urlsplit(url)
    if parts.scheme not in ("postgresql", "postgres") or parts.fragment:
        raise ConfigError(t.file, t.key("url"), f"not a PostgreSQL URL: {url!r}", f"write it like {URL_EXAMPLE}")
    userinfo, _, hostlist = parts.netloc.rpartition("@")
    query = parse_qs(parts.query, keep_blank_values=True)
    if ":" in userinfo or "password" in query:
        # the message must not repeat the URL: it holds the password
        raise ConfigError(t.file, t.key("url"), "passwords never go in the config file",
                          "remove it from the URL and use password_env, password_file or password_command")  # fmt: skip
    for param, key in URL_PARAMS_REFUSED.items():
        if param in query:
            raise ConfigError(t.file, t.key("url"), f"{param} is set in the URL",
                              f"remove it from the URL and use the {key} key of [state]")  # fmt: skip
    if not unquote(parts.path.lstrip("/")) and not query.get("dbname"):
        raise ConfigError(t.file, t.key("url"), "no database named", f"write it like {URL_EXAMPLE}")
    hosts = [_host(item) for item in hostlist.split(",") if item]
    for value in query.get("host", []):
        hosts += [h for h in value.split(",") if h]
    return hosts


def _host(item: str) -> str:
    """The host of one ``host[:port]`` item of a libpq URL (``[::1]:5432`` too)."""
    item = unquote(item)
    if item.startswith("["):
        return item[1 : item.find("]")]
    return item.rsplit(":", 1)[0] if item.count(":") == 1 else item
