"""Questions asked as statements, and where the question starts: "I'd like to know whether …", "Bitte teilen Sie mir
mit, ob …", "j'aimerais savoir si …" at the start; "…, wäre ich Ihnen dankbar, wenn Sie mir mitteilen könnten, in
welchen Ländern …" or "… et je me demande si …" deep in a long sentence; "If there is a workaround, we'd take
it"; and the topics listed after a lead that names them ("Les points qui nous importent le plus sont : …"). Pure.
"""

from __future__ import annotations

import re

from ..caseless import caseless
from . import clauses

#: What an indirect question's lead is followed by: a question word, perhaps after a preposition ("in welchen")
#: or a short aside ("j'aimerais savoir à cette occasion si …", "I'd like to know in this context whether …").
_ASKED_NEXT = (
    r"(?:(?:à cette occasion|par la même occasion|dans ce cadre|au passage|en outre|on this occasion|"
    r"in this context|while we are at it|by the way|in diesem zusammenhang|bei dieser gelegenheit|dabei|außerdem|"
    r"d'une part|d'abord|tout d'abord|on the one hand|first(?:ly)?|einerseits|zum einen|zunächst)"
    r"\s*,?\s*)?"
    # "je veux savoir concrètement d'où …", "I want to know exactly where …"
    r"(?:(?:concrètement|précisément|exactement|exactly|precisely|genau|konkret)\s*,?\s+)?"
    # "ce que je voudrais surtout savoir, c'est s'il existe …", "what I really wondered is whether …"
    r"(?:(?:c'est|is|was)\s+)?"
    # "sous quel délai", "en combien de temps", "jusqu'à quand", "bis wann", "ab wann", "by when"
    r"(?=(?:(?:zu|an|in|mit|für|bei|von|über|aus|bis|ab|to|for|with|from|on|by|until|within|à|pour|de|dans|par|"
    r"avec|sous|en|jusqu'à|d'ici|à partir de)\s+|jusqu')?"
    r"(?:wie|was|warum|wann|ob|wo|woher|weshalb|wieso|woran|welche\w*|how|why|what|when|whether|if|where|which|"
    r"who|si|s'il|pourquoi|comment|quand|combien|où|d'où|quel\w*|qui|ce que|ce qui)\b)"
)
#: "Außerdem möchte ich wissen, wie …", "I'd like to know whether …", "j'aimerais savoir si …": a question asked
#: as a statement; what follows the lead is the question.
_INDIRECT = caseless(
    r"^.{0,40}?\b(?:(?:möchte|möchten|würde|würden|will|wollen) (?:ich|wir) (?:(?:gern(?:e)?|auch|noch|außerdem|"
    r"zudem|ebenfalls) ){0,2}wissen|"
    r"(?:ich|wir) (?:möchte|möchten|würde|würden|will|wollen) (?:(?:gern(?:e)?|auch|noch|außerdem|zudem|ebenfalls) )"
    r"{0,2}wissen|(?:pourriez|pouvez)[- ]vous (?:me|nous) (?:dire|indiquer|préciser)|tu sais|savez-vous|vous savez|"
    r"(?:kannst du|könntest du|könnt ihr|könntet ihr) (?:mir|uns) sagen|(?:peux|pourrais)-tu me dire|"
    # "Könnt ihr mal nachsehen, ob bei euch Zustellfehler geloggt sind?"
    r"(?:könnt|könntet|können|könnten) (?:ihr|sie) (?:(?:mal|bitte|kurz|auch|noch) )*(?:nachsehen|nachschauen|prüfen|"
    r"checken|schauen)(?=,? ob\b)|"
    r"(?:i|we) should (?:also )?like to know|"
    # "I should also be glad to understand whether …", "we'd be grateful to know whether …"
    r"(?:i|we) (?:should|would|'d) (?:also )?be (?:glad|grateful|pleased|happy|keen) to (?:know|understand|learn|hear)|"
    # "J'aurais aussi voulu savoir si …", "Ich hätte gern gewusst, ob …", "I wanted to know whether …"
    r"(?:j'|nous )(?:aurais|aurions) (?:\w+ )?(?:voulu|aimé) savoir|(?:ich|wir) hätten? (?:\w+ )?gern(?:e)? gewusst|"
    r"(?:i|we) (?:also )?wanted to know|"
    r"(?:ich|wir) wüssten? (?:\w+ ){0,2}?gern(?:e)?|wüssten? (?:ich|wir) (?:\w+ ){0,2}?gern(?:e)?|"
    r"(?:je souhaiterais|je voudrais|j'aimerais|nous souhaiterions|nous voudrions|nous aimerions) (?:par ailleurs |"
    r"en outre |aussi |également |donc )+savoir|"
    # "Nous aurions besoin de savoir, d'une part, où …", "we need to know", "wir müssten wissen, ob …"
    r"(?:nous aurions|j'aurais|nous avons|j'ai) (?:\w+ )?besoin de (?:savoir|connaître)|(?:wir|ich) müssten? wissen|"
    r"tell (?:me|us)|"
    r"let (?:me|us) know(?= (?:whether|which|how|when|what|why|where|who|if(?! you\b| there(?:'s| is) anything\b))\b)|"
    r"sagen sie (?:mir|uns)(?: (?:bitte|auch|noch|außerdem|kurz|doch))*|(?:dites|indiquez|précisez)-(?:moi|nous)"
    # "Dites-moi tout de suite si c'est un incident général …": the question after how soon
    r"(?: (?:tout de suite|rapidement|vite|au plus vite|aussi|également|simplement|déjà|svp|s'il vous plaît))?|"
    r"(?:mir|uns) (?:(?:bitte|noch|kurz|mal|auch) )*(?:sagen|mitteilen|erklären|bestätigen)|"
    r"(?:ich|wir) (?:würde|würden|möchte|möchten) (?:(?:gern(?:e)?|auch|noch) ){0,2}verstehen|"
    # "Ich bitte um Mitteilung, welche Daten …, zu welchen Zwecken … und ob …": asking to be told, the questions after
    r"(?:(?:ich|wir) (?:bitte|bitten|ersuche|ersuchen) (?:sie )?(?:\w+ )?)?um (?:\w+ )?(?:mitteilung|auskunft|angabe|"
    r"information|bestätigung)(?: darüber)?|(?:i|we) (?:request|ask for) (?:information|confirmation|details) "
    r"(?:on|about|as to|of)|"
    # "Außerdem wäre gut zu wissen, ob wir auf Rechnung zahlen können", "it would be good to know whether …"
    r"(?:es )?wäre (?:(?:auch|noch) )?(?:gut|schön|hilfreich|wichtig) zu wissen|"
    r"it would be (?:good|helpful|great|useful) to know|(?:il )?serait (?:bien|bon|utile) de savoir|"
    # a colleague's question passed on: "Our treasurer has also asked if we could pay by bank transfer …",
    # "Unser Kassenwart fragt, ob …", "notre trésorier demande si …"
    r"(?:our|my) (?:\w+ ){1,2}(?:has )?(?:also )?(?:asked|asks|wants to know|would like to know|wondered)"
    r"(?= (?:if|whether)\b)|(?:unser|unsere|mein|meine) (?:\w+ ){1,2}(?:hat )?(?:auch |außerdem |noch )?"
    r"(?:fragt|gefragt|möchte wissen)(?=,? ob\b)|"
    r"(?:notre|mon|ma) (?:\w+ ){1,2}(?:nous )?(?:a )?(?:aussi |également )?(?:demande|demandé|voudrait savoir)"
    r"(?= si\b)|"
    # "Ich weiß nicht, ob Sie dafür die Zustimmung meines früheren Arbeitgebers brauchen": a question
    r"(?:ich weiß|wir wissen) (?:auch )?nicht(?: genau)?|was (?:ich|wir) nicht (?:weiß|wissen),?|"
    r"(?:i|we) (?:don't|do not) (?:really )?know|"
    # "Ich habe nicht herausgefunden, ob …", "I couldn't work out whether …", "je n'ai pas trouvé si …"
    r"(?:ich habe|wir haben) (?:noch )?nicht herausgefunden|(?:i|we) (?:couldn't|could not|can't|cannot) "
    r"(?:find out|figure out|work out|tell)|(?:je n'ai|nous n'avons) pas (?:réussi à )?(?:trouvé|compris|savoir)|"
    r"je ne sais pas|nous ne savons pas|"
    r"(?:würde|würden) (?:mich|uns) (?:(?:auch|noch|außerdem|zudem|ebenfalls|besonders) ){0,2}interessieren|"
    r"(?:mich|uns) (?:würde|würden) (?:(?:auch|noch|außerdem|zudem|ebenfalls|besonders) ){0,2}interessieren|"
    r"(?:mich|uns) interessiert (?:(?:auch|noch|außerdem|zudem|ebenfalls|besonders) ){0,2}|"
    r"interessiert (?:mich|uns)|frage (?:ich|mich)|"
    # a colleague's question they pass on: "Mon directeur me demande si …", "our CFO asked me whether …"
    r"(?:me|nous) demande(?:nt)?(?= si\b| s'| quand\b| comment\b| pourquoi\b| combien\b)|"
    r"(?:has |have )?asked (?:me|us)(?= whether\b| if\b| when\b| how\b| why\b)|asks (?:me|us)(?= whether\b| if\b)|"
    r"(?:(?:fragt|fragen)(?: (?:mich|uns))?|(?:hat|haben) (?:mich|uns) gefragt)(?=,? (?:ob|wann|wie|warum|weshalb)\b)|"
    # "Ich wollte fragen, ob …", "I wanted to ask whether …", "je voulais vous demander si …"
    r"(?:ich|wir) (?:wollte|wollten|möchte|möchten) (?:(?:Sie|euch|gern(?:e)?|mal|noch|auch|kurz) ){0,2}fragen|"
    r"(?:i|we) (?:wanted|want|would like|'d like) to ask(?: you)?|(?:je|nous) (?:voulais|voulions|voudrais|voudrions) "
    r"(?:vous )?demander|"
    r"(?:i|we)(?:'d| would) (?:also )?(?:like|want|need) to (?:know|understand)|"
    r"(?:i|we) (?:(?:also|really|just|still|urgently|definitely) )?(?:want|need) to (?:know|understand)|"
    r"(?:i(?:'m| am)|we(?:'re| are)) wondering|(?:i|we) wonder|"
    r"(?:ich|wir) (?:muss|müssen) (?:auch |also |nur |jetzt )?wissen|(?:j'ai|nous avons) besoin de savoir|"
    # "Je me demandais aussi s'il était possible …", "I was wondering whether …", "Ich habe mich gefragt, ob …"
    r"(?:je me demandais|nous nous demandions|(?:i|we) (?:was|were) (?:also )?wondering|(?:ich habe|wir haben) "
    r"(?:mich|uns) (?:\w+ )?gefragt)(?: (?:aussi|également|also|auch))?|"
    r"(?:j'ai|nous avons) (?:également |aussi |notamment |surtout |donc |en particulier )?besoin de savoir|"
    r"(?:il me|il nous) faut savoir|(?:nous devons|je dois) (?:\w+ )?savoir|"
    r"(?:also )?ask (?:them |you )?|fragen sie(?:,)?|demandez(?:-leur|-lui)?|demande(?:-leur|-lui)|"
    r"(?:bitte )?teilen sie (?:mir|uns) (?:(?:bitte|kurz|auch|noch|außerdem|ebenfalls|zudem) )*mit|"
    r"m'indiquer|me dire|me préciser|nous indiquer|"
    r"nous dire|nous préciser|"
    r"(?:j'aimerais|je voudrais|nous aimerions|nous voudrions|je souhaite|nous souhaitons|je souhaiterais|"
    r"nous souhaiterions|je veux|nous voulons) (?:aussi |également |donc )?(?:savoir|comprendre))\s*,?\s*"
    + _ASKED_NEXT,
)
#: A lead anywhere in a long sentence: "…, wäre ich Ihnen dankbar, wenn Sie mir mitteilen könnten,
#: in welchen Ländern …", "I would be grateful if you could confirm whether …", "je vous serais reconnaissant de
#: bien vouloir m'indiquer si …".
ASKED_INSIDE = caseless(
    # "Ferner wären wir Ihnen für eine Auskunft dankbar, ob …", "grateful for confirmation of whether …"
    r"(?:\b(?:für (?:eine|die|ihre) (?:kurze )?(?:auskunft|info(?:rmation)?|rückmeldung|bestätigung)|for (?:a )?"
    r"(?:confirmation|clarification)(?: of)?) (?:dankbar|grateful)?|"
    r"\b(?:dankbar|verbunden|grateful|appreciate it|reconnaissante?s?|obligée?s?)\b[^.?!]{0,12}?,?\s*"
    r"(?:wenn|falls|if|de|d')\s*"
    r"(?:Sie|you|vous)?\s*(?:(?:could|would|can|bien vouloir)\s+)?(?:mir|uns|me|us|m'|nous)?\s*"
    r"(?:mitteilen|sagen|nennen|bestätigen|tell|let (?:me|us) know|confirm|explain|indiquer|préciser|dire|confirmer)"
    r"\s*(?:(?:me|us|mir|uns)\s*)?(?:könnten|würden)?|"
    # "…, et je me demande si les entrées en cours …": wondering aloud, deep in a long sentence
    # "…, wobei ich nicht sicher bin, ob das ein Fehler ist": unsure aloud, a question
    r"\b(?:(?:ich bin|wir sind) (?:mir |uns )?(?:nicht|nie) (?:ganz )?sicher|(?:bin|sind) (?:ich|wir) (?:mir |uns )?"
    r"(?:nicht|nie) (?:ganz )?sicher|(?:ich|wir) (?:mir |uns )?(?:nicht|nie) (?:ganz )?sicher (?:bin|sind)|"
    r"(?:i'm|i am|we're|we are) not (?:quite |entirely )?sure|"
    # "…, aber keine Ahnung, ob das gespeichert ist", "no idea whether it saved": not knowing aloud, a question
    r"(?:keine|no|aucune) (?:ahnung|idea|idée)|"
    r"je ne suis pas (?:tout à fait )?sûre?|nous ne sommes pas (?:tout à fait )?sûrs)\b[^.?!]{0,3}?|"
    r"\b(?:je me demandais|je me demande|nous nous demandions|nous nous demandons|"
    r"(?:i|we)(?:'m| am|'re| are|was|were)? (?:also )?wondering|(?:i|we) (?:also |really |just )?wondered(?: is| was)?|"
    r"ich frage mich(?: (?:langsam|ernsthaft|wirklich|schon|manchmal|inzwischen|auch|natürlich))?|"
    r"wir fragen uns|(?:also )?wondering|"
    # "Außerdem – und ich hoffe, die Frage ist nicht unverschämt – würde mich interessieren, ob …"
    r"(?:würde|würden) (?:mich|uns) (?:(?:auch|noch|außerdem|zudem|ebenfalls|besonders) ){0,2}interessieren|"
    # "Ich wollte deshalb vorsichtig nachfragen, ob …", "I wanted to ask whether …", "je voulais vous demander si …"
    r"(?:wollte|möchte|würde gern(?:e)?) (?:\w+ ){0,3}?(?:nachfragen|anfragen|fragen)|"
    r"(?:i|we) (?:wanted|want|would like) to (?:\w+ )?ask|je voulais (?:vous )?(?:\w+ )?demander|"
    # "…; à ce titre, j'aimerais savoir si vous proposez une remise …": wanting to know, deep in a long sentence
    r"(?:j'aimerais|je voudrais|je souhaiterais|nous aimerions|nous voudrions|nous souhaiterions) (?:\w+ )?"
    r"(?:savoir|comprendre)|"
    r"(?:i|we)(?:'d| would) (?:also )?(?:like|want|need) to (?:know|understand)|"
    r"(?:ich|wir) (?:möchte|möchten|würde|würden) (?:(?:aber|auch|trotzdem|schon|doch) )?(?:gern(?:e)? )?"
    r"(?:wissen|verstehen)|"
    r"wüssten? (?:ich|wir) (?:\w+ )?gern(?:e)?|(?:ich|wir) wüssten? (?:\w+ )?gern(?:e)?|"
    r"(?:ich|wir) gern(?:e)? wüssten?|"
    # "Außerdem überlegen wir, ob sich die jährliche Zahlung lohnt": weighing it up aloud, a question
    r"überlegen (?:wir|ich)|(?:wir|ich) überlegen?|(?:we're|we are|i'm|i am) (?:considering|weighing up|debating)|"
    r"nous (?:nous )?demandons|nous hésitons|(?:nous devons|je dois) (?:notamment |aussi |surtout )?savoir|"
    r"(?:wir müssen|ich muss) (?:vor allem |auch |insbesondere )?wissen|(?:we|i) (?:also |especially )?need to know))"
    r"\s*,?\s*" + _ASKED_NEXT,
)
#: "Falls es einen Workaround gibt, nehmen wir den gern", "If there is a workaround, we'd take it": asks whether
#: there is one.
IF_THERE = (
    (re.compile(r"^(?:[^,]{3,40},\s*)?(?:falls|wenn|sofern) es (.{3,80}?) gibt\b", re.IGNORECASE), "gibt es {}?"),
    (re.compile(r"^if there(?:'s| is| are) (.{3,80}?)(?:,|$)", re.IGNORECASE), "is there {}?"),
    (re.compile(r"^(?:et )?s'il (?:existe|y a) ([^(]{3,80}?)(?:\s*\(|,|$)", re.IGNORECASE), "y a-t-il {} ?"),
    # a wish put as a condition: "If the limit can be raised for the nightly window, that would also work for us"
    (re.compile(r"^(?:(?:anyway|also|and|oh and|plus)\s*,?\s+)?if (.{5,120}?),? (?:that|this|it) would "
                r"(?:also |really |certainly )?(?:work|help|solve|"
                r"be (?:a |the )?(?:great|ideal|perfect|fine|helpful|big help|best|easiest))", re.IGNORECASE),
     "whether {}?"),
    (re.compile(r"^(?:wenn|falls) (.{5,120}?),? (?:wäre|würde) (?:uns )?(?:das|es) (?:uns )?(?:auch |schon )?"
                r"(?:super|toll|ideal|perfekt|hilfreich|eine große hilfe|helfen|reichen|genügen)", re.IGNORECASE),
     "ob {}?"),
    # "… donc si vous avez un appareil de prêt en attendant je suis preneur": asks whether they have one
    (re.compile(r"^(?:.{0,120}?\b(?:donc|alors)\s+)?si vous (?:avez|auriez) (.{3,80}?),? (?:je suis preneu[rs]e?|"
                r"nous sommes preneurs|je prends|ça m'arrangerait|cela m'arrangerait)", re.IGNORECASE),
     "avez-vous {} ?"),
    (re.compile(r"^(?:.{0,120}?\b(?:so|then)\s+)?if you (?:have|had) (.{3,80}?),? (?:i'd|i would|we'd|we would) "
                r"(?:take|gladly take|love|appreciate) (?:it|one|that)", re.IGNORECASE), "do you have {}?"),
    (re.compile(r"^(?:.{0,120}?\b(?:daher|deshalb|also)\s+)?(?:wenn|falls) sie (.{3,80}?) haben,? (?:nehme ich|nehmen "
                r"wir) (?:das|es|ihn|sie|eins|gern)", re.IGNORECASE), "haben Sie {}?"),
    (re.compile(r"^si (.{5,120}?),? (?:ce serait|cela serait|ça serait|cela nous (?:aiderait|irait)|"
                r"ça nous (?:aiderait|irait)|cela nous conviendrait)", re.IGNORECASE), "si {} ?"),
)  # fmt: skip


def indirect_lead(text: str) -> re.Match[str] | None:
    """The lead of an indirect question in ``text`` (what follows it is the question), or None."""
    return _INDIRECT.match(text) or ASKED_INSIDE.search(text)


#: "The points that matter most to us are: A, B and C", "Wichtig sind uns vor allem diese Punkte: A, B, C": the
#: topics they want answered, listed after a lead that names them as points, questions or topics.
_TOPIC_LEAD = caseless(
    # (plural: "Ma question est plutôt commerciale : on est sur …" says what kind, then tells)
    r"^[^:?]{0,80}?\b(?:points|questions|topics|subjects|aspects|sujets|éléments|punkte|themen|fragen|"
    r"aspekte)\b[^:?]{0,60}:\s+(?P<rest>[^?]+?)[.!]?$",
)
_TOPIC_SPLIT = re.compile(r",\s+(?:(?:and|und|et|sowie)\s+)?|;\s+")


def topic_list(sentence: str) -> list[str]:
    """The topics a sentence lists after a lead naming them (two or more, of two words or more), else []."""
    found = _TOPIC_LEAD.match(sentence)
    if not found:
        return []
    items = [i.strip(" ,;") for i in _TOPIC_SPLIT.split(clauses.ASIDE.sub("", found["rest"]))]
    # a topic is a phrase ("the location of your data centres", "backup retention"), not a bare name ("Chrome 120")
    items = [i for i in items if len(i.split()) >= 3 or (len(i.split()) == 2 and i.split()[1].isalpha() and
                                                         not any(c.isdigit() for c in i))]  # fmt: skip
    return items if len(items) >= 2 else []


#: "Für uns ist vor allem wichtig: Tauschen Sie … aus?": the question after its lead (not "comment procéder à
#: l'effacement : pouvons-nous …?", nor "les conditions si nous nous engageons sur deux ans : un rabais …?").
COLON_LEAD = caseless(
    # (a lead that is a question itself: "Qui peut les consulter : les chefs d'équipe, la direction … ?")
    r"^(?!(?:comment|how|wie|what|was|quand|when|wann|pourquoi|why|warum|où|where|wo|qui|who|wer|which|welche\w*|"
    r"quel\w*|combien)\b)"
    # (a condition belongs to the question; so does "je souhaiterais savoir comment … : par virement ou …?")
    r"(?![^:?]*\b(?:si|if|wenn|falls|when|quand|savoir|wissen|know|comment|wie|how)\b)[^:?]{3,160}:\s+"
    r"(?=\S+(?:\s+\S+){3,}\s?\?\s*$)",
)
#: What they want, before the colon that leads to its question: "je souhaiterais reprendre les droits : …".
WANT_TO = caseless(
    r"\b(?:souhaiterais|voudrais|aimerais|souhaite|veux|möchte|möchten|würde gern|would like to|"
    r"want to|wish to)\s+"
)
#: A question that points back at what the colon led in with: "… pour cela ?", "… dafür?", "… for that?".
FOR_THAT = caseless(r"\b(?:pour (?:cela|ça|ceci)|dafür|hierfür|for (?:that|this)|à cet effet)\s?\?\s*$")
#: A topic named before the question ("Letzter Pentest: wann …?", "Data location: EU only?"): up to three words.
TOPIC_LABEL = caseless(
    r"^(?!(?:quick |kurze |petite |two |three |a few |zwei |drei |ein paar |deux |trois |quelques |\d )?"
    r"(?:questions?|fragen?)\b)\S+(?:\s\S+){0,2}:\s+$"
)
