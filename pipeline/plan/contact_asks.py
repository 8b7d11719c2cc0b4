"""What the customer asks about the contact itself, beside their questions: a call, someone senior, a threat to
cancel or not to renew, when they can take a call, and whether they write before ordering. Pure; never raises.
"""

from __future__ import annotations

import re

from ..caseless import caseless

#: "telefonisch" asks for a call, but "wie telefonisch bereits angekündigt" tells of one that was.
PHONE_WORD = (
    r"(?<!\bwie )telefonisch(?! (?:(?:bereits|schon|so) )?(?:angekündigt|besprochen|vereinbart|mitgeteilt|"
    r"abgesprochen|erwähnt|gemeldet|durchgegeben|geklärt))"
)

_CONTACT = (
    ("call", re.compile(
        r"\b(call me|call us|call (?:me |us )?back|(?<![/_.-])callback(?![/_.-])|call-back|phone me|phone us|"
        r"ring me|ring us|"
        r"give (?:me|us) a (?:call|ring)|(?:have|schedule|set up|arrange|book|jump on|get on|hop on|do) a "
        r"(?:quick |short |brief |phone |video )?call|phone call|please call|talk (?:on|by|over) the phone|"
        r"speak (?:to|with) (?:someone|somebody|a person|a human)|mit jemandem (?:\w+ )?sprechen|"
        r"parler (?:à|avec) quelqu'un|"
        r"rückruf|rufen sie (?:mich|uns)|anrufen|zurückrufen|zurückzurufen|telefonat|telefonieren|"
        + PHONE_WORD + r"|"
        r"appelez-moi|appelez-nous|rappelez-moi|rappelez-nous|(?:m|nous)'appeler|(?:me|nous) rappeler|"
        # "un appel sur cinq revient en 429": a call to the API, not one to them
        # (nor "un appel toutes les 10 secondes", "un appel GET /v2/…": how often their code calls ours)
        r"un appel(?! sur\b)(?! (?:à|vers|de) (?:l'|votre |notre |leur )?(?:api|endpoint|webhook))"
        r"(?! (?:toutes|tous|chaque|par|get|post|put|patch|delete|api|http)\b)|"
        # ("Je vous rappelle que vous avez un mois": a reminder, not a call)
        r"m'appelle|nous appelle|me rappelle|nous rappelle(?! que)|anruft|calls? (?:me|us)|rings? (?:me|us)|"
        r"phones? (?:me|us)|"
        r"échange téléphonique|(?<!\bconvenu )(?<!\bindiqué )(?<!\bannoncé )(?<!\bévoqué )(?<!\bdit )par téléphone|"
        # "Ich bin heute ab 14 Uhr im Büro erreichbar unter 08141 …", "I'm reachable on 0161 …": call them there
        r"(?:erreichbar|reachable|joignable|available)\b[^.\n]{0,40}?\b(?:unter|on|at|au|sur)(?= \+?\(?\d))\b", re.I)),
    ("senior", re.compile(
        # "a manager", "or manager": asked for; "Office manager", "operations manager": a title they sign with
        r"\b((?<!\bi'm a )(?<!\bi am a )(?<!\bi'm the )(?<!\bi am the )"
        r"(?:(?<=\ba )|(?<=\ban )|(?<=\bthe )|(?<=\byour )|(?<=\bto )|(?<=\bwith )|(?<=\bor )|(?<=\bsome ))"
        r"(?:senior |real )?(?:manager|supervisor)|(?:someone|somebody) (?:more |a bit more |much more )?senior|"
        r"somebody senior|senior (?:person|staff|member|engineer|colleague)|your (?:boss|superior|head of \w+)|"
        # a title asked for ("mit Ihrer Teamleitung", "einen Vorgesetzten"), not one signed with ("Teamleitung Dispo")
        # ("ich bin Geschäftsführerin", "unsere Teamleitung": who they are, not whom they ask for)
        # ("von der Abteilungsleitung freigegeben": who approved, not whom they ask for)
        r"(?<=[ ,(/])(?<!\bbin )(?<!\bals )(?<!\bunsere )(?<!\bunserer )(?<!\bunser )(?<!\bmeine )(?<!\bmein )"
        r"(?<!\bvon der )(?<!\bdurch die )(?<!\bvon unserer )(?<!\bvom )"
        r"(?:vorgesetzte[nr]?|teamleiter(?:in)?|teamleitung|abteilungsleit\w*|geschäftsführ\w*)|"
        r"vorgesetzte[nr]?|jemand\w* mit (?:\w+ )?(?:entscheidungs\w*|befugnis\w*)|"
        r"(?:someone|somebody) with (?:real |the |actual )?(?:authority|decision[- ]making power)|"
        # "A team lead or above.", "a call with your team lead" (not "I'm the team lead here")
        r"team lead(?:er)? or (?:above|higher|more senior)|(?<=with )(?:a|your|the) team lead(?:er)?|"
        r"your team lead(?:er)?|"
        r"führungskraft|un responsable|votre responsable|supérieur hiérarchique|votre supérieur|"
        # "jemand aus der Leitung Ihres Supports", "someone from your management"
        r"jemand\w* aus (?:der |ihrer |eurer )?\w*leitung|leitung (?:ihres|eures|des) (?:supports?|kundenservices?)|"
        r"(?:ihre|eure) (?:support|kundenservice|service)leitung|(?:someone|somebody) (?:from|in) (?:your )?"
        r"(?:management|leadership)|quelqu'un de (?:la |votre )?direction|"
        # ("escalate this" alone asks for the problem to go higher, not for a manager's call: it is named back)
        # "einen Rückruf von jemandem, der Entscheidungen treffen kann, nicht vom First-Level"
        # ("dass sich jemand bei mir meldet, der auch was zu entscheiden hat")
        # ("quelqu'un de chez vous qui a un vrai pouvoir de décision")
        r"(?:jemand\w*|someone|somebody|quelqu'un)(?: (?:de chez vous|chez vous|bei Ihnen|von Ihnen|on your side|at "
        r"your end))?(?: (?:sprechen|reden|talk|speak|parler|bei (?:mir|uns) meldet|"
        r"(?:to )?(?:call|contact|get back to) (?:me|us)|(?:me|nous) (?:rappelle|contacte)))?,? (?:der|die|who|qui) "
        r"(?:\w+ ){0,5}?(?:entscheid\w*|"
        r"Entscheidungen|Verantwortung|verantwortlich|decide|decisions|responsible|in charge|décide\w*|décisions?|"
        r"(?:was|etwas) zu sagen hat|das Sagen hat|has a say|a son mot à dire)|"
        r"(?:not|than) (?:from |with )?(?:the )?first[- ](?:line|level)|nicht (?:vom |mit dem |den )?first[- ]level|"
        r"pas (?:par |avec )?(?:le |du )?(?:support de )?premier niveau)\b", re.I)),
    ("cancel_threat", re.compile(
        r"\b((?:we|i)(?:'ll| will| would| are going to| am going to| might| may| must| shall)"
        r"(?: have to| be forced to)? (?:cancel|terminate|switch|leave|move to another)|"
        r"(?:considering|consider|thinking (?:about|of)|plan(?:ning)? to|going to) "
        r"(?:cancel(?:l)?ing|cancel|terminat\w+|switching|leaving)|(?:or|otherwise|else) (?:we|i)(?:'ll| will)? cancel|"
        r"(?:if|unless)\b[^.!?\n]{0,100}?(?:i'm|i’m|i am|we're|we’re|we are) "
        r"(?:cancel(?:l)?ing|terminating|leaving|switching)|"
        r"mov(?:e|ing) (?:over )?to (?:a |another )?(?:competitor|another (?:provider|vendor|tool))|"
        r"kündigen wir|(?:werden|würden|müssen|wollen) wir (?:\w+ ){0,4}kündigen|(?:überlegen|erwägen) (?:\w+ ){0,3}"
        r"(?:zu )?kündig\w*|sonst kündig\w*|(?:die |eine )?kündigung (?:in betracht|erwägen|überlegen)|"
        r"nous allons (?:résilier|annuler|changer de)|nous (?:résilierons|annulerons)|je (?:résilierai|résilie)|"
        r"(?:passer|passerons|partirons|irons) chez (?:un|le|votre) concurrent|"
        r"(?:zu|zur) (?:einem |der )?(?:konkurrenz|wettbewerber|anderen anbieter)\w* (?:zu )?wechseln|"
        r"(?:envisageons|envisager) de "
        r"(?:résilier|annuler|changer)|sinon nous (?:résili|annul)\w*)\b", re.I)),
    ("not_renew", re.compile(
        r"\b((?:will|would|shall|'ll)(?: not|n't) (?:be )?renew(?:ing)?|won't (?:be )?renew(?:ing)?|not renewing|"
        r"no longer renew|(?:don't|do not) (?:plan|intend|want) to renew|not (?:going|planning) to renew|"
        r"not (?:inclined|minded) to (?:renew|sign)|reconsider(?:ing)? (?:our |the )?renewal|"
        # "je n'ai pas l'intention de le renouveler", "wir haben nicht vor, zu verlängern"
        r"(?:pas|plus) l'intention de (?:le |la |les )?renouveler|nicht vor,? (?:\w+ ){0,3}(?:zu )?verl(?:ä|ae)ngern|"
        r"(?:not|won't|wouldn't|can't|cannot) (?:\w+ ){0,3}(?:recomm?end|approve|support|sign off on|push for)(?:ing)? "
        r"(?:to (?:\w+ ){1,3})?"
        r"(?:that )?(?:we |our |the |a )?renew(?:al|ing)?|recommend (?:against|not) (?:renewing|(?:the |our )?renewal)|"
        # "I will be recommending to the governors that we do not renew"
        r"recommend(?:ing)? (?:to [\w ]{3,30} )?that (?:we|they) (?:do not|don't|not|should not|shouldn't) renew|"
        # (also written without umlauts: "so wie es aussieht, verlaengern wir den nicht")
        r"nicht (?:mehr )?verl(?:ä|ae)ngern|keine verl(?:ä|ae)ngerung|nicht verl(?:ä|ae)ngert|"
        r"verl(?:ä|ae)nger\w* (?:wir|ich) (?:[\w.]+ ){0,3}nicht|"  # ("verlängern wir zum 31.01. nicht")
        r"pas (?:certaine?s?|sûre?s?) de (?:\w+ ){0,2}(?:son |le |notre |leur )?renouvel\w*|"
        r"pas (?:certaine?s?|sûre?s?) qu['e] ?(?:on|nous) (?:\w+ )?renouvel\w*|"
        r"nicht sicher, ob wir (?:\w+ ){0,3}verlängern|ne (?:pas|plus) renouveler|"
        r"ne (?:le |la |les )?renouvel\w* (?:pas|plus)|pas (?:de )?renouvel\w*|"
        # "je ne vois pas pourquoi nous renouvellerions le contrat", "I don't see why we would renew"
        r"pourquoi (?:nous|on) (?:renouvellerions|renouvellerait|renouvelerions)|why (?:we|i) (?:would|should) renew|"
        r"warum wir (?:\w+ ){0,3}verlängern (?:sollten|würden|sollen)|"
        # "Notre renouvellement tombe le 31 janvier et, en l'état, je ne le signerai pas"
        # "I am not signing another year at €7,140", "ein weiteres Jahr unterschreibe ich nicht"
        r"(?:not|n't|never) (?:be )?sign(?:ing)? (?:up )?(?:for )?another (?:year|term)|"
        r"(?:ein )?weiteres jahr (?:\w+ ){0,3}(?:nicht|keinesfalls)|(?:pas|plus) (?:pour )?une année de plus|"
        r"(?:renewal|renouvellement|verlängerung)[^.!?]{0,80}?(?:(?:won't|will not|wouldn't|not going to|"
        r"(?:am|'m) not) sign|"
        r"ne (?:le |la )?sign\w* pas|nicht (?:unterschreiben|unterzeichnen)))\b",
        re.I)),
)  # fmt: skip


#: Words one of which each kind's pattern needs: most mail has none, and a substring test costs a
#: hundredth of the case-insensitive pattern (measured: 330 µs of a 3 ms reading went to these four).
_CONTACT_STEMS = {
    "call": ("call", "phone", "ring ", "rings ", "speak", "sprechen", "parler", "rückruf", "rufen", "anruf", "telefon",
             "erreichbar", "reachable", "joignable", "available",
             "appel", "téléphon"),
    "senior": ("manager", "supervisor", "senior", "boss", "superior", "head of", "escalat", "vorgesetzt", "teamleit",
               "abteilungsleit", "geschäftsführ", "eskal", "führungskraft", "responsable", "supérieur", "escalad",
               "entscheid", "decide", "decision", "décid",
               "décision", "first", "premier niveau", "verantwort", "in charge",
               "zu sagen", "das sagen", "a say", "mot à dire", "leitung", "management", "leadership", "direction",
               "team lead"),
    "cancel_threat": ("cancel", "terminat", "switch", "leav", "move to another", "kündig", "résili", "annul",
                      "changer de", "concurrent", "konkurrenz", "wettbewerber", "anbieter"),
    "not_renew": ("renew", "verlänger", "verlaenger", "renouvel", "another year", "another term", "weiteres jahr",
                  "année de plus"),
}  # fmt: skip


def contact_requests(text: str) -> tuple[str, ...]:
    """Which of "call", "senior", "cancel_threat", "not_renew" the customer asked for or said."""
    low = text.lower()
    found = tuple(
        kind for kind, pattern in _CONTACT if any(stem in low for stem in _CONTACT_STEMS[kind]) and pattern.search(text)
    )
    if _NOT_ABOUT_US.search(text):  # "… nicht verlängern. Diese Entscheidung hat nichts mit Ihrem Produkt zu tun"
        found = tuple(k for k in found if k not in ("cancel_threat", "not_renew"))
    return found


#: They leave for a reason that is not us: a decision taken elsewhere, said plainly. No threat to take seriously.
_NOT_ABOUT_US = caseless(
    r"\b(?:nichts mit (?:ihrem|eurem|dem) (?:produkt|service|support|team) zu tun|nothing to do with (?:your|the) "
    r"(?:product|service|support|team)|rien à voir avec (?:votre|le) (?:produit|service|support|équipe)|"
    r"(?:not|nicht|pas) (?:a |une )?(?:reflection|kritik|reproche) (?:on|an|à))"
)


def without_threats(text: str) -> str:
    """``text`` without the sentences that threaten to cancel or not renew: they say what happens if the problem
    stays, never what the problem is ("Unser Jahresvertrag über 80 Lizenzen läuft am 31.12. aus" is no sales
    question)."""
    threats = ("cancel_threat", "not_renew")
    kept = [s for s in re.split(r"(?<=[.!?])\s+", text) if not set(threats) & set(contact_requests(s))]
    return " ".join(kept)


_PART_OF_DAY = (
    ("morning", re.compile(r"\b(mornings?|vormittags?|morgens|matin(?:s|ée|ées)?)\b", re.IGNORECASE)),
    # ("ab 14 Uhr", "from 2 pm", "à partir de 14h": from an afternoon hour)
    (
        "afternoon",
        re.compile(
            r"\b(afternoons?|nachmittags?|après-midi|(?:ab|from|after|à partir de|après) "
            r"(?:1[2-7](?:[:.]\d\d)?\s?(?:uhr|h)?|[1-5](?::\d\d)?\s?pm))\b",
            re.IGNORECASE,
        ),
    ),
)
#: The part of the day they say they cannot take a call: "vormittags bin ich … schlecht zu kriegen".
_NOT_THEN = caseless(
    r"\b(?:schlecht|nicht|kaum|not|hard to|difficilement|pas)\b[^.,;]{0,30}?\b(?:zu (?:kriegen|"
    r"erreichen)|erreichbar|reachable|reach|joignable|available|disponible)\b|\b(?:busy|beschäftigt|"
    r"occupée?)\b"
)


def call_hours(text: str) -> str:
    """ "morning" or "afternoon" when the customer says when they can take a call ("I'm free most afternoons"),
    else "" (also when they name both)."""
    # not "this morning it failed", nor "vormittags bin ich schlecht zu kriegen"
    clauses = [c for s in _about_a_call(text) for c in re.split(r"[,;]\s+", s)]
    about_a_call = " ".join(c for c in clauses if not _NOT_THEN.search(c))
    said = [part for part, pattern in _PART_OF_DAY if pattern.search(about_a_call)]
    return said[0] if len(said) == 1 else ""


_DAYS = (
    ("monday", "montag", "lundi"), ("tuesday", "dienstag", "mardi"), ("wednesday", "mittwoch", "mercredi"),
    ("thursday", "donnerstag", "jeudi"), ("friday", "freitag", "vendredi"), ("saturday", "samstag", "samedi"),
    ("sunday", "sonntag", "dimanche"),
)  # fmt: skip
#: A sentence that says when they are free for a call: "I'm free Monday or Tuesday afternoon, 01632 960118".
_FREE = caseless(
    r"\b(?:free|available|reachable|around|works? for me|suits? me|erreichbar|Zeit|passt|disponible|joignable|libre|"
    r"call|ring|anrufen|rufen|Anruf|Rückruf|appel\w*|rappel\w*)\b",
)
_SENTENCE = re.compile(r"[^.!?\n]+")


def _about_a_call(text: str) -> list[str]:
    """The sentences of ``text`` about being free for a call or about a call."""
    return [s for s in _SENTENCE.findall(text) if _FREE.search(s)]


def call_days(text: str) -> tuple[int, ...]:
    """The weekdays (0 = Monday) they name for a call in a sentence about being free or a call ("I'm free Monday
    or Tuesday afternoon"), in the order named; () when they name none."""
    for sentence in _about_a_call(text):
        words = re.findall(r"\w+", sentence.lower())
        named = [i for w in words for i, names in enumerate(_DAYS) if w in names or w.rstrip("s") in names]
        if named:
            return tuple(dict.fromkeys(named))
    return ()


#: Until when they can take a call: "Ich bin bis 15 Uhr unter 0221 … erreichbar", "I'm available until 4pm",
#: "joignable jusqu'à 17h30".
_UNTIL = caseless(
    r"\b(?:available|reachable|free|around|in the office|by the phone|on the phone)\b[^.!?\n]{0,30}?\buntil\s+"
    r"(?P<h>\d{1,2})(?::(?P<m>\d{2}))?\s*(?P<pm>am|pm|a\.m\.|p\.m\.)?|"
    r"\bbis\s+(?P<h2>\d{1,2})(?:[:.](?P<m2>\d{2}))?\s*Uhr\b[^.!?\n]{0,40}?\berreichbar|"
    r"\berreichbar\s+bis\s+(?P<h3>\d{1,2})(?:[:.](?P<m3>\d{2}))?\s*Uhr|"
    r"\b(?:joignable|disponible)s?\b[^.!?\n]{0,30}?\bjusqu'(?:à|a)\s+(?P<h4>\d{1,2})\s*h\s*(?P<m4>\d{2})?|"
    # "joignable le matin jusqu'à midi", "reachable until noon", "bis Mittag erreichbar"
    r"\b(?:joignable|disponible|available|reachable|free)s?\b[^.!?\n]{0,30}?\b(?:jusqu'(?:à|a)|until)\s+(?P<noon>midi|noon)|"
    r"\bbis\s+(?P<noon2>mittag)\b[^.!?\n]{0,40}?\berreichbar",
)


def reachable_until(text: str) -> str:
    """ "15:00" when they say they can be reached until then today, else ""."""
    found = _UNTIL.search(text)
    if found is None:
        return ""
    hour = 12 if found["noon"] or found["noon2"] else int(found["h"] or found["h2"] or found["h3"] or found["h4"])
    minute = int(found["m"] or found["m2"] or found["m3"] or found["m4"] or 0)
    if (found["pm"] or "").lower().startswith("p") and hour < 12:
        hour += 12
    return f"{hour:02d}:{minute:02d}" if hour < 24 and minute < 60 else ""


#: A customer writing before they buy: "I'd like to order …", "bevor wir bestellen", "avant de commander".
_NOT_ORDERED = caseless(
    r"\b(?:(?:would|'d) like to (?:order|buy|purchase)|(?:before|prior to) (?:I|we) (?:order|buy|purchase)"
    r"|thinking (?:of|about) (?:ordering|buying)|(?:würde|möchte|möchten|würden)\b[^.?!\n]{0,60}\b(?:bestellen|kaufen)"
    r"|bevor (?:ich|wir)\b[^.?!\n]{0,30}\b(?:bestelle|bestellen|kaufe|kaufen)"
    r"|(?:voudrais|aimerais|souhaite|souhaiterais|voudrions|aimerions)\b[^.?!\n]{0,60}\b(?:commander|acheter)"
    r"|avant de (?:commander|passer commande|acheter))",
)


def not_ordered_yet(text: str) -> bool:
    """Whether the customer writes before ordering, so an order number is nothing they could give."""
    return bool(_NOT_ORDERED.search(text))


#: When in the day they can take a call, as a range: "joignable … entre 9 h et 12 h", "zwischen 9 und 12 Uhr
#: erreichbar", "von 14 bis 16 Uhr", "call me between 2 and 4 pm", "de 14h à 16h".
_BETWEEN = caseless(
    r"\b(?:between|from|zwischen|von|entre|de)\s+(?P<a>\d{1,2})(?:[:.h]\s?\d{2})?\s*(?P<ap>am|pm|uhr|h)?\s*"
    r"(?:and|to|until|-|–|und|bis|et|à|a)\s+(?P<b>\d{1,2})(?:[:.h]\s?\d{2})?\s*(?P<bp>am|pm|uhr|h)\b",
)
_CALL_WORDS = caseless(
    r"\b(?:reach|reachable|available|call|phone|ring|erreichbar|anrufen|anruf|ruf|telefon|zurückrufen|rückruf|"
    r"joignable|disponible|appel|appeler|rappel|rappeler|téléphone)\w*",
)


_FROM_HOUR = caseless(r"\b(?:ab|from|after|à partir de|après) (?P<h>\d{1,2})(?::00)?\s?(?:uhr|h\b|(?P<pm>[ap]m)\b)")


def reachable_between(text: str) -> str:
    """ "09:00-12:00" when a sentence about calling them names the hours they can take it, else ""."""
    for sentence in re.split(r"(?<=[.!?])\s+|\n\s*\n", text):
        found = _BETWEEN.search(sentence) if _CALL_WORDS.search(sentence) else None
        since = _FROM_HOUR.search(sentence) if found is None and _CALL_WORDS.search(sentence) else None
        if since:  # "ab 14 Uhr erreichbar", "reachable from 2 pm": from then to the end of their afternoon
            start = int(since["h"]) + (12 if (since["pm"] or "").lower() == "pm" and int(since["h"]) < 12 else 0)
            return f"{start:02d}:00-{max(start + 2, 17):02d}:00" if 6 <= start <= 16 else ""
        if found is None:
            continue
        start, end = int(found["a"]), int(found["b"])
        if (found["bp"] or "").lower() == "pm" and end < 12:
            end += 12
            start += 12 if start + 12 <= end and (found["ap"] or "").lower() != "am" else 0
        if 0 <= start < end <= 24:
            return f"{start:02d}:00-{end:02d}:00"
    return ""


#: A phone number as customers write it: "0049 …", "0221 / 12345", "07700 900812", "06 11 58 32 74".
PHONE = re.compile(
    r"(?=[(+\d])(?:"  # every branch starts so: the lookahead spares the branches at every other character
    r"\(\d{2,4}\)\s?\d{3}[-. ]?\d{3,4}\b|(?:\+|\b00)\d[\d ()/.-]{6,}\d|"  # "(555) 013-8890", "+49 221 …"
    r"\b0\d{2,5}(?:\s?/\s?|[ -])?\d{2,}[\d -]*\d|\b0\d(?:[ .]\d{2}){4}\b|"  # ("08141 / 52 77 30")
    r"(?<![\d-])[2-9]\d{2}[-.]\d{3}[-.]\d{4}\b)"  # "312-555-0187": a North American number written with dashes
)
#: Words near a number that make it the one to call back on: "Appelez-moi au …", "call me on …", "erreichbar unter".
_CALL_ON = caseless(r"\b(?:call|ring|phone|reach|reachable|mobile|cell|appel\w*|rappel\w*|joignable|portable|"
                    r"erreichbar|anruf\w*|rufen|rückruf|handy|mobil)\b")  # fmt: skip


def callback_number(text: str) -> str:
    """The number they want a call on, as written: the one after call words ("Appelez-moi au 06 11 58 32 74"),
    else the only one they wrote; "" when there is none, or several and none is asked for."""
    numbers = list(PHONE.finditer(text))
    for found in numbers:
        if _CALL_ON.search(text, max(0, found.start() - 40), found.start()):
            return " ".join(found[0].split())
    return " ".join(numbers[0][0].split()) if len(numbers) == 1 else ""


_NAME = r"(?P<name>[A-ZÄÖÜÉ][a-zäöüéèëï]{2,}(?:-[A-ZÉ][a-zéèë]+)?)"
#: A colleague of ours they want by first name: "Please have Katrin call me", "preferably to Katrin", "que ce soit
#: Mathilde … qui me rappelle", "dass sich wieder Jana das anschaut", "Katrin soll mich anrufen".
_WANTED = tuple(
    re.compile(pattern.replace("NAME", _NAME))
    for pattern in (
        r"\b(?:have|let|ask) NAME (?:to )?(?:call|ring|phone|contact|get back|look)\b",
        r"\b(?:preferably|ideally|especially) (?:to|for|with) NAME\b",
        r"\b(?:I(?:'d| would) like|I want) NAME to (?:call|ring|phone|contact|get back|look|handle)\b",
        r"\bdass sich (?:wieder |bitte |erneut )?NAME (?:das |darum |bei (?:mir|uns) |mit (?:mir|uns) )*"
        r"(?:anschaut|ansieht|kümmert|meldet|in Verbindung setzt)\b",
        r"\bNAME (?:soll|möge|könnte) (?:mich|uns) (?:bitte )?(?:zurückrufen|anrufen|kontaktieren)\b",
        r"\bque ce soit NAME\b",
        r"\b(?:que|demander à) NAME (?:me|nous) (?:rappelle|contacte|appelle|recontacte)\b",
    )
)
_NOT_OURS = frozenset(("Sie", "Ihr", "Ihre", "The", "Your", "Vous", "Someone", "Somebody", "Jemand", "Quelqu"))


def wanted_person(text: str) -> str:
    """The first name of the colleague of ours they want to deal with ("Katrin"), "" when they name none."""
    for pattern in _WANTED:
        for found in pattern.finditer(text):
            if found["name"] not in _NOT_OURS:
                return found["name"]
    return ""


#: What the person they want on the phone is to tell them: "a call with someone senior … who can tell me what is
#: actually wrong and when it will be fixed", "jemanden, der mir sagen kann, woran es liegt", "qui puisse
#: m'expliquer ce qui se passe".
_TELL_ME = caseless(
    r"\b(?:who|that)\s+can\s+(?:tell|explain(?:\s+to)?|show)\s+(?:me|us)\s+|\b(?:der|die)\s+(?:mir|uns)\s+"
    r"(?:sagen|erklären)\s+kann,?\s+|\bqui\s+(?:puisse|pourra|peut)\s+(?:m'|nous\s+)(?:expliquer|dire)\s+"
)


#: Who they want, said after what that person is to explain: "…, und zwar nicht vom Vertrieb", "…, not sales".
_NOT_WHO = caseless(r",\s+(?:und zwar\s+)?(?:nicht|not|and not|pas|et pas|mais pas)\b")


def asked_on_call(request: str) -> str:
    """ "what is actually wrong and when it will be fixed properly?" when ``request`` asks for a call or someone
    senior who can tell them something, else ""."""
    told = _TELL_ME.search(request)
    if told is None or not contact_requests(request[: told.start()]):
        return ""
    asked = _NOT_WHO.split(request[told.end() :], maxsplit=1)[0].strip(" ,.;–—-")
    return f"{asked}?" if len(asked.split()) >= 3 else ""
