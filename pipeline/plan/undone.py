"""What we owe them and they say never happened, a request written as a statement: "les 230 événements manqués
depuis le 26 novembre n'ont jamais été renvoyés", "the refund was never credited", "die 120 Euro wurden bis heute
nicht gutgeschrieben". The reply names it back like a request. Pure; "" when the sentence says nothing of the kind.
"""

from __future__ import annotations

from ..caseless import caseless

#: Things done for a customer: resent, refunded, credited, delivered, corrected, replaced …
_DONE = (
    r"(?:re-?sent|resent|re-?delivered|replayed|refunded|credited|reimbursed|paid back|delivered|shipped|corrected|"
    r"re-?issued|replaced|renvoyée?s?|rejouée?s?|relivrée?s?|remboursée?s?|créditée?s?|versée?s?|livrée?s?|expédiée?s?|"
    r"corrigée?s?|rééditée?s?|remplacée?s?|erneut gesendet|nachgesendet|erstattet|gutgeschrieben|zurücküberwiesen|"
    r"geliefert|versendet|verschickt|korrigiert|ersetzt|neu ausgestellt)"
)
_UNDONE = caseless(
    r"\b(?:(?:was|were|has|have)(?: never|n't| not)(?: yet| ever)?(?: been)?|(?:has|have) never been|"
    r"still (?:hasn't|haven't|has not|have not) been|"
    r"n'(?:a|ont|est|sont) (?:jamais|toujours pas|pas encore|pas)(?: été)?|"
    r"(?:wurden?|ist|sind) (?:bis heute |noch |immer noch )?(?:nie|nicht|noch nicht|niemals|nicht mehr))"
    rf"\s+{_DONE}\b",
)
#: Where the clause that says it starts: after a colon, a semicolon or ", and" / ", et" / ", und".
_CLAUSE_START = caseless(r"(?:^|[:;]\s+|,\s+(?:and|et|und|but|mais|aber)\s+)")


def undone(sentence: str) -> str:
    """The clause of ``sentence`` that says something we owe them never happened, as written, or ""."""
    found = _UNDONE.search(sentence)
    if found is None:
        return ""
    starts = [m.end() for m in _CLAUSE_START.finditer(sentence, 0, found.start())]
    clause = sentence[starts[-1] if starts else 0 : found.end()].strip()
    return clause if 3 <= len(clause.split()) <= 25 else ""
