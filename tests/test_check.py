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
    assert main(["--config", str(config), "check"]) == 1
    err = capsys.readouterr().err
    assert f"{billing}:3: UndefinedError" in err


def test_banned_phrase_is_reported_at_its_template_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config, templates = config_with_templates(tmp_path)
    macros = templates / "de" / "_macros.j2"
    text = macros.read_text().replace("meldet sich {{ plan.deadline }}", "meldet sich umgehend, {{ plan.deadline }}")
    macros.write_text(text)
    assert main(["--config", str(config), "check"]) == 1
    err = capsys.readouterr().err
    line = next(i for i, ln in enumerate(text.splitlines(), 1) if "umgehend" in ln)
    assert f"{macros}:{line}: banned phrase 'umgehend'" in err


def test_syntax_error_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config, templates = config_with_templates(tmp_path)
    (templates / "en" / "sales.j2").write_text('{% extends "en/_base.j2" %}\n{% block known %}{% if %}{% endblock %}\n')
    assert main(["--config", str(config), "check"]) == 1
    assert f"{templates / 'en' / 'sales.j2'}:2:" in capsys.readouterr().err
