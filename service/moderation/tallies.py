"""A batch of decisions with the tallies the metrics need: what every scoring path returns.

Kept apart from the Scorer so that the loop's process can handle decisions without importing the
model's libraries (the scoring worker holds those).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import get_args

from service.contracts import Action, Decision, Post

ACTIONS = frozenset(get_args(Action))


@dataclass
class Tallies:
    """What the metrics count for a batch once it is committed."""

    actions: Counter[str] = field(default_factory=Counter)
    latencies: list[float] = field(default_factory=list)
    stale: int = 0
    intel_raised: int = 0
    failed: int = 0


@dataclass
class ScoredBatch(Tallies):
    """A batch's decisions and their tallies."""

    decisions: list[Decision] = field(default_factory=list)

    def add(
        self,
        post: Post,
        action: Action,
        score: float,
        model_version: str,
        thresholds: dict[str, float],
        reasons: list[str],
        decided_at: datetime,
        stale_after_seconds: float = float("inf"),
    ) -> None:
        """The decision for one post, its latency from creation, and the tallies it adds to."""
        latency = max(0.0, (decided_at - post.created_at).total_seconds())
        if latency > stale_after_seconds:
            reasons = [
                *reasons,
                f"late: decided {latency:.0f}s after creation (stale after {stale_after_seconds:.0f}s)",
            ]
            self.stale += 1
        if action not in ACTIONS:
            raise ValueError(f"unknown action {action!r}")
        # Built without re-validating what this process just computed (validation was ~9% of scoring
        # time); the casts give exactly the types validation would (tests/service/moderation/test_tallies.py).
        self.decisions.append(
            Decision.model_construct(
                post_id=str(post.post_id),
                action=action,
                score=round(float(score), 4),
                model_version=str(model_version),
                thresholds={str(name): float(value) for name, value in thresholds.items()},
                reasons=[str(reason) for reason in reasons],
                event_created_at=post.created_at,
                decided_at=decided_at,
                decision_latency_seconds=round(latency, 6),
            )
        )
        self.actions[action] += 1
        self.latencies.append(latency)
