"""Playbooks: one TOML file per intent, below the type (format: docs/playbooks.md).

``load_playbooks(folder, languages)`` reads every ``*.toml`` under ``folder`` (recursively, sorted) into a
frozen ``Library`` and raises ``ConfigError(file, key, problem, hint)`` on the first thing an admin must
fix: TOML syntax, unknown keys, a missing language, too few examples, a bad type or intent name, a
duplicate intent or example, an ``unless`` naming no slot, a block that is not valid Jinja. A missing
folder is an empty library (no playbooks: the type templates as before); the config refuses a folder it
names explicitly that does not exist.

``SLOTS`` names every slot a block may use; ``sample_slots`` gives all of them empty or all filled, for
``mailtriage check``. Blocks are only parsed here, never rendered: rendering is the planner's, in the
templates' sandbox.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from ..errors import ConfigError
from ..toml_table import Table
from .customer import SLOT_NAMES

TYPES = ("billing", "technical", "outage", "returns", "sales", "general")
LANGUAGES = ("en", "de", "fr")  # the template languages playbooks are written in (docs/playbooks.md)
MIN_EXAMPLES = 6
BLOCK_KEYS = ("restate", "known", "next")
_INTENT = re.compile(r"[a-z0-9_]+(\.[a-z0-9_]+)+")
_ANSWER_ID = re.compile(r"[a-z0-9_]+")
_LANGUAGE = re.compile(r"[a-z]{2}")
_HINT_LANG = "add a [{lang}] table with restate, known, next (and need) in that language"

# Every slot a block can use (docs/playbooks.md). Lists are empty and strings "" when the customer gave
# nothing, so `{% if invoice %}` makes a phrase optional.
LIST_SLOTS = ("amounts", "dates", "names", "tried", "environment", "products", "measures", "people")
#: The reading's slots plus what the planner adds (docs/playbooks.md has the table).
SLOTS = (*SLOT_NAMES, "contact_name", "contact_phone", "contact_email", "deadline", "said", "answered")

# Parsing only (syntax): the same lexer settings as pipeline.render.make_environment.
_PARSER = SandboxedEnvironment(trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


@dataclass(frozen=True, slots=True)
class Need:
    ask: str  # Jinja source: what we ask for
    unless: tuple[str, ...]  # slot names: the item is skipped when all are non-empty (empty: always ask)
    unless_any: tuple[str, ...] = ()  # slot names: the item is skipped when any one is non-empty

    def given(self, slots: Mapping[str, Any]) -> bool:
        """True when the customer already gave what this item asks for (every ``unless`` slot non-empty, or
        any ``unless_any`` slot)."""
        return self.satisfied_by(frozenset(slot for slot, value in slots.items() if value))

    def satisfied_by(self, given: frozenset[str]) -> bool:
        """True when ``given`` (the slot names the customer filled) settles this item."""
        every = bool(self.unless) and all(slot in given for slot in self.unless)
        return every or any(slot in given for slot in self.unless_any)


@dataclass(frozen=True, slots=True)
class Blocks:
    """One language's reply blocks, as Jinja sources."""

    restate: str
    known: str
    next: str
    need: tuple[Need, ...]


@dataclass(frozen=True, slots=True)
class Answer:
    id: str
    questions: Mapping[str, tuple[str, ...]]  # language -> questions customers ask
    answer: Mapping[str, str]  # language -> the answer text


@dataclass(frozen=True, slots=True)
class Playbook:
    intent: str  # "<type>.<name>"
    type: str
    title: str  # for agents and check, never in a reply
    file: Path
    examples: Mapping[str, tuple[str, ...]]  # language -> example sentences
    blocks: Mapping[str, Blocks]  # language -> blocks
    answers: tuple[Answer, ...]


@dataclass(frozen=True, slots=True)
class Library:
    playbooks: tuple[Playbook, ...]
    folder: Path

    def get(self, intent: str) -> Playbook | None:
        return next((p for p in self.playbooks if p.intent == intent), None)

    def training_data(self) -> tuple[list[str], list[str]]:
        """Every example of every playbook, in every language, with its intent: what the intent model learns."""
        texts: list[str] = []
        labels: list[str] = []
        for playbook in self.playbooks:
            for sentences in playbook.examples.values():
                texts += sentences
                labels += [playbook.intent] * len(sentences)
        return texts, labels

    def __len__(self) -> int:
        return len(self.playbooks)


def load_playbooks(folder: Path, languages: tuple[str, ...] = LANGUAGES) -> Library:
    """Read and validate every playbook under ``folder``; raise ``ConfigError`` on the first problem.

    ``languages`` are the template languages: each playbook needs blocks, answers and at least
    ``MIN_EXAMPLES`` examples in each. Other two-letter language tables are accepted as extras.
    """
    if not folder.is_dir():
        return Library((), folder)
    playbooks: list[Playbook] = []
    seen_intents: dict[str, Path] = {}
    seen_examples: dict[str, tuple[str, Path]] = {}
    for file in playbook_files(folder):
        playbook = read_playbook(file, languages)
        if playbook.intent in seen_intents:
            first = seen_intents[playbook.intent]
            raise ConfigError(str(file), "intent", f"duplicate intent {playbook.intent!r}, also in {first}",
                              "give each intent one file, or rename one of them")  # fmt: skip
        seen_intents[playbook.intent] = file
        for lang, sentences in playbook.examples.items():
            for i, sentence in enumerate(sentences):
                key = _normal(sentence)
                other = seen_examples.get(key)
                if other and other[0] != playbook.intent:
                    raise ConfigError(str(file), f"examples.{lang}[{i}]",
                                      f"the example {sentence!r} is also under {other[0]} ({other[1]})",
                                      "an example teaches one intent: keep it in one playbook")  # fmt: skip
                seen_examples[key] = (playbook.intent, file)
        playbooks.append(playbook)
    return Library(tuple(playbooks), folder)


def playbook_files(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.toml")) if folder.is_dir() else []


def _normal(sentence: str) -> str:
    """The same sentence up to case, spacing and closing punctuation."""
    return " ".join(sentence.casefold().split()).rstrip(" .!?…")


def read_playbook(file: Path, languages: tuple[str, ...] = LANGUAGES) -> Playbook:
    """One playbook file, validated on its own (``load_playbooks`` adds the checks across files)."""
    name = str(file)
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(name, "", f"cannot read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:  # the message ends "(at line N, column M)"
        raise ConfigError(name, "", f"not valid TOML: {exc}", "see docs/playbooks.md for the format") from None
    top = Table(name, "", data)
    _only(top, ("intent", "type", "title", "examples", "answers"), languages=True)
    type_ = top.get("type", str, hint=f"one of {', '.join(TYPES)}")
    if type_ not in TYPES:
        raise ConfigError(name, "type", f"unknown type {type_!r}", f"use one of {', '.join(TYPES)}")
    intent = top.get("intent", str, hint=f'"{type_}.<name>", e.g. "{type_}.{file.stem}"')
    if not _INTENT.fullmatch(intent) or not intent.startswith(type_ + "."):
        raise ConfigError(name, "intent", f"{intent!r} is not \"<type>.<name>\" for type {type_!r}",
                          f'lower case [a-z0-9_.], starting with the type, e.g. "{type_}.{file.stem}"')  # fmt: skip
    title = top.get("title", str, hint="a short title for agents and check")
    examples = _examples(top.table("examples", required=True), languages)
    block_languages = sorted({*languages, *(k for k in data if _LANGUAGE.fullmatch(k))})
    blocks = {}
    for lang in block_languages:
        if lang not in data:
            raise ConfigError(name, lang, f"missing language table [{lang}]", _HINT_LANG.format(lang=lang))
        blocks[lang] = _blocks(top.table(lang), name)
    answers = _answers(top, name, languages)
    top.finish(known=("intent", "type", "title", "examples", "answers", *languages))
    return Playbook(
        intent=intent,
        type=type_,
        title=title,
        file=file,
        examples=MappingProxyType(examples),
        blocks=MappingProxyType(blocks),
        answers=answers,
    )


def _examples(t: Table, languages: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for lang in sorted({*languages, *t.data}):
        if not _LANGUAGE.fullmatch(lang):
            t.used.add(lang)
            raise ConfigError(t.file, t.key(lang), "not a language code", 'use two letters such as "en", "de", "fr"')
        if lang not in t.data:
            raise ConfigError(t.file, t.key(lang), f"no examples in {lang!r}",
                              f"add at least {MIN_EXAMPLES} example sentences in that language")  # fmt: skip
        sentences = _strings(t, lang)
        if len(sentences) < MIN_EXAMPLES and lang in languages:
            raise ConfigError(t.file, t.key(lang), f"{len(sentences)} example(s); at least {MIN_EXAMPLES} needed",
                              "whole sentences as customers write them, varied in wording")  # fmt: skip
        out[lang] = sentences
    return out


def _strings(t: Table, key: str, default: Any = ...) -> tuple[str, ...]:
    hint = f'a list of strings, e.g. {key} = ["...", "..."]'
    values = t.get(key, list, default, hint=hint)
    for i, value in enumerate(values):
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(t.file, f"{t.key(key)}[{i}]", f"expected a non-empty string, got {value!r}", hint)
    return tuple(v.strip() for v in values)


def _only(t: Table, known: tuple[str, ...], languages: bool = False) -> None:
    """Name the first unknown key before any missing one: a misspelt required key is a typo, not an omission."""
    for name in t.data:
        if name not in known and not (languages and _LANGUAGE.fullmatch(name)):
            close = _close(name, known)
            hint = f"did you mean {close}?" if close else "remove it or see docs/playbooks.md"
            raise ConfigError(t.file, t.key(name), "unknown key", hint)


def _blocks(t: Table, file: str) -> Blocks:
    _only(t, (*BLOCK_KEYS, "need"))
    sources = {}
    for key in BLOCK_KEYS:
        sources[key] = t.get(key, str, hint="a Jinja sentence or two; see docs/playbooks.md")
        _parse(sources[key], file, t.key(key))
    needs = []
    items = t.get("need", list, [], hint='e.g. need = [{ ask = "the invoice number", unless = ["invoice"] }]')
    for i, item in enumerate(items):
        n = Table(file, f"{t.key('need')}[{i}]", item)
        _only(n, ("ask", "unless", "unless_any"))
        ask = n.get("ask", str, hint="what we ask the customer for")
        _parse(ask, file, n.key("ask"))
        unless, unless_any = _strings(n, "unless", []), _strings(n, "unless_any", [])
        for key, slots in (("unless", unless), ("unless_any", unless_any)):
            for j, slot in enumerate(slots):
                if slot not in SLOTS:
                    close = _close(slot, SLOTS)
                    hint = f"did you mean {close}?" if close else "see the slot table in docs/playbooks.md"
                    raise ConfigError(file, f"{n.key(key)}[{j}]", f"unknown slot {slot!r}", hint)
        n.finish()
        needs.append(Need(ask=ask, unless=unless, unless_any=unless_any))
    t.finish()
    return Blocks(restate=sources["restate"], known=sources["known"], next=sources["next"], need=tuple(needs))


def _answers(top: Table, file: str, languages: tuple[str, ...]) -> tuple[Answer, ...]:
    raw = top.get("answers", list, [], hint="write each answer as an [[answers]] table")
    answers: list[Answer] = []
    for i, item in enumerate(raw):
        t = Table(file, f"answers[{i}]", item)
        _only(t, ("id",), languages=True)
        answer_id = t.get("id", str, hint='a short name, unique in this file, e.g. id = "refund_time"')
        if not _ANSWER_ID.fullmatch(answer_id):
            raise ConfigError(file, t.key("id"), f"{answer_id!r} is not a valid id", "lower case [a-z0-9_]")
        if any(a.id == answer_id for a in answers):
            raise ConfigError(file, t.key("id"), f"duplicate answer id {answer_id!r}", "ids are unique within a file")
        questions, texts = {}, {}
        for lang in sorted({*languages, *(k for k in t.data if k != "id")}):
            if lang not in t.data:
                raise ConfigError(file, t.key(lang), f"missing language table [answers.{lang}]",
                                  "add questions and answer in that language")  # fmt: skip
            if not _LANGUAGE.fullmatch(lang):
                t.used.add(lang)
                raise ConfigError(file, t.key(lang), "not a language code", 'use two letters such as "en", "de", "fr"')
            sub = t.table(lang)
            _only(sub, ("questions", "answer"))
            questions[lang] = _strings(sub, "questions")
            if not questions[lang]:
                raise ConfigError(file, sub.key("questions"), "no questions", "list how customers ask it")
            texts[lang] = sub.get("answer", str, hint="the answer text, a sentence or two")
            _parse(texts[lang], file, sub.key("answer"))
            sub.finish()
        t.finish()
        answers.append(Answer(answer_id, MappingProxyType(questions), MappingProxyType(texts)))
    return tuple(answers)


def _parse(source: str, file: str, key: str) -> None:
    """Raise ConfigError naming the block's line when ``source`` is not valid Jinja."""
    try:
        _PARSER.parse(source)
    except jinja2.TemplateSyntaxError as exc:
        lines = source.splitlines()
        line = lines[exc.lineno - 1].strip() if 0 < exc.lineno <= len(lines) else ""
        raise ConfigError(file, key, f"Jinja syntax error on line {exc.lineno} of the block: {exc.message}",
                          f"the line reads: {line[:120]}") from None  # fmt: skip


def _close(name: str, known: tuple[str, ...]) -> str | None:
    found = difflib.get_close_matches(name, known, n=1)
    return found[0] if found else None


def sample_slots(language: str, filled: bool) -> dict[str, Any]:
    """Every slot, all empty (``filled=False``) or all filled with realistic values in ``language``."""
    if not filled:
        return {slot: [] if slot in LIST_SLOTS else "" for slot in SLOTS}
    date = {"de": "2. November", "fr": "2 novembre"}.get(language, "2 November")
    since = {"de": "seit Montag", "fr": "depuis lundi"}.get(language, "since Monday")
    deadline = {"de": "bis Montag, 7. Dezember, 13:00 MEZ", "fr": "d'ici lundi 7 décembre, 13:00 CET"}.get(
        language, "by Monday 7 December, 13:00 CET"
    )
    return {
        "amount": "EUR 149.00",
        "amounts": ["EUR 149.00", "EUR 89.00"],
        "date": date,
        "dates": [date, {"de": "3. November", "fr": "3 novembre"}.get(language, "3 November")],
        "invoice": "INV-2026-11-04821",
        "order": "SO-552190",
        "ticket": "TCK-88412",
        "request": "REQ-2291",
        "serial": "SN-7F3K-22910",
        "customer_id": "CUST-10442",
        "reference": "INV-2026-11-04821",
        "error_code": "E-4012",
        "error_message": "Payment method declined",
        "error": "Payment method declined",
        "http_status": "502",
        "endpoint": "POST /v2/exports",
        "count": "200 seats",
        "name": "raman-analytics",
        "names": ["raman-analytics", "raman-imaging"],
        "tried": ["cleared the cache", "logged out and in again"],
        "environment": ["Chrome", "iOS 17"],
        "since": since,
        "email": "ap@brightline.example",
        "product": "Team plan",
        "products": ["Google Calendar", "Hub Mini"],
        "law": {"de": "Art. 15 DSGVO", "fr": "article 15 du RGPD"}.get(language, "Art. 15 GDPR"),
        "right": {"de": "Auskunftsrecht", "fr": "droit d'accès"}.get(language, "right of access"),
        "rights": {
            "de": ["Auskunftsrecht, Art. 15 DSGVO", "Recht auf Löschung, Art. 17 DSGVO"],
            "fr": ["droit d'accès, article 15 du RGPD", "droit à l'effacement, article 17 du RGPD"],
        }.get(language, ["right of access, Art. 15 GDPR", "right to erasure, Art. 17 GDPR"]),
        "for_staff": True,
        "area": {"de": "Board-Ansicht", "fr": "vue Planning"}.get(language, "Board view"),
        "areas": [{"de": "Board-Ansicht", "fr": "vue Planning"}.get(language, "Board view"), "Timeline"],
        "company": "Brightline Studio B.V.",
        "measures": {"de": ["1.342,5 h", "1.297,75 h"], "fr": ["1 342,5 h", "1 297,75 h"]}.get(
            language, ["1,342.5 h", "1,297.75 h"]
        ),
        "people": ["Jasmine Cole"],
        "months": {"de": "September und Oktober 2026", "fr": "septembre et octobre 2026"}.get(
            language, "September and October 2026"
        ),
        "symptom": {"de": "startet immer wieder neu", "fr": "redémarre sans cesse"}.get(
            language, "keeps rebooting itself"
        ),
        "contact_name": "Anna Berger",
        "contact_phone": "+49 30 1234 5670",
        "contact_email": "billing@example.com",
        "deadline": deadline,
        "answered": True,
        "said": {
            "de": "die signatur der webhooks stimmt nicht, seit wir das secret erneuert haben",
            "fr": "la signature des webhooks ne correspond plus depuis le renouvellement du secret",
        }.get(language, "webhook signature verification fails since we rotated the secret"),
    }
