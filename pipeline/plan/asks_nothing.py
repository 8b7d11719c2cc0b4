"""Requests that ask nothing of us, though they read like one: their own timing ("Das Ganze hat keine Eile – …,
ich möchte die Unterlagen nur rechtzeitig anfragen"), "whatever is needed" by a date ("Merci de faire le nécessaire
avant le 30 novembre": the deadline reader names that back), a forwarding colleague's errand ("can you pass this
on to their support", done by writing to us), "help with these", and a condition left on its own. Pure. ``ASK_THEM``
is the opposite: the lead of a colleague's list that is what the mail asks us.
"""

from __future__ import annotations

import re

from ..caseless import caseless
from . import cues

#: Only "what is needed", by a date the deadline reader reads: "faire le nécessaire avant …", "do the needful by …".
_ONLY_WHEN = caseless(
    r"^(?:faire le nécessaire|do the needful|do what(?:'s| is) needed|take care of (?:it|this|that)|"
    r"sort (?:it|this) out|das (?:Nötige|Notwendige|Erforderliche) (?:veranlassen|tun|erledigen)|"
    r"kümmern Sie sich darum)\b(?!.*\b(?:and|und|et)\b)|"
    # "I want to put on record how badly this week was handled": a complaint said, not a request
    r"^(?:i|we) (?:just |also )?(?:want|wish|would like|'d like) to (?:put (?:it )?on record|make (?:it )?clear|"
    r"point out|register (?:a |my |our )?complaint|say|let you know|flag)\b|"
    r"^(?:ich|wir) (?:möchte|möchten|will|wollen) (?:hier |hiermit |ausdrücklich )?(?:festhalten|klarstellen|"
    r"betonen|anmerken|mich beschweren|uns beschweren)\b|^(?:je|nous) (?:tiens|tenons) à (?:signaler|dire|préciser|"
    r"souligner|faire part)\b|"
    # "Ideally I'd like this sorted, so we're not paying …": the whole mail, wanted soon (the time is theirs)
    r"^(?:(?:ideally|idealerweise|idéalement)\s*,?\s*)?(?:i'd|i would|we'd|we would) (?:like|love|want) (?:this|it|"
    r"that|everything|all this) (?:sorted|resolved|fixed|sorted out|cleared up|settled|done)(?: quickly| soon)?"
    r"(?:\s+(?:before|by|until)\b[^,.;?!]*)?(?:,?\s+(?:so|as|because|since)\b.*)?$|"
    r"^(?:(?:idealerweise)\s*,?\s*)?(?:ich hätte|wir hätten) (?:das|es|alles) (?:gern|gerne) (?:\w+ )?(?:geklärt|"
    r"erledigt|gelöst)$|^(?:(?:idéalement)\s*,?\s*)?j'aimerais (?:bien )?que (?:ce|tout|cela) soit (?:réglé|résolu)$|"
    # "I want a proper answer by Monday", "eine vernünftige Antwort": a reply, which this one is (the time is theirs)
    r"^(?:a|an|eine?n?|une)\s+(?:(?:proper|real|serious|clear|honest|straight|vernünftige|richtige|klare|ehrliche|"
    r"ordentliche|vraie|sérieuse|claire|véritable)\s+)?(?:answer|reply|response|antwort|rückmeldung|réponse)"
    r"(?:\s+(?:by|until|till|before|bis|avant|d'ici)\b[^.?!,;]{0,25})?$|"
    # "Die Antworten benötigen wir bis spätestens 10.12.": when they need our answers, their deadline
    r"^(?:die |the |les )?(?:antworten|answers|réponses)\b[^.?!]{0,30}\b(?:bis|by|before|avant|d'ici)\b|"
    # "il faudrait juste qu'on ait vos réponses avant", "we just need your answers before then": their timing
    r"^(?:(?:juste|just|nur)\s+)?(?:qu'on ait|que nous ayons|(?:we|i) (?:just )?need|(?:wir|ich) (?:bräuchten|"
    r"brauchen))\s+(?:vos|nos|les|your|the|ihre|die)\s+(?:réponses|answers|antworten)\s+(?:avant|before(?: then)?|"
    r"vorher|by then|d'ici là)$|"
    # "idéalement, il nous faudrait l'ensemble au plus tard le 9 décembre", "we'd need it all by Friday": their timing
    r"^(?:(?:idéalement|ideally|idealerweise)\s*,?\s*)?(?:il (?:nous|me|vous) (?:le |la |les |l')?faudrait|"
    r"(?:we|i)(?:'d| would)? need|(?:wir|ich) (?:bräuchten|bräuchte|brauchen|benötigen))\s+(?:l'ensemble|le tout|"
    r"tout(?: cela| ça)?|everything|it all|all of it|the lot|alles|das alles)\b[^.?!]{0,20}\b(?:bis|by|before|"
    r"avant|d'ici|au plus tard)\b",
)
#: What is left of "If you can't give one, I want someone more senior …" once the ask is read: a condition alone.
#: ("s'il existe une remise …" asks whether there is one: only a condition on our failing is left alone.)
_BARE_CONDITION = caseless(
    r"^(?:if|wenn|falls|sofern|si)\b[^,;:]*\b(?:can't|cannot|can not|unable|not|nicht|kein\w*|pas)\b[^,;:]*$",
)
#: "No rush, but could you send the invoice again?" still asks.
_BUT = caseless(r"\b(?:but|aber|doch|mais|cependant|however|jedoch)\b")
#: A colleague asked to pass their points on to us: the points are what the mail asks, not this errand.
PASS_ON = caseless(
    r"\b(?:pass (?:this|it|that)(?: on)?|forward (?:this|it)|send (?:this|it)) to (?:their|the vendor's|the) "
    r"(?:[\w-]+ )?(?:support|vendor|provider|people|team|folks|guys)\b|"
    r"\ban (?:deren|den|ihren) (?:Support|Anbieter|Hersteller)\b[^.?!]{0,20}\b(?:weiterleiten|weitergeben)\b|"
    r"\b(?:transmettre|faire suivre)\b[^.?!]{0,15}\b(?:à leur support|au support|à l'éditeur)\b|"
    r"\b(?:an Sie|Ihnen) weiterleiten\b|\bweiterleiten soll\b",
)


#: A colleague asked to ask us, before their list: "can you ask them:", "peux-tu demander à l'éditeur :", "kannst du
#: beim Anbieter nachfragen:", "I need the following from the vendor:".
ASK_THEM = caseless(
    r"\b(?:ask (?:them|the vendor|their support)|check with (?:them|the vendor|(?:their |the )?support)|"
    r"(?:can|could) you (?:sort|clear) (?:this |these |that )?out with (?:them|the vendor|(?:their |the )?support)|"
    r"(?:peux|pourrais)-tu (?:leur |lui )?demander|demande(?:-leur| à l'éditeur| au fournisseur)|"
    r"(?:peux|pourrais)-tu (?:voir|régler|vérifier) (?:ça |cela )?avec (?:eux|l'éditeur|le fournisseur|le support)|"
    # "peux-tu prévenir l'éditeur :", "kannst du dem Anbieter Bescheid geben:", "can you let the vendor know:"
    r"(?:peux|pourrais)-tu (?:prévenir|informer|contacter|écrire à) (?:eux|l'éditeur|le fournisseur|le support|"
    r"(?:tous )?(?:nos|les) (?:fournisseurs|prestataires|éditeurs)(?: \w+)?)|"
    # "can you let all our vendors know:", "kannst du allen Lieferanten Bescheid geben:"
    r"(?:can|could) you (?:please )?(?:let|tell|inform|notify) (?:all )?(?:our|the) (?:vendors|suppliers|providers)|"
    r"(?:kannst|könntest) du (?:bitte )?(?:allen|unseren) (?:Lieferanten|Anbietern|Dienstleistern)\b[^:]{0,30}?"
    r"(?:Bescheid geben|informieren|mitteilen)|"
    r"(?:kannst|könntest) du (?:bitte )?(?:dem Anbieter|denen|dem Support) Bescheid geben|"
    r"(?:can|could) you (?:please )?let (?:the vendor|them|their support) know|"
    r"(?:kannst|könntest) du (?:das )?(?:mal )?mit (?:denen|dem Anbieter|dem Support) klären|"
    r"(?:kannst|könntest) du (?:mal )?(?:bei (?:denen|dem Anbieter|der Firma) )?(?:nach)?fragen|frag (?:mal )?(?:bei )?"
    r"(?:denen|dem Anbieter)|beim (?:Anbieter|Hersteller|Support) (?:klären|nachfragen|erfragen)|"
    # "Sandra, kannst du bitte beim Anbieter von unserem Projekttool folgendes klären:"
    r"(?:kannst|könntest) du (?:bitte )?(?:mal )?(?:beim|bei dem|mit dem) (?:Anbieter|Hersteller|Support|"
    r"Dienstleister)\b[^:]{0,60}?(?:klären|nachfragen|erfragen|abklären|fragen)|"
    r"(?:can|could) you (?:please )?(?:check|sort out|clarify|raise)\b[^:]{0,40}?with "
    r"(?:the vendor|them|their support))\b",
)
#: A colleague asked to ask us one thing, inline: "Tu peux demander au support si c'est un bug ?", "Kannst du beim
#: Support nachfragen, ob …", "Can you ask support whether …" (what follows is the question).
ASK_THEM_IF = caseless(
    r"^.{0,30}?\b(?:(?:tu peux|peux-tu|pourrais-tu|tu pourrais) (?:leur |lui )?demander (?:au support |à l'éditeur |"
    r"au fournisseur |à \w+ )?(?=si\b|s'il)|(?:kannst|könntest) du (?:mal )?(?:beim (?:Support|Anbieter|Hersteller) |"
    r"bei (?:denen|dem Anbieter) )?(?:nach)?fragen,? (?=ob\b)|(?:can|could) you ask (?:them |support |the vendor |"
    r"their support )?(?=whether\b|if\b)|"
    # a boss to a colleague: "Find out what they're actually going to do about it and whether we get anything back"
    r"(?:find out|check|ask them|frag (?:mal )?nach|finde (?:mal )?heraus|renseigne-toi(?: sur)?) (?=(?:what|whether|"
    r"if|ob|was|si|ce qu)\b))",
)
#: In what a colleague relays ("find out what they're going to do"), "they" is us: said to us as "you".
_THEY_ARE_US = re.compile(r"\b(?:they're|they are|they|them|their)\b", re.IGNORECASE)
_YOU_FOR_THEY = {"they're": "you're", "they are": "you are", "they": "you", "them": "you", "their": "your"}


def relayed_to_us(sentence: str) -> str:
    """What a colleague asks them to ask us, as a question to us ("ask them if it is a bug" -> "whether it is a
    bug?", "find out what they're going to do" -> "what you're going to do?"), else ""."""
    relayed = ASK_THEM_IF.match(sentence)
    if relayed is None:
        return ""
    asked = re.sub(r"^if\b", "whether", sentence[relayed.end() :]).rstrip(" .!")
    return _THEY_ARE_US.sub(lambda m: _YOU_FOR_THEY[m[0].lower()], asked) + "?"


#: What asks us for nothing: "could you help with these?" points at the list that does.
_HELP_WITH_THESE = caseless(
    r"^help (?:me |us )?with (?:these|this|that|them|the above)\b|"
    r"^help,? or point (?:me|us) (?:to|at) the right (?:person|people|team)$|"  # "Can you help,
    # "…, and as our processor we need your help to answer her. Could you please:": the list after it asks
    r"^(?:[^.;]{0,80}?,\s+)?(?:and\s+)?(?:[\w ]{0,30}\s)?(?:we|i) need your help(?: to \w+ (?:her|him|them|it|this))?$|"
    r"^(?:wir|ich) (?:brauche\w*|benötige\w*) Ihre Hilfe$|^(?:nous avons|j'ai) besoin de votre aide$|"
    # "But we would like to understand it.": what the questions around it ask
    r"^(?:but )?(?:i|we) (?:would|'d) (?:just |really )?like to understand (?:it|this|that)$",
)
#: "Falls ja, lassen Sie es mich bitte wissen", "if so, please let me know": the question before it is the ask.
_IF_SO_TELL = caseless(
    r"^(?:falls|wenn) (?:ja|nein|nicht|so),? (?:lassen|geben) Sie (?:es )?(?:mir |mich |uns )?(?:bitte )?"
    r"(?:wissen|bescheid)|^if (?:so|yes|not),? (?:please )?let (?:me|us) know|"
    r"^si (?:oui|c'est le cas),? (?:merci de )?(?:me|nous) (?:le )?(?:dire|faire savoir|prévenir)",
)
#: "Can you have a look?" over a forwarded note: looking is what the reply's next step says, not an ask to name.
_HAVE_A_LOOK = caseless(
    r"^(?:have|take) a (?:quick )?look(?: at (?:it|this|that|them|the below|the above))?$|"
    r"^(?:sich )?(?:das|es) (?:bitte )?(?:mal |kurz )?(?:ansehen|anschauen|angucken)$|"
    r"^(?:y )?jeter un (?:œil|oeil|coup d'œil)$|^regarder (?:ça|cela)$",
)


#: What stays as it is ("même n° de TVA, rien ne change", "Anschrift bleibt gleich"): asks nothing, states no problem.
UNCHANGED = caseless(r"\b(?:rien ne change|ne change pas|nothing changes|(?:stays?|remains?) (?:the same|unchanged)|"
                        r"ändert sich nichts|bleib(?:t|en) (?:gleich|unverändert)|rest(?:e|ent) inchangé\w*)\b|"
                        # "Die USt-IdNr. bleibt DE287654321", "Our VAT ID stays GB123…": a value that stays
                        r"^(?:die|der|das|unsere?|our|the|notre|le|la)\s+[\w.-]+\s+(?:bleibt|stays|remains|reste)\s+"
                        r"[^\s,;]+$")  # fmt: skip


#: A pointer to the forwarded note, which holds the asks: "please see the note from our security officer below".
_SEE_BELOW = caseless(
    r"^(?:please\s+)?(?:see|read|find)\s+(?:the\s+)?(?:note|message|mail|e-?mail|request|questions?|list)\b[^.?!]{0,60}"
    r"\bbelow\W*$|^(?:bitte\s+)?(?:siehe|lesen sie|beachten sie)\s+[^.?!]{0,60}\b(?:unten|weiter unten)\W*$|"
    r"^(?:merci de\s+)?(?:voir|lire)\s+[^.?!]{0,60}\bci-dessous\W*$"
)


#: What they want no more of from us ("Und bitte keine weitere Mail mit Textbausteinen", "please no more canned
#: replies"): said to the reply itself, which keeps it, never a point to answer later.
_NO_MORE = caseless(
    r"^(?:(?:und|and|et|also|aussi)\s+)?(?:bitte\s+|please\s+)?(?:keine|kein|no more|no|pas de|plus de|surtout pas de)"
    r"\s+(?:weitere[nr]?\s+|other\s+|more\s+|autres?\s+|nouvelles?\s+)?(?:mails?|e-mails?|emails?|textbausteine\w*|"
    r"antworten|standard\w*|canned|templat\w*|copy[- ]paste|réponses?|messages?|tipps?|tips?)\b|"
    # "…, alles längst probiert, also fangen Sie bitte nicht wieder damit an", "please don't ask me to clear the
    # cache again", "ne me demandez pas de vider le cache": what they already did, not to be asked again
    r"\b(?:fangen sie (?:bitte )?nicht (?:schon )?wieder (?:damit )?an|(?:please )?(?:don't|do not) (?:ask|tell) "
    r"(?:me|us) to\b|ne (?:me|nous) (?:demandez|dites) (?:pas|plus) de\b)"
)
#: What announces their requests, the items that follow are them: "I want to exercise my rights under the UK GDPR".
_RIGHTS_LEAD = caseless(
    r"\bexercise (?:my|our|his|her) (?:rights?|right of access)\b|\bexercer (?:mes|nos|ses) droits\b|"
    r"\b(?:meine|unsere|seine|ihre) rechte (?:geltend (?:zu )?machen|wahrnehmen|wahrzunehmen)\b"
)
#: Their own situation, not an ask: "Wir zahlen für 42 Business-Lizenzen, da erwarte ich was anderes", "we pay for
#: 200 seats", and what they would rather not do ("…, SSO ganz abzuschalten, und das möchte ich ungern").
_THEIR_SITUATION = caseless(
    r"^(?:wir|we|nous|ich|i|je)\s+(?:zahlen|bezahlen|zahle|pay|are paying|payons|paie)\b|\bungern\b|\bnicht gern\b|"
    r"\brather not\b|\bpréf[eé]r\w* éviter\b|"
    # a colleague's view, one side of their disagreement: "Claire estime qu'il faut tout supprimer", "my postdoc
    # says we should just export everything" (the question is which of them is right)
    r"^(?:mon |ma |my |our |notre |mein\w* |unser\w* )?[\w-]+ (?:estime|pense|trouve|dit|says|thinks|believes|meint|"
    r"findet|sagt)(?: que| qu'|, dass| dass| that)|"
    # what they will not put their people through: "Das möchte ich unseren Pflegekräften nicht zumuten"
    r"\bnicht (?:zumuten|antun)\b|\bne (?:veux|voudrais) pas (?:imposer|infliger)\b|"
    # what they want to say, not what they want done: "I'd also like to say, politely but plainly, that …"
    r"^(?:(?:i|we)(?:'d| would) (?:also |just )?like to|to|(?:ich|wir) (?:möchte|möchten) (?:auch |noch )?|(?:je|nous) "
    r"(?:voudrais|voudrions|tiens|tenons) (?:aussi |à )?)\s*(?:say|add|mention|point out|note|stress|sagen|anmerken|"
    r"erwähnen|betonen|dire|signaler|ajouter|souligner)\b"
)


#: What they do not need, and a need that only says the scope ("Eine Lohnschnittstelle brauchen wir nicht", "we only
#: need the scheduling"), and a hurry asked for ("Bitte um schnelle Rückmeldung!"), which the reply's time answers.
_NO_NEED = caseless(
    r"\b(?:brauchen|benötigen|brauche|benötige)\s+(?:wir|ich)\s+(?:\w+\s+)?(?:nicht|keine?n?)\b|"
    r"\b(?:we|i)\s+(?:don't|do not|won't)\s+need\b|\bn'(?:avons|ai)\s+pas\s+besoin\b|"
    r"^(?:wir|ich)\s+(?:brauchen|brauche|benötigen)\s+(?:eigentlich\s+|wirklich\s+)?nur\b|"
    r"^(?:we|i)\s+(?:really\s+|actually\s+)?only\s+need\b|\bn'(?:avons|ai)\s+besoin\s+que\b|"
    r"^(?:bitte\s+)?um\s+(?:eine\s+)?(?:schnelle|rasche|baldige|zeitnahe|kurze|umgehende)\s+(?:rückmeldung|antwort)\W*$|"
    r"^(?:please\s+)?(?:reply|respond|get back to (?:me|us))\s+(?:asap|quickly|soon|urgently)\W*$"
)


def asks_nothing(request: str) -> bool:
    """Whether ``request`` (a clause read as a request) asks nothing of us: an errand, a pointer to the list,
    a bare condition, their timing, or only "what is needed"."""
    if PASS_ON.search(request) or _ONLY_WHEN.match(request) or _BARE_CONDITION.match(request):
        return True
    if _NO_MORE.search(request.strip()) or _THEIR_SITUATION.search(request) or _RIGHTS_LEAD.search(request):
        return True
    if _SEE_BELOW.match(request.strip()) or _NO_NEED.search(request.strip()):
        return True
    if _HELP_WITH_THESE.match(request) or _HAVE_A_LOOK.match(request.strip(" .!?")) or _IF_SO_TELL.match(request):
        return True
    if UNCHANGED.search(re.sub(r"\([^)]*\)", "", request)):  # "même n° de TVA, rien ne change": what stays as it is
        return True
    return bool(cues.LOWER.search(request)) and not _BUT.search(request)
