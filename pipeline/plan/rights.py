"""The data-protection rights a customer invokes, as GDPR article numbers: by the article they cite ("Art. 17
DSGVO") or by what they ask for in words ("a subject access request … and then I want it all deleted",
"Auskunft über meine Daten", "l'effacement de mes données"). Pure; read only in a mail about personal data.
Also the clauses of their contract or our terms they quote back at us ("clause 9.2", "Ziffer 4.2 des SLA").
"""

from __future__ import annotations

from ..caseless import caseless

#: A mail about personal data: only there does "deleted" ask for erasure.
_ABOUT_PERSONAL_DATA = caseless(
    r"\b(?:gdpr|dsgvo|rgpd|uk gdpr|personal data|personal information|data protection|personenbezogen\w*|"
    r"datenschutz\w*|données personnelles|protection des données|art(?:icle|\.)?\s?1[5-9]|art(?:icle|\.)?\s?2[01])\b"
)
#: Each right by article, as customers name it in words (English, German, French).
_NAMED = (
    (15, caseless(r"\b(?:subject access|access request|right of access|right to access|\bSAR\b|copy of (?:all )?"
                  r"(?:my|the|our) (?:personal )?data|(?:what|which) (?:personal )?data you (?:hold|have|store|keep)|"
                  r"everything you hold about me|auskunft\w*|welche (?:personenbezogenen )?daten sie|kopie (?:meiner|"
                  r"aller|der) (?:gespeicherten )?(?:personenbezogenen )?daten|droit d'accès|demande d'accès|copie de "
                  r"(?:toutes )?(?:mes|les) données|quelles données)\b")),
    (16, caseless(r"\b(?:rectif\w*|correct (?:my|the) (?:personal )?data|berichtig\w*)\b")),
    (17, caseless(r"\b(?:delet\w*|eras\w*|be forgotten|remove (?:all )?(?:of )?my (?:personal )?data|lösch\w*|"
                  r"loesch\w*|supprim\w*|effac\w*|droit à l'oubli)\b")),
    (18, caseless(r"\b(?:restrict(?:ion)? (?:of )?(?:the )?processing|einschränkung der verarbeitung|limitation du "
                  r"traitement)\b")),
    (20, caseless(r"\b(?:portability|datenübertragbarkeit|portabilité)\b")),
    (21, caseless(r"\b(?:right to object|object to (?:the )?processing|widerspruch\w*|widerspreche\w*|droit "
                  r"d'opposition|m'oppose\w*)\b")),
)  # fmt: skip
_CITED = caseless(r"\bart(?:icle|\.|ikel)?\s?(1[5-8]|2[01])\b")


def invoked(text: str) -> tuple[int, ...]:
    """The GDPR articles of the rights ``text`` invokes, in article order; () in a mail not about personal data."""
    if not _ABOUT_PERSONAL_DATA.search(text):
        return ()
    found = {int(m[1]) for m in _CITED.finditer(text)}
    found |= {article for article, pattern in _NAMED if pattern.search(text)}
    return tuple(sorted(found))


#: A numbered clause of a contract, an SLA or our terms: "clause 9.2", "Ziffer 4.2", "l'article 7.2", "§ 5.1"
#: (dotted, so "Art. 28 DSGVO" stays a law's article).
_CLAUSE = caseless(r"\b(?:clause|section|ziffer|abschnitt|punkt|article|paragraphe?|point|§)\s?"
                   r"(\d{1,2}(?:\.\d{1,2}){1,2})(?![\d.]*\d)")  # fmt: skip


def clauses_quoted(text: str) -> tuple[str, ...]:
    """The numbered clauses they cite, as written ("clause 9.2", "Ziffer 4.2"), each once."""
    seen: dict[str, str] = {}
    low = text.lower()
    if not any(
        w in low for w in ("clause", "section", "ziffer", "abschnitt", "punkt", "article", "paragraph", "point", "§")
    ):
        return ()
    for found in _CLAUSE.finditer(text):
        seen.setdefault(found[1], " ".join(found[0].split()))
    return tuple(seen.values())


#: Someone who works or worked for them, whose data request they pass on: "la demande d'une kiné qui a travaillé chez
#: nous", "one of my ex cleaners (Maria) wants all her data deleted", "eine ehemalige Mitarbeiterin verlangt Auskunft".
_THEIR_STAFF = caseless(
    r"\b(?:(?:ancien(?:ne)?s?|ex-?|former|ehemalig\w*|frühere[nrs]?)\s+(?:\w+\s+)?(?:salarié\w*|employé\w*|"
    r"collaborat\w*|employees?|staff(?: member)?|members? of staff|workers?|cleaners?|drivers?|nurses?|"
    r"mitarbeiter\w*|angestellt\w*|beschäftigt\w*|fahrer\w*|saisonnière?s?)|qui a travaillé (?:chez nous|pour nous)|"
    r"who (?:used to )?work(?:ed|s)? (?:for|with) us|die (?:früher )?bei uns (?:gearbeitet|beschäftigt|angestellt)|"
    # and someone who works for them now: "Un de nos salariés, M. Trabelsi, nous a adressé une demande d'accès"
    r"(?:un|une|l'une?) de nos (?:salarié\w*|employé\w*|collaborat\w*|agents?|intérimaires?|chauffeurs?)|"
    r"one of our (?:employees|staff|workers|team members|drivers|nurses|cleaners|carers)|an employee of ours|"
    r"(?:einer?|eine) unserer (?:mitarbeiter\w*|angestellt\w*|beschäftigt\w*|fahrer\w*))\b"
)


def for_their_staff(text: str) -> bool:
    """Whether ``text``, a mail about personal data, passes on the request of someone who works or worked for them
    (they are the employer, the controller of that data; we are their processor)."""
    return bool(_ABOUT_PERSONAL_DATA.search(text) and _THEIR_STAFF.search(text))
