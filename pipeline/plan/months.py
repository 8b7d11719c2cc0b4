"""The months a request names without a day: "reissue the invoices for September and October 2026", "die
Rechnungen von Juli bis September", "les factures de mars et avril", "for Q3". Pure; as written.

A corrected or copied invoice is for the months they named; a reply that says "for any you name" asks again for
what they gave. A month with a day ("2 November", "am 3. März") is a date, read elsewhere.
"""

from __future__ import annotations

import re

# English and German month names are capitalised, so "may" and "march" as verbs are no months ("May I ask …" neither).
_EN = (
    r"January|February|March|April|May(?!\s+(?:I|we|you|he|she|they|it|our|the|this|that|be)\b)|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec"
)
_DE = r"Januar|Jänner|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember"
_FR = r"(?i:janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre)"
_QUARTER = r"Q[1-4]|(?:1st|2nd|3rd|4th|first|second|third|fourth) quarter|[1-4]\. Quartal|(?i:[1-4]e trimestre)"
_ONE = rf"(?:{_EN}|{_DE}|{_FR}|{_QUARTER})\.?(?:\s+(?:20\d\d|'\d\d))?"
_JOIN = r"\s*(?:,|–|-|/|&)\s*|\s+(?:and|to|through|until|und|bis|sowie|et|à|au)\s+(?:(?:the|den|le)\s+)?"
#: A run of months and quarters, not next to a day number ("2 November", "November 2nd", "3. März", "le 1er mars",
#: "the 3rd of March").
_RUN = re.compile(
    rf"(?<![\d.]\s)(?<![\d.])(?<!\der\s)(?<!\d(?:st|nd|rd|th)\s)(?<!\d(?:st|nd|rd|th) of )\b"
    rf"(?:{_ONE})(?:(?:{_JOIN})(?:{_ONE}))*\b(?!\s*\d{{1,2}}(?:st|nd|rd|th)?\b)"
)


def months_named(text: str) -> str:
    """The first run of months or quarters without a day in ``text``, as written; "" when none."""
    found = _RUN.search(text)
    return found[0].strip(" ,") if found else ""
