"""`mailtriage check` passes on the shipped setup and names the file and line of a broken template."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.cli import main

ROOT = Path(__file__).resolve().parents[1]


def config_with_templates(tmp_path: Path) -> tuple[Path, Path]:
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    text = (ROOT / "config" / "mailtriage.toml").read_text()
    text = text.replace('root = ".."', f'root = "{ROOT}"').replace('path = "templates"', f'path = "{templates}"')
    text = text.replace('path = "var/mailtriage.sqlite3"', f'path = "{tmp_path / "s.sqlite3"}"')
    config = tmp_path / "mailtriage.toml"
    config.write_text(text)
    return config, templates


def test_shipped_templates_pass_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config, _ = config_with_templates(tmp_path)
    assert main(["--config", str(config), "check"]) == 0
    out = capsys.readouterr().out
    assert "check passed" in out
    renders = int(out.split("rendered ")[1].split()[0])
    assert renders >= 6 * 2 * 13 * 2  # samples x languages x (template, band) pairs x tone/urgency variants


def test_misspelled_variable_is_reported_with_file_and_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config, templates = config_with_templates(tmp_path)
    billing = templates / "en" / "billing.j2"
    lines = billing.read_text().splitlines()
    lines[2] = lines[2].replace("{% block known %}", "{% block known %}{{ contact.phon }}")
    billing.write_text("\n".join(lines) + "\n")
    err = run_check(config, tmp_path, capsys)
    assert f"{billing}:3: UndefinedError" in err


def test_banned_phrase_is_reported_at_its_template_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config, templates = config_with_templates(tmp_path)
    macros = templates / "de" / "_macros.j2"
    text = macros.read_text().replace("meldet sich {{ plan.deadline }}", "meldet sich umgehend, {{ plan.deadline }}")
    macros.write_text(text)
    err = run_check(config, tmp_path, capsys)
    line = next(i for i, ln in enumerate(text.splitlines(), 1) if "umgehend" in ln)
    assert f"{macros}:{line}: banned phrase 'umgehend'" in err


def test_syntax_error_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config, templates = config_with_templates(tmp_path)
    (templates / "en" / "sales.j2").write_text('{% extends "en/_base.j2" %}\n{% block known %}{% if %}{% endblock %}\n')
    assert f"{templates / 'en' / 'sales.j2'}:2:" in run_check(config, tmp_path, capsys)


def run_check(config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """``mailtriage check`` against one sample (fast); it must fail. Returns stderr."""
    samples = tmp_path / "samples"
    samples.mkdir()
    shutil.copy(ROOT / "pipeline" / "samples" / "sample-billing-en.eml", samples)
    assert main(["--config", str(config), "check", "--samples", str(samples)]) == 1
    return capsys.readouterr().err


def line_of(file: Path, needle: str) -> int:
    return next(i for i, ln in enumerate(file.read_text().splitlines(), 1) if needle in ln)


def test_each_lint_problem_names_the_template_and_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config, templates = config_with_templates(tmp_path)
    # de/clarify.j2 asks only one question
    clarify = templates / "de" / "clarify.j2"
    clarify.write_text(clarify.read_text().replace("{% for q in asked[:3] %}", "{% for q in asked[:1] %}"))
    # en/_macros.j2 promises no concrete time frame
    en_macros = templates / "en" / "_macros.j2"
    en_macros.write_text(
        en_macros.read_text().replace("a concrete update {{ plan.deadline }}", "a concrete update soon")
    )
    # de/_macros.j2 drops the direct line
    de_macros = templates / "de" / "_macros.j2"
    text = (
        de_macros.read_text()
        .replace(": {{ contact.phone }}{% if contact.hours %}", ":{% if contact.hours %}")
        .replace(", {{ contact.email }}.", ".")
    )
    de_macros.write_text(text.replace("{{ contact.phone }} an und fragen", "uns an und fragen"))
    # en/general.j2 keeps an admin's placeholder, de/billing.j2 promises "sofort", en/sales.j2 writes an essay
    general = templates / "en" / "general.j2"
    general.write_text(general.read_text().replace("your identity.", "your identity, [Customer name]."))
    billing = templates / "de" / "billing.j2"
    billing.write_text(billing.read_text().replace("bestätigt Ihnen schriftlich", "bestätigt Ihnen sofort schriftlich"))
    sales = templates / "en" / "sales.j2"
    sales.write_text(
        sales.read_text().replace(
            "{% block known %}{% endblock %}", "{% block known %}" + "Really. " * 300 + "{% endblock %}"
        )
    )

    err = run_check(config, tmp_path, capsys)
    assert f"{clarify}:{line_of(clarify, '{% for q in')}: asks fewer than 2 questions (found 1)" in err
    assert f"{en_macros}:{line_of(en_macros, 'macro timeframe(')}: no concrete time frame" in err
    assert f"{de_macros}:{line_of(de_macros, 'macro contact_line(')}: no direct contact line" in err
    assert f"{general}:{line_of(general, '[Customer name]')}: unfilled placeholder '[Customer name]'" in err
    assert f"{billing}:{line_of(billing, 'sofort')}: banned phrase 'sofort'" in err
    assert f"{sales}:1: too long:" in err


def test_check_renders_the_resolution_branch_even_before_the_config_has_targets(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config, templates = config_with_templates(tmp_path)
    macros = templates / "en" / "_macros.j2"
    macros.write_text(macros.read_text().replace("resolved {{ plan.resolution }}", "resolved {{ plan.resolutoin }}"))
    err = run_check(config, tmp_path, capsys)
    assert f"{macros}:{line_of(macros, 'plan.resolutoin')}: UndefinedError" in err
