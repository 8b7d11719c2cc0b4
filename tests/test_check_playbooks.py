"""`mailtriage check` on playbooks: every block rendered empty and filled, linted, reported as ``file: key:``; the
intent model's cross-validated accuracy printed."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
from playbook_fixtures import playbook_text, write_library

from pipeline.check import CheckReport, check_playbooks
from pipeline.cli import main
from pipeline.config import Config, load_config

ROOT = Path(__file__).resolve().parents[1]
INTENT = "billing.duplicate_charge"


def config_for(folder: Path) -> Config:
    return dataclasses.replace(load_config(ROOT / "config" / "mailtriage.toml"), playbooks_dir=folder)


def run(folder: Path) -> CheckReport:
    report = CheckReport()
    check_playbooks(config_for(folder), report)
    return report


def replace_block(file: Path, lang: str, key: str, source: str) -> None:
    text = file.read_text(encoding="utf-8")
    start = text.index(f"[{lang}]\n")
    line_start = text.index(f"\n{key} = ", start) + 1
    line_end = text.index("\n", line_start)
    file.write_text(text[:line_start] + f'{key} = "{source}"' + text[line_end:], encoding="utf-8")


def test_a_good_library_passes_and_the_accuracy_is_noted(tmp_path: Path) -> None:
    report = run(write_library(tmp_path / "pb"))
    assert report.problems == []
    accuracy = next(n for n in report.notes if n.startswith("playbooks ok: 6 in"))
    assert "126 examples" in accuracy and "(5-fold, stratified): accuracy 0." in accuracy
    assert "generic mail refused" in accuracy
    assert any(n.startswith("intents confused most: ") for n in report.notes)


def test_no_playbooks_is_a_note_not_a_problem(tmp_path: Path) -> None:
    # a missing folder falls back to the starter library installed with the package; an empty one is none
    (tmp_path / "none").mkdir()
    report = run(tmp_path / "none")
    assert report.problems == [] and "replies use the type templates only" in report.notes[0]


def test_a_misspelt_slot_is_reported_with_file_and_key(tmp_path: Path) -> None:
    folder = write_library(tmp_path / "pb")
    file = folder / "billing" / "duplicate_charge.toml"
    replace_block(file, "en", "next", "{{ contact_nme }} will compare both payments.")
    report = run(folder)
    assert f"{file}: en.next: UndefinedError: 'contact_nme' is undefined (every slot empty)" in report.problems


def test_banned_phrase_and_own_time_fail_check(tmp_path: Path) -> None:
    folder = write_library(tmp_path / "pb")
    file = folder / "billing" / "duplicate_charge.toml"
    replace_block(file, "de", "next", "{{ contact_name }} prüft das sofort.")
    replace_block(file, "en", "known", "We will get back to you within 2 hours.")
    text = file.read_text(encoding="utf-8").replace(
        "usually shows on your statement", "is approved and usually shows right away on your statement"
    )
    file.write_text(text, encoding="utf-8")
    problems = run(folder).problems
    assert f"{file}: de.next: banned phrase 'sofort' (every slot empty)" in problems
    assert f"{file}: de.next: banned phrase 'sofort' (every slot filled)" in problems
    assert any(p.startswith(f"{file}: en.known: names a time of its own ('within 2 hours')") for p in problems)
    assert f"{file}: answers[0].en.answer: banned phrase 'right away' (every slot empty)" in problems


def test_a_block_that_is_empty_without_slots_is_reported(tmp_path: Path) -> None:
    folder = write_library(tmp_path / "pb")
    file = folder / "billing" / "duplicate_charge.toml"
    replace_block(file, "fr", "restate", "{% if amount %}Vous avez été débité de {{ amount }} deux fois.{% endif %}")
    assert f"{file}: fr.restate: renders empty (every slot empty)" in run(folder).problems


def test_every_broken_file_is_named_not_only_the_first(tmp_path: Path) -> None:
    folder = write_library(tmp_path / "pb")
    first = folder / "billing" / "duplicate_charge.toml"
    first.write_text(first.read_text(encoding="utf-8").replace("title =", "titel =", 1), encoding="utf-8")
    second = folder / "sales" / "add_seats.toml"
    second.write_text(playbook_text("sales.add_seats").replace('type = "sales"', 'type = "sale"'), encoding="utf-8")
    problems = run(folder).problems
    assert problems[0] == f"{first}: titel: unknown key (did you mean title?)"
    assert problems[1].startswith(f"{second}: type: unknown type 'sale'")


def test_mailtriage_check_prints_the_accuracy_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = write_library(tmp_path / "pb")
    text = (ROOT / "config" / "mailtriage.toml").read_text(encoding="utf-8")
    text = text.replace('root = ".."', f'root = "{ROOT}"')
    text = text.replace('path = "var/mailtriage.sqlite3"', f'path = "{tmp_path / "s.sqlite3"}"')
    config = tmp_path / "mailtriage.toml"
    config.write_text(text + f'\n[playbooks]\npath = "{folder}"\n', encoding="utf-8")
    samples = tmp_path / "samples"
    samples.mkdir()
    shutil.copy(ROOT / "pipeline" / "samples" / "sample-billing-en.eml", samples)
    main(["--config", str(config), "check", "--samples", str(samples)])
    captured = capsys.readouterr()
    assert "intent model cross-validated (5-fold, stratified): accuracy" in captured.out
    assert str(folder) not in captured.err  # no playbook problems (templates are another helper's)
