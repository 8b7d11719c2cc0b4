"""train() and evaluate() on small CSVs: the card, the JSON shape, the report, the data errors."""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

import pytest
import sklearn
from classifier_fixtures import tiny_rows, trained_model_dir, write_csv

from classifiers import (
    ModelFileError,
    TrainingDataError,
    evaluate,
    export_training_csv,
    load_model,
    read_labelled_csv,
    train,
)
from classifiers.artifacts import CARD_FILE, MODEL_FILE

HEAD_KEYS = {"n", "accuracy", "macro_f1", "per_label", "bands"}


def test_train_writes_model_and_card(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tiny_csv = write_csv(tmp_path / "tiny.csv", tiny_rows())
    card = train(tiny_csv, tmp_path / "m", progress=True)
    assert "train" in capsys.readouterr().err  # the tqdm bar went to stderr
    on_disk = json.loads((tmp_path / "m" / CARD_FILE).read_text())
    assert on_disk == card
    assert card["sklearn_version"] == sklearn.__version__
    assert card["training_data"]["sha256"] == hashlib.sha256(tiny_csv.read_bytes()).hexdigest()
    assert card["training_data"]["bytes"] == tiny_csv.stat().st_size
    assert card["training_data"]["rows"] == len(tiny_rows())
    assert card["model_file"]["sha256"] == hashlib.sha256((tmp_path / "m" / MODEL_FILE).read_bytes()).hexdigest()
    assert card["created_at"].endswith("+00:00")
    assert card["labels"]["type"] == sorted(["billing", "technical", "outage", "returns", "sales", "general"])
    for head in ("type", "urgency", "tone"):
        assert card["heads"][head]["source"] == "model"
        assert set(card["metrics"][head]) >= HEAD_KEYS
        assert set(card["thresholds"][head]) == set(card["labels"][head])
    model, _ = load_model(tmp_path / "m")
    assert set(model.heads) == {"type", "urgency", "tone"}


def test_without_a_tone_column_tone_is_the_lexicon_and_the_card_says_so(tmp_path: Path) -> None:
    data = write_csv(tmp_path / "no-tone.csv", tiny_rows(with_tone=False))
    card = train(data, tmp_path / "m", progress=False)
    assert card["heads"]["tone"]["source"] == "lexicon"
    assert "lexicon" in card["heads"]["tone"]["note"] and "not a measured probability" in card["heads"]["tone"]["note"]
    assert "tone" not in card["metrics"]
    model, _ = load_model(tmp_path / "m")
    assert "tone" not in model.heads


def test_evaluate_returns_one_key_per_labelled_head(tmp_path: Path) -> None:
    model_dir = trained_model_dir()
    rows = [{k: v for k, v in r.items() if k != "tone"} for r in tiny_rows()]
    data = write_csv(tmp_path / "eval.csv", rows)
    result = evaluate(model_dir, data)
    assert set(result) == {"type", "urgency"}
    for head, m in result.items():
        assert set(m) == HEAD_KEYS
        assert m["n"] == len(rows)
        assert 0.0 <= m["accuracy"] <= 1.0 and 0.0 <= m["macro_f1"] <= 1.0
        assert set(m["bands"]) == {"high", "medium", "low"}
        assert abs(sum(b["coverage"] for b in m["bands"].values()) - 1.0) < 1e-3
        for stats in m["per_label"].values():
            assert set(stats) == {"precision", "recall", "f1", "support"}
        assert sum(s["support"] for s in m["per_label"].values()) == len(rows), head
    json.dumps(result)  # the --json output must serialise


def test_evaluate_scores_tone_when_labelled_and_writes_a_report(tmp_path: Path) -> None:
    model_dir = trained_model_dir()
    tiny_csv = write_csv(tmp_path / "tiny.csv", tiny_rows())
    result = evaluate(model_dir, tiny_csv, tmp_path / "report")
    assert set(result) == {"type", "urgency", "tone"}
    page = (tmp_path / "report" / "index.html").read_text()
    for head in result:
        png = tmp_path / "report" / f"confusion-{head}.png"
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert f'src="confusion-{head}.png"' in page


def test_evaluate_ignores_extra_columns_and_unlabelled_cells(tmp_path: Path) -> None:
    model_dir = trained_model_dir()
    rows = tiny_rows()[:30]
    for i, r in enumerate(rows):
        r["ticket_id"] = str(i)
        r["tone"] = r["tone"] if i % 2 else ""
    result = evaluate(model_dir, write_csv(tmp_path / "x.csv", rows))
    assert result["tone"]["n"] == 15 and result["type"]["n"] == 30


@pytest.mark.parametrize(
    ("header", "row", "fragment"),
    [
        (["subject", "body", "type"], ["s", "b", "billing"], "missing column(s) urgency"),
        (
            ["subject", "body", "type", "urgency"],
            ["s", "b", "bill", "high"],
            "row 2: type: unknown label 'bill'",
        ),
    ],
)
def test_training_data_errors_name_file_and_row(
    tmp_path: Path, header: list[str], row: list[str], fragment: str
) -> None:
    path = tmp_path / "bad.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([header, row])
    with pytest.raises(TrainingDataError) as info:
        train(path, tmp_path / "m", progress=False)
    assert fragment in str(info.value) and str(path) in str(info.value)
    assert not (tmp_path / "m" / CARD_FILE).exists()


def test_too_few_labels_is_a_clear_error(tmp_path: Path) -> None:
    rows = [r for r in tiny_rows() if r["type"] == "billing"]
    with pytest.raises(TrainingDataError, match="type: need at least two labels"):
        train(write_csv(tmp_path / "one.csv", rows), tmp_path / "m", progress=False)


def test_evaluate_refuses_a_directory_without_a_model(tmp_path: Path) -> None:
    tiny_csv = write_csv(tmp_path / "tiny.csv", tiny_rows())
    with pytest.raises(ModelFileError):
        evaluate(tmp_path, tiny_csv)


def test_export_training_csv_round_trips(tmp_path: Path) -> None:
    rows: list[dict[str, object]] = [
        {
            "subject": "Hi, there",
            "body": 'Line 1\nLine "2"',
            "type": "Billing",
            "urgency": "high",
            "tone": None,
            "language": "en",
            "ignored": 1,
        },
        {"subject": "Zweite", "body": "Grüße", "type": "general", "urgency": "low", "tone": "neutral"},
    ]
    out = tmp_path / "export" / "labels.csv"
    assert export_training_csv(iter(rows), out) == 2
    data = read_labelled_csv(out)
    assert data.bodies[0] == 'Line 1\nLine "2"' and data.subjects[0] == "Hi, there"
    assert data.labels["type"] == ("billing", "general")
    assert data.labels["tone"] == ("", "neutral")
    assert data.languages == ("en", "")


def test_export_refuses_unknown_labels_and_leaves_no_file(tmp_path: Path) -> None:
    out = tmp_path / "labels.csv"
    with pytest.raises(TrainingDataError, match="row 1: urgency: unknown label 'asap'"):
        export_training_csv([{"subject": "s", "body": "b", "type": "general", "urgency": "asap"}], out)
    assert list(tmp_path.iterdir()) == []
