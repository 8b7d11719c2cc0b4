"""The customer's situation in their own words: what they already tried, whether our fix failed, what they run
it on, the last digits of a card or phone, their e-mail addresses (counts.py: how many; since.py: since
when). Pure; as written; in order.
"""

from __future__ import annotations

import re

from ..caseless import caseless
from . import clauses

#: The last digits they give of a card, phone or account: "number ends in -3381", "Karte endet auf 4471".
_ENDING = caseless(
    r"\b(?P<what>card|phone|number|mobile|account|Karte|Nummer|Handynummer|Telefonnummer|Konto|IBAN|carte|"
    r"numéro|compte|téléphone)\b[^.\n]{0,25}?\b(?:ends?|ending|endet|endend|se termine|finit|finissant)\s+"
    r"(?:in|on|with|auf|mit|par|en)?\s*[-–…*x]*(?P<digits>\d{2,4})\b",
)
#: What the digits belong to, by the word before them: a card, a phone or an account (else just a number).
_ENDING_KIND = {"card": "card", "karte": "card", "carte": "card", "phone": "phone", "mobile": "phone",
                "handynummer": "phone", "telefonnummer": "phone", "téléphone": "phone", "account": "account",
                "konto": "account", "iban": "account", "compte": "account"}  # fmt: skip


def number_endings(text: str) -> tuple[str, ...]:
    """The last digits of a card, phone or account as the customer gave them: "card … 4417", "number … 3381"."""
    found = (f"{_ENDING_KIND.get(m['what'].lower(), 'number')} … {m['digits']}" for m in _ENDING.finditer(text))
    return tuple(dict.fromkeys(found))


_EMAIL = re.compile(r"(?<!cid:)(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+(?![\w-])")


def emails(text: str) -> tuple[str, ...]:
    """E-mail addresses the customer wrote in their text (an accounts-payable mailbox, a colleague's login)."""
    return tuple(dict.fromkeys(m[0].rstrip(".") for m in _EMAIL.finditer(text)))


# An action verb, not "already"/"schon"/"déjà" alone: "his mailbox is already closed" is no attempt of theirs.
_TRIED_VERB = caseless(  # (not an event's name: "task.updated")
    r"(?<!\.)\b(tried|trying|cleared|clearing|restarted|rebooted|reinstalled|re-installed|reset|re-?issued|"
    r"regenerated|updated|upgraded|downgraded|switched|power-?cycled|logged (?:out|off)|signed out|deleted|removed|"
    r"uninstalled|disabled|re-?enabled|rolled back|checked|tested|flushed|re-?connected|unplugged|replaced|"
    r"clicked|pressed|re-?sent|requested a new|geklickt|angefordert|cliqué|redemandé|reduced|narrowed|"
    r"verkleinert|eingeschränkt|verkürzt|réduit|resynchronis\w*|"
    r"versucht|probiert|neu gestartet|neugestartet|neu installiert|geleert|gelöscht|zurückgesetzt|"
    r"aktualisiert|gewechselt|abgemeldet|deinstalliert|ausprobiert|getestet|geprüft|"
    r"essayé|redémarré|réinstallé|vidé|effacé|réinitialisé|mis à jour|changé|désinstallé|supprimé|"
    r"déconnecté|testé|vérifié|uploaded|re-?uploaded|hochgeladen|téléversé|réimporté|pasted|saved|eingefügt|"
    r"gespeichert|collé|enregistré|téléchargé|appliqué|applied|followed|befolgt|umgesetzt|eingespielt|aufgespielt|"
    # a device's own steps: "Batterie getauscht und neu angelernt", "swapped the battery", "réappairé"
    r"getauscht|ausgetauscht|angelernt|gekoppelt|swapped|re-?paired|réappairé|appairé)\b",
)
_TRIED_CONTEXT = caseless(r"\b(i|we|i've|we've|i'd|we'd|ich|wir|habe|haben|je|j'|j’|nous|on a)\b|"
                          r"\b(?:our|notre|unser\w*) (?:team|équipe|it|admins?|informatique|entwickler\w*)\b|"
                          r"\b(tried|already|bereits|schon|versucht|probiert|déjà|essayé)\b")  # fmt: skip
_NOT_TRIED = caseless(
    r"\b(please|could you|can you|would you|should i|should we|do i need|have you|did you|bitte|können sie|"
    r"könnten sie|soll ich|sollen wir|haben sie|pouvez|pourriez|dois-je|faut-il|avez-vous|merci de)\b|\?$|"
    r"\b(not yet|noch nicht|pas encore|haven't|have not|didn't|nicht)\b|"
    # when it began, not a step: "seit wir den Abgleich auf die v2-API umgestellt haben", "since we switched to SSO"
    r"^(?:seit|since|depuis|nachdem|ever since)\b|"
    # what they set out to do, not a step: "I've been trying to get our October billable hours out"
    r"\b(?:been trying to|trying to get|versuche(?:n)? seit|essaie de|essayons de)\b|"
    # what they are doing as they write, not a step: "I'm trying to do the payroll export"
    r"(?:'m|\bam|'re|\bare|\bwas|\bwere)\s+trying\s+to\b|"
    # the task itself, then what went wrong: "tried to do the coaching hours export for Jul-Sep for the grant"
    r"^(?:i\s+|we\s+)?tried to (?:do|run|get|pull|make|create|export|send|submit|book|open|set up)\b|"
    r"^(?:ich\s+|wir\s+)?(?:hab|habe|haben)\s+(?:\w+\s+)?versucht,?\s+[^,]{0,80}\bzu\s+(?:exportieren|erstellen|"
    r"ziehen|laden|öffnen|senden|buchen|importieren|generieren|drucken|machen)\b|"
    r"^(?:j'ai|nous avons|on a)\s+essayé\s+d(?:e |')(?:exporter|générer|télécharger|créer|envoyer|importer|imprimer)\b|"
    # what our fix did, not what they tried: "Votre correctif n'a rien changé", "Ihr Update hat nichts geändert"
    r"^(?:your|ihr|ihre|votre|vos)\b|\b(?:rien changé|nichts geändert|nothing changed)\b|"
    # our words quoted back, not a step: '"this is expected behaviour" on Wednesday followed by "we've deployed a fix"'
    r"[\"“][^\"“”]{3,80}[\"”][^\"“”]{0,60}[\"“][^\"“”]{3,80}[\"”]|\b(?:being told|we were told|"
    r"on nous a (?:dit|répondu)|man hat (?:uns|mir) gesagt)\b|"
    # what they want to know, not what they did: "I'd like to know whether the new limit was applied"
    r"\b(?:like to know|want to know|wondering|wissen,? ob|savoir si)\b",
)
#: A bracketed aside: what they did is often said in one, inside the story of what went wrong.
_ASIDE_AROUND = re.compile(r"\(([^()]{8,200})\)")
#: "(I) tried with …", "essayé en …", "mit … probiert": the verb goes when what follows says how.
_TRIED_WITH = caseless(
    r"^(?:tried|essayé|versucht|probiert)\s+(?:(?:it|es|le|la)\s+)?(?=(?:with|in|on|en|avec|par|sur|"
    r"mit|über)\b)"
)
#: "…, même résultat", "…, same result": how it ended, said by the reply itself.
_SAME_RESULT = caseless(
    r",?\s*(?:(?:with|mit|avec) )?(?:the |le )?(?:même résultat|same result|same thing|"
    r"gleiche[mn]? ergebnis|dasselbe|pareil)\s*[.!]?$"
)
_SUBJECT = caseless(
    r"^(?:(?:and|also|so|then|und|auch|et|puis|aussi)\s+)*(?:(?:i|we)(?:'ve|’ve| have| had)?|ich habe|wir haben|"
    r"habe|haben|ich|wir|j'ai|j’ai|nous avons|on a|je|nous)?(?!\w)\s*(?:(?:already|also|even|both|bereits|schon|"
    r"auch|déjà|aussi|même)\s+)*",
)
_TRIED_SPLIT = re.compile(r",\s+(?=(?:sans|ohne|without|to no avail|no luck|leider|hélas|nothing|nichts|rien)\b)|"
                          r",?\s+(?=(?:and|und|et)\s+(?:we|i|nous|je|wir|ich|on)(?:['’]ve)?\s+"
                          r"(?!(?:already|bereits|schon|déjà|also|auch|aussi)\b))|"
                          r"[,;]\s+(?=(?:but|aber|doch|mais|and still|yet|still|which|however|leider|hélas)\b)|"
                          # "…, alles längst probiert, also fangen Sie bitte nicht wieder damit an": what follows
                          r",\s+(?=(?:also|so|donc|alors)\s+(?:fangen|please|don't|do not|ne|n')\b)|"
                          r"\s[–—]\s|;\s|:\s|,\s+(?=(?:but|aber|mais|doch|however|leider)\b)|"
                          r",\s+(?=nothing|nichts|rien)|"
                          # "…, I checked a few serials", "doesnt power on, tried fresh batteries": a step of its own
                          r",\s+(?=(?:I|we|ich|wir|je|nous)\s|j['’]|"
                          r"(?:also\s+)?(?:tried|versucht|essayé)\s)", re.IGNORECASE)  # fmt: skip
_MODAL_VERB = caseless(
    r"\b(?:can|could|cannot|can't|will|would|should|must|to|kann|können|konnte|soll|muss|peut|pouvez|peux|dois)\s+"
    r"(?:\w+\s+)?(?:reset|restart|reinstall|update|delete|remove|check|test|replace|disable|zurücksetzen|löschen|"
    r"réinitialiser|supprimer)\b",
)
_LIST_LEAD = caseless(r"\b(tried|already|bereits|schon|versucht|probiert|déjà|essayé)\b.*:\s*$")


#: Where a step was done, said before it: "dans Entra ID, on a remplacé l'URL …", "in Entra, we changed …".
_WHERE_FIRST = caseless(r"^(?:dans|sur|in|on|im|in der|bei)\s+\S+(?:\s+\S+)?$")


def _with_where(steps: list[str]) -> list[str]:
    """``steps`` with a place said before a step joined to it ("dans Entra ID" + "on a remplacé …")."""
    out: list[str] = []
    for step in steps:
        if out and _WHERE_FIRST.match(out[-1].strip()):
            out[-1] = f"{out[-1].strip()}, {step.strip()}"
            continue
        out.append(step)
    return out


def tried(sentences: list[str]) -> tuple[str, ...]:
    """What they already tried, as short clauses as written, without "we already" in front:
    "cleared the cache and tried Safari too", "re-issued the API token", "Cache geleert"."""
    found: list[str] = []
    in_list = False
    after_advice = False  # "We did exactly what you said on Monday. All 14 sensors updated, gateways power cycled."
    for sentence in sentences:
        if after_advice and _TRIED_VERB.search(sentence):
            found.extend(_tidy(p) for p in re.split(r",\s+", sentence.rstrip(" .!"))[:3] if _TRIED_VERB.search(p))
            after_advice = False
            continue
        after_advice = _advice_lead(sentence.rstrip(" .!"))
        is_item = bool(clauses.LIST_ITEM.match(sentence))
        sentence = clauses.LIST_ITEM.sub("", sentence)
        if in_list and is_item:
            found.append(_tidy(sentence))
            continue
        in_list = bool(_LIST_LEAD.search(sentence))
        if in_list and not sentence.rstrip().rstrip(":").partition(": ")[2]:
            continue  # "What I have tried so far:" announces the list; it is no step of its own
        advised = _AS_ADVISED.search(sentence)
        after = sentence[advised.end() :] if advised else ""
        # ("die Zuordnung haben wir wie empfohlen nicht angefasst": what they left alone, as advised, is no step)
        if advised and _did(after) and ": " not in after and not _NEGATED.search(after):
            # "Wir haben wie vorgeschlagen das Webhook-Secret rotiert": our advice, applied, is a step they tried
            step = _TRIED_SPLIT.split(f"{sentence[: advised.start()]} {sentence[advised.end() :]}", maxsplit=1)[0]
            found.extend([_tidy(step)] if len(step.split()) >= 2 else [])
            continue
        if not _TRIED_VERB.search(sentence) or _WISHED.match(sentence):
            # (no verb, or what they want done: "What we'd need from you: an export …, and afterwards his user
            # deleted")
            continue
        lead, _, rest = sentence.partition(": ")
        if rest and _TRIED_VERB.search(lead) and len(lead.split()) > 8:
            sentence = lead  # "… a réimporté le certificat et vérifié l'URL ACS : les utilisateurs ont toujours
            # l'erreur": what they did, then what still happens
        elif (
            rest and (_TRIED_VERB.search(lead) or _advice_lead(lead)) and not _NOT_TRIED.search(lead)
        ):  # "Already tried: x, y", "I did exactly what you said: x, y"
            steps = [p for p in re.split(r",\s+|;\s+|\s+and\s+|\s+und\s+|\s+et\s+", rest) if p.strip()]
            found.extend(_tidy(p) for p in _with_where(steps))
            continue
        for clause in _TRIED_SPLIT.split(sentence):
            verb = _TRIED_VERB.search(clause)
            aside = _ASIDE_AROUND.search(clause)
            if verb and aside and aside.start() < verb.start() < aside.end():
                clause = aside[1]  # "… 1,279.75 (I summed the column in Excel and double checked, same result), …"
            if not _TRIED_VERB.search(clause) or _NOT_TRIED.search(clause.strip()) or _MODAL_VERB.search(clause):
                continue  # "nobody else can reset it for me" is what they cannot do, not what they did
            if _NEVER_DID.search(clause):
                continue  # "I never saved those backup codes": what they did not do
            if not _TRIED_CONTEXT.search(clause) and len(clause.split()) > 5:
                continue  # a participle alone is a tried step only in a short list-like clause ("Cache geleert")
            for part in re.split(r",\s+(?=[A-ZÄÖÜ])", clause) if not _TRIED_CONTEXT.search(clause) else [clause]:
                found.append(_tidy(part))
    kept = [t for t in found if 2 <= len(t.split()) <= 20 or (t and len(t.split()) == 1 and _TRIED_VERB.search(t))]
    # a fix they tried first, what they only looked at after: "checked a few serials" says less than "fresh batteries"
    return tuple(dict.fromkeys(sorted(kept, key=lambda t: bool(_LOOKED.match(t)))))


_WISHED = caseless(
    r"^(?:what (?:we|i)(?:'d| would)? need|(?:we|i)(?:'d| would) (?:need|like)|was (?:wir|ich) "
    r"(?:bräuchten|brauchen)|ce dont (?:nous|j') aurions besoin|il (?:nous|me) faudrait)\b"
)
_NEVER_DID = caseless(r"\b(?:i|we|ich|wir|je|nous)\s+(?:have\s+|hab\w*\s+)?(?:never|nie|jamais)\b|\bn'ai jamais\b")
_NEGATED = caseless(r"\b(?:not|never|nicht|nie|pas|jamais)\b|n't\b")
#: A step that only looked at something: shown after the steps that tried a fix.
_LOOKED = caseless(r"^(?:checked|looked|geprüft|nachgesehen|vérifié|regardé)\b")


#: Our own advice named inside what they tried: "comme vous l'indiquez ci-dessous", "as you suggested".
_AS_ADVISED = caseless(
    r",?\s*\b(?:comme vous (?:nous )?l'(?:indiquez|(?:avez|aviez) (?:indiqué|conseillé|demandé|recommandé))"
    r"(?: ci-dessous)?|"
    r"(?:as|like) you (?:suggested|advised|recommended|asked|said|told (?:me|us))(?: below)?|"
    r"wie Sie (?:gesagt|geschrieben) haben|comme vous (?:l'avez|me l'avez|nous l'avez) dit|"
    r"wie (?:Sie|von Ihnen) (?:empfohlen|vorgeschlagen|"
    r"geraten)(?: haben)?|wie (?:beschrieben|besprochen|angegeben|vorgeschlagen|empfohlen|geraten)|"
    r"as (?:described|instructed|you described|suggested|recommended|advised)|"
    r"comme (?:indiqué|décrit|convenu|suggéré|conseillé|recommandé|proposé)|"
    # "I did exactly what you said, switched …": the step they name next is what they did
    r"(?:(?:I|we)\s+)?did\s+(?:exactly\s+)?what\s+you\s+(?:said|suggested|told\s+(?:me|us)|asked)|"
    # "I tried what you suggested (Settings > …)", "habe ausprobiert, was Sie vorgeschlagen haben", "j'ai essayé ce
    # que vous avez suggéré": the step in brackets or after it is ours
    r"(?:(?:I|we)\s+)?tried\s+(?:exactly\s+)?what\s+you\s+(?:suggested|recommended|proposed|advised)|"
    r"(?:(?:ich\s+|wir\s+)?(?:habe|haben)\s+)?(?:ausprobiert|probiert|versucht),\s+was\s+Sie\s+"
    r"(?:vorgeschlagen|empfohlen|geraten)(?:\s+haben)?|(?:(?:j'ai|nous avons|on a)\s+)?essayé\s+ce\s+que\s+"
    r"vous\s+(?:m'|nous\s+)?(?:avez\s+|aviez\s+)?(?:suggéré|conseillé|proposé|recommandé)|"
    # "changed the Reply URL to exactly what you sent", "exactly as you wrote"
    r"\bto\s+exactly\s+what\s+you\s+(?:sent|wrote|gave\s+(?:me|us))|exactly\s+as\s+you\s+(?:said|wrote|described)|"
    r"(?:(?:ich\s+)?habe\s+)?(?:genau\s+)?(?:das\s+)?(?:gemacht|getan),\s+was\s+Sie\s+(?:gesagt|vorgeschlagen|empfohlen)"
    r"(?:\s+haben)?|(?:(?:j'ai|nous avons|on a)\s+)?fait\s+(?:exactement\s+)?ce\s+que\s+vous\s+(?:m'|nous\s+)?"
    r"(?:avez\s+)?(?:dit|conseillé|suggéré|demandé|indiqué|décrit|recommandé)|"
    # "j'ai appliqué ce que vous proposiez hier", "I followed your steps", "Ihre Anleitung umgesetzt"
    r"(?:(?:j'ai|nous avons|on a)\s+)?(?:appliqué|suivi)\s+(?:exactement\s+)?(?:ce\s+que\s+vous\s+(?:m'|nous\s+)?"
    r"(?:proposiez|suggériez|conseilliez|indiquiez|(?:avez|aviez)\s+(?:proposé|suggéré|conseillé|indiqué))|"
    r"vos\s+(?:conseils|instructions|indications|étapes))|"
    r"(?:(?:I|we)\s+)?(?:followed|applied)\s+(?:exactly\s+)?(?:what\s+you\s+(?:suggested|proposed|said)|"
    r"your\s+(?:steps|instructions|advice|suggestion))|"
    r"(?:(?:ich\s+)?habe\s+)?Ihre\s+(?:Anleitung|Empfehlung|Schritte|Hinweise)\s+(?:befolgt|umgesetzt)|"
    # "Wir haben das Update genau nach Ihrer Anleitung eingespielt", "installed it exactly as per your instructions"
    r"(?:genau\s+)?nach\s+Ihrer\s+(?:Anleitung|Empfehlung)|(?:exactly\s+)?(?:as per|per|following)\s+your\s+"
    r"(?:instructions|steps|advice)|en suivant (?:exactement )?vos (?:instructions|indications|conseils))\b,?",
)


def _advice_lead(lead: str) -> bool:
    """Whether ``lead`` is only "I did exactly what you said" (perhaps with a "yesterday" after it)."""
    bare = _SUBJECT.sub("", lead.strip(), count=1)
    found = _AS_ADVISED.match(bare)
    return found is not None and len(bare[found.end() :].split()) <= 2


def tried_our_advice(sentences: list[str], failed_fix: str | None = None) -> bool:
    """Whether they say what they tried is what we suggested: "I did exactly what you said, switched …",
    "Wir haben wie vorgeschlagen das Secret rotiert", or that our fix did not help ("Ihr Neuaufbau des Index
    bringt nichts"; ``failed_fix``: what ``our_fix_failed`` found, when the caller has it already)."""
    return any(
        (advised := _AS_ADVISED.search(s)) and (_DID_IT.search(advised[0]) or _did(s[advised.end() :]))
        for s in sentences
    ) or bool(our_fix_failed(sentences) if failed_fix is None else failed_fix)


#: Our fix, named by them as having done nothing: "Ihr „Neuaufbau des Index“ hat nichts gebracht", "your cache
#: reset didn't help", "votre correctif n'a rien changé", "ob Ihr "Neuaufbau des Index" was bringt. Ergebnis: nichts".
_FIX_FAILED = caseless(
    r"\b(?:ihr|ihre|euer|eure|your|votre)\s+[„\"“«]?\s?(?P<fix>(?:(?!\b(?:and|und|et|it|es|ça)\b)[^„\"“”«».!?\n]){3,40}?)"
    r"\s?[“\"”»]?\s+"
    r"(?:hat\s+(?:leider\s+|aber\s+)?(?:nichts|nicht)\s+(?:gebracht|geholfen|geändert|funktioniert)|bringt\s+nichts|"
    r"(?:didn't|did not|hasn't|has not|doesn't|does not)\s+(?:help|work|fix|change)|"
    r"n'a\s+(?:rien\s+(?:changé|résolu|donné)|pas\s+(?:aidé|fonctionné|marché|résolu|suffi)))|"
    r"\bob\s+(?:ihr|ihre|euer|eure)\s+[„\"“]?(?P<tested>[^„\"“”.!?\n]{3,40}?)[“\"”]?\s+(?:was|etwas)\s+bringt\b"
    r"(?=[^\n]{0,40}\b(?:nichts|nicht|kein)\b)"
)


#: Our word that it was fixed, which they tested: "nachdem Sie gestern geschrieben hatten, dass das Gruppen-Mapping
#: korrigiert ist", "after you told us the mapping was fixed", "après votre message disant que c'était corrigé".
_FIX_REPORTED = caseless(
    r"\b(?:nachdem|seit|after|since|après|depuis)\s+(?:que\s+)?(?:Sie|you|vous|votre \w+|your \w+|Ihre\w* \w+)\s+"
    r"(?:\w+\s+){0,3}?(?:geschrieben|mitgeteilt|gesagt|bestätigt|said|wrote|told us|confirmed|écrit|dit|confirmé|"
    r"indiqué|disant)\b(?:\s+(?:hatten|hatte|haben|hat))?,?\s+(?:dass|that|que|qu')?\s*(?P<fix>[^.;!?\n]{3,60}?)\s+(?:korrigiert|behoben|gelöst|"
    r"angepasst|repariert|fixed|corrected|resolved|sorted|corrigée?s?|résolue?s?|réglée?s?)\b"
)
#: It still happens: "weiterhin", "immer noch", "still", "toujours".
_STILL = caseless(r"\b(?:weiterhin|immer noch|noch immer|nach wie vor|still|toujours|encore et toujours)\b")


def our_fix_failed(sentences: list[str]) -> str:
    """The fix of ours they say did not help, as they name it ("Neuaufbau des Index"), or "". Also the fix we
    reported done that they tested and that still fails ("… geschrieben hatten, dass das Gruppen-Mapping korrigiert
    ist. … weiterhin: …")."""
    text = " ".join(sentences)
    found = (
        _FIX_FAILED.search(text) if any(w in text.lower() for w in ("ihr", "eure", "euer", "your", "votre")) else None
    )
    fix = (found["fix"] or found["tested"]).strip() if found else ""
    if not found and (reported := _FIX_REPORTED.search(text)) and _STILL.search(text, reported.end()):
        fix = reported[0][reported.start("fix") - reported.start() :].strip()  # "das Gruppen-Mapping korrigiert"
    return fix if len(fix.split()) >= 2 else ""  # "votre correctif", "Ihr Update": too bare to say back as a step


#: A verb of something done ("rotiert", "re-issued", "vidé"), not of something to do ("I will send the logs").
_DONE = caseless(r"\b(?:ge\w+[tn]|\w{1,5}ge\w{2,}[tn]|\w{3,}iert|\w{3,}ed|\w{3,}ée?s?)\b")  # ("eingespielt")
#: Our advice named with the doing in it: "I did exactly what you said", "j'ai appliqué ce que vous proposiez".
_DID_IT = caseless(
    r"\b(?:did|done|gemacht|getan|fait|appliqué|suivi|followed|applied|befolgt|umgesetzt|tried|ausprobiert|probiert|"
    r"versucht|essayé)\b"
)


def _did(clause: str) -> bool:
    """Whether ``clause`` (what follows "as you suggested") tells a step they took."""
    return bool(_TRIED_VERB.search(clause) or _DONE.search(clause))


def _tidy(clause: str) -> str:
    clause = _AS_ADVISED.sub("", _SUBJECT.sub("", clause.strip(), count=1))
    clause = re.sub(r"\s+(already|bereits|schon|déjà)(?=\s|$)", "", clause, count=1, flags=re.I)
    clause = _TRIED_WITH.sub("", _SAME_RESULT.sub("", clause))  # "essayé en UTF-8, même résultat": "en UTF-8"
    clause = re.sub(
        r"^(?:also\s+)?tried\s+(?!to\b)", "", clause.strip()
    )  # "tried fresh batteries": the macro says "tried"
    clause = clause.strip().rstrip(".!,;:…").strip()
    if clause.startswith("(") and clause.endswith(")") and clause.count("(") == 1:
        clause = clause[1:-1].strip()  # "what you suggested (Settings > …)": the step is the bracket's inside
    if clause.count("(") > clause.count(")"):  # "… die Zeitzone geprüft (stand schon auf …, ich habe …)": cut at ","
        clause = clause[: clause.rfind("(")].rstrip(" ,;:")
    return clauses.shorten(clause, 100)


_ENV = re.compile(
    r"\b(?:Google )?(?:Chrome|Chromium|Firefox|Safari|Edge|Opera|Brave|Vivaldi|Internet Explorer|IE\s?11)"
    r"(?:\s(?:v|version\s)?\d+(?:\.\d+)*)?\b|"
    r"\b(?:chrome|chromium|firefox)\b|"  # written lower case ("testé sur chrome et firefox"): no other word
    r"\b(?:Windows|Win)\s?(?:7|8(?:\.1)?|10|11|Server(?:\s20\d\d)?)\b|\bWindows\b|"
    r"\b(?:macOS|Mac ?OS(?: X)?|OS X)(?:\s(?:Sonoma|Sequoia|Ventura|Monterey|Big Sur|Tahoe|\d+(?:\.\d+)*))?\b|"
    r"\b(?:iOS|iPadOS|watchOS|Android|ChromeOS|Chrome OS)(?:\s\d+(?:\.\d+)*)?\b|"
    r"\b(?:Ubuntu|Debian|Fedora|Linux|RHEL|CentOS)(?:\s\d+(?:\.\d+)*)?\b|"
    r"\biPhone(?:\s(?:\d+|SE|X[RS]?)(?:\s(?:Pro(?: Max)?|Plus|mini))?)?\b|\biPad(?:\s(?:Pro|Air|mini))?\b|"
    r"\b(?:Pixel|Galaxy\s[A-Z]\d+|Galaxy\sTab\s?\w*|Surface(?:\sPro)?)(?:\s\d+)?\b|\bMacBook(?:\s(?:Pro|Air))?\b|"
    # rugged and other Android phones by model: "the XCover 7", "Galaxy S23", "Redmi Note 12", "Zebra TC52"
    r"\b(?:Galaxy\s)?X[Cc]over(?:\s?(?:Pro|\d+))?(?:\sPro)?\b|\bGalaxy\s(?:Note|Z\s?Flip|Z\s?Fold|[ASM])\s?\d+\b|"
    r"\b(?:Redmi(?:\sNote)?|Xperia|Zebra\sTC|OnePlus|Moto\s[A-Z])\s?\d+\w*\b|"
    r"\b(?:[Vv]ersion|[Vv]\.?|Release|App(?: version)?)\s?\d+\.\d+(?:\.\d+)*\b"
)


_BARE_VERSION = re.compile(r"(?<![\w.])\d{1,3}\.\d{1,3}\.\d{1,3}(?!\w|\.\d)")  # "(2.4.0)", "to 3.8.1"


def environment(text: str) -> tuple[str, ...]:
    """Browsers, systems, devices and versions they named: "Chrome 131", "iOS 17", "Windows 11", "version 4.2.1"."""
    found = [m[0] for m in _ENV.finditer(text)]
    found += [m[0] for m in _BARE_VERSION.finditer(text) if not any(m[0] in f for f in found)]
    # "Windows" alone is dropped when "Windows 11" was also named; likewise a bare browser name.
    return tuple(dict.fromkeys(f for f in found if not any(o != f and o.startswith(f + " ") for o in found)))
