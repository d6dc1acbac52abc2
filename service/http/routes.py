"""The API routes. Scoring goes through the same `Scorer` as the Kafka loop."""

from __future__ import annotations

import hmac
import logging
from dataclasses import asdict
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from pydantic import BaseModel

from service.contracts import MAX_POSTS_PER_REQUEST, Decision, ScoreRequest, decode_event
from service.errors import (
    InvalidEvent,
    InvalidRequest,
    ModelArtifactError,
    NotAllowed,
    NotReady,
    PayloadTooLarge,
)
from service.http.state import AppState
from service.scoring.backends import decide_posts

router = APIRouter()
log = logging.getLogger(__name__)
MAX_BODY_BYTES = 32 * 1024 * 1024


class ScoreResponse(BaseModel):
    decisions: list[Decision]


def _state(request: Request) -> AppState:
    state: AppState = request.app.state.zeroview
    return state


@router.get("/healthz", tags=["health"])
def healthz() -> dict[str, str]:
    """Liveness: the process answers."""
    return {"status": "alive"}


@router.get("/readyz", tags=["health"], responses={503: {"description": "not ready, with the reasons"}})
def readyz(request: Request) -> JSONResponse:
    """Readiness: the model is loaded, input partitions are assigned and Kafka answers."""
    problems = _state(request).readiness.problems()
    if problems:
        return JSONResponse({"status": "not ready", "problems": problems}, status_code=503)
    return JSONResponse({"status": "ready"})


@router.get("/metrics", tags=["health"], response_class=Response)
def metrics(request: Request) -> Response:
    """Prometheus exposition of every zeroview_* metric."""
    return Response(generate_latest(_state(request).registry), media_type=CONTENT_TYPE_LATEST)


_SCORE_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": ScoreRequest.model_json_schema(by_alias=True)}},
    }
}


@router.post("/v1/score", tags=["scoring"], response_model=ScoreResponse, openapi_extra=_SCORE_BODY)
async def score(request: Request) -> ScoreResponse:
    """Decide a batch of `post.v1` posts (at most 1,000) with the service's model and policy."""
    state = _state(request)
    if state.scoring is None:
        raise NotReady("the model is not loaded yet")
    body = await request.body()
    if len(body) > MAX_BODY_BYTES:
        raise PayloadTooLarge(
            f"request body over {MAX_BODY_BYTES} bytes; send at most "
            f"{MAX_POSTS_PER_REQUEST} posts per request"
        )
    try:
        batch = decode_event(ScoreRequest, body)
    except InvalidEvent as error:
        raise InvalidRequest(error.detail, reason=error.reason) from None
    scoring = state.scoring
    decisions = await run_in_threadpool(decide_posts, scoring, batch.posts)
    return ScoreResponse(decisions=decisions)


@router.get("/v1/model", tags=["model"])
def model_card(request: Request) -> dict[str, Any]:
    """The model card of the model in service: version, thresholds, data hash, metrics."""
    state = _state(request)
    if state.scoring is None:
        raise NotReady("the model is not loaded yet")
    return state.scoring.card


class ValveRequest(BaseModel):
    engaged: bool


def _valve_state(state: AppState) -> dict[str, Any]:
    if state.valve is None:
        return {"enabled": False}
    return {"enabled": True, **asdict(state.valve.state())}


@router.get("/v1/admin/safety-valve", tags=["admin"])
def safety_valve(request: Request) -> dict[str, Any]:
    """The safety valve: engaged or not, the share of removals it watches, its ceiling."""
    return _valve_state(_state(request))


def _admin(request: Request) -> AppState:
    """The app state, for a caller with `Authorization: Bearer <ZEROVIEW_ADMIN_TOKEN>`."""
    state = _state(request)
    if not state.admin_token:
        raise NotAllowed("admin calls are switched off: set ZEROVIEW_ADMIN_TOKEN")
    offered = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
    if not hmac.compare_digest(offered.encode(), state.admin_token.encode()):
        raise NotAllowed("wrong or missing admin token", reason="unauthorized")
    return state


@router.post("/v1/admin/safety-valve", tags=["admin"], responses={403: {"description": "no or wrong token"}})
def set_safety_valve(request: Request, body: ValveRequest) -> dict[str, Any]:
    """Engage the valve (it stays engaged until released) or release it (admin token)."""
    state = _admin(request)
    if state.valve is None:
        raise NotAllowed("the safety valve is switched off (ZEROVIEW_SAFETY_VALVE_ENABLED)")
    state.valve.set_by_operator(body.engaged)
    log.warning("safety valve %s by an operator", "engaged" if body.engaged else "released")
    return _valve_state(state)


class PromoteRequest(BaseModel):
    model_dir: str


@router.post(
    "/v1/admin/model",
    tags=["admin"],
    responses={403: {"description": "no or wrong token"}, 422: {"description": "the model was refused"}},
)
async def promote_model(request: Request, body: PromoteRequest) -> dict[str, Any]:
    """Load the model in `model_dir` beside the live one; once it passes its integrity check and
    smoke test it decides from the next batch on (admin token). A refused model changes nothing."""
    state = _admin(request)
    if state.promotion is None:
        raise NotReady("the moderation loop is not running yet")
    promotion = state.promotion
    try:
        card = await run_in_threadpool(promotion.prepare, Path(body.model_dir))
    except ModelArtifactError as exc:
        raise InvalidRequest(
            f"model refused, the live one keeps serving: {exc}", reason="model_refused"
        ) from exc
    return {"pending": True, "version": card.get("version"), "thresholds": card.get("thresholds")}
