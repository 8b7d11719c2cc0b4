"""The default model: trained from the bundled seed corpus on first use, cached, reused afterwards."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import tempfile
from pathlib import Path

import sklearn

from .artifacts import load_model, read_card
from .data import file_sha256
from .model import RECIPE
from .types import ModelFileError

SEED = Path(__file__).resolve().parent / "seed" / "seed.csv"


def _code_sha() -> str:
    """A fingerprint of this package's code: a model pickled by other code may not load (or mean the same)."""
    digest = hashlib.sha256()
    for source in sorted(Path(__file__).resolve().parent.glob("*.py")):
        digest.update(source.name.encode() + b"\0" + source.read_bytes())
    return digest.hexdigest()


def _cache_dir(seed_sha: str) -> Path:
    env = os.environ.get("MAILTRIAGE_MODEL_DIR")
    if env:
        return Path(env).expanduser()
    key = hashlib.sha256((seed_sha + _code_sha()).encode()).hexdigest()[:12]
    return Path.home() / ".cache" / "mailtriage" / "models" / f"default-{key}"


def _usable(model_dir: Path, seed_sha: str) -> bool:
    try:
        card = read_card(model_dir)
    except ModelFileError:
        return False
    same_minor = str(card["sklearn_version"]).split(".")[:2] == sklearn.__version__.split(".")[:2]
    return card["training_data"].get("sha256") == seed_sha and same_minor and card.get("recipe") == RECIPE


def _replaceable(model_dir: Path) -> bool:
    """Only a default model (trained on a seed.csv) or a broken directory may be replaced."""
    try:
        return bool(read_card(model_dir)["training_data"].get("file") == SEED.name)
    except ModelFileError:
        return not (model_dir / "model.joblib").exists()


def default_model_dir(seed: Path = SEED) -> Path:
    """The directory of the default model, building it from ``seed`` first if needed.

    The model goes to ``$MAILTRIAGE_MODEL_DIR`` if set, else ``~/.cache/mailtriage/models/default-<key>``,
    the key being 12 hex of a sha256 over the seed and this package's code. It is trained into a
    temporary directory beside it and renamed into place, so a crash or a second process building at
    the same time never leaves half a model. A cached model from another seed, scikit-learn release or
    training recipe is rebuilt. Raises ModelFileError if the seed corpus is missing.
    """
    from .train import train  # heavy; only needed on the first call

    if not seed.is_file():
        raise ModelFileError(f"{seed}: the bundled seed corpus is missing; reinstall mailtriage")
    sha = file_sha256(seed)
    target = _cache_dir(sha)
    if _usable(target, sha):
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.building-", dir=target.parent))
    try:
        train(seed, tmp, progress=False, starter=True)
        load_model(tmp)  # refuse to install a model we could not load back
        if target.exists() and any(target.iterdir()) and not _replaceable(target):
            raise ModelFileError(
                f"{target}: holds a model not trained on the seed corpus; refusing to overwrite it "
                "(unset MAILTRIAGE_MODEL_DIR or point it at an empty directory)"
            )
        if target.exists():  # stale (other seed or release) or broken: move it aside, then replace
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
            with contextlib.suppress(OSError):  # another process replaced it first
                os.replace(target, old / "model")
        try:
            os.replace(tmp, target)
        except OSError:
            if not _usable(target, sha):  # lost a race only if the winner's model is good
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        for old in target.parent.glob(f".{target.name}.old-*"):
            shutil.rmtree(old, ignore_errors=True)
    return target
