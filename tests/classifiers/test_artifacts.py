"""Model files: the card and the sha256 are checked before anything is unpickled."""

from __future__ import annotations

import json
import pickle
import shutil
from pathlib import Path

import joblib
import pytest
from classifier_fixtures import trained_model_dir

from classifiers import ModelFileError, Triager, load_model, read_card
from classifiers.artifacts import CARD_FILE, MODEL_FILE, _sha256


@pytest.fixture()
def copy(tmp_path: Path) -> Path:
    """A copy of the shared test model that a test may damage."""
    out = tmp_path / "model"
    shutil.copytree(trained_model_dir(), out)
    return out


def edit_card(path: Path, **changes: object) -> None:
    card = json.loads((path / CARD_FILE).read_text())
    card.update(changes)
    (path / CARD_FILE).write_text(json.dumps(card))


class _Sentinel:
    """Unpickling this touches a file: proof that a load happened."""

    def __init__(self, path: str) -> None:
        self.path = path

    def __reduce__(self) -> tuple[object, tuple[()]]:
        return (Path(self.path).touch, ())


def test_a_good_model_loads(copy: Path) -> None:
    model, card = load_model(copy)
    assert set(model.heads) >= {"type", "urgency"}
    assert card["model_file"]["sha256"] == _sha256(copy / MODEL_FILE)


def test_a_tampered_file_is_refused_before_unpickling(copy: Path, tmp_path: Path) -> None:
    sentinel = tmp_path / "unpickled"
    (copy / MODEL_FILE).write_bytes(pickle.dumps(_Sentinel(str(sentinel))))
    with pytest.raises(ModelFileError, match=r"sha256 .* does not match"):
        load_model(copy)
    assert not sentinel.exists()  # the pickle never ran
    with pytest.raises(ModelFileError):
        Triager.load(copy)


def test_one_changed_byte_is_refused(copy: Path) -> None:
    data = bytearray((copy / MODEL_FILE).read_bytes())
    data[len(data) // 2] ^= 0x01
    (copy / MODEL_FILE).write_bytes(bytes(data))
    with pytest.raises(ModelFileError, match="changed or replaced"):
        load_model(copy)


def test_missing_card_unknown_format_and_other_release_are_refused(copy: Path) -> None:
    edit_card(copy, format="someone-elses-model/3")
    with pytest.raises(ModelFileError, match="unknown model format"):
        load_model(copy)
    edit_card(copy, format="mailtriage-model/1", sklearn_version="0.24.2")
    with pytest.raises(ModelFileError, match=r"scikit-learn 0\.24\.2"):
        load_model(copy)
    (copy / CARD_FILE).unlink()
    with pytest.raises(ModelFileError, match="no model card"):
        load_model(copy)
    (copy / CARD_FILE).write_text("{not json")
    with pytest.raises(ModelFileError, match="unreadable"):
        read_card(copy)


def test_a_matching_sha_on_a_foreign_object_is_still_refused(copy: Path) -> None:
    joblib.dump({"not": "a model"}, copy / MODEL_FILE)
    edit_card(copy, model_file={"name": MODEL_FILE, "sha256": _sha256(copy / MODEL_FILE)})
    with pytest.raises(ModelFileError, match="not a mailtriage model"):
        load_model(copy)


def test_missing_model_file(copy: Path) -> None:
    (copy / MODEL_FILE).unlink()
    with pytest.raises(ModelFileError, match="missing"):
        load_model(copy)
