"""Proper names the customer wrote without quotes: the products, tools and companies their problem is
about ("HubSpot", "DATEV", "Desk Hub Pro", "Wölfl Holzbau GmbH", "Okta"), places ("Portugal"), street
addresses ("Keizersgracht 221") and bank accounts (an IBAN, kept only as its last four digits so that the
reply never repeats a full account number). Pure; as written; in order of appearance.

Only the prose counts: the lines after the last real sentence are a signature ("Ben Carter, Carter Media,
+1 415 …"), and the customer's own company and name there are not what their problem is about.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..caseless import caseless

# Capitalised words that are no name: sentence starters that survive a split, days, months, greetings,
# languages, time zones ("afternoons Eastern time") and the words people capitalise for emphasis. Lower-cased.
_NOT_NAMES = frozenset(
    (
        "broken", "damaged", "defective", "faulty", "cracked", "missing",  # a condition in a table, no name
        "i", "i'm", "i've", "i'd", "i'll", "i’m", "i’ve", "i’d", "i’ll", "ok", "okay", "hi", "hello", "hey",
        "dear", "thanks", "thank", "best", "regards", "cheers", "please", "monday", "tuesday", "wednesday",
        "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april", "may", "june", "july",
        "august", "september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
        "sep", "sept", "oct", "nov", "dec", "mr", "mrs", "ms", "dr", "prof", "sir", "madam", "english", "german",
        "french", "spanish", "italian", "dutch", "europe", "eu", "us", "uk", "q1", "q2", "q3", "q4", "is", "are",
        "do", "does", "did", "can", "could", "would", "will", "should", "the", "a", "an", "our", "my", "we", "you",
        "they", "it", "this", "that", "these", "there", "then", "and", "but", "or", "so", "if", "also", "lundi",
        "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "janvier", "février", "mars", "avril",
        "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre", "bonjour", "merci",
        "madame", "monsieur", "je", "nous", "vous", "le", "la", "les", "un", "une", "mon", "notre", "votre", "et",
        "mais", "ou", "donc", "si", "art", "abs", "nr", "no", "eastern", "pacific", "central", "mountain",
        "atlantic", "reply-to", "reply", "cc", "bcc", "article", "artikel",
        # holidays: when something happens, not a product ("We close for Christmas on the 18th")
        # defined terms of a contract, capitalised in a formal notice ("the Agreement", "the Subscription Term")
        "agreement", "subscription", "term", "terms", "party", "parties", "services", "supplier", "provider", "notice",
        "conditions", "contrat", "règlement", "ville", "vertrag", "bedingungen", "trust",
        "christmas", "xmas", "easter", "weihnachten", "ostern", "silvester", "noël", "pâques", "toussaint",
    )
)  # fmt: skip
# Words people write in capitals that name nothing: emphasis, time zones, roles, reply prefixes.
_NOT_ACRONYMS = frozenset(
    (
        "NOT", "ASAP", "FYI", "URGENT", "PLEASE", "HELP", "ALL", "NO", "AND", "THE", "OR", "OK", "ANY", "NOW",
        "TODAY", "STILL", "AGAIN", "NEVER", "EVER", "VERY", "ONLY", "BUT", "YOU", "WE", "THIS", "THAT", "IS",
        "ARE", "DO", "DONT", "CANT", "WONT", "FIRST", "SECOND", "THIRD", "NICHT", "KEIN", "KEINE", "BITTE",
        "DRINGEND", "SOFORT", "JETZT", "IMMER", "NOCH", "PAS", "TOUJOURS", "ENCORE", "RE", "AW", "FW", "FWD", "WG",
        "TR", "CET", "CEST", "UTC", "GMT", "ET", "PT", "PST", "PDT", "EST", "EDT", "BST", "MEZ", "MESZ", "AM",
        "PM", "PS", "NB", "CC", "BCC", "IT", "HR", "CEO", "CTO", "CFO", "COO", "VP", "API", "URL", "HTTP", "HTTPS",
        "WWW", "JSON", "XML", "HTML", "GMBH", "LTD", "LLC", "INC", "EUR", "USD", "GBP", "CHF", "JPY", "CAD", "AUD",
        "SEK", "NOK", "DKK", "PLN", "CZK", "VAT", "TVA", "MWST", "UST", "POST", "GET", "PUT", "PATCH", "DELETE",
        "IBAN", "BIC", "USB", "LED", "PDF", "NDA", "DPA", "AVV", "ISO", "SOC", "GDPR", "DSGVO", "RGPD", "FAQ",
        "CRM", "ERP", "SLA", "SDK", "TRUE", "FALSE", "NULL", "NONE", "NOTHING", "EVERYTHING", "WHY", "WHAT", "HOW",
        "WHEN", "WHERE", "WHO", "YES", "NEED", "MUST", "ONE", "TWO", "FOUR", "FIVE", "SIX", "SEVEN", "EIGHT", "NINE",
        "TEN", "TWICE", "ZERO", "EVERY", "SAME", "WRONG", "BROKEN", "DOWN", "ZWEI", "DREI", "VIER", "FÜNF", "MAL",
        # roles ("notre DAF", "unser ISB"), and words written in capitals for weight ("le SEUL administrateur")
        "DAF", "RSSI", "DSI", "DPO", "DSB", "ISB", "CISO", "CIO", "PDG", "DRH", "RAF", "SEUL", "SEULE", "ALLEIN",
        "NIE", "NICHTS", "ALLES", "RIEN", "TOUT", "JAMAIS", "TOTAL", "KOMPLETT", "CHY",
    )
)  # fmt: skip
# HTTP reason phrases ("429 Too Many Requests") are read with the status; their words name nothing.
_REASON_WORDS = frozenset(
    (
        "too", "many", "requests", "bad", "gateway", "timeout", "service", "unavailable", "internal", "server",
        "error", "not", "found", "forbidden", "unauthorized", "unauthorised", "request", "method", "allowed",
        "conflict", "gone", "payload", "large", "unprocessable", "entity",
    )
)  # fmt: skip
# A job title ("Operations Director", "IT Coordinator") is who they are, not what the problem is about.
_ROLE = re.compile(
    r"\b(?:Director|Manager|Lead|Coordinator|Officer|Head|Engineer|Assistant|Administrator|Owner|"
    r"Leiter(?:in)?|Leitung|Geschäftsführer(?:in)?|Directeur|Directrice|Responsable|Gérant(?:e)?)$"
)
_WORD = re.compile(r"[^\W\d_][\w'’&.-]*[^\W_]|[^\W\d_]", re.UNICODE)
_SHAPED = re.compile(r"[a-z][A-Z]|[A-Z][a-z]+[A-Z]|[A-ZÄÖÜ]{3}")  # a CamelCase word or an acronym somewhere
_CAMEL = re.compile(r"^(?=.{5})(?:[a-z]+[A-Z]|[A-Z][a-z]+[A-Z])[A-Za-z]*$")  # HubSpot, QuickBooks, iPhone
_ACRONYM = re.compile(r"^[A-ZÄÖÜ]{3,10}$")  # DATEV, SEPA, SAML, CSV
_MODEL = re.compile(
    r"\b(?:[A-Z][\w-]*\s){0,2}[A-Z][\w-]*\s(?:Pro|Mini|Max|Plus|Lite|Air|Ultra|XL|SE)\b(?:\s(?:Max|\d{1,3}))?"
)
_MODEL_LEAD = re.compile(r"^(?:(?:Statt|Der|Die|Das|Ein|Eine|Einen|Den|Dem|Unser|Unsere|Wir|Ich|The|Our|My|A|An|"
                         r"Instead|Le|La|Les|Un|Une|Mon|Notre|Au|Du)\s)+")  # fmt: skip
#: Services customers connect us to and sign in with, named in any language's prose (German capitalises every
#: noun, so "Okta" or "Google Kalender" cannot be told from the words around them by their capital alone).
_KNOWN = ("Google Calendar", "Google Kalender", "Google Agenda", "Google Drive", "Google Workspace", "Microsoft Teams",
          "Entra ID", "Azure AD", "Salesforce", "HubSpot", "Slack", "Outlook", "Xero", "DATEV", "Sage", "QuickBooks",
          "Zapier", "Jira", "Okta", "OneLogin", "JumpCloud", "Shopify", "Stripe", "Zendesk", "Dropbox", "OneDrive",
          "SharePoint", "Pipedrive", "Zoho", "Lexoffice", "sevDesk", "Personio", "Mailchimp", "Gmail",
          "Exchange")  # fmt: skip
_KNOWN_NAME = caseless(r"\b(?:" + "|".join(re.escape(k).replace(r"\ ", r"[\s-]") for k in _KNOWN) + r")\b")
_KNOWN_CASE = {k.lower(): k for k in _KNOWN}
#: A model by its code: "TS-200", "GW-40", "X2-500": letters, a hyphen and two to four digits, alone.
#: ("TS-200-EXT", a variant; "4 BS-10s", a plural)
_MODEL_CODE = re.compile(r"(?<![\w/-])[A-Z]{1,4}\d?-\d{2,4}[A-Z]?(?:-[A-Z]{2,4})?(?=s?(?![\w/-]))")
#: A person the customer names with a title: "Herr Dennis Albrecht", "Frau Sommer", "Mme Agnès Weber", "Mr Holt".
_PERSON = re.compile(
    r"(?:\b(?:Herrn?|Frau|Mr\.?|Mrs\.?|Ms\.?|Mme|Madame|Monsieur|Kollegin|Kollegen|Kollege|colleague|collègue)|"
    r"\bM\.|(?<!\w)(?:Dr|Mag|Prof)\.)\s(?:(?:Dr|Mag|Prof|Ing)\.\s)?(?P<who>[A-ZÄÖÜÉ][\wäöüéèß'-]+"
    r"(?:\s[A-ZÄÖÜÉ][\wäöüéèß'-]+)?)"
)
#: A company by its legal form or shape: "Grünwald Druck GmbH", "Vogel & Söhne" (renamed.py reads names with it).
COMPANY = re.compile(
    r"\b[A-ZÄÖÜ][\w'’.-]*[ ](?:(?:[A-ZÄÖÜ][\w'’.-]*|&)[ ]){0,3}"  # "Müller & Partner Logistik GmbH", one line
    r"(?:GmbH(?: & Co\. KG)?|gGmbH|AG|KG|SE|UG|Ltd\.?|Limited|LLC|Inc\.?|SARL|SAS|Trust|Foundation|Stiftung|Fondation|"
    r"S\.A\.|BV|B\.V\.|AB|Oy|ApS|plc|e\.V\.|Co\.|Corp\.|Corporation)(?![\w])|"
    r"\b(?!Danke\b|Thanks\b|Merci\b)[A-ZÄÖÜ][\w-]+ & (?!Gr[üu]ß)[A-ZÄÖÜ][\w-]+(?: (?-i:[A-ZÄÖÜ])[\w-]+){0,2}\b|"
    r"\b[A-ZÄÖÜ][\w-]+ (?:und|and|et) (?:Partner|Söhne|Sons|Co|Associates|Fils|Cie)\b"
)
#: The law they invoke: "Art. 17 GDPR", "Art. 15 DSGVO", "article 20 du RGPD".
_LAW = re.compile(
    r"\b(?:Art\.|Artikel|Article|article)\s?\d{1,3}(?:\s?(?:Abs\.|para\.?)\s?\d)?\s(?:(?:of the|der|du|de la)\s)?"
    r"(?:GDPR|DSGVO|DS-GVO|RGPD|BDSG|UK GDPR|General Data Protection Regulation|Datenschutz-Grundverordnung)\b"
)
#: The law named in full or pointed back to ("l'article 15 du Règlement général sur la protection des données",
#: "article 17 du même règlement"): said back short, "article 15 du RGPD".
_LAW_LONG = re.compile(
    r"\b(?P<head>(?:Art\.|Artikel|Article|article)\s?\d{1,3})\s(?:du|de la|of the|der|des)\s"
    r"(?:(?P<fr>Règlement général sur la protection des données|même règlement)|"
    r"(?P<en>General Data Protection Regulation|same regulation)|(?P<de>gleichen Verordnung|selben Verordnung))"
)
_LAW_SHORT = {"fr": "{} du RGPD", "en": "{} GDPR", "de": "{} DSGVO"}
#: The plan they are on or want, with what names it: "Team-Tarif", "Business plan", "formule Business".
_PLAN = re.compile(
    r"\b[A-Z][a-z]+-(?:Tarif|Plan|Paket|Abo|Lizenzen|Lizenz)\b|\b[A-Z][a-z]+ (?:plan|tier|edition)\b|"
    r"\b(?:formule|offre|licences?|Tarif) [A-Z][a-z]+\b"
)
#: An event or webhook topic by its dotted name: "order.updated", "invoice.payment_failed".
_EVENT_NAME = re.compile(
    r"(?<![\w./@-])(?P<event>[a-z]+(?:_[a-z]+)*\.[a-z]+(?:_[a-z]+)*)(?=\s+(?:events?|webhooks?)\b)|"
    # by its own shape, in any language: "l'événement time_entry.created", "invoice.payment_failed"
    r"(?<![\w./@-])(?P<shaped>[a-z]+(?:_[a-z]+)*\.(?:[a-z]+_)*(?:created|updated|deleted|completed|failed|succeeded|"
    r"paid|changed|cancell?ed|archived|added|removed))\b(?![./@-]\w)"
)
_ADDRESS = re.compile(
    r"\b[A-ZÄÖÜ][\wäöüß.-]*(?:straße|strasse|str\.|gasse|weg|platz|allee|ring|damm|ufer|gracht|laan|straat|"
    r"plein|kade|markt|steig)\s\d{1,4}\s?[a-z]?\b|"
    # written apart: "Kölner Straße 212", "Frankfurter Allee 3", "Am Alten Markt 5"
    r"\b(?!(?:Die|Der|Das|Den|Eine?|Jede|Unsere?|Ihre?|In|Auf|Im|An|Zur|Zum)\s)[A-ZÄÖÜ][\wäöüß-]+\s(?:Straße|Strasse|Str\.|Gasse|Weg|Platz|Allee|Ring|Damm|Ufer|Markt|Chaussee)\s"
    r"\d{1,4}\s?[a-z]?\b|"
    r"\b\d{1,5}\s(?:[A-Z][a-z]+\s){1,3}(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Way|Boulevard|Blvd|Place|"
    r"Square|Court)\b\.?|"
    r"\b\d{1,4}(?:\s?(?:bis|ter))?,?\s(?:rue|avenue|boulevard|bd|place|chemin|allée|quai|impasse|route)\s"
    r"(?:de\sla\s|de\sl'|du\s|des\s|de\s|d')?[A-ZÉ][\w'-]+(?:\s[A-ZÉ][\w'-]+){0,2}"
)
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){2,7}(?:\s?[A-Z0-9]{1,3})?\b")
_KEY = re.compile(r"(?:^|\s)[A-ZÄÖÜ][\w -]{1,20}:\s")  # "Workspace: fjordlight", "Billing contact: …"
_NOT_PROSE = re.compile(r"\t| {2,}|\||^\s*(?:File |at |Traceback)|[{}]|\"\s*:\s*\"|=>|\w\(\)")
_PROSE = re.compile(r"\b[a-zäöüßàâçéèêëîïôûù]{3,}\b")
_SENTENCE_START = re.compile(
    r"[.!?:;•\-–\"“„«{\[=]$|(?<![\w(])\d{1,2}\)$"
)  # (also "1) Since …")  # what a sentence (or a new part of one) starts after


def prose(sentences: list[str]) -> list[str]:
    """The sentences up to the last real one (three lower-case words or more): what follows is a signature,
    unless the last real sentence announces a block ("change our invoice address to:")."""
    lines = [line for s in sentences for line in s.splitlines() if line.strip()]
    last = max((i for i, s in enumerate(lines) if len(_PROSE.findall(s)) >= 3 and not _SENT_FROM.match(s)), default=-1)
    if last < 0 or lines[last].rstrip().endswith(":"):
        return lines  # a one-line note ("Bitte um Rückruf unter 030 …") is all prose
    return lines[: last + 1]


#: A mail app's footer under the signature ("envoyé de mon téléphone", "Sent from my iPhone", "Von meinem iPhone
#: gesendet"): it is no sentence of theirs, and the signature above it is still a signature.
_SENT_FROM = re.compile(
    r"^\s*(?:sent from my|envoyé (?:de|depuis) mon|von meinem|gesendet von|get outlook for)\b", re.IGNORECASE
)


#: Words customers stress in capitals: never a product's name.
_EMPHASIS = frozenset(
    [
        "quand",
        "rien",
        "jamais",
        "toujours",
        "encore",
        "tout",
        "tous",
        "pas",
        "plus",
        "not",
        "never",
        "still",
        "again",
        "always",
        "every",
        "all",
        "now",
        "today",
        "only",
        "five",
        "three",
        "two",
        "nicht",
        "nie",
        "immer",
        "noch",
        "wieder",
        "heute",
        "alle",
        "jetzt",
        "nur",
        "sofort",
        # "We ARE on Chrome. We HAVE cleared the cache": a verb stressed in anger
        "are",
        "have",
        "has",
        "is",
        "was",
        "were",
        "did",
        "does",
        "cannot",
        "must",
        "really",
        "no",
        "nothing",
        "any",
        "sind",
        "haben",
        "ist",
        "kein",
        "keine",
        "nichts",
        "est",
        "sont",
        "avons",
        "aucun",
        "aucune",
    ]
)


def products(lines: list[str], language: str) -> tuple[str, ...]:
    """Products, tools, companies and places named in ``lines`` (``prose``: before the signature): CamelCase
    words, acronyms, model names ("Hub Mini"), companies with their legal form, and in English and French
    (where nouns are not capitalised) capitalised words inside a sentence ("after Okta redirects back")."""
    found: list[str] = []
    for sentence in lines:
        if _NOT_PROSE.search(sentence):
            continue  # a table row, a stack trace or a JSON payload: its capitals name columns and keys
        words = _WORD.findall(sentence)
        shouting = sum(1 for w in words if w.isupper()) > len(words) / 2
        # A capital inside a sentence names something only in running prose: a table flattened into one line
        # ("Item Qty Condition Ceramic …") or "Workspace: x Billing contact: y" has capitals everywhere.
        running = sum(1 for w in words if w[0].isupper()) <= 0.35 * len(words) and len(_KEY.findall(sentence)) < 2
        found.extend(m[0] for m in _LAW.finditer(sentence))
        found.extend(_LAW_SHORT[k].format(m["head"]) for m in _LAW_LONG.finditer(sentence) for k in ("fr", "en", "de")
                     if m[k])  # fmt: skip
        found.extend(m[0] for m in _PLAN.finditer(sentence))
        found.extend(m["event"] or m["shaped"] for m in _EVENT_NAME.finditer(sentence))
        for match in COMPANY.finditer(sentence):
            found.append(match[0].rstrip("."))
        for match in _MODEL.finditer(sentence):
            found.append(_MODEL_LEAD.sub("", match[0]))
        found.extend(m[0] for m in _MODEL_CODE.finditer(sentence))
        found.extend(_KNOWN_CASE[re.sub(r"[\s-]+", " ", m[0].lower())] for m in _KNOWN_NAME.finditer(sentence)
                     if m[0][0].isupper())  # fmt: skip
        run: list[str] = []
        end = 0
        by_capital = running and language in ("en", "fr")
        tokens = _WORD.finditer(sentence) if by_capital or _SHAPED.search(sentence) else ()  # most German prose
        zones = [m.span() for m in _TIME_ZONE.finditer(sentence)] if by_capital else []
        if "/" in sentence:  # "set to Europe/London": the time zone setting, whole, not the place "London"
            found.extend(m[0] for m in _IANA_ZONE.finditer(sentence))
            zones += [m.span() for m in _IANA_ZONE.finditer(sentence)]
        # (where a place of theirs starts: "notre siège est en |Californie", "we're based in |Leeds")
        places = {m.end() for m in _WHERE_THEY_ARE.finditer(sentence)} if by_capital else set()
        for match in tokens:
            token = match[0]
            if any(start <= match.start() < end for start, end in zones):
                continue  # "17 h heure du Pacifique", "5 pm Eastern time": when, not what
            if match.start() in places:
                continue  # "notre siège est en Californie", "we're based in Leeds": where they are, nothing to note
            if run and (sentence[end : match.start()].strip() or token.islower()):  # "Chrome 129, Edge 129"
                found.append(" ".join(run))
                run = []
            end = match.end()
            if token.islower():
                continue  # most words: no capital, no name (and cheap to tell)
            around = sentence[max(0, match.start() - 3) : end + 3]
            if ">" in around or ("-" in token and any(p.isdigit() for p in token.split("-"))):
                continue  # a step of a UI path ("Settings > Developers") or a reference ("*SUB-20417")
            if token.isupper() and token.lower() in _EMPHASIS:
                continue  # "QUAND il s'affiche", "it is NOT fixed": a word stressed, not a name
            if token.startswith("X-") or token.lower() == "retry-after":
                continue  # a response header ("X-RateLimit-Limit"), said with its value as a measure
            if token.lower() in _NOT_NAMES:
                continue  # "Reply-To" as a whole, not "Reply" and "To"
            tail = sentence[max(0, match.start() - 4) : match.start()]
            starts = match.start() == 0 or "\n" in tail or bool(_SENTENCE_START.search(tail.rstrip() or "."))
            bare = token.strip(".'’-")
            # "Val-de-Seine", "Stratford-upon-Avon": a place whose particles are lower case is one name
            whole = "-" in bare and _PLACE.match(bare) is not None
            for part in bare.split("-") if "-" in bare and not whole else (bare,):
                name = _name(part, starts, language if by_capital else "", shouting)  # "DATEV-Anbindung"
                starts = False
                if name:
                    run.append(name)
                    continue
                if run:
                    found.append(" ".join(run))
                    run = []
        if run:
            found.append(" ".join(run))
    companies = [f for f in found if is_company(f)]  # "Sons Construction" is part of "Whitfield & Sons Construction"
    return _distinct(f for f in found if not set(f.lower().split()) <= _REASON_WORDS and not _ROLE.search(f)
                     and not any(f != c and f in c for c in companies))  # fmt: skip


#: A time zone setting by its IANA name: "Europe/London", "America/New_York".
_IANA_ZONE = re.compile(
    r"\b(?:Europe|America|Asia|Africa|Australia|Pacific|Atlantic|Indian|Antarctica)/[A-Z][A-Za-z_]+"
    r"(?:/[A-Z][A-Za-z_]+)?\b"
)
#: A time zone said in words: its capital names no product or place of theirs.
_TIME_ZONE = caseless(
    r"\bheure (?:du |de l'|des |de )?\w+|\b(?:pacific|eastern|central|mountain)(?: standard| daylight)? time\b"
)

_WHERE_THEY_ARE = caseless(
    r"\b(?:siège|bureaux?|offices?|headquarter(?:s|ed)|based|located|situé\w*|basé\w*|implanté\w*|sitz|standort|"
    r"ansässig|live|living|habitons|vivons)\b[^.,;:]{0,20}\b(?:en|in|à|au|aux|at)\s+"
)

_PLACE = re.compile(
    r"^[A-ZÀ-Ý][a-zß-ÿ]+(?:-(?:de|du|des|la|le|lès|sur|sous|en|am|an|der|upon|on))+"
    r"-[A-ZÀ-Ý][a-zß-ÿ]+$"
)


def _name(word: str, sentence_start: bool, language: str, shouting: bool) -> str:
    """``word`` when it names something by its shape (and, in English and French, by its capital)."""
    bare = re.sub(r"['’]s$", "", word.lower()).strip("'’")  # "November's overtime report": the month
    if not word or any(c.isdigit() for c in word) or bare in _NOT_NAMES:
        return ""
    if _CAMEL.match(word):
        return word
    if _ACRONYM.match(word):
        return "" if shouting or word in _NOT_ACRONYMS else word
    if _PLACE.match(word):
        return word
    capitalised = word[0].isupper() and word[1:].islower() and len(word) > 1
    return word if capitalised and not sentence_start and language in ("en", "fr") else ""


def is_plan(name: str) -> bool:
    """Whether a name ``products`` found is one of our plans ("Business plan", "Team-Tarif", "formule Pro")."""
    return _PLAN.fullmatch(name) is not None


def people(lines: list[str]) -> tuple[str, ...]:
    """People the customer names with a title or as a colleague: "Herr Dennis Albrecht", "Mag. Sabine Hofer",
    "my colleague Priya Raman" (a new owner or contact the reply confirms; never a product)."""
    return _distinct(m["who"] for s in lines for m in _PERSON.finditer(s))


def is_company(name: str) -> bool:
    """Whether a name ``products`` found is a company by its legal form ("Grünwald Druck GmbH")."""
    return COMPANY.fullmatch(name) is not None


def is_law(name: str) -> bool:
    """Whether a name ``products`` found is the law they invoke ("Art. 17 GDPR")."""
    return _LAW.fullmatch(name) is not None


def addresses(lines: list[str]) -> tuple[str, ...]:
    """Street addresses in ``lines`` (``prose``), as written: "Keizersgracht 221", "Hauptstraße 12a",
    "12 rue de la Paix"."""
    return _distinct(m[0].strip(" .") for s in lines for m in _ADDRESS.finditer(s))


def iban_endings(text: str) -> tuple[str, ...]:
    """Each IBAN, masked to its country and last four characters ("AT61 … 3201"): enough to show we have it."""
    out = []
    for match in _IBAN.finditer(text):
        compact = match[0].replace(" ", "")
        if 15 <= len(compact) <= 34 and _iban_checks(compact):
            out.append(f"{compact[:4]} … {compact[-4:]}")
    return _distinct(out)


def _iban_checks(iban: str) -> bool:
    """ISO 13616's check digits (mod 97 == 1): a parcel number of the same shape is no bank account."""
    digits = "".join(str(int(c, 36)) for c in iban[4:] + iban[:4])
    return digits.isdigit() and int(digits) % 97 == 1


def _distinct(items: Iterable[str]) -> tuple[str, ...]:
    """In order, without repeats, and without a name that is only part of a longer one found too."""
    seen = list(dict.fromkeys(i for i in items if i))
    return tuple(i for i in seen if not any(o != i and f" {i} " in f" {o} " for o in seen))
