"""`mailtriage train`, `evaluate` and `export` from the command line: outputs, files, errors, the data path."""

from __future__ import annotations

import atexit
import csv
import functools
import json
import re
import shutil
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from classifiers import load_model
from classifiers.artifacts import CARD_FILE, MODEL_FILE
from classifiers.default import SEED
from pipeline.cli import main
from pipeline.config import load_config
from pipeline.worker import Worker

ROOT = Path(__file__).resolve().parents[1]
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)  # the demo mail is from 23-25 November 2026
HEAD_KEYS = {"n", "accuracy", "macro_f1", "per_label", "bands"}


def seed_sample(path: Path, per_type: int = 25, tone: bool = True) -> Path:
    """A small labelled CSV cut from the bundled seed corpus (our own writing), with an extra column."""
    with open(SEED, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    taken: dict[str, int] = {}
    sample: list[dict[str, str]] = []
    for row in rows:
        if taken.get(row["type"], 0) < per_type:
            taken[row["type"]] = taken.get(row["type"], 0) + 1
            sample.append({**row, "ticket_id": str(len(sample))} if tone else {**row, "tone": ""})
    columns = [c for c in sample[0] if tone or c != "tone"]
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(sample)
    return path


@functools.cache
def cli_model() -> tuple[Path, Path]:
    """(model dir, training CSV): trained once per test process through the CLI itself."""
    base = Path(tempfile.mkdtemp(prefix="mailtriage-cli-model-"))
    atexit.register(shutil.rmtree, base, True)
    data = seed_sample(base / "sample.csv")
    assert main(["train", "--data", str(data), "--out", str(base / "model")]) == 0
    return base / "model", data


def test_train_shows_progress_on_stderr_and_writes_model_and_card(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = seed_sample(tmp_path / "sample.csv", per_type=15)
    assert main(["train", "--data", str(data), "--out", str(tmp_path / "m")]) == 0
    out, err = capsys.readouterr()
    assert re.search(r"train: +100%\|", err), err  # the tqdm bar, finished, on stderr
    assert f"model saved to {tmp_path / 'm'}" in out
    assert (tmp_path / "m" / MODEL_FILE).is_file() and (tmp_path / "m" / CARD_FILE).is_file()
    model, card = load_model(tmp_path / "m")
    assert set(model.heads) == {"type", "urgency", "tone"}
    assert card["training_data"]["rows"] == 90 and card["training_data"]["file"] == "sample.csv"


def test_evaluate_json_is_one_object_with_the_documented_keys(capsys: pytest.CaptureFixture[str]) -> None:
    model, data = cli_model()
    capsys.readouterr()
    assert main(["evaluate", "--model", str(model), "--data", str(data), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)  # the whole of stdout is one JSON object
    assert set(result) == {"type", "urgency", "tone"}  # a key per head the data labels
    for head, m in result.items():
        assert set(m) == HEAD_KEYS, head
        assert m["n"] == 150
        assert 0.0 <= m["accuracy"] <= 1.0 and 0.0 <= m["macro_f1"] <= 1.0
        assert all(set(v) == {"precision", "recall", "f1", "support"} for v in m["per_label"].values())
        assert sum(v["support"] for v in m["per_label"].values()) == 150
        assert set(m["bands"]) == {"high", "medium", "low"}
        assert all(set(b) == {"coverage", "precision"} for b in m["bands"].values())
        assert abs(sum(b["coverage"] for b in m["bands"].values()) - 1.0) < 1e-3
    assert set(result["type"]["per_label"]) == {"billing", "technical", "outage", "returns", "sales", "general"}


def test_evaluate_json_leaves_out_heads_the_data_does_not_label(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    model, _ = cli_model()
    data = seed_sample(tmp_path / "no-tone.csv", per_type=5, tone=False)
    capsys.readouterr()
    assert main(["evaluate", "--model", str(model), "--data", str(data), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert set(result) == {"type", "urgency"} and result["type"]["n"] == 30


def test_evaluate_without_json_prints_a_summary_a_person_can_read(capsys: pytest.CaptureFixture[str]) -> None:
    model, data = cli_model()
    capsys.readouterr()
    assert main(["evaluate", "--model", str(model), "--data", str(data)]) == 0
    lines = capsys.readouterr().out.splitlines()
    for head in ("type", "urgency", "tone"):
        line = next(x for x in lines if x.startswith(f"{head}:"))
        assert re.fullmatch(rf"{head}: n=150 accuracy=\d\.\d{{3}} macro_f1=\d\.\d{{3}}", line), line
    bands = [x.split()[0] for x in lines if x.startswith("  ")]
    assert bands == ["high", "medium", "low"] * 3
    assert not any(x.lstrip().startswith("{") for x in lines)


def test_evaluate_report_writes_a_page_with_confusion_pictures(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    model, data = cli_model()
    report = tmp_path / "report"
    assert main(["evaluate", "--model", str(model), "--data", str(data), "--report", str(report)]) == 0
    assert f"report written to {report / 'index.html'}" in capsys.readouterr().out
    page = (report / "index.html").read_text(encoding="utf-8")
    for head in ("type", "urgency", "tone"):
        png = report / f"confusion-{head}.png"
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert f'src="confusion-{head}.png"' in page
    assert "Confidence bands" in page and data.name in page


def test_a_tampered_model_is_refused_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    model, data = cli_model()
    copy = tmp_path / "model"
    shutil.copytree(model, copy)
    blob = bytearray((copy / MODEL_FILE).read_bytes())
    blob[len(blob) // 2] ^= 0x01
    (copy / MODEL_FILE).write_bytes(bytes(blob))
    capsys.readouterr()
    code = main(["evaluate", "--model", str(copy), "--data", str(data), "--json"])
    out, err = capsys.readouterr()
    assert code != 0 and out == ""
    assert len(err.strip().splitlines()) == 1, err  # one line, no traceback
    assert err.startswith("mailtriage: error: ") and "does not match the card" in err and "refusing" in err


def test_unusable_training_data_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("subject,body,type\nHi,Hello,billing\n", encoding="utf-8")
    code = main(["train", "--data", str(bad), "--out", str(tmp_path / "m")])
    err = capsys.readouterr().err.strip()
    assert code != 0 and err.splitlines() == [err]
    assert err == (
        f"mailtriage: error: {bad}: missing column(s) urgency; found subject, body, type "
        "(expected subject,body,type,urgency[,tone,language])"
    )
    assert not (tmp_path / "m" / CARD_FILE).exists()


def write_config(tmp_path: Path, inbox: Path) -> Path:
    """The shipped config pointed at a copy of the demo Maildir and a state file in ``tmp_path``."""
    text = (ROOT / "config" / "mailtriage.toml").read_text(encoding="utf-8")
    text = text.replace('root = ".."', f'root = "{ROOT}"')
    text = text.replace('path = "var/mailtriage.sqlite3"', f'path = "{tmp_path / "state.sqlite3"}"')
    text = text.replace('path = "var/demo-inbox"', f'path = "{inbox}"')
    text = text.replace('seed = "demo/inbox"\n', "")
    path = tmp_path / "mailtriage.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_export_after_a_demo_run_gives_a_csv_that_train_accepts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inbox = tmp_path / "inbox"
    shutil.copytree(ROOT / "demo" / "inbox", inbox)
    for sub in ("cur", "new", "tmp"):
        (inbox / sub).mkdir(exist_ok=True)
    config = write_config(tmp_path, inbox)
    worker = Worker(load_config(config), clock=lambda: NOW)
    try:
        drafted = sum(r.count("drafted") for r in worker.run_once())
    finally:
        worker.close()
    assert drafted == 18

    exported = tmp_path / "labels" / "history.csv"
    assert main(["--config", str(config), "export", "--out", str(exported)]) == 0
    assert f"{drafted} rows written to {exported}" in capsys.readouterr().out
    with open(exported, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == ["subject", "body", "type", "urgency", "tone", "language", "corrected", "sent_reply"]
    assert len(rows) == drafted and all(r["subject"] and r["body"] and r["type"] and r["urgency"] for r in rows)

    assert main(["train", "--data", str(exported), "--out", str(tmp_path / "mine")]) == 0
    _, card = load_model(tmp_path / "mine")
    assert card["training_data"]["rows"] == drafted and card["training_data"]["file"] == "history.csv"
    capsys.readouterr()
    assert main(["evaluate", "--model", str(tmp_path / "mine"), "--data", str(exported), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["type"]["n"] == drafted
