"""Fault injection for the IMAP tests and ``benchmarks/crash_soak.py``: real sockets, no mocks.

- ``BlackHole``: a TCP server that accepts every connection and never says a word.
- ``Proxy``: forwards a TCP connection to the test Dovecot and, on demand, stalls (nothing moves
  either way, so every socket operation of the client times out), cuts the connection when the client
  sends or the server answers a given command, or serves TLS with a certificate of our choosing.
- The soak kit: a config file for a test user, a mix of customer and machine mail, bulk delivery and
  an ``audit`` of INBOX and Drafts (drafts per source, originals unchanged and unread).
"""

from __future__ import annotations

import contextlib
import json
import random
import secrets
import socket
import ssl
import subprocess
import threading
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path
from typing import Any, Self

from dovecot import Dovecot, MailUser

ROOT = Path(__file__).resolve().parents[1]
SOURCE_HEADER = "X-Mailtriage-Source"


# -- servers ---------------------------------------------------------------------------------------


class _Server:
    """A listening socket on 127.0.0.1 with an accept thread; subclasses handle each connection."""

    def __init__(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._listener.getsockname()[1]
        self.accepted = 0
        self._open: list[socket.socket] = []
        self._lock = threading.Lock()
        self._closed = threading.Event()
        threading.Thread(target=self._accept, name=type(self).__name__, daemon=True).start()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _accept(self) -> None:
        while not self._closed.is_set():
            try:
                conn, _ = self._listener.accept()
            except OSError:
                return
            with self._lock:
                self.accepted += 1
                self._open.append(conn)
            threading.Thread(target=self.handle, args=(conn,), daemon=True).start()

    def handle(self, conn: socket.socket) -> None:
        raise NotImplementedError

    def _track(self, sock: socket.socket) -> None:
        with self._lock:
            self._open.append(sock)

    def close(self) -> None:
        self._closed.set()
        self._listener.close()
        with self._lock:
            socks, self._open = self._open, []
        for sock in socks:
            _close(sock)


class BlackHole(_Server):
    """Accepts TCP connections and never answers: no greeting, no TLS handshake, nothing."""

    def handle(self, conn: socket.socket) -> None:
        # Read (and drop) whatever the client sends until it gives up, so it never sees a reset.
        with contextlib.suppress(OSError):
            while conn.recv(65536):
                pass


@dataclass
class Cut:
    """One-shot: when ``pattern`` passes in ``direction``, call ``action`` and close both sides.

    ``direction`` is "up" (client to server) or "down" (server to client). The chunk holding the
    pattern is dropped, so with "down" and b"APPENDUID" the server has stored the APPEND but the
    client never hears the OK.
    """

    pattern: bytes
    direction: str = "down"
    action: Callable[[], object] | None = None
    fired: threading.Event = field(default_factory=threading.Event)


class Proxy(_Server):
    """Forwards connections to ``target_port`` on 127.0.0.1, with faults switched on by the test.

    ``tls``: a server-side context, so the proxy terminates TLS with its own certificate and talks
    plaintext to the target (point it at Dovecot's plaintext port).
    """

    def __init__(self, target_port: int, *, tls: ssl.SSLContext | None = None) -> None:
        self.target_port = target_port
        self.tls = tls
        self.flowing = threading.Event()
        self.flowing.set()
        self.cuts: list[Cut] = []
        super().__init__()

    def stall(self) -> None:
        """From now on nothing is forwarded and new connections get no greeting (until ``resume``)."""
        self.flowing.clear()

    def resume(self) -> None:
        """Let data flow again. Connections from the stall are reset first: what they held is dropped,
        as a network that comes back after a long outage would (no late APPEND reaches the server)."""
        with self._lock:
            socks, self._open = self._open, []
        for sock in socks:
            _close(sock)
        self.flowing.set()

    def cut(self, pattern: bytes, direction: str = "down", action: Callable[[], object] | None = None) -> Cut:
        rule = Cut(pattern, direction, action)
        self.cuts.append(rule)
        return rule

    def handle(self, conn: socket.socket) -> None:
        client: socket.socket = conn
        try:
            if self.tls is not None:
                client = self.tls.wrap_socket(conn, server_side=True)
                self._track(client)
            upstream = socket.create_connection(("127.0.0.1", self.target_port), timeout=10)
            upstream.settimeout(None)
        except (OSError, ssl.SSLError):
            _close(conn)
            return
        self._track(upstream)
        pair = (client, upstream)
        threading.Thread(target=self._pump, args=(upstream, client, "down", pair), daemon=True).start()
        self._pump(client, upstream, "up", pair)

    def _pump(self, src: socket.socket, dst: socket.socket, direction: str, pair: tuple[socket.socket, ...]) -> None:
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                self.flowing.wait()
                if self._closed.is_set():
                    break
                rule = next(
                    (c for c in self.cuts if c.direction == direction and not c.fired.is_set() and c.pattern in data),
                    None,
                )
                if rule is not None:
                    rule.fired.set()
                    if rule.action is not None:
                        rule.action()
                    break
                dst.sendall(data)
        except OSError:
            pass
        for sock in pair:
            _close(sock)


def _close(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    with contextlib.suppress(OSError):
        sock.close()


def mismatched_certificate(dovecot: Dovecot, folder: Path, name: str = "mail.example.org") -> ssl.SSLContext:
    """A server context whose certificate the test CA signed for ``name`` only (not 127.0.0.1)."""
    key, csr, cert, ext = (folder / f"wrong.{s}" for s in ("key", "csr", "pem", "ext"))
    ext.write_text(f"basicConstraints = critical, CA:FALSE\nsubjectAltName = DNS:{name}\n")
    ca, ca_key = dovecot.root / "ca.pem", dovecot.root / "ca.key"
    for args in (
        ["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key, "-out", csr,
         "-subj", f"/CN={name}"],
        ["x509", "-req", "-in", csr, "-CA", ca, "-CAkey", ca_key, "-CAcreateserial", "-days", "2", "-out", cert,
         "-extfile", ext],
    ):  # fmt: skip
        subprocess.run(["openssl", *map(str, args)], capture_output=True, check=True)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    return context


# -- config ----------------------------------------------------------------------------------------


def write_config(
    folder: Path,
    mailbox_toml: str,
    *,
    state: Path | None = None,
    screen: dict[str, int] | None = None,
) -> Path:
    """A ``mailtriage.toml`` in ``folder``: the shipped config with ``mailbox_toml`` as its only mailbox.

    ``state`` defaults to ``folder/state.sqlite3``; ``screen`` overrides ``[screen]`` keys.
    """
    text = (ROOT / "config" / "mailtriage.toml").read_text()
    head, rest = text.split("\n[[mailbox]]\n", 1)
    tail = rest[rest.index("[business_hours]") :]
    head = head.replace('root = ".."', f"root = {json.dumps(str(ROOT))}")
    state_path = json.dumps(str(state or folder / "state.sqlite3"))
    head = head.replace('path = "var/mailtriage.sqlite3"', f"path = {state_path}")
    for key, value in (screen or {}).items():
        start = tail.index(f"\n{key} = ") + 1
        tail = tail[:start] + f"{key} = {value}" + tail[tail.index("\n", start) :]
    path = folder / "mailtriage.toml"
    path.write_text(head + "\n" + mailbox_toml + "\n" + tail)
    return path


def own_address(user: MailUser) -> str:
    """The inbox's own address in configs made by ``Dovecot.mailbox_toml``."""
    return f"{user.name}@example.test"


def imap_config(dovecot: Dovecot, user: MailUser, folder: Path, **extra: Any) -> Path:
    """A config for ``user`` on ``dovecot`` (TLS against the test CA, password from a 0600 file)."""
    return write_config(folder, dovecot.mailbox_toml(user, folder / "password", **extra))


# -- mail ------------------------------------------------------------------------------------------

_PROBLEMS = (
    ("Charged twice for my subscription", "I was charged twice this month for the same invoice. Please refund one."),
    ("Cannot log in since yesterday", "The login page says my password is wrong although I reset it twice."),
    ("Order has not arrived", "My order from last week still has not arrived and tracking shows nothing."),
    ("API returns error 500", "Since this morning every call to the orders API returns HTTP 500 for us."),
    ("Question about the enterprise plan", "We are 40 people and would like a quote for the enterprise plan."),
    ("Wrong size delivered, want to return", "I received shoes in size 44 instead of 42 and want to send them back."),
    ("Export to CSV is broken", "When I export my reports to CSV the file is empty. This worked last week."),
    ("Invoice address must be changed", "Our company moved; please change the invoice address for next month."),
)

MACHINE_KINDS = ("auto-reply", "bounce", "list", "own", "own-draft")


def customer_message(n: int, *, tag: str = "") -> bytes:
    """A message that must get a draft: a human customer with a unique address and Message-ID."""
    subject, body = _PROBLEMS[n % len(_PROBLEMS)]
    return _message(
        f"Customer {n} <customer{n}.{tag or secrets.token_hex(3)}@example.net>",
        f"{subject} (case {n})",
        f"Hello,\n\n{body}\nOur customer number is {10000 + n}.\n\nThanks,\nCustomer {n}\n",
    )


def machine_message(kind: str, n: int, *, own: str = "support@example.test") -> bytes:
    """A message that must get no draft: an auto-reply, a bounce, a list post, our own mail, our own draft."""
    sender, subject, body, headers = {
        "auto-reply": (f"Out of office <ooo{n}@example.net>", "Automatic reply: your request",
                       "I am out of the office until Monday.", [("Auto-Submitted", "auto-replied")]),
        "bounce": ("Mail Delivery System <MAILER-DAEMON@mx.example.net>", "Undelivered Mail Returned to Sender",
                   "This is the mail system. Your message could not be delivered.", [("Return-Path", "<>")]),
        "list": (f"Newsletter <news{n}@lists.example.net>", f"Weekly digest {n}", "Ten tips for your account.",
                 [("List-Id", "<digest.lists.example.net>"), ("List-Unsubscribe", "<mailto:u@example.net>")]),
        "own": (f"Support <{own}>", f"Re: your ticket {n}", "We are on it.", []),
        "own-draft": (f"Someone <fwd{n}@example.net>", f"Fwd: Re: ticket {n}", "Forwarded draft.",
                      [("X-Mailtriage-Type", "billing"), ("X-Mailtriage-Source", f"support/INBOX/1/{n}")]),
    }[kind]  # fmt: skip
    return _message(sender, subject, body + "\n", headers)


def _message(sender: str, subject: str, body: str, headers: Sequence[tuple[str, str]] = ()) -> bytes:
    lines = [
        f"From: {sender}",
        "To: support@example.test",
        f"Subject: {subject}",
        f"Message-ID: <{secrets.token_hex(10)}@example.net>",
        f"Date: {format_datetime(datetime.now(UTC))}",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=utf-8",
        *(f"{k}: {v}" for k, v in headers),
        "",
        *body.splitlines(),
    ]
    return ("\r\n".join(lines) + "\r\n").encode()


def mixed_mail(
    count: int, rng: random.Random, *, own: str, start: int = 0, machine_share: float = 0.3
) -> list[tuple[bytes, bool]]:
    """``count`` messages, about ``machine_share`` of them machine mail: (bytes, draftable).

    ``own`` is the inbox's own address (the "own" kind is sent from it).
    """
    out = []
    for n in range(start, start + count):
        if rng.random() < machine_share:
            out.append((machine_message(rng.choice(MACHINE_KINDS), n, own=own), False))
        else:
            out.append((customer_message(n), True))
    return out


def deliver_many(dovecot: Dovecot, user: MailUser, messages: Sequence[bytes]) -> list[int]:
    """APPEND every message to INBOX over one connection; their UIDs in order."""
    uids = []
    with dovecot.connect(user) as client:
        for data in messages:
            reply = client.append("INBOX", data)
            uids.append(int(reply.split(b"APPENDUID", 1)[1].split()[1].rstrip(b"]")))
    return uids


# -- audit -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Audit:
    """What INBOX and Drafts hold against what was delivered."""

    messages: int
    draftable: int
    drafts: int
    duplicates: int  # drafts beyond the first for one source
    misses: tuple[int, ...]  # draftable UIDs without a draft
    unexpected: tuple[str, ...]  # drafts whose source is not a draftable message
    seen: tuple[int, ...]  # originals marked \Seen
    changed: tuple[int, ...]  # originals missing, moved or with other bytes

    @property
    def ok(self) -> bool:
        return not (self.duplicates or self.misses or self.unexpected or self.seen or self.changed)


def draft_sources(dovecot: Dovecot, user: MailUser, folder: str = "Drafts") -> Counter[str]:
    """How many drafts carry each ``X-Mailtriage-Source`` value."""
    with dovecot.connect(user) as client:
        if not client.folder_exists(folder):
            return Counter()
        client.select_folder(folder, readonly=True)
        uids = client.search("ALL")
        items = client.fetch(uids, [f"BODY.PEEK[HEADER.FIELDS ({SOURCE_HEADER})]"]) if uids else {}
    found: Counter[str] = Counter()
    for item in items.values():
        raw = next(bytes(v) for k, v in item.items() if k.startswith(b"BODY[HEADER"))
        value = raw.decode("ascii", "replace").partition(":")[2].strip()
        found[value or "(none)"] += 1
    return found


def audit(dovecot: Dovecot, user: MailUser, delivered: dict[int, tuple[bytes, bool]]) -> Audit:
    """Compare INBOX and Drafts with ``delivered`` (UID -> (bytes, draftable))."""
    uidvalidity = dovecot.uidvalidity(user)
    stored = {m.uid: m for m in dovecot.messages(user)}
    sources = draft_sources(dovecot, user)
    key = f"support/INBOX/{uidvalidity}/%d"
    draftable = {uid for uid, (_, want) in delivered.items() if want}
    wanted = {key % uid for uid in draftable}
    return Audit(
        messages=len(delivered),
        draftable=len(draftable),
        drafts=sum(sources.values()),
        duplicates=sum(n - 1 for n in sources.values() if n > 1),
        misses=tuple(sorted(uid for uid in draftable if sources[key % uid] == 0)),
        unexpected=tuple(sorted(s for s in sources if s not in wanted)),
        seen=tuple(sorted(uid for uid, m in stored.items() if "\\Seen" in m.flags)),
        changed=tuple(
            sorted(uid for uid, (data, _) in delivered.items() if uid not in stored or stored[uid].data != data)
        )
        + tuple(sorted(uid for uid in stored if uid not in delivered)),
    )


@contextlib.contextmanager
def private_dovecot(**options: object) -> Iterator[Dovecot]:
    """A Dovecot of its own (for tests that restart it or change its config), stopped afterwards."""
    server = Dovecot(**options)  # type: ignore[arg-type]
    server.start()
    try:
        yield server
    finally:
        server.stop()
