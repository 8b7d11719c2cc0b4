"""The rubric: does a draft's reply part do what a careful agent's reply would for this customer?

Each ``tests/rubric/NAME.eml`` has a ``NAME.toml`` annotation (see ``tests/rubric/README.md``). A draft
passes when its *reply part* (the text above the final attribution line "On …, X wrote:" /
"Am … schrieb …:" / "Le … a écrit :" and its ``> `` lines) passes every check:

- ``facts``: each fact is restated (any one of its accepted spellings appears);
- ``questions``: each customer question or request is answered or named back (every keyword group of
  the entry matches, any alternative within a group);
- ``deadline``: a stated deadline is acknowledged (any one alternative appears), or for
  ``deadline = "calm"`` the customer's "no rush" is named back (one of ``CALM``, any language);
- ``given``: nothing the customer already gave is asked for again (``asks_for``: a request followed in
  the same sentence by the item's noun, e.g. "could you send us the exact error message", "welchen
  Browser", "since when");
- ``must_not``: none of the annotation's wrong phrases appears;
- ``length``: at most ``MAX_WORDS`` (220) words;
- ``copied``: at most ``MAX_COPIED`` (40%) of the reply part's words are copied from the customer,
  i.e. lie in a run of ``COPY_RUN`` (5) or more consecutive words that also occurs, in that order, in
  the customer's text (subject and body);
- ``language``: the reply part is written in the annotation's language (py3langid restricted to en/de/fr).

Phrase matching is case-insensitive after collapsing whitespace and straightening quotes (’ ‘ “ ” „ « »);
a phrase must start at a word boundary and end at one, unless it ends in ``*`` (a prefix: ``rembours*``
matches "remboursement"). Words are runs of letters and digits, keeping inner ``. , ' -`` (``149.00``,
``INV-2026-11-04821`` and ``don't`` are one word each).
"""

from __future__ import annotations

import re
import statistics
import tomllib
from dataclasses import dataclass, field
from datetime import datetime
from email import message_from_bytes
from email.utils import parsedate_to_datetime
from functools import cache
from pathlib import Path
from typing import Any

MAX_WORDS = 220
MAX_COPIED = 0.40
COPY_RUN = 5
LANGUAGES = ("en", "de", "fr")
TYPES = ("billing", "technical", "outage", "returns", "sales", "general")
CHECKS = ("facts", "questions", "deadline", "given", "must_not", "length", "copied", "language")

CALM = {
    "en": ["no rush", "no hurry", "not urgent", "isn't urgent", "is not urgent", "no time pressure", "in your own time",
           "when it suits you", "planning for Q1", "ahead of Q1", "your planning", "not in a hurry"],
    "de": ["keine Eile", "nicht eilig", "nicht dringend", "ohne Zeitdruck", "kein Zeitdruck", "in Ruhe",
           "Ihre Planung"],
    "fr": ["rien d'urgent", "pas urgent", "pas d'urgence", "rien ne presse", "sans urgence", "pas pressé*",
           "à votre rythme", "sans précipitation"],
}  # fmt: skip

# What asking again for an item looks like, in one sentence that does not acknowledge it (no "thank",
# "danke", "merci pour", "you sent", "Sie geschickt", ...): a request (REQUESTS) followed by one of the item's
# NOUNS with no "if"/"whether"/"wenn"/"falls"/"ob"/"si" in between; a noun followed by a HELPS phrase ("the
# exact error message ... will help the team"); a question word (QWORDS) at most three words before a noun; or
# one of the item's ALWAYS phrases ("since when", "seit wann"). Phrases of all three languages are tried, so
# an English reply to a French customer is judged too.
REQUESTS = {
    "en": ["please send", "please share", "please provide", "please forward", "please attach", "please include",
           "please let us know", "please tell us", "please confirm", "could you", "can you", "would you",
           "send us", "let us know", "tell us", "we need", "we'll need", "we will need", "we would need",
           "we'd need", "do you have"],
    "de": ["senden Sie", "schicken Sie", "nennen Sie", "teilen Sie", "geben Sie", "sagen Sie", "übermitteln Sie",
           "bestätigen Sie", "bitte senden", "bitte schicken", "könnten Sie", "können Sie", "würden Sie",
           "benötigen wir", "wir benötigen", "brauchen wir", "wir brauchen", "bräuchten wir", "lassen Sie uns"],
    "fr": ["pouvez-vous", "pourriez-vous", "pouvez vous", "pourriez vous", "auriez-vous", "veuillez",
           "envoyez-nous", "indiquez-nous", "transmettez-nous", "communiquez-nous", "précisez", "confirmez",
           "merci de nous envoyer", "merci de nous indiquer", "merci de nous transmettre",
           "merci de nous communiquer", "merci de préciser", "merci d'indiquer", "merci d'envoyer",
           "nous avons besoin", "il nous faut", "il nous faudrait"],
}  # fmt: skip
HELPS = {
    "en": ["will help", "would help", "helps us", "help us", "would be helpful", "is helpful", "are helpful"],
    "de": ["helfen dem Team", "helfen uns", "hilft uns", "hilft dem Team", "wäre hilfreich", "wären hilfreich"],
    "fr": ["nous aiderait", "nous aidera", "aideront", "aideraient", "serait utile", "seraient utiles"],
}  # fmt: skip
QWORDS = {"en": ["which", "what", "what's"], "de": ["welche", "welcher", "welchen", "welches", "welchem"],
          "fr": ["quel", "quelle", "quels", "quelles"]}  # fmt: skip
ALWAYS: dict[str, dict[str, list[str]]] = {
    "since": {"en": ["since when", "when did this start", "when did it start", "when did the problem start",
                     "when did this begin", "how long has this"],
              "de": ["seit wann"], "fr": ["depuis quand", "depuis combien de temps"]},
    "seats": {"en": ["how many seats", "how many users", "how many licences", "how many licenses"],
              "de": ["wie viele Nutzer", "wie viele Lizenzen", "wie viele Plätze"],
              "fr": ["combien de licences", "combien d'utilisateurs"]},
}  # fmt: skip
_THANKS = re.compile(
    r"\b(?:thank|thanks|you sent|you gave|you included|you shared|you provided|danke|vielen dank|sie geschickt|"
    r"sie gesendet|sie genannt|merci pour|merci d'avoir|merci de nous avoir|vous avez envoyé|vous nous avez)\b"
)
_CONDITIONAL = re.compile(r"\b(?:if|whether|wenn|falls|ob|si|s'il|s'ils)\b")
NOUNS: dict[str, dict[str, list[str]]] = {
    "error": {"en": ["error message*", "error text", "exact error", "error code", "wording of the error"],
              "de": ["Fehlermeldung*", "Fehlertext", "Fehlercode", "Wortlaut"],
              "fr": ["message d'erreur", "code d'erreur", "texte de l'erreur", "erreur exacte"]},
    "browser": {"en": ["browser*"], "de": ["Browser*"], "fr": ["navigateur*"]},
    "since": {"en": ["since when", "it started", "this started", "it began", "this began", "problem started"],
              "de": ["seit wann", "seit welche*", "wann das", "wann der Fehler", "wann es"],
              "fr": ["depuis quand", "depuis combien", "date de début", "quand le problème", "quand cela"]},
    "steps": {"en": ["steps", "what you tried", "what you have tried", "what you've tried"],
              "de": ["Schritte", "was Sie bereits", "was Sie schon"],
              "fr": ["étapes", "ce que vous avez"]},
    "order": {"en": ["order number*", "order id*", "order reference*"], "de": ["Bestellnummer*"],
              "fr": ["numéro de commande", "référence de commande"]},
    "invoice": {"en": ["invoice number*"], "de": ["Rechnungsnummer*"], "fr": ["numéro de facture"]},
    "amount": {"en": ["amount*"], "de": ["Betrag*", "Höhe"], "fr": ["montant*"]},
    "account": {"en": ["workspace name", "account name", "account id", "customer number", "account e-mail",
                       "account email", "email address", "e-mail address"],
                "de": ["Kundennummer*", "Workspace", "Kontoname*", "E-Mail-Adresse*"],
                "fr": ["numéro client", "nom du compte", "identifiant du compte", "espace de travail",
                       "adresse e-mail", "adresse email"]},
    "serial": {"en": ["serial*"], "de": ["Seriennummer*"], "fr": ["numéro de série"]},
    "version": {"en": ["version*"], "de": ["Version*"], "fr": ["version*"]},
    "os": {"en": ["operating system*", "os version"], "de": ["Betriebssystem*"], "fr": ["système d'exploitation"]},
    "request_id": {"en": ["request id*"], "de": ["Request-ID*", "Request ID*", "Anfrage-ID*"],
                   "fr": ["request id*", "identifiant de requête", "identifiant de la requête"]},
    "endpoint": {"en": ["endpoint*", "url*"], "de": ["Endpunkt*", "Endpoint*", "URL*"], "fr": ["endpoint*", "url*"]},
    "seats": {"en": ["how many seats", "how many users", "number of seats", "number of users", "seat count"],
              "de": ["wie viele Nutzer", "Anzahl der Nutzer", "Anzahl der Lizenzen", "wie viele Lizenzen"],
              "fr": ["combien de licences", "nombre de licences", "combien d'utilisateurs", "nombre d'utilisateurs"]},
    "vat_id": {"en": ["VAT ID", "VAT number"], "de": ["USt-IdNr*", "USt-ID*", "Umsatzsteuer-Identifikationsnummer"],
               "fr": ["numéro de TVA"]},
    "address": {"en": ["billing address", "invoice address", "new address", "postal address"],
                "de": ["Rechnungsadresse*", "Anschrift*", "neue Adresse"],
                "fr": ["adresse de facturation", "nouvelle adresse"]},
    "phone": {"en": ["phone number*", "mobile number*", "best number"], "de": ["Telefonnummer*", "Handynummer*",
              "Mobilnummer*"], "fr": ["numéro de téléphone", "numéro de portable"]},
    "tracking": {"en": ["tracking number*"], "de": ["Sendungsnummer*", "Trackingnummer*"], "fr": ["numéro de suivi"]},
    "date": {"en": ["purchase date", "date of purchase", "order date", "delivery date", "when you bought"],
             "de": ["Kaufdatum*", "Bestelldatum*", "Lieferdatum*", "wann Sie"],
             "fr": ["date d'achat", "date de commande", "date de livraison"]},
}  # fmt: skip

_ATTRIBUTION = re.compile(
    r"^(?:On\s.+\swrote:|Am\s.+\sschrieb\s.+:|Le\s.+\sa\s+écrit\s*:)\s*$", re.IGNORECASE | re.MULTILINE
)
_WORD = re.compile(r"\w+(?:[.,'’\-/]\w+)*")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "\u00a0": " ",
                         "\u202f": " ", "–": "-", "—": "-"})  # fmt: skip
_SENTENCE_END = re.compile(r"[.?!\n]+[“”\"»]?(?:\s|$)")  # ("Sie fragen: „…?“ Ja, …": the quote ends one)


class AnnotationError(ValueError):
    """An annotation file is missing a key or holds a value of the wrong shape."""


@dataclass(frozen=True)
class Annotation:
    """One ``tests/rubric/NAME.toml``: what a careful reply to ``NAME.eml`` must and must not say."""

    name: str
    now: datetime
    language: str
    type: str
    facts: list[list[str]]
    questions: list[list[list[str]]]
    deadline: list[str] | str | None = None  # None: no stated deadline; "calm": the customer said "no rush"
    given: list[str] = field(default_factory=list)
    must_not: list[str] = field(default_factory=list)


@dataclass
class Score:
    """The result of one reply part against its annotation: ``failed`` names each failed check with why."""

    words: int
    copied: float
    language: str
    questions_answered: int
    questions_total: int
    deadline_applies: bool
    deadline_met: bool
    failed: dict[str, str] = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        return not self.failed


def load_annotation(path: Path) -> Annotation:
    """Read and validate one annotation; raises ``AnnotationError`` naming the file and key."""
    try:
        data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise AnnotationError(f"{path.name}: {exc}") from exc

    def fail(key: str, problem: str) -> AnnotationError:
        return AnnotationError(f"{path.name}: {key}: {problem}")

    unknown = set(data) - {"now", "language", "type", "facts", "questions", "deadline", "given", "must_not"}
    if unknown:
        raise fail(", ".join(sorted(unknown)), "unknown key")
    now = data.get("now")
    if isinstance(now, str):
        try:
            now = datetime.fromisoformat(now)
        except ValueError as exc:
            raise fail("now", str(exc)) from exc
    if not isinstance(now, datetime) or now.tzinfo is None:
        raise fail("now", "must be an ISO 8601 time with a UTC offset")
    language = data.get("language")
    if language not in LANGUAGES:
        raise fail("language", f"must be one of {', '.join(LANGUAGES)}")
    type_ = data.get("type")
    if type_ not in TYPES:
        raise fail("type", f"must be one of {', '.join(TYPES)}")
    facts = data.get("facts", [])
    if not _list_of(facts, lambda e: _list_of(e, _text, nonempty=True)):
        raise fail("facts", "must be a list of non-empty lists of spellings")
    questions = data.get("questions", [])
    if not _list_of(questions, lambda q: _list_of(q, lambda g: _list_of(g, _text, nonempty=True), nonempty=True)):
        raise fail("questions", "must be a list of questions, each a non-empty list of non-empty keyword groups")
    deadline = data.get("deadline")
    if not (deadline is None or deadline == "calm" or _list_of(deadline, _text, nonempty=True)):
        raise fail("deadline", 'must be a non-empty list of alternatives or "calm"')
    given = data.get("given", [])
    if not _list_of(given, lambda g: g in NOUNS):
        raise fail("given", f"items must be among {', '.join(sorted(NOUNS))}")
    must_not = data.get("must_not", [])
    if not _list_of(must_not, _text):
        raise fail("must_not", "must be a list of phrases")
    return Annotation(path.stem, now, language, type_, facts, questions, deadline, given, must_not)


def load_set(folder: Path) -> list[tuple[Path, bytes, Annotation]]:
    """Every ``NAME.eml`` in ``folder`` with its raw bytes and annotation, sorted by name."""
    return [(eml, eml.read_bytes(), load_annotation(eml.with_suffix(".toml"))) for eml in sorted(folder.glob("*.eml"))]


def message_date(raw: bytes) -> datetime | None:
    """The Date header of a raw message, or None."""
    value = message_from_bytes(raw).get("Date")
    try:
        return parsedate_to_datetime(str(value)) if value else None
    except (TypeError, ValueError):
        return None


def reply_part(body: str) -> str:
    """The text above the last attribution line that is followed only by ``> `` lines; else the body
    without its ``>`` lines."""
    for match in reversed(list(_ATTRIBUTION.finditer(body))):
        rest = body[match.end() :].splitlines()
        if all(not line.strip() or line.startswith(">") for line in rest):
            return body[: match.start()].rstrip()
    return "\n".join(line for line in body.splitlines() if not line.startswith(">")).rstrip()


def words(text: str) -> list[str]:
    """Lower-cased words (see the module docstring)."""
    return [w.lower() for w in _WORD.findall(text.translate(_QUOTES))]


def copied_share(reply: str, customer: str, run: int = COPY_RUN) -> float:
    """The share of ``reply``'s words lying in a run of ``run`` or more consecutive words that also occurs
    in ``customer``. 0.0 for an empty reply."""
    ours, theirs = words(reply), words(customer)
    if not ours:
        return 0.0
    grams = {tuple(theirs[i : i + run]) for i in range(len(theirs) - run + 1)}
    covered = [False] * len(ours)
    for i in range(len(ours) - run + 1):
        if tuple(ours[i : i + run]) in grams:
            covered[i : i + run] = [True] * run
    return sum(covered) / len(ours)


def normalise(text: str) -> str:
    return " ".join(text.translate(_QUOTES).split()).lower()


@cache
def _pattern(phrase: str) -> re.Pattern[str]:
    prefix = phrase.endswith("*")
    core = normalise(phrase.rstrip("*"))
    left = r"(?<!\w)" if core[:1].isalnum() or core[:1] == "_" else ""
    right = "" if prefix or not (core[-1:].isalnum() or core[-1:] == "_") else r"(?!\w)"
    return re.compile(left + re.escape(core) + right)


def contains(text: str, phrase: str) -> bool:
    """Whether ``phrase`` occurs in ``text`` (see the module docstring for the matching rules)."""
    return bool(_pattern(phrase).search(normalise(text)))


def asks_for(text: str, item: str, languages: tuple[str, ...] = LANGUAGES) -> str | None:
    """The sentence of ``text`` that asks for ``item`` (a key of ``NOUNS``) again, or None."""
    nouns = [_pattern(n) for lang in languages for n in NOUNS[item][lang]]
    always = [_pattern(p) for lang in languages for p in ALWAYS.get(item, {}).get(lang, [])]
    requests = [_pattern(p) for lang in languages for p in REQUESTS[lang]]
    helps = [_pattern(p) for lang in languages for p in HELPS[lang]]
    qwords = [_pattern(p) for lang in languages for p in QWORDS[lang]]
    for sentence in _SENTENCE_END.split(text):
        norm = normalise(sentence)
        if _THANKS.search(norm):
            continue
        found_one = any(p.search(norm) for p in always)
        for request in requests:
            for found in request.finditer(norm):
                for noun in nouns:
                    hit = noun.search(norm, found.end())
                    found_one |= bool(hit and not _CONDITIONAL.search(norm, found.end(), hit.start()))
        for noun in nouns:
            for hit in noun.finditer(norm):
                found_one |= any(h.search(norm, hit.end()) for h in helps)
                found_one |= any(
                    q.search(norm[: hit.start()]) and len(norm[q_end(q, norm, hit.start()) : hit.start()].split()) <= 3
                    for q in qwords
                )
        if found_one:
            return " ".join(sentence.split())
    return None


def q_end(q: re.Pattern[str], norm: str, before: int) -> int:
    """The end of the last match of ``q`` in ``norm`` before position ``before``."""
    return max(m.end() for m in q.finditer(norm[:before]))


@cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(LANGUAGES))
    return identifier


def language_of(text: str) -> str:
    """en, de or fr: whichever of the three ``text`` is most likely written in."""
    return str(_identifier().classify(text)[0]) if text.strip() else ""


def score(reply: str, customer: str, a: Annotation) -> Score:
    """Score one reply part against its annotation; ``customer`` is the customer's text (subject and body)."""
    failed: dict[str, str] = {}
    missing = [spellings[0] for spellings in a.facts if not any(contains(reply, s) for s in spellings)]
    if missing:
        failed["facts"] = "not restated: " + ", ".join(missing)
    unanswered = [q for q in a.questions if not all(any(contains(reply, alt) for alt in group) for group in q)]
    if unanswered:
        failed["questions"] = "not answered or named: " + "; ".join(" + ".join(g[0] for g in q) for q in unanswered)
    met = True
    if a.deadline == "calm":
        met = any(contains(reply, p) for lang in LANGUAGES for p in CALM[lang])
        if not met:
            failed["deadline"] = 'their "no rush" is not named back'
    elif a.deadline:
        met = any(contains(reply, p) for p in a.deadline)
        if not met:
            failed["deadline"] = "deadline not acknowledged: " + a.deadline[0]
    asked = [f"{item} ({s!r})" for item in a.given if (s := asks_for(reply, item))]
    if asked:
        failed["given"] = "asks again for " + ", ".join(asked)
    wrong = [p for p in a.must_not if contains(reply, p)]
    if wrong:
        failed["must_not"] = "says " + ", ".join(repr(p) for p in wrong)
    n = len(words(reply))
    if n > MAX_WORDS:
        failed["length"] = f"{n} words (limit {MAX_WORDS})"
    copied = copied_share(reply, customer)
    if copied > MAX_COPIED:
        failed["copied"] = f"{copied:.0%} copied (limit {MAX_COPIED:.0%})"
    lang = language_of(reply)
    if lang != a.language:
        failed["language"] = f"written in {lang or 'nothing'}, expected {a.language}"
    return Score(n, copied, lang, len(a.questions) - len(unanswered), len(a.questions),
                 a.deadline is not None, bool(a.deadline) and met, failed)  # fmt: skip


def summarise(scores: list[Score], skipped: int = 0) -> dict[str, Any]:
    """Set-level figures; ``skipped`` messages (no draft) count as failing every check."""
    total = len(scores) + skipped
    lengths = [s.words for s in scores]
    copied_words = sum(s.copied * s.words for s in scores)
    deadlines = [s for s in scores if s.deadline_applies]

    def share(n: int, of: int) -> dict[str, Any]:
        return {"n": n, "of": of, "share": round(n / of, 4) if of else None}

    return {
        "messages": total,
        "drafts": len(scores),
        "pass_all": share(sum(s.passed for s in scores), total),
        "per_check": {c: share(sum(c not in s.failed for s in scores), total) for c in CHECKS},
        "questions_answered": share(sum(s.questions_answered for s in scores), sum(s.questions_total for s in scores)),
        "deadlines_acknowledged": share(sum(s.deadline_met for s in deadlines), len(deadlines)),
        "words_median": statistics.median(lengths) if lengths else None,
        "words_max": max(lengths) if lengths else None,
        "copied_share": round(copied_words / sum(lengths), 4) if sum(lengths) else None,
        "copied_share_max": round(max(s.copied for s in scores), 4) if scores else None,
        "expected_language": share(sum("language" not in s.failed for s in scores), total),
    }


def _text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _list_of(value: object, ok: Any, nonempty: bool = False) -> bool:
    return isinstance(value, list) and (bool(value) or not nonempty) and all(ok(v) for v in value)
