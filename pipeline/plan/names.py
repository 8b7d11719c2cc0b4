"""Workspace, product or project names the customer gives in quotes or after "workspace": `workspace
"raman-analytics"`, „Lager Süd“, « Projet Alpha ». Pure; never raises."""

from __future__ import annotations

import re

from ..caseless import caseless

_NAME = caseless(
    r"\b(?:workspace|work space|project|product|team|org(?:anization|anisation)?|tenant|board|space|channel|folder|"
    r"store|shop|site|account|called|named|titled|arbeitsbereich|projekt|produkt|mandant|ordner|lager|filiale|"
    r"view|report|tab|field|option|button|ansicht|bericht|reiter|feld|schaltfläche|vue|rapport|onglet|champ|bouton|"
    r"namens|genannt|projet|espace(?: de travail)?|produit|dossier|équipe|boutique|nommée?|appelée?|intitulée?)"
    r"\s*(?:name\s*)?:?\s*(?P<gap>[a-zäöüßéèàçê]+\s+)?"  # a word between: "le rapport planifié « Stock hebdo »"
    r"(?:\"(?P<a>[^\"\n]{1,60})\"|“(?P<b>[^”\n]{1,60})”|„(?P<c>[^“”\n]{1,60})[“”]|«\s*(?P<d>[^»\n]{1,60}?)\s*»|"
    r"'(?P<e>[^'\n]{1,60})'(?!\w)|‘(?P<f>[^’\n]{1,60})’)",
)
# A workspace named without quotes, by its slug: "(workspace: webb-logistics)", "workspace quaylane)". Only a
# slug-like word (a hyphen, dot or digit in it, or a bracket or comma right after) counts, not "workspace settings".
_SLUG_NAME = re.compile(
    r"\b(?i:workspace|arbeitsbereich|espace de travail|espace)(?:\s+(?i:is|ist|est))?\s*[:(]?\s*[\"“„«]?\s*"
    r"(?P<slug>[a-z0-9][a-z0-9._-]{2,40})"
    r"(?=(?P<end>[),;.\"”“»]|\s|$))",
)
#: What follows "workspace" that is no name of it: "our workspace suffix, so …", "the workspace settings; …".
_NOT_A_SLUG = frozenset(("suffix", "prefix", "name", "names", "settings", "setting", "url", "id", "admin", "admins",
                         "owner", "domain", "plan", "limit", "slug", "members", "users", "account", "page", "link",
                         "level", "data", "einstellungen", "paramètres"))  # fmt: skip
#: A workspace's slug: "sonnenhof-pflege", "raman-lab2" (a hyphen or digit, no spaces).
_SLUG = re.compile(r"[a-z0-9]+(?:[-_.][a-z0-9]+)+|[a-z]+\d+")
#: A slug said before the word: "(cullen-retail workspace)", "im Workspace-Konto pfotenpark-sued" is after.
_SLUG_BEFORE = re.compile(r"(?<![\w/.@-])(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)+) (?i:workspace|arbeitsbereich)\b")
#: A name in quotes said before what it names: 'a new "Bristol North" location group', '"Weekly Labour Cost" report'.
_NAME_BEFORE = re.compile(
    r"(?:\"(?P<a>[A-Z0-9][^\"\n]{1,40})\"|“(?P<b>[A-Z0-9][^”\n]{1,40})”)\s+(?i:location|group|workspace|project|report|"
    r"team|site|store|shop|view|tab|field|option|button|folder|board|plan|account|template|filter|export)\b"
)
_BARE_GUILLEMETS = re.compile(r"„(?P<c>[^“”\n]{1,40})[“”]|«\s*(?P<d>[^»\n]{1,40}?)\s*»")


#: (not a value in code or JSON: `"city": "Helsinki"`, `name="Aino"`, `["A", "B"]`)
_SCREEN_NAME = re.compile(r'(?<![\w"])(?<![:=\[,]\s)(?<![:=\[,])"(?P<q>[A-ZÄÖÜÉ][^"\n]{1,30})"(?![\w"])(?!\s*[:,\]}])')


def names(text: str, not_these: tuple[str, ...] = ()) -> tuple[str, ...]:
    """Workspace, product or project names given in quotes: `workspace "raman-analytics"`, „Lager Süd“,
    « Projet Alpha ». German and French quotes of a few words count without a naming word before them."""
    found: list[tuple[int, str]] = []
    for match in _NAME.finditer(text):
        name = next(g for g in match.group("a", "b", "c", "d", "e", "f") if g)
        if match["gap"] and not name[:1].isupper() and not _SLUG.fullmatch(name):
            continue  # "the team is “looking into it”": someone's words, not the name of what they use
        found.append((match.start(), name))
    for match in _SLUG_NAME.finditer(text):
        slug = match["slug"].rstrip(".-")
        if re.search(r"[-_.\d]", slug) or (match["end"] in "),;" and slug not in _NOT_A_SLUG):
            found.append((match.start(), slug))
    found.extend((match.start(), match["slug"]) for match in _SLUG_BEFORE.finditer(text))
    found.extend((match.start(), match["a"] or match["b"]) for match in _NAME_BEFORE.finditer(text))
    for match in _BARE_GUILLEMETS.finditer(text):
        quoted = match["c"] or match["d"]
        if len(quoted.split()) <= 4 and not quoted.rstrip().endswith((".", "!", "?")):
            found.append((match.start(), quoted))
    # a button, view or filter in plain quotes, capitalised as on screen: `"Alle Standorte" auswählt`, `opens the
    # "Open Shifts" tab` (a sentence or a shout in quotes is not one)
    for match in _SCREEN_NAME.finditer(text):
        quoted = match["q"].strip()
        words = quoted.split()
        # every word capitalised, as a label is ("Alle Standorte"; not a quoted instruction, "Browser-Cache leeren")
        labelled = all(w[:1].isupper() or w[:1].isdigit() for w in words)
        if len(words) <= 3 and labelled and not quoted.endswith((".", "!", "?", ",", ":")) and not quoted.isupper():
            found.append((match.start(), quoted))
    # an error message they quoted is no name, nor the urgent mark of a subject ("« URGENT » de l'objet")
    skip = {n.lower() for n in not_these} | {"urgent", "dringend", "wichtig", "important", "urgence"}
    return tuple(dict.fromkeys(n.strip() for _, n in sorted(found) if n.strip() and n.strip().lower() not in skip))
