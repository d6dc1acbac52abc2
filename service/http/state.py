"""What the HTTP routes share with the rest of the process."""

from __future__ import annotations

from dataclasses import dataclass

from prometheus_client import CollectorRegistry

from service.health import Readiness
from service.moderation.valve import SafetyValve
from service.scoring.backends import Scoring
from service.scoring.promotion import Promotion


@dataclass
class AppState:
    registry: CollectorRegistry
    readiness: Readiness
    scoring: Scoring | None = None  # set once the model is loaded (in the scoring workers, usually)
    valve: SafetyValve | None = None
    admin_token: str | None = None  # admin calls are refused without one
    promotion: Promotion | None = None  # set once the loop runs: where POST /v1/admin/model loads a model
