"""The reading of one text on a pinned clock, as the reading tests ask for it: ``_read, _asks = reader(MONDAY)``
gives the whole ``Reading`` and the questions' texts of any text, in any language, as received then."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from pipeline.plan.customer import Reading, read_customer


def reader(received: datetime) -> tuple[Callable[..., Reading], Callable[..., list[str]]]:
    """``read(text, language="en", subject="", received=received)`` and ``asks(text, language="en")``."""

    def read(text: str, language: str = "en", subject: str = "", at: datetime | None = None) -> Reading:
        return read_customer(text, subject, language, at or received)

    def asks(text: str, language: str = "en") -> list[str]:
        return [q.text for q in read(text, language).questions]

    return read, asks
