"""What the customer asks of us: each question or request as a short clause. Pure; never raises on any text.
(What a short question points at: ``pointing``; a request that is only their own situation or deadline:
``own_task``; a call, someone senior, a threat to leave: ``contact_asks``.)
"""

from __future__ import annotations

import re

from . import announced, clauses, compound
from .ask_words import (
    ALSO_ASKED,
    ASK_AT_END,
    ASKED_AFTER_WHY,
    ASKS_ITSELF,
    CHOICE,
    CONDITION_FIRST,
    CONNECTOR,
    DANGLING,
    DETAILS_BELOW,
    DOING_AT_END,
    FOLLOWING,
    FORMAL,
    GLUE_ON,
    IF_LEAD,
    INFORMAL,
    INNER_RELATIVE,
    INSTEAD,
    ITEM_GLUE,
    JOINED_ON,
    JUST_A_VALUE,
    KNOW_LEAD,
    LEAD_IN,
    NEEDED_FOR,
    NEVER,
    NEW_CLAUSE,
    NEXT_ASKED,
    ONLY_A_CASE,
    PLAN_AHEAD,
    PLEASANTRY,
    POINTER_ONLY,
    POLITE_YOU,
    PRONOUN,
    QUOTED,
    REASONS_LEAD,
    REQUEST,
    SO_HAS,
    TAIL_ASK,
    TO_BELOW,
    TRAILING_WHY,
    UNMARKED_LEAD,
    UNMARKED_Q,
    VOCATIVE,
    WHETHER,
    WHY_AFTER,
    YOURS,
    ZU_INFINITIVE,
)
from .asks_nothing import ASK_THEM, PASS_ON, asks_nothing, relayed_to_us
from .contact_asks import asked_on_call
from .customer import Question
from .first_word import lower_first
from .indirect import (
    ASKED_INSIDE,
    COLON_LEAD,
    FOR_THAT,
    IF_THERE,
    TOPIC_LABEL,
    WANT_TO,
    indirect_lead,
    topic_list,
)
from .pointing import bracketed_asks, own_lead, with_context, with_lead
from .request_parts import (
    AND_DO,
    FALLBACK_NEED,
)
from .request_text import indirect_end, request_text
from .statement_asks import (
    assumed_ok,
    confirm_belief,
    hedged,
    important_that,
    offered,
    unsure_which,
    welcomed,
    who_pays,
    worried,
    would_be_ideal,
)
from .ultimatums import demanded
from .undone import undone

#: The longest question named back, in characters: past it, cut at a clause boundary ("Kolleginnen und Kollegen
#: vorübergehend die Anmeldung …" fits whole; a cut at its "und" would not make sense).
MAX_ASK = 140


def questions(sentences: list[str], language: str, forwarded: bool = False) -> tuple[Question, ...]:
    """Each question or request, as a short clause: "can we add seats mid-term?" (question), "send the
    invoice to our accounts payable address" (request). Pleasantries are left out; a numbered list of
    requests ("Ich bitte Sie, 1. ... 2. ...") gives one request per item."""
    found: list[Question] = []
    # a "du"/"tu" question in a mail that says "Sie"/"vous" to us is a colleague's, forwarded; a customer who
    # says "du"/"tu" to us throughout asks us
    formal = forwarded or FORMAL.get(language, NEVER).search(" ".join(sentences))  # a forward: "du" is a colleague's
    informal = INFORMAL.get(language) if formal else None
    lead_request = False  # the previous sentence ended "Could you please:", so its list items are requests
    previous = ""  # the sentence before: what a short "is this an error?" points back to
    after_item = False  # the sentence before opened a list item and asked nothing ("4) Our webhook … stopped.")
    points_left = 0  # "I need three things." announced this many sentences, each a point they ask for
    for index, sentence in enumerate(sentences):
        if points_left and clauses.LIST_ITEM.match(sentence):
            points_left = 0  # the points come as a list after all: read as one
        if points_left:
            points_left -= 1  # "An explanation of what went wrong. To know whether … And a call next week …"
            text, to_know = announced.point(sentence)  # "To know whether …": whether …
            known = [q for q in _one(text, language) if q.kind == "question"] if to_know else []
            found.extend(known or _one(sentence, language) or _one(text, language, "request"))
            continue
        # ("I want three things:" over a list: the list's lead, read below)
        prose_after = index + 1 < len(sentences) and not clauses.LIST_ITEM.match(sentences[index + 1])
        points_left = announced.announced(sentence) if prose_after else 0
        if points_left:
            continue
        if sentence.rstrip().endswith(":") and ASK_THEM.search(sentence):
            lead_request = True  # "peux-tu demander à l'éditeur :": the colleague's list is what they ask us
            continue
        # "Tu peux demander au support si c'est un bug …": what the colleague wants to know from us
        sentence = relayed_to_us(sentence) or sentence
        said_tu = informal.search(sentence) if informal is not None else None
        yours = YOURS.search(sentence) if lead_request else None
        if (said_tu or yours) and lead_request and clauses.LIST_ITEM.match(sentence):
            # "3. Thomas Nguyen doit devenir administrateur à ta place …" under "peux-tu voir avec l'éditeur :":
            # the item is for us; what it says about the colleague ("à ta place", "à ton adresse") is not said back
            cut = min(m.start() for m in (said_tu, yours) if m is not None)
            sentence = sentence[:cut]
            while DANGLING.search(sentence):  # "… et plus à" -> "…"
                sentence = DANGLING.sub("", sentence)
            sentence = sentence.rstrip(" ,;(")
            said_tu = None if len(clauses.LIST_ITEM.sub("", sentence).split()) >= 4 else said_tu or yours
        if said_tu:
            continue
        is_item = bool(clauses.LIST_ITEM.match(sentence))
        sentence = clauses.LIST_ITEM.sub("", sentence).strip()
        if not sentence:
            continue
        lead, items = clauses.inline_items(sentence)
        if items:
            kind = "request" if REQUEST.search(lead) or lead.endswith(":") else None
            for item in items:
                found.extend(_one(item, language, force=kind or "request"))
            lead_request = False
            continue
        if is_item and lead_request:  # a request, unless the item asks ("- et demande-leur si on garde …")
            relayed_ask = indirect_lead(sentence) is not None and "?" not in sentence
            # (an item that asks, with its "?", is read as a question: "…, et si oui est-ce qu'on peut …?" is two)
            asked = relayed_ask or sentence.rstrip().endswith("?")
            asks = [q for q in _one(sentence, language) if q.kind == "question"] if asked else []
            found.extend(asks or _one(ITEM_GLUE.sub("", sentence), language, force="request"))
            continue
        if lead_request and index + 1 < len(sentences) and clauses.LIST_ITEM.match(sentences[index + 1]):
            # an item's second sentence, the list going on after it ("- Mme Meier quitte l'entreprise le 30
            # novembre. Son compte doit être désactivé …"): what it asks, or what it says must be done
            if not JUST_A_VALUE.match(sentence):  # "Kundennummer ist K-104528." tells, asks nothing
                found.extend(_one(sentence, language) or _one(sentence, language, force="request"))
            continue
        if lead_request and found and (sentence[:1].islower() or len(sentence.split()) <= 6):
            if GLUE_ON.match(sentence) and "?" not in sentence:
                # an item wrapped onto the next line ("1. den Betrag erneut einziehen" / "oder mir Bescheid geben"):
                # the same request, not a new one
                found[-1] = _joined(found[-1], sentence)
            else:  # "need the report or certificate, NDA is fine", "TLS 1.2 mini ?)" inside the list: read alone
                found.extend(q for part in clauses.by_question(sentence) for q in _one(part, language))
            continue
        # "Could you please:" and "Ich bitte Sie daher," both announce a list of requests ("can you pass this on to
        # their support:" announces a colleague's points, to be read as they are)
        lead_request = sentence.endswith((":", ",")) and bool(REQUEST.search(sentence) or FOLLOWING.search(sentence))
        # ("… und bitten Sie" / "1. um schriftliche Bestätigung …": the list finishes the sentence)
        following = index + 1 < len(sentences) and clauses.LIST_ITEM.match(sentences[index + 1])
        lead_request = (lead_request or bool(following and ASK_AT_END.search(sentence))) and not PASS_ON.search(
            sentence
        )
        # ("… pas en mesure de la mettre en paiement, pour les motifs suivants :": reasons, each read as it is)
        lead_request = lead_request and not REASONS_LEAD.search(sentence)
        if lead_request and (
            sentence.endswith(":")
            and len(sentence.split()) >= 8
            and not (index + 1 < len(sentences) and clauses.LIST_ITEM.match(sentences[index + 1]))
        ):
            # "Wir bitten um Stornierung der Rechnung und um eine korrigierte mit folgenden Angaben:" and then the
            # details as lines, not a list: the request is the sentence itself
            lead_request = False
            found.extend(_one(DETAILS_BELOW.sub("", sentence.rstrip(" :")), language, force="request"))
            # (whom, without the address lines after it: "Golden Vale Growers Ltd Ballyhea Road, Charleville")
            whom = sentences[index + 1].split(",")[0].strip(" .") if index + 1 < len(sentences) else ""
            named = len(whom.split()) <= 10 and not any(c.isdigit() or c == "?" for c in whom)  # (not an address)
            if found and TO_BELOW.search(sentence) and named:
                # "… and reissue it to:" over the company it goes to: the request names whom
                found[-1] = Question(f"{found[-1].text.rstrip(' :')} {whom}", "request")
            previous = sentence
            continue
        if lead_request:
            continue
        topics = topic_list(sentence)
        if topics:  # "Les points qui nous importent le plus sont : le chiffrement …, la localisation …"
            found.extend(Question(lower_first(clauses.shorten(t, MAX_ASK), language), "request") for t in topics)
            previous = sentence
            continue
        asides, sentence = bracketed_asks(sentence)  # "(… hängt die DATEV-Anbindung dran, zählt das mit?)"
        found.extend(with_lead(q, before) for before, ask in asides for q in _one(ask, language))
        # "erstens …, zweitens …"; "… auszufüllen – bitte nennen Sie uns …": a request each
        wholes = clauses.counted_points(sentence) or clauses.by_question(sentence)
        for part in (p for whole in wholes for p in clauses.by_dashed_ask(whole)):
            if (
                found
                and found[-1].kind == "question"
                and part.endswith("?")
                and len(part.rstrip(" ?").split()) <= 3
                and not ASKS_ITSELF.match(part)
            ):
                # "comment est calculée la facturation ? au prorata ?": the same question, narrowed
                found[-1] = Question(f"{found[-1].text} {part.rstrip(' ?')}?", "question")
                continue
            # (a question after the statement that opens its list item is about that statement)
            found.extend(with_context(q, own_lead(part, q) or previous, after_item) for q in _one(part, language))
        previous, after_item = sentence, is_item and "?" not in sentence
    # "a call with someone senior … who can tell me what is actually wrong": what that person is to explain is
    # asked of us too, apart from the call the call line answers
    found += [Question(clauses.shorten(told, MAX_ASK), "question") for t in sentences if (told := asked_on_call(t))]
    return tuple({q.text.lower(): q for q in found}.values())


def _joined(question: Question, more: str) -> Question:
    """``question`` with the line it wrapped onto, trailing list glue ("und", "and", "et") dropped."""
    text = JOINED_ON.sub("", f"{question.text} {more.strip()}".strip())
    return Question(clauses.shorten(text.rstrip(" ,;")), question.kind)


def _one(sentence: str, language: str, force: str | None = None) -> list[Question]:
    text = LEAD_IN.sub("", sentence.strip()).lstrip("-–—•* ")  # "quick question - is it …": the question
    why = ASKED_AFTER_WHY.match(text)  # "im Rahmen der Lieferantenprüfung ersuchen wir Sie, …": the request
    if why:  # ("hat mich um eine Stellungnahme gebeten": the request, without its participle)
        text, force = re.sub(r"\s+gebeten(?=[\s.!]*$)", "", text[why.end() :]), force or "request"
    text = VOCATIVE.sub("", text)  # "Priya, can you pass this on …": the ask, to whoever it is for
    if belief := confirm_belief(text, language):  # "il nous semble que … ; merci de nous le confirmer"
        return [Question(clauses.shorten(belief, MAX_ASK), "request")]
    if PLAN_AHEAD.match(text) or any(PLAN_AHEAD.match(c) for c in text.split(", ")[1:2]):
        return []  # "Bisher planen wir mit Excel, ab dem zweiten Quartal 2027 möchten wir umsteigen": their plan
    if not text or (PLEASANTRY.match(text) and not worried(text, language)):  # "I hope it won't be locked" asks
        return []
    asked_first, has_colon, then_asked = text.partition(" : ") if language == "fr" else text.partition(": ")
    lead_found = (
        indirect_lead(then_asked.strip()) if force is None and has_colon and REQUEST.search(asked_first) else None
    )
    if lead_found is not None and lead_found.start() == 0:
        # "merci de me faire parvenir la liste … : nous devons savoir si …": a request, then a question
        return _one(asked_first, language) + _one(then_asked, language)
    if force is None and (ideal := would_be_ideal(text, language)):  # "A written quote would be lovely when …"
        return [Question(lower_first(ideal, language), "request")]
    tail = TAIL_ASK.search(text) if force is None and text.rstrip().endswith("?") else None
    if tail and len(text[: tail.start()].split()) >= 10:
        # "… Mitternacht gehen, wobei ich nicht sicher bin, ob das ein Fehler ist – können Sie das prüfen …?": the
        # long story before the dash is no question, unless it wonders aloud in it
        head = text[: tail.start()]
        inside = ASKED_INSIDE.search(head)
        both = (_one(head[inside.start() :], language) if inside else []) + _one(text[tail.end() :], language)
        # "das bitte prüfen" says nothing the questions beside it do not: what to check is what they ask
        pointless = [q for q in both if q.kind == "request" and POINTER_ONLY.match(q.text)]
        return [q for q in both if q not in pointless] if len(both) > len(pointless) else both
    announced = KNOW_LEAD.match(text) if force is None else None
    if announced and text[announced.end() :].strip():
        # "What I'd like to know from them: did the limit change this week, is it counted per token …": each one
        parts = NEXT_ASKED.split(text[announced.end() :].rstrip(" .!"))
        return [q for part in parts for q in _one(part.rstrip(" ,?") + "?", language)]
    colon = COLON_LEAD.match(text)
    if colon and FOR_THAT.search(text, colon.end()):
        # "je souhaiterais reprendre les droits : que faut-il vous fournir pour cela ?" needs its lead, from what
        # they want on ("reprendre les droits d'administrateur : …")
        wish = WANT_TO.search(text, 0, colon.end())
        text, colon = (text[wish.end() :] if wish else text), None
    if colon and not TOPIC_LABEL.match(colon[0]):  # "Letzter Pentest: wann, durch wen …?" keeps what it is about
        text = text[colon.end() :]
    if text.rstrip().endswith("?"):
        text, parts = compound.direct_parts(text)
        # (not "…, und wie lange dauert das?": a short second part about "that" is about the first one)
        about_first = len(parts) == 2 and len(parts[1].split()) <= 5 and PRONOUN.search(parts[1])
        if force is None and len(parts) == 2 and min(len(p.split()) for p in parts) >= 3 and not about_first:
            return _one(parts[0].rstrip(" ,") + "?", language) + _one(parts[1], language)
    if force is None:
        lead_end = indirect_end(text)
        if lead_end:
            condition = CONDITION_FIRST.match(text, 0, lead_end)
            text = text[lead_end:].rstrip(" .!") + "?"
            if language == "en":  # "let me know if there's a setting …", "our treasurer asked if …": whether
                text = re.sub(r"^if\b", "whether", text)
            # "what it is so I don't get us blocked?": what it is (not "ce que vous faites pour que ça ne se
            # reproduise pas": what we do for that is the question)
            why = WHY_AFTER.search(text)
            text = text[: why.start()] + "?" if why and not DOING_AT_END.search(text[: why.start()]) else text
            if condition and (PRONOUN.search(text) or INSTEAD.search(text)):  # "If replaying has a rate limit, …
                # what it is": which "it"; "if deleting them would cause a problem, … what we should do instead"
                text = f"{condition[0].strip()} {text}"
            then = AND_DO.search(text)  # "…, welche Daten Sie gespeichert haben, und stellen Sie mir eine Kopie …"
            if then and len(text[: then.start()].split()) >= 3:
                first, then_do = text[: then.start()] + "?", text[then.end() :].rstrip(" ?")
                return _one(first, language, "question") + _one(then_do, language, "request")
            parts = compound.asked_parts(text)  # "whether there's a discount, and whether we …"
            if parts:
                return [Question(lower_first(clauses.shorten(p, MAX_ASK) + "?", language), "question") for p in parts]
        for pattern, shape in IF_THERE:
            found = pattern.match(text)
            if found and not text.rstrip().endswith("?"):
                text = shape.format(found[1].strip())
                break
    elif WHETHER.match(text) and (parts := compound.asked_parts(text.rstrip(" .;"))):
        # a list item that asks two things: "whether seats can be added part-way through the year, and how these
        # would be charged (pro rata or for a full year)"
        return [Question(lower_first(clauses.shorten(p, MAX_ASK) + "?", language), "question") for p in parts]
    asked = text.rstrip().endswith("?")
    if force is None and not asked:
        bare = UNMARKED_LEAD.sub("", text)
        # ("So has our IT technician.", "Neither does Firefox.": the same again, said short, not a question)
        if UNMARKED_Q.match(bare) and not REQUEST.search(text) and not SO_HAS.match(sentence.strip()):
            text, asked = NEW_CLAUSE.split(bare, maxsplit=1)[0].rstrip(" .!;:,") + "?", True
    if force is None:
        # "will you ship the new pair before …, or only after?": a choice asked, not a polite request
        if asked and (not POLITE_YOU.match(text) or CHOICE.search(text)):
            kind = "question"
        elif REQUEST.search(QUOTED.sub("…", text)) or asked or (IF_LEAD.match(text) and FALLBACK_NEED.search(text)):
            kind = "request"  # (not the "bitte" of an error text they quote; "Falls …, brauche ich zumindest …")
        # "I'm not paying return postage on this one" (who pays?), "Den HR-Auszug kann ich gern schicken, falls ihr den
        # braucht" (do we need it?), "ich hoffe der wird deswegen nicht gesperrt" (will it be?): the question it asks
        elif statement_asks := (
            who_pays(text, language)
            or offered(text, language)
            or worried(text, language)
            or unsure_which(text, language)
        ):
            return [Question(statement_asks, "question")]
        # "Si je n'ai pas d'ici vendredi une explication …, on ne renouvelle pas", "Über ein Angebot … würde ich mich
        # freuen"
        elif demands := demanded(text, language) or tuple(
            filter(None, [welcomed(text, language), important_that(text)])
        ):
            return [Question(lower_first(clauses.shorten(d, MAX_ASK), language), "request") for d in demands]
        elif believed := hedged(text, language) or assumed_ok(text, language):
            # "müsste noch in der Garantie sein, wenn ich richtig informiert bin", "…, I assume that's fine"
            return [Question(lower_first(clauses.shorten(believed, MAX_ASK), language), "question")]
        else:  # "… et les 230 événements manqués n'ont jamais été renvoyés": what we owe, as a statement
            owed = undone(text)
            return [Question(lower_first(clauses.shorten(owed, MAX_ASK), language), "request")] if owed else []
    else:  # a list item that ends in "?" is asked, even in a list of requests
        kind = "question" if text.rstrip().endswith("?") and not POLITE_YOU.match(text) else force
    if kind == "request":
        cut = request_text(text, language, force, _one, MAX_ASK)
        if isinstance(cut, list):
            return cut
        text = cut
    else:
        text = text.rstrip(" ?") + "?"
    text = CONNECTOR.sub("", text)  # "Par ailleurs, pourriez-vous …", "also send …": the ask itself
    # "Werden die Webhooks, die … angelegt wurden, jetzt deaktiviert?" (not ", den Login wieder einzuschalten,":
    # what the question is about, said with "zu")
    text = INNER_RELATIVE.sub(lambda m: m[0] if ZU_INFINITIVE.search(m[0]) else " ", text)
    head = TRAILING_WHY.sub("", text)
    # (not "Was braucht ihr von mir, damit ihr … zurücksetzen könnt?": what is needed, for what, is the question)
    # (not "ce que vous faites pour que ça ne se reproduise pas": what for is what they ask about what we do)
    short_need = len(head.split()) <= 6 and NEEDED_FOR.search(head)
    if head != text and len(head.split()) >= 3 and not short_need and not DOING_AT_END.search(head.rstrip(" ?")):
        text = head.rstrip(" ?") + ("?" if kind == "question" else "")
    if kind == "request" and (asks_nothing(text) or PASS_ON.search(sentence) or len(text.split()) < 2):
        return []  # (nor a lone "Bitte Kopie." after a question: what it wants a copy of is named with that)
    if ONLY_A_CASE.match(text):
        return []  # "Dans le premier cas, pourriez-vous m'indiquer …": the case is not a question of its own
    # ("…, zusammen mit der aktuellen Liste Ihrer Unterauftragsverarbeiter": a second thing asked, kept whole)
    longest = MAX_ASK + (60 if kind == "request" and ALSO_ASKED.search(text) else 0)
    text = JOINED_ON.sub(r"\1", clauses.shorten(text, longest))  # "…, and?" left where the next ask began
    if kind == "question" and not text.endswith("?"):
        text += "?"
    if len(text.strip(" ?")) < 3:
        return []
    return [Question(text=lower_first(text, language), kind=kind)]


#: The word that joined the next item or ask, left at the end: "…, und", "…, and?".
