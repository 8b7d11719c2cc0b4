"""Errors mailtriage raises, split by who must act.

MailtriageError
  ConfigError          a person must edit a file (names the file, the key, a hint); never retried
  OperationalError     something outside us failed; recorded, retried later
    SourceError          reading mail failed (AuthError: credentials refused, retrying will not help)
    SinkError            writing a draft failed
    StateError           the state store cannot be used
      LeaseLost            this worker no longer holds a mailbox's lease: it must stop writing there
    TemplateError        a template could not be rendered (names the template and line)
"""

from __future__ import annotations


class MailtriageError(Exception):
    """Root of every error mailtriage raises on purpose."""

    exit_code = 1


class ConfigError(MailtriageError):
    """A config, rules or template file is wrong; a person must edit it."""

    exit_code = 2

    def __init__(self, file: str, key: str, problem: str, hint: str = "") -> None:
        self.file, self.key, self.problem, self.hint = str(file), key, problem, hint
        where = f"{self.file}: {key}: " if key else f"{self.file}: "
        super().__init__(where + problem + (f" ({hint})" if hint else ""))


class OperationalError(MailtriageError):
    """Something outside mailtriage failed; the work is recorded and retried later."""


class SourceError(OperationalError):
    """Reading mail from a mailbox failed."""


class AuthError(SourceError):
    """The server refused our credentials; retrying will not help."""

    exit_code = 3


class SinkError(OperationalError):
    """Writing a draft (or tagging the original) failed."""


class MailboxFullError(SinkError):
    """The server has no room for a draft (IMAP [OVERQUOTA]); not the message's fault, so retried freely."""


class StateError(OperationalError):
    """The state store cannot be opened or written."""

    exit_code = 4


class LeaseLost(StateError):
    """This worker's lease on a mailbox ran out (or is about to): write nothing more to that mailbox."""


class TemplateError(MailtriageError):
    """A reply template failed to render; names the template and line."""

    exit_code = 2

    def __init__(self, template: str, line: int | None, problem: str) -> None:
        self.template, self.line, self.problem = template, line, problem
        where = f"{template}:{line}" if line else template
        super().__init__(f"{where}: {problem}")
