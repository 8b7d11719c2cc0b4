"""What a customer's deadline can hang on: an event of theirs ("our audit starts on 12 January", "launch at noon",
"die Stunden gehen am 8. Dezember an unser Lohnbüro", "avant la clôture"). A deadline tied to one is hard: it
does not move because we are busy."""

from __future__ import annotations

from ..caseless import caseless

#: Events, in English, German and French (German compounds by their tail: "Kundentermin", "Lieferantenaudit").
EVENT = caseless(
    r"\b(audit|audits|sprint planning|planning (?:meeting|session)|sprint review|stand-?up|sprintplanung|"
    r"launch(?:es|ing)?|go-?live|going live|board meeting|meeting|demo(?:s|ing)?|presentation|pitch|"
    r"deadline|cut-?over|migration|release|conference|trade ?show|inspection|workshop|webinar|"
    r"year-end close|month-end close|(?:month|year)[- ]end(?=\s+(?:on|at|is|this|next)\b|[,.;]|$)|"
    r"(?:payroll|billing|payment|invoice|invoicing|pay|print) run|payroll|filing|"
    # the next bill: "before our quarterly invoice goes out on 15 December" (not the renewal: "Our renewal is due on
    # 1 January" is the date of a threat, not when they need us)
    r"(?:next|quarterly|annual|yearly|monthly) (?:invoice|bill)|nächsten? rechnung|prochaine facture|"
    r"tax deadline|walk-?through|kick-?off|shift (?:change|handover)|schichtwechsel|(?:früh|spät|nacht)schicht|"
    r"(?:early|late|night|morning) shift|closing the (?:year|books|accounts)|close (?:the|our) books|"
    r"on site|site visit|visit|training|review|appointment|peak(?: season)?|hochsaison|haute saison|"
    r"committee|\w*ausschuss|gremium|commission|weihnachtsgesch(?:ä|ae)ft|christmas (?:rush|trade|season)|"
    r"black friday|fêtes de fin d'année|grosse livraison|livraison de \w+|inventaire|lohnlauf|rendez-vous|"
    r"performance|concert|premiere|vorstellung|aufführung|spectacle|représentation|shut|betriebsferien|"
    r"(?:wir )?spielen|(?:we(?:'re| are) )?playing|(?:nous )?jouons|on joue|"
    # what runs out on a day: "the trial ends this Friday, 4 December", "die Testphase endet am Freitag"
    r"(?:trial|free trial|test(?:phase|zeitraum)|(?:période d')?essai) (?:ends|expires|runs out|endet|läuft|"
    r"se termine|prend fin|expire)|"
    r"\w*prüfung|\w*kontrolle|\w*konferenz|\w*sitzung|\w*besprechung|\w*termin|\w*präsentation|messe|\w*schulung|"
    r"livegang|\w*frist|\w*(?:meeting|audit)|"  # German compounds: "Kundentermin", "Lieferantenaudit", "Teammeeting"
    r"vor ort|besuch|abgabe|stichtag|jahresabschluss|lancement|mise en (?:production|ligne|service)|réunion|salon|"
    r"conseil d'administration|conseil (?:pédagogique|de classe|d'école|municipal|communautaire|de surveillance)|"
    r"soutenance|contr[ôo]le (?:sanitaire|d'hygiène|fiscal|urssaf|de la \w+|du \w+)|échéance|date limite|clôture|"
    r"paie|\w*abschluss|geschäftsjahr|fiscal year|financial year|"
    # paying their own people on a day: "Je dois payer ces profs le 15", "we pay our drivers on the 25th"
    r"payer (?:ces|les|nos|mes) \w+|pay (?:our|the|my) (?:staff|teachers|drivers|people|employees|team|crew)|"
    # who gets the figures on that day: "Die Stunden gehen am 8. Dezember an unser Lohnbüro"
    r"lohnbüro|lohnbuchhaltung|\w*lohnabrechnung|"
    r"sur place|visite|comité|remise (?:de |du |des )(?:\w+ )?(?:planning|rapport|dossier|projet|plans?|livrables?)|"
    r"formation|présentation|démo|démonstration|vorführung|stock ?count|stock-?take|inventory count|inventur)\b",
)
