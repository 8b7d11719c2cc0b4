"""The customer's new text as units a reader can weigh: sentences and list items, each with a penalty for a
fragment (a table row, an unfinished item), without greeting, sign-off, signature, code or quoted history. Pure.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..caseless import caseless
from .clauses import FORMAL_CLOSE, printable

_GREETING = caseless(
    r"^(hi|hello|hey|hej|dear|greetings|good (morning|afternoon|evening|day)|hallo|guten (tag|morgen|abend)|"
    r"sehr geehrte[rs]?|liebe[rs]?|moin|servus|grüß gott|bonjour|bonsoir|salut|madame|monsieur|hola|ciao|"
    r"buongiorno|to whom)\b[^,.!:?\n]{0,50}([,!:.]\s*|$)",
)
_SIGN_OFF = caseless(
    r"^(thanks?( you)?( in advance| a million| a lot| so much)?( and)?|many thanks|danke vielmals|"
    r"merci mille fois|best|best wishes|(kind|best|warm)?\s*regards|cheers|"
    r"sincerely|yours( sincerely| truly| faithfully)?|hochachtungsvoll|"
    r"mit freundlichen grüßen|(viele|beste|liebe|schöne|herzliche) grüße.*|" + FORMAL_CLOSE + r"|"
    r"gruß|danke( und)?( schön)?|vielen dank( im voraus)?|(bien )?cordialement|merci( d'avance| beaucoup)?|"
    r"sent from .*|gesendet von .*|von meinem .*|get outlook for .*)[\s,.!]*$",
)
_HISTORY = caseless(  # where quoted or forwarded history starts: nothing below it is the customer's new text
    r"^(>|-{2,}\s*(original|forwarded|weitergeleitete|ursprüngliche)|begin forwarded|_{5,}|-- ?$|"
    r"(on|am|le)\s.{4,100}(wrote|schrieb|a écrit)\s*:?\s*$)",
)
_HEADERISH = caseless(r"^(from|von|to|an|cc|sent|gesendet|date|datum|subject|betreff|de|à|objet)\s*:\s")
_CODE_LINE = caseless(r"^\s{2,}\S|traceback|^\s*file \"|[{}\[\]^]{2}|^\s*[{}]|\w+(error|exception):\s")
_LIST_ITEM = re.compile(r"^([-*•–]|\d{1,2}[.)])\s+")
#: (a smiley ends a sentence too: "… ruhiger als bei uns :-) Ich schreibe …")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÜÀ-Ý0-9\"'(„“¿¡])|(?:(?<=[:;]-\))|(?<=[:;]\)))\s+(?=[A-ZÄÖÜÀ-Ý])")
_ABBREVIATION = caseless(
    r"(\b(art|idnr|nr|no|ca|bzw|inkl|ggf|evtl|z\.\s?b|e\.g|i\.e|mr|mrs|ms|dr|prof|st|vs|approx|etc|abs|u\.a|d\.h|"
    r"mme|env)|\b\d{1,2}\.\d{1,2}|\b[A-Za-z]|\b\d{1,2})\.$",  # "am 6. Oktober",
)


# The planner asks for one text's units twice (``questions_asked`` and ``key_sentence``): the second call
# reuses the first's. A few entries are enough for that; a tuple, so no caller can change what is kept.
@lru_cache(maxsize=8)
def sentence_units(text: str) -> tuple[tuple[str, float], ...]:
    """The customer's sentences and list items with a penalty for fragments (table rows, unfinished
    items, code), without greeting, sign-off, signature or quoted history."""
    units: list[tuple[str, float]] = []
    para: list[str] = []

    def flush() -> None:
        if not para:
            return
        if len(para) >= 3 and not any(ln[-1] in ".!?;:," for ln in para):
            units.extend((ln, 3.0) for ln in para)  # a table or a block of labels, not sentences
        else:
            units.extend((s, 0.0 if s[-1] in ".!?…:)\"'“”" else 1.5) for s in sentences_of(" ".join(para)))
        para.clear()

    for raw in text.splitlines():
        line = printable(raw.strip())
        if _HISTORY.match(line):
            break
        if (units or para) and _SIGN_OFF.match(line):
            break  # a sign-off: what follows is the name and the signature
        line = _GREETING.sub("", line, count=1) if not (units or para) else line
        if not line or _HEADERISH.match(line) or _SIGN_OFF.match(line) or _CODE_LINE.search(raw):
            flush()
            continue
        if _LIST_ITEM.match(line):
            flush()
            line = _LIST_ITEM.sub("", line)
        para.append(line)
    flush()
    return tuple(units)


def sentences_of(paragraph: str) -> list[str]:
    out: list[str] = []
    for piece in _SENTENCE_END.split(paragraph):
        if out and _ABBREVIATION.search(out[-1]):
            out[-1] = f"{out[-1]} {piece}"
        else:
            out.append(piece)
    return [s.strip() for s in out if s.strip()]
