"""The demo seed, copied on first run, reads as recent mail: its dates move forward by whole weeks so that the
newest is from the last seven days (a demo run months later still drafts every message, none left as too old)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path

from pipeline.source import MaildirSource

ROOT = Path(__file__).resolve().parents[1]


def _dates(maildir: Path) -> dict[str, datetime]:
    out = {}
    for file in sorted((maildir / "new").iterdir()):
        for line in file.read_bytes().split(b"\n\n", 1)[0].decode("utf-8", "replace").splitlines():
            if line.lower().startswith("date:"):
                out[file.name] = parsedate_to_datetime(line.split(":", 1)[1].strip())
    return out


def _seed(tmp_path: Path, dates: list[datetime]) -> Path:
    seed = tmp_path / "seed"
    for sub in ("new", "cur", "tmp"):
        (seed / sub).mkdir(parents=True)
    for i, date in enumerate(dates):
        body = f"From: a@example.org\nDate: {format_datetime(date)}\nSubject: {i}\n\nHello {i}\n"
        (seed / "new" / f"17000000{i}.M1P1.seed").write_text(body)
    return seed


def test_an_old_seed_is_moved_forward_by_whole_weeks(tmp_path: Path) -> None:
    old = [datetime(2026, 11, 23, 9, 5, tzinfo=UTC), datetime(2026, 11, 25, 16, 40, tzinfo=UTC)]
    seed = _seed(tmp_path, old)
    MaildirSource("support", tmp_path / "inbox", seed=seed).open()
    before, after = _dates(seed), _dates(tmp_path / "inbox")
    shifts = {after[name] - before[name] for name in before}
    assert len(shifts) == 1  # every message by the same amount: their order and spacing stay
    (shift,) = shifts
    assert shift.days % 7 == 0 and shift.seconds == 0 and shift > timedelta(0)  # weekdays stay what they were
    newest = max(after.values())
    assert timedelta(0) <= datetime.now(UTC) - newest < timedelta(days=7)
    assert before == _dates(seed)  # the tracked seed itself is never changed


def test_a_recent_seed_keeps_its_dates(tmp_path: Path) -> None:
    recent = [datetime.now(UTC) - timedelta(days=2, hours=3)]
    seed = _seed(tmp_path, recent)
    MaildirSource("support", tmp_path / "inbox", seed=seed).open()
    assert _dates(tmp_path / "inbox") == _dates(seed)


def test_the_bundled_demo_inbox_is_all_recent_once_copied(tmp_path: Path) -> None:
    MaildirSource("support", tmp_path / "inbox", seed=ROOT / "demo" / "inbox").open()
    dates = _dates(tmp_path / "inbox")
    assert dates and all(datetime.now(UTC) - d < timedelta(days=14) for d in dates.values())
