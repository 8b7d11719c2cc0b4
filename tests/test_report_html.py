"""``mailtriage report``'s figures (first response against the SLA, volumes per day, promises per group) and
``--html DIR``: built from real feedback rows (a real Maildir run, a simulated agent, a second run), then
opened in Debian's Chromium, headless: a screenshot of the expected size showing the plots' colours, and the
rendered DOM with every plot and table. Chromium missing or failing is a failure (scripts/install-chromium.sh).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import test_worker as maildir_run
from PIL import Image
from test_feedback_e2e import agent

from pipeline.cli import main
from pipeline.config import load_config
from pipeline.feedback.report import build
from pipeline.feedback.report_html import write
from pipeline.feedback.sla import SlaClock
from pipeline.worker import Worker

BERLIN = ZoneInfo("Europe/Berlin")
WIDTH, HEIGHT = 1200, 2600
GREEN = (0x2E, 0x7D, 0x32)  # "sent as drafted" in every outcome plot (classifiers.plots.COLOURS)


def at(day: int, hour: int) -> float:
    return datetime(2026, 11, day, hour, 0, tzinfo=BERLIN).timestamp()


def row(key: str, urgency: str, written: float, sent: float | None = None, **extra: Any) -> dict[str, Any]:
    """A ``FeedbackStore.rows`` row: billing, template billing, English, high band unless ``extra`` says."""
    base = {"account": "support", "key": key, "template": "billing", "intent": None, "band": "high",
            "language": "en", "type": "billing", "urgency": urgency, "outcome": "edited" if sent else None,
            "similarity": 0.9 if sent else None, "sentences": None, "late_seconds": None, "deadline": None,
            "written_at": written, "sent_at": sent, "answered": 0}  # fmt: skip
    return base | extra


def test_first_response_against_the_sla_volumes_per_day_and_promises_per_group() -> None:
    config = load_config(maildir_run.ROOT / "config" / "mailtriage.toml")
    sla = SlaClock(config.calendar, config.sla)  # Mon-Thu 9-17, Fri 9-16 Berlin; high 4h (outage 2h), normal 1d
    rows = [
        row("a", "high", at(25, 10), at(25, 13), late_seconds=-60.0),  # 3 h of 4 h: within
        row("b", "high", at(25, 10), at(25, 13), type="outage", template="outage", late_seconds=3600.0),  # of 2 h
        row("c", "normal", at(25, 16), at(26, 15), late_seconds=-600.0),  # 1 + 6 business hours, due Thu 16:00
        row("d", "low", at(26, 10), deadline="2026-11-26T12:00:00+01:00"),  # nothing sent, past its time
        row("e", "normal", at(26, 11), outcome="not_used"),
    ]
    result = build(rows, datetime(2026, 11, 27, 9, 0, tzinfo=BERLIN), sla)
    first = result["first_response"]
    assert list(first) == ["high", "normal"]  # most urgent first; no reply at low urgency
    assert first["high"] == {"replies": 2, "median_hours": 3.0, "target": "4h", "median_business_hours": 3.0,
                                  "within_sla": 1, "share_within_sla": 0.5}  # fmt: skip
    assert (first["normal"]["median_business_hours"], first["normal"]["median_hours"]) == (7.0, 23.0)
    assert (first["normal"]["within_sla"], first["normal"]["target"]) == (1, "1d")
    volumes = result["volumes"]
    assert volumes["days"] == ["2026-11-25", "2026-11-26"]  # Berlin days, not UTC ones
    assert volumes["by_type"] == {"billing": [2, 2], "outage": [1, 0]}
    assert volumes["by_urgency"] == {"high": [2, 0], "normal": [1, 1], "low": [0, 1]}
    billing = result["by_template"]["billing"]
    assert (billing["promises_kept"], billing["promises_missed"], billing["median_late_seconds"]) == (2, 1, None)
    outage = result["by_template"]["outage"]
    assert (outage["promises_kept"], outage["promises_missed"], outage["median_late_seconds"]) == (0, 1, 3600.0)
    assert result["totals"]["promises_missed"] == 2  # b late, d overdue: the same rule as the groups


def test_page_escapes_text_and_shows_label_corrections(tmp_path: Path) -> None:
    result = build([row("a", "high", at(25, 10), at(25, 11), late_seconds=-5.0)], datetime(2026, 11, 27, tzinfo=BERLIN))
    result["deleted_most"] = [{"sentence": '<script>alert("x")</script> & [name]', "drafts": 2}]
    result["corrections"] = {"type": {"billing": {"technical": 2, "billing": 5}}}
    page = write(result, tmp_path / "page").read_text(encoding="utf-8")
    assert "<script>" not in page and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; [name]" in page
    assert '<section id="corrections">' in page and 'src="corrections-type.png"' in page
    assert "<tr><td>billing</td><td>5</td><td>2</td></tr>" in page  # ours billing: 5 kept, 2 made technical
    assert (tmp_path / "page" / "corrections-type.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_html_without_matplotlib_is_one_line_naming_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    config = maildir_run.write_config(tmp_path, tmp_path / "inbox")
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # `import matplotlib` raises ImportError
    assert main(["--config", str(config), "report", "--html", str(tmp_path / "out")]) == 2
    assert "pip install 'mailtriage[plots]'" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_report_html_from_a_real_run_renders_in_headless_chromium(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = agent_replied(tmp_path)
    out = tmp_path / "html"
    capsys.readouterr()
    assert main(["--config", str(config), "report", "--html", str(out), "--now", maildir_run.NOW.isoformat()]) == 0
    assert f"report written to {out / 'index.html'}" in capsys.readouterr().out
    pictures = sorted(p.name for p in out.glob("*.png"))
    assert pictures == sorted([*(f"outcomes-{g}.png" for g in ("template", "intent", "band", "language")),
                               "first-response.png", "volume-type.png", "volume-urgency.png"])  # fmt: skip

    shot = tmp_path / "shot.png"
    chromium(tmp_path, f"--screenshot={shot}", f"--window-size={WIDTH},{HEIGHT}", out / "index.html")
    with Image.open(shot) as image:
        assert image.format == "PNG" and image.size == (WIDTH, HEIGHT)
        rgb = image.convert("RGB")
        colours = rgb.getcolors(maxcolors=1 << 20) or []
    assert len(colours) > 50  # text, tables and plots, not a blank or single-colour page
    near_green = sum(n for n, c in colours if all(abs(a - b) <= 6 for a, b in zip(c, GREEN, strict=True)))
    assert near_green > 500  # the outcome plots' "sent as drafted" bars were loaded and drawn

    dom = chromium(tmp_path, "--dump-dom", out / "index.html")
    for name in pictures:
        assert f'src="{name}"' in dom
    for section in ("totals", "by-template", "by-intent", "by-band", "by-language", "first-response", "volumes",
                    "sentences"):  # fmt: skip
        assert f'<section id="{section}">' in dom
    assert dom.count("<table>") >= 9 and "sent as drafted" in dom and "within the SLA" in dom


def agent_replied(tmp_path: Path) -> Path:
    """The demo inbox drafted on the pinned clock, then the agent of ``test_feedback_e2e`` (two sent as
    drafted, one with a sentence deleted, one with one added, one rewritten, one deleted unsent) and a
    second run that reads ``.Sent``; the config's path."""
    inbox = tmp_path / "inbox"
    shutil.copytree(maildir_run.DEMO, inbox)
    for sub in ("cur", "new", "tmp"):
        (inbox / sub).mkdir(exist_ok=True)
    config = maildir_run.write_config(tmp_path, inbox)
    maildir_run.run(config)
    files = sorted(maildir_run.drafts(inbox), key=lambda f: f.name)
    sent, _, unused = agent([f.read_bytes() for f in files])
    (inbox / ".Sent" / "cur").mkdir(parents=True)
    (inbox / ".Sent" / "new").mkdir()
    stamp = int(maildir_run.NOW.timestamp())
    for n, data in sorted(sent.items()):
        (inbox / ".Sent" / "cur" / f"{stamp + n}.M{n}P1.agent:2,S").write_bytes(data)
    for n in [*sent, *unused]:
        files[n].unlink()
    worker = Worker(load_config(config), clock=lambda: maildir_run.NOW + timedelta(hours=1))
    try:
        worker.run_once()
    finally:
        worker.close()
    return config


def chromium(tmp_path: Path, *args: str | Path) -> str:
    """Run Debian's Chromium headless on a file; its stdout. Fails (never skips) when it cannot run."""
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if binary is None:
        pytest.fail("chromium is not installed: run scripts/install-chromium.sh", pytrace=False)
    page = args[-1]
    command = [binary, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
               f"--user-data-dir={tmp_path / 'chromium-profile'}", *map(str, args[:-1]),
               Path(page).resolve().as_uri()]  # fmt: skip
    # --no-sandbox: the suite runs as root in CI, where Chromium refuses its sandbox
    done = subprocess.run(command, capture_output=True, text=True, timeout=90, check=False)
    if done.returncode != 0:
        pytest.fail(f"chromium exited {done.returncode}: {done.stderr[-2000:]}", pytrace=False)
    return done.stdout
