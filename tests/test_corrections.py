"""Label corrections from the mail client, end to end, and retraining on them.

A real ``run --once`` drafts and tags the demo mail on the suite's Dovecot; a simulated agent replaces
``$Billing`` by ``$technical`` (Thunderbird's lower-cased tag key) on one original and removes ``$Urgent``
from another; the next run records exactly those two corrections (read by CONDSTORE, Dovecot has it), a
third run none; ``report --json`` and ``export`` show them. ``retrain`` / ``promote`` run on a small cut of
the seed corpus: the comparison is printed, and only ``promote`` moves the model link.
"""

from __future__ import annotations

import csv
import json
import logging
import os
from datetime import UTC, datetime
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

import pytest
from dovecot import Dovecot, MailUser
from feedback_agent import relabel, unchanged
from test_cli_classifiers import write_config as maildir_config
from test_worker_imap import filled, run_once, write_config  # noqa: F401 - `filled` is a fixture

from classifiers import load_model
from classifiers.default import SEED
from classifiers.retrain import read_rows, split
from pipeline.cli import main
from pipeline.config import load_config
from pipeline.feedback.corrections import their_type, their_urgency, verdicts
from pipeline.message import MessageKey
from pipeline.state import Decision, StateStore, Store, open_state
from pipeline.state.corrections import Correction, CorrectionStore, Labelled

ROOT = Path(__file__).resolve().parents[1]


def cli_json(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    capsys.readouterr()
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


def rows_of(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


# -- reading keywords (pure) -------------------------------------------------------------------------------


def test_keywords_read_as_the_agents_labels() -> None:
    assert their_type("billing", frozenset({"$triaged", "$technical"})) == "technical"
    assert their_type("billing", frozenset({"$triaged", "$billing", "$technical"})) == "technical"  # added, ours left
    assert their_type("billing", frozenset({"$triaged"})) is None  # removed with nothing instead: unknown
    assert their_type("billing", frozenset({"$sales", "$technical"})) is None  # two, neither ours: unknown
    assert their_urgency("high", frozenset()) == "normal" and their_urgency("low", frozenset()) == "low"
    assert their_urgency("normal", frozenset({"$urgent"})) == "high"
    key = MessageKey("support", "INBOX", 1, "7")
    ours = Labelled(key, {"type": "billing", "urgency": "high"}, {})
    assert verdicts(ours, frozenset({"$triaged", "$billing", "$urgent"})) == []  # as we tagged it
    assert verdicts(ours, frozenset({"$billing", "$technical"})) == []  # never tagged by us: not read
    assert verdicts(ours, frozenset({"$triaged", "$technical"})) == [
        Correction(key, "type", "billing", "technical"),
        Correction(key, "urgency", "high", "normal"),
    ]
    again = Labelled(key, ours.ours, {"type": "technical", "urgency": "normal"})  # recorded before: nothing new
    assert verdicts(again, frozenset({"$triaged", "$technical"})) == []
    assert verdicts(again, frozenset({"$triaged", "$billing", "$urgent"})) == [  # the agent undid both
        Correction(key, "type", "billing", "billing"),
        Correction(key, "urgency", "high", "high"),
    ]


# -- the corrections table, on both stores -----------------------------------------------------------------


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Store:
    if request.param == "sqlite":
        return StateStore(tmp_path / "state.sqlite3")
    return open_state(request.getfixturevalue("postgres_state"))


def test_corrections_kept_once_per_change_and_exported_over_ours(store: Store) -> None:
    keys = [MessageKey("support", "INBOX", 9, str(n)) for n in (1, 2, 3)]
    try:
        for n, key in enumerate(keys):
            store.claim(key, Decision(subject=f"s{n}", body_excerpt=f"b{n}", type="billing", urgency="high"))
            store.mark_drafted(key, str(n))
        corrections = CorrectionStore(store)
        assert [o.key for o in corrections.drafted("support", 0, 10)] == keys[::-1]  # newest first
        assert corrections.cursor("support", "INBOX") is None
        corrections.record([Correction(keys[0], "type", "billing", "technical")], "support", ("INBOX", 9, 41), 5.0)
        assert corrections.cursor("support", "INBOX") == (9, 41)
        changed = [Correction(keys[0], "type", "billing", "outage"), Correction(keys[1], "urgency", "high", "normal")]
        corrections.record(changed, "support", ("INBOX", 9, 57), 6.0)
        (first, second, third) = corrections.drafted_among(keys)
        assert first.theirs == {"type": "outage"} and second.theirs == {"urgency": "normal"} and third.theirs == {}
        rows = corrections.rows("support")
        assert [(r["field"], r["ours"], r["theirs"]) for r in rows] == [
            ("type", "billing", "outage"),
            ("urgency", "high", "normal"),
        ]
        assert store.query("SELECT changes FROM corrections WHERE field='type'") == [(2,)]
        assert corrections.rows("support", since=7.0) == [] and corrections.rows("other") == []
        exported = list(corrections.training_rows())
        assert [(r["type"], r["urgency"], r["corrected"]) for r in exported] == [
            ("outage", "high", "type"),
            ("billing", "normal", "urgency"),
            ("billing", "high", ""),
        ]
        corrections.record([Correction(keys[0], "type", "billing", "billing")], "support", None, 8.0)  # undone
        assert len(corrections.rows()) == 1 and corrections.cursor("support", "INBOX") == (9, 57)
        assert "0005_label_corrections" in store.applied_migrations()
    finally:
        store.close()


# -- IMAP end to end ----------------------------------------------------------------------------------------


@pytest.mark.imap
def test_imap_agent_relabels_two_originals_report_and_export_show_it(
    tmp_path: Path, dovecot: Dovecot, imap_user: MailUser, filled: list[tuple[bytes, bool]],  # noqa: F811
    capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture,
) -> None:  # fmt: skip
    config = write_config(tmp_path, dovecot, imap_user)
    assert run_once(config) == 0
    originals = dovecot.messages(imap_user)
    billing = next(m for m in originals if "$Billing" in m.flags and "$Urgent" not in m.flags)
    urgent = next(m for m in originals if "$Urgent" in m.flags and m.uid != billing.uid)
    source = f"support/INBOX/{dovecot.uidvalidity(imap_user)}/{billing.uid}"
    draft = next(d.data for d in dovecot.messages(imap_user, "Drafts")
                 if " ".join(str(message_from_bytes(d.data)["X-Mailtriage-Source"]).split()) == source)  # fmt: skip
    with dovecot.connect(imap_user) as client:
        relabel(client, billing.uid, remove=("$Billing",), add=("$technical",))
        relabel(client, urgent.uid, remove=("$Urgent",))
        client.append("Sent", unchanged(draft, datetime.now(UTC)), flags=(b"\\Seen",))  # and answers one
    state_path = load_config(config).state_path
    validity = dovecot.uidvalidity(imap_user)

    def recorded() -> list[tuple[str, str, str, str, int]]:
        state = StateStore(state_path)
        try:
            rows = state.query("SELECT uid, field, ours, theirs, changes FROM corrections ORDER BY uid, field")
            cursor = CorrectionStore(state).cursor("support", "INBOX")
            assert cursor is not None and cursor[0] == validity  # the folder's HIGHESTMODSEQ is kept
            return [(r[0], r[1], r[2], r[3], r[4]) for r in rows]
        finally:
            state.close()

    before = recorded()  # the first run saw our own tags only
    assert before == []
    caplog.set_level(logging.INFO, logger="pipeline.imap.keywords")
    assert run_once(config) == 0
    assert "changed=2" in caplog.text  # CONDSTORE: only the two originals the agent touched were read
    urgent_type = next(f[1:].lower() for f in urgent.flags if f not in ("$Triaged", "$Urgent") and f[0] == "$")
    expected = sorted([(str(billing.uid), "type", "billing", "technical", 1),
                       (str(urgent.uid), "urgency", "high", "normal", 1)])  # fmt: skip
    assert recorded() == expected
    caplog.clear()
    assert run_once(config) == 0  # a third run: nothing changed, nothing read, nothing new
    assert recorded() == expected and "changed=0" in caplog.text

    report = cli_json(capsys, "--config", str(config), "report", "--json")
    assert report["totals"]["corrections"] == 2
    assert report["corrections"] == {"type": {"billing": {"technical": 1}}, "urgency": {"high": {"normal": 1}}}
    capsys.readouterr()
    assert main(["--config", str(config), "report"]) == 0
    assert "type: billing -> technical  1x" in capsys.readouterr().out

    out = tmp_path / "corrected.csv"
    assert main(["--config", str(config), "export", "--out", str(out)]) == 0
    assert "(2 with labels corrected by agents)" in capsys.readouterr().out
    by_subject = {r["subject"]: r for r in rows_of(out)}
    subject = {m.uid: str(message_from_bytes(m.data, policy=policy.default)["Subject"]) for m in (billing, urgent)}
    fixed_type, fixed_urgency = by_subject[subject[billing.uid]], by_subject[subject[urgent.uid]]
    assert (fixed_type["type"], fixed_type["corrected"]) == ("technical", "type")
    assert fixed_type["sent_reply"] and fixed_type["sent_reply"].split()[0] in draft.decode()  # the agent's reply
    assert fixed_urgency["sent_reply"] == ""  # not answered yet
    assert (fixed_urgency["type"], fixed_urgency["urgency"], fixed_urgency["corrected"]) == (
        urgent_type, "normal", "urgency")  # fmt: skip
    assert sum(bool(r["corrected"]) for r in by_subject.values()) == 2


# -- retrain and promote --------------------------------------------------------------------------------------


def corrected_sample(path: Path, per_type: int = 16, corrected_per_type: int = 4) -> Path:
    """A small export-like CSV cut from the seed corpus: some rows of each type marked as corrected."""
    with open(SEED, encoding="utf-8", newline="") as f:
        seed = list(csv.DictReader(f))
    taken: dict[str, int] = {}
    rows = []
    for row in seed:
        n = taken.get(row["type"], 0)
        if n < per_type:
            taken[row["type"]] = n + 1
            rows.append({**row, "corrected": "type" if n < corrected_per_type else "", "sent_reply": "Thanks."})
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_retrain_compares_on_held_out_corrected_rows_and_only_promote_moves_the_link(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = corrected_sample(tmp_path / "corrected.csv")
    first = tmp_path / "models" / "first"
    assert main(["train", "--data", str(data), "--out", str(first)]) == 0
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    config = maildir_config(tmp_path, inbox)
    config.write_text(config.read_text().replace('model = ""', f'model = "{first}"'))
    candidate, link = tmp_path / "models" / "candidate", tmp_path / "models" / "current"

    result = cli_json(capsys, "--config", str(config), "retrain", "--data", str(data), "--out", str(candidate),
                      "--json")  # fmt: skip
    split = result["split"]
    assert (split["rows"], split["corrected"], split["heldout"], split["stratified"]) == (96, 24, 7, True)
    assert split["training"] == 96 - 7 and result["card"]["rows"] == 89
    held = rows_of(candidate / "heldout.csv")
    assert len(held) == 7 and all(r["corrected"] for r in held)
    training = {r["body"] for r in rows_of(candidate / "training.csv")}
    assert len(training) == 89 and not training & {r["body"] for r in held}  # a row that trains never judges
    for head in ("type", "urgency"):
        assert result["current"][head]["n"] == result["candidate"][head]["n"] == 7
        change = result["candidate"][head]["accuracy"] - result["current"][head]["accuracy"]
        assert result["delta"][head]["accuracy"] == pytest.approx(change, abs=1e-4)
    assert not link.exists() and load_config(config).model_dir == first.resolve()  # retrain changed nothing

    capsys.readouterr()
    assert main(["--config", str(config), "retrain", "--data", str(data), "--out", str(candidate)]) == 2
    assert "not empty" in capsys.readouterr().err  # a candidate always goes to a new folder

    assert main(["--config", str(config), "promote", str(candidate), "--link", str(link)]) == 0
    out = capsys.readouterr().out
    assert "type accuracy" in out and "current" in out and "candidate" in out
    assert os.readlink(link) == "candidate" and link.resolve() == candidate.resolve()
    assert f'model = "{link}"' in out  # the config still names `first`: the line to set, never edited
    assert load_config(config).model_dir == first.resolve()
    load_model(link)

    config.write_text(config.read_text().replace(f'model = "{first}"', f'model = "{link}"'))
    assert load_config(config).model_dir == candidate.resolve()
    back = ["promote", str(first), "--data", str(candidate / "heldout.csv"), "--json"]
    promoted = cli_json(capsys, "--config", str(config), *back)
    assert promoted["config_line"] is None and promoted["link"] == str(link)  # the config names the link already
    assert link.resolve() == first.resolve() and load_config(config).model_dir == first.resolve()


def test_split_with_the_seed_corpus_keeps_held_out_mail_out_of_training(tmp_path: Path) -> None:
    data = corrected_sample(tmp_path / "corrected.csv")  # cut from the seed: held-out rows are in it too
    plan = split(data, tmp_path / "s", with_seed=True)
    held = {r["body"] for r in rows_of(tmp_path / "s" / "heldout.csv")}
    training = rows_of(tmp_path / "s" / "training.csv")
    assert len(held) == plan["heldout"] == 7 and not held & {r["body"] for r in training}
    assert plan["training"] == len(training) and plan["seed_rows"] == len(read_rows(SEED)[1]) - 7
    assert split(data, tmp_path / "again", seed=1)["heldout"] == 7
    assert {r["body"] for r in rows_of(tmp_path / "again" / "heldout.csv")} != held  # another seed, other rows


def test_retrain_needs_corrected_rows(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "plain.csv"
    data.write_text("subject,body,type,urgency\nHi,Invoice wrong,billing,normal\nHo,App down,outage,high\n")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    config = maildir_config(tmp_path, inbox)
    assert main(["--config", str(config), "retrain", "--data", str(data), "--out", str(tmp_path / "c")]) == 2
    assert "0 rows with corrected labels" in capsys.readouterr().err
    assert not (tmp_path / "c").exists()
