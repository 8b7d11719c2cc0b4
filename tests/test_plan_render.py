"""Greeting, restating, sandboxed strict rendering and the reply lint."""

from __future__ import annotations

from pathlib import Path

import pytest
from jinja2.exceptions import SecurityError

from pipeline.errors import TemplateError
from pipeline.lint import lint_reply, locate
from pipeline.plan import greeting_name, key_sentence
from pipeline.render import make_environment, render


@pytest.mark.parametrize(
    ("display", "expected"),
    [
        ("Jane Doe", "Jane"),
        ("Doe, Jane", "Jane"),
        ("JANE DOE", "Jane"),
        ("jürgen müller", "Jürgen"),
        ("jane@example.org", ""),
        ("=?utf-8?q?broken", ""),
        ("Support Team", ""),
        ("", ""),
        ("J.", ""),
        ("\ufffd\ufffd", ""),
    ],
)
def test_greeting_name(display: str, expected: str) -> None:
    assert greeting_name(display) == expected


def test_key_sentence_skips_greetings_and_finds_the_problem() -> None:
    text = "Hi team,\n\nI hope you are well. I was charged twice for invoice 4411 this month.\nThanks, Jane"
    assert key_sentence(text, "Invoice") == "I was charged twice for invoice 4411 this month."


def test_key_sentence_is_one_bounded_line_and_falls_back_to_subject() -> None:
    long = "The export does not work " + "and then it fails again " * 30
    quote = key_sentence(long, "x", limit=80)
    assert len(quote) <= 82 and "\n" not in quote and quote.endswith("…")
    assert key_sentence("", "Login broken") == "Login broken"


def test_strict_undefined_names_template_and_line(tmp_path: Path) -> None:
    (tmp_path / "t.j2").write_text("Hello\n{{ contact.phon }}\n")
    env = make_environment(tmp_path)
    with pytest.raises(TemplateError) as info:
        render(env, "t.j2", {"contact": {"phone": "1"}})
    assert info.value.line == 2
    assert "t.j2" in info.value.template


def test_syntax_error_names_template_and_line(tmp_path: Path) -> None:
    (tmp_path / "t.j2").write_text("ok\n{% if %}\n")
    with pytest.raises(TemplateError) as info:
        render(make_environment(tmp_path), "t.j2", {})
    assert info.value.line == 2


def test_sandbox_refuses_unsafe_attributes_and_customer_text_is_never_evaluated(tmp_path: Path) -> None:
    (tmp_path / "evil.j2").write_text("{{ message.__class__.__mro__ }}")
    (tmp_path / "ok.j2").write_text('You wrote: "{{ message.quote }}"')
    env = make_environment(tmp_path)
    with pytest.raises((SecurityError, TemplateError)):
        render(env, "evil.j2", {"message": {"quote": "x"}})
    out = render(env, "ok.j2", {"message": {"quote": "{{ 7*7 }} {% raw %}"}})
    assert out.body == 'You wrote: "{{ 7*7 }} {% raw %}"\n'


def test_lint_finds_banned_phrases_and_missing_parts() -> None:
    good = "We will reply by Thursday 26 November, 15:00 CET. Call +49 30 1 or help@example.com.\n"
    assert lint_reply(good, "+49 30 1", "help@example.com", "by Thursday 26 November, 15:00 CET") == []
    bad = "We will fix it right away. Wir melden uns umgehend. {{ plan.x }}"
    problems = lint_reply(bad, "+49 30 1", "help@example.com", "by Thursday")
    assert "banned phrase 'right away'" in problems
    assert "banned phrase 'umgehend'" in problems
    assert "no concrete time frame" in problems
    assert "no direct contact line (phone or e-mail of the contact)" in problems
    assert any(p.startswith("unfilled placeholder") for p in problems)


def test_locate_points_at_the_template_line(tmp_path: Path) -> None:
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "x.j2").write_text("line one\nwe reply ASAP\n")
    assert locate("asap", tmp_path) == f"{tmp_path / 'en' / 'x.j2'}:2"
