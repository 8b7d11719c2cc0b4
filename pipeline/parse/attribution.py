"""Quote-attribution lines ("On <date>, <name> wrote:") that mail-parser-reply does not split on.

mail-parser-reply (configured in ``text``) knows one attribution form per language it supports, each
on one or two lines. Mail in a support inbox brings more, and these are the ones it misses:

- forms of its languages it lacks: Dutch "Op <date> schreef <name>:", Polish "W dniu <date>
  użytkownik <name> napisał:" and date-first "<date> <name> napisał(a):", Spanish "El <date>, <name>
  escribió:" (its pattern wants two spaces before "escribió"), French "Le <date>, <name> a écrit :"
  written above the quote (its pattern has a capturing group, so its reader also splits inside
  the line and keeps "Le" as the reply);
- languages it lacks: Norwegian "På ... skrev:", Portuguese "Em ... escreveu:", Vietnamese
  "Vào ... đã viết:", and date-first Ukrainian, Russian, Finnish ("<date> <name> пише:",
  "... написал(а):", "... kirjoitti:");
- client forms without a verb: Gmail's "2014-03-20 8:48 GMT+01:00 Name <address>:", Apple Mail's
  Japanese "2016/11/08 14:26、Name <address> のメッセージ:", Android's "---- Name wrote ----";
- any of these wrapped over several lines (Gmail wraps at 78 characters, Polymail puts the address
  on lines of its own), or written on the same line as the end of the reply ("Thanks On ... wrote:");
- Outlook's header block ("From: / Sent: / To: / Subject:") in languages it lacks: Russian,
  Ukrainian, Japanese, Vietnamese, Finnish, Turkish, Hungarian.

``cut_at_attribution`` applies them before the reply parser runs.
"""

from __future__ import annotations

import re

#: Lines an attribution may be wrapped over, blank lines included (Polymail needs five).
MAX_BLOCK_LINES = 6
#: Fields of a header block looked at (From, Sent, To, Cc, Bcc, Subject, Importance, ...).
MAX_HEADER_FIELDS = 8
#: Longest attribution, lines joined; real ones are under 200 characters.
MAX_BLOCK_CHARS = 400

# Words an attribution starts with. Capitalised on purpose (no IGNORECASE): "on Monday" inside a
# sentence is not one. A leading digit is a date ("23 mar 2017 ...", "30 серп. 2016 р. ...").
# "Am" (de), "Il" (it), "Dnia" (pl), "Dne" (cs) and "Den" (da, sv) are left to the library, which
# knows them on up to two lines; "On" is here for the longer wraps and the fused form.
_LEAD = r"(?:On|Op|Le|El|Em|W dniu|På|Vào|\d+)\b"
_VERB = (
    r"(?:wrote|schrieb|a écrit|escribió|escreveu|ha scritto|schreef|napisał(?:a|\(a\))?|napsal(?:a|\(a\))?"
    r"|skrev|kirjoitti|đã viết|написал(?:а|\(а\))?|написала|написав|пише|пишет)"
)
_ADDRESS = r"[<(\[] ?[^\s<>()\[\]]+@[^\s<>()\[\]]+ ?[>)\]]"
# What may follow the verb: a short name and its address ("schreef Julius Caesar <jc@rome.example>:"),
# never a clause ("wrote to you about the refund and your colleague replied:").
_AFTER_VERB = rf"(?:(?: [^\s:<>@]+){{1,5}})?(?: ?{_ADDRESS})?"
_DATED = re.compile(
    "|".join(
        (
            rf"{_LEAD}.{{0,250}}? {_VERB}{_AFTER_VERB} ?:",
            # Gmail without a verb: ISO date, time, optional GMT offset, name, address, colon
            rf"\d{{4}}-\d{{1,2}}-\d{{1,2}},? \d{{1,2}}:\d{{2}}(?: GMT[+-]\d{{1,2}}(?::\d{{2}})?)?"
            rf" [^<>]{{0,100}}?{_ADDRESS} ?:",
            # Apple Mail in Japanese: "<date> <time>、<name> <address> のメッセージ:"
            r"\d{4}/\d{1,2}/\d{1,2} \d{1,2}:\d{2}、.{1,150}? ?のメッセージ ?[:：]",
        )
    )
)
# Android names no date, but the frame of dashes is as telling: "---- John Smith wrote ----"
_FRAMED = re.compile(rf"-{{2,}} ?[^-]{{1,100}}? {_VERB} ?-{{2,}}")
_STARTS = re.compile(rf"{_LEAD}|-{{2,}} ?\w")
# A lead in the middle of a line, after the reply's last word ("Test reply On Tue, ... wrote:")
_FUSED_START = re.compile(r"(?<=\S )(?:On|Op|Le|El|Em|W dniu|På|Vào) (?=.{0,20}\d)")
# Outlook's header block, in the languages mail-parser-reply has none for: a "From" line, then at
# once another field ("От: ... / Отправлено: ... / Кому: ... / Тема: ...").
_FROM_FIELD = r"(?:От|Від|差出人|Từ|Lähettäjä|Kimden|Feladó)"
_FIELD = (
    r"(?:От|Отправлено|Дата|Кому|Копия|Тема|Від|Надіслано|Копія|差出人|送信日時|日付|宛先|件名|CC|Cc"
    r"|Từ|Đã gửi|Ngày|Đến|Chủ đề|Lähettäjä|Lähetetty|Päivämäärä|Vastaanottaja|Aihe"
    r"|Kimden|Gönderildi|Tarih|Kime|Konu|Feladó|Küldve|Dátum|Címzett|Tárgy)"
)
_FROM_LINE = re.compile(rf"\*{{0,2}}{_FROM_FIELD}\*{{0,2}} ?[:：]")
_FIELD_LINE = re.compile(rf"\*{{0,2}}{_FIELD}\*{{0,2}} ?[:：]")
_DIGIT = re.compile(r"\d")
_TIME = re.compile(r"\d{1,2}[:.]\d{2}")
_SENTENCE_END = re.compile(r"[.!?:;]\s*$")
_LETTER = re.compile(r"[^\W\d_]")
_SPACES = re.compile(r"\s+")


def _block_at(lines: list[str], i: int, col: int) -> int:
    """Number of lines of the attribution that starts at ``lines[i][col:]``; 0 if none does."""
    first = lines[i][col:].strip()
    if not _STARTS.match(first):
        return 0
    parts: list[str] = []
    for n in range(1, min(MAX_BLOCK_LINES, len(lines) - i) + 1):
        line = first if n == 1 else lines[i + n - 1].strip()
        parts.append(line)
        joined = _SPACES.sub(" ", " ".join(parts)).strip()
        if len(joined) > MAX_BLOCK_CHARS:
            return 0
        # Every attribution names a date or time; one that starts with a date names a time too.
        dated = _DIGIT.search(joined) and (not first[0].isdigit() or _TIME.search(joined))
        if line and ((dated and _DATED.fullmatch(joined)) or _FRAMED.fullmatch(joined)):
            return n
        # A finished sentence is not the first half of a wrapped attribution ("On your host, run:").
        if _SENTENCE_END.search(line):
            return 0
    return 0


def _header_block_at(lines: list[str], i: int) -> int:
    """Number of lines of the Outlook-style header block that starts at ``lines[i]``; 0 if none."""
    if not _FROM_LINE.match(lines[i].strip()):
        return 0
    n = 1
    while i + n < len(lines) and n < MAX_HEADER_FIELDS and _FIELD_LINE.match(lines[i + n].strip()):
        n += 1
    return n if n >= 2 else 0


def _quote_follows(lines: list[str], j: int) -> bool:
    """Whether the first non-blank line from ``lines[j]`` on is quoted ("> ...")."""
    while j < len(lines) and not lines[j].strip():
        j += 1
    return j < len(lines) and lines[j].lstrip().startswith(">")


def _skip_quote(lines: list[str], j: int) -> int:
    """Index after the blank and quoted lines that start at ``lines[j]``."""
    while j < len(lines) and (not lines[j].strip() or lines[j].lstrip().startswith(">")):
        j += 1
    return j


def cut_at_attribution(text: str) -> str:
    """``text`` without what follows the first attribution line the reply parser would miss.

    Above the attribution is the reply (top-posting): the text is cut there. With nothing written
    above it (bottom-posting, or answers between the quoted lines), the attribution and the quote
    right after it are dropped and the text below is kept.
    """
    lines = text.split("\n")
    kept: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        starts = [0, *[m.start() for m in _FUSED_START.finditer(line[:MAX_BLOCK_CHARS])][:3]]
        found = next(((col, n) for col in starts if (n := _block_at(lines, i, col))), None)
        if found is None and (n := _header_block_at(lines, i)):
            found = (0, n)
        # Mid-line, the words only count as an attribution when a quote follows them.
        if found and found[0] and not _quote_follows(lines, i + found[1]):
            found = None
        if found is None:
            kept.append(line)
            i += 1
            continue
        col, n = found
        if col and _LETTER.search(line[:col]):  # not a lone "-" or "*" some clients put before it
            kept.append(line[:col].rstrip())
        if any(_LETTER.search(k) for k in kept):
            return "\n".join(kept).rstrip()
        i = _skip_quote(lines, i + n)
    return "\n".join(kept)
