"""Read what the customer wrote: a name to greet with, the sentence that states the problem, what they
already gave us, and whether there is too little to go on. Pure text functions for ``planner``.
"""

from __future__ import annotations

import re

from ..caseless import caseless
from ..lint import unsafe_to_quote
from .asks_nothing import ASK_THEM, UNCHANGED
from .contact_asks import PHONE_WORD, contact_requests
from .cues import LOWER
from .units import sentence_units


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: "Too little to go on": a new text of at most this many words, with at most
#: ``VAGUE_MAX_SPECIFIC`` specific words in subject and text, gets questions instead of a guess.
VAGUE_MAX_WORDS = 15
VAGUE_MAX_SPECIFIC = 1

_REPLY_PREFIX = caseless(r"^\s*((re|aw|sv|antw|wg|fw|fwd|tr)\s*(\[\d+\])?\s*:\s*)+")
_STRONG = caseless(
    r"\b(error|errors|fail\w*|wrong|broken|down|charged|twice|double|duplicate|refund\w*|return\w*|exchange|"
    r"cancel\w*|unable|can't|cannot|couldn't|won't|problem|issue|bug|missing|lost|stuck|damaged|cracked|stopped|"
    r"crash\w*|freez\w*|slow|outage|dropped|offline|ausgefallen|hors ligne|fendu\w*|cassée?s?|abîmée?s?|"
    r"endommagée?s?|s'allume plus|"
    # a fact that contradicts what should be ("steht 0:00, obwohl alle gearbeitet haben") states the problem
    r"fehlt|fehlen|fehlend\w*|manque\w*|manquant\w*|obwohl|although|even though|pourtant|"
    r"ärger|streik\w*|spinnt|spinnen|trouble|soucis?|blinkt|blinking|clignot\w*|"
    r"rejected?|locked|delete|deletion|erasure|access|reissue|price|pricing|quote|offer|cost|discount|"
    r"fehler\w*|falsch\w*|kaputt\w*|doppelt\w*|erstatt\w*|rückgabe|umtausch\w*|kündig\w*|problem|abgebucht|"
    r"abgebrochen|bricht|schiefgelaufen|beschädigt|löschen|auskunft|angebot|preis\w*|kosten|versand\w*|"
    r"erreur|problème|remboursement|annul\w*|hébergé\w*|données|doublons?|"
    # what a dead screen and a failing call are called: "schlägt … fehl", "schwarzes Display", "indisponible"
    r"fehl|fehlgeschlagen|panne|indisponible|black|schwarz\w*|"
    r"reboot\w*|restart\w*|redémarr\w*|neustart\w*|timeout|time-out|empty|leer|vide)\b",
)
_ADDRESSED = re.compile(r"<[^<>@\s]+@[^<>\s]+>")
_WEAK = caseless(r"\b(again|still|anymore|wieder|erneut|immer noch|encore|toujours)\b")
_PERSONAL = caseless(r"\b(i|i'm|i've|we|we're|my|our|ich|wir|mein\w*|unser\w*|je|j'|nous|mon|ma|mes|notre)\b")
_NEGATION = caseless(r"\b(not|n't|no|never|nicht|kein\w*|nie|pas|jamais)\b|n't\b")
_REQUEST = caseless(
    r"\b(could you|can you|would you|please|i'd like|i would like|i want|we need|i need|i request|kindly|"
    r"is (it|there) (possible|a way)|how (do|can)|bitte|könnten sie|können sie|würden sie|ich möchte|"
    r"wir möchten|ich würde|ich bitte|benötigen wir|wir benötigen|brauche|pourriez|pouvez|je voudrais|"
    r"nous avons besoin|merci de)\b",
)
_CONDITIONAL = caseless(r"^(if|unless|otherwise|falls|wenn|sonst|si)\b")  # threats and what-ifs
_POLITE_REQUEST = caseless(r"^(could|can|would|will) you\b|^(könnten|können|würden) sie\b|^(pourriez|pouvez)")
_CODE = caseless(r"\b[45]\d\d\b|\b(code|error)\s*[A-Z]?-?\d{2,}\b")
_PLEASANTRY = caseless(
    r"^(i hope|hope you|ich hoffe|hoffentlich|j'espère|"
    r"thanks? (you )?for|thank you|danke für|vielen dank|we are|we're a|wir sind|"
    r"forwarding|i'm writing|i am writing|ich schreibe|nous sommes|thanks in advance|merci d['’]avance|"
    r"merci par avance|je vous remercie|danke im voraus|vielen dank im voraus|"
    # announcing how many: "two things, sorry for lumping them together", "zwei Sachen auf einmal", "deux choses"
    r"(?:two|three|a couple of|a few) (?:things|questions|issues)|zwei (?:sachen|dinge|fragen|themen)|"
    r"deux (?:choses|questions|sujets))\b",
)
_WORD = re.compile(r"[^\W_][\w'’.-]*", re.UNICODE)
_VAGUE = _words(
    "a an and the it its it's this that these those is are was be been do does doesn't don't did didn't not no "
    "work works working worked problem problems issue issues help please broken error fix again still anymore any "
    "urgent asap hello hi hey thanks thank you your my our we i me us there here something anything everything "
    "nothing all why what how when can can't cannot won't isn't wont cant doesnt dont dear team support re fwd "
    "es geht nicht funktioniert klappt mehr fehler hilfe bitte danke hallo das ist immer noch wieder warum was wie "
    "ich sie wir mein meine ihr ihre und oder ça marche pas fonctionne problème aide bonjour merci "
    "reply respond answer back soon quickly immediately now today get contact me "  # wanting an answer is no content
    "umgehend sofort schnell dringend eilig melden antworten antwort heute jetzt uns mich vite urgent rapidement"
)
_REFERENCE = caseless(
    r"#\s?\d{4,}|\b[A-Z]{1,5}-\d{2,}[\d-]*\d\b|\b(order|invoice|customer|account|bestell|rechnungs|kunden|"
    r"commande|facture)\w*\s*(number|no\.?|nr\.?|nummer|numéro)?\s*[:#(]?\s*\d{4,}",
)
_ERROR_DETAIL = caseless(
    r"traceback|exception|stack trace|\b[45]\d\d\s+[A-Z][a-z]+|\b(returns?|get|gets|got|shows?|liefert)\s+(an?\s+)?"
    r"[45]\d\d\b|\b(code|fehlercode|error code)\s*:?\s*[A-Z]?-?\d{2,}|\b(meldung|message|error)\s*[„\"“:]|"
    r"\bwith\s+[\"„“][^\"„“]{4,60}[\"“]",
)
#: Which part of the product they mean: a page, an app, sign-in, an export ("the dashboard shows a spinner").
_AREA = caseless(
    r"\b(dashboard|app|web ?app|mobile app|login|log in|sign[- ]?in|api|integration|export|import|report|page|"
    r"screen|inbox|hub|desk hub|webhooks?|sync|notifications?|e-?mails?|anmeldung|benachrichtigung\w*|seite|"
    r"oberfläche|tableau de bord|connexion|application|intégration|notification\w*)\b",
)
_EVIDENCE = caseless(r"\b(screenshots?|photos?|fotos?|attached|anbei|im anhang|ci-joint|capture d'écran)\b")
_SIZE = caseless(r"\b\d+\s*(users|seats|licen[cs]es|people|employees|nutzer\w*|lizenzen|mitarbeiter\w*|personnes)\b")
WANTS_CALL = caseless(
    r"\b(call me|call us|call back|(?<![/_.-])callback(?![/_.-])|phone me|ring me|give me a call|a call this week|"
    r"rufen sie (mich|uns)|"
    r"(?:a|the) (?:quick |short |phone |video )?call (?:(?:this|next) (?:week|monday|tuesday|wednesday|thursday|"
    r"friday) )?(?:with|from)|phone call|anruf|anrufen|telefonat|"
    r"rückruf|zurückrufen|zurückzurufen|" + PHONE_WORD + r"|appelez-moi|rappel(?! que)|rappelle(?! que)|rappelez|"
    r"un appel(?! (?:toutes|tous|chaque|par|sur|get|post|put|patch|delete|api|http)\b)|m'appeler|"
    # "qu'un responsable m'appelle lundi" (not "je m'appelle Karim": their name)
    r"(?<!je )m'appelle(?:nt)?\b|(?<!nous )nous appelle(?:nt)?\b|"
    r"nous appeler|"
    r"mit jemandem (?:\w+ )?sprechen|zurückgerufen|angerufen werden|anruft|être (?:r)?appelée?s?|rappeler|"
    r"be called (?:back|by)|have (?:someone|somebody|a manager|your manager) call|"
    r"speak (?:to|with) (?:someone|somebody)|parler (?:à|avec) quelqu'un|"
    # "Je veux parler à un responsable", "I want to speak to a manager": a talk the call line gives them
    r"(?:speak|talk) (?:to|with) (?:a|your|the) (?:manager|supervisor|team lead)|"
    r"parler (?:à|avec) (?:un|une|votre) (?:responsable|manager|supérieur\w*)|"
    r"mit (?:einem|einer|Ihrem|Ihrer) (?:Vorgesetzten|Verantwortlichen|Teamleit\w*|Manager\w*) (?:sprechen|reden))\b",
)


_TOPICS = {  # (type, topic): words that narrow the type to a topic the templates word differently
    ("technical", "login"): re.compile(
        r"\b((can'?t|can’t|cannot|unable to|not able to) (log|sign) ?in|2fa|two-factor|authenticator|password|"
        r"locked out|passwort|anmelden|einloggen|zwei-faktor|mot de passe)\b", re.I),
    # one of the devices: "the BS-20 scanner", "der Temperatursensor", "la pointeuse" (no browser to ask about)
    ("technical", "device"): re.compile(
        r"\b(scanners?|barcode|code-?barres?|lecteurs?|sensors?|\w*sensoren?|capteurs?|sondes?|terminals?|"
        r"stempel\w*|pointeuses?|gateways?|time[- ]clocks?|handscanner\w*)\b", re.I),
    # slowness, not an error: "takes 20 to 30 seconds to load", "lädt ewig", "met 20 secondes à s'afficher"
    ("technical", "slow"): re.compile(
        r"\b(slow\w*|sluggish|tak(?:es?|en|ing) (?:\w+ ){0,3}(?:seconds|minutes) to|langsam\w*|lädt ewig|ladezeit\w*|"
        r"lent(?:e|s|eur)?|met (?:\w+ ){0,4}(?:secondes|minutes) à)\b", re.I),
    # an outage type that is only slowness ("unbrauchbar langsam", no error, nothing down): worded as slowness
    ("outage", "slow"): re.compile(
        r"\b(slow\w*|sluggish|langsam\w*|lädt ewig|ladezeit\w*|lent(?:e|s|eur|eurs)?)\b", re.I),
    # (not "cancel that invoice and reissue it": an invoice cancelled is a correction, not a cancellation)
    ("billing", "cancel"): re.compile(r"\b(cancel\w*(?! (?:that|the|this|our|my) (?:invoice|bill|credit note))|"
                                      r"kündig\w*|close my account|account closed|résili\w*)\b", re.I),
    ("general", "privacy"): re.compile(
        r"\b(gdpr|dsgvo|rgpd|personal data|personenbezogen\w*|datenschutz\w*|data protection|right to erasure|"
        r"données personnelles)\b", re.I),
    # an item already on its way back or with us: "sent the scanner back on 12 Nov", "zurückgeschickt", "renvoyé"
    ("returns", "sent_back"): re.compile(
        r"\b(sent (?:it|them|the \w+(?: \w+)?) back|(?:already|have|had) returned|returned (?:it|them|the \w+)|"
        r"delivered to you|zurückgeschickt|zurückgesendet|retourniert|renvoyée?s?|retournée?s?|"
        r"bei (?:Ihnen|euch) angekommen|arrivée? chez vous)\b", re.I),
    ("returns", "delivery"): re.compile(
        r"\b(tracking|parcel|shipping|shipment|delivery|carrier|versand\w*|lieferung|lieferzeit|sendung|paket|"
        r"zustell\w*|livraison|colis)\b", re.I),
}  # fmt: skip
#: an outage in so many words: with any of these, slowness is a symptom of the outage, not its topic
_DOWN_WORDS = caseless(
    r"\b(down|outage|unavailable|unreachable|not (load|respond|reachable)\w*|5\d\d|errors?|timeouts?|ausfall|"
    r"störung|nicht erreichbar|fehler\w*|panne|indisponible|inaccessible|erreurs?|plantage)\b",
)
_RETURN_WORDS = caseless(r"\b(return\w*|exchange\w*|refund\w*|umtausch\w*|rückgabe|zurück\w*|retour\w*)\b")


def questions_asked(text: str) -> int:
    """Questions in the customer's new text, not counting requests phrased as questions ("Could you ...?")."""
    return len({s for s, _ in sentence_units(text) if s.endswith("?") and not _POLITE_REQUEST.match(s)})


def too_little(text: str, subject: str) -> str:
    """Why the message is too vague to answer ("" when it is not): few words and next to no specific ones."""
    words = _WORD.findall(text)
    if len(words) > VAGUE_MAX_WORDS:
        return ""
    specific = {w.lower().strip(".'’-") for w in _WORD.findall(f"{subject} {text}")}
    specific = {w for w in specific if (len(w) >= 3 or any(c.isdigit() for c in w)) and w not in _VAGUE}
    if len(specific) > VAGUE_MAX_SPECIFIC:
        return ""
    return f"too little to go on ({len(words)} words, {len(specific)} specific)"


def topic_of(type_: str, text: str) -> str:
    """The narrower topic of a ``type_`` message, or ""; delivery needs more delivery than return words."""
    for (for_type, topic), pattern in _TOPICS.items():
        if for_type != type_:
            continue
        hits = len(pattern.findall(text))
        if topic == "delivery" and hits <= len(_RETURN_WORDS.findall(text)):
            return ""
        if hits:  # the first topic of the type that the text names ("login" before "slow")
            return "" if for_type == "outage" and _DOWN_WORDS.search(text) else topic
    return ""


def facts_given(text: str, attachments: bool = False) -> tuple[str, ...]:
    """What the customer already sent, so the reply does not ask for it again:
    "reference" (order/invoice number), "error" (error text or code), "size" (users, seats), "area" (which
    part of the product: "the dashboard", "sign-in", "the export"),
    "evidence" (a screenshot, photo or attachment)."""
    found = [
        name
        for name, pattern in (("reference", _REFERENCE), ("error", _ERROR_DETAIL), ("size", _SIZE), ("area", _AREA))
        if pattern.search(text)
    ]
    if attachments or _EVIDENCE.search(text):
        found.append("evidence")
    return tuple(found)


#: A phone number is how to reach them, not an error code of their problem.
_PHONE = re.compile(r"(?:\+|\b00)\d[\d ()/.-]{6,}\d")
#: Words one of which a threat to leave needs (the threat patterns run only on these sentences).
_LEAVING = caseless(r"\b(?:renew\w*|verlänger\w*|verlaenger\w*|renouvel\w*|cancel\w*|kündig\w*|résili\w*)\b")
#: A sentence that reports what we told them before: quoted back, it would read as our promise again.
_WE_TOLD = caseless(
    r"\b(?:you (?:told|promised|assured|said to) (?:me|us)|you said|your (?:colleague|agent|support) (?:said|told)|"
    r"Sie (?:haben )?(?:mir|uns) (?:gesagt|versprochen|zugesagt|mitgeteilt)|Sie sagten|"
    r"vous m'avez (?:dit|promis|assuré|indiqué)|vous nous avez (?:dit|promis|assuré|indiqué)|"
    # 'wurden jeweils mit "wir schauen uns das an" beantwortet', 'on nous a répondu « … »', 'we were told "…"'
    r"mit [\"„“«][^\"“”»]{2,60}[\"“”»] (?:beantwortet|abgespeist)|(?:on )?nous a répondu|on m'a répondu|"
    r"(?:we|i) (?:were|was) told|(?:the )?answer was)",
)


#: A sentence that tells what they already did: the reply says it back as what they tried, not as their problem.
_ALREADY_DONE = caseless(
    r"^(?:we|i|wir|ich|nous|je|j'ai|on)\s+(?:have\s+|'ve\s+|haben\s+|habe\s+|avons\s+|a\s+|ai\s+)?"
    r"(?:already|bereits|schon|déjà)\b|"
    # "Was wir schon gemacht haben: …", "What we've tried so far: …", "Ce que nous avons déjà fait : …"
    r"^(?:was|what)\s+(?:wir|ich|we|i)(?:'ve|\s+have)?\s+(?:\w+\s+)?(?:gemacht|versucht|probiert|getan|tried|done)\b|"
    r"^ce que (?:nous avons|j'ai|on a) (?:déjà )?(?:fait|essayé|tenté)\b"
)


def _score(sentence: str, index: int, penalty: float) -> float:
    """How well ``sentence`` states the problem: problem words, a request, an error code; not shouting."""
    words = sentence.split()
    if sentence.isascii():  # ASCII: every upper-case character is a letter, so both counts run in C
        letters, upper = sum(map(str.isalpha, sentence)), sum(map(str.isupper, sentence))
    else:
        alpha = [c for c in sentence if c.isalpha()]
        letters, upper = len(alpha), sum(c.isupper() for c in alpha)
    shouting = bool(letters) and upper / letters > 0.6
    score = 2.0 * min(len(_STRONG.findall(sentence)), 3) + 0.5 * min(len(_NEGATION.findall(sentence)), 2)
    score += 2.0 * bool(_REQUEST.search(sentence)) + 2.5 * bool(_CODE.search(_PHONE.sub(" ", sentence)))
    score += 1.0 * bool(_WEAK.search(sentence)) + 1.0 * bool(_PERSONAL.search(sentence))
    score += 0.5 * sentence.endswith("?") - 0.3 * index - penalty - 1.5 * bool(_CONDITIONAL.match(sentence))
    score -= 4.0 * shouting + 3.0 * bool(_PLEASANTRY.match(sentence)) + 2.0 * (len(words) > 45)
    score -= 3.0 * bool(_LEAD_IN_LINE.search(sentence))  # "A couple of things I'd like to understand:" announces
    score -= 4.0 * bool(_WE_TOLD.search(sentence))  # "Two weeks ago you told me …": our words, not their problem
    score -= 3.0 * bool(WANTS_CALL.search(sentence))  # "please have a manager call me": the call line answers it
    score -= 3.0 * bool(_ALREADY_DONE.match(sentence))  # "Wir haben bereits die Firmware …": what they tried
    # "so verlängere ich den nicht": a threat to leave has a line of its own in the reply
    score -= 3.0 * bool(_LEAVING.search(sentence) and _threat(sentence))
    # a sentence that says what happened beats one that only says how they feel ("Frankly I'm done with this");
    # a line naming someone by <address> is an attribution or a header, never their problem
    score += min(0.08 * max(len(words) - 6, 0), 1.5) - 6.0 * bool(_ADDRESSED.search(sentence))
    return score - 5.0 * (len(words) < 3)


def _threat(sentence: str) -> bool:
    """Not renewing, or leaving on a condition ("sonst kündigen wir"); "hiermit kündigen wir" is their request."""
    found = contact_requests(sentence)
    return "not_renew" in found or ("cancel_threat" in found and bool(_IF_NOT.search(sentence)))


_IF_NOT = caseless(r"\b(?:if|unless|otherwise|or else|sonst|wenn|falls|si|sinon|à moins)\b")


def _fold(text: str) -> str:
    """Lower case letters and digits only, for "is this sentence that question" comparisons."""
    if text.isascii():  # lowered ASCII: isalnum is exactly a-z and 0-9, which one regex keeps in C
        return _NOT_ASCII_ALNUM.sub("", text.lower())
    return "".join(c for c in text.lower() if c.isalnum())


_NOT_ASCII_ALNUM = re.compile(r"[^a-z0-9]+")
_WORD = re.compile(r"\w+")


def _tidy_quote(text: str) -> str:
    """The sentence as the customer wrote it, their own quotation marks included; only a trailing colon or
    comma is dropped, and a full stop added when it ends without one."""
    text = text.strip().rstrip(":;,–—- ").strip()
    return text if not text or text[-1] in ".!?…'\"“”»" else text + "."


#: A phrase in quotation marks starting in lower case: someone's words quoted ("looking into it"), not a name.
_QUOTING = re.compile(r"[\"“„«‘]\s*[a-zäöüàâçéèêëîïôûù][^\"”“»’]{2,40}[\"”“»’]")


#: A line that announces a list of questions ("A couple of things I'd like to understand before then:").
#: A sentence about the mail itself, not the problem: "Je vous mets en copie de notre échange interne", "I'm
#: looping you in", "see below", "anbei die Nachricht von unserem Dienstleister", "ich leite Ihnen … weiter".
_ABOUT_THE_MAIL = caseless(
    r"\b(?:(?:je )?vous mets en copie|mis en copie|cc'?ing|looping (?:you |support )?in|adding (?:you|support)|"
    r"forwarding (?:this|you|the)|see (?:below|the thread)|siehe unten|voir ci-dessous|ci-dessous (?:le|la|les)|"
    r"anbei (?:die|eine) (?:nachricht|mail|e-mail)|leite (?:ihnen )?(?:das|die|diese\w*)\b[^.]{0,40}weiter|"
    r"je vous transf[eè]re)",
)
_LEAD_IN_LINE = caseless(
    r"\b(?:following|couple of|a few|questions?|things|fragen|folgende\w*|punkte|points?|suivant\w*)\b[^\n]*:\s*$",
)


def key_sentence(
    text: str, subject: str, limit: int = 200, avoid: tuple[str, ...] = (), tried: tuple[str, ...] = ()
) -> str:
    """The whole sentence that best states the customer's problem, word for word, at most ``limit`` characters.

    Never a greeting, sign-off, signature, quoted history or forwarded header block, never a fragment: a best
    sentence that is too long gives way to the best whole sentence that fits. Never a sentence the reply
    lint would reject (a banned phrase such as "asap", a placeholder such as "<name>"). Falls back to the
    subject when the text has no usable sentence, and to "" when the subject is not usable either.
    A sentence that says most of what they ``tried`` (acknowledged on its own line) counts for less.
    Sentences holding one of ``avoid`` (their questions, which the reply names back on their own) are
    chosen only when nothing else is left.
    """
    # The customer's own "asap" or "<name>" in our reply would read as our promise or our slip: quote around it.
    units = [_head(u, p, limit) for u, p in sentence_units(text) if not unsafe_to_quote(u)]
    units = [(u, p) for u, p in units if len(u) <= limit]
    # (most of its words: what they tried, tidied, lacks the "genau nach Ihrer Anleitung" of its sentence)
    steps = [(w, 0.8 * len(w)) for t in tried if len(w := set(_WORD.findall(t.lower()))) >= 4]
    if steps:
        units = [(u, p + 3.0 * any(len(w & set(_WORD.findall(u.lower()))) >= n for w, n in steps)) for u, p in units]
    wanted = [_fold(a) for a in avoid if _fold(a)]
    folded = [_fold(u) for u, _ in units] if wanted else [""] * len(units)  # each unit folded once, not per ask
    fresh = [up for up, f in zip(units, folded, strict=True) if not any(a in f for a in wanted)]
    units = fresh or units
    # a lead-in to a list ("Pourriez-vous me dire :", "…, je vous prie de bien vouloir :") says nothing on its own
    units = [
        (u, p) for u, p in units if not (u.rstrip().endswith(":") and (len(u.split()) < 6 or _LEADS_ON.search(u)))
    ] or units
    candidates = [u for u in units if len(u[0].split()) >= 3] or units
    candidates = [u for u in candidates if not _about_something_else(u[0])]
    if not candidates:
        fallback = _REPLY_PREFIX.sub("", " ".join(subject.split()))
        return "" if unsafe_to_quote(fallback) or len(fallback) > limit else _tidy_quote(fallback)
    best = max(enumerate(candidates), key=lambda iu: _score(iu[1][0], iu[0], iu[1][1]))[1][0]
    return _tidy_quote(_before_their_quote(best))


def _about_something_else(sentence: str) -> bool:
    """Whether ``sentence`` says something other than their problem: how the mail reached us ("Je vous mets en
    copie de notre échange interne"), a colleague's "peux-tu voir avec le support pour :" in a forward (who asked
    whom), what stays as it is ("le n° de TVA ne change pas"), or how soon ("Aucune urgence de notre côté, …",
    which the reply answers on its own)."""
    if _ABOUT_THE_MAIL.search(sentence) or ASK_THEM.search(sentence) or UNCHANGED.search(sentence):
        return True
    if len(_TABLE_CELL.findall(sentence)) >= 4:  # rows of a pasted table, flattened: no sentence to quote
        return True
    if _HOW_MANY.match(sentence) and len(sentence.split()) <= 10:  # "two things, sorry for lumping them together"
        return True
    return _opens_calm(sentence)


#: The words a lead-in to a list ends on: "…, je vous prie de bien vouloir :", "… the following:".
_LEADS_ON = caseless(r"\b(?:bien vouloir|vouloir|suivant\w*|following|folgende\w*|bitte|please)\s*:\s*$")
#: A sentence that only announces how many points follow.
_HOW_MANY = caseless(
    r"^(?:i have |i've got |ich hab\w* |j'ai )?(?:gleich )?(?:two|three|a couple of|a few|zwei|drei|deux|trois) "
    r"(?:things|questions|issues|sachen|dinge|fragen|themen|choses|questions|sujets)\b"
)
#: Dates and clock times, the cells of a pasted table ("04.11.2026 07:10 – 08:05 …").
_TABLE_CELL = re.compile(r"\b\d{1,2}[.:/]\d{2}\b")


def _opens_calm(sentence: str) -> bool:
    """Whether ``sentence`` opens with their "no rush" (in its first four words)."""
    found = LOWER.search(sentence, 0, 60)
    return found is not None and len(sentence[: found.start()].split()) <= 3


#: Where a long sentence's main clause ends: before ", quand …", ", when …", ", weil …", ", which …".
_SUBORDINATE = caseless(r",\s+(?=(?:when|which|because|although|while|so that|unless|wenn|weil|obwohl|während|bis|"
                        r"sodass|quand|lorsque|alors que|parce que|bien que|sauf si)\b)")  # fmt: skip


def _head(sentence: str, penalty: float, limit: int) -> tuple[str, float]:
    """A sentence too long to quote, cut before its last subordinate clause that leaves it short enough, as a
    candidate a little behind whole sentences; unchanged when it fits."""
    if len(sentence) <= limit:
        return sentence, penalty
    cuts = [m.start() for m in _SUBORDINATE.finditer(sentence, 0, limit + 1) if len(sentence[: m.start()].split()) >= 8]
    return (sentence[: cuts[-1]] + ".", penalty + 1.0) if cuts else (sentence, penalty)


def _before_their_quote(sentence: str) -> str:
    """``sentence`` up to the clause that quotes someone ("… for hours and every time we get a reply saying the
    team is "looking into it""): their quote of our words, read back to them, would sound like us again."""
    quoted = _QUOTING.search(sentence)
    if quoted is None or not _SAYING.search(sentence, max(0, quoted.start() - 60), quoted.start()):
        return sentence  # (« hors ligne » after "sont de nouveau" is a status, no one's words)
    cuts = [m.start() for m in _CLAUSE.finditer(sentence, 0, quoted.start())]
    head = sentence[: cuts[-1]] if cuts else ""
    return head if len(head.split()) >= 6 else sentence


_CLAUSE = re.compile(r",\s|\s(?:and|but|und|aber|et|mais)\s")
#: Someone's words follow: "a reply saying", "was told", "on nous répond", "mit der Antwort".
_SAYING = caseless(
    r"\b(?:say\w*|said|told|repl\w*|answer\w*|respon\w*|wrote|writes|dit|disant|répon\w*|écrit|sagt\w*|gesagt|"
    r"antwort\w*|geantwortet|schreib\w*|geschrieben|meinte|hieß es)\b"
)
