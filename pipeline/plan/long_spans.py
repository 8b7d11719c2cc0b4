"""Long spans from the message's date: "within 30 days", "innerhalb der gesetzlichen Frist von einem Monat", "dans
un délai d'un mois", "gives you one month"; the end of the day they end on. Pure; used by ``deadline``."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from ..caseless import caseless
from . import when

#: Counts written as words, for spans ("one month") and hours ("in two hours").
NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "einer": 1, "eine": 1, "einem": 1, "einen": 1, "une": 1, "un": 1, "two": 2,
        "zwei": 2,
        "deux": 2, "three": 3, "drei": 3, "trois": 3, "four": 4, "vier": 4, "quatre": 4, "half a": 0.5,
        "half an": 0.5}  # fmt: skip

#: A longer span, often a legal or contractual one: "within 30 days", "innerhalb der gesetzlichen Frist von
#: einem Monat", "dans un délai d'un mois". Months are calendar months (GDPR's "one month" ends on the same date).
_LONG_SPAN = caseless(
    r"\b(?:within(?: the)?|in the next|innerhalb(?: der [\w ]{0,30}?)?(?: von)?|binnen|dans un délai d[e'’]\s*|"
    r"payment terms?(?: (?:say|are|is|of))?|zahlungsziel(?: von| beträgt| sind)?|délai de paiement(?: de| est de)?|"
    r"sous|délai(?: légal)? d[e'’]\s*|frist von|(?:you|sie) (?:have|haben)|vous avez|gives? you|"
    r"(?:vous )?disposez d[e'’]\s*|"
    # "on a un mois pour lui répondre", "we have one month to answer", "die Frist … einen Monat beträgt"
    r"(?:on a|nous avons|we have|wir haben)(?= (?:un|une|one|a|einen|\d))|frist (?:[\w.]+ ){0,6}?(?=einen monat))"
    r"\s*(?P<n>an?|one|two|three|four|einer|eine|einem|einen|zwei|drei|vier|une?|deux|trois|quatre|\d{1,3})[\s-]+"
    r"(?P<unit>days?|weeks?|months?|tage[n]?|wochen|woche|monat(?:en|s)?|jours?|semaines?|mois)\b"
    r"(?:[\s-]+(?:deadline|period|time ?limit|frist|zeitraum))?",
)
_STILL = caseless(r"\b(?:still|noch|encore|toujours)\s*$")
LONG_SPAN_WORDS = ("within", "in the next", "innerhalb", "binnen", "délai", "sous ", "payment term", "zahlungsziel",
                    "frist", "you have", "sie haben", "vous avez", "give", "disposez", "on a ", "avons", "we have",
                    "wir haben")  # fmt: skip
_LONG_UNIT = {"d": 1, "t": 1, "j": 1, "w": 7, "s": 7}  # days per unit by its first letter; months apart


def long_spans(sentence: str, received: datetime, hard: bool) -> list[tuple[str, datetime, bool, tuple[int, int]]]:
    """ "within 30 days", "innerhalb ... von einem Monat": (as written, the end of that day counted from the
    message, hard, where), for each span in ``sentence``."""
    out = []
    for match in _LONG_SPAN.finditer(sentence):
        if "?" in sentence[match.end() :] and _STILL.search(sentence[: match.start()]):
            continue  # "is it still within the 30 days if …?" asks about a window, sets no deadline
        n = match["n"].lower()
        count = int(n) if n.isdigit() else NUMBER_WORDS.get(n)
        if not count or count > 400:
            continue
        unit = match["unit"].lower()
        if unit.startswith(("month", "monat", "mois")):
            day = plus_months(received.date(), int(count))
        else:
            day = received.date() + timedelta(days=int(count) * _LONG_UNIT.get(unit[0], 1))
        at = datetime.combine(day, when.END_OF_DAY, tzinfo=received.tzinfo)
        legal = bool(re.search(r"gesetzlich|legal|statutory|GDPR|DSGVO|RGPD|Art\.|légal", sentence, re.I))
        out.append((match[0], at, hard or legal, match.span()))
    return out


def plus_months(day: date, months: int) -> date:
    """``day`` plus calendar months, on the last day of a shorter month (31 January + 1 month = 28 February)."""
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
    return date(year, month, min(day.day, last))
