"""Promoting a model without a restart: a candidate is checked and smoke-tested beside the live one,
goes live when the loop swaps between batches, and a refused one changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from prometheus_client import CollectorRegistry

from service.errors import ModelArtifactError
from service.health import Readiness
from service.http.app import create_app
from service.http.state import AppState
from service.scoring.backends import Scoring, start_scoring
from service.scoring.promotion import Promotion
from service.settings import Settings
from tests.support.candidate_model import candidate_model, corrupt_model, permissive_model


@pytest.fixture
def settings() -> Settings:
    return Settings(scoring_worker=False)  # in this process: the same checks, no process start-up


def test_a_checked_candidate_goes_live_at_the_swap_and_not_before(settings: Settings, tmp_path: Path) -> None:
    live = start_scoring(settings)
    went_live: list[Scoring] = []
    promotion = Promotion(settings, on_live=went_live.append)
    assert promotion.swap(live) is live, "nothing pending: the live model stays"
    card = promotion.prepare(candidate_model(tmp_path / "candidate", "candidate-1"))
    assert card["version"] == "candidate-1" and went_live == []
    now = promotion.swap(live)
    assert now.card["version"] == "candidate-1" and went_live == [now]
    assert promotion.swap(now) is now, "taken once"


@pytest.mark.parametrize(
    ("make", "why"),
    [
        (corrupt_model, "sha256"),
        (permissive_model, "allows a clear ivory offer"),
        (lambda directory: directory, "not a model directory"),
    ],
)
def test_a_refused_candidate_leaves_the_live_model_serving(
    settings: Settings, tmp_path: Path, make: Callable[[Path], Path], why: str
) -> None:
    live = start_scoring(settings)
    promotion = Promotion(settings)
    with pytest.raises(ModelArtifactError, match=why):
        promotion.prepare(make(tmp_path / "candidate"))
    assert promotion.swap(live) is live


def test_the_admin_call_loads_a_candidate_and_refuses_a_broken_one_with_the_reason(
    settings: Settings, tmp_path: Path
) -> None:
    state = AppState(registry=CollectorRegistry(), readiness=Readiness(), promotion=Promotion(settings))
    client = TestClient(create_app(state))
    body = {"model_dir": str(candidate_model(tmp_path / "good", "candidate-2"))}
    assert client.post("/v1/admin/model", json=body).status_code == 403, "admin calls off without a token"
    state.admin_token = "s3cret"
    assert (
        client.post("/v1/admin/model", json=body, headers={"Authorization": "Bearer nope"}).status_code == 403
    )
    good = client.post("/v1/admin/model", json=body, headers={"Authorization": "Bearer s3cret"})
    assert good.status_code == 200 and good.json()["version"] == "candidate-2" and good.json()["pending"]
    broken = {"model_dir": str(corrupt_model(tmp_path / "broken"))}
    refused = client.post("/v1/admin/model", json=broken, headers={"Authorization": "Bearer s3cret"})
    assert refused.status_code == 422 and "the live one keeps serving" in refused.text
