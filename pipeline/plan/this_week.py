"""A fix due "this week" with no day named: "if this is not fixed this week", "une solution cette semaine",
"wenn das nicht diese Woche gelöst ist". Their deadline is the end of this week. Pure.
"""

from __future__ import annotations

import re
from datetime import datetime

from . import when
from .customer import CustomerDeadline

_FIXED = (r"(?:fixed|solved|resolved|sorted|working|fix|solution|réglée?s?|résolue?s?|corrigée?s?|gelöst|behoben|"
          r"erledigt|Lösung)")  # fmt: skip
_WEEK = (
    r"(?P<week>(?:by\s+)?(?:the\s+)?end\s+of\s+this week|this week|(?:d'ici\s+)?la\s+fin\s+de\s+(?:la|cette)\s+"
    r"semaine|cette semaine|(?:bis\s+)?(?:zum\s+)?Ende\s+dieser\s+Woche|diese Woche)"
)
#: The fix, then the week ("not fixed this week"), or the week, then the fix ("diese Woche gelöst").
_DUE = (
    re.compile(rf"\b{_FIXED}\b[^.!?\n]{{0,30}}?\b{_WEEK}\b", re.IGNORECASE),
    re.compile(rf"\b{_WEEK}\b[^.!?\n]{{0,30}}?\b{_FIXED}\b", re.IGNORECASE),
)


def fix_due_this_week(text: str, received: datetime) -> tuple[CustomerDeadline, tuple[int, int]] | None:
    """(the end of this week, where "this week" stands) when ``text`` wants the fix this week, else None."""
    found = next((m for pattern in _DUE if (m := pattern.search(text))), None)
    at = when.resolve("end of the week", received, "en", False) if found else None
    if found is None or at is None:
        return None
    return CustomerDeadline(found["week"], at, hard=False), found.span("week")
