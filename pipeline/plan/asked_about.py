"""What their questions and requests ask about, for the playbook slots: the count and plan a quote is for, the months
a corrected invoice is for, and what their faulty device does, in our words. Pure; over a ``Reading``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..caseless import caseless
from .months import months_named
from .proper import is_plan
from .symptoms import worded

if TYPE_CHECKING:
    from .customer import Count, Reading


def count_asked_about(reading: Reading) -> str:
    """The count their questions name ("… switching to yearly for 30 seats?"), else the first they wrote: a quote
    is for the seats they ask about, not the 12 they have now."""
    counts = reading.facts.counts
    asked = " ".join(q.text for q in reading.questions).lower()  # (the noun is lower case: "30 Lizenzen")
    named = next((c.text for c in counts if str(c.number) in asked and c.noun in asked and not _unused(c, asked)), "")
    # not a count their quoted message prints ("« Synchronisation réussie – 96 salariés »"): the tool's, not theirs
    messages = " ".join(reading.facts.error_messages)
    theirs = [c for c in counts if c.text not in messages] or list(counts)
    return named or (theirs[0].text if theirs else "")


#: Seats their question says they do not use: "a credit for the 13 seats we're not using" is not the new number.
_UNUSED = caseless(
    r"^[^?.,]{0,12}?\b(?:we're not using|we are not using|we don't use|nobody uses|no one uses|unused|not in use|"
    r"(?:die )?wir nicht (?:mehr )?(?:nutzen|brauchen)|ungenutzt|nicht genutzt|inutilisée?s|que nous n'utilisons pas|"
    r"dont nous n'avons plus besoin)"
)


def _unused(count: Count, asked: str) -> bool:
    at = asked.find(count.text.lower())
    return at >= 0 and bool(_UNUSED.search(asked[at + len(count.text) :]))


def months_asked_about(reading: Reading) -> str:
    """The months their requests name ("reissue the invoices for September and October 2026"), as written."""
    return next((found for q in reading.questions if (found := months_named(q.text))), "")


def symptom(reading: Reading, language: str) -> str:
    """What their faulty device does, in our words in ``language``: "keeps restarting itself"."""
    return worded(reading.facts.symptoms, language)


def plan_asked_about(reading: Reading) -> str:
    """The plan their questions name ("… 30 Lizenzen im Business-Tarif …"), else the first plan they wrote: a quote
    is for the plan they ask about, not the one they are on."""
    plans = [p for p in reading.facts.products if is_plan(p)]
    asked = " ".join(q.text for q in reading.questions).lower()
    # the one their questions name most ("… Business contract …", "… Okta SSO included in Business?"), first on a tie
    named = [(asked.count(p.lower().removesuffix(" plan")), -n, p) for n, p in enumerate(plans)]
    best = max(named, default=(0, 0, ""))
    return best[2] if best[0] else (plans[0] if plans else "")
