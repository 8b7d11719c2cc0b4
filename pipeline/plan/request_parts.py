"""Where one request goes on to a second thing, or leads up to its ask: "… et de m'indiquer quelles …", "…, und
stellen Sie mir eine Kopie … zur Verfügung", "If you want to keep us I expect …", "…, schicken Sie mir einfach das
Formular". Compiled word patterns only; ``asks`` cuts a request with them.
"""

from __future__ import annotations

from ..caseless import caseless

#: A need said after what led to it: "… en Californie et il nous faut le correctif", "… and we need a fix".
AND_NEED = caseless(
    r"\s(?:et|and|und)\s+(?=il (?:nous|me) (?:le |la |les )?faut\b|(?:we|i) (?:really |urgently )?need\b|"
    r"(?:wir|ich) (?:brauchen|brauche|benötigen|benötige)\b)"
)

#: Where a formal request asks a second thing: "… et de m'indiquer quelles …", "… and to tell us which …".
AND_TO = caseless(
    r"\s+(?:et de|et d')\s*(?=(?:m'|me |nous |vous |[a-zéè]+(?:er|ir|re)\b))|"
    r"\s+and to (?=(?:tell|let|confirm|send|explain)\b)|"
    # "… m'indiquer la différence de prix …, et me dire si le paiement sur facture est possible"
    r",?\s+et (?=(?:me|nous) (?:dire|indiquer|préciser|confirmer)\s+(?:si|s'il|quel\w*|comment|combien|quand|où)\b)|"
    r",?\s+and (?=(?:tell|let) (?:me|us)(?: know)? (?:whether|if|which|how|when|what)\b)|"
    # "J'aimerais comprendre la différence …, et savoir s'il est possible d'ajouter …", "… and to know whether …"
    r",?\s+et (?=savoir\s+(?:si|s'il|quel\w*|comment|combien|quand|où)\b)|"
    r",?\s+and (?=(?:to )?(?:know|understand) (?:whether|if|which|how|when|what)\b)|"
    r",?\s+und (?=(?:zu )?wissen,? (?:ob|wie|wann|welche\w*|was)\b)",
)
#: "…, et idéalement il faudrait refaire la facture F-2026-1187": a second thing to do.
#: "…, und stellen Sie mir eine Kopie dieser Daten zur Verfügung", "…, and send me a copy": a second request.
#: "savoir s'il …", "to know whether …" after "and": what the first part's "I would like" asks next.
BARE_KNOW = caseless(
    r"^(?:savoir|(?:to )?know|(?:to )?understand|(?:zu )?wissen,?)\s+(?=(?:si|s'il|quel\w*|comment|combien|quand|où|"
    r"whether|if|which|how|when|what|ob|wie|wann|welche\w*|was)\b)"
)
AND_DO = caseless(
    r",\s+und\s+(?=(?:stellen|senden|schicken|geben|nennen|teilen|übermitteln|löschen|bestätigen)\s+Sie\b)|"
    r",\s+and\s+(?=(?:send|provide|give|delete|share|confirm)\s+(?:me|us)\b)|"
    r",\s+et\s+(?=(?:envoyez|transmettez|fournissez|supprimez|confirmez)-(?:moi|nous)\b)|"
    # "… gelöscht werden, und dafür brauchen wir eine schriftliche Bestätigung": what they need for it, a second ask
    r",\s+und\s+(?=(?:dafür|dazu|außerdem|zudem|auch)\s+(?:brauchen|benötigen|bräuchten|brauche|benötige)\s+"
    r"(?:wir|ich)\b)|"
    r",\s+and\s+(?=(?:for (?:that|this)|also),?\s+(?:we|i) (?:need|would need|'d need)\b)|"
    r",\s+et\s+(?=(?:pour (?:cela|ça)|aussi),?\s+(?:il (?:nous|me) faut|nous avons besoin|j'ai besoin)\b)|"
    # "…, et je veux qu'un responsable me réponde", "…, and I want a manager to answer": a second, a request
    r",\s+(?:et|and|und)\s+(?=(?:je veux|nous voulons|j'exige|i want|we want|ich will|wir wollen)\b)",
)
AND_MUST = caseless(
    r",\s+(?:et|and|und)\s+(?:(?:idéalement|aussi|surtout|ideally|also|idealerweise|auch)\s+)?"
    r"(?=il faudrait|il faut|(?:we|I) (?:would )?need you to|müssten Sie|sollten Sie)|"
    # "une copie de mes données, puis, conformément à l'article 17, leur effacement": a second step asked
    r",\s+(?:puis|ensuite|then|und dann|danach),?\s+(?=\S+(?:\s+\S+){2})|"
    # "…, and if at all possible have future invoices addressed to …", "…, et si possible adresser …"
    r",\s+(?:and|et|und)\s+(?:if (?:at all )?possible|where possible|si possible|wenn möglich|falls möglich),?\s+"
    r"(?=\S+(?:\s+\S+){2})",
)


#: The condition of an angry demand: "If you want to keep us I expect a credit …": the demand.
KEEP_US = caseless(
    r"^(?:if you want to (?:keep|retain) (?:us|our business)|wenn sie uns (?:als kunden? )?behalten "
    r"(?:wollen|möchten)|si vous (?:voulez|souhaitez) nous garder(?: comme clients?)?)\s*,?\s*"
)

#: A request that starts a later sentence the segmenter kept with the one before it ("… of €412.50. Please refund
#: the duplicate."): the request is that sentence.
INNER_ASK = caseless(
    r"[.!]\s+(?=(?:please|kindly|could you|can you|would you|bitte|merci de|pourriez-vous|pouvez-vous|"
    r"können sie|könnten sie)\b)"
)

#: A plain imperative after a comma, the request the clause before only leads to: "Ein neues SEPA-Mandat
#: unterschreibe ich gern, schicken Sie mir einfach das Formular", "…, just send me the form", "…, envoyez-moi le".
IMPERATIVE_AFTER = caseless(
    r"^(?:(?:schicken|senden|geben|sagen|nennen|teilen|stellen|richten|tragen|ändern|löschen|übernehmen)\s+sie\s+"
    r"(?:mir|uns|bitte|einfach|doch|das|die|den)\b|(?:just\s+|simply\s+)?(?:send|email|e-mail|mail|forward|tell|give)"
    r"\s+(?:me|us)\b|(?:envoyez|transmettez|adressez|indiquez|dites)-(?:moi|nous)\b)"
)
#: A clause in their own voice: "… unterschreibe ich gern", "we're happy to sign".
FIRST_PERSON = caseless(r"\b(?:i|we|ich|wir|je|nous|on)\b|\bj'")
#: The need after a condition that it stands in for: "…, I need at least a workaround", "…, il me faut au moins …".
FALLBACK_NEED = caseless(
    r",\s+(?=(?:(?:i|we) (?:need|want|would need|'d need|would like)|(?:brauche|bräuchte|benötige|brauchen|bräuchten)"
    r" (?:ich|wir)|il (?:me|nous) faut|(?:j'ai|nous avons) besoin d'?)\s+(?:at least|zumindest|wenigstens|"
    r"au moins|au minimum)\b)"
)
