"""Customer details out of the sentences the report shows: names, e-mail addresses, phone numbers and
long digit strings (order, card, account numbers) become ``[name]``, ``[email]``, ``[phone]``, ``[number]``.

Redacted before anything is stored, so the report (and the state store behind it) never holds them;
and so "Thanks, Priya." and "Thanks, Tom." count as one sentence agents keep or delete.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_EMAIL = re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})+")
# international (+49 ...), trunk-prefixed (030 ..., (030) ...) or North American (555-123-4567); not a
# date (12.11.2026) or a reference such as INV-2026-11-04821, whose digits follow a letter or a dash
_PHONE = re.compile(r"(?<![\w/.-])(?:\+|\(?0)\d?[\d ()/.-]{5,20}\d(?!\w)|(?<![\w/.-])\d{3}[-. ]\d{3}[-. ]\d{4}(?!\w)")
_LONG_DIGITS = re.compile(r"\d{5,}")
_WORD = re.compile(r"[^\W\d_]{2,}")


def names_in(*display_names: str) -> list[str]:
    """The words of people's display names ("Priya Raman" -> Priya, Raman), longest first."""
    words = {w for name in display_names for w in _WORD.findall(name or "")}
    return sorted(words, key=lambda w: (-len(w), w))


def redact(text: str, names: Iterable[str] = ()) -> str:
    """``text`` with e-mail addresses, phone numbers, long digit strings and ``names`` replaced."""
    text = _EMAIL.sub("[email]", text)
    text = _PHONE.sub(lambda m: "[phone]" if sum(c.isdigit() for c in m.group(0)) >= 7 else m.group(0), text)
    text = _LONG_DIGITS.sub("[number]", text)
    for name in names:
        text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", "[name]", text, flags=re.IGNORECASE)
    return text
