"""A batch's decisions are built without validation: they must be what validation would build."""

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from service.contracts import Decision, Post
from service.moderation.tallies import ScoredBatch

CREATED = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


def _post() -> Post:
    return Post(post_id="p-1", created_at=CREATED, text="Selling ivory bangles, DM")


def test_a_decision_is_exactly_what_validation_would_build() -> None:
    batch = ScoredBatch()
    decided_at = CREATED + timedelta(seconds=0.25)
    batch.add(
        _post(), "hold", np.float64(0.123456), "2026-12-07.2", {"remove": np.float32(0.6), "hold": 0.01},
        ["strongest evidence: 'ivory'"], decided_at,
    )  # fmt: skip
    (built,) = batch.decisions
    validated = Decision.model_validate(built.model_dump(by_alias=True))
    assert built == validated
    assert type(built.score) is float and built.score == 0.1235
    assert all(type(value) is float for value in built.thresholds.values())
    assert Decision.model_validate_json(built.to_json_bytes()) == validated
    assert batch.actions["hold"] == 1 and batch.latencies == [0.25]


def test_an_unknown_action_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown action"):
        ScoredBatch().add(_post(), "delete", 0.5, "v", {}, [], CREATED)  # type: ignore[arg-type]
