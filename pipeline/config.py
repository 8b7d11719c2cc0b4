"""Load and validate ``mailtriage.toml``: every error names the file, the key path and a fix.

Relative paths inside the file resolve against ``root``; ``root`` itself, when relative, resolves
against the folder that holds the config file (default: that folder). The shipped
``config/mailtriage.toml`` sets ``root = ".."``, so its paths are relative to the project root
wherever mailtriage is started from.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from .config_access import is_loopback, read_password, read_state
from .config_calendar import read_calendars
from .errors import ConfigError
from .mailbox_dir import Found, check_unique, read_folder
from .message import Contact
from .plan.timeframe import BacklogPolicy, BusinessCalendar, BusinessDuration, parse_duration
from .settings import MailboxConfig, StateSettings
from .toml_table import Table

DEFAULT_CONFIG = Path("config/mailtriage.toml")
URGENCIES = ("high", "normal", "low")


@dataclass(frozen=True, slots=True)
class SlaPolicy:
    """First-response targets per urgency, optionally per type (``[sla.type.<name>]``)."""

    first_response: dict[str, BusinessDuration]
    per_type: dict[str, dict[str, BusinessDuration]] = field(default_factory=dict)
    backlog: BacklogPolicy = field(default_factory=BacklogPolicy)
    resolution: dict[str, BusinessDuration] = field(default_factory=dict)  # targets, stated, never promised
    resolution_per_type: dict[str, dict[str, BusinessDuration]] = field(default_factory=dict)

    def target(self, type_: str, urgency: str) -> BusinessDuration:
        return self.per_type.get(type_, {}).get(urgency) or self.first_response[urgency]

    def resolution_target(self, type_: str, urgency: str) -> BusinessDuration | None:
        return self.resolution_per_type.get(type_, {}).get(urgency) or self.resolution.get(urgency)


@dataclass(frozen=True, slots=True)
class ScreenPolicy:
    noreply_patterns: tuple[str, ...]
    max_age_days: int  # older messages are left for a human (0 = no limit)
    max_message_bytes: int
    max_drafts_per_sender_per_hour: int  # 0 = no limit; stops a loop with a misbehaving robot


@dataclass(frozen=True, slots=True)
class Config:
    """The whole validated configuration."""

    file: Path
    root: Path
    state: StateSettings
    mailboxes: tuple[MailboxConfig, ...]
    calendar: BusinessCalendar
    type_calendars: dict[str, BusinessCalendar]  # [business_hours.type.<type>]: a type's own week
    sla: SlaPolicy
    contacts: dict[str, Contact]
    templates_dir: Path
    default_language: str
    team_languages: tuple[str, ...]
    model_dir: Path | None
    rules_path: Path | None
    vip_domains: tuple[str, ...]
    screen: ScreenPolicy
    playbooks_dir: Path | None = None  # [playbooks] path; a missing default folder means no playbooks
    playbooks_min_confidence: float | None = None  # overrides the intent model's own threshold
    mailboxes_dir: Path | None = None  # more [[mailbox]] files, watched by running workers (mailbox_dir)
    promise_due_share: float = 0.75  # [feedback]: how far from promise to deadline a follow-up is drafted

    @property
    def state_path(self) -> Path:
        """The SQLite file (``[state] path``); unused when ``[state] url`` names a PostgreSQL database."""
        return self.state.path

    def calendar_for(self, type_: str) -> BusinessCalendar:
        """The calendar a reply of this type counts its promised times in."""
        return self.type_calendars.get(type_, self.calendar)

    def contact_for(self, type_: str) -> Contact:
        return self.contacts.get(type_) or self.contacts["default"]

    @property
    def own_domains(self) -> frozenset[str]:
        """The domains of our own addresses (mailboxes, aliases, contact lines): a quoted mail from one is ours."""
        addresses = [a for m in self.mailboxes for a in (m.address, *m.aliases)] + [
            c.email for c in self.contacts.values()
        ]
        return frozenset(a.rpartition("@")[2].lower() for a in addresses if "@" in a)


def config_path(cli_value: str | None) -> Path:
    """``--config``, else ``$MAILTRIAGE_CONFIG``, else ``config/mailtriage.toml``."""
    return Path(cli_value or os.environ.get("MAILTRIAGE_CONFIG") or DEFAULT_CONFIG)


def load_config(path: Path) -> Config:
    """Read and validate ``path``; raise ``ConfigError`` naming the file, key and fix."""
    file = str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(file, "", "file not found", "pass --config PATH or set MAILTRIAGE_CONFIG") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(file, "", f"cannot read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(file, "", f"not valid TOML: {exc}") from None

    top = Table(file, "", data)
    root_value = top.get("root", str, ".")
    root = (path.parent / root_value).resolve()

    def resolve(value: str) -> Path:
        return (root / os.path.expanduser(value)).resolve()

    state = read_state(top.table("state"), resolve)

    # relative to the config file, like root: the folder travels with the file that names it
    folder_value = top.get("mailboxes_dir", str, "", hint='a folder of [[mailbox]] files, e.g. "mailboxes.d"')
    mailboxes_dir = (path.parent / os.path.expanduser(folder_value)).resolve() if folder_value else None
    if "mailbox" not in data and mailboxes_dir is None:
        raise ConfigError(file, "mailbox", "missing: at least one [[mailbox]] table is required",
                          'add one, or name a folder of them with mailboxes_dir = "mailboxes.d"')  # fmt: skip
    top.used.add("mailbox")
    raw_boxes = data.get("mailbox", [])
    if not isinstance(raw_boxes, list) or (not raw_boxes and mailboxes_dir is None):
        raise ConfigError(file, "mailbox", "expected one or more [[mailbox]] tables")
    found: list[Found] = [
        (file, f"mailbox[{i}]", _mailbox(Table(file, f"mailbox[{i}]", t), resolve)) for i, t in enumerate(raw_boxes)
    ]
    if mailboxes_dir is not None:
        found += read_folder(file, "mailboxes_dir", mailboxes_dir, lambda t: _mailbox(t, resolve))
        if not found:
            raise ConfigError(file, "mailboxes_dir", f"no [[mailbox]] in {mailboxes_dir} nor in this file",
                              "add a *.toml file with a [[mailbox]] table to the folder")  # fmt: skip
    check_unique(found)
    _check_lease(state, found)
    mailboxes = tuple(box for _, _, box in found)

    calendar, type_calendars = read_calendars(top.table("business_hours", required=True))
    sla = _sla(top.table("sla", required=True))
    contacts = _contacts(top.table("contact", required=True))

    templates = top.table("templates")
    templates_dir = resolve(templates.get("path", str, "templates"))
    default_language = templates.get("default_language", str, "en")
    team_languages = tuple(templates.get("team_languages", list, ["en", "de"]))
    templates.finish()

    classifier = top.table("classifier")
    model_value = classifier.get("model", str, "")
    rules_value = classifier.get("rules", str, "")
    # Unset: the project's config/rules.toml when there is one, else no admin rules. Set: must exist.
    rules_file = resolve(rules_value or "config/rules.toml")
    rules_path = rules_file if rules_value or rules_file.is_file() else None
    vip_domains = tuple(d.lower() for d in classifier.get("vip_domains", list, []))
    classifier.finish()

    screen = top.table("screen")
    policy = ScreenPolicy(
        noreply_patterns=tuple(
            screen.get(
                "noreply_patterns",
                list,
                ["no-reply", "noreply", "do-not-reply", "donotreply", "mailer-daemon", "postmaster"],
            )
        ),
        max_age_days=screen.get("max_age_days", int, 14),
        max_message_bytes=screen.get("max_message_bytes", int, 25 * 1024 * 1024),
        max_drafts_per_sender_per_hour=screen.get("max_drafts_per_sender_per_hour", int, 5),
    )
    screen.finish()
    playbooks_dir, min_confidence = _playbooks(top.table("playbooks"), resolve)
    promise_due_share = _promise_due_share(top.table("feedback"))
    top.finish()

    return Config(
        file=path,
        root=root,
        state=state,
        mailboxes=mailboxes,
        calendar=calendar,
        type_calendars=type_calendars,
        sla=sla,
        contacts=contacts,
        templates_dir=templates_dir,
        default_language=default_language,
        team_languages=team_languages,
        model_dir=resolve(model_value) if model_value else None,
        rules_path=rules_path,
        vip_domains=vip_domains,
        screen=policy,
        playbooks_dir=playbooks_dir,
        playbooks_min_confidence=min_confidence,
        mailboxes_dir=mailboxes_dir,
        promise_due_share=promise_due_share,
    )


def _check_lease(state: StateSettings, found: list[Found]) -> None:
    """PostgreSQL: an IMAP command in flight must end before a lost lease can pass to another worker.

    A worker starts an APPEND only while its lease has at least the mailbox's ``timeout_seconds`` left,
    and its heartbeat leaves it 2/3 of ``lease_seconds`` at most: half keeps a healthy worker writing.
    """
    for file, key, box in found:
        if state.url and box.source == "imap" and box.timeout_seconds > state.lease_seconds / 2:
            raise ConfigError(
                file, f"{key}.timeout_seconds",
                f"{box.timeout_seconds:g} s is more than half of [state] lease_seconds ({state.lease_seconds:g} s):"
                " an APPEND in flight could outlast a lost lease", "lower timeout_seconds or raise lease_seconds",
            )  # fmt: skip


def _promise_due_share(t: Table) -> float:
    """``[feedback] promise_due_share``: how far (0-1) from the promise to its deadline an unanswered
    original is tagged ``$PromiseDue`` and gets a follow-up draft (``pipeline.feedback.promises``)."""
    hint = "a share between 0 and 1, e.g. 0.75: three quarters of the way from the promise to its deadline"
    share = t.get("promise_due_share", (int, float), 0.75, hint=hint)
    if not 0 < share < 1:  # 0 would follow up at once, 1 only when the promise is already missed
        raise ConfigError(t.file, t.key("promise_due_share"), f"expected more than 0 and less than 1, got {share}",
                          hint)  # fmt: skip
    t.finish()
    return float(share)


def _playbooks(t: Table, resolve: Any) -> tuple[Path, float | None]:
    """``[playbooks]``: the folder (default config/playbooks; one named must exist), optional ``min_confidence``."""
    value = t.get("path", str, "", hint='a folder of playbook files, e.g. "config/playbooks"')
    folder = resolve(value or "config/playbooks")
    if value and not folder.is_dir():
        raise ConfigError(t.file, t.key("path"), f"no such folder: {folder}",
                          "create it, or remove the key to run without playbooks")  # fmt: skip
    raw = t.get("min_confidence", (int, float), None, hint="a probability such as 0.85; omit it to use the model's")
    if raw is not None and not 0 < raw <= 1:  # the model's own threshold comes from cross-validation
        raise ConfigError(t.file, t.key("min_confidence"), f"expected a number in (0, 1], got {raw}",
                          "omit it to use the threshold the model chose")  # fmt: skip
    t.finish()
    return folder, None if raw is None else float(raw)


def _mailbox(t: Table, resolve: Any) -> MailboxConfig:
    name = t.get("name", str)
    address = t.get("address", str, hint="the inbox's own address, e.g. support@example.com")
    if "@" not in address:
        raise ConfigError(t.file, t.key("address"), f"not an e-mail address: {address!r}")
    source = t.get("source", str, "maildir")
    common = dict(
        name=name,
        address=address.lower(),
        source=source,
        aliases=tuple(a.lower() for a in t.get("aliases", list, [])),
        backlog_days=t.get("backlog_days", int, 3),
        poll_seconds=t.get("poll_seconds", int, 60),
        tag_originals=t.get("tag_originals", bool, True),
    )
    if source == "maildir":
        drafts = t.get("drafts_path", str, "")
        seed = t.get("seed", str, "")
        box = MailboxConfig(
            path=resolve(t.get("path", str, hint='the Maildir folder, e.g. "var/demo-inbox"')),
            drafts_path=resolve(drafts) if drafts else None,
            seed=resolve(seed) if seed else None,
            **common,
        )
    elif source == "imap":
        box = _imap_mailbox(t, resolve, common)
    else:
        raise ConfigError(t.file, t.key("source"), f"unknown source {source!r}", 'use "maildir" or "imap"')
    t.finish()
    return box


def _imap_mailbox(t: Table, resolve: Any, common: dict[str, Any]) -> MailboxConfig:
    host = t.get("host", str, hint="the IMAP server's name")
    security = t.get("security", str, "tls")
    if security not in ("tls", "starttls", "none"):
        raise ConfigError(t.file, t.key("security"), f"unknown value {security!r}", 'use "tls" or "starttls"')
    if security == "none" and not is_loopback(host):
        raise ConfigError(
            t.file, t.key("security"), f'"none" sends the password in clear text to {host}',
            'only allowed for a loopback host; use "tls" or "starttls"',
        )  # fmt: skip
    port = t.get("port", int, 993 if security == "tls" else 143)
    token_command = t.get("oauth2_token_command", str, "")
    password = read_password(t, resolve, alternatives=("oauth2_token_command",))
    ca_file = t.get("ca_file", str, "")
    return MailboxConfig(
        host=host,
        port=port,
        security=security,
        ca_file=resolve(ca_file) if ca_file else None,
        username=t.get("username", str),
        password=password,
        oauth2_token_command=token_command,
        folder=t.get("folder", str, "INBOX"),
        drafts_folder=t.get("drafts_folder", str, ""),
        sent_folder=t.get("sent_folder", str, "", hint='the folder sent replies are kept in, e.g. "Sent Items"'),
        idle=t.get("idle", bool, True),
        batch_size=t.get("batch_size", int, 100),
        timeout_seconds=float(t.get("timeout_seconds", (int, float), 30.0)),
        **common,
    )


def _duration(t: Table, name: str, default: Any = ...) -> BusinessDuration:
    text = t.get(name, str, default, hint='a business-time duration such as "4h", "1d" or "2d4h"')
    try:
        return parse_duration(text)
    except ValueError as exc:
        raise ConfigError(t.file, t.key(name), f'expected a duration like "4h", got {text!r}',
                          str(exc)) from None  # fmt: skip


def _per_urgency(t: Table) -> tuple[dict[str, BusinessDuration], dict[str, dict[str, BusinessDuration]]]:
    """Urgency keys (all optional) plus an optional ``type.<name>`` subtable of urgency keys."""
    targets = {u: _duration(t, u) for u in URGENCIES if u in t.data}
    per_type: dict[str, dict[str, BusinessDuration]] = {}
    types = t.table("type")
    for type_name in list(types.data):
        sub = types.table(type_name)
        per_type[type_name] = {u: _duration(sub, u) for u in URGENCIES if u in sub.data}
        sub.finish(known=URGENCIES)
    return targets, per_type


def _sla(t: Table) -> SlaPolicy:
    first = {u: _duration(t, u) for u in URGENCIES}  # required: every reply promises a first response
    _, per_type = _per_urgency(t)
    resolution = t.table("resolution")
    resolution_targets, resolution_per_type = _per_urgency(resolution)
    resolution.finish(known=URGENCIES)
    backlog = t.table("backlog")
    minutes = float(backlog.get("minutes_per_open_message", (int, float), 10))
    cap = _duration(backlog, "max_extra", "16h")
    backlog.finish()
    t.finish(known=URGENCIES)
    return SlaPolicy(
        first_response=first,
        per_type=per_type,
        backlog=BacklogPolicy(minutes_per_open_message=minutes, max_extra=timedelta(hours=cap.business_hours(8))),
        resolution=resolution_targets,
        resolution_per_type=resolution_per_type,
    )


def _contacts(t: Table) -> dict[str, Contact]:
    contacts = {}
    for name in list(t.data):
        sub = t.table(name)
        email = sub.get("email", str, hint="a monitored address the customer can write to")
        if any(p in email.lower() for p in ("noreply", "no-reply", "donotreply", "do-not-reply")):
            raise ConfigError(t.file, sub.key("email"), f"{email!r} is a no-reply address",
                              "give customers a monitored address")  # fmt: skip
        contacts[name] = Contact(
            name=sub.get("name", str, "Customer support team"),
            phone=sub.get("phone", str, hint='a direct number, e.g. "+49 30 1234 5678"'),
            email=email,
            hours=sub.get("hours", str, ""),
            localized_names=tuple(sorted(sub.get("localized_names", dict, {}).items())),
            localized_hours=tuple(sorted(sub.get("localized_hours", dict, {}).items())),
        )
        sub.finish()
    if "default" not in contacts:
        raise ConfigError(t.file, "contact.default", "missing required table",
                          "every reply needs a direct line: add [contact.default] with phone and email")  # fmt: skip
    return contacts
