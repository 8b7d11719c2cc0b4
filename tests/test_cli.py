"""The command line: every --help explains itself; errors are one line with the right exit code."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.cli import build_parser, main

ROOT = Path(__file__).resolve().parents[1]
COMMANDS = ("run", "preview", "check", "status", "train", "evaluate", "export")


def test_every_subcommand_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--help"])
    assert info.value.code == 0
    top = capsys.readouterr().out
    for command in COMMANDS:
        assert command in top
        with pytest.raises(SystemExit):
            main([command, "--help"])
        text = capsys.readouterr().out
        assert text.startswith(f"usage: mailtriage {command}")
        assert len(text.splitlines()) > 4


def test_parser_knows_exactly_the_documented_commands() -> None:
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    assert set(sub.choices) == set(COMMANDS)  # type: ignore[arg-type]


def test_misspelled_config_key_is_one_line_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (ROOT / "config" / "mailtriage.toml").read_text().replace("[state]\n", "[state]\npaht = 1\n")
    bad = tmp_path / "bad.toml"
    bad.write_text(text)
    assert main(["--config", str(bad), "check"]) == 2
    err = capsys.readouterr().err.strip()
    assert err == f"mailtriage: error: {bad}: state.paht: unknown key (did you mean path?)"


def test_console_script_entry_point_runs() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "--version"], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert result.returncode == 0 and result.stdout.startswith("mailtriage ")


def test_preview_json_one_object_per_message_in_order_even_for_unreadable_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = ROOT / "demo" / "inbox" / "new"
    files = sorted(good.iterdir())[:3]
    missing = tmp_path / "missing.eml"
    garbage = tmp_path / "garbage.eml"
    garbage.write_bytes(b"\x00\xff\xfe" * 50)
    args = [str(files[0]), str(missing), str(garbage), *map(str, files[1:])]
    assert main(["--config", str(ROOT / "config" / "mailtriage.toml"), "preview", "--json", *args]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [obj["file"] for obj in lines] == args
    assert "error" in lines[1] and lines[1]["reply"] is None
    for obj in lines:
        assert {"file", "skip", "type", "urgency", "tone", "template", "time_frame", "reply"} <= obj.keys()
        if obj["reply"]:
            assert {"to", "subject", "in_reply_to", "body"} <= obj["reply"].keys()
            assert 0 <= obj["type"]["confidence"] <= 1 and obj["type"]["why"]
            assert obj["time_frame"]["at"][-6] in "+-"  # ISO 8601 with an offset
