"""What a faulty device does, in the customer's words and then in ours: "has started rebooting itself every 10-15
minutes" is a device that keeps restarting, "zeigt nur noch ein schwarzes Display" one with a black screen. Pure.

The reading keeps a short key per symptom (``symptoms``); ``worded`` says it in the reply's language, as the end of
"Your TC-300 (serial …) …", so a restatement names what is wrong instead of "is not working".
"""

from __future__ import annotations

from ..caseless import caseless

#: Each symptom: its key, what customers write (English, German, French), and how the reply says it.
_SYMPTOMS = (
    (  # first: what came out of the box broken is said as that, whatever else it then does; a screen by name
        "cracked_screen",
        r"\b(?:(?:screen|display|touchscreen|touch screen) (?:is |was |came |arrived )?"
        r"(?:cracked|smashed|shattered)|(?:cracked|smashed|shattered) (?:screen|display|touchscreen)|"
        r"(?:display|bildschirm|touchscreen) (?:ist |war )?"
        r"(?:gesprungen|zersplittert|gebrochen)|(?:gesprungene[sm]?|zersplitterte[sm]?) (?:display|bildschirm)|"
        r"écran (?:est |était )?(?:fendu|fissuré|brisé|cassé)|écran (?:tout )?(?:fendu|fissuré))",
        {"en": "arrived with a cracked screen", "de": "ist mit gesprungenem Display angekommen",
         "fr": "est arrivé avec l'écran fendu"},
    ),
    (
        "damaged",
        r"\b(?:arrived (?:damaged|broken|cracked|smashed|dented)|"
        r"(?:screen|display|housing|case|casing) (?:is |was |came )?"
        r"(?:cracked|smashed|shattered|broken|dented)|(?:box|parcel|package|carton) (?:was |arrived |came )?"
        r"(?:visibly )?(?:crushed|damaged|dented)|damaged (?:in transit|on arrival|during shipping)|"
        r"(?:beschädigt|kaputt|defekt) (?:angekommen|geliefert|an)|"
        r"(?:display|bildschirm|gehäuse|glas) (?:ist |war )?"
        r"(?:gesprungen|gebrochen|zersplittert|eingedrückt|gerissen)|transportschaden|(?:karton|paket) (?:war )?"
        r"(?:stark |deutlich )?(?:eingedrückt|beschädigt|zerdrückt)|"
        r"(?:arrivée?|livrée?|reçue?) (?:endommagée?|cassée?|abîmée?)|écran (?:est )?(?:fendu|fissuré|cassé|brisé)|"
        r"(?:colis|carton) (?:était |est arrivé )?(?:écrasé|endommagé|abîmé)|"
        r"dommage(?:s)? (?:de|pendant le) transport)",
        {"en": "arrived damaged", "de": "ist beschädigt angekommen", "fr": "est arrivé endommagé"},
    ),
    (
        "restarts",
        r"\b(?:keeps? (?:on )?(?:rebooting|restarting)|(?:rebooting|restarting|reboots|restarts) (?:itself|on its own|"
        r"by itself|every|constantly|randomly|over and over)|boot ?loop|startet (?:sich )?(?:ständig|immer wieder|"
        r"dauernd|andauernd|alle \d+)[^.]{0,20}neu|neustart-?schleife|redémarre (?:tout seul|toute seule|en boucle|"
        r"sans arrêt|sans cesse|toutes les))",
        {"en": "keeps rebooting itself", "de": "startet immer wieder neu", "fr": "redémarre sans cesse"},
    ),
    (
        "black_screen",
        r"\b(?:(?:black|blank) (?:screen|display)|"
        r"(?:screen|display) (?:is|stays|went|goes|has gone) (?:black|blank|dark)|"
        r"schwarze[sn]? (?:display|bildschirm)|(?:display|bildschirm) (?:bleibt|ist|wird) (?:schwarz|dunkel)|"
        r"écran (?:noir|reste noir|éteint)|l'écran (?:reste|est) noir)",
        {"en": "shows only a black screen", "de": "zeigt nur noch ein schwarzes Display",
         "fr": "n'affiche plus qu'un écran noir"},
    ),
    (
        "no_power",
        r"\b(?:(?:won't|will not|doesn't|does not|no longer) (?:turn|power|switch|boot) (?:on|up)|"
        r"(?:lässt sich|lässt es sich) nicht (?:mehr )?(?:ein|an)schalten|geht nicht (?:mehr )?an|"
        r"ne s'allume (?:plus|pas)|ne démarre (?:plus|pas))",
        {"en": "does not switch on", "de": "lässt sich nicht mehr einschalten", "fr": "ne s'allume plus"},
    ),
    (
        "not_reading",
        r"\b(?:(?:doesn't|does not|won't|no longer|stopped) (?:read|reading|recogni[sz]e|recogni[sz]ing) "
        r"(?:the |any |our )?"
        r"(?:cards?|badges?|chips?|fobs?|tags?)|(?:liest|erkennt) (?:keine|die) (?:karten|chips|ausweise|badges)"
        r"(?: nicht)?(?: mehr)?|ne (?:lit|reconnaît) plus (?:les |aucun )?(?:badges?|cartes?))",
        {"en": "no longer reads cards or badges", "de": "liest keine Karten oder Chips mehr",
         "fr": "ne lit plus les badges"},
    ),
    (
        "freezes",
        r"\b(?:freezes|keeps freezing|hangs|locks up|friert (?:ständig |immer wieder )?ein|hängt sich (?:ständig )?auf|"
        r"se fige|reste figé|plante)\b",
        {"en": "freezes", "de": "friert ein", "fr": "se fige"},
    ),
    (
        "offline",
        r"\b(?:(?:shows|is|stays|went|keeps going) offline|(?:doesn't|does not|won't|stopped) (?:sync|syncing|connect|"
        r"connecting)|(?:synchronisiert|verbindet sich) nicht(?: mehr)?|steht (?:seit [^.]{0,30})?auf „?offline|"
        r"(?:est|reste|apparaît) hors ligne|ne (?:se )?synchronise plus|ne se connecte plus)",
        {"en": "does not connect or sync", "de": "verbindet oder synchronisiert sich nicht",
         "fr": "ne se connecte plus"},
    ),
    (
        "battery",
        r"\b(?:battery (?:drains|dies|runs (?:flat|out)|doesn't (?:last|hold|charge))|"
        r"(?:won't|doesn't|does not) charge|"
        r"akku (?:hält nicht|ist (?:sofort|ständig) leer|lädt nicht)|lädt nicht (?:mehr )?|"
        r"(?:la )?batterie (?:se décharge|ne tient|ne (?:se )?charge))",
        {"en": "does not hold its charge", "de": "hält seine Ladung nicht", "fr": "ne tient plus la charge"},
    ),
)  # fmt: skip
_PATTERNS = tuple((key, caseless(pattern)) for key, pattern, _ in _SYMPTOMS)
_WORDING = {key: wording for key, _, wording in _SYMPTOMS}


def symptoms(text: str) -> tuple[str, ...]:
    """The keys of the device symptoms ``text`` describes, in the order of the table."""
    return tuple(key for key, pattern in _PATTERNS if pattern.search(text))


def worded(keys: tuple[str, ...], language: str) -> str:
    """The first symptom, said in ``language`` ("keeps restarting itself"); "" when there is none."""
    return next((_WORDING[k].get(language, _WORDING[k]["en"]) for k in keys if k in _WORDING), "")
