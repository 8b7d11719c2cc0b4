"""Readable text from decoded bodies: HTML conversion, format=flowed, tidying, the new text of a
reply (quoted history and signature removed) and the language it is written in.

Every function bounds the size of what it hands to third-party code: html2text and the
mail-parser-reply regular expressions grow worse than linearly on hostile input.
"""

from __future__ import annotations

import html
import re
import threading
from typing import Any

import html2text

from ..caseless import caseless
from .attribution import cut_at_attribution
from .charset import Defect
from .reply_message import REPLY_HEADER_ONLY_LANGUAGES, REPLY_LANGUAGES, ReplyMessage

#: HTML characters handed to html2text; deep or huge HTML makes it slow, the start is what matters.
MAX_HTML_CHARS = 500_000
#: Lists and quotes nested deeper than this are flattened: html2text indents every level, so its
#: output (and time) grows with the square of the depth (50,000 "<ul><li>" take seconds).
MAX_HTML_NESTING = 8
#: Longest ``new_text``.
MAX_NEW_TEXT_CHARS = 20_000
#: Text handed to the reply parser; the new text is at the top, and its cost grows with this.
MAX_REPLY_INPUT_CHARS = 30_000
#: Lines are shortened to this for the reply parser (restored afterwards): some of its patterns
#: are cubic in the line length ("Am Am ... schrieb" lines of 400 characters take seconds).
REPLY_LINE_CHARS = 200
#: A longer "signature" is kept: see ``_latest_reply``.
MAX_SIGNATURE_CHARS = 1_000
#: A sign-off line is short ("Thanks, Anna", "Best regards, Anna Berger | Head of Ops"); a longer one is prose.
SIGNATURE_LINE_WORDS = 12
#: Forwards of forwards looked through for the first text someone wrote.
MAX_FORWARD_LEVELS = 5
#: Languages ``detect_language`` may answer: those a support inbox plausibly gets. Restricting
#: the model keeps short German or Dutch text from coming back as Luxembourgish or Afrikaans.
LANGUAGES = (
    "en", "de", "fr", "es", "it", "nl", "pt", "pl", "sv", "da", "no", "fi", "cs", "sk", "hu",
    "ro", "hr", "sl", "bg", "el", "ru", "uk", "tr", "ar", "he", "ja", "zh", "ko", "lt", "lv", "et",
)  # fmt: skip
MIN_LANGUAGE_LETTERS = 20
MIN_LANGUAGE_CONFIDENCE = 0.6

_INVISIBLE = re.compile("[\u00ad\u034f\u200b-\u200d\u2060\ufeff]")
_TRAILING_SPACE = re.compile(r"[ \t\xa0]+$", re.MULTILINE)
_BLANK_RUNS = re.compile(r"\n{3,}")
_NESTING_TAG = caseless(r"<(/?)(?:ul|ol|dl|dir|menu|blockquote)\b[^>]{0,2000}>")
_CELL_END = caseless(r"</t[dh]\s*>")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!])")
# A tag, bounded so that a text full of "<" stays linear.
_TAG = re.compile(r"<(/?)\s*([A-Za-z][A-Za-z0-9]{0,20})?[^<>]{0,2000}>")
_HIDDEN_TAGS = frozenset({"script", "style", "head", "title"})
_BLOCK_TAGS = frozenset({"br", "p", "div", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "blockquote"})
QUOTE_HEADER = caseless(
    r"^(On .{0,300} wrote:|Am .{0,300} schrieb.{0,200}:|Le .{0,300} a écrit ?:"
    r"|-{3,} ?(Original Message|Ursprüngliche Nachricht|Message d'origine|Forwarded message) ?-{3,}"
    r"|(From|Von|De): .{0,300})$",
)
_ATTRIBUTION = caseless(
    r"(wrote|schrieb|a écrit|escribió|ha scritto|schreef|napisał|napsal|escreveu|написал|написала)\s*:?\s*$",
)
FORWARD_MARKER = caseless(
    r"^.{0,20}(forwarded message|weitergeleitete nachricht|message transf[ée]r[ée]|mensaje reenviado"
    r"|begin forwarded message|anfang der weitergeleiteten nachricht|début du message réexpédié"
    r"|messaggio inoltrato|doorgestuurd bericht).{0,20}$",
    re.MULTILINE,
)
_LETTER = re.compile(r"[^\W\d_]")
_PRIVATE_USE = re.compile("[\ue000\ue001]")
_MARKER = re.compile("\ue000(\\d+)\ue001")
_URL_OR_EMAIL = re.compile(r"\S+@\S+|https?://\S+|www\.\S+")


def normalise_newlines(text: str) -> str:
    """CRLF and CR-only (old Mac) line endings as LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def tidy(text: str) -> str:
    """No invisible characters, no trailing spaces, at most one blank line in a row."""
    text = _INVISIBLE.sub("", normalise_newlines(text)).replace("\xa0", " ")
    return _BLANK_RUNS.sub("\n\n", _TRAILING_SPACE.sub("", text)).strip()


def unflow(text: str, delsp: bool) -> str:
    """Join the soft line breaks of ``format=flowed`` text (RFC 3676), keeping quote levels apart."""
    out: list[str] = []
    held: tuple[int, str] | None = None
    for line in text.split("\n"):
        depth = len(line) - len(line.lstrip(">"))
        content = line[depth:]
        content = content[1:] if content.startswith(" ") else content  # space-stuffing
        flowed = content.endswith(" ") and content != "-- "
        if flowed and delsp:
            content = content[:-1]
        if held is not None and held[0] == depth:
            held = (depth, held[1] + content)
        else:
            if held is not None:
                out.append(_quoted(*held))
            held = (depth, content)
        if not flowed:
            out.append(_quoted(*held))
            held = None
    if held is not None:
        out.append(_quoted(*held))
    return "\n".join(out)


def _quoted(depth: int, content: str) -> str:
    return f"{'>' * depth} {content}" if depth else content


def strip_tags(markup: str) -> str:
    """Crude HTML to text in one linear pass, for when html2text fails and for text/enriched."""
    out: list[str] = []
    hidden = ""  # inside <script>, <style>, ... until its end tag
    pos = 0
    for tag in _TAG.finditer(markup):
        if not hidden:
            out.append(markup[pos : tag.start()])
        pos = tag.end()
        closing, name = bool(tag.group(1)), (tag.group(2) or "").lower()
        if hidden:
            hidden = "" if closing and name == hidden else hidden
        elif name in _HIDDEN_TAGS and not closing:
            hidden = name
        elif name in _BLOCK_TAGS:
            out.append("\n")
    if not hidden:
        out.append(markup[pos:])
    return html.unescape("".join(out))


def _flatten_nesting(markup: str, defect: Defect) -> str:
    """``markup`` with list and quote tags beyond MAX_HTML_NESTING levels removed (content kept)."""
    depth = dropped = 0

    def keep_or_drop(tag: re.Match[str]) -> str:
        nonlocal depth, dropped
        if tag.group(1):  # a closing tag: first close what was dropped
            if dropped:
                dropped -= 1
                return ""
            depth = max(0, depth - 1)
            return tag.group(0)
        if depth >= MAX_HTML_NESTING:
            dropped += 1
            return ""
        depth += 1
        return tag.group(0)

    flat = _NESTING_TAG.sub(keep_or_drop, markup)
    if len(flat) != len(markup):
        defect("html nested too deep; flattened")
    return flat


def html_to_text(markup: str, defect: Defect) -> str:
    """Readable text from HTML: no links, no images, no markdown escapes; never raises."""
    if len(markup) > MAX_HTML_CHARS:
        defect("html truncated before conversion")
        markup = markup[:MAX_HTML_CHARS]
    markup = _flatten_nesting(markup, defect)
    markup = _CELL_END.sub(lambda m: " " + m.group(0), markup)  # keep table cells apart
    try:
        converter = html2text.HTML2Text(bodywidth=0)
        converter.ignore_links = True
        converter.ignore_images = True
        converter.ignore_emphasis = True
        converter.ignore_tables = True
        converter.unicode_snob = True
        converter.single_line_break = False
        text = converter.handle(markup)
    except Exception:  # third-party code on hostile markup: fall back to stripping tags
        defect("html conversion failed")
        text = strip_tags(markup)
    return _MD_ESCAPE.sub(r"\1", text)


def _shorten_lines(text: str) -> tuple[str, list[str]]:
    """Lines cut to REPLY_LINE_CHARS, each cut tail replaced by a numbered marker."""
    tails: list[str] = []
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if len(line) > REPLY_LINE_CHARS:
            tails.append(line[REPLY_LINE_CHARS:])
            lines[i] = f"{line[:REPLY_LINE_CHARS]}\ue000{len(tails) - 1}\ue001"
    return "\n".join(lines), tails


def _unquote(text: str) -> str:
    """``text`` without quoted lines (``>``) and the attribution line right above them."""
    kept: list[str] = []
    for line in text.split("\n"):
        if line.lstrip().startswith(">"):
            while kept and not kept[-1].strip():
                kept.pop()
            if kept and _ATTRIBUTION.search(kept[-1]):
                kept.pop()
            continue
        kept.append(line)
    return "\n".join(kept)


#: A postscript under the signature, to the end of its paragraph: "PS: …", "P.S. …", "PPS …", "N.B. : …".
_POSTSCRIPT = re.compile(
    r"^[ \t]*(?:P\.?[ \t]?P?\.?[ \t]?S\.?|N\.[ \t]?B\.?)[ \t]*[:.–-]?[ \t]+\S.*?(?=\n[ \t]*\n|\Z)",
    re.MULTILINE | re.DOTALL,
)


def _latest_reply(text: str) -> str:
    """The top reply as mail-parser-reply sees it: no quoted history, signature or disclaimer.

    A forward with nothing written above it gives the forwarded text instead.
    """
    # Attribution lines the library does not know (or splits wrongly) go first: see attribution.py.
    text = cut_at_attribution(text)
    # EmailMessage instead of EmailReplyParser: only it takes keep_hyphen_lists, without which
    # every "- item" line of a customer's list is taken for the start of a signature.
    languages = [*REPLY_LANGUAGES, *REPLY_HEADER_ONLY_LANGUAGES]
    message = ReplyMessage(text=text, languages=languages, keep_hyphen_lists=True).read()
    for reply in message.replies[:MAX_FORWARD_LEVELS]:
        # A "signature" that long, or opening with a line of prose, is a sign-off word matched mid-message
        # ("thanks, but unfortunately that didn't fix it. We rotated …"): keeping a signature costs less
        # than losing what the customer wrote.
        opening = reply.signatures.strip().split("\n", 1)[0]
        prose = len(reply.signatures) > MAX_SIGNATURE_CHARS or len(opening.split()) > SIGNATURE_LINE_WORDS
        body = reply.full_body if prose else reply.body
        postscript = None if prose else _POSTSCRIPT.search(reply.signatures)
        if postscript:  # "PS: Die Rechnung RE-… bitte stornieren": below the sign-off, often what they want most
            body = f"{body}\n\n{postscript[0].strip()}"
        body = _unquote(body)
        if _LETTER.search(FORWARD_MARKER.sub("", body)) or not FORWARD_MARKER.search(reply.content):
            return body
    return ""


def _simple_new_text(text: str) -> str:
    """Text above the first quote header or signature separator, quoted lines dropped."""
    kept: list[str] = []
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped in ("--", "-- ") or QUOTE_HEADER.match(stripped):
            break
        if not stripped.startswith(">"):
            kept.append(line)
    return "\n".join(kept).strip()


def new_text(text: str, defect: Defect) -> str:
    """What the customer wrote this time: ``text`` without quoted history and signature.

    Falls back to a simple cut at the first quote header when the reply parser fails or leaves
    nothing, then to the whole text; at most MAX_NEW_TEXT_CHARS characters.
    """
    sample = tidy(_PRIVATE_USE.sub("", text[: MAX_REPLY_INPUT_CHARS * 4]))[:MAX_REPLY_INPUT_CHARS]
    if not sample:
        return ""
    short, tails = _shorten_lines(sample)
    try:
        reply = _latest_reply(short)
    except Exception:  # third-party regexes on hostile text; the simple cut below still works
        defect("reply parser failed")
        reply = ""
    reply = _MARKER.sub(lambda m: tails[int(m.group(1))] if int(m.group(1)) < len(tails) else "", reply)
    result = tidy(reply) or _simple_new_text(sample) or sample
    return result[:MAX_NEW_TEXT_CHARS].strip()


_identifier: Any = None
_identifier_lock = threading.Lock()


def _language_identifier() -> Any:
    """py3langid restricted to LANGUAGES, with probabilities; built once (loading takes ~0.3 s)."""
    global _identifier
    with _identifier_lock:
        if _identifier is None:
            import numpy as np
            from py3langid.langid import MODEL_FILE, LanguageIdentifier

            identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
            identifier.set_languages(list(LANGUAGES))
            # set_languages leaves a column slice of the full table: a contiguous copy makes each
            # classify's matrix product faster, with the same numbers (tests compare the results)
            identifier.nb_ptc = np.ascontiguousarray(identifier.nb_ptc)
            _identifier = identifier
        return _identifier


def _letter_weight(sample: str) -> int:
    """Letters in ``sample``, a CJK one (at or past U+2E80) three times. Without such characters (nearly all
    mail) ``map(str.isalpha, ...)`` counts in C what the per-character generator counts, with the same sum."""
    if not sample or max(sample) < "\u2e80":
        return sum(map(str.isalpha, sample))
    return sum(1 if ch < "\u2e80" else 3 for ch in sample if ch.isalpha())


def detect_language(text: str) -> str:
    """ISO 639-1 code of the language ``text`` is written in ("en", "de", ...).

    Returns "" when the text has fewer than MIN_LANGUAGE_LETTERS letters (URLs and addresses not
    counted, CJK characters thrice) or the model is less than MIN_LANGUAGE_CONFIDENCE sure.
    Never raises.
    """
    if not isinstance(text, str):
        return ""
    sample = _URL_OR_EMAIL.sub(" ", text[:4000])
    # A CJK character carries about as much as a short word: count it three times.
    if _letter_weight(sample) < MIN_LANGUAGE_LETTERS:
        return ""
    try:
        language, confidence = _language_identifier().classify(sample)
    except Exception:  # a model file that fails to load must not stop parsing
        return ""
    return str(language) if confidence >= MIN_LANGUAGE_CONFIDENCE else ""
