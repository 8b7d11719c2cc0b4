"""The parts of the product a customer names (a view, a page, a feature), so a reply can say where it is slow
or failing and need not ask "which pages?" again. Pure; never raises."""

from __future__ import annotations

import re

from ..caseless import caseless

#: The parts of the product a customer names: a view, page or tab by its name ("Board view", "the Reports tab",
#: "die Board-Ansicht", "la vue Planning") or a feature most work apps have ("the dashboard", "Zeiterfassung").
_AREA_NAMED = re.compile(
    # (not a pronoun: "We page with per_page=100" pages through results)
    r"\b(?!(?:The|Our|Your|My|This|That|Every|Each|Any|No|Since|On|In|At|La|Le|Les|Une|Un|Die|Der|Das|We|I|It|They|"
    r"You|Wir|Ich|Es|Nous|Je|Il|On|Votre|Notre|Vos|Nos|Ma|Mon|Mes|Cette|Ce|Unsere?|Ihre?|Meine?|Diese[rs]?|Eine?|"
    r"Monday|Tuesday|Wednesday|Thursday|Friday|"
    r"Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|December)\b)"
    # ("the Hours by Site report": its name's small word between the capitals)
    r"[A-Z][\w-]+(?:\s(?:by|per|of|and|&)\s[A-Z][\w-]+|\s(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday)\b)"
    r"[A-Z][\w-]+)?(?:\s(?:week|month|day|list|"
    r"board|team|project|client|time))?\s(?:view|page|tab|screen|panel|report)s?\b|"
    # a quoted name before what it is: 'the "Hours by client" report', "l'onglet « Rentabilité par projet »"
    r"(?<=[\"“„«])[^\"“”„«»\n]{3,40}(?=[\"”“»]\s(?:view|page|tab|screen|report|dashboard|ansicht|bericht|seite|"
    r"auswertung|vue|rapport)s?\b)|\b[A-ZÄÖÜ][\wäöüß-]*(?:[Aa]nsicht|[Üü]bersicht|[Ee]rfassung|[Aa]uswertung|"
    r"[Pp]lantafel|[Bb]erichte)\b|\b(?:Plantafel|Auswertungen|Berichte)\b|"
    r"\b(?:vue|page|onglet|écran)\s[A-Z][\w-]+\b|"
    # what it is, then its quoted name: 'Das Board "Produktion 2027"', "le tableau « Atelier »"
    r"\b(?:[Bb]oard|[Rr]eport|Bericht|[Dd]ashboard|[Vv]iew|Ansicht|tableau|rapport|vue|Seite|[Pp]age|[Tt]ab|Reiter|"
    r"Maske|onglet|écran)\s+[\"“„«]\s?[^\"“”„«»\n]{2,40}?\s?[\"”“»]|"
    # a menu path: "Reports > Team overview", "Einstellungen > Abrechnung"
    r"\b[A-ZÄÖÜ][\w-]*(?:\s>\s[A-ZÄÖÜ][\w-]*(?:\s(?!page\b|view\b|tab\b|and\b|und\b|et\b|or\b|to\b|with\b)"
    r"[a-zäöü][\w-]*){0,2})+"
)
_AREA_COMMON = caseless(
    r"\b(?:dashboard|timeline|time tracking|gantt chart|kanban board|list view|calendar view|tableau de bord|"
    r"startseite|planning)\b",
)
_FRENCH_KIND = re.compile(r"^(?:vue|page|onglet|écran)\s")
_QUOTED_NAME = re.compile(r"^\w+\s+[\"“„«]\s?(.+?)\s?[\"”“»]$")
_AREA_NOT = frozenset(("web page", "home page", "status page", "login page", "sign-in page", "error page"))


def areas(text: str) -> tuple[str, ...]:
    """The views, pages and features named in ``text``, as written (first mention first, at most three)."""
    found: dict[str, str] = {}
    matches = sorted([*_AREA_NAMED.finditer(text), *_AREA_COMMON.finditer(text)], key=lambda m: m.start())
    for match in matches:
        key = match[0].lower()
        # "page Rapports": the page's name, "Rapports"; 'Board "Produktion 2027"': "Produktion 2027"
        name = _FRENCH_KIND.sub("", _QUOTED_NAME.sub(r"\1", match[0]))
        if name[:1].isdigit():
            continue  # 'la page « 502 Bad Gateway »' names what the page shows, not which page
        if key not in _AREA_NOT and key not in found and not any(key in k for k in found):
            found[key] = name
    return tuple(found.values())[:3]
