"""A private Dovecot for the test suite: Debian's ``dovecot-imapd``, its own config, ports and certificate.

One ``Dovecot`` serves a whole pytest session; each test gets a fresh user from ``add_user``. Nothing of
the system's Dovecot is used: the config, sockets (``base_dir``), log, TLS certificate and mail live in
one folder under ``/dev/shm`` (tmpfs, or ``/tmp``), created with mode 0755 because Dovecot's mail
processes run as the userdb uid (``nobody`` when the tests run as root) and must traverse every parent.

Facts about Dovecot 2.3.19 this relies on:

- a passwd-file is re-read at most once a second, so every user gets a passwd file of its own
  (``args = .../passwd/%u``): a user added a moment ago can log in at once;
- ``auth_failure_delay = 0`` still answers a failed login on the next 0.5 s tick, and the anvil auth
  penalty (up to 15 s per IP after repeated failures) is off only without its socket
  (``unix_listener anvil-auth-penalty { mode = 0 }``);
- IDLE reports a new message about 0.5 s after it is stored.

``deliver`` stores a message with IMAP APPEND as the user over the plaintext port (the INTERNALDATE and
flags can be chosen; no LDA or root needed). ``kick``, ``set_uidvalidity`` and ``doveadm`` run ``doveadm``
against this instance's config.

XOAUTH2 / OAUTHBEARER are checked by Dovecot's ``oauth2`` passdb against a token introspection endpoint
this module serves on 127.0.0.1 (``add_token``): tokens are accepted only for the user they were made for.
"""

from __future__ import annotations

import atexit
import contextlib
import getpass
import grp
import http.server
import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from imapclient import IMAPClient
from processes import die_with_parent, free_ports

START_TIMEOUT = 10.0  # seconds; a healthy start takes ~0.1 s


class DovecotError(RuntimeError):
    """The test Dovecot could not be installed, configured or started; the message ends with its log."""


@dataclass(frozen=True, slots=True)
class MailUser:
    """A mailbox on the test server and how to reach it."""

    name: str
    password: str
    host: str
    imap_port: int  # plaintext (and STARTTLS)
    imaps_port: int  # implicit TLS
    ca_file: Path  # the CA that signed the server certificate (SAN: localhost, 127.0.0.1)

    def __repr__(self) -> str:  # keep the password out of pytest's assertion output
        return f"MailUser(name={self.name!r}, imap_port={self.imap_port}, imaps_port={self.imaps_port})"


@dataclass(frozen=True, slots=True)
class StoredMessage:
    """One message as the server holds it (read with BODY.PEEK[], so reading changes nothing)."""

    uid: int
    flags: tuple[str, ...]
    data: bytes
    internaldate: datetime


def dovecot_binary() -> str | None:
    """Path of the ``dovecot`` master binary, or None when Dovecot is not installed."""
    return shutil.which("dovecot") or next(
        (p for p in ("/usr/sbin/dovecot", "/usr/local/sbin/dovecot") if os.access(p, os.X_OK)), None
    )


def _alive(pid: int) -> bool:
    """True while process ``pid`` runs (a zombie no longer counts)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def _children(pid: int, named: str = "") -> list[int]:
    """Ids of the processes whose parent is ``pid`` (and whose title ends with ``/named``): Linux /proc."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            title = (stat.parent / "cmdline").read_bytes().split(b"\0", 1)[0].decode(errors="replace")
        except (OSError, IndexError, ValueError):
            continue
        if parent == pid and (not named or title.endswith(f"/{named}")):
            found.append(int(stat.parent.name))
    return found


def _make_certificates(folder: Path) -> tuple[Path, Path, Path]:
    """A throwaway CA and a server certificate it signed for localhost / 127.0.0.1: (ca, cert, key)."""
    ca_key, ca_cert = folder / "ca.key", folder / "ca.pem"
    key, csr, cert = folder / "server.key", folder / "server.csr", folder / "server.pem"
    ext = folder / "server.ext"
    ext.write_text(
        "basicConstraints = critical, CA:FALSE\n"
        "keyUsage = critical, digitalSignature, keyEncipherment\n"
        "extendedKeyUsage = serverAuth\n"
        "subjectAltName = DNS:localhost, IP:127.0.0.1\n"
        "subjectKeyIdentifier = hash\n"
        "authorityKeyIdentifier = keyid\n"
    )
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2"]
    ca_ext = [
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign",
    ]
    out = ["-out", cert, "-extfile", ext]
    for args in (
        ["req", "-x509", *ec, "-keyout", ca_key, "-out", ca_cert, "-subj", "/CN=mailtriage test CA", *ca_ext],
        ["req", *ec, "-keyout", key, "-out", csr, "-subj", "/CN=localhost"],
        ["x509", "-req", "-in", csr, "-CA", ca_cert, "-CAkey", ca_key, "-CAcreateserial", "-days", "2", *out],
    ):
        done = subprocess.run(["openssl", *map(str, args)], capture_output=True, text=True, check=False)
        if done.returncode:
            raise DovecotError(f"openssl {args[0]} failed: {done.stderr.strip()}")
    return ca_cert, cert, key


class _TokenEndpoint(http.server.ThreadingHTTPServer):
    """OAuth2 token introspection (RFC 7662 style) for Dovecot's oauth2 passdb: POST token=... -> JSON."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _TokenHandler)
        self.tokens: dict[str, str] = {}  # token -> user
        self.seen: list[str] = []  # tokens asked about, in order (to prove what the client sent)


class _TokenHandler(http.server.BaseHTTPRequestHandler):
    server: _TokenEndpoint

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        form = urllib.parse.parse_qs(self.rfile.read(length).decode())
        token = (form.get("token") or [""])[0]
        self.server.seen.append(token)
        user = self.server.tokens.get(token)
        body = json.dumps({"active": True, "username": user} if user else {"active": False}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass


class Dovecot:
    """A Dovecot instance on 127.0.0.1 with random free ports. Use as a context manager or start()/stop()."""

    host = "127.0.0.1"

    def __init__(self, root: Path | None = None, *, quota: bool = False, special_folders: bool = True) -> None:
        """``quota``: load Dovecot's quota plugin (limits per user: ``add_user(quota=...)``).
        ``special_folders=False``: no SPECIAL-USE folders (Drafts, Sent ...) are created for users.
        """
        self.quota, self.special_folders = quota, special_folders
        parent = Path("/dev/shm") if os.access("/dev/shm", os.W_OK) else Path(tempfile.gettempdir())
        self.root = root or Path(tempfile.mkdtemp(prefix="mailtriage-dovecot-", dir=parent))
        self.root.mkdir(parents=True, exist_ok=True)
        self.root.chmod(0o755)  # mkdtemp makes 0700: the mail processes (nobody) must traverse it
        self._owns_root = root is None
        self.config_path = self.root / "dovecot.conf"
        self.log_path = self.root / "dovecot.log"
        self.mail_root = self.root / "mail"
        self.passwd_dir = self.root / "passwd"
        self.ca_file = self.root / "ca.pem"
        self.imap_port = self.imaps_port = 0
        self._proc: subprocess.Popen[bytes] | None = None
        self._tokens: _TokenEndpoint | None = None
        self._count = 0

    # -- lifecycle ---------------------------------------------------------------------------------

    def __enter__(self) -> Dovecot:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        """Write the config and start ``dovecot -F``; return once both ports accept connections.

        Raises DovecotError (with the log tail) when Dovecot is missing or does not come up.
        """
        binary = dovecot_binary()
        if binary is None:
            raise DovecotError("dovecot is not installed: run scripts/install-dovecot.sh")
        if shutil.which("openssl") is None:
            raise DovecotError("openssl is not installed (needed for the test certificate)")
        self._make_folders()
        self._tokens = _TokenEndpoint()
        threading.Thread(target=self._tokens.serve_forever, name="oauth2-introspection", daemon=True).start()
        atexit.register(self.stop)
        for attempt in range(3):  # a port we picked can be taken by someone else before Dovecot binds it
            self.imap_port, self.imaps_port = free_ports(2)
            self.config_path.write_text(self._config())
            self._proc = subprocess.Popen(
                [binary, "-F", "-c", str(self.config_path)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=open(self.root / "dovecot.stderr", "ab"),  # noqa: SIM115 - the child keeps it
                preexec_fn=die_with_parent(),  # only calls prctl(2) in the child
            )
            if self._wait_listening():
                return
            self._terminate()
            if attempt == 2 or "Address already in use" not in self.log_tail():
                break
        self.stop(remove=False)
        raise DovecotError(f"dovecot did not start within {START_TIMEOUT:.0f} s\n{self.log_tail()}")

    def restart(self, pause: float = 0.0) -> None:
        """Stop Dovecot (every session is cut) and start it again on the same ports after ``pause`` s.

        Raises DovecotError when it does not come back.
        """
        binary = dovecot_binary()
        assert binary is not None and self._proc is not None, "start() first"
        # As a crash or a power cut would: every process at once, every session cut. (A polite SIGTERM
        # can keep the master waiting seconds for its children, and a login process left behind would
        # keep the listening sockets: the ports would answer for a dead server.) The master is frozen
        # first so that it starts no process we would miss.
        os.kill(self._proc.pid, signal.SIGSTOP)
        processes = [*_children(self._proc.pid), self._proc.pid]
        for pid in processes:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        self._proc.wait(timeout=5)
        self._proc = None
        deadline = time.monotonic() + 5.0
        while any(_alive(pid) for pid in processes) and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(pause)
        self._proc = subprocess.Popen(
            [binary, "-F", "-c", str(self.config_path)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=open(self.root / "dovecot.stderr", "ab"),  # noqa: SIM115 - the child keeps it
            preexec_fn=die_with_parent(),
        )
        if not self._wait_listening() or self._proc.poll() is not None:
            raise DovecotError(f"dovecot did not come back after a restart\n{self.log_tail()}")

    def stop(self, *, remove: bool = True) -> None:
        """Stop Dovecot and the token endpoint; remove the instance folder if this object created it."""
        self._terminate()
        if self._tokens is not None:
            self._tokens.shutdown()
            self._tokens.server_close()
            self._tokens = None
        if remove and self._owns_root:
            shutil.rmtree(self.root, ignore_errors=True)

    def _terminate(self) -> None:
        if self._proc is None:
            return
        self._proc.terminate()  # master stops its children (shutdown_clients = yes)
        try:
            self._proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait(timeout=5)
        self._proc = None

    def _wait_listening(self) -> bool:
        deadline = time.monotonic() + START_TIMEOUT
        pending = [self.imap_port, self.imaps_port]
        while pending and time.monotonic() < deadline:
            if self._proc is None or self._proc.poll() is not None:
                return False
            try:
                socket.create_connection((self.host, pending[0]), timeout=1).close()
                pending.pop(0)
            except OSError:
                time.sleep(0.01)
        return not pending

    def log_tail(self, lines: int = 40) -> str:
        """The last lines of Dovecot's log and stderr (for failure messages)."""
        parts = []
        for path in (self.log_path, self.root / "dovecot.stderr"):
            if path.exists():
                parts += path.read_text(errors="replace").splitlines()[-lines:]
        return "\n".join(parts) or "(dovecot wrote no log)"

    # -- config ------------------------------------------------------------------------------------

    def _mail_owner(self) -> tuple[int, int, str, str]:
        """(uid, gid, user, group) that mail processes run as: nobody when root, else ourselves."""
        if os.geteuid() == 0:
            user = pwd.getpwnam("nobody")
            return user.pw_uid, user.pw_gid, "nobody", grp.getgrgid(user.pw_gid).gr_name
        return os.getuid(), os.getgid(), getpass.getuser(), grp.getgrgid(os.getgid()).gr_name

    def _make_folders(self) -> None:
        uid, gid, _, _ = self._mail_owner()
        for folder in (self.mail_root, self.passwd_dir, self.root / "run", self.root / "state"):
            folder.mkdir(mode=0o755, exist_ok=True)
        os.chown(self.mail_root, uid, gid)
        if not self.ca_file.exists():
            ca, cert, key = _make_certificates(self.root)
            if ca != self.ca_file:
                shutil.copy(ca, self.ca_file)
            # Dovecot reads the key as root (or as us); nobody else needs it
            os.chmod(key, 0o600)
            os.chmod(cert, 0o644)

    def _config(self) -> str:
        uid, gid, user, group = self._mail_owner()
        root = self.root
        assert self._tokens is not None
        token_port = self._tokens.server_address[1]
        (root / "oauth2.conf.ext").write_text(
            f"introspection_mode = post\n"
            f"introspection_url = http://127.0.0.1:{token_port}/introspect\n"
            "tokeninfo_url = \n"
            "username_attribute = username\n"
            "active_attribute = active\n"
            "active_value = true\n"
            "force_introspection = yes\n"
        )
        rootless = os.geteuid() != 0
        # Without root Dovecot can neither chroot nor switch users: everything runs as us.
        unprivileged = (
            f"default_internal_user = {user}\ndefault_internal_group = {group}\ndefault_login_user = {user}\n"
            + "".join(
                f"service {name} {{\n  chroot =\n}}\n"
                for name in ("imap-login", "anvil", "ipc", "old-stats", "aggregator", "director")
            )
            if rootless
            else ""
        )
        plugins = "quota" if self.quota else ""
        quota = "plugin {\n  quota = maildir:User quota\n}\n" if self.quota else ""
        specials = "".join(
            f"  mailbox {name} {{\n    special_use = \\{name}\n    auto = subscribe\n  }}\n"
            for name in ("Drafts", "Sent", "Trash", "Junk", "Archive")
            if self.special_folders
        )
        return f"""# written by tests/dovecot.py; the system config is not read
instance_name = mailtriage-test-{os.getpid()}
base_dir = {root}/run
state_dir = {root}/state
protocols = imap
listen = 127.0.0.1
log_path = {self.log_path}
info_log_path = {self.log_path}
debug_log_path = {self.log_path}
{unprivileged}
ssl = yes
ssl_cert = <{root}/server.pem
ssl_key = <{root}/server.key
ssl_min_protocol = TLSv1.2
disable_plaintext_auth = no
auth_mechanisms = plain login xoauth2 oauthbearer
auth_failure_delay = 0
auth_cache_size = 0
first_valid_uid = 1
first_valid_gid = 1
mail_location = maildir:{self.mail_root}/%u
mail_fsync = never
mail_plugins = {plugins}
{quota}imap_idle_notify_interval = 2 mins
passdb {{
  driver = passwd-file
  mechanisms = plain login
  args = scheme=PLAIN username_format=%u {self.passwd_dir}/%u
}}
passdb {{
  driver = oauth2
  mechanisms = xoauth2 oauthbearer
  args = {root}/oauth2.conf.ext
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={self.mail_root}/%u allow_all_users=yes
}}
namespace inbox {{
  inbox = yes
  separator = /
  prefix =
{specials}}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {self.imap_port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {self.imaps_port}
    ssl = yes
  }}
  process_min_avail = 1
}}
service imap {{
  process_limit = 200
}}
service anvil {{
  # no socket = no auth penalty: failed logins from 127.0.0.1 must not slow the next test down
  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
}}
"""

    # -- users and mail ----------------------------------------------------------------------------

    def add_user(self, name: str | None = None, password: str | None = None, *, quota: str = "") -> MailUser:
        """Create a user with an empty mailbox (folders appear at first login); return how to reach it.

        ``quota`` (with ``Dovecot(quota=True)``): the user's storage limit, e.g. ``"64k"``.
        """
        self._count += 1
        name = name or f"u{self._count}x{secrets.token_hex(3)}"
        password = password or secrets.token_urlsafe(12)
        path = self.passwd_dir / name
        extra = f"userdb_quota_rule=*:storage={quota}" if quota else ""
        path.write_text(f"{name}:{{PLAIN}}{password}::::::{extra}\n")
        path.chmod(0o644)
        return MailUser(name, password, self.host, self.imap_port, self.imaps_port, self.ca_file)

    def add_token(self, user: MailUser) -> str:
        """A fresh OAuth2 access token that the server accepts for ``user`` only (XOAUTH2, OAUTHBEARER)."""
        assert self._tokens is not None, "start() first"
        token = "ya29." + secrets.token_urlsafe(24)
        self._tokens.tokens[token] = user.name
        return token

    @property
    def tokens_seen(self) -> list[str]:
        """Every token Dovecot asked the introspection endpoint about, oldest first."""
        return list(self._tokens.seen) if self._tokens else []

    @contextlib.contextmanager
    def connect(self, user: MailUser) -> Iterator[IMAPClient]:
        """A logged-in imapclient connection as ``user`` over the plaintext port (for test set-up)."""
        client = IMAPClient(self.host, self.imap_port, ssl=False, timeout=10)
        client.normalise_times = False
        try:
            client.login(user.name, user.password)
            yield client
        finally:
            with contextlib.suppress(Exception):
                client.logout()

    def deliver(
        self,
        user: MailUser,
        data: bytes,
        *,
        folder: str = "INBOX",
        flags: Sequence[str] = (),
        when: datetime | None = None,
    ) -> int:
        """Store ``data`` in ``folder`` via IMAP APPEND as ``user``; return its UID (Dovecot has UIDPLUS).

        ``when`` sets the INTERNALDATE (default: now), e.g. to place a message outside a backlog window.
        """
        with self.connect(user) as client:
            reply = client.append(folder, data, flags=tuple(flags), msg_time=when)
        return int(reply.split(b"APPENDUID", 1)[1].split()[1].rstrip(b"]"))

    def messages(self, user: MailUser, folder: str = "INBOX") -> list[StoredMessage]:
        """Every message in ``folder`` with its flags, oldest UID first (read-only: EXAMINE + BODY.PEEK)."""
        with self.connect(user) as client:
            client.select_folder(folder, readonly=True)
            uids = client.search("ALL")
            fetched = client.fetch(uids, ["FLAGS", "BODY.PEEK[]", "INTERNALDATE"]) if uids else {}
        return [
            StoredMessage(
                uid,
                tuple(f.decode() for f in item[b"FLAGS"]),
                item[b"BODY[]"],
                item[b"INTERNALDATE"],
            )
            for uid, item in sorted(fetched.items())
        ]

    def folders(self, user: MailUser) -> dict[str, tuple[str, ...]]:
        """Folder name -> LIST attributes (special-use flags included)."""
        with self.connect(user) as client:
            return {name: tuple(f.decode() for f in attrs) for attrs, _, name in client.list_folders()}

    def mailbox_toml(
        self,
        user: MailUser,
        password_file: Path,
        *,
        name: str = "support",
        security: str = "tls",
        **extra: str | int | bool,
    ) -> str:
        """A ``[[mailbox]]`` table for ``user`` (TLS verified against the test CA by default); writes the
        password to ``password_file`` (mode 0600). ``extra`` adds keys, e.g. ``backlog_days=3``.
        """
        password_file.write_text(user.password + "\n")
        password_file.chmod(0o600)
        keys: dict[str, str | int | bool] = {
            "name": name,
            "address": f"{user.name}@example.test",
            "source": "imap",
            "host": user.host,
            "port": user.imaps_port if security == "tls" else user.imap_port,
            "security": security,
            "ca_file": str(user.ca_file),
            "username": user.name,
            "password_file": str(password_file),
            **extra,
        }
        lines = ["[[mailbox]]"]
        for key, value in keys.items():
            text = json.dumps(value) if isinstance(value, str) else str(value).lower()
            lines.append(f"{key} = {text}")
        return "\n".join(lines) + "\n"

    def doveadm(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        """Run ``doveadm -c CONFIG ARGS`` against this instance."""
        done = subprocess.run(
            ["doveadm", "-c", str(self.config_path), *args], capture_output=True, text=True, check=False
        )
        if check and done.returncode:
            raise DovecotError(f"doveadm {' '.join(args)} failed ({done.returncode}): {done.stderr.strip()}")
        return done

    def kick(self, user: MailUser | str) -> bool:
        """Disconnect every IMAP session of ``user`` (the server says BYE and closes the socket).

        False when the user had no session (doveadm exits 68 then).
        """
        name = user if isinstance(user, str) else user.name
        done = self.doveadm("kick", name, check=False)
        if done.returncode not in (0, 68):
            raise DovecotError(f"doveadm kick failed ({done.returncode}): {done.stderr.strip()}")
        # kick only signals the imap processes; wait until they are gone, so the caller's next
        # command really meets a closed connection (on a loaded machine it could still slip through)
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline:
            who = self.doveadm("who", name, check=False)
            if name not in who.stdout:
                break
            time.sleep(0.02)
        return done.returncode == 0

    def set_uidvalidity(self, user: MailUser, folder: str, value: int) -> None:
        """Give ``folder`` a new UIDVALIDITY, as a server restore or migration would."""
        self.doveadm("mailbox", "update", "-u", user.name, "--uid-validity", str(value), folder)

    def uidvalidity(self, user: MailUser, folder: str = "INBOX") -> int:
        with self.connect(user) as client:
            return int(client.folder_status(folder, [b"UIDVALIDITY"])[b"UIDVALIDITY"])


def ssl_context(ca_file: Path) -> ssl.SSLContext:
    """A verifying client context that trusts only the test CA."""
    return ssl.create_default_context(cafile=str(ca_file))


def sample_message(
    subject: str = "Invoice question",
    *,
    sender: str = "Customer <customer@example.com>",
    to: str = "support@example.test",
    message_id: str | None = None,
    body: str = "Hello, I was charged twice this month. Can you help?\n",
    headers: Sequence[tuple[str, str]] = (),
) -> bytes:
    """A small RFC 5322 customer message (CRLF line ends, as IMAP stores them)."""
    lines = [
        f"From: {sender}",
        f"To: {to}",
        f"Subject: {subject}",
        f"Message-ID: {message_id or f'<{secrets.token_hex(8)}@example.com>'}",
        "Date: Wed, 25 Nov 2026 09:00:00 +0000",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=utf-8",
        *(f"{name}: {value}" for name, value in headers),
        "",
        *body.splitlines(),
    ]
    return ("\r\n".join(lines) + "\r\n").encode()
