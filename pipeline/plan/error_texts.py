"""Error text the customer quoted, verbatim: `the page says "Payment method declined"`, a line `Error: …`, or any
quote whose own words read as an error. Not our reply quoted back, nor a status or a label in the product.
Pure; as written; in order.
"""

from __future__ import annotations

import re

from ..caseless import caseless
from .facts import unique

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
    # a ticket's status: 'das Ticket steht … auf "gelöst"', 'passé le ticket en « Résolu »', 'marked the ticket as'
    r"(?:ticket|vorgang)\s+(?:[\w-]+\s+){0,4}(?:auf|en|à|to|as|als)|"
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
    r"\b(?:bad gateway|service unavailable|internal server error|gateway time-?out|too many requests|"
    r"invalid|error|failed|failure|denied|refused|not found|unauthori[sz]ed|forbidden|expired|timed out|timeout|"
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

    return unique([m for _, m in sorted(found)], key=str.lower)


#: What a screen tells the user to do, inside a quoted message: "bitte versuchen Sie es später erneut".
_SCREEN_ORDER = caseless(
    r"\s*[-–—,.:;]?\s*\b(?:please (?:try|retry|contact|reload|refresh|wait)|try again|bitte (?:versuchen|wenden|"
    r"laden|warten|melden)|versuchen sie es|veuillez|merci de (?:réessayer|patienter|contacter)|réessayez)\b.*$",
)


_ORDER_WORDS = ("please", "bitte", "versuchen", "veuillez", "merci de", "réessayez", "try again")


def screens_muted(text: str) -> str:
    """``text`` with what a quoted error tells its user to do left out: „Zeitüberschreitung – bitte versuchen Sie es
    später erneut“ is „Zeitüberschreitung“, so the asks reader does not take the screen's order for the customer's
    request. A quote that is only an order keeps it (nothing would be left to say which message it was)."""

    def muted(match: re.Match[str]) -> str:
        group = next(g for g in "abcde" if match[g])
        inner = match[group]
        kept = _SCREEN_ORDER.sub("", inner).rstrip(" -–—,.:;")
        if kept == inner or len(kept) < 3:
            return match[0]
        start, end = match.start(group) - match.start(), match.end(group) - match.start()
        return match[0][:start] + kept + match[0][end:]

    lower = text.lower()
    if not any(w in lower for w in _ORDER_WORDS) or not _SCREEN_ORDER.search(text):
        return text  # (most text: no order to look for, and the pattern is not cheap)
    return _ANY_QUOTE.sub(muted, text)
