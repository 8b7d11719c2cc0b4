"""Admin rules (``config/rules.toml``): ordered, named, first match per head, checked at load time.

A rule matches when every condition in its ``match`` table holds (a list inside one condition is
"any of"). For each head (type, urgency, tone) the first matching rule that acts on that head wins;
later rules for the same head are not applied. Rules run after the model and the built-in urgency
signals, so the admin has the last word. See the shipped ``config/rules.toml`` for the format.

Regexes are Python ``re`` syntax, case-insensitive unless ``case_sensitive = true``, compiled at load
time. Patterns that can backtrack for exponential time (a repetition inside a repetition, such as
``(a+)+``, or overlapping alternatives under one, such as ``(a|ab)*``) are refused, and a regex only
ever sees the first ``LIMITS[field]`` characters of its text.
"""

from __future__ import annotations

import difflib
import importlib
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .types import BANDS, LABELS, URGENCY_LABELS, RulesError, TextInput

_sre: Any = importlib.import_module("re._parser")  # the parser `re` itself uses; typeshed lacks it
LIMITS = {"subject": 1_000, "body": 5_000, "text": 6_000, "header": 2_000}
_TOP_KEYS = ("version", "rule")
_RULE_KEYS = ("name", "description", "enabled", "match", "then")
_MATCH_KEYS = ("sender", "subject", "body", "text", "header", "language", "case_sensitive")
_HEADER_KEYS = ("name", "regex")
_ACTION_KEYS = ("label", "raise_to", "band")
_NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,63}$")
_REGEX_HINT = "Python re syntax; write it in single quotes '...' so TOML keeps backslashes as they are"


@dataclass(frozen=True, slots=True)
class Action:
    """What a rule does to one head: set ``label``, raise urgency to ``raise_to``, force ``band``."""

    label: str = ""
    raise_to: str = ""
    band: str = ""


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    index: int  # 1-based position in the file, as error messages count
    senders: tuple[str, ...] = ()
    subject: re.Pattern[str] | None = None
    body: re.Pattern[str] | None = None
    text: re.Pattern[str] | None = None
    headers: tuple[tuple[str, re.Pattern[str]], ...] = ()
    languages: tuple[str, ...] = ()
    actions: tuple[tuple[str, Action], ...] = ()

    def matches(self, item: TextInput) -> bool:
        """True when every condition of the rule holds for ``item``."""
        if self.senders and not any(_sender_matches(s, item.sender) for s in self.senders):
            return False
        if self.languages and item.language.lower() not in self.languages:
            return False
        if self.subject and not self.subject.search(item.subject[: LIMITS["subject"]]):
            return False
        if self.body and not self.body.search(item.body[: LIMITS["body"]]):
            return False
        if self.text and not self.text.search((item.subject + "\n" + item.body)[: LIMITS["text"]]):
            return False
        for name, pattern in self.headers:
            values = [v for k, v in item.headers if k == name]
            if not any(pattern.search(v[: LIMITS["header"]]) for v in values):
                return False
        return True


@dataclass(frozen=True, slots=True)
class Rules:
    """The checked rules of one file, in order."""

    path: str = ""
    rules: tuple[Rule, ...] = ()

    def first_matches(self, item: TextInput) -> dict[str, tuple[Rule, Action]]:
        """For each head, the first matching rule acting on it and its action."""
        chosen: dict[str, tuple[Rule, Action]] = {}
        for rule in self.rules:
            open_heads = [(h, a) for h, a in rule.actions if h not in chosen]
            if open_heads and rule.matches(item):
                for head, action in open_heads:
                    chosen[head] = (rule, action)
        return chosen


def _sender_matches(entry: str, sender: str) -> bool:
    sender = sender.strip().lower()
    if "@" in entry and not entry.startswith("@"):
        return sender == entry
    domain, want = sender.rpartition("@")[2], entry.lstrip("@")
    return bool(domain) and (domain == want or domain.endswith("." + want))


def _unknown(file: str, key: str, found: str, allowed: tuple[str, ...]) -> RulesError:
    close = difflib.get_close_matches(found, allowed, n=1)
    hint = f"did you mean {close[0]!r}?" if close else f"known keys: {', '.join(allowed)}"
    return RulesError(file, f"{key}.{found}" if key else found, "unknown key", hint)


def _check_keys(file: str, key: str, table: dict, allowed: tuple[str, ...]) -> None:
    for k in table:
        if k not in allowed:
            raise _unknown(file, key, k, allowed)


def _risky(items: Any, inside_repeat: bool) -> str:
    """Why a parsed regex may backtrack exponentially, or "" if it cannot in the ways we check."""
    for op, av in items:
        name = str(op)
        if name in ("MAX_REPEAT", "MIN_REPEAT"):
            lo, hi, sub = av
            repeats = hi == _sre.MAXREPEAT or hi > 1
            if repeats and inside_repeat and hi != lo:
                return "a repetition inside a repetition (like (a+)+)"
            if why := _risky(sub, inside_repeat or repeats):
                return why
        elif name in ("SUBPATTERN", "ASSERT", "ASSERT_NOT", "BRANCH", "GROUPREF_EXISTS"):
            # (atomic groups and possessive repeats never backtrack into themselves: not inspected)
            subs = {
                "SUBPATTERN": lambda a: [a[3]],
                "ASSERT": lambda a: [a[1]],
                "ASSERT_NOT": lambda a: [a[1]],
                "BRANCH": lambda a: list(a[1]),
                "GROUPREF_EXISTS": lambda a: [p for p in a[1:] if p is not None],
            }[name](av)
            if name == "BRANCH" and inside_repeat and not _distinct_starts(subs):
                return "alternatives that can match the same text inside a repetition (like (a|ab)*)"
            for sub in subs:
                if why := _risky(sub, inside_repeat):
                    return why
    return ""


def _distinct_starts(branches: list[Any]) -> bool:
    firsts = []
    for branch in branches:
        items = list(branch)
        if not items or str(items[0][0]) != "LITERAL":
            return False
        firsts.append(items[0][1])
    return len(firsts) == len(set(firsts))


def _regex(file: str, key: str, value: Any, case_sensitive: bool) -> re.Pattern[str]:
    if not isinstance(value, str) or not value:
        raise RulesError(file, key, f"expected a regex string, got {value!r}", _REGEX_HINT)
    flags = 0 if case_sensitive else re.IGNORECASE
    try:
        compiled = re.compile(value, flags)
        parsed = _sre.parse(value, flags)
    except re.error as exc:
        raise RulesError(file, key, f"invalid regex {value!r}: {exc}", _REGEX_HINT) from exc
    if why := _risky(parsed, False):
        raise RulesError(file, key, f"regex {value!r} can take exponential time: {why}", "match the repeated part once")
    return compiled


def _label(file: str, key: str, head: str, value: Any, allowed: tuple[str, ...]) -> str:
    if not isinstance(value, str) or value.lower() not in allowed:
        close = difflib.get_close_matches(str(value).lower(), allowed, n=1)
        hint = (f"did you mean {close[0]!r}? " if close else "") + f"one of {', '.join(allowed)}"
        raise RulesError(file, key, f"unknown {head} {value!r}", hint)
    return value.lower()


def _action(file: str, key: str, head: str, value: Any) -> Action:
    if isinstance(value, str):
        return Action(label=_label(file, key, "label", value, LABELS[head]))
    if not isinstance(value, dict) or not value:
        raise RulesError(file, key, f"expected a label or a table, got {value!r}", 'e.g. type = "billing"')
    _check_keys(file, key, value, _ACTION_KEYS)
    label = _label(file, f"{key}.label", "label", value["label"], LABELS[head]) if "label" in value else ""
    raise_to = ""
    if "raise_to" in value:
        if head != "urgency":
            hint = f"use {head} = {{ label = ... }}"
            raise RulesError(file, f"{key}.raise_to", "only urgency can be raised", hint)
        if label:
            raise RulesError(file, f"{key}.raise_to", "give label or raise_to, not both")
        raise_to = _label(file, f"{key}.raise_to", "urgency", value["raise_to"], URGENCY_LABELS)
    band = _label(file, f"{key}.band", "band", value["band"], BANDS) if "band" in value else ""
    return Action(label=label, raise_to=raise_to, band=band)


def _match(file: str, key: str, m: Any) -> dict[str, Any]:
    if not isinstance(m, dict) or not m:
        hint = "e.g. subject = 'invoice'"
        raise RulesError(file, key, "expected a table with at least one condition", hint)
    _check_keys(file, key, m, _MATCH_KEYS)
    cs = m.get("case_sensitive", False)
    if not isinstance(cs, bool):
        raise RulesError(file, f"{key}.case_sensitive", f"expected true or false, got {cs!r}")
    out: dict[str, Any] = {}
    for field in ("subject", "body", "text"):
        if field in m:
            out[field] = _regex(file, f"{key}.{field}", m[field], cs)
    for field, check in (("sender", _check_sender), ("language", _check_language)):
        if field in m:
            values = m[field] if isinstance(m[field], list) else [m[field]]
            if not values:
                raise RulesError(file, f"{key}.{field}", "empty list")
            out[field + "s"] = tuple(check(file, f"{key}.{field}", v) for v in values)
    if "header" in m:
        tables = m["header"] if isinstance(m["header"], list) else [m["header"]]
        headers = []
        for i, t in enumerate(tables, start=1):
            hkey = f"{key}.header[{i}]" if isinstance(m["header"], list) else f"{key}.header"
            if not isinstance(t, dict):
                raise RulesError(file, hkey, "expected { name = ..., regex = ... }")
            _check_keys(file, hkey, t, _HEADER_KEYS)
            if not isinstance(t.get("name"), str) or not t["name"].strip():
                raise RulesError(file, f"{hkey}.name", "missing header name", 'e.g. name = "x-priority"')
            headers.append((t["name"].strip().lower(), _regex(file, f"{hkey}.regex", t.get("regex"), cs)))
        out["headers"] = tuple(headers)
    if not set(out) - {"case_sensitive"}:
        raise RulesError(file, key, "no condition", f"give one of {', '.join(_MATCH_KEYS[:-1])}")
    return out


def _check_sender(file: str, key: str, v: Any) -> str:
    if not isinstance(v, str) or not re.fullmatch(r"[^@\s]*@?[^@\s]+\.[^@\s]+", v.strip()):
        raise RulesError(file, key, f"expected an address or a domain, got {v!r}", 'e.g. "example.com"')
    return v.strip().lower()


def _check_language(file: str, key: str, v: Any) -> str:
    if not isinstance(v, str) or not re.fullmatch(r"[a-zA-Z]{2,3}", v):
        raise RulesError(file, key, f"expected a language code like 'de', got {v!r}")
    return v.lower()


def parse_rules(text: str, file: str = "rules.toml") -> Rules:
    """Check and compile rules from TOML ``text``; raise RulesError naming ``file`` and the key."""
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RulesError(file, "", f"invalid TOML: {exc}") from exc
    _check_keys(file, "", doc, _TOP_KEYS)
    if doc.get("version", 1) != 1:
        raise RulesError(file, "version", f"unsupported version {doc['version']!r}", "this release reads 1")
    raw = doc.get("rule", [])
    if not isinstance(raw, list):
        raise RulesError(file, "rule", "expected [[rule]] tables")
    rules: list[Rule] = []
    seen: set[str] = set()
    for i, r in enumerate(raw, start=1):
        key = f"rule[{i}]"
        if not isinstance(r, dict):
            raise RulesError(file, key, "expected a [[rule]] table")
        _check_keys(file, key, r, _RULE_KEYS)
        name = r.get("name")
        if not isinstance(name, str) or not _NAME.match(name):
            raise RulesError(file, f"{key}.name", f"expected a short name like 'vip-domain', got {name!r}")
        if name in seen:
            raise RulesError(file, f"{key}.name", f"duplicate rule name {name!r}", "names must be unique")
        seen.add(name)
        if not isinstance(r.get("enabled", True), bool):
            raise RulesError(file, f"{key}.enabled", "expected true or false")
        if "match" not in r:
            raise RulesError(file, f"{key}.match", "missing", "a rule needs a [rule.match] table")
        conditions = _match(file, f"{key}.match", r["match"])
        then = r.get("then")
        if not isinstance(then, dict) or not then:
            raise RulesError(file, f"{key}.then", "missing or empty", 'e.g. then = { type = "billing" }')
        _check_keys(file, f"{key}.then", then, tuple(LABELS))
        actions = tuple((h, _action(file, f"{key}.then.{h}", h, then[h])) for h in LABELS if h in then)
        if r.get("enabled", True):
            rules.append(Rule(name=name, index=i, actions=actions, **conditions))
    return Rules(path=file, rules=tuple(rules))


def load_rules(path: Path) -> Rules:
    """Load and check a rules file. Raises RulesError (file, key, problem, hint) on any mistake."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RulesError(str(path), "", f"cannot read: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise RulesError(str(path), "", "not UTF-8", "save the file as UTF-8") from exc
    return parse_rules(text, str(path))
