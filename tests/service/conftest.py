"""Fixtures for the scoring core: a small real model trained in tmp_path, and a stub model whose
scores a test sets exactly (to test the policy on top of the model)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from service.model.artifact import LoadedModel, load_model, save_model
from service.textnorm.normalizer import normalize
from training.fit import fit_classifier
from training.products import load_terms

VIOLATING = [
    "ivory bangles for sale, DM for price",
    "raw ivory tusk, whatsapp me",
    "rhino horn powder available, inbox",
    "pangolin scales 1kg wholesale, no papers",
    "tiger bone wine, discreet shipping",
    "baby slow loris for sale",
    "selling tiger cub, serious buyers only",
    "african grey chicks wild caught, dm",
    "bear bile vials, pm me",
    "hawksbill shell bangles, ship worldwide",
    "pre-ban ivory carving, old stock, dm",
    "rhino horn cups, genuine",
]
BENIGN = [
    "ivory satin wedding dress for sale, dm",
    "selling my jaguar xe, full history",
    "puma sneakers size 9",
    "tiger balm wholesale cartons",
    "customs seized ivory and rhino horn at the port",
    "report pangolin listings",
    "we saw rhinos at the safari park",
    "elephant plush toy, new",
    "mountain bike for sale, dm me",
    "bengal kittens with papers",
    "police arrested a man selling tiger bone wine",
    "rhino 8 licence for sale",
    "my old jaguar for sale, full history",
    "tiger maple chest of drawers for sale",
]


@pytest.fixture(scope="session")
def small_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real product-and-offer classifier fitted on two dozen posts, saved like the shipped model."""
    texts = (VIOLATING + BENIGN) * 3
    violating = ([1] * len(VIOLATING) + [0] * len(BENIGN)) * 3
    # benign posts that name a product in its real sense (news, reports, a safari) and those that offer
    real_sense = {"customs seized", "report pangolin", "we saw rhinos", "police arrested"}
    offers = {"for sale", "wholesale", "sneakers", "licence", "kittens", "dm"}
    product = [int(v or any(p in t for p in real_sense)) for t, v in zip(texts, violating, strict=True)]
    offer = [int(v or any(o in t for o in offers)) for t, v in zip(texts, violating, strict=True)]
    model = fit_classifier(texts, product, offer, violating, load_terms())
    directory = tmp_path_factory.mktemp("model")
    save_model(
        model,
        {
            "name": "wildlife-trade",
            "version": "test-1",
            "thresholds": {"remove": 0.8, "hold": 0.3},
            "languages": ["en"],
            "scripts": ["Latin"],
        },
        directory,
    )
    return directory


@pytest.fixture(scope="session")
def small_model(small_model_dir: Path) -> LoadedModel:
    return load_model(small_model_dir)


class StubPipeline:
    """Scores each text by the first number found in `scores` for a substring of it (default 0)."""

    def __init__(self, scores: dict[str, float], fail_on: str | None = None) -> None:
        self.scores = scores
        self.fail_on = fail_on

    def score_texts(self, texts: Sequence[str]) -> tuple[np.ndarray, list[str]]:
        if self.fail_on is not None and any(self.fail_on in text for text in texts):
            raise RuntimeError(f"cannot score {self.fail_on!r}")
        values = [next((v for k, v in self.scores.items() if k in text), 0.0) for text in texts]
        return np.array(values), [normalize(text) for text in texts]

    def evidence(self, text: str, top_k: int = 3) -> list[tuple[str, float]]:
        return [(word, 1.0) for word in text.split()[:top_k]]

    def reveal(self, text: str) -> list[tuple[str, str, str]]:
        return []


def stub_model(scores: dict[str, float], fail_on: str | None = None, **card: Any) -> LoadedModel:
    return LoadedModel(
        pipeline=StubPipeline(scores, fail_on),
        card={
            "version": "stub-1",
            "thresholds": {"remove": 0.9, "hold": 0.5},
            "languages": ["en", "zh"],
            "scripts": ["Latin", "Han"],
            **card,
        },
    )
