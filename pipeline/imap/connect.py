"""Reaching an IMAP server: secrets, TLS, login, the one place imapclient errors are mapped, retries.

``pipeline.imap.ImapMailbox`` is the mailbox; this module gets it a logged-in ``IMAPClient``.
Secrets are resolved at each connect (an OAuth2 access token expires) by ``pipeline.credentials``, held
only in local variables, and never written to a log line, an exception message or a ``repr``.
"""

from __future__ import annotations

import imaplib
import ipaddress
import logging
import re
import socket
import ssl
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from imapclient import IMAPClient
from imapclient.exceptions import CapabilityError, LoginError
from tenacity import RetryCallState, Retrying, retry_if_exception, stop_after_attempt, wait_exponential

from ..credentials import resolve_secret
from ..errors import (
    AuthError,
    ConfigError,
    MailboxFullError,
    MailtriageError,
    OperationalError,
    SinkError,
    SourceError,
)
from ..settings import MailboxConfig, Secret

log = logging.getLogger(__name__)


class _NoMessageData(logging.Filter):
    """Drops imapclient's debug lines that quote a literal (the head and tail of every draft sent with
    MULTIAPPEND): message text has no place in a log, not even at -vv. Its other lines stay."""

    def filter(self, record: logging.LogRecord) -> bool:
        text, args = str(record.msg), record.args if isinstance(record.args, tuple) else ()
        literal = text == "> %s" and bool(args) and "}\\r\\n" in str(args[0])  # ' {123+}\r\nFrom: ...'
        return not (text.startswith("   (literal)") or literal)


# imapclient logs at DEBUG (commands, logins) and INFO ("Connection closed"), never message data
# except these literals. imaplib's own copy of each response is off (``debug = 0`` in ``connect``).
logging.getLogger("imapclient.imapclient").addFilter(_NoMessageData())

T = TypeVar("T")

RETRY_ATTEMPTS = 3  # connect, fetch, append
RETRY_WAIT_FIRST = 0.25  # seconds; doubles per attempt ...
RETRY_WAIT_MAX = 4.0  # ... up to this
SECURITIES = ("tls", "starttls", "none")


def config_error(config: MailboxConfig, key: str, problem: str, hint: str = "") -> ConfigError:
    """A ConfigError naming the ``[[mailbox]]`` entry (the loader knows the file; we know the entry)."""
    return ConfigError(f"[[mailbox]] {config.name}", key, problem, hint)


# -- errors ----------------------------------------------------------------------------------------


def _server_text(exc: BaseException) -> str:
    # imaplib/imapclient put the server's reply into the message, often as a bytes repr
    text = str(exc)
    text = re.sub(r"""\bb(['"])(.*?)\1""", r"\2", text)
    return text[:300]


@contextmanager
def imap_errors(account: str, action: str, *, host: str, error: type[OperationalError] = SourceError) -> Iterator[None]:
    """Map imapclient / imaplib / socket / ssl errors raised inside to ours, ``from`` the original.

    LoginError -> AuthError; an unverifiable certificate -> SourceError with a hint; everything else
    -> ``error`` (SourceError or SinkError). Every message names ``account=`` and the action.
    Our own errors pass through untouched.
    """
    where = f"account={account} host={host}"
    try:
        yield
    except MailtriageError:
        raise
    except LoginError as exc:
        raise AuthError(f"login refused {where}: {_server_text(exc)}") from exc
    except ssl.SSLCertVerificationError as exc:
        raise SourceError(
            f"TLS certificate of {host} could not be verified: {exc.verify_message or exc.reason}; "
            f"set ca_file or fix the server certificate ({where})"
        ) from exc
    except CapabilityError as exc:
        raise error(f"{action}: the server lacks a needed capability {where}: {_server_text(exc)}") from exc
    except imaplib.IMAP4.abort as exc:
        raise error(f"{action}: connection lost {where}: {_server_text(exc)}") from exc
    except imaplib.IMAP4.error as exc:
        text = _server_text(exc)
        if error is SinkError and "[OVERQUOTA]" in text.upper():  # RFC 5530 response code
            raise MailboxFullError(f"{action} failed {where}: {text}") from exc
        raise error(f"{action} failed {where}: {text}") from exc
    except TimeoutError as exc:  # socket.timeout is TimeoutError since 3.10
        raise error(f"{action}: timed out {where}") from exc
    except ssl.SSLError as exc:
        raise error(f"{action}: TLS error {where}: {exc.reason or exc}") from exc
    except OSError as exc:
        raise error(f"{action}: {exc.strerror or exc} {where}") from exc


def is_transient(exc: BaseException) -> bool:
    """True when retrying (on a new connection) may help: a dropped connection, a timeout, a refused port.

    Never for AuthError or ConfigError, a certificate that does not verify, a NO/BAD reply, or an
    unknown host name.
    """
    if isinstance(exc, AuthError | ConfigError):
        return False
    cause = exc.__cause__ if isinstance(exc, MailtriageError) else exc
    if cause is None or isinstance(cause, ssl.SSLCertVerificationError):
        return False
    if isinstance(cause, socket.gaierror):
        return cause.errno == socket.EAI_AGAIN
    return isinstance(cause, imaplib.IMAP4.abort | OSError | EOFError)


def retrying(account: str, op: str, attempts: int = RETRY_ATTEMPTS) -> Retrying:
    """A bounded tenacity policy for ``op``: transient errors only, exponential wait, each retry logged."""

    def before_sleep(state: RetryCallState) -> None:
        exc = state.outcome.exception() if state.outcome else None
        wait = state.next_action.sleep if state.next_action else 0.0
        log.warning(
            "imap.retry account=%s op=%s attempt=%d wait=%.2f error=%s",
            account,
            op,
            state.attempt_number,
            wait,
            exc,
        )

    return Retrying(
        stop=stop_after_attempt(attempts),
        wait=wait_exponential(multiplier=RETRY_WAIT_FIRST, min=RETRY_WAIT_FIRST, max=RETRY_WAIT_MAX),
        retry=retry_if_exception(is_transient),
        before_sleep=before_sleep,
        reraise=True,
    )


# -- connecting ------------------------------------------------------------------------------------


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and loopback addresses (127.0.0.0/8, ::1): no network in between."""
    if host.lower().rstrip(".") == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_connection_settings(config: MailboxConfig) -> None:
    """Raise ConfigError for settings no connection attempt can fix."""
    if not config.host:
        raise config_error(config, "host", "missing", 'set host = "imap.example.com"')
    if config.security not in SECURITIES:
        raise config_error(config, "security", f"expected one of {', '.join(SECURITIES)}, got {config.security!r}")
    if config.security == "none" and not is_loopback(config.host):
        raise config_error(
            config,
            "security",
            f'"none" sends the password unencrypted; allowed only for a loopback host, got {config.host!r}',
            'use "tls" (port 993) or "starttls" (port 143)',
        )
    if not config.username:
        raise config_error(config, "username", "missing")
    if not config.oauth2_token_command and config.password is None:
        raise config_error(
            config,
            "password_env",
            "no credentials",
            "set password_env, password_file, password_command or oauth2_token_command",
        )


def tls_context(config: MailboxConfig) -> ssl.SSLContext:
    """A verifying client context; with ``ca_file`` it trusts that CA bundle only, else the system's."""
    try:
        return ssl.create_default_context(cafile=str(config.ca_file) if config.ca_file else None)
    except (OSError, ssl.SSLError) as exc:
        problem = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise config_error(config, "ca_file", f"cannot load {config.ca_file}: {problem}") from None


def _keepalive(sock: socket.socket) -> None:
    # A connection dropped by a NAT or firewall sends no FIN; an idling client would wait forever.
    # TCP keepalive notices within about two minutes.
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
    for name, value in (("TCP_KEEPIDLE", 60), ("TCP_KEEPINTVL", 20), ("TCP_KEEPCNT", 3)):
        if hasattr(socket, name):
            sock.setsockopt(socket.IPPROTO_TCP, getattr(socket, name), value)


def connect(config: MailboxConfig) -> IMAPClient:
    """A logged-in IMAPClient for ``config`` (one attempt; the caller retries).

    Raises ConfigError (settings), AuthError (credentials refused), SourceError (anything else).
    """
    check_connection_settings(config)
    context = tls_context(config) if config.security != "none" else None
    account, host = config.name, config.host
    with imap_errors(account, "connect", host=host):
        client = IMAPClient(
            host,
            config.port,
            ssl=config.security == "tls",
            ssl_context=context,
            timeout=config.timeout_seconds,
        )
    try:
        # imapclient sets imaplib's debug level to 5, which makes imaplib copy every response
        # (bodies included) into a log string: 1.8x slower fetches, and secrets would be logged.
        client._imap.debug = 0
        client.normalise_times = False  # keep INTERNALDATE timezone-aware
        with imap_errors(account, "connect", host=host):
            if config.security == "starttls":
                client.starttls(context)
            _keepalive(client.socket())
            if config.oauth2_token_command:
                token = resolve_secret(
                    Secret(command=config.oauth2_token_command), what=f"mailbox {account} oauth2 token"
                )
                client.oauth2_login(config.username, token)
            else:
                assert config.password is not None  # check_connection_settings
                password = resolve_secret(config.password, what=f"mailbox {account} password")
                client.login(config.username, password)
    except BaseException:
        shutdown(client)
        raise
    return client


def shutdown(client: IMAPClient | None) -> None:
    """Close ``client``'s socket without a word to the server (it may be gone already)."""
    if client is None:
        return
    try:
        client.shutdown()
    except Exception as exc:  # a dead socket may fail to close; nothing to do about it
        log.debug("imap.shutdown_failed error=%s", type(exc).__name__)


def call_with_retry(retry: Retrying, fn: Callable[[], T]) -> T:
    """``fn()`` under ``retry`` ."""
    return retry(fn)
