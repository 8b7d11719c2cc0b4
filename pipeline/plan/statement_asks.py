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
    # "Ich gehe außerdem davon aus, dass die Versandkosten diesmal nicht wieder an uns hängen bleiben",
    # "I assume the shipping won't be on us this time", "je suppose que les frais de port ne seront pas à notre charge"
    re.compile(
        r"^.{0,80}?\b(?:(?:gehe?|gehen) (?:mal |doch |jetzt |außerdem |auch |natürlich )?davon aus|(?:nehme|nehmen) "
        r"(?:mal |außerdem )?an),?\s+dass\s+(?P<what>(?:den|die|das|der)\s+[\w-]{3,30})\s+(?:[\w-]+\s+){0,3}?"
        r"nicht\s+(?:[\w-]+\s+){0,2}?(?:an|bei)\s+uns\s+(?:hängen|kleben)\s*bleib",
        re.IGNORECASE,
    ),
    re.compile(
        r"^.{0,40}?\b(?:i|we)\s+(?:assume|take it|expect|trust)\s+(?:that\s+)?(?:the|any)\s+(?P<what>[\w -]{3,30}?)\s+"
        r"(?:won't|will not|isn't going to|is not going to)\s+be\s+(?:on us|charged to us|at our (?:cost|expense))",
        re.IGNORECASE,
    ),
    re.compile(
        r"^.{0,40}?\b(?:je suppose|j'imagine|je pars du principe|nous supposons|je compte bien)\s+qu[e']\s*"
        r"(?P<what>(?:les?|la|l')\s*[\w' -]{3,30}?)\s+ne\s+(?:seront|sera)\s+pas\s+(?:\w+\s+)?"
        r"(?:à notre charge|pour nous|facturée?s? à nous)",
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
    found = matched(_OFFER, sentence.strip(), language, re.Pattern.match)
    if found is None:
        return ""
    what = found["what"].strip()
    return _NEED_IT[language].format(what[:1].lower() + what[1:] if language == "de" else what)


def matched(
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
    (  # "Gesperrt wird der Zugang hoffentlich nicht", "der Zugang wird hoffentlich nicht gesperrt"
        "de",
        re.compile(
            r"\b(?P<done>gesperrt|gelöscht|deaktiviert|gekündigt)\s+wird\s+(?P<what>(?:der|die|das|unser\w*)\s+\w+)"
            r"\s+(?:\w+\s+)?hoffentlich\s+nicht|"
            r"\b(?P<what2>(?:der|die|das|unser\w*)\s+\w+)\s+wird\s+(?:\w+\s+)?hoffentlich\s+nicht\s+(?:\w+\s+)?"
            r"(?P<done2>gesperrt|gelöscht|deaktiviert|gekündigt)",
            re.IGNORECASE,
        ),
    ),
    (
        "en",
        re.compile(
            r"\b(?:i hope|hopefully),?\s+(?:that\s+)?(?P<what>(?:the|our|my|this|it|access)(?:\s+\w+)?)\s+"
            r"(?:won't|will not|isn't going to)\s+"
            r"(?:be\s+|get\s+)(?P<done>suspended|locked|blocked|deleted|charged|cancelled|closed|cut off)",
            re.IGNORECASE,
        ),
    ),
    (
        "fr",
        re.compile(
            r"\bj'espère\s+que\s+(?P<what>(?:le|la|notre|mon|ma|l')\s*\w+)\s+ne\s+sera\s+pas\s+"
            r"(?P<done>bloquée?|suspendue?|supprimée?|facturée?|fermée?|coupée?|désactivée?)",
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
    found = matched(_WORRY, sentence, language, re.Pattern.search)
    if found is None:
        again = matched(_AGAIN, sentence, language, re.Pattern.search)
        if again:
            return _AGAIN_ASKED[language].format(what=again["what"].strip())
        keep = matched(_KEEP, sentence, language, re.Pattern.search)
        return _KEEP_ASKED[language].format(what=_ours(keep["what"], language)) if keep else ""
    what = found["what"] or found["what2"]  # "der" (the workspace they just named): their account, in our words
    what = _THEIR_ACCOUNT[language] if what.lower() in ("der", "die", "das", "er", "sie", "es", "it", "wir") else what
    head, _, rest = what.partition(" ")  # "Der Zugang" opening their sentence is "der Zugang" inside ours
    what = f"{head.lower()} {rest}" if head.lower() in _ARTICLES else what
    return _WORRIED[language].format(what=what, done=(found["done"] or found["done2"]).lower())


_ARTICLES = frozenset(("der", "die", "das", "the", "le", "la", "l'"))


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
#: What they would find ideal, said as praise: "A written quote would be lovely when you get a chance", "Ein
#: schriftliches Angebot als PDF wäre ideal", "Un devis écrit serait parfait".
_WOULD_BE = (
    ("en", re.compile(r"^(?P<what>(?:a|an)\s[^.;!?]{3,60}?) would be (?:lovely|great|ideal|perfect|appreciated|"
                      r"very helpful|helpful)\b", re.I)),
    ("de", re.compile(r"^(?P<what>(?:ein|eine|einen)\s[^.;!?]{3,60}?) wäre (?:ideal|super|toll|perfekt|hilfreich|"
                      r"prima)\b", re.I)),
    ("fr", re.compile(r"^(?P<what>(?:un|une)\s[^.;!?]{3,60}?) (?:serait|nous serait) (?:idéal|idéale|parfait|"
                      r"parfaite|très utile|bienvenu|bienvenue|apprécié|appréciée)\b", re.I)),
)  # fmt: skip


def would_be_ideal(sentence: str, language: str) -> str:
    """ "A written quote" when ``sentence`` says that it would be lovely or ideal, else ""."""
    found = matched(_WOULD_BE, sentence.strip(), language, re.Pattern.match)
    return found["what"].strip() if found else ""


def welcomed(sentence: str, language: str) -> str:
    """What they would be glad to receive ("ein unverbindliches Angebot für die 9 festen Lizenzen"), else ""."""
    found = matched(_WELCOME, sentence.strip(), language, re.Pattern.search)
    if found is None:
        return ""
    groups = found.groupdict()
    return (groups.get("what") or f"{groups['what2']}{groups.get('that') or ''}").strip()


#: A belief, then a request to confirm it: "il nous semble que la facture devrait être émise hors taxe ; nous vous
#: saurions gré de bien vouloir nous le confirmer", "we believe no VAT applies; please confirm this".
_CONFIRM_BELIEF = caseless(
    r"\b(?:il (?:nous|me) semble que|(?:nous pensons|je pense|nous estimons|j'estime) que|(?:we|i) (?:believe|think|"
    r"understand)(?: that)?|(?:wir gehen|ich gehe) davon aus,? dass|(?:wir meinen|ich meine),? dass)\s+"
    r"(?P<what>[^;.!?]{8,160}?)\s*[;,.–—-]\s+[^;.!?]{0,60}?\b(?:(?:nous|me) le confirmer|confirm (?:it|this|that)|"
    r"(?:uns|mir) (?:das|dies) (?:zu )?bestätigen|(?:das|dies) (?:zu )?bestätigen)\b"
)
_CONFIRM = {"fr": "confirmer que {}", "en": "confirm that {}", "de": "bestätigen, dass {}"}


def confirm_belief(sentence: str, language: str) -> str:
    """ "confirmer que la facture devrait être émise hors taxe" when ``sentence`` states a belief and asks us to
    confirm it, else ""."""
    found = _CONFIRM_BELIEF.search(sentence)
    return _CONFIRM.get(language, _CONFIRM["en"]).format(found["what"].strip()) if found else ""


#: Not knowing which of our options fits, said as a statement: "I'm not sure which plan is right for us", "bin mir
#: aber nicht sicher, welcher Tarif für uns passt", "je ne sais pas quelle formule nous conviendrait".
_UNSURE = caseless(
    r"\b(?:(?:i'm|i am|we're|we are)\s+(?:not (?:quite |really |entirely )?sure|unsure)|i (?:don't|do not) know|"
    r"(?:ich bin|bin)(?: mir)?(?: aber| allerdings)? (?:nicht|un)\s?sicher|(?:ich )?weiß (?:aber )?nicht|"
    r"je ne (?:sais|suis) (?:pas )?(?:sûre?|trop)?|(?:je|nous) (?:ne )?(?:savons|sais) pas|"
    r"j'hésite (?:sur|entre))\s*,?\s*"
    r"(?P<q>(?:which|what|welche[rsnm]?|quel(?:le)?s?|laquelle|lequel)\s+[^.;:!?]{3,70})"
)


def unsure_which(sentence: str, language: str) -> str:
    """ "which plan is right for us?" when ``sentence`` says they are not sure which of our options fits, else ""."""
    found = _UNSURE.search(sentence)
    return f"{found['q'].strip(' ,')}?" if found else ""


#: What matters to them, which asks us to see to it: "Mir ist wichtig, dass dadurch keine Mahngebühren entstehen",
#: "it's important to us that the hours are not lost", "il est important pour nous que les badgeages soient gardés".
_IMPORTANT = caseless(
    r"\b(?:(?:mir|uns)\s+ist\s+(?:es\s+)?(?:sehr\s+|besonders\s+)?wichtig,?\s+dass|"
    r"it(?:'s| is)\s+(?:very\s+|really\s+)?important\s+(?:to|for)\s+(?:me|us)\s+that|"
    r"il\s+est\s+(?:très\s+)?important\s+(?:pour\s+(?:moi|nous)\s+)?que|je\s+tiens\s+à\s+ce\s+que)\s+"
    r"(?P<what>[^.!?]{8,140})"
)


def important_that(sentence: str) -> str:
    """ "dass dadurch keine Mahngebühren entstehen" when ``sentence`` says that it matters to them, else ""."""
    found = _IMPORTANT.search(sentence)
    if found is None:
        return ""
    lead = sentence[found.start() : found.start("what")].split()[-1]  # "dass", "that", "que"
    return f"{lead} {found['what'].strip(' ,;')}"
