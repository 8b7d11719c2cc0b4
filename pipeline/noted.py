"""What a reply confirms it has from the customer: the "I've noted …" line (their references, amounts, counts,
names, dates, in the order a careful agent confirms them) and their subject as their own title for the problem.
"""

from __future__ import annotations

import re
from typing import Any

from .lint import unsafe_to_quote
from .message import ParsedMessage
from .plan.customer import format_day
from .plan.planner import Plan
from .plan.proper import is_company

#: The types whose replies quote what the customer tried (on an invoice, "removed 4 users" is a fact, not an attempt).
TRIED_TYPES = ("technical", "outage", "returns")
_QUOTES = {"en": ("“", "”"), "de": ("„", "“"), "fr": ("« ", " »")}  # the reply language's quotation marks
#: How many of the customer's facts the reply confirms in its "noted" line (the rest the agent sees in preview).
MAX_NOTED = 7
_API = re.compile(r"^(GET|POST|PUT|PATCH|DELETE)\s|/api\b|/v\d+\b|/graphql\b|^[a-z_]+\.[a-z_]+$", re.IGNORECASE)
_DATE_LEAD = re.compile(r"^(on|am|le|the|vom|du|ab|from)\s+", re.IGNORECASE)


def own_addresses(msg: ParsedMessage, plan: Plan) -> frozenset[str]:
    """The customer's own addresses, not worth confirming back, except where the address is the matter
    (signing in, an account's e-mail, a data protection request: technical and general mail)."""
    if plan.likely_type in ("technical", "general"):
        return frozenset()
    return frozenset(a.email.lower() for a in (msg.sender, *msg.reply_to) if a)


_ENDING = {
    "en": {"card": "the card ending in {}", "phone": "the phone number ending in {}",
           "account": "the account ending in {}", "number": "the number ending in {}"},
    "de": {"card": "die Karte mit der Endung {}", "phone": "die Telefonnummer mit der Endung {}",
           "account": "das Konto mit der Endung {}", "number": "die Nummer mit der Endung {}"},
    "fr": {"card": "la carte se terminant par {}", "phone": "le numéro de téléphone se terminant par {}",
           "account": "le compte se terminant par {}", "number": "le numéro se terminant par {}"},
}  # fmt: skip
#: Protocol words a customer uses in passing ("our HMAC check"): what they name, not a fact of their case.
_JARGON = frozenset(("HMAC", "API", "JSON", "HTML", "URL", "HTTP", "HTTPS", "REST", "UTF", "SMTP", "TLS", "SSL", "DNS",
                     "UUID", "SHA", "XML", "HRB", "HRA", "SIREN", "SIRET", "RCS", "TTC", "HT", "Règlement",
                     "Regulation", "Verordnung"))  # fmt: skip
#: Card brands: "Visa" says nothing more once "the card ending in 4417" is noted.
_CARD_BRANDS = frozenset(("visa", "mastercard", "amex", "american express", "maestro", "girocard", "carte bleue"))
_PLURAL = {"ticket": "tickets", "order": "orders", "invoice": "invoices", "customer number": "customer numbers",
           "Ticket": "Tickets", "Bestellung": "Bestellungen", "Rechnung": "Rechnungen", "Kundennummer": "Kundennummern",
           "commande": "commandes", "facture": "factures", "numéro client": "numéros client"}  # fmt: skip
_AND_WORD = {"en": "and", "de": "und", "fr": "et"}


def _two_of_a_kind(found: list[str], numbers: dict[str, str], language: str) -> list[str]:
    """Two bare references of one kind side by side as one item: "ticket 47712, ticket 47980" -> "tickets 47712
    and 47980" (``numbers`` learns the merged item, so a reply that already says the first number skips it)."""
    out: list[str] = []
    for item in found:
        last = out[-1] if out else ""
        kind = item[: -len(numbers[item])].strip() if item in numbers else ""
        if last in numbers and kind in _PLURAL and last[: -len(numbers[last])].strip() == kind:
            merged = f"{_PLURAL[kind]} {numbers[last]} {_AND_WORD.get(language, 'and')} {numbers[item]}"
            numbers[merged] = numbers[last]
            out[-1] = merged
            continue
        out.append(item)
    return out


#: Their "our" in a count, said in our voice: "all 23 of our staff" -> "all 23 of your staff", "45 de nos salariés".
_YOUR_COUNT = {
    "en": re.compile(r"\b(?:our|my)\b"),
    "de": re.compile(r"\b(?:unsere[rnms]?|meine[rnms]?)\b"),
    "fr": re.compile(r"\b(?:nos|mes|notre)\b"),
}
_YOURS = {"our": "your", "my": "your", "nos": "vos", "mes": "vos", "notre": "votre"}


def _your(found: re.Match[str]) -> str:
    word = found[0]
    return _YOURS.get(word) or "Ihr" + word[len("unser") if word.startswith("unser") else len("mein") :]


#: What a bare reference number is, by the kind its keyword gave it ("Ticket #47712" -> "ticket 47712").
_KIND = {
    "en": {
        "ticket": "ticket",
        "order": "order",
        "invoice": "invoice",
        "customer_id": "customer number",
        "badge": "badge",
        "staff_id": "employee no.",
        "contract": "contract",
    },
    "de": {
        "ticket": "Ticket",
        "order": "Bestellung",
        "invoice": "Rechnung",
        "customer_id": "Kundennummer",
        "badge": "Ausweis",
        "staff_id": "Personalnummer",
        "contract": "Vertrag",
    },
    "fr": {
        "ticket": "ticket",
        "order": "commande",
        "invoice": "facture",
        "customer_id": "numéro client",
        "badge": "badge",
        "staff_id": "matricule",
        "contract": "contrat",
    },
}
_LOG_ID = re.compile(r"^[a-z]{2,6}(?:_[a-z]{2,6})?_[A-Za-z0-9]{6,}$")  # "req_7f3a91c2", "evt_01JD3K7Q2M8W"
_PLAN_NAME = re.compile(r"^[A-Z]\w+ (?:plan|tier|edition)$")  # "the Business plan", not "Business plan"


def confirmed_facts(
    plan: Plan,
    playbook: dict[str, Any],
    own: frozenset[str] = frozenset(),
    names: frozenset[str] = frozenset(),
    quoted: str = "",
) -> tuple[list[str], list[str]]:
    """The customer's own references the reply confirms it has (ids, codes, amounts, counts, quoted names),
    as written, leaving out what the restatement already says: (with the quoted sentence in the reply, so
    leaving out what it says too; without it). ``quoted``: their sentence the reply quotes under a restatement."""
    f = plan.reading.facts
    quote = quoted.lower() or ("" if playbook.get("restate") else plan.issue_quote.lower())
    # what the reply repeats anyway: the tried clauses it quotes and the questions it answers or names back
    tried = plan.reading.facts.tried[:1] if plan.likely_type in TRIED_TYPES else ()  # as the reply quotes them
    asked = [a.question for a in plan.answers] + [q.text for q in plan.open_questions]
    said = " ".join([playbook.get("restate", ""), *tried, *asked]).lower()
    # In the order a careful agent confirms them: what identifies the case, what went wrong, the money, how
    # the symptom looks, what it concerns (products, versions, addresses), then how many and when.
    opening, closing = _QUOTES.get(plan.language, _QUOTES["en"])
    # "the card ending in 4417": the last digits they gave of a card, phone or account, in the reply's language
    words = _ENDING.get(plan.language, _ENDING["en"])
    accounts = [words[a.split()[0]].format(a.split()[-1]) if a.split()[0] in words else a for a in f.accounts]
    # a bare number says what it is ("ticket 47712"), as the customer's keyword did; "INV-…" says it itself
    kinds = _KIND.get(plan.language, _KIND["en"])
    labelled = {i.text: f"{kinds[i.kind]} {i.text.lstrip('#')}" for i in f.ids
                if i.kind in kinds and not any(c.isalpha() for c in i.text)}  # fmt: skip
    numbers = {label: text.lstrip("#") for text, label in labelled.items()}  # "ticket 47712" -> "47712"
    # at most two of one kind: "req_8f3a21c7, req_8f3a2d90" says we have them; a third crowds out the status code
    # (three serials or invoices: each is a device or a bill the case is about, "two won't charge, one is the wrong
    # model", "three of your invoices don't add up")
    ids = [
        i
        for n, i in enumerate(f.ids)
        if sum(j.kind == i.kind for j in f.ids[:n]) < (3 if i.kind in ("serial", "invoice", "order") else 2)
    ]
    # a log line's request or event id ("req_7f3a91c2", "evt_41d9a07c2e") says less than the status it got: after it
    logged = [i.text for i in ids if _LOG_ID.match(i.text)]
    found: list[str] = [labelled.get(i.text, i.text) for i in ids if i.text not in logged]
    found = _two_of_a_kind(found, numbers, plan.language)  # "tickets 47712 and 47980"
    found += [f.company] if f.company else []  # the name their company goes by now
    found += list(f.clauses)  # "clause 9.2" of the SLA they hold us to
    # an address they wrote that is not their own is often the point: the new billing contact, the new admin
    found += [e for e in f.emails if e.lower() not in own]
    # (a code their quoted error text holds is said with it: "„Sync fehlgeschlagen (E-502)“", not "E-502" first)
    found += accounts + [c for c in f.error_codes if not any(c in m for m in f.error_messages if len(m) <= 80)]
    found += [f"{opening}{m}{closing}" for m in f.error_messages if len(m) <= 80]
    # (a 200 beside the errors is how it should be, not what went wrong)
    errors = [h for h in f.http_statuses if h >= 400]
    statuses = {f"HTTP {h}": str(h) for h in f.http_statuses
                if not any(str(h) in c for c in found) and (h >= 400 or not errors)}  # fmt: skip
    found += list(statuses)
    found += logged
    found += [e for e in f.endpoints if _API.search(e)]  # an API call, not a link to a screenshot
    # where it happens: "Board view", "Zeiterfassung"; not "dashboard", nor a menu path ("Reports > Scheduled")
    found += [a for a in f.areas if not a.islower() and ">" not in a]
    found += [a.text for a in f.amounts]
    # on a bill, the companies named are often the point (an invoice made out to the wrong one): next
    billed = [p for p in f.products if is_company(p)] if plan.likely_type == "billing" and not f.company else []
    found += billed
    found += list(f.addresses)  # a new billing address is what a contact change is about
    counted = list({c.number: c.text for c in reversed(f.counts)}.values())[::-1]  # one per number: "8 seats"
    found += [_YOUR_COUNT.get(plan.language, _YOUR_COUNT["en"]).sub(_your, c) for c in counted]
    found += list(f.measures)[:4]  # what the symptom looks like: "600/min", "31 °C", "70%" (the first few)
    found += [f"{opening}{n}{closing}" for n in f.names if len(n) <= 60]
    ours = plan.contact.email.rpartition("@")[2].split(".")[0].lower()
    # not us ("Example" when we are example.com), not the customer themselves ("LINDQVIST" in a transfer reference)
    mine = {ours, *names}
    card = any(a.split()[0] == "card" for a in f.accounts)
    products = [
        p
        for p in f.products
        if not set(p.lower().split()) <= mine
        and not any(p in e for e in f.environment)
        and p not in _JARGON
        and not (card and p.lower() in _CARD_BRANDS)
        and not any(p in a for a in f.areas)
    ]  # fmt: skip  ("Hours" of "the Hours by Site report")
    found += [f"the {p}" if plan.language == "en" and _PLAN_NAME.search(p) else p for p in products
              if not is_company(p)]  # fmt: skip
    # "on 2 November" -> "2 November"; the dates ahead first (a deadline, an audit), then the ones passed
    today = plan.reading.received.date() if plan.reading.received else None
    ahead = sorted(f.dates, key=lambda d: today is not None and d.on < today)
    found += [_DATE_LEAD.sub("", d.text) for d in ahead]
    # "18/11" is not noted again when the reply already says "18 novembre"
    numbers.update(
        {_DATE_LEAD.sub("", d.text): format_day(d.on, plan.language, plan.reading.received).lower() for d in ahead}
    )
    found += [p for p in f.people if p.lower() not in names]  # "Dennis Albrecht", the new contact
    # often their own company: after what concerns the case; not the old name once they say it changed
    found += [p for p in products if is_company(p) and p not in billed] if not f.company else []
    found += [e for e in f.environment if any(c.isdigit() for c in e)]  # "Chrome 129", "2.4.0": not "Windows"

    def confirmed(already: str) -> list[str]:
        out: list[str] = []
        for item in found:
            # "the Business plan" is said already by "(Business plan)"
            bare = re.sub(r"^the\s+", "", item.strip("“”„« »").lower())
            if (item in statuses and statuses[item] in already) or numbers.get(item, "\0") in already:
                continue  # "HTTP 401" when the reply already says 401, "order 100482" when it says 100482
            # not twice, nor a part of one already noted ("Delcourt" after "“Audit Delcourt”")
            if bare and bare not in already and not any(bare in o.lower() for o in out) and not unsafe_to_quote(item):
                out.append(item)
        # nor a name that a later one says whole ("Trabelsi" beside "Kévin Trabelsi")
        out = [
            o for o in out if not (o.isalpha() and any(p != o and re.search(rf"\b{re.escape(o)}\b", p) for p in out))
        ]
        return out[:MAX_NOTED]

    return confirmed(f"{said} {quote}"), confirmed(said)


_SUBJECT_LEAD = re.compile(
    r"^(?:\s*(?:re|aw|wg|fw|fwd|tr|antw|réf|ref)\s*:\s*|\s*\[[^\]]{1,40}\]\s*|\s*(?:urgent|dringend|wichtig|urgence)"
    r"\s*[:!-]+\s*|\s*(?:ticket|case|vorgang|dossier)\s*#?\s*\d+\s*[-:–]\s*)+",
    re.IGNORECASE,
)


def subject_topic(subject: str) -> str:
    """The subject as the customer's own short title for their problem ("Invoice shows 12 seats, we only have 8"),
    or "" when it is too short to say anything ("Help", "not working") or unsafe to repeat."""
    topic = " ".join(_SUBJECT_LEAD.sub("", subject or "").split()).strip(" -–:")
    if not 3 <= len(topic.split()) <= 14 or unsafe_to_quote(topic):
        return ""
    return topic
