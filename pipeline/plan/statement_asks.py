"""Statements that ask something: a refusal to pay ("I'm not paying return postage on this one": who pays?), an
offer ("Den HR-Auszug kann ich gern schicken, falls ihr den braucht": do we need it?) and a worry ("ich hoffe, der
wird deswegen nicht gesperrt": will it be?). Each is named back as the question it asks. Pure; "" when a sentence
asks nothing of the kind.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ..caseless import caseless

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
        # ("Ich geh mal davon aus dass wir das Porto nicht zahlen muessen": spoken, and without umlauts)
        r"^.{0,80}?\b(?:(?:gehe?|gehen) (?:mal |doch |jetzt )?davon aus|(?:nehme|nehmen) (?:mal )?an),?\s+dass\s+wir\s+"
        r"(?P<what>(?:den|die|das)\s+[\w-]{3,30})\s+nicht\s+(?:\w+\s+)?(?:bezahlen|zahlen|übernehmen|tragen)\s+"
        r"m(?:ü|ue)ssen",
        re.IGNORECASE,
    ),
    # "wäre ich froh, wenn wir das Porto für die Rücksendung nicht selbst tragen müssten", "I'd appreciate it if we
    # didn't have to pay the return shipping": who pays, asked as a wish
    re.compile(
        r"^.{0,120}?\b(?:froh|dankbar|schön|gut),?\s+wenn\s+wir\s+(?P<what>(?:den|die|das)\s+[\w-]{3,30})\s+"
        r"(?:[\w-]+\s+){0,4}?nicht\s+(?:selbst\s+|selber\s+)?(?:bezahlen|zahlen|übernehmen|tragen)\s+m(?:ü|ue)ssten",
        re.IGNORECASE,
    ),
    re.compile(
        r"^.{0,80}?\b(?:appreciate it|be grateful|be great|help)\s+if\s+we\s+(?:didn't|did not|don't|do not|wouldn't)"
        r"\s+(?:have|need)\s+to\s+(?:pay|cover)\s+(?:for\s+)?(?:the\s+)?(?P<what>[\w -]{3,30}?)"
        r"(?=[,.!;]|$|\s+(?:as|since|because))",
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
    found = _matched(_OFFER, sentence.strip(), language, re.Pattern.match)
    if found is None:
        return ""
    what = found["what"].strip()
    return _NEED_IT[language].format(what[:1].lower() + what[1:] if language == "de" else what)


def _matched(
    table: tuple[tuple[str, re.Pattern[str]], ...], sentence: str, language: str, how: Callable[..., Any]
) -> re.Match[str] | None:
    """The match of ``table``'s pattern for ``language`` in ``sentence`` (``how``: match or search), or None."""
    return next((m for lang, pattern in table if lang == language and (m := how(pattern, sentence))), None)


#: A worry that asks: "ich hoffe, der wird deswegen nicht gesperrt", "I hope our account won't be suspended",
#: "j'espère que le compte ne sera pas bloqué".
_WORRY = (
    (
        "de",
        re.compile(
            r"\bich hoffe,?\s+(?:dass\s+)?(?P<what>(?:der|die|das|unser\w*|er|sie|es)(?:\s+\w+)?)\s+"
            r"(?:wird|werden)\s+(?:\w+\s+)?nicht\s+(?P<done>gesperrt|gelöscht|deaktiviert|berechnet|gekündigt)|"
            # "Nicht dass wir nachher gesperrt werden, weil eine Zahlung fehlt"
            r"\bnicht,?\s+dass?\s+(?P<what2>wir|unser\w*(?:\s+\w+)?)\s+(?:\w+\s+)?"
            r"(?P<done2>gesperrt|gelöscht|deaktiviert|gekündigt)\s+werden",
            re.IGNORECASE,
        ),
    ),
    (
        "en",
        re.compile(
            r"\bi hope\s+(?:that\s+)?(?P<what>(?:the|our|my|this|it)(?:\s+\w+)?)\s+(?:won't|will not|isn't going to)\s+"
            r"(?:be\s+|get\s+)(?P<done>suspended|locked|blocked|deleted|charged|cancelled|closed)",
            re.IGNORECASE,
        ),
    ),
    (
        "fr",
        re.compile(
            r"\bj'espère\s+que\s+(?P<what>(?:le|la|notre|mon|ma|l')\s*\w+)\s+ne\s+sera\s+pas\s+"
            r"(?P<done>bloquée?|suspendue?|supprimée?|facturée?|fermée?)",
            re.IGNORECASE,
        ),
    ),
)


_WORRIED = {"de": "ob {what} {done} wird?", "en": "whether {what} will be {done}?", "fr": "si {what} sera {done} ?"}
_THEIR_ACCOUNT = {"de": "Ihr Konto", "en": "your account", "fr": "votre compte"}


#: A worry that it happens again: "I don't want the same thing happening with the January invoice", "ich möchte
#: nicht, dass das bei der Januar-Rechnung wieder passiert", "je ne veux pas que cela se reproduise avec …".
_AGAIN = (
    (
        "en",
        re.compile(
            r"\b(?:i|we) (?:don't|do not|wouldn't|would not) (?:want|like) (?:the same(?: thing)?|this|that|it) "
            r"(?:to happen|happening) (?:again )?(?:with|on|for) (?P<what>(?:the|our|next|this)\s+[\w -]{3,30}?)"
            r"(?=\s+(?:again|either|too)\b|[,.;!]|$)",
            re.IGNORECASE,
        ),
    ),
    (
        "de",
        re.compile(
            r"\b(?:ich|wir) (?:möchte|möchten|will|wollen) nicht,? dass (?:das|dasselbe|sowas|so etwas) (?:\w+ )?"
            r"(?:mit|bei) (?P<what>(?:der|dem|den|unserer|unserem)\s+[\w-]{3,30}) (?:\w+ )?(?:passiert|vorkommt)",
            re.IGNORECASE,
        ),
    ),
    (
        "fr",
        re.compile(
            r"\b(?:je|nous) ne (?:veux|voulons|voudrais|voudrions) pas que (?:la même chose|cela|ça|ce soit pareil) "
            r"(?:se reproduise|arrive|recommence) (?:avec|pour|sur) (?P<what>(?:la|le|les|notre)\s+[\w' -]{3,30}?)"
            r"(?=[,.;!]|$)",
            re.IGNORECASE,
        ),
    ),
)
#: A condition that is a worry: "as long as our volunteers don't lose access to the rota", "solange unsere Leute den
#: Zugang nicht verlieren", "tant que nos bénévoles ne perdent pas l'accès": will they keep it?
_KEEP = (
    ("en", re.compile(r"\bas long as (?P<what>(?:our|my|the)\s+[\w -]{3,30}?) (?:don't|do not|doesn't|does not|won't) "
                      r"lose (?:their |its )?access", re.IGNORECASE)),
    ("de", re.compile(r"\bsolange (?P<what>(?:unsere?|die|meine?)\s+[\w-]{3,30}) (?:den |ihren )?Zugang nicht "
                      r"verlier\w*", re.IGNORECASE)),
    ("fr", re.compile(r"\btant que (?P<what>(?:nos|les|mes|notre)\s+[\w-]{3,30}) ne perd\w* pas (?:l'|leur )accès",
                      re.IGNORECASE)),
)  # fmt: skip
_KEEP_ASKED = {"de": "ob {what} den Zugang behalten?", "en": "whether {what} keep access in the meantime?",
               "fr": "si {what} gardent l'accès entre-temps ?"}  # fmt: skip
_AGAIN_ASKED = {"de": "ob das bei {what} wieder passieren kann?", "en": "whether the same can happen with {what}?",
                "fr": "si la même chose peut se produire avec {what} ?"}  # fmt: skip


def _ours(what: str, language: str) -> str:
    """ "our volunteers" said back in our voice: "your volunteers"."""
    swap = {"en": {"our": "your", "my": "your"}, "de": {"unsere": "Ihre", "unser": "Ihr", "meine": "Ihre"},
            "fr": {"nos": "vos", "notre": "votre", "mes": "vos"}}.get(language, {})  # fmt: skip
    head, _, rest = what.strip().partition(" ")
    return f"{swap.get(head.lower(), head)} {rest}".strip()


def worried(sentence: str, language: str) -> str:
    """ "ob Ihr Konto gesperrt wird?" when ``sentence`` hopes something will not happen to them, else ""."""
    found = _matched(_WORRY, sentence, language, re.Pattern.search)
    if found is None:
        again = _matched(_AGAIN, sentence, language, re.Pattern.search)
        if again:
            return _AGAIN_ASKED[language].format(what=again["what"].strip())
        keep = _matched(_KEEP, sentence, language, re.Pattern.search)
        return _KEEP_ASKED[language].format(what=_ours(keep["what"], language)) if keep else ""
    what = found["what"] or found["what2"]  # "der" (the workspace they just named): their account, in our words
    what = _THEIR_ACCOUNT[language] if what.lower() in ("der", "die", "das", "er", "sie", "es", "it", "wir") else what
    return _WORRIED[language].format(what=what, done=found["done"] or found["done2"])


#: A belief they hedge, which asks us to confirm it: "Das Gerät müsste noch in der Garantie sein (24 Monate, wenn ich
#: richtig informiert bin)", "it should still be under warranty if I'm not mistaken", "sauf erreur de ma part".
_HEDGE = caseless(
    r"[,(]?\s*\b(?:wenn|falls|sofern) ich (?:richtig informiert bin|mich nicht irre|mich recht erinnere|das richtig "
    r"(?:sehe|verstehe))|if i(?:'m| am) not mistaken|if i remember (?:correctly|rightly)|unless i(?:'m| am) mistaken|"
    r"si je ne me trompe pas|sauf erreur de ma part|si je me souviens bien\b[)]?"
)


def hedged(sentence: str, language: str) -> str:
    """``sentence`` as the question it asks when it hedges a belief ("das Gerät müsste noch in der Garantie sein
    (24 Monate)?"), else ""."""
    hedge = _HEDGE.search(sentence)
    if hedge is None:
        return ""
    said = f"{sentence[: hedge.start()]} {sentence[hedge.end() :]}".strip(" ,.;:!")
    said = re.sub(r"\(\s*([^()]*?)[\s,]*\)", r"(\1)", " ".join(said.split())).replace(" ()", "")
    return f"{said}?" if len(said.split()) >= 3 else ""


#: A plan of theirs they assume we accept, which asks whether we do: "Die Zahlung halten wir bis dahin zurück, ich
#: gehe davon aus, dass das in Ordnung ist", "we'll pay the rest next month, I assume that's fine", "on règlera
#: le solde en janvier, je suppose que ça ne pose pas de problème".
_ASSUMED_OK = caseless(
    r"[\s,;–—-]+(?:(?:ich gehe (?:mal |doch )?davon aus|ich nehme (?:mal )?an|ich hoffe),?\s+dass (?:das|dies|es) "
    r"(?:so )?(?:in ordnung|ok|okay|recht|kein problem) ist|"
    r"(?:i assume|i take it|i hope|i trust|hope|i presume)\s+(?:that(?:'s| is| will be)|this is|it's|it is)\s+"
    r"(?:ok|okay|fine|alright|all right|acceptable|not a problem)(?: with you)?|"
    r"(?:j'imagine|je suppose|j'espère|je pense|je présume)\s+que\s+(?:ça|cela|c'est|ce n'est)\s*"
    r"(?:ne pose pas de problème|ne pose aucun problème|(?:est )?(?:ok|bon|acceptable)|vous convient|va|"
    r"pas un problème))"
    r"[\s.!]*$"
)
_IS_IT_OK = {"de": "{} – ist das in Ordnung?", "en": "{} – is that OK?", "fr": "{} : est-ce que cela vous convient ?"}


def assumed_ok(sentence: str, language: str) -> str:
    """ "Die Zahlung halten wir bis dahin zurück – ist das in Ordnung?" when ``sentence`` assumes we accept what it
    says they will do, else ""."""
    found = _ASSUMED_OK.search(sentence)
    head = sentence[: found.start()].strip(" ,;.") if found else ""
    return _IS_IT_OK.get(language, _IS_IT_OK["en"]).format(head) if len(head.split()) >= 3 else ""


#: What an ultimatum demands: "Si je n'ai pas d'ici vendredi une explication sérieuse sur ces lenteurs …, on ne
#: renouvelle pas", "Unless we get a proper explanation by Friday, we won't renew", "Wenn ich bis Freitag keine
#: Erklärung bekomme, kündigen wir": the explanation is what they ask of us.
_ULTIMATUM = (
    ("fr", re.compile(
        r"^\s*(?:et\s+)?si (?:je|nous|on) n'(?:ai|avons|a) pas (?:(?:d'ici|avant) [\w' ]{3,25}? )?"
        r"(?P<what>[^,;:!?]{8,160}?),"
        r"\s+(?:on|nous|je)\s+(?:ne\s+\w+\s+pas|résili\w*|annul\w*|part\w*|quitt\w*|change\w*)", re.IGNORECASE)),
    ("en", re.compile(
        r"^(?:[^:]{3,40}:)?\s*(?:and\s+)?(?:unless|if) (?:i|we) (?:don't |do not )?(?:get|receive|have|see) "
        r"(?P<what>[^,;:!?]{8,160}?)"
        r"(?: by [\w ]{2,25}?)?,\s+(?:we|i)(?:'ll| will)? (?:not renew|won't renew|will not renew|be cancell?ing|"
        r"cancel|leave|be leaving|switch|move)", re.IGNORECASE)),
    ("de", re.compile(
        r"^\s*(?:und\s+)?(?:wenn|falls) (?:ich|wir) (?:bis [\w., ]{2,30}? )?(?:nicht |k(?P<article>eine[nr]?|ein) )"
        r"(?P<what>[^,;:!?]{8,160}?) "
        r"(?:bekomme|bekommen|erhalte|erhalten|habe|haben|sehe|sehen),\s+(?:kündigen|verlängern|wechseln|gehen)",
        re.IGNORECASE)),
)  # fmt: skip


#: An ultimatum on the fix itself: "si ce n'est pas réglé durablement d'ici vendredi, je recommande de ne pas
#: renouveler", "if this isn't fixed for good by Friday, we won't renew", "wenn das bis Freitag nicht dauerhaft
#: behoben ist, kündigen wir": a lasting fix is what they ask of us.
#: The threat first, then what would stop it: "I am not renewing for another year of this unless I get a proper
#: explanation of what is actually wrong", "…, sauf si j'obtiens …", "…, es sei denn, ich bekomme …".
_THREAT_UNLESS = (
    ("en", re.compile(r"\b(?:not (?:be )?renew\w*|cancel\w*|leav\w*|switch\w*)\b[^.;!?]{0,60}?\bunless (?:i|we) "
                      r"(?:get|receive|see|have) (?P<what>[^.;!?]{8,160}?)(?=[,.;!?]|$)", re.I)),
    ("de", re.compile(r"\b(?:kündig\w*|nicht verlänger\w*|wechseln)\b[^.;!?]{0,60}?\bes sei denn,? (?:ich|wir) "
                      r"(?:bekomme|bekommen|erhalte|erhalten) (?P<what>[^.;!?]{8,160}?)(?=[,.;!?]|$)", re.I)),
    ("fr", re.compile(r"\b(?:résili\w*|pas renouvel\w*|partir|quitter)\b[^.;!?]{0,60}?\bsauf si (?:j'obtiens|nous "
                      r"obtenons|on obtient|je reçois) (?P<what>[^.;!?]{8,160}?)(?=[,.;!?]|$)", re.I)),
)  # fmt: skip
_UNLESS_FIXED = (
    ("fr", re.compile(
        r"(?:^|[:;–—]\s*)\s*(?:et\s+)?si (?:ce n'est|ça n'est|le problème n'est|ce n'est toujours) pas "
        r"(?P<what>(?:réglé|résolu|corrigé)"
        r"(?: (?:durablement|définitivement|pour de bon|correctement))?)\b[^,]{0,40},\s+(?:je|on|nous)\b", re.I)),
    ("en", re.compile(
        r"(?:^|[:;–—]\s*)\s*(?:and\s+)?(?:if|unless) (?:this|it|the (?:problem|issue)) (?:isn't|is not|is) "
        r"(?P<what>(?:fixed|resolved|"
        r"sorted)(?: (?:for good|properly|permanently|once and for all))?)\b[^,]{0,40},\s+(?:we|i)\b", re.I)),
    ("de", re.compile(
        r"(?:^|[:;–—]\s*)\s*(?:und\s+)?(?:wenn|falls) (?:das|es|der fehler|das problem) (?:bis [\w. ]{2,25}? )?nicht "
        r"(?P<what>(?:dauerhaft |endgültig |wirklich |vernünftig )?(?:behoben|gelöst|repariert))\b[^,]{0,20},\s+"
        r"(?:kündigen|verlängern|wechseln|gehen|werden|empfehle)", re.I)),
)  # fmt: skip
#: What an ultimatum adds that they will want: "…, and I'll want the last two months refunded since …", "…, und
#: ich will die Gebühren zurück", "…, et je voudrai le remboursement des deux derniers mois".
_AND_I_WANT = (
    ("en", re.compile(r",?\s+and (?:i|we)(?:'ll| will) (?:want|expect|need|ask for|ask|demand) "
                      r"(?P<what>[^.,;!?]{5,80}?)"
                      r"(?=\s+(?:since|because|as|for (?!this|last|the|yesterday|today))\b|[.,;!?]|$)", re.I)),
    ("de", re.compile(r",?\s+und (?:ich|wir) (?:will|wollen|erwarte|erwarten) (?P<what>[^.,;!?]{5,80}?)"
                      r"(?=\s+(?:weil|da|denn)\b|[.,;!?]|$)", re.I)),
    ("fr", re.compile(r",?\s+et (?:je|nous) (?:voudrai|voudrons|exigerai|exigerons|demanderai|demanderons) "
                      r"(?P<what>[^.,;!?]{5,80}?)(?=\s+(?:car|puisque|vu)\b|[.,;!?]|$)", re.I)),
)  # fmt: skip
#: A threat that ends on what would stop it: "we will not be renewing unless somebody explains what happened last
#: night", "…, es sei denn, jemand erklärt mir, was da los war", "…, à moins qu'on m'explique ce qui s'est passé".
_UNLESS_EXPLAINED = (
    ("en", re.compile(r"\bunless (?:somebody|someone|you) (?:can |will )?(?:finally |properly )?explains? "
                      r"(?:to (?:me|us) )?(?P<what>(?:what|why|how)\b[^.;!?]{5,160}?)(?=[.;!?]|$)", re.I)),
    ("de", re.compile(r"\bes sei denn,? (?:jemand|sie) (?:kann|können )?(?:mir|uns) (?:endlich |vernünftig )?"
                      r"(?:erklärt|erklären)(?: kann| können)?,? (?P<what>(?:was|warum|wieso|wie)\b[^.;!?]{5,160}?)"
                      r"(?=[.;!?]|$)", re.I)),
    ("fr", re.compile(r"\bà moins (?:qu'on|que quelqu'un|que vous) (?:ne )?(?:m'|nous )(?:explique|expliquiez) "
                      r"(?P<what>(?:ce qui|ce que|pourquoi|comment)\b[^.;!?]{5,160}?)(?=[.;!?]|$)", re.I)),
)  # fmt: skip
_EXPLANATION = {"en": "an explanation of {}", "de": "eine Erklärung, {}", "fr": "une explication sur {}"}
#: (the threat itself is answered by the reply's renewal line)
_FIXED_ASKED = {"fr": "que le problème soit {}", "en": "the problem {}", "de": "dass das Problem {} wird"}


def demanded(sentence: str, language: str) -> tuple[str, ...]:
    """What an ultimatum asks of us ("une explication sérieuse sur ces lenteurs"), and what it adds they will want
    ("…, I will not renew, and I will ask a credit for this month"); () when it asks nothing."""
    first = _demanded(sentence, language)
    also = _matched(_AND_I_WANT, sentence, language, re.Pattern.search) if first else None
    more = also["what"].strip() if also else ""
    if more.split()[:3] == first.split()[:3]:
        more = ""  # the addition was the demand itself ("…, and I'll want the last two months refunded")
    return tuple(d for d in (first, more) if d)


def _demanded(sentence: str, language: str) -> str:
    found = _matched(_ULTIMATUM, sentence, language, re.Pattern.match)
    if found is None:
        found = _matched(_THREAT_UNLESS, sentence, language, re.Pattern.search)
    if found is None and (explain := _matched(_UNLESS_EXPLAINED, sentence, language, re.Pattern.search)):
        return _EXPLANATION.get(language, _EXPLANATION["en"]).format(explain["what"].strip())
    if found is None:
        fixed = _matched(_UNLESS_FIXED, sentence, language, re.Pattern.search)
        if fixed is None and (also := _matched(_AND_I_WANT, sentence, language, re.Pattern.search)):
            what = also["what"].strip()  # "…, I'm cancelling, and I'll want the last two months refunded"
            # named back as "You asked for the last two months to be refunded"
            return re.sub(r"\s(\w+ed)$", r" to be \1", what) if language == "en" and len(what.split()) > 2 else what
        what = fixed["what"] if fixed else ""
        return _FIXED_ASKED.get(language, _FIXED_ASKED["en"]).format(what) if what else ""
    article = found.groupdict().get("article")  # "keine Erklärung" asks for "eine Erklärung"
    what = re.sub(r"\b(und|oder) kein(e[nr]?)?\b", r"\1 ein\2", found["what"])  # "… und keinen Vorschlag"
    what = re.sub(r"\s+(?:auf dem tisch|in der hand|vorliegen)$", "", what, flags=re.I)  # "… auf dem Tisch habe"
    return " ".join(f"{article or ''} {what}".split())


#: What they would be glad to receive: "Über ein unverbindliches Angebot für die 9 festen Lizenzen würde ich mich
#: freuen", "je serais heureuse de recevoir un devis pour 20 postes": a request for it.
_WELCOME = (
    ("de", re.compile(
        r"^über (?P<what>(?:ein|eine|einen|die|den|das|ihr\w*)\s[^.;!?]{3,100}?) (?:würde|würden) (?:ich|wir) "
        r"(?:mich|uns) (?:sehr |riesig )?freuen|"
        # "Ferner wäre uns an einer Bestätigung gelegen, dass …": the confirmation, and what it confirms
        r"\b(?:wäre|ist) (?:mir|uns) (?:sehr |besonders )?an "
        r"(?P<what2>(?:einer|einem|der|dem|ihrer|ihrem)\s[^.;!?]{3,60}?) gelegen"
        r"(?P<that>,\s(?:dass|ob)\s[^.;!?]{3,120})?",
        re.I)),
    ("fr", re.compile(
        r"\b(?:je serais|nous serions) (?:très )?(?:heureux|heureuse|ravie?s?|reconnaissante?s?) de recevoir "
        r"(?P<what>(?:un|une|le|la|les|votre|vos)\s[^.;!?]{3,100}?)(?=[.,;!?]|$)", re.I)),
    ("en", re.compile(
        r"\b(?:i|we)(?:'d| would) (?:welcome|be glad to (?:receive|get|have)|love to (?:receive|get|have)) "
        r"(?P<what>(?:a|an|the|your)\s[^.;!?]{3,100}?)(?=[.,;!?]|$)", re.I)),
)  # fmt: skip


def welcomed(sentence: str, language: str) -> str:
    """What they would be glad to receive ("ein unverbindliches Angebot für die 9 festen Lizenzen"), else ""."""
    found = _matched(_WELCOME, sentence.strip(), language, re.Pattern.search)
    if found is None:
        return ""
    groups = found.groupdict()
    return (groups.get("what") or f"{groups['what2']}{groups.get('that') or ''}").strip()
