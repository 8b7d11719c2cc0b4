"""What a symptom looks like, as written: measurements ("70%", "31 °C", "20 à 30 secondes", "4 GB"), hour totals
from a report ("162,5 h"), a clock off by whole hours, how a device's light looks ("blinking amber"), and how often
it has happened ("the third time"). Pure.
"""

from __future__ import annotations

from ..caseless import caseless

_MEASURE = caseless(
    r"(?<![\w.,])\d+(?:[.,]\d+)?(?:\s?(?:–|-|à|bis|to)\s?\d+(?:[.,]\d+)?)?\s?"
    r"(?:%|°\s?[CF]|ms|sec(?:onds?)?|seconds?|secondes?|sekunden|minutes?|minuten|GB|MB|KB|TB|Mbit/s|"
    r"/\s?(?:min|minute|s|sec|h|hour|day)|(?:requests?|calls?|anfragen|requêtes)\s(?:a|per|pro|par)\s"
    r"(?:minute|second|hour|day|minute|sekunde|stunde|seconde|heure))(?!\w)|"
    # a wait in words: "fast zwei Minuten, bis er geladen ist", "takes two minutes", "trente secondes"
    r"\b(?:two|three|four|five|ten|thirty|zwei|drei|vier|fünf|zehn|dreißig|deux|trois|quatre|cinq|dix|trente)\s"
    r"(?:seconds|minutes|sekunden|minuten|secondes)\b|"
    r"(?<![\w.:])\d{1,2}:\d{2}\s?(?:min|mins|minutes|minuten|Min\.?)(?!\w)",  # "hat 2:40 min gebraucht"
)

#: Hours with a decimal are a total from a report or timesheet ("162,5 h", "398.25 hours"); "17h30" is a clock time.
_HOURS_TOTAL = caseless(
    # "3 412,5 h", or a total grouped in thousands ("3 129 h", "98.000 Stunden"), never a clock time
    r"(?<![\w.,])\d{1,3}(?:(?:[,.\u202f ]\d{3})*[.,]\d{1,2}|(?:[,.\u202f ]\d{3})+)\s?"
    r"(?:h|hrs?|hours|Std\.?|Stunden|heures)(?!\w)"
)

#: Whole hours, at least ten: the figure a report total is compared with ("nur 268 Stunden", "only 268 hours").
_WHOLE_HOURS = caseless(r"(?<![\w.,])\d{2,4}\s?(?:hours|Stunden|heures)(?!\w)")


_COLOUR = (r"(?:amber|orange|red|green|blue|white|yellow|purple|rot|gelb|grün|blau|weiß|weiss|lila|rouge|vert|"
           r"bleu|blanc|jaune|violet)")  # fmt: skip
#: How a device's light looks, a hardware symptom: "keeps blinking amber", "blinkt rot", "clignote en orange",
#: "a solid red light", "die rote LED".
_LIGHT = caseless(
    rf"\b(?:(?:blinking|flashing|solid|steady|glowing|blinks|flashes|blinkt|leuchtet(?: dauerhaft)?|"
    rf"clignote(?: en)?|reste(?: allumé)?(?: en)?)\s+{_COLOUR}|{_COLOUR}e?[nrs]?\s+(?:light|LED|lamp|Lampe|"
    rf"Leuchte|voyant)s?|(?:voyant|LED|témoin|Leuchte|Lampe)s? (?:{_COLOUR}e?s?))\b",  # ("voyant rouge", "LED rot")
)


#: A clock off by a whole number of hours: "one hour off", "eine Stunde zu spät", "une heure de décalage".
_HOURS_OFF = caseless(
    r"\b(?:an?|one|two|three|eine|einer|zwei|drei|une|deux|trois|\d)\s(?:hours?|stunden?|heures?)\b"
    r"(?=[^.!?\n]{0,30}\b(?:off|ahead|behind|early|earlier|late|later|out|früh|früher|spät|später|versetzt|"
    r"verschoben|daneben|décal\w*|avance|retard|d'écart|plus tôt|plus tard))",
)
#: The same, said after the shift: "décalées d'une heure", "off by one hour".
_SHIFTED_BY = caseless(
    r"\b(?:décal\w+|off by|versetzt um|verschoben um)\s(?:d['’]|de\s)?(?P<by>(?:une|eine|one|an|deux|zwei|two)\s"
    r"(?:heures?|stunden?|hours?))\b",
)


#: How often it has happened: "the third time", "zum dritten Mal", "pour la troisième fois".
_AGAIN = caseless(
    r"\b(?:(?:the|for the|zum|pour la|la) )?(?:second|third|fourth|fifth|2nd|3rd|4th|zweiten|dritten|vierten|fünften|"
    r"deuxième|troisième|quatrième|cinquième) (?:time|Mal|fois)\b"
    # "the third time I'm writing about this" counts their mails, not the symptom (the opening owns that)
    r"(?!\s+(?:writing|asking|emailing|e-mailing|chasing|contacting)\b|"  # "THIRD time writing - sync still broken"
    r",?\s+(?:that\s+)?(?:I|I'm|I am|I've|we|we're|we are|we've)\s+(?:\w+\s+)?(?:writ|contact|ask|e-?mail|mail|"
    r"reach|follow|chas|call|rais)|,?\s+(?:dass\s+)?(?:ich|wir)\s+(?:\w+\s+)?(?:schreib|nachfrag|meld|anruf)|"
    r",?\s+(?:que\s+)?(?:je|j'|nous)\s*(?:vous\s+)?(?:écri|relanc|contact|appel|signal))",
)


#: "ich schreibe jetzt zum dritten Mal", "je vous écris pour la troisième fois": their mails, counted.
#: A response header with a number, what an API says of itself: "X-RateLimit-Limit: 300", "Retry-After: 60".
_HEADER_VALUE = caseless(
    r"\b(?P<name>X-[A-Za-z]+(?:-[A-Za-z]+)*|Retry-After)(?:\s?[:=]\s?|\s+(?:is|was|of|says|shows|kommt mit|ist|"
    r"steht auf|liegt bei|zeigt|vaut|est(?: de)?|indique|à|renvoie|returns|gibt|liefert|comes back with)\s+)"
    r"(?P<value>\d+)(?!\w)"
)
_WRITING = caseless(r"\b(?:schreibe|schreiben|melde|écris|écrivons|relance|writing|write|contacting)\b[^.!?\n]*$")


def measures(text: str) -> tuple[str, ...]:
    """Measurements as written: "70%", "31 °C", "20 à 30 secondes", "4 GB", hour totals with a decimal ("162,5 h";
    "17h30" is a clock time), and how a device's light looks,
    "blinking amber" (what a symptom looks like)."""
    # (one line each: "2 to\n4 minutes", wrapped by their mail client, is said back as "2 to 4 minutes")
    found = [(m.start(), " ".join(m[0].split())) for m in _MEASURE.finditer(text)]
    found += [(m.start(), m[0]) for m in _LIGHT.finditer(text)]
    totals = [(m.start(), m[0]) for m in _HOURS_TOTAL.finditer(text)]
    # beside a total, a whole number of hours is the other side of it: "312,5 Stunden …, aber nur 268 Stunden"
    found += totals + ([(m.start(), m[0]) for m in _WHOLE_HOURS.finditer(text)] if totals else [])
    # ("Retry-After kommt mit 3600 zurück" said back the way the header reads: "Retry-After: 3600")
    headers = _HEADER_VALUE.finditer(text) if "x-" in text.lower() or "retry-after" in text.lower() else ()
    found += [(m.start(), f"{m['name']}: {m['value']}") for m in headers]
    found += [(m.start(), m[0]) for m in _HOURS_OFF.finditer(text)]
    found += [(m.start("by"), m["by"]) for m in _SHIFTED_BY.finditer(text)]
    again = next(
        (m for m in _AGAIN.finditer(text) if not _WRITING.search(text, max(0, m.start() - 30), m.start())), None
    )  # once: the subject often says it again ("THIRD time writing"); fmt: skip
    if again is not None:  # "the THIRD time" named back calmly: "the third time"
        found.append((again.start(), " ".join(w.lower() if w.isupper() else w for w in again[0].split())))
    return tuple(dict.fromkeys(text for _, text in sorted(found)))
