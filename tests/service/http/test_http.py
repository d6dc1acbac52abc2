import json
from concurrent.futures import Future
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from prometheus_client import CollectorRegistry

from service.contracts import Post, utc_now
from service.errors import ScoringUnavailable
from service.health import Readiness
from service.http.app import create_app
from service.http.state import AppState
from service.metrics import ServiceMetrics
from service.model.artifact import LoadedModel
from service.moderation.valve import SafetyValve
from service.scoring.backends import InProcessScoring
from service.scoring.rows import ChunkResult
from service.scoring.scorer import Scorer

POST = {
    "post_id": "p-1",
    "created_at": "2026-11-21T12:00:00Z",
    "text": "pangolin scales 1kg wholesale, no papers",
}


@pytest.fixture
def state() -> AppState:
    registry = CollectorRegistry()
    ServiceMetrics(registry)
    return AppState(registry=registry, readiness=Readiness())


def test_healthz_is_live_even_before_the_model_loads(state: AppState) -> None:
    assert TestClient(create_app(state)).get("/healthz").json() == {"status": "alive"}


def test_readyz_names_each_missing_piece_until_all_are_there(
    state: AppState, small_model: LoadedModel
) -> None:
    client = TestClient(create_app(state))
    answer = client.get("/readyz")
    assert answer.status_code == 503
    assert answer.json()["problems"] == [
        "model not loaded",
        "no input partitions assigned",
        "kafka: not reached yet",
    ]
    state.readiness.model_loaded("v1")
    state.readiness.partitions_assigned(frozenset({"posts.new-0"}))
    assert client.get("/readyz").json()["problems"] == ["kafka: not reached yet"]
    state.readiness.kafka_ok()
    assert client.get("/readyz").status_code == 200
    state.readiness.kafka_failed("NoBrokersAvailable")
    assert client.get("/readyz").json()["problems"] == ["kafka: NoBrokersAvailable"]


def test_score_uses_the_same_core_as_kafka_and_the_cli(state: AppState, small_model: LoadedModel) -> None:
    # One instant for both scorers: a "late: decided N s after creation" reason must not differ
    # because the two calls straddled a second.
    now = utc_now()
    state.scoring = InProcessScoring(Scorer(small_model, clock=lambda: now), small_model.card, "hold")
    answer = TestClient(create_app(state)).post(
        "/v1/score", content=json.dumps({"posts": [POST, {**POST, "post_id": "p-2"}]})
    )
    assert answer.status_code == 200
    decisions = answer.json()["decisions"]
    assert [d["post_id"] for d in decisions] == ["p-1", "p-2"]
    direct = (
        Scorer(small_model, clock=lambda: now)
        .decide([Post.model_validate(POST)])
        .decisions[0]
        .model_dump(mode="json", by_alias=True)
    )
    unchanging = set(direct) - {"decided_at", "decision_latency_seconds"}
    assert {k: decisions[0][k] for k in unchanging} == {k: direct[k] for k in unchanging}
    assert decisions[0]["schema"] == "decision.v1" and decisions[0]["model_version"] == "test-1"


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"not json", "invalid_json"),
        (json.dumps({"posts": []}).encode(), "invalid_value"),
        (
            json.dumps({"posts": [{"post_id": 1, "created_at": "2026-11-21T12:00:00Z"}]}).encode(),
            "wrong_type",
        ),
        (json.dumps({"posts": [POST] * 1001}).encode(), "invalid_value"),
    ],
)
def test_bad_score_requests_get_422_with_the_reason(
    state: AppState, small_model: LoadedModel, body: bytes, reason: str
) -> None:
    state.scoring = InProcessScoring(Scorer(small_model), small_model.card, "hold")
    answer = TestClient(create_app(state)).post("/v1/score", content=body)
    assert answer.status_code == 422
    assert answer.json()["reason"] == reason and answer.json()["error"]


def test_score_and_model_answer_503_before_the_model_loads(state: AppState) -> None:
    client = TestClient(create_app(state))
    assert client.post("/v1/score", content=json.dumps({"posts": [POST]})).status_code == 503
    assert client.get("/v1/model").status_code == 503


def test_model_card_metrics_and_docs(
    state: AppState, small_model: LoadedModel, small_model_dir: Path
) -> None:
    state.scoring = InProcessScoring(Scorer(small_model), small_model.card, "hold")
    client = TestClient(create_app(state))
    card = client.get("/v1/model").json()
    assert (
        card["version"] == "test-1"
        and card["sha256"] == json.loads((small_model_dir / "model-card.json").read_text())["sha256"]
    )
    metrics = client.get("/metrics").text
    assert 'zeroview_decisions_total{action="remove"} 0.0' in metrics
    assert client.get("/docs").status_code == 200
    schema = client.get("/openapi.json").json()
    assert (
        "posts"
        in schema["paths"]["/v1/score"]["post"]["requestBody"]["content"]["application/json"]["schema"][
            "properties"
        ]
    )


class _DeadWorker:
    """Scoring whose worker has exited: every chunk fails as the real proxy's do."""

    def __init__(self) -> None:
        self.card: dict[str, object] = {"version": "v1", "thresholds": {}}
        self.fail_mode = "hold"
        self.parallelism = 1
        self.degraded = False

    def submit(self, rows: object) -> Future[ChunkResult]:
        future: Future[ChunkResult] = Future()
        future.set_exception(ScoringUnavailable("the scoring worker exited", worker_exited=True))
        return future

    def restart(self) -> None: ...

    def stop(self) -> None: ...


def test_score_answers_503_with_the_reason_when_the_scoring_worker_is_gone(state: AppState) -> None:
    state.scoring = _DeadWorker()
    answer = TestClient(create_app(state)).post("/v1/score", content=json.dumps({"posts": [POST]}))
    assert answer.status_code == 503
    assert answer.json() == {"error": "the scoring worker exited", "reason": "worker_exited"}


def test_the_safety_valve_answers_only_an_operator_with_the_token(state: AppState) -> None:
    client = TestClient(create_app(state))
    assert client.get("/v1/admin/safety-valve").json() == {"enabled": False}
    state.valve = SafetyValve(ceiling=0.2, window_seconds=60, min_decisions=100)
    answer = client.post("/v1/admin/safety-valve", json={"engaged": True})
    assert answer.status_code == 403 and "ZEROVIEW_ADMIN_TOKEN" in answer.json()["error"]
    state.admin_token = "s3cret"
    wrong = client.post(
        "/v1/admin/safety-valve", json={"engaged": True}, headers={"Authorization": "Bearer nope"}
    )
    assert wrong.status_code == 403 and not state.valve.state().engaged
    right = client.post(
        "/v1/admin/safety-valve", json={"engaged": True}, headers={"Authorization": "Bearer s3cret"}
    )
    assert right.status_code == 200 and right.json()["engaged"] and right.json()["operator"]
    assert client.get("/v1/admin/safety-valve").json()["engaged"] is True
