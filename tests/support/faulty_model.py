"""Fault injection: the shipped classifier, except that scoring raises for texts with a marker."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from service.model_artifact import load_model, save_model
from service.settings import DEFAULT_MODEL_DIR

POISON = "ZEROVIEW-POISON"


class FaultyPipeline:
    def __init__(self, inner: Any) -> None:
        self.inner = inner

    def score_texts(self, texts: Sequence[str]) -> tuple[np.ndarray, list[str]]:
        if any(POISON in text for text in texts):
            raise RuntimeError("injected scoring failure")
        scores: tuple[np.ndarray, list[str]] = self.inner.score_texts(texts)
        return scores

    def evidence(self, text: str, top_k: int = 3) -> list[tuple[str, float]]:
        found: list[tuple[str, float]] = self.inner.evidence(text, top_k)
        return found

    def reveal(self, text: str) -> list[tuple[str, str, str]]:
        changes: list[tuple[str, str, str]] = self.inner.reveal(text)
        return changes


def save_faulty_model(directory: Path) -> Path:
    shipped = load_model(DEFAULT_MODEL_DIR)
    card = {
        key: value for key, value in shipped.card.items() if key not in ("sha256", "model_file", "size_bytes")
    }
    save_model(FaultyPipeline(shipped.pipeline), {**card, "version": "faulty-test"}, directory)
    return directory
