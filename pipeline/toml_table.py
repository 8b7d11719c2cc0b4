"""One TOML table being read: typed keys, and every error naming the file, the key path and a fix.

Shared by ``config`` (``mailtriage.toml``) and ``plan.playbooks`` (one file per playbook), so both report
an unknown key, a wrong type or a missing key the same way.
"""

from __future__ import annotations

import difflib
from typing import Any

from .errors import ConfigError


class Table:
    """A TOML table being read: tracks which keys were used so the rest can be named as unknown."""

    def __init__(self, file: str, path: str, data: Any) -> None:
        if not isinstance(data, dict):
            raise ConfigError(file, path, f"expected a table, got {type(data).__name__}")
        self.file, self.path, self.data, self.used = file, path, data, set[str]()

    def key(self, name: str) -> str:
        return f"{self.path}.{name}" if self.path else name

    def get(self, name: str, kind: type | tuple[type, ...], default: Any = ..., hint: str = "") -> Any:
        self.used.add(name)
        if name not in self.data:
            if default is ...:
                raise ConfigError(self.file, self.key(name), "missing required key", hint)
            return default
        value = self.data[name]
        # bool is an int in Python; a port of `true` is still wrong
        if not isinstance(value, kind) or (isinstance(value, bool) and bool not in as_tuple(kind)):
            want = " or ".join(k.__name__ for k in as_tuple(kind))
            raise ConfigError(self.file, self.key(name), f"expected {want}, got {type(value).__name__}", hint)
        return value

    def table(self, name: str, required: bool = False) -> Table:
        self.used.add(name)
        if name not in self.data and not required:
            return Table(self.file, self.key(name), {})
        if name not in self.data:
            raise ConfigError(self.file, self.key(name), "missing required table")
        return Table(self.file, self.key(name), self.data[name])

    def finish(self, known: tuple[str, ...] = ()) -> None:
        """Raise on the first key nobody read, suggesting the nearest known one."""
        for name in self.data:
            if name not in self.used:
                close = difflib.get_close_matches(name, sorted(self.used | set(known)), n=1)
                hint = f"did you mean {close[0]}?" if close else "remove it or check the README"
                raise ConfigError(self.file, self.key(name), "unknown key", hint)


def as_tuple(kind: type | tuple[type, ...]) -> tuple[type, ...]:
    return kind if isinstance(kind, tuple) else (kind,)
