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
_CUR = (r"(?:US\$|CA\$|A\$|NZ\$|€|\$|£|¥|\beuros?\b|\bdollars?\b|\bpounds?\b|\bfrancs?\b|"
        r"\b(?:CHF|EUR|USD|GBP|JPY|CAD|AUD|NZD|SGD|HKD|ZAR|INR|SEK|NOK|DKK|PLN|CZK|HUF|RON)\b)")  # fmt: skip
# Bounded, so that a run of 5,000 digits costs microseconds, not a second in price-parser.
# A number may end a clause ("GBP 1,620.00, last year"): only a digit or a separator before a digit continues it.
_NUM = r"\d{1,3}(?:[.,'\u00a0\u202f ]\d{3}){1,4}(?:[.,]\d{1,2})?(?!\d|[.,]\d)|\d{1,9}(?:[.,]\d{1,2})?(?!\d)"
_PERIOD = r"(?:\s?(?:/|per |pro |par )\s?(?:year|yr|month|mo|seat|user|jahr|monat|nutzer|an|mois|année|utilisateur)\b)?"
_AMOUNT = caseless(rf"(?:{_CUR})\s?(?:{_NUM})(?:,-)?{_PERIOD}|(?<![\w.,])(?:{_NUM})(?:,-)?\s?(?:{_CUR}){_PERIOD}")
_ISO = {"€": "EUR", "$": "USD", "US$": "USD", "CA$": "CAD", "A$": "AUD", "NZ$": "NZD", "£": "GBP", "¥": "JPY",
        "euro": "EUR", "euros": "EUR", "dollar": "USD", "dollars": "USD", "pound": "GBP", "pounds": "GBP",
        "franc": "CHF", "francs": "CHF"}  # fmt: skip


_LOWER_CODE = re.compile(r"\b(?![A-Z]{3}\b)[A-Za-z]{3}\b")


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
        if not symbol and _LOWER_CODE.search(core):
            continue  # "Taste 10 Sek. gedrückt halten": seconds, not Swedish crowns (a code is written in capitals)
        code = _ISO.get(symbol.lower(), _ISO.get(symbol, symbol.upper() if len(symbol) == 3 else ""))
        found.append(Amount(text=written, value=Decimal(price.amount), currency=code))
    return unique(found, key=lambda a: a.text)


# --- dates --------------------------------------------------------------------------------------------
def dates(text: str, language: str, base: date, skip: Sequence[Span] = ()) -> tuple[DateFact, ...]:
    """Dates they mention, each resolved to the year nearest the message's date; dates inside
    ``skip`` (their deadline) are left out."""
    found: list[DateFact] = []
    written_dates = list(when.DATE.finditer(text))  # (read once: the days without a month must not fall inside one)
    for match in written_dates:
        if _inside(match.span(), skip) or _letter_date(_line_at(text, match.start()), match[0]):
            continue  # ("Eschwege, 4. Dezember 2026" heading a letter: when they wrote, not a fact of the case)
        parts = when.month_day(match[0], language)
        if parts is None:
            continue
        on = when.nearest(*parts, base)
        if on is not None:
            lead = re.search(r"\b(on|am|le|the|vom|du|ab|from)\s+$", text[max(0, match.start() - 5) : match.start()])
            written = match[0] if len(match[0]) < 2 or not match[0].endswith(".") else match[0][:-1]
            found.append(DateFact(text=(lead[0] if lead else "") + written, on=on))
    taken = [*skip, *(m.span() for m in written_dates)]
    for match in _DAY_ONLY.finditer(text):  # "two charges, one on the 20th and one on the 21st"
        day = int(match["en"] or match["de"] or match["fr"])
        if _inside(match.span(), taken) or not 1 <= day <= base.day:
            continue  # a day still to come this month ("payroll run on the 30th") may be next month's: not told
        found.append(DateFact(text=match[0].strip(), on=base.replace(day=day)))
    return unique(found, key=lambda d: d.on)


#: A day of this month without its month, told as past: "on the 20th", "am 20.", "le 21".
_DAY_ONLY = re.compile(
    r"(?i:\b(?:on\s+)?the\s+)(?P<en>\d{1,2})(?:st|nd|rd|th)(?=\s*(?:[,;.)!?]|and\b|or\b|$))|"
    r"\bam\s+(?P<de>\d{1,2})\.(?=\s*(?:[,;)]|und\b|oder\b|$))|"
    r"\ble\s+(?P<fr>\d{1,2})(?:er)?(?=\s*(?:[,;.)]|et\b|ou\b|$))",
    re.MULTILINE,
)


#: A letter's place before its date: "Eschwege, ", "Lyon, le ", "Frankfurt am Main, den ".
_LETTER_PLACE = re.compile(r"\s*[A-ZÄÖÜÉ][^\W\d_]*(?:[ '-][^\W\d_]+){0,3},\s*(?:den\s+|le\s+)?")


def _letter_date(line: str, written: str) -> bool:
    """Whether ``line`` is a letter's place and date line: "Eschwege, 4. Dezember 2026", "Lyon, le 3 décembre"."""
    place = _LETTER_PLACE.match(line)  # (one compiled pattern: the date itself is compared as text)
    return place is not None and line[place.end() :].strip().rstrip(".") == written.rstrip(".")


def _line_at(text: str, at: int) -> str:
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    return text[start : end if end >= 0 else len(text)]


# --- identifiers ----------------------------------------------------------------------------------------
_ID = r"(?P<id>(?=[\w/.-]*\d)[A-Z0-9](?:[\w/-]|\.(?=\w))*[A-Z0-9]|\d)"  # "KD/2026/0815.3", not "4711."
_NO = (
    r"(?:\s*(?:number|no\.?|nr\.?|nummer|numéro|num\.?|n°|n\.°|#|id|ID)\s*)?\s*[:#]?\s*"
    r"(?:(?:ist|war|lautet|is|was|est|était)(?:\s+(?:die|der|das|the|la|le))?\s+)?"
)  # "Bestellung war die B-2026-…"
_KEYED = (
    # ("nach meiner Rechnung 340,00 €": by my reckoning, no invoice)
    ("invoice", r"invoice|(?<!nach meiner )(?<!nach unserer )rechnung(?:s(?:nummer|nr\.?))?|facture|receipt|beleg"),
    ("order", r"order|purchase order|bestellung|bestell(?:nummer|nr\.?|-nr\.?)|auftrag(?:snummer)?|commande"),
    ("ticket", r"ticket|vorgang|incident"),
    ("request", r"request|case|anfrage|demande|dossier"),
    ("serial", r"serial(?: number)?|s/n|sn|seriennummer|serien-?nr\.?|num[ée]ros? (?:de )?s[ée]rie|"
               r"n° (?:de )?s[ée]rie"),
    # "badge no 4471", "Personalnummer 0815", "matricule 2231": whose clock-ins or whose data it is
    ("badge", r"(?<!lecteur de )(?<!lecteurs de )badge|ausweis(?:nummer|-nr\.?)?"),  # (a reader's model)
    ("staff_id", r"employee(?: id| number| no\.?)|staff (?:id|number|no\.?)|personal(?:nummer|-nr\.?|nr\.?)|"
                 r"personalnummern|mitarbeiter(?:nummer|-nr\.?)|matricule"),
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
    "badge": ("badge", "ausweis"),
    "staff_id": ("employee", "staff", "personal", "mitarbeiter", "matricule"),
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
#: The next one on a line of its own, in a list under the keyword ("Betroffene Seriennummern:" and three lines
#: "BS420-7K2291", …): only one of the same shape, so a phone number or a year on the next line is not taken.
_NEXT_LINE = re.compile(rf"[ \t]*\n[ \t]*(?:[-*•–][ \t]+)?{_ID}[ \t]*(?=\n|$)")


def _same_shape(first: str, other: str) -> bool:
    """ "BS420-7K2304" after "BS420-7K2291": the same first two characters, the same length give or take two."""
    return first[:2] == other[:2] and abs(len(first) - len(other)) <= 2


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
    # "Serial on the bottom is SC3-2611-048213", "Serial on the back of the new one is TK2-41187-UK",
    # "Seriennummer auf dem Etikett lautet …", "Seriennummer steht
    # unten drauf: TS2-00419-K7": a few words between
    ("serial", re.compile(r"(?i:serials?(?: numbers?)?|seriennummer(?:n)?|num[ée]ros? de s[ée]rie)(?:\s+[\w']+){0,8}?"
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
    # a purchase order number named in its sentence (before the shapes below claim it): "Die Bestellnummer für den
    # Jahresvertrag lautet 4500123987", "the PO number for the renewal is 4500087312"
    ("order", re.compile(r"(?i:bestellnummer|po number|purchase order(?: number)?|(?:num[ée]ro de )?bon de commande)"
                         r"[^.\n]{0,40}?\s(?i:lautet|ist|is|est)(?:\s+(?i:le|la|die|der|the))?\s*:?\s*"
                         r"(?P<id>(?=[\w/-]*\d)[A-Z0-9](?:[\w/-]|\.(?=\w)){3,}[A-Z0-9])(?![\w-])")),
    ("request", re.compile(r"(?<![\w-])(?:req|request|trace|corr)[_-][A-Za-z0-9]{6,}(?![\w-])")),
    # a request id printed as a UUID after its header or label: "X-Request-Id 7f3c9a12-e0b4-4d2e-9a61-0c55d8b1f2aa"
    ("request", re.compile(r"(?i:x-request-id|request[- ]id|trace[- ]id|correlation[- ]id)\s*[:=]?\s*"
                           r"(?P<id>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?![\w-])")),
    # a short lower-case object id with a digit: "te_8f31c2" (a time entry), "sh_4k2m9a"
    ("other", re.compile(r"(?<![\w-])[a-z]{2,4}_(?=[a-z0-9]*\d)(?=[a-z0-9]*[a-z])[a-z0-9]{6,7}(?![\w-])")),
    ("tracking", re.compile(r"(?<![\w-])(?:JD\d{16,18}|1Z[0-9A-Z]{16}|\d[A-Z]\d{11}|[A-Z]{2}\d{9}[A-Z]{2})(?![\w-])")),
    # an API object's id as logs and dashboards print it: "evt_01JD3K7Q2M8W", "cus_9fK2mX81", "whk_7Q2M8W01"
    ("other", re.compile(r"(?<![\w-])[a-z]{2,6}(?:_[a-z]{2,6})?_(?=[A-Za-z]*\d)[A-Za-z0-9]{8,}(?![\w-])")),
    # a short API object id, mixed case with a digit: "wh_7Qk2mZ", "evt_9fK2x"
    ("other", re.compile(r"(?<![\w-])(?:wh|whk|evt|dlv|hook|key|tok)_(?=[A-Za-z0-9]*\d)(?=[A-Za-z0-9]*[A-Z])"
                         r"[A-Za-z0-9]{5,7}(?![\w-])")),
    # a workspace's or tenant's id as the admin pages show it: "ws_48213", "org_1174", "tenant_2290"
    ("other", re.compile(r"(?<![\w-])(?:ws|wsp|org|acct|team|tenant|site)_\d{4,}(?![\w-])")),
    # a case or file number by its shape: "DS-2026-118", "EX-20931", "R-2026-11-3391" (not a model like "TS-200")
    ("other", re.compile(r"(?<![\w-])(?:[A-Z]{2,5}-(?:\d{4}(?:-\d{2,})+|\d{5,})|[A-Z]-\d{4}(?:-\d{2,}){2})(?![\w-])")),
    # a number named, then given in the next sentence: "… unsere Bestellnummer enthalten. Diese lautet 4500-287613."
    ("order", re.compile(r"(?i:bestellnummer|po number|purchase order(?: number)?|num[ée]ro de (?:bon de )?commande)"
                         r"[^.\n]{0,40}\.\s+(?i:diese|sie|it|this|elle|il)\s+(?i:lautet|is|est)\s*:?\s*"
                         r"(?P<id>[A-Z0-9](?:[\w/-]|\.(?=\w)){3,}[A-Z0-9])(?![\w-])")),
    # a purchase order number written in groups: "le numéro du bon de commande …, en l'occurrence le n° 4500 0187 63"
    ("order", re.compile(r"(?i:bon de commande|purchase order|bestellnummer|bestellung)[^.\n]{0,60}?"
                         r"(?i:n°|no\.|nr\.|number|numéro)\s*(?P<id>\d{3,5}(?: \d{2,5}){1,3})(?![\w-])")),
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
            line = _NEXT_LINE.match(text, match.end())
            while line and _same_shape(ident, line["id"]) and not _inside(line.span("id"), taken):
                found.append((line.start("id"), Identifier(kind=kind, text=line["id"])))
                taken.append(line.span("id"))
                line = _NEXT_LINE.match(text, line.end())
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
    return unique(ordered, key=lambda i: i.text.lstrip("#"))


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
    return unique([c for _, c in sorted(found)], key=str.upper)


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
    r"failing with|(?:comes?|came|coming) back with|answers? with|antwortet(?: dann| nur| immer)? mit|"
    r"répond(?: alors)? (?:avec|par)|"
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


def unique(items: Iterable[T], key: Callable[[T], object]) -> tuple[T, ...]:
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
