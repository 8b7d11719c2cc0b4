"""What the customer found out themselves: "inzwischen habe ich festgestellt, dass genau die Einträge fehlen, die
über Mitternacht gehen", "I noticed that only invoices with a credit note are affected", "j'ai constaté que seuls
les comptes SSO sont touchés". The detail that narrows the problem down, said back in our voice. Pure.
"""

from __future__ import annotations

import re

from ..caseless import caseless
from . import clauses

#: "I('ve) noticed that", "habe ich festgestellt, dass", "j'ai constaté que": what follows is their finding.
_FOUND = caseless(
    r"\b(?:(?:i|we)(?:'ve| have)?\s+(?:also\s+|now\s+|since\s+)?(?:noticed|found|realised|realized|spotted|"
    r"discovered|figured out)\s+that|"
    # "Ce que je remarque : l'URI …", "What I noticed: …", "Was mir auffällt: …"
    r"(?:ce que (?:je remarque|j'ai remarqué|je constate|j'ai constaté|on remarque|nous remarquons)|"
    r"what (?:i|we) (?:notice|noticed|see|found)(?: is)?|was (?:mir|uns) (?:auffällt|aufgefallen ist))\s*:|"
    r"(?:mir|uns) ist (?:\w+\s+)?aufgefallen,?\s+dass|"
    # "One thing I did notice is that …", "what we found is that …"
    r"(?:one thing|what|something)\s+(?:i|we)\s+(?:did\s+)?(?:notice|noticed|found|spotted)\s+is\s+that|"
    r"(?:habe|haben)\s+(?:ich|wir)\s+(?:\w+\s+){0,2}?(?:festgestellt|bemerkt|gemerkt|herausgefunden|gesehen),?\s+dass|"
    r"(?:ich|wir)\s+(?:habe|haben)\s+(?:\w+\s+){0,2}?(?:festgestellt|bemerkt|gemerkt|herausgefunden|gesehen),?\s+dass|"
    r"(?:j'ai|nous avons|on a)\s+(?:\w+\s+){0,2}?(?:constaté|remarqué|découvert|vu|compris|trouvé)\s+qu(?:e\s+|')"
    r")\s*",
)
#: Where the finding ends: a doubt or a question added to it ("…, wobei ich nicht sicher bin, ob …").
_END = caseless(r",\s+(?:wobei|aber|doch|but|though|although|however|mais|sauf que|et je|and i|und ich)\b|"
                r"\s[–—]\s|;\s")  # fmt: skip
#: Their own voice, which would read wrong in ours ("dass unsere Einträge …" is not "dass Ihre Einträge …").
_FIRST_PERSON = caseless(r"\b(?:i|me|my|we|us|our|ich|mir|mich|mein\w*|wir|uns|unser\w*|je|j'|moi|mon|ma|mes|"
                         r"nous|notre|nos)\b")  # fmt: skip

#: The longest finding said back, in characters.
MAX_FINDING = 160


def noticed(sentences: list[str]) -> str:
    """The first finding of theirs, as the clause after "noticed that" / "festgestellt, dass" / "constaté que", in
    words we can say back ("" when it speaks in their first person or is too short)."""
    for sentence in sentences:
        found = _FOUND.search(sentence)
        if not found:
            continue
        clause = sentence[found.end() :]
        end = _END.search(clause)
        clause = (clause[: end.start()] if end else clause).strip().rstrip(".!?:;,")
        clause = re.sub(r"^(?:offenbar|anscheinend|apparently|apparemment)\s+", "", clause, flags=re.IGNORECASE)
        if len(clause.split()) < 4 or _FIRST_PERSON.search(clause) or clause.endswith("?"):
            continue
        return clauses.shorten(clause, MAX_FINDING)
    return _concluded(sentences)


#: A finding put as their conclusion: "Tout ce qui passe minuit est donc refusé", "So every entry that crosses
#: midnight is rejected", "Alle Einträge über Mitternacht werden also abgelehnt" (the conclusion word goes).
_CONCLUDED = (
    re.compile(r"^(?P<a>[^.?!;:]{8,140}?\b(?:est|sont|a été|ont été))\s+donc\s+(?P<b>[^.?!;]{3,80})", re.I),
    re.compile(r"^(?:so|therefore|so basically),?\s+(?P<a>(?:every|everything|all|only|any|none|no)\b[^.?!;]{10,160})",
               re.I),
    re.compile(r"^(?P<a>(?:alle|alles|nur|jede[rs]?|sämtliche|keine?)\b[^.?!;:]{5,100}?\b(?:wird|werden|ist|sind))"
               r"\s+also\s+(?P<b>[^.?!;]{3,80})", re.I),
)  # fmt: skip


def _concluded(sentences: list[str]) -> str:
    for sentence in sentences:
        for pattern in _CONCLUDED:
            found = pattern.match(sentence.strip())
            if found is None:
                continue
            clause = " ".join(p for p in (found["a"], found.groupdict().get("b") or "") if p)
            end = _END.search(clause)
            clause = (clause[: end.start()] if end else clause).strip().rstrip(".!?:;,")
            if len(clause.split()) >= 5 and not _FIRST_PERSON.search(clause):
                return clauses.shorten(clause[:1].lower() + clause[1:], MAX_FINDING)
    return ""
