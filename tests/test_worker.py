"""End to end on the embedded default: `run --once` over a temporary copy of the demo Maildir."""

from __future__ import annotations

import mailbox
import shutil
from datetime import UTC, datetime
from email import message_from_bytes, policy
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.config import load_config
from pipeline.worker import Worker

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "demo" / "inbox"
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)  # the demo mail is from 23-25 November 2026
SKIP_CODES = {"auto-reply", "bounce", "mailing-list", "bulk", "no-reply-sender"}


def write_config(tmp_path: Path, inbox: Path) -> Path:
    text = (ROOT / "config" / "mailtriage.toml").read_text()
    text = text.replace('root = ".."', f'root = "{ROOT}"')
    text = text.replace('path = "var/mailtriage.sqlite3"', f'path = "{tmp_path / "state.sqlite3"}"')
    text = text.replace('path = "var/demo-inbox"', f'path = "{inbox}"')
    text = text.replace('seed = "demo/inbox"\n', "")
    path = tmp_path / "mailtriage.toml"
    path.write_text(text)
    return path


@pytest.fixture()
def inbox(tmp_path: Path) -> Path:
    target = tmp_path / "inbox"
    shutil.copytree(DEMO, target)
    for sub in ("cur", "new", "tmp"):
        (target / sub).mkdir(exist_ok=True)
    return target


def originals(inbox: Path) -> dict[str, bytes]:
    return {f.name: f.read_bytes() for sub in ("new", "cur") for f in (inbox / sub).iterdir() if f.name[0] != "."}


def drafts(inbox: Path) -> list[Path]:
    box = inbox / ".Drafts"
    return sorted(f for sub in ("cur", "new") if (box / sub).is_dir() for f in (box / sub).iterdir())


def sources(inbox: Path) -> list[str]:
    return [message_from_bytes(f.read_bytes(), policy=policy.default)["X-Mailtriage-Source"] for f in drafts(inbox)]


def run(config_file: Path) -> list[tuple[str, str]]:
    worker = Worker(load_config(config_file), clock=lambda: NOW)
    try:
        reports = worker.run_once()
    finally:
        worker.close()
    return [(o.raw.key.uid, d) for r in reports for o, d in r.outcomes]


def test_demo_inbox_one_draft_per_message_and_none_for_machines(tmp_path: Path, inbox: Path) -> None:
    config = write_config(tmp_path, inbox)
    before = originals(inbox)
    worker = Worker(load_config(config), clock=lambda: NOW)
    reports = worker.run_once()
    worker.close()
    outcomes = [(o, d) for r in reports for o, d in r.outcomes]
    assert len(outcomes) == len(before)
    drafted = [o for o, d in outcomes if d == "drafted"]
    skipped = {o.skip.code for o, d in outcomes if d == "skipped" and o.skip}
    assert {"auto-reply", "bounce", "no-reply-sender"} <= skipped
    assert skipped & {"mailing-list", "bulk"}
    assert not [d for _, d in outcomes if d == "failed"]
    assert len(drafts(inbox)) == len(drafted) >= 15
    assert sorted(sources(inbox)) == sorted(str(o.raw.key) for o in drafted)
    # originals untouched: same files, same bytes, still in new/ (not read)
    assert originals(inbox) == before
    for file in drafts(inbox):
        draft = message_from_bytes(file.read_bytes(), policy=policy.default)
        assert draft["From"].addresses[0].addr_spec == "support@example.com"
        assert draft["In-Reply-To"]
        assert "D" in file.name.rsplit(":2,", 1)[1]


def test_second_run_adds_nothing(tmp_path: Path, inbox: Path) -> None:
    config = write_config(tmp_path, inbox)
    first = run(config)
    count = len(drafts(inbox))
    assert run(config) == []
    assert len(drafts(inbox)) == count == sum(1 for _, d in first if d == "drafted")


def test_a_broken_message_is_recorded_and_the_others_still_get_drafts(tmp_path: Path, inbox: Path) -> None:
    (inbox / "new" / "0000000000.broken.demo").write_bytes(
        b"From: =?bogus?Q?x?= <>\r\nContent-Type: multipart/mixed\r\n\r\n\x00\x00--nothing\r\n"
    )
    (inbox / "new" / "0000000001.empty.demo").write_bytes(b"")
    config = write_config(tmp_path, inbox)
    results = dict(run(config))
    assert results["0000000000.broken.demo"] in ("skipped", "failed")
    assert results["0000000001.empty.demo"] in ("skipped", "failed")
    assert sum(1 for d in results.values() if d == "drafted") >= 15


def test_crash_between_append_and_mark_never_drafts_twice(tmp_path: Path, inbox: Path) -> None:
    config = write_config(tmp_path, inbox)
    run(config)
    count = len(drafts(inbox))
    # Simulate a worker killed after APPEND and before the done mark: the record says "claimed".
    from pipeline.state import StateStore

    state = StateStore(load_config(config).state_path)
    state.db.execute("UPDATE messages SET status='claimed' WHERE status='drafted'")
    state.close()
    run(config)
    assert len(drafts(inbox)) == count
    assert len(set(sources(inbox))) == count


def test_cli_run_once_prints_a_line_per_message_and_where_drafts_went(
    tmp_path: Path, inbox: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(tmp_path, inbox)
    assert main(["--config", str(config), "run", "--once", "--show-draft"]) == 0
    out = capsys.readouterr().out
    assert out.count("+ draft") == len(drafts(inbox))
    assert "- skip" in out
    assert f"drafts saved to {inbox / '.Drafts'}" in out
    assert "X-Mailtriage-Source:" in out  # the draft shown in full


def test_maildir_source_never_marks_read(tmp_path: Path, inbox: Path) -> None:
    config = write_config(tmp_path, inbox)
    run(config)
    box = mailbox.Maildir(inbox, factory=None, create=False)
    assert all("S" not in box.get_message(key).get_flags() for key in box.keys() if key[0] != ".")  # noqa: SIM118
    assert sorted(f.name for f in (inbox / "cur").iterdir()) == [".gitkeep"]  # nothing moved new/ -> cur/


def test_drafts_per_sender_are_rate_limited(tmp_path: Path, inbox: Path) -> None:
    for old in [*(inbox / "new").iterdir()]:
        old.unlink()
    for i in range(4):
        (inbox / "new" / f"17950000{i:02d}.M1P1.demo").write_bytes(
            b"From: Robot Customer <loop@example.org>\nTo: support@example.com\n"
            + f"Subject: Order {i} never arrived\nMessage-ID: <loop{i}@example.org>\n\n".encode()
            + b"My order has not arrived and I was charged. Please help.\n"
        )
    config = write_config(tmp_path, inbox)
    config.write_text(
        config.read_text().replace("max_drafts_per_sender_per_hour = 5", "max_drafts_per_sender_per_hour = 2")
    )
    results = [d for _, d in run(config)]
    assert results == ["drafted", "drafted", "skipped", "skipped"]
    assert len(drafts(inbox)) == 2


def test_replied_originals_leave_the_backlog(tmp_path: Path, inbox: Path) -> None:
    from pipeline.state import StateStore

    config = write_config(tmp_path, inbox)
    run(config)
    state = StateStore(load_config(config).state_path)
    open_before = state.open_drafts("support")
    # an agent sends one draft: the mail client marks the original replied (Maildir flag R)
    original = sorted((inbox / "new").iterdir())[0]
    (inbox / "cur" / (original.name + ":2,RS")).write_bytes(original.read_bytes())
    original.unlink()
    state.close()
    run(config)
    state = StateStore(load_config(config).state_path)
    assert state.open_drafts("support") == open_before - 1
    state.close()
