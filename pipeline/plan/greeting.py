"""Who the reply greets: a first name or the whole name from the sender's display name, never a company, a
role address or a garbled header. Pure; never raises on any text."""

from __future__ import annotations

import re
import unicodedata


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_MOJIBAKE = re.compile(r"[ÃÂ][\x80-\xbf\xa0-\xbf]|â€|\ufffd|=\?")
_TITLES = _words("mr mrs ms miss mx dr prof herr frau mme mlle m sir madam")
_PARTICLES = _words("van von de der den da di du le la zu ten ter")
_NOT_A_PERSON = _words(
    "support info admin team service customer kunde kundenservice sales billing accounts payable office "
    "ltd gmbh inc llc ag bv srl co company department dept notifications newsletter shop store helpdesk "
    "noreply no-reply mailer-daemon postmaster system"
)


def _name_tokens(display_name: str) -> tuple[str, list[str]]:
    """(title, name tokens in greeting order) of a display name; ([], ...) when it is not a person's name."""
    name = " ".join(display_name.replace('"', " ").split())
    if not name or "@" in name or _MOJIBAKE.search(name) or len(name) > 60:
        return "", []
    name = re.split(r"\s+(via|through|über|\||/)\s+|\s*[([]", name, maxsplit=1)[0]
    if "," in name:  # "Doe, Jane" is how some directories write names
        last, first = (p.strip() for p in name.split(",", 1))
        name = f"{first} {last}"
    tokens = name.split()
    title = ""
    if tokens and tokens[0].lower().rstrip(".") in _TITLES:
        title, tokens = tokens[0], tokens[1:]
    ok = all(len(t) >= 2 and all(unicodedata.category(c).startswith("L") or c in "-'’" for c in t) for t in tokens)
    if not tokens or not ok or len(tokens) > 4 or any(t.lower() in _NOT_A_PERSON for t in tokens):
        return "", []
    if len(tokens) == 1 and tokens[0].isupper() and len(tokens[0]) > 1:
        return "", []  # "ACME", "IT": an acronym or a company more often than a name
    return title, [_fix_case(t, i) for i, t in enumerate(tokens)]


def _fix_case(token: str, index: int) -> str:
    """Capitals or lower case fixed ("JANE" -> "Jane", "o'neill" -> "O'Neill"); mixed case is kept as written."""
    if not (token.isupper() or token.islower()):
        return token
    if index and token.lower() in _PARTICLES:
        return token.lower()
    return re.sub(r"(^|[-'’])(\w)", lambda m: m.group(1) + m.group(2).upper(), token.lower())


def greeting_name(display_name: str) -> str:
    """A first name fit to greet with, or "" when the display name is missing, garbled or not a person."""
    title, tokens = _name_tokens(display_name)
    return "" if title or not tokens else tokens[0]


def greeting_full_name(display_name: str) -> str:
    """The whole name in greeting order ("Anna Schäfer", "Herr Schmidt"), or "" (see ``greeting_name``)."""
    title, tokens = _name_tokens(display_name)
    return " ".join(([title] if title else []) + tokens)
