"""Fault injection: the shipped model with one broken lexicon entry, so that scoring raises for any
text holding a marker (as a model with a corrupt lexicon would), and only for those texts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from service.model.artifact import load_model, save_model
from service.settings import DEFAULT_MODEL_DIR

POISON = "ZEROVIEW-POISON"
FAILURE = "injected scoring failure"  # the broken entry's tier: matching it raises KeyError(FAILURE)


class _State:
    def __init__(self, state: dict[str, Any]) -> None:
        self._state = state

    def state(self) -> dict[str, Any]:
        return self._state


def save_faulty_model(directory: Path) -> Path:
    shipped = load_model(DEFAULT_MODEL_DIR)
    state = shipped.pipeline.state()
    broken = {"text": "zeroview poison", "category": "ivory", "tier": FAILURE, "lang": "en",
              "open_start": False, "open_end": False, "accented": False}  # fmt: skip
    state["terms"] = [*state["terms"], broken]
    card = {
        key: value for key, value in shipped.card.items() if key not in ("sha256", "model_file", "size_bytes")
    }
    save_model(_State(state), {**card, "version": "faulty-test"}, directory)
    return directory
