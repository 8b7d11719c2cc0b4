"""German typed without umlauts ("wuerde", "ausserdem", "fuer"): the common words spelled back, so that the
readers' patterns, written with umlauts, read such mail as they read any other. Only words from a list: "neue",
"Steuer" or "Frauen" hold an "ue" that is no umlaut, so no rule over letters could tell.
"""

from __future__ import annotations

import re
from functools import lru_cache

#: Words customers write often in questions, requests and deadlines, in their usual forms.
_WORDS = (
    "würde", "würden", "wüsste", "wüssten", "möchte", "möchten", "könnte", "könnten", "können", "könnt", "müssen",
    "müsste", "müssten", "muss", "wäre", "wären", "hätte", "hätten", "für", "über", "außerdem", "zurück", "später",
    "spätestens", "nächste", "nächsten", "nächster", "nächstes", "Rückmeldung", "Lösung", "möglich", "möglichst",
    "Möglichkeit", "prüfen", "überprüfen", "geprüft", "zusätzlich", "bestätigen", "Bestätigung", "tatsächlich",
    "natürlich", "schön", "ähnlich", "Änderung", "ändern", "geändert", "gelöscht", "löschen", "Löschung", "erklären",
    "grüße", "Grüße", "gemäß", "dafür", "darüber", "wofür", "worüber", "gegenüber", "früher", "früh", "Gebühr",
    "Gebühren", "Rückerstattung", "erstatten", "zurückerstatten", "Rücksendung", "Rückversand", "Schlüssel",
    "Größe", "höher", "Höhe", "Übersicht", "übernehmen", "übermorgen", "Gerät", "Geräte", "Zählung", "Fälle",
)  # fmt: skip
_ASCII = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"})


@lru_cache(maxsize=1)
def _table() -> tuple[re.Pattern[str], dict[str, str]]:
    back: dict[str, str] = {}
    for word in _WORDS:
        for form in (word, word[:1].upper() + word[1:], word[:1].lower() + word[1:]):
            spelled = form.translate(_ASCII)
            if spelled != form:
                back[spelled] = form
    pattern = re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, back), key=len, reverse=True)) + r")\b")
    return pattern, back


def restored(text: str) -> str:
    """``text`` with the listed words' umlauts and ß back, when it was typed without any ("Ich wuerde gern
    wissen" -> "Ich würde gern wissen"); as it is when it has one anywhere."""
    if any(c in text for c in "äöüÄÖÜß"):
        return text
    pattern, back = _table()
    return _STEM.sub(_stem_spelled, pattern.sub(lambda m: back[m[0]], text))


#: Word starts that hold an umlaut in every word they begin (no German word starts "zurueck" without one): their
#: compounds are spelled back too ("zuruecksetzen", "Rueckbuchung", "ueberweisen", "Geraetenummer").
_STEMS = {"zurueck": "zurück", "rueck": "rück", "ueber": "über", "aender": "änder", "loes": "lös",
          "moeglich": "möglich", "gebuehr": "gebühr", "geraet": "gerät", "pruef": "prüf", "gepruef": "geprüf",
          "erklaer": "erklär", "geschaeft": "geschäft", "faellig": "fällig"}  # fmt: skip
_STEM = re.compile(r"\b(" + "|".join(f"[{w[0]}{w[0].upper()}]{w[1:]}" for w in _STEMS) + r")(?=\w)")


def _stem_spelled(found: re.Match[str]) -> str:
    spelled = _STEMS[found[1].lower()]
    return spelled[0].upper() + spelled[1:] if found[1][0].isupper() else spelled
