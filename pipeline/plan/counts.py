"""How many, in the customer's words: "200 seats", "all 40 of us", "3 navigateurs", and a count set against
another ("9 Nutzer, … aber nur noch 7": the one that holds now). Pure; as written; in order.
"""

from __future__ import annotations

import re

from ..caseless import caseless
from .customer import Count
from .renamed import corrected_numbers

_NOUNS = (
    "seats?|users?|licen[cs]es?|people|persons?|employees?|staff|members?|agents?|colleagues?|devices?|machines?|"
    "laptops?|computers?|pcs|phones?|tablets?|iphones?|ipads?|printers?|scanners?|terminals?|units?|accounts?|"
    "browsers|navigateurs|"
    "locations?|stores?|shops?|sites?|branches?|offices?|teams?|workspaces?|projects?|orders?|items?|"
    "rows|records|entries|contacts|tickets|invoices|zeilen|datensätze|einträge|kontakte|lignes|enregistrements|"
    "nutzer(?:innen|n)?|benutzer(?:innen|n)?|lizenzen|mitarbeiter(?:innen|n)?|mitarbeitende[n]?|beschäftigte[n]?|"
    "kolleg(?:en|innen)|geräte|geräten|"
    "arbeitsplätze|plätze|personen|standorte|filialen|kassen|konten|questions|fragen|"
    "utilisateurs?|utilisatrices?|licences?|personnes|employés|salariés|collaborateurs|postes|appareils|"
    "sièges|sites|membres|comptes|magasins|boutiques|hubs?|sensors?|gateways?|events|widgets|files|bookings|"
    "reservations|messages|emails|e-mails|sensoren|gateways|ereignisse|buchungen|reservierungen|dateien|termine|"
    "capteurs|passerelles|boîtiers|événements|réservations|fichiers|rendez-vous|tasks?|subtasks?|aufgaben|tâches|"
    "taches|duplicates|doublons|dubletten|duplikate|calendars|kalender|agendas|meetings|réunions|besprechungen|"
    "pointages|badgeages|clock-ins|punches|stempelungen|"
    "deals|companies|documents|dokumente|reports|berichte|rapports|"
    # people of a school, a club or a charity: "35 enseignants", "120 élèves", "40 Ehrenamtliche", "30 volunteers"
    "students|pupils|teachers|volunteers|schüler(?:innen)?|lehrer(?:innen)?|lehrkräfte|ehrenamtliche[n]?|"
    "mitglieder[n]?|élèves|étudiants|enseignants|personnels|bénévoles|adhérents|"
    # the crew who could not clock in: "23 techniciens", "14 drivers", "30 Monteure"
    "technicians|drivers|nurses|workers|techniciens|techniciennes|chauffeurs|infirmières|infirmiers|ouvriers|"
    "techniker(?:innen)?|fahrer(?:innen)?|monteure|pflegekräfte|arbeiter(?:innen)?|"
    # seasonal and temporary staff: "ca. 35 Saisonkräfte", "40 seasonal workers", "25 saisonniers"
    "saisonkräfte[n]?|erntehelfer(?:innen|n)?|aushilfen|festangestellte[n]?|seasonal workers|seasonals|"
    "saisonniers|saisonnières|intérimaires"
)
_NUMBER_WORDS = {
    w: i
    for words in (
        ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"],
        ["null", "", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun", "zehn", "elf", "zwölf"],
        ["zéro", "", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze", "douze"],
    )
    for i, w in enumerate(words)
    if w  # "ein"/"un" are articles far more often than counts
}
#: Words that end the phrase a count counts: "two problems with reports" counts problems, not reports.
_NOT_BETWEEN = (
    "of|von|de|als|as|comme|en tant que|with|mit|avec|for|für|pour|in|im|dans|on|about|über|sur|to|zu|à|and|und|et|"
    "across|per|pro|je|par|from|into|"
    "or|oder|ou|am|at|au|bei|beim|chez"
)
_COUNT = caseless(
    rf"(?<![\w.,/-])(?P<n>\d{{1,3}}(?:[,.'\u00a0 ]\d{{3}})+|\d+|{'|'.join(_NUMBER_WORDS)})"
    # a range: "15 à 20 licences", "10-12 users"; the counted noun on the same line ("nur 5" / "- Gateway läuft" is
    # the end of one list item and the start of the next)
    r"(?:[ \t]*(?:-|–|to|bis|à)[ \t]*\d+)?[ \t\u00a0]+"
    rf"(?!\s*(?:bad gateway|gateway time-?out)\b)"  # "502 Bad Gateway" is a status, not 502 gateways
    rf"(?:(?!(?:{_NOT_BETWEEN})\b)[\w-]*\w[\w-]*[ \t\u00a0]+){{0,2}}(?P<noun>{_NOUNS})\b|"
    r"\ball\s+(?P<n2>\d+)\s+of\s+(?P<who>us|them|our \w+)|\balle\s+(?P<n3>\d+)\b|\btous les (?P<n4>\d+)\b",
)


#: Words that say what kind of count it is, kept with it: "about 140 events queued for redelivery" is not "140 events".
_APPROX = caseless(
    r"(?:\b(?:about|around|roughly|nearly|almost|over|more than|less than|at least|some|ungefähr|etwa|rund|fast|"
    r"knapp|über|mehr als|mindestens|environ|près de|presque|plus de|moins de|au moins)\s+)$",
)
_STATE = caseless(
    r"\s+(?:queued|stuck|pending|waiting|failed|missing|affected|rejected|dropped|lost)"
    r"(?:\s+(?:for|in|on|at)\s+[\w-]+)?\b",
)


#: The number it should have been, kept with the count: "214 Zeilen statt 251", "212 rows instead of 248".
_INSTEAD = caseless(
    r"\s+(?:instead of|rather than|and not|not|statt|anstatt|anstelle von|und nicht|au lieu de|et non)\s+"
    r"(?:the\s+|der\s+|des\s+|les\s+)?(?:expected\s+|erwarteten\s+|attendues?\s+)?\d[\d,.'\u00a0]*(?<![.,])(?!\w)"
)


def _qualified(text: str, start: int, written: str, end: int) -> str:
    """A count with the words around it that qualify it: "about 140 events queued for redelivery"."""
    before = _APPROX.search(text[max(0, start - 20) : start])
    whole = written.endswith(text[start:end].strip())
    after = (_STATE.match(text, end) or _INSTEAD.match(text, end)) if whole else None
    return " ".join(f"{before[0] if before else ''}{written}{after[0] if after else ''}".split())


def counts(text: str) -> tuple[Count, ...]:
    """Counts of people and things: "200 seats", "all 40 of us", "3 devices", "15 Nutzer", "12 utilisateurs"."""
    found: list[Count] = []
    against: list[Count] = []
    for match in _COUNT.finditer(text):
        raw = match["n"] or match["n2"] or match["n3"] or match["n4"]
        number = _NUMBER_WORDS.get(raw.lower()) if raw.isalpha() else int(re.sub(r"\D", "", raw))
        if number is None or number > 10_000_000:
            continue
        if (match["noun"] or "").lower() in ("questions", "fragen") and number < 10:
            continue  # "48 questions in an Excel file" sizes a questionnaire; "2 questions" only announces theirs
        if match["n3"] or match["n4"]:
            if not re.match(rf"\s+(?:\w+\s+)?(?:{_NOUNS})\b", text[match.end() :], re.I):
                continue  # "alle 40" is a count only with what is counted
            noun_match = re.match(rf"\s+(?:\w+\s+)?({_NOUNS})\b", text[match.end() :], re.I)
            noun = noun_match[1].lower() if noun_match else "people"
            written = match[0] + (noun_match[0] if noun_match else "")
        else:
            noun = (match["noun"] or "people").lower()
            written = match[0]
        written = _qualified(text, match.start(), written.strip(), match.end())
        found.append(Count(text=written, number=number, noun=noun))
        # "9 Nutzer, wir sind aber nur noch 7", "billed for 12 seats but we only have 9": the other side, counted too
        shape = re.fullmatch(r"(\d{1,5}) ([^\W\d]+)", written)
        other = _CONTRAST.match(text, match.end()) if shape else None
        if shape and other and int(other["n"]) != number:
            against.append(Count(text=f"{other['n']} {shape[2]}", number=int(other["n"]), noun=noun))
    # (not when the other side is counted with its own noun: "… but we only have 9 people")
    found += [c for c in against if all(f.number != c.number for f in found)]
    for changed in _CHANGED.finditer(text):  # "unsere Nutzerzahl von 40 auf 28 reduziert": how many there are now
        noun = next((n for word, n in _CHANGED_NOUN if word in changed["what"].lower()), "users")
        if all(f.number != int(changed["n"]) for f in found):
            found.append(Count(text=f"{changed['n']} {noun}", number=int(changed["n"]), noun=noun.lower()))
    # the count they say they need now goes first: it is the one a change of seats is about ("we only need about 32
    # seats now", not the 45 they have)
    needed = {m["n"] for m in _NEEDED.finditer(text)}
    found.sort(key=lambda c: str(c.number) not in needed)
    return tuple({c.text: c for c in found}.values())


#: "only need about 32 seats", "brauchen nur noch 28 Lizenzen", "n'avons plus besoin que de 9 licences".
_NEEDED = caseless(
    r"\b(?:only\s+need|need\s+only|need\s+just|now\s+need|brauchen\s+(?:nur\s+noch|nur|jetzt\s+nur|noch)|"
    r"benötigen\s+(?:nur\s+noch|nur)|(?:plus|n')\s*(?:besoin|avons\s+besoin)\s+que\s+de|"
    r"n'avons\s+plus\s+besoin\s+que\s+de)\s+(?:(?:about|around|roughly|etwa|ca\.|rund|environ)\s+)?(?P<n>\d{1,5})\b"
)


#: A number of users or seats changed from one figure to another: the figure it is now.
_CHANGED = caseless(
    r"\b(?P<what>nutzerzahl|lizenzzahl|anzahl (?:der|an) (?:nutzer|lizenzen|plätze)|user count|seat count|number of "
    r"(?:users|seats|licen[cs]es)|nombre d'utilisateurs|nombre de (?:licences|sièges|postes))\s+(?:\w+\s+)?"
    r"(?:von|from|de)\s+\d{1,5}\s+(?:auf|to|à)\s+(?P<n>\d{1,5})\b"
)
#: What the changed count counts, by a word in it, in the customer's language (else users).
_CHANGED_NOUN = (
    ("nutzer", "Nutzer"),
    ("lizenz", "Lizenzen"),
    ("plätze", "Plätze"),
    ("seat", "seats"),
    ("utilisateur", "utilisateurs"),
    ("licen", "licences"),
    ("sièges", "sièges"),
    ("postes", "postes"),
)


#: The number a count is set against in the same sentence: "…, wir sind aber nur noch 7", "… but we only have 9".
_CONTRAST = caseless(
    r"[^.?!\n]{0,40}?\b(?:aber|but|mais|jedoch|only|nur(?: noch)?|seulement|que)\b[^.?!\n\d]{0,30}?"
    r"(?<![\w.,])(?P<n>\d{1,5})(?![\w:%€$]|[.,]\d|\s?(?:%|€|\$|h\b|uhr\b|min))"
)


def current(found: tuple[Count, ...], body: str) -> tuple[Count, ...]:
    """``found`` without the numbers they corrected ("I wrote 12 users, it's actually 21")."""
    wrong = corrected_numbers(body)
    return tuple(c for c in found if c.number not in wrong) if wrong else found
