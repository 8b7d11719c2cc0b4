"""The command line: every --help explains itself; errors are one line with the right exit code."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.utils import format_datetime
from pathlib import Path

import pytest
from faultserver import write_config

from pipeline.cli import build_parser, main
from pipeline.draft import CUSTOMER_HEADERS

ALWAYS = {f"X-Mailtriage-{h}" for h in ("Source", "Type", "Deadline", "Language", "Intent")}

ROOT = Path(__file__).resolve().parents[1]
COMMANDS = (
    "run",
    "preview",
    "check",
    "status",
    "train",
    "evaluate",
    "export",
    "report",
    "retrain",
    "promote",
    "migrate",
)


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


AGENT_FIELDS = {"urgency", "tone", "confidence", "band", "template", "why", "plan", "rules"}
ANGRY = (
    "From: Dana Customer <dana@example.net>\r\nTo: support@example.com\r\nSubject: Service down again\r\n"
    "Message-ID: <angry-1@example.net>\r\nDate: {date}\r\nMIME-Version: 1.0\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n\r\nYour service has been down for three hours and this is "
    "unacceptable. We are losing money every minute. I am extremely frustrated, fix it today!\r\n\r\nDana\r\n"
)


def test_agent_notes_reach_preview_and_status_but_never_the_draft(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inbox = tmp_path / "inbox"
    for sub in ("cur", "new", "tmp"):
        (inbox / sub).mkdir(parents=True)
    mail = inbox / "new" / "1795000001.M1P1.cli"
    mail.write_text(ANGRY.format(date=format_datetime(datetime.now(UTC))), newline="")
    config = str(write_config(tmp_path, f'[[mailbox]]\nname = "support"\naddress = "support@example.com"\n'
                                        f'path = "{inbox}"\n'))  # fmt: skip

    assert main(["--config", config, "preview", "--json", str(mail)]) == 0
    obj = json.loads(capsys.readouterr().out)
    assert set(obj["agent"]) == AGENT_FIELDS  # extends the contract; every earlier field is still there
    assert {"file", "skip", "skip_code", "type", "urgency", "tone", "band", "language", "template", "time_frame",
            "contact", "explanation", "reply", "message"} <= obj.keys()  # fmt: skip
    agent = obj["agent"]
    assert (agent["tone"], agent["urgency"], agent["band"]) == (obj["tone"]["label"], obj["urgency"]["label"],
                                                               obj["band"])  # fmt: skip
    assert agent["why"] == obj["explanation"] and agent["template"] == obj["template"]

    assert main(["--config", config, "preview", str(mail)]) == 0
    out = capsys.readouterr().out
    assert f"tone {agent['tone']}" in out and f"why: {agent['why']}" in out  # the team still reads it
    assert "X-Mailtriage-Tone" not in out and "X-Mailtriage-Why" not in out

    assert main(["--config", config, "run", "--once", "--quiet"]) == 0
    assert "1 drafted" in capsys.readouterr().out
    (draft_file,) = (inbox / ".Drafts" / "cur").iterdir()
    draft = message_from_bytes(draft_file.read_bytes(), policy=policy.default)
    # always these; Answers and Customer-Deadline only when the reply used an answer or they named a deadline
    assert ALWAYS <= {k for k in draft if k.lower().startswith("x-mailtriage-")} <= CUSTOMER_HEADERS
    assert agent["why"] not in draft_file.read_text(encoding="utf-8", errors="replace")

    assert main(["--config", config, "status"]) == 0
    out = capsys.readouterr().out
    assert f"drafted support/INBOX/0/{mail.name}:" in out and f"why: {agent['why']}" in out
    assert main(["--config", config, "status", "--json"]) == 0
    (recent,) = json.loads(capsys.readouterr().out)["mailboxes"]["support"]["recent_drafts"]
    assert (recent["tone"], recent["band"], recent["why"]) == (agent["tone"], agent["band"], agent["why"])
