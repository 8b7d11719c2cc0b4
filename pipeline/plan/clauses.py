"""The customer's new text cut into what the readers work on: the body without greeting, sign-off and
signature, its sentences, and short clauses. Pure string functions, never raising.

``reading`` has its own sentence splitter for the key sentence; this one is kept apart because the
readers here need positions, list items and inline numbered lists ("1. ... 2. ..."), and because
``reading`` is tuned for a different job and changes with it.
"""

from __future__ import annotations

import re

from ..caseless import caseless

#: Long mail is cut here: no customer writes their facts past this, and the patterns stay linear in cost.
MAX_CHARS = 20_000

_HISTORY = caseless(
    r"^(>|-{2,}\s*(original|forwarded|weitergeleitete|ursprüngliche|message d'origine)|begin forwarded|_{5,}|"
    r"(on|am|le)\s.{4,100}(wrote|schrieb|a écrit)\s*:?\s*$)",
)
#: The formal French close, a line of its own before the signature: "Veuillez agréer, Madame, Monsieur, …",
#: "Recevez, Madame, mes sincères salutations", "Vous remerciant par avance, …" (``reading`` uses it too).
FORMAL_CLOSE = (
    r"(je vous prie d'|veuillez |nous vous prions d')agr[ée]er\b.*|(recevez|bien|sincères)\b.*salutations.*|"
    r"(en )?vous remerciant (par avance|d'avance|de votre|pour votre)\b.*"
)
_SIGN_OFF = caseless(
    r"^(thanks?( you)?( so much| in advance| a million| a lot)?|many thanks|danke vielmals|"
    r"merci mille fois|best|best wishes|(kind|best|warm)?\s*regards|cheers|"
    r"sincerely|yours( sincerely| truly| faithfully)?|hochachtungsvoll|"
    r"mit freundlichen grüßen|(viele|beste|liebe|schöne|herzliche) grüße|"
    r"freundliche grüße|gruß|danke( schön)?|vielen dank( im voraus)?|(bien )?cordialement|bien à vous|"
    + FORMAL_CLOSE
    + r"|"
    r"merci( d'avance| beaucoup)?|--\s*|sent from .*|gesendet von .*|von meinem .*)[\s,.!]*$",
)
GREETING = caseless(
    r"^(hi|hello|hey|dear|greetings|good (morning|afternoon|evening)|hallo|guten (tag|morgen|abend)|"
    r"sehr geehrte[rs]?|liebe[rs]?|moin|bonjour|bonsoir|salut|bjr|slt|madame|monsieur|to whom it may concern)\b"
    r"[^,.!:?\n]{0,40}([,!:]|\.(?=\s|$)|$)\s*",
)
#: (a smiley ends a sentence too: "ich gehe in Rente :-) Bitte tragen Sie ihn ein")
_SENTENCE_END = re.compile(
    r"(?<=[.!?])\s+(?=[^\s])|(?<=\?)(?=[A-ZÄÖÜÀ-Ý])|(?:(?<=[:;]-\))|(?<=[:;]\)))\s+(?=[A-ZÄÖÜÀ-Ý])"
)
_ABBREVIATION = caseless(
    r"(\b(idnr|nr|no|ca|bzw|inkl|ggf|evtl|z\.\s?b|e\.g|i\.e|mr|mrs|ms|dr|prof|st|vs|approx|etc|u\.a|d\.h|mme|env|"
    r"art|abs|tel|n°)|(?<![\w/-])\d{1,2}|(?<!\d\s)\b[A-Za-z])\.$",  # an initial ("J."), not a unit ("1 297,
)
LIST_ITEM = re.compile(r"^\s*([-*•–]|\(?\d{1,2}[.)]|\(?[a-hA-H]\))\s+")  # "- ", "1.", "(2)", "a)", "(b)"
_INLINE_ITEM = re.compile(r"(?:^|[\s,:;])\(?(\d{1,2})[.)]\s+(?=\S)")


def printable(text: str) -> str:
    """``text`` without its unprintable characters. Most lines have none: ``str.isprintable`` checks the
    whole line in C, and only a line with one is rebuilt character by character (the same result)."""
    return text if text.isprintable() else "".join(c for c in text if c.isprintable())


def body(text: str) -> str:
    """The customer's own lines: up to quoted history or the sign-off (the signature below it holds
    phone numbers and prices that are not facts of this case), at most ``MAX_CHARS``."""
    lines: list[str] = []
    for line in text[:MAX_CHARS].splitlines():
        stripped = line.strip()
        if _HISTORY.match(stripped):
            break
        if lines and any(ln.strip() for ln in lines) and _SIGN_OFF.match(stripped):
            break
        lines.append(line)
    return "\n".join(lines)


_LABEL_LINE = re.compile(r"^[A-ZÄÖÜ][\w-]*(?: [\w-]+){0,2}:\s*[^\s.!?]+(?: [^\s.!?]+){0,2}$")
_ASK_OPENS = caseless(r"(?:pls|please|plz|bitte|merci de|could you|can you|können sie|pourriez-vous)\b")


def sentences(text: str) -> list[str]:
    """Sentences and list items of ``text`` (greeting removed), in order. A line ending without
    punctuation and followed by a list item or a blank line ends its sentence; an indented or lower-case
    line after a list item is that item wrapping on ("- … billed" / "  annually? Is there …")."""
    units: list[str] = []
    para: list[str] = []

    def flush() -> None:
        if para:
            units.extend(_split(" ".join(para)))
            para.clear()

    in_item = False  # the paragraph is a list item, which wrapped lines may continue
    for raw in _line_by_line(text).splitlines():
        line = printable(raw.strip())
        if not units and not para:
            line = GREETING.sub("", line, count=1).strip()
        if not line:
            flush()
            in_item = False
            continue
        item = LIST_ITEM.match(line)
        number = item[1].strip("().") if item and item[1][:1] in "(0123456789" else ""
        if item and number.isdigit() and int(number) > 1 and para and not para[-1].endswith((".", ":", "!", "?", ";")):
            number_before = LIST_ITEM.match(para[0])
            if not (number_before and number_before[1].strip("().").isdigit()):
                # "… fehlen die Einträge vom" / "23. bis 30.11. komplett": a wrapped line, not item 23 of a list
                para.append(line)
                continue
        if item:
            flush()
            para.append(line)
            in_item = True
            continue
        if in_item and not (raw[:1].isspace() or line[:1].islower()):
            flush()  # "- last item" then "Thanks": a new paragraph, not the item wrapping on
            in_item = False
        if para and re.fullmatch(r"[A-ZÄÖÜ][a-zäöüßéèç]+[.!]?", line):
            flush()  # "… when its back" then "Daan": the name they sign with, not the end of their sentence
            continue
        if _LABEL_LINE.match(line):  # "Workspace: visser-bouw" on its own line says one thing, and ends there
            flush()
            units.append(line)
            continue
        if para and not para[-1].endswith((".", "!", "?", ":", ",", ";")) and _ASK_OPENS.match(line):
            flush()  # "… all green" then "Pls let me know …" on the next line: a new sentence, typed without a stop
        elif para and len(para[-1]) > _UNWRAPPED and not para[-1].endswith((",", ";", ":", "-", "–")):
            flush()  # a line longer than any mail client wraps at, typed on a phone: its end ends the sentence
        para.append(line)
    flush()
    return units


#: Longer than mail clients wrap lines at (72 to 78 characters, some 100): a line this long was not wrapped.
_UNWRAPPED = 110
#: A line this much shorter than the longest of its paragraph was ended by hand, not wrapped by a mail client.
_HAND_ENDED = 0.6
_NEAR_WIDTH = 0.8
_ENDS_SENTENCE = (".", "!", "?", ":", ";", ",")


def _line_by_line(text: str) -> str:
    """``text`` with each line of a paragraph typed line by line on a phone ("lost my phone fri, new phone …" /
    "im the only admin so nobody else can reset me" / "can u turn off the 2fa …": no stops, lines of all lengths)
    set apart as its own paragraph; wrapped prose (lines of much the same length) as it is."""
    blocks = re.split(r"(\n[ \t]*\n)", text)
    for i, block in enumerate(blocks):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        inner = lines[:-1]
        if len(lines) < 3 or any(LIST_ITEM.match(line) or line.startswith(">") for line in lines):
            continue
        if max(map(len, lines)) > _UNWRAPPED:
            # a mail client that does not wrap: each line ends where its writer pressed Enter, so a line that goes
            # on with a capital ("… depuis mon compte admin" / "Ils commencent …") starts a new sentence
            blocks[i] = "".join(
                line + ("\n\n" if nxt[:1].isupper() and not line.endswith((",", ";", ":", "-", "–")) else "\n")
                for line, nxt in zip(lines, [*lines[1:], ""], strict=True)
            )
            continue
        if sum(line.endswith(_ENDS_SENTENCE) for line in inner) > 1:
            continue
        longest = max(map(len, inner))
        # (wrapped prose has most lines near the width it wraps at; a hand-ended line or two does not make it typed)
        near_width = sum(len(line) >= _NEAR_WIDTH * longest for line in inner)
        if near_width <= 1 and min(map(len, inner)) < _HAND_ENDED * longest:
            blocks[i] = "\n\n".join(lines)
    return "".join(blocks)


_SMILEY = re.compile(r"[:;]-?[()]")


def _open_brackets(text: str) -> int:
    """Brackets still open in ``text``; a smiley's ":(" opens none."""
    text = _SMILEY.sub("", text)
    return text.count("(") - text.count(")")


_DAY_DOT = re.compile(r"(?<![\d.])\d{1,2}\.$")
_DAY_GOES_ON = re.compile(
    r"[a-zäöü–-]|(?:Januar|Jänner|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember|"
    r"Jan|Feb|Mär|Apr|Jun|Jul|Aug|Sep|Sept|Okt|Nov|Dez)\b"
)


_COMPANY_DOT = re.compile(r"\b(?:Co|Inc|Ltd|Corp|Bros|Cie)\.$")


def _split(paragraph: str) -> list[str]:
    out: list[str] = []
    for piece in _SENTENCE_END.split(paragraph):
        # the tail only: a run of "x. x. x." stays linear; "(UE ? quel pays ?)": a bracket still open goes on
        # ("vom 23. bis 30.11.", "am 3. Dezember": a German day's full stop goes on into what follows)
        day = out and _DAY_DOT.search(out[-1][-8:]) and _DAY_GOES_ON.match(piece)
        # ("Copper Kettle Brewing Co. (your account ref …)": a company's "Co." before a bracket or a lower-case word)
        company = out and _COMPANY_DOT.search(out[-1][-8:]) and (piece[:1] == "(" or piece[:1].islower())
        if out and (_ABBREVIATION.search(out[-1][-16:]) or 0 < _open_brackets(out[-1]) < 3 or day or company):
            out[-1] = f"{out[-1]} {piece}"
        else:
            out.append(piece)
    return [s.strip() for s in out if s.strip()]


def inline_items(sentence: str) -> tuple[str, list[str]]:
    """("lead", [items]) of a sentence holding a numbered list ("Ich bitte Sie, 1. ... 2. ..."), or
    (sentence, []) when it holds none. Items must count up from 1, so "version 2. Then" is no list."""
    matches = list(_INLINE_ITEM.finditer(sentence))
    numbered = [m for m in matches if m[1].isdigit()]
    expected, picked = 1, []
    for m in numbered:
        if int(m[1]) == expected:
            picked.append(m)
            expected += 1
    if len(picked) < 2:
        return sentence, []
    items = [sentence[m.end() : (picked[i + 1].start() if i + 1 < len(picked) else len(sentence))]
             for i, m in enumerate(picked)]  # fmt: skip
    return sentence[: picked[0].start()].strip(), [i.strip(" ,;") for i in items if i.strip(" ,;")]


_BOUNDARY = re.compile(r",\s|;\s|\s[–—-]\s|:\s|\s(?:and|but|which|because|und|aber|weil|et|mais|car|parce que)\s|"
                       r"\s(?:oder|or|ou) (?=ob|whether|si)")  # fmt: skip


ASIDE = re.compile(r"\s*\([^()]{3,}\)")  # an aside in brackets, with the space before it


def _closed(head: str) -> bool:
    """Whether every quotation opened in ``head`` is closed in it: „…“ (German), “…” (English), «…», "…"."""
    curly = head.count("“")
    paired = curly == head.count("„") if "„" in head else curly == head.count("”")
    return paired and head.count("«") == head.count("»") and head.count('"') % 2 == 0


def shorten(clause: str, limit: int = 120, at_word: bool = True) -> str:
    """``clause`` cut at its last clause boundary before ``limit`` (then at a word, unless not ``at_word``),
    without dangling punctuation; unchanged when short enough."""
    clause = " ".join(clause.split())
    if len(clause) <= limit:
        return clause
    bare = ASIDE.sub("", clause)  # "(y compris les sauvegardes et les journaux)": an aside goes before any words
    if len(bare.split()) >= 4:
        clause = bare
        if len(clause) <= limit:
            return clause
    # never inside a quotation: "Die Position „Team, 20 Lizenzen“" is not cut after "Team"
    cuts = [
        m.start()
        for m in _BOUNDARY.finditer(clause)
        if 20 <= m.start() <= limit and _closed(clause[: m.start()]) and not _paired_and(m, clause)
    ]
    if not cuts and not at_word:
        return clause
    cut = cuts[-1] if cuts else clause.rfind(" ", 0, limit)
    # "… d'enseignement et, le cas échéant, …" cut after its "et": the clause, without the word that joined the next
    return _DANGLING.sub("", clause[: cut if cut > 0 else limit].rstrip(" ,;:–—-")).rstrip(" ,;:–—-")


def _paired_and(boundary: re.Match[str], clause: str) -> bool:
    """Whether the boundary is the "and" of "between A and B" ("entre A et B", "zwischen A und B"): no cut there."""
    return boundary[0].strip() in ("and", "et", "und") and bool(_BETWEEN.search(clause[: boundary.start()]))


_BETWEEN = caseless(r"\b(?:between|entre|zwischen|both|sowohl)\s+(?:\S+\s+){0,5}\S+$")
# (a preposition too: "… certificate, in which country …" cut before "which" keeps no "in")
_DANGLING = caseless(
    r"[\s,]+(?:and|or|but|und|oder|aber|et|ou|mais|in|of|to|for|with|on|at|from|by|im|zu|für|mit|von|bei|auf|"
    r"à|de|du|des|en|dans|pour|avec|sur|par|that is|i\.\s?e\.|namely|d\.\s?h\.|also|nämlich|c'est-à-dire|à savoir)$"
)


#: A dash before a new request: "… auszufüllen – bitte nennen Sie uns dafür einen Ansprechpartner", "… – please".
_DASHED_ASK = caseless(
    r"\s[–—]\s+(?=(?:bitte|please|kindly|could you|can you|können sie|könnten sie|merci de|pourriez-vous|"
    r"pouvez-vous)\b)"
)


def by_dashed_ask(part: str) -> list[str]:
    """``part`` split before a dash that opens a new request (one request each); whole when there is none."""
    # (a long story, a dash, then the question: the asks reader reads that tail itself)
    if not ("–" in part or "—" in part) or part.rstrip().endswith("?"):
        return [part]
    return [p.strip() for p in _DASHED_ASK.split(part) if p.strip()]


def by_question(sentence: str) -> list[str]:
    """``sentence`` split after each question mark that ends a question, not one inside brackets
    ("le lieu d'hébergement (UE ? quel pays ?) et la liste …" is one)."""
    parts, depth, start = [], 0, 0
    for i, char in enumerate(sentence):
        depth += (char == "(") - (char == ")") if char in "()" else 0
        if char == "?" and depth <= 0 and i + 1 < len(sentence) and sentence[i + 1].isspace():
            parts.append(sentence[start : i + 1])
            start = i + 1
    parts.append(sentence[start:])
    return [p.strip() for p in parts if p.strip()]


#: Points counted off inside one sentence: "Ich will erstens …, zweitens … und drittens …", "firstly …, secondly …".
_ORDINAL = caseless(
    r"\b(?:erstens|zweitens|drittens|viertens|firstly|secondly|thirdly|fourthly|premièrement|deuxièmement|"
    r"troisièmement|quatrièmement)\b,?\s*|"
    # "first, is this …; second, has …; and third, will …": counted off with a comma after each
    r"\b(?:first|second|third|fourth)\b,\s*",
)
_ITEM_GLUE = caseless(r"[\s,;]+(?:und|and|et|sowie)?\s*$")


def counted_points(sentence: str) -> list[str]:
    """Each point of a sentence that counts them off, with the words before the first ("Ich will erstens wissen,
    was …, zweitens eine Stellungnahme" -> "Ich will wissen, was …", "Ich will eine Stellungnahme"); [] for a
    sentence that does not count two or more."""
    marks = list(_ORDINAL.finditer(sentence))
    if len(marks) < 2:
        return []
    lead = sentence[: marks[0].start()].strip()
    ends = [m.start() for m in marks[1:]] + [len(sentence)]
    points = [_ITEM_GLUE.sub("", sentence[m.end() : end]) for m, end in zip(marks, ends, strict=True)]
    # ("…; deuxièmement, pourquoi …; et troisièmement, comment …?": the question mark ends each point)
    asked = "?" if sentence.rstrip().endswith("?") else ""
    points = [p.rstrip(" ;,") + asked if asked and not p.rstrip().endswith("?") else p for p in points]
    return [f"{lead} {p}".strip() for p in points if p.strip()]


#: Where a sentence ends for the deadline reader: not after a number's full stop ("am 3. Dezember"; it does at a line's
#: end: "… B-2026-40817.") nor after "Art.",
#: "Abs.", "Nr.", "ca." ("die Frist nach Art. 12 Abs. 3 DSGVO" is one sentence).
_FULL_STOP = re.compile(
    r"[.!?](?=\s|$)(?<!\d\.)(?<!\bArt\.)(?<!\bAbs\.)(?<!\bNr\.)(?<!\bca\.)|(?<=\d)\.(?=\n)|\n\s*\n|"
    # a clock time ends a sentence ("… avant 9 h 30. Ces éléments …", "… until 10:30. The …"): no German day "30."
    r"(?<=\d[h:] \d\d)\.(?=\s+[A-ZÀ-Ü])|(?<=\d[h:]\d\d)\.(?=\s+[A-ZÀ-Ü])|(?<=\d h \d\d)\.(?=\s+[A-ZÀ-Ü])"
)


def with_offsets(text: str) -> list[tuple[int, str]]:
    """``text`` cut into sentences at full stops and blank lines, each with where it starts."""
    out, start = [], 0
    for match in _FULL_STOP.finditer(text):
        out.append((start, text[start : match.end()]))
        start = match.end()
    out.append((start, text[start:]))
    return out


def stems(text: str) -> set[str]:
    """The first five letters of each word of four letters or more, so that "hébergées" and "hébergeur" match, and
    "sous-traitants" and "sous-traitant"; and acronyms ("SOC", "DPA"). What a question and a text share."""
    return {w[:5] for w in re.findall(r"\w{4,}", text.lower())} | set(re.findall(r"\b[A-Z]{2,}\b", text))


#: A paragraph that quotes our earlier advice whole: "\"The slowness … Please try clearing your cache …\"" (long,
#: in quotes, telling them what to do). It is what we said, not what they ask or report.
_QUOTED_ADVICE = re.compile(
    r"(?:^|\n\n)[ \t]*[\"“„«](?=[^\n]{60,}[\"”“»][ \t.]*(?:\n\n|$))(?=[^\n]*\b(?:please|try|we recommend|you can|bitte|"
    r"versuchen sie|empfehlen|merci de|essayez|veuillez|nous recommandons)\b)[^\n]*[\"”“»][ \t.]*(?=\n\n|$)",
    re.IGNORECASE,
)


def without_quoted_advice(text: str) -> str:
    """``text`` without paragraphs that quote our earlier advice whole."""
    return _QUOTED_ADVICE.sub("", text) if '"' in text or "“" in text or "„" in text or "«" in text else text
