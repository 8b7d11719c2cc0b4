"""``[[mailbox]]`` tables from a folder of files (``mailboxes_dir``), for hundreds of mailboxes.

Each ``*.toml`` file in the folder holds one or more ``[[mailbox]]`` tables and nothing else; they are
read with the same checks as the config file's own (every error names the file and the key). Running
workers re-read the folder when a file in it is added, removed or changed (``FolderWatch``): an
operator adds a brand's mailbox by dropping a file, no restart.
"""

from __future__ import annotations

import logging
import time
import tomllib
from collections.abc import Callable
from pathlib import Path

from .errors import ConfigError
from .settings import MailboxConfig
from .toml_table import Table

log = logging.getLogger("mailtriage")

Parse = Callable[[Table], MailboxConfig]
Found = tuple[str, str, MailboxConfig]  # (file, key, mailbox): where each mailbox was defined
CHECK_EVERY = 1.0  # seconds between looks at the folder (a stat per file)


def read_folder(file: str, key: str, folder: Path, parse: Parse) -> list[Found]:
    """Every ``[[mailbox]]`` of every ``*.toml`` in ``folder``, files in name order.

    ``file`` and ``key`` name the ``mailboxes_dir`` setting, for a folder that is not there.
    """
    if not folder.is_dir():
        raise ConfigError(file, key, f"no such folder: {folder}",
                          "create it (one *.toml file per mailbox or group), or remove the key")  # fmt: skip
    found: list[Found] = []
    for path in sorted(folder.glob("*.toml")):
        name = str(path)
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(name, "", f"cannot read: {exc}") from None
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(name, "", f"not valid TOML: {exc}") from None
        for extra in data:
            if extra != "mailbox":
                raise ConfigError(name, extra, "unknown key",
                                  f"a file in {folder} holds only [[mailbox]] tables")  # fmt: skip
        tables = data.get("mailbox")
        if not isinstance(tables, list) or not tables:
            raise ConfigError(name, "mailbox", "expected one or more [[mailbox]] tables",
                              "add one, or remove the file")  # fmt: skip
        found += [(name, f"mailbox[{i}]", parse(Table(name, f"mailbox[{i}]", t))) for i, t in enumerate(tables)]
    return found


def check_unique(found: list[Found]) -> None:
    """A mailbox name twice (in one file or two) is a ConfigError naming both places."""
    first: dict[str, tuple[str, str]] = {}
    for file, key, box in found:
        if box.name in first:
            other_file, other_key = first[box.name]
            where = "earlier in this file" if other_file == file else f"also in {other_file}"
            raise ConfigError(file, f"{key}.name", f"duplicate mailbox name {box.name!r} ({where}, {other_key})",
                              "every mailbox needs its own name")  # fmt: skip
        first[box.name] = (file, key)


def signature(folder: Path) -> tuple[tuple[str, int, int], ...]:
    """What changes when a file is added, removed or edited: (name, mtime, size) of each ``*.toml``."""
    entries = []
    for path in folder.glob("*.toml"):
        try:
            st = path.stat()
        except OSError:  # removed between the listing and the stat: the next look sees it gone
            continue
        entries.append((path.name, st.st_mtime_ns, st.st_size))
    return tuple(sorted(entries))


class FolderWatch:
    """Tells a running worker its new mailboxes when ``folder`` changed (at most one look per ``every``).

    ``load`` reads the whole config again and returns its mailboxes; a file with an error is logged
    (file, key, fix) and the mailboxes stay as they were until it is fixed.
    """

    def __init__(self, folder: Path | None, load: Callable[[], tuple[MailboxConfig, ...]], *,
                 every: float = CHECK_EVERY, clock: Callable[[], float] = time.monotonic) -> None:  # fmt: skip
        self.folder, self.load, self.every, self.clock = folder, load, every, clock
        self._seen = signature(folder) if folder is not None else ()
        self._next = clock() + every

    def poll(self) -> tuple[MailboxConfig, ...] | None:
        """The mailboxes after a change to the folder; None when nothing changed (or it has an error)."""
        if self.folder is None or self.clock() < self._next:
            return None
        self._next = self.clock() + self.every
        seen = signature(self.folder)
        if seen == self._seen:
            return None
        self._seen = seen
        try:
            boxes = self.load()
        except ConfigError as exc:
            log.error("config.reload_failed error=%s (the mailboxes stay as they were)", exc)
            return None
        log.info("config.reloaded folder=%s mailboxes=%d", self.folder, len(boxes))
        return boxes
