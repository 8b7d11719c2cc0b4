"""The hard facts in the customer's text: money, dates, identifiers, error codes and messages, HTTP
statuses and endpoints. Each reader takes the body text and returns what it found in order of
appearance, without duplicates, as written. Pure; never raises on any text (``read_facts`` guards).

What they did and what they run (counts, names, tried, environment, since) is in ``situation``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import TypeVar

from price_parser import Price

from ..caseless import caseless
from . import codes, when
from .customer import Amount, DateFact, Identifier

Span = tuple[int, int]
T = TypeVar("T")

# --- money -------------------------------------------------------------------------------------------
_CUR = (r"(?:US\$|CA\$|A\$|€|\$|£|¥|\beuros?\b|\bdollars?\b|\bpounds?\b|\bfrancs?\b|"
        r"\b(?:CHF|EUR|USD|GBP|JPY|CAD|AUD|SEK|NOK|DKK|PLN|CZK)\b)")  # fmt: skip
# Bounded, so that a run of 5,000 digits costs microseconds, not a second in price-parser.
# A number may end a clause ("GBP 1,620.00, last year"): only a digit or a separator before a digit continues it.
_NUM = r"\d{1,3}(?:[.,'\u00a0\u202f ]\d{3}){1,4}(?:[.,]\d{1,2})?(?!\d|[.,]\d)|\d{1,9}(?:[.,]\d{1,2})?(?!\d)"
_PERIOD = r"(?:\s?(?:/|per |pro |par )\s?(?:year|yr|month|mo|seat|user|jahr|monat|nutzer|an|mois|année|utilisateur)\b)?"
_AMOUNT = caseless(rf"(?:{_CUR})\s?(?:{_NUM})(?:,-)?{_PERIOD}|(?<![\w.,])(?:{_NUM})(?:,-)?\s?(?:{_CUR}){_PERIOD}")
_ISO = {"€": "EUR", "$": "USD", "US$": "USD", "CA$": "CAD", "A$": "AUD", "£": "GBP", "¥": "JPY", "euro": "EUR",
        "euros": "EUR", "dollar": "USD", "dollars": "USD", "pound": "GBP", "pounds": "GBP", "franc": "CHF",
        "francs": "CHF"}  # fmt: skip


def amounts(text: str) -> tuple[Amount, ...]:
    """Money with a currency: "EUR 149.00", "€149", "89,00 €", "1.234,50 EUR", "$2,400/year", "149 euros"."""
    found: list[Amount] = []
    for match in _AMOUNT.finditer(text):
        written = match[0].strip()
        core = re.sub(_PERIOD + "$", "", written, flags=re.I)
        price = Price.fromstring(core.replace(",-", ""))
        if price.amount is None:
            continue
        symbol = (price.currency or "").strip()
        code = _ISO.get(symbol.lower(), _ISO.get(symbol, symbol.upper() if len(symbol) == 3 else ""))
        found.append(Amount(text=written, value=Decimal(price.amount), currency=code))
    return _unique(found, key=lambda a: a.text)


# --- dates --------------------------------------------------------------------------------------------
def dates(text: str, language: str, base: date, skip: Sequence[Span] = ()) -> tuple[DateFact, ...]:
    """Dates they mention, each resolved to the year nearest the message's date; dates inside
    ``skip`` (their deadline) are left out."""
    found: list[DateFact] = []
    for match in when.DATE.finditer(text):
        if _inside(match.span(), skip):
            continue
        parts = when.month_day(match[0], language)
        if parts is None:
            continue
        on = when.nearest(*parts, base)
        if on is not None:
            lead = re.search(r"\b(on|am|le|the|vom|du|ab|from)\s+$", text[max(0, match.start() - 5) : match.start()])
            written = match[0] if len(match[0]) < 2 or not match[0].endswith(".") else match[0][:-1]
            found.append(DateFact(text=(lead[0] if lead else "") + written, on=on))
    return _unique(found, key=lambda d: d.on)


# --- identifiers ----------------------------------------------------------------------------------------
_ID = r"(?P<id>(?=[\w/.-]*\d)[A-Z0-9](?:[\w/-]|\.(?=\w))*[A-Z0-9]|\d)"  # "KD/2026/0815.3", not "4711."
_NO = (
    r"(?:\s*(?:number|no\.?|nr\.?|nummer|numéro|num\.?|n°|n\.°|#|id|ID)\s*)?\s*[:#]?\s*"
    r"(?:(?:ist|war|lautet|is|was|est|était)(?:\s+(?:die|der|das|the|la|le))?\s+)?"
)  # "Bestellung war die B-2026-…"
_KEYED = (
    ("invoice", r"invoice|rechnung(?:s(?:nummer|nr\.?))?|facture|receipt|beleg"),
    ("order", r"order|purchase order|bestellung|bestell(?:nummer|nr\.?|-nr\.?)|auftrag(?:snummer)?|commande"),
    ("ticket", r"ticket|vorgang|incident"),
    ("request", r"request|case|anfrage|demande|dossier"),
    ("serial", r"serial(?: number)?|s/n|sn|seriennummer|serien-?nr\.?|num[ée]ros? de s[ée]rie|n° de s[ée]rie"),
    # "badge no 4471", "Personalnummer 0815", "matricule 2231": whose clock-ins or whose data it is
    ("badge", r"badge|employee(?: id| number| no\.?)|personal(?:nummer|-nr\.?|nr\.?)|ausweis(?:nummer|-nr\.?)?|"
              r"mitarbeiter(?:nummer|-nr\.?)|matricule"),
    ("user_id", r"user(?: id| number)|benutzer(?:-id|kennung|nummer| id)|nutzer-id|identifiant(?: utilisateur)?|"
                r"id utilisateur"),
    # "Vertragsnummer V-2025-0412", "contract no. C-2291", "numéro de contrat CT/2026/118", "Lieferantennummer 70412"
    ("contract", r"contract(?: id| number| no\.?| ref(?:erence)?)?|vertrag(?:s(?:nummer|nr\.?|-nr\.?))?|"
                 r"num[ée]ro de contrat|contrat|supplier(?: id| number| no\.?)|vendor(?: id| number| no\.?)|"
                 r"lieferanten(?:nummer|-nr\.?|nr\.?)|kreditoren(?:nummer|-nr\.?|nr\.?)|num[ée]ro (?:de )?fournisseur"),
    ("customer_id", r"customer(?: id| number| no\.?)?|client(?: id| number)?|account(?: id| number| no\.?)?|"
                    r"kunden(?:nummer|-nr\.?|nr\.?|konto)|konto(?:nummer)?|numéro (?:de )?client|n° client|compte"),
)  # fmt: skip
#: Words one of which each kind's pattern needs (a substring test skips the slow pattern on most mail).
_KEYED_STEMS = {
    "invoice": ("invoice", "rechnung", "facture", "receipt", "beleg"),
    "order": ("order", "bestell", "auftrag", "commande"),
    "ticket": ("ticket", "vorgang", "incident"),
    "request": ("request", "case", "anfrage", "demande", "dossier"),
    "serial": ("serial", "s/n", "sn", "serien", "série", "serie"),
    "customer_id": ("customer", "client", "account", "kunden", "konto", "compte"),
    "badge": ("badge", "employee", "personal", "ausweis", "mitarbeiter", "matricule"),
    "user_id": ("user", "benutzer", "nutzer-id", "identifiant", "utilisateur"),
    "contract": ("contract", "vertrag", "contrat", "supplier", "vendor", "lieferant", "kreditor", "fournisseur"),
}
_ASIDE = r"(?:\s*\([^()\n]{0,40}\))?"  # "Customer number (from an order in 2025): K-203118"
# (?![a-z]): the keyword is a whole word ("sn 1234", "SN1234"), not the start of one ("snake_case_name2")
_KEYED_RE = [
    (kind, re.compile(rf"\b(?:{words})(?:s|n)?(?![a-z]){_ASIDE}{_NO}{_ID}(?![\w-])", re.IGNORECASE))
    for kind, words in _KEYED
]
#: The same kind's next reference after a keyed one: "tickets n° 46288 et n° 47519", "orders 1182, 1190 and #1201".
_NEXT_KEYED = caseless(rf"(?:,\s*|\s+(?:and|und|sowie|et|&)\s+){_NO}{_ID}(?![\w-])")
_PREFIXED = (
    # with a shop's own prefix in front too: "EX-ORD-56902", "EX-INV-2026-118"
    # ("F-2026-12-00941": a bare F only before a year, never "F-16")
    ("invoice", re.compile(r"(?<![\w-])(?:[A-Z]{1,4}-)?(?:INV|RE|RG|F(?=-\d{4})|FA|FAC|FACT|INVOICE)-[\w-]*\d[\w-]*"
                           r"(?<!-)")),
    ("order", re.compile(r"(?<![\w-])(?:[A-Z]{1,4}-)?(?:ORD|PO|ORDER|BST)-[\w-]*\d[\w-]*(?<!-)")),
    ("ticket", re.compile(r"(?<![\w-])(?:TKT|TICKET|INC)-[\w-]*\d[\w-]*(?<!-)|\[#\d{3,}\]")),
    ("request", re.compile(r"(?<![\w-])(?:REQ|CASE|CS|SR)-[\w-]*\d[\w-]*(?<!-)")),
    ("serial", re.compile(r"(?<![\w-])SN-[\w-]*\d[\w-]*(?<!-)")),
    # "seriennr hinten SC2-0093318": a word or two between, then a serial by its shape
    ("serial", re.compile(r"(?i:serials?|seriennr\.?|seriennummer|s/n|num[ée]ros? de s[ée]rie)(?:\s+[a-zäöüé]+){1,2}\s+"
                          r"(?P<id>[A-Z][A-Z0-9]{1,4}-[\w-]*\d[\w-]*(?<![-/]))")),
    # "Serial on the bottom is SC3-2611-048213", "Seriennummer auf dem Etikett lautet …", "Seriennummer steht
    # unten drauf: TS2-00419-K7": a few words between
    ("serial", re.compile(r"(?i:serials?(?: numbers?)?|seriennummer(?:n)?|num[ée]ros? de s[ée]rie)(?:\s+[\w']+){0,4}?"
                          r"(?:\s+(?i:is|are|ist|sind|lautet|lauten|est|sont)\s*:?|\s*:)\s*(?P<id>(?=[\w/-]*\d)[A-Z0-9][\w/-]{3,}(?<![-/]))")),
)  # fmt: skip
#: A second reference of the same shape right after one: "The serials are DS2-40917733 and DS2-40917741".
_AND_ANOTHER = re.compile(
    r"(?P<first>[A-Z0-9]{2,5}-[\w-]*\d)(?:,\s*|\s+(?:and|und|et)\s+)(?P<id>[A-Z0-9]{2,5}-[\w-]*\d)(?![\w-])"
)
#: A reference on a line of its own under a label: "Unser Zeichen: KD/2026/0815.3", "our customer reference:
#: HB/FIN/26/0142", "Ihre Lieferantennummer bei uns: 70-4471/K", "Votre référence : DEV/2026/77"; a purchase order
#: by its short name: "PO 4500183920", "PO# 77120".
_LABELLED = (
    ("other", re.compile(r"(?im)^[ \t*•-]*(?:[\w'’]+ ){0,3}(?:zeichen|referen[cz]e?|ref\.?|r[ée]f[ée]rence|"
                         r"aktenzeichen|"
                         r"[\w-]*nummer|[\w-]*nr\.?|number|no\.?|num[ée]ro|n°|id)(?: [\w'’]+){0,2}\s?:\s*"
                         r"(?P<id>(?=[\w/.-]*\d)[A-Z0-9](?:[\w/-]|\.(?=\w))*[A-Z0-9])\s*$")),
    ("order", re.compile(r"(?<![\w-])PO ?[#:]? ?(?P<id>\d{4,})(?![\w-])")),
)  # fmt: skip
_BARE_HASH = re.compile(r"(?<![\w\[&])#\d{4,}\b")
# References without a keyword before them, by their own shape: an EU VAT ID ("DE298765432", "FR45 812345678",
# "NL859012345B01"), a request id that logs and APIs print ("req_9Tq4Hc21"), a parcel's tracking number
# ("JD014600006281234567", "1Z999AA10123456784", "6A12345678901").
_SHAPED = (
    ("vat_id", re.compile(r"(?<![\w-])(?:AT|BE|BG|CY|CZ|DE|DK|EE|EL|ES|FI|FR|HR|HU|IE|IT|LT|LU|LV|MT|NL|PL|PT|RO|SE|"
                          r"SI|SK|GB|CHE)[- ]?(?:U\d{8}|[0-9A-Z]{2} ?\d{9}|[0-9A-Z]{2} \d{3} \d{3} \d{3}|"
                          r"\d{3} \d{3} \d{3}|\d{9}B\d{2}|\d{3} \d{4} \d{2}|0?\d{3}\.\d{3}\.\d{3}|"
                          r"\d{8,12}|\d{7}[A-Z]{1,2})(?![\w-])")),
    ("request", re.compile(r"(?<![\w-])(?:req|request|trace|corr)[_-][A-Za-z0-9]{6,}(?![\w-])")),
    ("tracking", re.compile(r"(?<![\w-])(?:JD\d{16,18}|1Z[0-9A-Z]{16}|\d[A-Z]\d{11}|[A-Z]{2}\d{9}[A-Z]{2})(?![\w-])")),
    # an API object's id as logs and dashboards print it: "evt_01JD3K7Q2M8W", "cus_9fK2mX81", "whk_7Q2M8W01"
    ("other", re.compile(r"(?<![\w-])[a-z]{2,6}(?:_[a-z]{2,6})?_(?=[A-Za-z]*\d)[A-Za-z0-9]{8,}(?![\w-])")),
    # a case or file number by its shape: "DS-2026-118", "EX-20931", "R-2026-11-3391" (not a model like "TS-200")
    ("other", re.compile(r"(?<![\w-])(?:[A-Z]{2,5}-(?:\d{4}(?:-\d{2,})+|\d{5,})|[A-Z]-\d{4}(?:-\d{2,}){2})(?![\w-])")),
    # whatever follows "Ref." inline: "(Ref. 7Q2-KD9-XW4)", "réf. : DEV/2026/77"
    ("other", re.compile(r"(?<!\w)(?i:ref\.|réf\.|ref\s*:|réf\s*:|r[ée]f[ée]rence\s*:|aktenzeichen:?)\s*[:#]?\s*"
                         r"(?P<id>(?=[\w/.-]*\d)[A-Z0-9](?:[\w/-]|\.(?=\w)){2,}[A-Z0-9])(?![\w-])")),
    # a device's serial by its shape: three parts or more ending in a long number ("BS220-4K7-019338"), or a model
    ("other", re.compile(r"(?<![\w-])[A-Z][A-Z0-9]{1,5}(?:-[A-Z0-9]{2,6}){1,3}-\d{4,}(?![\w-])")),
    ("serial", re.compile(r"(?<![\w-])[A-Z]{2,4}\d{1,3}-\d{5,}(?![\w-])")),  # with digits, a long number: "TS40-22818"
)  # fmt: skip


def identifiers(text: str) -> tuple[Identifier, ...]:
    """References by kind: "invoice 88213", "Rechnung RE-2026-10-3381", "order #100234", "[#48201]",
    "case 00123", "S/N 1234ABC", "Kundennummer K-100734"; a bare "#12345" is "other"."""
    found: list[tuple[int, Identifier]] = []
    taken: list[Span] = []
    low = text.lower()
    for kind, pattern in _KEYED_RE:
        if not any(stem in low for stem in _KEYED_STEMS[kind]):
            continue
        for match in pattern.finditer(text):
            ident = match["id"]
            digits = sum(c.isdigit() for c in ident)
            if digits < 3 and not (digits and any(c.isalpha() for c in ident) and len(ident) >= 4):
                continue  # "order 3 devices", "account 2": a count, not a reference
            found.append((match.start("id"), Identifier(kind=kind, text=ident)))
            taken.append(match.span("id"))
            more = _NEXT_KEYED.match(text, match.end())
            while more and sum(c.isdigit() for c in more["id"]) >= 3:
                found.append((more.start("id"), Identifier(kind=kind, text=more["id"])))
                taken.append(more.span("id"))
                more = _NEXT_KEYED.match(text, more.end())
    for kind, pattern in _PREFIXED:
        for match in pattern.finditer(text):
            group = "id" if "id" in pattern.groupindex else 0
            if not _inside(match.span(group), taken):
                ident = match[group].strip("[]")
                found.append((match.start(group), Identifier(kind=kind, text=ident)))
                taken.append(match.span(group))
    for match in _AND_ANOTHER.finditer(text) if any(i.kind == "serial" for _, i in found) else ():
        serials = [i.text for _, i in found if i.kind == "serial"]
        if any(text.startswith(s, match.start("first")) for s in serials) and not _inside(match.span("id"), taken):
            found.append((match.start("id"), Identifier(kind="serial", text=match["id"])))  # "DS2-1 and DS2-2"
            taken.append(match.span("id"))
    for kind, pattern in (*_LABELLED, *_SHAPED):
        group = "id" if "id" in pattern.groupindex else 0
        for match in pattern.finditer(text):
            if not _inside(match.span(group), taken):
                found.append((match.start(group), Identifier(kind=kind, text=match[group])))
                taken.append(match.span(group))
    for match in _BARE_HASH.finditer(text):
        if not _inside(match.span(), taken):
            found.append((match.start(), Identifier(kind="other", text=match[0])))
    kinds: dict[str, str] = {}  # a reference named by its kind anywhere ("la facture FAC-…") keeps that kind
    for _, ident in found:  # even where the subject shows it bare first
        if kinds.get(ident.text.lstrip("#"), "other") == "other":
            kinds[ident.text.lstrip("#")] = ident.kind
    ordered = [Identifier(kinds[i.text.lstrip("#")], i.text) for _, i in sorted(found, key=lambda p: p[0])]
    return _unique(ordered, key=lambda i: i.text.lstrip("#"))


# --- errors ---------------------------------------------------------------------------------------------
def error_codes(text: str, skip: Sequence[Span] = ()) -> tuple[str, ...]:
    """Error codes: "E-4012", "ERR_CERT_DATE_INVALID", "0x80070005", "error code 1603" (not HTTP statuses
    that ``http_statuses`` reads, nor anything inside an identifier in ``skip``)."""
    found: list[tuple[int, str]] = []
    for match in codes.ERROR_CODE.finditer(text):
        if not _inside(match.span(), skip):
            found.append((match.start(), match[0]))
    for match in codes.SNAKE_CODE.finditer(text) if "_" in text else ():
        if not _inside(match.span(), skip):
            found.append((match.start(), match[0]))
    for match in codes.CODE_AFTER_WORD.finditer(text):
        group = "code" if match["code"] else "code2"
        code = match[group]
        if _inside(match.span(group), skip) or re.fullmatch(r"[1-5]\d\d", code):
            continue  # "error 502" is an HTTP status
        found.append((match.start(group), code))
    return _unique([c for _, c in sorted(found)], key=str.upper)


_Q = r"(?:\"(?P<a>[^\"\n]{3,200})\"|“(?P<b>[^”\n]{3,200})”|„(?P<c>[^“”\n]{3,200})[“”]|«\s*(?P<d>[^»\n]{3,200}?)\s*»|" \
     r"'(?P<e>[^'\n]{3,200})'(?!\w))"  # fmt: skip
#: ("what you said: switched rounding to "none"" quotes our advice, not an error)
_QUOTED_ERROR = caseless(
    r"\b(?:error(?: message)?|message|says|(?<!you )said|saying|shows?|showing|displays?|reads|popup|pop-up|banner|"
    r"fehlermeldung|meldung|fehler|zeigt|erscheint|steht|message d'erreur|erreur|affiche|indique|dit)\b"
    rf"[^\"“„«'\n.?!]{{0,25}}?[:\s]\s*{_Q}",
)
_ERROR_LINE = caseless(
    r"^\s*(?:error|fehler|erreur|error message|fehlermeldung|message d'erreur)(?:\s+[A-Z0-9][\w-]*\d)?\s*:\s*"
    r"(?P<msg>[^\n]{3,200}?)\s*$",
    re.MULTILINE,
)


#: What a quote follows when it is no error text: a status shown, or what our support wrote before.
_NOT_AN_ERROR = caseless(
    r"\b(status\w*|zustand|page de statut|état|statut|reply|replies|answer|answered|template|told us|your team|"
    r"support|antwort|"
    r"geantwortet|réponse|répondu|told me|advised|suggested|m'avez dit|nous avez dit|conseillé|empfohlen|geraten|"
    # a label in the product, not an error: 'the option "decimal hours"', 'Schaltfläche „Exportieren“'
    r"option|setting|button|menu|tab|format|einstellung|schaltfläche|knopf|menü|reiter|réglage|bouton|onglet|"
    r"filter|filtre|filtres|spalte|column|colonne|"
    # our documentation quoted back, not an error: 'Their help page literally says "Exports include …"'
    r"help page|help article|documentation|docs|website|hilfeseite|hilfe-seite|dokumentation|anleitung|"
    r"page d'aide|votre site|site web|article d'aide)\b",
)
#: A quote that reads as an error by its own words, whatever verb comes before it ("kommt weiterhin "… invalid"").
_ANY_QUOTE = re.compile(_Q)
_ERROR_WORDS = caseless(
    r"\b(?:invalid|error|failed|failure|denied|refused|not found|unauthori[sz]ed|forbidden|expired|timed out|timeout|"
    r"\w*zeitüberschreitung|time-?out|try again later|went wrong|schiefgelaufen|une erreur est survenue|"
    r"später erneut|réessayer plus tard|délai d'attente dépassé|"
    r"exception|ungültig\w*|fehlgeschlagen|fehler\w*|abgelehnt|verweigert|abgelaufen\w*|nicht gefunden|échec|échoué|"
    r"erreur|invalides?|refusée?s?|expirée?s?|introuvable)\b",
)
_NO_ERROR = caseless(r"\b(no error|keine fehlermeldung|kein fehler|aucune erreur|aucun message d'erreur)\b")


def error_messages(text: str) -> tuple[str, ...]:
    """Error text they quoted, verbatim: `the page says "Payment method declined"`, a line `Error: ...`."""
    found: list[tuple[int, str]] = []
    for match in _QUOTED_ERROR.finditer(text):
        group = next(g for g in "abcde" if match[g])  # (up to the quote: 'steht in der Spalte "Dauer"' is a column)
        before = text[max(0, match.start() - 40) : max(match.start() + 12, match.start(group))]
        if _NOT_AN_ERROR.search(before) or _NO_ERROR.search(text[match.start() : match.end() + 60]):
            continue  # a status ("steht auf „Verbunden“, keine Fehlermeldung") or our own reply quoted back
        quoted = match[group]
        found.append((match.start(), quoted.strip().rstrip(".")))
    for match in _ERROR_LINE.finditer(text):
        found.append((match.start(), match["msg"].strip().strip("\"“”„«»'").rstrip(".")))
    for match in _ANY_QUOTE.finditer(text) if _ERROR_WORDS.search(text) else ():
        quoted = next(g for g in (match["a"], match["b"], match["c"], match["d"], match["e"]) if g)
        before = text[max(0, match.start() - 40) : match.start()]
        if _ERROR_WORDS.search(quoted) and 2 <= len(quoted.split()) <= 12 and not _NOT_AN_ERROR.search(before):
            found.append((match.start(), quoted.strip().rstrip(".")))  # 'weiterhin "SAML response signature invalid"'

    return _unique([m for _, m in sorted(found)], key=str.lower)


_REASONS = (r"OK|Created|Accepted|No Content|Moved Permanently|Found|Not Modified|Bad Request|Unauthori[sz]ed|"
            r"Payment Required|Forbidden|Not Found|Method Not Allowed|Not Acceptable|Request Time-?out|Conflict|"
            r"Gone|Payload Too Large|Unsupported Media Type|Unprocessable (?:Entity|Content)|Too Many Requests|"
            r"Internal Server Error|Not Implemented|Bad Gateway|Service Unavailable|Gateway Time-?out")  # fmt: skip
_HTTP = caseless(
    rf"\bHTTP(?:/\d(?:\.\d)?)?\s*(?:status\s*)?(?:code\s*)?:?\s*(?P<a>[1-5]\d\d)\b|"
    rf"(?<![\w.,])(?P<b>[1-5]\d\d)\s+(?:{_REASONS})\b|"
    r"\b(?:status(?: code)?|response(?: code)?|statuscode|code retour)\s*(?:of|is|was|:|=)?\s*(?P<c>[1-5]\d\d)\b|"
    r"(?<![\w.,])(?P<d>[45]\d\d)\s*(?:errors?|fehler|erreurs?|responses?|antworten)\b|"
    r"\b(?:errors?|fehler|erreur)\s+(?P<f>[45]\d\d)\b(?![\w-]|[.,]\d)|"
    r"\b(?:returns?|returned|returning|gets?|got|getting|giving|gives|throws?|throwing|responds? with|fails? with|"
    r"failing with|answers? with|antwortet(?: dann| nur| immer)? mit|répond(?: alors)? (?:avec|par)|"
    r"liefert|lieferte|liefern|gibt|kommt|bekommen|erhalten|renvoi\w*|retourn\w*|reçoi\w*|obtien\w*)\s+"
    r"(?:(?:an?|the|a|un|une|einen?|ein|immer|nur|always|only|now|again|wieder|toujours)\s+){0,2}"
    r"(?:HTTP\s*)?(?P<e>[1-5]\d\d)\b(?![\w-]|[.,]\d|\s+(?!(?:on|for|from|when|after|bei|nach|sur|pour|avec|with|mit|"
    r"und|and|et|but|aber|mais|back|zurück|instead|statt)\b)[^\W\d_])|"
    r"(?<![\w.,])(?P<g>[45]\d\d)\s+(?:on|sur|bei|auf|for|pour|at|für)\s+(?:GET|POST|PUT|PATCH|DELETE)\b",
)


def http_statuses(text: str) -> tuple[int, ...]:
    """HTTP statuses named in an HTTP context: "returns 502", "HTTP 429", "a 401 Unauthorized",
    "503 Service Unavailable", "500 errors"; never a bare number ("502 employees")."""
    codes: list[int] = []
    for match in _HTTP.finditer(text):
        group = next(g for g in "abcdefg" if match[g])
        code = int(match[group])
        if group == "e" and code < 400 and not re.search(r"\b(http|api|endpoint|request|status)\b", text, re.I):
            continue  # "we got 200 for the team" is no status without an API around it
        codes.append(code)
    return tuple(dict.fromkeys(codes))


_ENDPOINT = re.compile(
    r"\b(?P<verb>GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+(?P<target>https?://\S+|/[\w\-./{}:%~]*)|"
    r"https?://[\w.-]+(?::\d+)?(?P<path>/[^\s?#\"'<>)\]]*)|"
    r"(?<![\w/.:\-])(?P<bare>/(?:api|v\d+|rest|graphql|webhooks?|oauth\d?)\b[\w\-./{}%~:]*)"
)


#: A webhook event's name: "time_entry.updated", "task.created", "invoice.payment_failed".
_EVENT_NAME = re.compile(
    # ("timesheet.approved", "invoice.sent": any past participle, which a domain name never ends in)
    r"(?<![\w./@-])[a-z]+(?:_[a-z]+)*\.(?:[a-z]+_)*(?:[a-z]{2,}ed|paid|sent|won|lost|begun|done|written)(?![\w.@-])"
)


def endpoints(text: str) -> tuple[str, ...]:
    """API endpoints and URL paths: "POST /v2/exports", "/api/v1/orders", the path of "https://host/v2/x"."""
    found: list[str] = []
    for match in _ENDPOINT.finditer(text):
        if match["verb"]:
            target = match["target"]
            path = re.sub(r"^https?://[^/\s]+", "", target) or "/"
            found.append(f"{match['verb']} {path.rstrip('.,;:)')}")
        else:
            path = (match["path"] or match["bare"] or "").rstrip(".,;:)")
            if len(path) > 1:
                found.append(path)
    # "POST /v2/exports" also matched as a bare "/v2/exports": keep the one with the verb.
    with_verb = {f.split(" ", 1)[1] for f in found if " " in f}
    found = [f for f in found if " " in f or f not in with_verb]
    found += [m[0] for m in _EVENT_NAME.finditer(text)]  # the webhook events they name: "time_entry.updated"
    return tuple(dict.fromkeys(found))


# --- helpers ---------------------------------------------------------------------------------------------
def _inside(span: Span, spans: Iterable[Span]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in spans)


def _unique(items: Iterable[T], key: Callable[[T], object]) -> tuple[T, ...]:
    seen: set[object] = set()
    out: list[T] = []
    for item in items:
        k = key(item)
        if k not in seen:
            seen.add(k)
            out.append(item)
    return tuple(out)


def id_spans(text: str, ids: Iterable[Identifier]) -> list[Span]:
    """Where the identifiers stand in ``text``, so that "INV-2026-11-04821" is not also read as a code."""
    spans: list[Span] = []
    for ident in ids:
        spans.extend(m.span() for m in re.finditer(re.escape(ident.text), text))
    return spans
