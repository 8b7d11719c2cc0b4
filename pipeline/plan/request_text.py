"""The request branch of reading one ask (``asks._one``): a request cut down to what it asks of us. "Nous avons
désactivé son compte ; nous vous demandons de supprimer …" is the ask after the semicolon; "Bis dahin brauche ich
eine Lösung" the need without their deadline; "find out why it stopped, fix the times and resend the reports" three
requests. Pure; never raises on any text.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from . import clauses
from .ask_words import (
    ASK_ASIDE,
    AT_LINK,
    BUT_WISH,
    BY_THEN_LEAD,
    CONDITION_FIRST,
    I_WISH,
    IF_LEAD,
    JOINED_ON,
    LEGAL_BASIS,
    REASON_AFTER_COLON,
    REQUEST,
    REQUEST_LEAD,
    THEREFORE,
    TOLD,
    TRAILING_PLEASE,
)
from .customer import Question
from .first_word import lower_first
from .indirect import indirect_lead
from .request_parts import (
    AND_DO,
    AND_MUST,
    AND_NEED,
    AND_TO,
    BARE_KNOW,
    FALLBACK_NEED,
    FIRST_PERSON,
    IMPERATIVE_AFTER,
    INNER_ASK,
    KEEP_US,
)
from .steps import verb_steps

#: Reads one ask (``asks._one``): a part of a request that is itself a question or a request is read again.
ReadOne = Callable[..., list[Question]]


def indirect_end(text: str) -> int:
    """Where the lead of an indirect question ends in ``text`` (0: none), also after a condition of its own: "If
    deleting the clock-ins would cause a problem there, please tell me what we should do instead"."""
    indirect = indirect_lead(text)
    if indirect:
        return indirect.end()
    condition = CONDITION_FIRST.match(text)
    rest = text[condition.end() :].lstrip() if condition else ""
    inner = indirect_lead(rest) if rest else None
    return len(text) - len(rest) + inner.end() if inner else 0


def request_text(text: str, language: str, force: str | None, one: ReadOne, max_ask: int) -> str | list[Question]:
    """The request in ``text`` cut down to what it asks of us, or the asks it turned out to hold (read by ``one``)."""
    inner = INNER_ASK.search(text)  # "1. INV-…, €412.50 – taken twice on 2 December. Please refund the duplicate."
    text = text[inner.end() :] if inner else text
    text = ASK_ASIDE.sub(" ", text)  # "…, le cas échéant, quelles données …": the ask without its hedge
    fallback = FALLBACK_NEED.search(text) if IF_LEAD.match(text) else None
    then = BY_THEN_LEAD.match(text)  # "Bis dahin brauche ich eine Lösung": their deadline is named apart
    if fallback or then:  # "Falls das bis dahin nicht zu lösen ist, brauche ich zumindest einen Workaround": the need
        rest = text[(fallback or then).end() :].lstrip()  # type: ignore[union-attr]
        text = re.sub(r"^(\w+) (ich|wir)\b", r"\2 \1", rest)  # "ich brauche …"
    wish = REQUEST.search(text)
    lead_in = text[: wish.start()] if wish else ""
    if (
        wish
        and (lead_in.rstrip().endswith(",") or (LEGAL_BASIS.match(lead_in) and len(lead_in.split()) <= 6))
        and len(lead_in.split()) <= 12
        and I_WISH.match(wish[0])
        and not IF_LEAD.match(lead_in)  # "If you can't give one, I want someone more senior …": a condition
    ):
        # "Avant cela, et en application de l'article 15, je souhaiterais obtenir une copie …": the wish
        text = text[wish.start() :]
    lead, _, rest = text.partition(", ")
    story, _, asked_after = re.sub(r"\s;\s", "; ", text).partition("; ")
    if asked_after and not REQUEST.search(story) and REQUEST_LEAD.match(asked_after):
        # "Nous avons désactivé son compte de notre côté ; nous vous demandons de supprimer …": the ask
        lead, rest = story, asked_after
    # ("Ein neues SEPA-Mandat unterschreibe ich gern, schicken Sie mir einfach das Formular": the imperative)
    told_do = IMPERATIVE_AFTER.match(rest) and len(rest.split()) >= 4 and FIRST_PERSON.search(lead)
    if rest and not REQUEST.search(lead) and (REQUEST_LEAD.match(rest) or told_do):
        # "For the invoice issued in error, we would also ask that you send …", "Conformément à l'article 17
        # du RGPD, je vous demande de procéder à l'effacement …": the ask
        text = rest
    need = AND_NEED.search(text)  # "notre siège est en Californie et il nous faut le correctif": the need
    if need and not REQUEST.search(text[: need.start()]):
        text = text[need.start() :].lstrip().partition(" ")[2]
    but = BUT_WISH.search(text)  # "we pay by card at the moment but our treasurer would much prefer an invoice"
    if but and REQUEST.search(text, but.end()) and not REQUEST.search(text[: but.start()]):
        text = text[but.end() :]
    therefore = THEREFORE.search(text)  # "c'est pour une chambre froide donc on préférerait …": the wish
    if therefore and REQUEST.search(text, therefore.end()):
        text = text[therefore.end() :]
        if indirect_end(text.strip()):  # "…, so if that would cause a problem, please tell me what …": asks
            return one(text, language)
    text = REQUEST_LEAD.sub("", KEEP_US.sub("", text, count=1), count=1)
    second = AND_TO.split(text, maxsplit=1) if force is None else [text]
    if len(second) != 2:  # (in a list item too: "1. le contact devient X, et idéalement il faudrait refaire …")
        second = AND_MUST.split(text, maxsplit=1)
    if len(second) != 2:
        second = AND_DO.split(text, maxsplit=1)
    if len(second) == 2 and min(len(p.split()) for p in second) >= 3:
        # "me confirmer par écrit la suppression … et de m'indiquer quelles données …": two asks
        # ("…, et savoir s'il est possible …": the second one asks whether)
        known = BARE_KNOW.sub("", second[1]).rstrip(" .") + "?" if BARE_KNOW.match(second[1]) else second[1]
        # ("since Friday our integration has been having a rough time, and I want to rule out our side": what
        # happened, then the wish; only the wish asks)
        told = TOLD.search(second[0]) and not REQUEST.search(second[0])
        return ([] if told else one(second[0], language, "request")) + (
            one(known, language) or one(known, language, "request")  # a question, else a request
        )
    text = TRAILING_PLEASE.sub(r"\2", text)
    text = REASON_AFTER_COLON.sub("", text)  # "la suppression du contact … : c'est moi votre seul interlocuteur"
    text = AT_LINK.sub("", text)  # "… in unserem Portal unter https://… auszufüllen": the ask, not the link
    text = JOINED_ON.sub("", text.rstrip(" .!?;:,"))  # "…, und" / "2. …": the item, not the glue
    steps = verb_steps(text, language) if force is None else []
    if steps:
        # "find out why it stopped, fix the XLSX times and resend the missed reports": three things to name
        return [Question(lower_first(clauses.shorten(p.strip(" ,;"), max_ask), language), "request")
                for p in steps]  # fmt: skip
    return text
