"""feedback: what came of each draft, learnt from the mailbox the agents already use (issue 12).

Owns: reading what agents sent (``maildir`` for a Maildir's ``.Sent``; IMAP's Sent folder is read by
``pipeline.imap.sent``), matching a sent reply to the original it answers (``match``), measuring it
against our draft (``measure``: rapidfuzz similarity, sentencex sentences), keeping customer details
out of what is stored (``redact``), the stage a worker cycle runs (``stage``), label corrections read from the
agents' keywords on originals (``corrections``, rows in ``pipeline.state.corrections``), keeping promises
(``promises``, ``followup``), what the worker calls of all this (``hooks``) and ``mailtriage report``
(``report``, ``report_html``, ``sla``). Its rows live in the state store's ``feedback`` table
(``pipeline.state.feedback``).
May import: ``pipeline.message``, ``settings``, ``parse``, ``sink`` (to look in a Maildir's Drafts),
``state``, ``engine`` (the ``Outcome`` of a written draft), ``classifiers`` (the type labels); never
``worker``, ``cli`` or the planner.
Never writes to a mailbox, except ``promises`` (with ``followup``): keeping the time a draft promised, it
tags originals ``$PromiseDue`` / ``$PromiseMissed`` (and takes them back once a reply is seen) and saves
one follow-up draft, whose new time comes from the planner's ``plan.timeframe`` (computed like the first)
and whose text from ``render``.
"""

from .stage import Collected, collect, record_drafts

__all__ = ["Collected", "collect", "record_drafts"]
