"""What we owe them and they say never happened, a request written as a statement: "les 230 événements manqués
depuis le 26 novembre n'ont jamais été renvoyés", "the refund was never credited", "die 120 Euro wurden bis heute
nicht gutgeschrieben". The reply names it back like a request. Pure; "" when the sentence says nothing of the kind.
"""

from __future__ import annotations

import re

#: Things done for a customer: resent, refunded, credited, delivered, corrected, replaced …
_DONE = (
    r"(?:re-?sent|resent|re-?delivered|replayed|refunded|credited|reimbursed|paid back|delivered|shipped|corrected|"
    r"re-?issued|replaced|renvoyée?s?|rejouée?s?|relivrée?s?|remboursée?s?|créditée?s?|versée?s?|livrée?s?|expédiée?s?|"
    r"corrigée?s?|rééditée?s?|remplacée?s?|erneut gesendet|nachgesendet|erstattet|gutgeschrieben|zurücküberwiesen|"
    r"geliefert|versendet|verschickt|korrigiert|ersetzt|neu ausgestellt)"
)
_UNDONE = re.compile(
    r"\b(?:(?:was|were|has|have)(?: never|n't| not)(?: yet| ever)?(?: been)?|(?:has|have) never been|"
    r"still (?:hasn't|haven't|has not|have not) been|"
    r"n'(?:a|ont|est|sont) (?:jamais|toujours pas|pas encore|pas)(?: été)?|"
    r"(?:wurden?|ist|sind) (?:bis heute |noch |immer noch )?(?:nie|nicht|noch nicht|niemals|nicht mehr))"
    rf"\s+{_DONE}\b",
    re.IGNORECASE,
)
#: Where the clause that says it starts: after a colon, a semicolon or ", and" / ", et" / ", und".
_CLAUSE_START = re.compile(r"(?:^|[:;]\s+|,\s+(?:and|et|und|but|mais|aber)\s+)", re.IGNORECASE)


def undone(sentence: str) -> str:
    """The clause of ``sentence`` that says something we owe them never happened, as written, or ""."""
    found = _UNDONE.search(sentence)
    if found is None:
        return ""
    starts = [m.end() for m in _CLAUSE_START.finditer(sentence, 0, found.start())]
    clause = sentence[starts[-1] if starts else 0 : found.end()].strip()
    return clause if 3 <= len(clause.split()) <= 25 else ""


#: "I'm not paying return postage on this one", "dont want to be paying postage for your mistake", "je ne paierai
#: pas les frais de retour", "das Rückporto zahle ich nicht": who pays is what they ask.
_WONT_PAY = (
    re.compile(
        r"^(?:(?:i|we)(?:'m| am|'re| are|'ll| will)?\s*)?"
        r"(?:not|n't|won't|will not|(?:do ?n[o']?t|do not) want to(?: be)?|refuse to)\s*(?:be\s+)?"
        r"(?:paying|pay|going to pay|covering|cover)\s+(?:for\s+)?(?:the\s+|any\s+)?"
        r"(?P<what>[\w -]{3,30}?)(?=\s+(?:on|for|as|because|since|when|if)\b|[,.!;]|$)",
        re.IGNORECASE,
    ),
    re.compile(
        r"^(?:je|nous)\s+ne\s+(?:paierai|paierons|payerai|vais pas payer|veux pas payer|prendrai|prendrons)\s+"
        r"(?:pas\s+)?(?:en charge\s+)?(?P<what>(?:les?|la|l')\s*[\w' -]{3,30}?)(?=\s+(?:pour|car|alors|vu)\b|"
        r"[,.!;]|$)",
        re.IGNORECASE,
    ),
    # "ich gehe davon aus, dass wir den Rückversand nicht bezahlen müssen", "I assume we don't have to pay for X"
    re.compile(
        r"^.{0,80}?\b(?:gehe davon aus|nehme an|gehen davon aus|nehmen an),?\s+dass\s+wir\s+(?P<what>(?:den|die|das)\s+"
        r"[\w-]{3,30})\s+nicht\s+(?:\w+\s+)?(?:bezahlen|zahlen|übernehmen|tragen)\s+müssen",
        re.IGNORECASE,
    ),
    re.compile(
        r"^.{0,40}?\b(?:i|we)\s+(?:assume|take it|expect)\s+(?:that\s+)?(?:we|i)\s+(?:don't|do not|won't|will not)\s+"
        r"(?:have to|need to)\s+pay\s+(?:for\s+)?(?:the\s+)?(?P<what>[\w -]{3,30}?)"
        r"(?=[,.!;]|$|\s+(?:as|since|because))",
        re.IGNORECASE,
    ),
    re.compile(
        r"^(?P<what>(?:das|die|den)\s+[\w-]{3,30})\s+(?:zahle|zahlen|bezahle|bezahlen|übernehme|übernehmen)\s+"
        r"(?:ich|wir)\s+(?:sicher\s+|bestimmt\s+)?nicht\b",
        re.IGNORECASE,
    ),
)
_WHO_PAYS = {"en": "who pays for the {}?", "fr": "qui prend en charge {} ?", "de": "wer {} bezahlt?"}


def who_pays(sentence: str, language: str) -> str:
    """ "who pays the return postage?" when ``sentence`` says they will not pay something, else ""."""
    for pattern in _WONT_PAY:
        found = pattern.match(sentence.strip())
        if found:
            what = found["what"].strip()
            what = what[:1].lower() + what[1:] if language == "de" else what  # "wer das Rückporto bezahlt?"
            return _WHO_PAYS.get(language, _WHO_PAYS["en"]).format(what)
    return ""


#: An offer that asks whether we need it: "Den HR-Auszug kann ich gern schicken, falls ihr den braucht", "I can send
#: the certificate if you need it", "je peux vous envoyer l'extrait Kbis si besoin".
_OFFER = (
    (
        "de",
        re.compile(
            r"^(?P<what>(?:den|die|das)\s+[\w-]{3,30})\s+kann\s+ich\s+(?:Ihnen\s+|euch\s+)?(?:gern(?:e)?\s+)?"
            r"(?:schicken|senden|nachreichen|zukommen lassen),?\s+(?:falls|wenn)\s+(?:Sie|ihr)\b",
            re.I,
        ),
    ),
    (
        "en",
        re.compile(
            r"^(?:i|we)\s+(?:can|could)\s+(?:also\s+)?(?:send|forward|provide|give|share|grant)\s+(?:you\s+)?"
            r"(?P<what>(?:(?:the|our|a|an)\s+|access\b)[\w -]{3,30}?)\s+if\s+(?:you\s+need|(?:that|it)\s+helps|needed)",
            re.I,
        ),
    ),
    (
        "fr",
        re.compile(
            r"^(?:je|nous)\s+(?:peux|pouvons)\s+(?:vous\s+)?(?:envoyer|transmettre|fournir)\s+(?P<what>(?:l'|le\s|la\s|les\s)"
            r"[\w' -]{3,30}?)\s+si\s+(?:besoin|vous en avez besoin|nécessaire)",
            re.I,
        ),
    ),
)
_NEED_IT = {"de": "ob Sie {} brauchen?", "en": "whether you need {}?", "fr": "si vous avez besoin de {} ?"}


def offered(sentence: str, language: str) -> str:
    """ "ob Sie den HR-Auszug brauchen?" when ``sentence`` offers to send something if we need it, else ""."""
    for lang, pattern in _OFFER:
        found = pattern.match(sentence.strip())
        if found and lang == language:
            what = found["what"].strip()
            return _NEED_IT[lang].format(what[:1].lower() + what[1:] if lang == "de" else what)
    return ""


#: A worry that asks: "ich hoffe, der wird deswegen nicht gesperrt", "I hope our account won't be suspended",
#: "j'espère que le compte ne sera pas bloqué".
_WORRY = (
    (
        "de",
        re.compile(
            r"\bich hoffe,?\s+(?:dass\s+)?(?P<what>(?:der|die|das|unser\w*|er|sie|es)(?:\s+\w+)?)\s+"
            r"(?:wird|werden)\s+(?:\w+\s+)?nicht\s+(?P<done>gesperrt|gelöscht|deaktiviert|berechnet|gekündigt)",
            re.IGNORECASE,
        ),
        "ob {what} {done} wird?",
    ),
    (
        "en",
        re.compile(
            r"\bi hope\s+(?:that\s+)?(?P<what>(?:the|our|my|this|it)(?:\s+\w+)?)\s+(?:won't|will not|isn't going to)\s+"
            r"(?:be\s+|get\s+)(?P<done>suspended|locked|blocked|deleted|charged|cancelled|closed)",
            re.IGNORECASE,
        ),
        "whether {what} will be {done}?",
    ),
    (
        "fr",
        re.compile(
            r"\bj'espère\s+que\s+(?P<what>(?:le|la|notre|mon|ma|l')\s*\w+)\s+ne\s+sera\s+pas\s+"
            r"(?P<done>bloquée?|suspendue?|supprimée?|facturée?|fermée?)",
            re.IGNORECASE,
        ),
        "si {what} sera {done} ?",
    ),
)


_THEIR_ACCOUNT = {"de": "Ihr Konto", "en": "your account", "fr": "votre compte"}


def worried(sentence: str, language: str) -> str:
    """ "ob der Workspace gesperrt wird?" when ``sentence`` hopes something will not happen to them, else ""."""
    for lang, pattern, shape in _WORRY:
        found = pattern.search(sentence)
        if found and lang == language:
            what = found["what"]  # "der" (the workspace they just named): their account, in our words
            what = _THEIR_ACCOUNT[lang] if what.lower() in ("der", "die", "das", "er", "sie", "es", "it") else what
            return shape.format(what=what, done=found["done"])
    return ""
