"""Which requests the reader found are only the customer's own situation or deadline, said to explain the
hurry ("I'm the only admin …", "we need the hubs by 6 July"), not something they ask of us. Pure."""

from __future__ import annotations

import re

from ..caseless import caseless
from .customer import Question

#: "I need to run the payroll export before 9am", "I'm the only admin …", "Wir brauchen die Hubs bis 6. Juli":
#: the customer's own situation or deadline, said to explain the hurry, not something they ask of us.
_OWN_TASK = caseless(
    r"^(?:i|we)(?:'m| am| are|'re)\b|^(?:ich|wir) (?:bin|sind)\b|^(?:je|nous) (?:suis|sommes)\b|"
    # "I need to upload the new cert but I can't get in": their own job; "we need to know …",
    # "we need to get access back" ask something of us
    r"^(?:i|we) (?:need|have) to (?!(?:know|understand|find out|get|have|receive|see|hear|be)\b)"
)
_NEED_BY = caseless(r"^(?:i|we|ich|wir|nous|j'|je) ?(?:need|have to|(?:would|'d) need|brauche|brauchen|bräuchte|"
                    r"bräuchten|benötige|benötigen|muss|müssen|avons besoin|ai besoin|aurais besoin|aurions besoin|"
                    r"dois|devons)\b")  # fmt: skip


#: "please see the attached remittance advice": a pointer to what they sent, nothing for us to answer.
_POINTER = caseless(
    r"\b(?:please )?(?:see|find) (?:the )?(?:attached|enclosed)\b|\b(?:siehe|im) anhang\b|\banbei\b"
    r"|\bci-joint\b|\bvoir (?:la |le )?pi[eè]ce jointe\b",
)


#: "Could you clarify the following points?": it announces their list, the items are the questions.
_ANNOUNCES = caseless(
    r"\b(?:the following(?: points| questions| items)?|these (?:points|questions)|folgende[nr]? (?:punkte|fragen)|"
    r"(?:les|ces) points suivants|(?:les|ces) questions suivantes)\s*[?:.]?\s*$",
)


def their_own_task(question: Question, deadline: str) -> bool:
    """Whether a request the reader found is the customer telling us their situation or their deadline (the
    reply names their deadline apart): "I'm the only admin …", "we need the hubs by 6 July"."""
    if question.kind == "request" and deadline and _ONLY_A_REPLY.match(question.text):
        return True  # "I expect a reply within the one month the law allows": their deadline, named apart
    if question.kind != "request" or _FROM_US.search(question.text):
        return False  # "Ich brauche bis heute 16 Uhr eine Lösung oder einen Workaround": what they need from us
    if _OWN_TASK.match(question.text) or _POINTER.search(question.text) or _ANNOUNCES.search(question.text):
        return True
    said = " ".join(deadline.split()).lower()  # the deadline as written may wrap over two lines
    asked = " ".join(question.text.split()).lower()
    if said and (said == asked or (said in asked and len(said) >= 0.6 * len(asked))):
        return True  # "notre clôture mensuelle a lieu le vendredi 27 novembre": their deadline, named apart
    if said and said in asked and (_THEIR_SUBJECT.match(asked) or _NEEDS.search(asked)):
        return True  # "I close the books on 4 December, so I need it before then", "… bis dahin brauchen wir …"
    return bool(said) and said in asked and bool(_NEED_BY.match(question.text))


#: A request for nothing but our reply: with a deadline, the reply's deadline line answers it.
_ONLY_A_REPLY = caseless(
    r"^(?:an?|the|your|une|votre|eine|ihre)?\s*(?:reply|answer|response|réponse|antwort|rückmeldung)\b"
)
#: What only we can give: "a solution", "einen Workaround", "une réponse" (not their own "we need to reply to her").
_FROM_US = caseless(
    r"\b(?:solution|fix|workaround|(?<!to )(?:answer|response|reply)|credit note|corrected invoice|refund|quote|"
    r"confirmation|"
    r"l(?:ö|oe)sung\w*|antwort|r(?:ü|ue)ckmeldung|gutschrift|stornorechnung|rechnungskorrektur|erstattung|angebot|"
    r"best(?:ä|ae)tigung|aussage|ersatz\w*|austauschger(?:ä|ae)t\w*|replacement\w*|remplacement|"
    r"réponse|contournement|correctif|avoir|facture rectificative|remboursement|devis)\b",
)


_NEED_LEAD = caseless(r"^(?:i|we|ich|wir) (?:need|brauche|brauchen|benötige|benötigen)\s+(?=(?:a|an|the|some|eine?n?|"
                      r"die|das|den)\b)|^(?:j'ai|nous avons) besoin d(?:'|e |')(?=\w)")  # fmt: skip


_HEDGE_LEFT = caseless(
    r",?\s*(?:möglichst|wenn möglich|if possible|ideally|idéalement|si possible|at the latest|"
    r"au plus tard|spätestens|allerspätestens)\s*,?\s*$"
)


def without_deadline(question: Question, deadline: str) -> Question:
    """A request without the deadline inside it, which the reply names apart: "Ich brauche bis heute 16 Uhr eine
    Lösung" is "Ich brauche eine Lösung"."""
    said = " ".join(deadline.split())
    text = " ".join(question.text.split())
    if question.kind != "request" or not said or said not in text or len(text) - len(said) < 8:
        return question
    shorter = " ".join(text.replace(said, " ").split()).replace(" ,", ",")
    # "Die Kartenabrechnung schließe ich am Freitag ab - bis dahin bräuchte ich …" without its deadline: what follows
    # the dash ("Die ab - bis dahin …" would say nothing)
    head, dash, tail = shorter.partition(" - ") if " - " in shorter else shorter.partition(" – ")
    # (not "… persönlich anruft – nicht der Support und kein Ticketsystem": who is to call, said again)
    needs_after = _THEN.match(tail) or _NEEDS.search(tail)
    if dash and text.find(said) < len(head) + len(said) and len(tail.split()) >= 4 and needs_after:
        shorter = _THEN.sub("", tail)
    shorter = _HEDGE_LEFT.sub("", shorter)  # "…, möglichst bis Monatsende" without its deadline: no "möglichst"
    if _NEED_LAST.search(shorter):
        return question  # "Die Ersatzgeräte bräuchten wir spätestens Freitag": without its deadline it says nothing
    if _FROM_US.search(shorter):  # "eine Lösung oder wenigstens einen Workaround": the thing, not their voice
        shorter = _NEED_LEAD.sub("", shorter, count=1)
    # ("… pour le conseil d'administration, d'ici la fin de la semaine prochaine": no comma left at the end)
    return Question(shorter.rstrip(" ,;"), question.kind, question.bare)


#: A request whose deadline was its last part: "Die Ersatzgeräte bräuchten wir", "les écrans, il nous les faut".
_NEED_LAST = caseless(
    r"\b(?:bräuchten|brauchen|benötigen|bräuchte|brauche|benötige) (?:wir|ich)$|\bil (?:nous|me) les? faut$"
)
#: "bis dahin", "by then", "d'ici là" at the start of what is left: the deadline it pointed to is named apart.
_THEN = re.compile(r"^(?:bis dahin|by then|until then|d'ici là|avant cela)\s*,?\s*", re.IGNORECASE)
_NEEDS = re.compile(r"\b(?:need|needs|must|brauch\w*|benötig\w*|besoin|faut)\b")
_THEIR_SUBJECT = re.compile(r"^(?:i|we|our|my|ich|wir|unser\w*|mein\w*|je|j'|notre|nos|mon|ma|nous \w+ons)\b")
