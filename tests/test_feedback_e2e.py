"""What came of the drafts, end to end: a real ``run --once`` drafts the demo mail, a simulated agent sends
some drafts as they are, edits some, rewrites one, deletes one unsent and ignores the rest, one run later
``report --json`` shows exactly that. Against the suite's Dovecot (IMAP Sent, SPECIAL-USE) and a Maildir
(``.Sent``), no protocol mocks; the promised times are read from the drafts, the Maildir run's clock is pinned.
"""

from __future__ import annotations

import json
import shutil
from datetime import timedelta
from email import message_from_bytes
from pathlib import Path
from typing import Any

import pytest
import test_worker as maildir_run
from dovecot import Dovecot, MailUser
from feedback_agent import (
    REWRITE,
    deadline,
    reply_sentences,
    text_of,
    unchanged,
    with_sentence_after,
    with_text,
    without_sentence,
)
from test_worker_imap import filled, run_once, write_config  # noqa: F401 - `filled` is a fixture

from pipeline.cli import main
from pipeline.config import load_config
from pipeline.feedback.redact import names_in, redact
from pipeline.parse import parse
from pipeline.state import StateStore
from pipeline.state.feedback import FeedbackStore
from pipeline.worker import Worker

ADDED = "We are sorry that this took us so long to sort out."


def report(config: Path, capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    capsys.readouterr()
    assert main(["--config", str(config), "report", "--json", *args]) == 0
    return dict(json.loads(capsys.readouterr().out))


def agent(drafts: list[bytes]) -> tuple[dict[int, bytes], dict[str, str], list[int]]:
    """What the agent sends for drafts 0-4 (by index), the sentence deleted from 2 and the one added to 3
    (redacted, as the report shows them), and the drafts deleted without a reply (5)."""
    sent: dict[int, bytes] = {}
    due = [deadline(d) for d in drafts]
    sent[0] = unchanged(drafts[0], due[0] - timedelta(hours=1))  # on time
    sent[1] = unchanged(drafts[1], due[1] + timedelta(hours=3))  # three hours late
    cut = reply_sentences(drafts[2])[2]  # neither the greeting nor the first sentence
    sent[2] = with_text(drafts[2], without_sentence(text_of(drafts[2]), cut), due[2] - timedelta(minutes=5))
    greeting = text_of(drafts[3]).splitlines()[0]
    sent[3] = with_text(drafts[3], with_sentence_after(text_of(drafts[3]), greeting, ADDED), due[3])
    sent[4] = with_text(drafts[4], REWRITE, due[4] - timedelta(days=1))
    names = names_in(*(a.name for a in parse(drafts[2]).to))
    return sent, {"deleted": redact(cut, names), "added": ADDED}, [5]


def check(result: dict[str, Any], drafts: int, expected: dict[str, str]) -> None:
    totals = result["totals"]
    assert {k: totals[k] for k in ("drafts", "sent_as_drafted", "edited", "rewritten", "not_used", "pending")} == {
        "drafts": drafts, "sent_as_drafted": 2, "edited": 2, "rewritten": 1, "not_used": 1, "pending": drafts - 6,
    }  # fmt: skip
    assert (totals["promises_kept"], totals["promises_missed"], totals["promises_late"]) == (4, 1, 1)
    assert totals["median_late_seconds"] == pytest.approx(3 * 3600, abs=1)
    assert totals["corrections"] == 0 and totals["answered_without_draft"] == 1
    assert expected["deleted"] in [s["sentence"] for s in result["deleted_most"]]
    assert expected["added"] in [s["sentence"] for s in result["added_most"]]
    for field in ("by_template", "by_intent", "by_band", "by_language"):
        groups = result[field]
        assert sum(g["drafts"] for g in groups.values()) == drafts
        assert sum(g["sent_as_drafted"] for g in groups.values()) == 2
    assert set(result["by_language"]) <= {"en", "de", "fr"}


def check_rows(state_path: Path, keys: list[str]) -> None:
    """Similarities in the right bands, per draft, and what was kept of each."""
    state = StateStore(state_path)
    try:
        rows = {r["key"]: r for r in FeedbackStore(state).rows()}
    finally:
        state.close()
    one, late, cut, added, rewritten, unused = (rows[k] for k in keys[:6])
    assert one["similarity"] == late["similarity"] == 1.0 and one["late_seconds"] < 0 < late["late_seconds"]
    assert 0.7 <= cut["similarity"] < 1.0 and len(json.loads(cut["sentences"])["deleted"]) == 1
    assert 0.7 <= added["similarity"] < 1.0 and json.loads(added["sentences"])["added"] == [ADDED]
    assert rewritten["similarity"] < 0.7 and rewritten["outcome"] == "rewritten"
    assert unused["outcome"] == "not_used" and unused["similarity"] is None
    assert all(rows[k]["outcome"] is None for k in keys[6:])


# -- IMAP ------------------------------------------------------------------------------------------------


@pytest.mark.imap
def test_imap_sent_folder_report_counts_similarities_sentences_and_promises(
    tmp_path: Path, dovecot: Dovecot, imap_user: MailUser, filled: list[tuple[bytes, bool]],  # noqa: F811
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    config = write_config(tmp_path, dovecot, imap_user)
    assert run_once(config) == 0
    assert "\\Sent" in dovecot.folders(imap_user)["Sent"]  # found by SPECIAL-USE
    stored = sorted(dovecot.messages(imap_user, "Drafts"), key=lambda m: m.uid)
    drafts = [m.data for m in stored]
    sent, expected, unused = agent(drafts)
    skipped = next(data for data, draftable in filled if not draftable)  # an original we did not draft
    answer = (f"From: {imap_user.name}@example.test\r\nTo: someone@example.org\r\nSubject: Re: x\r\n"
              f"In-Reply-To: {parse(skipped).message_id}\r\nDate: Wed, 25 Nov 2026 09:00:00 +0000\r\n\r\n"
              "Thanks, noted.\r\n").encode()  # fmt: skip
    with dovecot.connect(imap_user) as client:
        for n in sorted(sent):
            client.append("Sent", sent[n], flags=(b"\\Seen",))
        client.append("Sent", answer, flags=(b"\\Seen",))
        client.select_folder("Drafts")
        client.delete_messages([stored[n].uid for n in [*sent, *unused]])  # the client deletes what it sent
        client.expunge()
    assert report(config, capsys)["totals"]["sent_as_drafted"] == 0  # nothing read from Sent yet

    assert run_once(config) == 0
    result = report(config, capsys)
    check(result, len(drafts), expected)
    keys = [" ".join(str(message_from_bytes(d)["X-Mailtriage-Source"]).split()) for d in drafts]
    check_rows(load_config(config).state_path, keys)
    assert report(config, capsys, "--mailbox", "support", "--since", "1d")["totals"] == result["totals"]
    assert report(config, capsys, "--since", "2999-01-01")["totals"]["drafts"] == 0

    assert run_once(config) == 0  # a third run reads nothing twice
    assert report(config, capsys)["totals"] == result["totals"]
    capsys.readouterr()
    assert main(["--config", str(config), "report"]) == 0
    out = capsys.readouterr().out
    assert "2 sent as drafted" in out and "sentences agents delete most often" in out


# -- Maildir ---------------------------------------------------------------------------------------------


def test_maildir_sent_folder_report_counts_the_same(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    inbox = tmp_path / "inbox"
    shutil.copytree(maildir_run.DEMO, inbox)
    for sub in ("cur", "new", "tmp"):
        (inbox / sub).mkdir(exist_ok=True)
    config = maildir_run.write_config(tmp_path, inbox)
    maildir_run.run(config)  # the demo mail's own clock (pinned)
    files = sorted(maildir_run.drafts(inbox), key=lambda f: f.name)
    drafts = [f.read_bytes() for f in files]
    sent, expected, unused = agent(drafts)
    (inbox / ".Sent" / "cur").mkdir(parents=True)
    (inbox / ".Sent" / "new").mkdir()
    stamp = int(maildir_run.NOW.timestamp())
    skipped = next(f for sub in ("new", "cur") for f in (inbox / sub).iterdir() if "Auto-Submitted" in f.read_text())
    answer = f"To: x@example.org\r\nIn-Reply-To: {parse(skipped.read_bytes()).message_id}\r\n\r\nNoted.\r\n"
    for n, data in [*sorted(sent.items()), (99, answer.encode())]:
        (inbox / ".Sent" / "cur" / f"{stamp + n}.M{n}P1.agent:2,S").write_bytes(data)
    for n in [*sent, *unused]:
        files[n].unlink()

    worker = Worker(load_config(config), clock=lambda: maildir_run.NOW)
    try:
        worker.run_once()
    finally:
        worker.close()
    result = report(config, capsys, "--now", maildir_run.NOW.isoformat())
    check(result, len(drafts), expected)
    keys = [" ".join(str(message_from_bytes(d)["X-Mailtriage-Source"]).split()) for d in drafts]
    check_rows(load_config(config).state_path, keys)
    # a clock past every promise: the drafts nobody answered are overdue, and say so
    later = report(config, capsys, "--now", (maildir_run.NOW + timedelta(days=60)).isoformat())["totals"]
    assert later["promises_overdue"] == len(drafts) - 6 and later["promises_missed"] == 1 + len(drafts) - 6


@pytest.mark.imap
def test_imap_sent_folder_named_in_config_must_exist(
    tmp_path: Path, dovecot: Dovecot, imap_user: MailUser, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(tmp_path, dovecot, imap_user, sent_folder="Outbox")
    assert run_once(config) == 2  # a person must fix the config, as with drafts_folder
    assert "sent_folder" in capsys.readouterr().err
    config = write_config(tmp_path, dovecot, imap_user, sent_folder="Sent")
    assert run_once(config) == 0


class _Folders:
    """``list_folders`` as a server answers it: all ``find_sent_folder`` asks."""

    def __init__(self, *folders: tuple[tuple[bytes, ...], str]) -> None:
        self.folders = [(flags, b"/", name) for flags, name in folders]

    def list_folders(self) -> list[tuple[tuple[bytes, ...], bytes, str]]:
        return self.folders


def test_sent_folder_special_use_then_usual_names_then_none() -> None:
    from pipeline.imap.sent import find_sent_folder

    gmail = _Folders(((), "INBOX"), ((b"\\HasNoChildren", b"\\Sent"), "[Gmail]/Gesendet"))
    assert find_sent_folder(gmail) == ("[Gmail]/Gesendet", "special-use")  # type: ignore[arg-type]
    m365 = _Folders(((), "INBOX"), ((), "Sent Items"), ((), "Drafts"))
    assert find_sent_folder(m365) == ("Sent Items", "name")  # type: ignore[arg-type]
    assert find_sent_folder(_Folders(((), "INBOX"), ((), "SENT")), "") == ("SENT", "name")  # type: ignore[arg-type]
    assert find_sent_folder(_Folders(((), "INBOX"))) == (None, "none")  # type: ignore[arg-type]
    assert find_sent_folder(m365, "Outbox") == (None, "missing")  # type: ignore[arg-type]
