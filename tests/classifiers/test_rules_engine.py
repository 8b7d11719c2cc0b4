"""The rules engine: format, first match per head, validation errors that name file and key."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from classifiers import RulesError, TextInput, load_rules, parse_rules

ROOT = Path(__file__).resolve().parents[2]


def msg(subject: str = "", body: str = "", **kw: object) -> TextInput:
    return TextInput(subject=subject, body=body, **kw)  # type: ignore[arg-type]


RULES = """
[[rule]]
name = "first-billing"
[rule.match]
subject = 'invoice'
[rule.then]
type = "billing"

[[rule]]
name = "second-type-and-urgency"
[rule.match]
subject = 'invoice|refund'
[rule.then]
type = "returns"
urgency = { raise_to = "high" }

[[rule]]
name = "switched-off"
enabled = false
[rule.match]
subject = 'invoice'
[rule.then]
tone = "frustrated"
"""


def test_first_match_per_head_wins_and_later_rules_still_act_on_other_heads() -> None:
    rules = parse_rules(RULES)
    chosen = rules.first_matches(msg("Your INVOICE 42"))
    assert chosen["type"][0].name == "first-billing"  # first rule for type
    assert chosen["type"][1].label == "billing"
    assert chosen["urgency"][0].name == "second-type-and-urgency"  # type part shadowed, urgency applies
    assert chosen["urgency"][1].raise_to == "high"
    assert "tone" not in chosen  # the disabled rule never fires


def test_second_rule_wins_type_when_first_does_not_match() -> None:
    chosen = parse_rules(RULES).first_matches(msg("refund please"))
    assert chosen["type"][0].name == "second-type-and-urgency"
    assert chosen["type"][1].label == "returns"


def test_all_conditions_must_hold_and_lists_mean_any() -> None:
    rules = parse_rules("""
[[rule]]
name = "vip"
[rule.match]
sender = ["bigcustomer.example", "boss@partner.example"]
header = [{ name = "X-Priority", regex = '^1' }]
language = ["de", "en"]
[rule.then]
urgency = { raise_to = "high" }
""")
    hdr = (("x-priority", "1 (Highest)"),)
    assert rules.first_matches(msg(sender="a@eu.bigcustomer.example", headers=hdr, language="de"))
    assert rules.first_matches(msg(sender="boss@partner.example", headers=hdr, language="en"))
    assert not rules.first_matches(msg(sender="other@partner.example", headers=hdr, language="en"))
    assert not rules.first_matches(msg(sender="a@notbigcustomer.example", headers=hdr, language="de"))
    assert not rules.first_matches(msg(sender="a@bigcustomer.example", headers=hdr, language="fr"))
    assert not rules.first_matches(msg(sender="a@bigcustomer.example", headers=(), language="de"))


def test_regexes_ignore_case_unless_told_not_to() -> None:
    base = '[[rule]]\nname = "r"\n[rule.match]\nbody = \'Urgent\'\n{extra}[rule.then]\ntype = "general"\n'
    assert parse_rules(base.format(extra="")).first_matches(msg(body="very URGENT"))
    strict = parse_rules(base.format(extra="case_sensitive = true\n"))
    assert not strict.first_matches(msg(body="very URGENT"))
    assert strict.first_matches(msg(body="very Urgent"))


def test_a_regex_only_sees_the_first_characters_of_a_huge_body() -> None:
    rules = parse_rules('[[rule]]\nname = "r"\n[rule.match]\nbody = \'needle\'\n[rule.then]\ntype = "sales"\n')
    assert rules.first_matches(msg(body="x" * 100 + " needle"))
    started = time.monotonic()
    assert not rules.first_matches(msg(body="x" * 2_000_000 + " needle"))  # beyond the bound
    assert time.monotonic() - started < 0.5


def error(text: str) -> RulesError:
    with pytest.raises(RulesError) as info:
        parse_rules(text, "config/rules.toml")
    return info.value


def test_unknown_key_is_named_with_a_suggestion() -> None:
    exc = error('[[rule]]\nname = "a"\n[rule.match]\nsubjct = \'x\'\n[rule.then]\ntype = "billing"\n')
    assert (exc.file, exc.key, exc.problem) == ("config/rules.toml", "rule[1].match.subjct", "unknown key")
    assert "did you mean 'subject'?" in exc.hint
    assert str(exc) == "config/rules.toml: rule[1].match.subjct: unknown key (did you mean 'subject'?)"
    assert isinstance(exc, ValueError)


def test_invalid_regex_names_rule_index_and_key() -> None:
    ok = '[[rule]]\nname = "a"\n[rule.match]\nbody = \'x\'\n[rule.then]\ntype = "billing"\n'
    exc = error(ok + '[[rule]]\nname = "b"\n[rule.match]\nsubject = \'(unclosed\'\n[rule.then]\ntype = "billing"\n')
    assert exc.key == "rule[2].match.subject"
    assert str(exc).startswith("config/rules.toml: rule[2].match.subject: invalid regex '(unclosed'")
    assert "single quotes" in exc.hint


@pytest.mark.parametrize("pattern", [r"(a+)+$", r"(\w+\s?)*end", r"(?:x*)*", r"(a|ab)*c", r"((ab)+c?)+"])
def test_patterns_that_can_backtrack_exponentially_are_refused(pattern: str) -> None:
    exc = error(f'[[rule]]\nname = "a"\n[rule.match]\nbody = \'{pattern}\'\n[rule.then]\ntype = "billing"\n')
    assert exc.key == "rule[1].match.body"
    assert "exponential" in exc.problem


@pytest.mark.parametrize(
    "pattern", [r"(?:foo|bar)+", r"\b(cancel|end)\b.{0,40}plan", r"a{2}+", r"(?>a+)+b", r"\d+-\d+"]
)
def test_safe_patterns_are_accepted(pattern: str) -> None:
    rules = parse_rules(f'[[rule]]\nname = "a"\n[rule.match]\nbody = \'{pattern}\'\n[rule.then]\ntype = "billing"\n')
    assert len(rules.rules) == 1


@pytest.mark.parametrize(
    ("text", "key", "fragment"),
    [
        (
            '[[rule]]\nname = "a"\n[rule.match]\nbody = "x"\n[rule.then]\ntype = "biling"\n',
            "rule[1].then.type",
            "did you mean 'billing'",
        ),
        (
            '[[rule]]\nname = "a"\n[rule.match]\nbody = "x"\n[rule.then]\ntype = { raise_to = "high" }\n',
            "rule[1].then.type.raise_to",
            "only urgency",
        ),
        (
            '[[rule]]\nname = "a"\n[rule.match]\nbody = "x"\n[rule.then]\nurgency = { band = "certain" }\n',
            "rule[1].then.urgency.band",
            "one of high, medium, low",
        ),
        (
            '[[rule]]\nname = "a"\n[rule.match]\nbody = "x"\n[rule.then]\ntyp = "billing"\n',
            "rule[1].then.typ",
            "did you mean 'type'",
        ),
        ('[[rule]]\nname = "a"\n[rule.match]\nbody = "x"\n', "rule[1].then", "missing"),
        ('[[rule]]\nname = "a"\n[rule.then]\ntype = "billing"\n', "rule[1].match", "missing"),
        (
            '[[rule]]\nname = "a"\n[rule.match]\nsender = ["no address"]\n[rule.then]\ntype = "billing"\n',
            "rule[1].match.sender",
            "address or a domain",
        ),
        (
            '[[rule]]\nname = "a"\n[rule.match]\nbody = "x"\n[rule.then]\ntype = "billing"\n'
            '[[rule]]\nname = "a"\n[rule.match]\nbody = "y"\n[rule.then]\ntype = "sales"\n',
            "rule[2].name",
            "duplicate",
        ),
        (
            '[[rule]]\nname = "Has Spaces"\n[rule.match]\nbody = "x"\n[rule.then]\ntype = "sales"\n',
            "rule[1].name",
            "short name",
        ),
        ('[[rules]]\nname = "a"\n', "rules", "unknown key"),
    ],
)
def test_validation_errors_name_the_key(text: str, key: str, fragment: str) -> None:
    exc = error(text)
    assert exc.key == key
    assert fragment in str(exc)


def test_toml_syntax_error_names_the_file() -> None:
    exc = error("[[rule]\nname = ")
    assert exc.file == "config/rules.toml"
    assert "invalid TOML" in exc.problem


def test_load_rules_reports_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(RulesError) as info:
        load_rules(tmp_path / "nope.toml")
    assert str(tmp_path / "nope.toml") in str(info.value)


def test_the_shipped_rules_load_and_fire_on_their_examples() -> None:
    rules = load_rules(ROOT / "config" / "rules.toml")
    names = [r.name for r in rules.rules]
    assert "key-account" not in names  # shipped disabled, as an example
    cases = {
        "cancel-subscription": msg("Hello", "Please cancel my subscription at the end of the month."),
        "legal-threat": msg("Refund", "If this is not fixed I will talk to my lawyer."),
        "security-incident": msg("Help", "I think my account was hacked last night."),
        "outage-in-subject": msg("Dashboard down", "Nothing loads."),
        "return-label": msg("Shoes", "Ich möchte die Schuhe zurückschicken."),
        "priority-header": msg("Hi", "Question", headers=(("importance", "High"),)),
    }
    assert set(cases) <= set(names)
    for name, item in cases.items():
        fired = {rule.name for rule, _ in rules.first_matches(item).values()}
        assert name in fired, name
