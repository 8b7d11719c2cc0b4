"""How a request or a question is worded, in English, German and French: the patterns ``asks`` reads a sentence
with ("could you …", "bitte …", "merci de …", "I'd like to know whether …" is ``indirect``'s). Data only.
"""

from __future__ import annotations

import re

from ..caseless import caseless

PLEASANTRY = caseless(
    r"^(how are (you|things)|how is it going|how have you been|hope (you are|you're|all is|this finds)|i hope|"
    r"hope you|wie geht('s| es)|ich hoffe|comment (allez|vas)|ça va|j'espère|"
    # "zunächst möchte ich mich ganz herzlich bei Ihnen bedanken", "I'd like to thank you first": thanks, no ask
    r"(?:zunächst |vorab |zuerst )?(?:möchte ich mich|ich möchte mich) (?:\w+ ){0,5}bedanken|"
    # "entschuldigen Sie bitte, dass ich Sie damit behellige", "sorry to bother you", "désolé de vous déranger"
    r"entschuldig\w* sie,? (?:bitte)?,? ?(?:die störung|dass ich (?:sie|euch))|sorry (?:to bother|for bothering)|"
    r"(?:désolée?|excusez-moi) de vous (?:déranger|importuner)|"
    r"(?:first(?:ly)?,? )?(?:i|we)(?:'d| would) (?:like|love) to (?:\w+ )?thank|"
    r"(?:tout d'abord,? )?(?:je tiens à|je voudrais|je souhaite) (?:vous )?remercier|"
    # (not "let me know if there's a setting I'm missing": that asks)
    r"(please )?(let (me|us) know|feel free|do not hesitate|don't hesitate|reach out) (if|when|should)"
    r"(?! there(?:'s| is) an? (?!problem|issue|question)\w)|"
    r"thanks?|thank you|many thanks|danke|vielen dank|merci(?! de\b| d')|have a (nice|good|great)|"
    r"bei (fragen|rückfragen)|für rückfragen|n'hésitez pas|si vous avez (des|besoin)|"
    r"(any|is there any) (update|news)\?*$|(en )?vous remerciant\b|dans l'attente de (votre|vous lire)|"
    r".*\b(?:je vous prie|veuillez|nous vous prions) d'agréer\b|"
    r".*\b(?:carry on|keep on|continue) (?:writing|to write) to (?:me|us)\b|"
    r".*\bnicht (?:vom|von dem|von der)\b.{0,30}\b(?:irritieren|verwirren|stören) lassen\b|"
    # their answer to our survey's question, thrown back: "You want a rating? 2 out of 10"
    r"(?:you want|you wanted|sie wollen|sie möchten|vous voulez|vous vouliez) (?:a |an |my |our |eine |meine |une |"
    r"mon |ma )?(?:rating|score|feedback|review|note|bewertung|rückmeldung|avis|évaluation)\b|"
    # a reason in brackets, said after a question: "(we need that for the association audit)"
    r"\((?:we|i|wir|ich|nous|je|on) (?:need|needs|brauchen|brauche|benötigen|avons besoin|ai besoin|en a besoin)"
    r"[^()?]*\)\.?$|"
    # "See below from our AP team, can you help?", "Siehe unten, können Sie helfen?": what below asks is the ask
    r"(?:(?:please )?see (?:below|the (?:mail|message|note|e-?mail) below)(?: from [^,?]{1,40})?|siehe unten|"
    r"voir ci-dessous),?\s+(?:can|could) you (?:please )?help(?: (?:me|us))?(?: (?:with|on) (?:this|that|it))?\s*\?*$|"
    r"(?:siehe unten|voir ci-dessous),?\s+(?:können|könnten) sie (?:uns |mir )?(?:da |dabei )?helfen\s*\?*$|"
    r"(?:voir ci-dessous),?\s+(?:pouvez|pourriez)-vous (?:nous |m')aider\s*\?*$|"
    # "Vous pouvez faire le nécessaire ?", "can you sort it out?" under a forward: what it asks is the ask
    r"(?:vous pouvez|vous pourriez|pouvez-vous|pourriez-vous) (?:s'il vous plaît |svp )?(?:faire le nécessaire|"
    r"vous en (?:occuper|charger)|regarder (?:ça|cela))\s*\?*$|(?:can|could) you (?:please )?(?:sort (?:it|this|that) "
    r"out|take care of (?:it|this|that)|do the needful|deal with (?:it|this|that))\s*\?*$|"
    r"(?:können|könnten) sie (?:sich )?(?:bitte )?(?:darum kümmern|das erledigen|das regeln)\s*\?*$)",
)
REQUEST = caseless(
    r"\b(please|pls|kindly|svp|s'il vous pla[iî]t|could you|can you|would you|will you|would it be possible|"
    r"is it possible for you|"
    r"i'd like you to|i would like you to|i would appreciate|we would appreciate|i'd appreciate|we'd appreciate|"
    r"i need you to|we need you to|i need|we need|i'd like|i would like|we would like|we'd like|let me know|"
    r"(?:it|this one|this|that) needs (?:re-?\w+ing|to be re-?\w+ed)|"  # "It needs reissuing to …"
    r"(?:i|we) (?:would|will|shall) (?:require|need|expect)|"  # "…, we would require a corrected file"
    r"(?:i|we)(?:'d| would) (?:just|really|also) like|(?:i|we) (?:would )?(?:also )?ask (?:that )?you|"
    r"(?:i|we)(?:'d| would) (?:much )?rather (?:you|have)\b|"
    # the colleague they write for: "he'd rather swap it for a quieter one", "sie würde es lieber tauschen"
    r"(?:he|she|they)(?:'d| would) (?:much )?rather (?:swap|exchange|return|replace|have|get)\b|"
    r"ersuchen sie|ersuche (?:ich )?sie|ersuchen wir|"
    r"je demande (?:à|que|qu')|nous demandons (?:à|que|qu')|"
    # "Je demande ensuite, au titre de l'article 17, l'effacement de ces données"
    r"(?:je|nous) (?:demande|demandons)(?: (?:ensuite|également|aussi|donc|par ailleurs))?,? (?:au titre|en vertu|"
    r"conformément|l'|la |le |les |une? )|"
    r"let us know|confirm|advise|bitte|können sie|könnten sie|würden sie|ich bitte|wir bitten|ich möchte|"
    r"wir möchten|wir benötigen|ich benötige|ich brauche|wir brauchen|teilen sie (mir|uns)|"
    r"pouvez-vous|pourriez-vous|pouvez vous|pourriez vous|merci de|merci d'(?!avance|avoir|être)|veuillez|"
    r"je vous prie|je voudrais|"
    r"nous voudrions|j'aimerais|nous aimerions|je souhaite|nous souhaitons|je souhaiterais|nous souhaiterions|"
    r"j'ai besoin|nous avons besoin|"
    r"(?:i|we) (?:also |really |still |now )?expect|i(?:'m| am) asking|we(?:'re| are) asking|ich erwarte|"
    r"wir erwarten|erwarte ich|erwarten wir|"
    # "Ferner verlange ich gemäß Art. 17 DSGVO die Löschung …", "I request the erasure of …"
    r"(?:i am|i'm|we are|we're) (?:hereby )?making a (?:formal )?request|"
    r"verlange ich|verlangen wir|ich verlange|wir verlangen|(?:i|we) (?:hereby |also |further )?(?:request|demand) "
    r"(?=the|that|a|an|all|my|our|confirmation|erasure|deletion|access|a copy)|"
    r"möchte ich|möchten wir|bitte ich|bitten wir|benötigen wir|brauchen wir|benötige ich|bräuchte ich|"
    r"hätte ich gern|hätten wir gern|ich hätte gerne?|wir hätten gerne?|je vous demande|nous vous demandons|"
    r"(?:mir|uns) wäre(?: es)? (?:sehr )?(?:lieb|lieber|am liebsten)|"
    r"würden wir am liebsten|würde ich am liebsten|(?:'d|would) (?:much |really |rather |strongly )?prefer|"
    r"prefers? to (?:pay|be|have|get|receive)|"
    # "sein Zugang kann danach weg", "his login can be removed": what they want us to do, said as a statement
    r"(?:kann|können) (?:danach |dann |ab dann )?weg|can be (?:removed|deleted|closed|deactivated|disabled)|"
    r"peu(?:t|vent) être (?:supprimée?s?|désactivée?s?|fermée?s?)|"
    # a thing they would like, said as what would please them: "A written quote in GBP would be lovely", "eine
    # Kopie wäre super", "un devis serait parfait" (not "it would be great to have it by then": their timing)
    r"(?:a|an|the|ein|eine|einen|un|une|le|la)\s+(?:[\w-]+\s+){1,5}(?:would be (?:lovely|great|helpful|ideal|"
    r"perfect|wonderful)|wäre (?:schön|toll|super|hilfreich|ideal|prima|klasse)|serait (?:parfait|idéal|super|"
    r"appréciable|bienvenue?))|"
    r"(?:je|nous) (?:serais|serions) (?:ravie?s?|reconnaissante?s?)|"
    # what has to change from now on, said as a statement: "les factures doivent désormais être établies au nom de
    # …", "il nous la faudrait rééditée", "il doit aussi devenir administrateur", "sollen von mir auf dich übergehen"
    r"il (?:nous|me|vous) (?:la |le |les |l')?(?:faut|faudrait)|(?:doit|doivent) (?:(?:désormais|dorénavant|aussi|"
    r"également) )*(?:devenir|être (?:établie?s?|envoyée?s?|adressée?s?|transférée?s?))|"
    r"(?:doit|doivent) (?:désormais|dorénavant)|(?:soll|sollen) (?:künftig|zukünftig|ab sofort|ab jetzt|in zukunft)|"
    r"(?:soll|sollen) (?:[\w„“\"-]+ ){0,5}(?:übergehen|übertragen werden|umgestellt werden|geändert werden)|"
    r"(?<!\bit )(?:should|must|needs? to) (?:now |from now on |also )*(?:become|go to|be (?:issued|sent|addressed|"
    r"transferred|made out) to)|"
    r"nous préférerions|je préférerais|on pr[ée]f[ée]rerait|wir hätten lieber|ich hätte lieber|"
    # "Bis dahin brauche ich entweder eine Lösung oder zumindest einen Weg, …" (not "… brauche ich den Zugang wieder":
    # their deadline said again)
    r"(?:(?:brauche|benötige) ich|(?:brauchen|benötigen) wir)\s+(?:entweder\s+|zumindest\s+|dringend\s+)?"
    r"(?:eine?n?\s+)?"
    r"(?:lösung|workaround|antwort|rückmeldung|korrektur|weg)\b|"
    r"j'attends|nous attendons|(?:i|we) (?:also |really |still )?want|ich will|wir wollen|je veux|nous voulons|"
    r"we would need|"
    r"will ich|wollen wir|j'exige|nous exigeons|we'd need|"
    r"i would need|i'd need|bräuchten wir|wir bräuchten|ich bräuchte|nous aurions besoin|j'aurais besoin|"
    r"tell me|tell us|dites-moi|dites-nous|indiquez-moi|indiquez-nous|sagen sie mir|sagen sie uns|il faut|"
    r"il faudrait|il conviendrait|je vous saurais gré|nous vous saurions gré|"
    r"(?:je|nous) vous remerci(?:e|ons|erais|erions) (?:(?:également|aussi|par avance|d'avance) )?d[e'] ?"
    r"(?:bien vouloir|me|m'|nous)|merci de bien vouloir)\b",
)
#: "… need the following from you:" introduces a list of requests as surely as "Could you please:"; so does what
#: they lack ("il me manque pour l'outil :", "What we are missing:", "Uns fehlen noch:").
FOLLOWING = caseless(
    r"\b(need|needs|require|requires|want|asking for|brauch\w*|benötig\w*|bräuchte\w*|besoin)\b.*"
    r"\b(the following|following|folgende\w*|nachstehende\w*|suivant\w*|ci-dessous)\b|"
    # "every vendor … has to provide the following before we can pay them:" and the list
    r"\b(?:provide|send|submit|supply|fournir|envoyer|transmettre|liefern|zusenden|einreichen)(?: us| nous| uns)?"
    r"(?: with)? (?:the following|ce qui suit|les (?:documents|éléments) suivants|folgende\w*)\b|"
    r"\b(il (?:me|nous) manque|(?:i|we)(?:'m| am|'re| are) (?:still )?missing|(?:mir|uns) fehl(?:t|en)|"
    r"es fehl(?:t|en))\b|"
    r"\b(?:brauch\w*|benötig\w*|need|needs|besoin)\b[^:.!?]{0,80}:\s*$|"  # "brauche ich vom Anbieter noch:"
    # "Concrètement, je demande :", "What I'm asking for:", "Wir fordern daher:"
    r"\b(?:je demande|nous demandons|j'exige|nous exigeons|(?:i|we) (?:ask|request|expect)|"
    r"what (?:i|we)(?:'m| am|'re| are) asking for|(?:i|we)(?:'m| am|'re| are) asking for|"
    r"ich (?:fordere|verlange|erwarte)|wir (?:fordern|verlangen|"
    r"erwarten))(?: (?:daher|also|donc|concrètement|therefore|now|jetzt|nun))?\s*:\s*$|"
    # "ein paar Änderungen bei uns, nichts davon eilt:", "a few changes on our side:": each change is for us to make
    r"\b(?:änderungen|changes|changements|modifications)\b[^:.!?]{0,60}:\s*$|"
    # "I would be grateful for the following:", "um Folgendes bitte ich:", "je vous serais reconnaissant des éléments
    # suivants :": whatever leads up to it, the list after it is what they ask
    r"\b(?:the following|folgendes|folgende|nachstehende\w*|suivants?|suivantes?|ci-dessous)\s*:\s*$|"
    # "We should be grateful if you would:", "Wir wären Ihnen dankbar, wenn Sie:", "… de bien vouloir :"
    r"\b(?:if you (?:would|could|can|will)|wenn sie|si vous pouviez|de bien vouloir)\s*:\s*$|"
    # "Vorab wäre ich Ihnen für folgende Angaben dankbar:", "grateful for the following details:"
    r"\b(?:following|folgende\w*|nachstehende\w*|suivant\w*)\b[^:.!?]{0,50}"
    r"\b(?:dankbar|grateful|appreciate\w*|reconnaissante?s?|obligée?s?|details|information|angaben|informationen|"
    r"auskünfte|informations|précisions|éléments)\b[^:.!?]{0,20}:\s*$",
)
POLITE_YOU = caseless(
    r"^(could|can|would|will) you\b|^(könnten|können|würden) sie\b|^(pourriez|pouvez)[- ]vous\b|"
    r"^(is it possible for you|would it be possible for you)\b",
)
#: Words in front of the request itself, removed: "Please send ..." -> "send ...".
REQUEST_LEAD = caseless(
    r"^(?:(?:and|also|so|then|finally|lastly|honestly|frankly|at this point|und|außerdem|zudem|ehrlich gesagt|et|"
    r"des weiteren|darüber hinaus|ferner|aussi|enfin|franchement|à ce stade|par ailleurs|en outre)[,]?\s+)*"
    r"(?:(?:could|can|would|will) (?:you|u)(?: please| pls| kindly)?(?: be able to)?|please|pls|plz|kindly|"
    # "What we'd need from you, I think: an export of …": what follows the colon is the request
    r"what (?:we|i)(?:'d| would)? need from you(?:,? i think)?\s*:|was (?:wir|ich) von (?:ihnen|euch) "
    r"(?:bräuchten|brauchen|benötigen)(?:,? glaube ich)?\s*:|"
    r"ce dont (?:nous aurions|j'aurais) besoin(?:,? je pense)?\s*:|"
    r"i(?:'d| would) like you to|"
    r"we(?:'d| would) like you to|i need you to|we need you to|i(?:'d| would) appreciate it if you could|"
    r"we(?:'d| would) appreciate it if you could|"
    r"bitten? (?:ich|wir)(?: sie)?(?:,)?(?: darum)?(?:,)?|bitte|(?:können|könnten|würden) sie(?: bitte)?|"
    r"ich bitte sie(?:,)?(?: daher| deshalb| also| hiermit| nochmals)?(?:,)?(?: darum)?(?:,)?|"
    r"(?:mir|uns) wäre(?: es)? (?:sehr )?(?:lieb|lieber|am liebsten),? wenn|"
    r"(?:ich|wir) hätten? gerne?|"
    r"wir bitten sie(?:,)?(?: (?:daher|deshalb|also|hiermit|höflich|freundlich|nochmals|dringend))*(?: darum)?(?:,)?|"
    r"(?:ich|wir) bitten? um|(?:ich|wir) ersuchen? sie(?: daher| deshalb)? um|"
    r"(?:ich|wir) bitten? darum,?|"
    r"merci de|merci d'|veuillez|je vous prie de|je vous prie d'|(?:pouvez|pourriez)[- ]vous(?: svp)?|"
    r"(?:i|we) (?:would )?(?:also )?ask (?:that )?you(?: to)?|(?:i|we)(?:'d| would) (?:just|really|also) like|"
    r"(?:je|nous) demand(?:e|ons) (?:à |que |qu')|"
    r"(?:i|we) (?:also |really |still |now )?expect(?: you to| that)?|"
    r"(?:ich erwarte|wir erwarten|erwarte ich|erwarten wir)(?:,)?|"
    r"verlange ich|verlangen wir|ich verlange|wir verlangen|(?:i|we) (?:hereby |also |further )?(?:request|demand)|"
    r"(?:je vous demande|nous vous demandons)(?: donc)?(?: de| d')?|"
    r"il (?:faut|faudrait)(?: vraiment| absolument| impérativement| donc)?|"
    r"il conviendrait(?: \w+){0,3}? d[e']|(?:je vous|nous vous) saur(?:ais|ions) gré d[e'](?: bien vouloir)?|"
    r"(?:je|nous) vous remerci(?:e|ons|erais|erions) (?:(?:également|aussi|par avance|d'avance) )?d[e'](?: bien "
    r"vouloir)?|"
    # "Ich will eine schriftliche Stellungnahme", "I want a written statement": the thing they want
    r"(?:ich will|wir wollen|will ich|wollen wir|i want|we want|je veux|nous voulons|j'exige|nous exigeons)"
    r"(?:\s+(?:also|auch|außerdem|aussi|également))?(?= (?:eine?n?|a|an|the|un|une|le|la|les)\b)|"
    # "Je veux aussi que les pointages … soient régularisés": that they are ("que …" reads on after "vous demandez")
    r"(?:je veux|nous voulons|j'exige|nous exigeons)(?:\s+(?:aussi|également|surtout))?(?= que\b)|"
    # "I also want this morning's punches fixed": what they want done
    r"(?:i|we) (?:also )?want(?= (?:this|that|these|those|our|my|all) (?:[\w'’-]+ ){0,4}?(?:fixed|corrected|sorted|"
    r"restored|recovered|added|credited|refunded|removed|deleted|reinstated|recalculated|re-?imported)\b)|"
    # "Außerdem bräuchte ich ein Angebot für 35 Nutzer": the thing they need
    r"(?:bräuchte|brauche|benötige)\s+ich(?:\s+(?:noch|auch|dringend))?(?= (?:eine?n?|die|das|den)\b)|"
    r"(?:bräuchten|brauchen|benötigen)\s+wir(?:\s+(?:noch|auch|dringend))?(?:\s+für\s+(?:die|den|das|unsere?)\s+\w+)?"
    r"(?= (?:eine?n?|die|das|den)\b))"
    r"\s*,?\s*",
)
#: Which case a question is about, left alone once the question after it is read: "Dans le premier cas, …".
ONLY_A_CASE = caseless(
    r"^(?:dans (?:le premier|le second|le deuxième|ce|les deux|tous les) cas|in (?:that|this|the first|the second|"
    r"either|any) case|im (?:ersten|zweiten|letzteren|ersteren) fall|in (?:diesem|dem) fall|in beiden fällen|"
    r"if so|if not|si oui|sinon|otherwise|falls ja|wenn ja|falls nicht|wenn nicht|andernfalls)\W*$"
)
LEAD_IN = caseless(
    r"^(?:(?:and|also|but|one more thing|one (?:new|other|last) thing|quick question|another question|question|"
    r"und|außerdem|noch eine frage|"
    r"noch etwas|frage|et|aussi|autre question|question rapide|ergänzend(?: von mir)?|zusätzlich|from my side|"
    r"de mon côté|en complément|"
    # a point counted off: "Zweitens: Was kostet …?", "Secondly, can we …", "Deuxièmement : …"
    r"erstens|zweitens|drittens|viertens|first(?:ly)?|second(?:ly)?|third(?:ly)?|premièrement|deuxièmement|"
    r"troisièmement|"
    # "Zwei Dinge: Werden die Stempelungen …?", "Two things: …": the count of what follows
    r"(?:two|three|a few|zwei|drei|ein paar|deux|trois|quelques) (?:things|questions|points|dinge|fragen|punkte|"
    r"sachen|choses)(?=\s*:)|"
    # "Here's where we are: we want to order …": where they stand, then what they say
    r"(?:here's|here is|this is) (?:where (?:we|i) (?:are|stand)|the thing|the situation)|"
    r"(?:voilà|voici) où (?:nous|on|j'en) (?:en )?(?:sommes|est|suis)|"
    # "So can we …": a lead-in; "So dürfen wir sie nicht verbuchen": German word order, a statement
    r"so(?!\s+(?:dürfen|darf|können|kann|müssen|muss|ist|sind|geht|gehen|haben|hat|wird|werden|wollen|will|sollen|"
    r"soll|bleibt|bleiben|lässt|läuft)\b))\s*[,:]?\s+)+",
)
#: A question written without its question mark ("if so how do we get it swapped, we have a workshop ..."):
#: a question word and a verb, or a verb before its subject, at the start. Cut where a new clause begins.
UNMARKED_LEAD = caseless(
    r"^(?:if so|if yes|if not|wenn ja|falls ja|wenn nein|si oui|si c'est le cas)\s*,?\s+|"
    # "Anyway which of the two numbers is the right one, because …": back to the point, then the question
    r"^(?:anyway|anyhow|so|jedenfalls|wie auch immer|bref|bon|enfin)\s*,?\s+(?=(?:which|what|how|when|where|who|"
    r"welche\w*|was|wie|wann|quel\w*|comment|quand)\b)|"
    # "If by transfer, which reference should we use": the condition, then the question
    r"^(?:if|falls|wenn|si)\s+[^,]{2,30},\s+(?=(?:which|what|how|when|where|who|welche\w*|was|wie|wann|quel\w*|"
    r"comment|quand)\b)",
)
UNMARKED_Q = caseless(
    r"^(?:(?:how|what|when|where|why|who|which)\s+(?:(?!it\b|this\b|that\b)\w+\s+)?(?:do|does|did|can|could|will|would|"
    r"should|is|are|was|long|much|"
    r"many)\b|which of (?:the |these |those |our |your )?(?:\w+ ){0,2}(?:is|are|should|do|does|would|will)\b|"
    r"who (?:pays|covers|bears|handles|is responsible)\b|wer (?:zahlt|trägt|übernimmt|bezahlt)\b|"
    r"qui (?:paie|paye|prend en charge|règle|supporte)\b|"
    r"(?:do|does|did|can|could|is|are|was|were|has|have|will|would|should)\s+(?:we|you|i|it|this|they|the|our|my)\b|"
    r"(?:wie|was|wann|wo|warum|wer|welche\w*)\s+\w+\s+(?:wir|ich|man|es|sie|das)\b|"
    r"(?:kann|können|muss|müssen|ist|sind|gibt|geht|bekommen|dürfen)\s+(?:wir|ich|man|es|das)\b|"
    r"(?:ob|whether)\s+\w+\s+\w+|"  # "Und ob man das Dezimaltrennzeichen einstellen kann.": still asking
    r"(?:comment|quand(?! (?:j'|je |on |nous |il |elle |ils |elles |l'|le |la |les ))|pourquoi|combien|où|"
    r"est-ce que|quel\w*)\b)",
)
#: A request that only points back: "das bitte prüfen", "check this", "regarder ça".
POINTER_ONLY = caseless(
    r"^(?:das|dies|es|this|that|it|ça|cela)\s+(?:bitte\s+)?\w+\s*[.!?]?$|"
    r"^\w+\s+(?:das|dies|es|this|that|it|ça|cela)(?:\s+bitte)?\s*[.!?]?$",
)
#: Where a long sentence turns to its question after a dash: "…, es fehlen 13,75 Stunden – können Sie das prüfen?"
TAIL_ASK = caseless(
    # "We have a client submission on Wednesday and I need …, so can you please escalate this today?" (not "…, so
    # could you tell me if that's possible?", which points back)
    r",\s+(?:so|and so|therefore|daher|deshalb|also|donc|alors)\s+(?=(?:can|could|would|will|können|könnten|würden|"
    r"pouvez|pourriez)\s)(?!.*,\s+(?:so|daher|donc)\s)"
    r"(?![^?]*\b(?:if|whether|ob|si) (?:that|this|it|das|dies|cela|ça|c'est)\b)|"
    r"\s[–—]\s+(?=(?:können|könnten|würden|kann|could|can|would|will|pouvez|pourriez|est-ce|how|what|when|why|which|"
    r"wie|was|wann|warum|welche\w*|comment|quand|pourquoi|quel\w*)\b)(?!.*\s[–—]\s)",
)
NEW_CLAUSE = caseless(r",\s+(?=(?:we|i|our|my|since|because|as|da|weil|denn|wir|ich|car|parce|nous|je)\b)|\s[-–—]\s")
#: A clause after the ask that explains it ("…, die ist bei uns verloren gegangen", "…, we have a workshop"):
#: the reply names the ask back, not the story around it.
TRAILING_WHY = caseless(
    # (", die Schwelle … hochzusetzen": an article before a noun, no relative clause)
    r"(?:,|\s?:)\s+(?:(?:die|der|das)(?!\s+(?-i:[A-ZÄÖÜ]))|which|who|because|since|as|da|weil|denn|qui|car|"
    r"parce que|puisque|ich|wir|i|we|"
    # "…, unsere Buchhaltung braucht das für den Kontenabgleich": why, not what ("…, notre comptable, comme …" stays)
    r"(?:unsere?|our)\s+\w+\s+(?:braucht|benötigt|needs|requires)|"
    r"je|und zwar|nous|damit|so that|afin que|pour que|dann (?:\w+ )?(?:ich|wir)|then (?:i|we)|alors (?:je|nous)|"
    r"sachant que|given that|knowing that|wobei|sonst|otherwise|sinon|andernfalls|statt|anstatt|instead of|"
    r"plutôt que|au lieu de)\s.*$|"
    r"\s+(?:parce que|because|weil|puisque)\s.*$|"  # (the reason, even without its comma)
    r"\s[–—]\s+(?=(?-i:[A-ZÄÖÜ])\w+\s+(?:ist|sind|is|are|est|sont|war|was)\b).*$",
)
#: Their deadline pointed back to at the start of a need: "Bis dahin brauche ich …", "By then we need …".
BY_THEN_LEAD = caseless(r"^(?:bis dahin|bis zu diesem (?:tag|termin|zeitpunkt)|by then|before then|d'ici là),?\s+")
#: What we do, asked at the end of a head before "so that …": "what you are doing", "ce que vous faites".
DOING_AT_END = caseless(r"\b(?:faites|comptez faire|allez faire|doing|will do|going to do|tun|unternehmen|machen)$")
TRAILING_PLEASE = caseless(
    r"[,\s]+(please|pls|plz|bitte|svp|s'il vous plaît|s'il vous plait|thanks|danke|merci)\s*([.!?]*)$"
)
#: A plan of theirs ahead, not an ask: "Next year we want to bring the warehouse team on too", "Ab Januar wollen wir
#: …", "L'année prochaine nous voulons …".
PLAN_AHEAD = caseless(
    r"^(?:next (?:year|month|quarter|spring|summer|autumn|fall|winter)|later this year|in (?:the )?(?:new year|q[1-4]|"
    r"20\d\d)|from (?:january|february|march|april|may|june|july|august|september|october|november|december|next)|"
    r"nächstes jahr|im nächsten jahr|ab (?:januar|februar|märz|april|mai|juni|juli|august|september|oktober|"
    r"november|dezember|nächstem|dem)|l'année prochaine|l'an prochain|à partir de (?:janvier|février|mars|avril|mai|"
    r"juin|juillet|août|septembre|octobre|novembre|décembre))\b(?:\s+[\w.]+){0,3}?,?\s+(?:(?:we|i|wir|ich|nous|on)\s+"
    r"(?:want|plan|intend|wollen|möchten|planen|voulons|souhaitons|prévoyons|veut|voudrait)|(?:wollen|möchten|planen|"
    r"will|möchte) (?:wir|ich))\b",
)
#: A first name said to a colleague before the ask ("Priya, can you pass this on to the vendor?").
VOCATIVE = re.compile(
    r"^(?!(?:Otherwise|Also|So|And|But|Then|Ok|Okay|Alternatively|Else|Sonst|Alternativ|Also|Und|Aber|Dann|Sinon|"
    r"Aussi|Alors|Donc|Bref|Et|Mais|Please|Bitte|Yes|No|Ja|Nein|Oui|Non|Hi|Hello|Hallo|Bonjour|Thanks|Danke|Merci)\b)"
    r"[A-ZÀ-Ý][a-zà-ÿ]+,\s+(?=(?i:can|could|would|will|please|kannst|könntest|peux|pourrais)\b)"
)
#: A lead that announces the questions after its colon: "What I'd like to know from them: did the limit change, is
#: it counted per token, and is there a bulk endpoint", "Was ich wissen möchte: …", "Ce que j'aimerais savoir : …".
KNOW_LEAD = caseless(
    r"^(?:what\s+)?(?:i|we)(?:'d| would)?\s+(?:like|want|love|need)\s+to\s+know(?:\s+from\s+(?:them|you))?\s*:\s*|"
    r"^(?:was\s+)?(?:ich|wir)\s+(?:gern(?:e)?\s+)?wissen\s+(?:möchte|möchten|will|wollen|muss|müssen)\s*:\s*|"
    r"^ce\s+que\s+(?:j'aimerais|je voudrais|nous aimerions|nous voudrions|je veux|nous voulons)\s+savoir\s*:\s*|"
    r"^(?:my|our|meine|unsere|mes|nos)\s+(?:questions?|fragen?)\s*:\s*|"
    # "Ich bitte um Auskunft darüber, welche Daten …, zu welchen Zwecken … und wie lange …"
    r"^.{0,20}?\b(?:ich bitte|wir bitten|bitte ich|bitten wir)\s+(?:Sie\s+)?um\s+Auskunft\s+darüber,\s*|"
    # "Für die Akte fehlen mir noch einige Angaben, nämlich in welchem Land …, wie …, ob …"
    r"^.{0,30}?\b(?:fehlen\s+(?:mir|uns)\s+(?:noch\s+)?(?:\w+\s+)?(?:angaben|informationen)|(?:i|we)\s+(?:still\s+)?"
    r"need\s+(?:some|a few|the following)\s+(?:details|information)|il\s+(?:me|nous)\s+manque\s+(?:encore\s+)?"
    r"(?:quelques|certaines)\s+(?:informations|précisions))\s*,?\s*(?:nämlich|namely|à savoir|:)\s*",
)
#: Where a run of questions after such a lead goes on to the next: ", is it counted …", ", and is there …".
NEXT_ASKED = caseless(
    r",\s+(?:(?:and|und|et)\s+)?(?=(?:(?:zu|für|in|an|mit|to|for|pour|dans)\s+)?(?:is|are|did|does|do|can|could|will|would|has|have|how|what|when|why|which|where|"
    r"whether|ist|sind|gibt|hat|haben|kann|können|wie|was|wann|warum|welche\w*|ob|est-ce|y a-t-il|comment|quand|"
    r"pourquoi|quel\w*)\b)",
)


#: "So has our IT technician.", "Neither does Firefox.": the same again, said short, not a question; "Should the
#: export prove to be at fault, we would …": a condition.
SO_HAS = caseless(
    r"^(?:so|neither|nor|and so)\s+(?:has|have|did|does|do|is|are|was|were|can|will)\b|"
    r"^(?:should|had|were)\s+[^,?]{5,80},\s+(?:we|i|you|please|then)\b"
)

#: Text they quote: an error message's "bitte versuchen Sie es später erneut" asks nothing of us.
QUOTED = re.compile(r'"[^"\n]{3,200}"|“[^”\n]{3,200}”|„[^“”\n]{3,200}[“”]|«[^»\n]{3,200}»')

#: "… mit folgenden Angaben", "… with the following details", "… comme suit": the details are below, not asked.
DETAILS_BELOW = caseless(
    r"\s+(?:(?:mit|with|avec) (?:den |the |les )?(?:folgenden|following|suivantes?) [\w-]+(?: "
    r"suivantes?)?|wie folgt|as follows|comme suit|ci-dessous|below|unten)$"
)

#: A sentence that only gives a value: "Kundennummer ist K-104528.", "Our customer number is 48213."
JUST_A_VALUE = caseless(r"^(?:\w+\s+){0,3}?\w*(?:nummer|number|numéro|id|ID)\s+(?:ist|is|est|lautet)\s+\S+\s*[.!]?$")

#: A short question that asks on its own ("Est-ce une erreur ?", "Why?"), not a narrowing ("au prorata ?").
ASKS_ITSELF = caseless(
    r"(?:est-ce|pourquoi|comment|quand|où|qui|quel\w*|combien|why|how|what|when|where|who|which|is|are|do|does|can|"
    r"warum|wie|was|wann|wo|wer|welche\w*|ist|sind|kann|gibt)\b",
)


#: "Kannst du das bitte mit Example klären?", "peux-tu voir avec eux ?": a colleague asked in a forwarded mail.
INFORMAL = {
    "de": re.compile(r"\b(?:du|kannst|könntest|dir|dich)\b", re.IGNORECASE),
    "fr": re.compile(r"\b(?:tu|peux-tu|pourrais-tu|toi)\b", re.IGNORECASE),
}
#: Saying "Sie" or "vous" to us (capitalised "Sie" inside a sentence is the polite you).
FORMAL = {"de": re.compile(r"(?<!^)(?<![.!?]\s)\b(?:Sie|Ihnen|Ihre[mnrs]?)\b"), "fr": re.compile(r"\bvous\b", re.I)}
NEVER = re.compile(r"(?!)")


#: The word that joined the next item or ask, left at the end: "…, und", "…, and?".
JOINED_ON = re.compile(r"[\s,]+(?:and|und|et|sowie|or|oder|ou)(\??)$", re.IGNORECASE)
#: An indirect question without its lead, as a list item starts one: "whether …", "ob …", "si …".
WHETHER = caseless(r"^(?:whether|if|ob|si|s'il)\s")
#: A two-word request that says what they want done: "escalate this", "check it" (named back although short).
DO_IT = re.compile(r"^[a-zäöüéè]{4,} (?:this|it|that|them|das|es|dies|ça|cela)$")
#: A link and the word that leads to it, inside a request: "unter https://portal…/7731", "at https://…".
AT_LINK = caseless(r"\s(?:(?:unter|at|on|via|here|hier|sur|à l'adresse|à|auf)\s+)?<?https?://\S+?>?(?=[\s,;]|$)")
#: A line that goes on with the request above it: "1. den Betrag erneut einziehen" / "oder mir Bescheid geben".
GLUE_ON = re.compile(r"^(?:oder|und|bzw\.?|sowie|or|and|ou|et)\s")
#: A short question about what is needed, whose purpose clause says for what: "Was braucht ihr von mir, damit …?".
NEEDED_FOR = caseless(r"\b(?:brauch\w*|benötig\w*|need|needs|besoin)\b")
#: A German relative clause set off by commas inside a question whose verb comes after it: dropped, the verb kept.
INNER_RELATIVE = re.compile(r",\s(?:die|der|das|welche[rs]?|den|dem|deren|dessen)\s[^,?()]{3,80},\s(?=\w[^?]*\?$)")
#: A connector before the ask itself: "Par ailleurs, pourriez-vous …", "also send …".
CONNECTOR = caseless(r"^(?:also|additionally|furthermore|auch|außerdem|zudem|ebenfalls|aussi|également|"
                      r"par ailleurs|en outre|d'autre part|de plus)\s*,?\s+")  # fmt: skip
#: A sentence that ends in its ask, the list after it saying what: "… und bitten Sie" / "1. um …", "we ask you" /
#: "1. to confirm …", "nous vous demandons" / "1. de confirmer …".
ASK_AT_END = caseless(r"\b(?:(?:bitten|bitte|ersuchen)\s+(?:wir\s+|ich\s+)?(?:Sie|euch)"
                      r"(?:\s+(?:daher|deshalb|hiermit))?(?:\s+um)?|(?:ask|request)(?:\s+you)?|"
                      r"(?:vous\s+)?(?:demandons|demande|prions)|"
                      # "Ich erwarte" over a list of what they expect: each item is asked of us
                      r"(?:ich|wir) erwarten?|erwarten? (?:ich|wir)|(?:i|we) expect|j'attends|"
                      r"nous attendons)\s*$")  # fmt: skip
#: What the item of such a list keeps of the sentence before it: "um", "to", "for", "de".
ITEM_GLUE = caseless(r"^\s*(?:[-*•–]|\(?\d{1,2}[.)]|\(?[a-h]\))?\s*(?:um|to|for|de|d')\s+(?=\w)")
#: A hedge inside a request, dropped: "… et de m'indiquer, le cas échéant, quelles données …".
ASK_ASIDE = caseless(
    r",\s*(?:le cas échéant|si possible|if applicable|where applicable|if possible|gegebenenfalls|"
    r"ggf\.|falls möglich|wenn möglich)\s*,\s*",
)
#: The law an ask rests on, said before it without a comma: "Under GDPR I want a copy of …".
LEGAL_BASIS = caseless(r"^(?:under|per|as per|according to|pursuant to|in accordance with|gemäß|laut|nach|"
                        r"conformément à|en vertu de|selon)\s")  # fmt: skip
#: A clause said with "zu" (", den Login wieder einzuschalten,"): what a question is about, no relative clause.
ZU_INFINITIVE = re.compile(r"(?:\bzu \w+|\w+zu\w+en),\s$")
#: A request ending on whom it goes to, given on the next line: "… reissue it to:", "… ausstellen auf:", "… à :".
TO_BELOW = caseless(r"\b(?:to|an|à|au nom de|in the name of)\s*:$")
#: The colleague's own in a forwarded list: "à ta place pendant ton congé", "für dich", "deine Rechnungen".
YOURS = caseless(r"\b(?:ta|ton|tes|toi|dein\w*|dir|dich)\b|\bt'")
#: A preposition or conjunction left at the end of a cut clause: "… doit devenir administrateur à".
DANGLING = caseless(r"\s+(?:à|au|de|du|pour|avec|et|ou|an|für|mit|und|oder|statt|to|for|with|and|or|in|"
                     r"instead of|anstelle|plus|nicht mehr|no longer|not)\s*$")  # fmt: skip
CHOICE = caseless(r",?\s(?:or|oder|ou)\s(?:only |nur |seulement |just )?\w+(?: \w+)?\s?\?$")
IF_LEAD = caseless(r"(?:if|unless|wenn|falls|sofern|si|sauf si)\b")
I_WISH = caseless(r"(?:je|j'|nous|i|we|ich|wir)\b")
BUT_WISH = caseless(r",?\s+(?:but|aber|mais)\s+")
THEREFORE = caseless(r"[\s,]+(?:donc|so|daher|deshalb|deswegen|c'est pourquoi|that's why)\s+")


#: Why they ask, then the asking words mid-sentence: "im Rahmen der jährlichen Lieferantenprüfung ersuchen wir Sie, "
ASKED_AFTER_WHY = caseless(
    r"^[^,?]{10,100}?\b(?:ersuchen|bitten|ersuche|bitte) (?:wir|ich) (?:Sie|euch),?\s+(?:darum,?\s+)?(?=\w)|"
    # "Nach Abschluss der Datenübernahme bitten wir darüber hinaus um die vollständige Löschung …": the request
    r"^[^,?]{10,100}?\b(?:bitten|ersuchen) (?:wir|ich)(?: (?:darüber hinaus|außerdem|zudem|ferner|auch|daher|"
    r"deshalb|ebenfalls))* um\s+(?=\w)|"
    # a colleague's request they pass on: "notre administratrice me demande un court rapport d'incident écrit",
    # "our MD has asked me for a written incident report", "die Geschäftsführung bittet mich um einen Bericht"
    r"^(?:[^,?]{0,20},\s*)?(?:my|our|mon|ma|notre|nos|mein\w*|unser\w*|die|der)\s+[^,?]{2,40}?\s+"
    r"(?:(?:me|nous) (?:demande|demandent|réclame|réclament)|(?:has |have )?asks? (?:me|us) for|(?:has|have) asked "
    r"(?:me|us) for|(?:bittet|bitten|hat) (?:mich|uns) (?:(?:gebeten )?um|nach)|"
    r"(?:möchte|will|braucht) von (?:mir|uns))"
    r"\s+(?=(?:un|une|le|la|les|des|a|an|the|einen?|eine[mnr]?|den|die|das)\b)|"
    r"^(?:(?:außerdem|zudem|auch|dazu|ferner|und)\s+)?(?:bittet|bitten) (?:mich|uns) (?:mein\w*|unser\w*|die|der)\s+"
    r"[^,?]{2,40}?\s+um\s+(?=(?:einen?|eine[mnr]?|den|die|das)\b)"
)
#: Their reason said after a colon at the end of a request: "… (M. Marchal, parti à la retraite) : c'est moi votre
#: seul interlocuteur désormais", "…: I am your only contact now", "…: das bin ab jetzt ich".
REASON_AFTER_COLON = caseless(
    r"\s?:\s+(?:c'est|ce sera|il est|elle est|this is|that is|it is|it's|i am|i'm|we are|das ist|das bin|ich bin|"
    r"wir sind|je suis|nous sommes)\b[^:]*$"
)
#: A list of reasons, not of requests: "pour les motifs suivants :", "aus folgenden Gründen:", "for two reasons:".
REASONS_LEAD = caseless(
    r"\b(?:(?:motifs?|raisons?)\s+suivant\w*|(?:pour|for|aus)\s+(?:les\s+|the\s+)?(?:following|folgenden|deux|trois|"
    r"two|three|zwei|drei)\s+(?:motifs|raisons|reasons|gründen)|following reasons|folgenden gründen)\b"
)
#: What happened, told before a wish: "since Friday our integration has been having a rough time", "seit Montag
#: ist der Export leer", "depuis lundi, l'export est vide".
TOLD = caseless(r"^(?:since|seit|depuis)\b|\b(?:has|have|had) been\b|\b(?:hat|haben) (?:\w+ )?(?:ge\w+t|ge\w+en)\b")
#: A condition before the ask: "If replaying has a rate limit, please tell me …", "Falls es ein Limit gibt, …".
CONDITION_FIRST = caseless(r"^(?:if|wenn|falls|si|s')\s?[^,?]{3,60},")
#: What stands for the thing the condition names: "what we should do instead", "was wir stattdessen tun sollen".
INSTEAD = caseless(r"\b(?:instead|stattdessen|statt dessen|à la place|plutôt)\b")
#: A pronoun that needs the condition before it to be understood: "what it is", "wie hoch es ist".
PRONOUN = caseless(r"\b(?:it|that|this|es|das|ça|cela|celle-ci|celui-ci)\b")
#: Their purpose after the question: "… so I don't get us blocked?", "… damit wir nicht gesperrt werden?".
WHY_AFTER = caseless(
    r"\s+(?:so (?:that )?(?:i|we) (?:don't|do not|can|won't)|damit (?:ich|wir)|pour (?:que|ne pas))\b[^?]*\?$"
)
#: A second thing asked for in the same request: "…, zusammen mit der Liste …", "…, ainsi que la liste …".
ALSO_ASKED = re.compile(
    r",\s+(?:zusammen mit|gemeinsam mit|ainsi que|as well as|along with|together with)\s", re.IGNORECASE
)
