"""A model on disk: `model.joblib` plus `model-card.json`, whose sha256 is checked before loading.

`model.joblib` holds the classifier's state: numpy arrays and plain values, never pickled classes of
this project, so moving or renaming a module cannot break a shipped model. The check runs before
unpickling: joblib files are pickles, and a file that is not the one we trained must never be
executed.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from service.errors import ModelArtifactError

MODEL_FILE = "model.joblib"
CARD_FILE = "model-card.json"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass(frozen=True)
class LoadedModel:
    """The classifier and its card (version, thresholds, languages, metrics)."""

    pipeline: Any
    card: dict[str, Any]

    @property
    def version(self) -> str:
        return str(self.card["version"])

    @property
    def thresholds(self) -> dict[str, float]:
        return {name: float(value) for name, value in self.card["thresholds"].items()}

    @property
    def languages(self) -> frozenset[str]:
        return frozenset(self.card.get("languages", ()))

    @property
    def scripts(self) -> frozenset[str]:
        return frozenset(self.card.get("scripts", ()))


def save_model(classifier: Any, card: dict[str, Any], model_dir: Path) -> dict[str, Any]:
    """Write the classifier's state and a card that records its sha256; returns the card written."""
    import joblib

    model_dir.mkdir(parents=True, exist_ok=True)
    model_path = model_dir / MODEL_FILE
    joblib.dump(classifier.state(), model_path, compress=("zlib", 3))
    card = {
        **card,
        "model_file": MODEL_FILE,
        "sha256": sha256_of(model_path),
        "size_bytes": model_path.stat().st_size,
    }
    write_card(card, model_dir)
    return card


def write_card(card: dict[str, Any], model_dir: Path) -> None:
    (model_dir / CARD_FILE).write_text(json.dumps(card, indent=2, sort_keys=True, ensure_ascii=False) + "\n")


def read_card(model_dir: Path) -> dict[str, Any]:
    card_path = model_dir / CARD_FILE
    if not card_path.is_file():
        raise ModelArtifactError(f"no model card at {card_path}; train a model with `zeroview train`")
    try:
        card: dict[str, Any] = json.loads(card_path.read_text())
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ModelArtifactError(f"model card {card_path} is not valid JSON: {exc}") from None
    missing = [key for key in ("version", "sha256", "thresholds") if key not in card]
    if missing:
        raise ModelArtifactError(f"model card {card_path} lacks {', '.join(missing)}")
    return card


def load_model(model_dir: Path) -> LoadedModel:
    """Load a model directory, refusing any model file whose bytes differ from its card's sha256."""
    import joblib  # here, not at the top: the service's main process only needs the error class

    card = read_card(model_dir)
    model_path = model_dir / card.get("model_file", MODEL_FILE)
    if not model_path.is_file():
        raise ModelArtifactError(f"model file {model_path} named by the card does not exist")
    actual = sha256_of(model_path)
    if actual != card["sha256"]:
        raise ModelArtifactError(
            f"refusing to load {model_path}: its sha256 is {actual}, but {CARD_FILE} records "
            f"{card['sha256']}. The file was modified or corrupted; restore it from git or retrain."
        )
    from service.model.classifier import FORMAT, ProductOfferClassifier

    state = joblib.load(model_path)
    if not isinstance(state, dict) or state.get("format") != FORMAT:
        found = state.get("format") if isinstance(state, dict) else type(state).__name__
        raise ModelArtifactError(
            f"{model_path} is not a {FORMAT} model (found {found!r}): retrain it with `zeroview train`"
        )
    return LoadedModel(pipeline=ProductOfferClassifier.from_state(state), card=card)
