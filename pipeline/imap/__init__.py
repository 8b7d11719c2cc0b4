"""imap: an IMAP folder as a ``Source`` and its Drafts folder as a ``Sink``, on imapclient.

Owns: connecting (``connect``), single IMAP commands and their error mapping (``commands``), the
Drafts index and APPEND (``drafts``), reading the Sent folder (``sent``), the mailbox the worker polls
(``mailbox``). May import:
``pipeline.errors``, ``message``, ``settings``, ``credentials`` (secrets, shared with the PostgreSQL
state store), ``sink``; never the state store or planning.
"""

from .mailbox import CursorStore, ImapMailbox, resolve_secret

__all__ = ["CursorStore", "ImapMailbox", "resolve_secret"]
