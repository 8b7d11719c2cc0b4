"""Words that move urgency, both ways: "not urgent", "no rush", "keine Eile", "pas urgent" lower it;
"urgent", "asap", "production is down", "dringend", "bloquant" raise it. A raising word under a
negation ("not urgent", "nicht dringend", "this isn't blocking us") is a lowering cue, never a raising one.
"""

from __future__ import annotations

import re
from datetime import timedelta

from ..caseless import caseless
from . import when
from .customer import Cue, Reading

LOWER = caseless(
    r"\b(not urgent|no rush|no hurry|no pressure|not in a hurry|not a priority|low priority|not time[- ]critical|"
    r"whenever (?:you get a chance|you can|you have time|it suits|convenient)|at your (?:convenience|leisure)|"
    r"take your time|when you (?:get a chance|have a moment|have time)|no immediate|nothing urgent|"
    r"(?:only|just) planning(?: ahead| for \w+)?|planning ahead|for (?:next year's|the next|our next) budget|"
    r"for next (?:year|quarter)|just (?:curious|wondering)|(?:only|just) (?:for|an?) (?:info|fyi)|"
    r"keine (?:\w+[- ])?eile|nicht dringend|nicht eilig|kein stress|nichts eiliges|"
    r"no particular (?:hurry|rush|urgency)|not (?:a|in a) (?:huge |big |great |massive |major |real )?(?:rush|hurry)|"
    # "Eilig ist es nicht", "Dringend ist das nicht", "there is no real urgency"
    r"(?:eilig|dringend) ist (?:es|das) (?:\w+ )?nicht|"
    r"there(?:'s| is) no (?:real |great |particular )?(?:urgency|rush)|"
    r"whenever suits|(?:ce n'est|c'est) pas pressée?|rien de pressé|rien ne presse|"
    r"eilt (?:(?:übrigens|überhaupt|gar|wirklich|also|auch|aber|jetzt|alles|das|es) ){0,2}nicht|hat zeit|"
    r"lassen sie sich (?:ruhig |gerne |gern )?zeit|lasst euch (?:ruhig )?zeit|"
    r"pressiert (?:(?:übrigens|überhaupt|gar|wirklich|also|auch|aber|jetzt) ){0,2}nicht|"
    r"wenn sie zeit haben|in ruhe|ohne zeitdruck|"
    r"nichts (?:davon |hiervon )?(?:ist )?(?:eilt|eilig|dringend)|nothing (?:of this |here )?is urgent|"
    r"none of (?:this|it) is urgent|rien de tout (?:ça|cela) n'est urgent|"
    r"nur zur (?:info|planung)|für die planung|fürs nächste jahr|"
    r"pas urgent|rien d'urgent|pas d'urgence|aucune urgence|n'est pas urgent|n'a rien d'urgent|"
    r"rien ne presse|pas pressé|rien de pressé|rien de pressant|pas pressant|sans urgence|"
    # spoken: "Y a pas le feu", "il n'y a pas le feu au lac", "no fire to put out"
    r"(?:il )?n?'?y a pas le feu(?: au lac)?|es brennt (?:(?:also|aber|jetzt|ja|gerade) )?nicht|"
    r"(?:it's|it is) not (?:a fire|on fire|burning)|nothing(?:'s| is) on fire|"
    r"quand vous (?:aurez|pourrez|avez) (?:le temps|un moment)|"
    r"à votre convenance|pour (?:la planification|le budget|l'année prochaine)|pas prioritaire|"
    r"only planning for q[1-4]|planning for q[1-4])\b",
)
_RAISE = caseless(  # ("ab sofort", "effective immediately", "à partir de maintenant" say from when, not how soon)
    r"(?<!\bab )(?<!\beffective )\b(urgent|urgently|urgency|asap|a\.s\.a\.p|as soon as possible|immediately|"
    # ("Right now we pay for 38 seats": currently, not a rush)
    r"right now(?!,? (?:we|i|it|there|our|the|they|you)\b)|right away|emergency|"
    r"critical|"
    r"(?:in|within) (?:one|an|1|the) hour|within the hour|"
    r"(?:production|prod|the site|our site|the system|the service|the platform|the app|everything|the api|"
    r"checkout|the shop|the store) is (?:down|offline|broken)|(?:site|system|service|platform|server) down|"
    r"(?:all|every) (?:\d+ )?(?:users|customers|staff|employees|colleagues|agents|stores|locations) (?:are )?"
    r"(?:affected|blocked|locked out|impacted)|nobody can (?:work|log in|login|sign in)|no one can (?:work|log in)|"
    r"(?:completely|totally) blocked|we are blocked|blocking (?:us|our|all)|can't work|cannot work|"
    r"dringend|dringlich|eilig|sofort|umgehend|so schnell wie möglich|schnellstmöglich|notfall|kritisch|"
    r"heute noch|noch heute|steht still|alle (?:nutzer|mitarbeiter|kunden|kollegen) (?:sind )?betroffen|"
    r"niemand kann (?:arbeiten|sich anmelden)|"
    r"urgente?|urgence|immédiatement|dès que possible|au plus vite|bloquant|bloqués?|critique|en panne|"
    r"tout de suite|aujourd'hui même|personne ne peut (?:travailler|se connecter))(?!\w)",
)
#: "today" raises only when they need something today, not when they say what happened today.
_TODAY = caseless(
    r"\b(?:by|before|until|need\w*|must|still|back|done|fixed|resolved|working|sorted)\s+(?:\w+\s+){0,2}today\b|"
    r"\btoday(?:,)?\s+(?:please|if possible)\b|\b(?:bis heute|heute bis|d'ici ce soir|aujourd'hui avant)\b",
)
_NEGATION = caseless(
    r"(?:\b(?:not|no|never|nothing|hardly|rather than|instead of|nicht|kein\w*|nie|pas|plus|jamais|ni|rien|aucun\w*)|"
    r"\b\w+n't|"
    r"\b\w+n’t)\s+(?:[\w'’]+\s+){0,2}$",  # ("rien n'est bloqué")
)

#: A hard deadline this many business hours away or less raises urgency (one business day).
NEAR_HOURS = 24.0


#: Words one of which each pattern needs; a substring test on the lowered text skips the (slow,
#: case-insensitive) pattern for the many messages that have none.
_LOWER_STEMS = (
    "le feu",
    "brennt",
    "fire",
    "burning",
    "urgen",
    "rush",
    "hurry",
    "pressure",
    "priority",
    "critical",
    "whenever",
    "convenience",
    "leisure",
    "your time",
    "when you",
    "immediate",
    "planning",
    "budget",
    "next year",
    "next quarter",
    "curious",
    "wondering",
    "info",
    "fyi",
    "eile",
    "eilig",
    "dringend",
    "stress",
    "eilt",
    "pressiert",
    "zeit",
    "ruhe",
    "planung",
    "nächste jahr",
    "presse",
    "pressé",
    "pressant",
    "urgence",
    "quand vous",
    "convenance",
    "planification",
    "année prochaine",
    "prioritaire",
)
_RAISE_STEMS = (
    "urgen",
    "asap",
    "a.s.a.p",
    "as soon as",
    "immediate",
    "right now",
    "right away",
    "emergenc",
    "critical",
    "hour",
    " down",
    "offline",
    "broken",
    "affected",
    "blocked",
    "impacted",
    "nobody can",
    "no one can",
    "blocking",
    "can't work",
    "cannot work",
    "dringend",
    "dringlich",
    "eilig",
    "sofort",
    "umgehend",
    "schnell",
    "notfall",
    "kritisch",
    "heute",
    "steht still",
    "betroffen",
    "niemand kann",
    "imméd",
    "dès que",
    "plus vite",
    "bloqu",
    "critique",
    "panne",
    "tout de suite",
    "aujourd",
    "personne ne",
)
_TODAY_STEMS = ("today", "heute", "d'ici ce soir", "aujourd'hui")


def urgency_cues(text: str) -> tuple[Cue, ...]:
    """The cues in ``text`` in order; a negated raising word becomes a lowering cue ("not critical")."""
    found: list[tuple[int, Cue]] = []
    lowered: list[tuple[int, int]] = []
    low = text.lower()
    for match in LOWER.finditer(text) if any(s in low for s in _LOWER_STEMS) else ():
        found.append((match.start(), Cue(match[0], -1)))
        lowered.append(match.span())
    raising = [*_RAISE.finditer(text)] if any(s in low for s in _RAISE_STEMS) else []
    raising += [*_TODAY.finditer(text)] if any(s in low for s in _TODAY_STEMS) else []
    for match in raising:
        if any(s <= match.start() < e for s, e in lowered):
            continue  # "urgent" inside "not urgent", "pas urgent"
        if _SOMEONES_VIEW.search(text, max(0, match.start() - 80), match.start()):
            continue  # "Claire estime qu'il faut tout supprimer tout de suite": her view of what to do, no rush for us
        before = text[max(0, match.start() - 30) : match.start()]
        negation = _NEGATION.search(before)
        if negation and match[0].lower().startswith("personne") and negation[0].lower().strip() == "plus":
            negation = None  # "plus personne ne peut se connecter": nobody any more, no denial
        if negation and _IF_NOT.search(text, max(0, match.start() - 60), match.start()):
            negation = None  # "Si ce n'est pas résolu aujourd'hui avant 17h, …": a threat that raises, no calm
        if negation and "\n" not in negation[0]:
            found.append((match.start(), Cue(before[negation.start() :] + match[0], -1)))
        else:
            found.append((match.start(), Cue(match[0], +1)))
    cues = tuple(dict.fromkeys(c for _, c in sorted(found, key=lambda p: p[0])))
    if _MARK_DISOWNED.search(text):  # "bitte nicht vom "URGENT" im Betreff irritieren lassen": their client's doing
        cues = tuple(c for c in cues if not (c.direction > 0 and c.text.lower() in ("urgent", "dringend", "wichtig")))
    return cues


#: A condition that their problem is not solved in time: "if it's not fixed today", "wenn das nicht bis heute …".
_IF_NOT = caseless(r"\b(?:si|s'il|if|wenn|falls|sofern)\b[^.!?;:\n]*\b(?:pas|not|nicht|isn't|is not|n't)\b[^.!?;:\n]*$")


#: Someone's view of what should be done, reported: a hurry word inside it is theirs, not a deadline for us.
_SOMEONES_VIEW = caseless(
    r"\b(?:estime|pense|trouve|says|thinks|believes|reckons|meint|findet)(?: que| qu'|, dass| dass| that)[^.!?\n]*$"
)


#: The urgent mark in their subject disowned: "bitte nicht vom "URGENT" im Betreff irritieren lassen", "ignore the
#: URGENT in the subject", "ne faites pas attention au « URGENT »".
_MARK_DISOWNED = caseless(
    r"\b(?:nicht vom|ignore the|ignore|don't mind the|never mind the|pas attention au|ignorez le|ne vous fiez pas "
    r"(?:trop )?au)\s*[\"“„«']?\s*"
    r"(?:urgent|dringend|wichtig)\b"
)


def urgency_shift(reading: Reading) -> int:
    """-1, 0 or +1: how the customer's own words move the urgency the classifier gave.

    Any raising cue wins (+1): a lowering cue wins over a raising word only by negating it, and then
    that word is no raising cue at all ("not urgent"). Then a hard deadline less than one business day
    after the message raises; then any lowering cue lowers; else 0."""
    if any(c.direction > 0 for c in reading.cues):
        return 1
    deadline = reading.deadline
    if (
        deadline is not None
        and deadline.hard
        and reading.received is not None
        and (
            when.business_hours_between(reading.received, deadline.at) < NEAR_HOURS
            or deadline.at - reading.received < timedelta(hours=24)
        )
    ):
        return 1
    if any(c.direction < 0 for c in reading.cues):
        return -1
    return 0


#: Anger even a formal letter shows: "unacceptable", "!!", shouting.
_STRONG = (
    r"unacceptable|ridiculous|furious|angry|fed up|inakzeptabel|unverschämt|sauer|inacceptable|inadmissible|"
    r"scandaleux|marre"
)
_STRONG_ANGER = re.compile(rf"!{{2,}}|(?-i:\b[A-Z]{{5,}}\b)|\b(?:{_STRONG})\b", re.IGNORECASE)
#: Anger in a short mail: the strong signs, or "again", "still", "wieder", "encore".
_ANGER = re.compile(
    rf"!{{2,}}|(?-i:\b[A-Z]{{4,}}\b)|\b(?:{_STRONG}|again|still|joke|wieder|immer noch|ärgerlich|frech|encore|"
    r"toujours)\b",
    re.IGNORECASE,
)
_FORMAL_LETTER = re.compile(
    r"\b(?:Dear Sir or Madam|Yours faithfully|Sehr geehrte Damen und Herren|Madame, Monsieur|Je vous prie d'agréer)",
    re.IGNORECASE,
)


#: They say they are content with us: "we're very happy with it", "wir sind sehr zufrieden", "nous sommes ravis".
_PLEASED = caseless(
    r"\b(?:(?:very|really|so|quite|extremely) (?:happy|pleased|satisfied) with|(?:we|i) (?:really )?love (?:it|using)|"
    r"(?:sehr|rundum|äußerst|total) zufrieden|(?:très|vraiment|entièrement) satisfaits?|"
    r"(?:nous sommes|je suis) ravie?s?)\b"
)


def apology_fits(text: str) -> bool:
    """Whether a frustrated tone may be met with an apology: not for a terse "it doesn't work" (short, not angry)
    nor a formal letter ("Dear Sir or Madam … Yours faithfully") without a sign of anger."""
    if _STRONG_ANGER.search(text):
        return True
    if _PLEASED.search(text):
        return False  # "we're very happy with it": a customer content with us is not told we see why they are upset
    if len(text.split()) <= 12:
        return bool(_ANGER.search(text))
    return not _FORMAL_LETTER.search(text)


#: They apologise for their own earlier mail: "My email yesterday was rude … I'm sorry", "Entschuldigen Sie bitte meine
#: gestrige Mail", "je m'excuse pour mon dernier message".
_THEIR_APOLOGY = caseless(
    r"\b(?:"
    + "|".join(
        (
            r"my (?:last |earlier |previous )?(?:e-?mail|message|reply)(?: \w+){0,3} (?:was|sounded) (?:\w+ )?"
            r"(?:rude|harsh|angry|unfair|out of line|unkind)",
            r"(?:i|we) (?:would like to )?apologi[sz]e for (?:my|our) (?:last |earlier |previous )?"
            r"(?:e-?mail|message|tone|reply)",
            r"sorry (?:for|about) my (?:last |earlier |previous )?(?:e-?mail|message|tone)",
            r"first of all,? an apology",
            r"entschuldig\w* (?:sie )?(?:bitte )?(?:mich |uns )?(?:für )?(?:meine|unsere) "
            r"(?:letzte |gestrige |vorige )?(?:mail|nachricht|e-mail|ton)",
            r"mein(?:e)? (?:letzte |gestrige )?(?:mail|nachricht) war (?:\w+ )?"
            r"(?:unfreundlich|unhöflich|daneben|harsch|ungerecht)",
            r"(?:je|nous) (?:m'|nous )?excus\w+ pour (?:mon|notre) (?:dernier |précédent )?(?:message|mail|e-mail|ton)",
            r"désolée? pour (?:mon|le ton de mon) (?:dernier |précédent )?(?:message|mail)",
        )
    )
    + r")\b"
)


def they_apologised(text: str) -> bool:
    """Whether they apologise for an earlier mail of theirs: the reply takes the apology, it does not make one."""
    low = text.lower()
    if not any(w in low for w in ("apolog", "sorry", "rude", "entschuldig", "war ", "excus", "désolé")):
        return False
    return bool(_THEIR_APOLOGY.search(text))


#: Their hurry in words our lint bans from a reply (``lint.BANNED``): the cue that they want it now, and what a
#: question they ask is named back without (``asked``).
HURRY = (
    r"immediately|immédiatement|sofort|umgehend|unverzüglich|asap|as soon as possible|dès que possible|"
    r"au plus vite|right away|straight away"
)
#: Cues that ask for it to be done now, not by a time: owned as their priority (we never write these words).
RUSH = caseless(rf"\b(?:{HURRY}|tout de suite|urgent\w*|dringend|eilig)\b")


#: They replied to an old mail and say its subject is not this matter: "sorry, hab einfach auf die alte Mail
#: geantwortet, geht nicht um die Rechnung", "ignore the subject line", "l'objet n'a rien à voir".
_SUBJECT_DISOWNED = caseless(
    r"\b(?:(?:ignore|disregard) the subject|(?:the )?subject(?: line)? is (?:wrong|old|misleading|outdated)|"
    r"(?:replied|hit reply|responded) (?:to|on) (?:an|the|your|a) (?:old|older|previous) "
    r"(?:e-?mail|mail|message|thread)|auf (?:die|eine|ihre|eure) alte (?:e-?mail|mail|nachricht) geantwortet|"
    r"betreff (?:ist )?(?:falsch|veraltet|stimmt nicht)|(?:ignorez|oubliez) l'objet|"
    r"l'objet (?:n'a rien à voir|est faux|ne correspond pas)|"
    r"répondu (?:à|sur) (?:un|votre) (?:ancien|vieux) (?:e-?mail|mail|message))\b"
)


def subject_disowned(text: str) -> bool:
    """Whether they say their subject belongs to an old matter (they replied to an old mail to write a new one)."""
    return bool(_SUBJECT_DISOWNED.search(text[:1200]))


#: They say our last answer was wrong: "Ihre Antwort von gestern ist schlicht falsch", "your reply is incorrect",
#: "votre réponse d'hier est fausse". The reply owns that they say so (whether it was, we check).
_WE_WERE_WRONG = caseless(
    r"\byour (?:colleague's |team's |support's )?(?:last |previous |earlier )?(?:answer|reply|response|e-?mail)"
    r"(?: (?:from|of) \w+| below| above)? (?:is|was) "
    r"(?:simply |just |plain |completely |totally )?(?:wrong|incorrect|not (?:true|correct|right))|"
    r"\bwhat you (?:told|wrote to) (?:me|us)(?: \w+)? (?:is|was) (?:wrong|incorrect|not true)|"
    r"\bihre (?:letzte |gestrige |vorige )?(?:antwort|auskunft|e-?mail|mail)(?: von \w+)? (?:ist|war) "
    r"(?:schlicht |einfach |leider |völlig |so )?(?:falsch|nicht richtig|unzutreffend)|"
    r"\bvotre (?:dernière |précédente )?(?:réponse|e-?mail|mail)(?: d'hier| de \w+)? (?:est|était) "
    r"(?:tout simplement |complètement |malheureusement )?(?:fausse|erronée|inexacte|incorrecte)|"
    r"\bce que vous (?:m'avez|nous avez) (?:dit|écrit)(?: \w+)? (?:est|était) (?:faux|inexact|erroné)"
)


def says_we_were_wrong(text: str) -> bool:
    """Whether they say our last answer was wrong."""
    return bool(_WE_WERE_WRONG.search(text))


#: How our last answer sounded, complained of: "so ein Ton gegenüber einem Kunden ist schlicht daneben", "your
#: colleague's reply was frankly condescending", "le ton de votre conseiller était méprisant".
_TONE = caseless(
    r"\b(?:tone|rude|rudely|condescending|patroni[sz]ing|dismissive|unfriendly|impolite|snarky|arrogant|"
    r"ton|tonfall|unfreundlich\w*|herablassend\w*|unverschämt\w*|pampig\w*|von oben herab|"
    r"condescendant\w*|désagréable|impoli\w*|méprisant\w*|hautain\w*|désinvolte|"
    # "d'être pris pour un débutant", "treated like an idiot", "wie ein Anfänger behandelt"
    r"pris pour (?:un|une) (?:débutant|idiot|imbécile|novice)e?|treated (?:me |us )?(?:like|as) (?:an? )?"
    r"(?:idiot|beginner|child|fool)s?|wie (?:ein(?:en)? )?(?:anfänger|idioten|dummkopf|kind) behandelt)\b"
)
#: Whose: our side, in the same sentence ("Ihres Kollegen", "your agent", "votre conseiller", "the answer").
_OURS = caseless(
    r"\b(?:your|you|colleague|agent|support|answer|reply|response|ihr\w*|kolleg\w*|mitarbeiter\w*|antwort|"
    r"votre|vos|vous|collègue|collaborat\w*|conseiller\w*|réponse|service)\b"
)


def complains_of_tone(text: str) -> bool:
    """Whether they complain of the tone of our answer or of someone of ours (our side named in that sentence or
    one of the two before it: "Die Antwort Ihres Kollegen lautete … Zweitens ist so ein Ton … daneben.")."""
    sentences = re.split(r"(?<=[.!?])\s+", text)
    return any(
        _TONE.search(s) and any(_OURS.search(b) for b in sentences[max(0, n - 2) : n + 1])
        for n, s in enumerate(sentences)
    )
