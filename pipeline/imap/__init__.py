"""imap: an IMAP folder as a ``Source`` and its Drafts folder as a ``Sink``, on imapclient.

Owns: connecting and secrets (``connect``), single IMAP commands and their error mapping
(``commands``), the Drafts index and APPEND (``drafts``), the mailbox the worker polls (``mailbox``).
May import: ``pipeline.errors``, ``message``, ``settings``, ``sink``; never the state store or planning.
"""

from .mailbox import CursorStore, ImapMailbox, resolve_secret

__all__ = ["CursorStore", "ImapMailbox", "resolve_secret"]
